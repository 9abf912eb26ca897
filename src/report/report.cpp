#include "report/report.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cmath>
#include <filesystem>

#include "common/crypto.h"
#include "common/strings.h"
#include "report/chart.h"
#include "stats/suppress.h"
#include "stats/text.h"

extern char** environ;

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
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
td.sup { color: #555; font-style: italic; }
.note { color: #444; font-size: 0.85rem; }
.method { background: #f4f4f4; padding: 0.5rem 1rem; border-left: 4px solid #0072B2; }
svg.chart { max-width: 100%; height: auto; display: block; }
section.q { break-inside: avoid-page; }
@media print { body { margin: 0; max-width: none; } h2 { break-before: page; } }
)css";

std::string Esc(std::string_view s) { return HtmlEscape(s); }
std::string Pct(double p) { return fmt::format("{:.1f}", p); }
constexpr const char* kSup = "<td class=\"sup\">suppressed</td>";

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

class Writer {
 public:
  Writer(const form::Form& f, const stats::Dataset& ds, const Options& o) : f_(f), ds_(ds), o_(o) {
    if (o_.weighting) w_ = o_.weighting->w;
  }

  Status Run(std::string& out) {
    if (!o_.by.empty()) {
      by_ = ds_.Find(o_.by);
      if (!by_ || by_->kind != VarKind::kCategory || !by_->question.empty())
        return MakeError(ErrorCode::kInvalid, "--by " + o_.by + ": no group, country or closed question of that name");
    }
    Header();
    Sample();
    for (const Variable& v : ds_.vars()) {
      if (!v.question.empty() || v.name.starts_with("_") || &v == by_) continue;
      Question(v);
    }
    for (const stats::RepeatData& r : ds_.repeats) Repeat(r);
    s_ += "</main>\n</body>\n</html>\n";
    out = std::move(s_);
    return Status::Ok();
  }

 private:
  void Header() {
    s_ += "<!DOCTYPE html>\n<html lang=\"" + Esc(o_.lang.empty() ? (f_.lang().empty() ? "en" : f_.lang()) : o_.lang) +
          "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    s_ += "<title>" + Esc(f_.title.empty() ? f_.id : f_.title) + " — report</title>\n<style>" + std::string(kCss) +
          "</style>\n</head>\n<body>\n<main>\n";
    s_ += "<h1>" + Esc(f_.title.empty() ? f_.id : f_.title) + "</h1>\n";
    s_ += "<p class=\"note\">Form " + Esc(f_.id) + ", version " + Esc(f_.version) +
          (o_.generated_at.empty() ? "" : ". Generated " + Esc(o_.generated_at)) + ".</p>\n";
    s_ += "<h2>Method and sample</h2>\n<div class=\"method\">\n";
    s_ += fmt::format("<p>Responses analysed: <strong>n = {}</strong> (complete responses; responses excluded by "
                      "the study team and test responses are left out).</p>\n",
                      ds_.rows());
    if (o_.weighting) {
      s_ += "<p>Weighted to population margins" +
            (o_.weights_source.empty() ? std::string() : " from " + Esc(o_.weights_source)) + " by " +
            (o_.weighting->raked ? fmt::format("raking ({} iterations)", o_.weighting->iterations)
                                 : std::string("post-stratification")) +
            ". Percentages are weighted; n is always the number of respondents. 95% intervals use "
            "design-based standard errors (linearisation, as R's survey package).</p>\n";
    } else {
      s_ += "<p>Unweighted. This is an open-link survey: people chose to take part, so it is not a random "
            "sample and the figures describe the respondents, not a population. The 95% intervals "
            "(Wilson) show only the uncertainty a random sample of this size would have.</p>\n";
    }
    if (!o_.anonymised_on.empty()) {
      s_ += "<p class=\"anonymised\">The data were anonymised on " + Esc(o_.anonymised_on) +
            ": no contact details or invitation links are kept, and response times only to the day.</p>\n";
    }
    if (o_.min_cell > 1)
      s_ += fmt::format("<p>Cells with fewer than {} respondents are suppressed, and so is a second cell "
                        "wherever totals would otherwise reveal one.</p>\n",
                        o_.min_cell);
    s_ += "</div>\n";
  }

  // A repeat's questions, analysed per instance (the microcredentials described, by level, workload,
  // format...): its own tables over the instances, columns by group or country when asked for.
  void Repeat(const stats::RepeatData& r) {
    s_ += "<h2>" + Esc(r.label) + " <span class=\"note\">(" + Esc(r.name) + ", per instance)</span></h2>\n";
    s_ += fmt::format("<p class=\"note\">A repeated section: each instance is counted once. n = {} instances in "
                      "{} responses. Tables count instances, not respondents, and are unweighted.</p>\n",
                      r.instances.rows(), r.responses);
    Options o = o_;
    o.weighting = nullptr;
    Writer w(f_, r.instances, o);
    const Variable* by = o.by.empty() ? nullptr : r.instances.Find(o.by);
    w.by_ = by && by->kind == VarKind::kCategory && by->question.empty() ? by : nullptr;
    for (const Variable& v : r.instances.vars()) {
      if (!v.question.empty() || v.name.starts_with("_") || &v == w.by_) continue;
      w.Question(v);
    }
    s_ += w.s_;
  }

  void Sample() {
    for (const char* name : {"group", "country"}) {
      const Variable* v = ds_.Find(name);
      if (!v || v->kind != VarKind::kCategory) continue;
      FreqTable t = stats::Frequencies(*v);
      stats::Suppress(t, o_.min_cell);
      FreqTableHtml(t, std::string("Respondents by ") + name, false);
    }
  }

  void Question(const Variable& v) {
    // Text columns of a select_multiple are shown as its multiple-response table.
    bool multi = false;
    for (const auto& x : ds_.vars())
      if (x.question == v.name) multi = true;
    std::string body;
    s_ += "<section class=\"q\">\n<h3>" + Esc(v.label) + " <span class=\"note\">(" + Esc(v.name) + ")</span></h3>\n";
    if (multi) {
      FreqTable t = stats::MultipleResponse(ds_, v.name, {}, w_);
      stats::Suppress(t, o_.min_cell);
      s_ += BarChart(t, v.label);
      FreqTableHtml(t, "Respondents choosing each answer (more than one answer possible)", true);
      if (by_) {
        for (const auto& x : ds_.vars())
          if (x.question == v.name) CrossHtml(x, by_, true);
      }
    } else if (v.kind == VarKind::kCategory) {
      FreqTable t = stats::Frequencies(v, {}, w_);
      stats::Suppress(t, o_.min_cell);
      if (v.ordinal && by_) {
        CrossTab c = stats::Cross(v, *by_, {}, w_);
        stats::Suppress(c, o_.min_cell);
        s_ += StackedChart(c, v.scored, v.label);
      } else {
        s_ += BarChart(t, v.label);
      }
      FreqTableHtml(t, "All respondents", true);
      if (v.ordinal) ScoreHtml(v);
      if (by_) CrossHtml(v, by_, false);
    } else if (v.kind == VarKind::kNumber) {
      NumberHtml(v.num, "");
    } else {
      TextHtml(v);
    }
    s_ += "</section>\n";
  }

  // A weighted percentage's interval: ±1.96 linearised standard errors.
  stats::Interval WeightedCi(const Variable& v, std::int32_t code) {
    stats::Estimate e = stats::MeanSe(stats::Indicator(v, code), *o_.weighting);
    return {std::max(0.0, 100 * (e.value - stats::kZ95 * e.se)), std::min(100.0, 100 * (e.value + stats::kZ95 * e.se))};
  }

  void FreqTableHtml(const FreqTable& t, const std::string& caption, bool with_ci) {
    s_ += "<table>\n<caption>" + Esc(caption) + "</caption>\n<thead><tr><th scope=\"col\">Answer</th>"
          "<th scope=\"col\">n</th><th scope=\"col\">%</th>";
    if (with_ci) s_ += "<th scope=\"col\">95% interval</th>";
    s_ += "</tr></thead>\n<tbody>\n";
    const Variable* v = ds_.Find(t.var);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      const auto& r = t.rows[i];
      s_ += "<tr><th scope=\"row\">" + Esc(r.label) + "</th>";
      if (r.suppressed) {
        s_ += kSup;
        s_ += kSup;
        if (with_ci) s_ += kSup;
      } else {
        s_ += fmt::format("<td>{}</td><td>{}</td>", r.n, Pct(r.pct));
        if (with_ci) {
          stats::Interval ci = r.ci;
          if (o_.weighting && !t.multiple && v) ci = WeightedCi(*v, static_cast<std::int32_t>(i));
          s_ += fmt::format("<td>{}–{}</td>", Pct(ci.lo), Pct(ci.hi));
        }
      }
      s_ += "</tr>\n";
    }
    s_ += "</tbody>\n</table>\n";
    s_ += "<p class=\"note\">n = " + (t.total_suppressed ? std::string("suppressed") : std::to_string(t.n)) +
          " answered" + (t.missing ? fmt::format("; {} did not answer", t.missing) : std::string()) +
          (t.weighted ? "; percentages weighted" : "") + ".</p>\n";
  }

  void CrossHtml(const Variable& v, const Variable* by, bool choice_column) {
    CrossTab c = stats::Cross(v, *by, {}, w_);
    stats::Suppress(c, o_.min_cell);
    const std::size_t C = c.cols();
    s_ += "<table>\n<caption>" +
          Esc(choice_column ? v.label + ": % choosing, by " + by->label : "By " + by->label + " (column %, n)") +
          "</caption>\n<thead><tr><th scope=\"col\">" + Esc(choice_column ? std::string() : v.label) + "</th>";
    for (std::size_t k = 0; k < C; ++k) s_ += "<th scope=\"col\">" + Esc(c.col_labels[k]) + "</th>";
    s_ += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < c.rows(); ++r) {
      if (choice_column && r == 0) continue;  // "not chosen" is the complement
      s_ += "<tr><th scope=\"row\">" + Esc(choice_column ? std::string("chosen") : c.row_labels[r]) + "</th>";
      for (std::size_t k = 0; k < C; ++k) {
        if (c.suppressed[r * C + k]) {
          s_ += kSup;
          continue;
        }
        s_ += fmt::format("<td>{}% ({})</td>", Pct(c.ColPct(r, k)), c.n[r * C + k]);
      }
      s_ += "</tr>\n";
    }
    s_ += "<tr><th scope=\"row\">n</th>";
    for (std::size_t k = 0; k < C; ++k)
      s_ += c.col_n_suppressed[k] ? std::string(kSup) : fmt::format("<td>{}</td>", c.col_n[k]);
    s_ += "</tr>\n</tbody>\n</table>\n";
  }

  void ScoreHtml(const Variable& v) {
    std::vector<double> sc = stats::Scores(v);
    std::size_t k = 0;
    for (bool b : v.scored) k += b;
    NumberHtml(sc, fmt::format("Score (1 = {}, {} = {})", v.code_labels.front(), k, v.code_labels[k ? k - 1 : 0]));
  }

  void NumberHtml(const std::vector<double>& x, const std::string& caption) {
    std::vector<const Variable*> groups;
    s_ += "<table>\n<caption>" + Esc(caption.empty() ? std::string("Summary") : caption) +
          "</caption>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">n</th><th scope=\"col\">mean</th>"
          "<th scope=\"col\">sd</th><th scope=\"col\">min</th><th scope=\"col\">25%</th><th scope=\"col\">median</th>"
          "<th scope=\"col\">75%</th><th scope=\"col\">max</th></tr></thead>\n<tbody>\n";
    auto row = [&](const std::string& name, const stats::Mask& m) {
      stats::Summary s = stats::Describe(x, m, w_);
      s_ += "<tr><th scope=\"row\">" + Esc(name) + "</th>";
      if (s.n < o_.min_cell && s.n > 0) {
        s_ += fmt::format("<td>{}</td>", s.n);
        for (int i = 0; i < 7; ++i) s_ += kSup;
      } else if (s.n == 0) {
        s_ += "<td>0</td><td colspan=\"7\"></td>";
      } else {
        s_ += fmt::format("<td>{}</td><td>{:.2f}</td><td>{:.2f}</td><td>{:g}</td><td>{:g}</td><td>{:g}</td><td>{:g}</td><td>{:g}</td>",
                          s.n, s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max);
      }
      s_ += "</tr>\n";
    };
    row("All", {});
    if (by_) {
      for (std::size_t c = 0; c < by_->codes.size(); ++c) row(by_->code_labels[c], stats::Where(*by_, by_->codes[c]));
    }
    s_ += "</tbody>\n</table>\n";
  }

  void TextHtml(const Variable& v) {
    stats::TextSummary t = stats::SummariseText(v.text, {}, o_.lang.empty() ? "" : o_.lang, 15);
    s_ += fmt::format("<p class=\"note\">Open answers: n = {}. Words and phrases used in at least {} answers.</p>\n",
                      t.answers, std::max(2, o_.min_cell));
    for (auto* list : {&t.words, &t.phrases}) {
      s_ += std::string("<table>\n<caption>") + (list == &t.words ? "Words" : "Phrases") +
            "</caption>\n<thead><tr><th scope=\"col\">Term</th><th scope=\"col\">answers</th></tr></thead>\n<tbody>\n";
      for (const auto& w : *list) {
        if (w.answers < o_.min_cell) continue;
        s_ += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", Esc(w.term), w.answers);
      }
      s_ += "</tbody>\n</table>\n";
    }
  }

  const form::Form& f_;
  const stats::Dataset& ds_;
  const Options& o_;
  stats::Weights w_;
  const Variable* by_ = nullptr;
  std::string s_;
};

}  // namespace

std::string_view Css() { return kCss; }

std::string CssHash() {
  const std::string hex = Sha256Hex(kCss);
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return "'sha256-" + Base64(raw) + "'";
}

Result<std::string> RenderHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts) {
  std::string out;
  Writer w(f, ds, opts);
  if (Status st = w.Run(out); !st.ok()) return st.error();
  return out;
}

Status PrintPdf(const std::string& html_path, const std::string& pdf_path, const std::string& chromium) {
  if (!std::filesystem::exists(chromium))
    return MakeError(ErrorCode::kUnavailable, "PDF needs Chromium (" + chromium + " not found)");
  const std::string url = "file://" + std::filesystem::absolute(html_path).string();
  const std::string out_arg = "--print-to-pdf=" + pdf_path;
  // Run directly, no shell: the paths are never interpreted.
  std::vector<std::string> args = {chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                   "--disable-background-networking", "--no-pdf-header-footer", out_arg, url};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, chromium.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return MakeError(ErrorCode::kUnavailable, "cannot start " + chromium);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !std::filesystem::exists(pdf_path) ||
      std::filesystem::file_size(pdf_path) == 0)
    return MakeError(ErrorCode::kUnavailable, "Chromium did not print " + pdf_path);
  return Status::Ok();
}

}  // namespace mcs::report
