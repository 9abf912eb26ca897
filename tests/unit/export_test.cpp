#include <gtest/gtest.h>

#include <sqlite3.h>

#include <boost/json.hpp>

#include <sstream>

#include "engine/answers_json.h"
#include "export/export.h"
#include "form/form.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::exporter {
namespace {

const char* kForm =
    "| survey  | type              | name  | label  | personal |\n"
    "|         | text              | name  | Name   |          |\n"
    "|         | integer           | n     | N      |          |\n"
    "|         | select_multiple f | fruit | Fruits |          |\n"
    "|         | text              | email | E-mail | yes      |\n"
    "|         | begin_repeat      | mc    | MC     |          |\n"
    "|         | text              | title | Title  |          |\n"
    "|         | end_repeat        |       |        |          |\n"
    "| choices | list_name | name  | label |\n"
    "|         | f         | apple | Apple |\n"
    "|         | f         | pear  | Pear  |\n";

class CsvExport : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    form_ = form::Compile(kForm, "ex.md", d);
    ASSERT_TRUE(form_) << d.ToString();
    store_ = std::move(storage::Open("sqlite:" + dir_.File("e.db")).value());
    ASSERT_TRUE(store_->Migrate().ok());
  }
  void Add(const std::string& id, const std::string& answers, storage::ResponseStatus st, TimeMs at) {
    storage::ResponseRecord r;
    r.id = id;
    r.form_id = "ex";
    r.form_version = "1";
    r.lang = "en";
    r.status = st;
    r.answers_json = answers;
    r.channel = "api";
    r.started_at = at - 1000;
    r.updated_at = at;
    r.submitted_at = st == storage::ResponseStatus::kComplete ? at : 0;
    ASSERT_TRUE(store_->InsertResponse(r).ok());
  }
  // Many complete responses in one transaction, straight into the database file (one commit, not
  // one fsync per response).
  void AddMany(const std::vector<std::pair<std::string, std::string>>& id_answers, TimeMs first) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File("e.db").c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "INSERT INTO responses(id, form_id, form_version, lang, status, answers, channel, "
                                 "started_at, updated_at, submitted_at) VALUES (?1, 'ex', '1', 'en', 'complete', ?2, "
                                 "'api', ?3 - 1000, ?3, ?3)",
                                 -1, &st, nullptr),
              SQLITE_OK);
    TimeMs at = first;
    for (const auto& [id, answers] : id_answers) {
      sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 2, answers.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 3, at += 1000);
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    ASSERT_EQ(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  testing::TempDir dir_;
  std::shared_ptr<const form::Form> form_;
  std::unique_ptr<storage::Storage> store_;
};

// One field of RFC 4180: quoted when it holds a comma, quote, CR or LF, each quote doubled; a text
// that a spreadsheet would run as a formula is quoted with a leading apostrophe.
TEST(CsvField, QuotesDoublesAndNeutralises) {
  struct Case {
    std::string_view in;
    bool text;
    std::string out;
  };
  const Case cases[] = {
      {"plain", true, "plain"},
      {"", true, ""},
      {"a,b", true, "\"a,b\""},
      {"say \"hi\"", true, "\"say \"\"hi\"\"\""},
      {"\"", true, "\"\"\"\""},
      {"\"\"x\"", true, "\"\"\"\"\"x\"\"\""},
      {"two\nlines\r\n", true, "\"two\nlines\r\n\""},
      {"=SUM(A1)", true, "\"'=SUM(A1)\""},
      {"-3", false, "-3"},
      {"-3", true, "\"'-3\""},
      {"@\"x\"", true, "\"'@\"\"x\"\"\""},
  };
  for (const auto& c : cases) {
    std::string line = "prefix;";
    AppendCsvField(line, c.in, c.text);
    EXPECT_EQ(line, "prefix;" + c.out) << c.in;
  }
}

TEST_F(CsvExport, Rfc4180WithChoiceColumnsRepeatsAndNeutralisedFormulas) {
  Add("A", R"j({"name":"Ann, \"the\" first","n":"3","fruit":"apple pear","mc":[{"title":"Badge"},{"title":"=1+1"}]})j",
      storage::ResponseStatus::kComplete, 1767225600000);
  Add("B", R"j({"name":"=HYPERLINK(\"x\")","n":"-4"})j", storage::ResponseStatus::kComplete, 1767225660000);
  Add("C", R"j({"name":"partial"})j", storage::ResponseStatus::kPartial, 1767225700000);
  std::ostringstream main, rep;
  auto n = WriteCsv(*store_, *form_, Options{}, main, [&](const std::string& name) -> std::ostream* {
    return name == "mc" ? &rep : nullptr;
  });
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(main.str(),
            "id,form_version,lang,status,started_at,submitted_at,name,n,fruit,fruit/apple,fruit/pear\r\n"
            "A,1,en,complete,2026-01-01T00:59:59.000+01:00,2026-01-01T01:00:00.000+01:00,\"Ann, \"\"the\"\" "
            "first\",3,apple pear,1,1\r\n"
            "B,1,en,complete,2026-01-01T01:00:59.000+01:00,2026-01-01T01:01:00.000+01:00,\"'=HYPERLINK(\"\"x\"\")\",-4,"
            ",,\r\n");
  EXPECT_EQ(rep.str(), "response_id,instance,title\r\nA,1,Badge\r\nA,2,\"'=1+1\"\r\n");
}

// Times are the study's (Europe/Brussels unless set): half past midnight on 6 July in Brussels is
// 22:30 UTC on 5 July, and the offset is +01:00 in winter, +02:00 in summer. The metadata question
// `start`, stored in UTC, goes the same way; a text that merely looks like a time does not.
TEST_F(CsvExport, TimesAreInTheStudysZoneAcrossSummerTimeAndMidnight) {
  Diagnostics d;
  auto f = form::Compile(
      "| survey | type  | name    | label |\n"
      "|        | start | started |       |\n"
      "|        | text  | name    | Name  |\n",
      "ex.md", d);
  ASSERT_TRUE(f) << d.ToString();
  Add("W", R"j({"started":"2027-01-15T23:00:00.000Z","name":"2027-01-15T23:00:00.000Z"})j",
      storage::ResponseStatus::kComplete, ParseTimeUtc("2027-01-15T23:30:00Z"));
  Add("S", R"j({"started":"2027-07-05T22:00:00.000Z","name":"winter"})j", storage::ResponseStatus::kComplete,
      ParseTimeUtc("2027-07-05T22:30:00Z"));
  auto csv = [&](const Options& o) {
    std::ostringstream out;
    auto n = WriteCsv(*store_, *f, o, out, nullptr);
    EXPECT_TRUE(n.ok()) << n.error().message;
    return out.str();
  };
  EXPECT_EQ(csv(Options{}),
            "id,form_version,lang,status,started_at,submitted_at,started,name\r\n"
            "W,1,en,complete,2027-01-16T00:29:59.000+01:00,2027-01-16T00:30:00.000+01:00,"
            "2027-01-16T00:00:00.000+01:00,2027-01-15T23:00:00.000Z\r\n"
            "S,1,en,complete,2027-07-06T00:29:59.000+02:00,2027-07-06T00:30:00.000+02:00,"
            "2027-07-06T00:00:00.000+02:00,winter\r\n");

  std::ostringstream jl;
  ASSERT_TRUE(WriteJsonl(*store_, *f, Options{}, jl).ok());
  std::istringstream lines(jl.str());
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  const auto s = boost::json::parse(second).as_object();
  EXPECT_EQ(s.at("started_at").as_string(), "2027-07-06T00:29:59.000+02:00");
  EXPECT_EQ(s.at("submitted_at").as_string(), "2027-07-06T00:30:00.000+02:00");
  EXPECT_EQ(s.at("answers").at("started").as_string(), "2027-07-06T00:00:00.000+02:00");
  EXPECT_EQ(boost::json::parse(first).at("submitted_at").as_string(), "2027-01-16T00:30:00.000+01:00");

  // The study's zone as stored (mcsurvey study set --time-zone), and one the options name.
  ASSERT_TRUE(store_->PutSetting(storage::kTimeZoneSetting, "America/St_Johns").ok());
  EXPECT_NE(csv(Options{}).find("S,1,en,complete,2027-07-05T19:59:59.000-02:30,2027-07-05T20:00:00.000-02:30,"
                                "2027-07-05T19:30:00.000-02:30,winter\r\n"),
            std::string::npos);
  Options tokyo;
  tokyo.time_zone = "Asia/Tokyo";
  EXPECT_NE(csv(tokyo).find("W,1,en,complete,2027-01-16T08:29:59.000+09:00,2027-01-16T08:30:00.000+09:00,"),
            std::string::npos);
  std::ostringstream cb;
  WriteCodebookCsv(*f, tokyo, cb);
  EXPECT_NE(cb.str().find("main,submitted_at,submitted_at,Submitted at (Asia/Tokyo),datetime,,\"the study's time zone "
                          "Asia/Tokyo: csv/json ISO 8601 with its UTC offset"),
            std::string::npos)
      << cb.str();
}

TEST_F(CsvExport, PersonalDataNeverInTheMainTable) {
  auto cols = Columns(*form_);
  for (const auto& c : cols) EXPECT_NE(c.name, "email");
}

TEST_F(CsvExport, AllIncludesPartials) {
  Add("C", R"j({"name":"partial"})j", storage::ResponseStatus::kPartial, 1767225700000);
  std::ostringstream main;
  Options o;
  o.complete_only = false;
  auto n = WriteCsv(*store_, *form_, o, main, nullptr);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_NE(main.str().find("C,1,en,partial"), std::string::npos);
}

// A questionnaire revised while it runs: version 2 drops "n", adds "age" and a choice, and a
// question in the repeat. One export holds both versions' rows with every variable either asked.
TEST_F(CsvExport, VersionsUnitedInOneTable) {
  Diagnostics d;
  auto v2 = form::Compile(
      "| survey  | type              | name  | label  |\n"
      "|         | text              | name  | Name   |\n"
      "|         | integer           | age   | Age    |\n"
      "|         | select_multiple f | fruit | Fruits |\n"
      "|         | begin_repeat      | mc    | MC     |\n"
      "|         | text              | title | Title  |\n"
      "|         | integer           | hours | Hours  |\n"
      "|         | end_repeat        |       |        |\n"
      "| choices | list_name | name  | label |\n"
      "|         | f         | apple | Apple |\n"
      "|         | f         | plum  | Plum  |\n"
      "| settings | form_id | version |\n"
      "|          | ex      | 2       |\n",
      "ex.md", d);
  ASSERT_TRUE(v2) << d.ToString();
  auto united = form::UniteVersions({form_, v2});
  ASSERT_TRUE(united);
  Add("A", R"j({"name":"Ann","n":"3","fruit":"pear","mc":[{"title":"Badge"}]})j", storage::ResponseStatus::kComplete,
      1767225600000);
  storage::ResponseRecord r;
  r.id = "B";
  r.form_id = "ex";
  r.form_version = "2";
  r.lang = "en";
  r.status = storage::ResponseStatus::kComplete;
  r.answers_json = R"j({"name":"Bo","age":"40","fruit":"plum","mc":[{"title":"Cert","hours":"12"}]})j";
  r.channel = "api";
  r.started_at = 1767225659000;
  r.updated_at = r.submitted_at = 1767225660000;
  ASSERT_TRUE(store_->InsertResponse(r).ok());

  std::ostringstream main, rep;
  auto n = WriteCsv(*store_, *united, Options{}, main, [&](const std::string& name) -> std::ostream* {
    return name == "mc" ? &rep : nullptr;
  });
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(main.str(),
            "id,form_version,lang,status,started_at,submitted_at,name,age,fruit,fruit/apple,fruit/plum,fruit/pear,n\r\n"
            "A,1,en,complete,2026-01-01T00:59:59.000+01:00,2026-01-01T01:00:00.000+01:00,Ann,,pear,0,0,1,3\r\n"
            "B,2,en,complete,2026-01-01T01:00:59.000+01:00,2026-01-01T01:01:00.000+01:00,Bo,40,plum,0,1,0,\r\n");
  EXPECT_EQ(rep.str(), "response_id,instance,title,hours\r\nA,1,Badge,\r\nB,1,Cert,12\r\n");

  // One version alone: its own questions and rows.
  Options only1;
  only1.form_version = "1";
  std::ostringstream m1;
  ASSERT_TRUE(WriteCsv(*store_, *form_, only1, m1, [](const std::string&) -> std::ostream* { return nullptr; }).ok());
  EXPECT_EQ(m1.str(),
            "id,form_version,lang,status,started_at,submitted_at,name,n,fruit,fruit/apple,fruit/pear\r\n"
            "A,1,en,complete,2026-01-01T00:59:59.000+01:00,2026-01-01T01:00:00.000+01:00,Ann,3,pear,0,1\r\n");
}

TEST_F(CsvExport, ManyBatchesKeepSubmissionOrderAndEveryRepeatRow) {
  // More responses than one formatting batch holds, so several threads format while rows are read.
  constexpr int kRows = 2000;
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < kRows; ++i) {
    std::string mc = i % 3 == 0 ? R"(,"mc":[{"title":"t)" + std::to_string(i) + R"("}])" : "";
    rows.emplace_back("r" + std::to_string(i),
                      R"({"name":"n)" + std::to_string(i) + R"(","n":")" + std::to_string(i) + "\"" + mc + "}");
  }
  AddMany(rows, 1767225600000);
  std::ostringstream main, rep;
  auto n = WriteCsv(*store_, *form_, Options{}, main, [&](const std::string&) -> std::ostream* { return &rep; });
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, kRows);
  std::istringstream lines(main.str());
  std::string line;
  std::getline(lines, line);
  for (int i = 0; i < kRows; ++i) {
    ASSERT_TRUE(std::getline(lines, line));
    EXPECT_EQ(line.substr(0, line.find(',')), "r" + std::to_string(i));
    EXPECT_NE(line.find(",n" + std::to_string(i) + "," + std::to_string(i) + ","), std::string::npos) << line;
  }
  EXPECT_FALSE(std::getline(lines, line));
  std::istringstream rlines(rep.str());
  std::getline(rlines, line);
  for (int i = 0; i < kRows; i += 3) {
    ASSERT_TRUE(std::getline(rlines, line));
    EXPECT_EQ(line, "r" + std::to_string(i) + ",1,t" + std::to_string(i) + "\r");
  }
  EXPECT_FALSE(std::getline(rlines, line));
}

TEST_F(CsvExport, ExcludedResponsesOnlyWhenAskedForAndProgressIsReported) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < 5000; ++i) rows.emplace_back("r" + std::to_string(i), R"({"n":"1"})");
  AddMany(rows, 1767225600000);
  ASSERT_TRUE(store_->SetResponseReview("r7", "speeder", true, "too fast").ok());
  Options o;
  std::vector<long long> seen;
  o.progress = [&](long long n) { seen.push_back(n); };
  std::ostringstream a, b;
  auto n = WriteCsv(*store_, *form_, o, a, nullptr);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 4999);
  EXPECT_EQ(a.str().find("\nr7,"), std::string::npos);
  ASSERT_FALSE(seen.empty());
  EXPECT_LE(seen.back(), 4999);
  o.include_excluded = true;
  n = WriteCsv(*store_, *form_, o, b, nullptr);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 5000);
  EXPECT_NE(b.str().find("\nr7,"), std::string::npos);
}

TEST_F(CsvExport, AStoredRowThatIsNotAnAnswerSetStopsTheExportWithItsId) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < 600; ++i) rows.emplace_back("r" + std::to_string(i), i == 400 ? R"({"n":4})" : R"({"n":"1"})");
  AddMany(rows, 1767225600000);
  std::ostringstream main;
  auto n = WriteCsv(*store_, *form_, Options{}, main, nullptr);
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.error().message.find("response r400"), std::string::npos) << n.error().message;
}

}  // namespace
}  // namespace mcs::exporter

namespace mcs::engine {
namespace {

class StoredAnswers : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    form_ = form::Compile(
        "| survey | type | name | label |\n| | text | name | Name |\n| | integer | n | N |\n"
        "| | begin_repeat | mc | MC |\n| | text | title | Title |\n| | end_repeat | | |\n",
        "v.md", d);
    ASSERT_TRUE(form_) << d.ToString();
  }
  std::shared_ptr<const form::Form> form_;
};

TEST_F(StoredAnswers, ViewReadsWhatTheMapsRead) {
  StoredAnswersView v(*form_);
  const std::string json = R"({"name":"Ann \"A\" \u00e9","n":"12","old":"x","mc":[{"title":"a"},{"title":"b,c"}]})";
  ASSERT_TRUE(v.Parse(json).ok());
  auto maps = FromStoredJson(json);
  ASSERT_TRUE(maps.ok());
  EXPECT_EQ(v.Main().Get("name"), maps->values.at("name"));
  EXPECT_EQ(v.Main().Get("name"), "Ann \"A\" \xC3\xA9");
  EXPECT_EQ(v.Main().Get(form_->by_name.at("n")), "12");
  EXPECT_EQ(v.Main().Get("old"), "x");  // a name another version had
  EXPECT_EQ(v.Main().Get("title"), std::nullopt);
  ASSERT_EQ(v.RepeatSize("mc"), 2u);
  EXPECT_EQ(v.RepeatInstance("mc", 1).Get("title"), "b,c");
  EXPECT_EQ(v.RepeatInstance("mc", 1).Get(form_->by_name.at("title")), "b,c");
  EXPECT_EQ(v.RepeatInstance("mc", 2).Get("title"), std::nullopt);
}

TEST_F(StoredAnswers, NothingOfTheLastRowLeaksIntoTheNext) {
  StoredAnswersView v(*form_);
  ASSERT_TRUE(v.Parse(R"({"name":"a","n":"1","mc":[{"title":"t"}]})").ok());
  ASSERT_TRUE(v.Parse(R"({"n":"2"})").ok());
  EXPECT_EQ(v.Main().Get("name"), std::nullopt);
  EXPECT_EQ(v.Main().Get("n"), "2");
  EXPECT_EQ(v.RepeatSize("mc"), 0u);
  ASSERT_TRUE(v.Parse("").ok());
  EXPECT_EQ(v.Main().Get("n"), std::nullopt);
  // Keys in another order than the last row's still land in the right place.
  ASSERT_TRUE(v.Parse(R"({"n":"3","name":"b"})").ok());
  ASSERT_TRUE(v.Parse(R"({"name":"c","n":"4"})").ok());
  EXPECT_EQ(v.Main().Get("name"), "c");
  EXPECT_EQ(v.Main().Get("n"), "4");
}

TEST_F(StoredAnswers, RefusesWhatIsNotAStoredAnswerSet) {
  StoredAnswersView v(*form_);
  for (const char* bad : {R"({"n":3})", R"({"n":{"a":"b"}})", R"(["a"])", R"({"mc":[{"title":1}]})",
                          R"({"mc":["x"]})", R"({"n":"1")", R"({"n":"1"} x)", "3"}) {
    EXPECT_FALSE(v.Parse(bad).ok()) << bad;
    EXPECT_FALSE(FromStoredJson(bad).ok()) << bad;
    EXPECT_EQ(v.Main().Get("n"), std::nullopt) << bad;
  }
}

TEST(HasWord, FindsWholeWordsOnly) {
  EXPECT_TRUE(HasWord("a bc d", "bc"));
  EXPECT_TRUE(HasWord("bc", "bc"));
  EXPECT_FALSE(HasWord("abc d", "bc"));
  EXPECT_FALSE(HasWord("a bcd", "bc"));
  EXPECT_TRUE(HasWord("x bcd bc", "bc"));
  EXPECT_FALSE(HasWord("a b", ""));
}

// Saving a page writes the stored JSON straight from the answers, split into the response's part
// and the personal data kept apart: the same text as splitting first and writing each part, and
// every string escaped as Boost.JSON escapes it (so older rows and new ones read alike).
TEST(StoredJson, SplitWritingIsSplittingThenWriting) {
  Diagnostics d;
  const std::string long_name(70, 'p');  // a personal question's name longer than 63 bytes
  std::string md =
      "| survey | type | name | label | personal |\n| | text | name | Name | |\n| | text | email | E-mail | yes |\n"
      "| | begin_repeat | mc | MC | |\n| | text | title | Title | |\n| | text | phone | Phone | yes |\n"
      "| | end_repeat | | | |\n| | begin_repeat | other | Other | |\n| | text | what | What | |\n";
  md += "| | end_repeat | | | |\n| | text | " + long_name + " | Long | yes |\n";
  auto f = form::Compile(md, "p.md", d);
  ASSERT_TRUE(f) << d.ToString();
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte += static_cast<char>(c);
  std::vector<Answers> cases(5);
  cases[1].values = {{"name", "Ann \"A\" \\ \n\t\x01\x7f \xC3\xA9 \xff"}, {"old", every_byte}};
  cases[2].values = {{"name", "x"}, {"email", "a@b.c"}};
  cases[3].values = {{"email", "a@b.c"}, {"mc", "a value named like a repeat"}};
  cases[3].repeats["mc"] = {{{"title", "t1"}}, {{"title", "t2"}, {"phone", "123"}}, {{"title", "t3"}}};
  cases[3].repeats["other"] = {{{"what", "w"}}, {}};
  cases[4].repeats["mc"] = {{{"title", "only"}}};  // no personal data anywhere: no personal part
  // Names as long as personal ones but other, and names of 63 bytes or more (one length bucket).
  cases.emplace_back();
  cases[5].values = {{long_name, "personal"},
                     {std::string(80, 'p'), "not"},
                     {std::string(63, 'p'), "not"},
                     {"nome", "n"},
                     {"email", "e"},
                     {"emaik", "k"}};
  cases[5].repeats["mc"] = {{{"phone", "1"}, {"phond", "2"}, {long_name, "3"}}};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Answers main, personal;
    SplitPersonal(*f, cases[i], main, personal);
    std::string want_main = ToStoredJson(main);
    std::string want_personal = personal.values.empty() && personal.repeats.empty() ? "" : ToStoredJson(personal);
    std::string got_main = "stale", got_personal = "stale";
    ToStoredJsonSplit(*f, cases[i], got_main, got_personal);
    EXPECT_EQ(got_main, want_main) << "case " << i;
    EXPECT_EQ(got_personal, want_personal) << "case " << i;
    if (i == 1) continue;  // not UTF-8: written as Boost.JSON writes it, but no reader takes it back
    auto back = FromStoredJson(got_main);
    ASSERT_TRUE(back.ok()) << got_main;
    EXPECT_EQ(ToStoredJson(*back), got_main) << "case " << i;
  }
  EXPECT_EQ(ToStoredJson(cases[1]),
            "{" + boost::json::serialize(boost::json::string("name")) + ":" +
                boost::json::serialize(boost::json::string(cases[1].values["name"])) + "," +
                boost::json::serialize(boost::json::string("old")) + ":" +
                boost::json::serialize(boost::json::string(every_byte)) + "}");
}

}  // namespace
}  // namespace mcs::engine
