// The study-like fixture of tests/stats/audit.sh: a few hundred synthetic responses of a
// questionnaire with group, country, size, a "don't know" option, a skipped section, a
// select_multiple, a repeat, written through the real SQLite store and loaded by the real loader;
// then every figure the analyst sees (frequencies with Wilson intervals, weighted percentages with
// design-based intervals, cross-tabs, raking, the weights' design effect, repeat tables) and the
// published view of suppressed tables, for audit_compare.R to recompute with R's survey package.
//
// The generator writes what it generated (truth.csv, truth_mc.csv) itself, not what mcsurvey loaded,
// so the R side starts from the answers and not from our reading of them.
//   audit_check DIR  →  DIR/truth.csv, truth_mc.csv, margins_*.csv, ours.csv, tables.csv
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include "form/form.h"
#include "stats/dataset.h"
#include "stats/merge.h"
#include "stats/stats.h"
#include "stats/suppress.h"
#include "stats/weights.h"
#include "storage/storage.h"
#include "check_study.h"

using namespace mcs;  // NOLINT(google-build-using-namespace): a test program
using check::Num;

namespace {

// Section C (mc_kind) applies only to those who offer microcredentials; the repeat only to those who
// know some. "dk" is a substantive answer (in the base); a skipped or unanswered question is not.
constexpr const char* kForm =
    "| survey  | type                 | name     | label            | relevant            | required |\n"
    "|         | select_one grp       | group    | Group            |                     | yes      |\n"
    "|         | select_one cty       | country  | Country          |                     | yes      |\n"
    "|         | select_one size      | size     | Size             |                     | yes      |\n"
    "|         | select_one aw        | aware    | Aware            |                     |          |\n"
    "|         | select_one yn        | offers   | Offers           |                     | yes      |\n"
    "|         | select_one kind      | mc_kind  | Kind             | ${offers} = 'yes'   |          |\n"
    "|         | select_multiple trm  | terms    | Terms            |                     |          |\n"
    "|         | text                 | terms_other | Other term    | selected(${terms}, 'other') |  |\n"
    "|         | begin_repeat         | mc       | Microcredential  | ${aware} = 'yes'    |          |\n"
    "|         | select_one eqf       | eqf      | EQF level        |                     |          |\n"
    "|         | end_repeat           |          |                  |                     |          |\n"
    "| choices | list_name | name   | label  |\n"
    "|         | grp       | emp    | Employers |\n"
    "|         | grp       | prov   | Providers |\n"
    "|         | grp       | auth   | Authorities |\n"
    "|         | grp       | unions | Unions |\n"
    "|         | cty       | DE     | Germany |\n"
    "|         | cty       | FR     | France |\n"
    "|         | cty       | PL     | Poland |\n"
    "|         | cty       | MT     | Malta |\n"
    "|         | cty       | IS     | Iceland |\n"
    "|         | cty       | UA     | Ukraine |\n"
    "|         | size      | micro  | Micro |\n"
    "|         | size      | small  | Small |\n"
    "|         | size      | medium | Medium |\n"
    "|         | size      | large  | Large |\n"
    "|         | aw        | yes    | Yes |\n"
    "|         | aw        | no     | No |\n"
    "|         | aw        | dk     | Don't know |\n"
    "|         | yn        | yes    | Yes |\n"
    "|         | yn        | no     | No |\n"
    "|         | kind      | badge  | Badge |\n"
    "|         | kind      | cert   | Certificate |\n"
    "|         | kind      | other  | Other |\n"
    "|         | trm       | mc     | Microcredential |\n"
    "|         | trm       | badge  | Digital badge |\n"
    "|         | trm       | nano   | Nanodegree |\n"
    "|         | trm       | other  | Other |\n"
    "|         | eqf       | l4     | Level 4 |\n"
    "|         | eqf       | l5     | Level 5 |\n"
    "|         | eqf       | l6     | Level 6 |\n"
    "|         | eqf       | dk     | Don't know |\n"
    "| settings | form_id |\n"
    "|          | sa      |\n";

// Population margins: post-stratification by group; raking by group and size.
constexpr const char* kPs = "variable,category,population\ngroup,emp,40000\ngroup,prov,9000\ngroup,auth,600\ngroup,unions,1400\n";
constexpr const char* kRake =
    "variable,category,population\ngroup,emp,40000\ngroup,prov,9000\ngroup,auth,600\ngroup,unions,1400\n"
    "size,micro,30000\nsize,small,12000\nsize,medium,6000\nsize,large,3000\n";

}  // namespace

int main(int argc, char** argv) {
  check::CheckStudy study;
  int exit_code = 0;
  if (!check::OpenCheckStudy(argc, argv, "audit_check", kForm, "sa", study, exit_code)) return exit_code;
  const std::string& dir = study.dir;
  const auto& f = study.form;
  auto& store = study.store;
  check::Lcg lcg(20261206);
  auto next = [&](unsigned m) { return lcg.Next() % m; };
  auto pick = [&](const std::vector<const char*>& v) { return std::string(v[next(static_cast<unsigned>(v.size()))]); };
  std::ofstream truth(dir + "/truth.csv"), truth_mc(dir + "/truth_mc.csv");
  truth << "id,group,country,size,aware,offers,mc_kind,terms_mc,terms_badge,terms_nano,terms_other\n";
  truth_mc << "id,group,eqf\n";
  const int kResponses = 360;
  for (int i = 0; i < kResponses; ++i) {
    // Unequal groups and sizes (so the weights differ), rare countries (so cells get suppressed).
    const std::string group = pick({"emp", "emp", "emp", "prov", "prov", "prov", "prov", "auth", "unions", "unions"});
    const std::string country = next(40) == 0 ? "MT" : next(30) == 0 ? "IS" : pick({"DE", "DE", "FR", "PL", "UA"});
    const std::string size = group == "emp" ? pick({"micro", "small", "small", "medium", "large"})
                                            : pick({"micro", "small", "medium", "medium", "large", "large"});
    const std::string aware = next(12) == 0 ? "" : group == "prov" ? pick({"yes", "yes", "yes", "no", "dk"}) : pick({"yes", "no", "dk", "dk"});
    const std::string offers = group == "prov" ? pick({"yes", "yes", "no"}) : pick({"yes", "no", "no", "no"});
    const std::string kind = offers == "yes" && next(10) != 0 ? pick({"badge", "cert", "cert", "other"}) : "";
    std::string json = "{\"group\":\"" + group + "\",\"country\":\"" + country + "\",\"size\":\"" + size +
                       "\",\"offers\":\"" + offers + "\"";
    if (!aware.empty()) json += ",\"aware\":\"" + aware + "\"";
    if (!kind.empty()) json += ",\"mc_kind\":\"" + kind + "\"";
    std::string terms;
    bool t[4] = {false, false, false, false};
    const bool answered_terms = next(6) != 0;
    if (answered_terms) {
      static const char* kTerms[] = {"mc", "badge", "nano", "other"};
      static const unsigned kOdds[] = {2, 3, 9, 12};  // chosen with probability 1/odds
      for (int k = 0; k < 4; ++k) t[k] = next(kOdds[k]) == 0;
      if (!(t[0] || t[1] || t[2] || t[3])) t[0] = true;
      for (int k = 0; k < 4; ++k)
        if (t[k]) terms += (terms.empty() ? "" : " ") + std::string(kTerms[k]);
      json += ",\"terms\":\"" + terms + "\"";
      if (t[3]) json += ",\"terms_other\":\"Kurzzeitzertifikat, \\\"Mikro\\\"\"";
    }
    if (aware == "yes") {
      const unsigned n = next(4);  // 0..3 instances
      if (n > 0) {
        json += ",\"mc\":[";
        for (unsigned k = 0; k < n; ++k) {
          const std::string eqf = next(8) == 0 ? "" : pick({"l4", "l5", "l5", "l6", "dk"});
          json += std::string(k ? "," : "") + (eqf.empty() ? "{}" : "{\"eqf\":\"" + eqf + "\"}");
          truth_mc << i << "," << group << "," << (eqf.empty() ? "NA" : eqf) << "\n";
        }
        json += "]";
      }
    }
    json += "}";
    auto na = [](const std::string& s) { return s.empty() ? std::string("NA") : s; };
    truth << i << "," << group << "," << country << "," << size << "," << na(aware) << "," << offers << ","
          << (offers == "yes" ? na(kind) : "NA");
    for (bool c : t) truth << "," << (answered_terms ? (c ? "1" : "0") : "NA");
    truth << "\n";
    if (!check::InsertComplete(study, "sa" + std::to_string(i), json, 1767225600000 + i * 1000)) return 1;
  }
  truth.close();
  truth_mc.close();
  std::ofstream(dir + "/margins_ps.csv") << kPs;
  std::ofstream(dir + "/margins_rake.csv") << kRake;

  stats::LoadOptions lo;
  lo.repeats = true;
  auto ds = stats::Load(*store, *f, lo);
  if (!ds.ok()) {
    std::cerr << ds.error().message << "\n";
    return 1;
  }
  // design,table,code,statistic,value: one figure each, matched by name in audit_compare.R.
  std::ofstream ours(dir + "/ours.csv");
  ours << "design,table,code,statistic,value\n";
  auto put = [&](const std::string& design, const std::string& table, const std::string& code, const std::string& stat,
                 double v) { ours << design << "," << table << "," << code << "," << stat << "," << Num(v) << "\n"; };
  auto freq = [&](const std::string& design, const stats::FreqTable& t) {
    put(design, t.var, "", "base", static_cast<double>(t.n));
    put(design, t.var, "", "missing", static_cast<double>(t.missing));
    for (const auto& r : t.rows) {
      put(design, t.var, r.code, "n", static_cast<double>(r.n));
      put(design, t.var, r.code, "pct", r.pct);
      put(design, t.var, r.code, "lo", r.ci.lo);
      put(design, t.var, r.code, "hi", r.ci.hi);
    }
  };
  // Unweighted: what the report, the console and the public page show.
  for (const char* name : {"group", "country", "size", "aware", "mc_kind"}) freq("none", stats::Frequencies(*ds->Find(name)));
  freq("none", stats::MultipleResponse(*ds, "terms"));
  {
    const stats::CrossTab c = stats::Cross(*ds->Find("aware"), *ds->Find("group"));
    for (std::size_t r = 0; r < c.rows(); ++r)
      for (std::size_t k = 0; k < c.cols(); ++k) {
        put("none", "aware_by_group", c.row_codes[r] + "|" + c.col_codes[k], "n", static_cast<double>(c.n[r * c.cols() + k]));
        put("none", "aware_by_group", c.row_codes[r] + "|" + c.col_codes[k], "colpct", c.ColPct(r, k));
      }
  }
  // Categories merged before suppressing (issue 23): micro and small as one, in the select_one and,
  // for the select_multiple, badge and nano as one column (chosen when either was).
  {
    auto merged = stats::Load(*store, *f, {});
    auto ms = stats::ParseMerges("question,label,choices\nsize,under 50,micro,small\nterms,badge or nano,badge,nano\n");
    if (!merged.ok() || !ms.ok() || !stats::CheckMerges(*f, *ms).ok()) {
      std::cerr << "merges: " << (ms.ok() ? "not applied" : ms.error().message) << "\n";
      return 1;
    }
    stats::ApplyMerges(*merged, *ms);
    stats::FreqTable t = stats::Frequencies(*merged->Find("size"));
    t.var = "size_merged";
    freq("none", t);
    stats::FreqTable m = stats::MultipleResponse(*merged, "terms");
    m.var = "terms_merged";
    freq("none", m);
  }
  // The repeat, per instance (unweighted, as the report).
  for (const auto& rep : ds->repeats)
    if (rep.name == "mc") freq("none", stats::Frequencies(*rep.instances.Find("eqf")));

  // Weighted: the report's weighted percentage and its design-based interval (stats::DesignCi).
  for (const auto& [design, csv] : {std::pair{"ps", kPs}, std::pair{"rake", kRake}}) {
    auto m = stats::ParseMargins(csv);
    auto wt = stats::ComputeWeights(*ds, *m);
    if (!m.ok() || !wt.ok()) {
      std::cerr << (m.ok() ? wt.error().message : m.error().message) << "\n";
      return 1;
    }
    {
      std::ofstream wf(dir + "/weights_" + design + ".csv");
      wf << "w\n";
      for (double w : wt->w) wf << Num(w) << "\n";
    }
    const stats::WeightSummary ws = stats::Summarise(*wt);
    put(design, "weights", "", "deff", ws.deff);
    put(design, "weights", "", "min", ws.min);
    put(design, "weights", "", "max", ws.max);
    for (const char* name : {"aware", "mc_kind", "country"}) {
      const stats::Variable& v = *ds->Find(name);
      const stats::FreqTable t = stats::Frequencies(v, {}, wt->w);
      for (std::size_t k = 0; k < v.codes.size(); ++k) {
        const stats::Estimate e = stats::MeanSe(stats::Indicator(v, static_cast<std::int32_t>(k)), *wt);
        const stats::Interval ci = stats::DesignCi(e);
        put(design, name, v.codes[k], "pct", t.rows[k].pct);
        put(design, name, v.codes[k], "se", 100 * e.se);
        put(design, name, v.codes[k], "lo", 100 * ci.lo);
        put(design, name, v.codes[k], "hi", 100 * ci.hi);
      }
    }
    const stats::FreqTable mr = stats::MultipleResponse(*ds, "terms", {}, wt->w);
    for (const auto& r : mr.rows) {
      const stats::Interval ci = stats::DesignCi(stats::MeanSe(stats::Indicator(*ds->Find("terms/" + r.code), 1), *wt));
      put(design, "terms", r.code, "pct", r.pct);
      put(design, "terms", r.code, "lo", 100 * ci.lo);
      put(design, "terms", r.code, "hi", 100 * ci.hi);
    }
    const stats::CrossTab c = stats::Cross(*ds->Find("aware"), *ds->Find("group"), {}, wt->w);
    for (std::size_t r = 0; r < c.rows(); ++r)
      for (std::size_t k = 0; k < c.cols(); ++k)
        put(design, "aware_by_group", c.row_codes[r] + "|" + c.col_codes[k], "colpct", c.ColPct(r, k));
  }

  // Published views of suppressed tables (k = 5): each cell's count or H (hidden), each total or H.
  // The fixture's own cross-tabs, then random sparse tables, for the attacker in audit_compare.R.
  std::ofstream tables(dir + "/tables.csv");
  tables << "table,rows,cols,k,cells,row_totals,col_totals,grand\n";
  int table_no = 0;
  auto publish = [&](const std::vector<long long>& n, std::size_t R, std::size_t C, int k, bool row_totals, bool col_totals) {
    const stats::Suppression s = stats::Suppress(n, R, C, k, row_totals, col_totals);
    auto join = [](std::size_t len, auto at) {
      std::string out;
      for (std::size_t i = 0; i < len; ++i) out += (i ? " " : "") + at(i);
      return out;
    };
    tables << ++table_no << "," << R << "," << C << "," << k << ","
           << join(R * C, [&](std::size_t i) { return s.cell[i] ? std::string("H") : std::to_string(n[i]); }) << ",";
    auto total = [&](bool published, bool hidden, long long sum) {
      return !published ? std::string("-") : hidden ? std::string("H") : std::to_string(sum);
    };
    tables << join(R, [&](std::size_t r) {
      long long sum = 0;
      for (std::size_t c = 0; c < C; ++c) sum += n[r * C + c];
      return total(row_totals, s.row_total[r], sum);
    }) << ",";
    tables << join(C, [&](std::size_t c) {
      long long sum = 0;
      for (std::size_t r = 0; r < R; ++r) sum += n[r * C + c];
      return total(col_totals, s.col_total[c], sum);
    }) << ",";
    long long grand = 0;
    for (long long x : n) grand += x;
    // The grand total (the table's n in the report), hidden under k as every count is.
    tables << (!(row_totals && col_totals) ? std::string("-") : grand > 0 && grand < k ? std::string("H") : std::to_string(grand))
           << "\n";
  };
  for (const auto& [a, b] : {std::pair{"country", "group"}, std::pair{"size", "country"}, std::pair{"mc_kind", "country"}}) {
    stats::CrossTab c = stats::Cross(*ds->Find(a), *ds->Find(b));
    publish(c.n, c.rows(), c.cols(), 5, true, true);
  }
  // The report's question with --by: its frequency table (the row totals) and its cross-tab, suppressed
  // together, published together.
  auto publish_linked = [&](const stats::Variable& v, const stats::Variable& by, int k) {
    stats::FreqTable t = stats::Frequencies(v);
    stats::CrossTab c = stats::Cross(v, by);
    if (!stats::SuppressLinked(t, c, k)) return false;
    const std::size_t R = c.rows(), C = c.cols();
    std::string cells, rows, cols;
    for (std::size_t i = 0; i < R * C; ++i)
      cells += (i ? " " : "") + (c.suppressed[i] ? std::string("H") : std::to_string(c.n[i]));
    for (std::size_t r = 0; r < R; ++r) rows += (r ? " " : "") + (t.rows[r].suppressed ? std::string("H") : std::to_string(t.rows[r].n));
    for (std::size_t j = 0; j < C; ++j) cols += (j ? " " : "") + (c.col_n_suppressed[j] ? std::string("H") : std::to_string(c.col_n[j]));
    tables << ++table_no << "," << R << "," << C << "," << k << "," << cells << "," << rows << "," << cols << ","
           << (t.total_suppressed ? std::string("H") : std::to_string(t.n)) << "\n";
    return true;
  };
  for (const auto& [a, b] : {std::pair{"country", "group"}, std::pair{"size", "country"}, std::pair{"aware", "group"}}) {
    if (!publish_linked(*ds->Find(a), *ds->Find(b), 5)) {  // group and country are answered by everyone
      std::cerr << a << " by " << b << ": not linked\n";
      return 1;
    }
  }
  for (const char* name : {"country", "mc_kind", "aware"}) {  // a frequency table: one row and its total
    stats::FreqTable t = stats::Frequencies(*ds->Find(name));
    std::vector<long long> n;
    for (const auto& r : t.rows) n.push_back(r.n);
    publish(n, 1, n.size(), 5, true, false);
  }
  for (int t = 0; t < 400; ++t) {
    const std::size_t R = 1 + next(5), C = 2 + next(5);
    std::vector<long long> n(R * C);
    for (auto& x : n) x = next(3) == 0 ? 0 : next(2) == 0 ? 1 + next(4) : 1 + next(25);
    publish(n, R, C, 5, true, R > 1);
  }
  // Random questions by random groups, linked as the report publishes them.
  for (int t = 0; t < 200; ++t) {
    const std::size_t K = 2 + next(4), G = 2 + next(4), rows = 20 + next(60);
    stats::Variable v, by;
    v.kind = by.kind = stats::VarKind::kCategory;
    v.name = "v";
    by.name = "by";
    for (std::size_t k = 0; k < K; ++k) v.codes.push_back("c" + std::to_string(k));
    for (std::size_t g = 0; g < G; ++g) by.codes.push_back("g" + std::to_string(g));
    v.code_labels = v.codes;
    by.code_labels = by.codes;
    for (std::size_t i = 0; i < rows; ++i) {  // skewed: late categories and groups are rare
      v.cat.push_back(static_cast<std::int32_t>(std::min(next(static_cast<unsigned>(K)), next(static_cast<unsigned>(K)))));
      by.cat.push_back(static_cast<std::int32_t>(std::min(next(static_cast<unsigned>(G)), next(static_cast<unsigned>(G)))));
    }
    if (!publish_linked(v, by, 5)) return 1;
  }
  std::cout << "audit_check: " << ds->rows() << " responses, " << table_no << " suppressed tables in " << dir << "\n";
  return ours.flush() && tables.flush() ? 0 : 1;
}
