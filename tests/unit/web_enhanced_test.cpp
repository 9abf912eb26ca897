// Issue 26, one exchange per page: a page post sent by the page's script (header X-MCS-Enhanced: 1)
// is answered, once saved, with the page it leads to instead of a redirect; X-MCS-Url names the
// address that page stands for, and a GET of that address (reload, back, forward) shows the very
// same page. Without the header everything stays Post/Redirect/Get. In process, real SQLite files.
#include <gtest/gtest.h>

#include <atomic>
#include <sstream>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/timezone.h"
#include "storage/forwarding_storage.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"
#include "web/invitation.h"
#include "web/resume_code.h"

namespace mcs::web {
namespace {

// A storage whose writes can be made to fail (a full disk, a database that went away).
class FailingWrites final : public storage::ForwardingStorage {
 public:
  using ForwardingStorage::ForwardingStorage;
  std::atomic<bool> fail{false};
  Status InsertResponse(const storage::ResponseRecord& r) override {
    if (fail) return MakeError(ErrorCode::kUnavailable, "disk full");
    return ForwardingStorage::InsertResponse(r);
  }
  Status UpdateResponse(const storage::ResponseRecord& r) override {
    if (fail) return MakeError(ErrorCode::kUnavailable, "disk full");
    return ForwardingStorage::UpdateResponse(r);
  }
};

// Three pages (the third only when the second says yes), then the review.
constexpr const char* kForm =
    "| survey  | type          | name  | label         | required | relevant        | constraint | appearance |\n"
    "|         | begin_group   | p1    | About you     |          |                 |            | field-list |\n"
    "|         | integer       | age   | Your age      | yes      |                 | . > 0      |            |\n"
    "|         | end_group     |       |               |          |                 |            |            |\n"
    "|         | begin_group   | p2    | More          |          |                 |            | field-list |\n"
    "|         | select_one yn | more  | Tell us more? | yes      |                 |            |            |\n"
    "|         | end_group     |       |               |          |                 |            |            |\n"
    "|         | begin_group   | p3    | Your note     |          | ${more} = 'yes' |            | field-list |\n"
    "|         | text          | note  | Your note     |          |                 |            |            |\n"
    "|         | end_group     |       |               |          |                 |            |            |\n"
    "| choices | list_name     | name  | label         |\n"
    "|         | yn            | yes   | Yes           |\n"
    "|         | yn            | no    | No            |\n"
    "| settings | form_title   | form_id |\n"
    "|          | Enhanced     | enh     |\n";

class WebEnhanced : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("MCSURVEY_ADMIN_PASSWORD", "test-password-123", 1);
    real_ = std::move(storage::Open("sqlite:" + dir_.File("e.db")).value());
    store_ = std::make_unique<FailingWrites>(*real_);
    app_ = std::make_unique<App>(*store_, clock_, random_);
    std::ostringstream log;
    ASSERT_TRUE(app_->Init(log).ok());
    Diagnostics d;
    ASSERT_TRUE(app_->Import(kForm, "enh.md", d, /*publish=*/true).ok()) << d.ToString();
    router_ = app_->MakeRouter();
  }
  http::Response Get(const std::string& path) {
    http::Request r;
    r.method = "GET";
    auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) r.query = path.substr(q + 1);
    r.headers.emplace_back("host", "survey.example");
    if (!cookie_.empty()) r.headers.emplace_back("cookie", cookie_);
    auto resp = router_->Dispatch(r);
    Remember(resp);
    return resp;
  }
  // A page post as the page's script sends it (`enhanced`) or as a plain form does.
  http::Response Post(const std::string& path, const std::string& body, bool enhanced = true,
                      bool with_csrf = true) {
    http::Request r;
    r.method = "POST";
    auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) r.query = path.substr(q + 1);
    r.body = (with_csrf ? "_mcs_csrf=" + csrf_ + "&" : "") + "_mcs_lang=en&" + body;
    r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    r.headers.emplace_back("host", "survey.example");
    r.headers.emplace_back("cookie", cookie_);
    if (enhanced) r.headers.emplace_back("x-mcs-enhanced", "1");
    auto resp = router_->Dispatch(r);
    Remember(resp);
    return resp;
  }
  void Remember(const http::Response& resp) {
    for (const auto& [k, v] : resp.headers) {
      if (k == "Set-Cookie") cookie_ = v.substr(0, v.find(';'));
    }
    if (std::string t = Hidden(resp.body, "_mcs_csrf"); !t.empty()) csrf_ = t;
  }
  static std::string HeaderOf(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  static std::string Hidden(const std::string& html, const std::string& name) {
    auto p = html.find("name=\"" + name + "\" value=\"");
    if (p == std::string::npos) return "";
    p += name.size() + 15;
    return html.substr(p, html.find('"', p) - p);
  }
  static bool Has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }
  std::optional<storage::ResponseRecord> Stored(const std::string& resume) {
    return real_->FindByResumeHash(Sha256Hex(resume.substr(resume.rfind('/') + 1)));
  }

  testing::TempDir dir_;
  ManualClock clock_{ParseTimeUtc("2026-11-28T12:00:00Z")};
  SeededRandom random_{26};
  std::unique_ptr<storage::Storage> real_;
  std::unique_ptr<FailingWrites> store_;
  std::unique_ptr<App> app_;
  std::shared_ptr<const http::Router> router_;
  std::string cookie_, csrf_;
};

TEST_F(WebEnhanced, EachPostIsAnsweredWithThePageItLeadsToAndItsAddressShowsThatPageAgain) {
  ASSERT_EQ(Get("/s/enh").status, 200);
  // A refused first page: the same page with its errors, in the same exchange, at the address of
  // the response it created.
  auto refused = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=0");
  ASSERT_EQ(refused.status, 422);
  const std::string url0 = HeaderOf(refused, "X-MCS-Url");
  ASSERT_EQ(url0.substr(0, 9), "/s/enh/r/");
  const std::string resume = url0.substr(0, url0.find('?'));
  EXPECT_EQ(url0, resume + "?at=0.-1");
  EXPECT_TRUE(Has(refused.body, "id=\"error-summary\""));
  EXPECT_EQ(HeaderOf(refused, "Cache-Control"), "no-store");
  ASSERT_TRUE(Stored(resume));

  // Accepted: the next page itself, not a redirect; saved before it was sent.
  auto second = Post(resume, "_mcs_page=0.-1&_mcs_action=next&age=41");
  ASSERT_EQ(second.status, 200);
  EXPECT_TRUE(HeaderOf(second, "Location").empty());
  EXPECT_EQ(HeaderOf(second, "X-MCS-Url"), resume + "?at=1.-1");
  EXPECT_TRUE(Has(second.body, "name=\"more\""));
  EXPECT_TRUE(Has(Stored(resume)->answers_json, "\"age\":\"41\"")) << Stored(resume)->answers_json;
  // A reload of that address, and the plain resume link, show the very same page.
  EXPECT_EQ(Get(resume + "?at=1.-1").body, second.body);
  EXPECT_EQ(Get(resume).body, second.body);

  // The skip logic is the server's: "yes" leads to the note, then the review.
  auto third = Post(resume, "_mcs_page=1.-1&_mcs_action=next&more=yes");
  ASSERT_EQ(third.status, 200);
  EXPECT_EQ(HeaderOf(third, "X-MCS-Url"), resume + "?at=2.-1");
  EXPECT_EQ(Get(resume + "?at=2.-1").body, third.body);
  auto review = Post(resume, "_mcs_page=2.-1&_mcs_action=next&note=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(review.status, 200);
  EXPECT_EQ(HeaderOf(review, "X-MCS-Url"), resume + "?at=review");
  EXPECT_TRUE(Has(review.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_FALSE(Has(review.body, "<script>alert"));
  EXPECT_EQ(Get(resume + "?at=review").body, review.body);

  // Back in the history: an earlier page's address shows that page with its answer, and posting it
  // again goes on from there.
  auto back = Get(resume + "?at=0.-1");
  EXPECT_TRUE(Has(back.body, "value=\"41\""));
  EXPECT_TRUE(Has(back.body, "name=\"_mcs_page\" value=\"0.-1\""));
  // A page that does not apply (or does not exist) is not shown: the saved position is.
  EXPECT_EQ(Get(resume + "?at=7.-1").body, review.body);

  // "No" skips the note: the next page is the review, and the note is no longer on it.
  auto skipped = Post(resume, "_mcs_page=1.-1&_mcs_action=next&more=no");
  EXPECT_EQ(HeaderOf(skipped, "X-MCS-Url"), resume + "?at=review");
  EXPECT_FALSE(Has(skipped.body, "alert(1)"));

  // Sent: the thank-you page in the same exchange, only once the response is complete on disk.
  auto thanks = Post(resume, "_mcs_page=review&_mcs_action=submit");
  ASSERT_EQ(thanks.status, 200);
  EXPECT_EQ(HeaderOf(thanks, "X-MCS-Url"), resume);
  auto rec = Stored(resume);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->status, storage::ResponseStatus::kComplete);
  EXPECT_EQ(Get(resume).body, thanks.body);
  // Going back after sending shows the thank-you page, never the questions again.
  EXPECT_EQ(Get(resume + "?at=review").body, thanks.body);
  EXPECT_EQ(app_->metrics().responses_completed.load(), 1u);
}

// A post goes on from the answers as stored, also when they changed after this server saved them (a
// save on another node, a command run beside `serve`): the answers a save kept in memory stand in for
// the stored texts only while those texts are the ones it wrote.
TEST_F(WebEnhanced, APostGoesOnFromTheStoredAnswersAlsoWhenTheyChangedAfterItsSave) {
  ASSERT_EQ(Get("/s/enh").status, 200);
  auto first = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=30");
  ASSERT_EQ(first.status, 200);
  const std::string url = HeaderOf(first, "X-MCS-Url");
  const std::string resume = url.substr(0, url.find('?'));
  auto rec = Stored(resume);
  ASSERT_TRUE(rec);
  const auto at = rec->answers_json.find("\"age\":\"30\"");
  ASSERT_NE(at, std::string::npos) << rec->answers_json;
  rec->answers_json.replace(at, 10, "\"age\":\"52\"");
  ASSERT_TRUE(real_->UpdateResponse(*rec).ok());

  auto second = Post(resume, "_mcs_page=1.-1&_mcs_action=next&more=yes");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(HeaderOf(second, "X-MCS-Url"), resume + "?at=2.-1");
  auto after = Stored(resume);
  EXPECT_TRUE(Has(after->answers_json, "\"age\":\"52\"")) << after->answers_json;
  EXPECT_TRUE(Has(after->answers_json, "\"more\":\"yes\"")) << after->answers_json;
  // Unchanged since: the next posts go on from their own saves, and a reload shows each page again.
  auto review = Post(resume, "_mcs_page=2.-1&_mcs_action=next&note=fine");
  ASSERT_EQ(review.status, 200);
  EXPECT_EQ(HeaderOf(review, "X-MCS-Url"), resume + "?at=review");
  EXPECT_TRUE(Has(review.body, ">52<")) << review.body;
  EXPECT_EQ(Get(resume + "?at=review").body, review.body);
  auto page1 = Post(resume, "_mcs_page=review&_mcs_action=back");
  ASSERT_EQ(page1.status, 200);
  EXPECT_EQ(Get(HeaderOf(page1, "X-MCS-Url")).body, page1.body);
  after = Stored(resume);
  EXPECT_TRUE(Has(after->answers_json, "\"age\":\"52\"")) << after->answers_json;
  EXPECT_TRUE(Has(after->answers_json, "\"note\":\"fine\"")) << after->answers_json;
}

// The token of a visitor's cookie is worked out once per visitor and thread, and still checked on
// every post: after accepted posts with that cookie a wrong token is refused, the right one accepted.
TEST_F(WebEnhanced, EveryPostOfAVisitorHasItsTokenChecked) {
  ASSERT_EQ(Get("/s/enh").status, 200);
  auto first = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=30");
  ASSERT_EQ(first.status, 200);
  const std::string url = HeaderOf(first, "X-MCS-Url");
  const std::string resume = url.substr(0, url.find('?'));
  ASSERT_EQ(Post(resume, "_mcs_page=1.-1&_mcs_action=next&more=yes").status, 200);
  const std::string good = csrf_;
  ASSERT_EQ(good.size(), 64u);
  for (const std::string& wrong : {std::string(64, '0'), good.substr(0, 63) + (good[63] == 'a' ? "b" : "a"), std::string()}) {
    csrf_ = wrong;
    auto refused = Post(resume, "_mcs_page=2.-1&_mcs_action=next&note=x");
    EXPECT_EQ(refused.status, 403) << wrong;
    EXPECT_TRUE(HeaderOf(refused, "X-MCS-Url").empty());
  }
  EXPECT_FALSE(Has(Stored(resume)->answers_json, "\"note\"")) << Stored(resume)->answers_json;
  csrf_ = good;
  EXPECT_EQ(Post(resume, "_mcs_page=2.-1&_mcs_action=next&note=x").status, 200);
  EXPECT_TRUE(Has(Stored(resume)->answers_json, "\"note\":\"x\"")) << Stored(resume)->answers_json;
}

TEST_F(WebEnhanced, WithoutTheHeaderPostsStayPostRedirectGet) {
  ASSERT_EQ(Get("/s/enh").status, 200);
  auto first = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=30", /*enhanced=*/false);
  ASSERT_EQ(first.status, 303);
  const std::string resume = HeaderOf(first, "Location");
  EXPECT_TRUE(HeaderOf(first, "X-MCS-Url").empty());
  EXPECT_TRUE(first.body.empty() || !Has(first.body, "name=\"more\""));
  EXPECT_TRUE(Has(Get(resume).body, "name=\"more\""));
  auto refused = Post(resume, "_mcs_page=1.-1&_mcs_action=next", /*enhanced=*/false);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(HeaderOf(refused, "X-MCS-Url").empty());
}

// Whatever the script sends, the CSRF check is the same; a refusal carries no X-MCS-Url, so the
// script falls back to the plain form post (which gets the same refusal page).
TEST_F(WebEnhanced, TheCsrfCheckAndTheNotSavedPageAreAsWithoutJavaScript) {
  ASSERT_EQ(Get("/s/enh").status, 200);
  auto forged = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=30", true, /*with_csrf=*/false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(HeaderOf(forged, "X-MCS-Url").empty());
  EXPECT_EQ(real_->CountResponses("enh").partial, 0);

  auto first = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=30");
  ASSERT_EQ(first.status, 200);
  const std::string url = HeaderOf(first, "X-MCS-Url");
  const std::string resume = url.substr(0, url.find('?'));
  // A save that fails is never answered with the next page.
  store_->fail = true;
  auto failed = Post(resume, "_mcs_page=1.-1&_mcs_action=next&more=no");
  EXPECT_EQ(failed.status, 503);
  EXPECT_TRUE(HeaderOf(failed, "X-MCS-Url").empty());
  EXPECT_TRUE(Has(failed.body, "could not be saved")) << failed.body;
  EXPECT_EQ(Stored(resume)->page / 1000, 1);  // still at the second page
  EXPECT_FALSE(Has(Stored(resume)->answers_json, "\"more\""));
  store_->fail = false;
  EXPECT_EQ(Post(resume, "_mcs_page=1.-1&_mcs_action=next&more=no").status, 200);
}

// The page an enhanced post is answered with carries the CSRF token of the poster's own cookie, also
// when two visitors' posts alternate on one thread (the token the check worked out is reused for that
// very request only), and one visitor's token never passes with another's cookie.
TEST_F(WebEnhanced, EachAnsweredPageCarriesTheTokenOfItsOwnVisitor) {
  struct Visitor {
    std::string cookie, csrf, resume;
  };
  Visitor v[2];
  for (auto& x : v) {
    cookie_.clear();
    csrf_.clear();
    ASSERT_EQ(Get("/s/enh").status, 200);
    x.cookie = cookie_;
    x.csrf = csrf_;
  }
  ASSERT_NE(v[0].cookie, v[1].cookie);
  ASSERT_NE(v[0].csrf, v[1].csrf);
  for (int i = 0; i < 2; ++i) {
    cookie_ = v[i].cookie;
    csrf_ = v[i].csrf;
    auto r = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=30");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(Hidden(r.body, "_mcs_csrf"), v[i].csrf);
    const std::string url = HeaderOf(r, "X-MCS-Url");
    v[i].resume = url.substr(0, url.find('?'));
  }
  cookie_ = v[0].cookie;
  csrf_ = v[0].csrf;
  auto review = Post(v[0].resume, "_mcs_page=1.-1&_mcs_action=next&more=no");
  ASSERT_EQ(review.status, 200);
  EXPECT_EQ(Hidden(review.body, "_mcs_csrf"), v[0].csrf);
  // Right after visitor 0's accepted post, visitor 0's token with visitor 1's cookie is refused.
  cookie_ = v[1].cookie;
  csrf_ = v[0].csrf;
  auto forged = Post(v[1].resume, "_mcs_page=1.-1&_mcs_action=next&more=no");
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(HeaderOf(forged, "X-MCS-Url").empty());
  csrf_ = v[1].csrf;
  auto own = Post(v[1].resume, "_mcs_page=1.-1&_mcs_action=next&more=no");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(Hidden(own.body, "_mcs_csrf"), v[1].csrf);
}

// Issue 22: a reminder's personal link brings an invitee who stopped halfway back to the answers
// begun with it (it used to say "link invalid"); a finished one gets the thank-you page; the public
// link still starts afresh.
TEST_F(WebEnhanced, APersonalLinkReopensTheAnswersBegunWithIt) {
  ASSERT_TRUE(real_->AddInvitations({storage::Invitation{"inv-ana", "enh", "Ana", "ana@example.org", "vet", "BE",
                                                         clock_.Now(), "", ""}})
                  .ok());
  const std::string link = "/s/enh?inv=" + SignInvitation(app_->csrf_secret(), "inv-ana");
  ASSERT_EQ(Get(link).status, 200);
  auto first = Post(link, "_mcs_page=0.-1&_mcs_action=next&age=52", /*enhanced=*/false);
  ASSERT_EQ(first.status, 303);
  const std::string resume = HeaderOf(first, "Location");
  ASSERT_EQ(resume.substr(0, 9), "/s/enh/r/");
  // Its code is the invitation's own (so the link can find it again); the database keeps only the hash.
  EXPECT_EQ(ResumeCodeOfToken(app_->resume_secret(), resume.substr(9)).substr(0, 5),
            InvitationResumeCode(app_->resume_secret(), "inv-ana").substr(0, 5));

  // Days later, in another browser, from the reminder: straight back to the answers.
  cookie_.clear();
  csrf_.clear();
  auto again = Get(link);
  ASSERT_EQ(again.status, 303);
  EXPECT_EQ(HeaderOf(again, "Location"), resume);
  EXPECT_EQ(HeaderOf(again, "Cache-Control"), "no-store");
  auto page = Get(resume);
  EXPECT_TRUE(Has(page.body, "name=\"more\"")) << page.body;
  EXPECT_TRUE(Has(Get(resume + "?at=0.-1").body, "value=\"52\""));
  // A first-page post sent again from the old tab (the insert loses the race): to the same answers.
  auto stale = Post(link, "_mcs_page=0.-1&_mcs_action=next&age=53", /*enhanced=*/false);
  EXPECT_EQ(stale.status, 303);
  EXPECT_EQ(HeaderOf(stale, "Location"), resume);
  EXPECT_EQ(real_->CountResponses("enh").partial, 1);

  ASSERT_EQ(Post(resume, "_mcs_page=1.-1&_mcs_action=next&more=no").status, 200);
  ASSERT_EQ(Post(resume, "_mcs_page=review&_mcs_action=submit").status, 200);
  auto done = Get(link);
  EXPECT_EQ(done.status, 409);
  EXPECT_TRUE(Has(done.body, "Thank you")) << done.body;
  EXPECT_TRUE(HeaderOf(done, "Location").empty());

  // The public link still begins a new response with a code of its own.
  cookie_.clear();
  csrf_.clear();
  ASSERT_EQ(Get("/s/enh").status, 200);
  auto other = Post("/s/enh", "_mcs_page=0.-1&_mcs_action=next&age=30", /*enhanced=*/false);
  ASSERT_EQ(other.status, 303);
  EXPECT_NE(HeaderOf(other, "Location"), resume);
}

}  // namespace
}  // namespace mcs::web
