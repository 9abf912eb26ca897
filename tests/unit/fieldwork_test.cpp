// fieldwork (issue 22): targets per group × country come only from a questionnaire's own lists; the
// CSV that `mcsurvey targets set` reads is checked line by line and stored all or nothing.
#include <gtest/gtest.h>

#include "storage/storage.h"
#include "test_util.h"
#include "web/fieldwork_targets.h"

namespace mcs::web {
namespace {

std::shared_ptr<const form::Form> StudyForm(const std::string& id) {
  Diagnostics d;
  auto f = form::Compile(testing::ReadTestFile(std::string(MCS_SOURCE_DIR) + "/forms/study/" + id + ".md"), id + ".md", d);
  EXPECT_TRUE(f) << d.ToString();
  return f;
}

// A form with its own group question: its groups are that list's, not the form id.
constexpr const char* kGrouped =
    "| survey | type | name | label |\n"
    "| | select_one g | group | Group? |\n"
    "| | select_one c | country | Country? |\n"
    "| choices | list_name | name | label | label::Deutsch (de) |\n"
    "| | g | uni | University | Universität |\n"
    "| | g | firm | Company | Firma |\n"
    "| | c | BE | Belgium | Belgien |\n"
    "| | c | EL | Greece | Griechenland |\n"
    "| settings | form_id | version | form_title | default_language |\n"
    "| | grouped | 1 | Grouped | English (en) |\n";

std::shared_ptr<const form::Form> Grouped() {
  Diagnostics d;
  auto f = form::Compile(kGrouped, "grouped.md", d);
  EXPECT_TRUE(f) << d.ToString();
  return f;
}

TEST(FieldworkTargets, TheFrameComesFromTheFormsOwnLists) {
  TargetFrame study = FrameOf(*StudyForm("employers"), "en");
  ASSERT_EQ(study.groups.size(), 1u);
  EXPECT_EQ(study.groups[0].code, "employers");  // the questionnaire is its group
  EXPECT_TRUE(study.HasCountry("BE"));
  EXPECT_TRUE(study.HasCountry("other"));
  EXPECT_FALSE(study.HasCountry("Belgium"));
  for (const auto& c : study.countries) {
    if (c.code == "BE") {
      EXPECT_EQ(c.name, "Belgium");  // names, not codes
    }
  }
  TargetFrame grouped = FrameOf(*Grouped(), "de");
  ASSERT_EQ(grouped.groups.size(), 2u);
  EXPECT_EQ(grouped.groups[1].code, "firm");
  EXPECT_EQ(grouped.groups[1].name, "Firma");  // in the console's language when the form has it
  EXPECT_EQ(FrameOf(*Grouped(), "fr").groups[1].name, "Company");  // else the form's default
}

struct CsvCase {
  const char* what;
  const char* csv;
  const char* problems;  // "LINE: message start | ..." ("" when it is read)
};

TEST(FieldworkTargets, TheCsvIsCheckedLineByLine) {
  TargetFrame frame = FrameOf(*Grouped(), "en");
  const CsvCase cases[] = {
      {"good, any column order, extra columns, empty target", "country,target,group,note\nBE,10,uni,x\nEL,,firm,y\n", ""},
      {"semicolons and a BOM", "\xEF\xBB\xBFgroup;country;target\nuni;BE;3\n", ""},
      {"a phantom group", "group,country,target\nunis,BE,3\n", "2: 'unis' is not a group of grouped"},
      {"a country name instead of its code", "group,country,target\nuni,Greece,3\n",
       "2: 'Greece' is not a country code of grouped"},
      {"not a whole number", "group,country,target\nuni,BE,3.5\nfirm,BE,-1\n",
       "2: the target '3.5' is not a whole number | 3: the target '-1' is not a whole number"},
      {"too many", "group,country,target\nuni,BE,1000001\n", "2: the target '1000001'"},
      {"a cell twice", "group,country,target\nuni,BE,1\nuni,BE,2\n", "3: uni × BE is given on line 2 already"},
      {"no header", "uni,BE,3\n", "1: the first line must name the columns"},
      {"empty", "", "0: the file is empty"},
      {"a quote left open (was read to the end of the file as one field)",
       "group,country,target\nuni,\"BE,3\nfirm,EL,2\n", "2: column 2: a quote is not closed"},
  };
  for (const auto& c : cases) {
    std::vector<TargetProblem> problems;
    auto t = ParseTargetsCsv(c.csv, frame, problems);
    std::string got;
    for (const auto& p : problems) got += (got.empty() ? "" : " | ") + std::to_string(p.line) + ": " + p.message;
    if (std::string(c.problems).empty()) {
      EXPECT_TRUE(t.ok()) << c.what << ": " << got;
    } else {
      EXPECT_FALSE(t.ok()) << c.what;
      // Each expected problem starts one reported problem, in order.
      std::string expected = c.problems;
      std::size_t from = 0;
      for (std::size_t pos = 0; pos != std::string::npos;) {
        std::size_t bar = expected.find(" | ", pos);
        std::string part = expected.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
        std::size_t at = got.find(part, from);
        EXPECT_NE(at, std::string::npos) << c.what << ": wanted \"" << part << "\" in \"" << got << "\"";
        if (at != std::string::npos) from = at + part.size();
        pos = bar == std::string::npos ? bar : bar + 3;
      }
    }
  }
  std::vector<TargetProblem> problems;
  auto t = ParseTargetsCsv("group,country,target\nuni,BE,10\nfirm,EL,0\nuni,EL,\n", frame, problems);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (Targets{{{"uni", "BE"}, 10}}));  // 0 and empty: no target
  // The dashboard's all-questionnaires download: lines of other forms are skipped, and counted.
  int others = 0;
  t = ParseTargetsCsv("form,group,country,target\ngrouped,uni,BE,4\nemployers,employers,BE,9\n", frame, problems,
                      &others);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 1u);
  EXPECT_EQ(others, 1);
}

TEST(FieldworkTargets, StoredWholeAndNeverForAPhantomCell) {
  testing::TempDir dir;
  auto store = std::move(storage::Open("sqlite:" + dir.File("t.db")).value());
  ASSERT_TRUE(store->Migrate().ok());
  TargetFrame frame = FrameOf(*Grouped(), "en");
  ASSERT_TRUE(SaveTargets(*store, frame, {{{"uni", "BE"}, 10}, {{"firm", "EL"}, 2}}).ok());
  EXPECT_EQ(LoadTargets(*store, "grouped"), (Targets{{{"uni", "BE"}, 10}, {{"firm", "EL"}, 2}}));
  Status st = SaveTargets(*store, frame, {{{"uni", "BE"}, 1}, {{"unis", "BE"}, 3}});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(LoadTargets(*store, "grouped").at({"uni", "BE"}), 10);  // nothing of it was stored
  ASSERT_TRUE(SaveTargets(*store, frame, {}).ok());  // an empty table: no targets left
  EXPECT_TRUE(LoadTargets(*store, "grouped").empty());
  EXPECT_TRUE(LoadTargets(*store, "employers").empty());
  // Targets typed one cell at a time before the table still show until the table is saved.
  ASSERT_TRUE(store->PutSetting("dashboard_targets", "employers\tBE\t5\n").ok());
  EXPECT_EQ(LoadTargets(*store, "employers"), (Targets{{{"employers", "BE"}, 5}}));
}

}  // namespace
}  // namespace mcs::web
