// The database server down (PostgreSQL restarting): reads throw UnavailableError, writes return
// kUnavailable. Respondents and API clients are told their answers could not be saved (503), never
// thanked, and the failures are counted; when the storage is back the same post is saved.
// tests/pg/test_crash.py does this against a real PostgreSQL stopped with `pg_ctl stop -m immediate`.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <sstream>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/unavailable_error.h"
#include "storage/forwarding_storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

// What PgStorage does while its server is gone: every read throws, every write fails.
class Outage final : public storage::ForwardingStorage {
 public:
  using ForwardingStorage::ForwardingStorage;
  std::atomic<bool> down{false};

  std::optional<storage::FormWindow> GetWindow(const std::string& form_id) override {
    Check();
    return ForwardingStorage::GetWindow(form_id);
  }
  std::optional<storage::ResponseRecord> FindByResumeHash(const std::string& hash) override {
    Check();
    return ForwardingStorage::FindByResumeHash(hash);
  }
  Status InsertResponse(const storage::ResponseRecord& r) override {
    if (down) return MakeError(ErrorCode::kUnavailable, "storage unavailable: connection refused");
    return ForwardingStorage::InsertResponse(r);
  }
  Status UpdateResponse(const storage::ResponseRecord& r) override {
    if (down) return MakeError(ErrorCode::kUnavailable, "storage unavailable: connection refused");
    return ForwardingStorage::UpdateResponse(r);
  }

 private:
  void Check() const {
    if (down) throw UnavailableError("storage unavailable: connection refused");
  }
};

class StorageOutage : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("MCSURVEY_ADMIN_PASSWORD", "test-password-123", 1);
    real_ = std::move(storage::Open("sqlite:" + dir_.File("o.db")).value());
    store_ = std::make_unique<Outage>(*real_);
    app_ = std::make_unique<App>(*store_, clock_, random_);
    std::ostringstream log;
    ASSERT_TRUE(app_->Init(log).ok());
    router_ = app_->MakeRouter();
  }
  http::Response Send(const std::string& method, const std::string& path, const std::string& body = "",
                      const std::string& type = "", const std::string& cookie = "") {
    http::Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    if (!type.empty()) r.headers.emplace_back("content-type", type);
    r.headers.emplace_back("host", "survey.example");
    if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
    return router_->Dispatch(r);
  }

  testing::TempDir dir_;
  ManualClock clock_{ParseTimeUtc("2026-11-28T12:00:00Z")};
  SeededRandom random_{7};
  std::unique_ptr<storage::Storage> real_;
  std::unique_ptr<Outage> store_;
  std::unique_ptr<App> app_;
  std::shared_ptr<const http::Router> router_;
};

TEST_F(StorageOutage, ApiSubmissionIsRefusedAsNotSavedThenAccepted) {
  const std::string body = R"({"answers":{"country":"AT","org_size":"micro"}})";
  store_->down = true;
  auto r = Send("POST", "/api/v1/forms/employers/responses", body, "application/json");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("your answers could not be saved, please try again"), std::string::npos) << r.body;
  EXPECT_EQ(app_->metrics().storage_failures.load(), 1u);
  EXPECT_EQ(real_->CountResponses("employers").complete, 0);
  store_->down = false;
  r = Send("POST", "/api/v1/forms/employers/responses", body, "application/json");
  EXPECT_NE(r.status, 503) << r.body;
}

TEST_F(StorageOutage, PagePostsAreRefusedAsNotSavedThenSaved) {
  auto page = Send("GET", "/s/employers");
  ASSERT_EQ(page.status, 200);
  std::string cookie;
  for (const auto& [k, v] : page.headers) {
    if (k == "Set-Cookie") cookie = v.substr(0, v.find(';'));
  }
  auto at = page.body.find("name=\"_mcs_csrf\" value=\"");
  ASSERT_NE(at, std::string::npos);
  at += 24;
  std::string csrf = page.body.substr(at, page.body.find('"', at) - at);
  const std::string post = "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_lang=en&_mcs_action=next&country=AT";

  store_->down = true;
  auto r = Send("POST", "/s/employers", post, "application/x-www-form-urlencoded", cookie);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("could not be saved"), std::string::npos);
  EXPECT_EQ(r.body.find("panel__ref"), std::string::npos);
  // A resume link's post reads the response first: the same answer, not a 500.
  r = Send("POST", "/s/employers/r/AAAAAAAAAAAAAAAAAAAAAAAA", post, "application/x-www-form-urlencoded", cookie);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("could not be saved"), std::string::npos);
  EXPECT_EQ(app_->metrics().storage_failures.load(), 2u);
  // A page that only reads: 503, "try again in a minute" in the respondent's language (i18n3).
  http::Request get;
  get.method = "GET";
  get.path = "/s/employers/r/AAAAAAAAAAAAAAAAAAAAAAAA";
  get.query = "lang=de";
  get.headers.emplace_back("host", "survey.example");
  r = router_->Dispatch(get);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find(HtmlEscape(i18n::T("de", "busy_unavailable"))), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("lang=\"de\""), std::string::npos);
  EXPECT_EQ(app_->metrics().storage_failures.load(), 3u);

  store_->down = false;
  r = Send("POST", "/s/employers", post, "application/x-www-form-urlencoded", cookie);
  EXPECT_TRUE(r.status == 303 || r.status == 422) << r.status;
  EXPECT_EQ(real_->CountResponses("employers").partial, 1);
}

// A database server that accepts the connection and never answers (a hung machine, a lost network
// behind a proxy): connecting gives up after 5 seconds, not the system's minutes-long TCP timeout.
TEST(StorageOpen, ASilentPostgresqlServerTimesOutInFiveSeconds) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 16), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  auto t0 = std::chrono::steady_clock::now();
  auto s = storage::Open("postgresql://mcs@127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/mcs");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  close(fd);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
  EXPECT_GE(seconds, 4.0);
  EXPECT_LT(seconds, 10.0);
}

}  // namespace
}  // namespace mcs::web
