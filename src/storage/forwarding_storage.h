// A Storage that passes every call to another one. Derive from it to change one behaviour (tests
// that inject faults or race conditions, wrappers that count or log) without restating the rest.
#pragma once
#include "storage/storage.h"

namespace mcs::storage {

class ForwardingStorage : public Storage {
 public:
  explicit ForwardingStorage(Storage& s) : s_(s) {}

  Status Migrate() override { return s_.Migrate(); }
  bool IsEmpty() override { return s_.IsEmpty(); }
  bool ReadsAreLocal() const override { return s_.ReadsAreLocal(); }
  std::optional<std::string> GetSetting(const std::string& key) override { return s_.GetSetting(key); }
  Status PutSetting(const std::string& key, const std::string& value) override { return s_.PutSetting(key, value); }
  Result<std::string> InitSetting(const std::string& key, const std::string& value) override {
    return s_.InitSetting(key, value);
  }
  std::vector<std::pair<std::string, std::string>> AllSettings() override { return s_.AllSettings(); }
  Status BackupDatabase(const std::string& path) override { return s_.BackupDatabase(path); }
  Status AddFormVersion(const FormRecord& f) override { return s_.AddFormVersion(f); }
  std::vector<FormRecord> AllFormVersions() override { return s_.AllFormVersions(); }
  Status PublishFormVersion(const std::string& form_id, const std::string& version, TimeMs now) override {
    return s_.PublishFormVersion(form_id, version, now);
  }
  Status DeleteDraftVersion(const std::string& form_id, const std::string& version) override {
    return s_.DeleteDraftVersion(form_id, version);
  }
  Status SetPublicationTime(const std::string& form_id, const std::string& version, TimeMs at, TimeMs now) override {
    return s_.SetPublicationTime(form_id, version, at, now);
  }
  std::string FormsVersion() override { return s_.FormsVersion(); }
  std::optional<FormWindow> GetWindow(const std::string& form_id) override { return s_.GetWindow(form_id); }
  Status PutWindow(const FormWindow& w) override { return s_.PutWindow(w); }
  Status InsertResponse(const ResponseRecord& r) override { return s_.InsertResponse(r); }
  Status UpdateResponse(const ResponseRecord& r) override { return s_.UpdateResponse(r); }
  // Through this class's InsertResponse/UpdateResponse, so a derived class that changes those sees every save.
  bool SaveResponseAsync(ResponseRecord r, bool insert, std::function<void(Status)> done) override {
    return Storage::SaveResponseAsync(std::move(r), insert, std::move(done));
  }
  std::optional<ResponseRecord> FindByResumeHash(const std::string& hash) override { return s_.FindByResumeHash(hash); }
  std::optional<ResponseRecord> FindResponse(const std::string& id) override { return s_.FindResponse(id); }
  Status ForEachResponse(const std::string& form_id, const ResponseFilter& filter,
                         const std::function<bool(const ResponseRecord&)>& fn) override {
    return s_.ForEachResponse(form_id, filter, fn);
  }
  ResponseCounts CountResponses(const std::string& form_id) override { return s_.CountResponses(form_id); }
  std::string ResponsesVersion(const std::string& form_id) override { return s_.ResponsesVersion(form_id); }
  Status SetResponseFlags(const std::vector<std::pair<std::string, std::string>>& id_flags) override {
    return s_.SetResponseFlags(id_flags);
  }
  Status SetResponseReview(const std::string& id, const std::string& flags, bool excluded,
                           const std::string& note) override {
    return s_.SetResponseReview(id, flags, excluded, note);
  }
  Status DeleteResponse(const std::string& id) override { return s_.DeleteResponse(id); }
  Status AddUser(const UserRecord& u) override { return s_.AddUser(u); }
  std::optional<UserRecord> GetUser(const std::string& name) override { return s_.GetUser(name); }
  std::vector<UserRecord> ListUsers() override { return s_.ListUsers(); }
  Status UpdateUser(const UserRecord& u) override { return s_.UpdateUser(u); }
  Status DeleteUser(const std::string& name) override { return s_.DeleteUser(name); }
  Status RecordSignIn(const std::string& name, bool failed, TimeMs locked_until) override {
    return s_.RecordSignIn(name, failed, locked_until);
  }
  Result<int> CountSignInFailure(const std::string& name, TimeMs now) override {
    return s_.CountSignInFailure(name, now);
  }
  Status CreateSession(const SessionRecord& s) override { return s_.CreateSession(s); }
  std::optional<SessionRecord> FindSession(const std::string& id_hash, TimeMs now) override {
    return s_.FindSession(id_hash, now);
  }
  Status TouchSession(const std::string& id_hash, TimeMs last_seen_at, TimeMs expires_at) override {
    return s_.TouchSession(id_hash, last_seen_at, expires_at);
  }
  Status DeleteSession(const std::string& id_hash) override { return s_.DeleteSession(id_hash); }
  Status DeleteUserSessions(const std::string& user) override { return s_.DeleteUserSessions(user); }
  Status AddApiToken(const std::string& token_hash, const std::string& user, const std::string& label,
                     TimeMs now) override {
    return s_.AddApiToken(token_hash, user, label, now);
  }
  std::optional<UserRecord> FindApiTokenUser(const std::string& token_hash) override {
    return s_.FindApiTokenUser(token_hash);
  }
  std::vector<ApiTokenRecord> ListApiTokens() override { return s_.ListApiTokens(); }
  Status RevokeApiToken(const std::string& token_hash, TimeMs now) override {
    return s_.RevokeApiToken(token_hash, now);
  }
  Status AppendAudit(const AuditEvent& e) override { return s_.AppendAudit(e); }
  std::vector<AuditEvent> ListAudit(int limit, std::int64_t before_seq) override {
    return s_.ListAudit(limit, before_seq);
  }
  Status AddInvitations(const std::vector<Invitation>& invitations) override { return s_.AddInvitations(invitations); }
  std::vector<Invitation> ListInvitations(const std::string& form_id) override { return s_.ListInvitations(form_id); }
  std::optional<Invitation> FindInvitation(const std::string& id) override { return s_.FindInvitation(id); }
  Result<long long> RewriteAnswers(const std::string& form_id,
                                   const std::function<bool(ResponseRecord&)>& edit) override {
    return s_.RewriteAnswers(form_id, edit);
  }
  Result<AnonymisedCounts> AnonymiseForm(const std::string& form_id,
                                         const std::function<TimeMs(TimeMs)>& to_day) override {
    return s_.AnonymiseForm(form_id, to_day);
  }
  std::vector<Invitation> FindInvitationsByEmail(const std::string& email) override {
    return s_.FindInvitationsByEmail(email);
  }
  std::vector<ResponseRecord> FindResponsesByPersonalText(const std::string& needle) override {
    return s_.FindResponsesByPersonalText(needle);
  }
  Status UpdateInvitationContact(const std::string& id, const std::string& name, const std::string& email) override {
    return s_.UpdateInvitationContact(id, name, email);
  }
  Status DeleteInvitation(const std::string& id) override { return s_.DeleteInvitation(id); }
  Status SetResponsePersonal(const std::string& id, const std::string& personal_json) override {
    return s_.SetResponsePersonal(id, personal_json);
  }
  Status ScrubFreedSpace() override { return s_.ScrubFreedSpace(); }
  Status UpsertContacts(const std::vector<ContactRecord>& contacts) override { return s_.UpsertContacts(contacts); }
  std::vector<ContactRecord> ListContacts() override { return s_.ListContacts(); }
  Status CreateCampaign(const CampaignRecord& c, const std::vector<Invitation>& invitations,
                        const std::vector<QueuedMail>& mail) override {
    return s_.CreateCampaign(c, invitations, mail);
  }
  std::vector<CampaignRecord> ListCampaigns() override { return s_.ListCampaigns(); }
  std::vector<QueuedMail> ListMail(const std::string& campaign_id) override { return s_.ListMail(campaign_id); }
  std::optional<QueuedMail> ClaimMail(const std::string& node, TimeMs now) override { return s_.ClaimMail(node, now); }
  Status FinishMail(const QueuedMail& m, const std::string& node) override { return s_.FinishMail(m, node); }
  std::vector<QueuedMail> ClaimMails(const std::string& node, TimeMs now, int limit, int per_minute) override {
    return s_.ClaimMails(node, now, limit, per_minute);
  }
  Result<int> FinishMails(const std::vector<QueuedMail>& done, const std::string& node,
                          const std::vector<AuditEvent>& audit) override {
    return s_.FinishMails(done, node, audit);
  }
  Status UpdateContact(const std::string& email, const ContactRecord& c) override { return s_.UpdateContact(email, c); }
  Result<int> ExpireClaims(TimeMs stale_before) override { return s_.ExpireClaims(stale_before); }
  Result<int> RequeueUncertain(const std::string& campaign_id, TimeMs now) override {
    return s_.RequeueUncertain(campaign_id, now);
  }
  Status BlockAddress(const std::string& email, const std::string& reason, TimeMs at) override {
    return s_.BlockAddress(email, reason, at);
  }
  std::vector<std::pair<std::string, std::string>> ListBlocked() override { return s_.ListBlocked(); }
  Status DeleteContact(const std::string& email) override { return s_.DeleteContact(email); }
  Status DeleteMail(const std::string& id) override { return s_.DeleteMail(id); }
  std::optional<QueuedMail> FindMail(const std::string& id) override { return s_.FindMail(id); }
  Result<bool> RecordBounce(const BounceRecord& b) override { return s_.RecordBounce(b); }
  std::vector<BounceRecord> ListBounces(const std::string& email) override { return s_.ListBounces(email); }
  std::optional<std::string> BlockedReason(const std::string& email) override { return s_.BlockedReason(email); }
  Result<int> DeleteBounces(const std::string& email) override { return s_.DeleteBounces(email); }
  std::vector<BlockedAddress> ListBlockedAddresses() override { return s_.ListBlockedAddresses(); }
  Status RestoreCampaign(const CampaignRecord& c, const std::vector<QueuedMail>& mail) override {
    return s_.RestoreCampaign(c, mail);
  }
  void Close() override { s_.Close(); }

 protected:
  Storage& s_;
};

}  // namespace mcs::storage
