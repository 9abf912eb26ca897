// The console's access rules in process, with a manual clock: the Secure flag only over TLS via
// the trusted proxy, the lock-out ending after its 15 minutes, sessions ending after idle hours.
#include <gtest/gtest.h>

#include <sstream>

#include "common/clock.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("MCSURVEY_ADMIN_PASSWORD", "test-password-123", 1);
    store_ = std::move(storage::Open("sqlite:" + dir_.File("c.db")).value());
    app_ = std::make_unique<App>(*store_, clock_, random_);
    std::ostringstream log;
    ASSERT_TRUE(app_->Init(log).ok());
    router_ = app_->MakeRouter();
  }
  http::Response Send(const std::string& method, const std::string& path, const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {},
                      const std::string& client = "10.0.0.9") {
    http::Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.client = client;
    r.headers = headers;
    r.headers.emplace_back("host", "survey.example");
    if (method == "POST") r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    return router_->Dispatch(r);
  }
  static std::vector<std::string> Cookies(const http::Response& r) {
    std::vector<std::string> out;
    for (const auto& [k, v] : r.headers) {
      if (k == "Set-Cookie") out.push_back(v);
    }
    return out;
  }
  static std::string Value(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }
  static std::string Hidden(const std::string& html, const std::string& name) {
    auto p = html.find("name=\"" + name + "\" value=\"");
    if (p == std::string::npos) return "";
    p += name.size() + 15;
    return html.substr(p, html.find('"', p) - p);
  }
  // Signs in; returns the sign-in response (its cookies carry the session on success).
  http::Response SignIn(const std::string& password, const std::vector<std::pair<std::string, std::string>>& extra = {},
                        const std::string& client = "10.0.0.9") {
    auto page = Send("GET", "/admin/login", "", extra, client);
    std::string pre = Value(Cookies(page).at(0));
    auto headers = extra;
    headers.emplace_back("cookie", pre);
    return Send("POST", "/admin/login", "_csrf=" + Hidden(page.body, "_csrf") + "&name=admin&password=" + password,
                headers, client);
  }
  std::string SessionCookie(const http::Response& r) {
    for (const auto& c : Cookies(r)) {
      if (c.starts_with("mcs_admin=")) return c;
    }
    return "";
  }

  testing::TempDir dir_;
  ManualClock clock_{ParseTimeUtc("2026-11-28T12:00:00Z")};
  SeededRandom random_{7};
  std::unique_ptr<storage::Storage> store_;
  std::unique_ptr<App> app_;
  std::shared_ptr<const http::Router> router_;
};

TEST_F(ConsoleTest, SecureOnlyOverTlsThroughTheTrustedProxy) {
  const std::vector<std::pair<std::string, std::string>> https = {{"x-forwarded-proto", "https"}};
  // No trusted proxy: anyone can send the header, so it is not believed.
  std::string plain = SessionCookie(SignIn("test-password-123", https));
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(plain.find("Secure"), std::string::npos);
  EXPECT_NE(plain.find("HttpOnly"), std::string::npos);
  EXPECT_NE(plain.find("SameSite=Strict"), std::string::npos);
  app_->SetTrustedProxy("10.0.0.1");
  EXPECT_EQ(SessionCookie(SignIn("test-password-123", https, "10.0.0.9")).find("Secure"), std::string::npos);
  EXPECT_NE(SessionCookie(SignIn("test-password-123", https, "10.0.0.1")).find("; Secure"), std::string::npos);
  EXPECT_EQ(SessionCookie(SignIn("test-password-123", {}, "10.0.0.1")).find("Secure"), std::string::npos);
}

TEST_F(ConsoleTest, LockOutLastsFifteenMinutes) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn("wrong").status, 401);
  auto locked = SignIn("test-password-123");
  EXPECT_EQ(locked.status, 403);
  EXPECT_TRUE(SessionCookie(locked).empty());
  clock_.Set(clock_.Now() + 14 * 60 * 1000);
  EXPECT_EQ(SignIn("test-password-123").status, 403);
  clock_.Set(clock_.Now() + 60 * 1000 + 1);
  auto ok = SignIn("test-password-123");
  EXPECT_EQ(ok.status, 303);
  // A success resets the count: four more failures do not lock.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(SignIn("wrong").status, 401);
  EXPECT_EQ(SignIn("test-password-123").status, 303);
}

TEST_F(ConsoleTest, SessionsEndAfterTwoIdleHours) {
  std::string cookie = Value(SessionCookie(SignIn("test-password-123")));
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(Send("GET", "/admin", "", {{"cookie", cookie}}).status, 200);
  clock_.Set(clock_.Now() + 90 * 60 * 1000);  // active again after 1.5 hours: the expiry slides
  EXPECT_EQ(Send("GET", "/admin", "", {{"cookie", cookie}}).status, 200);
  clock_.Set(clock_.Now() + 90 * 60 * 1000);
  EXPECT_EQ(Send("GET", "/admin", "", {{"cookie", cookie}}).status, 200);
  clock_.Set(clock_.Now() + 2 * 3600 * 1000 + 1);
  auto r = Send("GET", "/admin", "", {{"cookie", cookie}});
  EXPECT_EQ(r.status, 303);
}

}  // namespace
}  // namespace mcs::web
