// The set-up shared by the unit tests that send requests through the whole application in process:
// a fresh SQLite file in a temporary folder, a manual clock at a fixed time, seeded randomness, the
// App initialised (the built-in study and the owner `admin`, password kAdminPassword) and its router.
// A test class derives from AppTest and adds its own way of sending requests, or sends them as a browser
// would with `Browse` (cookies kept in a `CookieJar`).
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/strings.h"
#include "http/http.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::testing {

inline constexpr const char* kAdminPassword = "test-password-123";

class AppTest : public ::testing::Test {
 protected:
  // `seed` for the app's randomness; `now` where the manual clock starts (UTC, as ParseTimeUtc reads it).
  explicit AppTest(std::uint64_t seed = 7, const char* now = "2026-11-28T12:00:00Z")
      : clock_(ParseTimeUtc(now)), random_(seed) {}

  void SetUp() override {
    setenv("MCSURVEY_ADMIN_PASSWORD", kAdminPassword, 1);
    store_ = std::move(storage::Open("sqlite:" + dir_.File("app.db")).value());
    app_ = std::make_unique<web::App>(*store_, clock_, random_);
    std::ostringstream log;
    ASSERT_TRUE(app_->Init(log).ok()) << log.str();
    router_ = app_->MakeRouter();
  }

  // A request to `path` (which may end in "?query") on the host survey.example.
  static http::Request NewRequest(const std::string& method, const std::string& path, const std::string& body = "") {
    http::Request r;
    r.method = method;
    auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) r.query = path.substr(q + 1);
    r.body = body;
    r.headers.emplace_back("host", "survey.example");
    return r;
  }
  // The value of the form field `name` in `html` (`name="NAME" value="..."`; "" when there is none).
  static std::string Hidden(const std::string& html, const std::string& name) {
    auto p = html.find("name=\"" + name + "\" value=\"");
    if (p == std::string::npos) return "";
    p += name.size() + 15;
    return html.substr(p, html.find('"', p) - p);
  }
  // "name=value" of the first Set-Cookie whose text starts with `prefix` ("" when there is none).
  static std::string SetCookie(const http::Response& r, const std::string& prefix = "") {
    for (const auto& [k, v] : r.headers) {
      if (k == "Set-Cookie" && v.starts_with(prefix)) return v.substr(0, v.find(';'));
    }
    return "";
  }
  // The first header `name` of a response ("" when there is none).
  static std::string Header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  // What a browser keeps between requests: the address it sends from and its cookies ("name=value", the
  // latest of each name).
  struct CookieJar {
    std::string client = "10.0.0.9";
    std::vector<std::string> cookies;
  };
  // `method` `path` sent as the browser `jar`: from its address, with its cookies, a POST's body of
  // content type `type`; every cookie the response sets replaces the jar's cookie of the same name.
  http::Response Browse(CookieJar& jar, const std::string& method, const std::string& path,
                        const std::string& body = "", const std::string& type = "application/x-www-form-urlencoded") {
    http::Request r = NewRequest(method, path, body);
    r.client = jar.client;
    if (method == "POST") r.headers.emplace_back("content-type", type);
    if (!jar.cookies.empty()) r.headers.emplace_back("cookie", Join(jar.cookies, "; "));
    auto resp = router_->Dispatch(r);
    for (const auto& [k, v] : resp.headers) {
      if (k != "Set-Cookie") continue;
      std::string c = v.substr(0, v.find(';'));
      std::string name = c.substr(0, c.find('='));
      std::erase_if(jar.cookies, [&](const std::string& x) { return x.starts_with(name + "="); });
      jar.cookies.push_back(c);
    }
    return resp;
  }
  // Signs the browser `jar` in to the console as `name` (the sign-in page's token, then the form post).
  void SignIn(CookieJar& jar, const std::string& name, const std::string& password) {
    auto page = Browse(jar, "GET", "/admin/login");
    auto r = Browse(jar, "POST", "/admin/login", "_csrf=" + Hidden(page.body, "_csrf") + "&name=" + name + "&password=" + password);
    ASSERT_EQ(r.status, 303) << r.body;
  }

  TempDir dir_;
  ManualClock clock_;
  SeededRandom random_;
  std::unique_ptr<storage::Storage> store_;
  std::unique_ptr<web::App> app_;
  std::shared_ptr<const http::Router> router_;
};

}  // namespace mcs::testing
