// A repeat's questions in the statistics and the report: analysed per instance, with the number of
// instances and the number of responses both shown, columns by group when asked for.
#include <gtest/gtest.h>

#include "report/report.h"
#include "stats/dataset.h"
#include "stats/stats.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::stats {
namespace {

const char* kForm =
    "| survey  | type            | name  | label          |\n"
    "|         | select_one grp  | group | Group          |\n"
    "|         | begin_repeat    | mc    | Microcredential |\n"
    "|         | select_one eqf  | level | EQF level      |\n"
    "|         | integer         | hours | Workload       |\n"
    "|         | end_repeat      |       |                |\n"
    "| choices | list_name | name | label    |\n"
    "|         | grp       | emp  | Employer |\n"
    "|         | grp       | vet  | Provider |\n"
    "|         | eqf       | l4   | Level 4  |\n"
    "|         | eqf       | l5   | Level 5  |\n"
    "| settings | form_id |\n"
    "|          | rs      |\n";

TEST(RepeatStats, InstancesAnalysedWithBothCountsShown) {
  testing::TempDir dir;
  Diagnostics d;
  auto f = form::Compile(kForm, "rs.md", d);
  ASSERT_TRUE(f) << d.ToString();
  auto store = std::move(storage::Open("sqlite:" + dir.File("s.db")).value());
  ASSERT_TRUE(store->Migrate().ok());
  const char* rows[] = {
      R"({"group":"emp","mc":[{"level":"l4","hours":"10"},{"level":"l5","hours":"30"}]})",
      R"({"group":"vet"})",
      R"({"group":"vet","mc":[{"level":"l5","hours":"20"}]})",
  };
  int k = 0;
  for (const char* a : rows) {
    storage::ResponseRecord r;
    r.id = "R" + std::to_string(k);
    r.form_id = "rs";
    r.form_version = f->version;
    r.lang = "en";
    r.status = storage::ResponseStatus::kComplete;
    r.answers_json = a;
    r.channel = "web";
    r.started_at = 1767225600000 + k * 1000;
    r.updated_at = r.submitted_at = r.started_at + 10;
    ++k;
    ASSERT_TRUE(store->InsertResponse(r).ok());
  }
  LoadOptions lo;
  lo.repeats = true;
  auto ds = Load(*store, *f, lo);
  ASSERT_TRUE(ds.ok()) << ds.error().message;
  EXPECT_EQ(ds->rows(), 3u);
  ASSERT_EQ(ds->repeats.size(), 1u);
  const RepeatData& mc = ds->repeats[0];
  EXPECT_EQ(mc.instances.rows(), 3u);
  EXPECT_EQ(mc.responses, 2u);
  const Variable* level = mc.instances.Find("level");
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->cat, (std::vector<std::int32_t>{0, 1, 1}));
  EXPECT_EQ(mc.instances.Find("hours")->num, (std::vector<double>{10, 30, 20}));
  // Each instance carries its response's group.
  const Variable* g = mc.instances.Find("group");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->codes[static_cast<std::size_t>(g->cat[0])], "emp");
  EXPECT_EQ(g->codes[static_cast<std::size_t>(g->cat[2])], "vet");

  report::Options ro;
  ro.min_cell = 1;
  ro.by = "group";
  auto html = report::RenderHtml(*f, *ds, ro);
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_NE(html->find("n = 3 instances in 2 responses"), std::string::npos);
  EXPECT_NE(html->find("EQF level"), std::string::npos);
  EXPECT_NE(html->find("Workload"), std::string::npos);
  // Without asking, no repeat is loaded.
  auto plain = Load(*store, *f, LoadOptions{});
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->repeats.empty());
}

}  // namespace
}  // namespace mcs::stats
