// Workbook → markdown tables: the inverse of ReadMarkdown (internal/table_builder.cpp).
#include <algorithm>

#include "common/strings.h"
#include "xlsform/workbook.h"

namespace mcs::xlsform {
namespace {

// A cell as ReadMarkdown reads it back: see the escapes there.
std::string EscapeCell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\\') {
      // Only where the reader would take it for an escape; elsewhere (regular expressions' \d, \s)
      // it stays as written. A trailing backslash is followed by the padding space, not an escape.
      char next = i + 1 < text.size() ? text[i + 1] : '\0';
      bool ambiguous = next == '|' || next == '\\' || next == 'n' || next == 'r' || next == '\n' || next == '\r';
      out += ambiguous ? "\\\\" : "\\";
    } else {
      out += c;
    }
  }
  return out;
}

void AppendLine(std::string& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  out += '|';
  for (std::size_t i = 0; i < cells.size(); ++i) {
    out += ' ';
    out += cells[i];
    std::size_t len = Utf8Length(cells[i]);
    // The last column is not padded: no trailing spaces before the closing pipe of long texts.
    if (i + 1 < cells.size() && i < widths.size() && len < widths[i]) out.append(widths[i] - len, ' ');
    out += " |";
  }
  out += '\n';
}

}  // namespace

std::string WriteMarkdown(const Workbook& workbook) {
  std::string out;
  for (const Sheet& sheet : workbook.sheets) {
    if (!out.empty()) out += '\n';
    std::size_t ncols = sheet.header.size();
    for (const Row& r : sheet.rows) ncols = std::max(ncols, r.cells.size());
    // Column 0 holds the sheet's name; the header and cells follow.
    std::vector<std::vector<std::string>> lines;
    std::vector<std::string> head(ncols + 1);
    head[0] = EscapeCell(sheet.name);
    for (std::size_t i = 0; i < sheet.header.size(); ++i) head[i + 1] = EscapeCell(sheet.header[i]);
    lines.push_back(std::move(head));
    for (const Row& r : sheet.rows) {
      std::vector<std::string> line(ncols + 1);
      for (std::size_t i = 0; i < r.cells.size(); ++i) line[i + 1] = EscapeCell(r.cells[i]);
      lines.push_back(std::move(line));
    }
    // Columns are as wide as their widest short cell: a long label or note breaks the alignment of
    // its own line rather than pushing every other line far to the right.
    constexpr std::size_t kMaxPadded = 40;
    std::vector<std::size_t> widths(ncols + 1, 0);
    for (const auto& line : lines) {
      for (std::size_t i = 0; i < line.size(); ++i) {
        std::size_t len = Utf8Length(line[i]);
        if (len <= kMaxPadded) widths[i] = std::max(widths[i], len);
      }
    }
    for (const auto& line : lines) AppendLine(out, line, widths);
  }
  return out;
}

}  // namespace mcs::xlsform
