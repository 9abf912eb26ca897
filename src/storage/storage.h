// Storage: everything mcsurvey keeps, behind one interface. SQLite (embedded, the default) and
// PostgreSQL (several nodes) implement it; no SQL exists outside src/storage/<backend>/.
//
// Contract for every write: when it returns Ok the change is committed and on disk. Writers are
// batched into group commits, so many concurrent respondents share one fsync.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace mcs::storage {

struct FormRecord {
  std::string form_id;
  std::string version;
  std::string title;
  std::string file_name;  // as uploaded: its extension names the encoding
  std::string source;     // the XLSForm bytes, kept so a form can be recompiled and downloaded
  TimeMs created_at = 0;
  TimeMs published_at = 0;  // 0: a draft (previewable by the team, not answerable by the public)
};

// When a form takes answers. 0 means "no limit" for opens_at/closes_at.
struct FormWindow {
  std::string form_id;
  TimeMs opens_at = 0;
  TimeMs closes_at = 0;
  bool paused = false;
  std::string closed_message;
  // Archived (fieldwork, issue 22): the fieldwork is over for good. The form leaves the landing page
  // and takes no answers (in progress or new); its responses, exports and reports stay. 0: not archived.
  TimeMs archived_at = 0;
};

enum class ResponseStatus { kPartial, kComplete };

struct ResponseRecord {
  std::string id;  // the public reference, random
  std::string form_id;
  std::string form_version;
  std::string lang;
  ResponseStatus status = ResponseStatus::kPartial;
  std::string resume_hash;    // SHA-256 (hex) of the resume token; empty for API submissions
  std::string answers_json;   // engine::Answers as JSON
  std::string personal_json;  // answers to personal-data questions, kept apart ("" when none)
  int page = 0;               // where the respondent was (position in the page list)
  std::string channel;        // "web", "api", or "test" (console preview: never counted or exported)
  TimeMs started_at = 0;
  TimeMs updated_at = 0;
  TimeMs submitted_at = 0;    // 0 while partial
  std::string invitation_id;  // the personal invitation it answers ("" for public links and the API)
  // Data quality (set by the study team, never by the respondent; not touched by UpdateResponse):
  std::string flags;      // comma-separated quality flags, e.g. "speeder,straightliner"
  bool excluded = false;  // kept, but left out of analysis and exports unless asked for
  std::string review_note;
  // The privacy notice acknowledged before the first question (issue 25), when the form asks for it:
  // when (0: not acknowledged) and which notice ("sha256:" and the first 16 hex digits of the text
  // shown), so a later change of the notice shows. Set by the respondent, kept by every save.
  TimeMs privacy_ack_at = 0;
  std::string privacy_notice;
};

struct ResponseFilter {
  bool complete_only = true;
  std::string form_version;       // empty: all versions
  bool include_excluded = false;  // responses the team excluded
  bool include_test = false;      // console previews (channel "test")
};

struct ResponseCounts {
  long long partial = 0;
  long long complete = 0;
};

struct UserRecord {
  std::string name;
  std::string role;  // owner, analyst, viewer
  std::string password_hash;
  TimeMs created_at = 0;
  int failed_logins = 0;  // consecutive failed sign-ins
  TimeMs locked_until = 0;
};

// A console sign-in. The cookie carries a random id; only its hash is stored.
struct SessionRecord {
  std::string id_hash;
  std::string user;
  std::string csrf;  // the session's CSRF token
  TimeMs created_at = 0;
  TimeMs last_seen_at = 0;
  TimeMs expires_at = 0;
};

struct ApiTokenRecord {
  std::string token_hash;  // also the token's id in the console (a hash reveals nothing)
  std::string user;
  std::string label;
  TimeMs created_at = 0;
  TimeMs revoked_at = 0;  // 0 while valid
};

// One line of the audit log: who did what to what.
struct AuditEvent {
  std::int64_t seq = 0;  // assigned by the store, increasing
  TimeMs at = 0;
  std::string user;    // "" for the system
  std::string action;  // e.g. "sign-in", "sign-in-failed", "form-upload", "response-exclude", "export"
  std::string target;  // e.g. a form id, a response id, a user name
  std::string detail;
};

// A personal invitation: one link for one contact, good for one response.
struct Invitation {
  std::string id;  // random, public (the link carries it with an HMAC)
  std::string form_id;
  std::string name;
  std::string email;
  std::string group;
  std::string country;
  TimeMs created_at = 0;
  // Read-only, from the response started with it (responses.invitation_id, unique: a second
  // InsertResponse with the same invitation is a Conflict, so one link gives one response even with
  // several nodes racing): "" until the contact starts.
  std::string response_id;
  std::string response_status;  // "", "partial" or "complete"
};

// The setting that records when a form was anonymised (milliseconds since 1970, as text): exports
// and reports read it to say the data is anonymised.
inline std::string AnonymisedSettingKey(const std::string& form_id) { return "anonymised:" + form_id; }
// Issue 25: "on" or "off" while or once the form asks for the privacy notice to be acknowledged before
// the first question (privacy/acknowledgement.h); exports read it to carry the acknowledgement columns.
inline std::string AcknowledgementSettingKey(const std::string& form_id) { return "privacy_ack:" + form_id; }
// The study's time zone, an IANA name (issue 24; common/timezone.h CheckTimeZone). Absent: Brussels.
inline constexpr const char* kTimeZoneSetting = "time_zone";

// What AnonymiseForm changed.
struct AnonymisedCounts {
  long long invitations = 0;  // deleted
  long long responses = 0;    // rewritten
};

// A person in the study's address book (kept across forms; issue 22). The e-mail address, with its
// domain in lower case (NormalizeEmail), is the key: importing the same address again updates it.
struct ContactRecord {
  std::string email;
  std::string name;
  std::string organisation;
  std::string group;    // a stakeholder group or form id of the study
  std::string country;  // ISO 3166-1 alpha-2 (NormalizeCountry), "" when not known
  std::string lang;     // the language messages and the questionnaire are offered in, "" for the form's default
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// A campaign (issue 22): one send of the team's invitation or reminder to a selection of contacts.
struct CampaignRecord {
  std::string id;
  std::string form_id;
  std::string kind;       // "invitation" or "reminder"
  std::string selection;  // what was chosen, in words ("group employers, country GR")
  std::string created_by;
  TimeMs created_at = 0;
};

// One message in the durable queue. States: queued (due at not_before), sending (claimed by a node,
// being handed to the relay), sent, failed (the relay refused it for good), uncertain (a node stopped
// while handing it over: it may or may not have gone; never sent again without the team's say).
struct QueuedMail {
  std::string id;  // random; the Message-ID's left part
  std::string campaign_id;
  std::string email;          // the contact's address (ContactRecord::email)
  std::string invitation_id;  // the personal link it carries
  std::string lang;
  std::string state = "queued";
  int attempts = 0;
  TimeMs not_before = 0;
  TimeMs claimed_at = 0;
  std::string node;  // who claimed it last
  TimeMs sent_at = 0;
  int smtp_code = 0;
  std::string error;
};

// --- Bounces (issue 22: VERP envelope senders and the bounce mailbox) ---
// One delivery status notification read from the bounce mailbox, recorded once (its key: a hash of
// the whole message, the same on every node), so several nodes reading one mailbox process it once.
struct BounceRecord {
  std::string key;         // sha-256 of the raw message
  TimeMs at = 0;           // when it was processed
  std::string email;       // the contact's address it concerns (as the queue holds it)
  std::string mail_id;     // the queued message it answers ("" when found by Final-Recipient alone)
  std::string kind;        // "hard" (5.x.x) or "soft" (4.x.x)
  std::string status;      // the DSN Status, e.g. 5.1.1
  std::string diagnostic;  // the Diagnostic-Code, shortened; untrusted text
};
// --- end of bounces' block ---

// An address on the study's blocklist (copying a study keeps when it was blocked).
struct BlockedAddress {
  std::string email;
  std::string reason;  // "opted-out", "bounced"
  TimeMs at = 0;
};

// The sign-in throttle per account name, shared by every node through the database: four failed
// password checks in a row are free; from the fifth on, the name's next check waits 15 s, doubling
// with each further failure up to 15 minutes (15, 30, 60, 120, 240, 480, 900 s). Both storages
// compute it inside their counting statement, from these numbers.
inline constexpr int kSignInFreeFailures = 4;
inline constexpr TimeMs kSignInFirstDelayMs = 15 * 1000;
inline constexpr TimeMs kSignInMaxDelayMs = 15 * 60 * 1000;
inline constexpr int kSignInMaxDoublings = 6;  // 15 s × 2^6 = 16 min > the cap
// The wait after `failures` consecutive failures (0 while they are free).
inline TimeMs SignInDelayMs(int failures) {
  if (failures <= kSignInFreeFailures) return 0;
  int doublings = std::min(failures - kSignInFreeFailures - 1, kSignInMaxDoublings);
  return std::min(kSignInMaxDelayMs, kSignInFirstDelayMs << doublings);
}

class Storage {
 public:
  virtual ~Storage() = default;

  // Applies the numbered schema migrations that are not applied yet.
  virtual Status Migrate() = 0;
  // True when no form has ever been installed.
  virtual bool IsEmpty() = 0;
  // True when a read never waits on anything but the local disk (SQLite in WAL mode: readers never
  // wait for the writer). The server then renders pages that only read on its I/O threads; a read
  // over the network (PostgreSQL) could hang there for the connect timeout, so those go to workers.
  virtual bool ReadsAreLocal() const = 0;

  virtual std::optional<std::string> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;
  // Stores `value` unless the key has one already, and returns the stored value: nodes starting
  // together agree on one secret (the CSRF secret) whoever writes first.
  virtual Result<std::string> InitSetting(const std::string& key, const std::string& value) = 0;
  // Every setting, by key (for copying a study between databases).
  virtual std::vector<std::pair<std::string, std::string>> AllSettings() = 0;

  // Adds a form version. Conflict when (form_id, version) exists with other bytes.
  virtual Status AddFormVersion(const FormRecord& f) = 0;
  // Every version of every form, oldest first.
  virtual std::vector<FormRecord> AllFormVersions() = 0;
  // Publishes a draft version (published_at = now); a published one keeps its time. NotFound when absent.
  virtual Status PublishFormVersion(const std::string& form_id, const std::string& version, TimeMs now) = 0;
  // Deletes a draft version with the test (preview) responses made on it; when no version of the
  // form is left, its window goes too. NotFound when absent; Conflict when the version is published
  // or has a response other than a preview's.
  virtual Status DeleteDraftVersion(const std::string& form_id, const std::string& version) = 0;
  // --- A form's life, scheduled (fieldwork, issue 22) ---
  // Sets when a version goes live while it is not live yet (published_at 0, or later than `now`):
  // `at` = now publishes it at once, a later time schedules it (the public sees nothing of it until
  // then), 0 makes it a draft again. NotFound when absent; Conflict once it is live.
  virtual Status SetPublicationTime(const std::string& form_id, const std::string& version, TimeMs at,
                                    TimeMs now) = 0;
  // An opaque value that changes whenever a form version is added, published (or scheduled) or
  // deleted, by any node or command: nodes poll it to load what another one changed.
  virtual std::string FormsVersion() = 0;
  // --- end of fieldwork's block ---
  virtual std::optional<FormWindow> GetWindow(const std::string& form_id) = 0;
  virtual Status PutWindow(const FormWindow& w) = 0;

  // Stores a new response (partial or complete). Conflict when the id exists or its invitation has
  // a response already.
  virtual Status InsertResponse(const ResponseRecord& r) = 0;
  // Replaces a partial response's answers, page, language and status. Conflict when the stored
  // response is already complete: a finished response cannot be changed through its resume link.
  virtual Status UpdateResponse(const ResponseRecord& r) = 0;
  // InsertResponse (`insert`) or UpdateResponse without holding the calling thread while the commit is
  // made: `done` gets the result exactly once, on the storage's writer thread or on the caller's. The
  // default saves synchronously and calls `done` before it returns (true when it did: the result is
  // known already).
  virtual bool SaveResponseAsync(ResponseRecord r, bool insert, std::function<void(Status)> done);
  virtual std::optional<ResponseRecord> FindByResumeHash(const std::string& hash) = 0;
  virtual std::optional<ResponseRecord> FindResponse(const std::string& id) = 0;
  // Streams responses of a form in submission order; `fn` returns false to stop.
  virtual Status ForEachResponse(const std::string& form_id, const ResponseFilter& filter,
                                 const std::function<bool(const ResponseRecord&)>& fn) = 0;
  virtual ResponseCounts CountResponses(const std::string& form_id) = 0;
  // An opaque value that changes whenever a response of `form_id` is added, changed (answers,
  // status, review) or deleted, on any node: caches of figures over a form's responses (the
  // console's dashboard) key on it instead of reading the responses again.
  virtual std::string ResponsesVersion(const std::string& form_id) = 0;

  // Data quality: sets the team's flags, exclusion and note of a response. NotFound when absent.
  virtual Status SetResponseReview(const std::string& id, const std::string& flags, bool excluded,
                                   const std::string& note) = 0;
  // Sets the quality flags of many responses (exclusions and notes untouched; ids no longer stored
  // are skipped), in transactions of a few thousand so respondents' writes are never held up long.
  virtual Status SetResponseFlags(const std::vector<std::pair<std::string, std::string>>& id_flags) = 0;
  // Deletes a response for good (e.g. a respondent's erasure request). NotFound when absent.
  virtual Status DeleteResponse(const std::string& id) = 0;

  virtual Status AddUser(const UserRecord& u) = 0;
  virtual std::optional<UserRecord> GetUser(const std::string& name) = 0;
  virtual std::vector<UserRecord> ListUsers() = 0;
  // Changes role and password hash. NotFound when absent.
  virtual Status UpdateUser(const UserRecord& u) = 0;
  // Deletes the user with their sessions and API tokens. NotFound when absent.
  virtual Status DeleteUser(const std::string& name) = 0;
  // Records a sign-in outcome: a failure adds one to failed_logins and sets locked_until; a success
  // (failed = false) resets both.
  virtual Status RecordSignIn(const std::string& name, bool failed, TimeMs locked_until) = 0;
  // Counts one failed password check for `name` in one statement, so concurrent failures on any
  // node all count and none reads a stale count: failed_logins + 1, and from the fifth failure on
  // locked_until = now + SignInDelayMs(new count). Returns the new count; 0 for no such user.
  virtual Result<int> CountSignInFailure(const std::string& name, TimeMs now) = 0;

  virtual Status CreateSession(const SessionRecord& s) = 0;
  // An unexpired session (expires_at > now).
  virtual std::optional<SessionRecord> FindSession(const std::string& id_hash, TimeMs now) = 0;
  virtual Status TouchSession(const std::string& id_hash, TimeMs last_seen_at, TimeMs expires_at) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  // Signs a user out everywhere.
  virtual Status DeleteUserSessions(const std::string& user) = 0;

  virtual Status AddApiToken(const std::string& token_hash, const std::string& user, const std::string& label,
                             TimeMs now) = 0;
  // The user an unrevoked API token belongs to.
  virtual std::optional<UserRecord> FindApiTokenUser(const std::string& token_hash) = 0;
  // All tokens, newest first.
  virtual std::vector<ApiTokenRecord> ListApiTokens() = 0;
  // NotFound when no such token.
  virtual Status RevokeApiToken(const std::string& token_hash, TimeMs now) = 0;

  virtual Status AppendAudit(const AuditEvent& e) = 0;
  // Newest first; `before_seq` > 0 pages back from there.
  virtual std::vector<AuditEvent> ListAudit(int limit, std::int64_t before_seq) = 0;

  // Adds all or none (Conflict when an id exists).
  virtual Status AddInvitations(const std::vector<Invitation>& invitations) = 0;
  // A form's invitations in creation order.
  virtual std::vector<Invitation> ListInvitations(const std::string& form_id) = 0;
  virtual std::optional<Invitation> FindInvitation(const std::string& id) = 0;

  // The address book. Adds the contacts or updates those whose e-mail is stored (a non-empty field
  // replaces the stored one, created_at stays), all or none.
  virtual Status UpsertContacts(const std::vector<ContactRecord>& contacts) = 0;
  // Every contact, by e-mail address.
  virtual std::vector<ContactRecord> ListContacts() = 0;

  // Campaigns and the mail queue (issue 22). Stores the campaign with the invitations it makes and
  // its queued messages, all or none; Conflict when the campaign id exists (two nodes scheduling the
  // same reminder: one wins).
  virtual Status CreateCampaign(const CampaignRecord& c, const std::vector<Invitation>& invitations,
                                const std::vector<QueuedMail>& mail) = 0;
  // Every campaign, oldest first.
  virtual std::vector<CampaignRecord> ListCampaigns() = 0;
  // A campaign's messages, in queue order.
  virtual std::vector<QueuedMail> ListMail(const std::string& campaign_id) = 0;
  // Claims the next due message (queued, not_before <= now): sets it sending with `node`, claimed_at
  // = now and one more attempt, and commits that before returning it, so no other node or thread
  // can claim it (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one write transaction). nullopt when
  // nothing is due.
  virtual std::optional<QueuedMail> ClaimMail(const std::string& node, TimeMs now) = 0;
  // Records what became of a claimed message: state sent, failed, or queued again (not_before: the
  // back-off). Only a message still `sending` for `node` changes (NotFound otherwise).
  virtual Status FinishMail(const QueuedMail& m, const std::string& node) = 0;
  // Messages left `sending` since before `stale_before` (their node stopped mid-send) become
  // uncertain. Returns how many.
  virtual Result<int> ExpireClaims(TimeMs stale_before) = 0;
  // The team's decision after a crash: a campaign's uncertain messages are queued again. Returns how many.
  virtual Result<int> RequeueUncertain(const std::string& campaign_id, TimeMs now) = 0;
  // The study's blocklist: addresses that opted out or bounced are never mailed again. The first
  // reason stays.
  virtual Status BlockAddress(const std::string& email, const std::string& reason, TimeMs at) = 0;
  // address -> reason ("opted-out", "bounced").
  virtual std::vector<std::pair<std::string, std::string>> ListBlocked() = 0;
  // ---- The mail queue in batches, the throttle across nodes (issue 22, mailfast) ----
  // Claims up to `limit` due messages in one transaction, as ClaimMail claims one (same order, same
  // state change, committed before anything is sent). `per_minute` > 0 is the study's throttle, held
  // across every node that shares the database: the claims of the last 60 s (claimed_at, whichever
  // node made them) stay at most `per_minute`, and those of the last second at most
  // ceil(per_minute / 60) so a minute's messages are spread over it; counted and claimed in the same
  // transaction (PostgreSQL: under a transaction advisory lock, so nodes take turns). Empty when
  // nothing is due or the throttle allows none now.
  virtual std::vector<QueuedMail> ClaimMails(const std::string& node, TimeMs now, int limit, int per_minute) = 0;
  // What became of claimed messages, with each one's audit line (action "" for none), in ONE
  // transaction: a message changes as FinishMail changes it (only while still `sending` for
  // `node`; the others are left as they are), and every audit line is appended. Returns how many
  // messages changed.
  virtual Result<int> FinishMails(const std::vector<QueuedMail>& done, const std::string& node,
                                  const std::vector<AuditEvent>& audit) = 0;

  // The team's correction of one contact (issue 22, mailfast): the contact stored under `email` takes
  // every field of `c` as it is (an empty field clears it; created_at stays). The address may change:
  // Conflict when `c.email` is another contact's, NotFound when `email` is not in the book.
  virtual Status UpdateContact(const std::string& email, const ContactRecord& c) = 0;

  // A data subject's erasure (issue 25) in the address book and the mail queue: the contact with
  // that e-mail address (as stored), and one message of the queue. NotFound when absent.
  virtual Status DeleteContact(const std::string& email) = 0;
  virtual Status DeleteMail(const std::string& id) = 0;

  // --- Bounces (issue 22) ---
  // One message of the queue by id (a VERP token names it). nullopt when absent.
  virtual std::optional<QueuedMail> FindMail(const std::string& id) = 0;
  // Stores the bounce unless one with its key is stored: true when this call stored it (the caller
  // then acts on it), false when it was there already (another node or an earlier pass did).
  virtual Result<bool> RecordBounce(const BounceRecord& b) = 0;
  // The bounces of `email` ("" for every address), newest first.
  virtual std::vector<BounceRecord> ListBounces(const std::string& email) = 0;
  // Why the address is on the blocklist ("opted-out", "bounced"), nullopt when it is not.
  virtual std::optional<std::string> BlockedReason(const std::string& email) = 0;
  // A data subject's erasure: their bounce records. Returns how many went.
  virtual Result<int> DeleteBounces(const std::string& email) = 0;
  // --- end of bounces' block ---

  // --- Copying a study between databases (mcsurvey migrate, storage/copy_study.h) ---
  // Every blocked address with its reason and when it was blocked, by address.
  virtual std::vector<BlockedAddress> ListBlockedAddresses() = 0;
  // Stores a campaign and its messages exactly as given (state, attempts, claim, node, outcome), all
  // or none, in the given queue order: a copied queue sends only what the source would still have
  // sent (sent, failed and uncertain messages stay so). Its invitations are copied on their own.
  // Conflict when the campaign id exists.
  virtual Status RestoreCampaign(const CampaignRecord& c, const std::vector<QueuedMail>& mail) = 0;
  // --- end of copying's block ---

  // Writes a consistent copy of the whole database to `path` while serving goes on (SQLite's online
  // backup API). Invalid for backends with their own tools (PostgreSQL: pg_dump).
  virtual Status BackupDatabase(const std::string& path) = 0;

  // ---- Data protection (issue 25; the rules live in src/privacy/, which uses only these) ----
  // Rewrites stored answers of every response of a form (partial, excluded and test previews
  // included) in one transaction: `edit` gets each response and returns true when it changed
  // answers_json or personal_json, which are then written back. Returns how many changed.
  virtual Result<long long> RewriteAnswers(const std::string& form_id,
                                           const std::function<bool(ResponseRecord&)>& edit) = 0;
  // Anonymises a form in one transaction: deletes its invitations; clears every response's personal
  // part, invitation link and resume hash; with `to_day`, replaces each response's started, updated,
  // submitted and privacy-acknowledged time t (those set) by to_day(t): the start of its day on the
  // study's clock (privacy::AnonymiseForm; the storage knows no time zone). Without (retention), the
  // times stay as they are.
  virtual Result<AnonymisedCounts> AnonymiseForm(const std::string& form_id,
                                                 const std::function<TimeMs(TimeMs)>& to_day) = 0;
  // Invitations of every form sent to `email` (compared without regard to ASCII case).
  virtual std::vector<Invitation> FindInvitationsByEmail(const std::string& email) = 0;
  // Responses whose personal part contains `needle` (ASCII case ignored): candidates only, the caller
  // compares the values exactly.
  virtual std::vector<ResponseRecord> FindResponsesByPersonalText(const std::string& needle) = 0;
  // Rectification of an invitation's contact. NotFound when absent.
  virtual Status UpdateInvitationContact(const std::string& id, const std::string& name, const std::string& email) = 0;
  // Deletes an invitation (its response, if any, is left to the caller). NotFound when absent.
  virtual Status DeleteInvitation(const std::string& id) = 0;
  // Replaces a response's personal part, complete or not. NotFound when absent.
  virtual Status SetResponsePersonal(const std::string& id, const std::string& personal_json) = 0;
  // Makes deleted rows unreadable in the database files. SQLite: VACUUM, then a checkpoint that
  // truncates the WAL. PostgreSQL: VACUUM FULL of the tables that hold personal data (rewritten
  // into new files; the old ones are unlinked).
  virtual Status ScrubFreedSpace() = 0;

  // Waits for queued writes and closes.
  virtual void Close() = 0;
};

// Opens "sqlite:PATH" (creating the file and its folder) or "postgresql://..." (a libpq URI).
Result<std::unique_ptr<Storage>> Open(const std::string& url);

std::string StatusName(ResponseStatus s);

}  // namespace mcs::storage
