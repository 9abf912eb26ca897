// The web application: wires storage, forms and the engine into HTTP handlers. Handlers are grouped
// per resource (respondent pages, JSON API, operations); this file holds what they share.
#pragma once
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <memory>
#include <ostream>
#include <string>

#include "common/clock.h"
#include "common/diagnostic.h"
#include "http/http.h"
#include "storage/storage.h"
#include "web/form_registry.h"
#include "web/page_cache.h"
#include "web/password_checks.h"
#include "web/rate_limiter.h"
#include "web/study_texts.h"

namespace mcs::web {

// kArchived: the fieldwork is over for good (the owner archived the form): closed to answers and
// off the landing page, its data kept.
enum class WindowState { kOpen, kClosed, kScheduled, kArchived };

struct Metrics {
  std::atomic<std::uint64_t> responses_started{0};
  std::atomic<std::uint64_t> responses_completed{0};
  std::atomic<std::uint64_t> page_saves{0};
  std::atomic<std::uint64_t> storage_failures{0};
  // Question pages filled in from a kept rendering, and rendered for one respondent.
  std::atomic<std::uint64_t> pages_reused{0};
  std::atomic<std::uint64_t> pages_rendered{0};
};

class App {
 public:
  App(storage::Storage& store, const Clock& clock, Random& random);

  // Migrates the schema; on an empty database installs the study (the four questionnaires, their
  // window) and, on a database without accounts, the owner account `admin`, printing a generated
  // password to `log` once. With `owner_in_background` (the server) the account is made on another
  // thread (its argon2id hash is the longest step of a first start), so serving starts at once;
  // `log` must then outlive the App, and signing in waits for it (WaitForOwner).
  Status Init(std::ostream& log, bool owner_in_background = false);
  ~App();
  // Returns once the owner account Init set out to make exists (at once when there was none to make).
  void WaitForOwner() const;
  // All routes of INTERFACE.md.
  std::shared_ptr<const http::Router> MakeRouter();

  // Compiles and stores a form (a new version when the form_id exists). Problems go to `diags`.
  // The version lands as a draft unless `publish` (the built-in study) or it was stored and
  // published already (the same bytes again); `*published` tells which.
  Result<std::shared_ptr<const form::Form>> Import(std::string_view bytes, const std::string& file_name,
                                                   Diagnostics& diags, bool publish = false,
                                                   bool* published = nullptr);
  // Publishes a stored version: respondents get it from now on (within its answering window).
  Status Publish(const std::string& form_id, const std::string& version);
  // Translation (issue 24, translation.cpp) -------------------------------------------------------
  // The newest stored version of a form, compiled from its stored source; nullptr when there is none.
  std::shared_ptr<const form::Form> NewestVersion(const std::string& form_id);
  // What ImportTranslation did.
  struct TranslationImport {
    std::shared_ptr<const form::Form> form;  // the new draft version
    std::string lang;
    int applied = 0;
    std::vector<std::string> source_changed;  // unit ids not applied: their source text changed since export
    std::vector<std::string> not_translated;  // unit ids without a usable target
  };
  // Reads an XLIFF file translating form `form_id` (else the file's <file original>) into `lang`
  // (else the file's target-language) and stores the form's newest version with those texts as a
  // new draft version. An error (unknown units, broken XML, another version of XLIFF...) stores nothing.
  Result<TranslationImport> ImportTranslation(std::string_view xliff, const std::string& form_id,
                                              const std::string& lang, Diagnostics& diags);
  // Errors for each text a language of the stored version lacks: publishing refuses such a version.
  static void CheckPublishable(const form::Form& f, Diagnostics& diags);
  // ------------------------------------------------------------------------------------------------
  // Deletes a draft version without responses (see Storage::DeleteDraftVersion).
  Status DeleteDraft(const std::string& form_id, const std::string& version);
  // --- A form's life, scheduled and archived (fieldwork, issue 22) ---
  // Publishes a version that is not live yet at `at` (its opening time: it stays unseen by the
  // public until then), or makes it a draft again (`at` 0). Conflict once it is live.
  Status SchedulePublication(const std::string& form_id, const std::string& version, TimeMs at);
  // Archives a form (no answers any more, off the landing page; data, exports and reports kept), or
  // takes it out of the archive.
  Status Archive(const std::string& form_id, bool archived);
  // Brings the forms in memory up to the database when Storage::FormsVersion moved (a version added,
  // published or deleted by another node or a command), at most once a second; `now` skips the wait.
  void SyncForms(bool now = false);
  // --- end of fieldwork's block ---
  // --- The study's own texts (issue 24, study_texts.h) ---
  // The stored texts (title, groups, landing page), read again at most once a second: a change made
  // through this App shows at once (StudyChanged), one made by another node or a command within a second.
  std::shared_ptr<const StudyTexts> Study();
  void StudyChanged();
  // Changes whenever the texts read differ from the last ones (a cached page's stamp).
  std::uint64_t study_generation() const { return study_generation_.load(); }
  // Stores new texts (the console's and the command line's edits, XLIFF imports): refused (Conflict)
  // when `stamp` is given and the stored texts changed since it was taken (StudyTextsStamp).
  Status SaveStudy(const StudyTexts& s, const std::string& stamp = {});
  // Reads a translated XLIFF of the study's texts into `lang` (else the file's) and stores the
  // translations whose source is still the study's; an error stores nothing.
  Result<StudyTranslation> ImportStudyTranslation(std::string_view xliff, const std::string& lang);
  // --- end of the study texts' block ---
  // --- The study's time zone (issue 24, item 5; common/timezone.h) ---
  // The stored IANA name (Europe/Brussels when none), read again at most once a second like the
  // study's texts; each read also sets the process-wide StudyTimeZone() that code without an App uses.
  std::string TimeZone();
  // Checks `zone` (CheckTimeZone), stores it and audits the change with the old and new zone as done
  // by `user`. A change shows here at once, on other nodes within a second.
  Status SetTimeZone(const std::string& zone, const std::string& user);
  // --- end of the time zone's block ---

  // A form's answering window. Read on every respondent request, so windows are cached for a
  // second: a change made through this App shows at once (WindowsChanged), one made by another
  // node or `mcsurvey window` within a second. The state is computed from the clock every time.
  WindowState Window(const std::string& form_id, storage::FormWindow* out = nullptr) const;
  void WindowsChanged();
  // Changes whenever a window is changed here (with forms().generation(): a cached page's stamp).
  std::uint64_t windows_generation() const { return windows_generation_.load(); }
  // --- privacy-notice acknowledgement (issue 25) ---
  // Whether the form's respondents acknowledge the privacy notice before the first question
  // (privacy/acknowledgement.h), cached for a second like the windows; AcknowledgementChanged after
  // a change made here.
  bool AcknowledgementRequired(const std::string& form_id) const;
  void AcknowledgementChanged();
  // --- end of the acknowledgement's block ---
  PageCache& page_cache() { return page_cache_; }
  PageCache& question_pages() { return question_pages_; }
  // Question pages filled in from a kept rendering when they can be (on by default; tests compare
  // with it off).
  bool reuse_pages() const { return reuse_pages_; }
  void set_reuse_pages(bool on) { reuse_pages_ = on; }

  storage::Storage& store() { return store_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  FormRegistry& forms() { return forms_; }
  Metrics& metrics() { return metrics_; }
  const std::string& csrf_secret() const { return csrf_secret_; }
  // Keys the HMAC in resume tokens (resume_code.h); a setting in the database, shared by all nodes.
  const std::string& resume_secret() const { return resume_secret_; }
  // Codes typed at /resume per client address: ten, then one a minute, so guessing a code is hopeless.
  RateLimiter& resume_limiter() { return resume_limiter_; }
  // Posts (pages, drafts, API submissions) per client address: see rate_limiter.h for the sizing.
  RateLimiter& post_limiter() { return post_limiter_; }
  // Copies of one's answers (answers_copy.h): each is a Chromium print, so a few a minute per address.
  RateLimiter& copy_limiter() { return copy_limiter_; }
  // Failed sign-ins and API token checks per client address: 10 at once, then one every 6 seconds,
  // so guessing is hopeless while a person who mistypes a few times is never locked out.
  RateLimiter& auth_failures() { return auth_failures_; }
  // Password checks (argon2id) run here, `slots` at once with `queue` more waiting: see
  // password_checks.h. Set before serving.
  PasswordChecks& password_checks() { return *password_checks_; }
  void SetPasswordChecks(int slots, int queue) { password_checks_ = std::make_unique<PasswordChecks>(slots, queue); }
  // Behind a reverse proxy at this address, the client is the last address it adds to
  // X-Forwarded-For (otherwise every respondent would share the proxy's bucket).
  void SetTrustedProxy(std::string address) { trusted_proxy_ = std::move(address); }
  std::string ClientOf(const http::Request& req) const;
  // True when the request came through the trusted proxy over TLS (X-Forwarded-Proto: https from
  // that proxy only): console cookies are then marked Secure.
  bool ViaTrustedTls(const http::Request& req) const {
    return !trusted_proxy_.empty() && req.client == trusted_proxy_ && req.Header("x-forwarded-proto") == "https";
  }
  // Posts per second per client address (burst: ten seconds' worth); 0 turns the limit off.
  // Long work (API exports) runs at most max_exports at once on this node; the rest are turned away
  // with 503 and Retry-After, so exports never hold all the workers respondents' pages need.
  bool TryStartExport() {
    if (exports_running_.fetch_add(1) < max_exports_) return true;
    exports_running_.fetch_sub(1);
    return false;
  }
  void EndExport() { exports_running_.fetch_sub(1); }
  void SetMaxExports(int n) { max_exports_ = n; }
  void SetPostRate(double per_second) {
    post_rate_ = per_second;
    post_limiter_ = RateLimiter(per_second, per_second * 10);
  }

 private:
  Status InstallStudy(bool fresh);
  Status MakeOwnerIfNone(std::ostream& log, bool in_background);
  std::shared_future<void> owner_made_;
  storage::Storage& store_;
  const Clock& clock_;
  Random& random_;
  FormRegistry forms_;
  std::mutex forms_sync_mu_;  // one refresh at a time (others go on with what is loaded); held while forms change here
  std::atomic<std::int64_t> forms_synced_at_{0};  // steady-clock ms of the last FormsVersion read
  std::string forms_version_;                     // under forms_sync_mu_
  Metrics metrics_;
  std::string csrf_secret_;
  std::string resume_secret_;
  RateLimiter resume_limiter_{1.0 / 60, 10};
  double post_rate_ = 20.0;
  std::string trusted_proxy_;
  RateLimiter post_limiter_{20.0, 200.0};
  RateLimiter auth_failures_{1.0 / 6.0, 10.0};
  RateLimiter copy_limiter_{1.0 / 10, 6.0};
  std::unique_ptr<PasswordChecks> password_checks_ = std::make_unique<PasswordChecks>(2, 8);
  std::atomic<int> exports_running_{0};
  int max_exports_ = 2;
  struct CachedWindow {
    std::optional<storage::FormWindow> window;
    std::chrono::steady_clock::time_point read;
  };
  mutable std::mutex windows_mu_;
  mutable std::unordered_map<std::string, CachedWindow> windows_;
  std::atomic<std::uint64_t> windows_generation_{0};
  mutable std::mutex acknowledgement_mu_;
  mutable std::unordered_map<std::string, std::pair<bool, std::chrono::steady_clock::time_point>> acknowledgement_;
  PageCache page_cache_;
  // Question pages after the first, kept while their form version is current (no time of day in
  // them): each is the same for every respondent with the same questions shown (respondent.cpp).
  PageCache question_pages_{std::chrono::minutes(10), 16 << 20};
  bool reuse_pages_ = true;
  std::mutex study_mu_;  // the study's texts (Study)
  std::shared_ptr<const StudyTexts> study_;
  std::string study_raw_;
  std::chrono::steady_clock::time_point study_read_{};
  std::atomic<std::uint64_t> study_generation_{0};
  std::mutex zone_mu_;  // the study's time zone (TimeZone)
  std::string zone_;
  std::chrono::steady_clock::time_point zone_read_{};
};

// Route registration, one function per resource (respondent.cpp, api.cpp, ops.cpp).
void AddRespondentRoutes(App& app, http::Router& r);
void AddRespondentPrivacyRoutes(App& app, http::Router& r);  // a respondent deletes their own response (issue 25)
void AddApiRoutes(App& app, http::Router& r);
void AddOpsRoutes(App& app, http::Router& r, const http::Router* self);
// The study team's console under /admin (web/admin/).
void AddConsoleRoutes(App& app, http::Router& r);
// GET/POST /optout/{token}: a contact stops the study's e-mail (optout.cpp, issue 22).
void AddOptOutRoutes(App& app, http::Router& r);

// The built-in study's four questionnaires (study.cpp): the groups of forms/study/study.json, installed
// at the first start. Which forms are the study's groups now, and their names, are the study's texts
// (App::Study, study_texts.h).
struct StudyGroup {
  const char* form_id;
};
const std::vector<StudyGroup>& StudyGroups();
// The next 5 July 23:59 in `zone` (the study's time zone) after `now`.
TimeMs DefaultClosingTime(TimeMs now, std::string_view zone);

}  // namespace mcs::web
