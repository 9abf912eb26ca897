#include "storage/copy_study.h"

#include <algorithm>
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

// Every field of a response, each length-prefixed so no two records serialise alike.
std::string Serialise(const ResponseRecord& r) {
  std::string out;
  auto add = [&](const std::string& v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
  };
  for (const std::string* v : {&r.id, &r.form_id, &r.form_version, &r.lang, &r.resume_hash, &r.answers_json,
                               &r.personal_json, &r.channel, &r.invitation_id, &r.flags, &r.review_note,
                               &r.privacy_notice}) {
    add(*v);
  }
  add(StatusName(r.status));
  for (std::int64_t v : {std::int64_t{r.page}, r.started_at, r.updated_at, r.submitted_at, std::int64_t{r.excluded},
                         r.privacy_ack_at})
    add(std::to_string(v));
  return out;
}

}  // namespace

Result<CopyCounts> CopyStudy(Storage& from, Storage& to) {
  CopyCounts n;
  for (const auto& [k, v] : from.AllSettings()) {
    if (Status st = to.PutSetting(k, v); !st.ok()) return st.error();
  }
  for (const auto& f : from.AllFormVersions()) {
    if (Status st = to.AddFormVersion(f); !st.ok()) return st.error();
    n.forms++;
  }
  for (const auto& id : FormIds(from)) {
    if (auto w = from.GetWindow(id)) {
      if (Status st = to.PutWindow(*w); !st.ok()) return st.error();
    }
  }
  for (const auto& u : from.ListUsers()) {
    if (!to.GetUser(u.name)) {
      if (Status st = to.AddUser(u); !st.ok()) return st.error();
    }
    if (Status st = to.UpdateUser(u); !st.ok()) return st.error();
    if (u.failed_logins > 0) {
      for (int i = 0; i < u.failed_logins; ++i) {
        if (Status st = to.RecordSignIn(u.name, true, u.locked_until); !st.ok()) return st.error();
      }
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
  }
  for (const auto& id : FormIds(from)) {
    auto inv = from.ListInvitations(id);
    if (inv.empty()) continue;
    for (auto& i : inv) i.response_id = i.response_status = "";
    if (Status st = to.AddInvitations(inv); !st.ok()) return st.error();
    n.invitations += static_cast<long long>(inv.size());
  }
  // The address book (issue 22).
  if (auto contacts = from.ListContacts(); !contacts.empty()) {
    if (Status st = to.UpsertContacts(contacts); !st.ok()) return st.error();
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
  std::vector<AuditEvent> audit;
  for (std::int64_t before = 0;;) {
    auto page = from.ListAudit(1000, before);
    if (page.empty()) break;
    before = page.back().seq;
    audit.insert(audit.end(), page.begin(), page.end());
  }
  std::reverse(audit.begin(), audit.end());
  for (const auto& e : audit) {
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

}  // namespace mcs::storage
