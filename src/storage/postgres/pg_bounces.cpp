// Bounces on PostgreSQL (issue 22): delivery status notifications recorded once by the hash of the
// message (ON CONFLICT DO NOTHING: of several nodes reading one bounce mailbox, exactly one stores
// each), and the blocklist looked up by address. (FindMail, the message a VERP token names, is with
// ListMail in pg_storage.cpp.)
#include "storage/postgres/pg_storage.h"

namespace mcs::storage::postgres {

Result<bool> PgStorage::RecordBounce(const BounceRecord& b) {
  auto c = pool_.Acquire();
  auto r = c->Query(
      "INSERT INTO mail_bounces(key, at, email, mail_id, kind, status, diagnostic) "
      "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(key) DO NOTHING",
      {P(b.key), P(b.at), P(b.email), P(b.mail_id), P(b.kind), P(b.status), P(b.diagnostic)});
  if (!r.ok()) return r.error();
  return r->Affected() > 0;
}

std::vector<BounceRecord> PgStorage::ListBounces(const std::string& email) {
  auto c = pool_.Acquire();
  std::string sql = "SELECT key, at, email, mail_id, kind, status, diagnostic FROM mail_bounces";
  if (!email.empty()) sql += " WHERE email = $1";
  sql += " ORDER BY at DESC, key COLLATE \"C\"";
  auto r = MustRows(email.empty() ? c->Query(sql) : c->Query(sql, {P(email)}));
  std::vector<BounceRecord> out;
  for (int i = 0; i < r.size(); ++i)
    out.push_back(BounceRecord{r.Text(i, 0), r.Int(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5),
                               r.Text(i, 6)});
  return out;
}

std::optional<std::string> PgStorage::BlockedReason(const std::string& email) {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query("SELECT reason FROM mail_blocklist WHERE email = $1", {P(email)}));
  if (r.size() == 0) return std::nullopt;
  return r.Text(0, 0);
}

Result<int> PgStorage::DeleteBounces(const std::string& email) {
  auto c = pool_.Acquire();
  auto r = c->Query("DELETE FROM mail_bounces WHERE email = $1", {P(email)});
  if (!r.ok()) return r.error();
  return static_cast<int>(r->Affected());
}

}  // namespace mcs::storage::postgres
