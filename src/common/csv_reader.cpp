#include "common/csv_reader.h"

#include "common/strings.h"

namespace mcs {

std::string CsvError::ToString() const {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

namespace {

// The record being read: its fields so far and the field in progress.
class RecordBuilder {
 public:
  RecordBuilder(const CsvOptions& options, CsvTable& table) : options_(options), table_(table) {}

  void Start(int line) {
    line_ = line;
    fields_.clear();
    field_.clear();
    quoted_ = started_ = comment_ = false;
  }
  // No character yet in this field but spaces (when trimming): a quote here opens a quoted field.
  bool AtFieldStart() const {
    if (quoted_) return false;
    if (field_.empty()) return true;
    return options_.trim && Trim(field_).empty();
  }
  bool AtRecordStart() const { return fields_.empty() && AtFieldStart(); }
  int FieldNumber() const { return static_cast<int>(fields_.size()) + 1; }

  void OpenQuote() {
    field_.clear();
    closed_at_ = std::string::npos;
    quoted_ = started_ = true;
  }
  void Add(char c) {
    field_ += c;
    started_ = true;
  }
  void CloseQuote() { closed_at_ = field_.size(); }
  void EndField() {
    if (options_.trim && quoted_ && closed_at_ != std::string::npos)  // spaces after the closing quote go too
      field_ = field_.substr(0, closed_at_) + std::string(Trim(std::string_view(field_).substr(closed_at_)));
    fields_.push_back(quoted_ || !options_.trim ? std::move(field_) : std::string(Trim(field_)));
    field_.clear();
    quoted_ = false;
    started_ = true;
  }
  void MarkComment() { comment_ = true; }
  // At a line break outside quotes, or the end of the text.
  void EndRecord() {
    if (comment_) return;
    const bool blank_field = !quoted_ && (options_.trim ? Trim(field_).empty() : field_.empty());
    if (fields_.empty() && blank_field) {
      if (options_.keep_blank_lines) table_.records.push_back({line_, {std::string()}});
      return;
    }
    EndField();
    table_.records.push_back({line_, std::move(fields_)});
  }
  bool Started() const { return started_; }

 private:
  const CsvOptions& options_;
  CsvTable& table_;
  int line_ = 1;
  std::vector<std::string> fields_;
  std::string field_;
  std::size_t closed_at_ = std::string::npos;  // where a quoted field's closing quote stood
  bool quoted_ = false, started_ = false, comment_ = false;
};

}  // namespace

CsvTable ReadCsvRecords(std::string_view s, const CsvOptions& options) {
  CsvTable table;
  if (options.max_bytes > 0 && s.size() > options.max_bytes) {
    table.error = CsvError{1, 1, "the file is larger than " + std::to_string(options.max_bytes) + " bytes"};
    return table;
  }
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);  // a spreadsheet's byte order mark
  RecordBuilder record(options, table);
  int line = 1;
  bool in_quotes = false;
  int quote_line = 0, quote_column = 0;
  record.Start(line);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (in_quotes) {
      if (ch == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        record.Add('"');
        ++i;
      } else if (ch == '"') {
        in_quotes = false;
        record.CloseQuote();
      } else {
        if (ch == '\n' || (ch == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))) ++line;
        record.Add(ch);
      }
      continue;
    }
    if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      record.EndRecord();
      record.Start(++line);
    } else if (ch == options.separator) {
      record.EndField();
    } else if (ch == '"' && record.AtFieldStart()) {
      record.OpenQuote();
      in_quotes = true;
      quote_line = line;
      quote_column = record.FieldNumber();
    } else if (options.comment != 0 && ch == options.comment && record.AtRecordStart()) {
      record.MarkComment();
      while (i + 1 < s.size() && s[i + 1] != '\r' && s[i + 1] != '\n') ++i;
    } else {
      record.Add(ch);
    }
  }
  if (in_quotes) table.error = CsvError{quote_line, quote_column, "a quote is not closed"};
  if (record.Started()) record.EndRecord();
  return table;
}

}  // namespace mcs
