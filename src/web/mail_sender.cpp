#include "web/mail_sender.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <iostream>
#include <map>

#include "common/timezone.h"
#include "web/app.h"
#include "web/bounce_reader.h"
#include "web/campaigns.h"
#include "web/form_registry.h"
#include "web/mail_settings.h"
#include "web/mailer.h"

namespace mcs::web {
namespace {

constexpr TimeMs kDayMs = 24LL * 3600 * 1000;

void Audit(storage::Storage& store, TimeMs at, const std::string& action, const std::string& target,
           const std::string& detail) {
  storage::AuditEvent e;
  e.at = at;
  e.action = action;
  e.target = target;
  e.detail = detail;
  (void)store.AppendAudit(e);
}

std::vector<int> ParseDays(const std::string& days) {
  std::vector<int> out;
  std::size_t i = 0;
  while (i < days.size()) {
    std::size_t comma = days.find(',', i);
    std::string part = days.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    int d = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), d);
    if (ec != std::errc() || p != part.data() + part.size() || d < 1 || d > 60) return {};
    out.push_back(d);
    if (comma == std::string::npos) break;
    i = comma + 1;
  }
  return out;
}

}  // namespace

TimeMs RetryDelayMs(int attempts) {
  TimeMs d = 60 * 1000;
  for (int i = 1; i < attempts && d < 3600 * 1000; ++i) d *= 2;
  return std::min<TimeMs>(d, 3600 * 1000);
}

std::string ReminderDays(storage::Storage& store, const std::string& form_id) {
  return store.GetSetting("mail.reminders." + form_id).value_or("");
}

Status SetReminderDays(storage::Storage& store, const std::string& form_id, const std::string& days) {
  return store.PutSetting("mail.reminders." + form_id, days);
}

std::string CheckReminderDays(const std::string& days) {
  if (days.find_first_not_of(" ") == std::string::npos) return "";
  if (ParseDays(days).empty()) return "write whole days before closing, 1 to 60, separated by commas (7, 2)";
  return "";
}

MailSender::MailSender(App& app, std::string node, TimeMs lease_ms)
    : app_(app), node_(std::move(node)), lease_ms_(lease_ms) {}

MailSender::~MailSender() { Stop(); }

void MailSender::Start() {
  for (int i = 0; i < kSenderThreads; ++i) threads_.emplace_back([this, i] { Loop(i == 0); });
}

void MailSender::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void MailSender::Notify() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

int MailSender::ScheduleReminders() {
  int made = 0;
  TimeMs now = app_.clock().Now();
  for (const auto& f : app_.forms().AllPublished()) {
    std::vector<int> days = ParseDays(ReminderDays(app_.store(), f->id));
    if (days.empty()) continue;
    storage::FormWindow w;
    app_.Window(f->id, &w);
    if (!w.closes_at || now >= w.closes_at) continue;
    for (int d : days) {
      if (now < w.closes_at - d * kDayMs) continue;
      // One id per form, closing time and day: nodes racing to make it make it once (Conflict).
      std::string id = "reminder-" + f->id + "-" + std::to_string(w.closes_at / 1000) + "-d" + std::to_string(d);
      bool exists = false;
      for (const auto& c : app_.store().ListCampaigns()) exists = exists || c.id == id;
      if (exists) continue;
      CampaignPlan plan = PlanReminders(app_.store(), *f, id, "scheduler", now, app_.random());
      if (!plan.problem.empty()) plan.mail.clear();  // an empty campaign still marks the day as done
      if (app_.store().CreateCampaign(plan.campaign, {}, plan.mail).ok()) {
        ++made;
        Audit(app_.store(), now, "campaign-remind", f->id,
              std::to_string(plan.mail.size()) + " reminders queued (" + std::to_string(d) + " days before closing)");
      }
    }
  }
  return made;
}

bool MailSender::SendOne() { return SendSome(1) > 0; }

int MailSender::SendSome(int limit) {
  storage::Storage& store = app_.store();
  mail::SmtpSettings smtp = LoadSmtp(store);
  std::string public_url = store.GetSetting("mail.public_url").value_or("");
  // Not set up yet: everything stays queued until it is.
  if (!mail::CheckSettings(smtp).empty() || public_url.empty()) return 0;
  // 1. claimed and committed before anything is sent; the throttle (per minute, across nodes) is
  // counted in the same transaction.
  std::vector<storage::QueuedMail> batch = store.ClaimMails(node_, app_.clock().Now(), limit, smtp.per_minute);
  if (batch.empty()) return 0;
  std::vector<storage::AuditEvent> audit;
  audit.reserve(batch.size());
  for (auto& m : batch) audit.push_back(Deliver(m, smtp, public_url));  // 2.
  // 3. One commit records them all with their audit lines. A failure to record leaves them
  // `sending`: the lease makes them uncertain, not resent.
  if (auto r = store.FinishMails(batch, node_, audit); !r.ok()) {
    std::cerr << "mcsurvey: mail: " << batch.size() << " messages from " << batch.front().id
              << " not recorded: " << r.error().message << "\n";
  }
  return static_cast<int>(batch.size());
}

storage::AuditEvent MailSender::Deliver(storage::QueuedMail& m, const mail::SmtpSettings& smtp,
                                        const std::string& public_url) {
  storage::Storage& store = app_.store();
  TimeMs now = app_.clock().Now();
  // Campaigns and contacts are read again only when one is missing from what this node has seen.
  std::string kind, form_id, name;
  {
    std::lock_guard lock(cache_mu_);
    if (!campaigns_.count(m.campaign_id)) {
      for (auto& c : store.ListCampaigns()) campaigns_[c.id] = c;
    }
    if (!names_.count(m.email)) {
      for (const auto& ct : store.ListContacts()) names_[ct.email] = ct.name;
    }
    kind = campaigns_[m.campaign_id].kind;
    form_id = campaigns_[m.campaign_id].form_id;
    name = names_[m.email];
  }
  auto form = app_.forms().Latest(form_id);
  auto inv = store.FindInvitation(m.invitation_id);
  if (name.empty() && inv) name = inv->name;
  std::string bytes;
  // The queue refuses an address that bounced or opted out after the message was queued.
  std::optional<std::string> blocked = store.BlockedReason(m.email);
  if (form && inv && !blocked) {
    Outgoing o;
    o.to_name = name;
    o.to_address = m.email;
    o.lang = m.lang;
    o.values["link"] = PersonalLink(public_url, app_.csrf_secret(), *form, m.invitation_id, m.lang);
    o.values["optout_link"] = OptOutLink(public_url, app_.csrf_secret(), m.invitation_id, m.lang);
    storage::FormWindow w;
    app_.Window(form_id, &w);
    // The study's clock, in the message's language (ICU's DateFormat and zone names).
    o.values["closing_date"] = w.closes_at ? FormatDateTime(app_.TimeZone(), w.closes_at, m.lang) : "";
    o.unsubscribe_url = o.values["optout_link"];
    bytes = Compose(smtp, LoadTemplate(store, kind, m.lang), o, now, app_.random());
  }
  if (blocked) {
    m.state = "failed";
    m.error = "not sent: the address is on the blocklist (" + *blocked + ")";
  } else if (bytes.empty()) {
    m.state = "failed";
    m.error = "the message could not be made (no such questionnaire or invitation, or a bad address)";
  } else {
    mail::SendResult r = mail::Send(smtp, EnvelopeSender(store, app_.csrf_secret(), smtp.from_address, m.id),
                                    m.email, bytes);  // 2.
    m.smtp_code = r.code;
    m.error = r.message;
    if (r.kind == mail::SendResult::kSent) {
      m.state = "sent";
      m.sent_at = app_.clock().Now();
    } else if (r.kind == mail::SendResult::kTemporary && m.attempts < kMaxAttempts) {
      m.state = "queued";
      m.not_before = app_.clock().Now() + RetryDelayMs(m.attempts);
    } else {
      m.state = "failed";
    }
  }
  storage::AuditEvent e;  // action "": nothing to audit (queued again for a retry)
  if (m.state == "sent") {
    e.at = m.sent_at;
    e.action = "mail-sent";
    e.target = m.email;
    e.detail = kind + " of campaign " + m.campaign_id;
  } else if (m.state == "failed") {
    e.at = app_.clock().Now();
    e.action = "mail-failed";
    e.target = m.email;
    e.detail = kind + " of campaign " + m.campaign_id + ": " + std::to_string(m.smtp_code) + " " + m.error;
  }
  return e;
}

void MailSender::Loop(bool scheduler) {
  TimeMs next_schedule = 0;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    bool sent = false;
    int per_minute = 0;
    try {
      // Until the team has set up e-mail nothing is written: no reminder is made (it would go out
      // whenever the relay is set, perhaps after closing) and idle servers do not touch the queue.
      TimeMs now = app_.clock().Now();
      mail::SmtpSettings smtp = LoadSmtp(app_.store());
      per_minute = smtp.per_minute;
      bool set_up = mail::CheckSettings(smtp).empty() && !app_.store().GetSetting("mail.public_url").value_or("").empty();
      if (set_up && scheduler && now >= next_schedule) {
        (void)app_.store().ExpireClaims(now - lease_ms_);
        ScheduleReminders();
        next_schedule = now + 1000;
      }
      if (set_up) sent = SendSome(kClaimBatch) > 0;
    } catch (const std::exception& e) {
      std::cerr << "mcsurvey: mail sender: " << e.what() << "\n";
    }
    // Sent some: claim again at once (the throttle is counted in the claim, across nodes). Nothing
    // claimed: idle, look again in a second (or at once when a campaign is queued here); held back by
    // the throttle, look again when its next message may be due.
    std::chrono::milliseconds wait(0);
    if (!sent) {
      wait = std::chrono::milliseconds(per_minute > 0 ? std::clamp(60000 / per_minute, 50, 1000) : 1000);
    }
    std::unique_lock lock(mu_);
    if (wait.count() > 0) cv_.wait_for(lock, wait, [&] { return stop_ || (woken_ && !sent); });
    woken_ = false;
    if (stop_) return;
  }
}

}  // namespace mcs::web
