// Long work must not stall respondents: API exports beyond the per-node cap are turned away with
// 503 and Retry-After while respondents' submissions go on.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/clock.h"
#include "common/crypto.h"
#include "storage/forwarding_storage.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

// Holds every export (ForEachResponse) until released, as a slow export of a big study would.
class SlowExports : public storage::ForwardingStorage {
 public:
  using ForwardingStorage::ForwardingStorage;
  Status ForEachResponse(const std::string& form_id, const storage::ResponseFilter& filter,
                         const std::function<bool(const storage::ResponseRecord&)>& fn) override {
    std::unique_lock lock(mu_);
    waiting_++;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
    lock.unlock();
    return ForwardingStorage::ForEachResponse(form_id, filter, fn);
  }
  void WaitForWaiting(int n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return waiting_ >= n; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool released_ = false;
};

TEST(ExportCap, ExportsBeyondTheCapGet503WhileRespondentsGoOn) {
  setenv("MCSURVEY_ADMIN_PASSWORD", "test-password-123", 1);
  testing::TempDir dir;
  auto base = std::move(storage::Open("sqlite:" + dir.File("w.db")).value());
  SlowExports store(*base);
  ManualClock clock{ParseTimeUtc("2026-11-28T12:00:00Z")};
  SeededRandom random{7};
  App app(store, clock, random);
  std::ostringstream log;
  ASSERT_TRUE(app.Init(log).ok());
  app.SetMaxExports(2);
  ASSERT_TRUE(store.AddApiToken(Sha256Hex("tok"), "admin", "", 1).ok());
  auto router = app.MakeRouter();
  auto export_request = [] {
    http::Request r;
    r.method = "GET";
    r.path = "/api/v1/forms/employers/responses";
    r.headers.emplace_back("authorization", "Bearer tok");
    return r;
  };
  int status[2] = {0, 0};
  std::thread a([&] { status[0] = router->Dispatch(export_request()).status; });
  std::thread b([&] { status[1] = router->Dispatch(export_request()).status; });
  store.WaitForWaiting(2);
  auto third = router->Dispatch(export_request());
  EXPECT_EQ(third.status, 503);
  bool retry_after = false;
  for (const auto& [k, v] : third.headers) retry_after |= k == "Retry-After" && v == "5";
  EXPECT_TRUE(retry_after);
  // A respondent's submission is not held up by the running exports.
  http::Request post;
  post.method = "POST";
  post.path = "/api/v1/forms/employers/responses";
  post.body = "{\"answers\":{}}";
  post.headers.emplace_back("content-type", "application/json");
  EXPECT_EQ(router->Dispatch(post).status, 422);
  store.Release();
  a.join();
  b.join();
  EXPECT_EQ(status[0], 200);
  EXPECT_EQ(status[1], 200);
  // Slots are given back: the next export runs.
  EXPECT_EQ(router->Dispatch(export_request()).status, 200);
}

}  // namespace
}  // namespace mcs::web
