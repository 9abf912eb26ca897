// The console's Privacy page (issue 25) in process: owner only, every post with the session's CSRF
// token and a ticked confirmation, what a person typed shown escaped, every step audited.
#include <gtest/gtest.h>

#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

class PrivacyConsoleTest : public testing::AppTest {
 protected:
  http::Response Send(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& cookie) {
    http::Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.client = "10.0.0.9";
    r.headers.emplace_back("host", "survey.example");
    if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
    if (method == "POST") r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    return router_->Dispatch(r);
  }
  // Signs `name` in; the session cookie.
  std::string SignIn(const std::string& name, const std::string& password) {
    auto page = Send("GET", "/admin/login", "", "");
    std::string pre;
    for (const auto& [k, v] : page.headers) {
      if (k == "Set-Cookie") pre = v.substr(0, v.find(';'));
    }
    auto r = Send("POST", "/admin/login", "_csrf=" + Hidden(page.body, "_csrf") + "&name=" + name + "&password=" + password,
                  pre);
    return SetCookie(r, "mcs_admin=");
  }
  int Audited(const std::string& action) {
    int n = 0;
    for (const auto& e : store_->ListAudit(1000, 0)) n += e.action == action && e.user == "admin";
    return n;
  }
};

TEST_F(PrivacyConsoleTest, OwnersOnlyConfirmedAndWithTheSessionsToken) {
  ASSERT_TRUE(store_->AddUser({"ana", "analyst", HashPassword("analyst-password-1"), clock_.Now()}).ok());
  const std::string analyst = SignIn("ana", "analyst-password-1");
  ASSERT_FALSE(analyst.empty());
  EXPECT_EQ(Send("GET", "/admin/privacy", "", analyst).status, 403);
  EXPECT_EQ(Send("POST", "/admin/privacy/subject", "email=a%40example.org", analyst).status, 403);

  const std::string owner = SignIn("admin", "test-password-123");
  ASSERT_FALSE(owner.empty());
  auto page = Send("GET", "/admin/privacy", "", owner);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("action=\"/admin/privacy/employers/erase-question\""), std::string::npos);
  const std::string csrf = Hidden(page.body, "_csrf");
  ASSERT_FALSE(csrf.empty());

  const std::string erase = "&question=comments&reason=names+in+free+text";
  EXPECT_EQ(Send("POST", "/admin/privacy/employers/erase-question", "confirm=yes" + erase, owner).status, 403);
  EXPECT_EQ(Send("POST", "/admin/privacy/employers/erase-question", "_csrf=" + csrf + erase, owner).status, 400);
  EXPECT_EQ(Audited("question-erase"), 0);
  auto done = Send("POST", "/admin/privacy/employers/erase-question", "_csrf=" + csrf + "&confirm=yes" + erase, owner);
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Audited("question-erase"), 1);
  // The study is open: anonymising is refused, and says why.
  auto anon = Send("POST", "/admin/privacy/employers/anonymise", "_csrf=" + csrf + "&confirm=yes", owner);
  EXPECT_EQ(anon.status, 409);
  EXPECT_NE(anon.body.find("still takes answers"), std::string::npos);
}

TEST_F(PrivacyConsoleTest, APersonsDataIsShownEscapedAndEachLookUpAudited) {
  ASSERT_TRUE(store_
                  ->AddInvitations({storage::Invitation{"inv-1", "employers", "<b>Eve</b>", "eve@example.org", "g",
                                                        "BE", clock_.Now(), "", ""}})
                  .ok());
  const std::string owner = SignIn("admin", "test-password-123");
  const std::string csrf = Hidden(Send("GET", "/admin/privacy", "", owner).body, "_csrf");
  auto found = Send("POST", "/admin/privacy/subject", "_csrf=" + csrf + "&email=EVE%40example.org", owner);
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("1 items held about"), std::string::npos);
  EXPECT_NE(found.body.find("&lt;b&gt;Eve&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(found.body.find("<b>Eve"), std::string::npos);
  auto file = Send("POST", "/admin/privacy/subject/export", "_csrf=" + csrf + "&email=eve%40example.org", owner);
  ASSERT_EQ(file.status, 200);
  EXPECT_NE(file.body.find("name: <b>Eve</b>"), std::string::npos);  // a text/plain file: as written
  EXPECT_EQ(file.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(Audited("subject-find"), 1);
  EXPECT_EQ(Audited("subject-export"), 1);
  auto erased = Send("POST", "/admin/privacy/subject/erase", "_csrf=" + csrf + "&confirm=yes&email=eve%40example.org",
                     owner);
  ASSERT_EQ(erased.status, 200);
  EXPECT_FALSE(store_->FindInvitation("inv-1"));
  EXPECT_EQ(Audited("subject-erase"), 1);
  // The notice, as the owner saves it, is what respondents see.
  auto saved = Send("POST", "/admin/privacy/notice", "_csrf=" + csrf + "&form=&lang=en&text=We+keep+little.", owner);
  ASSERT_EQ(saved.status, 200);
  EXPECT_NE(Send("GET", "/privacy", "", "").body.find("<p>We keep little.</p>"), std::string::npos);
}

}  // namespace
}  // namespace mcs::web
