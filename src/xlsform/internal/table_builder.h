// Shared by the text encodings (.md, .csv): both write a workbook as one table whose first column
// names the sheet. A row whose first cell is non-empty starts a sheet; its other cells, if any, are
// the header, otherwise the next row is. (pyxform's tests write both styles.)
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "xlsform/workbook.h"

namespace mcs::xlsform::internal {

class TableBuilder {
 public:
  explicit TableBuilder(Diagnostics& diags) : diags_(diags) {}
  // Adds one line of the table. `line` is its line number in the file, for diagnostics.
  void AddRow(std::vector<std::string> cells, int line);
  Workbook Finish();

 private:
  Diagnostics& diags_;
  Workbook wb_;
  bool need_header_ = false;
  int next_row_ = 0;
};

Workbook ReadMarkdown(std::string_view bytes, Diagnostics& diags);
Workbook ReadCsv(std::string_view bytes, Diagnostics& diags);
// Office Open XML (.xlsx): each worksheet is a sheet, its first non-empty row the header; rows keep
// the numbers Excel shows. Defined in xlsx_reader.cpp.
Workbook ReadXlsx(std::string_view bytes, Diagnostics& diags);

}  // namespace mcs::xlsform::internal
