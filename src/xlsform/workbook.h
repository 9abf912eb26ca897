// XLSForm bytes → sheets of cells. One model for every encoding (.md, .csv, .xlsx): the
// encodings are thin readers under Workbook, and everything after (src/form) sees only Workbook.
// Nothing here knows what a survey is.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"

namespace mcs::xlsform {

struct Row {
  int number = 0;                  // as a spreadsheet counts: the sheet's header row is row 1
  std::vector<std::string> cells;  // trimmed; as many as the header (padded), or more
};

struct Sheet {
  std::string name;                 // as written
  std::vector<std::string> header;  // the column names as written (trimmed)
  std::vector<Row> rows;            // the rows after the header, blank rows left out
};

struct Workbook {
  std::vector<Sheet> sheets;
  // The sheet whose name matches case-insensitively, or nullptr.
  const Sheet* Find(std::string_view name) const;
};

enum class Encoding { kMarkdown, kCsv, kXlsx, kXls, kUnknown };

// The encoding a file name implies (by extension, case-insensitive).
Encoding EncodingOf(std::string_view file_name);

// Reads `bytes` in `encoding`. Problems go to `diags` (located by sheet and row); the workbook holds
// whatever could be read.
Workbook Read(std::string_view bytes, Encoding encoding, Diagnostics& diags);

// Reads the file at `path` (encoding from its name). A missing file is a diagnostic.
Workbook ReadFile(const std::string& path, Diagnostics& diags, std::string* bytes_out = nullptr);

// The workbook as markdown tables, in the layout ReadMarkdown reads (and pyxform's tests write):
// one table per sheet, "| survey | type | name | ... |" then one line per row, columns padded so
// the file reads well. Cells are escaped so that reading the text back gives the same cells: a pipe
// as "\|", a line break as "\n", a backslash before |, \, n or r as "\\". Row numbers are not
// kept: rows are written one after another.
std::string WriteMarkdown(const Workbook& workbook);

// Limits that keep a hostile upload from exhausting memory.
inline constexpr std::size_t kMaxFormBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxRows = 100000;
inline constexpr std::size_t kMaxColumns = 1000;

}  // namespace mcs::xlsform
