#include "xlsform/internal/table_builder.h"

#include "common/csv_reader.h"
#include "common/strings.h"

namespace mcs::xlsform::internal {

void TableBuilder::AddRow(std::vector<std::string> cells, int line) {
  for (auto& c : cells) c = std::string(Trim(c));
  bool blank = true;
  for (const auto& c : cells) blank = blank && c.empty();
  if (blank) {
    // A blank row inside a sheet still counts, as it does in a spreadsheet.
    if (!wb_.sheets.empty() && !need_header_) ++next_row_;
    return;
  }
  if (cells.size() > kMaxColumns + 1) {
    diags_.Error("", line, "", "more than " + std::to_string(kMaxColumns) + " columns");
    cells.resize(kMaxColumns + 1);
  }
  if (!cells[0].empty()) {
    Sheet sheet;
    sheet.name = cells[0];
    for (std::size_t i = 1; i < cells.size(); ++i) sheet.header.push_back(cells[i]);
    while (!sheet.header.empty() && sheet.header.back().empty()) sheet.header.pop_back();
    need_header_ = sheet.header.empty();
    next_row_ = 2;
    for (const Sheet& s : wb_.sheets) {
      if (EqualsIgnoreCase(s.name, sheet.name)) {
        diags_.Error(sheet.name, 0, "", "the sheet appears twice");
      }
    }
    wb_.sheets.push_back(std::move(sheet));
    return;
  }
  if (wb_.sheets.empty()) {
    diags_.Error("", line, "", "a row before any sheet name: the first column must name the sheet (survey, choices, settings)");
    return;
  }
  Sheet& sheet = wb_.sheets.back();
  cells.erase(cells.begin());
  if (need_header_) {
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    sheet.header = std::move(cells);
    need_header_ = false;
    return;
  }
  if (sheet.rows.size() >= kMaxRows) {
    if (sheet.rows.size() == kMaxRows) diags_.Error(sheet.name, next_row_, "", "more than " + std::to_string(kMaxRows) + " rows");
    ++next_row_;
    return;
  }
  if (cells.size() < sheet.header.size()) cells.resize(sheet.header.size());
  sheet.rows.push_back(Row{next_row_++, std::move(cells)});
}

Workbook TableBuilder::Finish() { return std::move(wb_); }

// Markdown tables: "| a | b |" lines; other lines (text, separators "|---|") are ignored.
// Inside a cell a backslash escapes what a table line cannot hold (as GitHub's tables escape "\|"):
// "\|" is a pipe, "\n" and "\r" a line break, "\\" a backslash; any other backslash is itself,
// so regular expressions such as '^\d+$' are written as they are.
Workbook ReadMarkdown(std::string_view bytes, Diagnostics& diags) {
  TableBuilder tb(diags);
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= bytes.size()) {
    std::size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) eol = bytes.size();
    std::string_view line = Trim(bytes.substr(pos, eol - pos));
    ++line_no;
    pos = eol + 1;
    if (line.empty() || line[0] != '|') continue;
    std::vector<std::string> cells;
    std::string cur;
    for (std::size_t i = 1; i < line.size(); ++i) {
      char next = i + 1 < line.size() ? line[i + 1] : '\0';
      if (line[i] == '\\' && (next == '|' || next == '\\' || next == 'n' || next == 'r')) {
        cur += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
        ++i;
      } else if (line[i] == '|') {
        cells.push_back(std::move(cur));
        cur.clear();
      } else {
        cur += line[i];
      }
    }
    if (!Trim(cur).empty()) cells.push_back(std::move(cur));  // a row without its closing pipe
    bool separator = !cells.empty();
    for (const auto& c : cells) {
      std::string_view t = Trim(c);
      if (t.empty() || t.find_first_not_of("-: ") != std::string_view::npos) separator = false;
    }
    if (separator) continue;
    if (cells.empty()) continue;
    tb.AddRow(std::move(cells), line_no);
    if (diags.items().size() > 1000) break;
  }
  return tb.Finish();
}

// RFC 4180 CSV (common/csv_reader.h): quoted fields may hold commas, quotes ("") and line breaks. A
// blank line is a row, as a spreadsheet counts it.
Workbook ReadCsv(std::string_view bytes, Diagnostics& diags) {
  TableBuilder tb(diags);
  CsvTable table = ReadCsvRecords(bytes, {.keep_blank_lines = true});
  for (std::size_t i = 0; i < table.records.size(); ++i) {
    CsvRecord& record = table.records[i];
    // An open quote runs to the end of the file: it is the last record's.
    if (table.error && i + 1 == table.records.size())
      diags.Error("", record.line, "", "a quoted cell is not closed before the end of the file");
    tb.AddRow(std::move(record.fields), record.line);
  }
  return tb.Finish();
}

}  // namespace mcs::xlsform::internal
