// The writer's WAL-gathering VFS (storage/sqlite/wal_gather.h): what SQLite leaves in the files and
// what other connections see must be exactly what the default VFS gives, with fewer writes.
#include "storage/sqlite/wal_gather.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "test_util.h"

namespace mcs::storage::sqlite {
namespace {

struct Conn {
  sqlite3* db = nullptr;
  Conn(const std::string& path, const char* vfs) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
  }
  ~Conn() { sqlite3_close_v2(db); }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << (err ? err : "") << " (" << sqlite3_extended_errcode(db) << ")";
  }
  std::string One(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }
};

// Files in a folder of the test's own, removed with it.
const testing::TempDir& Dir() {
  static testing::TempDir dir;
  return dir;
}

std::string Fresh(const std::string& name) {
  return Dir().File(name);
}

TEST(WalGather, RegistersBesideTheDefaultVfs) {
  const char* name = GatheringVfs();
  ASSERT_NE(name, nullptr);
  EXPECT_NE(sqlite3_vfs_find(name), nullptr);
  EXPECT_NE(sqlite3_vfs_find(nullptr), sqlite3_vfs_find(name)) << "the default VFS stays SQLite's own";
}

// Small transactions as the respondent path makes them: each commit's frames go out in one write,
// and a reader on the default VFS sees every commit as soon as COMMIT has returned, with
// synchronous FULL (the product's setting) and NORMAL (no sync at commit: the commit frame alone
// must send the transaction's frames to the file).
TEST(WalGather, EachCommitIsOneWriteAndVisibleAtOnce) {
  for (const char* sync : {"FULL", "NORMAL"}) {
    std::string path = Fresh(std::string("wal_gather_small_") + sync + ".db");
    Conn w(path, GatheringVfs());
    w.Exec("PRAGMA journal_mode=WAL");
    w.Exec(std::string("PRAGMA synchronous=") + sync);
    w.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)");
    w.Exec("CREATE INDEX t_body ON t(body)");
    Conn r(path, nullptr);
    auto before = WalGatherStats();
    for (int i = 1; i <= 200; ++i) {
      w.Exec("BEGIN IMMEDIATE");
      w.Exec("INSERT INTO t(body) VALUES ('" +
             std::string(static_cast<std::size_t>(100 + i * 37 % 3000), 'a' + i % 26) + "')");
      w.Exec("UPDATE t SET body = body || 'x' WHERE id = " + std::to_string(1 + i / 2));
      w.Exec("COMMIT");
      ASSERT_EQ(r.One("SELECT count(*) FROM t"), std::to_string(i)) << sync << " after commit " << i;
      ASSERT_EQ(r.One("SELECT length(body) FROM t WHERE id = " + std::to_string(i)),
                std::to_string(100 + i * 37 % 3000 + (1 + i / 2 == i ? 1 : 0)))
          << sync;
    }
    auto after = WalGatherStats();
    long long sqlite_writes = after.sqlite_writes - before.sqlite_writes;
    long long file_writes = after.file_writes - before.file_writes;
    // At least three frames (six writes) per commit: the row's page, the index page, the page of
    // the updated row; gathered, one write each (a WAL restart after a checkpoint adds its header).
    EXPECT_GE(sqlite_writes, 200 * 6) << sync;
    EXPECT_LE(file_writes, 200 + 20) << sync;
    EXPECT_EQ(r.One("PRAGMA integrity_check"), "ok");
  }
}

// A transaction larger than SQLite's page cache (pages spill to the WAL before the commit and are
// read back by the same connection, some written twice) and larger than the VFS's buffer (8 MiB):
// the result equals the same work done through the default VFS, row for row.
TEST(WalGather, LargeTransactionsSpillRewriteAndReadBack) {
  std::string digest[2];
  for (int gathered = 0; gathered < 2; ++gathered) {
    std::string path = Fresh("wal_gather_large_" + std::to_string(gathered) + ".db");
    {
      Conn w(path, gathered ? GatheringVfs() : nullptr);
      w.Exec("PRAGMA journal_mode=WAL");
      w.Exec("PRAGMA synchronous=FULL");
      w.Exec("PRAGMA cache_size=20");
      w.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)");
      w.Exec("BEGIN");
      w.Exec(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
          "INSERT INTO t SELECT i, printf('%.*c', 1500, char(97 + i % 26)) FROM n");
      // Every row again, twice: pages changed after they spilled.
      w.Exec("UPDATE t SET body = upper(substr(body, 1, 16)) || substr(body, 17) WHERE id % 3 = 0");
      w.Exec("UPDATE t SET body = substr(body, 1, 700) WHERE id % 5 = 0");
      ASSERT_EQ(w.One("SELECT count(*) FROM t WHERE length(body) = 700"), "1200");
      w.Exec("COMMIT");
      w.Exec("BEGIN");
      w.Exec("DELETE FROM t WHERE id % 7 = 0");
      w.Exec("COMMIT");
      EXPECT_EQ(w.One("PRAGMA integrity_check"), "ok");
    }
    Conn r(path, nullptr);
    EXPECT_EQ(r.One("PRAGMA integrity_check"), "ok");
    digest[gathered] = r.One(
        "SELECT count(*) || '/' || sum(length(body)) || '/' || sum(id * unicode(body)) || '/' || "
        "sum(id * unicode(substr(body, 17))) || '/' || sum(id * (length(body) % 97)) FROM t");
    EXPECT_EQ(r.One("SELECT count(*) FROM t"), "5143");
  }
  EXPECT_EQ(digest[0], digest[1]);
}

// A process killed (SIGKILL) right after commits returned: every one of them is in the database
// when it is opened again, as with the default VFS (nothing of a returned commit waits in a buffer).
TEST(WalGather, CommitsThatReturnedSurviveSigkill) {
  std::string path = Fresh("wal_gather_kill.db");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, GatheringVfs()) != SQLITE_OK)
      _exit(2);
    if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(i INTEGER, pad TEXT)",
                     nullptr, nullptr, nullptr) != SQLITE_OK)
      _exit(3);
    for (int i = 1;; ++i) {
      std::string sql = "INSERT INTO t VALUES (" + std::to_string(i) + ", printf('%.*c', 900, 'p'))";
      if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) _exit(4);
      // Acknowledged: the parent counts it.
      if (write(fds[1], &i, sizeof i) != sizeof i) _exit(5);
    }
  }
  close(fds[1]);
  // The child stops however this test ends (it would write until the disk is full).
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
      }
    }
  } reaper{child};
  int last = 0;
  for (int got = 0; got < 300;) {
    int i = 0;
    ASSERT_EQ(read(fds[0], &i, sizeof i), static_cast<ssize_t>(sizeof i));
    last = i;
    ++got;
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  reaper.pid = 0;
  // Whatever else the pipe still holds was acknowledged too.
  for (int i = 0; read(fds[0], &i, sizeof i) == static_cast<ssize_t>(sizeof i);) last = i;
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  Conn r(path, nullptr);
  EXPECT_EQ(r.One("PRAGMA integrity_check"), "ok");
  long long rows = std::stoll(r.One("SELECT count(*) FROM t"));
  EXPECT_GE(rows, last) << "a commit that returned was lost";
  EXPECT_EQ(r.One("SELECT count(*) FROM t WHERE i <= " + std::to_string(last)), std::to_string(last));
}

}  // namespace
}  // namespace mcs::storage::sqlite
