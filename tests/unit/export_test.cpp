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

}  // namespace
}  // namespace mcs::exporter
