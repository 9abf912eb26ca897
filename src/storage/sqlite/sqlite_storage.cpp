#include "storage/sqlite/sqlite_storage.h"

#include <filesystem>

#include "storage/sqlite/migrations.h"

namespace mcs::storage::sqlite {

class SqliteStorage::Reader {
 public:
  Reader(SqliteStorage* s, std::unique_ptr<Db> db) : s_(s), db_(std::move(db)) {}
  Reader(Reader&&) = default;
  ~Reader() {
    if (db_) {
      std::lock_guard lock(s_->readers_mu_);
      s_->readers_.push_back(std::move(db_));
    }
  }
  Db& operator*() { return *db_; }
  Db* operator->() { return db_.get(); }

 private:
  SqliteStorage* s_;
  std::unique_ptr<Db> db_;
};

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::Open(const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::unique_ptr<SqliteStorage> s(new SqliteStorage(path));
  if (Status st = s->writer_db_.Open(path, false); !st.ok()) return st.error();
  // WAL: readers never block the writer. synchronous=FULL: a commit is on disk when it returns
  // (https://www.sqlite.org/pragma.html#pragma_synchronous), which is what a 201 promises.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (Status st = s->writer_db_.Exec(pragma); !st.ok()) return st.error();
  }
  s->writer_ = std::thread([p = s.get()] { p->WriterLoop(); });
  return s;
}

SqliteStorage::~SqliteStorage() { Close(); }

void SqliteStorage::Close() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

SqliteStorage::Stats SqliteStorage::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

Status SqliteStorage::Write(WriteFn fn) {
  std::future<Status> f;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return MakeError(ErrorCode::kUnavailable, "storage is shutting down");
    queue_.push_back(Job{std::move(fn), {}});
    f = queue_.back().done.get_future();
  }
  cv_.notify_one();
  return f.get();
}

void SqliteStorage::WriterLoop() {
  constexpr std::size_t kMaxBatch = 1024;
  for (;;) {
    std::vector<Job> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Status> results(batch.size());
    Status begin = writer_db_.Exec("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (auto& j : batch) j.done.set_value(begin);
      continue;
    }
    // Each job in its own savepoint: one failing write does not undo its neighbours.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      (void)writer_db_.Exec("SAVEPOINT job");
      try {
        results[i] = batch[i].fn(writer_db_);
      } catch (const std::exception& e) {
        results[i] = MakeError(ErrorCode::kInternal, e.what());
      }
      if (!results[i].ok()) (void)writer_db_.Exec("ROLLBACK TO job");
      (void)writer_db_.Exec("RELEASE job");
    }
    Status commit = writer_db_.Exec("COMMIT");
    if (!commit.ok()) {
      (void)writer_db_.Exec("ROLLBACK");
      for (auto& r : results) {
        if (r.ok()) r = commit;
      }
    }
    {
      std::lock_guard lock(mu_);
      stats_.commits++;
      stats_.writes += batch.size();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(results[i]);
  }
}

SqliteStorage::Reader SqliteStorage::AcquireReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!readers_.empty()) {
      auto db = std::move(readers_.back());
      readers_.pop_back();
      return Reader(this, std::move(db));
    }
  }
  auto db = std::make_unique<Db>();
  if (Status st = db->Open(path_, false); !st.ok()) throw std::runtime_error(st.error().message);
  (void)db->Exec("PRAGMA foreign_keys=ON");
  return Reader(this, std::move(db));
}

Status SqliteStorage::Migrate() {
  return Write([](Db& db) { return ApplyMigrations(db); });
}

bool SqliteStorage::IsEmpty() {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT COUNT(*) FROM forms");
  return st.Step() == SQLITE_ROW && st.Int(0) == 0;
}

std::optional<std::string> SqliteStorage::GetSetting(const std::string& key) {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT value FROM meta WHERE key = ?1");
  st.Bind(1, key);
  if (st.Step() == SQLITE_ROW) return st.Text(0);
  return std::nullopt;
}

Status SqliteStorage::PutSetting(const std::string& key, const std::string& value) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
    st.Bind(1, key).Bind(2, value);
    int rc = st.Step();
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

Status SqliteStorage::AddFormVersion(const FormRecord& f) {
  return Write([&](Db& db) -> Status {
    {
      auto q = db.Prepare("SELECT source FROM forms WHERE form_id = ?1 AND version = ?2");
      q.Bind(1, f.form_id).Bind(2, f.version);
      if (q.Step() == SQLITE_ROW) {
        if (q.Text(0) == f.source) return Status::Ok();
        return MakeError(ErrorCode::kConflict, "the form '" + f.form_id + "' already has a version '" + f.version +
                                                   "' with other content: give the new one a new version");
      }
    }
    auto st = db.Prepare(
        "INSERT INTO forms(form_id, version, title, file_name, source, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.Bind(1, f.form_id).Bind(2, f.version).Bind(3, f.title).Bind(4, f.file_name).Bind(5, f.source).Bind(6, f.created_at);
    int rc = st.Step();
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

std::vector<FormRecord> SqliteStorage::AllFormVersions() {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT form_id, version, title, file_name, source, created_at FROM forms ORDER BY created_at, rowid");
  std::vector<FormRecord> out;
  while (st.Step() == SQLITE_ROW) {
    out.push_back(FormRecord{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5)});
  }
  return out;
}

std::optional<FormWindow> SqliteStorage::GetWindow(const std::string& form_id) {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT opens_at, closes_at, paused, closed_message FROM form_windows WHERE form_id = ?1");
  st.Bind(1, form_id);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return FormWindow{form_id, st.Int(0), st.Int(1), st.Int(2) != 0, st.Text(3)};
}

Status SqliteStorage::PutWindow(const FormWindow& w) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO form_windows(form_id, opens_at, closes_at, paused, closed_message) VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(form_id) DO UPDATE SET opens_at = ?2, closes_at = ?3, paused = ?4, closed_message = ?5");
    st.Bind(1, w.form_id).Bind(2, w.opens_at).Bind(3, w.closes_at).Bind(4, std::int64_t{w.paused}).Bind(5, w.closed_message);
    int rc = st.Step();
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

namespace {

constexpr const char* kResponseColumns =
    "id, form_id, form_version, lang, status, resume_hash, answers, personal, page, channel, started_at, "
    "updated_at, submitted_at";

ResponseRecord ReadResponse(Stmt& st) {
  ResponseRecord r;
  r.id = st.Text(0);
  r.form_id = st.Text(1);
  r.form_version = st.Text(2);
  r.lang = st.Text(3);
  r.status = st.Text(4) == "complete" ? ResponseStatus::kComplete : ResponseStatus::kPartial;
  r.resume_hash = st.Text(5);
  r.answers_json = st.Text(6);
  r.personal_json = st.Text(7);
  r.page = static_cast<int>(st.Int(8));
  r.channel = st.Text(9);
  r.started_at = st.Int(10);
  r.updated_at = st.Int(11);
  r.submitted_at = st.Int(12);
  return r;
}

}  // namespace

Status SqliteStorage::InsertResponse(const ResponseRecord& r) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO responses(id, form_id, form_version, lang, status, resume_hash, answers, personal, page, "
        "channel, started_at, updated_at, submitted_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    st.Bind(1, r.id).Bind(2, r.form_id).Bind(3, r.form_version).Bind(4, r.lang).Bind(5, StatusName(r.status));
    if (r.resume_hash.empty()) st.BindNull(6);
    else st.Bind(6, r.resume_hash);
    st.Bind(7, r.answers_json).Bind(8, r.personal_json).Bind(9, std::int64_t{r.page}).Bind(10, r.channel);
    st.Bind(11, r.started_at).Bind(12, r.updated_at);
    if (r.submitted_at) st.Bind(13, r.submitted_at);
    else st.BindNull(13);
    int rc = st.Step();
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

Status SqliteStorage::UpdateResponse(const ResponseRecord& r) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE responses SET form_version = ?2, lang = ?3, status = ?4, answers = ?5, personal = ?6, page = ?7, "
        "updated_at = ?8, submitted_at = ?9 WHERE id = ?1 AND status = 'partial'");
    st.Bind(1, r.id).Bind(2, r.form_version).Bind(3, r.lang).Bind(4, StatusName(r.status)).Bind(5, r.answers_json);
    st.Bind(6, r.personal_json).Bind(7, std::int64_t{r.page}).Bind(8, r.updated_at);
    if (r.submitted_at) st.Bind(9, r.submitted_at);
    else st.BindNull(9);
    int rc = st.Step();
    if (rc != SQLITE_DONE) return db.LastError(rc);
    if (sqlite3_changes(db.handle()) == 0) {
      return MakeError(ErrorCode::kConflict, "the response is already complete or does not exist");
    }
    return Status::Ok();
  });
}

std::optional<ResponseRecord> SqliteStorage::FindByResumeHash(const std::string& hash) {
  auto r = AcquireReader();
  static const std::string kSql = std::string("SELECT ") + kResponseColumns + " FROM responses WHERE resume_hash = ?1";
  auto st = r->Prepare(kSql.c_str());
  st.Bind(1, hash);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return ReadResponse(st);
}

std::optional<ResponseRecord> SqliteStorage::FindResponse(const std::string& id) {
  auto r = AcquireReader();
  static const std::string kSql = std::string("SELECT ") + kResponseColumns + " FROM responses WHERE id = ?1";
  auto st = r->Prepare(kSql.c_str());
  st.Bind(1, id);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return ReadResponse(st);
}

Status SqliteStorage::ForEachResponse(const std::string& form_id, const ResponseFilter& filter,
                                      const std::function<bool(const ResponseRecord&)>& fn) {
  auto r = AcquireReader();
  static const std::string kSql = std::string("SELECT ") + kResponseColumns +
                                 " FROM responses WHERE form_id = ?1 AND (?2 = 0 OR status = 'complete') "
                                 "AND (?3 = '' OR form_version = ?3) ORDER BY COALESCE(submitted_at, updated_at), id";
  // A read transaction gives the export one consistent snapshot while writes go on (WAL).
  (void)r->Exec("BEGIN");
  Status result;
  {
    auto st = r->Prepare(kSql.c_str());
    st.Bind(1, form_id).Bind(2, std::int64_t{filter.complete_only}).Bind(3, filter.form_version);
    for (;;) {
      int rc = st.Step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        result = r->LastError(rc);
        break;
      }
      if (!fn(ReadResponse(st))) break;
    }
  }
  (void)r->Exec("COMMIT");
  return result;
}

ResponseCounts SqliteStorage::CountResponses(const std::string& form_id) {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT status, COUNT(*) FROM responses WHERE form_id = ?1 GROUP BY status");
  st.Bind(1, form_id);
  ResponseCounts c;
  while (st.Step() == SQLITE_ROW) {
    (st.Text(0) == "complete" ? c.complete : c.partial) = st.Int(1);
  }
  return c;
}

Status SqliteStorage::AddUser(const UserRecord& u) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("INSERT INTO users(name, role, password_hash, created_at) VALUES(?1, ?2, ?3, ?4)");
    st.Bind(1, u.name).Bind(2, u.role).Bind(3, u.password_hash).Bind(4, u.created_at);
    int rc = st.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return MakeError(ErrorCode::kConflict, "the user '" + u.name + "' exists already");
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

std::optional<UserRecord> SqliteStorage::GetUser(const std::string& name) {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT name, role, password_hash, created_at FROM users WHERE name = ?1");
  st.Bind(1, name);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return UserRecord{st.Text(0), st.Text(1), st.Text(2), st.Int(3)};
}

Status SqliteStorage::AddApiToken(const std::string& token_hash, const std::string& user, const std::string& label,
                                  TimeMs now) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("INSERT INTO api_tokens(token_hash, user_name, label, created_at) VALUES(?1, ?2, ?3, ?4)");
    st.Bind(1, token_hash).Bind(2, user).Bind(3, label).Bind(4, now);
    int rc = st.Step();
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

std::optional<UserRecord> SqliteStorage::FindApiTokenUser(const std::string& token_hash) {
  auto r = AcquireReader();
  auto st = r->Prepare(
      "SELECT u.name, u.role, u.password_hash, u.created_at FROM api_tokens t JOIN users u ON u.name = t.user_name "
      "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL");
  st.Bind(1, token_hash);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return UserRecord{st.Text(0), st.Text(1), st.Text(2), st.Int(3)};
}

}  // namespace mcs::storage::sqlite
