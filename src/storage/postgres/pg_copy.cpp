// Copying a study (mcsurvey migrate) on PostgreSQL: the blocklist with its times, and a campaign's
// queue stored exactly as the source holds it, so a copied queue never sends again what was sent or
// may have been (uncertain).
#include <stdexcept>

#include "common/unavailable_error.h"
#include "storage/postgres/pg_storage.h"

namespace mcs::storage::postgres {

std::vector<BlockedAddress> PgStorage::ListBlockedAddresses() {
  auto c = pool_.Acquire();
  auto r = c->Query("SELECT email, reason, at FROM mail_blocklist ORDER BY email COLLATE \"C\"");
  if (!r.ok()) {
    if (r.error().code == ErrorCode::kUnavailable) throw UnavailableError(r.error().message);
    throw std::runtime_error(r.error().message);
  }
  std::vector<BlockedAddress> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(BlockedAddress{r->Text(i, 0), r->Text(i, 1), r->Int(i, 2)});
  return out;
}

Status PgStorage::RestoreCampaign(const CampaignRecord& c, const std::vector<QueuedMail>& mail) {
  return InTransaction([&](Conn& conn) -> Status {
    auto r = conn.Query(
        "INSERT INTO campaigns(id, form_id, kind, selection, created_by, created_at) VALUES($1, $2, $3, $4, $5, $6)",
        {P(c.id), P(c.form_id), P(c.kind), P(c.selection), P(c.created_by), P(c.created_at)});
    if (!r.ok() && r.error().code == ErrorCode::kConflict)
      return MakeError(ErrorCode::kConflict, "the campaign '" + c.id + "' exists");
    if (!r.ok()) return r.error();
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
