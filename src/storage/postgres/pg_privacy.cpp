// Data protection on PostgreSQL (issue 25): rewriting a form's stored answers, anonymising a form,
// the look-ups of a data subject's request, and rewriting tables so deleted rows leave their files.
#include "storage/postgres/pg_storage.h"

namespace mcs::storage::postgres {
namespace {

constexpr TimeMs kDayMs = 24LL * 60 * 60 * 1000;

Status ChangedOne(const Result<Rows>& r, const std::string& what) {
  if (!r.ok()) return r.error();
  if (r->Affected() == 0) return MakeError(ErrorCode::kNotFound, what + " does not exist");
  return Status::Ok();
}

}  // namespace

Result<long long> PgStorage::RewriteAnswers(const std::string& form_id,
                                            const std::function<bool(ResponseRecord&)>& edit) {
  long long changed = 0;
  Status st = InTransaction([&](Conn& c) -> Status {
    changed = 0;
    // FOR UPDATE: a respondent saving meanwhile waits, then writes over the erased answers only
    // with what their own page holds (their resume link reads the erased ones from here on).
    auto rows = c.Query("SELECT id, form_id, form_version, answers, personal FROM responses WHERE form_id = $1 "
                        "FOR UPDATE",
                        {P(form_id)});
    if (!rows.ok()) return rows.error();
    for (int i = 0; i < rows->size(); ++i) {
      ResponseRecord r;
      r.id = rows->Text(i, 0);
      r.form_id = rows->Text(i, 1);
      r.form_version = rows->Text(i, 2);
      r.answers_json = rows->Text(i, 3);
      r.personal_json = rows->Text(i, 4);
      if (!edit(r)) continue;
      auto u = c.Query("UPDATE responses SET answers = $2, personal = $3 WHERE id = $1",
                       {P(r.id), P(r.answers_json), P(r.personal_json)});
      if (!u.ok()) return u.error();
      ++changed;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return changed;
}

Result<AnonymisedCounts> PgStorage::AnonymiseForm(const std::string& form_id,
                                                  const std::function<TimeMs(TimeMs)>& to_day) {
  AnonymisedCounts counts;
  Status st = InTransaction([&](Conn& c) -> Status {
    auto d = c.Query("DELETE FROM invitations WHERE form_id = $1", {P(form_id)});
    if (!d.ok()) return d.error();
    counts.invitations = d->Affected();
    // The form's campaigns' messages hold the addresses the invitations were sent to.
    auto m = c.Query("DELETE FROM mail_queue WHERE campaign_id IN (SELECT id FROM campaigns WHERE form_id = $1)",
                     {P(form_id)});
    if (!m.ok()) return m.error();
    auto u = c.Query(
        "UPDATE responses SET personal = '', invitation_id = NULL, resume_hash = NULL WHERE form_id = $1",
        {P(form_id)});
    if (!u.ok()) return u.error();
    counts.responses = u->Affected();
    if (!to_day) return Status::Ok();
    // The day on the study's clock, response by response (a time set is never 0; a NULL stays NULL).
    auto q = c.Query(
        "SELECT id, COALESCE(started_at, 0), COALESCE(updated_at, 0), COALESCE(submitted_at, 0), "
          "COALESCE(privacy_ack_at, 0) FROM responses "
        "WHERE form_id = $1",
        {P(form_id)});
    if (!q.ok()) return q.error();
    for (int i = 0; i < q->size(); ++i) {
      std::vector<Param> params{P(q->Text(i, 0))};
      for (int k = 1; k <= 4; ++k) {
        TimeMs t = q->Int(i, k);
        params.push_back(P(std::int64_t{t > 0 ? to_day(t) : t}));
      }
      auto t = c.Query(
          "UPDATE responses SET started_at = CASE WHEN started_at IS NULL THEN NULL ELSE $2::bigint END, "
          "updated_at = CASE WHEN updated_at IS NULL THEN NULL ELSE $3::bigint END, "
          "submitted_at = CASE WHEN submitted_at IS NULL THEN NULL ELSE $4::bigint END, "
          "privacy_ack_at = CASE WHEN privacy_ack_at IS NULL THEN NULL ELSE $5::bigint END WHERE id = $1",
          params);
      if (!t.ok()) return t.error();
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return counts;
}

std::vector<Invitation> PgStorage::FindInvitationsByEmail(const std::string& email) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query(
      "SELECT i.id, i.form_id, i.name, i.email, i.grp, i.country, i.created_at, COALESCE(r.id, ''), "
      "COALESCE(r.status, '') FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id "
      "WHERE lower(btrim(i.email)) = lower(btrim($1)) ORDER BY i.created_at, i.id",
      {P(email)}));
  std::vector<Invitation> out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(Invitation{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5),
                             r.Int(i, 6), r.Text(i, 7), r.Text(i, 8)});
  }
  return out;
}

std::vector<ResponseRecord> PgStorage::FindResponsesByPersonalText(const std::string& needle) {
  std::vector<std::string> ids;
  {
    auto c = pool_.Acquire();
    auto r = MustRows(c->Query("SELECT id FROM responses WHERE personal <> '' AND strpos(lower(personal), lower($1)) > 0 "
                               "ORDER BY started_at, id",
                               {P(needle)}));
    for (int i = 0; i < r.size(); ++i) ids.push_back(r.Text(i, 0));
  }
  std::vector<ResponseRecord> out;
  for (const auto& id : ids) {
    if (auto rec = FindResponse(id)) out.push_back(std::move(*rec));
  }
  return out;
}

Status PgStorage::UpdateInvitationContact(const std::string& id, const std::string& name, const std::string& email) {
  auto c = pool_.Acquire();
  return ChangedOne(c->Query("UPDATE invitations SET name = $2, email = $3 WHERE id = $1", {P(id), P(name), P(email)}),
                    "the invitation '" + id + "'");
}

Status PgStorage::DeleteInvitation(const std::string& id) {
  auto c = pool_.Acquire();
  return ChangedOne(c->Query("DELETE FROM invitations WHERE id = $1", {P(id)}), "the invitation '" + id + "'");
}

Status PgStorage::DeleteContact(const std::string& email) {
  auto c = pool_.Acquire();
  return ChangedOne(c->Query("DELETE FROM contacts WHERE email = $1", {P(email)}), "the contact '" + email + "'");
}

Status PgStorage::DeleteMail(const std::string& id) {
  auto c = pool_.Acquire();
  return ChangedOne(c->Query("DELETE FROM mail_queue WHERE id = $1", {P(id)}), "the message '" + id + "'");
}

Status PgStorage::SetResponsePersonal(const std::string& id, const std::string& personal_json) {
  auto c = pool_.Acquire();
  return ChangedOne(c->Query("UPDATE responses SET personal = $2 WHERE id = $1", {P(id), P(personal_json)}),
                    "the response '" + id + "'");
}

Status PgStorage::ScrubFreedSpace() {
  // A DELETE or UPDATE leaves the old row version in its page until VACUUM, and plain VACUUM only
  // marks the space reusable. VACUUM FULL writes each table (and its TOAST table and indexes) into
  // new files and unlinks the old ones (https://www.postgresql.org/docs/15/sql-vacuum.html). It holds
  // an exclusive lock on each table while it runs; it cannot run inside a transaction block.
  // The server's WAL segments keep the old rows until they are recycled after later checkpoints,
  // and base backups and WAL archives keep them for as long as those are kept (PRIVACY.md).
  auto c = pool_.Acquire();
  return c->Exec("VACUUM FULL invitations, responses, contacts, mail_queue, mail_bounces");
}

}  // namespace mcs::storage::postgres
