#include "privacy/retention.h"

#include <boost/json.hpp>

#include <iostream>
#include <random>

#include "common/strings.h"
#include "engine/answers_json.h"

namespace mcs::privacy {
namespace {

constexpr TimeMs kDayMs = 24LL * 60 * 60 * 1000;

std::string Key(const std::string& form_id) { return "retention:" + form_id; }
std::string DoneKey(const std::string& form_id) { return "retention-done:" + form_id; }

void Audit(storage::Storage& s, const std::string& user, TimeMs at, const std::string& action,
           const std::string& target, const std::string& detail) {
  storage::AuditEvent e;
  e.at = at;
  e.user = user;
  e.action = action;
  e.target = target;
  e.detail = detail;
  (void)s.AppendAudit(e);
}

}  // namespace

Retention GetRetention(storage::Storage& s, const std::string& form_id) {
  Retention r;
  auto v = s.GetSetting(Key(form_id));
  if (!v || v->empty()) return r;
  boost::system::error_code ec;
  auto j = boost::json::parse(*v, ec);
  if (ec || !j.is_object()) return r;
  const auto& o = j.as_object();
  if (auto* d = o.if_contains("days"); d && d->is_int64()) r.days = static_cast<int>(d->as_int64());
  if (auto* f = o.if_contains("free_text"); f && f->is_bool()) r.free_text = f->as_bool();
  return r;
}

Status SetRetention(storage::Storage& s, const std::string& form_id, const Retention& r, const Actor& who) {
  if (r.days > 3660) return MakeError(ErrorCode::kInvalid, "a retention is at most 3660 days (ten years)");
  std::string value;
  if (r.days >= 0) {
    boost::json::object o;
    o["days"] = r.days;
    o["free_text"] = r.free_text;
    value = boost::json::serialize(o);
  }
  if (Status st = s.PutSetting(Key(form_id), value); !st.ok()) return st;
  Audit(s, who.user, who.now, "retention-set", form_id,
        r.days < 0 ? std::string("none")
                   : std::to_string(r.days) + " days after closing" + (r.free_text ? ", free text too" : ""));
  return Status::Ok();
}

std::optional<TimeMs> RetentionDue(storage::Storage& s, const std::string& form_id) {
  Retention r = GetRetention(s, form_id);
  if (r.days < 0) return std::nullopt;
  auto w = s.GetWindow(form_id);
  if (!w) return std::nullopt;
  // The end of fieldwork: the closing time, or the archiving if that came first (or alone).
  TimeMs end = w->closes_at;
  if (w->archived_at && (!end || w->archived_at < end)) end = w->archived_at;
  if (!end) return std::nullopt;
  return end + r.days * kDayMs;
}

std::optional<TimeMs> RetentionDoneAt(storage::Storage& s, const std::string& form_id) {
  auto v = s.GetSetting(DoneKey(form_id));
  if (!v || v->empty()) return std::nullopt;
  auto at = v->rfind('@');
  try {
    return static_cast<TimeMs>(std::stoll(v->substr(at == std::string::npos ? 0 : at + 1)));
  } catch (const std::exception&) {
    return TimeMs{0};
  }
}

std::vector<std::string> FreeTextQuestions(const form::Form& f) {
  std::vector<std::string> out;
  for (const auto& n : f.nodes) {
    if (n.type == form::Type::kText && !n.personal && !n.name.empty()) out.push_back(n.name);
  }
  return out;
}

std::vector<RetentionRun> RunRetention(storage::Storage& s, const std::vector<std::shared_ptr<const form::Form>>& forms,
                                       TimeMs now, const std::string& claim) {
  std::vector<RetentionRun> out;
  for (const auto& f : forms) {
    if (!f) continue;
    auto due = RetentionDue(s, f->id);
    if (!due || now < *due || RetentionDoneAt(s, f->id)) continue;
    const Retention r = GetRetention(s, f->id);
    RetentionRun run;
    run.form_id = f->id;
    // Idempotent: a node that comes second finds nothing left to delete.
    auto counts = s.AnonymiseForm(f->id, nullptr);  // the times stay
    if (!counts.ok()) continue;  // tried again on the next run
    run.counts = *counts;
    if (r.free_text) {
      const auto names = FreeTextQuestions(*f);
      auto n = s.RewriteAnswers(f->id, [&](storage::ResponseRecord& rec) {
        if (rec.answers_json.empty()) return false;
        auto a = engine::FromStoredJson(rec.answers_json);
        if (!a.ok()) return false;
        bool changed = false;
        for (const auto& name : names) {
          changed = a->values.erase(name) > 0 || changed;
          for (auto& [rname, list] : a->repeats) {
            for (auto& inst : list) changed = inst.erase(name) > 0 || changed;
          }
        }
        if (changed) rec.answers_json = engine::ToStoredJson(*a);
        return changed;
      });
      if (!n.ok()) continue;
      run.free_text_responses = *n;
    }
    // The claimed row: whoever stores it first writes the audit line, once for all nodes.
    const std::string mine = claim + "@" + std::to_string(now);
    auto stored = s.InitSetting(DoneKey(f->id), mine);
    run.audited_here = stored.ok() && *stored == mine;
    if (run.audited_here) {
      Audit(s, "", now, "retention", f->id,
            std::to_string(r.days) + " days after closing: " + std::to_string(run.counts.invitations) +
                " invitations deleted; personal answers, invitation and resume links removed" +
                (r.free_text ? "; free-text answers erased in " + std::to_string(run.free_text_responses) + " responses"
                             : std::string()));
      if (Status st = s.ScrubFreedSpace(); !st.ok())
        std::cerr << "mcsurvey: retention of " << f->id << ": " << st.error().message << "\n";
    }
    out.push_back(std::move(run));
  }
  return out;
}

RetentionScheduler::RetentionScheduler(storage::Storage& s, const Clock& clock, Forms forms,
                                       std::chrono::milliseconds interval)
    : s_(s), clock_(clock), forms_(std::move(forms)), interval_(interval) {
  std::random_device rd;
  claim_ = "node-" + std::to_string(rd()) + std::to_string(rd());
  thread_ = std::thread([this] { Loop(); });
}

RetentionScheduler::~RetentionScheduler() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    try {
      (void)RunRetention(s_, forms_(), clock_.Now(), claim_);
    } catch (const std::exception& e) {
      // The database unreachable for a moment: the next run tries again.
      std::cerr << "mcsurvey: retention: " << e.what() << "\n";
    }
    lock.lock();
    cv_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace mcs::privacy
