// The sender loop: a thread of the server that takes due messages from the durable queue and hands
// them to the SMTP relay, and schedules the team's reminders. Every node runs one; the queue decides
// which node sends what.
//
// Claim, send, mark (why it is at most once, and nothing is forgotten):
//   1. claim  ClaimMails sets up to kClaimBatch due messages `sending` (this node, now, attempts + 1)
//             and COMMITS that before anything is sent (PostgreSQL: FOR UPDATE SKIP LOCKED, so nodes
//             never take the same row; SQLite: one write transaction). The throttle is counted in
//             the same transaction from the claims of every node (storage.h says how).
//   2. send   the messages go to the relay one after the other (libcurl SMTP, one session per thread).
//   3. mark   FinishMails records each sent / failed (5xx) / queued again with a back-off (4xx,
//             network), with its audit line, in ONE commit.
// A crash between 1 and 3 leaves the claim's messages `sending`. Whether the relay had accepted one
// (its 250 after DATA) before the crash cannot be known from here, so none is sent again blindly:
// once its claim is older than the lease, any node's loop turns it `uncertain`; the console counts it
// and an owner may send those again (knowing some may arrive twice). We chose at-most-once because a
// duplicate invitation to a busy official costs the study more goodwill than one contact the team
// sees listed and can resend to. The price of claiming several at once: a crash leaves up to
// kSenderThreads × kClaimBatch messages uncertain (16) instead of kSenderThreads, some of which had
// arrived; in exchange a message costs two commits per claim of four instead of three per message
// (claim, mark, audit line), each an fsync on SQLite. Measured with bench/mail_bench.py on the shared
// machine (load 13): one at a time 231/s, four 890-1,070/s, eight 1,160-1,250/s; four keeps the
// target (500/s) twice over with half the uncertain set of eight. A study's relay throttles far
// below either; with the throttle on, a claim holds at most a second's share of it.
#pragma once
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "mail/smtp.h"
#include "storage/storage.h"

namespace mcs::web {

class App;

// The wait before try number `attempts` + 1 after a temporary failure: 1 min, doubling, at most 1 h.
TimeMs RetryDelayMs(int attempts);
inline constexpr int kMaxAttempts = 8;  // then the message is failed

class MailSender {
 public:
  // `lease_ms`: how long a claim may stay `sending` before it counts as abandoned by a stopped node.
  MailSender(App& app, std::string node, TimeMs lease_ms);
  static constexpr int kSenderThreads = 4;
  static constexpr int kClaimBatch = 4;  // messages a thread claims at once (see above)
  ~MailSender();
  void Start();
  void Stop();
  // Wakes the loop (a campaign was queued).
  void Notify();
  // One claim-send-mark; false when nothing was due. Public for tests and `mcsurvey campaign run`.
  bool SendOne();
  // One claim of up to `limit` messages, sent one after the other on the thread's SMTP session, then
  // one commit recording them with their audit lines. Returns how many were claimed (0: nothing due,
  // or the throttle holds them back).
  int SendSome(int limit);
  // Makes the reminders whose time has come (Clock: the app's, so tests can move it). Returns how many
  // campaigns it made.
  int ScheduleReminders();

 private:
  void Loop(bool scheduler);
  // 2. of the protocol for one claimed message: makes it, hands it to the relay, sets its outcome in
  // `m`; returns its audit line (action "" when it is queued again for a retry).
  storage::AuditEvent Deliver(storage::QueuedMail& m, const mail::SmtpSettings& smtp, const std::string& public_url);
  App& app_;
  std::string node_;
  TimeMs lease_ms_;
  std::vector<std::thread> threads_;
  std::mutex cache_mu_;  // campaigns_ and names_
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::map<std::string, storage::CampaignRecord> campaigns_;  // SendOne's, by id
  std::map<std::string, std::string> names_;                  // contact names by address
};

// The days before closing the team set for a form's reminders ("7,2"), as stored.
std::string ReminderDays(storage::Storage& store, const std::string& form_id);
Status SetReminderDays(storage::Storage& store, const std::string& form_id, const std::string& days);
// "" when `days` is a list of whole days 1-60 separated by commas (or empty), else the problem.
std::string CheckReminderDays(const std::string& days);

}  // namespace mcs::web
