// The console dashboard's figures (web/admin/dashboard_summary.h) against a known set of stored
// responses, the one group/country rule it shares with the statistics (stats/group_country.h), and
// its cache: recomputed exactly when the form's responses change.
#include <gtest/gtest.h>

#include <cmath>

#include "form/form.h"
#include "stats/dataset.h"
#include "stats/group_country.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/admin/dashboard_summary.h"

namespace mcs::web::admin {
namespace {

TEST(GroupCountryRule, InvitationThenAnswerThenForm) {
  storage::Invitation both;
  both.group = "employers";
  both.country = "BE";
  storage::Invitation no_group;
  no_group.country = "DE";
  struct Case {
    const storage::Invitation* inv;
    std::string_view group_answer, country_answer;
    std::string group, country;
  } cases[] = {
      {&both, "providers", "FR", "employers", "BE"},  // the sampling frame wins over the answer
      {&both, "", "", "employers", "BE"},
      {&no_group, "providers", "FR", "providers", "DE"},
      {&no_group, "", "", "vet", "DE"},
      {nullptr, "providers", "FR", "providers", "FR"},  // a public link: the respondent's answers
      {nullptr, "", "FR", "vet", "FR"},                 // nothing says the group: the questionnaire does
      {nullptr, "", "", "vet", ""},
  };
  for (const auto& c : cases) {
    stats::GroupCountry gc = stats::GroupCountryOf("vet", c.inv, c.group_answer, c.country_answer);
    EXPECT_EQ(gc.group, c.group) << c.group_answer << "/" << c.country_answer;
    EXPECT_EQ(gc.country, c.country) << c.group_answer << "/" << c.country_answer;
  }
}

constexpr const char* kForm =
    "| survey   | type                | name    | label     | appearance |\n"
    "|          | begin_group         | p1      | About you | field-list |\n"
    "|          | select_one grp      | group   | Group     |            |\n"
    "|          | select_one country  | country | Country   |            |\n"
    "|          | end_group           |         |           |            |\n"
    "|          | begin_group         | p2      | Comments  | field-list |\n"
    "|          | text                | comment | Comment   |            |\n"
    "|          | end_group           |         |           |            |\n"
    "| choices  | list_name | name      | label     |\n"
    "|          | grp       | providers | Providers |\n"
    "|          | grp       | employers | Employers |\n"
    "|          | country   | BE        | Belgium   |\n"
    "|          | country   | FR        | France    |\n"
    "| settings | form_id   | version   |\n"
    "|          | dash      | 1         |\n";

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    form_ = form::Compile(kForm, "dash.md", d);
    ASSERT_TRUE(form_) << d.ToString();
    store_ = std::move(storage::Open("sqlite:" + dir_.File("d.db")).value());
    ASSERT_TRUE(store_->Migrate().ok());
    storage::Invitation inv;
    inv.id = "i1";
    inv.form_id = "dash";
    inv.group = "employers";
    inv.country = "BE";
    ASSERT_TRUE(store_->AddInvitations({inv}).ok());
  }
  // A response; `minutes` after 2027-05-03 10:00 UTC it is submitted (complete) or last saved.
  void Add(const std::string& id, const std::string& json, bool complete, int minutes, int taken_s = 300,
           const std::string& channel = "web", const std::string& inv = "", int page = 0) {
    storage::ResponseRecord r;
    r.id = id;
    r.form_id = "dash";
    r.form_version = "1";
    r.lang = "en";
    r.status = complete ? storage::ResponseStatus::kComplete : storage::ResponseStatus::kPartial;
    r.resume_hash = "h-" + id;
    r.answers_json = json;
    r.channel = channel;
    r.invitation_id = inv;
    r.page = page;
    r.updated_at = kT0 + minutes * 60000LL;
    r.started_at = r.updated_at - taken_s * 1000LL;
    r.submitted_at = complete ? r.updated_at : 0;
    ASSERT_TRUE(store_->InsertResponse(r).ok());
  }
  void AddKnownSet() {
    Add("A", R"({"group":"providers","country":"FR"})", true, 0, 300, "web", "i1");  // the invitation wins
    Add("B", R"({"group":"providers","country":"FR"})", true, 5, 100);
    Add("C", R"({"country":"FR"})", true, 13 * 60 + 30, 200);  // 23:30 UTC is 01:30 on the 4th in Brussels
    Add("D", R"({"group":"providers"})", true, 10, 999, "api");  // not timed
    Add("P", R"({"group":"providers","country":"FR"})", false, 20, 0, "web", "", 1001);  // on page 2
    Add("Q", "{}", false, 21, 0, "web", "", 0);  // never left page 1
    Add("X", R"({"group":"providers","country":"FR"})", true, 30, 50);
    ASSERT_TRUE(store_->SetResponseReview("X", "speeder", true, "too fast").ok());  // excluded
    Add("T", R"({"group":"providers","country":"FR"})", true, 31, 50, "test");  // a preview
  }
  static constexpr TimeMs kT0 = 1809338400000;  // 2027-05-03 10:00 UTC
  std::shared_ptr<const form::Form> form_;
  testing::TempDir dir_;
  std::unique_ptr<storage::Storage> store_;
};

TEST_F(DashboardTest, FiguresOfAKnownSet) {
  AddKnownSet();
  DashboardSummary s = ComputeDashboardSummary(*store_, *form_, 0);
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::pair<long, long>> cells;
  for (const auto& [k, c] : s.cells) cells[k] = {c.complete, c.partial};
  EXPECT_EQ(cells, (std::map<Key, std::pair<long, long>>{{{"employers", "BE"}, {1, 0}},
                                                          {{"providers", "FR"}, {1, 1}},
                                                          {{"dash", "FR"}, {1, 0}},
                                                          {{"providers", "(not given)"}, {1, 0}},
                                                          {{"dash", "(not given)"}, {0, 1}}}));
  EXPECT_EQ(s.complete, 4);
  EXPECT_EQ(s.partial, 2);
  EXPECT_EQ(s.times, (std::vector<double>{100000, 200000, 300000}));  // sorted, browser only
  EXPECT_EQ(PerDay(s, "Europe/Brussels"), (std::map<std::string, long>{{"2027-05-03", 3}, {"2027-05-04", 1}}));
  ASSERT_EQ(s.reached.size(), form_->pages.size());
  ASSERT_GE(s.reached.size(), 2u);
  EXPECT_EQ(s.reached[0], 6);
  EXPECT_EQ(s.reached[1], 5);  // Q stopped on page 1
}

// Days are the study's zone's: the same summary split at Tokyo's midnight (15:00 UTC) and at St John's
// (02:30 UTC in summer, half an hour off the UTC hour).
TEST_F(DashboardTest, DaysFollowTheStudysTimeZone) {
  Add("M1", "{}", true, 299, 100);  // 2027-05-03 14:59 UTC: 23:59 in Tokyo, 16:59 in Brussels
  Add("M2", "{}", true, 300, 100);  // 15:00 UTC: 00:00 on the 4th in Tokyo, 17:00 in Brussels
  Add("M3", "{}", true, 989, 100);  // 2027-05-04 02:29 UTC: 23:59 on the 3rd in St John's
  Add("M4", "{}", true, 990, 100);  // 02:30 UTC: 00:00 on the 4th in St John's
  DashboardSummary s = ComputeDashboardSummary(*store_, *form_, 0);
  using Days = std::map<std::string, long>;
  EXPECT_EQ(PerDay(s, "Asia/Tokyo"), (Days{{"2027-05-03", 1}, {"2027-05-04", 3}}));
  EXPECT_EQ(PerDay(s, "Europe/Brussels"), (Days{{"2027-05-03", 2}, {"2027-05-04", 2}}));
  EXPECT_EQ(PerDay(s, "America/St_Johns"), (Days{{"2027-05-03", 3}, {"2027-05-04", 1}}));
}

TEST_F(DashboardTest, StatisticsPutEveryRespondentInTheDashboardsCell) {
  AddKnownSet();
  DashboardSummary s = ComputeDashboardSummary(*store_, *form_, 0);
  auto ds = stats::Load(*store_, *form_, {});
  ASSERT_TRUE(ds.ok()) << ds.error().message;
  const stats::Variable* g = ds->Find("group");
  const stats::Variable* c = ds->Find("country");
  ASSERT_TRUE(g && c);
  std::map<std::pair<std::string, std::string>, long> from_stats;
  for (std::size_t i = 0; i < ds->rows(); ++i) {
    from_stats[{g->codes[g->cat[i]], c->cat[i] == stats::kMissing ? kCountryNotGiven : c->codes[c->cat[i]]}]++;
  }
  std::map<std::pair<std::string, std::string>, long> from_dashboard;
  for (const auto& [k, cell] : s.cells)
    if (cell.complete) from_dashboard[k] = cell.complete;
  EXPECT_EQ(from_stats, from_dashboard);
  // The question's own labels stay with the shared column.
  EXPECT_EQ(c->code_labels[0], "Belgium");
}

TEST_F(DashboardTest, CacheRecomputesExactlyWhenResponsesChange) {
  AddKnownSet();
  DashboardCache cache;
  auto a = cache.Get(*store_, *form_, 1000);
  auto b = cache.Get(*store_, *form_, 2000);
  EXPECT_EQ(cache.computations(), 1);
  EXPECT_EQ(a, b);
  Add("N", R"({"group":"employers","country":"BE"})", true, 40, 120);
  auto c = cache.Get(*store_, *form_, 3000);
  EXPECT_EQ(cache.computations(), 2);
  EXPECT_EQ(c->complete, a->complete + 1);
  ASSERT_TRUE(store_->SetResponseReview("N", "", true, "excluded").ok());
  EXPECT_EQ(cache.Get(*store_, *form_, 4000)->complete, a->complete);
  ASSERT_TRUE(store_->DeleteResponse("B").ok());
  EXPECT_EQ(cache.Get(*store_, *form_, 5000)->complete, a->complete - 1);
  EXPECT_EQ(cache.computations(), 4);
  cache.Get(*store_, *form_, 6000);
  EXPECT_EQ(cache.computations(), 4);
}

TEST(DashboardCacheRule, CostlySummariesAreReusedForAWhileOnly) {
  // Unchanged responses: always reused.
  EXPECT_TRUE(DashboardCache::Reusable("7", "7", 0, 5000, 10'000'000));
  // Changed, cheap to compute: never reused.
  EXPECT_FALSE(DashboardCache::Reusable("7", "8", 0, 150, 1));
  // Changed, costly (2 s): reused for 20 s, then computed again.
  EXPECT_TRUE(DashboardCache::Reusable("7", "8", 100'000, 2000, 119'999));
  EXPECT_FALSE(DashboardCache::Reusable("7", "8", 100'000, 2000, 120'000));
  // Never more than a minute, and never when the clock went back.
  EXPECT_FALSE(DashboardCache::Reusable("7", "8", 100'000, 30'000, 160'000));
  EXPECT_FALSE(DashboardCache::Reusable("7", "8", 100'000, 2000, 99'000));
}

TEST(DashboardMedian, OfSeveralSortedParts) {
  std::vector<double> a{1, 5, 9}, b{2, 3}, none;
  EXPECT_EQ(MedianOfSorted({}), 0);
  EXPECT_EQ(MedianOfSorted({&none}), 0);
  EXPECT_EQ(MedianOfSorted({&a, &none}), 5);
  EXPECT_EQ(MedianOfSorted({&a, &b}), 3);  // 1 2 3 5 9
  std::vector<double> c{4};
  EXPECT_EQ(MedianOfSorted({&a, &b, &c}), 3.5);  // 1 2 3 4 5 9
}

}  // namespace
}  // namespace mcs::web::admin
