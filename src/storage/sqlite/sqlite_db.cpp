#include "storage/sqlite/sqlite_db.h"

#include <stdexcept>

namespace mcs::storage::sqlite {

Db::~Db() {
  for (auto& [sql, s] : cache_) sqlite3_finalize(s);
  if (db_) sqlite3_close_v2(db_);
}

Status Db::Open(const std::string& path, bool read_only, const char* vfs) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, vfs);
  if (rc != SQLITE_OK) return LastError(rc);
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_extended_result_codes(db_, 1);
  return Status::Ok();
}

Status Db::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Error e = LastError(rc);
    if (err) {
      e.message = err;
      sqlite3_free(err);
    }
    return e;
  }
  return Status::Ok();
}

Status Db::Run(const char* sql) {
  int rc = Prepare(sql).Step();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return LastError(rc);
  return Status::Ok();
}

Stmt Db::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(it->second);
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  // A statement that does not prepare is a bug in our SQL, not a runtime condition.
  if (rc != SQLITE_OK) throw std::logic_error(std::string("SQL does not prepare: ") + sqlite3_errmsg(db_) + ": " + sql);
  cache_[sql] = s;
  return Stmt(s);
}

Error Db::LastError(int rc) const {
  std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return MakeError(ErrorCode::kUnavailable, "storage unavailable: " + msg);
    case SQLITE_CONSTRAINT:
      return MakeError(ErrorCode::kConflict, msg);
    default:
      return MakeError(ErrorCode::kInternal, "storage error: " + msg);
  }
}

}  // namespace mcs::storage::sqlite
