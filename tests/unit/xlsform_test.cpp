#include <gtest/gtest.h>

#include "xlsform/workbook.h"

namespace mcs::xlsform {
namespace {

TEST(Markdown, SheetNameRowThenHeaderRow) {
  Diagnostics d;
  Workbook wb = Read(
      "| survey |\n"
      "|        | type | name | label |\n"
      "|        | text | q1   | Q one |\n"
      "|        | integer | q2 | Q two |\n"
      "| choices | list_name | name | label |\n"
      "|         | yn        | yes  | Yes   |\n",
      Encoding::kMarkdown, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  ASSERT_EQ(wb.sheets.size(), 2u);
  const Sheet* s = wb.Find("SURVEY");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->header, (std::vector<std::string>{"type", "name", "label"}));
  ASSERT_EQ(s->rows.size(), 2u);
  // The header is row 1, so the first question is row 2, as a spreadsheet counts.
  EXPECT_EQ(s->rows[0].number, 2);
  EXPECT_EQ(s->rows[1].number, 3);
  EXPECT_EQ(s->rows[1].cells[0], "integer");
  EXPECT_EQ(wb.Find("choices")->rows[0].number, 2);
}

TEST(Markdown, HeaderOnTheSheetNameRowAndEscapedPipes) {
  Diagnostics d;
  Workbook wb = Read(
      "| survey | type | name | label |\n"
      "|--------|------|------|-------|\n"
      "|        | note | n1   | a \\| b |\n",
      Encoding::kMarkdown, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  const Sheet* s = wb.Find("survey");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->rows.size(), 1u);
  EXPECT_EQ(s->rows[0].cells[2], "a | b");
  EXPECT_EQ(s->rows[0].number, 2);
}

TEST(Csv, QuotedCellsWithCommasQuotesAndNewlines) {
  Diagnostics d;
  Workbook wb = Read(
      "survey,,,\r\n"
      ",type,name,label\r\n"
      ",text,q1,\"Hello, \"\"world\"\"\"\r\n"
      ",note,n1,\"two\nlines\"\r\n"
      ",text,q2,after\r\n",
      Encoding::kCsv, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  const Sheet* s = wb.Find("survey");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->rows.size(), 3u);
  EXPECT_EQ(s->rows[0].cells[2], "Hello, \"world\"");
  EXPECT_EQ(s->rows[1].cells[2], "two\nlines");
  EXPECT_EQ(s->rows[2].number, 4);
}

TEST(Csv, UnclosedQuoteIsReported) {
  Diagnostics d;
  Read("survey,,\n,type,name\n,text,\"q1\n", Encoding::kCsv, d);
  ASSERT_TRUE(d.HasErrors());
  EXPECT_NE(d.ToString().find("not closed"), std::string::npos);
}

TEST(Encoding, ByExtension) {
  EXPECT_EQ(EncodingOf("a/b/form.MD"), Encoding::kMarkdown);
  EXPECT_EQ(EncodingOf("form.csv"), Encoding::kCsv);
  EXPECT_EQ(EncodingOf("form.xlsx"), Encoding::kXlsx);
  EXPECT_EQ(EncodingOf("form.xls"), Encoding::kXls);
  EXPECT_EQ(EncodingOf("form"), Encoding::kUnknown);
}

TEST(Encoding, LegacyXlsGetsSaveAsMessage) {
  Diagnostics d;
  Read("\xD0\xCF\x11\xE0", Encoding::kXls, d);
  ASSERT_TRUE(d.HasErrors());
  EXPECT_NE(d.ToString().find("save the form as .xlsx"), std::string::npos);
}

TEST(Limits, OversizedFileRefused) {
  Diagnostics d;
  std::string big(kMaxFormBytes + 1, 'x');
  Read(big, Encoding::kCsv, d);
  EXPECT_TRUE(d.HasErrors());
}

TEST(Limits, RowBeforeAnySheet) {
  Diagnostics d;
  Read("|  | type | name |\n", Encoding::kMarkdown, d);
  ASSERT_TRUE(d.HasErrors());
  EXPECT_NE(d.ToString().find("before any sheet"), std::string::npos);
}

}  // namespace
}  // namespace mcs::xlsform
