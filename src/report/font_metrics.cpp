#include "report/font_metrics.h"

#include <algorithm>

#include "common/strings.h"

namespace mcs::report {
namespace {

#include "report/dejavu_widths.inc"

double Advance(char32_t c) {
  for (const WidthRange& r : kRanges) {
    if (c >= r.first && c < r.first + static_cast<char32_t>(r.count)) {
      const unsigned short w = r.widths[c - r.first];
      return w ? static_cast<double>(w) / kUnitsPerEm : 1.0;
    }
  }
  return 1.0;
}

struct Piece {
  std::string text;
  double width = 0;
  bool space_after = false;  // broken at a space (dropped at a line's end)
};

// Words with the separator they end with: a space (dropped where a line breaks) or a hyphen or
// slash (kept on the first line).
std::vector<Piece> Pieces(std::string_view s, double font_px) {
  std::vector<Piece> out;
  Piece cur;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const std::size_t len = std::max<std::size_t>(1, DecodeUtf8(s, i, &c));
    const std::string_view ch = s.substr(i, len);
    i += len;
    if (c == U' ' || c == U'\t' || c == U'\n' || c == U'\r') {
      if (!cur.text.empty()) {
        cur.space_after = true;
        out.push_back(std::move(cur));
        cur = {};
      } else if (!out.empty()) {
        out.back().space_after = true;  // after a piece a dash ended: "A - Agriculture", "Österreich – Ελλάδα"
      }
      continue;
    }
    cur.text += ch;
    cur.width += Advance(c) * font_px;
    if (c == U'-' || c == U'/' || c == U'\u2013' || c == U'\u2014') {
      out.push_back(std::move(cur));
      cur = {};
    }
  }
  if (!cur.text.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

double TextWidth(std::string_view text, double font_px) {
  double w = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    i += std::max<std::size_t>(1, DecodeUtf8(text, i, &c));
    w += Advance(c);
  }
  return w * font_px;
}

double WidestWord(std::string_view text, double font_px) {
  double w = 0;
  for (const Piece& p : Pieces(text, font_px)) w = std::max(w, p.width);
  return w;
}

std::vector<std::string> WrapText(std::string_view text, double max_px, double font_px) {
  const double space = Advance(U' ') * font_px;
  std::vector<std::string> lines;
  std::string line;
  double line_w = 0;
  bool pending_space = false;
  auto flush = [&] {
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    line_w = 0;
    pending_space = false;
  };
  for (Piece& p : Pieces(text, font_px)) {
    const double sep = pending_space ? space : 0;
    if (!line.empty() && line_w + sep + p.width > max_px) flush();
    if (p.width > max_px) {
      // A word wider than the line on its own: split between characters.
      for (std::size_t i = 0; i < p.text.size();) {
        char32_t c = 0;
        const std::size_t len = std::max<std::size_t>(1, DecodeUtf8(p.text, i, &c));
        const double cw = Advance(c) * font_px;
        if (!line.empty() && line_w + cw > max_px) flush();
        line += p.text.substr(i, len);
        line_w += cw;
        i += len;
      }
    } else {
      if (!line.empty() && pending_space) {
        line += ' ';
        line_w += space;
      }
      line += p.text;
      line_w += p.width;
    }
    pending_space = p.space_after;
  }
  flush();
  if (lines.empty()) lines.emplace_back();
  return lines;
}

}  // namespace mcs::report
