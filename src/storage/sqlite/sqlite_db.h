// A thin RAII layer over one sqlite3 connection: cached prepared statements, binding by position.
// Values are always bound, never spliced into SQL text.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mcs::storage::sqlite {

class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
  }
  std::int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }

 private:
  sqlite3_stmt* s_;
};

class Db {
 public:
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // `vfs`: a registered VFS's name (wal_gather.h), or nullptr for the default.
  Status Open(const std::string& path, bool read_only, const char* vfs = nullptr);
  // Executes SQL without results (schema, pragmas, transaction control).
  Status Exec(const char* sql);
  // A statement prepared once per connection and reused.
  // Runs one statement without results through the statement cache (transaction control: parsed
  // once, not on every group commit as sqlite3_exec would).
  Status Run(const char* sql);
  Stmt Prepare(const char* sql);
  // An Error from the connection's last failure, with a class for the caller (disk full → unavailable).
  Error LastError(int rc) const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace mcs::storage::sqlite
