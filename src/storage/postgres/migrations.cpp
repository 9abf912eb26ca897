#include "storage/postgres/migrations.h"

#include <string>

namespace mcs::storage::postgres {
namespace {

// Never edit a migration that has shipped: add a new one. Same numbering as the SQLite schema, so
// a database of either kind at version N holds the same things. `ord` columns give the insertion
// order SQLite's rowid gives; COLLATE "C" makes text order bytewise, as in SQLite, whatever the
// database's locale.
constexpr const char* kMigrations[] = {
    // 1: forms, responses, users.
    R"sql(
CREATE TABLE meta(key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE forms(
  form_id TEXT NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL, file_name TEXT NOT NULL,
  source BYTEA NOT NULL, created_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL, PRIMARY KEY(form_id, version));
CREATE TABLE form_windows(
  form_id TEXT PRIMARY KEY, opens_at BIGINT NOT NULL DEFAULT 0, closes_at BIGINT NOT NULL DEFAULT 0,
  paused BOOLEAN NOT NULL DEFAULT FALSE, closed_message TEXT NOT NULL DEFAULT '');
CREATE TABLE responses(
  id TEXT COLLATE "C" PRIMARY KEY, form_id TEXT NOT NULL, form_version TEXT NOT NULL, lang TEXT NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('partial', 'complete')), resume_hash TEXT UNIQUE,
  answers TEXT NOT NULL, personal TEXT NOT NULL DEFAULT '', page INTEGER NOT NULL DEFAULT 0,
  channel TEXT NOT NULL, started_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, submitted_at BIGINT);
CREATE INDEX responses_by_form ON responses(form_id, status, submitted_at);
CREATE TABLE users(
  name TEXT COLLATE "C" PRIMARY KEY, role TEXT NOT NULL CHECK(role IN ('owner', 'analyst', 'viewer')),
  password_hash TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE api_tokens(
  token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL, revoked_at BIGINT, ord BIGSERIAL NOT NULL);
)sql",
    // 2: the console: sessions, sign-in lock-out, audit log, invitations, data-quality review.
    R"sql(
ALTER TABLE responses ADD COLUMN invitation_id TEXT;
ALTER TABLE responses ADD COLUMN flags TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN excluded BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE responses ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX responses_by_invitation ON responses(invitation_id) WHERE invitation_id IS NOT NULL;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
CREATE TABLE sessions(
  id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
CREATE INDEX sessions_by_user ON sessions(user_name);
CREATE TABLE audit_log(
  seq BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE invitations(
  id TEXT PRIMARY KEY, form_id TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, grp TEXT NOT NULL,
  country TEXT NOT NULL, created_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL);
CREATE INDEX invitations_by_form ON invitations(form_id, created_at);
)sql",
    // 3: exports and statistics read a form's responses in submission order straight off an index
    // (no sort of the whole table).
    R"sql(
CREATE INDEX responses_in_order ON responses(form_id, (COALESCE(submitted_at, updated_at)), id);
)sql",
    // 4: a form version lands as a draft (published_at 0) until the team publishes it; versions stored
    // before drafts existed were live, so they count as published.
    R"sql(
ALTER TABLE forms ADD COLUMN published_at BIGINT NOT NULL DEFAULT 1;
)sql",
    // fieldwork (issue 22): an archived form (its fieldwork over for good). FormsVersion needs no
    // counter here: it reads the forms rows' xmin (see pg_storage.cpp).
    R"sql(
ALTER TABLE form_windows ADD COLUMN archived_at BIGINT NOT NULL DEFAULT 0;
)sql",
    // 6: the address book of contacts kept across forms (issue 22), keyed by e-mail address.
    R"sql(
CREATE TABLE contacts(
  email TEXT PRIMARY KEY CHECK(email <> ''), name TEXT NOT NULL, organisation TEXT NOT NULL, grp TEXT NOT NULL,
  country TEXT NOT NULL, lang TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
)sql",
    // 7: campaigns, the durable mail queue and the blocklist (issue 22).
    R"sql(
CREATE TABLE campaigns(
  id TEXT PRIMARY KEY, form_id TEXT NOT NULL, kind TEXT NOT NULL, selection TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE mail_queue(
  id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL REFERENCES campaigns(id), email TEXT NOT NULL,
  invitation_id TEXT NOT NULL, lang TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
  not_before BIGINT NOT NULL, claimed_at BIGINT NOT NULL, node TEXT NOT NULL, sent_at BIGINT NOT NULL,
  smtp_code INTEGER NOT NULL, error TEXT NOT NULL, seq BIGSERIAL,
  UNIQUE(campaign_id, email));
CREATE INDEX mail_queue_due ON mail_queue(state, not_before);
CREATE INDEX mail_queue_by_campaign ON mail_queue(campaign_id);
CREATE TABLE mail_blocklist(email TEXT PRIMARY KEY, reason TEXT NOT NULL, at BIGINT NOT NULL);
)sql",
    // 8: the claims of the last minute, counted by the throttle that holds across nodes (issue 22, mailfast).
    R"sql(
CREATE INDEX mail_queue_claimed ON mail_queue(claimed_at);
)sql",
    // 9: bounces (issue 22): delivery status notifications read from the bounce mailbox, each once.
    R"sql(
CREATE TABLE mail_bounces(
  key TEXT PRIMARY KEY, at BIGINT NOT NULL, email TEXT NOT NULL, mail_id TEXT NOT NULL, kind TEXT NOT NULL,
  status TEXT NOT NULL, diagnostic TEXT NOT NULL);
CREATE INDEX mail_bounces_by_email ON mail_bounces(email);
)sql",
    // 10: acknowledgement of the privacy notice before the first question (issue 25, consent).
    R"sql(
ALTER TABLE responses ADD COLUMN privacy_ack_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN privacy_notice TEXT NOT NULL DEFAULT '';
)sql",
};

// pg_advisory_lock key: "mcsurvey" in ASCII, so other applications sharing the database are
// unlikely to collide with it.
constexpr const char* kLockKey = "7882270721097229689";

Status Migrate(Conn& c) {
  if (Status st = c.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
      !st.ok())
    return st;
  auto cur = c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!cur.ok()) return cur.error();
  std::int64_t current = cur->Int(0, 0);
  constexpr std::int64_t kCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
  if (current > kCount) {
    return MakeError(ErrorCode::kInvalid, "the database was written by a newer mcsurvey (schema " +
                                              std::to_string(current) + "): upgrade mcsurvey");
  }
  for (std::int64_t v = current + 1; v <= kCount; ++v) {
    if (Status st = c.Exec("BEGIN"); !st.ok()) return st;
    Status st = c.Exec(kMigrations[v - 1]);
    if (st.ok()) {
      auto ins = c.Query(
          "INSERT INTO schema_migrations(version, applied_at) VALUES($1, (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT)",
          {P(v)});
      if (!ins.ok()) st = ins.error();
    }
    if (st.ok()) st = c.Exec("COMMIT");
    if (!st.ok()) {
      (void)c.Exec("ROLLBACK");
      return st;
    }
  }
  return Status::Ok();
}

}  // namespace

Status ApplyMigrations(Conn& c) {
  auto lock = c.Query(std::string("SELECT pg_advisory_lock(") + kLockKey + ")");
  if (!lock.ok()) return lock.error();
  Status st = Migrate(c);
  (void)c.Query(std::string("SELECT pg_advisory_unlock(") + kLockKey + ")");
  return st;
}

}  // namespace mcs::storage::postgres
