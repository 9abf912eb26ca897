// A thin RAII layer over libpq: one connection with its prepared statements, and a fixed-size pool.
// Every statement with values goes through PQprepare/PQexecPrepared, so values are always sent
// apart from the SQL text (https://www.postgresql.org/docs/15/libpq-exec.html).
#pragma once
#include <libpq-fe.h>

#include <condition_variable>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mcs::storage::postgres {

// One statement parameter: text, bytes (sent in binary format, for BYTEA) or NULL.
struct Param {
  std::optional<std::string> value;
  bool binary = false;
};
inline Param P(std::string_view v) { return Param{std::string(v), false}; }
inline Param P(std::int64_t v) { return Param{std::to_string(v), false}; }
inline Param Bytes(std::string_view v) { return Param{std::string(v), true}; }
inline Param Null() { return Param{std::nullopt, false}; }
// NULL for an empty string (optional columns such as resume_hash).
inline Param OrNull(const std::string& v) { return v.empty() ? Null() : P(v); }

// A query result, owned.
class Rows {
 public:
  Rows() = default;
  explicit Rows(PGresult* r) : r_(r, &PQclear) {}
  int size() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool empty() const { return size() == 0; }
  std::string Text(int row, int col) const {
    if (PQgetisnull(r_.get(), row, col)) return {};
    return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
  }
  std::int64_t Int(int row, int col) const;
  // A BYTEA column in text output (hex format) decoded to its bytes.
  std::string Bytes(int row, int col) const;
  // Rows changed by an INSERT/UPDATE/DELETE.
  std::int64_t Affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_{nullptr, &PQclear};
};

class Conn {
 public:
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn();

  Status Open(const std::string& url);
  // A statement prepared once per connection and reused.
  Result<Rows> Query(const std::string& sql, const std::vector<Param>& params = {});
  // SQL without parameters (schema, transaction control).
  Status Exec(const char* sql);
  // Runs a prepared statement in single-row mode, calling `fn` for each row until it returns false.
  Status Stream(const std::string& sql, const std::vector<Param>& params, const std::function<bool(const Rows&)>& fn);
  // True when the connection is usable; a broken one is reset (and its statements forgotten).
  // Checked when the pool hands the connection out and when it takes it back.
  bool Healthy();
  PGconn* handle() const { return c_; }

 private:
  Result<std::string> Prepared(const std::string& sql, int n_params);
  // synchronous_commit on for this session if the server's configuration turned it off.
  Status Durable();
  PGconn* c_ = nullptr;
  bool durable_ = false;
  std::map<std::string, std::string> prepared_;
};

// An Error for a failed result: unique/foreign-key violations are Conflict (what the SQLite backend
// returns for SQLITE_CONSTRAINT), lost connections and overload Unavailable, the rest Internal.
Error ErrorFrom(PGconn* c, const PGresult* r);

class Pool {
 public:
  Pool() = default;
  Status Open(const std::string& url, int size);
  class Lease {
   public:
    Lease(Pool* p, std::unique_ptr<Conn> c) : p_(p), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Conn& operator*() { return *c_; }
    Conn* operator->() { return c_.get(); }

   private:
    Pool* p_;
    std::unique_ptr<Conn> c_;
  };
  // Waits for a free connection.
  Lease Acquire();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> free_;
};

// The rows of a read that has no error channel (the Storage methods that return a value, not a
// Status): a failed one aborts the request, as UnavailableError when the database cannot be reached.
Rows MustRows(Result<Rows> r);

}  // namespace mcs::storage::postgres
