#include "storage/postgres/pg_storage.h"

#include <algorithm>

#include "storage/postgres/migrations.h"

namespace mcs::storage::postgres {
namespace {

Status Done(const Result<Rows>& r) { return r.ok() ? Status::Ok() : Status(r.error()); }

// NotFound when the statement changed nothing.
Status Changed(const Result<Rows>& r, const std::string& what) {
  if (!r.ok()) return r.error();
  if (r->Affected() == 0) return MakeError(ErrorCode::kNotFound, what + " does not exist");
  return Status::Ok();
}

constexpr const char* kResponseColumns =
    "id, form_id, form_version, lang, status, COALESCE(resume_hash, ''), answers, personal, page, channel, "
    "started_at, updated_at, COALESCE(submitted_at, 0), COALESCE(invitation_id, ''), flags, excluded, review_note, "
    "privacy_ack_at, privacy_notice";

ResponseRecord ReadResponse(const Rows& st, int i) {
  ResponseRecord r;
  r.id = st.Text(i, 0);
  r.form_id = st.Text(i, 1);
  r.form_version = st.Text(i, 2);
  r.lang = st.Text(i, 3);
  r.status = st.Text(i, 4) == "complete" ? ResponseStatus::kComplete : ResponseStatus::kPartial;
  r.resume_hash = st.Text(i, 5);
  r.answers_json = st.Text(i, 6);
  r.personal_json = st.Text(i, 7);
  r.page = static_cast<int>(st.Int(i, 8));
  r.channel = st.Text(i, 9);
  r.started_at = st.Int(i, 10);
  r.updated_at = st.Int(i, 11);
  r.submitted_at = st.Int(i, 12);
  r.invitation_id = st.Text(i, 13);
  r.flags = st.Text(i, 14);
  r.excluded = st.Text(i, 15) == "t";
  r.review_note = st.Text(i, 16);
  r.privacy_ack_at = st.Int(i, 17);
  r.privacy_notice = st.Text(i, 18);
  return r;
}

constexpr const char* kUserColumns = "name, role, password_hash, created_at, failed_logins, locked_until";

UserRecord ReadUser(const Rows& st, int i) {
  return UserRecord{st.Text(i, 0), st.Text(i, 1), st.Text(i, 2), st.Int(i, 3), static_cast<int>(st.Int(i, 4)),
                    st.Int(i, 5)};
}

Param Bool(bool b) { return P(b ? "true" : "false"); }

constexpr const char* kInvitationSelect =
    "SELECT i.id, i.form_id, i.name, i.email, i.grp, i.country, i.created_at, COALESCE(r.id, ''), "
    "COALESCE(r.status, '') FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id ";

Invitation ReadInvitation(const Rows& st, int i) {
  return Invitation{st.Text(i, 0), st.Text(i, 1), st.Text(i, 2), st.Text(i, 3), st.Text(i, 4),
                    st.Text(i, 5), st.Int(i, 6),  st.Text(i, 7), st.Text(i, 8)};
}

}  // namespace

Result<std::unique_ptr<PgStorage>> PgStorage::Open(const std::string& url, int pool_size) {
  std::unique_ptr<PgStorage> s(new PgStorage());
  if (Status st = s->pool_.Open(url, pool_size); !st.ok()) return st.error();
  return s;
}

void PgStorage::Close() {}

Status PgStorage::InTransaction(const std::function<Status(Conn&)>& fn) {
  auto c = pool_.Acquire();
  if (Status st = c->Exec("BEGIN"); !st.ok()) return st;
  Status st;
  try {
    st = fn(*c);
  } catch (const std::exception& e) {
    st = MakeError(ErrorCode::kInternal, e.what());
  }
  if (!st.ok()) {
    (void)c->Exec("ROLLBACK");
    return st;
  }
  return c->Exec("COMMIT");
}

Status PgStorage::Migrate() {
  auto c = pool_.Acquire();
  return ApplyMigrations(*c);
}

bool PgStorage::IsEmpty() {
  auto c = pool_.Acquire();
  return MustRows(c->Query("SELECT NOT EXISTS(SELECT 1 FROM forms)")).Text(0, 0) == "t";
}

std::optional<std::string> PgStorage::GetSetting(const std::string& key) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query("SELECT value FROM meta WHERE key = $1", {P(key)}));
  if (r.empty()) return std::nullopt;
  return r.Text(0, 0);
}

Status PgStorage::PutSetting(const std::string& key, const std::string& value) {
  auto c = pool_.Acquire();
  return Done(c->Query("INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = $2",
                       {P(key), P(value)}));
}

Result<std::string> PgStorage::InitSetting(const std::string& key, const std::string& value) {
  auto c = pool_.Acquire();
  // ON CONFLICT DO NOTHING waits for a concurrent inserter of the same key and then does nothing;
  // the SELECT after it sees whichever value won.
  auto ins = c->Query("INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT(key) DO NOTHING", {P(key), P(value)});
  if (!ins.ok()) return ins.error();
  auto r = c->Query("SELECT value FROM meta WHERE key = $1", {P(key)});
  if (!r.ok()) return r.error();
  if (r->empty()) return MakeError(ErrorCode::kInternal, "the setting '" + key + "' vanished");
  return r->Text(0, 0);
}

std::vector<std::pair<std::string, std::string>> PgStorage::AllSettings() {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query("SELECT key, value FROM meta ORDER BY key"));
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.emplace_back(r.Text(i, 0), r.Text(i, 1));
  return out;
}

Status PgStorage::BackupDatabase(const std::string&) {
  return MakeError(ErrorCode::kInvalid,
                   "backup is for SQLite databases; back up PostgreSQL with pg_dump (see the README)");
}

Status PgStorage::AddFormVersion(const FormRecord& f) {
  auto c = pool_.Acquire();
  // Insert-or-compare in that order, so two nodes installing the same form at once both succeed.
  auto ins = c->Query(
      "INSERT INTO forms(form_id, version, title, file_name, source, created_at, published_at) "
      "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(form_id, version) DO NOTHING",
      {P(f.form_id), P(f.version), P(f.title), P(f.file_name), Bytes(f.source), P(f.created_at), P(f.published_at)});
  if (!ins.ok()) return ins.error();
  if (ins->Affected() == 1) return Status::Ok();
  auto q = c->Query("SELECT source FROM forms WHERE form_id = $1 AND version = $2", {P(f.form_id), P(f.version)});
  if (!q.ok()) return q.error();
  if (!q->empty() && q->Bytes(0, 0) == f.source) return Status::Ok();
  return MakeError(ErrorCode::kConflict, "the form '" + f.form_id + "' already has a version '" + f.version +
                                             "' with other content: give the new one a new version");
}

std::vector<FormRecord> PgStorage::AllFormVersions() {
  auto c = pool_.Acquire();
  auto r = MustRows(
      c->Query("SELECT form_id, version, title, file_name, source, created_at, published_at FROM forms "
               "ORDER BY created_at, ord"));
  std::vector<FormRecord> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(FormRecord{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Bytes(i, 4), r.Int(i, 5),
                             r.Int(i, 6)});
  }
  return out;
}

Status PgStorage::PublishFormVersion(const std::string& form_id, const std::string& version, TimeMs now) {
  auto c = pool_.Acquire();
  return Changed(c->Query("UPDATE forms SET published_at = CASE WHEN published_at = 0 THEN $3 ELSE published_at END "
                          "WHERE form_id = $1 AND version = $2",
                          {P(form_id), P(version), P(now)}),
                 "the form '" + form_id + "' version '" + version + "'");
}

Status PgStorage::SetPublicationTime(const std::string& form_id, const std::string& version, TimeMs at,
                                     TimeMs now) {
  const std::string what = "the form '" + form_id + "' version '" + version + "'";
  return InTransaction([&](Conn& c) -> Status {
    auto q = c.Query("SELECT published_at FROM forms WHERE form_id = $1 AND version = $2 FOR UPDATE",
                     {P(form_id), P(version)});
    if (!q.ok()) return q.error();
    if (q->empty()) return MakeError(ErrorCode::kNotFound, what + " does not exist");
    TimeMs cur = q->Int(0, 0);
    if (cur != 0 && cur <= now) return MakeError(ErrorCode::kConflict, what + " is live already");
    auto u = c.Query("UPDATE forms SET published_at = $3 WHERE form_id = $1 AND version = $2",
                     {P(form_id), P(version), P(at)});
    return u.ok() ? Status::Ok() : Status(u.error());
  });
}

std::string PgStorage::FormsVersion() {
  // As ResponsesVersion: every UPDATE gives a row a new xmin, an INSERT or DELETE moves the count.
  // The forms table holds a few dozen rows, so this is one short scan.
  auto c = pool_.Acquire();
  return MustRows(c->Query("SELECT COUNT(*)::TEXT || ':' || COALESCE(SUM(xmin::TEXT::BIGINT), 0)::TEXT FROM forms"))
      .Text(0, 0);
}

Status PgStorage::DeleteDraftVersion(const std::string& form_id, const std::string& version) {
  const std::string what = "the form '" + form_id + "' version '" + version + "'";
  return InTransaction([&](Conn& c) -> Status {
    // The row lock keeps a concurrent publish from slipping in between the check and the delete.
    auto q = c.Query("SELECT published_at FROM forms WHERE form_id = $1 AND version = $2 FOR UPDATE",
                     {P(form_id), P(version)});
    if (!q.ok()) return q.error();
    if (q->empty()) return MakeError(ErrorCode::kNotFound, what + " does not exist");
    if (q->Int(0, 0) != 0) return MakeError(ErrorCode::kConflict, what + " is published: only a draft can be deleted");
    auto n = c.Query("SELECT COUNT(*) FROM responses WHERE form_id = $1 AND form_version = $2 AND channel <> 'test'",
                     {P(form_id), P(version)});
    if (!n.ok()) return n.error();
    if (n->Int(0, 0) > 0) return MakeError(ErrorCode::kConflict, what + " has responses: it cannot be deleted");
    for (const char* sql : {"DELETE FROM responses WHERE form_id = $1 AND form_version = $2 AND channel = 'test'",
                            "DELETE FROM forms WHERE form_id = $1 AND version = $2"}) {
      if (auto d = c.Query(sql, {P(form_id), P(version)}); !d.ok()) return d.error();
    }
    auto w = c.Query("DELETE FROM form_windows WHERE form_id = $1 AND NOT EXISTS (SELECT 1 FROM forms WHERE form_id = $1)",
                     {P(form_id)});
    return w.ok() ? Status::Ok() : Status(w.error());
  });
}

std::optional<FormWindow> PgStorage::GetWindow(const std::string& form_id) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT opens_at, closes_at, paused, closed_message, archived_at FROM form_windows WHERE form_id = $1",
      {P(form_id)}));
  if (r.empty()) return std::nullopt;
  return FormWindow{form_id, r.Int(0, 0), r.Int(0, 1), r.Text(0, 2) == "t", r.Text(0, 3), r.Int(0, 4)};
}

Status PgStorage::PutWindow(const FormWindow& w) {
  auto c = pool_.Acquire();
  return Done(c->Query(
      "INSERT INTO form_windows(form_id, opens_at, closes_at, paused, closed_message, archived_at) "
      "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(form_id) DO UPDATE SET opens_at = $2, closes_at = $3, "
      "paused = $4, closed_message = $5, archived_at = $6",
      {P(w.form_id), P(w.opens_at), P(w.closes_at), Bool(w.paused), P(w.closed_message), P(w.archived_at)}));
}

Status PgStorage::InsertResponse(const ResponseRecord& r) {
  auto c = pool_.Acquire();
  auto res = c->Query(
      "INSERT INTO responses(id, form_id, form_version, lang, status, resume_hash, answers, personal, page, "
      "channel, started_at, updated_at, submitted_at, invitation_id, flags, excluded, review_note, privacy_ack_at, "
      "privacy_notice) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
      {P(r.id), P(r.form_id), P(r.form_version), P(r.lang), P(StatusName(r.status)), OrNull(r.resume_hash),
       P(r.answers_json), P(r.personal_json), P(std::int64_t{r.page}), P(r.channel), P(r.started_at),
       P(r.updated_at), r.submitted_at ? P(r.submitted_at) : Null(), OrNull(r.invitation_id), P(r.flags),
       Bool(r.excluded), P(r.review_note), P(r.privacy_ack_at), P(r.privacy_notice)});
  if (!res.ok() && res.error().code == ErrorCode::kConflict) {
    return MakeError(ErrorCode::kConflict, r.invitation_id.empty()
                                               ? "a response with this id exists already"
                                               : "this invitation has been used for a response already");
  }
  return Done(res);
}

Status PgStorage::UpdateResponse(const ResponseRecord& r) {
  auto c = pool_.Acquire();
  auto res = c->Query(
      "UPDATE responses SET form_version = $2, lang = $3, status = $4, answers = $5, personal = $6, page = $7, "
      "updated_at = $8, submitted_at = $9, privacy_ack_at = $10, privacy_notice = $11 "
      "WHERE id = $1 AND status = 'partial'",
      {P(r.id), P(r.form_version), P(r.lang), P(StatusName(r.status)), P(r.answers_json), P(r.personal_json),
       P(std::int64_t{r.page}), P(r.updated_at), r.submitted_at ? P(r.submitted_at) : Null(), P(r.privacy_ack_at),
       P(r.privacy_notice)});
  if (!res.ok()) return res.error();
  if (res->Affected() == 0) return MakeError(ErrorCode::kConflict, "the response is already complete or does not exist");
  return Status::Ok();
}

std::optional<ResponseRecord> PgStorage::FindByResumeHash(const std::string& hash) {
  auto c = pool_.Acquire();
  static const std::string kSql = std::string("SELECT ") + kResponseColumns + " FROM responses WHERE resume_hash = $1";
  auto r = MustRows(c->Query(kSql, {P(hash)}));
  if (r.empty()) return std::nullopt;
  return ReadResponse(r, 0);
}

std::optional<ResponseRecord> PgStorage::FindResponse(const std::string& id) {
  auto c = pool_.Acquire();
  static const std::string kSql = std::string("SELECT ") + kResponseColumns + " FROM responses WHERE id = $1";
  auto r = MustRows(c->Query(kSql, {P(id)}));
  if (r.empty()) return std::nullopt;
  return ReadResponse(r, 0);
}

Status PgStorage::ForEachResponse(const std::string& form_id, const ResponseFilter& filter,
                                  const std::function<bool(const ResponseRecord&)>& fn) {
  auto c = pool_.Acquire();
  // One statement is one snapshot, so the export is consistent while writes go on; the order is
  // the responses_in_order index's.
  static const std::string kSql = std::string("SELECT ") + kResponseColumns +
                                  " FROM responses WHERE form_id = $1 AND ($2 = false OR status = 'complete') "
                                  "AND ($3 = '' OR form_version = $3) AND ($4 OR excluded = false) "
                                  "AND ($5 OR channel <> 'test') "
                                  "ORDER BY COALESCE(submitted_at, updated_at), id";
  return c->Stream(kSql,
                   {P(form_id), Bool(filter.complete_only), P(filter.form_version), Bool(filter.include_excluded),
                    Bool(filter.include_test)},
                   [&](const Rows& row) { return fn(ReadResponse(row, 0)); });
}

ResponseCounts PgStorage::CountResponses(const std::string& form_id) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT status, COUNT(*) FROM responses WHERE form_id = $1 AND channel <> 'test' GROUP BY status", {P(form_id)}));
  ResponseCounts out;
  for (int i = 0; i < r.size(); ++i) (r.Text(i, 0) == "complete" ? out.complete : out.partial) = r.Int(i, 1);
  return out;
}

std::string PgStorage::ResponsesVersion(const std::string& form_id) {
  // Every UPDATE writes a new row version with a new xmin, a DELETE lowers the count: their sum
  // moves on any change. One pass over the form's rows inside PostgreSQL (no trigger, so writers
  // on several nodes never queue on one counter row).
  auto c = pool_.Acquire();
  return MustRows(c->Query("SELECT COUNT(*)::TEXT || ':' || COALESCE(SUM(xmin::TEXT::BIGINT), 0)::TEXT FROM responses "
                       "WHERE form_id = $1",
                       {P(form_id)}))
      .Text(0, 0);
}

Status PgStorage::SetResponseReview(const std::string& id, const std::string& flags, bool excluded,
                                    const std::string& note) {
  auto c = pool_.Acquire();
  return Changed(c->Query("UPDATE responses SET flags = $2, excluded = $3, review_note = $4 WHERE id = $1",
                          {P(id), P(flags), Bool(excluded), P(note)}),
                 "the response '" + id + "'");
}

Status PgStorage::SetResponseFlags(const std::vector<std::pair<std::string, std::string>>& id_flags) {
  constexpr std::size_t kChunk = 2000;
  for (std::size_t from = 0; from < id_flags.size(); from += kChunk) {
    const std::size_t to = std::min(id_flags.size(), from + kChunk);
    Status st = InTransaction([&](Conn& c) -> Status {
      for (std::size_t i = from; i < to; ++i) {
        auto r = c.Query("UPDATE responses SET flags = $2 WHERE id = $1", {P(id_flags[i].first), P(id_flags[i].second)});
        if (!r.ok()) return r.error();
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Status PgStorage::DeleteResponse(const std::string& id) {
  auto c = pool_.Acquire();
  return Changed(c->Query("DELETE FROM responses WHERE id = $1", {P(id)}), "the response '" + id + "'");
}

Status PgStorage::AddUser(const UserRecord& u) {
  auto c = pool_.Acquire();
  auto r = c->Query("INSERT INTO users(name, role, password_hash, created_at) VALUES($1, $2, $3, $4)",
                    {P(u.name), P(u.role), P(u.password_hash), P(u.created_at)});
  if (!r.ok() && r.error().code == ErrorCode::kConflict)
    return MakeError(ErrorCode::kConflict, "the user '" + u.name + "' exists already");
  return Done(r);
}

std::optional<UserRecord> PgStorage::GetUser(const std::string& name) {
  auto c = pool_.Acquire();
  static const std::string kSql = std::string("SELECT ") + kUserColumns + " FROM users WHERE name = $1";
  auto r = MustRows(c->Query(kSql, {P(name)}));
  if (r.empty()) return std::nullopt;
  return ReadUser(r, 0);
}

std::vector<UserRecord> PgStorage::ListUsers() {
  auto c = pool_.Acquire();
  static const std::string kSql = std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name";
  auto r = MustRows(c->Query(kSql));
  std::vector<UserRecord> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.push_back(ReadUser(r, i));
  return out;
}

Status PgStorage::UpdateUser(const UserRecord& u) {
  auto c = pool_.Acquire();
  return Changed(c->Query("UPDATE users SET role = $2, password_hash = $3 WHERE name = $1",
                          {P(u.name), P(u.role), P(u.password_hash)}),
                 "the user '" + u.name + "'");
}

Status PgStorage::DeleteUser(const std::string& name) {
  auto c = pool_.Acquire();
  return Changed(c->Query("DELETE FROM users WHERE name = $1", {P(name)}), "the user '" + name + "'");
}

Status PgStorage::RecordSignIn(const std::string& name, bool failed, TimeMs locked_until) {
  auto c = pool_.Acquire();
  // One statement: concurrent failures on two nodes both count.
  return Changed(
      c->Query("UPDATE users SET failed_logins = CASE WHEN $2 THEN failed_logins + 1 ELSE 0 END, locked_until = $3 "
               "WHERE name = $1",
               {P(name), Bool(failed), P(failed ? locked_until : TimeMs{0})}),
      "the user '" + name + "'");
}

Result<int> PgStorage::CountSignInFailure(const std::string& name, TimeMs now) {
  auto c = pool_.Acquire();
  // The new count and the wait it brings in one statement: right-hand sides see the old row, and
  // the row lock orders concurrent failures from every node.
  auto r = c->Query(
      "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 > $3::int "
      "THEN $2::bigint + LEAST($5::bigint, $4::bigint << LEAST(failed_logins - $3::int, $6::int)) "
      "ELSE locked_until END WHERE name = $1 RETURNING failed_logins",
      {P(name), P(now), P(TimeMs{kSignInFreeFailures}), P(kSignInFirstDelayMs), P(kSignInMaxDelayMs),
       P(TimeMs{kSignInMaxDoublings})});
  if (!r.ok()) return r.error();
  if (r->size() == 0) return 0;
  return static_cast<int>(r->Int(0, 0));
}

Status PgStorage::CreateSession(const SessionRecord& s) {
  return InTransaction([&](Conn& c) -> Status {
    if (Status st = Done(c.Query("DELETE FROM sessions WHERE expires_at <= $1", {P(s.created_at)})); !st.ok())
      return st;
    return Done(c.Query(
        "INSERT INTO sessions(id_hash, user_name, csrf, created_at, last_seen_at, expires_at) "
        "VALUES($1, $2, $3, $4, $5, $6)",
        {P(s.id_hash), P(s.user), P(s.csrf), P(s.created_at), P(s.last_seen_at), P(s.expires_at)}));
  });
}

std::optional<SessionRecord> PgStorage::FindSession(const std::string& id_hash, TimeMs now) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT id_hash, user_name, csrf, created_at, last_seen_at, expires_at FROM sessions "
      "WHERE id_hash = $1 AND expires_at > $2",
      {P(id_hash), P(now)}));
  if (r.empty()) return std::nullopt;
  return SessionRecord{r.Text(0, 0), r.Text(0, 1), r.Text(0, 2), r.Int(0, 3), r.Int(0, 4), r.Int(0, 5)};
}

Status PgStorage::TouchSession(const std::string& id_hash, TimeMs last_seen_at, TimeMs expires_at) {
  auto c = pool_.Acquire();
  return Changed(c->Query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1",
                          {P(id_hash), P(last_seen_at), P(expires_at)}),
                 "the session");
}

Status PgStorage::DeleteSession(const std::string& id_hash) {
  auto c = pool_.Acquire();
  return Done(c->Query("DELETE FROM sessions WHERE id_hash = $1", {P(id_hash)}));
}

Status PgStorage::DeleteUserSessions(const std::string& user) {
  auto c = pool_.Acquire();
  return Done(c->Query("DELETE FROM sessions WHERE user_name = $1", {P(user)}));
}

Status PgStorage::AddApiToken(const std::string& token_hash, const std::string& user, const std::string& label,
                              TimeMs now) {
  auto c = pool_.Acquire();
  return Done(c->Query("INSERT INTO api_tokens(token_hash, user_name, label, created_at) VALUES($1, $2, $3, $4)",
                       {P(token_hash), P(user), P(label), P(now)}));
}

std::optional<UserRecord> PgStorage::FindApiTokenUser(const std::string& token_hash) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT u.name, u.role, u.password_hash, u.created_at, u.failed_logins, u.locked_until "
      "FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
      {P(token_hash)}));
  if (r.empty()) return std::nullopt;
  return ReadUser(r, 0);
}

std::vector<ApiTokenRecord> PgStorage::ListApiTokens() {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT token_hash, user_name, label, created_at, COALESCE(revoked_at, 0) FROM api_tokens "
      "ORDER BY created_at DESC, ord DESC"));
  std::vector<ApiTokenRecord> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i)
    out.push_back(ApiTokenRecord{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Int(i, 3), r.Int(i, 4)});
  return out;
}

Status PgStorage::RevokeApiToken(const std::string& token_hash, TimeMs now) {
  auto c = pool_.Acquire();
  return Changed(c->Query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE token_hash = $1",
                          {P(token_hash), P(now)}),
                 "the API token");
}

Status PgStorage::AppendAudit(const AuditEvent& e) {
  auto c = pool_.Acquire();
  return Done(c->Query("INSERT INTO audit_log(at, user_name, action, target, detail) VALUES($1, $2, $3, $4, $5)",
                       {P(e.at), P(e.user), P(e.action), P(e.target), P(e.detail)}));
}

std::vector<AuditEvent> PgStorage::ListAudit(int limit, std::int64_t before_seq) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT seq, at, user_name, action, target, detail FROM audit_log WHERE ($1::BIGINT <= 0 OR seq < $1::BIGINT) "
      "ORDER BY seq DESC LIMIT $2",
      {P(before_seq), P(std::int64_t{limit})}));
  std::vector<AuditEvent> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(AuditEvent{r.Int(i, 0), r.Int(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5)});
  }
  return out;
}

Status PgStorage::AddInvitations(const std::vector<Invitation>& invitations) {
  return InTransaction([&](Conn& c) -> Status {
    for (const auto& i : invitations) {
      auto r = c.Query(
          "INSERT INTO invitations(id, form_id, name, email, grp, country, created_at) "
          "VALUES($1, $2, $3, $4, $5, $6, $7)",
          {P(i.id), P(i.form_id), P(i.name), P(i.email), P(i.group), P(i.country), P(i.created_at)});
      if (!r.ok() && r.error().code == ErrorCode::kConflict)
        return MakeError(ErrorCode::kConflict, "the invitation '" + i.id + "' exists already");
      if (!r.ok()) return r.error();
    }
    return Status::Ok();
  });
}

std::vector<Invitation> PgStorage::ListInvitations(const std::string& form_id) {
  auto c = pool_.Acquire();
  static const std::string kSql = std::string(kInvitationSelect) + "WHERE i.form_id = $1 ORDER BY i.created_at, i.ord";
  auto r = MustRows(c->Query(kSql, {P(form_id)}));
  std::vector<Invitation> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.push_back(ReadInvitation(r, i));
  return out;
}

std::optional<Invitation> PgStorage::FindInvitation(const std::string& id) {
  auto c = pool_.Acquire();
  static const std::string kSql = std::string(kInvitationSelect) + "WHERE i.id = $1";
  auto r = MustRows(c->Query(kSql, {P(id)}));
  if (r.empty()) return std::nullopt;
  return ReadInvitation(r, 0);
}

}  // namespace mcs::storage::postgres

namespace mcs::storage::postgres {

Status PgStorage::UpsertContacts(const std::vector<ContactRecord>& contacts) {
  return InTransaction([&](Conn& c) -> Status {
    for (const auto& ct : contacts) {
      auto r = c.Query(
          "INSERT INTO contacts(email, name, organisation, grp, country, lang, created_at, updated_at) "
          "VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(email) DO UPDATE SET "
          "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END, "
          "organisation = CASE WHEN excluded.organisation <> '' THEN excluded.organisation "
          "ELSE contacts.organisation END, "
          "grp = CASE WHEN excluded.grp <> '' THEN excluded.grp ELSE contacts.grp END, "
          "country = CASE WHEN excluded.country <> '' THEN excluded.country ELSE contacts.country END, "
          "lang = CASE WHEN excluded.lang <> '' THEN excluded.lang ELSE contacts.lang END, "
          "updated_at = excluded.updated_at",
          {P(ct.email), P(ct.name), P(ct.organisation), P(ct.group), P(ct.country), P(ct.lang),
           P(ct.created_at), P(ct.updated_at ? ct.updated_at : ct.created_at)});
      if (!r.ok()) return r.error();
    }
    return Status::Ok();
  });
}

std::vector<ContactRecord> PgStorage::ListContacts() {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT email, name, organisation, grp, country, lang, created_at, updated_at FROM contacts ORDER BY email "
      "COLLATE \"C\""));
  std::vector<ContactRecord> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(ContactRecord{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5),
                                r.Int(i, 6), r.Int(i, 7)});
  }
  return out;
}

}  // namespace mcs::storage::postgres

namespace mcs::storage::postgres {
namespace {

constexpr const char* kMailColumns =
    "id, campaign_id, email, invitation_id, lang, state, attempts, not_before, claimed_at, node, sent_at, smtp_code, "
    "error";

QueuedMail ReadMail(const Rows& r, int i) {
  QueuedMail m;
  m.id = r.Text(i, 0);
  m.campaign_id = r.Text(i, 1);
  m.email = r.Text(i, 2);
  m.invitation_id = r.Text(i, 3);
  m.lang = r.Text(i, 4);
  m.state = r.Text(i, 5);
  m.attempts = static_cast<int>(r.Int(i, 6));
  m.not_before = r.Int(i, 7);
  m.claimed_at = r.Int(i, 8);
  m.node = r.Text(i, 9);
  m.sent_at = r.Int(i, 10);
  m.smtp_code = static_cast<int>(r.Int(i, 11));
  m.error = r.Text(i, 12);
  return m;
}

}  // namespace

Status PgStorage::UpdateContact(const std::string& email, const ContactRecord& c) {
  auto conn = pool_.Acquire();
  auto r = conn->Query(
      "UPDATE contacts SET email = $2, name = $3, organisation = $4, grp = $5, country = $6, lang = $7, "
      "updated_at = $8 WHERE email = $1",
      {P(email), P(c.email), P(c.name), P(c.organisation), P(c.group), P(c.country), P(c.lang), P(c.updated_at)});
  if (!r.ok() && r.error().code == ErrorCode::kConflict) {
    return MakeError(ErrorCode::kConflict, "the address book has another contact at " + c.email);
  }
  return Changed(r, "the contact " + email);
}

Status PgStorage::InsertCampaignRow(Conn& conn, const CampaignRecord& c) {
  auto r = conn.Query(
      "INSERT INTO campaigns(id, form_id, kind, selection, created_by, created_at) VALUES($1, $2, $3, $4, $5, $6)",
      {P(c.id), P(c.form_id), P(c.kind), P(c.selection), P(c.created_by), P(c.created_at)});
  if (!r.ok() && r.error().code == ErrorCode::kConflict)
    return MakeError(ErrorCode::kConflict, "the campaign '" + c.id + "' exists");
  return Done(r);
}

Status PgStorage::CreateCampaign(const CampaignRecord& c, const std::vector<Invitation>& invitations,
                                 const std::vector<QueuedMail>& mail) {
  return InTransaction([&](Conn& conn) -> Status {
    if (Status st = InsertCampaignRow(conn, c); !st.ok()) return st;
    for (const auto& i : invitations) {
      auto q = conn.Query(
          "INSERT INTO invitations(id, form_id, name, email, grp, country, created_at) "
          "VALUES($1, $2, $3, $4, $5, $6, $7)",
          {P(i.id), P(i.form_id), P(i.name), P(i.email), P(i.group), P(i.country), P(i.created_at)});
      if (!q.ok()) return q.error();
    }
    for (const auto& m : mail) {
      auto q = conn.Query(
          "INSERT INTO mail_queue(id, campaign_id, email, invitation_id, lang, state, attempts, not_before, claimed_at, "
          "node, sent_at, smtp_code, error) VALUES($1, $2, $3, $4, $5, $6, 0, $7, 0, '', 0, 0, '')",
          {P(m.id), P(c.id), P(m.email), P(m.invitation_id), P(m.lang), P(m.state), P(m.not_before)});
      if (!q.ok()) return q.error();
    }
    return Status::Ok();
  });
}

std::vector<CampaignRecord> PgStorage::ListCampaigns() {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query("SELECT id, form_id, kind, selection, created_by, created_at FROM campaigns "
                         "ORDER BY created_at, id"));
  std::vector<CampaignRecord> out;
  for (int i = 0; i < r.size(); ++i)
    out.push_back(CampaignRecord{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Int(i, 5)});
  return out;
}

// The queued message a VERP token names (bounces, issue 22), read as ListMail reads its rows.
std::optional<QueuedMail> PgStorage::FindMail(const std::string& id) {
  auto c = pool_.Acquire();
  static const std::string kSql = std::string("SELECT ") + kMailColumns + " FROM mail_queue WHERE id = $1";
  auto r = MustRows(c->Query(kSql, {P(id)}));
  if (r.size() == 0) return std::nullopt;
  return ReadMail(r, 0);
}

std::vector<QueuedMail> PgStorage::ListMail(const std::string& campaign_id) {
  auto c = pool_.Acquire();
  static const std::string kSql =
      std::string("SELECT ") + kMailColumns + " FROM mail_queue WHERE campaign_id = $1 ORDER BY seq";
  auto r = MustRows(c->Query(kSql, {P(campaign_id)}));
  std::vector<QueuedMail> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.push_back(ReadMail(r, i));
  return out;
}

std::optional<QueuedMail> PgStorage::ClaimMail(const std::string& node, TimeMs now) {
  // SKIP LOCKED: nodes claiming at the same time each take a different row instead of queueing on
  // one row lock; the statement commits (autocommit) before the message is sent.
  static const std::string kSql =
      std::string("UPDATE mail_queue SET state = 'sending', node = $1, claimed_at = $2, attempts = attempts + 1 "
                  "WHERE id = (SELECT id FROM mail_queue WHERE state = 'queued' AND not_before <= $2 "
                  "ORDER BY not_before, seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING ") +
      kMailColumns;
  auto c = pool_.Acquire();
  auto r = c->Query(kSql, {P(node), P(now)});
  if (!r.ok() || r->empty()) return std::nullopt;
  return ReadMail(*r, 0);
}

Status PgStorage::FinishMail(const QueuedMail& m, const std::string& node) {
  auto c = pool_.Acquire();
  auto r = c->Query(
      "UPDATE mail_queue SET state = $2, not_before = $3, sent_at = $4, smtp_code = $5, error = $6 "
      "WHERE id = $1 AND state = 'sending' AND node = $7",
      {P(m.id), P(m.state), P(m.not_before), P(m.sent_at), P(std::int64_t{m.smtp_code}), P(m.error), P(node)});
  if (!r.ok()) return r.error();
  if (r->Affected() == 0) return MakeError(ErrorCode::kNotFound, "a message being sent as " + m.id + " does not exist");
  return Status::Ok();
}

std::vector<QueuedMail> PgStorage::ClaimMails(const std::string& node, TimeMs now, int limit, int per_minute) {
  std::vector<QueuedMail> out;
  if (limit <= 0) return out;
  static const std::string kClaim =
      std::string("UPDATE mail_queue SET state = 'sending', node = $1, claimed_at = $2, attempts = attempts + 1 "
                  "WHERE id IN (SELECT id FROM mail_queue WHERE state = 'queued' AND not_before <= $2 "
                  "ORDER BY not_before, seq LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING ") +
      kMailColumns;
  auto read = [&](const Rows& r) {
    for (int i = 0; i < r.size(); ++i) out.push_back(ReadMail(r, i));
  };
  if (per_minute <= 0) {
    // No throttle: one statement (autocommit), SKIP LOCKED so nodes claiming together take different rows.
    auto c = pool_.Acquire();
    auto r = c->Query(kClaim, {P(node), P(now), P(std::int64_t{limit})});
    if (r.ok()) read(*r);
    return out;
  }
  // The throttle is the study's, not a node's: claimers take turns on a transaction advisory lock
  // ("mcs_mail" in ASCII), and each counts, under it, the claims every node committed before (READ
  // COMMITTED: each statement sees what committed before it began), then claims what is left.
  Status st = InTransaction([&](Conn& conn) -> Status {
    auto lock = conn.Query("SELECT pg_advisory_xact_lock(7882270626522687852)");
    if (!lock.ok()) return lock.error();
    auto c = conn.Query(
        "SELECT count(*) FILTER (WHERE claimed_at > $1::BIGINT - 60000), "
        "count(*) FILTER (WHERE claimed_at > $1::BIGINT - 1000) FROM mail_queue WHERE claimed_at > $1::BIGINT - 60000",
        {P(now)});
    if (!c.ok()) return c.error();
    std::int64_t per_second = (per_minute + 59) / 60;
    std::int64_t allowed = std::min({std::int64_t{limit}, std::int64_t{per_minute} - c->Int(0, 0), per_second - c->Int(0, 1)});
    if (allowed <= 0) return Status::Ok();
    auto r = conn.Query(kClaim, {P(node), P(now), P(allowed)});
    if (!r.ok()) return r.error();
    read(*r);
    return Status::Ok();
  });
  if (!st.ok()) out.clear();
  return out;
}

Result<int> PgStorage::FinishMails(const std::vector<QueuedMail>& done, const std::string& node,
                                   const std::vector<AuditEvent>& audit) {
  int changed = 0;
  Status st = InTransaction([&](Conn& conn) -> Status {
    for (const auto& m : done) {
      auto r = conn.Query(
          "UPDATE mail_queue SET state = $2, not_before = $3, sent_at = $4, smtp_code = $5, error = $6 "
          "WHERE id = $1 AND state = 'sending' AND node = $7",
          {P(m.id), P(m.state), P(m.not_before), P(m.sent_at), P(std::int64_t{m.smtp_code}), P(m.error), P(node)});
      if (!r.ok()) return r.error();
      changed += static_cast<int>(r->Affected());
    }
    for (const auto& e : audit) {
      if (e.action.empty()) continue;
      auto r = conn.Query("INSERT INTO audit_log(at, user_name, action, target, detail) VALUES($1, $2, $3, $4, $5)",
                          {P(e.at), P(e.user), P(e.action), P(e.target), P(e.detail)});
      if (!r.ok()) return r.error();
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return changed;
}

Result<int> PgStorage::ExpireClaims(TimeMs stale_before) {
  auto c = pool_.Acquire();
  auto r = c->Query("UPDATE mail_queue SET state = 'uncertain' WHERE state = 'sending' AND claimed_at < $1",
                    {P(stale_before)});
  if (!r.ok()) return r.error();
  return static_cast<int>(r->Affected());
}

Result<int> PgStorage::RequeueUncertain(const std::string& campaign_id, TimeMs now) {
  auto c = pool_.Acquire();
  auto r = c->Query(
      "UPDATE mail_queue SET state = 'queued', not_before = $2 WHERE state = 'uncertain' AND campaign_id = $1",
      {P(campaign_id), P(now)});
  if (!r.ok()) return r.error();
  return static_cast<int>(r->Affected());
}

Status PgStorage::BlockAddress(const std::string& email, const std::string& reason, TimeMs at) {
  auto c = pool_.Acquire();
  auto r = c->Query("INSERT INTO mail_blocklist(email, reason, at) VALUES($1, $2, $3) ON CONFLICT(email) DO NOTHING",
                    {P(email), P(reason), P(at)});
  if (!r.ok()) return r.error();
  return Status::Ok();
}

std::vector<std::pair<std::string, std::string>> PgStorage::ListBlocked() {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query("SELECT email, reason FROM mail_blocklist ORDER BY email COLLATE \"C\""));
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 0; i < r.size(); ++i) out.emplace_back(r.Text(i, 0), r.Text(i, 1));
  return out;
}

}  // namespace mcs::storage::postgres
