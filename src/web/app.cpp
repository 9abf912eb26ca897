#include "web/app.h"

#include <future>

#include "common/crypto.h"
#include "common/embedded.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "privacy/acknowledgement.h"
#include "web/answers_copy.h"
#include "web/logic.h"  // browser-side logic (logic.cpp)
#include "web/public_results.h"
#include "web/refusal.h"
#include "web/request_lang.h"
#include "web/views.h"

namespace mcs::web {

App::App(storage::Storage& store, const Clock& clock, Random& random)
    : store_(store), clock_(clock), random_(random), forms_(&clock) {}

Status App::Init(std::ostream& log, bool owner_in_background) {
  if (Status st = store_.Migrate(); !st.ok()) return st;
  // Nodes starting together on a new database: one may see the first form another is installing and
  // think the study is there. So every node installs what is missing (each step is idempotent) until
  // the "study_installed" mark is set, and none serves a half-installed study.
  bool fresh = store_.IsEmpty();
  if (fresh || !store_.GetSetting("study_installed")) {
    if (Status st = InstallStudy(fresh); !st.ok()) return st;
    if (Status st = store_.PutSetting("study_installed", "1"); !st.ok()) return st;
  }
  // The study's own texts: from its file into the settings, once (a database from before they were
  // settings gets the built-in ones too).
  if (!store_.GetSetting(kStudyTextsSetting)) {
    if (Status st = SeedStudyTexts(store_); !st.ok()) return st;
  }
  StudyChanged();
  (void)TimeZone();
  if (Status st = MakeOwnerIfNone(log, owner_in_background); !st.ok()) return st;
  // The secrets of CSRF tokens and resume tokens are shared by every node on the same database, so
  // any node can check a token. InitSetting: nodes starting together keep whichever was stored first.
  for (auto [key, out] : {std::pair{"csrf_secret", &csrf_secret_}, std::pair{"resume_secret", &resume_secret_}}) {
    auto secret = store_.InitSetting(key, random_.Hex(32));
    if (!secret.ok()) return secret.error();
    *out = *secret;
  }
  Diagnostics diags;
  forms_version_ = store_.FormsVersion();
  forms_.LoadAll(store_, diags);
  if (diags.HasErrors()) log << "mcsurvey: some stored form versions no longer load:\n" << diags.ToString();
  return Status::Ok();
}

Status App::InstallStudy(bool fresh) {
  for (const StudyGroup& g : StudyGroups()) {
    std::string file = std::string(g.form_id) + ".md";
    const embedded::File* f = embedded::Find(file);
    if (!f) return MakeError(ErrorCode::kInternal, "the built-in form " + file + " is missing from the binary");
    Diagnostics diags;
    auto r = Import(f->data, file, diags, /*publish=*/true);
    // A database from before the mark may hold another build's bytes under the same version: kept.
    if (!r.ok() && !fresh && r.error().code == ErrorCode::kConflict) continue;
    if (!r.ok()) return MakeError(ErrorCode::kInternal, "the built-in form " + file + " does not load:\n" + diags.ToString());
    storage::FormWindow w;
    w.form_id = g.form_id;
    w.closes_at = DefaultClosingTime(clock_.Now(), TimeZone());
    if (store_.GetWindow(g.form_id)) continue;  // set by another node or by the owner: kept
    if (Status st = store_.PutWindow(w); !st.ok()) return st;
  }
  return Status::Ok();
}

App::~App() { WaitForOwner(); }

std::shared_ptr<const StudyTexts> App::Study() {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(study_mu_);
  if (study_ && now - study_read_ < std::chrono::seconds(1)) return study_;
  std::optional<std::string> raw = store_.GetSetting(kStudyTextsSetting);
  study_read_ = now;
  // Unreadable now (a database outage): the texts read last stand.
  if (!raw && study_) return study_;
  if (!study_ || raw.value_or("") != study_raw_) {
    StudyTexts s = BuiltInStudyTexts();
    if (raw) {
      if (auto r = ParseStudyTexts(*raw); r.ok()) s = std::move(*r);
    }
    study_ = std::make_shared<const StudyTexts>(std::move(s));
    study_raw_ = raw.value_or("");
    study_generation_++;
    SetCurrentStudyTexts(study_);
  }
  return study_;
}

void App::StudyChanged() {
  {
    std::lock_guard lock(study_mu_);
    study_read_ = {};
  }
  (void)Study();
}

Status App::SaveStudy(const StudyTexts& s, const std::string& stamp) {
  if (!stamp.empty()) {
    StudyTexts now = LoadStudyTexts(store_);
    if (StudyTextsStamp(now) != stamp) {
      return MakeError(ErrorCode::kConflict,
                       "the study's texts were changed by someone else meanwhile: nothing was saved; reload the page");
    }
  }
  Status st = SaveStudyTexts(store_, s);
  StudyChanged();
  return st;
}

Result<StudyTranslation> App::ImportStudyTranslation(std::string_view xliff, const std::string& lang) {
  auto doc = form::ReadXliff(xliff);
  if (!doc.ok()) return doc.error();
  StudyTexts s = LoadStudyTexts(store_);
  auto t = ReadStudyTranslation(s, *doc, lang);
  if (!t.ok()) return t.error();
  if (t->texts.empty()) {
    return MakeError(ErrorCode::kInvalid, "no text of the file could be applied (" +
                                              std::to_string(t->source_changed.size()) + " with a changed source, " +
                                              std::to_string(t->not_translated.size()) +
                                              " not translated): nothing was imported");
  }
  if (Status st = SetStudyTexts(s, t->lang, t->texts); !st.ok()) return st.error();
  if (Status st = SaveStudy(s); !st.ok()) return st.error();
  return t;
}

std::string App::TimeZone() {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(zone_mu_);
  if (!zone_.empty() && now - zone_read_ < std::chrono::seconds(1)) return zone_;
  zone_read_ = now;
  std::optional<std::string> raw = store_.GetSetting(storage::kTimeZoneSetting);
  // Unreadable now (a database outage): the zone read last stands. A stored name ICU does not know
  // (a database written by a build with a newer tz database) falls back to the default.
  if (!raw && !zone_.empty()) return zone_;
  std::string zone = raw && CheckTimeZone(*raw).ok() ? *raw : std::string(kDefaultTimeZone);
  if (zone != zone_) {
    zone_ = zone;
    study_generation_++;  // cached pages that show dates are stale
    SetStudyTimeZone(zone_);
  }
  return zone_;
}

Status App::SetTimeZone(const std::string& zone, const std::string& user) {
  if (Status st = CheckTimeZone(zone); !st.ok()) return st;
  const std::string old = TimeZone();
  if (Status st = store_.PutSetting(storage::kTimeZoneSetting, zone); !st.ok()) return st;
  {
    std::lock_guard lock(zone_mu_);
    zone_read_ = {};
  }
  (void)TimeZone();
  storage::AuditEvent e;
  e.at = clock_.Now();
  e.user = user;
  e.action = "time-zone-change";
  e.target = "study";
  e.detail = old + " -> " + zone;
  return store_.AppendAudit(e);
}

void App::WaitForOwner() const {
  if (owner_made_.valid()) owner_made_.wait();
}

Status App::MakeOwnerIfNone(std::ostream& log, bool in_background) {
  // Also after a first start that stopped before the account was made: a database without any account.
  if (!store_.ListUsers().empty()) return Status::Ok();
  const char* env = std::getenv("MCSURVEY_ADMIN_PASSWORD");
  const bool given = env && *env;
  std::string password = given ? env : random_.Token(20, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
  auto make = [this, &log, password, given]() -> Status {
    storage::UserRecord u{"admin", "owner", HashPassword(password), clock_.Now()};
    Status st = store_.AddUser(u);
    // Conflict: another node starting at the same moment created it first; theirs stands.
    if (!st.ok() && st.error().code == ErrorCode::kConflict) return Status::Ok();
    if (st.ok() && !given) log << "mcsurvey: created the owner account 'admin' with password: " << password << std::endl;
    return st;
  };
  if (!in_background) return make();
  owner_made_ = std::async(std::launch::async, [make, &log] {
                  if (Status st = make(); !st.ok()) {
                    log << "mcsurvey: could not create the owner account: " << st.error().message << std::endl;
                  }
                }).share();
  return Status::Ok();
}

Result<std::shared_ptr<const form::Form>> App::Import(std::string_view bytes, const std::string& file_name,
                                                      Diagnostics& diags, bool publish, bool* published) {
  auto f = form::Compile(bytes, file_name, diags);
  if (!f) return MakeError(ErrorCode::kInvalid, "the form has errors");
  std::string base = file_name.substr(file_name.find_last_of('/') == std::string::npos ? 0 : file_name.find_last_of('/') + 1);
  TimeMs now = clock_.Now();
  storage::FormRecord rec{f->id, f->version, f->title, base, std::string(bytes), now, publish ? now : 0};
  // Store and registry change together: a refresh from the database (SyncForms) cannot slip in between
  // with what it read before this write and undo it until the next refresh.
  std::lock_guard sync_lock(forms_sync_mu_);
  if (Status st = store_.AddFormVersion(rec); !st.ok()) return st.error();
  // The same bytes stored before as a draft or scheduled: publishing now makes them live (Conflict:
  // live already, kept).
  if (publish) (void)store_.SetPublicationTime(f->id, f->version, now, now);
  TimeMs published_at = publish ? now : 0;
  if (!publish) {
    // The same bytes as a stored version: that version keeps its state (published, or scheduled).
    for (const auto& r : store_.AllFormVersions()) {
      if (r.form_id == f->id && r.version == f->version) published_at = r.published_at;
    }
  }
  forms_.Add(f, published_at);
  const bool is_published = published_at != 0 && published_at <= now;
  if (published) *published = is_published;
  return f;
}

// A language with missing texts would show respondents the default language's (issue 24): such a
// version is not published, now or at a time.
static Status RefuseIncomplete(const std::shared_ptr<const form::Form>& f, const std::string& version,
                               const StudyTexts& study) {
  if (!f) return Status::Ok();
  Diagnostics missing;
  App::CheckPublishable(*f, missing);
  CheckStudyTextsComplete(study, *f, missing);  // the study's own texts in the form's languages
  if (!missing.HasErrors()) return Status::Ok();
  const Diagnostic& first = missing.items().front();
  return MakeError(ErrorCode::kInvalid, "version " + version + " cannot be published: " +
                                            std::to_string(missing.items().size()) +
                                            " texts are missing in a language of the form (first: " +
                                            first.ToString() + "); see the form's Translations page");
}

Status App::Publish(const std::string& form_id, const std::string& version) {
  if (Status st = RefuseIncomplete(forms_.Version(form_id, version), version, LoadStudyTexts(store_)); !st.ok()) return st;
  const TimeMs now = clock_.Now();
  if (forms_.IsPublished(form_id, version)) return Status::Ok();
  // A scheduled version is published now too (its time brought forward); one another node made live
  // meanwhile (Conflict) is live: the registry takes its time from the database.
  {
    std::lock_guard sync_lock(forms_sync_mu_);  // as in Import
    Status st = store_.SetPublicationTime(form_id, version, now, now);
    if (!st.ok() && st.error().code != ErrorCode::kConflict) return st;
    if (st.ok()) {
      forms_.SetPublishedAt(form_id, version, now);
      return Status::Ok();
    }
  }
  SyncForms(true);
  return Status::Ok();
}

Status App::SchedulePublication(const std::string& form_id, const std::string& version, TimeMs at) {
  if (at != 0) {  // 0 cancels a scheduled publication: always allowed
    if (Status st = RefuseIncomplete(forms_.Version(form_id, version), version, LoadStudyTexts(store_)); !st.ok()) return st;
  }
  std::lock_guard sync_lock(forms_sync_mu_);  // as in Import
  if (Status st = store_.SetPublicationTime(form_id, version, at, clock_.Now()); !st.ok()) return st;
  forms_.SetPublishedAt(form_id, version, at);
  return Status::Ok();
}

Status App::Archive(const std::string& form_id, bool archived) {
  storage::FormWindow w = store_.GetWindow(form_id).value_or(storage::FormWindow{form_id, 0, 0, false, ""});
  w.archived_at = archived ? clock_.Now() : 0;
  if (Status st = store_.PutWindow(w); !st.ok()) return st;
  WindowsChanged();
  return Status::Ok();
}

void App::SyncForms(bool now) {
  const std::int64_t t = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
  if (!now && t - forms_synced_at_.load() < 1000) return;
  std::unique_lock lock(forms_sync_mu_, std::defer_lock);
  if (now) {
    lock.lock();
  } else if (!lock.try_lock()) {
    return;  // another thread is refreshing: this request is served from what is loaded
  }
  forms_synced_at_ = t;
  (void)TimeZone();  // another node's or a command's change of the study's zone, within a second
  std::string version = store_.FormsVersion();
  if (version == forms_version_) return;
  Diagnostics diags;  // versions that no longer compile were reported when the node started
  forms_.Sync(store_.AllFormVersions(), diags);
  forms_version_ = version;
}

Status App::DeleteDraft(const std::string& form_id, const std::string& version) {
  std::lock_guard sync_lock(forms_sync_mu_);  // as in Import
  if (Status st = store_.DeleteDraftVersion(form_id, version); !st.ok()) return st;
  forms_.Remove(form_id, version);
  WindowsChanged();
  return Status::Ok();
}

WindowState App::Window(const std::string& form_id, storage::FormWindow* out) const {
  std::optional<storage::FormWindow> w;
  auto now_steady = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(windows_mu_);
    auto it = windows_.find(form_id);
    if (it != windows_.end() && now_steady - it->second.read < std::chrono::seconds(1)) {
      w = it->second.window;
    } else {
      w = store_.GetWindow(form_id);
      if (windows_.size() > 1024) windows_.clear();
      windows_[form_id] = CachedWindow{w, now_steady};
    }
  }
  if (!w) return WindowState::kOpen;
  if (out) *out = *w;
  TimeMs now = clock_.Now();
  if (w->archived_at) return WindowState::kArchived;
  if (w->paused) return WindowState::kClosed;
  if (w->opens_at && now < w->opens_at) return WindowState::kScheduled;
  if (w->closes_at && now >= w->closes_at) return WindowState::kClosed;
  return WindowState::kOpen;
}

void App::WindowsChanged() {
  std::lock_guard lock(windows_mu_);
  windows_.clear();
  windows_generation_++;
}

bool App::AcknowledgementRequired(const std::string& form_id) const {
  auto now_steady = std::chrono::steady_clock::now();
  std::lock_guard lock(acknowledgement_mu_);
  auto it = acknowledgement_.find(form_id);
  if (it != acknowledgement_.end() && now_steady - it->second.second < std::chrono::seconds(1)) return it->second.first;
  bool on = privacy::AcknowledgementRequired(store_, form_id);
  if (acknowledgement_.size() > 1024) acknowledgement_.clear();
  acknowledgement_[form_id] = {on, now_steady};
  return on;
}

void App::AcknowledgementChanged() {
  std::lock_guard lock(acknowledgement_mu_);
  acknowledgement_.clear();
}

std::string App::ClientOf(const http::Request& req) const {
  if (trusted_proxy_.empty() || req.client != trusted_proxy_) return req.client;
  std::string_view xff = req.Header("x-forwarded-for");
  auto comma = xff.rfind(',');
  std::string_view last = Trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
  return last.empty() ? req.client : std::string(last);
}

std::shared_ptr<const http::Router> App::MakeRouter() {
  auto r = std::make_shared<http::Router>();
  // Every POST counts against its client's bucket; the address is used here and never stored.
  r->SetGuard([this](const http::Request& req) -> std::optional<http::Response> {
    if (req.method != "POST" || post_rate_ <= 0 || post_limiter_.Allow(ClientOf(req), clock_.Now())) return std::nullopt;
    // A respondent's page post, so a page in their language (the page's own, ?lang=, Accept-Language;
    // issue 24); a program's post a text, an API client's JSON (i18n4: it was a page for them too).
    const std::string lang = RefusalLang(req, &forms_, http::First(req.Form(), "_mcs_lang"));
    return RefusalFor(req, 429, post_limiter_.RetryAfterSeconds(), lang, i18n::T(lang, "there_is_a_problem"),
                      {i18n::T(lang, "resume_too_many")}, "too many requests");
  });
  // Unknown addresses (404) and methods an address does not take (405) in the respondent's language.
  r->SetRefusal(RefusalPageFor(forms_));
  AddRespondentRoutes(*this, *r);
  AddAnswersCopyRoutes(*this, *r);  // GET /s/{form_id}/r/{token}/answers.pdf (answers_copy.cpp)
  AddPublicResultsRoutes(*this, *r);  // GET /results, /results/{form_id} (public_results.cpp)
  AddRespondentPrivacyRoutes(*this, *r);
  AddApiRoutes(*this, *r);
  AddOpsRoutes(*this, *r, r.get());
  AddConsoleRoutes(*this, *r);
  AddOptOutRoutes(*this, *r);
  AddLogicRoutes(*this, *r);  // GET /s/{form_id}/logic.js (logic.cpp)
  return r;
}

}  // namespace mcs::web
