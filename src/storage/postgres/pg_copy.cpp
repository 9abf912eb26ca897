// Copying a study (mcsurvey migrate) on PostgreSQL: the blocklist with its times, and a campaign's
// queue stored exactly as the source holds it, so a copied queue never sends again what was sent or
// may have been (uncertain).
#include "storage/postgres/pg_storage.h"

namespace mcs::storage::postgres {

std::vector<BlockedAddress> PgStorage::ListBlockedAddresses() {
  auto c = pool_.Acquire();
  auto r = MustRows(c->Query("SELECT email, reason, at FROM mail_blocklist ORDER BY email COLLATE \"C\""));
  std::vector<BlockedAddress> out;
  for (int i = 0; i < r.size(); ++i) out.push_back(BlockedAddress{r.Text(i, 0), r.Text(i, 1), r.Int(i, 2)});
  return out;
}

Status PgStorage::RestoreCampaign(const CampaignRecord& c, const std::vector<QueuedMail>& mail) {
  return InTransaction([&](Conn& conn) -> Status {
    if (Status st = InsertCampaignRow(conn, c); !st.ok()) return st;
    // Rows go in the given order: the queue's order is seq's (a BIGSERIAL), as ListMail and the claims read it.
    for (const auto& m : mail) {
      auto q = conn.Query(
          "INSERT INTO mail_queue(id, campaign_id, email, invitation_id, lang, state, attempts, not_before, "
          "claimed_at, "
          "node, sent_at, smtp_code, error) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
          {P(m.id), P(c.id), P(m.email), P(m.invitation_id), P(m.lang), P(m.state), P(std::int64_t{m.attempts}),
           P(m.not_before), P(m.claimed_at), P(m.node), P(m.sent_at), P(std::int64_t{m.smtp_code}), P(m.error)});
      if (!q.ok()) return q.error();
    }
    return Status::Ok();
  });
}

}  // namespace mcs::storage::postgres
