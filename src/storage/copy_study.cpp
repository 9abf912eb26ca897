#include "storage/copy_study.h"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <utility>
#include <vector>

#include "common/crypto.h"

namespace mcs::storage {
namespace {

std::set<std::string> FormIds(Storage& s) {
  std::set<std::string> ids;
  for (const auto& f : s.AllFormVersions()) ids.insert(f.form_id);
  return ids;
}

ResponseFilter Everything() {
  ResponseFilter f;
  f.complete_only = false;
  f.include_excluded = true;
  f.include_test = true;
  return f;
}

// Fields length-prefixed, so no two records serialise alike.
class Fields {
 public:
  Fields& Add(const std::string& v) {
    out_ += std::to_string(v.size());
    out_ += ':';
    out_ += v;
    return *this;
  }
  Fields& Add(std::int64_t v) { return Add(std::to_string(v)); }
  std::string str() const { return out_; }

 private:
  std::string out_;
};

// Every field of a response.
std::string Serialise(const ResponseRecord& r) {
  Fields f;
  for (const std::string* v :
       {&r.id, &r.form_id, &r.form_version, &r.lang, &r.resume_hash, &r.answers_json, &r.personal_json, &r.channel,
        &r.invitation_id, &r.flags, &r.review_note, &r.privacy_notice}) {
    f.Add(*v);
  }
  f.Add(StatusName(r.status));
  for (std::int64_t v :
       {std::int64_t{r.page}, r.started_at, r.updated_at, r.submitted_at, std::int64_t{r.excluded}, r.privacy_ack_at})
    f.Add(v);
  return f.str();
}

// The audit log: every field but the store's line number.
std::vector<AuditEvent> AuditOldestFirst(Storage& s) {
  std::vector<AuditEvent> audit;
  for (std::int64_t before = 0;;) {
    auto page = s.ListAudit(1000, before);
    if (page.empty()) break;
    before = page.back().seq;
    audit.insert(audit.end(), page.begin(), page.end());
  }
  std::reverse(audit.begin(), audit.end());
  return audit;
}

// A kind's digest. `ordered`: the records' order is part of what is copied (the audit log, a
// campaign's queue); otherwise they are sorted first, as backends list some kinds in their own order.
KindDigest Digest(const std::string& kind, std::vector<std::string> records, bool ordered) {
  if (!ordered) std::sort(records.begin(), records.end());
  std::string all;
  for (const auto& r : records) all += Sha256Hex(r);
  return KindDigest{kind, static_cast<long long>(records.size()), Sha256Hex(all)};
}

}  // namespace

Result<CopyCounts> CopyStudy(Storage& from, Storage& to) {
  CopyCounts n;
  for (const auto& [k, v] : from.AllSettings()) {
    if (Status st = to.PutSetting(k, v); !st.ok()) return st.error();
    n.settings++;
  }
  for (const auto& f : from.AllFormVersions()) {
    if (Status st = to.AddFormVersion(f); !st.ok()) return st.error();
    n.forms++;
  }
  for (const auto& id : FormIds(from)) {
    if (auto w = from.GetWindow(id)) {
      if (Status st = to.PutWindow(*w); !st.ok()) return st.error();
      n.windows++;
    }
  }
  for (const auto& u : from.ListUsers()) {
    if (!to.GetUser(u.name)) {
      if (Status st = to.AddUser(u); !st.ok()) return st.error();
    }
    if (Status st = to.UpdateUser(u); !st.ok()) return st.error();
    if (Status st = to.RecordSignIn(u.name, false, 0); !st.ok()) return st.error();
    for (int i = 0; i < u.failed_logins; ++i) {
      if (Status st = to.RecordSignIn(u.name, true, u.locked_until); !st.ok()) return st.error();
    }
    n.users++;
  }
  auto tokens = from.ListApiTokens();
  std::reverse(tokens.begin(), tokens.end());  // oldest first, so the order is kept
  for (const auto& t : tokens) {
    if (Status st = to.AddApiToken(t.token_hash, t.user, t.label, t.created_at); !st.ok()) return st.error();
    if (t.revoked_at) {
      if (Status st = to.RevokeApiToken(t.token_hash, t.revoked_at); !st.ok()) return st.error();
    }
    n.api_tokens++;
  }
  for (const auto& id : FormIds(from)) {
    auto inv = from.ListInvitations(id);
    if (inv.empty()) continue;
    for (auto& i : inv) i.response_id = i.response_status = "";
    if (Status st = to.AddInvitations(inv); !st.ok()) return st.error();
    n.invitations += static_cast<long long>(inv.size());
  }
  // Fieldwork (issue 22): the address book, campaigns with their queue as it stands, the blocklist
  // and the bounces read so far.
  if (auto contacts = from.ListContacts(); !contacts.empty()) {
    if (Status st = to.UpsertContacts(contacts); !st.ok()) return st.error();
    n.contacts = static_cast<long long>(contacts.size());
  }
  for (const auto& c : from.ListCampaigns()) {
    auto mail = from.ListMail(c.id);
    if (Status st = to.RestoreCampaign(c, mail); !st.ok()) return st.error();
    n.campaigns++;
    n.mail += static_cast<long long>(mail.size());
  }
  for (const auto& b : from.ListBlockedAddresses()) {
    if (Status st = to.BlockAddress(b.email, b.reason, b.at); !st.ok()) return st.error();
    n.blocked++;
  }
  for (const auto& b : from.ListBounces("")) {
    auto stored = to.RecordBounce(b);
    if (!stored.ok()) return stored.error();
    n.bounces++;
  }
  for (const auto& id : FormIds(from)) {
    Status inner = Status::Ok();
    Status st = from.ForEachResponse(id, Everything(), [&](const ResponseRecord& r) {
      inner = to.InsertResponse(r);
      if (inner.ok()) n.responses++;
      return inner.ok();
    });
    if (!st.ok()) return st.error();
    if (!inner.ok()) return inner.error();
  }
  // The audit log, oldest first (the copy numbers its lines afresh).
  for (const auto& e : AuditOldestFirst(from)) {
    if (Status st = to.AppendAudit(e); !st.ok()) return st.error();
    n.audit++;
  }
  return n;
}

ResponseDigest DigestResponses(Storage& s) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& id : FormIds(s)) {
    (void)s.ForEachResponse(id, Everything(), [&](const ResponseRecord& r) {
      rows.emplace_back(r.id, Sha256Hex(Serialise(r)));
      return true;
    });
  }
  std::sort(rows.begin(), rows.end());
  std::string all;
  for (const auto& [id, h] : rows) all += h;
  return ResponseDigest{static_cast<long long>(rows.size()), Sha256Hex(all)};
}

std::vector<KindDigest> DigestStudy(Storage& s) {
  std::vector<KindDigest> out;
  std::vector<std::string> recs;
  auto done = [&](const char* kind, bool ordered = false) {
    out.push_back(Digest(kind, std::move(recs), ordered));
    recs.clear();
  };
  for (const auto& [k, v] : s.AllSettings()) recs.push_back(Fields().Add(k).Add(v).str());
  done("settings");
  for (const auto& f : s.AllFormVersions()) {
    recs.push_back(Fields()
                       .Add(f.form_id)
                       .Add(f.version)
                       .Add(f.title)
                       .Add(f.file_name)
                       .Add(f.source)
                       .Add(f.created_at)
                       .Add(f.published_at)
                       .str());
  }
  done("forms");
  for (const auto& id : FormIds(s)) {
    if (auto w = s.GetWindow(id)) {
      recs.push_back(Fields()
                         .Add(w->form_id)
                         .Add(w->opens_at)
                         .Add(w->closes_at)
                         .Add(std::int64_t{w->paused})
                         .Add(w->closed_message)
                         .Add(w->archived_at)
                         .str());
    }
  }
  done("windows");
  for (const auto& u : s.ListUsers()) {
    recs.push_back(Fields()
                       .Add(u.name)
                       .Add(u.role)
                       .Add(u.password_hash)
                       .Add(u.created_at)
                       .Add(std::int64_t{u.failed_logins})
                       .Add(u.locked_until)
                       .str());
  }
  done("users");
  for (const auto& t : s.ListApiTokens())
    recs.push_back(Fields().Add(t.token_hash).Add(t.user).Add(t.label).Add(t.created_at).Add(t.revoked_at).str());
  done("api_tokens");
  for (const auto& id : FormIds(s)) {
    for (const auto& i : s.ListInvitations(id)) {
      recs.push_back(Fields()
                         .Add(i.id)
                         .Add(i.form_id)
                         .Add(i.name)
                         .Add(i.email)
                         .Add(i.group)
                         .Add(i.country)
                         .Add(i.created_at)
                         .Add(i.response_id)
                         .Add(i.response_status)
                         .str());
    }
  }
  done("invitations");
  for (const auto& c : s.ListContacts()) {
    recs.push_back(Fields()
                       .Add(c.email)
                       .Add(c.name)
                       .Add(c.organisation)
                       .Add(c.group)
                       .Add(c.country)
                       .Add(c.lang)
                       .Add(c.created_at)
                       .Add(c.updated_at)
                       .str());
  }
  done("contacts");
  auto campaigns = s.ListCampaigns();
  for (const auto& c : campaigns) {
    recs.push_back(
        Fields().Add(c.id).Add(c.form_id).Add(c.kind).Add(c.selection).Add(c.created_by).Add(c.created_at).str());
  }
  done("campaigns");
  // The queue: campaign by campaign (by id), each in its queue order.
  std::sort(campaigns.begin(), campaigns.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (const auto& c : campaigns) {
    for (const auto& m : s.ListMail(c.id)) {
      recs.push_back(Fields()
                         .Add(m.id)
                         .Add(m.campaign_id)
                         .Add(m.email)
                         .Add(m.invitation_id)
                         .Add(m.lang)
                         .Add(m.state)
                         .Add(std::int64_t{m.attempts})
                         .Add(m.not_before)
                         .Add(m.claimed_at)
                         .Add(m.node)
                         .Add(m.sent_at)
                         .Add(std::int64_t{m.smtp_code})
                         .Add(m.error)
                         .str());
    }
  }
  done("mail", /*ordered=*/true);
  for (const auto& b : s.ListBlockedAddresses()) recs.push_back(Fields().Add(b.email).Add(b.reason).Add(b.at).str());
  done("blocklist");
  for (const auto& b : s.ListBounces("")) {
    recs.push_back(
        Fields().Add(b.key).Add(b.at).Add(b.email).Add(b.mail_id).Add(b.kind).Add(b.status).Add(b.diagnostic).str());
  }
  done("bounces");
  ResponseDigest r = DigestResponses(s);
  out.push_back(KindDigest{"responses", r.count, r.checksum});
  for (const auto& e : AuditOldestFirst(s))
    recs.push_back(Fields().Add(e.at).Add(e.user).Add(e.action).Add(e.target).Add(e.detail).str());
  done("audit", /*ordered=*/true);
  return out;
}

std::optional<std::string> StudyDataIn(const std::vector<KindDigest>& digests) {
  static const std::set<std::string> kStudyData = {"responses", "invitations", "contacts", "campaigns",
                                                   "mail",      "blocklist",   "bounces",  "audit"};
  for (const auto& d : digests) {
    if (d.count > 0 && kStudyData.count(d.kind)) return d.kind;
  }
  return std::nullopt;
}

}  // namespace mcs::storage
