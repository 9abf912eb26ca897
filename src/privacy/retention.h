// Retention (issue 25): a form's personal data is deleted a set number of days after the form
// closes, by a job every serving node runs (RetentionScheduler) on an injectable clock. What goes:
// the form's invitations (contacts and links), every response's personal answers (follow-up
// contacts), the link between responses and invitations and the resume links, and, when chosen, the
// answers to its free-text questions. Several nodes (PostgreSQL) may run it at the same moment:
// the deletion is idempotent, and one claimed row (Storage::InitSetting) lets exactly one of them
// write the audit line and rewrite the database files.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "form/form.h"
#include "privacy/privacy.h"
#include "storage/storage.h"

namespace mcs::privacy {

struct Retention {
  int days = -1;           // after the closing time; < 0: none set
  bool free_text = false;  // also the answers to free-text (text) questions that are not personal
};
Retention GetRetention(storage::Storage& s, const std::string& form_id);
// Sets a form's retention (days < 0 removes it); audited. Invalid beyond 10 years.
Status SetRetention(storage::Storage& s, const std::string& form_id, const Retention& r, const Actor& who);
// When the form's personal data is due to go: its closing time (or its archiving, if earlier) + the
// days. nullopt without a retention or without either.
std::optional<TimeMs> RetentionDue(storage::Storage& s, const std::string& form_id);
// When the retention deletion was done, if it was.
std::optional<TimeMs> RetentionDoneAt(storage::Storage& s, const std::string& form_id);
// The free-text questions whose answers retention deletes when asked to.
std::vector<std::string> FreeTextQuestions(const form::Form& f);

struct RetentionRun {
  std::string form_id;
  storage::AnonymisedCounts counts;
  long long free_text_responses = 0;
  bool audited_here = false;  // this caller won the claim: wrote the audit line, rewrote the files
};
// Runs every retention that is due at `now` and not yet done, for `forms` (each form as exported,
// every version united). `claim` names this caller in the claimed row.
std::vector<RetentionRun> RunRetention(storage::Storage& s, const std::vector<std::shared_ptr<const form::Form>>& forms,
                                       TimeMs now, const std::string& claim);

// Calls RunRetention every `interval` on a thread of its own until destroyed.
class RetentionScheduler {
 public:
  using Forms = std::function<std::vector<std::shared_ptr<const form::Form>>()>;
  RetentionScheduler(storage::Storage& s, const Clock& clock, Forms forms, std::chrono::milliseconds interval);
  ~RetentionScheduler();
  RetentionScheduler(const RetentionScheduler&) = delete;
  RetentionScheduler& operator=(const RetentionScheduler&) = delete;

 private:
  void Loop();
  storage::Storage& s_;
  const Clock& clock_;
  Forms forms_;
  std::chrono::milliseconds interval_;
  std::string claim_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace mcs::privacy
