#include "storage/sqlite/migrations.h"

#include <string>

namespace mcs::storage::sqlite {
namespace {

// Never edit a migration that has shipped: add a new one.
constexpr const char* kMigrations[] = {
    // 1: forms, responses, users.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE forms(
  form_id TEXT NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL, file_name TEXT NOT NULL,
  source BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY(form_id, version));
CREATE TABLE form_windows(
  form_id TEXT PRIMARY KEY, opens_at INTEGER NOT NULL DEFAULT 0, closes_at INTEGER NOT NULL DEFAULT 0,
  paused INTEGER NOT NULL DEFAULT 0, closed_message TEXT NOT NULL DEFAULT '');
CREATE TABLE responses(
  id TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version TEXT NOT NULL, lang TEXT NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('partial', 'complete')), resume_hash TEXT UNIQUE,
  answers TEXT NOT NULL, personal TEXT NOT NULL DEFAULT '', page INTEGER NOT NULL DEFAULT 0,
  channel TEXT NOT NULL, started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, submitted_at INTEGER);
CREATE INDEX responses_by_form ON responses(form_id, status, submitted_at);
CREATE TABLE users(
  name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK(role IN ('owner', 'analyst', 'viewer')),
  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE api_tokens(
  token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, revoked_at INTEGER);
)sql",
    // 2: the console: sessions, sign-in lock-out, audit log, invitations, data-quality review.
    R"sql(
ALTER TABLE responses ADD COLUMN invitation_id TEXT;
ALTER TABLE responses ADD COLUMN flags TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX responses_by_invitation ON responses(invitation_id) WHERE invitation_id IS NOT NULL;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sessions(
  id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX sessions_by_user ON sessions(user_name);
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE invitations(
  id TEXT PRIMARY KEY, form_id TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, grp TEXT NOT NULL,
  country TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX invitations_by_form ON invitations(form_id, created_at);
)sql",
    // 3: exports and statistics read a form's responses in submission order straight off an index
    // (no sort of the whole table).
    R"sql(
CREATE INDEX responses_in_order ON responses(form_id, COALESCE(submitted_at, updated_at), id);
)sql",
    // 4: a counter per form that every change to its responses moves on, kept by triggers in the
    // writing transaction itself, so the console's figures are recomputed only when it moved.
    R"sql(
CREATE TABLE response_versions(form_id TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER responses_version_insert AFTER INSERT ON responses BEGIN
  INSERT INTO response_versions(form_id, version) VALUES(NEW.form_id, 1)
    ON CONFLICT(form_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER responses_version_update AFTER UPDATE ON responses BEGIN
  INSERT INTO response_versions(form_id, version) VALUES(NEW.form_id, 1)
    ON CONFLICT(form_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER responses_version_delete AFTER DELETE ON responses BEGIN
  INSERT INTO response_versions(form_id, version) VALUES(OLD.form_id, 1)
    ON CONFLICT(form_id) DO UPDATE SET version = version + 1;
END;
)sql",
    // 5: a form version lands as a draft (published_at 0) until the team publishes it; versions stored
    // before drafts existed were live, so they count as published.
    R"sql(
ALTER TABLE forms ADD COLUMN published_at INTEGER NOT NULL DEFAULT 1;
)sql",
    // fieldwork (issue 22): an archived form (its fieldwork over for good); and a counter that every
    // change to the forms table moves on, kept by triggers in the writing transaction, so a running
    // server sees a publication made by `mcsurvey publish` without a restart.
    R"sql(
ALTER TABLE form_windows ADD COLUMN archived_at INTEGER NOT NULL DEFAULT 0;
CREATE TABLE forms_version(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
INSERT INTO forms_version(id, version) VALUES(1, 0);
CREATE TRIGGER forms_version_insert AFTER INSERT ON forms BEGIN
  UPDATE forms_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER forms_version_update AFTER UPDATE ON forms BEGIN
  UPDATE forms_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER forms_version_delete AFTER DELETE ON forms BEGIN
  UPDATE forms_version SET version = version + 1 WHERE id = 1;
END;
)sql",
    // 7: the address book of contacts kept across forms (issue 22), keyed by e-mail address.
    R"sql(
CREATE TABLE contacts(
  email TEXT PRIMARY KEY CHECK(email <> ''), name TEXT NOT NULL, organisation TEXT NOT NULL, grp TEXT NOT NULL,
  country TEXT NOT NULL, lang TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
)sql",
    // 8: campaigns, the durable mail queue and the blocklist (issue 22).
    R"sql(
CREATE TABLE campaigns(
  id TEXT PRIMARY KEY, form_id TEXT NOT NULL, kind TEXT NOT NULL, selection TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE mail_queue(
  id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id), email TEXT NOT NULL,
  invitation_id TEXT NOT NULL, lang TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
  not_before INTEGER NOT NULL, claimed_at INTEGER NOT NULL, node TEXT NOT NULL, sent_at INTEGER NOT NULL,
  smtp_code INTEGER NOT NULL, error TEXT NOT NULL,
  UNIQUE(campaign_id, email));
CREATE INDEX mail_queue_due ON mail_queue(state, not_before);
CREATE INDEX mail_queue_by_campaign ON mail_queue(campaign_id);
CREATE TABLE mail_blocklist(email TEXT PRIMARY KEY, reason TEXT NOT NULL, at INTEGER NOT NULL);
)sql",
    // 9: the claims of the last minute, counted by the throttle that holds across nodes (issue 22, mailfast).
    R"sql(
CREATE INDEX mail_queue_claimed ON mail_queue(claimed_at);
)sql",
    // 10: bounces (issue 22): delivery status notifications read from the bounce mailbox, each once.
    R"sql(
CREATE TABLE mail_bounces(
  key TEXT PRIMARY KEY, at INTEGER NOT NULL, email TEXT NOT NULL, mail_id TEXT NOT NULL, kind TEXT NOT NULL,
  status TEXT NOT NULL, diagnostic TEXT NOT NULL);
CREATE INDEX mail_bounces_by_email ON mail_bounces(email);
)sql",
    // 11: acknowledgement of the privacy notice before the first question (issue 25, consent).
    R"sql(
ALTER TABLE responses ADD COLUMN privacy_ack_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN privacy_notice TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace

Status ApplyMigrations(Db& db) {
  if (Status st = db.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
      !st.ok())
    return st;
  std::int64_t current = 0;
  {
    auto q = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (q.Step() == SQLITE_ROW) current = q.Int(0);
  }
  constexpr std::int64_t kCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
  if (current > kCount) {
    return MakeError(ErrorCode::kInvalid, "the database was written by a newer mcsurvey (schema " +
                                              std::to_string(current) + "): upgrade mcsurvey");
  }
  for (std::int64_t v = current + 1; v <= kCount; ++v) {
    if (Status st = db.Exec(kMigrations[v - 1]); !st.ok()) return st;
    auto ins = db.Prepare("INSERT INTO schema_migrations(version, applied_at) VALUES(?1, strftime('%s','now') * 1000)");
    ins.Bind(1, v);
    if (int rc = ins.Step(); rc != SQLITE_DONE) return db.LastError(rc);
  }
  return Status::Ok();
}

}  // namespace mcs::storage::sqlite
