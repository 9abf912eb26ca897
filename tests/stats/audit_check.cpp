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
#include <set>
#include <tuple>

#include "check_study.h"
#include "form/form.h"
#include "stats/dataset.h"
#include "stats/linked.h"
#include "stats/merge.h"
#include "stats/stats.h"
#include "stats/suppress.h"
#include "stats/weights.h"
#include "storage/storage.h"

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
constexpr const char* kPs =
    "variable,category,population\ngroup,emp,40000\ngroup,prov,9000\ngroup,auth,600\ngroup,unions,1400\n";
constexpr const char* kRake =
    "variable,category,population\ngroup,emp,40000\ngroup,prov,9000\ngroup,auth,600\ngroup,unions,1400\n"
    "size,micro,30000\nsize,small,12000\nsize,medium,6000\nsize,large,3000\n";

// Every count the documents of a linked set print, across documents: shown by one, it is shown (a
// count is hidden only if every document printing it hides it); a count no document prints is a
// reader's unknown (at least 0). Equations: "this count is the sum of those".
struct Pub {
  std::map<std::string, std::size_t> id;
  std::vector<std::tuple<std::string, long long, bool, bool>> rows;  // key, value, published, hidden
  std::vector<std::pair<std::size_t, std::vector<std::size_t>>> eqs;
  std::size_t Node(const std::string& name, long long v, bool published, bool hidden) {
    auto [it, fresh] = id.emplace(name, rows.size());
    if (fresh) {
      rows.emplace_back(name, v, published, published && hidden);
    } else if (published) {
      auto& r = rows[it->second];
      std::get<3>(r) = std::get<2>(r) ? (std::get<3>(r) && hidden) : hidden;
      std::get<2>(r) = true;
    }
    return it->second;
  }
  bool Has(const std::string& name) const { return id.count(name) > 0; }
  std::size_t Ref(const std::string& name) const { return id.at(name); }
  long long Value(const std::string& name) const { return std::get<1>(rows[id.at(name)]); }
  void Sum(std::size_t total, std::vector<std::size_t> parts) { eqs.emplace_back(total, std::move(parts)); }
  // A plan's systems as its documents print them (printed(question, key) says which), the margins as
  // the plan finally hides them; node names as the linked sets name them, after `prefix`.
  template <typename Printed>
  void AddPlan(const std::string& prefix, const stats::FormPlan& plan, Printed printed) {
    for (const auto& [q, t] : plan.questions) {
      stats::Linked l = t.linked;
      for (std::size_t m = 0; m < plan.margins.size(); ++m) {
        const std::string js = std::to_string(m);  // the margins are the plan's first breakdowns
        auto set = [&](const std::string& key, bool hidden) {
          auto it = l.keys().find(key);
          if (it != l.keys().end()) l.nodes[it->second].hidden = hidden;
        };
        for (std::size_t r = 0; r < plan.margins[m].rows.size(); ++r)
          set(js + ":all:" + std::to_string(r), plan.margins[m].rows[r].suppressed);
        set(js + ":all:base", plan.margins[m].total_suppressed);
        set(js + ":all:m", plan.margins[m].missing_suppressed);
      }
      std::vector<std::size_t> map(l.nodes.size());
      for (const auto& [key, i] : l.keys()) {
        const bool shared = key == "N" || key.find(":all:") != std::string::npos;
        const auto& x = l.nodes[i];
        map[i] = Node(prefix + (shared ? key : q + "|" + key), x.n, x.published && printed(q, key), x.hidden);
      }
      for (const auto& e : l.equations) {
        std::vector<std::size_t> parts;
        for (std::size_t p : e.parts) parts.push_back(map[p]);
        Sum(map[e.total], std::move(parts));
      }
    }
  }
};

// A key of a cross-tab's cell or column by breakdown j < `below` (not a margin's count).
bool BreakdownCell(const std::string& key, std::size_t below) {
  const std::size_t colon = key.find(':');
  if (colon == std::string::npos || key.find(":all:") != std::string::npos) return false;
  const std::string j = key.substr(0, colon);
  return !j.empty() && std::all_of(j.begin(), j.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
         static_cast<std::size_t>(std::stoul(j)) < below;
}

}  // namespace

int main(int argc, char** argv) {
  check::CheckStudy study;
  int exit_code = 0;
  if (!check::OpenCheckStudy(argc, argv, "audit_check", kForm, "sa", study, exit_code)) return exit_code;
  const std::string& dir = study.dir;
  const auto& f = study.form;
  auto& store = study.store;
  check::Lcg lcg(20261206);
  check::Lcg lcg2(20261207);  // session 13's additions: the earlier datasets stay as they were
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
    const std::string aware = next(12) == 0     ? ""
                              : group == "prov" ? pick({"yes", "yes", "yes", "no", "dk"})
                                                : pick({"yes", "no", "dk", "dk"});
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
  for (const char* name : {"group", "country", "size", "aware", "mc_kind"})
    freq("none", stats::Frequencies(*ds->Find(name)));
  freq("none", stats::MultipleResponse(*ds, "terms"));
  {
    const stats::CrossTab c = stats::Cross(*ds->Find("aware"), *ds->Find("group"));
    for (std::size_t r = 0; r < c.rows(); ++r)
      for (std::size_t k = 0; k < c.cols(); ++k) {
        put("none", "aware_by_group", c.row_codes[r] + "|" + c.col_codes[k], "n",
            static_cast<double>(c.n[r * c.cols() + k]));
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
  auto publish = [&](const std::vector<long long>& n, std::size_t R, std::size_t C, int k, bool row_totals,
                     bool col_totals) {
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
    tables << (!(row_totals && col_totals) ? std::string("-")
               : grand > 0 && grand < k    ? std::string("H")
                                           : std::to_string(grand))
           << "\n";
  };
  for (const auto& [a, b] :
       {std::pair{"country", "group"}, std::pair{"size", "country"}, std::pair{"mc_kind", "country"}}) {
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
    for (std::size_t r = 0; r < R; ++r)
      rows += (r ? " " : "") + (t.rows[r].suppressed ? std::string("H") : std::to_string(t.rows[r].n));
    for (std::size_t j = 0; j < C; ++j)
      cols += (j ? " " : "") + (c.col_n_suppressed[j] ? std::string("H") : std::to_string(c.col_n[j]));
    tables << ++table_no << "," << R << "," << C << "," << k << "," << cells << "," << rows << "," << cols << ","
           << (t.total_suppressed ? std::string("H") : std::to_string(t.n)) << "\n";
    return true;
  };
  for (const auto& [a, b] :
       {std::pair{"country", "group"}, std::pair{"size", "country"}, std::pair{"aware", "group"}}) {
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
      v.cat.push_back(
          static_cast<std::int32_t>(std::min(next(static_cast<unsigned>(K)), next(static_cast<unsigned>(K)))));
      by.cat.push_back(
          static_cast<std::int32_t>(std::min(next(static_cast<unsigned>(G)), next(static_cast<unsigned>(G)))));
    }
    if (!publish_linked(v, by, 5)) return 1;
  }
  // Every table published about one question, across documents (reports by group and by country,
  // one without breakdown, the public page, the method section): one linked set each. Each set is
  // written twice: as the per-table suppression (still what the documents use) publishes it (each table suppressed
  // alone or with its one cross-tab, per document; a count is hidden only if every document showing it hides it) and as
  // stats::SuppressQuestion plans it. audit_compare.R attacks both; only "new" may not leak.
  // nodes.csv: set,version,node,key,value,published,hidden; sums.csv: set,version,total,parts (node
  // ids, space-separated).
  std::ofstream nodes_out(dir + "/nodes.csv"), sums_out(dir + "/sums.csv");
  nodes_out << "set,version,node,key,value,published,hidden\n";
  sums_out << "set,version,total,parts\n";
  int set_no = 0;
  // One system per dataset: every question's nodes under its name, the shared ones (the response
  // count, the margins "<j>:all:...") once.
  auto write_form = [&](const std::string& version,
                        const std::vector<std::pair<std::string, const stats::Linked*>>& sets) {
    std::map<std::string, std::size_t> id;
    std::vector<std::tuple<std::string, long long, bool, bool>> rows_out;
    auto node = [&](const std::string& q, const std::string& key, const stats::Linked::Node& x) {
      const bool shared = key == "N" || key.find(":all:") != std::string::npos;
      const std::string name = shared ? key : q + "|" + key;
      auto [it, fresh] = id.emplace(name, rows_out.size());
      if (fresh)
        rows_out.emplace_back(name, x.n, x.published, x.hidden);
      else if (x.published) {  // printed by any question: hidden only if hidden everywhere
        auto& r = rows_out[it->second];
        std::get<3>(r) = std::get<2>(r) ? (std::get<3>(r) && x.hidden) : x.hidden;
        std::get<2>(r) = true;
      }
      return it->second;
    };
    std::vector<std::pair<std::size_t, std::vector<std::size_t>>> eqs;
    for (const auto& [q, l] : sets) {
      std::vector<std::size_t> map(l->nodes.size());
      for (const auto& [key, i] : l->keys()) map[i] = node(q, key, l->nodes[i]);
      for (const auto& e : l->equations) {
        std::vector<std::size_t> parts;
        for (std::size_t p : e.parts) parts.push_back(map[p]);
        eqs.emplace_back(map[e.total], parts);
      }
    }
    for (std::size_t i = 0; i < rows_out.size(); ++i)
      nodes_out << set_no << "," << version << "," << i << "," << std::get<0>(rows_out[i]) << ","
                << std::get<1>(rows_out[i]) << "," << (std::get<2>(rows_out[i]) ? 1 : 0) << ","
                << (std::get<3>(rows_out[i]) ? 1 : 0) << "\n";
    // Each version's own equations: the plan publishes the countries grouped (GroupThinCountries).
    for (const auto& [t, parts] : eqs) {
      sums_out << set_no << "," << version << "," << t << ",";
      for (std::size_t k = 0; k < parts.size(); ++k) sums_out << (k ? " " : "") << parts[k];
      sums_out << "\n";
    }
  };
  // The old code's documents for one question of `d`: what each shows, then the union.
  auto publish_old = [&](const stats::Dataset& d, const stats::Variable* q, const std::string& multiple,
                         stats::Variable& region) {
    stats::QuestionSpec spec = stats::PlanQuestion(d, nullptr, region);
    spec.question = q;
    spec.multiple = multiple;
    stats::Linked l = stats::BuildQuestion(d, spec, 5);
    const std::size_t V = l.nodes.size();
    // shown[i]: some document prints it (or it follows from the table's own layout, as before).
    std::vector<bool> shown(V, false), printed(V, false);
    auto mark = [&](const std::string& key, bool hidden) {
      auto it = l.keys().find(key);
      if (it == l.keys().end()) return;
      printed[it->second] = true;
      if (!hidden) shown[it->second] = true;
    };
    // The method section's group and country tables, each suppressed alone.
    for (std::size_t j = 0; j < spec.breakdowns.size(); ++j) {
      if (std::find(spec.margins.begin(), spec.margins.end(), spec.breakdowns[j]) == spec.margins.end()) continue;
      stats::FreqTable t = stats::Frequencies(*spec.breakdowns[j]);
      stats::Suppress(t, 5);
      const std::string js = std::to_string(j);
      for (std::size_t r = 0; r < t.rows.size(); ++r) mark(js + ":all:" + std::to_string(r), t.rows[r].suppressed);
      mark(js + ":all:base", t.total_suppressed);
      mark(js + ":all:m", t.total_suppressed);
    }
    mark("N", false);
    auto freq_doc = [&](const stats::FreqTable& t) {
      for (std::size_t r = 0; r < t.rows.size(); ++r) mark("q:" + std::to_string(r), t.rows[r].suppressed);
      if (t.multiple)
        for (std::size_t r = 0; r < t.rows.size(); ++r)
          mark("not:" + std::to_string(r), t.rows[r].suppressed || t.total_suppressed);
      mark("base", t.total_suppressed);
      mark("miss", t.total_suppressed);
    };
    // j: the breakdown's index in the plan (0 group, 1 country, 2 region).
    auto by_doc = [&](std::size_t j) {
      if (j >= spec.breakdowns.size()) return;
      const stats::Variable& b = *spec.breakdowns[j];
      const std::string js = std::to_string(j);
      if (q) {
        stats::FreqTable t = stats::Frequencies(*q);
        stats::CrossTab c = stats::Cross(*q, b);
        stats::SuppressLinked(t, c, 5);
        freq_doc(t);
        for (std::size_t r = 0; r < c.rows(); ++r)
          for (std::size_t k = 0; k < c.cols(); ++k)
            mark(js + ":" + std::to_string(r) + ":" + std::to_string(k), c.suppressed[r * c.cols() + k]);
        for (std::size_t k = 0; k < c.cols(); ++k) mark(js + ":n:" + std::to_string(k), c.col_n_suppressed[k]);
        return;
      }
      stats::FreqTable t = stats::MultipleResponse(d, multiple);
      stats::Suppress(t, 5);
      freq_doc(t);
      std::vector<stats::CrossTab> tabs;
      for (std::size_t i = 0; i < t.rows.size(); ++i) {
        tabs.push_back(stats::Cross(*d.Find(multiple + "/" + t.rows[i].code), b));
        stats::Suppress(tabs.back(), 5);
        const stats::CrossTab& c = tabs.back();
        for (std::size_t r = 0; r < c.rows(); ++r)
          for (std::size_t k = 0; k < c.cols(); ++k)
            mark(js + ":" + std::to_string(i) + "." + std::to_string(r) + ":" + std::to_string(k),
                 c.suppressed[r * c.cols() + k]);
      }
      for (std::size_t k = 0; k < tabs[0].cols(); ++k)
        mark(js + ":n:" + std::to_string(k), tabs[0].col_n_suppressed[k]);
    };
    // Without breakdown (and the public page): the table alone.
    if (q) {
      stats::FreqTable t = stats::Frequencies(*q);
      stats::Suppress(t, 5);
      freq_doc(t);
    } else {
      stats::FreqTable t = stats::MultipleResponse(d, multiple);
      stats::Suppress(t, 5);
      freq_doc(t);
    }
    by_doc(0);  // the report by group
    // The report by country: by region instead when more than half its cells would be hidden.
    if (spec.breakdowns.size() > 2) {
      const stats::Variable* first = q;
      if (!q)
        for (const auto& x : d.vars())
          if (x.question == multiple) {
            first = &x;
            break;
          }
      stats::CrossTab c = stats::Cross(*first, *spec.breakdowns[1]);
      stats::Suppress(c, 5);
      std::size_t cells = 0, hid = 0;
      for (std::size_t i = 0; i < c.n.size(); ++i) {
        cells += c.n[i] > 0;
        hid += c.suppressed[i];
      }
      by_doc(hid * 2 > cells ? 2 : 1);
    }
    for (std::size_t i = 0; i < V; ++i) {
      l.nodes[i].published = printed[i];
      l.nodes[i].hidden = printed[i] && !shown[i];
    }
    return l;
  };
  // A dataset's questions as the old code published them and as stats::PlanForm plans them.
  auto publish_form = [&](const stats::Dataset& d, const std::vector<std::string>& singles,
                          const std::vector<std::string>& multis) {
    ++set_no;
    std::vector<stats::Variable> regions(singles.size() + multis.size());
    std::vector<stats::Linked> old_sets;
    std::vector<std::string> names;
    for (const auto& q : singles) {
      old_sets.push_back(publish_old(d, d.Find(q), "", regions[names.size()]));
      names.push_back(d.Find(q)->name);  // "group" names the shared rule's "_group" when loaded
    }
    for (const auto& q : multis) {
      old_sets.push_back(publish_old(d, nullptr, q, regions[names.size()]));
      names.push_back(q);
    }
    std::vector<std::pair<std::string, const stats::Linked*>> olds, news;
    for (std::size_t i = 0; i < names.size(); ++i) olds.emplace_back(names[i], &old_sets[i]);
    const auto plan = stats::PlanForm(d, nullptr, 5, {});
    // What is printed: each question's planned system, the margins as the plan finally hides them.
    std::vector<stats::Linked> new_sets;
    for (const auto& q : names) {
      const stats::QuestionTables* t = plan->Find(q);
      if (!t) {
        std::cerr << q << ": not planned\n";
        std::exit(1);
      }
      stats::Linked l = t->linked;
      for (std::size_t m = 0; m < plan->margins.size(); ++m) {
        const std::string js = std::to_string(m);  // the margins are the plan's first breakdowns
        auto set = [&](const std::string& key, bool hidden) {
          auto it = l.keys().find(key);
          if (it != l.keys().end()) l.nodes[it->second].hidden = hidden;
        };
        for (std::size_t r = 0; r < plan->margins[m].rows.size(); ++r)
          set(js + ":all:" + std::to_string(r), plan->margins[m].rows[r].suppressed);
        set(js + ":all:base", plan->margins[m].total_suppressed);
        set(js + ":all:m", plan->margins[m].missing_suppressed);
      }
      new_sets.push_back(std::move(l));
    }
    for (std::size_t i = 0; i < names.size(); ++i) news.emplace_back(names[i], &new_sets[i]);
    write_form("old", olds);
    write_form("new", news);
  };
  // The documents' other tables, attacked with everything published together (session 13): each
  // kind its own linked sets, written as version "byq", "num" or "study" (audit_compare.R: none may
  // leak).
  auto write_pub = [&](const std::string& version, const Pub& pub) {
    for (std::size_t i = 0; i < pub.rows.size(); ++i)
      nodes_out << set_no << "," << version << "," << i << "," << std::get<0>(pub.rows[i]) << ","
                << std::get<1>(pub.rows[i]) << "," << (std::get<2>(pub.rows[i]) ? 1 : 0) << ","
                << (std::get<3>(pub.rows[i]) ? 1 : 0) << "\n";
    for (const auto& [t, parts] : pub.eqs) {
      sums_out << set_no << "," << version << "," << t << ",";
      for (std::size_t k = 0; k < parts.size(); ++k) sums_out << (k ? " " : "") << parts[k];
      sums_out << "\n";
    }
  };
  auto all_printed = [](const std::string&, const std::string&) { return true; };
  // 1. `report --by Q`: its cross-tabs by Q (plan PlanForm(d, Q)), its frequency tables and method
  // section, beside the documents without Q (PlanForm(d, nullptr): reports by group, country,
  // region, none, the public page). Q's columns are Q's own counts: everyone in column c is Q's
  // count of c.
  auto publish_byq = [&](const stats::Dataset& d, const std::string& q_name) {
    ++set_no;
    Pub pub;
    const auto p0 = stats::PlanForm(d, nullptr, 5, {});
    const stats::Variable* q = d.Find(q_name);
    const auto pq = stats::PlanForm(d, q, 5, {});
    pub.AddPlan("", *p0, all_printed);
    const std::size_t below = p0->questions.begin()->second.linked.keys().count("2:n:0") ? 3 : 2;
    pub.AddPlan("", *pq, [&](const std::string& question, const std::string& key) {
      return question != q->name && !BreakdownCell(key, below);
    });
    const std::string js = std::to_string(below);
    for (std::size_t c = 0; c <= q->codes.size(); ++c) {
      const std::string col = c < q->codes.size() ? std::to_string(c) : "m";
      const std::string count = q->name + (c < q->codes.size() ? "|q:" + std::to_string(c) : "|miss");
      if (pub.Has(js + ":all:" + col) && pub.Has(count)) pub.Sum(pub.Ref(js + ":all:" + col), {pub.Ref(count)});
    }
    write_pub("byq", pub);
  };
  // 2. Number questions: n overall and by group, country (as published) and region, as the report's
  // summary tables print them beside every other table; and an ordinal question's score table (n of
  // the scored answers, all but the last, "don't know"), overall and by each.
  auto publish_num = [&](const stats::Dataset& d, const std::string& x_name, const std::string& scale) {
    ++set_no;
    Pub pub;
    const auto plan = stats::PlanForm(d, nullptr, 5, {});
    pub.AddPlan("", *plan, all_printed);
    const std::vector<const stats::Variable*> bys = {d.Find("group"), &plan->countries, &plan->region};
#ifdef AUDIT_BEFORE
    auto hidden_n = [&](long long n) { return n > 0 && n < 5; };
#endif
    if (!x_name.empty()) {
      const stats::Variable& x = *d.Find(x_name);
      long long base = 0;
      for (double v : x.num) base += !std::isnan(v);
#ifdef AUDIT_BEFORE
      const bool all_hidden = hidden_n(base);
#else
      const bool all_hidden = plan->NumberAllHidden(x_name);
#endif
      const std::size_t b = pub.Node(x_name + "#base", base, true, all_hidden);
      pub.Sum(pub.Ref("N"), {b, pub.Node(x_name + "#miss", static_cast<long long>(d.rows()) - base, false, false)});
      for (std::size_t j = 0; j < bys.size(); ++j) {
        const stats::Variable& by = *bys[j];
        const std::string js = std::to_string(j);
#ifndef AUDIT_BEFORE
        const std::vector<bool> flags = plan->NumberHidden(x_name, by.name);
#endif
        std::vector<std::size_t> cols;
        for (std::size_t k = 0; k <= by.codes.size(); ++k) {
          long long n = 0, all = 0;
          for (std::size_t r = 0; r < d.rows(); ++r) {
            const bool in =
                k < by.codes.size() ? by.cat[r] == static_cast<std::int32_t>(k) : by.cat[r] == stats::kMissing;
            all += in;
            n += in && !std::isnan(x.num[r]);
          }
          const std::string col = k < by.codes.size() ? std::to_string(k) : "m";
#ifdef AUDIT_BEFORE
          const bool hid = hidden_n(n);
#else
          const bool hid = k < flags.size() ? flags[k] : true;
#endif
          const std::size_t nk = pub.Node(x_name + "#" + js + ":n:" + col, n, k < by.codes.size(), hid);
          cols.push_back(nk);
          if (pub.Has(js + ":all:" + col))
            pub.Sum(pub.Ref(js + ":all:" + col),
                    {nk, pub.Node(x_name + "#" + js + ":nm:" + col, all - n, false, false)});
        }
        pub.Sum(b, cols);
      }
    }
    if (scale.empty()) {
      write_pub("num", pub);
      return;
    }
    // The score table of `scale` (planned as a closed question): sums of its planned counts.
    const stats::Variable& v = *d.Find(scale);
    const stats::QuestionTables* t = plan->Find(scale);
    std::vector<int> scored;
    for (std::size_t r = 0; r + (v.codes.size() >= 3 ? 1 : 0) < v.codes.size(); ++r)
      scored.push_back(static_cast<int>(r));
    auto sum_node = [&](const std::string& name, const std::vector<std::string>& parts, bool published, bool hidden) {
      std::vector<std::size_t> ids;
      long long n = 0;
      for (const auto& p : parts) {
        ids.push_back(pub.Ref(p));
        n += pub.Value(p);
      }
      const std::size_t s = pub.Node(name, n, published, hidden);
      pub.Sum(s, ids);
    };
    {
      std::vector<std::string> parts;
      for (int r : scored) parts.push_back(scale + "|q:" + std::to_string(r));
      long long n = 0;
      for (const auto& p : parts) n += pub.Value(p);
#ifdef AUDIT_BEFORE
      const bool hid = hidden_n(n);
#else
      const bool hid = stats::SumHidden(t->freq, scored, t->withheld, true);
#endif
      sum_node(scale + "#sc:base", parts, true, hid);
    }
    for (std::size_t j = 0; j < bys.size(); ++j) {
      const stats::QuestionTables::By* tb = t->Find(bys[j]->name);
      if (!tb || tb->tabs.empty() || bys[j]->codes.size() < 2) continue;
#ifndef AUDIT_BEFORE
      const std::vector<bool> flags = stats::SumHidden(tb->tabs[0], scored, tb->withheld || t->withheld, true);
#endif
      for (std::size_t k = 0; k < bys[j]->codes.size(); ++k) {
        std::vector<std::string> parts;
        long long n = 0;
        for (int r : scored) {
          parts.push_back(scale + "|" + std::to_string(j) + ":" + std::to_string(r) + ":" + std::to_string(k));
          n += pub.Value(parts.back());
        }
#ifdef AUDIT_BEFORE
        const bool hid = hidden_n(n);
#else
        const bool hid = flags[k];
#endif
        sum_node(scale + "#sc:" + std::to_string(j) + ":" + std::to_string(k), parts, true, hid);
      }
    }
    write_pub("score", pub);
  };
  publish_form(*ds, {"size", "aware", "mc_kind", "group", "country", "offers"}, {"terms"});
  // 2b. A number question's summary rows (session 14): n, mean, standard deviation, minimum,
  // quartiles and maximum, overall and by group, country (as published), region and (`report --by
  // q`, its plan layered on the others') the closed question q, as the report prints them: "before" (every statistic wherever the n is shown, as until session 14) and "after"
  // (means where FormPlan::MeanHidden leaves them, extremes and quartiles as OrderStatsToShow
  // says). numvals.csv: the answers with their columns; means.csv: each printed row. audit_compare.R
  // recomputes every figure from the answers and attacks the sums (mean × n) by linear algebra over
  // the cells of the four breakdowns, the extremes by how many hold them, the quartiles by the order
  // statistics they read.
  std::ofstream numvals(dir + "/numvals.csv"), means(dir + "/means.csv");
  numvals << "set,x,b0,b1,b2,b3\n";
  means << "set,version,by,col,n,mean_shown,mean,sd,min_shown,min,q1_shown,q1,median_shown,median,q3_shown,q3,"
           "max_shown,max\n";
  int mean_no = 0;
  auto publish_means = [&](const stats::Dataset& d, const std::string& x_name) {
    ++mean_no;
    const auto plan = stats::PlanForm(d, nullptr, 5, {});
    // `report --by q` beside them: its plan layered on theirs (the rows by q its own).
    const stats::Variable* q = d.Find("q");
    const auto plan_q = stats::PlanForm(d, q, 5, {});
    const stats::Variable& x = *d.Find(x_name);
    const std::vector<const stats::Variable*> bys = {d.Find("group"), &plan->countries, &plan->region, q};
    auto col = [](const stats::Variable& v, std::size_t r) {
      return v.cat[r] == stats::kMissing ? std::string("m") : std::to_string(v.cat[r]);
    };
    for (std::size_t r = 0; r < d.rows(); ++r)
      if (!std::isnan(x.num[r]))
        numvals << mean_no << "," << Num(x.num[r]) << "," << col(*bys[0], r) << "," << col(*bys[1], r) << ","
                << col(*bys[2], r) << "," << col(*bys[3], r) << "\n";
    for (const bool after : {false, true}) {
      auto row = [&](int j, const std::string& c, const stats::Mask& m, bool n_hidden, bool mean_hidden) {
        const stats::Summary s = stats::Describe(x.num, m);
        if (s.n == 0 || s.n < 5 || n_hidden) return;  // "hidden" across the row: nothing printed
        stats::OrderStatsShown show;
        if (after) show = stats::OrderStatsToShow(x.num, m, s, 5);
        const bool mean_shown = !(after && mean_hidden);
        means << mean_no << "," << (after ? "after" : "before") << "," << j << "," << c << "," << s.n << ","
              << mean_shown << "," << Num(s.mean) << "," << Num(s.sd) << "," << show.min << "," << Num(s.min) << ","
              << show.q1 << "," << Num(s.q1) << "," << show.median << "," << Num(s.median) << "," << show.q3 << ","
              << Num(s.q3) << "," << show.max << "," << Num(s.max) << "\n";
      };
      row(-1, "all", {}, plan->NumberAllHidden(x_name), plan->MeanAllHidden(x_name));
      for (std::size_t j = 0; j < bys.size(); ++j) {
        const stats::FormPlan& p = j < 3 ? *plan : *plan_q;
        const std::vector<bool> n_flags = p.NumberHidden(x_name, bys[j]->name);
        const std::vector<bool> mean_flags = p.MeanHidden(x_name, bys[j]->name);
        for (std::size_t k = 0; k < bys[j]->codes.size(); ++k)
          row(static_cast<int>(j), std::to_string(k), stats::Where(*bys[j], bys[j]->codes[k]),
              k < n_flags.size() ? n_flags[k] : true, k < mean_flags.size() ? mean_flags[k] : true);
      }
    }
  };
  // 2d. The public results page beside the reports (session 14): its own frequency tables of the
  // closed questions, planned at the page's smallest cell. "page_before": the page at 7, the reports
  // at 5 (each document's threshold set apart, as until session 14); "page_after": one threshold
  // (web::ReportMinCell refuses another), the page's tables then the reports' plan's. The page's
  // plan is a system of its own (its countries grouped at its threshold), tied to the reports' by
  // the counts both print: each question's answers, base and "did not answer", and the response count.
  auto publish_page = [&](const stats::Dataset& d, const std::vector<std::string>& questions) {
    for (const int page_min : {7, 5}) {
      ++set_no;
      Pub pub;
      const auto p5 = stats::PlanForm(d, nullptr, 5, {});
      pub.AddPlan("", *p5, all_printed);
      const auto pp = stats::PlanForm(d, nullptr, page_min, {});
      auto freq_key = [](const std::string& key) {
        return key == "base" || key == "miss" || key.rfind("q:", 0) == 0 || key.rfind("not:", 0) == 0;
      };
      pub.AddPlan("P/", *pp, [&](const std::string& question, const std::string& key) {
        return std::find(questions.begin(), questions.end(), question) != questions.end() && freq_key(key);
      });
      pub.Sum(pub.Ref("P/N"), {pub.Ref("N")});
      for (const auto& q : questions) {
        const stats::QuestionTables* t = pp->Find(q);
        if (!t) continue;
        for (const auto& [key, i] : t->linked.keys()) {
          (void)i;
          if (freq_key(key) && pub.Has("P/" + q + "|" + key) && pub.Has(q + "|" + key))
            pub.Sum(pub.Ref("P/" + q + "|" + key), {pub.Ref(q + "|" + key)});
        }
      }
      write_pub(page_min == 5 ? "page_after" : "page_before", pub);
    }
  };
  // 2c. A battery's share (answers `share`) by group, country and region, with each column's n (the
  // largest item base: one item here) and the item's n in the battery's table.
  auto publish_battery = [&](const stats::Dataset& d, const std::string& item) {
    ++set_no;
    Pub pub;
    const auto plan = stats::PlanForm(d, nullptr, 5, {});
    pub.AddPlan("", *plan, all_printed);
    const stats::Variable& v = *d.Find(item);
    const stats::QuestionTables* t = plan->Find(item);
    const std::vector<int> share = v.codes.size() >= 3 ? std::vector<int>{0, 1} : std::vector<int>{0};
    const std::vector<const stats::Variable*> bys = {d.Find("group"), &plan->countries, &plan->region};
#ifdef AUDIT_BEFORE
    pub.Node(item + "|base", pub.Value(item + "|base"), true, false);  // printed whatever the plan hid
#else
    pub.Node(item + "|base", pub.Value(item + "|base"), true, t->freq.total_suppressed);
#endif
    for (std::size_t j = 0; j < bys.size(); ++j) {
      const stats::QuestionTables::By* tb = t->Find(bys[j]->name);
      if (!tb || tb->tabs.empty() || bys[j]->codes.size() < 2) continue;
      const std::string js = std::to_string(j);
#ifndef AUDIT_BEFORE
      const std::vector<bool> flags = stats::SumHidden(tb->tabs[0], share, tb->withheld || t->withheld);
#endif
      for (std::size_t k = 0; k < bys[j]->codes.size(); ++k) {
        const std::string col = std::to_string(k);
        const long long base = pub.Value(item + "|" + js + ":n:" + col);
        std::vector<std::size_t> parts;
        long long n = 0;
        for (int r : share) {
          parts.push_back(pub.Ref(item + "|" + js + ":" + std::to_string(r) + ":" + col));
          n += pub.Value(item + "|" + js + ":" + std::to_string(r) + ":" + col);
        }
        bool hid = base < 5 || (n > 0 && n < 5);
        bool n_hid = base > 0 && base < 5;
#ifndef AUDIT_BEFORE
        hid = hid || flags[k] || tb->tabs[0].col_n_suppressed[k];
        n_hid = n_hid || tb->tabs[0].col_n_suppressed[k];
#endif
        // A hidden share (base under 5, a count under 5, or not following from shown counts) says
        // nothing, not even "at least 1" (it may be 0): unprinted to a reader.
        pub.Sum(pub.Node(item + "#sh:" + js + ":" + col, n, !hid, false), parts);
        pub.Node(item + "|" + js + ":n:" + col, base, true, n_hid);
      }
    }
    write_pub("battery", pub);
  };
  // 3. `report --study`: the questionnaires' united tables (a column per questionnaire, the method
  // section's respondents by group and by country) beside each questionnaire's own report. Raw
  // country counts per questionnaire are the reader's unknowns tying the countries as each
  // publishes them to the united ones.
  auto publish_study = [&](const std::vector<stats::Dataset>& forms) {
    ++set_no;
    Pub pub;
    std::vector<const stats::Dataset*> parts;
    for (const auto& d : forms) parts.push_back(&d);
    const stats::Dataset u = stats::Unite(parts);
    std::vector<std::unique_ptr<stats::FormPlan>> plans;
    std::vector<const stats::FormPlan*> plan_ptrs;
    for (std::size_t f = 0; f < forms.size(); ++f) {
      plans.push_back(stats::PlanForm(forms[f], nullptr, 5, {}));
      plan_ptrs.push_back(plans.back().get());
      pub.AddPlan("f" + std::to_string(f) + "/", *plans.back(), all_printed);
    }
#ifdef AUDIT_BEFORE
    const auto pu = stats::PlanForm(u, u.Find("group"), 5, {});
#else
    const auto pu = stats::PlanUnited(u, parts, plan_ptrs, 5, {});
#endif
    pub.AddPlan("U/", *pu,
                [&](const std::string&, const std::string& key) { return !BreakdownCell(key, 3) || key[0] == '0'; });
    const stats::Variable& ug = *u.Find("group");
    std::vector<std::size_t> ns;
    for (std::size_t f = 0; f < forms.size(); ++f) ns.push_back(pub.Ref("f" + std::to_string(f) + "/N"));
    pub.Sum(pub.Ref("U/N"), ns);
    for (const auto& [q, t] : pu->questions) {
      for (std::size_t f = 0; f < forms.size(); ++f) {
        const std::string fp = "f" + std::to_string(f) + "/";
        const std::string col = std::to_string(
            std::find(ug.codes.begin(), ug.codes.end(), forms[f].Find("group")->codes[0]) - ug.codes.begin());
        auto link = [&](const std::string& ukey, const std::string& fkey) {
          if (pub.Has("U/" + q + "|" + ukey) && pub.Has(fp + q + "|" + fkey))
            pub.Sum(pub.Ref("U/" + q + "|" + ukey), {pub.Ref(fp + q + "|" + fkey)});
        };
        link("0:n:" + col, "base");
        link("0:m:" + col, "miss");
        const stats::Variable* uv = u.Find(q);
        if (uv && uv->kind == stats::VarKind::kCategory && uv->question.empty() && q != "country" && q != "group") {
          const stats::Variable* fv = forms[f].Find(q);
          for (std::size_t r = 0; r < uv->codes.size(); ++r) {
            const auto at = std::find(fv->codes.begin(), fv->codes.end(), uv->codes[r]);
            if (at != fv->codes.end())
              link("0:" + std::to_string(r) + ":" + col, "q:" + std::to_string(at - fv->codes.begin()));
          }
        } else if (!uv) {  // a select_multiple: its choices in the same order
          for (std::size_t i = 0; i < 3; ++i) {
            link("0:" + std::to_string(i) + ".1:" + col, "q:" + std::to_string(i));
            link("0:" + std::to_string(i) + ".0:" + col, "not:" + std::to_string(i));
          }
        }
      }
    }
    // Countries: each questionnaire's raw counts (unknowns) add up to its published groups and, over
    // the questionnaires, to the united ones.
    const stats::Variable& uc = *u.Find("country");
    std::map<std::string, std::vector<std::size_t>> united_parts;
    for (std::size_t f = 0; f < forms.size(); ++f) {
      const stats::Variable& raw = *forms[f].Find("country");
      std::map<std::string, std::vector<std::size_t>> form_parts;
      std::map<std::string, long long> n;
      std::map<std::string, std::pair<std::string, std::string>> groups;  // raw → (form's group, united group)
      std::size_t offset = 0;
      for (std::size_t g = 0; g < f; ++g) offset += forms[g].rows();
      for (std::size_t r = 0; r < forms[f].rows(); ++r) {
        if (raw.cat[r] == stats::kMissing) continue;
        const std::string c = raw.codes[static_cast<std::size_t>(raw.cat[r])];
        ++n[c];
        groups[c] = {std::to_string(plans[f]->countries.cat[r]), std::to_string(pu->countries.cat[offset + r])};
      }
      for (const auto& [c, cnt] : n) {
        const std::size_t x = pub.Node("raw/" + std::to_string(f) + "/" + c, cnt, false, false);
        form_parts["f" + std::to_string(f) + "/1:all:" + groups[c].first].push_back(x);
        united_parts["U/1:all:" + groups[c].second].push_back(x);
      }
      for (const auto& [key, xs] : form_parts)
        if (pub.Has(key)) pub.Sum(pub.Ref(key), xs);
    }
    for (const auto& [key, xs] : united_parts)
      if (pub.Has(key)) pub.Sum(pub.Ref(key), xs);
    (void)uc;
    write_pub("study", pub);
  };
  publish_byq(*ds, "size");
  publish_byq(*ds, "aware");
  std::vector<stats::Dataset> study_forms;
  // Random studies: a question (some skip it), a group and a country (some give none), a few
  // respondents from rare countries; and a select_multiple of three choices.
  for (int t = 0; t < 60; ++t) {
    stats::Dataset d;
    const std::size_t rows = 20 + next(100), K = 2 + next(4);
    d.SetRows(rows);
    auto cat = [&](const std::string& name, std::vector<std::string> codes) {
      stats::Variable v;
      v.kind = stats::VarKind::kCategory;
      v.name = name;
      v.label = name;
      v.codes = codes;
      v.code_labels = codes;
      return v;
    };
    stats::Variable q = cat("q", {}), g = cat("group", {"emp", "prov", "auth"}),
                    c = cat("country", {"DE", "FR", "PL", "MT", "IS", "UA", "TR"});
    for (std::size_t k = 0; k < K; ++k) q.codes.push_back("c" + std::to_string(k));
    q.code_labels = q.codes;
    const unsigned skip_q = next(3) == 0 ? 0 : 4 + next(20), skip_by = next(2) == 0 ? 0 : 10 + next(30);
    std::vector<stats::Variable> choices;
    for (int k = 0; k < 3; ++k) {
      stats::Variable x = cat("m/" + std::to_string(k), {"0", "1"});
      x.question = "m";
      choices.push_back(x);
    }
    for (std::size_t i = 0; i < rows; ++i) {
      q.cat.push_back(
          skip_q && next(skip_q) == 0
              ? stats::kMissing
              : static_cast<std::int32_t>(std::min(next(static_cast<unsigned>(K)), next(static_cast<unsigned>(K)))));
      g.cat.push_back(skip_by && next(skip_by) == 0 ? stats::kMissing
                                                    : static_cast<std::int32_t>(std::min(next(3), next(3))));
      const unsigned r = next(40);
      c.cat.push_back(skip_by && next(skip_by) == 0 ? stats::kMissing
                                                    : static_cast<std::int32_t>(r < 30   ? r % 3
                                                                                : r < 34 ? 3
                                                                                : r < 37 ? 4
                                                                                : r < 39 ? 5
                                                                                         : 6));
      const bool answered = !(skip_q && next(skip_q) == 0);
      for (int k = 0; k < 3; ++k)
        choices[static_cast<std::size_t>(k)].cat.push_back(
            answered ? static_cast<std::int32_t>(next(2 + static_cast<unsigned>(k)) == 0) : stats::kMissing);
    }
    d.Add(q);
    d.Add(g);
    d.Add(c);
    for (auto& x : choices) d.Add(x);
    stats::Variable m = cat("m", {});
    m.kind = stats::VarKind::kText;
    m.text.assign(rows, "");
    d.Add(m);
    publish_form(d, {"q", "group", "country"}, {"m"});
    publish_byq(d, "q");
    // A number question, skipped by some.
    stats::Variable x;
    x.kind = stats::VarKind::kNumber;
    x.name = x.label = "x";
    const unsigned skip_x = 2 + lcg2.Next() % 8;
    for (std::size_t i = 0; i < rows; ++i)
      x.num.push_back(lcg2.Next() % skip_x == 0 ? std::nan("") : static_cast<double>(lcg2.Next() % 50));
    d.Add(x);
    publish_num(d, "x", "");
    publish_means(d, "x");
    publish_page(d, {"q", "group", "m"});
    publish_num(d, "", "q");
    publish_battery(d, "q");
    // Four such datasets as the questionnaires of a study: each its own group.
    study_forms.push_back(d);
    for (auto& g4 : study_forms.back().mutable_vars())
      if (g4.name == "group") {
        g4.codes = g4.code_labels = {"f" + std::to_string(study_forms.size())};
        for (auto& c : g4.cat) c = 0;
      }
    if (study_forms.size() == 4) {
      publish_study(study_forms);
      study_forms.clear();
    }
  }
  std::cout << "audit_check: " << ds->rows() << " responses, " << table_no << " suppressed tables and " << set_no
            << " linked sets in " << dir << "\n";
  return ours.flush() && tables.flush() && nodes_out.flush() && sums_out.flush() && numvals.flush() && means.flush()
             ? 0
             : 1;
}
