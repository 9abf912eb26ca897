// Data protection on the respondent's side (issue 25), in process: the privacy notice linked from
// every respondent page, the notice page in the respondent's language, and a respondent deleting
// their own response in progress through the resume link (confirmation page, CSRF).
#include <gtest/gtest.h>

#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "privacy/privacy.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

class PrivacyWebTest : public testing::AppTest {
 protected:
  PrivacyWebTest() : AppTest(42) {}
  http::Response Request(const std::string& method, const std::string& path, const std::string& body = "",
                         const std::string& cookie = "") {
    http::Request r = NewRequest(method, path, body);
    if (method == "POST") r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
    return router_->Dispatch(r);
  }
  // A response in progress: the first page posted with an error, which saves it. Its resume path.
  std::string StartResponse(std::string& cookie) {
    auto page = Request("GET", "/s/employers");
    cookie = SetCookie(page);
    auto r = Request("POST", "/s/employers",
                     "_mcs_csrf=" + Hidden(page.body, "_mcs_csrf") +
                         "&_mcs_page=0.-1&_mcs_lang=en&_mcs_action=next&country=AT&org_size=bogus",
                     cookie);
    EXPECT_EQ(r.status, 422);
    auto action = r.body.find("action=\"/s/employers/r/");
    if (action == std::string::npos) return "";
    return r.body.substr(action + 8, r.body.find('"', action + 8) - action - 8);
  }
};

constexpr const char* kFooterEn = "<footer class=\"site-footer\"><div class=\"width\"><a href=\"/privacy?lang=en\">"
                                  "Privacy notice</a>";

TEST_F(PrivacyWebTest, EveryRespondentPageLinksThePrivacyNotice) {
  std::string cookie;
  const std::string resume = StartResponse(cookie);
  ASSERT_FALSE(resume.empty());
  struct Case {
    const char* what;
    std::string path;
    int status;
  };
  const Case cases[] = {{"landing", "/", 200},
                        {"first page", "/s/employers", 200},
                        {"resumed page", resume, 200},
                        {"resume by code", "/resume", 200},
                        {"unknown form", "/s/nonesuch", 404},
                        {"bad resume link", "/s/employers/r/0123456789abcdef0123", 404},
                        {"the notice", "/privacy", 200},
                        {"delete: confirm", resume + "/delete", 200}};
  for (const Case& c : cases) {
    auto r = Request("GET", c.path);
    EXPECT_EQ(r.status, c.status) << c.what;
    EXPECT_NE(r.body.find(kFooterEn), std::string::npos) << c.what;
  }
  // The error state (a page posted with a wrong answer) and a page in another language.
  auto page = Request("GET", "/s/employers");
  auto err = Request("POST", "/s/employers",
                     "_mcs_csrf=" + Hidden(page.body, "_mcs_csrf") + "&_mcs_page=0.-1&_mcs_lang=en&_mcs_action=next",
                     SetCookie(page));
  EXPECT_EQ(err.status, 422);
  EXPECT_NE(err.body.find(kFooterEn), std::string::npos);
  auto fr = Request("GET", "/s/employers?lang=fr");
  EXPECT_NE(fr.body.find("<a href=\"/privacy?lang=fr\">Déclaration de confidentialité</a>"), std::string::npos);
  // Closed: the study's closing time has passed.
  clock_.Set(ParseTimeUtc("2027-07-05T22:00:00Z"));
  auto closed = Request("GET", "/s/employers");
  EXPECT_EQ(closed.status, 403);
  EXPECT_NE(closed.body.find(kFooterEn), std::string::npos);
}

TEST_F(PrivacyWebTest, TheNoticeIsTheTeamsTextInTheRespondentsLanguage) {
  // Before the team writes one: what the software does, in plain words.
  EXPECT_NE(Request("GET", "/privacy").body.find("It does not store your IP address."), std::string::npos);
  privacy::Actor who{"admin", clock_.Now()};
  ASSERT_TRUE(privacy::SetNoticeText(*store_, "", "en", "Cedefop collects <your> answers.\n\nSecond part.", who).ok());
  ASSERT_TRUE(privacy::SetNoticeText(*store_, "", "fr", "Le Cedefop recueille vos réponses.", who).ok());
  ASSERT_TRUE(privacy::SetNoticeText(*store_, "employers", "en", "Employers: interviews by phone.", who).ok());
  EXPECT_FALSE(privacy::SetNoticeText(*store_, "", "e n", "x", who).ok());
  auto en = Request("GET", "/privacy?lang=en").body;
  EXPECT_NE(en.find("<p>Cedefop collects &lt;your&gt; answers.</p>\n<p>Second part.</p>"), std::string::npos);
  EXPECT_NE(en.find("Employers: interviews by phone."), std::string::npos);
  auto fr = Request("GET", "/privacy?lang=fr").body;
  EXPECT_NE(fr.find("<p>Le Cedefop recueille vos réponses.</p>"), std::string::npos);
  EXPECT_NE(fr.find("<h1>Déclaration de confidentialité</h1>"), std::string::npos);
  // German has no text of its own: English, not nothing.
  EXPECT_NE(Request("GET", "/privacy?lang=de").body.find("Cedefop collects"), std::string::npos);
  // An empty text removes a language; every change is audited.
  ASSERT_TRUE(privacy::SetNoticeText(*store_, "", "fr", "  ", who).ok());
  EXPECT_EQ(privacy::NoticeTexts(*store_, "").count("fr"), 0u);
  int audited = 0;
  for (const auto& e : store_->ListAudit(100, 0)) audited += e.action == "privacy-notice";
  EXPECT_EQ(audited, 4);
}

TEST_F(PrivacyWebTest, ARespondentDeletesTheirResponseInProgressAfterConfirming) {
  std::string cookie;
  const std::string resume = StartResponse(cookie);
  ASSERT_FALSE(resume.empty());
  EXPECT_EQ(store_->CountResponses("employers").partial, 1);
  // Every page after the first save offers it.
  EXPECT_NE(Request("GET", resume).body.find(resume + "/delete\""), std::string::npos);
  auto confirm = Request("GET", resume + "/delete", "", cookie);
  ASSERT_EQ(confirm.status, 200);
  const std::string csrf = Hidden(confirm.body, "_mcs_csrf");
  ASSERT_FALSE(csrf.empty());
  // Without the page's token (a forged post): refused, nothing deleted.
  EXPECT_EQ(Request("POST", resume + "/delete", "_mcs_csrf=forged", cookie).status, 403);
  EXPECT_EQ(Request("POST", resume + "/delete", "_mcs_csrf=" + csrf).status, 403);  // no cookie
  EXPECT_EQ(store_->CountResponses("employers").partial, 1);
  auto done = Request("POST", resume + "/delete", "_mcs_csrf=" + csrf, cookie);
  EXPECT_EQ(done.status, 200);
  EXPECT_NE(done.body.find("Your answers have been deleted"), std::string::npos);
  EXPECT_EQ(store_->CountResponses("employers").partial, 0);
  EXPECT_EQ(Request("GET", resume).status, 404);
  EXPECT_EQ(Request("GET", resume + "/delete").status, 404);
}

}  // namespace
}  // namespace mcs::web
