#include "web/bounce_reader.h"

#include <charconv>
#include <chrono>
#include <iostream>
#include <set>
#include <stdexcept>

#include "common/crypto.h"
#include "common/email_address.h"
#include "common/timezone.h"
#include "mail/bounce_parser.h"
#include "mail/verp.h"
#include "web/app.h"
#include "web/mail_settings.h"

namespace mcs::web {
namespace {

constexpr int kMaxPerPass = 500;  // messages read in one pass; the rest wait for the next

void Audit(storage::Storage& store, TimeMs at, const std::string& user, const std::string& action,
           const std::string& target, const std::string& detail) {
  storage::AuditEvent e;
  e.at = at;
  e.user = user;
  e.action = action;
  e.target = target;
  e.detail = detail;
  (void)store.AppendAudit(e);
}

struct Match {
  std::string email, mail_id, campaign_id;
};

// The contact a DSN recipient is about: the VERP token of the address the bounce came to (it names
// the very message). The Final-Recipient (or Original-Recipient) only while no bounce address is set
// (no VERP), and only when the study invited that address. The bounce address is public, every
// invitee sees it as the envelope sender: with VERP in use a real report carries its message's token,
// and one without (forged, or sent to the plain address) naming an invitee must not block them.
std::optional<Match> MatchRecipient(storage::Storage& store, std::string_view secret, const BounceSettings& cfg,
                                    const mail::Dsn& dsn, const mail::DsnRecipient& r) {
  if (!cfg.bounce_address.empty()) {
    for (const auto& to : dsn.delivered_to) {
      auto token = mail::VerpTokenOf(to, cfg.bounce_address);
      if (!token) continue;
      auto id = mail::VerifyVerpToken(secret, *token);
      if (!id) continue;
      if (auto m = store.FindMail(*id)) return Match{m->email, m->id, m->campaign_id};
    }
  }
  if (!cfg.bounce_address.empty()) return std::nullopt;
  for (const std::string* a : {&r.final_recipient, &r.original_recipient}) {
    if (a->empty() || !ValidEmail(*a)) continue;
    std::string email = NormalizeEmail(*a);
    if (!store.FindInvitationsByEmail(email).empty()) return Match{email, "", ""};
  }
  return std::nullopt;
}

// Handles one fetched message; true when it is done with (flag it \Deleted), false to leave it.
bool Handle(storage::Storage& store, std::string_view secret, const BounceSettings& cfg, const std::string& raw,
            TimeMs now, const std::string& user, BouncePass& pass) {
  mail::Dsn dsn = mail::ParseDsn(raw);
  if (!dsn.is_dsn) {
    ++pass.not_dsn;
    return false;
  }
  std::string hash = Sha256Hex(raw);
  bool matched_any = false, failures = false;
  std::set<std::string> done;  // one record per address and message, however many recipient blocks
  for (std::size_t i = 0; i < dsn.recipients.size(); ++i) {
    const auto& r = dsn.recipients[i];
    std::string kind = r.Kind();
    if (kind.empty()) continue;  // delivered, relayed, expanded: not a failure
    failures = true;
    auto m = MatchRecipient(store, secret, cfg, dsn, r);
    if (!m) continue;
    matched_any = true;
    if (!done.insert(m->email).second) continue;
    storage::BounceRecord b;
    b.key = hash + ":" + std::to_string(i);
    b.at = now;
    b.email = m->email;
    b.mail_id = m->mail_id;
    b.kind = kind;
    b.status = r.status.empty() ? (kind == "hard" ? "5.0.0" : "4.0.0") : r.status;
    b.diagnostic = r.diagnostic;
    auto fresh = store.RecordBounce(b);
    if (!fresh.ok()) throw std::runtime_error(fresh.error().message);
    if (!*fresh) {
      ++pass.already;
      continue;
    }
    bool block = kind == "hard";
    if (kind == "hard") {
      ++pass.hard;
    } else {
      ++pass.soft;
      // Distinct messages (the same one may bounce softly, then for good, or be reported twice).
      std::set<std::string> messages;
      for (const auto& earlier : store.ListBounces(m->email))
        if (earlier.kind == "soft") messages.insert(earlier.mail_id.empty() ? earlier.key : earlier.mail_id);
      block = static_cast<int>(messages.size()) >= kSoftBouncesToBlock;
    }
    bool newly_blocked = false;
    if (block && !store.BlockedReason(m->email)) {
      if (Status st = store.BlockAddress(m->email, "bounced", now); !st.ok()) throw std::runtime_error(st.error().message);
      newly_blocked = true;
      ++pass.blocked;
    }
    std::string detail = kind + " bounce " + b.status +
                         (m->campaign_id.empty() ? " (matched by Final-Recipient)" : " of campaign " + m->campaign_id) +
                         (b.diagnostic.empty() ? "" : ": " + b.diagnostic.substr(0, 200)) +
                         (newly_blocked ? "; the address is not mailed again" : "");
    Audit(store, now, user, "mail-bounce", m->email, detail);
  }
  if (!matched_any) {
    if (failures) ++pass.unmatched;
    else ++pass.not_dsn;  // a DSN that reports a delivery: nothing to do, for people to see
    return false;
  }
  return true;
}

}  // namespace

BounceSettings LoadBounceSettings(storage::Storage& store) {
  BounceSettings s;
  s.bounce_address = Setting(store, "smtp.bounce_address");
  s.imap.host = Setting(store, "bounce.imap.host");
  s.imap.port = SettingInt(store, "bounce.imap.port", 993);
  s.imap.security = Setting(store, "bounce.imap.security", "imaps");
  s.imap.user = Setting(store, "bounce.imap.user");
  s.imap.password = Setting(store, "bounce.imap.password");
  s.imap.mailbox = Setting(store, "bounce.imap.mailbox", "INBOX");
  s.interval_seconds = SettingInt(store, "bounce.interval_seconds", 300);
  return s;
}

Status SaveBounceAddress(storage::Storage& store, const std::string& address) {
  return store.PutSetting("smtp.bounce_address", address);
}

Status SaveBounceMailbox(storage::Storage& store, const mail::ImapSettings& imap, int interval_seconds,
                         bool keep_password) {
  const std::pair<const char*, std::string> fields[] = {
      {"bounce.imap.host", imap.host},         {"bounce.imap.port", std::to_string(imap.port)},
      {"bounce.imap.security", imap.security}, {"bounce.imap.user", imap.user},
      {"bounce.imap.mailbox", imap.mailbox},   {"bounce.interval_seconds", std::to_string(interval_seconds)}};
  for (const auto& [k, v] : fields)
    if (Status st = store.PutSetting(k, v); !st.ok()) return st;
  if (!keep_password) return store.PutSetting("bounce.imap.password", imap.password);
  return Status::Ok();
}

std::string DescribeBounceMailbox(const mail::ImapSettings& imap, int interval_seconds, bool password_changed) {
  return "IMAP " + imap.host + ":" + std::to_string(imap.port) + ", " + imap.security + ", user " + imap.user +
         ", mailbox " + imap.mailbox + ", every " + std::to_string(interval_seconds) + " s" +
         (password_changed ? ", password changed" : "");
}

std::string CheckBounceInterval(int seconds) {
  if (seconds < 60 || seconds > 86400) return "read the mailbox every 60 to 86400 seconds";
  return "";
}

std::string EnvelopeSender(storage::Storage& store, std::string_view secret, const std::string& from_address,
                           const std::string& mail_id) {
  std::string bounce = Setting(store, "smtp.bounce_address");
  if (bounce.empty()) return from_address;
  std::string verp = mail::VerpAddress(bounce, mail::VerpToken(secret, mail_id));
  return verp.empty() ? from_address : verp;
}

std::string BouncePass::Describe() const {
  std::string out = std::to_string(read) + " read: " + std::to_string(hard) + " hard bounces, " +
                    std::to_string(soft) + " soft bounces, " + std::to_string(blocked) + " addresses blocked, " +
                    std::to_string(not_dsn) + " not delivery reports (left in the mailbox), " +
                    std::to_string(unmatched) + " about nobody mailed (left), " + std::to_string(already) +
                    " recorded before";
  if (!error.empty()) out += "; stopped: " + error;
  return out;
}

BouncePass RunBouncePass(storage::Storage& store, std::string_view secret, TimeMs now, const std::string& user) {
  BouncePass pass;
  pass.at = now;
  BounceSettings cfg = LoadBounceSettings(store);
  if (std::string why = mail::CheckImapSettings(cfg.imap); !why.empty()) {
    pass.error = "the bounce mailbox is not set up: " + why;
    return pass;
  }
  try {
    mail::ImapMailbox box(cfg.imap);
    auto uids = box.Search(std::string("UNDELETED UNKEYWORD ") + kIgnoredKeyword);
    if (!uids.ok()) {
      pass.error = uids.error().message;
    } else {
      bool expunge = false;
      for (std::size_t i = 0; i < uids->size() && i < static_cast<std::size_t>(kMaxPerPass); ++i) {
        long long uid = (*uids)[i];
        bool truncated = false;
        auto raw = box.Fetch(uid, mail::kMaxBounceBytes, &truncated);
        if (!raw.ok()) {
          pass.error = raw.error().message;  // gone (another node expunged it) or the server left: next pass
          continue;
        }
        ++pass.read;
        bool done = Handle(store, secret, cfg, *raw, now, user, pass);
        Status st = box.AddFlags(uid, done ? "\\Seen \\Deleted" : kIgnoredKeyword);
        if (!st.ok()) pass.error = st.error().message;
        expunge = expunge || done;
      }
      if (expunge) {
        if (Status st = box.Expunge(); !st.ok()) pass.error = st.error().message;
      }
    }
  } catch (const std::exception& e) {
    pass.error = e.what();
  }
  std::string line = FormatStudyTime(now, "en") + ": " + pass.Describe();
  // A mailbox that cannot be read is audited once, not every interval on every node.
  bool new_error = !pass.error.empty() && Setting(store, "bounce.last_error") != pass.error;
  (void)store.PutSetting("bounce.last_error", pass.error);
  (void)store.PutSetting("bounce.last_pass", line);
  if (pass.hard || pass.soft || pass.not_dsn || pass.unmatched || new_error)
    Audit(store, now, user, "bounces-read", "bounce mailbox", pass.Describe());
  return pass;
}

std::string LastBouncePass(storage::Storage& store) { return Setting(store, "bounce.last_pass"); }

BounceReader::BounceReader(App& app) : app_(app) {}

BounceReader::~BounceReader() { Stop(); }

void BounceReader::Start() { thread_ = std::thread([this] { Loop(); }); }

void BounceReader::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BounceReader::Notify() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void BounceReader::Loop() {
  TimeMs next_due = 0;
  bool woken = false;
  for (;;) {
    try {
      BounceSettings cfg = LoadBounceSettings(app_.store());
      TimeMs now = app_.clock().Now();
      if (mail::CheckImapSettings(cfg.imap).empty() && (woken || now >= next_due)) {
        BouncePass p = RunBouncePass(app_.store(), app_.csrf_secret(), now, "");
        if (!p.error.empty()) std::cerr << "mcsurvey: bounce mailbox: " << p.error << "\n";
        next_due = now + static_cast<TimeMs>(cfg.interval_seconds) * 1000;
      }
    } catch (const std::exception& e) {
      std::cerr << "mcsurvey: bounce reader: " << e.what() << "\n";
    }
    // The app's clock decides when a pass is due; the thread looks at it every second.
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_ || woken_; });
    if (stop_) return;
    woken = woken_;
    woken_ = false;
  }
}

}  // namespace mcs::web
