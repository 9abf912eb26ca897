// The one CSV reader (RFC 4180) behind every CSV the study team uploads: XLSForms, contacts, targets,
// weighting margins, merged categories.
//
// Fields are separated by `separator` (',' or the ';' of spreadsheets where the comma is the decimal
// mark); a field that starts with a quote is quoted: it may hold separators, line breaks and quotes
// written twice (""). Records end at CRLF, LF or a lone CR. A UTF-8 byte order mark at the start is
// dropped. Lenient where spreadsheets are (as Excel and Python's csv module read them): text after a
// closing quote is kept with the field; a quote inside an unquoted field is an ordinary character.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcs {

struct CsvOptions {
  char separator = ',';
  // The largest input read, in bytes (0: no limit); a larger one is refused with an error at line 1.
  std::size_t max_bytes = 0;
  // Unquoted fields lose their surrounding spaces and tabs, and a quote after leading spaces still
  // opens a quoted field (whose content is kept as written). A line of spaces is then blank.
  bool trim = false;
  // A blank line (nothing between its line breaks) is a record of one empty field rather than skipped:
  // for a reader that counts rows as a spreadsheet does.
  bool keep_blank_lines = false;
  // When not 0, a line whose first character (after spaces, when trimming) is this one is skipped.
  char comment = 0;
};

struct CsvRecord {
  int line = 0;  // where the record starts, from 1 (a quoted line break makes the next one start later)
  std::vector<std::string> fields;
};

struct CsvError {
  int line = 0;    // from 1
  int column = 0;  // the field, from 1 (as a spreadsheet's columns count)
  std::string message;
  // "line 3, column 2: a quote is not closed"
  std::string ToString() const;
};

struct CsvTable {
  std::vector<CsvRecord> records;  // those read before an error too (an unclosed quote's record included)
  std::optional<CsvError> error;
};

// Reads the whole of `text` into records.
CsvTable ReadCsvRecords(std::string_view text, const CsvOptions& options = {});

}  // namespace mcs
