// The .xlsx reader: real files (pyxform's, and tests/data/xlsx/ written by openpyxl through
// tests/data/make_xlsx.py) and workbooks zipped here, part by part, for the XML-level corner cases and
// the limits.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

#include "common/strings.h"
#include "form/form.h"
#include "test_util.h"
#include "xlsform/workbook.h"

namespace mcs::xlsform {
namespace {

const std::string kData = std::string(MCS_SOURCE_DIR) + "/tests/data/";

using Parts = std::vector<std::pair<std::string, std::string>>;

// Zips `parts` in memory with libzip: the archive an .xlsx writer would make.
std::string Zip(const Parts& parts, zip_int32_t method = ZIP_CM_DEFLATE) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(za, content.data(), content.size(), 0);
    zip_int64_t idx = zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(idx, 0) << name;
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), method, 0);
  }
  EXPECT_EQ(zip_close(za), 0);
  std::string out;
  EXPECT_EQ(zip_source_open(src), 0);
  zip_source_seek(src, 0, SEEK_END);
  out.resize(static_cast<std::size_t>(zip_source_tell(src)));
  zip_source_seek(src, 0, SEEK_SET);
  EXPECT_EQ(zip_source_read(src, out.data(), out.size()), static_cast<zip_int64_t>(out.size()));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A minimal workbook: sheets given as the inside of <sheetData>, optional shared strings and styles.
struct Book {
  std::vector<std::pair<std::string, std::string>> sheets;
  std::string shared_strings;  // the <si> items; no part when empty
  std::string styles;          // the inside of <styleSheet>; no part when empty
  std::string workbook_pr;     // e.g. <workbookPr date1904="1"/>
  Parts extra;                 // more parts, or replacements

  Parts ToParts() const {
    std::string wb = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"") + kMain +
                     "\" xmlns:r=\"" + kRel + "\">" + workbook_pr + "<sheets>";
    std::string rels =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    Parts parts;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      std::string n = std::to_string(i + 1);
      wb += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
      rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRel + "/worksheet\" Target=\"worksheets/sheet" + n +
              ".xml\"/>";
      parts.push_back({"xl/worksheets/sheet" + n + ".xml", std::string("<worksheet xmlns=\"") + kMain +
                                                               "\"><sheetData>" + sheets[i].second +
                                                               "</sheetData></worksheet>"});
    }
    wb += "</sheets></workbook>";
    if (!shared_strings.empty()) {
      rels +=
          std::string("<Relationship Id=\"rIdS\" Type=\"") + kRel + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
      parts.push_back(
          {"xl/sharedStrings.xml", std::string("<sst xmlns=\"") + kMain + "\">" + shared_strings + "</sst>"});
    }
    if (!styles.empty()) {
      rels += std::string("<Relationship Id=\"rIdT\" Type=\"") + kRel + "/styles\" Target=\"/xl/styles.xml\"/>";
      parts.push_back(
          {"xl/styles.xml", std::string("<styleSheet xmlns=\"") + kMain + "\">" + styles + "</styleSheet>"});
    }
    rels += "</Relationships>";
    parts.insert(parts.begin(),
                 {{"[Content_Types].xml", "<Types/>"},
                  {"_rels/.rels",
                   std::string("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                               "<Relationship Id=\"rId1\" Type=\"") +
                       kRel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
                  {"xl/workbook.xml", wb},
                  {"xl/_rels/workbook.xml.rels", rels}});
    for (const auto& [name, content] : extra) {
      bool replaced = false;
      for (auto& p : parts) {
        if (p.first == name) p.second = content, replaced = true;
      }
      if (!replaced) parts.push_back({name, content});
    }
    return parts;
  }
  std::string Bytes() const { return Zip(ToParts()); }
};

std::string InlineCell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

// A survey sheet "type name label" with one question per (type, name, label) on rows 2, 3, ...
std::string SurveyRows(const std::vector<std::vector<std::string>>& rows) {
  std::string xml;
  int r = 1;
  for (const auto& row : rows) {
    xml += "<row r=\"" + std::to_string(r) + "\">";
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (!row[c].empty()) xml += InlineCell(std::string(1, static_cast<char>('A' + c)) + std::to_string(r), row[c]);
    }
    xml += "</row>";
    ++r;
  }
  return xml;
}

Workbook ReadBytes(const std::string& bytes, Diagnostics& d) {
  return Read(bytes, Encoding::kXlsx, d);
}

// The cell under `column` (header text) on the row numbered `row`; "<none>" when there is none.
std::string CellAt(const Sheet& s, int row, const std::string& column) {
  for (const Row& r : s.rows) {
    if (r.number != row) continue;
    for (std::size_t i = 0; i < s.header.size(); ++i) {
      if (s.header[i] == column) return i < r.cells.size() ? r.cells[i] : "";
    }
  }
  return "<none>";
}

// The first error as `mcsurvey check` prints it, without the file name (as pyxform_expected.tsv has it).
std::string FirstError(const Diagnostics& d) {
  for (const auto& item : d.items()) {
    if (item.severity == Severity::kError) return std::string(Trim(item.ToString().substr(item.file.size() + 1)));
  }
  return "";
}

// ---- pyxform's .xlsx forms ------------------------------------------------------------------------

std::vector<std::filesystem::path> PyxformXlsx() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(kData + "pyxform")) {
    if (e.path().extension() == ".xlsx") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(XlsxPyxform, EachCompilesOrIsRefusedWithALocatedMessage) {
  auto files = PyxformXlsx();
  ASSERT_GE(files.size(), 20u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    Diagnostics d;
    auto f = form::Compile(testing::ReadTestFile(path.string()), path.string(), d);
    if (f) continue;
    const Diagnostic* first = nullptr;
    for (const auto& item : d.items()) {
      if (item.severity == Severity::kError && !first) first = &item;
    }
    ASSERT_NE(first, nullptr);
    // A problem in a cell names its sheet, row and column; one about the workbook names the sheet
    // it misses. Never a bare reader failure.
    if (first->row > 0) {
      EXPECT_FALSE(first->sheet.empty()) << first->ToString();
    } else {
      EXPECT_NE(first->message.find("sheet"), std::string::npos) << first->ToString();
    }
    EXPECT_EQ(first->message.find("malformed"), std::string::npos) << first->ToString();
    EXPECT_EQ(first->message.find("not an .xlsx"), std::string::npos) << first->ToString();
  }
}

// The same form as .xlsx and as .md or .csv: the same normalised form, or the same diagnostics.
TEST(XlsxPyxform, SameAsTheMarkdownAndCsvEncodings) {
  int pairs = 0;
  for (const auto& xlsx : PyxformXlsx()) {
    for (const char* ext : {".md", ".csv"}) {
      auto other = xlsx;
      other.replace_extension(ext);
      if (!std::filesystem::exists(other)) continue;
      SCOPED_TRACE(other.filename().string());
      Diagnostics d1, d2;
      auto a = form::Compile(testing::ReadTestFile(xlsx.string()), xlsx.string(), d1);
      auto b = form::Compile(testing::ReadTestFile(other.string()), other.string(), d2);
      ASSERT_EQ(static_cast<bool>(a), static_cast<bool>(b)) << d1.ToString() << d2.ToString();
      if (a) {
        EXPECT_EQ(form::ToJson(*a), form::ToJson(*b));
      } else {
        ASSERT_EQ(d1.items().size(), d2.items().size()) << d1.ToString() << d2.ToString();
        for (std::size_t i = 0; i < d1.items().size(); ++i) {
          EXPECT_EQ(d1.items()[i].sheet, d2.items()[i].sheet);
          EXPECT_EQ(d1.items()[i].row, d2.items()[i].row);
          EXPECT_EQ(d1.items()[i].column, d2.items()[i].column);
          EXPECT_EQ(d1.items()[i].message, d2.items()[i].message);
        }
      }
      ++pairs;
    }
  }
  EXPECT_GE(pairs, 15);
}

TEST(XlsxPyxform, CachedFormulaResultsAndExcelDates) {
  Diagnostics d;
  Workbook wb = Read(testing::ReadTestFile(kData + "pyxform/xl_date_ambiguous_v1.xlsx"), Encoding::kXlsx, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  const Sheet* survey = wb.Find("survey");
  ASSERT_NE(survey, nullptr);
  // label::English is "=B2": the value Excel saved, not the formula.
  EXPECT_EQ(CellAt(*survey, 2, "label::English"), "name1");
  // 1900-01-01 under a date format (serial 1).
  EXPECT_EQ(CellAt(*survey, 6, "default"), "1900-01-01");
  EXPECT_EQ(CellAt(*wb.Find("changelog"), 2, "date"), "2018-09-18");
}

TEST(XlsxPyxform, FormattedButEmptyColumnsAreNotColumns) {
  // 6587 formatted columns, 3 with text: within kMaxColumns.
  Diagnostics d;
  Workbook wb = Read(testing::ReadTestFile(kData + "pyxform/extra_columns.xlsx"), Encoding::kXlsx, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  EXPECT_EQ(wb.Find("survey")->header, (std::vector<std::string>{"type", "name", "label"}));
}

// ---- Files written by openpyxl (tests/data/make_xlsx.py) --------------------------------------------

void ExpectValues(const std::string& file, const std::vector<std::pair<std::string, std::string>>& expected) {
  Diagnostics d;
  Workbook wb = Read(testing::ReadTestFile(kData + "xlsx/" + file), Encoding::kXlsx, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  const Sheet* s = wb.Find("values");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->header, (std::vector<std::string>{"what", "value"}));
  std::map<std::string, std::string> got;
  for (const Row& r : s->rows) got[r.cells[0]] = r.cells[1];
  for (const auto& [what, value] : expected) EXPECT_EQ(got[what], value) << what;
}

TEST(XlsxValues, Dates1900SystemWithTheLeapYearBug) {
  ExpectValues("dates_1900.xlsx", {{"first day", "1900-01-01"},
                                   {"before the phantom day", "1900-02-28"},
                                   {"after the phantom day", "1900-03-01"},
                                   {"a date", "2024-03-01"},
                                   {"builtin 14", "2024-12-31"},
                                   {"a date-time", "2024-03-01T14:30:05"},
                                   {"a time", "14:30:00"},
                                   {"custom with text", "2024-03-01"},
                                   {"integer", "3"},
                                   {"integral float", "3"},
                                   {"fraction", "0.1"},
                                   {"percent", "0.25"},
                                   {"big", "12345678901234"},
                                   {"duration", "1.5"},
                                   {"text", "plain"}});
}

TEST(XlsxValues, Dates1904System) {
  ExpectValues("dates_1904.xlsx", {{"first day", "1904-01-01"},
                                   {"leap day", "1904-02-29"},
                                   {"after the leap day", "1904-03-01"},
                                   {"a date", "2024-03-01"},
                                   {"a date-time", "2024-03-01T14:30:05"},
                                   {"a time", "14:30:00"},
                                   {"integer", "3"}});
}

TEST(XlsxValues, BooleansMakeRequiredWork) {
  Diagnostics d;
  auto f = form::Compile(testing::ReadTestFile(kData + "xlsx/booleans.xlsx"), "booleans.xlsx", d);
  ASSERT_TRUE(f) << d.ToString();
  EXPECT_TRUE(f->Find("q1")->required);
  EXPECT_FALSE(f->Find("q2")->required);
  Workbook wb = Read(testing::ReadTestFile(kData + "xlsx/booleans.xlsx"), Encoding::kXlsx, d);
  EXPECT_EQ(CellAt(*wb.Find("survey"), 2, "required"), "TRUE");
  EXPECT_EQ(CellAt(*wb.Find("survey"), 3, "required"), "FALSE");
  EXPECT_EQ(CellAt(*wb.Find("survey"), 4, "required"), "1");  // a number, not a boolean
}

TEST(XlsxSparse, RowsKeepExcelsNumbersAndGapsAreEmptyCells) {
  Diagnostics d;
  Workbook wb = Read(testing::ReadTestFile(kData + "xlsx/sparse.xlsx"), Encoding::kXlsx, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  const Sheet* s = wb.Find("survey");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "Survey");
  // Header on row 3 from column B: column A is an empty column before it.
  EXPECT_EQ(s->header, (std::vector<std::string>{"", "TYPE", "Name", "label", "hint"}));
  ASSERT_EQ(s->rows.size(), 3u);  // rows 4, 6 and 9; 5, 7 (formatted only) and 8 are blank
  EXPECT_EQ(s->rows[0].number, 4);
  EXPECT_EQ(s->rows[1].number, 6);
  EXPECT_EQ(s->rows[2].number, 9);
  EXPECT_EQ(s->rows[1].cells, (std::vector<std::string>{"", "integer", "q2", "", "only a hint"}));
  const Sheet* ch = wb.Find("choices");
  ASSERT_EQ(ch->rows.size(), 2u);
  EXPECT_EQ(ch->rows[1].number, 4);
  EXPECT_EQ(ch->rows[1].cells[1], "0");
}

TEST(XlsxSparse, DiagnosticsPointAtExcelsRowsAndColumns) {
  Diagnostics d;
  auto f = form::Compile(testing::ReadTestFile(kData + "xlsx/sparse.xlsx"), "sparse.xlsx", d);
  ASSERT_FALSE(f);
  std::string all = d.ToString();
  // Row 6 has a hint and no label: enough, as in pyxform.
  EXPECT_EQ(all.find("sparse.xlsx:Survey:6:"), std::string::npos) << all;
  EXPECT_NE(all.find("sparse.xlsx:Survey:9:TYPE: unknown type 'bogus'"), std::string::npos) << all;
}

// ---- XML-level cases, zipped here -----------------------------------------------------------------

TEST(XlsxCells, SharedInlineRichTextAndEscapes) {
  Book b;
  b.shared_strings =
      "<si><t>type</t></si>"
      "<si><t>name</t></si>"
      "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Hello </t></r><r><t>world</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>ignored reading aid</t></rPh></si>"
      "<si><t>line_x000D_&#10;break and _x005F_x0041_ literal</t></si>"
      "<si><t>&lt;b&gt; &amp; caf\xC3\xA9</t></si>";
  b.sheets.push_back(
      {"survey",
       "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
       "<c r=\"C1\" t=\"inlineStr\"><is><t>label</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>hint</t></is></c></row>"
       "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>note</t></is></c><c r=\"B2\" "
       "t=\"str\"><f>\"n\"&amp;1</f><v>n1</v></c>"
       "<c r=\"C2\" t=\"s\"><v>2</v></c><c r=\"D2\" t=\"s\"><v>3</v></c></row>"
       "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><r><t>no</t></r><r><t>te</t></r></is></c>"
       "<c r=\"B3\" t=\"inlineStr\"><is><t>  n2  </t></is></c><c r=\"C3\" t=\"s\"><v>4</v></c>"
       "<c r=\"D3\" t=\"e\"><v>#N/A</v></c></row>"
       "<row r=\"4\"><c r=\"A4\"><v>0.1</v></c><c r=\"B4\"><v>3.0</v></c><c r=\"C4\"><v>1E-3</v></c>"
       "<c r=\"D4\" t=\"b\"><v>1</v></c><c r=\"E4\" t=\"d\"><v>2024-03-01T00:00:00Z</v></c>"
       "<c r=\"F4\"><v>1E+20</v></c><c r=\"G4\"><v>-1.5E+300</v></c><c r=\"H4\"><v>-0</v></c>"
       "<c r=\"I4\"><v>0.30000000000000004</v></c><c r=\"J4\" t=\"b\"><v>0</v></c></row>"});
  Diagnostics d;
  Workbook wb = ReadBytes(b.Bytes(), d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  const Sheet* s = wb.Find("survey");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->header, (std::vector<std::string>{"type", "name", "label", "hint"}));
  ASSERT_EQ(s->rows.size(), 3u);
  EXPECT_EQ(s->rows[0].cells,
            (std::vector<std::string>{"note", "n1", "Hello world", "line\r\nbreak and _x0041_ literal"}));
  EXPECT_EQ(s->rows[1].cells, (std::vector<std::string>{"note", "n2", "<b> & caf\xC3\xA9", "#N/A"}));
  EXPECT_EQ(s->rows[2].cells,
            (std::vector<std::string>{"0.1", "3", "0.001", "TRUE", "2024-03-01", "100000000000000000000", "-1.5e+300",
                                      "0", "0.30000000000000004", "FALSE"}));
  // An Excel error is kept as text, with a warning that names the cell.
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].severity, Severity::kWarning);
  EXPECT_EQ(d.items()[0].sheet, "survey");
  EXPECT_EQ(d.items()[0].row, 3);
  EXPECT_EQ(d.items()[0].column, "hint");
}

TEST(XlsxCells, CellsAndRowsWithoutReferencesFollowTheirNeighbours) {
  Book b;
  b.sheets.push_back(
      {"survey",
       "<row><c t=\"inlineStr\"><is><t>type</t></is></c><c t=\"inlineStr\"><is><t>name</t></is></c>"
       "<c t=\"inlineStr\"><is><t>label</t></is></c></row>"
       "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>q1</t></is></c><c t=\"inlineStr\"><is><t>Q</t></is></c></row>"
       "<row><c t=\"inlineStr\"><is><t>text</t></is></c></row>"});
  Diagnostics d;
  Workbook wb = ReadBytes(b.Bytes(), d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  const Sheet* s = wb.Find("survey");
  ASSERT_EQ(s->rows.size(), 2u);
  EXPECT_EQ(s->rows[0].number, 5);
  EXPECT_EQ(s->rows[0].cells, (std::vector<std::string>{"", "q1", "Q"}));
  EXPECT_EQ(s->rows[1].number, 6);
  EXPECT_EQ(s->rows[1].cells, (std::vector<std::string>{"text", "", ""}));
}

TEST(XlsxCells, DateFormatsBuiltinAndCustomInBothSystems) {
  Book b;
  b.styles =
      "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm\"/><numFmt numFmtId=\"166\" formatCode=\"#,##0.00 "
      "&quot;days&quot;\"/></numFmts>"
      "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
      "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"164\"/>"
      "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/></cellXfs>";
  auto row = [](int r, const std::string& what, const std::string& v, int style) {
    std::string n = std::to_string(r);
    return "<row r=\"" + n + "\">" + InlineCell("A" + n, what) + "<c r=\"B" + n + "\" s=\"" + std::to_string(style) +
           "\"><v>" + v + "</v></c></row>";
  };
  b.sheets.push_back({"values", "<row r=\"1\">" + InlineCell("A1", "what") + InlineCell("B1", "value") + "</row>" +
                                    row(2, "phantom", "60", 1) + row(3, "serial 61", "61", 1) +
                                    row(4, "serial 59", "59", 1) + row(5, "datetime", "45352.75", 2) +
                                    row(6, "custom", "45352", 3) + row(7, "elapsed", "1.25", 4) +
                                    row(8, "days", "2", 5) + row(9, "general", "45352", 0) +
                                    row(10, "negative", "-1", 1) + row(11, "date with time", "45352.5", 1)});
  auto read = [&](bool date1904) {
    Book copy = b;
    if (date1904) copy.workbook_pr = "<workbookPr date1904=\"1\"/>";
    Diagnostics d;
    Workbook wb = ReadBytes(copy.Bytes(), d);
    EXPECT_FALSE(d.HasErrors()) << d.ToString();
    std::map<std::string, std::string> got;
    for (const Row& r : wb.Find("values")->rows) got[r.cells[0]] = r.cells[1];
    return got;
  };
  auto v1900 = read(false);
  // Excel's 1900 system counts a 29 February 1900 that never was (serial 60).
  EXPECT_EQ(v1900["serial 59"], "1900-02-28");
  EXPECT_EQ(v1900["phantom"], "1900-02-28");
  EXPECT_EQ(v1900["serial 61"], "1900-03-01");
  EXPECT_EQ(v1900["datetime"], "2024-03-01T18:00:00");
  EXPECT_EQ(v1900["custom"], "2024-03-01");
  EXPECT_EQ(v1900["elapsed"], "1.25");
  EXPECT_EQ(v1900["days"], "2");
  EXPECT_EQ(v1900["general"], "45352");
  EXPECT_EQ(v1900["negative"], "-1");
  EXPECT_EQ(v1900["date with time"], "2024-03-01T12:00:00");
  auto v1904 = read(true);
  EXPECT_EQ(v1904["serial 59"], "1904-02-29");
  EXPECT_EQ(v1904["custom"], "2028-03-02");  // 1462 days later than in the 1900 system
}

TEST(XlsxCells, SheetNamesInAnyCaseAndTheirOrder) {
  Book b;
  b.sheets.push_back({"SETTINGS", SurveyRows({{"form_id"}, {"x"}})});
  b.sheets.push_back({"Survey", SurveyRows({{"type", "name", "label"}, {"text", "q1", "Q1"}})});
  Diagnostics d;
  auto f = form::Compile(b.Bytes(), "upper.xlsx", d);
  ASSERT_TRUE(f) << d.ToString();
  EXPECT_EQ(f->id, "x");
  Workbook wb = ReadBytes(b.Bytes(), d);
  ASSERT_EQ(wb.sheets.size(), 2u);
  EXPECT_EQ(wb.sheets[0].name, "SETTINGS");
}

TEST(XlsxCells, AnEmptySheetHasNoHeaderAndNoRows) {
  Book b;
  b.sheets.push_back({"survey", "<row r=\"1\"><c r=\"A1\" s=\"0\"/></row><row r=\"2\"/>"});
  Diagnostics d;
  Workbook wb = ReadBytes(b.Bytes(), d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  ASSERT_NE(wb.Find("survey"), nullptr);
  EXPECT_TRUE(wb.Find("survey")->header.empty());
  EXPECT_TRUE(wb.Find("survey")->rows.empty());
}

// ---- Refusals -----------------------------------------------------------------------------------

std::string ErrorsOf(const std::string& bytes, const std::string& file_name = "form.xlsx") {
  Diagnostics d;
  auto f = form::Compile(bytes, file_name, d);
  EXPECT_FALSE(f);
  EXPECT_TRUE(d.HasErrors());
  return FirstError(d);
}

TEST(XlsxRefused, NotAZip) {
  EXPECT_EQ(ErrorsOf("type,name,label\ntext,q1,Q\n"),
            "not an .xlsx file: an .xlsx file is a zip archive, and this is not one");
  EXPECT_NE(ErrorsOf("").find("not an .xlsx file"), std::string::npos);
}

TEST(XlsxRefused, LegacyXlsRenamedXlsx) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.resize(4096, '\0');
  std::string e = ErrorsOf(ole);
  EXPECT_NE(e.find("legacy .xls"), std::string::npos) << e;
  EXPECT_NE(e.find("save the form as .xlsx"), std::string::npos) << e;
}

TEST(XlsxRefused, TruncatedFile) {
  Book b;
  b.sheets.push_back({"survey", SurveyRows({{"type", "name", "label"}, {"text", "q1", "Q1"}})});
  std::string bytes = b.Bytes();
  for (std::size_t keep : {bytes.size() / 2, bytes.size() - 10, std::size_t{30}}) {
    SCOPED_TRACE(keep);
    std::string e = ErrorsOf(bytes.substr(0, keep));
    EXPECT_NE(e.find("not an .xlsx file: the zip archive is damaged or truncated"), std::string::npos) << e;
  }
}

TEST(XlsxRefused, ACorruptedEntryFailsItsChecksum) {
  Book b;
  b.sheets.push_back({"survey", SurveyRows({{"type", "name", "label"}, {"text", "q1", "Q1"}})});
  std::string bytes = Zip(b.ToParts(), ZIP_CM_STORE);
  auto at = bytes.find("<sheetData>");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = 'S';  // same size, wrong CRC
  std::string e = ErrorsOf(bytes);
  EXPECT_NE(e.find("cannot read xl/worksheets/sheet1.xml"), std::string::npos) << e;
}

TEST(XlsxRefused, ZipBombFromDisk) {
  // tests/data/xlsx/zip_bomb.xlsx: 101 MiB of zeros in ~100 KB.
  std::string e = ErrorsOf(testing::ReadTestFile(kData + "xlsx/zip_bomb.xlsx"));
  EXPECT_EQ(e, "the .xlsx expands to more than 100 MiB (a zip bomb?); an .xlsx form is far smaller");
}

TEST(XlsxRefused, HighlyCompressedBigEntry) {
  Book b;
  b.sheets.push_back({"survey", SurveyRows({{"type", "name", "label"}, {"text", "q1", "Q1"}})});
  b.extra.push_back({"xl/media/padding.bin", std::string(2 << 20, ' ')});
  std::string e = ErrorsOf(b.Bytes());
  EXPECT_NE(e.find("xl/media/padding.bin is compressed more than 100:1 (a zip bomb?)"), std::string::npos) << e;
}

TEST(XlsxRefused, TooManyEntries) {
  Parts parts;
  for (int i = 0; i < 1001; ++i) parts.push_back({"x/" + std::to_string(i), ""});
  std::string e = ErrorsOf(Zip(parts));
  EXPECT_NE(e.find("more than 1000 entries"), std::string::npos) << e;
}

TEST(XlsxRefused, AZipWithoutAWorkbookAndAnOdsFile) {
  EXPECT_NE(ErrorsOf(Zip({{"word/document.xml", "<w/>"}})).find("not an .xlsx file: the zip archive holds no workbook"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(Zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "<x/>"}}))
                .find("OpenDocument spreadsheet (.ods)"),
            std::string::npos);
}

TEST(XlsxRefused, MalformedXmlNamesThePartAndTheSheet) {
  Book b;
  b.sheets.push_back({"survey", SurveyRows({{"type", "name", "label"}}) + "<row r=\"2\"><c r=\"A2\"><v>1</c></row>"});
  std::string e = ErrorsOf(b.Bytes());
  EXPECT_NE(e.find("survey: malformed XML in xl/worksheets/sheet1.xml (the sheet 'survey'), line 1, column"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("mismatched tag"), std::string::npos) << e;

  Book w;
  w.sheets.push_back({"survey", ""});
  w.extra.push_back({"xl/sharedStrings.xml", "<sst><si><t>x</si></sst>"});
  e = ErrorsOf(w.Bytes());
  EXPECT_NE(e.find("malformed XML in xl/sharedStrings.xml, line 1"), std::string::npos) << e;
}

TEST(XlsxRefused, DtdsAreNeverExpanded) {
  Book b;
  b.sheets.push_back({"survey", ""});
  b.extra.push_back({"xl/workbook.xml",
                     "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                     "<workbook><sheets><sheet name=\"&b;\" r:id=\"rId1\"/></sheets></workbook>"});
  std::string e = ErrorsOf(b.Bytes());
  EXPECT_NE(e.find("malformed XML in xl/workbook.xml, it declares a DTD"), std::string::npos) << e;
}

TEST(XlsxRefused, CellOverOneMebibyteNamesSheetRowAndColumn) {
  Book b;
  std::string big(std::size_t{1} << 20, 'a');
  b.sheets.push_back({"survey", SurveyRows({{"type", "name", "label"}, {"text", "q1", "Q1"}}) + "<row r=\"7\">" +
                                    InlineCell("A7", "note") + InlineCell("B7", "n") + InlineCell("C7", big + "a") +
                                    "</row>"});
  Diagnostics d;
  ReadBytes(Zip(b.ToParts(), ZIP_CM_STORE), d);
  EXPECT_EQ(FirstError(d), "survey:7:label: the cell holds more than 1 MiB of text");
  // Exactly 1 MiB is allowed.
  Book ok;
  ok.sheets.push_back(
      {"survey", SurveyRows({{"type", "name", "label"}}) + "<row r=\"2\">" + InlineCell("C2", big) + "</row>"});
  Diagnostics d2;
  Workbook wb = ReadBytes(Zip(ok.ToParts(), ZIP_CM_STORE), d2);
  EXPECT_FALSE(d2.HasErrors()) << d2.ToString();
  EXPECT_EQ(wb.Find("survey")->rows[0].cells[2].size(), big.size());
}

TEST(XlsxRefused, SharedStringOverOneMebibyteIsReportedWhereUsed) {
  Book b;
  b.shared_strings = "<si><t>type</t></si><si><t>" + std::string((std::size_t{1} << 20) + 1, 'b') + "</t></si>";
  b.sheets.push_back({"survey",
                      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c>"
                      "<c r=\"B3\" t=\"s\"><v>7</v></c></row>"});
  Diagnostics d;
  ReadBytes(Zip(b.ToParts(), ZIP_CM_STORE), d);
  std::string all = d.ToString();
  EXPECT_NE(all.find("survey:3:type: the cell holds more than 1 MiB of text"), std::string::npos) << all;
  EXPECT_NE(all.find("survey:3:B: the cell refers to shared string 7, which the file does not hold"), std::string::npos)
      << all;
}

TEST(XlsxRefused, TooManyColumnsButFormattedEmptyCellsAnywhere) {
  Book b;
  b.sheets.push_back({"survey", SurveyRows({{"type", "name", "label"}, {"text", "q1", "Q1"}}) +
                                    "<row r=\"3\"><c r=\"XFD3\" s=\"1\"/>" + InlineCell("ALL3", "last allowed") +
                                    "</row>"});
  Diagnostics d;
  ReadBytes(b.Bytes(), d);
  EXPECT_FALSE(d.HasErrors()) << d.ToString();  // ALL is column 1000
  b.sheets[0].second += "<row r=\"4\">" + InlineCell("ALM4", "one too many") + "</row>";
  Diagnostics d2;
  ReadBytes(b.Bytes(), d2);
  EXPECT_EQ(FirstError(d2), "survey:4:ALM: more than 1000 columns");
}

TEST(XlsxRefused, TooManyRowsButEmptyFormattedRowsAnywhere) {
  Book b;
  b.sheets.push_back({"survey", SurveyRows({{"type", "name", "label"}, {"text", "q1", "Q1"}}) +
                                    "<row r=\"1048576\" ht=\"20\" customHeight=\"1\"/>"});
  Diagnostics d;
  ReadBytes(b.Bytes(), d);
  EXPECT_FALSE(d.HasErrors()) << d.ToString();
  b.sheets[0].second =
      SurveyRows({{"type", "name", "label"}}) + "<row r=\"100001\">" + InlineCell("A100001", "text") + "</row>";
  Diagnostics d2;
  ReadBytes(b.Bytes(), d2);
  EXPECT_EQ(FirstError(d2), "survey:100001: more than 100000 rows");
}

TEST(XlsxRefused, SparseCellsFarApartCannotExhaustMemory) {
  // 5000 rows with one cell in column 1000: 5 million cells once the gaps are filled.
  Book b;
  std::string xml = SurveyRows({{"type", "name", "label"}});
  for (int r = 2; r <= 5001; ++r)
    xml += "<row r=\"" + std::to_string(r) + "\">" + InlineCell("ALL" + std::to_string(r), "x") + "</row>";
  b.sheets.push_back({"survey", xml});
  Diagnostics d;
  ReadBytes(b.Bytes(), d);
  EXPECT_EQ(FirstError(d), "survey: the workbook has more than 4000000 cells");
}

TEST(XlsxRefused, BadReferencesAndAMissingSheetPart) {
  Book b;
  b.sheets.push_back({"survey", "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"});
  std::string e = ErrorsOf(b.Bytes());
  EXPECT_NE(e.find("the cell reference '1A' is not valid"), std::string::npos) << e;
  b.sheets[0].second = "<row r=\"0\"/>";
  e = ErrorsOf(b.Bytes());
  EXPECT_NE(e.find("the row number '0' is not valid"), std::string::npos) << e;
  Book m;
  m.sheets.push_back({"survey", ""});
  m.extra.push_back({"xl/_rels/workbook.xml.rels", "<Relationships/>"});
  e = ErrorsOf(m.Bytes());
  EXPECT_EQ(e, "survey: the workbook lists the sheet 'survey' but the file does not hold it");
}

}  // namespace
}  // namespace mcs::xlsform
