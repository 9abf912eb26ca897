#include <gtest/gtest.h>

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
  testing::TempDir dir_;
  std::shared_ptr<const form::Form> form_;
  std::unique_ptr<storage::Storage> store_;
};

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
            "A,1,en,complete,2025-12-31T23:59:59.000Z,2026-01-01T00:00:00.000Z,\"Ann, \"\"the\"\" first\",3,apple pear,1,1\r\n"
            "B,1,en,complete,2026-01-01T00:00:59.000Z,2026-01-01T00:01:00.000Z,\"'=HYPERLINK(\"\"x\"\")\",-4,,,\r\n");
  EXPECT_EQ(rep.str(), "response_id,instance,title\r\nA,1,Badge\r\nA,2,\"'=1+1\"\r\n");
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
            "A,1,en,complete,2025-12-31T23:59:59.000Z,2026-01-01T00:00:00.000Z,Ann,,pear,0,0,1,3\r\n"
            "B,2,en,complete,2026-01-01T00:00:59.000Z,2026-01-01T00:01:00.000Z,Bo,40,plum,0,1,0,\r\n");
  EXPECT_EQ(rep.str(), "response_id,instance,title,hours\r\nA,1,Badge,\r\nB,1,Cert,12\r\n");

  // One version alone: its own questions and rows.
  Options only1;
  only1.form_version = "1";
  std::ostringstream m1;
  ASSERT_TRUE(WriteCsv(*store_, *form_, only1, m1, [](const std::string&) -> std::ostream* { return nullptr; }).ok());
  EXPECT_EQ(m1.str(),
            "id,form_version,lang,status,started_at,submitted_at,name,n,fruit,fruit/apple,fruit/pear\r\n"
            "A,1,en,complete,2025-12-31T23:59:59.000Z,2026-01-01T00:00:00.000Z,Ann,3,pear,0,1\r\n");
}

}  // namespace
}  // namespace mcs::exporter
