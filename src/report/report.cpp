#include "report/report.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "common/crypto.h"
#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/i18n_number.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "report/chart.h"
#include "report/internal/chromium.h"
#include "stats/linked.h"
#include "stats/suppress.h"
#include "stats/text.h"

namespace mcs::report {
namespace {

using stats::CrossTab;
using stats::FreqTable;
using stats::Variable;
using stats::VarKind;

constexpr std::string_view kCss = R"css(
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin-top: 2rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
thead th { text-align: center; vertical-align: bottom; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
td.sup { color: #555; font-style: italic; }
abbr { text-decoration: none; }
.note { color: #444; font-size: 0.85rem; }
.method { background: #f4f4f4; padding: 0.5rem 1rem; border-left: 4px solid #0072B2; }
svg.chart { max-width: 100%; height: auto; display: block; }
.fig, svg.chart, table, tr { break-inside: avoid; page-break-inside: avoid; }
table.wide { width: 100%; } table.wide tbody th { font-weight: normal; } table.items tbody th { width: 50%; }
.cover .kicker { color: #0072B2; font-weight: bold; text-transform: uppercase; letter-spacing: 0.08em; margin-top: 3rem; }
.cover h1 { font-size: 2.2rem; line-height: 1.2; margin: 0.5rem 0 1.5rem; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.5rem; margin: 1.5rem 0; }
.cover dt { font-weight: bold; } .cover dd { margin: 0; }
nav.toc ol { list-style: none; padding: 0; margin: 0; }
nav.toc li { margin: 0.35rem 0; }
nav.toc a { display: flex; color: #222; text-decoration: none; }
nav.toc .t { flex: 1; border-bottom: 1px dotted #999; }
nav.toc .pg { width: 3.5em; text-align: right; }
ul.quotes { margin: 0.3rem 0 1rem; padding-left: 1.2rem; font-style: italic; } ul.quotes li { margin: 0.3rem 0; break-inside: avoid; }
.cols { columns: 3; column-gap: 1.5rem; } .cols table { width: 100%; break-inside: avoid; }
@page { size: A4; margin: 22mm 17mm 20mm 17mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  h2 { margin-top: 1.2rem; } h3 { margin-top: 1rem; }
  table { font-size: 8.5pt; } table.wide { font-size: 7.5pt; } table.wide th, table.wide td { padding: 0.1rem 0.3rem; }
  .cover, nav.toc { break-after: page; page-break-after: always; }
  nav.toc a { color: #222; }
}
)css";

std::string Esc(std::string_view s) {
  return HtmlEscape(s);
}
// The report's own words (the i18n tables: our text, not a respondent's) as HTML text: <, > and &
// escaped; quotes and apostrophes left as written, as the English was always written.
std::string Prose(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

// The language of the report's own words: --lang (its primary subtag) when the interface has tables
// for it, else English. The form's labels follow --lang whatever it is (LabelLang()).
std::string ProseLang(std::string_view lang) {
  const std::string primary(lang.substr(0, lang.find('-')));
  for (const auto& l : i18n::Languages())
    if (l == primary) return primary;
  return "en";
}
// Wider tables than this many columns are turned round (columns become rows) to fit an A4 page.
constexpr std::size_t kMaxColumns = 6;

// Negative poles of a scale read from its choice names (disagree, not important, little...).
bool NegativeName(std::string_view code) {
  for (std::string_view p : {"dis", "not", "un", "no_", "none", "never", "rare", "little", "low", "poor", "bad",
                             "slight", "less", "worse", "decreas", "small"})
    if (code.find(p) != std::string_view::npos) return true;
  return code == "no";
}

std::string Base64(const std::string& bytes) {
  static constexpr char kAlpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlpha[v >> 18 & 63];
    out += kAlpha[v >> 12 & 63];
    out += kAlpha[v >> 6 & 63];
    out += kAlpha[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlpha[v >> 18 & 63];
    out += kAlpha[v >> 12 & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlpha[v >> 18 & 63];
    out += kAlpha[v >> 12 & 63];
    out += kAlpha[v >> 6 & 63];
    out += '=';
  }
  return out;
}

struct TocEntry {
  std::string id, key;  // key: the heading's text as printed ("3 Purposes and benefits")
  std::string html;     // the same as HTML: a label in the labels' language marked (lang=)
};

const form::Node* NodeOf(const form::Form& f, const Variable& v) {
  return f.Find(v.name);
}

class Writer {
 public:
  Writer(const form::Form& f, const stats::Dataset& ds, const Options& o)
      : f_(f), ds_(ds), o_(o), prose_(ProseLang(o.lang)) {
    if (o_.weighting) w_ = o_.weighting->w;
    // A hidden cell, primary or secondary alike: "<5" would be false for a partner hidden so that
    // the totals do not reveal a small cell (it holds 5 or more), and marking the two apart would
    // tell a reader which hidden cells are small, narrowing what the totals leave open.
    sup_ = "<td class=\"sup\"><abbr title=\"" + Esc(i18n::Format(prose_, "report_hidden_title", {Int(o_.min_cell)})) +
           "\">" + Prose(W("report_hidden")) + "</abbr></td>";
  }

  Status ResolveBy() {
    if (o_.by.empty()) return Status::Ok();
    if (o_.by == "region") {
      const Variable* country = ds_.Find("country");
      if (!country || country->kind != VarKind::kCategory)
        return MakeError(ErrorCode::kInvalid, "--by region: the responses have no country");
      region_ = stats::Regions(*country);
      Relabel(region_);
      by_ = &region_;
      return Status::Ok();
    }
    by_ = ds_.Find(o_.by);
    if (!by_ || by_->kind != VarKind::kCategory || !by_->question.empty())
      return MakeError(ErrorCode::kInvalid, "--by " + o_.by + ": no group, country or closed question of that name");
    if (by_->name == "_country") {
      GroupCountries(*by_);
    } else if (by_->name == "_group") {  // its label is the statistics' English "Group"
      group_ = *by_;
      Relabel(group_);
      by_ = &group_;
    }
    return Status::Ok();
  }

  // By country, as every published table shows the countries (stats::GroupThinCountries: those
  // under the threshold together by region), so that the columns are the plan's.
  void GroupCountries(const Variable& country) {
    countries_ = stats::GroupThinCountries(country, o_.min_cell);
    Relabel(countries_);
    by_ = &countries_;
    region_ = stats::Regions(countries_);
    Relabel(region_);
    by_country_ = true;
  }

  // By country, a table where more than half the cells would be suppressed is shown by region
  // instead (EU-27, EEA/EFTA, candidates, other): a table of holes informs no one.
  const Variable* TableBy(const Variable& question) {
    if (!by_country_) return by_;
    const Variable* v = &question;
    if (v->kind == VarKind::kText)  // a select_multiple: judged by its first choice
      for (const auto& x : ds_.vars())
        if (x.question == question.name) {
          v = &x;
          break;
        }
    if (v->kind != VarKind::kCategory) return by_;
    CrossTab c = stats::Cross(*v, *by_, {}, w_);
    stats::Suppress(c, o_.min_cell);
    std::size_t cells = 0, hidden = 0;
    for (std::size_t i = 0; i < c.n.size(); ++i) {
      cells += c.n[i] > 0;
      hidden += c.suppressed[i];
    }
    return hidden * 2 > cells ? &region_ : by_;
  }

  // Runs `fn` with the breakdown variable `TableBy` chose for `v`, saying so when it is the regions.
  template <typename Fn>
  void WithTableBy(const Variable& v, Fn fn) {
    const Variable* saved = by_;
    by_ = TableBy(v);
    if (by_ != saved) regrouped_note_ = "<p class=\"note\">" + WF("report_regrouped", {Int(o_.min_cell)}) + "</p>\n";
    fn();
    regrouped_note_.clear();
    by_ = saved;
  }

  Status Run(std::string& out) {
    if (Status st = ResolveBy(); !st.ok()) return st;
    if (Status st = Proven(); !st.ok()) return st;
    Heading(W("report_method"));
    Method();
    for (const Section& sec : PlanSections(f_, ds_, by_, Lang())) {
      SectionHeading(sec.title);
      for (const Block& b : sec.blocks) {
        const Variable& key = b.question ? *b.question : *b.battery.items.front();
        WithTableBy(key, [&] {
          if (b.question)
            Question(*b.question);
          else
            BatteryBlock(b.battery);
        });
      }
    }
    for (const stats::RepeatData& r : ds_.repeats) Repeat(r);
    std::string body = std::move(s_);
    s_.clear();
    Head();
    Cover();
    Toc();
    s_ += body;
    s_ += "</main>\n</body>\n</html>\n";
    out = std::move(s_);
    return Status::Ok();
  }

  const std::vector<TocEntry>& toc() const { return toc_; }

  // The study report: this writer's dataset is the united one (its form the first part's).
  Status RunStudy(const std::vector<StudyPart>& parts, const std::string& title, const std::string& module_by,
                  std::string& out) {
    title_ = title;
    if (Status st = ResolveBy(); !st.ok()) return st;
    // Every count of the shared tables is a sum of the questionnaires' own (their reports): shown
    // only when it follows from what those show (stats::PlanUnited).
    std::vector<std::unique_ptr<stats::FormPlan>> part_plans;
    {
      std::vector<const stats::Dataset*> part_ds;
      std::vector<const stats::FormPlan*> ptrs;
      const bool united = parts.size() > 1 && ds_.Find("group");
      for (const auto& p : parts) {
        if (!united) break;
        part_ds.push_back(p.ds);
        part_plans.push_back(stats::PlanForm(*p.ds, nullptr, o_.min_cell, {}));
        ptrs.push_back(part_plans.back().get());
      }
      if (!united) {
        Plan();
      } else {
        plan_ = stats::PlanUnited(ds_, part_ds, ptrs, o_.min_cell, w_);
      }
    }
    if (Status st = Proven(); !st.ok()) return st;
    std::set<std::string> shared;
    for (const auto& v : ds_.vars()) shared.insert(v.name);
    Heading(W("report_method"));
    std::string forms;  // HTML: each title in its form's language
    for (const auto& p : parts)
      forms +=
          (forms.empty() ? "" : ", ") + (p.form->title.empty() ? Esc(p.form->id) : In(p.form->title, p.form->lang()));
    s_ += "<p>" + WF("report_study_intro", {Int(static_cast<long long>(parts.size())), forms}) + "</p>\n";
    Method();
    for (const Section& sec : PlanSections(f_, ds_, by_, Lang())) {
      if (sec.blocks.empty()) continue;
      SectionHeading(sec.title);
      for (const Block& b : sec.blocks) {
        if (b.question)
          Question(*b.question);
        else
          BatteryBlock(b.battery);
      }
    }
    study_parts_ = &parts;
    for (const stats::RepeatData& r : ds_.repeats) Repeat(r);
    study_parts_ = nullptr;
    // The study's weights (computed over the united rows, which are the parts' rows in order) are
    // cut to each part for its module: each respondent keeps the weight the study gave them.
    std::size_t offset = 0, total = 0;
    for (const auto& p : parts) total += p.ds->rows();
    const bool slice = o_.weighting && total == ds_.rows() && o_.weighting->w.size() == total;
    for (const auto& p : parts) {
      Options o = o_;
      o.by = module_by == "group" ? std::string() : module_by;
      stats::Weighting part_w;
      if (slice) {
        const auto from = static_cast<std::ptrdiff_t>(offset), to = static_cast<std::ptrdiff_t>(offset + p.ds->rows());
        part_w.raked = o_.weighting->raked;
        part_w.iterations = o_.weighting->iterations;
        part_w.w.assign(o_.weighting->w.begin() + from, o_.weighting->w.begin() + to);
        for (const auto& cell : o_.weighting->cells) part_w.cells.emplace_back(cell.begin() + from, cell.begin() + to);
        o.weighting = &part_w;
      } else {
        o.weighting = nullptr;
      }
      offset += p.ds->rows();
      Writer w(*p.form, *p.ds, o);
      if (!w.ResolveBy().ok()) w.by_ = nullptr;
      // The module's plan is that questionnaire's own (planned above) unless it is layered on a
      // question or its percentages are weighted (the flags are the same; the tables' figures not).
      const std::size_t part_index = static_cast<std::size_t>(&p - parts.data());
      if (part_index < part_plans.size() && !o.weighting &&
          (!w.by_ || w.by_country_ || w.by_->name == "_region" || w.by_->name == "_group"))
        w.plan_ = std::move(part_plans[part_index]);
      w.Plan();
      std::string body;
      for (const Section& sec : PlanSections(*p.form, *p.ds, w.by_, Lang())) {
        bool titled = false;
        for (Block b : sec.blocks) {
          if (!b.question) {  // a battery keeps the items only this questionnaire asks
            std::erase_if(b.battery.items, [&](const Variable* x) { return shared.count(x->name) > 0; });
            if (b.battery.items.empty()) continue;
            if (b.battery.items.size() == 1) b.question = b.battery.items.front();
          }
          const Variable& key = b.question ? *b.question : *b.battery.items.front();
          if (shared.count(key.name)) continue;
          if (!titled) {
            w.s_ += "<p class=\"note\"><strong>" +
                    (sec.title == "Questions" ? Esc(W("report_questions")) : w.L(sec.title)) + "</strong></p>\n";
            titled = true;
          }
          w.WithTableBy(key, [&] {
            if (b.question)
              w.Question(*b.question);
            else
              w.BatteryBlock(b.battery);
          });
        }
      }
      if (w.s_.empty()) continue;
      const auto [before, after] = Around("report_module");
      if (p.form->title.empty())
        Heading(before + p.form->id + after);
      else
        Heading(before, p.form->title, after, p.form->lang());
      s_ += "<p class=\"note\">" + WCount("report_module_note", static_cast<long long>(p.ds->rows())) + "</p>\n";
      s_ += w.s_;
    }
    std::string body = std::move(s_);
    s_.clear();
    Head();
    Cover();
    Toc();
    s_ += body;
    s_ += "</main>\n</body>\n</html>\n";
    out = std::move(s_);
    return Status::Ok();
  }

  // One question: its chart, its table, its breakdown by the --by variable.
  void Question(const Variable& v) {
    // Text columns of a select_multiple are shown as its multiple-response table.
    bool multi = false;
    for (const auto& x : ds_.vars())
      if (x.question == v.name) multi = true;
    s_ += "<section class=\"q\">\n<h3>" + L(v.label) + " <span class=\"note\">(" + Esc(v.name) + ")</span></h3>\n";
    s_ += regrouped_note_;
    // The question's tables as planned with every other table on the same respondents.
    const stats::QuestionTables* planned = Plan().Find(v.name);
    const stats::QuestionTables::By* planned_by = planned && by_ ? planned->Find(by_->name) : nullptr;
    if (planned && planned->withheld) {
      s_ += Withheld() + "</section>\n";
      return;
    }
    if (multi) {
      FreqTable t = planned ? planned->freq : stats::MultipleResponse(ds_, v.name, {}, w_);
      if (!planned) stats::Suppress(t, o_.min_cell);
      const std::string unchosen = DropUnchosen(t);
      Relabel(t);
      Figure(BarChart(t, v.label, o_.min_cell, W("report_hidden_chart"), LabelLang(), prose_), t.rows.size(),
             [&] { FreqTableHtml(t, W("report_multi_caption"), true); });
      s_ += unchosen;
      if (by_ && planned_by && planned_by->withheld)
        s_ += Withheld();
      else if (by_)
        MultiCrossHtml(v, planned_by);
    } else if (v.kind == VarKind::kCategory) {
      FreqTable t = planned ? planned->freq : stats::Frequencies(v, {}, w_);
      // With --by, the table's counts are its cross-tab's row totals: suppressed as one (planned),
      // or each would give the other's hidden cells away.
      std::optional<CrossTab> by_tab;
      if (planned_by && !planned_by->tabs.empty()) {
        by_tab = planned_by->tabs[0];
      } else if (by_) {
        by_tab = stats::Cross(v, *by_, {}, w_);
        stats::SuppressLinked(t, *by_tab, o_.min_cell);
      } else if (!planned) {
        stats::Suppress(t, o_.min_cell);
      }
      Relabel(t);
      if (by_tab) Relabel(*by_tab);
      const std::string unchosen = DropUnchosen(t);
      std::string chart;
      if (v.ordinal && by_ && by_->codes.size() <= 12) {
        chart = StackedChart(*by_tab, v.scored, v.label, LabelLang(), prose_);
      } else {
        chart = BarChart(t, v.label, o_.min_cell, W("report_hidden_chart"), LabelLang(), prose_);
      }
      Figure(chart, t.rows.size(), [&] { FreqTableHtml(t, W("report_all_respondents"), true); });
      s_ += unchosen;
      if (v.ordinal) ScoreHtml(v);
      if (by_ && planned_by && planned_by->withheld)
        s_ += Withheld();
      else if (by_)
        CrossHtml(v, &*by_tab);
    } else if (v.kind == VarKind::kNumber) {
      // Its n overall and by the breakdown are counts planned with every other table.
      // Its means are sums (mean × n) planned likewise; its extremes and quartiles are answers.
      NumberHtml(v.num, "", by_ ? Plan().NumberHidden(v.name, by_->name) : std::vector<bool>{},
                 Plan().NumberAllHidden(v.name), by_ ? Plan().MeanHidden(v.name, by_->name) : std::vector<bool>{},
                 Plan().MeanAllHidden(v.name), true);
    } else {
      TextHtml(v);
    }
    s_ += "</section>\n";
  }

  // Questions sharing a scale: one chart (a diverging bar per item for an agreement or importance
  // scale, sorted by the share on the scale's positive side; "don't know" in a column apart), one
  // table, and the positive share by the --by variable.
  void BatteryBlock(const Battery& b) {
    if (b.items.empty()) return;
    const Variable& first = *b.items.front();
    const bool scale = first.ordinal;
    ScaleLayout lay;
    lay.labels = first.code_labels;
    std::vector<int> scored;
    for (std::size_t i = 0; i < first.codes.size(); ++i) {
      if (i < first.scored.size() && !first.scored[i])
        lay.apart.push_back(static_cast<int>(i));
      else
        scored.push_back(static_cast<int>(i));
    }
    const std::size_t k = scored.size(), half = k / 2;
    std::vector<int> first_half(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(half));
    std::vector<int> second_half(scored.end() - static_cast<std::ptrdiff_t>(half), scored.end());
    if (k % 2) lay.middle = scored[half];
    int neg_first = 0, neg_second = 0;
    for (int c : first_half) neg_first += NegativeName(first.codes[c]);
    for (int c : second_half) neg_second += NegativeName(first.codes[c]);
    std::vector<int> first_out(first_half.rbegin(), first_half.rend());  // from the centre outwards
    if (neg_first > neg_second) {
      lay.left = first_out;
      lay.right = second_half;
    } else {
      lay.left = second_half;
      lay.right = first_out;
    }
    // The share a breakdown reports: the positive side of a scale, else the first answer.
    std::vector<int> share = scale ? lay.right : std::vector<int>{0};
    std::string share_label;  // HTML: the labels marked, joined by the report's "or"
    for (int c : share)
      share_label += (share_label.empty() ? "" : " " + Prose(W("report_or")) + " ") + L(first.code_labels[c]);

    struct Item {
      const Variable* v;
      FreqTable t;
      double share = 0;
    };
    std::vector<Item> items;
    for (const Variable* v : b.items) {
      const stats::QuestionTables* planned = Plan().Find(v->name);
      Item it{v, planned ? planned->freq : stats::Frequencies(*v, {}, w_), 0};
      if (!planned) stats::Suppress(it.t, o_.min_cell);
      for (int c : share) it.share += it.t.rows[c].pct;
      items.push_back(std::move(it));
    }
    if (scale)
      std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& c) { return a.share > c.share; });

    const std::string heading = b.title == section_title_ ? W("report_all_statements") : b.title;
    s_ += "<section class=\"q\">\n<h3>" + (b.title == section_title_ ? Esc(heading) : L(heading)) +
          " <span class=\"note\">(" +
          WCount(scale ? "report_items_scale" : "report_items_list", static_cast<long long>(items.size())) +
          ")</span></h3>\n";
    s_ += regrouped_note_;
    std::string chart;
    if (scale) {
      std::vector<ScaleItem> rows;
      for (const Item& it : items) {
        ScaleItem r;
        r.label = it.v->label;
        r.n = it.t.n;
        r.n_suppressed = it.t.total_suppressed;
        for (const auto& fr : it.t.rows) {
          r.pct.push_back(fr.pct);
          r.suppressed.push_back(fr.suppressed);
        }
        rows.push_back(std::move(r));
      }
      chart = DivergingChart(rows, lay, b.title, o_.min_cell, LabelLang(), prose_);
    } else {
      CrossTab c;
      c.row_labels = first.code_labels;
      c.row_codes = first.codes;
      const std::size_t R = first.codes.size(), C = items.size();
      c.n.assign(R * C, 0);
      c.count.assign(R * C, 0);
      c.suppressed.assign(R * C, false);
      for (std::size_t j = 0; j < C; ++j) {
        c.col_codes.push_back(items[j].v->name);
        c.col_labels.push_back(items[j].v->label);
        c.col_n.push_back(items[j].t.n);
        c.col_n_suppressed.push_back(items[j].t.total_suppressed);
        c.col_total.push_back(items[j].t.total);
      }
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t j = 0; j < C; ++j) {
          c.n[r * C + j] = items[j].t.rows[r].n;
          c.count[r * C + j] = items[j].t.rows[r].count;
          c.suppressed[r * C + j] = items[j].t.rows[r].suppressed;
        }
      chart = StackedChart(c, std::vector<bool>(R, true), b.title, LabelLang(), prose_);
    }
    Figure(chart, items.size(), [&] { BatteryTableHtml(b, first, items); });
    if (by_)
      BatteryCrossHtml(
          items.size(), [&](std::size_t i) { return items[i].v; }, share, share_label);
    s_ += "</section>\n";
  }

  // The battery's table: an item per row, the scale's answers as columns (% of those who answered the item).
  template <typename Items>
  void BatteryTableHtml(const Battery& b, const Variable& first, const Items& items) {
    s_ += "<table class=\"wide items\">\n<caption>" + WF("report_battery_caption", {L(b.title)}) +
          "</caption>\n<thead><tr><th scope=\"col\">" + Prose(W("report_item")) + "</th>";
    for (const auto& l : first.code_labels) s_ += Th(l, "col");
    s_ += "<th scope=\"col\">n</th></tr></thead>\n<tbody>\n";
    for (const auto& it : items) {
      s_ += "<tr>" + Th(it.v->label, "row");
      for (const auto& fr : it.t.rows) s_ += fr.suppressed ? sup_ : "<td>" + Pct0(fr.pct) + "</td>";
      s_ += (it.t.total_suppressed ? sup_ : "<td>" + Int(it.t.n) + "</td>") + "</tr>\n";
    }
    s_ += "</tbody>\n</table>\n";
  }

  // A long list (countries, sectors) loses its answers nobody chose from the chart and the table;
  // a note names them. A zero discloses no one, so this changes no suppression.
  std::string DropUnchosen(FreqTable& t) {
    constexpr std::size_t kLong = 14;
    if (t.rows.size() <= kLong) return "";
    std::string names;
    std::size_t dropped = 0;
    std::vector<stats::FreqRow> kept;
    for (auto& r : t.rows) {
      if (r.n == 0 && !r.suppressed) {
        names += (names.empty() ? "" : "; ") + L(r.label);
        ++dropped;
      } else {
        kept.push_back(std::move(r));
      }
    }
    t.rows = std::move(kept);
    if (!dropped) return "";
    return "<p class=\"note\">" + WF("report_not_chosen", {Int(static_cast<long long>(dropped)), names}) + "</p>\n";
  }

  // A chart kept on one page with its table when both are short enough to share a page (a long
  // table, such as forty countries, follows on its own and may break between rows).
  template <typename TableFn>
  void Figure(const std::string& chart, std::size_t rows, TableFn table) {
    constexpr std::size_t kRowsWithChart = 14;
    if (rows > kRowsWithChart) {
      s_ += chart;
      table();
      return;
    }
    s_ += "<div class=\"fig\">\n" + chart;
    table();
    s_ += "</div>\n";
  }

  std::string TakeHtml() { return std::move(s_); }

 private:
  std::string Lang() const { return o_.lang.empty() ? f_.lang() : o_.lang; }

  // The report's prose is in prose_ (<html lang=...>); the form's texts are in Lang() (or, a form's
  // own title, in its default language): each is marked with its language where it differs, so that
  // a screen reader reads it in the right voice (and the PDF printed from this HTML keeps it).
  // The labels' language: --lang when the form has it, else its default language (the labels the
  // statistics fall back to), "en" for a form that names none.
  std::string LabelLang() const {
    const std::string lang = Lang();
    if (!lang.empty() && lang != f_.lang() && !f_.HasLanguage(lang)) return f_.lang().empty() ? "en" : f_.lang();
    return lang.empty() ? "en" : lang;
  }
  std::string In(const std::string& text, const std::string& lang) const {
    if (lang.empty() || lang == prose_) return Esc(text);
    return "<span lang=\"" + Esc(lang) + "\">" + Esc(text) + "</span>";
  }
  std::string L(const std::string& text) const { return In(text, LabelLang()); }
  // A cell holding a label: its lang= on the cell.
  std::string LangAttr() const { return LabelLang() == prose_ ? std::string() : " lang=\"" + Esc(LabelLang()) + "\""; }

  // The report's own words in prose_ (English for a key its table lacks: tests/unit/report_words_test
  // lists them), as HTML: W() as text, WF() with {0}, {1}... replaced by `args` (HTML already),
  // WCount() with {0} a count (an ICU plural where the language's table writes one).
  const std::string& W(std::string_view key) const { return i18n::T(prose_, key); }
  std::string WF(std::string_view key, const std::vector<std::string>& args) const {
    std::string out = Prose(W(key));
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string mark = "{" + std::to_string(i) + "}";
      for (auto p = out.find(mark); p != std::string::npos; p = out.find(mark, p + args[i].size()))
        out.replace(p, mark.size(), args[i]);
    }
    return out;
  }
  // A table withheld by the plan (stats::PlanForm's fallback: no suppression of it could be proven).
  std::string Withheld() const { return "<p class=\"note\">" + Prose(W("report_withheld")) + "</p>\n"; }
  std::string WCount(std::string_view key, long long n) const {
    if (prose_ == "en") return WF(key, {Int(n)});
    return Prose(i18n::FormatCount(prose_, key, n));
  }
  // The text of `key` before and after its {0} (a heading made of words around a label).
  std::pair<std::string, std::string> Around(std::string_view key) const {
    const std::string& t = W(key);
    const auto at = t.find("{0}");
    if (at == std::string::npos) return {t + " ", ""};
    return {t.substr(0, at), t.substr(at + 3)};
  }

  // Numbers and dates as the prose's language writes them (ICU, CLDR: "1 234,5" in French, "1.234,5"
  // in German); in English as the report always wrote them (digits without grouping, ISO dates).
  std::string Int(long long n) const {
    return prose_ == "en" ? std::to_string(n) : i18n::FormatDecimal(prose_, static_cast<double>(n), 0);
  }
  std::string Dec(double x, int decimals) const {
    return prose_ == "en" ? fmt::format("{:.{}f}", x, decimals) : i18n::FormatDecimal(prose_, x, decimals);
  }
  // As printf's %g (`digits` significant digits).
  std::string Sig(double x, int digits) const {
    return prose_ == "en" ? fmt::format("{:.{}g}", x, digits) : i18n::FormatSignificant(prose_, x, digits);
  }
  // As printf's %g with its default precision (6).
  std::string G(double x) const {
    return prose_ == "en" ? fmt::format("{:g}", x) : i18n::FormatSignificant(prose_, x, 6);
  }
  std::string Pct(double p) const { return Dec(p, 1); }
  // Percentages in breakdowns are whole numbers: with the column n beside them they do not give a
  // suppressed neighbour's count away by difference to a decimal.
  std::string Pct0(double p) const { return Dec(p, 0); }
  std::string Pct0Sign(double p) const { return prose_ == "en" ? Pct0(p) + "%" : i18n::FormatPercent(prose_, p, 0); }
  std::string Date(TimeMs t) const { return prose_ == "en" ? StudyIsoDate(t) : FormatStudyDate(t, prose_); }
  // A date stored as YYYY-MM-DD (the day a form was anonymised).
  std::string IsoDate(const std::string& iso) const {
    int y = 0, m = 0, d = 0;
    if (prose_ == "en" || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return iso;
    return FormatStudyDate(LocalToUtc(StudyTimeZone(), y, m, d, 12, 0), prose_);
  }

  // The names the statistics give groups of countries (stats::Regions, GroupThinCountries: English),
  // in the report's language, found by their codes; a form's own labels are never renamed.
  std::string GroupName(std::string_view code, bool region) const {
    static constexpr std::pair<std::string_view, std::string_view> kRegions[] = {
        {"eu27", "report_region_eu27"},
        {"eea_efta", "report_region_eea_efta"},
        {"candidate", "report_region_candidate"},
        {"other", "report_region_other"}};
    static constexpr std::pair<std::string_view, std::string_view> kOthers[] = {
        {"other_eu27", "report_other_eu27"},
        {"other_eea_efta", "report_other_eea_efta"},
        {"other_candidate", "report_other_candidate"},
        {"other_other", "report_other_other"}};
    for (const auto& [c, key] : region ? std::span(kRegions) : std::span(kOthers))
      if (code == c) return W(key);
    return {};
  }
  void Relabel(Variable& v) const {
    const bool region = v.name == "_region";
    if (region) v.label = W("report_region");
    if (v.name == "_group") v.label = W("report_var_group");
    if (v.name == "_country") v.label = W("report_var_country");
    for (std::size_t i = 0; i < v.codes.size() && i < v.code_labels.size(); ++i)
      if (std::string name = GroupName(v.codes[i], region); !name.empty()) v.code_labels[i] = std::move(name);
  }
  void Relabel(FreqTable& t) const {
    for (auto& r : t.rows)
      if (std::string name = GroupName(r.code, false); !name.empty()) r.label = std::move(name);
  }
  void Relabel(CrossTab& c) const {
    const bool region = by_ && by_->name == "_region";
    for (std::size_t i = 0; i < c.row_codes.size() && i < c.row_labels.size(); ++i)
      if (std::string name = GroupName(c.row_codes[i], false); !name.empty()) c.row_labels[i] = std::move(name);
    for (std::size_t i = 0; i < c.col_codes.size() && i < c.col_labels.size(); ++i)
      if (std::string name = GroupName(c.col_codes[i], region); !name.empty()) c.col_labels[i] = std::move(name);
  }
  std::string Th(const std::string& label, const char* scope) const {
    return std::string("<th scope=\"") + scope + "\"" + LangAttr() + ">" + Esc(label) + "</th>";
  }

  // A heading in the report's words, or (`label`) one made of its words around a label in `label_lang`.
  void Heading(const std::string& title) { Heading("", title, "", prose_); }
  void Heading(const std::string& before, const std::string& label, const std::string& after,
               const std::string& label_lang) {
    section_title_ = before + label + after;
    TocEntry e;
    e.id = fmt::format("s{}", toc_.size() + 1);
    e.key = fmt::format("{} {}", toc_.size() + 1, section_title_);
    e.html = Esc(fmt::format("{} {}", toc_.size() + 1, before)) + In(label, label_lang) + Esc(after);
    s_ += "<h2 id=\"" + e.id + "\">" + e.html + "</h2>\n";
    toc_.push_back(std::move(e));
  }
  // A section's title: the form's group label, else its name (a code) or "Questions".
  void SectionHeading(const std::string& title) {
    if (title == "Questions")
      Heading(W("report_questions"));
    else
      Heading("", title, "", LabelLang());
  }

  std::string Title() const { return !title_.empty() ? title_ : f_.title.empty() ? f_.id : f_.title; }
  // The title marked: the study's in the labels' language, a form's in the form's own, an id as is.
  std::string TitleHtml() const {
    if (!title_.empty()) return L(title_);
    return f_.title.empty() ? Esc(f_.id) : In(f_.title, f_.lang());
  }

  void Head() {
    const std::string title = Title();
    // The document's language is its prose's; the labels carry their own (L()).
    s_ += "<!DOCTYPE html>\n<html lang=\"" + Esc(prose_) +
          "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\">\n";
    s_ += "<title>" + Esc(i18n::Format(prose_, "report_doc_title", {title})) + "</title>\n<style>" + std::string(kCss) +
          "</style>\n</head>\n<body>\n<main>\n";
  }

  void Cover() {
    s_ += "<section class=\"cover\">\n<p class=\"kicker\">" + Prose(W("report_kicker")) + "</p>\n<h1>" + TitleHtml() +
          "</h1>\n<dl>\n";
    if (title_.empty())
      s_ += "<dt>" + Prose(W("report_questionnaire")) + "</dt><dd>" +
            WF("report_form_version", {Esc(f_.id), Esc(f_.version)}) + "</dd>\n";
    if (ds_.first_submitted > 0)
      s_ += "<dt>" + Prose(W("report_fieldwork")) + "</dt><dd>" +
            WF("report_fieldwork_dates", {Esc(Date(ds_.first_submitted)), Esc(Date(ds_.last_submitted))}) + "</dd>\n";
    s_ += "<dt>" + Prose(W("report_responses")) + "</dt><dd>" +
          WCount("report_n_complete", static_cast<long long>(ds_.rows())) + "</dd>\n";
    s_ += "<dt>" + Prose(W("report_estimates")) + "</dt><dd>" +
          Prose(W(o_.weighting ? "report_weighted_margins" : "report_unweighted_see")) + "</dd>\n";
    if (!o_.generated_at.empty())
      s_ += "<dt>" + Prose(W("report_generated")) + "</dt><dd>" + Esc(o_.generated_at) + "</dd>\n";
    s_ += "</dl>\n";
    if (const Variable* g = ds_.Find("group"); g && g->kind == VarKind::kCategory) {
      FreqTable t = MarginTable(*g);
      FreqTableHtml(t, W("report_by_group"), false);
    }
    s_ += "</section>\n";
  }

  void Toc() {
    s_ += "<nav class=\"toc\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">" + Esc(W("report_contents")) +
          "</h2>\n<ol>\n";
    for (std::size_t i = 0; i < toc_.size(); ++i) {
      s_ += "<li><a href=\"#" + toc_[i].id + "\"><span class=\"t\">" + toc_[i].html + "</span>";
      if (o_.print)
        s_ += "<span class=\"pg\">" +
              (i < o_.toc_pages.size() && o_.toc_pages[i] > 0 ? std::to_string(o_.toc_pages[i]) : std::string("–")) +
              "</span>";
      s_ += "</a></li>\n";
    }
    s_ += "</ol>\n</nav>\n";
  }

  void Method() {
    auto titled = [&](std::string_view title, std::string_view key) {
      return "<strong>" + Prose(W(title)) + "</strong> " + Prose(W(key));
    };
    s_ += "<div class=\"method\">\n";
    s_ += "<p><strong>" + Prose(W("report_sample_title")) + "</strong> " +
          WCount("report_n_complete", static_cast<long long>(ds_.rows()));
    if (ds_.first_submitted > 0)
      s_ +=
          WF("report_received", {Esc(Date(ds_.first_submitted)), Esc(Date(ds_.last_submitted)), Esc(StudyTimeZone())});
    s_ += Prose(W("report_sample_rest")) + "</p>\n";
    if (o_.weighting) {
      s_ +=
          "<p><strong>" + Prose(W("report_weighting_title")) + "</strong> " +
          WF("report_weighting",
             {o_.weights_source.empty() ? std::string() : WF("report_weights_from", {Esc(o_.weights_source)}),
              o_.weighting->raked ? WCount("report_raking", o_.weighting->iterations) : Prose(W("report_poststrat"))}) +
          "</p>\n";
      const stats::WeightSummary ws = stats::Summarise(*o_.weighting);
      s_ += "<p>" +
            WF("report_weights_range", {Sig(ws.min, 3), Sig(ws.max, 3), Sig(ws.mean, 3), Dec(ws.deff, 2),
                                        Dec(ws.deff > 0 ? static_cast<double>(ws.n) / ws.deff : 0.0, 0)}) +
            "</p>\n";
    } else {
      s_ += "<p>" + titled("report_unweighted_title", "report_unweighted") + "</p>\n<p>" +
            titled("report_intervals_title", "report_intervals") + "</p>\n";
    }
    if (!o_.anonymised_on.empty()) {  // issue 25
      s_ += "<p class=\"anonymised\"><strong>" + Prose(W("report_anonymised_title")) + "</strong> " +
            WF("report_anonymised", {Esc(IsoDate(o_.anonymised_on))}) + "</p>\n";
    }
    if (o_.min_cell > 1)
      s_ += "<p><strong>" + Prose(W("report_small_cells_title")) + "</strong> " +
            WF("report_small_cells", {Int(o_.min_cell), Prose(W("report_hidden")), Prose(W("report_other_eu27")),
                                      Prose(W("report_other_other"))}) +
            "</p>\n";
    if (o_.min_cell > 1 && HasNumbers())
      s_ += "<p>" + WF("report_number_cells", {Int(o_.min_cell), Prose(W("report_hidden"))}) + "</p>\n";
    if (!o_.merged.empty()) {  // issue 23: merged by the team's choice, before suppressing
      s_ += "<div class=\"merged\"><p>" + titled("report_merged_title", "report_merged") + "</p>\n<ul>\n";
      for (const auto& m : o_.merged) s_ += "<li" + LangAttr() + ">" + Esc(m) + "</li>\n";
      s_ += "</ul></div>\n";
    }
    s_ += "<p>" + titled("report_batteries_title", "report_batteries") + "</p>\n";
    s_ += "</div>\n";
    for (const char* name : {"group", "country"}) {
      const Variable* v = ds_.Find(name);
      if (!v || v->kind != VarKind::kCategory) continue;
      FreqTable t = MarginTable(*v);
      const std::string& by_name = W(std::string_view(name) == "group" ? "report_by_group" : "report_by_country");
      if (t.rows.size() > 12) {
        // A long list (countries) in three columns side by side.
        s_ += "<p><strong>" + Esc(by_name) + "</strong></p>\n<div class=\"cols\">\n";
        const std::size_t per = (t.rows.size() + 2) / 3;
        for (std::size_t start = 0; start < t.rows.size(); start += per) {
          FreqTable part = t;
          part.rows.assign(t.rows.begin() + static_cast<std::ptrdiff_t>(start),
                           t.rows.begin() + static_cast<std::ptrdiff_t>(std::min(t.rows.size(), start + per)));
          FreqRowsHtml(part, "", false);
        }
        s_ += "</div>\n";
        FreqFootHtml(t);
      } else {
        FreqTableHtml(t, by_name, false);
      }
    }
  }

  // The method section's respondents by group or country, as the plan hides them.
  FreqTable MarginTable(const Variable& v) {
    FreqTable t;
    if (const FreqTable* m = Plan().Margin(v.name)) {
      t = *m;
    } else {
      t = stats::Frequencies(v);
      stats::Suppress(t, o_.min_cell);
    }
    Relabel(t);
    return t;
  }

  // A repeat's questions, analysed per instance (the microcredentials described, by level, workload,
  // format...): its own tables over the instances, columns by group or country when asked for.
  void Repeat(const stats::RepeatData& r) {
    const auto [before, after] = Around("report_per_instance");
    Heading(before, r.label, after, LabelLang());
    s_ += "<p class=\"note\">" +
          WF("report_repeat_note",
             {Int(static_cast<long long>(r.instances.rows())), Int(static_cast<long long>(r.responses))}) +
          "</p>\n";
    Options o = o_;
    o.weighting = nullptr;
    Writer w(f_, r.instances, o);
    const Variable* by = o.by.empty() ? nullptr : r.instances.Find(o.by);
    w.by_ = by && by->kind == VarKind::kCategory && by->question.empty() ? by : nullptr;
    if (w.by_ && w.by_->name == "_country") {
      w.GroupCountries(*w.by_);
    } else if (w.by_ && w.by_->name == "_group") {
      w.group_ = *w.by_;
      w.Relabel(w.group_);
      w.by_ = &w.group_;
    }
    w.instances_ = true;
    // The study report's repeat: united instances, each a sum of the questionnaires' own (their
    // reports' repeat sections), planned as the shared questions are (stats::PlanUnited).
    if (study_parts_ && study_parts_->size() > 1 && r.instances.Find("group") && o_.min_cell > 1) {
      std::vector<const stats::Dataset*> inst;
      std::vector<std::unique_ptr<stats::FormPlan>> plans;
      std::vector<const stats::FormPlan*> ptrs;
      for (const StudyPart& p : *study_parts_)
        for (const stats::RepeatData& pr : p.ds->repeats)
          if (pr.name == r.name) {
            inst.push_back(&pr.instances);
            plans.push_back(stats::PlanForm(pr.instances, nullptr, o_.min_cell, {}, false));
            ptrs.push_back(plans.back().get());
          }
      if (inst.size() == study_parts_->size()) w.plan_ = stats::PlanUnited(r.instances, inst, ptrs, o_.min_cell, {});
    }
    if (Status st = w.Proven(); !st.ok()) {
      s_ += Withheld();
      return;
    }
    for (const Section& sec : PlanSections(f_, r.instances, w.by_, Lang()))
      for (const Block& b : sec.blocks) {
        if (b.question)
          w.Question(*b.question);
        else
          w.BatteryBlock(b.battery);
      }
    s_ += w.s_;
  }

  // A weighted percentage's interval: ±1.96 linearised standard errors.
  stats::Interval WeightedCi(const Variable& v, std::int32_t code) {
    const stats::Interval ci = stats::DesignCi(stats::MeanSe(stats::Indicator(v, code), *o_.weighting));
    return {100 * ci.lo, 100 * ci.hi};
  }

  void FreqRowsHtml(const FreqTable& t, const std::string& caption, bool with_ci) {
    s_ += "<table>\n";
    if (!caption.empty()) s_ += "<caption>" + Esc(caption) + "</caption>\n";
    const bool both = t.weighted;  // weighted and unweighted side by side
    s_ += "<thead><tr><th scope=\"col\">" + Prose(W("report_answer")) +
          "</th><th scope=\"col\">n</th><th scope=\"col\">" + (both ? Prose(W("report_pct_weighted")) : "%") + "</th>";
    if (with_ci) s_ += "<th scope=\"col\">" + Prose(W("report_interval")) + "</th>";
    if (both) s_ += "<th scope=\"col\">" + Prose(W("report_pct_unweighted")) + "</th>";
    s_ += "</tr></thead>\n<tbody>\n";
    const Variable* v = ds_.Find(t.var);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      const auto& r = t.rows[i];
      s_ += "<tr>" + Th(r.label, "row");
      if (r.suppressed) {
        s_ += sup_;
        s_ += sup_;
        if (with_ci) s_ += sup_;
        if (both) s_ += sup_;
      } else if (t.total_suppressed) {
        // The base is hidden: a count and its share of the base would give it back (n / %), so
        // the shares and intervals are not shown.
        s_ += "<td>" + Int(r.n) + "</td><td>–</td>";
        if (with_ci) s_ += "<td>–</td>";
        if (both) s_ += "<td>–</td>";
      } else {
        s_ += "<td>" + Int(r.n) + "</td><td>" + Pct(r.pct) + "</td>";
        if (with_ci) {
          stats::Interval ci = r.ci;
          if (o_.weighting && !t.multiple && v) {
            // By the row's code, not its position: long lists drop their unchosen rows.
            const auto at = std::find(v->codes.begin(), v->codes.end(), r.code);
            if (at != v->codes.end()) ci = WeightedCi(*v, static_cast<std::int32_t>(at - v->codes.begin()));
          } else if (o_.weighting && t.multiple) {
            // A choice of a select_multiple: its 0/1 column over those who answered the question,
            // design-based as the method section says (it was a Wilson interval at the unweighted n).
            if (const Variable* col = ds_.Find(t.var + "/" + r.code); col && col->kind == VarKind::kCategory)
              ci = WeightedCi(*col, 1);
          }
          s_ += "<td>" + Pct(ci.lo) + "–" + Pct(ci.hi) + "</td>";
        }
        if (both)
          s_ += "<td>" + Pct(t.n > 0 ? 100.0 * static_cast<double>(r.n) / static_cast<double>(t.n) : 0) + "</td>";
      }
      s_ += "</tr>\n";
    }
    s_ += "</tbody>\n</table>\n";
  }

  void FreqFootHtml(const FreqTable& t) {
    // A hidden base hides the number who did not answer too: the sample's n less it is the base.
    // A hidden "did not answer" (under the threshold, or giving a hidden count away) says so.
    s_ += "<p class=\"note\">" +
          (t.total_suppressed ? Prose(W("report_n_answered_hidden")) : WF("report_n_answered", {Int(t.n)})) +
          (t.missing && !t.total_suppressed && !t.missing_suppressed ? WF("report_did_not_answer", {Int(t.missing)})
           : t.missing && !t.total_suppressed                        ? Prose(W("report_missing_hidden"))
                                                                     : std::string()) +
          (t.weighted ? Prose(W("report_weighted_note")) : std::string()) + ".</p>\n";
  }

  void FreqTableHtml(const FreqTable& t, const std::string& caption, bool with_ci) {
    FreqRowsHtml(t, caption, with_ci);
    FreqFootHtml(t);
  }

  // A closed question by the --by variable: its answers as rows and the groups as columns, or, when
  // the groups are more than fit the page's width (countries), turned round.
  void CrossHtml(const Variable& v, const CrossTab* suppressed = nullptr) {
    CrossTab c = suppressed ? *suppressed : stats::Cross(v, *by_, {}, w_);
    if (!suppressed) stats::Suppress(c, o_.min_cell);
    Relabel(c);
    const std::size_t R = c.rows(), C = c.cols();
    auto cell = [&](std::size_t r, std::size_t k, bool with_n) {
      if (c.suppressed[r * C + k]) return sup_;
      // A hidden column n: the count alone (with its percentage, n / % gave the column's n back).
      if (with_n && c.col_n_suppressed[k]) return "<td>(" + Int(c.n[r * C + k]) + ")</td>";
      return with_n ? "<td>" + Pct0Sign(c.ColPct(r, k)) + " (" + Int(c.n[r * C + k]) + ")</td>"
                    : "<td>" + Pct0(c.ColPct(r, k)) + "</td>";
    };
    auto n_cell = [&](std::size_t k) { return c.col_n_suppressed[k] ? sup_ : "<td>" + Int(c.col_n[k]) + "</td>"; };
    if (C <= kMaxColumns) {
      s_ += "<table>\n<caption>" + WF("report_cross_caption", {L(by_->label)}) + "</caption>\n<thead><tr>" +
            Th(v.label, "col");
      for (std::size_t k = 0; k < C; ++k) s_ += Th(c.col_labels[k], "col");
      s_ += "</tr></thead>\n<tbody>\n";
      for (std::size_t r = 0; r < R; ++r) {
        s_ += "<tr>" + Th(c.row_labels[r], "row");
        for (std::size_t k = 0; k < C; ++k) s_ += cell(r, k, true);
        s_ += "</tr>\n";
      }
      s_ += "<tr><th scope=\"row\">n</th>";
      for (std::size_t k = 0; k < C; ++k) s_ += n_cell(k);
      s_ += "</tr>\n</tbody>\n</table>\n";
      return;
    }
    s_ += "<table class=\"wide\">\n<caption>" + WF("report_cross_wide_caption", {L(by_->label)}) +
          "</caption>\n<thead><tr>" + Th(by_->label, "col");
    for (std::size_t r = 0; r < R; ++r) s_ += Th(c.row_labels[r], "col");
    s_ += "<th scope=\"col\">n</th></tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < C; ++k) {
      if (c.col_n[k] == 0) continue;
      s_ += "<tr>" + Th(c.col_labels[k], "row");
      for (std::size_t r = 0; r < R; ++r) s_ += cell(r, k, false);
      s_ += n_cell(k) + "</tr>\n";
    }
    s_ += "</tbody>\n</table>\n";
  }

  // A select_multiple by the --by variable: one table, a row per choice (% choosing), a column per
  // group (turned round when they are many).
  void MultiCrossHtml(const Variable& v, const stats::QuestionTables::By* planned) {
    std::vector<const Variable*> choices;
    for (const auto& x : ds_.vars())
      if (x.question == v.name) choices.push_back(&x);
    if (choices.empty()) return;
    std::vector<CrossTab> tabs;
    if (planned && planned->tabs.size() == choices.size()) {
      tabs = planned->tabs;  // one column n for every choice, hidden alike
    } else {
      for (const Variable* x : choices) {
        tabs.push_back(stats::Cross(*x, *by_, {}, w_));
        stats::Suppress(tabs.back(), o_.min_cell);
      }
    }
    for (CrossTab& c : tabs) Relabel(c);
    const std::size_t C = tabs[0].cols();
    auto cell = [&](std::size_t i, std::size_t k) {
      const CrossTab& c = tabs[i];
      if (c.rows() < 2 || c.suppressed[1 * C + k]) return sup_;
      return "<td>" + Pct0(c.ColPct(1, k)) + "</td>";
    };
    auto n_cell = [&](std::size_t k) {
      return tabs[0].col_n_suppressed[k] ? sup_ : "<td>" + Int(tabs[0].col_n[k]) + "</td>";
    };
    const std::string caption = WF("report_multi_cross_caption", {L(v.label), L(by_->label)});  // HTML
    if (C <= kMaxColumns) {
      s_ += "<table>\n<caption>" + caption + "</caption>\n<thead><tr><th scope=\"col\">" + Prose(W("report_answer")) +
            "</th>";
      for (std::size_t k = 0; k < C; ++k) s_ += Th(tabs[0].col_labels[k], "col");
      s_ += "</tr></thead>\n<tbody>\n";
      for (std::size_t i = 0; i < choices.size(); ++i) {
        s_ += "<tr>" + Th(choices[i]->label, "row");
        for (std::size_t k = 0; k < C; ++k) s_ += cell(i, k);
        s_ += "</tr>\n";
      }
      s_ += "<tr><th scope=\"row\">n</th>";
      for (std::size_t k = 0; k < C; ++k) s_ += n_cell(k);
      s_ += "</tr>\n</tbody>\n</table>\n";
      return;
    }
    s_ += "<table class=\"wide\">\n<caption>" + caption + "</caption>\n<thead><tr>" + Th(by_->label, "col");
    for (const Variable* x : choices) s_ += Th(x->label, "col");
    s_ += "<th scope=\"col\">n</th></tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < C; ++k) {
      if (tabs[0].col_n[k] == 0) continue;
      s_ += "<tr>" + Th(tabs[0].col_labels[k], "row");
      for (std::size_t i = 0; i < choices.size(); ++i) s_ += cell(i, k);
      s_ += n_cell(k) + "</tr>\n";
    }
    s_ += "</tbody>\n</table>\n";
  }

  // A battery's share (the positive side of its scale) by the --by variable: items as rows, groups
  // as columns; turned round (groups as rows, items numbered) when the groups are many.
  template <typename ItemAt>
  void BatteryCrossHtml(std::size_t count, ItemAt item_at, const std::vector<int>& share,
                        const std::string& share_label) {
    const std::size_t C = by_->codes.size();
    struct Cell {
      long long base = 0, n = 0;
      double pct = 0;
    };
    std::vector<std::vector<Cell>> cells(count, std::vector<Cell>(C));
    std::vector<long long> by_n(C, 0);
    // The share and its base are sums of the item's planned cross-tab: shown only when they follow
    // from what that shows (stats::SumHidden), or they would give its hidden counts away.
    std::vector<std::vector<bool>> hidden(count, std::vector<bool>(C, o_.min_cell > 1));
    std::vector<std::vector<bool>> n_hidden(count, std::vector<bool>(C, o_.min_cell > 1));
    for (std::size_t i = 0; i < count; ++i) {
      const stats::QuestionTables* planned = o_.min_cell > 1 ? Plan().Find(item_at(i)->name) : nullptr;
      const stats::QuestionTables::By* pb = planned ? planned->Find(by_->name) : nullptr;
      if (pb && !pb->tabs.empty() && pb->tabs[0].cols() == C) {
        const bool withheld = pb->withheld || planned->withheld;
        hidden[i] = stats::SumHidden(pb->tabs[0], share, withheld);
        for (std::size_t k = 0; k < C; ++k) {
          n_hidden[i][k] = withheld || pb->tabs[0].col_n_suppressed[k];
          hidden[i][k] = hidden[i][k] || n_hidden[i][k];
        }
      } else if (o_.min_cell <= 1) {
        hidden[i].assign(C, false);
        n_hidden[i].assign(C, false);
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      CrossTab c = stats::Cross(*item_at(i), *by_, {}, w_);
      for (std::size_t k = 0; k < C; ++k) {
        Cell& x = cells[i][k];
        x.base = c.col_n[k];
        double num = 0;
        for (int r : share) {
          x.n += c.n[static_cast<std::size_t>(r) * C + k];
          num += c.count[static_cast<std::size_t>(r) * C + k];
        }
        x.pct = c.col_total[k] > 0 ? 100.0 * num / c.col_total[k] : 0;
        by_n[k] = std::max(by_n[k], x.base);
      }
    }
    // The share is published with its base n: a count under the threshold (or a base under it) is
    // shown as "<N"; the rest of the base is a sum over several answers, which reveals no one.
    auto cell = [&](std::size_t i, std::size_t k) {
      const Cell& x = cells[i][k];
      if (hidden[i][k] || x.base < o_.min_cell || (x.n > 0 && x.n < o_.min_cell)) return sup_;
      return "<td>" + Pct0(x.pct) + "</td>";
    };
    // The column's n is the largest item base: shown when an item with that base shows it.
    std::vector<bool> by_n_hidden(C, o_.min_cell > 1);
    for (std::size_t k = 0; k < C; ++k)
      for (std::size_t i = 0; i < count; ++i)
        if (cells[i][k].base == by_n[k] && !n_hidden[i][k]) by_n_hidden[k] = false;
    auto by_n_cell = [&](std::size_t k) {
      return (by_n[k] > 0 && (by_n[k] < o_.min_cell || by_n_hidden[k])) ? sup_ : "<td>" + Int(by_n[k]) + "</td>";
    };
    const std::string caption = WF("report_share_caption", {share_label, L(by_->label)});  // HTML (share_label is)
    if (C <= kMaxColumns) {
      s_ += "<table class=\"wide\">\n<caption>" + caption + "</caption>\n<thead><tr><th scope=\"col\">" +
            Prose(W("report_item")) + "</th>";
      for (std::size_t k = 0; k < C; ++k) s_ += Th(by_->code_labels[k], "col");
      s_ += "</tr></thead>\n<tbody>\n";
      for (std::size_t i = 0; i < count; ++i) {
        s_ += "<tr>" + Th(item_at(i)->label, "row");
        for (std::size_t k = 0; k < C; ++k) s_ += cell(i, k);
        s_ += "</tr>\n";
      }
      s_ += "<tr><th scope=\"row\">" + Prose(W("report_n_most")) + "</th>";
      for (std::size_t k = 0; k < C; ++k) s_ += by_n_cell(k);
      s_ += "</tr>\n</tbody>\n</table>\n";
      return;
    }
    s_ += "<table class=\"wide\">\n<caption>" + WF("report_items_numbered", {caption}) + "</caption>\n<thead><tr>" +
          Th(by_->label, "col");
    for (std::size_t i = 0; i < count; ++i) s_ += fmt::format("<th scope=\"col\">{}</th>", i + 1);
    s_ += "<th scope=\"col\">n</th></tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < C; ++k) {
      if (by_n[k] == 0) continue;
      s_ += "<tr>" + Th(by_->code_labels[k], "row");
      for (std::size_t i = 0; i < count; ++i) s_ += cell(i, k);
      s_ += by_n_cell(k);
      s_ += "</tr>\n";
    }
    s_ += "</tbody>\n</table>\n<ol class=\"note\">\n";
    for (std::size_t i = 0; i < count; ++i) s_ += "<li" + LangAttr() + ">" + Esc(item_at(i)->label) + "</li>\n";
    s_ += "</ol>\n";
  }

  // The score table is a function of the question's counts (its scored answers'): a row is shown
  // only when every scored count it sums is shown in the planned tables, else it would give a hidden
  // one away (its n less the shown ones).
  void ScoreHtml(const Variable& v) {
    std::vector<double> sc = stats::Scores(v);
    std::size_t k = 0;
    std::vector<int> scored;
    for (std::size_t i = 0; i < v.scored.size(); ++i)
      if (v.scored[i]) {
        ++k;
        scored.push_back(static_cast<int>(i));
      }
    std::vector<bool> by_hidden;
    bool all_hidden = false;
    if (const stats::QuestionTables* planned = Plan().Find(v.name)) {
      all_hidden = stats::SumHidden(planned->freq, scored, planned->withheld, true);
      if (by_)
        if (const stats::QuestionTables::By* b = planned->Find(by_->name); b && !b->tabs.empty())
          by_hidden = stats::SumHidden(b->tabs[0], scored, b->withheld || planned->withheld, true);
    }
    NumberHtml(
        sc,
        WF("report_score", {L(v.code_labels.front()), Int(static_cast<long long>(k)), L(v.code_labels[k ? k - 1 : 0])}),
        by_hidden, all_hidden, by_hidden, all_hidden, false);
  }

  // `caption`: HTML (its labels marked), "Summary" when empty.
  // `by_hidden` (per column of by_) and `all_hidden`: rows the plan hides, besides those under min_cell;
  // `by_mean_hidden`, `all_mean_hidden`: rows whose mean and standard deviation it hides (a sum).
  // `answers`: x are respondents' own answers (a number question), not scores of shown counts: a
  // minimum or maximum is shown only where at least min_cell respondents of the row gave it (else it
  // is one or a few people's answer), a quartile only where it rests on neither (R's type 7 reads
  // the order statistics around (n - 1) p).
  // Whether the report has a number question's summary (top level or in a repeat).
  bool HasNumbers() const {
    auto any = [](const stats::Dataset& d) {
      return std::any_of(d.vars().begin(), d.vars().end(),
                         [](const Variable& v) { return v.kind == VarKind::kNumber && v.question.empty(); });
    };
    if (any(ds_)) return true;
    return std::any_of(ds_.repeats.begin(), ds_.repeats.end(), [&](const auto& r) { return any(r.instances); });
  }

  void NumberHtml(const std::vector<double>& x, const std::string& caption, const std::vector<bool>& by_hidden,
                  bool all_hidden, const std::vector<bool>& by_mean_hidden, bool all_mean_hidden, bool answers) {
    auto th = [&](std::string_view key) { return "<th scope=\"col\">" + Prose(W(key)) + "</th>"; };
    s_ += "<table>\n<caption>" + (caption.empty() ? Prose(W("report_summary")) : caption) +
          "</caption>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">n</th>" + th("report_mean") +
          th("report_sd") + th("report_min") + "<th scope=\"col\">25%</th>" + th("report_median") +
          "<th scope=\"col\">75%</th>" + th("report_max") + "</tr></thead>\n<tbody>\n";
    auto row = [&](const std::string& name, const stats::Mask& m, bool label, bool hidden, bool mean_hidden) {
      stats::Summary s = stats::Describe(x, m, w_);
      if (s.n == 0 && !m.empty()) return;  // a group with no answer: nothing to say
      s_ += "<tr>" + (label ? Th(name, "row") : "<th scope=\"row\">" + Esc(name) + "</th>");
      if (s.n > 0 && (s.n < o_.min_cell || hidden)) {
        s_ += sup_;
        s_ +=
            "<td colspan=\"7\" class=\"sup\">" +
            (s.n < o_.min_cell ? WF("report_too_few_answers", {Int(o_.min_cell)}) : Prose(W("report_reveals_small"))) +
            "</td>";
      } else if (s.n == 0) {
        s_ += "<td>0</td><td colspan=\"7\"></td>";
      } else {
        const bool rules = answers && o_.min_cell > 1;
        s_ += "<td>" + Int(s.n) + "</td>";
        if (rules && mean_hidden)
          s_ += sup_ + sup_;
        else
          s_ += "<td>" + Dec(s.mean, 2) + "</td><td>" + Dec(s.sd, 2) + "</td>";
        const stats::OrderStatsShown show = stats::OrderStatsToShow(x, m, s, rules ? o_.min_cell : 1);
        auto cell = [&](double value, bool shown) { return shown ? "<td>" + G(value) + "</td>" : sup_; };
        s_ += cell(s.min, show.min) + cell(s.q1, show.q1) + cell(s.median, show.median) + cell(s.q3, show.q3) +
              cell(s.max, show.max);
      }
      s_ += "</tr>\n";
    };
    row(W("report_all"), {}, false, all_hidden, all_mean_hidden);
    if (by_) {
      for (std::size_t c = 0; c < by_->codes.size(); ++c)
        row(by_->code_labels[c], stats::Where(*by_, by_->codes[c]), true,
            c < by_hidden.size() ? by_hidden[c] : o_.min_cell > 1,
            c < by_mean_hidden.size() ? by_mean_hidden[c] : o_.min_cell > 1);
    }
    s_ += "</tbody>\n</table>\n";
  }

  void TextHtml(const Variable& v) {
    QuotesHtml(v);
    stats::TextSummary t = stats::SummariseText(v.text, {}, o_.lang.empty() ? "" : o_.lang, 15);
    s_ += "<p class=\"note\">" +
          WF("report_open_answers", {Int(static_cast<long long>(t.answers)), Int(std::max(2, o_.min_cell))}) + "</p>\n";
    for (auto* list : {&t.words, &t.phrases}) {
      std::string rows;
      for (const auto& w : *list) {
        if (w.answers < o_.min_cell) continue;
        rows += "<tr><td>" + Esc(w.term) + "</td><td>" + Int(static_cast<long long>(w.answers)) + "</td></tr>\n";
      }
      if (rows.empty()) continue;
      s_ += "<table>\n<caption>" + Prose(W(list == &t.words ? "report_words" : "report_phrases")) +
            "</caption>\n<thead><tr><th scope=\"col\">" + Prose(W("report_term")) + "</th><th scope=\"col\">" +
            Prose(W("report_answers")) + "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
    }
  }

  // The quotes the team chose for this question that an answer still reads (masked), in their order.
  void QuotesHtml(const Variable& v) {
    auto it = o_.quotes.find(v.name);
    if (it == o_.quotes.end() || it->second.empty()) return;
    std::set<std::string> present;
    for (const auto& a : v.text)
      if (!a.empty()) present.insert(QuoteOf(a));
    std::string items;
    std::size_t shown = 0;
    for (const auto& q : it->second) {
      if (shown == kMaxQuotes || !present.count(q)) continue;
      items += "<li>“" + Esc(q) + "”</li>\n";
      ++shown;
    }
    if (items.empty()) return;
    s_ += "<p class=\"note\">" + Prose(W("report_quotes")) + "</p>\n<ul class=\"quotes\">\n" + items + "</ul>\n";
  }

  // Every closed question's tables planned together (stats/linked.h): the same counts hidden in
  // every table, every document (reports by group, by country, the public page) and the method
  // section. Planned once, with the --by variable when it is neither group, country nor region.
  // Nothing is published from a plan whose suppression could not be proven.
  Status Proven() {
    if (o_.min_cell > 1 && !Plan().proven) {
      if (ds_.rows() < static_cast<std::size_t>(o_.min_cell))  // the usual case: N itself is a small count
        return MakeError(ErrorCode::kInvalid,
                         fmt::format("{} responses, fewer than the smallest count shown ({}): no table can be "
                                     "published without revealing one; the report is not written",
                                     ds_.rows(), o_.min_cell));
      return MakeError(ErrorCode::kInvalid,
                       "small-cell suppression could not be proven for these responses: the report is not written");
    }
    return Status::Ok();
  }

  const stats::FormPlan& Plan() {
    if (!plan_) plan_ = stats::PlanForm(ds_, by_, o_.min_cell, w_, !instances_);
    return *plan_;
  }

  const form::Form& f_;
  const stats::Dataset& ds_;
  const Options& o_;
  std::string prose_;  // the language of the report's own words (ProseLang)
  std::string sup_;    // a hidden cell
  std::unique_ptr<stats::FormPlan> plan_;
  const std::vector<StudyPart>* study_parts_ = nullptr;  // while the study report's repeats are written
  bool instances_ = false;                               // a repeat's instances: no method section counts them
  stats::Weights w_;
  const Variable* by_ = nullptr;
  Variable region_;          // countries grouped (by region, or by country where cells are thin)
  Variable countries_;       // by country: the countries as published (GroupThinCountries)
  Variable group_;           // by group: the group, its label in the report's language
  bool by_country_ = false;  // the breakdown is by country: thin tables fall back to regions
  std::string regrouped_note_;
  std::string title_;          // the study report's title (else the form's)
  std::string section_title_;  // the section being written
  std::string s_;
  std::vector<TocEntry> toc_;
};

// The page (1-based) of each contents entry in a printed report: the entries are found in order
// after the contents page (first their lines in the contents, then the headings themselves), so a
// heading's words elsewhere on a page cannot be mistaken for it.
// `contents`: the contents page's heading as the report's language writes it.
Result<std::vector<int>> HeadingPages(const std::vector<std::string>& pages, const std::vector<TocEntry>& toc,
                                      std::string_view contents) {
  auto norm = [](std::string_view in) {
    // A no-break space (French "avantages : ", "suivantes ?") reads as a space, in the key and in
    // the PDF's text alike.
    std::string spaced(in);
    for (const char* nb : {"\xC2\xA0", "\xE2\x80\xAF"})
      for (auto at = spaced.find(nb); at != std::string::npos; at = spaced.find(nb, at))
        spaced.replace(at, std::strlen(nb), " ");
    std::string_view s = spaced;
    std::string out;
    bool space = false;
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\r') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    return out;
  };
  std::vector<std::vector<std::string>> lines(pages.size());
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::size_t start = 0;
    for (std::size_t nl; start <= pages[p].size(); start = nl + 1) {
      nl = pages[p].find('\n', start);
      if (nl == std::string::npos) nl = pages[p].size();
      lines[p].push_back(norm(std::string_view(pages[p]).substr(start, nl - start)));
    }
  }
  std::size_t p = 0, l = 0;
  auto find = [&](std::string_view key, bool exact) {
    for (; p < lines.size(); ++p, l = 0) {
      for (; l < lines[p].size(); ++l) {
        const std::string& s = lines[p][l];
        if (exact ? s == key : s.starts_with(key)) {
          ++l;
          return true;
        }
      }
    }
    return false;
  };
  if (!find(norm(contents), true)) return MakeError(ErrorCode::kInternal, "the printed report has no contents page");
  std::vector<std::string> keys;
  for (const auto& e : toc) {
    std::string k = norm(e.key);
    if (k.size() > 36) k.resize(36);
    keys.push_back(std::move(k));
  }
  for (const auto& k : keys)
    if (!find(k, false)) return MakeError(ErrorCode::kInternal, "contents entry not found in the PDF: " + k);
  std::vector<int> out;
  for (const auto& k : keys) {
    if (!find(k, false)) return MakeError(ErrorCode::kInternal, "heading not found in the PDF: " + k);
    out.push_back(static_cast<int>(p) + 1);
  }
  return out;
}

// `lang`: the language of "Page N of M" (i18n "page_of"): the report's prose's.
internal::PrintSettings ReportPrintSettings(std::string_view lang = "en") {
  internal::PrintSettings ps;
  // The page box: A4 with the margins of the style sheet's @page (22/20 mm top/bottom, 17 mm sides);
  // the running header and the page number are drawn in them. The templates are Chromium's own (not
  // the document's), filled with the document's <title> and the page numbers by Chromium.
  ps.margin_top_in = 22 / 25.4;
  ps.margin_bottom_in = 20 / 25.4;
  ps.margin_side_in = 17 / 25.4;
  const std::string style =
      "font-family:'DejaVu Sans',Arial,sans-serif;font-size:7.5pt;color:#555;width:100%;margin:0 17mm;";
  ps.header_template = "<div style=\"" + style +
                       "border-bottom:0.5pt solid #bbb;padding-bottom:1mm\"><span class=\"title\"></span></div>";
  // The words escaped first, then Chromium's two placeholders put in for {0} and {1}.
  std::string page_of = HtmlEscape(i18n::T(lang, "page_of"));
  for (const auto& [mark, span] : {std::pair{"{0}", "<span class=\"pageNumber\"></span>"},
                                   std::pair{"{1}", "<span class=\"totalPages\"></span>"}}) {
    if (auto at = page_of.find(mark); at != std::string::npos) page_of.replace(at, 3, span);
  }
  ps.footer_template = "<div style=\"" + style + "text-align:right\">" + page_of + "</div>";
  return ps;
}

Status WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) return MakeError(ErrorCode::kUnavailable, "cannot write " + path);
  return Status::Ok();
}

Result<std::string> RenderBlock(const form::Form& f, const stats::Dataset& ds, const Options& opts,
                                const std::function<void(Writer&)>& fn) {
  Writer w(f, ds, opts);
  if (Status st = w.ResolveBy(); !st.ok()) return st.error();
  fn(w);
  return w.TakeHtml();
}

std::string PageKey(const form::Form& f, const form::Node& n, const std::unordered_map<int, int>& page_of) {
  const int idx = static_cast<int>(&n - f.nodes.data());
  auto it = page_of.find(idx);
  return it != page_of.end() ? fmt::format("p{}", it->second) : fmt::format("g{}", n.parent);
}
}  // namespace

std::string_view Css() {
  return kCss;
}

std::string ReportLanguage(std::string_view lang) {
  return ProseLang(lang);
}

std::string CssHash() {
  const std::string hex = Sha256Hex(kCss);
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return "'sha256-" + Base64(raw) + "'";
}

Result<std::string> RenderHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts) {
  std::string out;
  Writer w(f, ds, opts);
  if (Status st = w.Run(out); !st.ok()) return st.error();
  return out;
}

Status PrintPdf(const std::string& html_path, const std::string& pdf_path, const std::string& chromium,
                std::string_view lang) {
  auto browser = internal::Chromium::Start(chromium);
  if (!browser.ok()) return browser.error();
  auto pdf = (*browser)->Print(html_path, ReportPrintSettings(lang));
  if (!pdf.ok())
    return MakeError(ErrorCode::kUnavailable, "Chromium did not print " + pdf_path + ": " + pdf.error().message);
  return WriteFile(pdf_path, *pdf);
}

namespace {

// Renders (html, contents) for the options given; used by the two-pass printing below.
using RenderFn = std::function<Status(const Options&, std::string&, std::vector<TocEntry>&)>;

Status PrintTwoPass(const RenderFn& render, Options opts, const std::string& pdf_path, const std::string& chromium) {
  opts.print = true;
  opts.toc_pages.clear();
  const std::string prose = ProseLang(opts.lang);
  auto browser = internal::Chromium::Start(chromium);
  if (!browser.ok()) return browser.error();
  char tmpl[] = "/tmp/mcsurvey-report-XXXXXX";
  if (!mkdtemp(tmpl)) return MakeError(ErrorCode::kUnavailable, "cannot make a temporary folder");
  const std::string dir = tmpl, html_path = dir + "/report.html", tmp_pdf = dir + "/report.pdf";
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  // Pass 1 prints the contents with placeholders as wide as the numbers; each later pass prints
  // the pages found, until the headings stay where the contents say (the numbers do not move
  // anything, so the second pass normally holds).
  for (int pass = 0; pass < 4; ++pass) {
    std::string html;
    std::vector<TocEntry> toc;
    if (Status st = render(opts, html, toc); !st.ok()) return st;
    if (Status st = WriteFile(html_path, html); !st.ok()) return st;
    auto pdf = (*browser)->Print(html_path, ReportPrintSettings(prose));
    if (!pdf.ok())
      return MakeError(ErrorCode::kUnavailable, "Chromium did not print the report: " + pdf.error().message);
    if (Status st = WriteFile(tmp_pdf, *pdf); !st.ok()) return st;
    auto pages = internal::PdfPages(tmp_pdf);
    if (!pages.ok()) return pages.error();
    auto found = HeadingPages(*pages, toc, i18n::T(prose, "report_contents"));
    if (!found.ok()) return found.error();
    if (*found == opts.toc_pages) {
      std::error_code ec;
      std::filesystem::rename(tmp_pdf, pdf_path, ec);
      if (ec) {
        std::filesystem::copy_file(tmp_pdf, pdf_path, std::filesystem::copy_options::overwrite_existing, ec);
        if (ec) return MakeError(ErrorCode::kUnavailable, "cannot write " + pdf_path);
      }
      return Status::Ok();
    }
    opts.toc_pages = std::move(found).value();
  }
  return MakeError(ErrorCode::kInternal, "the contents' page numbers did not settle");
}

}  // namespace

Status WritePdf(const form::Form& f, const stats::Dataset& ds, Options opts, const std::string& pdf_path,
                const std::string& chromium) {
  // The options are checked before Chromium starts: a bad --by is a usage error, not a print failure.
  {
    Writer probe(f, ds, opts);
    if (Status st = probe.ResolveBy(); !st.ok()) return st;
  }
  return PrintTwoPass(
      [&](const Options& o, std::string& html, std::vector<TocEntry>& toc) {
        Writer w(f, ds, o);
        if (Status st = w.Run(html); !st.ok()) return st;
        toc = w.toc();
        return Status::Ok();
      },
      std::move(opts), pdf_path, chromium);
}

Result<std::string> RenderStudyHtml(const std::vector<StudyPart>& parts, const stats::Dataset& united,
                                    const std::string& title, const Options& opts) {
  if (parts.empty()) return MakeError(ErrorCode::kInvalid, "no questionnaire to report on");
  Options o = opts;
  o.by = "group";  // the core: a column per stakeholder group
  std::string out;
  Writer w(*parts[0].form, united, o);
  if (Status st = w.RunStudy(parts, title, opts.by, out); !st.ok()) return st.error();
  return out;
}

Status WriteStudyPdf(const std::vector<StudyPart>& parts, const stats::Dataset& united, const std::string& title,
                     Options opts, const std::string& pdf_path, const std::string& chromium) {
  if (parts.empty()) return MakeError(ErrorCode::kInvalid, "no questionnaire to report on");
  return PrintTwoPass(
      [&](const Options& o, std::string& html, std::vector<TocEntry>& toc) {
        Options core = o;
        core.by = "group";  // the core: a column per stakeholder group
        Writer w(*parts[0].form, united, core);
        if (Status st = w.RunStudy(parts, title, o.by, html); !st.ok()) return st;
        toc = w.toc();
        return Status::Ok();
      },
      std::move(opts), pdf_path, chromium);
}

std::string QuotesKey(std::string_view form_id) {
  return "report_quotes:" + std::string(form_id);
}

std::string QuoteOf(std::string_view answer) {
  std::string q = stats::MaskContacts(answer);
  for (char& c : q)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return q;
}

std::map<std::string, std::vector<std::string>> ParseQuotes(std::string_view stored) {
  std::map<std::string, std::vector<std::string>> out;
  std::size_t start = 0;
  while (start < stored.size()) {
    std::size_t nl = stored.find('\n', start);
    if (nl == std::string_view::npos) nl = stored.size();
    const std::string_view line = stored.substr(start, nl - start);
    if (const auto tab = line.find('\t'); tab != std::string_view::npos && tab > 0)
      out[std::string(line.substr(0, tab))].emplace_back(line.substr(tab + 1));
    start = nl + 1;
  }
  return out;
}

std::string SerializeQuotes(const std::map<std::string, std::vector<std::string>>& quotes) {
  std::string out;
  for (const auto& [question, list] : quotes)
    for (const auto& q : list) {
      std::string one = q;
      for (char& c : one)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      out += question + "\t" + one + "\n";
    }
  return out;
}

std::vector<Section> PlanSections(const form::Form& f, const stats::Dataset& ds, const stats::Variable* skip,
                                  std::string_view lang) {
  std::unordered_map<int, int> page_of;
  for (std::size_t p = 0; p < f.pages.size(); ++p)
    for (int q : f.pages[p].questions) page_of.emplace(q, static_cast<int>(p));
  const std::string& fb = f.lang();
  const std::string want = lang.empty() ? fb : std::string(lang);
  std::vector<Section> out;
  int section_node = -2;
  std::string last_key;  // page and choice list of the block before, while it can grow into a battery
  for (const Variable& v : ds.vars()) {
    if (!v.question.empty() || v.name.starts_with("_") || &v == skip) continue;
    const form::Node* n = NodeOf(f, v);
    // The section: the outermost group around the question (inside a repeat: the repeat's).
    int top = 0;
    if (n) {
      int at = static_cast<int>(n - f.nodes.data());
      while (at > 0 && f.nodes[at].parent > 0 && f.nodes[f.nodes[at].parent].type != form::Type::kRepeat)
        at = f.nodes[at].parent;
      top = at > 0 && f.nodes[at].parent >= 0 && at != static_cast<int>(n - f.nodes.data()) ? at : 0;
    }
    if (top != section_node || out.empty()) {
      Section sec;
      sec.title = top > 0 ? f.nodes[top].label.Get(want, fb) : std::string();
      if (sec.title.empty()) sec.title = top > 0 ? f.nodes[top].name : "Questions";
      out.push_back(std::move(sec));
      section_node = top;
      last_key.clear();
    }
    Section& sec = out.back();
    const bool can_join = n && n->type == form::Type::kSelectOne && n->choices && v.kind == VarKind::kCategory;
    std::string key = can_join ? PageKey(f, *n, page_of) + "/" + n->choices->name : std::string();
    // A question whose categories were merged (stats::ApplyMerges) no longer shares the list's scale.
    if (can_join)
      for (const auto& c : v.codes) key += "|" + c;
    if (can_join && !sec.blocks.empty() && key == last_key) {
      Block& prev = sec.blocks.back();
      if (prev.question) {
        const form::Node* pn = NodeOf(f, *prev.question);
        const form::Node* group = pn && pn->parent > 0 ? &f.nodes[pn->parent] : nullptr;
        prev.battery.title = group ? group->label.Get(want, fb) : std::string();
        if (prev.battery.title.empty()) prev.battery.title = n->choices->name;
        prev.battery.items = {prev.question, &v};
        prev.question = nullptr;
      } else {
        prev.battery.items.push_back(&v);
      }
      continue;
    }
    Block b;
    b.question = &v;
    sec.blocks.push_back(std::move(b));
    last_key = key;
  }
  return out;
}

Result<std::string> QuestionHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts,
                                 const stats::Variable& v) {
  return RenderBlock(f, ds, opts, [&](Writer& w) { w.Question(v); });
}

Result<std::string> BatteryHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts, const Battery& b) {
  return RenderBlock(f, ds, opts, [&](Writer& w) { w.BatteryBlock(b); });
}

}  // namespace mcs::report
