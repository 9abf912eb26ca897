// The web handlers in process: requests in, responses out, no sockets. A manual clock makes the
// survey window deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/timezone.h"
#include "storage/forwarding_storage.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"
#include "web/invitation.h"

namespace mcs::web {
namespace {

TEST(Brussels, SummerAndWinterTimeByDefault) {
  SetStudyTimeZone(kDefaultTimeZone);
  EXPECT_EQ(ZoneOffsetMinutes(StudyTimeZone(), ParseTimeUtc("2027-07-05T12:00:00Z")), 120);
  EXPECT_EQ(ZoneOffsetMinutes(StudyTimeZone(), ParseTimeUtc("2027-01-05T12:00:00Z")), 60);
  // 2027's switches: 28 March and 31 October, at 01:00 UTC.
  EXPECT_EQ(ZoneOffsetMinutes(StudyTimeZone(), ParseTimeUtc("2027-03-28T00:59:59Z")), 60);
  EXPECT_EQ(ZoneOffsetMinutes(StudyTimeZone(), ParseTimeUtc("2027-03-28T01:00:00Z")), 120);
  EXPECT_EQ(ZoneOffsetMinutes(StudyTimeZone(), ParseTimeUtc("2027-10-31T00:59:59Z")), 120);
  EXPECT_EQ(ZoneOffsetMinutes(StudyTimeZone(), ParseTimeUtc("2027-10-31T01:00:00Z")), 60);
  EXPECT_EQ(FormatStudyTime(ParseTimeUtc("2027-07-05T21:59:00Z")), "5 July 2027 at 23:59 Central European Summer Time");
}

TEST(Study, ClosesOnTheNextFifthOfJuly) {
  EXPECT_EQ(FormatTimeUtc(DefaultClosingTime(ParseTimeUtc("2026-11-28T12:00:00Z"), kDefaultTimeZone)), "2027-07-05T21:59:59.999Z");
  EXPECT_EQ(FormatTimeUtc(DefaultClosingTime(ParseTimeUtc("2027-07-05T21:00:00Z"), kDefaultTimeZone)), "2027-07-05T21:59:59.999Z");
  EXPECT_EQ(FormatTimeUtc(DefaultClosingTime(ParseTimeUtc("2027-07-05T22:00:00Z"), kDefaultTimeZone)), "2028-07-05T21:59:59.999Z");
  // A study run from Tokyo closes at 23:59 Tokyo time.
  EXPECT_EQ(FormatTimeUtc(DefaultClosingTime(ParseTimeUtc("2027-07-05T14:00:00Z"), "Asia/Tokyo")), "2027-07-05T14:59:59.999Z");
  EXPECT_EQ(FormatTimeUtc(DefaultClosingTime(ParseTimeUtc("2027-07-05T15:00:00Z"), "Asia/Tokyo")), "2028-07-05T14:59:59.999Z");
}

class WebTest : public testing::AppTest {
 protected:
  WebTest() : AppTest(42) {}
  http::Response Get(const std::string& path, const std::string& cookie = "") {
    http::Request r = NewRequest("GET", path);
    if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
    return router_->Dispatch(r);
  }
  http::Response Post(const std::string& path, const std::string& body, const std::string& type,
                      const std::string& cookie = "") {
    http::Request r = NewRequest("POST", path, body);
    r.headers.emplace_back("content-type", type);
    if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
    return router_->Dispatch(r);
  }
  // The API's list of forms as the team sees it (with an API token of the owner's), drafts included.
  std::string TeamFormList() {
    EXPECT_TRUE(store_->AddApiToken(Sha256Hex("team-token-0123456789"), "admin", "t", clock_.Now()).ok());
    http::Request list = NewRequest("GET", "/api/v1/forms");
    list.headers.emplace_back("authorization", "Bearer team-token-0123456789");
    return router_->Dispatch(list).body;
  }
};

TEST_F(WebTest, InstallsTheStudyOnAnEmptyDatabase) {
  auto r = Get("/api/v1/forms");
  ASSERT_EQ(r.status, 200);
  auto v = boost::json::parse(r.body).as_array();
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].at("id").as_string(), "vet_providers");
  EXPECT_EQ(v[0].at("status").as_string(), "open");
  EXPECT_EQ(v[0].at("closes_at").as_string(), "2027-07-05T21:59:59.999Z");
  EXPECT_TRUE(store_->GetUser("admin"));
}

TEST_F(WebTest, TheWindowClosesAtTheDeadline) {
  clock_.Set(ParseTimeUtc("2027-07-05T21:59:59Z"));
  EXPECT_EQ(Get("/s/employers").status, 200);
  clock_.Set(ParseTimeUtc("2027-07-05T22:00:00Z"));
  auto page = Get("/s/employers");
  EXPECT_EQ(page.status, 403);
  EXPECT_NE(page.body.find("closed"), std::string::npos);
  auto api = Post("/api/v1/forms/employers/responses", "{\"answers\":{}}", "application/json");
  EXPECT_EQ(api.status, 403);
  EXPECT_EQ(api.body, "{\"error\":\"closed\"}");
  auto list = boost::json::parse(Get("/api/v1/forms").body).as_array();
  EXPECT_EQ(list[2].at("status").as_string(), "closed");
  // The landing page no longer links to a closed questionnaire.
  EXPECT_EQ(Get("/").body.find("href=\"/s/employers\""), std::string::npos);
}

// The first page comes from the page cache after the first visit: each visitor still gets a token
// of their own cookie and a seed of their own, and otherwise the very page a fresh render gives.
TEST_F(WebTest, CachedFirstPageCarriesEachVisitorsOwnTokenAndSeed) {
  auto first = Get("/s/employers");   // rendered (and cached)
  auto second = Get("/s/employers");  // from the cache
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  std::string c1 = Header(first, "Set-Cookie"), c2 = Header(second, "Set-Cookie");
  c1 = c1.substr(0, c1.find(';'));
  c2 = c2.substr(0, c2.find(';'));
  ASSERT_NE(c1, c2);
  std::string t1 = Hidden(first.body, "_mcs_csrf"), t2 = Hidden(second.body, "_mcs_csrf");
  std::string s1 = Hidden(first.body, "_mcs_seed"), s2 = Hidden(second.body, "_mcs_seed");
  ASSERT_EQ(t1.size(), 64u);
  ASSERT_EQ(s1.size(), 16u);
  EXPECT_NE(t1, t2);
  EXPECT_NE(s1, s2);
  auto swap_all = [](std::string s, const std::string& from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    return s;
  };
  EXPECT_EQ(swap_all(swap_all(second.body, t2, t1), s2, s1), first.body);
  // A returning browser keeps its cookie and gets the token of that cookie.
  auto again = Get("/s/employers", c1);
  EXPECT_EQ(Hidden(again.body, "_mcs_csrf"), t1);
  EXPECT_TRUE(Header(again, "Set-Cookie").empty());
  // The cached page's token works for its own cookie only (422: the CSRF check passed, the page's
  // required questions are unanswered).
  auto ok = Post("/s/employers", "_mcs_csrf=" + t2 + "&_mcs_seed=" + s2 + "&_mcs_page=0.-1&_mcs_action=next&country=AT",
                 "application/x-www-form-urlencoded", c2);
  EXPECT_EQ(ok.status, 422);
  auto forged = Post("/s/employers", "_mcs_csrf=" + t2 + "&_mcs_page=0.-1&_mcs_action=next&country=AT",
                     "application/x-www-form-urlencoded", c1);
  EXPECT_EQ(forged.status, 403);
  // Another language is another page.
  auto fr = Get("/s/employers?lang=fr");
  EXPECT_NE(fr.body.find("lang=\"fr\""), std::string::npos);
}

// Browsers ask for gzip: the cached first page then comes compressed (once, with the token and seed
// spliced in), and inflates to the very page a browser without gzip gets.
TEST_F(WebTest, CachedFirstPageGzippedIsTheSamePage) {
  auto get = [&](bool gzip) {
    http::Request r;
    r.method = "GET";
    r.path = "/s/employers";
    r.headers.emplace_back("host", "survey.example");
    if (gzip) r.headers.emplace_back("accept-encoding", "gzip, deflate, br");
    return router_->Dispatch(r);
  };
  (void)get(false);  // rendered and cached
  auto plain = get(false), zipped = get(true);
  ASSERT_EQ(zipped.status, 200);
  EXPECT_EQ(Header(zipped, "Content-Encoding"), "gzip");
  EXPECT_EQ(Header(zipped, "Vary"), "Accept-Encoding");
  std::string page = testing::Gunzip(zipped.body);
  EXPECT_LT(zipped.body.size() * 3, page.size());
  std::string t1 = Hidden(plain.body, "_mcs_csrf"), t2 = Hidden(page, "_mcs_csrf");
  std::string s1 = Hidden(plain.body, "_mcs_seed"), s2 = Hidden(page, "_mcs_seed");
  ASSERT_EQ(t2.size(), 64u);
  ASSERT_EQ(s2.size(), 16u);
  EXPECT_NE(t1, t2);
  for (auto p = page.find(t2); p != std::string::npos; p = page.find(t2, p)) page.replace(p, t2.size(), t1);
  for (auto p = page.find(s2); p != std::string::npos; p = page.find(s2, p)) page.replace(p, s2.size(), s1);
  EXPECT_EQ(page, plain.body);
}

TEST(PageTemplate, FillsEverySlotInOrder) {
  PageTemplate t("a TOK b SEED c TOK", {"TOK", "SEED"});
  EXPECT_EQ(t.Fill({"1", "22"}), "a 1 b 22 c 1");
  PageTemplate none("plain", {"TOK"});
  EXPECT_EQ(none.Fill({"x"}), "plain");
  PageTemplate edge("TOKTOK", {"TOK"});
  EXPECT_EQ(edge.Fill({"<>"}), "<><>");
  EXPECT_EQ(testing::Gunzip(t.FillGzip({"1", "22"})), "a 1 b 22 c 1");
  EXPECT_EQ(testing::Gunzip(edge.FillGzip({"<>"})), "<><>");
}

// Over its bounds the cache lets the pages used least lately go, not everything: the pages every
// respondent passes stay kept while rarer variants come and go.
TEST(PageCache, OverItsBoundsTheLeastLatelyUsedGo) {
  // Each entry counts its key, its stamp and 64 bytes: two fit in 150, not three.
  PageCache c(std::chrono::minutes(1), 150);
  c.Put("a", "s", nullptr);
  c.Put("b", "s", nullptr);
  EXPECT_TRUE(c.Lookup("a", "s").has_value());  // a used after b
  c.Put("c", "s", nullptr);
  EXPECT_TRUE(c.Lookup("a", "s").has_value());
  EXPECT_FALSE(c.Lookup("b", "s").has_value());
  EXPECT_TRUE(c.Lookup("c", "s").has_value());
  EXPECT_EQ(c.bytes(), 2u * 66);
  // Put again, an entry counts once and becomes the one used last.
  c.Put("a", "s", nullptr);
  c.Put("d", "s", nullptr);
  EXPECT_TRUE(c.Lookup("a", "s").has_value());
  EXPECT_FALSE(c.Lookup("c", "s").has_value());
  EXPECT_EQ(c.bytes(), 2u * 66);
  // A stamp that no longer matches is a miss, but the entry stays until it is replaced or evicted.
  EXPECT_FALSE(c.Lookup("d", "t").has_value());
  c.Clear();
  EXPECT_EQ(c.bytes(), 0u);
  EXPECT_FALSE(c.Lookup("a", "s").has_value());
}

// Issue 26: the study's home page and each questionnaire's first page agree on how long it takes.
// The introductions state no duration of their own; the first page's progress line gives the estimate
// from the questions, and the home page the longest of those estimates.
TEST_F(WebTest, StudyDurationIsTheFirstPagesEstimate) {
  int longest = 0;
  for (const char* id : {"vet_providers", "employers", "employee_orgs", "authorities"}) {
    auto page = Get(std::string("/s/") + id);
    ASSERT_EQ(page.status, 200) << id;
    auto at = page.body.find("\u00b7 about ");
    ASSERT_NE(at, std::string::npos) << id;
    int minutes = std::stoi(page.body.substr(at + std::string("\u00b7 about ").size()));
    EXPECT_GE(minutes, 3) << id;
    longest = std::max(longest, minutes);
    EXPECT_EQ(page.body.find(" minutes"), std::string::npos) << id << ": a duration written by hand";
  }
  auto home = Get("/");
  EXPECT_NE(home.body.find("It takes about " + std::to_string(longest) + " minutes;"), std::string::npos) << home.body;
  auto fr = Get("/?lang=fr");
  EXPECT_NE(fr.body.find("Il prend environ " + std::to_string(longest) + " minutes"), std::string::npos);
}

TEST_F(WebTest, ScheduledFormSaysWhenItOpens) {
  storage::FormWindow w{"authorities", ParseTimeUtc("2027-01-10T08:00:00Z"), 0, false, ""};
  ASSERT_TRUE(store_->PutWindow(w).ok());
  auto r = Get("/s/authorities");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("10 January 2027 at 09:00 Central European Standard Time"), std::string::npos);
}

TEST_F(WebTest, PostWithoutTheCsrfCookieIsRefusedAndStoresNothing) {
  auto page = Get("/s/employers");
  std::string csrf = Hidden(page.body, "_mcs_csrf");
  ASSERT_FALSE(csrf.empty());
  auto r = Post("/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_action=next&country=AT",
                "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 403);
  // A token made for another browser's cookie does not work either.
  r = Post("/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_action=next&country=AT",
           "application/x-www-form-urlencoded", "mcs_csrf=00112233445566778899aabbccddeeff");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(store_->CountResponses("employers").partial, 0);
}

TEST_F(WebTest, FirstPageSavesEvenWithErrorsAndTheResumeLinkBringsItBack) {
  auto page = Get("/s/employers");
  std::string cookie_header = Header(page, "Set-Cookie");
  ASSERT_FALSE(cookie_header.empty());
  std::string cookie = cookie_header.substr(0, cookie_header.find(';'));
  std::string csrf = Hidden(page.body, "_mcs_csrf");
  auto r = Post("/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_lang=en&_mcs_action=next&country=AT&org_size=bogus",
                "application/x-www-form-urlencoded", cookie);
  ASSERT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("<title>Error:"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#q-org_size-0\""), std::string::npos);
  EXPECT_NE(r.body.find("Choose one of the options listed."), std::string::npos);
  // The country typed is kept; the page now posts to the resume link.
  EXPECT_NE(r.body.find("<option value=\"AT\" selected>"), std::string::npos);
  auto action = r.body.find("action=\"/s/employers/r/");
  ASSERT_NE(action, std::string::npos);
  std::string resume = r.body.substr(action + 8, r.body.find('"', action + 8) - action - 8);
  EXPECT_EQ(store_->CountResponses("employers").partial, 1);
  // A new browser (no cookie) resumes on the same page with the answer there.
  auto again = Get(resume);
  ASSERT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("<option value=\"AT\" selected>"), std::string::npos);
  EXPECT_NE(again.body.find("http://survey.example" + resume), std::string::npos);
}

TEST_F(WebTest, ApiValidatesWithThePagesMessages) {
  auto r = Post("/api/v1/forms/employers/responses", "{\"answers\":{\"country\":\"XX\",\"mc_count\":\"abc\",\"nope\":1}}",
                "application/json");
  ASSERT_EQ(r.status, 422);
  auto errors = boost::json::parse(r.body).at("errors").as_array();
  std::string all = boost::json::serialize(errors);
  EXPECT_NE(all.find("{\"field\":\"country\",\"message\":\"Choose one of the options listed.\"}"), std::string::npos) << all;
  EXPECT_NE(all.find("{\"field\":\"mc_count\",\"message\":\"Enter a whole number, like 12.\"}"), std::string::npos) << all;
  EXPECT_NE(all.find("\"field\":\"nope\""), std::string::npos) << all;
  EXPECT_EQ(Post("/api/v1/forms/employers/responses", "{\"answers\":", "application/json").status, 400);
  EXPECT_EQ(Post("/api/v1/forms/employers/responses", "[1]", "application/json").status, 400);
  EXPECT_EQ(Post("/api/v1/forms/nope/responses", "{\"answers\":{}}", "application/json").status, 404);
  EXPECT_EQ(store_->CountResponses("employers").complete, 0);
}

TEST_F(WebTest, MetadataIsFilledByTheServer) {
  Diagnostics d;
  auto f = app_->Import(
      "| survey | type  | name    | label |\n"
      "|        | start | started |       |\n"
      "|        | end   | ended   |       |\n"
      "|        | today | day     |       |\n"
      "|        | text  | t       | T     |\n",
      "meta.md", d, /*publish=*/true);
  ASSERT_TRUE(f.ok()) << d.ToString();
  // A client cannot set them.
  auto bad = Post("/api/v1/forms/meta/responses", "{\"answers\":{\"started\":\"yesterday\"}}", "application/json");
  EXPECT_EQ(bad.status, 422);
  auto r = Post("/api/v1/forms/meta/responses", "{\"answers\":{\"t\":\"x\"}}", "application/json");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id(boost::json::parse(r.body).at("id").as_string());
  auto rec = store_->FindResponse(id);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->answers_json,
            "{\"day\":\"2026-11-28\",\"ended\":\"2026-11-28T12:00:00.000Z\",\"started\":\"2026-11-28T12:00:00.000Z\",\"t\":\"x\"}");
  // Half past midnight in Brussels is still the day before in UTC: `today` is the Brussels date.
  clock_.Set(clock_.Now() + (11 * 60 + 30) * 60 * 1000);
  r = Post("/api/v1/forms/meta/responses", "{\"answers\":{\"t\":\"late\"}}", "application/json");
  ASSERT_EQ(r.status, 201) << r.body;
  rec = store_->FindResponse(std::string(boost::json::parse(r.body).at("id").as_string()));
  ASSERT_TRUE(rec);
  EXPECT_NE(rec->answers_json.find("\"day\":\"2026-11-29\""), std::string::npos) << rec->answers_json;
  EXPECT_NE(rec->answers_json.find("\"started\":\"2026-11-28T23:30:00.000Z\""), std::string::npos) << rec->answers_json;
}

// A form's life: an upload is a draft (previewable, not listed, not answerable, refused by the API)
// until published; a new version of a published form is a draft while respondents keep the
// published one; the state survives a restart.
TEST_F(WebTest, UploadsAreDraftsUntilPublished) {
  auto form = [](const std::string& version) {
    return "| survey | type | name | label |\n|        | text | t    | T     |\n"
           "| settings | form_id | version | form_title |\n|          | pilot   | " +
           version + " | Pilot |\n";
  };
  Diagnostics d;
  bool published = true;
  ASSERT_TRUE(app_->Import(form("1"), "pilot.md", d, false, &published).ok()) << d.ToString();
  EXPECT_FALSE(published);
  EXPECT_EQ(Get("/s/pilot").status, 404);
  EXPECT_EQ(Get("/").body.find("/s/pilot"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/forms").body.find("\"pilot\""), std::string::npos);
  EXPECT_EQ(Get("/api/v1/forms/pilot").status, 404);
  EXPECT_EQ(Post("/api/v1/forms/pilot/responses", "{\"answers\":{\"t\":\"x\"}}", "application/json").status, 404);
  // With an API token the team's list shows the draft (INTERFACE.md).
  EXPECT_NE(TeamFormList().find("{\"id\":\"pilot\",\"title\":\"Pilot\",\"version\":\"1\",\"status\":\"draft\""),
            std::string::npos);
  // The team's preview link opens the draft.
  std::string token = SignPreview(app_->csrf_secret(), "pilot", clock_.Now() + 60000);
  EXPECT_EQ(Get("/s/pilot?preview=" + token).status, 200);

  ASSERT_TRUE(app_->Publish("pilot", "1").ok());
  EXPECT_EQ(Get("/s/pilot").status, 200);
  EXPECT_NE(Get("/").body.find("href=\"/s/pilot\""), std::string::npos);
  EXPECT_EQ(Post("/api/v1/forms/pilot/responses", "{\"answers\":{\"t\":\"x\"}}", "application/json").status, 201);

  // Version 2 is a draft: the public and the API keep version 1; the preview gets version 2.
  ASSERT_TRUE(app_->Import(form("2"), "pilot.md", d, false, &published).ok()) << d.ToString();
  EXPECT_FALSE(published);
  EXPECT_EQ(boost::json::parse(Get("/api/v1/forms/pilot").body).at("version").as_string(), "1");
  EXPECT_EQ(app_->forms().Latest("pilot")->version, "2");
  EXPECT_EQ(app_->forms().Published("pilot")->version, "1");

  // After a restart the states are read back from the database.
  App again(*store_, clock_, random_);
  std::ostringstream log;
  ASSERT_TRUE(again.Init(log).ok());
  EXPECT_EQ(again.forms().Published("pilot")->version, "1");
  EXPECT_FALSE(again.forms().IsPublished("pilot", "2"));
  EXPECT_TRUE(again.forms().IsPublished("employers", again.forms().Latest("employers")->version));

  ASSERT_TRUE(app_->Publish("pilot", "2").ok());
  EXPECT_EQ(boost::json::parse(Get("/api/v1/forms/pilot").body).at("version").as_string(), "2");
}

// fieldwork (issue 22): a draft published at its opening time stays unseen (no landing page entry,
// no page, no API) until the clock reaches that time, then appears without anyone acting.
TEST_F(WebTest, ADraftPublishedAtItsOpeningTimeAppearsThen) {
  const std::string pilot =
      "| survey | type | name | label |\n|        | text | t    | T     |\n"
      "| settings | form_id | version | form_title |\n|          | pilot   | 1 | Pilot |\n";
  Diagnostics d;
  ASSERT_TRUE(app_->Import(pilot, "pilot.md", d).ok()) << d.ToString();
  const TimeMs opens = ParseTimeUtc("2027-01-10T08:00:00Z");
  ASSERT_TRUE(store_->PutWindow(storage::FormWindow{"pilot", opens, 0, false, ""}).ok());
  app_->WindowsChanged();
  ASSERT_TRUE(app_->SchedulePublication("pilot", "1", opens).ok());
  EXPECT_EQ(Get("/").body.find("pilot"), std::string::npos);
  EXPECT_EQ(Get("/s/pilot").status, 404);
  EXPECT_EQ(Get("/api/v1/forms").body.find("\"pilot\""), std::string::npos);
  EXPECT_EQ(Post("/api/v1/forms/pilot/responses", "{\"answers\":{\"t\":\"x\"}}", "application/json").status, 404);
  // The team's list says when.
  EXPECT_NE(TeamFormList().find("{\"id\":\"pilot\",\"title\":\"Pilot\",\"version\":\"1\",\"status\":\"scheduled\""),
            std::string::npos);
  // A restart reads the schedule back.
  {
    App again(*store_, clock_, random_);
    std::ostringstream log;
    ASSERT_TRUE(again.Init(log).ok());
    EXPECT_FALSE(again.forms().Published("pilot"));
    EXPECT_EQ(again.forms().PublishedAt("pilot", "1"), opens);
  }
  clock_.Set(opens - 1);
  EXPECT_EQ(Get("/s/pilot").status, 404);
  clock_.Set(opens);
  EXPECT_NE(Get("/").body.find("href=\"/s/pilot\""), std::string::npos);
  EXPECT_EQ(Get("/s/pilot").status, 200);
  EXPECT_EQ(Post("/api/v1/forms/pilot/responses", "{\"answers\":{\"t\":\"x\"}}", "application/json").status, 201);
  // Live now: it cannot be taken back to a draft.
  EXPECT_EQ(app_->SchedulePublication("pilot", "1", 0).error().code, ErrorCode::kConflict);
}

// fieldwork (issue 22): an archived form leaves the landing page and the public API list and takes no
// answers, not even from a respondent part-way through; its responses stay, and taking it out of the
// archive opens it again.
TEST_F(WebTest, AnArchivedFormTakesNoAnswersAndKeepsItsData) {
  storage::ResponseRecord r;
  r.id = "R1";
  r.form_id = "employers";
  r.form_version = app_->forms().Latest("employers")->version;
  r.lang = "en";
  r.status = storage::ResponseStatus::kComplete;
  r.answers_json = "{}";
  r.channel = "api";
  r.started_at = r.updated_at = r.submitted_at = clock_.Now();
  ASSERT_TRUE(store_->InsertResponse(r).ok());
  auto start = Get("/s/employers");
  ASSERT_EQ(start.status, 200);
  ASSERT_TRUE(app_->Archive("employers", true).ok());
  EXPECT_EQ(Get("/").body.find("/s/employers"), std::string::npos);
  EXPECT_NE(Get("/").body.find("/s/authorities"), std::string::npos);
  EXPECT_EQ(Get("/s/employers").status, 403);
  auto api = Post("/api/v1/forms/employers/responses", "{\"answers\":{}}", "application/json");
  EXPECT_EQ(api.status, 403);
  EXPECT_EQ(api.body, "{\"error\":\"closed\"}");
  EXPECT_EQ(Get("/api/v1/forms").body.find("\"employers\""), std::string::npos);
  // Its data stays: the response, the form for exports and reports.
  EXPECT_EQ(store_->CountResponses("employers").complete, 1);
  EXPECT_TRUE(app_->forms().Latest("employers"));
  EXPECT_EQ(Get("/api/v1/forms/employers").status, 200);
  ASSERT_TRUE(app_->Archive("employers", false).ok());
  EXPECT_EQ(Get("/s/employers").status, 200);
  EXPECT_NE(Get("/").body.find("/s/employers"), std::string::npos);
}

// fieldwork (issue 22): a version added and published through another connection to the database
// (another node, or `mcsurvey publish` while serving) is served without a restart.
TEST_F(WebTest, AVersionPublishedElsewhereIsServedWithoutARestart) {
  auto other_store = storage::Open("sqlite:" + dir_.File("app.db"));  // AppTest's file
  ASSERT_TRUE(other_store.ok());
  App other(**other_store, clock_, random_);
  std::ostringstream log;
  ASSERT_TRUE(other.Init(log).ok());
  const std::string pilot =
      "| survey | type | name | label |\n|        | text | t    | T     |\n"
      "| settings | form_id | version | form_title |\n|          | pilot   | 1 | Pilot |\n";
  Diagnostics d;
  ASSERT_TRUE(other.Import(pilot, "pilot.md", d).ok()) << d.ToString();
  app_->SyncForms(/*now=*/true);
  EXPECT_TRUE(app_->forms().Latest("pilot"));
  EXPECT_EQ(Get("/s/pilot").status, 404);  // a draft there, a draft here
  ASSERT_TRUE(other.Publish("pilot", "1").ok());
  app_->SyncForms(/*now=*/true);
  EXPECT_EQ(Get("/s/pilot").status, 200);
  EXPECT_NE(Get("/").body.find("href=\"/s/pilot\""), std::string::npos);
}

TEST(RateLimiter, BurstThenRateAndSeparateClients) {
  RateLimiter rl(2.0, 5.0);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(rl.Allow("a", 1000));
  EXPECT_FALSE(rl.Allow("a", 1000));
  EXPECT_TRUE(rl.Allow("b", 1000));  // another client is not affected
  EXPECT_FALSE(rl.Allow("a", 1400));
  EXPECT_TRUE(rl.Allow("a", 1500));  // half a second at 2/s gives one token back
  EXPECT_FALSE(rl.Allow("a", 1500));
}

TEST(RateLimiter, CheckTakesNoToken) {
  RateLimiter rl(1.0, 2.0);
  EXPECT_TRUE(rl.Check("a", 1000));
  EXPECT_TRUE(rl.Check("a", 1000));
  EXPECT_TRUE(rl.Allow("a", 1000));
  EXPECT_TRUE(rl.Allow("a", 1000));
  EXPECT_FALSE(rl.Check("a", 1000));
  EXPECT_TRUE(rl.Check("a", 2000));  // one second at 1/s
}

TEST_F(WebTest, GuessingApiTokensIsRefusedAfterTenFailures) {
  http::Request r;
  r.method = "GET";
  r.path = "/api/v1/forms/employers/responses";
  r.client = "203.0.113.9";
  r.headers.emplace_back("authorization", "Bearer mcs_guess");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(router_->Dispatch(r).status, 401) << i;
  auto refused = router_->Dispatch(r);
  EXPECT_EQ(refused.status, 429);
  http::Request other = r;
  other.client = "198.51.100.7";
  EXPECT_EQ(router_->Dispatch(other).status, 401);  // another address is not affected
  clock_.Set(clock_.Now() + 6000);
  EXPECT_EQ(router_->Dispatch(r).status, 401);  // one attempt every 6 seconds
  EXPECT_EQ(router_->Dispatch(r).status, 429);
}

TEST_F(WebTest, FloodsOfPostsFromOneAddressGet429) {
  int refused = 0;
  for (int i = 0; i < 260; ++i) {
    http::Request r;
    r.method = "POST";
    r.path = "/api/v1/forms/employers/responses";
    r.body = "{\"answers\":{}}";
    r.client = "203.0.113.9";
    auto res = router_->Dispatch(r);
    if (res.status == 429) ++refused;
  }
  // 200 go through at once (an office of respondents), the rest wait.
  EXPECT_EQ(refused, 60);
  http::Request other;
  other.method = "POST";
  other.path = "/api/v1/forms/employers/responses";
  other.body = "{\"answers\":{}}";
  other.client = "198.51.100.7";
  EXPECT_EQ(router_->Dispatch(other).status, 422);
  clock_.Set(clock_.Now() + 1000);
  http::Request again = other;
  again.client = "203.0.113.9";
  EXPECT_EQ(router_->Dispatch(again).status, 422);  // 20 a second flow back in
}

TEST_F(WebTest, BehindATrustedProxyEachRespondentHasTheirOwnBucket) {
  app_->SetTrustedProxy("127.0.0.1");
  http::Request r;
  r.method = "POST";
  r.client = "127.0.0.1";
  r.headers.emplace_back("x-forwarded-for", "10.9.9.9, 192.0.2.44");
  EXPECT_EQ(app_->ClientOf(r), "192.0.2.44");
  r.client = "192.0.2.1";  // not the proxy: its header is not believed
  EXPECT_EQ(app_->ClientOf(r), "192.0.2.1");
}

TEST_F(WebTest, UnknownPathsAnd405) {
  EXPECT_EQ(Get("/nope").status, 404);
  EXPECT_EQ(Get("/s/nope").status, 404);
  EXPECT_EQ(Get("/static/../../etc/passwd").status, 404);
  EXPECT_EQ(Get("/static/vet_providers.md").status, 404);
  EXPECT_EQ(Get("/static/mcsurvey.css").status, 200);
  EXPECT_EQ(Post("/healthz", "", "text/plain").status, 405);
  EXPECT_EQ(Get("/s/employers/r/short").status, 404);
}

}  // namespace
}  // namespace mcs::web

namespace mcs::web {
namespace {

http::Request RouteRequest(const std::string& method, const std::string& path) {
  http::Request r;
  r.method = method;
  r.path = path;
  return r;
}

// Which handlers the server runs on its I/O threads: pages that never block. A respondent's page
// post is one of them on SQLite: its commit is waited for without a thread (a pending response, see
// server_test.cpp). The API's post (it waits on its commit) and an export (long) go to the worker pool.
TEST_F(WebTest, OnlyPagesThatNeverBlockRunOnTheIoThreads) {
  EXPECT_TRUE(router_->IsQuick(RouteRequest("GET", "/")));
  EXPECT_TRUE(router_->IsQuick(RouteRequest("GET", "/s/employers")));
  EXPECT_TRUE(router_->IsQuick(RouteRequest("HEAD", "/s/employers")));
  EXPECT_TRUE(router_->IsQuick(RouteRequest("GET", "/s/employers/r/sometoken")));
  EXPECT_TRUE(router_->IsQuick(RouteRequest("GET", "/static/mcsurvey.css")));
  EXPECT_TRUE(router_->IsQuick(RouteRequest("POST", "/s/employers")));
  EXPECT_TRUE(router_->IsQuick(RouteRequest("POST", "/s/employers/r/sometoken")));
  EXPECT_FALSE(router_->IsQuick(RouteRequest("POST", "/resume")));
  EXPECT_FALSE(router_->IsQuick(RouteRequest("GET", "/api/v1/forms/employers/responses")));
  EXPECT_FALSE(router_->IsQuick(RouteRequest("POST", "/api/v1/forms/employers/responses")));
  EXPECT_FALSE(router_->IsQuick(RouteRequest("GET", "/admin")));
}

// A page post on SQLite answers only once its commit is on disk: the handler's response is pending
// until the writer has committed, and what it then says is read back from the database.
TEST_F(WebTest, APagePostIsAnsweredAfterItsCommit) {
  http::Response first = Get("/s/employers");
  std::string cookie = Header(first, "Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  http::Request r;
  r.method = "POST";
  r.path = "/s/employers";
  r.body = "_mcs_csrf=" + Hidden(first.body, "_mcs_csrf") + "&_mcs_page=" + Hidden(first.body, "_mcs_page") +
           "&_mcs_action=save";
  r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  r.headers.emplace_back("host", "survey.example");
  r.headers.emplace_back("cookie", cookie);
  http::Response pending = router_->DispatchAsync(r);
  ASSERT_TRUE(pending.pending);
  pending.pending->Wait();
  http::Response saved = pending.then();
  EXPECT_EQ(saved.status, 200);
  auto at = saved.body.find("/s/employers/r/");
  ASSERT_NE(at, std::string::npos);
  std::string token = saved.body.substr(at + 15, saved.body.find_first_of("\"<", at + 15) - at - 15);
  auto rec = store_->FindByResumeHash(Sha256Hex(token));
  ASSERT_TRUE(rec.has_value()) << token;
  EXPECT_EQ(rec->form_id, "employers");
}

// A storage whose reads go over the network (PostgreSQL) could hold an I/O thread for its connect
// timeout: then the pages that read run on the workers too, and only pages from memory stay quick.
TEST_F(WebTest, PagesThatReadOverTheNetworkRunOnTheWorkers) {
  struct RemoteReads : storage::ForwardingStorage {
    using ForwardingStorage::ForwardingStorage;
    bool ReadsAreLocal() const override { return false; }
  } remote(*store_);
  ASSERT_TRUE(store_->ReadsAreLocal());
  App app(remote, clock_, random_);
  std::ostringstream log;
  ASSERT_TRUE(app.Init(log).ok());
  auto router = app.MakeRouter();
  for (const char* path : {"/", "/s/employers", "/s/employers/r/sometoken", "/s/employers/r/sometoken/code.txt"}) {
    EXPECT_FALSE(router->IsQuick(RouteRequest("GET", path))) << path;
  }
  EXPECT_FALSE(router->IsQuick(RouteRequest("POST", "/s/employers")));
  EXPECT_FALSE(router->IsQuick(RouteRequest("POST", "/s/employers/r/sometoken")));
  EXPECT_TRUE(router->IsQuick(RouteRequest("GET", "/static/mcsurvey.css")));
  EXPECT_TRUE(router->IsQuick(RouteRequest("GET", "/healthz")));
  EXPECT_EQ(router->Dispatch(RouteRequest("GET", "/s/employers")).status, 200);
}

// The server's first start makes the owner account on another thread (its argon2id hash would
// otherwise hold serving back); signing in waits for it.
TEST(AppInit, OwnerMadeInTheBackgroundSignsIn) {
  testing::TempDir dir;
  setenv("MCSURVEY_ADMIN_PASSWORD", "background-password-1", 1);
  auto store = std::move(storage::Open("sqlite:" + dir.File("o.db")).value());
  ManualClock clock{ParseTimeUtc("2026-11-28T12:00:00Z")};
  SecureRandom random;
  std::ostringstream log;  // outlives the App, as Init asks
  {
    App app(*store, clock, random);
    ASSERT_TRUE(app.Init(log, /*owner_in_background=*/true).ok());
    app.WaitForOwner();
    auto admin = store->GetUser("admin");
    ASSERT_TRUE(admin.has_value());
    EXPECT_EQ(admin->role, "owner");
    EXPECT_TRUE(VerifyPassword(admin->password_hash, "background-password-1"));
  }
  // A first start that stopped before the account was made leaves a database without accounts:
  // the next start makes it (here with a generated password, printed once).
  ASSERT_TRUE(store->DeleteUser("admin").ok());
  unsetenv("MCSURVEY_ADMIN_PASSWORD");
  App again(*store, clock, random);
  ASSERT_TRUE(again.Init(log).ok());
  auto admin = store->GetUser("admin");
  ASSERT_TRUE(admin.has_value());
  auto at = log.str().find("with password: ");
  ASSERT_NE(at, std::string::npos);
  std::string password = log.str().substr(at + 15, 20);
  EXPECT_TRUE(VerifyPassword(admin->password_hash, password));
  // With an account there, nothing is made or printed again.
  std::ostringstream quiet;
  App third(*store, clock, random);
  ASSERT_TRUE(third.Init(quiet).ok());
  EXPECT_EQ(quiet.str().find("password"), std::string::npos);
}

}  // namespace
}  // namespace mcs::web
