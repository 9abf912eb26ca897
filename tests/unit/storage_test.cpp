#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/sqlite/sqlite_storage.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::storage {
namespace {

ResponseRecord MakeResponse(const std::string& id, ResponseStatus st = ResponseStatus::kPartial) {
  ResponseRecord r;
  r.id = id;
  r.form_id = "f";
  r.form_version = "1";
  r.lang = "en";
  r.status = st;
  r.resume_hash = st == ResponseStatus::kPartial ? "hash-" + id : "";
  r.answers_json = "{\"q\":\"" + id + "\"}";
  r.channel = "web";
  r.started_at = 1000;
  r.updated_at = 1000;
  r.submitted_at = st == ResponseStatus::kComplete ? 2000 : 0;
  return r;
}

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Open("sqlite:" + dir_.File("sub/dir/t.db"));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    ASSERT_TRUE(store_->Migrate().ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<Storage> store_;
};

TEST_F(SqliteTest, MigrateTwiceIsHarmless) {
  EXPECT_TRUE(store_->Migrate().ok());
  EXPECT_TRUE(store_->IsEmpty());
}

TEST_F(SqliteTest, FormVersions) {
  FormRecord f{"f", "1", "Title", "f.md", "bytes1", 10};
  ASSERT_TRUE(store_->AddFormVersion(f).ok());
  EXPECT_FALSE(store_->IsEmpty());
  // The same bytes again: fine. Other bytes under the same version: refused.
  EXPECT_TRUE(store_->AddFormVersion(f).ok());
  f.source = "bytes2";
  Status st = store_->AddFormVersion(f);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  f.version = "2";
  ASSERT_TRUE(store_->AddFormVersion(f).ok());
  auto all = store_->AllFormVersions();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].version, "1");
  EXPECT_EQ(all[1].source, "bytes2");
}

TEST_F(SqliteTest, ResponsesPartialThenComplete) {
  ResponseRecord r = MakeResponse("A");
  ASSERT_TRUE(store_->InsertResponse(r).ok());
  auto found = store_->FindByResumeHash("hash-A");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->answers_json, "{\"q\":\"A\"}");
  EXPECT_EQ(found->status, ResponseStatus::kPartial);
  r.answers_json = "{\"q\":\"B\"}";
  r.page = 3002;
  r.status = ResponseStatus::kComplete;
  r.submitted_at = 5000;
  ASSERT_TRUE(store_->UpdateResponse(r).ok());
  found = store_->FindResponse("A");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, ResponseStatus::kComplete);
  EXPECT_EQ(found->page, 3002);
  EXPECT_EQ(found->submitted_at, 5000);
  // A complete response cannot be changed through its resume link.
  r.answers_json = "{}";
  Status st = store_->UpdateResponse(r);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->FindResponse("A")->answers_json, "{\"q\":\"B\"}");
  auto c = store_->CountResponses("f");
  EXPECT_EQ(c.complete, 1);
  EXPECT_EQ(c.partial, 0);
}

TEST_F(SqliteTest, DuplicateIdIsAConflictAndDoesNotHurtItsBatch) {
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete)).ok());
  Status st = store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->CountResponses("f").complete, 1);
}

TEST_F(SqliteTest, ConcurrentWritersShareCommits) {
  constexpr int kThreads = 16, kEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!store_->InsertResponse(MakeResponse("T" + std::to_string(t) + "-" + std::to_string(i), ResponseStatus::kComplete)).ok()) {
          failures++;
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(store_->CountResponses("f").complete, kThreads * kEach);
  auto* sq = dynamic_cast<sqlite::SqliteStorage*>(store_.get());
  ASSERT_NE(sq, nullptr);
  // Group commit: fewer commits than writes when writers overlap.
  auto stats = sq->stats();
  EXPECT_LT(stats.commits, stats.writes);
}

TEST_F(SqliteTest, StreamsInSubmissionOrderWithFilters) {
  auto a = MakeResponse("A", ResponseStatus::kComplete);
  a.submitted_at = 3000;
  auto b = MakeResponse("B", ResponseStatus::kComplete);
  b.submitted_at = 2000;
  b.form_version = "2";
  auto c = MakeResponse("C");
  for (auto* r : {&a, &b, &c}) ASSERT_TRUE(store_->InsertResponse(*r).ok());
  std::vector<std::string> ids;
  ASSERT_TRUE(store_->ForEachResponse("f", {true, ""}, [&](const ResponseRecord& r) {
    ids.push_back(r.id);
    return true;
  }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"B", "A"}));
  ids.clear();
  ASSERT_TRUE(store_->ForEachResponse("f", {false, ""}, [&](const ResponseRecord& r) {
    ids.push_back(r.id);
    return true;
  }).ok());
  EXPECT_EQ(ids.size(), 3u);
  ids.clear();
  ASSERT_TRUE(store_->ForEachResponse("f", {true, "2"}, [&](const ResponseRecord& r) {
    ids.push_back(r.id);
    return true;
  }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"B"}));
}

TEST_F(SqliteTest, SurvivesReopen) {
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete)).ok());
  ASSERT_TRUE(store_->PutSetting("k", "v").ok());
  store_->Close();
  store_.reset();
  auto s = Open("sqlite:" + dir_.File("sub/dir/t.db"));
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Migrate().ok());
  EXPECT_TRUE((*s)->FindResponse("A"));
  EXPECT_EQ((*s)->GetSetting("k").value_or(""), "v");
}

TEST_F(SqliteTest, UsersAndTokens) {
  ASSERT_TRUE(store_->AddUser({"ann", "analyst", "h", 1}).ok());
  EXPECT_EQ(store_->AddUser({"ann", "analyst", "h", 1}).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store_->AddApiToken("th", "ann", "laptop", 2).ok());
  auto u = store_->FindApiTokenUser("th");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->role, "analyst");
  EXPECT_FALSE(store_->FindApiTokenUser("other"));
}

TEST(StorageOpen, RejectsUnknownUrls) {
  EXPECT_FALSE(Open("mysql://x").ok());
  EXPECT_FALSE(Open("sqlite:").ok());
}

TEST(StorageOpen, ReadOnlyLocationIsUnavailable) {
  auto s = Open("sqlite:/proc/no-such-dir/x.db");
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace mcs::storage
