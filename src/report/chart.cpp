#include "report/chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/strings.h"

namespace mcs::report {
namespace {

// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
// deficiency.
constexpr const char* kBlue = "#0072B2";
// ColorBrewer PuOr (colour-blind safe, diverging) from one end of a scale to the other.
constexpr const char* kPuOr[] = {"#b35806", "#e08214", "#fdb863", "#d9d9d9", "#b2abd2", "#8073ac", "#542788"};
constexpr const char* kGrey = "#8c8c8c";

constexpr int kWidth = 720, kLabelW = 260, kBarW = 360, kRowH = 26;

std::string Esc(std::string_view s) { return HtmlEscape(s); }

// SVG text does not wrap: long labels are shortened (the table below has them whole).
std::string Short(const std::string& s, std::size_t max_chars = 38) {
  if (Utf8Length(s) <= max_chars) return s;
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size() && chars < max_chars - 1; ++chars) {
    std::size_t len = 1;
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xF0) len = 4;
    else if (b >= 0xE0) len = 3;
    else if (b >= 0xC0) len = 2;
    out += s.substr(i, len);
    i += len;
  }
  return out + "…";
}

std::string Pct(double p) { return fmt::format("{:.1f}%", p); }

}  // namespace

std::string BarChart(const stats::FreqTable& t, const std::string& title) {
  const int h = static_cast<int>(t.rows.size()) * kRowH + 10;
  std::string s = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{} (chart; the table below gives the numbers)\">\n<title>{}</title>\n",
      kWidth, h, kWidth, h, Esc(title), Esc(title));
  int y = 5;
  for (const auto& r : t.rows) {
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#222\">{}</text>\n",
                     kLabelW - 8, y + 17, Esc(Short(r.label)));
    if (r.suppressed) {
      s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#555\">suppressed (small cell)</text>\n",
                       kLabelW + 4, y + 17);
    } else {
      const double w = std::clamp(r.pct, 0.0, 100.0) / 100.0 * kBarW;
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>\n", kLabelW, y + 3, w,
                       kRowH - 8, kBlue);
      s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\" fill=\"#222\">{} (n={})</text>\n",
                       kLabelW + w + 6, y + 17, Pct(r.pct), r.n);
    }
    y += kRowH;
  }
  s += "</svg>\n";
  return s;
}

std::string StackedChart(const stats::CrossTab& t, const std::vector<bool>& scored, const std::string& title) {
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
  const int legend_h = static_cast<int>((R + 2) / 3) * 20 + 6;
  const int h = static_cast<int>(C) * kRowH + 10 + legend_h;
  std::string s = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{} (chart; the table below gives the numbers)\">\n<title>{}</title>\n",
      kWidth, h, kWidth, h, Esc(title), Esc(title));
  int y = 5;
  for (std::size_t c = 0; c < C; ++c) {
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#222\">{} (n={})</text>\n",
                     kLabelW - 8, y + 17, Esc(Short(t.col_labels[c], 28)), t.col_n[c]);
    double x = kLabelW;
    for (std::size_t r = 0; r < R; ++r) {
      if (t.suppressed[r * C + c]) continue;
      const double p = t.ColPct(r, c);
      const double w = p / 100.0 * kBarW;
      if (w <= 0) continue;
      s += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
                       x, y + 3, w, kRowH - 8, colour[r], Esc(t.row_labels[r]), Pct(p));
      if (p >= 8) {
        const bool dark = colour[r] == kPuOr[0] || colour[r] == kPuOr[6] || colour[r] == kPuOr[5];
        s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{}\">{:.0f}</text>\n",
                         x + w / 2, y + 16, dark ? "#fff" : "#000", p);
      }
      x += w;
    }
    y += kRowH;
  }
  // Legend, three entries a line.
  for (std::size_t r = 0; r < R; ++r) {
    const int lx = 10 + static_cast<int>(r % 3) * 235, ly = y + 6 + static_cast<int>(r / 3) * 20;
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", lx, ly, colour[r]);
    s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#222\">{}</text>\n", lx + 16, ly + 11,
                     Esc(Short(t.row_labels[r], 30)));
  }
  s += "</svg>\n";
  return s;
}

}  // namespace mcs::report
