// Bounces (issue 22): the envelope sender each queued message leaves with (VERP, mail/verp.h), and
// the reader of the bounce mailbox that turns delivery status notifications into bounced contacts.
//
// One pass (RunBouncePass): search the mailbox for messages not yet handled (not \Deleted, without
// the keyword McsurveyIgnored), fetch each (at most mail::kMaxBounceBytes), parse it (RFC 3464):
//   - not a DSN (an auto-reply, spam, a person's answer): left in the mailbox for people, counted,
//     and given the keyword McsurveyIgnored so the next pass does not read it again;
//   - a DSN: each failed recipient is matched to a contact by the VERP token of the address the
//     bounce came to (signed: a forged token matches nothing), else by Final-Recipient when that
//     address was invited; matched ones are recorded once (Storage::RecordBounce, keyed by a hash of
//     the message and the recipient, so several nodes reading one mailbox, or a pass repeated after a
//     crash, act on each bounce once), audited, and the message is flagged \Deleted and expunged;
//     a DSN that matches nobody is kept like a non-DSN.
// A permanent failure (5.x.x) puts the address on the blocklist as "bounced" at once. A temporary one
// (4.x.x: mailbox full, greylisting that gave up) is counted; when kSoftBouncesToBlock different
// messages to the same address have bounced softly, the address is blocked too: a mailbox full for an
// invitation and two reminders is not read.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/clock.h"
#include "mail/imap.h"
#include "storage/storage.h"

namespace mcs::web {

class App;

inline constexpr int kSoftBouncesToBlock = 3;
inline constexpr const char* kIgnoredKeyword = "McsurveyIgnored";

struct BounceSettings {
  std::string bounce_address;  // "" for none: messages leave with the sender address, as before VERP
  mail::ImapSettings imap;     // host "" while the mailbox is not set
  int interval_seconds = 300;  // how often each node reads the mailbox
};

BounceSettings LoadBounceSettings(storage::Storage& store);
// The bounce address alone (the SMTP settings' field); "" clears it.
Status SaveBounceAddress(storage::Storage& store, const std::string& address);
// The mailbox; `keep_password` leaves the stored password as it is.
Status SaveBounceMailbox(storage::Storage& store, const mail::ImapSettings& imap, int interval_seconds,
                         bool keep_password);
// The audit line of a mailbox change: never the password (only whether it changed).
std::string DescribeBounceMailbox(const mail::ImapSettings& imap, int interval_seconds, bool password_changed);
// "" when 1 minute to 1 day, else the problem.
std::string CheckBounceInterval(int seconds);

// MAIL FROM for queued message `mail_id`: bounces+TOKEN@domain when a bounce address is set, else
// `from_address`.
std::string EnvelopeSender(storage::Storage& store, std::string_view secret, const std::string& from_address,
                           const std::string& mail_id);

struct BouncePass {
  TimeMs at = 0;
  int read = 0;       // messages fetched
  int hard = 0;       // permanent failures recorded (contacts bounced)
  int soft = 0;       // temporary failures recorded
  int blocked = 0;    // addresses put on the blocklist by this pass
  int not_dsn = 0;    // auto-replies and other mail, left alone
  int unmatched = 0;  // DSNs about nobody mcsurvey mailed, left alone
  int already = 0;    // bounces another node or pass had recorded (deleted again)
  std::string error;  // "" when the pass ran to the end
  std::string Describe() const;
};

// One pass over the bounce mailbox (see above); the summary is also stored (LastBouncePass) and audited
// when it found anything.
BouncePass RunBouncePass(storage::Storage& store, std::string_view secret, TimeMs now, const std::string& user);
// What the last pass on any node found ("" before the first).
std::string LastBouncePass(storage::Storage& store);

// The reader thread of a server node: a pass when the app's clock reaches the next due time (every
// interval), and at once after Notify (the console's "Read the mailbox now"). Nothing happens while
// no mailbox is set.
class BounceReader {
 public:
  explicit BounceReader(App& app);
  ~BounceReader();
  void Start();
  void Stop();
  void Notify();

 private:
  void Loop();
  App& app_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace mcs::web
