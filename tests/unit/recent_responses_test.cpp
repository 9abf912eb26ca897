// SQLite's memory of the responses it saved lately (storage/sqlite/recent_responses.h): what a
// respondent's next page reads must be exactly what the database holds.
#include "storage/sqlite/recent_responses.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "storage/sqlite/sqlite_storage.h"
#include "test_util.h"

namespace mcs::storage::sqlite {
namespace {

ResponseRecord Partial(const std::string& id, std::size_t answer_bytes = 10) {
  ResponseRecord r;
  r.id = id;
  r.form_id = "f";
  r.form_version = "1";
  r.lang = "en";
  r.resume_hash = "hash-" + id;
  r.answers_json = "{\"q\":\"" + std::string(answer_bytes, 'x') + "\"}";
  r.channel = "web";
  r.started_at = 1000;
  r.updated_at = 1000;
  return r;
}

TEST(RecentResponses, RemembersInsertsAndAppliesUpdatesToThem) {
  RecentResponses recent;
  EXPECT_FALSE(recent.FindByResumeHash("hash-a"));
  recent.Inserted(Partial("a"));
  ASSERT_TRUE(recent.FindByResumeHash("hash-a"));
  ResponseRecord u = Partial("a");
  u.answers_json = "{\"q\":\"2\"}";
  u.page = 3;
  u.updated_at = 2000;
  u.flags = "not an UPDATE column";  // UPDATE leaves the team's columns alone, and so does the memory
  recent.Updated(u);
  auto got = recent.FindByResumeHash("hash-a");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->answers_json, "{\"q\":\"2\"}");
  EXPECT_EQ(got->page, 3);
  EXPECT_EQ(got->updated_at, 2000);
  EXPECT_EQ(got->started_at, 1000);
  EXPECT_EQ(got->flags, "");
}

TEST(RecentResponses, AnUpdateNeverAddsAndForgettingIsFinal) {
  RecentResponses recent;
  recent.Updated(Partial("b"));  // a response saved before a restart: read from the database
  EXPECT_FALSE(recent.FindByResumeHash("hash-b"));
  recent.Inserted(Partial("c"));
  recent.Forget("c");
  recent.Updated(Partial("c"));
  EXPECT_FALSE(recent.FindByResumeHash("hash-c"));
  EXPECT_EQ(recent.size(), 0u);
  EXPECT_EQ(recent.bytes(), 0u);
  recent.Inserted(ResponseRecord{});  // no resume hash (an API submission): nothing to find it by
  EXPECT_EQ(recent.size(), 0u);
}

TEST(RecentResponses, BoundedByBytesLeastRecentlyUsedFirst) {
  RecentResponses recent(3 * (sizeof(ResponseRecord) + 1100));
  for (const char* id : {"1", "2", "3"}) recent.Inserted(Partial(id, 1000));
  EXPECT_EQ(recent.size(), 3u);
  ASSERT_TRUE(recent.FindByResumeHash("hash-1"));  // 1 is now the most recent
  recent.Inserted(Partial("4", 1000));
  EXPECT_EQ(recent.size(), 3u);
  EXPECT_TRUE(recent.FindByResumeHash("hash-1"));
  EXPECT_FALSE(recent.FindByResumeHash("hash-2"));
  EXPECT_TRUE(recent.FindByResumeHash("hash-4"));
  EXPECT_LE(recent.bytes(), 3 * (sizeof(ResponseRecord) + 1100));
  ResponseRecord big = Partial("1", 5000);  // growing past the bound evicts others, then itself last
  recent.Updated(big);
  EXPECT_LE(recent.bytes(), 3 * (sizeof(ResponseRecord) + 1100));
}

TEST(RecentResponses, KeepsOnlyResponsesInProgress) {
  RecentResponses recent(1u << 20, std::chrono::milliseconds(50));
  recent.Inserted(Partial("done"));
  ResponseRecord done = Partial("done");
  done.status = ResponseStatus::kComplete;
  recent.Updated(done);  // finished: nothing reads it but its thank-you page
  EXPECT_FALSE(recent.FindByResumeHash("hash-done"));
  ResponseRecord api = Partial("api");
  api.status = ResponseStatus::kComplete;
  recent.Inserted(api);
  EXPECT_EQ(recent.size(), 0u);
  // Left for longer than max_idle: dropped when something new comes in.
  recent.Inserted(Partial("idle"));
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  recent.Inserted(Partial("fresh"));
  EXPECT_FALSE(recent.FindByResumeHash("hash-idle"));
  EXPECT_TRUE(recent.FindByResumeHash("hash-fresh"));
  EXPECT_EQ(recent.size(), 1u);
}

class SqliteRecent : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStorage::Open(dir_.File("r.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
    ASSERT_TRUE(store_->Migrate().ok());
  }
  // The row as a fresh connection reads it from the file.
  ResponseRecord FromDisk(const std::string& id) {
    auto other = SqliteStorage::Open(dir_.File("r.db"));
    auto r = other.value()->FindResponse(id);
    EXPECT_TRUE(r.has_value());
    return r.value_or(ResponseRecord{});
  }
  static void ExpectSame(const ResponseRecord& a, const ResponseRecord& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.form_version, b.form_version);
    EXPECT_EQ(a.lang, b.lang);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.answers_json, b.answers_json);
    EXPECT_EQ(a.personal_json, b.personal_json);
    EXPECT_EQ(a.page, b.page);
    EXPECT_EQ(a.updated_at, b.updated_at);
    EXPECT_EQ(a.submitted_at, b.submitted_at);
    EXPECT_EQ(a.flags, b.flags);
    EXPECT_EQ(a.excluded, b.excluded);
    EXPECT_EQ(a.review_note, b.review_note);
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteStorage> store_;
};

TEST_F(SqliteRecent, WhatARespondentReadsBackIsWhatIsOnDisk) {
  ResponseRecord r = Partial("r1");
  ASSERT_TRUE(store_->InsertResponse(r).ok());
  EXPECT_EQ(store_->recent().size(), 1u);
  ExpectSame(*store_->FindByResumeHash("hash-r1"), FromDisk("r1"));
  // The team reviews it between two pages: the respondent's next save keeps the team's columns.
  ASSERT_TRUE(store_->SetResponseReview("r1", "speeder", true, "too fast").ok());
  r.answers_json = "{\"q\":\"changed\"}";
  r.page = 2;
  r.updated_at = 3000;
  ASSERT_TRUE(store_->UpdateResponse(r).ok());
  ResponseRecord disk = FromDisk("r1");
  EXPECT_EQ(disk.flags, "speeder");
  EXPECT_EQ(disk.answers_json, "{\"q\":\"changed\"}");
  ExpectSame(*store_->FindByResumeHash("hash-r1"), disk);
  // Completed, then changed again through the link: refused, and the read says complete.
  r.status = ResponseStatus::kComplete;
  r.submitted_at = 4000;
  ASSERT_TRUE(store_->UpdateResponse(r).ok());
  r.answers_json = "{\"q\":\"after\"}";
  EXPECT_EQ(store_->UpdateResponse(r).error().code, ErrorCode::kConflict);
  ExpectSame(*store_->FindByResumeHash("hash-r1"), FromDisk("r1"));
  // Deleted by the team: gone for the link too.
  ASSERT_TRUE(store_->DeleteResponse("r1").ok());
  EXPECT_FALSE(store_->FindByResumeHash("hash-r1"));
}

TEST_F(SqliteRecent, AsynchronousSavesAreRememberedInCommitOrder) {
  ResponseRecord r = Partial("r2");
  ASSERT_TRUE(store_->InsertResponse(r).ok());
  std::promise<void> all;
  std::atomic<int> left{20};
  for (int i = 1; i <= 20; ++i) {
    r.page = i;
    r.answers_json = "{\"n\":\"" + std::to_string(i) + "\"}";
    store_->SaveResponseAsync(r, false, [&](Status st) {
      EXPECT_TRUE(st.ok());
      if (--left == 0) all.set_value();
    });
  }
  all.get_future().wait();
  auto got = store_->FindByResumeHash("hash-r2");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->page, 20);
  ExpectSame(*got, FromDisk("r2"));
  ASSERT_TRUE(store_->SetResponseFlags({{"r2", "straightliner"}}).ok());
  EXPECT_EQ(store_->FindByResumeHash("hash-r2")->flags, "straightliner");
}

}  // namespace
}  // namespace mcs::storage::sqlite
