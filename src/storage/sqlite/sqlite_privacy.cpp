// Data protection on SQLite (issue 25): rewriting a form's stored answers, anonymising a form, the
// look-ups of a data subject's request, and scrubbing deleted rows out of the database files.
#include <sqlite3.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "storage/sqlite/sqlite_storage.h"

namespace mcs::storage::sqlite {
namespace {

constexpr TimeMs kDayMs = 24LL * 60 * 60 * 1000;

Status Step(Db& db, Stmt& st) {
  int rc = st.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Status(db.LastError(rc));
}

Status ChangedOne(Db& db, Stmt& st, const std::string& what) {
  int rc = st.Step();
  if (rc != SQLITE_DONE) return db.LastError(rc);
  if (sqlite3_changes(db.handle()) == 0) return MakeError(ErrorCode::kNotFound, what + " does not exist");
  return Status::Ok();
}

}  // namespace

Result<long long> SqliteStorage::RewriteAnswers(const std::string& form_id,
                                                const std::function<bool(ResponseRecord&)>& edit) {
  long long changed = 0;
  std::vector<std::string> ids;
  Status st = Write([&](Db& db) -> Status {
    changed = 0;
    ids.clear();
    std::vector<ResponseRecord> edited;
    {
      auto q = db.Prepare("SELECT id, form_id, form_version, answers, personal FROM responses WHERE form_id = ?1");
      q.Bind(1, form_id);
      int rc;
      while ((rc = q.Step()) == SQLITE_ROW) {
        ResponseRecord r;
        r.id = q.Text(0);
        r.form_id = q.Text(1);
        r.form_version = q.Text(2);
        r.answers_json = q.Text(3);
        r.personal_json = q.Text(4);
        if (edit(r)) edited.push_back(std::move(r));
      }
      if (rc != SQLITE_DONE) return db.LastError(rc);
    }
    for (const auto& r : edited) {
      auto u = db.Prepare("UPDATE responses SET answers = ?2, personal = ?3 WHERE id = ?1");
      u.Bind(1, r.id).Bind(2, r.answers_json).Bind(3, r.personal_json);
      if (Status s = Step(db, u); !s.ok()) return s;
      ids.push_back(r.id);
    }
    changed = static_cast<long long>(edited.size());
    return Status::Ok();
  });
  for (const auto& id : ids) recent_.Forget(id);
  if (!st.ok()) return st.error();
  return changed;
}

Result<AnonymisedCounts> SqliteStorage::AnonymiseForm(const std::string& form_id,
                                                      const std::function<TimeMs(TimeMs)>& to_day) {
  AnonymisedCounts counts;
  std::vector<std::string> ids;
  Status st = Write([&](Db& db) -> Status {
    ids.clear();
    {
      auto q = db.Prepare("SELECT id FROM responses WHERE form_id = ?1");
      q.Bind(1, form_id);
      while (q.Step() == SQLITE_ROW) ids.push_back(q.Text(0));
    }
    {
      auto d = db.Prepare("DELETE FROM invitations WHERE form_id = ?1");
      d.Bind(1, form_id);
      if (Status s = Step(db, d); !s.ok()) return s;
      counts.invitations = sqlite3_changes(db.handle());
    }
    {
      // The form's campaigns' messages hold the addresses the invitations were sent to.
      auto d = db.Prepare("DELETE FROM mail_queue WHERE campaign_id IN (SELECT id FROM campaigns WHERE form_id = ?1)");
      d.Bind(1, form_id);
      if (Status s = Step(db, d); !s.ok()) return s;
    }
    {
      auto u = db.Prepare(
          "UPDATE responses SET personal = '', invitation_id = NULL, resume_hash = NULL WHERE form_id = ?1");
      u.Bind(1, form_id);
      if (Status s = Step(db, u); !s.ok()) return s;
      counts.responses = sqlite3_changes(db.handle());
    }
    if (!to_day) return Status::Ok();
    // The day on the study's clock, response by response (a time set is never 0; a NULL stays NULL).
    struct Times {
      std::string id;
      TimeMs t[4];
    };
    std::vector<Times> rows;
    {
      auto q = db.Prepare(
          "SELECT id, COALESCE(started_at, 0), COALESCE(updated_at, 0), COALESCE(submitted_at, 0), "
          "COALESCE(privacy_ack_at, 0) FROM responses WHERE form_id = ?1");
      q.Bind(1, form_id);
      while (q.Step() == SQLITE_ROW) rows.push_back({q.Text(0), {q.Int(1), q.Int(2), q.Int(3), q.Int(4)}});
    }
    static constexpr const char* kSetTimes =
        "UPDATE responses SET started_at = CASE WHEN started_at IS NULL THEN NULL ELSE ?2 END, "
        "updated_at = CASE WHEN updated_at IS NULL THEN NULL ELSE ?3 END, "
        "submitted_at = CASE WHEN submitted_at IS NULL THEN NULL ELSE ?4 END, "
        "privacy_ack_at = CASE WHEN privacy_ack_at IS NULL THEN NULL ELSE ?5 END WHERE id = ?1";
    for (const Times& r : rows) {
      auto t = db.Prepare(kSetTimes);  // reset when it goes, for the next row
      t.Bind(1, r.id);
      for (int i = 0; i < 4; ++i) t.Bind(2 + i, r.t[i] > 0 ? to_day(r.t[i]) : r.t[i]);
      if (Status s = Step(db, t); !s.ok()) return s;
    }
    return Status::Ok();
  });
  for (const auto& id : ids) recent_.Forget(id);
  if (!st.ok()) return st.error();
  return counts;
}

std::vector<Invitation> SqliteStorage::FindInvitationsByEmail(const std::string& email) {
  // A connection of its own: a data subject's request is rare, the pooled readers stay as they are.
  Db r;
  if (Status s = r.Open(path_, true); !s.ok()) throw std::runtime_error(s.error().message);
  auto st = r.Prepare(
      "SELECT i.id, i.form_id, i.name, i.email, i.grp, i.country, i.created_at, COALESCE(r.id, ''), "
      "COALESCE(r.status, '') FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id "
      "WHERE lower(trim(i.email)) = lower(trim(?1)) ORDER BY i.created_at, i.id");
  st.Bind(1, email);
  std::vector<Invitation> out;
  while (st.Step() == SQLITE_ROW) {
    out.push_back(Invitation{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Int(6),
                             st.Text(7), st.Text(8)});
  }
  return out;
}

std::vector<ResponseRecord> SqliteStorage::FindResponsesByPersonalText(const std::string& needle) {
  std::vector<std::string> ids;
  {
    Db r;
    if (Status s = r.Open(path_, true); !s.ok()) throw std::runtime_error(s.error().message);
    auto st = r.Prepare("SELECT id FROM responses WHERE personal <> '' AND instr(lower(personal), lower(?1)) > 0 "
                         "ORDER BY started_at, id");
    st.Bind(1, needle);
    while (st.Step() == SQLITE_ROW) ids.push_back(st.Text(0));
  }
  std::vector<ResponseRecord> out;
  for (const auto& id : ids) {
    if (auto rec = FindResponse(id)) out.push_back(std::move(*rec));
  }
  return out;
}

Status SqliteStorage::UpdateInvitationContact(const std::string& id, const std::string& name,
                                              const std::string& email) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("UPDATE invitations SET name = ?2, email = ?3 WHERE id = ?1");
    st.Bind(1, id).Bind(2, name).Bind(3, email);
    return ChangedOne(db, st, "the invitation '" + id + "'");
  });
}

Status SqliteStorage::DeleteInvitation(const std::string& id) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM invitations WHERE id = ?1");
    st.Bind(1, id);
    return ChangedOne(db, st, "the invitation '" + id + "'");
  });
}

Status SqliteStorage::DeleteContact(const std::string& email) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM contacts WHERE email = ?1");
    st.Bind(1, email);
    return ChangedOne(db, st, "the contact '" + email + "'");
  });
}

Status SqliteStorage::DeleteMail(const std::string& id) {
  return Write([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM mail_queue WHERE id = ?1");
    st.Bind(1, id);
    return ChangedOne(db, st, "the message '" + id + "'");
  });
}

Status SqliteStorage::SetResponsePersonal(const std::string& id, const std::string& personal_json) {
  recent_.Forget(id);
  Status s = Write([&](Db& db) -> Status {
    auto st = db.Prepare("UPDATE responses SET personal = ?2 WHERE id = ?1");
    st.Bind(1, id).Bind(2, personal_json);
    return ChangedOne(db, st, "the response '" + id + "'");
  });
  recent_.Forget(id);
  return s;
}

Status SqliteStorage::ScrubFreedSpace() {
  // Deleted rows stay in free pages and in unused parts of pages, and earlier versions of pages stay
  // in the WAL until a checkpoint. VACUUM rebuilds the database from the live rows only
  // (https://www.sqlite.org/lang_vacuum.html); in WAL mode the rebuilt pages go through the WAL, so a
  // TRUNCATE checkpoint then writes them over the main file and empties the WAL
  // (https://www.sqlite.org/pragma.html#pragma_wal_checkpoint). A connection of its own: VACUUM
  // cannot run inside the writer's group-commit transaction, and it waits for that like any writer.
  Db db;
  if (Status st = db.Open(path_, false); !st.ok()) return st;
  if (Status st = db.Exec("VACUUM"); !st.ok()) return st;
  // A reader in the middle of a long export keeps the checkpoint from finishing: try a few times.
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto q = db.Prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    int rc = q.Step();
    if (rc != SQLITE_ROW) return db.LastError(rc);
    const bool busy = q.Int(0) != 0;
    (void)q.Step();
    if (!busy) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return MakeError(ErrorCode::kUnavailable,
                   "the write-ahead log could not be emptied (a long read is under way): try again");
}

}  // namespace mcs::storage::sqlite
