// One export whatever the door (the files of a download and their README), partial responses
// exported as Finalize leaves them, and the follow-up contacts (personal data in that export only).
#include <gtest/gtest.h>
#include <zip.h>

#include <sstream>

#include "engine/answers_json.h"
#include "export/export.h"
#include "form/form.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::exporter {
namespace {

// q2 applies only when q1 is yes; the contact questions are personal data.
const char* kForm =
    "| survey  | type          | name    | label         | relevant      | personal |\n"
    "|         | select_one yn | q1      | Smoke?        |               |          |\n"
    "|         | integer       | q2      | Per day?      | ${q1} = 'yes' |          |\n"
    "|         | select_one yn | consent | Follow-up?    |               |          |\n"
    "|         | text          | name    | Your name     | ${consent} = 'yes' | yes |\n"
    "|         | text          | email   | Your e-mail   | ${consent} = 'yes' | yes |\n"
    "|         | begin_repeat  | mc      | Credential    |               |          |\n"
    "|         | text          | title   | Title         |               |          |\n"
    "|         | end_repeat    |         |               |               |          |\n"
    "| choices | list_name | name | label |\n"
    "|         | yn        | yes  | Yes   |\n"
    "|         | yn        | no   | No    |\n"
    "| settings | form_id |\n"
    "|          | fu      |\n";

class Bundle : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    form_ = form::Compile(kForm, "fu.md", d);
    ASSERT_TRUE(form_) << d.ToString();
    store_ = std::move(storage::Open("sqlite:" + dir_.File("e.db")).value());
    ASSERT_TRUE(store_->Migrate().ok());
  }
  void Add(const std::string& id, const std::string& answers, const std::string& personal, storage::ResponseStatus st,
           bool excluded = false) {
    storage::ResponseRecord r;
    r.id = id;
    r.form_id = "fu";
    r.form_version = "1";
    r.lang = "en";
    r.status = st;
    r.answers_json = answers;
    r.personal_json = personal;
    r.channel = "web";
    r.started_at = 1767225600000 + static_cast<TimeMs>(id[0]) * 1000;
    r.updated_at = r.started_at + 10;
    r.submitted_at = st == storage::ResponseStatus::kComplete ? r.updated_at : 0;
    r.excluded = excluded;
    ASSERT_TRUE(store_->InsertResponse(r).ok());
  }
  // The members of a zip and their contents.
  std::map<std::string, std::string> Unzip(const std::string& path) {
    std::map<std::string, std::string> out;
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    EXPECT_NE(z, nullptr) << path;
    if (!z) return out;
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
      zip_stat_t st;
      zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
      std::string data(st.size, '\0');
      zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
      zip_fread(f, data.data(), st.size);
      zip_fclose(f);
      out[st.name] = data;
    }
    zip_close(z);
    return out;
  }
  testing::TempDir dir_;
  std::shared_ptr<const form::Form> form_;
  std::unique_ptr<storage::Storage> store_;
};

TEST_F(Bundle, CsvDownloadIsAZipOfEveryTableTheCodebookAndAReadme) {
  Add("A", R"({"q1":"yes","q2":"20","consent":"yes","mc":[{"title":"Badge"},{"title":"=1+1"}]})",
      R"({"name":"Ana","email":"ana@example.org"})", storage::ResponseStatus::kComplete);
  const std::string path = dir_.File(DownloadName("fu", FileFormat::kCsv));
  EXPECT_EQ(DownloadName("fu", FileFormat::kCsv), "fu-csv.zip");
  EXPECT_EQ(ContentType(FileFormat::kCsv), "application/zip");
  auto n = WriteDownload(*store_, *form_, Options{}, FileFormat::kCsv, path);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  auto files = Unzip(path);
  std::vector<std::string> names;
  for (const auto& [k, v] : files) names.push_back(k);
  EXPECT_EQ(names, (std::vector<std::string>{"fu-README.txt", "fu-codebook.csv", "fu-mc.csv", "fu.csv"}));
  EXPECT_EQ(files["fu-mc.csv"], "response_id,instance,title\r\nA,1,Badge\r\nA,2,\"'=1+1\"\r\n");
  const std::string& readme = files["fu-README.txt"];
  for (const char* want : {"fu.csv", "fu-mc.csv", "fu-codebook.csv", "response_id = id", "(response_id, instance)"}) {
    EXPECT_NE(readme.find(want), std::string::npos) << want << " not in\n" << readme;
  }
  // Personal data is in none of the files.
  for (const auto& [name, data] : files) EXPECT_EQ(data.find("ana@example.org"), std::string::npos) << name;
}

TEST_F(Bundle, SavAndDtaDownloadsAreZipsWithEveryTable) {
  Add("A", R"({"q1":"no","mc":[{"title":"x"}]})", "", storage::ResponseStatus::kComplete);
  for (FileFormat fmt : {FileFormat::kSav, FileFormat::kDta}) {
    const std::string path = dir_.File(DownloadName("fu", fmt));
    ASSERT_TRUE(WriteDownload(*store_, *form_, Options{}, fmt, path).ok());
    auto files = Unzip(path);
    const std::string ext(Extension(fmt));
    EXPECT_EQ(files.size(), 4u);
    EXPECT_TRUE(files.count("fu." + ext) && files.count("fu-mc." + ext) && files.count("fu-codebook.csv")) << ext;
  }
}

// The engine's rule: an answer to a question that does not apply now is not in an export of partial
// responses. The respondent said yes, gave 20 a day, went back and said no: q2 no longer applies.
TEST_F(Bundle, PartialResponsesAreExportedAsFinalizeLeavesThem) {
  Add("P", R"({"q1":"no","q2":"20"})", "", storage::ResponseStatus::kPartial);
  Add("Q", R"({"q1":"yes","q2":"5"})", "", storage::ResponseStatus::kPartial);
  Options o;
  o.complete_only = false;
  std::ostringstream csv;
  ASSERT_TRUE(WriteCsv(*store_, *form_, o, csv, nullptr).ok());
  EXPECT_NE(csv.str().find("P,1,en,partial,"), std::string::npos) << csv.str();
  EXPECT_NE(csv.str().find(",no,,"), std::string::npos) << csv.str();  // q2 left empty
  EXPECT_EQ(csv.str().find(",20,"), std::string::npos) << csv.str();
  EXPECT_NE(csv.str().find(",yes,5,"), std::string::npos) << csv.str();  // still applies: kept
  std::ostringstream jsonl;
  ASSERT_TRUE(WriteJsonl(*store_, *form_, o, jsonl).ok());
  EXPECT_EQ(jsonl.str().find("\"q2\":20"), std::string::npos) << jsonl.str();
  EXPECT_NE(jsonl.str().find("\"q2\":5"), std::string::npos) << jsonl.str();
}

TEST_F(Bundle, FollowupsGiveConsentingContactsAndAnswersOnlyWhenAsked) {
  Add("A", R"({"q1":"yes","q2":"3","consent":"yes"})", R"({"name":"Ana, \"A\"","email":"ana@example.org"})",
      storage::ResponseStatus::kComplete);
  Add("B", R"({"q1":"no","consent":"no"})", "", storage::ResponseStatus::kComplete);
  Add("C", R"({"consent":"yes"})", R"({"name":"Partial","email":"p@example.org"})", storage::ResponseStatus::kPartial);
  Add("D", R"({"consent":"yes"})", R"({"name":"Bot","email":"bot@example.org"})", storage::ResponseStatus::kComplete,
      true);
  std::ostringstream plain;
  auto n = WriteFollowups(*store_, *form_, FollowupOptions{}, plain);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  const std::string s = plain.str();
  EXPECT_EQ(s.substr(0, s.find("\r\n")),
            "response_id,submitted_at,name,email,consent_question,consent_text,consent_answer,consent_lang,consent_at");
  // (stored without a consent record, as before issue 25's: the consent columns are empty)
  EXPECT_NE(s.find("A,2026-01-01T01:01:05.010+01:00,\"Ana, \"\"A\"\"\",ana@example.org,,,,,\r\n"), std::string::npos)
      << s;
  EXPECT_EQ(s.find("q1"), std::string::npos) << "answers without asking";
  FollowupOptions with;
  with.with_answers = true;
  std::ostringstream joined;
  ASSERT_TRUE(WriteFollowups(*store_, *form_, with, joined).ok());
  EXPECT_NE(joined.str().find("response_id,submitted_at,name,email,consent_question,consent_text,consent_answer,"
                              "consent_lang,consent_at,q1,q2,consent\r\n"),
            std::string::npos)
      << joined.str();
  EXPECT_NE(joined.str().find("ana@example.org,,,,,,yes,3,yes\r\n"), std::string::npos) << joined.str();
  // No other export holds the contacts.
  Options all;
  all.complete_only = false;
  all.include_excluded = true;
  std::ostringstream csv, jsonl;
  ASSERT_TRUE(WriteCsv(*store_, *form_, all, csv, nullptr).ok());
  ASSERT_TRUE(WriteJsonl(*store_, *form_, all, jsonl).ok());
  for (const std::string& out : {csv.str(), jsonl.str()}) {
    EXPECT_EQ(out.find("@example.org"), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace mcs::exporter
