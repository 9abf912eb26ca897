// The one CSV reader (common/csv_reader.h), as a table: the input, how it is read, and the records it
// gives, each written "LINE: field|field|..." (records separated by " / ", a line break inside a field
// shown as \n, a carriage return as \r), then the error if there is one.
#include "common/csv_reader.h"

#include <gtest/gtest.h>

namespace mcs {
namespace {

struct Case {
  const char* name;
  std::string input;
  CsvOptions options;
  std::string records;
  std::string error;  // empty: none
};

CsvOptions Semicolon() { return {.separator = ';'}; }
CsvOptions Trimmed() { return {.trim = true}; }
CsvOptions Commented() { return {.trim = true, .comment = '#'}; }
CsvOptions Rows() { return {.keep_blank_lines = true}; }
CsvOptions Limit(std::size_t n) { return {.max_bytes = n}; }

std::string Show(const CsvTable& t) {
  std::string out;
  for (const auto& r : t.records) {
    if (!out.empty()) out += " / ";
    out += std::to_string(r.line) + ":";
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      out += i ? "|" : " ";
      for (char c : r.fields[i]) out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
    }
  }
  return out;
}

const Case kCases[] = {
    // name, input, options, records, error
    {"plain", "a,b,c\n1,2,3\n", {}, "1: a|b|c / 2: 1|2|3", ""},
    {"no final line break", "a,b\n1,2", {}, "1: a|b / 2: 1|2", ""},
    {"CRLF", "a,b\r\n1,2\r\n", {}, "1: a|b / 2: 1|2", ""},
    {"lone CR (old Mac files)", "a,b\r1,2\r", {}, "1: a|b / 2: 1|2", ""},
    {"empty fields", ",a,,\n", {}, "1: |a||", ""},
    {"a line of one separator is two empty fields", ",\n", {}, "1: |", ""},
    {"quoted separator", "\"a,b\",c\n", {}, "1: a,b|c", ""},
    {"doubled quote", "\"say \"\"hi\"\"\",x\n", {}, "1: say \"hi\"|x", ""},
    {"empty quoted field is a record", "\"\"\n", {}, "1: ", ""},
    {"line break inside quotes", "a,\"one\ntwo\"\nb,c\n", {}, "1: a|one\\ntwo / 3: b|c", ""},
    {"CRLF inside quotes kept as written", "\"x\r\ny\",z\r\nq\r\n", {}, "1: x\\r\\ny|z / 3: q", ""},
    {"quote inside an unquoted field is a character", "5\" disk,a\"b\n", {}, "1: 5\" disk|a\"b", ""},
    {"text after a closing quote stays with the field", "\"a\"b,c\n", {}, "1: ab|c", ""},
    {"UTF-8 byte order mark dropped", "\xEF\xBB\xBFname,e-mail\n", {}, "1: name|e-mail", ""},
    {"byte order mark only at the start", "a\n\xEF\xBB\xBF" "b\n", {}, "1: a / 2: \xEF\xBB\xBF" "b", ""},
    {"UTF-8 text kept", "Zürich,Łódź\n", {}, "1: Zürich|Łódź", ""},
    {"blank lines skipped, numbers kept", "a\n\n\nb\n", {}, "1: a / 4: b", ""},
    {"blank lines kept as rows", "a\n\nb\n", Rows(), "1: a / 2:  / 3: b", ""},
    {"no row after the last line break", "a\n", Rows(), "1: a", ""},
    {"spaces kept without trimming", " a , b \n   \n", {}, "1:  a | b  / 2:    ", ""},
    {"semicolon separator", "a;b,c;\"d;e\"\n", Semicolon(), "1: a|b,c|d;e", ""},
    {"trim: unquoted fields trimmed, quoted kept", " a ,\" b \", c\t\n", Trimmed(), "1: a| b |c", ""},
    {"trim: spaces after a closing quote dropped", "\"a\" , b\n", Trimmed(), "1: a|b", ""},
    {"without trim they stay", "\"a\" , b\n", {}, "1: a | b", ""},
    {"trim: a quote after spaces opens", "x,  \"a,b\"\n", Trimmed(), "1: x|a,b", ""},
    {"trim: a line of spaces is blank", "a\n   \r\nb\n", Trimmed(), "1: a / 3: b", ""},
    {"comment lines skipped", "# merges\nq,l,a,b\n  # another, \"open\nx\n", Commented(), "2: q|l|a|b / 4: x", ""},
    {"a quoted # is not a comment", "\"#x\",y\n", Commented(), "1: #x|y", ""},
    {"# inside a record is text", "a,#b\n", Commented(), "1: a|#b", ""},
    {"unclosed quote: line and field where it opened", "a,b\nc,\"d\ne\n", {}, "1: a|b / 2: c|d\\ne\\n",
     "line 2, column 2: a quote is not closed"},
    {"unclosed quote at the first field", "\"abc", {}, "1: abc", "line 1, column 1: a quote is not closed"},
    {"within the byte limit", "a,b\n", Limit(4), "1: a|b", ""},
    {"over the byte limit", "a,b\nc\n", Limit(4), "", "line 1, column 1: the file is larger than 4 bytes"},
    {"empty input", "", {}, "", ""},
    {"only a byte order mark", "\xEF\xBB\xBF", {}, "", ""},
};

TEST(CsvReader, Cases) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    CsvTable t = ReadCsvRecords(c.input, c.options);
    EXPECT_EQ(Show(t), c.records);
    EXPECT_EQ(t.error ? t.error->ToString() : std::string(), c.error);
  }
}

// A large file is read in one pass: 100,000 records of 4 fields, one of them quoted with a line break.
TEST(CsvReader, ManyRecords) {
  std::string text = "name,e-mail,group,country\n";
  for (int i = 0; i < 100000; ++i) text += "\"n" + std::to_string(i) + "\nx\",a" + std::to_string(i) + "@b.eu,g,FR\n";
  CsvTable t = ReadCsvRecords(text);
  ASSERT_FALSE(t.error);
  ASSERT_EQ(t.records.size(), 100001u);
  EXPECT_EQ(t.records.back().line, 200000);
  EXPECT_EQ(t.records.back().fields[0], "n99999\nx");
  EXPECT_EQ(t.records.back().fields[3], "FR");
}

}  // namespace
}  // namespace mcs
