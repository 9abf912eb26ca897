// Storage on embedded SQLite: WAL mode, synchronous=FULL, one writer thread doing group commits,
// a pool of reader connections (WAL lets readers run beside the writer).
#pragma once
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/sqlite/recent_responses.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/storage.h"

namespace mcs::storage::sqlite {

class SqliteStorage final : public Storage {
 public:
  // Opens (creating) the database at `path`.
  static Result<std::unique_ptr<SqliteStorage>> Open(const std::string& path);
  ~SqliteStorage() override;

  Status Migrate() override;
  bool IsEmpty() override;
  bool ReadsAreLocal() const override { return true; }
  std::optional<std::string> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;
  Result<std::string> InitSetting(const std::string& key, const std::string& value) override;
  std::vector<std::pair<std::string, std::string>> AllSettings() override;
  Status BackupDatabase(const std::string& path) override;
  Status AddFormVersion(const FormRecord& f) override;
  std::vector<FormRecord> AllFormVersions() override;
  Status PublishFormVersion(const std::string& form_id, const std::string& version, TimeMs now) override;
  Status DeleteDraftVersion(const std::string& form_id, const std::string& version) override;
  Status SetPublicationTime(const std::string& form_id, const std::string& version, TimeMs at, TimeMs now) override;
  std::string FormsVersion() override;
  std::optional<FormWindow> GetWindow(const std::string& form_id) override;
  Status PutWindow(const FormWindow& w) override;
  Status InsertResponse(const ResponseRecord& r) override;
  Status UpdateResponse(const ResponseRecord& r) override;
  bool SaveResponseAsync(ResponseRecord r, bool insert, std::function<void(Status)> done) override;
  std::optional<ResponseRecord> FindByResumeHash(const std::string& hash) override;
  std::optional<ResponseRecord> FindResponse(const std::string& id) override;
  Status ForEachResponse(const std::string& form_id, const ResponseFilter& filter,
                         const std::function<bool(const ResponseRecord&)>& fn) override;
  ResponseCounts CountResponses(const std::string& form_id) override;
  std::string ResponsesVersion(const std::string& form_id) override;
  Status SetResponseFlags(const std::vector<std::pair<std::string, std::string>>& id_flags) override;
  Status SetResponseReview(const std::string& id, const std::string& flags, bool excluded,
                           const std::string& note) override;
  Status DeleteResponse(const std::string& id) override;
  Status AddUser(const UserRecord& u) override;
  std::optional<UserRecord> GetUser(const std::string& name) override;
  std::vector<UserRecord> ListUsers() override;
  Status UpdateUser(const UserRecord& u) override;
  Status DeleteUser(const std::string& name) override;
  Status RecordSignIn(const std::string& name, bool failed, TimeMs locked_until) override;
  Result<int> CountSignInFailure(const std::string& name, TimeMs now) override;
  Status CreateSession(const SessionRecord& s) override;
  std::optional<SessionRecord> FindSession(const std::string& id_hash, TimeMs now) override;
  Status TouchSession(const std::string& id_hash, TimeMs last_seen_at, TimeMs expires_at) override;
  Status DeleteSession(const std::string& id_hash) override;
  Status DeleteUserSessions(const std::string& user) override;
  Status AddApiToken(const std::string& token_hash, const std::string& user, const std::string& label,
                     TimeMs now) override;
  std::optional<UserRecord> FindApiTokenUser(const std::string& token_hash) override;
  std::vector<ApiTokenRecord> ListApiTokens() override;
  Status RevokeApiToken(const std::string& token_hash, TimeMs now) override;
  Status AppendAudit(const AuditEvent& e) override;
  std::vector<AuditEvent> ListAudit(int limit, std::int64_t before_seq) override;
  Status AddInvitations(const std::vector<Invitation>& invitations) override;
  std::vector<Invitation> ListInvitations(const std::string& form_id) override;
  std::optional<Invitation> FindInvitation(const std::string& id) override;
  // Data protection (issue 25).
  Result<long long> RewriteAnswers(const std::string& form_id,
                                   const std::function<bool(ResponseRecord&)>& edit) override;
  Result<AnonymisedCounts> AnonymiseForm(const std::string& form_id,
                                         const std::function<TimeMs(TimeMs)>& to_day) override;
  std::vector<Invitation> FindInvitationsByEmail(const std::string& email) override;
  std::vector<ResponseRecord> FindResponsesByPersonalText(const std::string& needle) override;
  Status UpdateInvitationContact(const std::string& id, const std::string& name, const std::string& email) override;
  Status DeleteInvitation(const std::string& id) override;
  Status SetResponsePersonal(const std::string& id, const std::string& personal_json) override;
  Status ScrubFreedSpace() override;
  Status UpsertContacts(const std::vector<ContactRecord>& contacts) override;
  std::vector<ContactRecord> ListContacts() override;
  Status CreateCampaign(const CampaignRecord& c, const std::vector<Invitation>& invitations,
                        const std::vector<QueuedMail>& mail) override;
  std::vector<CampaignRecord> ListCampaigns() override;
  std::vector<QueuedMail> ListMail(const std::string& campaign_id) override;
  std::optional<QueuedMail> ClaimMail(const std::string& node, TimeMs now) override;
  Status FinishMail(const QueuedMail& m, const std::string& node) override;
  std::vector<QueuedMail> ClaimMails(const std::string& node, TimeMs now, int limit, int per_minute) override;
  Result<int> FinishMails(const std::vector<QueuedMail>& done, const std::string& node,
                          const std::vector<AuditEvent>& audit) override;
  Status UpdateContact(const std::string& email, const ContactRecord& c) override;
  Result<int> ExpireClaims(TimeMs stale_before) override;
  Result<int> RequeueUncertain(const std::string& campaign_id, TimeMs now) override;
  Status BlockAddress(const std::string& email, const std::string& reason, TimeMs at) override;
  std::vector<std::pair<std::string, std::string>> ListBlocked() override;
  Status DeleteContact(const std::string& email) override;
  Status DeleteMail(const std::string& id) override;
  std::optional<QueuedMail> FindMail(const std::string& id) override;
  Result<bool> RecordBounce(const BounceRecord& b) override;
  std::vector<BounceRecord> ListBounces(const std::string& email) override;
  std::optional<std::string> BlockedReason(const std::string& email) override;
  Result<int> DeleteBounces(const std::string& email) override;
  std::vector<BlockedAddress> ListBlockedAddresses() override;
  Status RestoreCampaign(const CampaignRecord& c, const std::vector<QueuedMail>& mail) override;
  void Close() override;

  // Group-commit statistics (for /metrics and benchmarks).
  struct Stats {
    std::uint64_t commits = 0;
    std::uint64_t writes = 0;
  };
  Stats stats() const;
  const RecentResponses& recent() const { return recent_; }

 private:
  explicit SqliteStorage(std::string path) : path_(std::move(path)) {}
  using WriteFn = std::function<Status(Db&)>;
  // Runs `fn` inside the next group commit and waits until that commit is on disk.
  Status Write(WriteFn fn);
  // Runs `fn` inside the next group commit; `done` gets the result once that commit is on disk (on
  // the writer thread).
  void Enqueue(WriteFn fn, std::function<void(Status)> done);
  void WriterLoop();

  // A reader connection for the calling thread's use, returned to the pool on destruction.
  class Reader;
  Reader AcquireReader();

  std::string path_;
  Db writer_db_;
  std::thread writer_;
  struct Job {
    WriteFn fn;
    std::function<void(Status)> done;
  };
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  Stats stats_;

  // Saves a response and waits for its commit.
  Status SaveAndWait(const ResponseRecord& r, bool insert);
  RecentResponses recent_;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Db>> readers_;
};

}  // namespace mcs::storage::sqlite
