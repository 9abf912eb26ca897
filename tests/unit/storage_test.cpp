#include "storage/storage.h"

#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <thread>

#include "common/timezone.h"
#include "postgres_reset.h"
#include "storage/copy_study.h"
#include "storage/sqlite/sqlite_storage.h"
#include "test_util.h"
#include "web/app.h"          // the study's time zone as a setting (issue 24)
#include "web/study_texts.h"  // the study's texts as a setting (issue 24)

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

// The conformance suite: every test runs unchanged against each backend. SQLite always runs;
// PostgreSQL when MCS_TEST_PG_URL names a database the suite may empty (ctest pg.conformance sets
// it up with tests/pg/with_postgres.sh).
class StorageConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      const char* env = std::getenv("MCS_TEST_PG_URL");
      if (!env || !*env) GTEST_SKIP() << "MCS_TEST_PG_URL is not set (run tests/pg/with_postgres.sh)";
      url_ = env;
      testing::ResetPostgres(url_);
    } else {
      url_ = "sqlite:" + dir_.File("sub/dir/t.db");
    }
    auto s = Open(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    ASSERT_TRUE(store_->Migrate().ok());
  }
  bool sqlite() const { return GetParam() == "sqlite"; }
  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<Storage> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StorageConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(StorageConformance, MigrateTwiceIsHarmless) {
  EXPECT_TRUE(store_->Migrate().ok());
  EXPECT_TRUE(store_->IsEmpty());
}

TEST_P(StorageConformance, FormVersions) {
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

// A form's life: a version is stored as a draft or published; publishing keeps the first time; a
// draft without responses (preview answers aside) is deleted, a published one or one answered not.
TEST_P(StorageConformance, FormVersionsAreDraftsUntilPublished) {
  FormRecord v1{"f", "1", "Title", "f.md", "bytes1", 10, /*published_at=*/0};
  ASSERT_TRUE(store_->AddFormVersion(v1).ok());
  FormRecord v2{"f", "2", "Title", "f.md", "bytes2", 20, /*published_at=*/0};
  ASSERT_TRUE(store_->AddFormVersion(v2).ok());
  FormRecord live{"g", "1", "Built in", "g.md", "bytes3", 30, /*published_at=*/30};
  ASSERT_TRUE(store_->AddFormVersion(live).ok());
  auto all = store_->AllFormVersions();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].published_at, 0);
  EXPECT_EQ(all[2].published_at, 30);

  ASSERT_TRUE(store_->PublishFormVersion("f", "1", 100).ok());
  EXPECT_TRUE(store_->PublishFormVersion("f", "1", 200).ok());  // again: keeps the first time
  EXPECT_EQ(store_->PublishFormVersion("f", "9", 100).error().code, ErrorCode::kNotFound);
  all = store_->AllFormVersions();
  EXPECT_EQ(all[0].published_at, 100);
  EXPECT_EQ(all[1].published_at, 0);

  // Published: not deleted. Answered: not deleted. Only preview answers: deleted with them.
  EXPECT_EQ(store_->DeleteDraftVersion("f", "1").error().code, ErrorCode::kConflict);
  ResponseRecord answered = MakeResponse("A");
  answered.form_version = "2";
  ASSERT_TRUE(store_->InsertResponse(answered).ok());
  EXPECT_EQ(store_->DeleteDraftVersion("f", "2").error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store_->DeleteResponse("A").ok());
  ResponseRecord preview = MakeResponse("P");
  preview.form_version = "2";
  preview.channel = "test";
  ASSERT_TRUE(store_->InsertResponse(preview).ok());
  ASSERT_TRUE(store_->DeleteDraftVersion("f", "2").ok());
  EXPECT_FALSE(store_->FindResponse("P"));
  EXPECT_EQ(store_->DeleteDraftVersion("f", "2").error().code, ErrorCode::kNotFound);
  all = store_->AllFormVersions();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].version, "1");

  // A form's only version deleted: its window goes too.
  FormRecord h{"h", "1", "Draft", "h.md", "bytes4", 40, 0};
  ASSERT_TRUE(store_->AddFormVersion(h).ok());
  ASSERT_TRUE(store_->PutWindow(FormWindow{"h", 0, 50, false, ""}).ok());
  ASSERT_TRUE(store_->DeleteDraftVersion("h", "1").ok());
  EXPECT_FALSE(store_->GetWindow("h"));
}

// Rows written before drafts existed (no published_at given) count as published: an existing
// database keeps its forms live after the upgrade.
TEST_P(StorageConformance, FormsStoredBeforeDraftsStayPublished) {
  const std::string sql =
      "INSERT INTO forms(form_id, version, title, file_name, source, created_at) VALUES('old', '1', 'Old', 'old.md', "
      "'x', 5)";
  if (sqlite()) {
    store_->Close();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File("sub/dir/t.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
    store_ = std::move(Open(url_).value());
  } else {
    PGconn* c = PQconnectdb(url_.c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    PGresult* r = PQexec(c, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
  }
  auto all = store_->AllFormVersions();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NE(all[0].published_at, 0);
}

// fieldwork (issue 22): a version published at its opening time is stored with that time and can
// be moved or cancelled until it is live; then it is live for good. Every change to the forms, made
// through another connection (another node, `mcsurvey publish`), moves FormsVersion.
TEST_P(StorageConformance, PublicationCanBeScheduledUntilLive) {
  ASSERT_TRUE(store_->AddFormVersion(FormRecord{"f", "1", "T", "f.md", "b1", 10, 0}).ok());
  auto other = Open(url_);  // a second node on the same database
  ASSERT_TRUE(other.ok()) << other.error().message;
  std::string v0 = store_->FormsVersion();
  ASSERT_TRUE((*other)->SetPublicationTime("f", "1", /*at=*/5000, /*now=*/1000).ok());  // scheduled
  std::string v1 = store_->FormsVersion();
  EXPECT_NE(v1, v0);
  EXPECT_EQ(store_->AllFormVersions()[0].published_at, 5000);
  ASSERT_TRUE(store_->SetPublicationTime("f", "1", 6000, 2000).ok());  // the opening time moved
  EXPECT_EQ(store_->AllFormVersions()[0].published_at, 6000);
  ASSERT_TRUE(store_->SetPublicationTime("f", "1", 0, 2000).ok());  // cancelled: a draft again
  EXPECT_EQ(store_->AllFormVersions()[0].published_at, 0);
  // A scheduled version is not a draft: it is not deleted.
  ASSERT_TRUE(store_->SetPublicationTime("f", "1", 6000, 2000).ok());
  EXPECT_EQ(store_->DeleteDraftVersion("f", "1").error().code, ErrorCode::kConflict);
  // Once its time has come it is live: no moving it back.
  EXPECT_EQ(store_->SetPublicationTime("f", "1", 9000, 6000).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->SetPublicationTime("f", "1", 0, 7000).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->SetPublicationTime("f", "9", 0, 7000).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->AllFormVersions()[0].published_at, 6000);
  // Adding and deleting versions move it too; reading does not.
  std::string v2 = store_->FormsVersion();
  EXPECT_EQ(store_->FormsVersion(), v2);
  ASSERT_TRUE((*other)->AddFormVersion(FormRecord{"f", "2", "T", "f.md", "b2", 20, 0}).ok());
  std::string v3 = store_->FormsVersion();
  EXPECT_NE(v3, v2);
  ASSERT_TRUE((*other)->DeleteDraftVersion("f", "2").ok());
  EXPECT_NE(store_->FormsVersion(), v3);
  (*other)->Close();
}

// fieldwork (issue 22): archiving is part of the form's window; it survives a window change that
// carries it, and a copy of the study.
TEST_P(StorageConformance, ArchivedFormsKeepTheirMark) {
  ASSERT_TRUE(store_->PutWindow(FormWindow{"f", 5, 500, false, "over", /*archived_at=*/777}).ok());
  auto w = store_->GetWindow("f");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->archived_at, 777);
  EXPECT_EQ(w->closed_message, "over");
  w->paused = true;
  ASSERT_TRUE(store_->PutWindow(*w).ok());
  EXPECT_EQ(store_->GetWindow("f")->archived_at, 777);
  w->archived_at = 0;
  ASSERT_TRUE(store_->PutWindow(*w).ok());
  EXPECT_EQ(store_->GetWindow("f")->archived_at, 0);
  EXPECT_TRUE(store_->GetWindow("f")->paused);
}

TEST_P(StorageConformance, ResponsesPartialThenComplete) {
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

TEST_P(StorageConformance, DuplicateIdIsAConflictAndDoesNotHurtItsBatch) {
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete)).ok());
  Status st = store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->CountResponses("f").complete, 1);
}

TEST_P(StorageConformance, ConcurrentWritersShareCommits) {
  constexpr int kThreads = 16, kEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!store_
                 ->InsertResponse(
                     MakeResponse("T" + std::to_string(t) + "-" + std::to_string(i), ResponseStatus::kComplete))
                 .ok()) {
          failures++;
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(store_->CountResponses("f").complete, kThreads * kEach);
  auto* sq = dynamic_cast<sqlite::SqliteStorage*>(store_.get());
  if (!sq) return;  // PostgreSQL groups commits of concurrent sessions itself
  // Group commit: fewer commits than writes when writers overlap.
  auto stats = sq->stats();
  EXPECT_LT(stats.commits, stats.writes);
}

TEST_P(StorageConformance, StreamsInSubmissionOrderWithFilters) {
  auto a = MakeResponse("A", ResponseStatus::kComplete);
  a.submitted_at = 3000;
  auto b = MakeResponse("B", ResponseStatus::kComplete);
  b.submitted_at = 2000;
  b.form_version = "2";
  auto c = MakeResponse("C");
  for (auto* r : {&a, &b, &c}) ASSERT_TRUE(store_->InsertResponse(*r).ok());
  std::vector<std::string> ids;
  ASSERT_TRUE(store_
                  ->ForEachResponse("f", {true, ""},
                                    [&](const ResponseRecord& r) {
                                      ids.push_back(r.id);
                                      return true;
                                    })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"B", "A"}));
  ids.clear();
  ASSERT_TRUE(store_
                  ->ForEachResponse("f", {false, ""},
                                    [&](const ResponseRecord& r) {
                                      ids.push_back(r.id);
                                      return true;
                                    })
                  .ok());
  EXPECT_EQ(ids.size(), 3u);
  ids.clear();
  ASSERT_TRUE(store_
                  ->ForEachResponse("f", {true, "2"},
                                    [&](const ResponseRecord& r) {
                                      ids.push_back(r.id);
                                      return true;
                                    })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"B"}));
}

TEST_P(StorageConformance, SurvivesReopen) {
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete)).ok());
  ASSERT_TRUE(store_->PutSetting("k", "v").ok());
  store_->Close();
  store_.reset();
  auto s = Open(url_);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Migrate().ok());
  EXPECT_TRUE((*s)->FindResponse("A"));
  EXPECT_EQ((*s)->GetSetting("k").value_or(""), "v");
}

TEST_P(StorageConformance, UsersAndTokens) {
  ASSERT_TRUE(store_->AddUser({"ann", "analyst", "h", 1}).ok());
  EXPECT_EQ(store_->AddUser({"ann", "analyst", "h", 1}).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store_->AddApiToken("th", "ann", "laptop", 2).ok());
  auto u = store_->FindApiTokenUser("th");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->role, "analyst");
  EXPECT_FALSE(store_->FindApiTokenUser("other"));
}

// Issue 21 item 5: each failure is counted, and its wait set from the new count, by one statement, so
// failures at once from many threads (or nodes) all count and none writes a wait from a stale count.
TEST_P(StorageConformance, SignInFailuresCountAtomically) {
  ASSERT_TRUE(store_->AddUser({"eve", "viewer", "h", 1}).ok());
  EXPECT_EQ(*store_->CountSignInFailure("nobody", 1000), 0);
  for (int i = 1; i <= 4; ++i) EXPECT_EQ(*store_->CountSignInFailure("eve", 1000), i);
  EXPECT_EQ(store_->GetUser("eve")->locked_until, 0);
  EXPECT_EQ(*store_->CountSignInFailure("eve", 1000), 5);
  EXPECT_EQ(store_->GetUser("eve")->locked_until, 1000 + 15000);
  EXPECT_EQ(*store_->CountSignInFailure("eve", 2000), 6);
  EXPECT_EQ(store_->GetUser("eve")->locked_until, 2000 + 30000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->CountSignInFailure("eve", 3000).ok());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store_->GetUser("eve")->failed_logins, 46);
  EXPECT_EQ(store_->GetUser("eve")->locked_until, 3000 + storage::kSignInMaxDelayMs);
  EXPECT_EQ(storage::SignInDelayMs(46), storage::kSignInMaxDelayMs);
  ASSERT_TRUE(store_->RecordSignIn("eve", false, 0).ok());
  EXPECT_EQ(store_->GetUser("eve")->failed_logins, 0);
  EXPECT_EQ(store_->GetUser("eve")->locked_until, 0);
}

TEST_P(StorageConformance, UserAdministrationAndLockout) {
  ASSERT_TRUE(store_->AddUser({"bob", "viewer", "h1", 1}).ok());
  ASSERT_TRUE(store_->AddUser({"ann", "owner", "h0", 1}).ok());
  auto users = store_->ListUsers();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name, "ann");
  ASSERT_TRUE(store_->UpdateUser({"bob", "analyst", "h2", 0}).ok());
  EXPECT_EQ(store_->GetUser("bob")->role, "analyst");
  EXPECT_EQ(store_->GetUser("bob")->password_hash, "h2");
  EXPECT_EQ(store_->UpdateUser({"nobody", "analyst", "h", 0}).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->RecordSignIn("bob", true, 0).ok());
  ASSERT_TRUE(store_->RecordSignIn("bob", true, 5000).ok());
  EXPECT_EQ(store_->GetUser("bob")->failed_logins, 2);
  EXPECT_EQ(store_->GetUser("bob")->locked_until, 5000);
  ASSERT_TRUE(store_->RecordSignIn("bob", false, 0).ok());
  EXPECT_EQ(store_->GetUser("bob")->failed_logins, 0);
  EXPECT_EQ(store_->GetUser("bob")->locked_until, 0);
  // Deleting a user takes their sessions and tokens with them.
  ASSERT_TRUE(store_->CreateSession({"s1", "bob", "csrf", 10, 10, 100}).ok());
  ASSERT_TRUE(store_->AddApiToken("tb", "bob", "", 10).ok());
  ASSERT_TRUE(store_->DeleteUser("bob").ok());
  EXPECT_FALSE(store_->GetUser("bob"));
  EXPECT_FALSE(store_->FindSession("s1", 11));
  EXPECT_FALSE(store_->FindApiTokenUser("tb"));
  EXPECT_EQ(store_->DeleteUser("bob").error().code, ErrorCode::kNotFound);
}

TEST_P(StorageConformance, SessionsExpireAndSignOutEverywhere) {
  ASSERT_TRUE(store_->AddUser({"ann", "owner", "h", 1}).ok());
  ASSERT_TRUE(store_->CreateSession({"s1", "ann", "c1", 10, 10, 100}).ok());
  ASSERT_TRUE(store_->CreateSession({"s2", "ann", "c2", 20, 20, 200}).ok());
  auto s = store_->FindSession("s1", 50);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user, "ann");
  EXPECT_EQ(s->csrf, "c1");
  EXPECT_FALSE(store_->FindSession("s1", 100));  // expired
  ASSERT_TRUE(store_->TouchSession("s1", 90, 300).ok());
  EXPECT_TRUE(store_->FindSession("s1", 150));
  ASSERT_TRUE(store_->DeleteSession("s1").ok());
  EXPECT_FALSE(store_->FindSession("s1", 150));
  ASSERT_TRUE(store_->CreateSession({"s3", "ann", "c3", 30, 30, 300}).ok());
  ASSERT_TRUE(store_->DeleteUserSessions("ann").ok());
  EXPECT_FALSE(store_->FindSession("s2", 50));
  EXPECT_FALSE(store_->FindSession("s3", 50));
  // A session for an unknown user is refused by the schema.
  EXPECT_FALSE(store_->CreateSession({"s4", "ghost", "c", 1, 1, 100}).ok());
}

TEST_P(StorageConformance, ApiTokensListAndRevoke) {
  ASSERT_TRUE(store_->AddUser({"ann", "analyst", "h", 1}).ok());
  ASSERT_TRUE(store_->AddApiToken("t1", "ann", "laptop", 10).ok());
  ASSERT_TRUE(store_->AddApiToken("t2", "ann", "server", 20).ok());
  auto tokens = store_->ListApiTokens();
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].token_hash, "t2");  // newest first
  EXPECT_EQ(tokens[1].label, "laptop");
  EXPECT_EQ(tokens[1].revoked_at, 0);
  ASSERT_TRUE(store_->RevokeApiToken("t1", 30).ok());
  EXPECT_FALSE(store_->FindApiTokenUser("t1"));
  EXPECT_TRUE(store_->FindApiTokenUser("t2"));
  EXPECT_EQ(store_->ListApiTokens()[1].revoked_at, 30);
  ASSERT_TRUE(store_->RevokeApiToken("t1", 40).ok());  // revoking twice keeps the first time
  EXPECT_EQ(store_->ListApiTokens()[1].revoked_at, 30);
  EXPECT_EQ(store_->RevokeApiToken("zz", 40).error().code, ErrorCode::kNotFound);
}

TEST_P(StorageConformance, AuditLogPagesNewestFirst) {
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(store_->AppendAudit({0, i * 10, "ann", "export", "f", "csv " + std::to_string(i)}).ok());
  }
  auto page = store_->ListAudit(2, 0);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].detail, "csv 5");
  EXPECT_EQ(page[1].detail, "csv 4");
  EXPECT_GT(page[0].seq, page[1].seq);
  auto next = store_->ListAudit(10, page[1].seq);
  ASSERT_EQ(next.size(), 3u);
  EXPECT_EQ(next[0].detail, "csv 3");
  EXPECT_EQ(next[2].at, 10);
}

TEST_P(StorageConformance, InvitationsGiveOneResponseEach) {
  std::vector<Invitation> inv{{"i1", "f", "Ann", "ann@example.org", "vet", "BE", 10, "", ""},
                              {"i2", "f", "Bob", "bob@example.org", "vet", "FR", 11, "", ""}};
  ASSERT_TRUE(store_->AddInvitations(inv).ok());
  // All or none: a batch with one existing id adds nothing.
  std::vector<Invitation> dup{{"i3", "f", "Cy", "", "", "", 12, "", ""}, {"i1", "f", "X", "", "", "", 12, "", ""}};
  EXPECT_EQ(store_->AddInvitations(dup).error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->FindInvitation("i3"));
  auto r = MakeResponse("R1");
  r.invitation_id = "i1";
  ASSERT_TRUE(store_->InsertResponse(r).ok());
  auto again = MakeResponse("R2");
  again.invitation_id = "i1";
  EXPECT_EQ(store_->InsertResponse(again).error().code, ErrorCode::kConflict);
  auto list = store_->ListInvitations("f");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].response_id, "R1");
  EXPECT_EQ(list[0].response_status, "partial");
  EXPECT_EQ(list[1].response_id, "");
  EXPECT_EQ(list[1].country, "FR");
  r.status = ResponseStatus::kComplete;
  r.submitted_at = 3000;
  ASSERT_TRUE(store_->UpdateResponse(r).ok());
  EXPECT_EQ(store_->FindInvitation("i1")->response_status, "complete");
  EXPECT_EQ(store_->FindResponse("R1")->invitation_id, "i1");
  EXPECT_TRUE(store_->ListInvitations("other").empty());
}

TEST_P(StorageConformance, ContactsAreUpsertedByAddressAllOrNone) {
  ContactRecord ana{"ana@example.org", "Ana", "Ministry", "authorities", "GR", "el", 10, 10};
  ContactRecord bo{"Bo@example.org", "Bo", "", "employers", "DE", "", 10, 10};
  ASSERT_TRUE(store_->UpsertContacts({ana, bo}).ok());
  // Again: non-empty fields replace, empty ones keep what is stored, created_at stays.
  ContactRecord ana2{"ana@example.org", "", "Ministry of Education", "", "CY", "en", 20, 20};
  ASSERT_TRUE(store_->UpsertContacts({ana2}).ok());
  auto list = store_->ListContacts();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].email, "Bo@example.org");  // byte order, the same on both backends
  EXPECT_EQ(list[1].name, "Ana");
  EXPECT_EQ(list[1].organisation, "Ministry of Education");
  EXPECT_EQ(list[1].group, "authorities");
  EXPECT_EQ(list[1].country, "CY");
  EXPECT_EQ(list[1].lang, "en");
  EXPECT_EQ(list[1].created_at, 10);
  EXPECT_EQ(list[1].updated_at, 20);
  // The whole batch or nothing: a refused row (an empty address) after a good one leaves both out.
  ContactRecord cy{"cy@example.org", "Cy", "", "employers", "FR", "fr", 30, 30};
  ContactRecord broken = cy;
  broken.email = "";
  EXPECT_FALSE(store_->UpsertContacts({cy, broken}).ok());
  EXPECT_EQ(store_->ListContacts().size(), 2u);
  ASSERT_TRUE(store_->UpsertContacts({cy}).ok());
  EXPECT_EQ(store_->ListContacts().size(), 3u);
}

TEST_P(StorageConformance, MailQueueClaimsEachMessageOnce) {
  CampaignRecord camp{"c1", "f", "invitation", "group g", "ann", 100};
  std::vector<Invitation> inv;
  std::vector<QueuedMail> mail;
  for (int i = 0; i < 40; ++i) {
    std::string n = std::to_string(i);
    inv.push_back({"inv" + n, "f", "P" + n, "p" + n + "@example.org", "g", "BE", 100, "", ""});
    QueuedMail m;
    m.id = "m" + n;
    m.email = "p" + n + "@example.org";
    m.invitation_id = "inv" + n;
    m.lang = "fr";
    m.not_before = i < 30 ? 100 : 5000;  // ten are scheduled later
    mail.push_back(m);
  }
  ASSERT_TRUE(store_->CreateCampaign(camp, inv, mail).ok());
  EXPECT_EQ(store_->ListInvitations("f").size(), 40u);
  // All or none: the same campaign again is a conflict and adds nothing.
  EXPECT_EQ(store_->CreateCampaign(camp, {}, {}).error().code, ErrorCode::kConflict);
  CampaignRecord other{"c2", "f", "invitation", "", "ann", 101};
  QueuedMail dup = mail[0];
  dup.id = "x";
  EXPECT_FALSE(store_->CreateCampaign(other, {{"new-inv", "f", "", "n@example.org", "", "", 1, "", ""}, inv[0]}, {dup}).ok());
  EXPECT_FALSE(store_->FindInvitation("new-inv"));
  EXPECT_EQ(store_->ListCampaigns().size(), 1u);
  // Four threads claim at once: every due message is claimed exactly once.
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      while (auto m = store_->ClaimMail("node" + std::to_string(t), 1000)) got[static_cast<std::size_t>(t)].push_back(m->id);
    });
  }
  for (auto& th : threads) th.join();
  std::vector<std::string> all;
  for (const auto& g : got) all.insert(all.end(), g.begin(), g.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all.size(), 30u);
  EXPECT_EQ(std::unique(all.begin(), all.end()), all.end());
  EXPECT_FALSE(store_->ClaimMail("node0", 1000));  // the later ten are not due yet
  // Outcomes: sent; queued again with a back-off; failed. Only the claiming node may finish it.
  auto list = store_->ListMail("c1");
  ASSERT_EQ(list.size(), 40u);
  QueuedMail m0 = list[0];
  EXPECT_EQ(m0.state, "sending");
  EXPECT_EQ(m0.attempts, 1);
  EXPECT_EQ(m0.lang, "fr");
  m0.state = "sent";
  m0.sent_at = 1001;
  m0.smtp_code = 250;
  EXPECT_EQ(store_->FinishMail(m0, "another-node").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->FinishMail(m0, m0.node).ok());
  EXPECT_EQ(store_->FinishMail(m0, m0.node).error().code, ErrorCode::kNotFound);  // not sending any more
  QueuedMail m1 = list[1];
  m1.state = "queued";
  m1.not_before = 2000;
  m1.smtp_code = 451;
  m1.error = "try later";
  ASSERT_TRUE(store_->FinishMail(m1, m1.node).ok());
  EXPECT_FALSE(store_->ClaimMail("n", 1999));
  auto again = store_->ClaimMail("n", 2000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, m1.id);
  EXPECT_EQ(again->attempts, 2);
  // The rest stay "sending" (their node stopped): they become uncertain, never queued by themselves.
  auto expired = store_->ExpireClaims(1500);
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(*expired, 28);  // m1 was claimed again at 2000
  EXPECT_EQ(store_->ListMail("c1")[5].state, "uncertain");
  auto requeued = store_->RequeueUncertain("c1", 3000);
  ASSERT_TRUE(requeued.ok());
  EXPECT_EQ(*requeued, 28);
  EXPECT_EQ(store_->ListMail("c1")[5].state, "queued");
  // The blocklist keeps the first reason.
  ASSERT_TRUE(store_->BlockAddress("p3@example.org", "opted-out", 10).ok());
  ASSERT_TRUE(store_->BlockAddress("p3@example.org", "bounced", 11).ok());
  auto blocked = store_->ListBlocked();
  ASSERT_EQ(blocked.size(), 1u);
  EXPECT_EQ(blocked[0].second, "opted-out");
}

// Bounces (issue 22): several nodes reading one bounce mailbox fetch the same delivery report; the
// one whose RecordBounce stores it acts on it, the others see it recorded.
TEST_P(StorageConformance, BouncesAreRecordedOnceAndFoundByAddress) {
  CampaignRecord camp{"cb", "f", "invitation", "", "ann", 100};
  QueuedMail m;
  m.id = "mb1";
  m.email = "ann@example.org";
  m.invitation_id = "invb1";
  m.lang = "en";
  m.not_before = 100;
  ASSERT_TRUE(store_->CreateCampaign(camp, {{"invb1", "f", "Ann", "ann@example.org", "g", "BE", 100, "", ""}}, {m}).ok());
  auto found = store_->FindMail("mb1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->email, "ann@example.org");
  EXPECT_EQ(found->campaign_id, "cb");
  EXPECT_EQ(found->state, "queued");
  EXPECT_FALSE(store_->FindMail("nope"));

  BounceRecord b{"hash1:0", 500, "ann@example.org", "mb1", "hard", "5.1.1", "smtp; 550 <b>unknown</b>"};
  std::atomic<int> stored{0}, seen{0};
  std::vector<std::thread> nodes;
  for (int t = 0; t < 4; ++t) {
    nodes.emplace_back([&] {
      auto r = store_->RecordBounce(b);
      ASSERT_TRUE(r.ok());
      (*r ? stored : seen)++;
    });
  }
  for (auto& th : nodes) th.join();
  EXPECT_EQ(stored.load(), 1);
  EXPECT_EQ(seen.load(), 3);
  ASSERT_TRUE(store_->RecordBounce({"hash2:0", 700, "ann@example.org", "", "soft", "4.2.2", "full"}).ok());
  ASSERT_TRUE(store_->RecordBounce({"hash3:0", 600, "bob@example.org", "", "soft", "4.4.1", ""}).ok());
  auto all = store_->ListBounces("");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].key, "hash2:0");  // newest first
  EXPECT_EQ(all[2].key, "hash1:0");
  auto ann = store_->ListBounces("ann@example.org");
  ASSERT_EQ(ann.size(), 2u);
  EXPECT_EQ(ann[1].diagnostic, "smtp; 550 <b>unknown</b>");
  EXPECT_EQ(ann[1].mail_id, "mb1");
  EXPECT_EQ(ann[1].status, "5.1.1");

  EXPECT_FALSE(store_->BlockedReason("ann@example.org"));
  ASSERT_TRUE(store_->BlockAddress("ann@example.org", "bounced", 500).ok());
  ASSERT_TRUE(store_->BlockAddress("ann@example.org", "opted-out", 600).ok());  // the first reason stays
  EXPECT_EQ(store_->BlockedReason("ann@example.org").value_or(""), "bounced");

  auto gone = store_->DeleteBounces("ann@example.org");
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 2);
  EXPECT_EQ(store_->ListBounces("").size(), 1u);
  EXPECT_EQ(*store_->DeleteBounces("ann@example.org"), 0);
}

// A campaign of `n` messages due at 100 (mailfast's tests).
void QueueCampaign(Storage& store, const std::string& id, int n) {
  CampaignRecord camp{id, "f", "invitation", "", "ann", 100};
  std::vector<Invitation> inv;
  std::vector<QueuedMail> mail;
  for (int i = 0; i < n; ++i) {
    std::string k = id + "-" + std::to_string(i);
    inv.push_back({"inv-" + k, "f", "P" + k, k + "@example.org", "g", "BE", 100, "", ""});
    QueuedMail m;
    m.id = "m-" + k;
    m.email = k + "@example.org";
    m.invitation_id = "inv-" + k;
    m.lang = "en";
    m.not_before = 100;
    mail.push_back(m);
  }
  ASSERT_TRUE(store.CreateCampaign(camp, inv, mail).ok());
}

TEST_P(StorageConformance, MailQueueClaimsInBatchesAndRecordsThemWithTheirAuditLinesInOneCommit) {
  QueueCampaign(*store_, "c1", 50);
  // Two nodes (two stores on the one database), two threads each, claiming four at a time: every
  // due message is claimed exactly once, no claim holds more than four.
  auto other = Open(url_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  std::vector<Storage*> nodes = {store_.get(), other->get(), store_.get(), other->get()};
  std::vector<std::vector<QueuedMail>> got(4);
  // node0's first thread claims once before the others start, so the checks below always have a batch
  // of its own to record (the threads' shares of the rest depend on the scheduler).
  got[0] = nodes[0]->ClaimMails("node0", 1000, 4, 0);
  ASSERT_EQ(got[0].size(), 4u);
  std::atomic<std::size_t> biggest{got[0].size()};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto batch = nodes[t]->ClaimMails("node" + std::to_string(t % 2), 1000, 4, 0);
        if (batch.empty()) break;
        if (batch.size() > biggest) biggest = batch.size();
        got[t].insert(got[t].end(), batch.begin(), batch.end());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<std::string> ids;
  for (const auto& g : got)
    for (const auto& m : g) ids.push_back(m.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids.size(), 50u);
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());
  EXPECT_LE(biggest.load(), 4u);
  EXPECT_TRUE(store_->ClaimMails("node0", 1000, 4, 0).empty());
  for (const auto& m : got[0]) {
    EXPECT_EQ(m.state, "sending");
    EXPECT_EQ(m.node, "node0");
    EXPECT_EQ(m.claimed_at, 1000);
    EXPECT_EQ(m.attempts, 1);
  }
  // node0's messages: sent, queued again, failed, and one given as node1's, which does not change;
  // the audit lines go in with them (one per message; "" for the retry).
  ASSERT_GE(got[0].size(), 4u);
  std::vector<QueuedMail> done(got[0].begin(), got[0].begin() + 4);
  done[0].state = "sent";
  done[0].sent_at = 1001;
  done[0].smtp_code = 250;
  done[1].state = "queued";
  done[1].not_before = 61000;
  done[1].smtp_code = 451;
  done[2].state = "failed";
  done[2].smtp_code = 550;
  done[3].state = "sent";
  std::vector<AuditEvent> audit(4);
  audit[0] = AuditEvent{0, 1001, "", "mail-sent", done[0].email, "invitation of campaign c1"};
  audit[2] = AuditEvent{0, 1001, "", "mail-failed", done[2].email, "550"};
  audit[3] = AuditEvent{0, 1001, "", "mail-sent", done[3].email, "invitation of campaign c1"};
  std::vector<QueuedMail> wrong_node(done.begin() + 3, done.end());
  auto none = store_->FinishMails(wrong_node, "node1", {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  std::size_t audit_before = store_->ListAudit(1000, 0).size();
  auto changed = store_->FinishMails(done, "node0", audit);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(*changed, 4);
  auto again = store_->FinishMails(done, "node0", {});  // not sending any more
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto log = store_->ListAudit(1000, 0);
  ASSERT_EQ(log.size(), audit_before + 3);
  EXPECT_EQ(log[0].action, "mail-sent");
  EXPECT_EQ(log[0].target, done[3].email);
  EXPECT_EQ(log[1].action, "mail-failed");
  std::map<std::string, QueuedMail> by_id;
  for (const auto& m : store_->ListMail("c1")) by_id[m.id] = m;
  EXPECT_EQ(by_id[done[0].id].state, "sent");
  EXPECT_EQ(by_id[done[0].id].sent_at, 1001);
  EXPECT_EQ(by_id[done[1].id].state, "queued");
  EXPECT_EQ(by_id[done[1].id].not_before, 61000);
  EXPECT_EQ(by_id[done[2].id].state, "failed");
  EXPECT_EQ(by_id[done[2].id].smtp_code, 550);
  // The retry is due again after its back-off, claimed as a second attempt.
  EXPECT_TRUE(store_->ClaimMails("n", 60999, 4, 0).empty());
  auto retry = store_->ClaimMails("n", 61000, 4, 0);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].id, done[1].id);
  EXPECT_EQ(retry[0].attempts, 2);
  // A node that stopped after its claim: everything it held is uncertain after the lease, nothing is queued.
  auto expired = store_->ExpireClaims(2000);
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(*expired, 50 - 3 - 1);  // not the three finished nor the retry claimed at 61000
}

TEST_P(StorageConformance, AContactIsCorrectedWholeItsAddressIncludedAndDeleted) {
  ContactRecord a{"ann@example.org", "Ann", "Org A", "employers", "BE", "fr", 100, 100};
  ContactRecord b{"bob@example.org", "Bob", "Org B", "authorities", "FR", "", 100, 100};
  ASSERT_TRUE(store_->UpsertContacts({a, b}).ok());
  // Every field as given: the organisation cleared, the address corrected; created_at stays.
  ContactRecord fixed{"ann.smith@example.org", "Ann Smith", "", "vet_providers", "LU", "de", 0, 500};
  ASSERT_TRUE(store_->UpdateContact("ann@example.org", fixed).ok());
  auto list = store_->ListContacts();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].email, "ann.smith@example.org");
  EXPECT_EQ(list[0].name, "Ann Smith");
  EXPECT_EQ(list[0].organisation, "");
  EXPECT_EQ(list[0].group, "vet_providers");
  EXPECT_EQ(list[0].country, "LU");
  EXPECT_EQ(list[0].lang, "de");
  EXPECT_EQ(list[0].created_at, 100);
  EXPECT_EQ(list[0].updated_at, 500);
  // Onto another contact's address: refused, nothing changes; an address not in the book: NotFound.
  ContactRecord onto_bob = fixed;
  onto_bob.email = "bob@example.org";
  EXPECT_EQ(store_->UpdateContact("ann.smith@example.org", onto_bob).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->ListContacts()[0].email, "ann.smith@example.org");
  EXPECT_EQ(store_->UpdateContact("ann@example.org", fixed).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->DeleteContact("bob@example.org").ok());
  ASSERT_EQ(store_->ListContacts().size(), 1u);
  EXPECT_EQ(store_->DeleteContact("bob@example.org").error().code, ErrorCode::kNotFound);
}

TEST_P(StorageConformance, MailThrottleHoldsAcrossNodesPerMinuteAndPerSecond) {
  QueueCampaign(*store_, "c1", 200);
  auto other = Open(url_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  std::vector<Storage*> nodes = {store_.get(), other->get()};
  // Two nodes, two threads each, each asking for eight at a time every (simulated) second:
  // 120 a minute means at most two a second and 120 in any 60 s, whichever node claims.
  auto claim_second = [&](TimeMs now, int per_minute) {
    std::atomic<int> n{0};
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int tries = 0; tries < 3; ++tries)
          n += static_cast<int>(nodes[t % 2]->ClaimMails("node" + std::to_string(t % 2), now, 8, per_minute).size());
      });
    }
    for (auto& th : threads) th.join();
    return n.load();
  };
  int total = 0;
  for (int s = 0; s < 60; ++s) {
    int n = claim_second(100000 + s * 1000, 120);
    EXPECT_EQ(n, 2) << "second " << s;
    total += n;
  }
  EXPECT_EQ(total, 120);
  // The window slides: at 160 s the claims made at 100 s fall out of it.
  EXPECT_EQ(claim_second(160000, 120), 2);
  // A lower rate: 5 a minute are claimed in the minute's first five seconds, then none until it slides.
  int low = 0;
  for (int s = 0; s < 60; ++s) low += claim_second(300000 + s * 1000, 5);
  EXPECT_EQ(low, 5);
  EXPECT_EQ(claim_second(360000, 5), 1);
  // Throttle off: everything due, eight at a time.
  EXPECT_EQ(claim_second(400000, 0), 200 - 120 - 2 - 5 - 1);
}

TEST_P(StorageConformance, ReviewExcludeDeleteAndTestResponses) {
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete)).ok());
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("B", ResponseStatus::kComplete)).ok());
  auto t = MakeResponse("T", ResponseStatus::kComplete);
  t.channel = "test";
  ASSERT_TRUE(store_->InsertResponse(t).ok());
  EXPECT_EQ(store_->CountResponses("f").complete, 2);  // previews are not counted
  ASSERT_TRUE(store_->SetResponseReview("B", "speeder", true, "4 minutes").ok());
  auto b = store_->FindResponse("B");
  EXPECT_EQ(b->flags, "speeder");
  EXPECT_TRUE(b->excluded);
  EXPECT_EQ(b->review_note, "4 minutes");
  auto ids = [&](ResponseFilter f) {
    std::string out;
    EXPECT_TRUE(store_
                    ->ForEachResponse("f", f,
                                      [&](const ResponseRecord& r) {
                                        out += r.id;
                                        return true;
                                      })
                    .ok());
    return out;
  };
  EXPECT_EQ(ids({}), "A");
  ResponseFilter all;
  all.include_excluded = true;
  EXPECT_EQ(ids(all), "AB");
  all.include_test = true;
  EXPECT_EQ(ids(all), "ABT");
  ASSERT_TRUE(store_->DeleteResponse("A").ok());
  EXPECT_FALSE(store_->FindResponse("A"));
  EXPECT_EQ(store_->DeleteResponse("A").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->SetResponseReview("A", "", false, "").error().code, ErrorCode::kNotFound);
}

TEST_P(StorageConformance, ResponsesVersionMovesOnEveryChangeOfTheForm) {
  std::string v0 = store_->ResponsesVersion("f");
  EXPECT_EQ(store_->ResponsesVersion("f"), v0);  // reading changes nothing
  auto a = MakeResponse("A");
  ASSERT_TRUE(store_->InsertResponse(a).ok());
  std::string v1 = store_->ResponsesVersion("f");
  EXPECT_NE(v1, v0);
  a.answers_json = R"({"q":"changed"})";
  a.page = 2001;
  ASSERT_TRUE(store_->UpdateResponse(a).ok());
  std::string v2 = store_->ResponsesVersion("f");
  EXPECT_NE(v2, v1);
  ASSERT_TRUE(store_->SetResponseReview("A", "", true, "test").ok());
  std::string v3 = store_->ResponsesVersion("f");
  EXPECT_NE(v3, v2);
  // Another form's responses leave this one's version alone.
  auto other = MakeResponse("O");
  other.form_id = "g";
  other.resume_hash = "hash-other";
  ASSERT_TRUE(store_->InsertResponse(other).ok());
  EXPECT_EQ(store_->ResponsesVersion("f"), v3);
  EXPECT_NE(store_->ResponsesVersion("g"), store_->ResponsesVersion("nothing"));
  ASSERT_TRUE(store_->DeleteResponse("A").ok());
  EXPECT_NE(store_->ResponsesVersion("f"), v3);
}

TEST_P(StorageConformance, SetResponseFlagsInBulkKeepsTheReview) {
  std::vector<std::pair<std::string, std::string>> flags;
  // The rows are saved as respondents' pages save them (SaveResponseAsync: SQLite's writer commits
  // them in batches), every save's result checked; one InsertResponse and its fsync per row made
  // this test 16 s of waiting for the disk.
  std::vector<std::future<Status>> saved;
  for (int i = 0; i < 2500; ++i) {  // more than one chunk
    auto r = MakeResponse("R" + std::to_string(i), ResponseStatus::kComplete);
    flags.emplace_back(r.id, i % 2 ? "duplicate" : "");
    auto done = std::make_shared<std::promise<Status>>();
    saved.push_back(done->get_future());
    store_->SaveResponseAsync(std::move(r), true, [done](Status st) { done->set_value(std::move(st)); });
  }
  for (auto& s : saved) ASSERT_TRUE(s.get().ok());
  ASSERT_TRUE(store_->SetResponseReview("R1", "speeder", true, "kept note").ok());
  flags.emplace_back("gone", "speeder");  // deleted meanwhile: skipped
  ASSERT_TRUE(store_->SetResponseFlags(flags).ok());
  auto r1 = store_->FindResponse("R1");
  EXPECT_EQ(r1->flags, "duplicate");
  EXPECT_TRUE(r1->excluded);
  EXPECT_EQ(r1->review_note, "kept note");
  EXPECT_EQ(store_->FindResponse("R2498")->flags, "");
  EXPECT_EQ(store_->FindResponse("R2499")->flags, "duplicate");
  EXPECT_TRUE(store_->SetResponseFlags({}).ok());
}

TEST_P(StorageConformance, InitSettingKeepsTheFirstValue) {
  auto a = store_->InitSetting("secret", "first");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "first");
  auto b = store_->InitSetting("secret", "second");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "first");
  ASSERT_TRUE(store_->PutSetting("other", "x").ok());
  auto all = store_->AllSettings();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], (std::pair<std::string, std::string>{"other", "x"}));
  EXPECT_EQ(all[1].second, "first");
}

TEST_P(StorageConformance, NodesStartingTogetherMigrateOnceAndAgreeOnSecrets) {
  // Several stores on one database start at once, as several nodes would.
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<Storage>> nodes;
  for (int i = 0; i < kNodes; ++i) {
    auto s = Open(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    nodes.push_back(std::move(s).value());
  }
  std::vector<std::string> secrets(kNodes);
  std::atomic<int> failures{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < kNodes; ++i) {
    ts.emplace_back([&, i] {
      if (!nodes[i]->Migrate().ok()) failures++;
      auto s = nodes[i]->InitSetting("csrf", "secret-" + std::to_string(i));
      if (!s.ok()) {
        failures++;
        return;
      }
      secrets[i] = *s;
      FormRecord f{"f", "1", "T", "f.md", "same bytes", 1};
      if (!nodes[i]->AddFormVersion(f).ok()) failures++;
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures, 0);
  for (const auto& s : secrets) EXPECT_EQ(s, secrets[0]);
  EXPECT_EQ(store_->AllFormVersions().size(), 1u);
  for (auto& n : nodes) n->Close();
}

TEST_P(StorageConformance, FormSourcesKeepEveryByte) {
  // .xlsx forms are zip files: NUL bytes and invalid UTF-8 must come back unchanged.
  std::string bytes("PK\x03\x04\0\0\xff\xfe end", 12);
  ASSERT_TRUE(store_->AddFormVersion({"x", "1", "T", "x.xlsx", bytes, 1}).ok());
  auto all = store_->AllFormVersions();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].source, bytes);
  EXPECT_TRUE(store_->AddFormVersion({"x", "1", "T", "x.xlsx", bytes, 1}).ok());
}

TEST_P(StorageConformance, StreamingStopsWhenAsked) {
  for (int i = 0; i < 50; ++i) {
    auto r = MakeResponse("R" + std::to_string(100 + i), ResponseStatus::kComplete);
    r.submitted_at = 1000 + i;
    ASSERT_TRUE(store_->InsertResponse(r).ok());
  }
  int seen = 0;
  ASSERT_TRUE(store_->ForEachResponse("f", {}, [&](const ResponseRecord&) { return ++seen < 3; }).ok());
  EXPECT_EQ(seen, 3);
  // The connection is usable afterwards.
  EXPECT_EQ(store_->CountResponses("f").complete, 50);
  EXPECT_TRUE(store_->FindResponse("R149"));
}

TEST_P(StorageConformance, BackupWhileWriting) {
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("A", ResponseStatus::kComplete)).ok());
  std::string out = dir_.File("backup/copy.db");
  if (!sqlite()) {
    EXPECT_EQ(store_->BackupDatabase(out).error().code, ErrorCode::kInvalid);  // pg_dump's job
    return;
  }
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) (void)store_->InsertResponse(MakeResponse("W" + std::to_string(i)));
  });
  Status st = store_->BackupDatabase(out);
  stop = true;
  writer.join();
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto copy = Open("sqlite:" + out);
  ASSERT_TRUE(copy.ok());
  ASSERT_TRUE((*copy)->Migrate().ok());
  EXPECT_TRUE((*copy)->FindResponse("A"));
  EXPECT_EQ((*copy)->CountResponses("f").complete, 1);
}

TEST_P(StorageConformance, CopyStudyKeepsEverythingAndTheDigestsAgree) {
  ASSERT_TRUE(store_->PutSetting("csrf_secret", "s3cret").ok());
  ASSERT_TRUE(store_->AddFormVersion({"f", "1", "T", "f.md", "v1", 10}).ok());
  ASSERT_TRUE(store_->AddFormVersion({"f", "2", "T", "f.md", "v2", 20}).ok());
  ASSERT_TRUE(store_->PutWindow({"f", 5, 500, true, "closed", /*archived_at=*/42}).ok());
  ASSERT_TRUE(store_->AddUser({"ann", "analyst", "h", 1}).ok());
  ASSERT_TRUE(store_->RecordSignIn("ann", true, 9000).ok());
  ASSERT_TRUE(store_->AddApiToken("t1", "ann", "laptop", 10).ok());
  ASSERT_TRUE(store_->AddApiToken("t2", "ann", "old", 11).ok());
  ASSERT_TRUE(store_->RevokeApiToken("t2", 12).ok());
  ASSERT_TRUE(store_->AddInvitations({{"i1", "f", "Ann", "a@example.org", "g", "BE", 10, "", ""}}).ok());
  ASSERT_TRUE(store_->UpsertContacts({{"a@example.org", "Ann", "Org", "g", "BE", "fr", 10, 11}}).ok());
  auto a = MakeResponse("A", ResponseStatus::kComplete);
  a.invitation_id = "i1";
  a.personal_json = "{\"email\":\"a@example.org\"}";
  ASSERT_TRUE(store_->InsertResponse(a).ok());
  ASSERT_TRUE(store_->InsertResponse(MakeResponse("B")).ok());
  auto t = MakeResponse("T", ResponseStatus::kComplete);
  t.channel = "test";
  ASSERT_TRUE(store_->InsertResponse(t).ok());
  ASSERT_TRUE(store_->SetResponseReview("A", "speeder", true, "fast").ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->AppendAudit({0, i, "ann", "export", "f", std::to_string(i)}).ok());

  auto to = std::move(Open("sqlite:" + dir_.File("copy.db")).value());
  ASSERT_TRUE(to->Migrate().ok());
  auto n = CopyStudy(*store_, *to);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->responses, 3);
  EXPECT_EQ(n->forms, 2);
  auto da = DigestResponses(*store_), db = DigestResponses(*to);
  EXPECT_EQ(da.count, 3);
  EXPECT_EQ(da.checksum, db.checksum);
  EXPECT_EQ(db.count, 3);
  EXPECT_EQ(to->GetSetting("csrf_secret").value_or(""), "s3cret");
  EXPECT_TRUE(to->GetWindow("f")->paused);
  EXPECT_EQ(to->GetWindow("f")->archived_at, 42);  // fieldwork: archived stays archived
  EXPECT_EQ(to->GetUser("ann")->failed_logins, 1);
  EXPECT_EQ(to->GetUser("ann")->locked_until, 9000);
  EXPECT_TRUE(to->FindApiTokenUser("t1"));
  EXPECT_FALSE(to->FindApiTokenUser("t2"));
  EXPECT_EQ(to->FindInvitation("i1")->response_id, "A");
  EXPECT_EQ(to->FindResponse("A")->review_note, "fast");
  ASSERT_EQ(to->ListContacts().size(), 1u);
  EXPECT_EQ(to->ListContacts()[0].lang, "fr");
  auto audit = to->ListAudit(10, 0);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].detail, "2");
  // Every kind of record has the source's count and checksum (mcsurvey migrate prints and compares them).
  auto ka = DigestStudy(*store_), kb = DigestStudy(*to);
  ASSERT_EQ(ka.size(), 13u);
  for (std::size_t i = 0; i < ka.size(); ++i) {
    EXPECT_EQ(ka[i].kind, kb[i].kind);
    EXPECT_EQ(ka[i].count, kb[i].count) << ka[i].kind;
    EXPECT_EQ(ka[i].checksum, kb[i].checksum) << ka[i].kind;
  }
  EXPECT_EQ(ka[4].kind, "api_tokens");
  EXPECT_EQ(ka[4].count, 2);
  EXPECT_EQ(StudyDataIn(kb).value_or(""), "invitations");  // a second copy into it is refused
  // One changed byte anywhere changes the checksum.
  ASSERT_TRUE(to->SetResponseReview("A", "speeder", true, "fast!").ok());
  EXPECT_NE(DigestResponses(*to).checksum, da.checksum);
}

TEST(StorageOpen, RejectsUnknownUrls) {
  EXPECT_FALSE(Open("mysql://x").ok());
  EXPECT_FALSE(Open("sqlite:").ok());
}

TEST(StorageOpen, UnreachablePostgresIsUnavailable) {
  auto s = Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
}

TEST(StorageOpen, ReadOnlyLocationIsUnavailable) {
  auto s = Open("sqlite:/proc/no-such-dir/x.db");
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace mcs::storage

// The study's own texts (issue 24, web/study_texts.h) are one setting: seeded once from the study's
// file whoever starts first, then an owner's edit (every script, 24 languages, ~50 KB) read back whole.
namespace mcs::storage {
namespace {
TEST_P(StorageConformance, StudyTextsAreSeededOnceAndStoredWhole) {
  ASSERT_TRUE(web::SeedStudyTexts(*store_).ok());
  EXPECT_EQ(web::LoadStudyTexts(*store_).Text("el", "study_title"), web::BuiltInStudyTexts().Text("el", "study_title"));
  web::StudyTexts s = web::LoadStudyTexts(*store_);
  ASSERT_TRUE(web::SetStudyTexts(s, "ar", {{"study_title", "دراسة \u201cquoted\u201d 'x' \\ \U0001F600"}}).ok());
  ASSERT_TRUE(web::SaveStudyTexts(*store_, s).ok());
  ASSERT_TRUE(web::SeedStudyTexts(*store_).ok());  // another node starting: the edit stays
  web::StudyTexts back = web::LoadStudyTexts(*store_);
  EXPECT_EQ(back.Text("ar", "study_title"), "دراسة \u201cquoted\u201d 'x' \\ \U0001F600");
  EXPECT_EQ(web::SerializeStudyTexts(back), web::SerializeStudyTexts(s));
  EXPECT_GT(store_->GetSetting(web::kStudyTextsSetting)->size(), 40000u);
}
}  // namespace
}  // namespace mcs::storage

// The study's time zone (issue 24, item 5) is one setting: absent means Europe/Brussels; an owner's
// zone is stored, read back by another node, and a name ICU does not know is refused with nothing
// stored; the change is audited with the old and the new zone.
namespace mcs::storage {
namespace {
TEST_P(StorageConformance, TheStudysTimeZoneIsASetting) {
  ManualClock clock(ParseTimeUtc("2027-05-03T10:00:00Z"));
  SeededRandom random(1);
  web::App node1(*store_, clock, random);
  EXPECT_EQ(node1.TimeZone(), "Europe/Brussels");
  ASSERT_TRUE(node1.SetTimeZone("Asia/Tokyo", "alice").ok());
  EXPECT_EQ(store_->GetSetting(kTimeZoneSetting).value_or(""), "Asia/Tokyo");
  web::App node2(*store_, clock, random);  // another node on the same database
  EXPECT_EQ(node2.TimeZone(), "Asia/Tokyo");
  for (const char* bad : {"Etc/Unknown", "Mars/Olympus", ""}) {
    Status st = node1.SetTimeZone(bad, "alice");
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalid);
  }
  EXPECT_EQ(store_->GetSetting(kTimeZoneSetting).value_or(""), "Asia/Tokyo");
  auto audit = store_->ListAudit(10, 0);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.front().action, "time-zone-change");
  EXPECT_EQ(audit.front().user, "alice");
  EXPECT_EQ(audit.front().detail, "Europe/Brussels -> Asia/Tokyo");
  EXPECT_EQ(audit.size(), 1u);  // the refused ones left no line
  SetStudyTimeZone(kDefaultTimeZone);
}
}  // namespace
}  // namespace mcs::storage
