#include "storage/postgres/pg_conn.h"

#include <cstdlib>
#include <cstring>
#include <functional>
#include <stdexcept>

#include "common/unavailable_error.h"

namespace mcs::storage::postgres {

Rows MustRows(Result<Rows> r) {
  if (!r.ok()) {
    if (r.error().code == ErrorCode::kUnavailable) throw UnavailableError(r.error().message);
    throw std::runtime_error(r.error().message);
  }
  return std::move(r).value();
}

std::int64_t Rows::Int(int row, int col) const {
  if (PQgetisnull(r_.get(), row, col)) return 0;
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

std::string Rows::Bytes(int row, int col) const {
  if (PQgetisnull(r_.get(), row, col)) return {};
  std::size_t n = 0;
  unsigned char* p = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_.get(), row, col)), &n);
  if (!p) return {};
  std::string out(reinterpret_cast<const char*>(p), n);
  PQfreemem(p);
  return out;
}

std::int64_t Rows::Affected() const {
  const char* n = r_ ? PQcmdTuples(r_.get()) : "";
  return *n ? std::strtoll(n, nullptr, 10) : 0;
}

Error ErrorFrom(PGconn* c, const PGresult* r) {
  std::string msg = r ? PQresultErrorMessage(r) : "";
  if (msg.empty() && c) msg = PQerrorMessage(c);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  // SQLSTATE classes: https://www.postgresql.org/docs/15/errcodes-appendix.html
  if (code == "23505" || code == "23503" || code == "23514") return MakeError(ErrorCode::kConflict, msg);
  if (code == "40001" || code == "40P01") return MakeError(ErrorCode::kConflict, msg);
  if (code.empty() || code.starts_with("08") || code.starts_with("53") || code.starts_with("57")) {
    if (!c || PQstatus(c) != CONNECTION_OK || !code.empty())
      return MakeError(ErrorCode::kUnavailable, "storage unavailable: " + msg);
  }
  return MakeError(ErrorCode::kInternal, "storage error: " + msg);
}

Conn::~Conn() {
  if (c_) PQfinish(c_);
}

Status Conn::Open(const std::string& url) {
  // Connecting (and reconnecting, which a request may do after the database server restarted) waits
  // at most 5 seconds unless the URL says otherwise: without it a lost network holds the request for
  // the system's TCP timeout, minutes. The URL's own parameters come after, so they win.
  // https://www.postgresql.org/docs/15/libpq-connect.html (PQconnectdbParams, expand_dbname)
  const char* keys[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"5", url.c_str(), nullptr};
  c_ = PQconnectdbParams(keys, values, 1);
  if (PQstatus(c_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c_);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return MakeError(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + msg);
  }
  // Notices (e.g. "relation already exists, skipping") are not for the server log.
  PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
  return Durable();
}

// A 201 or a thank-you must survive a crash of the database server too, whatever its configuration:
// with synchronous_commit = off (set for the server, the database or the role) PostgreSQL reports a
// COMMIT before its WAL is flushed and loses the last ones in a crash. Stronger settings (remote_write,
// remote_apply for synchronous standbys) are kept. tests/pg/test_crash.py runs on a server set to off.
// https://www.postgresql.org/docs/15/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT
Status Conn::Durable() {
  Rows now(PQexec(c_, "SHOW synchronous_commit"));
  if (now.size() != 1) return ErrorFrom(c_, nullptr);
  if (now.Text(0, 0) == "off") {
    if (Status st = Exec("SET synchronous_commit = on"); !st.ok()) return st;
  }
  durable_ = true;
  return Status::Ok();
}

bool Conn::Healthy() {
  // An idle connection whose server went away (a restart, an immediate shutdown) still says
  // CONNECTION_OK until it is read from: reading what is waiting on the socket finds the end of
  // the stream and marks it bad, so it is reconnected before a statement is sent on it, rather than
  // failing the request that would have used it. Twice: a dying server may send a last message
  // ("terminating connection due to immediate shutdown") before it closes, and one read takes one.
  for (int i = 0; i < 2 && PQstatus(c_) == CONNECTION_OK && PQtransactionStatus(c_) == PQTRANS_IDLE; ++i)
    (void)PQconsumeInput(c_);
  if (PQstatus(c_) == CONNECTION_OK) {
    // A stream left by an exception: read what is left of it.
    if (PQtransactionStatus(c_) == PQTRANS_ACTIVE) {
      while (PGresult* r = PQgetResult(c_)) PQclear(r);
    }
    // A connection returned in the middle of a transaction (an exception) is rolled back.
    if (PQtransactionStatus(c_) == PQTRANS_INTRANS || PQtransactionStatus(c_) == PQTRANS_INERROR)
      (void)Exec("ROLLBACK");
    if (!durable_) (void)Durable();  // it failed after the last (re)connect: try again before any COMMIT
    return true;
  }
  prepared_.clear();
  durable_ = false;
  PQreset(c_);
  return PQstatus(c_) == CONNECTION_OK && Durable().ok();
}

Result<std::string> Conn::Prepared(const std::string& sql, int n_params) {
  auto it = prepared_.find(sql);
  if (it != prepared_.end()) return it->second;
  std::string name = "s" + std::to_string(prepared_.size() + 1);
  PGresult* pr = PQprepare(c_, name.c_str(), sql.c_str(), n_params, nullptr);
  Rows prep(pr);
  if (PQresultStatus(pr) != PGRES_COMMAND_OK) return ErrorFrom(c_, pr);
  prepared_[sql] = name;
  return name;
}

namespace {

struct Bound {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
};

Bound BindAll(const std::vector<Param>& params) {
  Bound b;
  for (const auto& p : params) {
    b.values.push_back(p.value ? p.value->data() : nullptr);
    b.lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    b.formats.push_back(p.binary ? 1 : 0);
  }
  return b;
}

}  // namespace

Result<Rows> Conn::Query(const std::string& sql, const std::vector<Param>& params) {
  auto name = Prepared(sql, static_cast<int>(params.size()));
  if (!name.ok()) return name.error();
  Bound b = BindAll(params);
  PGresult* r = PQexecPrepared(c_, name->c_str(), static_cast<int>(params.size()), b.values.data(), b.lengths.data(),
                               b.formats.data(), 0);
  Rows rows(r);
  auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorFrom(c_, r);
  return rows;
}

Status Conn::Exec(const char* sql) {
  PGresult* r = PQexec(c_, sql);
  Rows rows(r);
  auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorFrom(c_, r);
  return Status::Ok();
}

Status Conn::Stream(const std::string& sql, const std::vector<Param>& params,
                    const std::function<bool(const Rows&)>& fn) {
  auto name = Prepared(sql, static_cast<int>(params.size()));
  if (!name.ok()) return name.error();
  Bound b = BindAll(params);
  if (!PQsendQueryPrepared(c_, name->c_str(), static_cast<int>(params.size()), b.values.data(), b.lengths.data(),
                           b.formats.data(), 0)) {
    return ErrorFrom(c_, nullptr);
  }
  // Single-row mode: an export of many responses never holds them all in memory.
  PQsetSingleRowMode(c_);
  Status result;
  bool want = true;
  for (;;) {
    PGresult* r = PQgetResult(c_);
    if (!r) break;
    Rows row(r);
    auto st = PQresultStatus(r);
    if (st == PGRES_SINGLE_TUPLE) {
      // After a stop the rest is read and dropped: a PQcancel could race with and cancel the next
      // statement on this pooled connection.
      if (want && !fn(row)) want = false;
    } else if (st != PGRES_TUPLES_OK && want && result.ok()) {
      result = ErrorFrom(c_, r);
    }
  }
  return result;
}

Status Pool::Open(const std::string& url, int size) {
  for (int i = 0; i < size; ++i) {
    auto c = std::make_unique<Conn>();
    if (Status st = c->Open(url); !st.ok()) return st;
    free_.push_back(std::move(c));
  }
  return Status::Ok();
}

Pool::Lease Pool::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !free_.empty(); });
  auto c = std::move(free_.back());
  free_.pop_back();
  lock.unlock();
  (void)c->Healthy();  // a connection broken while it waited is reconnected now
  return Lease(this, std::move(c));
}

Pool::Lease::~Lease() {
  if (!c_) return;
  (void)c_->Healthy();
  {
    std::lock_guard lock(p_->mu_);
    p_->free_.push_back(std::move(c_));
  }
  p_->cv_.notify_one();
}

}  // namespace mcs::storage::postgres
