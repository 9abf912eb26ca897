// Diagnostics: a located message about an input file (a form), as `mcsurvey check` prints them:
//   FILE:SHEET:ROW[:COLUMN]: message
// Rows are counted as a spreadsheet counts them: the sheet's header row is row 1.
#pragma once
#include <string>
#include <vector>

namespace mcs {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  std::string sheet;   // empty when the problem is about the whole file
  int row = 0;         // 0 when not about a row
  std::string column;  // the column's header as written, empty when not about a column
  std::string message;

  // "FILE:SHEET:ROW:COLUMN: message", leaving out the parts that are not set.
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Error(std::string sheet, int row, std::string column, std::string message);
  void Warning(std::string sheet, int row, std::string column, std::string message);
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void SetFile(const std::string& file);

  bool HasErrors() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  std::string ToString() const;  // one diagnostic a line

 private:
  std::string file_;
  std::vector<Diagnostic> items_;
};

}  // namespace mcs
