// The xlsx, sav, dta, JSON-lines and codebook exports: structure, names, labels, error paths. What
// real readers (PSPP, haven, openpyxl) make of the files is in export_readers_test.cpp.
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "common/clock.h"
#include "common/timezone.h"
#include "export_fixture.h"
#include "storage/forwarding_storage.h"

namespace mcs::exporter {
namespace {

using testdata::ExportFixture;

class ExportFormats : public ExportFixture {};

// A store that runs `between` before the second ForEachResponse: the sav/dta writers read the
// responses twice, and answers may arrive in between.
class ChangingStore final : public storage::ForwardingStorage {
 public:
  ChangingStore(storage::Storage& s, std::function<void()> between)
      : ForwardingStorage(s), between_(std::move(between)) {}
  Status ForEachResponse(const std::string& form_id, const storage::ResponseFilter& filter,
                         const std::function<bool(const storage::ResponseRecord&)>& fn) override {
    if (++calls_ == 2) between_();
    return s_.ForEachResponse(form_id, filter, fn);
  }

 private:
  std::function<void()> between_;
  int calls_ = 0;
};

std::string Head(const std::string& path, std::size_t n) {
  std::string s = testing::ReadTestFile(path);
  return s.substr(0, std::min(n, s.size()));
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST_F(ExportFormats, SavIsAnSpssSystemFileWithItsRepeatBeside) {
  auto n = WriteSav(*store_, *form_, Options{}, dir_.File("out.sav"), Repeats(".sav"));
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(Head(dir_.File("out.sav"), 4), "$FL2");
  EXPECT_EQ(Head(dir_.File("out-mc.sav"), 4), "$FL2");
}

TEST_F(ExportFormats, DtaIsStata118WithItsRepeatBeside) {
  auto n = WriteDta(*store_, *form_, Options{}, dir_.File("out.dta"), Repeats(".dta"));
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(Head(dir_.File("out.dta"), 41), "<stata_dta><header><release>118</release>");
  EXPECT_EQ(Head(dir_.File("out-mc.dta"), 11), "<stata_dta>");
  // The 3000-character answer is longer than str2045: it is a strL, kept whole.
  EXPECT_NE(testing::ReadTestFile(dir_.File("out.dta")).find("<strls>GSO"), std::string::npos);
}

TEST_F(ExportFormats, RepeatSkippedWhenNoPathIsGiven) {
  auto n = WriteSav(*store_, *form_, Options{}, dir_.File("out.sav"), [](const std::string&) { return ""; });
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_FALSE(std::ifstream(dir_.File("out-mc.sav")).good());
}

TEST_F(ExportFormats, AllIncludesPartials) {
  Options o;
  o.complete_only = false;
  auto sav = WriteSav(*store_, *form_, o, dir_.File("all.sav"), nullptr);
  ASSERT_TRUE(sav.ok()) << sav.error().message;
  EXPECT_EQ(*sav, 4);
  auto dta = WriteDta(*store_, *form_, o, dir_.File("all.dta"), nullptr);
  ASSERT_TRUE(dta.ok()) << dta.error().message;
  EXPECT_EQ(*dta, 4);
}

TEST_F(ExportFormats, ResponsesArrivingBetweenThePassesWaitForTheNextExport) {
  ChangingStore store(*store_, [&] {
    engine::Answers late;
    late.values = {{"comment", "late"}};
    Add("Z", late, storage::ResponseStatus::kComplete, testdata::kT0 + 999999, "en");
  });
  auto n = WriteSav(store, *form_, Options{}, dir_.File("late.sav"), Repeats(".sav"));
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 3);
}

TEST_F(ExportFormats, AnswersChangedBetweenThePassesAreAnErrorAndLeaveNoFile) {
  for (const char* ext : {".sav", ".dta"}) {
    // An earlier-sorting response with a longer text than the first pass measured (longer for the
    // second format than the one the first left in the store).
    ChangingStore store(*store_, [&, ext] {
      engine::Answers early;
      early.values = {{"comment", testdata::LongText() + std::string(std::string(ext) == ".sav" ? 10 : 20, '!')}};
      Add(std::string("E") + ext, early, storage::ResponseStatus::kComplete, testdata::kT0 - 5000, "en");
    });
    const std::string path = dir_.File(std::string("changed") + ext);
    auto n = std::string(ext) == ".sav" ? WriteSav(store, *form_, Options{}, path, Repeats(ext))
                                        : WriteDta(store, *form_, Options{}, path, Repeats(ext));
    ASSERT_FALSE(n.ok()) << ext;
    EXPECT_EQ(n.error().code, ErrorCode::kConflict);
    EXPECT_NE(n.error().message.find("changed during the export"), std::string::npos) << n.error().message;
    EXPECT_FALSE(std::ifstream(path).good()) << path;
    EXPECT_FALSE(std::ifstream(dir_.File(std::string("out-mc") + ext)).good());
  }
}

TEST_F(ExportFormats, XlsxIsAZipWithDataRepeatAndCodebookSheets) {
  auto n = WriteXlsx(*store_, *form_, Options{}, dir_.File("out.xlsx"));
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 3);
  std::string bytes = testing::ReadTestFile(dir_.File("out.xlsx"));
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  for (const char* part : {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}) {
    EXPECT_NE(bytes.find(part), std::string::npos) << part;
  }
}

TEST_F(ExportFormats, UnwritablePathsAreErrorsNotCrashes) {
  std::string bad = dir_.File("no/such/dir/out");
  auto sav = WriteSav(*store_, *form_, Options{}, bad + ".sav", Repeats(".sav"));
  ASSERT_FALSE(sav.ok());
  EXPECT_NE(sav.error().message.find("cannot write"), std::string::npos) << sav.error().message;
  EXPECT_FALSE(WriteDta(*store_, *form_, Options{}, bad + ".dta", nullptr).ok());
  EXPECT_FALSE(WriteXlsx(*store_, *form_, Options{}, bad + ".xlsx").ok());
}

// The reference: what JSON lines were before the streaming writer, through maps and a DOM.
std::string ReferenceLine(const form::Form& f, const storage::ResponseRecord& r) {
  engine::Answers a = engine::FromStoredJson(r.answers_json).value();
  for (auto it = a.values.begin(); it != a.values.end();) {
    const form::Node* n = f.Find(it->first);
    it = n && n->personal ? a.values.erase(it) : std::next(it);
  }
  boost::json::object o;
  o["id"] = r.id;
  o["form_version"] = r.form_version;
  o["lang"] = r.lang;
  o["status"] = std::string(storage::StatusName(r.status));
  // Times in the study's zone (Brussels here), where the API gives UTC.
  o["started_at"] = LocalIsoTime(kDefaultTimeZone, r.started_at);
  o["submitted_at"] =
      r.submitted_at ? boost::json::value(LocalIsoTime(kDefaultTimeZone, r.submitted_at)) : boost::json::value(nullptr);
  o["answers"] = engine::ToApiJson(f, a);
  return boost::json::serialize(o);
}

TEST_F(ExportFormats, JsonLinesAreByteForByteTheApiShape) {
  // Rows written by hand in any key order, with what a map-based reader would see differently if
  // the writer got it wrong: control characters, escapes, non-ASCII, numbers that do not read as
  // numbers, a name no version of the form has, personal data in an old row, a repeat with a
  // repeated name, an empty repeat, names that sort differently by byte.
  const char* rows[] = {
      R"({"staff":"12","comment":"tab\there \u0001 \"q\" back\\slash / é 😀","zz_old":"kept","ects":"2.50",)"
      R"("format":"badge  pdf","email":"leak@example.org","mc":[{"title":"T","hours":"x1","title":"T2"},{}],)"
      R"("Zed":"upper first","never":"+5"})",
      R"({"ects":"abc","staff":"99999999999999999999","mc":[],"size":"micro"})",
      R"({})",
      "",
  };
  int i = 0;
  for (const char* json : rows) {
    storage::ResponseRecord r;
    r.id = "Z" + std::to_string(i++);
    r.form_id = "ex";
    r.form_version = "0";
    r.lang = "en";
    r.status = storage::ResponseStatus::kComplete;
    r.answers_json = json;
    r.channel = "api";
    r.started_at = testdata::kT0 + 500000 + i;
    r.updated_at = r.submitted_at = testdata::kT0 + 600000 + i;
    ASSERT_TRUE(store_->InsertResponse(r).ok());
  }
  std::ostringstream out;
  Options all;
  all.complete_only = false;
  auto written = WriteJsonl(*store_, *form_, all, out);
  ASSERT_TRUE(written.ok()) << written.error().message;
  std::vector<std::string> expected;
  storage::ResponseFilter filter;
  filter.complete_only = false;
  ASSERT_TRUE(store_
                  ->ForEachResponse("ex", filter,
                                    [&](const storage::ResponseRecord& r) {
                                      expected.push_back(ReferenceLine(*form_, r));
                                      return true;
                                    })
                  .ok());
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), expected.size());
  ASSERT_EQ(lines.size(), 8u);
  for (std::size_t k = 0; k < lines.size(); ++k) EXPECT_EQ(lines[k], expected[k]) << k;
  EXPECT_NE(out.str().find(R"("zz_old":"kept")"), std::string::npos);
  EXPECT_EQ(out.str().find("leak@"), std::string::npos);
}

TEST_F(ExportFormats, JsonLinesAreTypedAndLeaveOutPersonalData) {
  std::ostringstream out;
  auto n = WriteJsonl(*store_, *form_, Options{}, out);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 3);
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 3u);
  auto a = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(a.at("id").as_string(), "A");
  EXPECT_EQ(a.at("status").as_string(), "complete");
  EXPECT_EQ(a.at("submitted_at").as_string(), "2026-01-01T01:00:01.234+01:00");
  const auto& ans = a.at("answers").as_object();
  EXPECT_EQ(ans.at("staff").as_int64(), 42);
  EXPECT_EQ(ans.at("ects").as_double(), 2.5);
  EXPECT_EQ(ans.at("comment").as_string(), testdata::LongText());
  EXPECT_EQ(boost::json::serialize(ans.at("format")), R"(["pdf","euro-pass"])");
  EXPECT_EQ(ans.at("mc").as_array().size(), 2u);
  EXPECT_EQ(out.str().find("email"), std::string::npos);
  EXPECT_EQ(out.str().find("someone@"), std::string::npos);
}

TEST_F(ExportFormats, CodebookMapsColumnsToValidUniqueVariables) {
  std::ostringstream out;
  WriteCodebookCsv(*form_, out);
  const std::string cb = out.str();
  auto lines = Lines(cb);
  EXPECT_EQ(lines[0], "table,column,variable,label,type,values,note\r");
  EXPECT_NE(cb.find("main,id,id,Response id,response id,,"), std::string::npos);
  EXPECT_NE(
      cb.find("main,size,size,Size of the organisation,select_one,1=Micro (<10); 2=Small (10–49); 3=Large (250+); "
              "4=Don't know,\"sav/dta codes (csv/xlsx show the choice name, or its label with --labels): 1=micro; "
              "2=small; 3=large; 4=dk; non-substantive answers, missing values in sav/dta (left out of means, as the "
              "report leaves them out of mean scores; csv/xlsx/json keep them as answers): 4=dk (sav user-missing 4, "
              "dta .d); unanswered is system missing\""),
      std::string::npos)
      << cb;
  EXPECT_NE(cb.find("main,format/euro-pass,format_euro_pass,Format of the credential: Europass credential,"
                    "select_multiple choice (0/1),0=not selected; 1=selected,"),
            std::string::npos)
      << cb;
  // The question named format_pdf keeps its name in sav/dta (the name of the form, the csv and the
  // questionnaire); the 0/1 column format/pdf, which comes first, yields and takes the next free one.
  EXPECT_NE(cb.find("main,format_pdf,format_pdf,"), std::string::npos) << cb;
  EXPECT_NE(cb.find("main,format/pdf,format_pdf_2,"), std::string::npos) << cb;
  // Stata's 32-character limit.
  EXPECT_NE(cb.find("main,a_very_long_question_name_beyond_stata_limits,a_very_long_question_name_beyond,"),
            std::string::npos);
  EXPECT_NE(cb.find("label cut to 80 characters in dta"), std::string::npos);
  EXPECT_NE(cb.find("mc,response_id,response_id,"), std::string::npos);
  EXPECT_NE(cb.find("mc,hours,hours,Workload (hours),integer,,"), std::string::npos);
  EXPECT_EQ(cb.find("email"), std::string::npos);
}

TEST_F(ExportFormats, CodebookInTheChosenLanguage) {
  std::ostringstream out;
  Options o;
  o.lang = "de";
  WriteCodebookCsv(*form_, o, out);
  EXPECT_NE(out.str().find(
                "main,size,size,Größe der Organisation,select_one,1=Kleinst (<10); 2=Klein (10–49); 3=Groß (250+)"),
            std::string::npos)
      << out.str();
  // An unknown language falls back to the form's default.
  std::ostringstream fallback;
  o.lang = "xx";
  WriteCodebookCsv(*form_, o, fallback);
  EXPECT_NE(fallback.str().find("Size of the organisation"), std::string::npos);
}

TEST_F(ExportFormats, CsvLabelsModeShowsChoiceLabels) {
  std::ostringstream out;
  Options o;
  o.labels = true;
  auto n = WriteCsv(*store_, *form_, o, out, nullptr);
  ASSERT_TRUE(n.ok());
  EXPECT_NE(out.str().find(",Large (250+),PDF; Europass credential,1,0,1,PDF/A-3,"), std::string::npos) << out.str();
  std::ostringstream codes;
  ASSERT_TRUE(WriteCsv(*store_, *form_, Options{}, codes, nullptr).ok());
  EXPECT_NE(codes.str().find(",large,pdf euro-pass,1,0,1,PDF/A-3,"), std::string::npos);
}

TEST_F(ExportFormats, ManyResponsesStream) {
  // Enough rows that a writer buffering everything would show in the sanitizer build's time; the
  // point here is that the two-pass writers agree on the count.
  for (int i = 0; i < 500; ++i) {
    engine::Answers a;
    a.values = {{"staff", std::to_string(i)}, {"format", i % 2 ? "pdf" : "badge"}, {"comment", std::string(i, 'x')}};
    Add("R" + std::to_string(i), a, storage::ResponseStatus::kComplete, testdata::kT0 + 1000000 + i, "en");
  }
  auto sav = WriteSav(*store_, *form_, Options{}, dir_.File("many.sav"), Repeats(".sav"));
  ASSERT_TRUE(sav.ok()) << sav.error().message;
  EXPECT_EQ(*sav, 503);
  auto dta = WriteDta(*store_, *form_, Options{}, dir_.File("many.dta"), Repeats(".dta"));
  ASSERT_TRUE(dta.ok()) << dta.error().message;
  EXPECT_EQ(*dta, 503);
  auto xlsx = WriteXlsx(*store_, *form_, Options{}, dir_.File("many.xlsx"));
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
  EXPECT_EQ(*xlsx, 503);
}

}  // namespace
}  // namespace mcs::exporter
