#include "report/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/i18n.h"
#include "common/i18n_number.h"
#include "common/strings.h"
#include "report/font_metrics.h"

namespace mcs::report {
namespace {

// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
// deficiency.
constexpr const char* kBlue = "#0072B2";
// ColorBrewer PuOr (colour-blind safe, diverging) from one end of a scale to the other.
constexpr const char* kPuOr[] = {"#b35806", "#e08214", "#fdb863", "#d9d9d9", "#b2abd2", "#8073ac", "#542788"};
constexpr const char* kGrey = "#8c8c8c";

constexpr double kLabelPx = 13, kValuePx = 12, kLegendPx = 12, kLineH = 15;
constexpr int kRowH = 22;
// The label column: at least this, widened to the widest word, at most this share of the chart.
constexpr double kMinLabelW = 120, kMaxLabelShare = 0.45;
constexpr const char* kFont = "font-family=\"DejaVu Sans, sans-serif\"";

std::string Esc(std::string_view s) {
  return HtmlEscape(s);
}
// ` lang="text"` where a text's language differs from its surroundings', else nothing.
std::string LangAttr(std::string_view text, std::string_view around) {
  if (text.empty() || text == around) return "";
  return " lang=\"" + Esc(text) + "\"";
}
// A percentage and a count in the report's language (`prose`): as they were always written in
// English, by ICU (CLDR) in another language ("58,3 %", "1 234").
std::string Pct(double p, std::string_view prose) {
  return prose == "en" ? fmt::format("{:.1f}%", p) : i18n::FormatPercent(prose, p, 1);
}
std::string Pct0(double p, std::string_view prose) {
  return prose == "en" ? fmt::format("{:.0f}%", p) : i18n::FormatPercent(prose, p, 0);
}
std::string Count(long long n, std::string_view prose) {
  return prose == "en" ? std::to_string(n) : i18n::FormatDecimal(prose, static_cast<double>(n), 0);
}

// A label column wide enough for every label's widest word (so words are never split unless one
// is wider than the cap), and for whole labels when they fit.
double LabelWidth(const std::vector<std::string>& labels, double cap) {
  double whole = kMinLabelW, word = 0;
  for (const auto& l : labels) {
    whole = std::max(whole, TextWidth(l, kLabelPx) + 10);
    word = std::max(word, WidestWord(l, kLabelPx) + 10);
  }
  return std::clamp(std::max(std::min(whole, cap), word), kMinLabelW, kChartWidth * 0.6);
}

// A label right-aligned at x, its lines centred on the row's middle `mid`.
void Label(std::string& s, const std::vector<std::string>& lines, double x, double mid, double px = kLabelPx,
           const char* anchor = "end") {
  const double first = mid + px * 0.35 - (static_cast<double>(lines.size()) - 1) * kLineH / 2;
  if (lines.size() == 1) {
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" font-size=\"{}\" {} fill=\"#222\">{}</text>\n",
                     x, first, anchor, px, kFont, Esc(lines[0]));
    return;
  }
  s += fmt::format("<text text-anchor=\"{}\" font-size=\"{}\" {} fill=\"#222\">", anchor, px, kFont);
  for (std::size_t i = 0; i < lines.size(); ++i)
    s += fmt::format("<tspan x=\"{:.1f}\" y=\"{:.1f}\">{}</tspan>", x, first + static_cast<double>(i) * kLineH,
                     Esc(lines[i]));
  s += "</text>\n";
}

double RowHeight(std::size_t lines) {
  return std::max<double>(kRowH, static_cast<double>(lines) * kLineH + 6);
}

// The chart's accessible name says, in the page's language, that it is a chart and that the table
// after it gives the numbers (a screen reader reads the name, not the bars).
// A chart in another language than English says so (lang=), so that the report, English around its
// labels, has its charts read in their labels' voice; its English notes then carry lang="en".
std::string Open(double h, const std::string& title, std::string_view lang = "en") {
  return fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {:.0f}\" width=\"{}\" "
      "height=\"{:.0f}\"{} role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
      kChartWidth, std::ceil(h), kChartWidth, std::ceil(h), LangAttr(lang, "en"),
      Esc(i18n::Format(lang, "chart_label", {title})), Esc(title));
}

// Legend entries (colour, label) laid out in lines, each entry as wide as its text.
double Legend(std::string& s, const std::vector<std::pair<std::string, std::string>>& entries, double y) {
  double x = 10, line_y = y;
  for (const auto& [colour, label] : entries) {
    const double max_text = kChartWidth - 40;
    auto lines = WrapText(label, max_text, kLegendPx);
    double w = 0;
    for (const auto& l : lines) w = std::max(w, TextWidth(l, kLegendPx));
    if (x > 10 && x + 16 + w > kChartWidth - 10) {
      x = 10;
      line_y += 20;
    }
    s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", x, line_y, colour);
    for (std::size_t i = 0; i < lines.size(); ++i)
      s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" {} fill=\"#222\">{}</text>\n", x + 16,
                       line_y + 11 + static_cast<double>(i) * kLineH, kLegendPx, kFont, Esc(lines[i]));
    line_y += static_cast<double>(lines.size() - 1) * kLineH;
    x += 16 + w + 18;
  }
  return line_y + 20;
}

}  // namespace

std::string BarChart(const stats::FreqTable& t, const std::string& title, [[maybe_unused]] int min_cell,
                     const std::string& hidden, std::string_view lang, std::string_view hidden_lang) {
  // Bars are shares of the base: with the base hidden, a bar and its count would give it back.
  if (t.total_suppressed) return std::string();
  // Each bar's value as the page's language writes a percentage ("58,3 %" in French).
  auto value = [&](const stats::FreqRow& r) {
    return i18n::FormatPercent(lang, r.pct, 1) + fmt::format(" (n={})", r.n);
  };
  std::vector<std::string> labels;
  double value_w = 0;
  for (const auto& r : t.rows) {
    labels.push_back(r.label);
    value_w = std::max(value_w, TextWidth(r.suppressed ? hidden : value(r), kValuePx));
  }
  const double label_w = LabelWidth(labels, kChartWidth * kMaxLabelShare);
  const double bar_w = kChartWidth - label_w - value_w - 16;
  std::vector<std::vector<std::string>> wrapped;
  double h = 10;
  for (const auto& l : labels) {
    wrapped.push_back(WrapText(l, label_w - 10, kLabelPx));
    h += RowHeight(wrapped.back().size());
  }
  std::string s = Open(h, title, lang);
  double y = 5;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    const double rh = RowHeight(wrapped[i].size()), mid = y + rh / 2;
    Label(s, wrapped[i], label_w - 8, mid);
    if (r.suppressed) {
      // Not "<5": a partner hidden so that the total does not reveal a small cell holds 5 or more.
      s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" {} fill=\"#555\"{}>{}</text>\n", label_w + 4,
                       mid + 4, kValuePx, kFont, LangAttr(hidden_lang, lang), Esc(hidden));
    } else {
      const double w = std::clamp(r.pct, 0.0, 100.0) / 100.0 * bar_w;
      s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>\n", label_w,
                       mid - 9, w, 18, kBlue);
      s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" {} fill=\"#222\">{}</text>\n", label_w + w + 6,
                       mid + 4, kValuePx, kFont, Esc(value(r)));
    }
    y += rh;
  }
  s += "</svg>\n";
  return s;
}

std::string StackedChart(const stats::CrossTab& t, const std::vector<bool>& scored, const std::string& title,
                         std::string_view lang, std::string_view prose) {
  const std::size_t R = t.rows(), C = t.cols();
  // Colours: scored categories spread over PuOr, others grey.
  std::size_t k = 0;
  for (std::size_t r = 0; r < R; ++r) k += r >= scored.size() || scored[r];
  std::vector<std::string> colour(R, kGrey);
  std::size_t idx = 0;
  for (std::size_t r = 0; r < R; ++r) {
    if (r < scored.size() && !scored[r]) continue;
    const std::size_t pos = k <= 1 ? 3 : idx * 6 / (k - 1);
    colour[r] = kPuOr[pos];
    ++idx;
  }
  std::vector<std::string> labels;
  // A column whose n the plan hides: "n hidden", and its shares whole percentages (as the tables
  // print breakdowns), not the exact shares that would give the hidden n back.
  auto n_hidden = [&](std::size_t c) { return c < t.col_n_suppressed.size() && t.col_n_suppressed[c]; };
  for (std::size_t c = 0; c < C; ++c)
    labels.push_back(t.col_labels[c] + (n_hidden(c) ? " (n " + i18n::T(prose, "report_hidden") + ")"
                                                    : " (n=" + Count(t.col_n[c], prose) + ")"));
  const double label_w = LabelWidth(labels, kChartWidth * 0.35);
  const double bar_w = kChartWidth - label_w - 20;
  std::vector<std::vector<std::string>> wrapped;
  for (const auto& l : labels) wrapped.push_back(WrapText(l, label_w - 10, kLabelPx));
  std::string body;
  double y = 5;
  bool any_hole = false;
  for (std::size_t c = 0; c < C; ++c) {
    const double rh = RowHeight(wrapped[c].size()), mid = y + rh / 2;
    bool hole = false;
    for (std::size_t r = 0; r < R; ++r) hole = hole || t.suppressed[r * C + c];
    std::vector<std::string> lines = wrapped[c];
    Label(body, lines, label_w - 8, mid);
    double x = label_w;
    for (std::size_t r = 0; r < R; ++r) {
      if (t.suppressed[r * C + c]) continue;
      const double p = n_hidden(c) ? std::round(t.ColPct(r, c)) : t.ColPct(r, c);
      const double w = p / 100.0 * bar_w;
      if (w <= 0) continue;
      body += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"><title>{}: {}</title></rect>\n",
          x, mid - 9, w, colour[r], Esc(t.row_labels[r]), Esc(Pct(p, prose)));
      if (p >= 8) {
        const bool dark = colour[r] == kPuOr[0] || colour[r] == kPuOr[6] || colour[r] == kPuOr[5];
        body += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\" {} fill=\"{}\">{:.0f}</text>\n",
            x + w / 2, mid + 4, kFont, dark ? "#fff" : "#000", p);
      }
      x += w;
    }
    if (hole) {
      any_hole = true;
      body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" {} fill=\"#555\">*</text>\n", x + 3,
                          mid + 4, kFont);
    }
    y += rh;
  }
  std::vector<std::pair<std::string, std::string>> legend;
  for (std::size_t r = 0; r < R; ++r) legend.emplace_back(colour[r], t.row_labels[r]);
  std::string tail;
  double end = Legend(tail, legend, y + 6);
  if (any_hole) {
    tail += fmt::format("<text x=\"10\" y=\"{:.1f}\" font-size=\"11\" {} fill=\"#555\"{}>{}</text>\n", end + 4, kFont,
                        LangAttr(prose, lang), Esc(i18n::T(prose, "report_chart_holes")));
    end += 18;
  }
  std::string s = Open(end + 4, title, lang);
  s += body;
  s += tail;
  s += "</svg>\n";
  return s;
}

std::string DivergingChart(const std::vector<ScaleItem>& items, const ScaleLayout& lay, const std::string& title,
                           int min_cell, std::string_view lang, std::string_view prose) {
  // Colours: the left pole orange, the right pole purple, darker outwards; the middle light grey.
  const std::size_t K = lay.labels.size();
  std::vector<std::string> colour(K, kGrey);
  if (lay.middle >= 0) colour[lay.middle] = kPuOr[3];
  for (std::size_t i = 0; i < lay.left.size(); ++i)  // the outermost of each side the darkest
    colour[lay.left[i]] =
        kPuOr[lay.left.size() == 1 ? 1 : 2 - std::min<int>(2, static_cast<int>(i * 2 / (lay.left.size() - 1)))];
  for (std::size_t i = 0; i < lay.right.size(); ++i)
    colour[lay.right[i]] =
        kPuOr[lay.right.size() == 1 ? 5 : 4 + std::min<int>(2, static_cast<int>(i * 2 / (lay.right.size() - 1)))];

  auto side = [&](const ScaleItem& it, const std::vector<int>& cats) {
    double sum = 0;
    for (int c : cats)
      if (!it.suppressed[c]) sum += it.pct[c];
    return sum;
  };
  double extent = 10;  // % from the centre either way
  double apart_max = 0;
  std::vector<std::string> labels;
  for (const auto& it : items) {
    const double mid = lay.middle >= 0 && !it.suppressed[lay.middle] ? it.pct[lay.middle] / 2 : 0;
    extent = std::max({extent, side(it, lay.left) + mid, side(it, lay.right) + mid});
    for (int c : lay.apart)
      if (!it.suppressed[c]) apart_max = std::max(apart_max, it.pct[c]);
    labels.push_back(it.label + (it.n_suppressed ? " (n " + i18n::T(prose, "report_hidden") + ")"
                                                 : " (n=" + Count(it.n, prose) + ")"));
  }
  extent = std::min(100.0, std::ceil(extent / 10) * 10);
  const double apart_w = lay.apart.empty() ? 0 : 90;
  const double label_w = LabelWidth(labels, kChartWidth * kMaxLabelShare);
  const double plot_x = label_w + 4, plot_w = kChartWidth - plot_x - apart_w - 12;
  const double centre = plot_x + plot_w / 2, per_pct = plot_w / 2 / extent;
  std::vector<std::vector<std::string>> wrapped;
  for (const auto& l : labels) wrapped.push_back(WrapText(l, label_w - 10, kLabelPx));
  std::string body;
  // Axis: the centre line and the extent either way.
  body += fmt::format("<text x=\"{:.1f}\" y=\"14\" text-anchor=\"middle\" font-size=\"11\" {} fill=\"#555\">0</text>\n",
                      centre, kFont);
  body += fmt::format("<text x=\"{:.1f}\" y=\"14\" text-anchor=\"start\" font-size=\"11\" {} fill=\"#555\">{}</text>\n",
                      plot_x, kFont, Esc(Pct0(extent, prose)));
  body += fmt::format("<text x=\"{:.1f}\" y=\"14\" text-anchor=\"end\" font-size=\"11\" {} fill=\"#555\">{}</text>\n",
                      plot_x + plot_w, kFont, Esc(Pct0(extent, prose)));
  double y = 22;
  bool any_hole = false;
  auto seg = [&](double x, double w, const std::string& fill, const std::string& what, double p, double mid) {
    if (w <= 0) return;
    body += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"><title>{}: {}</title></rect>\n", x,
        mid - 9, w, fill, Esc(what), Esc(Pct(p, prose)));
    if (w >= 22) {
      const bool dark = fill == kPuOr[0] || fill == kPuOr[6] || fill == kPuOr[5];
      body += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\" {} fill=\"{}\">{:.0f}</text>\n",
          x + w / 2, mid + 4, kFont, dark ? "#fff" : "#000", p);
    }
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ScaleItem& it = items[i];
    const double rh = RowHeight(wrapped[i].size()), mid = y + rh / 2;
    Label(body, wrapped[i], label_w - 6, mid);
    const double half_mid = lay.middle >= 0 && !it.suppressed[lay.middle] ? it.pct[lay.middle] / 2 : 0;
    double x = centre - half_mid * per_pct;
    if (lay.middle >= 0 && !it.suppressed[lay.middle])
      seg(x, it.pct[lay.middle] * per_pct, colour[lay.middle], lay.labels[lay.middle], it.pct[lay.middle], mid);
    for (int c : lay.left) {  // outwards to the left
      if (it.suppressed[c]) continue;
      const double w = it.pct[c] * per_pct;
      x -= w;
      seg(x, w, colour[c], lay.labels[c], it.pct[c], mid);
    }
    x = centre + half_mid * per_pct;
    for (int c : lay.right) {
      if (it.suppressed[c]) continue;
      const double w = it.pct[c] * per_pct;
      seg(x, w, colour[c], lay.labels[c], it.pct[c], mid);
      x += w;
    }
    double ax = plot_x + plot_w + 12;
    for (int c : lay.apart) {
      if (it.suppressed[c]) {
        body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" {} fill=\"#555\"{}>{}</text>\n", ax,
                            mid + 4, kFont, LangAttr(prose, lang), Esc(i18n::T(prose, "report_hidden")));
        continue;
      }
      const double w = apart_max > 0 ? it.pct[c] / std::max(apart_max, 1.0) * (apart_w - 40) : 0;
      body += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"><title>{}: {}</title></rect>\n",
          ax, mid - 9, w, kGrey, Esc(lay.labels[c]), Esc(Pct(it.pct[c], prose)));
      body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" {} fill=\"#222\">{:.0f}</text>\n",
                          ax + w + 3, mid + 4, kFont, it.pct[c]);
    }
    bool hole = false;
    for (int c = 0; c < static_cast<int>(K); ++c)
      if (it.suppressed[c] && std::find(lay.apart.begin(), lay.apart.end(), c) == lay.apart.end()) hole = true;
    if (hole) {
      any_hole = true;
      body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" {} fill=\"#555\">*</text>\n",
                          plot_x + plot_w + 2, mid + 4, kFont);
    }
    y += rh;
  }
  body +=
      fmt::format("<line x1=\"{:.1f}\" y1=\"18\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333\" stroke-width=\"1\"/>\n",
                  centre, centre, y);
  std::vector<std::pair<std::string, std::string>> legend;
  for (auto it = lay.left.rbegin(); it != lay.left.rend(); ++it) legend.emplace_back(colour[*it], lay.labels[*it]);
  if (lay.middle >= 0) legend.emplace_back(colour[lay.middle], lay.labels[lay.middle]);
  for (int c : lay.right) legend.emplace_back(colour[c], lay.labels[c]);
  for (int c : lay.apart) legend.emplace_back(kGrey, i18n::Format(prose, "report_chart_apart", {lay.labels[c]}));
  std::string tail;
  double end = Legend(tail, legend, y + 6);
  if (any_hole) {
    tail += fmt::format("<text x=\"10\" y=\"{:.1f}\" font-size=\"11\" {} fill=\"#555\"{}>{}</text>\n", end + 4, kFont,
                        LangAttr(prose, lang),
                        Esc(i18n::Format(prose, "report_chart_holes_partners", {Count(min_cell, prose)})));
    end += 18;
  }
  std::string s = Open(end + 4, title, lang);
  s += body;
  s += tail;
  s += "</svg>\n";
  return s;
}

}  // namespace mcs::report
