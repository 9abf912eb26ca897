#include "storage/sqlite/sqlite_storage.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/wal_gather.h"

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
  // The writer's WAL gathers each transaction's frames into one write (wal_gather.h); it relies on
  // synchronous=FULL below. MCS_WAL_GATHER=0 turns it off (benchmarks compare the two).
  const char* gather_env = std::getenv("MCS_WAL_GATHER");
  const char* vfs = gather_env && std::string_view(gather_env) == "0" ? nullptr : GatheringVfs();
  if (Status st = s->writer_db_.Open(path, false, vfs); !st.ok()) return st.error();
  // WAL: readers never block the writer. synchronous=FULL: a commit is on disk when it returns
  // (https://www.sqlite.org/pragma.html#pragma_synchronous), which is what a 201 promises.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (Status st = s->writer_db_.Exec(pragma); !st.ok()) return st.error();
  }
  s->writer_ = std::thread([p = s.get()] { p->WriterLoop(); });
  return s;
}

SqliteStorage::~SqliteStorage() {
  Close();
}

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
  std::promise<Status> p;
  std::future<Status> f = p.get_future();
  Enqueue(std::move(fn), [&p](Status st) { p.set_value(std::move(st)); });
  return f.get();
}

void SqliteStorage::Enqueue(WriteFn fn, std::function<void(Status)> done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Job{std::move(fn), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done(MakeError(ErrorCode::kUnavailable, "storage is shutting down"));
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
    Status begin = writer_db_.Run("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (auto& j : batch) j.done(begin);
      continue;
    }
    auto run = [&](std::size_t i) {
      try {
        results[i] = batch[i].fn(writer_db_);
      } catch (const std::exception& e) {
        results[i] = MakeError(ErrorCode::kInternal, e.what());
      }
    };
    Status commit = Status::Ok();
    if (batch.size() == 1) {
      // Alone in its transaction: a failed write is undone with the transaction.
      run(0);
      commit = results[0].ok() ? writer_db_.Run("COMMIT") : writer_db_.Run("ROLLBACK");
    } else {
      // Each job in its own savepoint: one failing write does not undo its neighbours.
      for (std::size_t i = 0; i < batch.size(); ++i) {
        (void)writer_db_.Run("SAVEPOINT job");
        run(i);
        if (!results[i].ok()) (void)writer_db_.Run("ROLLBACK TO job");
        (void)writer_db_.Run("RELEASE job");
      }
      commit = writer_db_.Run("COMMIT");
    }
    if (!commit.ok()) {
      if (sqlite3_get_autocommit(writer_db_.handle()) == 0) (void)writer_db_.Exec("ROLLBACK");
      for (auto& r : results) {
        if (r.ok()) r = commit;
      }
    }
    {
      std::lock_guard lock(mu_);
      stats_.commits++;
      stats_.writes += batch.size();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
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

Result<std::string> SqliteStorage::InitSetting(const std::string& key, const std::string& value) {
  std::string stored;
  Status st = Write([&](Db& db) -> Status {
    {
      auto ins = db.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO NOTHING");
      ins.Bind(1, key).Bind(2, value);
      if (int rc = ins.Step(); rc != SQLITE_DONE) return db.LastError(rc);
    }
    auto q = db.Prepare("SELECT value FROM meta WHERE key = ?1");
    q.Bind(1, key);
    if (q.Step() != SQLITE_ROW) return MakeError(ErrorCode::kInternal, "the setting '" + key + "' vanished");
    stored = q.Text(0);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return stored;
}

std::vector<std::pair<std::string, std::string>> SqliteStorage::AllSettings() {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT key, value FROM meta ORDER BY key");
  std::vector<std::pair<std::string, std::string>> out;
  while (st.Step() == SQLITE_ROW) out.emplace_back(st.Text(0), st.Text(1));
  return out;
}

Status SqliteStorage::BackupDatabase(const std::string& path) {
  // The online backup API (https://www.sqlite.org/backup.html) in one step: one read transaction,
  // so the copy is one committed state, and in WAL mode the writer goes on meanwhile.
  auto r = AcquireReader();
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string tmp = path + ".partial";
  std::filesystem::remove(tmp, ec);
  sqlite3* dest = nullptr;
  if (sqlite3_open_v2(tmp.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close_v2(dest);
    return MakeError(ErrorCode::kUnavailable, "cannot create " + tmp + ": " + msg);
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", r->handle(), "main");
  int rc = SQLITE_OK;
  if (b) {
    do {
      rc = sqlite3_backup_step(b, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
  }
  std::string msg = sqlite3_errmsg(dest);
  rc = b ? sqlite3_errcode(dest) : SQLITE_ERROR;
  sqlite3_close_v2(dest);
  if (rc != SQLITE_OK) {
    std::filesystem::remove(tmp, ec);
    return MakeError(ErrorCode::kUnavailable, "backup failed: " + msg);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot write " + path + ": " + ec.message());
  return Status::Ok();
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
        "INSERT INTO forms(form_id, version, title, file_name, source, created_at, published_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.Bind(1, f.form_id)
        .Bind(2, f.version)
        .Bind(3, f.title)
        .Bind(4, f.file_name)
        .Bind(5, f.source)
        .Bind(6, f.created_at)
        .Bind(7, f.published_at);
    int rc = st.Step();
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

std::vector<FormRecord> SqliteStorage::AllFormVersions() {
  auto r = AcquireReader();
  auto st =
      r->Prepare("SELECT form_id, version, title, file_name, source, created_at, published_at FROM forms "
                 "ORDER BY created_at, rowid");
  std::vector<FormRecord> out;
  while (st.Step() == SQLITE_ROW) {
    out.push_back(FormRecord{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5), st.Int(6)});
  }
  return out;
}


std::optional<FormWindow> SqliteStorage::GetWindow(const std::string& form_id) {
  auto r = AcquireReader();
  auto st = r->Prepare(
      "SELECT opens_at, closes_at, paused, closed_message, archived_at FROM form_windows WHERE form_id = ?1");
  st.Bind(1, form_id);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return FormWindow{form_id, st.Int(0), st.Int(1), st.Int(2) != 0, st.Text(3), st.Int(4)};
}

Status SqliteStorage::PutWindow(const FormWindow& w) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO form_windows(form_id, opens_at, closes_at, paused, closed_message, archived_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(form_id) DO UPDATE SET opens_at = ?2, closes_at = ?3, "
        "paused = ?4, closed_message = ?5, archived_at = ?6");
    st.Bind(1, w.form_id)
        .Bind(2, w.opens_at)
        .Bind(3, w.closes_at)
        .Bind(4, std::int64_t{w.paused})
        .Bind(5, w.closed_message)
        .Bind(6, w.archived_at);
    int rc = st.Step();
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

namespace {

constexpr const char* kResponseColumns =
    "id, form_id, form_version, lang, status, resume_hash, answers, personal, page, channel, started_at, "
    "updated_at, submitted_at, invitation_id, flags, excluded, review_note, privacy_ack_at, privacy_notice";

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
  r.invitation_id = st.Text(13);
  r.flags = st.Text(14);
  r.excluded = st.Int(15) != 0;
  r.review_note = st.Text(16);
  r.privacy_ack_at = st.Int(17);
  r.privacy_notice = st.Text(18);
  return r;
}

// The outcome of a statement that returns no rows.
Status Done(Db& db, int rc) {
  return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
}

// NotFound when the last statement changed nothing.
Status Changed(Db& db, int rc, const std::string& what) {
  if (rc != SQLITE_DONE) return db.LastError(rc);
  if (sqlite3_changes(db.handle()) == 0) return MakeError(ErrorCode::kNotFound, what + " does not exist");
  return Status::Ok();
}

constexpr const char* kUserColumns = "name, role, password_hash, created_at, failed_logins, locked_until";

UserRecord ReadUser(Stmt& st, int c = 0) {
  return UserRecord{st.Text(c),   st.Text(c + 1), st.Text(c + 2), st.Int(c + 3), static_cast<int>(st.Int(c + 4)),
                    st.Int(c + 5)};
}

}  // namespace

namespace {

Status InsertResponseIn(Db& db, const ResponseRecord& r) {
  auto st = db.Prepare(
      "INSERT INTO responses(id, form_id, form_version, lang, status, resume_hash, answers, personal, page, "
      "channel, started_at, updated_at, submitted_at, invitation_id, flags, excluded, review_note, privacy_ack_at, "
      "privacy_notice) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  st.Bind(1, r.id).Bind(2, r.form_id).Bind(3, r.form_version).Bind(4, r.lang).Bind(5, StatusName(r.status));
  if (r.resume_hash.empty())
    st.BindNull(6);
  else
    st.Bind(6, r.resume_hash);
  st.Bind(7, r.answers_json).Bind(8, r.personal_json).Bind(9, std::int64_t{r.page}).Bind(10, r.channel);
  st.Bind(11, r.started_at).Bind(12, r.updated_at);
  if (r.submitted_at)
    st.Bind(13, r.submitted_at);
  else
    st.BindNull(13);
  if (r.invitation_id.empty())
    st.BindNull(14);
  else
    st.Bind(14, r.invitation_id);
  st.Bind(15, r.flags).Bind(16, std::int64_t{r.excluded}).Bind(17, r.review_note);
  st.Bind(18, r.privacy_ack_at).Bind(19, r.privacy_notice);
  int rc = st.Step();
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return MakeError(ErrorCode::kConflict, r.invitation_id.empty()
                                               ? "a response with this id exists already"
                                               : "this invitation has been used for a response already");
  }
  return Done(db, rc);
}

Status UpdateResponseIn(Db& db, const ResponseRecord& r) {
  int rc;
  if (r.status == ResponseStatus::kPartial && !r.submitted_at) {
    // A page saved on the way (most writes): status and submitted_at stay as they are (partial, NULL),
    // so the index on them is not rewritten.
    auto st = db.Prepare(
        "UPDATE responses SET form_version = ?2, lang = ?3, answers = ?4, personal = ?5, page = ?6, updated_at = ?7, "
        "privacy_ack_at = ?8, privacy_notice = ?9 WHERE id = ?1 AND status = 'partial'");
    st.Bind(1, r.id).Bind(2, r.form_version).Bind(3, r.lang).Bind(4, r.answers_json).Bind(5, r.personal_json);
    st.Bind(6, std::int64_t{r.page}).Bind(7, r.updated_at).Bind(8, r.privacy_ack_at).Bind(9, r.privacy_notice);
    rc = st.Step();
  } else {
    auto st = db.Prepare(
        "UPDATE responses SET form_version = ?2, lang = ?3, status = ?4, answers = ?5, personal = ?6, page = ?7, "
        "updated_at = ?8, submitted_at = ?9, privacy_ack_at = ?10, privacy_notice = ?11 "
        "WHERE id = ?1 AND status = 'partial'");
    st.Bind(1, r.id).Bind(2, r.form_version).Bind(3, r.lang).Bind(4, StatusName(r.status)).Bind(5, r.answers_json);
    st.Bind(6, r.personal_json).Bind(7, std::int64_t{r.page}).Bind(8, r.updated_at);
    st.Bind(10, r.privacy_ack_at).Bind(11, r.privacy_notice);
    if (r.submitted_at)
      st.Bind(9, r.submitted_at);
    else
      st.BindNull(9);
    rc = st.Step();
  }
  if (rc != SQLITE_DONE) return db.LastError(rc);
  if (sqlite3_changes(db.handle()) == 0) {
    return MakeError(ErrorCode::kConflict, "the response is already complete or does not exist");
  }
  return Status::Ok();
}

}  // namespace

Status SqliteStorage::InsertResponse(const ResponseRecord& r) { return SaveAndWait(r, true); }

Status SqliteStorage::UpdateResponse(const ResponseRecord& r) { return SaveAndWait(r, false); }

Status SqliteStorage::SaveAndWait(const ResponseRecord& r, bool insert) {
  std::promise<Status> p;
  std::future<Status> f = p.get_future();
  SaveResponseAsync(r, insert, [&p](Status st) { p.set_value(std::move(st)); });
  return f.get();
}

bool SqliteStorage::SaveResponseAsync(ResponseRecord r, bool insert, std::function<void(Status)> done) {
  auto rec = std::make_shared<const ResponseRecord>(std::move(r));
  // `done` runs on the writer thread after the commit, batch by batch in commit order: the recent
  // rows are brought up to date in that order too, before the respondent hears of the save.
  Enqueue([rec, insert](Db& db) { return insert ? InsertResponseIn(db, *rec) : UpdateResponseIn(db, *rec); },
          [this, rec, insert, done = std::move(done)](Status st) {
            if (!st.ok()) {
              recent_.Forget(rec->id);
            } else if (insert) {
              recent_.Inserted(*rec);
            } else {
              recent_.Updated(*rec);
            }
            done(std::move(st));
          });
  return false;
}

std::optional<ResponseRecord> SqliteStorage::FindByResumeHash(const std::string& hash) {
  if (auto recent = recent_.FindByResumeHash(hash)) return recent;
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
                                  "AND (?3 = '' OR form_version = ?3) AND (?4 = 1 OR excluded = 0) "
                                  "AND (?5 = 1 OR channel <> 'test') ORDER BY COALESCE(submitted_at, updated_at), id";
  // A read transaction gives the export one consistent snapshot while writes go on (WAL).
  (void)r->Exec("BEGIN");
  Status result;
  {
    auto st = r->Prepare(kSql.c_str());
    st.Bind(1, form_id).Bind(2, std::int64_t{filter.complete_only}).Bind(3, filter.form_version);
    st.Bind(4, std::int64_t{filter.include_excluded}).Bind(5, std::int64_t{filter.include_test});
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
  auto st =
      r->Prepare("SELECT status, COUNT(*) FROM responses WHERE form_id = ?1 AND channel <> 'test' GROUP BY status");
  st.Bind(1, form_id);
  ResponseCounts c;
  while (st.Step() == SQLITE_ROW) {
    (st.Text(0) == "complete" ? c.complete : c.partial) = st.Int(1);
  }
  return c;
}

std::string SqliteStorage::ResponsesVersion(const std::string& form_id) {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT version FROM response_versions WHERE form_id = ?1");
  st.Bind(1, form_id);
  return st.Step() == SQLITE_ROW ? std::to_string(st.Int(0)) : "0";
}

Status SqliteStorage::AddUser(const UserRecord& u) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("INSERT INTO users(name, role, password_hash, created_at) VALUES(?1, ?2, ?3, ?4)");
    st.Bind(1, u.name).Bind(2, u.role).Bind(3, u.password_hash).Bind(4, u.created_at);
    int rc = st.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
      return MakeError(ErrorCode::kConflict, "the user '" + u.name + "' exists already");
    return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
  });
}

std::optional<UserRecord> SqliteStorage::GetUser(const std::string& name) {
  auto r = AcquireReader();
  static const std::string kSql = std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?1";
  auto st = r->Prepare(kSql.c_str());
  st.Bind(1, name);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return ReadUser(st);
}

std::vector<UserRecord> SqliteStorage::ListUsers() {
  auto r = AcquireReader();
  static const std::string kSql = std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name";
  auto st = r->Prepare(kSql.c_str());
  std::vector<UserRecord> out;
  while (st.Step() == SQLITE_ROW) out.push_back(ReadUser(st));
  return out;
}

Status SqliteStorage::UpdateUser(const UserRecord& u) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("UPDATE users SET role = ?2, password_hash = ?3 WHERE name = ?1");
    st.Bind(1, u.name).Bind(2, u.role).Bind(3, u.password_hash);
    return Changed(db, st.Step(), "the user '" + u.name + "'");
  });
}

Status SqliteStorage::DeleteUser(const std::string& name) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM users WHERE name = ?1");
    st.Bind(1, name);
    return Changed(db, st.Step(), "the user '" + name + "'");
  });
}

Status SqliteStorage::RecordSignIn(const std::string& name, bool failed, TimeMs locked_until) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE users SET failed_logins = CASE WHEN ?2 = 1 THEN failed_logins + 1 ELSE 0 END, locked_until = ?3 "
        "WHERE name = ?1");
    st.Bind(1, name).Bind(2, std::int64_t{failed}).Bind(3, failed ? locked_until : TimeMs{0});
    return Changed(db, st.Step(), "the user '" + name + "'");
  });
}

Result<int> SqliteStorage::CountSignInFailure(const std::string& name, TimeMs now) {
  int count = 0;
  Status done = Write([&](Db& db) -> Status {
    // The new count and the wait it brings in one statement: right-hand sides see the old row.
    auto st = db.Prepare(
        "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 > ?3 "
        "THEN ?2 + min(?5, ?4 << min(failed_logins - ?3, ?6)) ELSE locked_until END "
        "WHERE name = ?1 RETURNING failed_logins");
    st.Bind(1, name).Bind(2, now).Bind(3, std::int64_t{kSignInFreeFailures}).Bind(4, kSignInFirstDelayMs);
    st.Bind(5, kSignInMaxDelayMs).Bind(6, std::int64_t{kSignInMaxDoublings});
    int rc = st.Step();
    if (rc == SQLITE_ROW) {
      count = static_cast<int>(st.Int(0));
      rc = st.Step();
    }
    return Done(db, rc);
  });
  if (!done.ok()) return done.error();
  return count;
}

Status SqliteStorage::CreateSession(const SessionRecord& s) {
  return Write([&](Db& db) -> Status {
    {
      auto purge = db.Prepare("DELETE FROM sessions WHERE expires_at <= ?1");
      purge.Bind(1, s.created_at);
      if (Status st = Done(db, purge.Step()); !st.ok()) return st;
    }
    auto st = db.Prepare(
        "INSERT INTO sessions(id_hash, user_name, csrf, created_at, last_seen_at, expires_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.Bind(1, s.id_hash).Bind(2, s.user).Bind(3, s.csrf).Bind(4, s.created_at).Bind(5, s.last_seen_at);
    st.Bind(6, s.expires_at);
    return Done(db, st.Step());
  });
}

std::optional<SessionRecord> SqliteStorage::FindSession(const std::string& id_hash, TimeMs now) {
  auto r = AcquireReader();
  auto st = r->Prepare(
      "SELECT id_hash, user_name, csrf, created_at, last_seen_at, expires_at FROM sessions "
      "WHERE id_hash = ?1 AND expires_at > ?2");
  st.Bind(1, id_hash).Bind(2, now);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return SessionRecord{st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4), st.Int(5)};
}

Status SqliteStorage::TouchSession(const std::string& id_hash, TimeMs last_seen_at, TimeMs expires_at) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("UPDATE sessions SET last_seen_at = ?2, expires_at = ?3 WHERE id_hash = ?1");
    st.Bind(1, id_hash).Bind(2, last_seen_at).Bind(3, expires_at);
    return Changed(db, st.Step(), "the session");
  });
}

Status SqliteStorage::DeleteSession(const std::string& id_hash) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM sessions WHERE id_hash = ?1");
    st.Bind(1, id_hash);
    return Done(db, st.Step());
  });
}

Status SqliteStorage::DeleteUserSessions(const std::string& user) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM sessions WHERE user_name = ?1");
    st.Bind(1, user);
    return Done(db, st.Step());
  });
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
      "SELECT u.name, u.role, u.password_hash, u.created_at, u.failed_logins, u.locked_until "
      "FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE t.token_hash = ?1 AND t.revoked_at IS NULL");
  st.Bind(1, token_hash);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return ReadUser(st);
}

std::vector<ApiTokenRecord> SqliteStorage::ListApiTokens() {
  auto r = AcquireReader();
  auto st = r->Prepare(
      "SELECT token_hash, user_name, label, created_at, COALESCE(revoked_at, 0) FROM api_tokens "
      "ORDER BY created_at DESC, rowid DESC");
  std::vector<ApiTokenRecord> out;
  while (st.Step() == SQLITE_ROW)
    out.push_back(ApiTokenRecord{st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4)});
  return out;
}

Status SqliteStorage::RevokeApiToken(const std::string& token_hash, TimeMs now) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE token_hash = ?1");
    st.Bind(1, token_hash).Bind(2, now);
    return Changed(db, st.Step(), "the API token");
  });
}

Status SqliteStorage::SetResponseReview(const std::string& id, const std::string& flags, bool excluded,
                                        const std::string& note) {
  recent_.Forget(id);
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("UPDATE responses SET flags = ?2, excluded = ?3, review_note = ?4 WHERE id = ?1");
    st.Bind(1, id).Bind(2, flags).Bind(3, std::int64_t{excluded}).Bind(4, note);
    return Changed(db, st.Step(), "the response '" + id + "'");
  });
}

Status SqliteStorage::SetResponseFlags(const std::vector<std::pair<std::string, std::string>>& id_flags) {
  for (const auto& [id, flags] : id_flags) recent_.Forget(id);
  constexpr std::size_t kChunk = 2000;
  for (std::size_t from = 0; from < id_flags.size(); from += kChunk) {
    const std::size_t to = std::min(id_flags.size(), from + kChunk);
    Status st = Write([&](Db& db) -> Status {
      for (std::size_t i = from; i < to; ++i) {
        auto st = db.Prepare("UPDATE responses SET flags = ?2 WHERE id = ?1");  // cached; reset when it goes
        st.Bind(1, id_flags[i].first).Bind(2, id_flags[i].second);
        if (int rc = st.Step(); rc != SQLITE_DONE) return db.LastError(rc);
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Status SqliteStorage::DeleteResponse(const std::string& id) {
  recent_.Forget(id);
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM responses WHERE id = ?1");
    st.Bind(1, id);
    return Changed(db, st.Step(), "the response '" + id + "'");
  });
}

Status SqliteStorage::PublishFormVersion(const std::string& form_id, const std::string& version, TimeMs now) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE forms SET published_at = CASE WHEN published_at = 0 THEN ?3 ELSE published_at END "
        "WHERE form_id = ?1 AND version = ?2");
    st.Bind(1, form_id).Bind(2, version).Bind(3, now);
    return Changed(db, st.Step(), "the form '" + form_id + "' version '" + version + "'");
  });
}

Status SqliteStorage::SetPublicationTime(const std::string& form_id, const std::string& version, TimeMs at,
                                         TimeMs now) {
  const std::string what = "the form '" + form_id + "' version '" + version + "'";
  return Write([&](Db& db) -> Status {
    auto q = db.Prepare("SELECT published_at FROM forms WHERE form_id = ?1 AND version = ?2");
    q.Bind(1, form_id).Bind(2, version);
    if (q.Step() != SQLITE_ROW) return MakeError(ErrorCode::kNotFound, what + " does not exist");
    TimeMs cur = q.Int(0);
    if (cur != 0 && cur <= now) return MakeError(ErrorCode::kConflict, what + " is live already");
    auto st = db.Prepare("UPDATE forms SET published_at = ?3 WHERE form_id = ?1 AND version = ?2");
    st.Bind(1, form_id).Bind(2, version).Bind(3, at);
    return Done(db, st.Step());
  });
}

std::string SqliteStorage::FormsVersion() {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT version FROM forms_version WHERE id = 1");
  return st.Step() == SQLITE_ROW ? std::to_string(st.Int(0)) : "0";
}

Status SqliteStorage::DeleteDraftVersion(const std::string& form_id, const std::string& version) {
  const std::string what = "the form '" + form_id + "' version '" + version + "'";
  return Write([&](Db& db) -> Status {
    {
      auto q = db.Prepare("SELECT published_at FROM forms WHERE form_id = ?1 AND version = ?2");
      q.Bind(1, form_id).Bind(2, version);
      if (q.Step() != SQLITE_ROW) return MakeError(ErrorCode::kNotFound, what + " does not exist");
      if (q.Int(0) != 0) return MakeError(ErrorCode::kConflict, what + " is published: only a draft can be deleted");
    }
    {
      auto q = db.Prepare(
          "SELECT COUNT(*) FROM responses WHERE form_id = ?1 AND form_version = ?2 AND channel <> 'test'");
      q.Bind(1, form_id).Bind(2, version);
      if (q.Step() == SQLITE_ROW && q.Int(0) > 0)
        return MakeError(ErrorCode::kConflict, what + " has responses: it cannot be deleted");
    }
    for (const char* sql : {"DELETE FROM responses WHERE form_id = ?1 AND form_version = ?2 AND channel = 'test'",
                            "DELETE FROM forms WHERE form_id = ?1 AND version = ?2",
                            "DELETE FROM form_windows WHERE form_id = ?1 AND NOT EXISTS "
                            "(SELECT 1 FROM forms WHERE form_id = ?1)"}) {
      auto st = db.Prepare(sql);
      st.Bind(1, form_id);
      if (std::string_view(sql).find("?2") != std::string_view::npos) st.Bind(2, version);
      if (Status d = Done(db, st.Step()); !d.ok()) return d;
    }
    return Status::Ok();
  });
}

Status SqliteStorage::AppendAudit(const AuditEvent& e) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("INSERT INTO audit_log(at, user_name, action, target, detail) VALUES(?1, ?2, ?3, ?4, ?5)");
    st.Bind(1, e.at).Bind(2, e.user).Bind(3, e.action).Bind(4, e.target).Bind(5, e.detail);
    return Done(db, st.Step());
  });
}

std::vector<AuditEvent> SqliteStorage::ListAudit(int limit, std::int64_t before_seq) {
  auto r = AcquireReader();
  auto st = r->Prepare(
      "SELECT seq, at, user_name, action, target, detail FROM audit_log WHERE (?1 <= 0 OR seq < ?1) "
      "ORDER BY seq DESC LIMIT ?2");
  st.Bind(1, before_seq).Bind(2, std::int64_t{limit});
  std::vector<AuditEvent> out;
  while (st.Step() == SQLITE_ROW) {
    out.push_back(AuditEvent{st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5)});
  }
  return out;
}

Status SqliteStorage::AddInvitations(const std::vector<Invitation>& invitations) {
  return Write([&](Db& db) -> Status {
    for (const auto& i : invitations) {
      auto st = db.Prepare(
          "INSERT INTO invitations(id, form_id, name, email, grp, country, created_at) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      st.Bind(1, i.id).Bind(2, i.form_id).Bind(3, i.name).Bind(4, i.email).Bind(5, i.group).Bind(6, i.country);
      st.Bind(7, i.created_at);
      int rc = st.Step();
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return MakeError(ErrorCode::kConflict, "the invitation '" + i.id + "' exists already");
      if (Status s = Done(db, rc); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

namespace {

constexpr const char* kInvitationSelect =
    "SELECT i.id, i.form_id, i.name, i.email, i.grp, i.country, i.created_at, COALESCE(r.id, ''), "
    "COALESCE(r.status, '') FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id ";

Invitation ReadInvitation(Stmt& st) {
  return Invitation{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4),
                    st.Text(5), st.Int(6),  st.Text(7), st.Text(8)};
}

}  // namespace

std::vector<Invitation> SqliteStorage::ListInvitations(const std::string& form_id) {
  auto r = AcquireReader();
  static const std::string kSql =
      std::string(kInvitationSelect) + "WHERE i.form_id = ?1 ORDER BY i.created_at, i.rowid";
  auto st = r->Prepare(kSql.c_str());
  st.Bind(1, form_id);
  std::vector<Invitation> out;
  while (st.Step() == SQLITE_ROW) out.push_back(ReadInvitation(st));
  return out;
}

std::optional<Invitation> SqliteStorage::FindInvitation(const std::string& id) {
  auto r = AcquireReader();
  static const std::string kSql = std::string(kInvitationSelect) + "WHERE i.id = ?1";
  auto st = r->Prepare(kSql.c_str());
  st.Bind(1, id);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return ReadInvitation(st);
}

}  // namespace mcs::storage::sqlite

namespace mcs::storage::sqlite {

Status SqliteStorage::UpsertContacts(const std::vector<ContactRecord>& contacts) {
  return Write([&](Db& db) -> Status {
    for (const auto& ct : contacts) {
      auto st = db.Prepare(
          "INSERT INTO contacts(email, name, organisation, grp, country, lang, created_at, updated_at) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(email) DO UPDATE SET "
          "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END, "
          "organisation = CASE WHEN excluded.organisation <> '' THEN excluded.organisation ELSE organisation END, "
          "grp = CASE WHEN excluded.grp <> '' THEN excluded.grp ELSE grp END, "
          "country = CASE WHEN excluded.country <> '' THEN excluded.country ELSE country END, "
          "lang = CASE WHEN excluded.lang <> '' THEN excluded.lang ELSE lang END, "
          "updated_at = excluded.updated_at");
      st.Bind(1, ct.email).Bind(2, ct.name).Bind(3, ct.organisation).Bind(4, ct.group).Bind(5, ct.country);
      st.Bind(6, ct.lang).Bind(7, ct.created_at).Bind(8, ct.updated_at ? ct.updated_at : ct.created_at);
      if (Status s = Done(db, st.Step()); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

Status SqliteStorage::UpdateContact(const std::string& email, const ContactRecord& c) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE contacts SET email = ?2, name = ?3, organisation = ?4, grp = ?5, country = ?6, lang = ?7, "
        "updated_at = ?8 WHERE email = ?1");
    st.Bind(1, email).Bind(2, c.email).Bind(3, c.name).Bind(4, c.organisation).Bind(5, c.group).Bind(6, c.country);
    st.Bind(7, c.lang).Bind(8, c.updated_at);
    int rc = st.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return MakeError(ErrorCode::kConflict, "the address book has another contact at " + c.email);
    }
    return Changed(db, rc, "the contact " + email);
  });
}

std::vector<ContactRecord> SqliteStorage::ListContacts() {
  auto r = AcquireReader();
  auto st = r->Prepare(
      "SELECT email, name, organisation, grp, country, lang, created_at, updated_at FROM contacts ORDER BY email");
  std::vector<ContactRecord> out;
  while (st.Step() == SQLITE_ROW) {
    out.push_back(ContactRecord{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Int(6),
                                st.Int(7)});
  }
  return out;
}

}  // namespace mcs::storage::sqlite

namespace mcs::storage::sqlite {
namespace {

constexpr const char* kMailColumns =
    "id, campaign_id, email, invitation_id, lang, state, attempts, not_before, claimed_at, node, sent_at, smtp_code, "
    "error";

QueuedMail ReadMail(Stmt& st) {
  QueuedMail m;
  m.id = st.Text(0);
  m.campaign_id = st.Text(1);
  m.email = st.Text(2);
  m.invitation_id = st.Text(3);
  m.lang = st.Text(4);
  m.state = st.Text(5);
  m.attempts = static_cast<int>(st.Int(6));
  m.not_before = st.Int(7);
  m.claimed_at = st.Int(8);
  m.node = st.Text(9);
  m.sent_at = st.Int(10);
  m.smtp_code = static_cast<int>(st.Int(11));
  m.error = st.Text(12);
  return m;
}

}  // namespace

Status SqliteStorage::CreateCampaign(const CampaignRecord& c, const std::vector<Invitation>& invitations,
                                     const std::vector<QueuedMail>& mail) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO campaigns(id, form_id, kind, selection, created_by, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.Bind(1, c.id).Bind(2, c.form_id).Bind(3, c.kind).Bind(4, c.selection).Bind(5, c.created_by).Bind(6, c.created_at);
    int rc = st.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return MakeError(ErrorCode::kConflict, "the campaign '" + c.id + "' exists");
    if (Status s = Done(db, rc); !s.ok()) return s;
    for (const auto& i : invitations) {
      auto ins = db.Prepare(
          "INSERT INTO invitations(id, form_id, name, email, grp, country, created_at) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      ins.Bind(1, i.id).Bind(2, i.form_id).Bind(3, i.name).Bind(4, i.email).Bind(5, i.group).Bind(6, i.country);
      ins.Bind(7, i.created_at);
      if (Status s = Done(db, ins.Step()); !s.ok()) return s;
    }
    for (const auto& m : mail) {
      auto ins = db.Prepare(
          "INSERT INTO mail_queue(id, campaign_id, email, invitation_id, lang, state, attempts, not_before, claimed_at, "
          "node, sent_at, smtp_code, error) VALUES(?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, 0, '', 0, 0, '')");
      ins.Bind(1, m.id).Bind(2, c.id).Bind(3, m.email).Bind(4, m.invitation_id).Bind(5, m.lang).Bind(6, m.state);
      ins.Bind(7, m.not_before);
      if (Status s = Done(db, ins.Step()); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

std::vector<CampaignRecord> SqliteStorage::ListCampaigns() {
  auto r = AcquireReader();
  auto st = r->Prepare(
      "SELECT id, form_id, kind, selection, created_by, created_at FROM campaigns ORDER BY created_at, rowid");
  std::vector<CampaignRecord> out;
  while (st.Step() == SQLITE_ROW)
    out.push_back(CampaignRecord{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5)});
  return out;
}

std::vector<QueuedMail> SqliteStorage::ListMail(const std::string& campaign_id) {
  auto r = AcquireReader();
  static const std::string kSql =
      std::string("SELECT ") + kMailColumns + " FROM mail_queue WHERE campaign_id = ?1 ORDER BY rowid";
  auto st = r->Prepare(kSql.c_str());
  st.Bind(1, campaign_id);
  std::vector<QueuedMail> out;
  while (st.Step() == SQLITE_ROW) out.push_back(ReadMail(st));
  return out;
}

std::optional<QueuedMail> SqliteStorage::ClaimMail(const std::string& node, TimeMs now) {
  std::optional<QueuedMail> out;
  // One write transaction: SQLite has one writer at a time, so the select and the update cannot
  // interleave with another claim; the claim is committed (on disk) before the message is sent.
  Status st = Write([&](Db& db) -> Status {
    static const std::string kSql =
        std::string("UPDATE mail_queue SET state = 'sending', node = ?1, claimed_at = ?2, attempts = attempts + 1 "
                    "WHERE rowid = (SELECT rowid FROM mail_queue WHERE state = 'queued' AND not_before <= ?2 "
                    "ORDER BY not_before, rowid LIMIT 1) RETURNING ") +
        kMailColumns;
    auto q = db.Prepare(kSql.c_str());
    q.Bind(1, node).Bind(2, now);
    int rc = q.Step();
    if (rc == SQLITE_ROW) {
      out = ReadMail(q);
      rc = q.Step();
    }
    if (Status s = Done(db, rc); !s.ok()) {
      out.reset();
      return s;
    }
    return Status::Ok();
  });
  if (!st.ok()) return std::nullopt;
  return out;
}

Status SqliteStorage::FinishMail(const QueuedMail& m, const std::string& node) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE mail_queue SET state = ?2, not_before = ?3, sent_at = ?4, smtp_code = ?5, error = ?6 "
        "WHERE id = ?1 AND state = 'sending' AND node = ?7");
    st.Bind(1, m.id).Bind(2, m.state).Bind(3, m.not_before).Bind(4, m.sent_at).Bind(5, std::int64_t{m.smtp_code});
    st.Bind(6, m.error).Bind(7, node);
    return Changed(db, st.Step(), "a message being sent as " + m.id);
  });
}

std::vector<QueuedMail> SqliteStorage::ClaimMails(const std::string& node, TimeMs now, int limit, int per_minute) {
  std::vector<QueuedMail> out;
  if (limit <= 0) return out;
  // One write transaction, as ClaimMail: the count of recent claims and the claim cannot interleave
  // with another claimer's (SQLite has one writer), so the throttle holds for every thread and process.
  Status st = Write([&](Db& db) -> Status {
    std::int64_t allowed = limit;
    if (per_minute > 0) {
      auto c = db.Prepare(
          "SELECT count(*) FILTER (WHERE claimed_at > ?1 - 60000), count(*) FILTER (WHERE claimed_at > ?1 - 1000) "
          "FROM mail_queue WHERE claimed_at > ?1 - 60000");
      c.Bind(1, now);
      if (c.Step() != SQLITE_ROW) return MakeError(ErrorCode::kInternal, "counting recent claims failed");
      std::int64_t per_second = (per_minute + 59) / 60;
      allowed = std::min({allowed, std::int64_t{per_minute} - c.Int(0), per_second - c.Int(1)});
      if (allowed <= 0) return Status::Ok();
    }
    static const std::string kSql =
        std::string("UPDATE mail_queue SET state = 'sending', node = ?1, claimed_at = ?2, attempts = attempts + 1 "
                    "WHERE rowid IN (SELECT rowid FROM mail_queue WHERE state = 'queued' AND not_before <= ?2 "
                    "ORDER BY not_before, rowid LIMIT ?3) RETURNING ") +
        kMailColumns;
    auto q = db.Prepare(kSql.c_str());
    q.Bind(1, node).Bind(2, now).Bind(3, allowed);
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) out.push_back(ReadMail(q));
    if (Status s = Done(db, rc); !s.ok()) {
      out.clear();
      return s;
    }
    return Status::Ok();
  });
  if (!st.ok()) out.clear();
  return out;
}

Result<int> SqliteStorage::FinishMails(const std::vector<QueuedMail>& done, const std::string& node,
                                       const std::vector<AuditEvent>& audit) {
  int changed = 0;
  Status st = Write([&](Db& db) -> Status {
    for (const auto& m : done) {
      auto u = db.Prepare(
          "UPDATE mail_queue SET state = ?2, not_before = ?3, sent_at = ?4, smtp_code = ?5, error = ?6 "
          "WHERE id = ?1 AND state = 'sending' AND node = ?7");
      u.Bind(1, m.id).Bind(2, m.state).Bind(3, m.not_before).Bind(4, m.sent_at).Bind(5, std::int64_t{m.smtp_code});
      u.Bind(6, m.error).Bind(7, node);
      if (Status s = Done(db, u.Step()); !s.ok()) return s;
      changed += sqlite3_changes(db.handle());
    }
    for (const auto& e : audit) {
      if (e.action.empty()) continue;
      auto a = db.Prepare("INSERT INTO audit_log(at, user_name, action, target, detail) VALUES(?1, ?2, ?3, ?4, ?5)");
      a.Bind(1, e.at).Bind(2, e.user).Bind(3, e.action).Bind(4, e.target).Bind(5, e.detail);
      if (Status s = Done(db, a.Step()); !s.ok()) return s;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return changed;
}

Result<int> SqliteStorage::ExpireClaims(TimeMs stale_before) {
  int n = 0;
  Status st = Write([&](Db& db) -> Status {
    auto q = db.Prepare("UPDATE mail_queue SET state = 'uncertain' WHERE state = 'sending' AND claimed_at < ?1");
    q.Bind(1, stale_before);
    if (Status s = Done(db, q.Step()); !s.ok()) return s;
    n = sqlite3_changes(db.handle());
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return n;
}

Result<int> SqliteStorage::RequeueUncertain(const std::string& campaign_id, TimeMs now) {
  int n = 0;
  Status st = Write([&](Db& db) -> Status {
    auto q = db.Prepare(
        "UPDATE mail_queue SET state = 'queued', not_before = ?2 WHERE state = 'uncertain' AND campaign_id = ?1");
    q.Bind(1, campaign_id).Bind(2, now);
    if (Status s = Done(db, q.Step()); !s.ok()) return s;
    n = sqlite3_changes(db.handle());
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return n;
}

Status SqliteStorage::BlockAddress(const std::string& email, const std::string& reason, TimeMs at) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("INSERT INTO mail_blocklist(email, reason, at) VALUES(?1, ?2, ?3) ON CONFLICT(email) DO NOTHING");
    st.Bind(1, email).Bind(2, reason).Bind(3, at);
    return Done(db, st.Step());
  });
}

std::vector<std::pair<std::string, std::string>> SqliteStorage::ListBlocked() {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT email, reason FROM mail_blocklist ORDER BY email");
  std::vector<std::pair<std::string, std::string>> out;
  while (st.Step() == SQLITE_ROW) out.emplace_back(st.Text(0), st.Text(1));
  return out;
}

}  // namespace mcs::storage::sqlite

// --- Bounces (issue 22): the queued message a VERP token names, delivery status notifications
// recorded once by the hash of the message, the blocklist looked up by address. ---
namespace mcs::storage::sqlite {
namespace {

constexpr const char* kBounceColumns = "key, at, email, mail_id, kind, status, diagnostic";

BounceRecord ReadBounce(Stmt& st) {
  return BounceRecord{st.Text(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6)};
}

}  // namespace

std::optional<QueuedMail> SqliteStorage::FindMail(const std::string& id) {
  auto r = AcquireReader();
  static const std::string kSql = std::string("SELECT ") + kMailColumns + " FROM mail_queue WHERE id = ?1";
  auto st = r->Prepare(kSql.c_str());
  st.Bind(1, id);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return ReadMail(st);
}

Result<bool> SqliteStorage::RecordBounce(const BounceRecord& b) {
  bool fresh = false;
  Status s = Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO mail_bounces(key, at, email, mail_id, kind, status, diagnostic) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(key) DO NOTHING");
    st.Bind(1, b.key).Bind(2, b.at).Bind(3, b.email).Bind(4, b.mail_id).Bind(5, b.kind).Bind(6, b.status);
    st.Bind(7, b.diagnostic);
    int rc = st.Step();
    if (rc != SQLITE_DONE) return db.LastError(rc);
    fresh = sqlite3_changes(db.handle()) > 0;
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return fresh;
}

std::vector<BounceRecord> SqliteStorage::ListBounces(const std::string& email) {
  auto r = AcquireReader();
  std::string sql = std::string("SELECT ") + kBounceColumns + " FROM mail_bounces" +
                    (email.empty() ? "" : " WHERE email = ?1") + " ORDER BY at DESC, key";
  auto st = r->Prepare(sql.c_str());
  if (!email.empty()) st.Bind(1, email);
  std::vector<BounceRecord> out;
  while (st.Step() == SQLITE_ROW) out.push_back(ReadBounce(st));
  return out;
}

std::optional<std::string> SqliteStorage::BlockedReason(const std::string& email) {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT reason FROM mail_blocklist WHERE email = ?1");
  st.Bind(1, email);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return st.Text(0);
}

Result<int> SqliteStorage::DeleteBounces(const std::string& email) {
  int n = 0;
  Status s = Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM mail_bounces WHERE email = ?1");
    st.Bind(1, email);
    int rc = st.Step();
    if (rc != SQLITE_DONE) return db.LastError(rc);
    n = sqlite3_changes(db.handle());
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return n;
}

}  // namespace mcs::storage::sqlite

// --- Copying a study (mcsurvey migrate): the blocklist with its times, and a campaign's queue stored
// exactly as the source holds it, so a copied queue never sends again what was sent or may have been
// (uncertain). ---
namespace mcs::storage::sqlite {
namespace {

Status CopyStepDone(Db& db, Stmt& st) {
  int rc = st.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
}

}  // namespace

std::vector<BlockedAddress> SqliteStorage::ListBlockedAddresses() {
  auto r = AcquireReader();
  auto st = r->Prepare("SELECT email, reason, at FROM mail_blocklist ORDER BY email");
  std::vector<BlockedAddress> out;
  while (st.Step() == SQLITE_ROW) out.push_back(BlockedAddress{st.Text(0), st.Text(1), st.Int(2)});
  return out;
}

Status SqliteStorage::RestoreCampaign(const CampaignRecord& c, const std::vector<QueuedMail>& mail) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO campaigns(id, form_id, kind, selection, created_by, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.Bind(1, c.id).Bind(2, c.form_id).Bind(3, c.kind).Bind(4, c.selection).Bind(5, c.created_by).Bind(6, c.created_at);
    int rc = st.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return MakeError(ErrorCode::kConflict, "the campaign '" + c.id + "' exists");
    if (rc != SQLITE_DONE) return db.LastError(rc);
    // Rows go in the given order: the queue's order is the rowid's (ListMail, ClaimMail).
    for (const auto& m : mail) {
      auto ins = db.Prepare(
          "INSERT INTO mail_queue(id, campaign_id, email, invitation_id, lang, state, attempts, not_before, claimed_at, "
          "node, sent_at, smtp_code, error) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
      ins.Bind(1, m.id).Bind(2, c.id).Bind(3, m.email).Bind(4, m.invitation_id).Bind(5, m.lang).Bind(6, m.state);
      ins.Bind(7, std::int64_t{m.attempts}).Bind(8, m.not_before).Bind(9, m.claimed_at).Bind(10, m.node);
      ins.Bind(11, m.sent_at).Bind(12, std::int64_t{m.smtp_code}).Bind(13, m.error);
      if (Status s = CopyStepDone(db, ins); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

}  // namespace mcs::storage::sqlite
