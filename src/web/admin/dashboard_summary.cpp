#include "web/admin/dashboard_summary.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "common/timezone.h"
#include "engine/answers_json.h"
#include "stats/group_country.h"

namespace mcs::web::admin {
namespace {

// Below this a summary is always recomputed when the responses changed.
constexpr TimeMs kCheapMs = 200;
constexpr TimeMs kMaxAgeMs = 60 * 1000;

// A top-level question's node index, or -1.
int TopLevelNode(const form::Form& f, std::string_view name) {
  const form::Node* n = f.Find(name);
  if (!n || n->repeat != 0 || !form::HoldsValue(n->type)) return -1;
  return static_cast<int>(n - f.nodes.data());
}

}  // namespace

constexpr TimeMs kQuarterMs = 15 * 60 * 1000;

std::map<std::string, long> PerDay(const DashboardSummary& s, std::string_view zone) {
  std::map<std::string, long> out;
  for (const auto& [quarter, n] : s.per_quarter) out[LocalIsoDate(zone, quarter * kQuarterMs)] += n;
  return out;
}

DashboardSummary ComputeDashboardSummary(storage::Storage& store, const form::Form& f, TimeMs now) {
  DashboardSummary d;
  d.computed_at = now;
  std::unordered_map<std::string, storage::Invitation> invs;
  for (auto& inv : store.ListInvitations(f.id)) invs.emplace(inv.id, std::move(inv));
  const int group_node = TopLevelNode(f, stats::kGroupQuestion);
  const int country_node = TopLevelNode(f, stats::kCountryQuestion);
  engine::StoredAnswersView view(f);
  d.reached.assign(f.pages.size(), 0);
  // Arrivals are counted per UTC quarter hour and turned into days of the study's zone when shown
  // (PerDay): every instant of a quarter falls on one day in any zone.
  storage::ResponseFilter filter;
  filter.complete_only = false;
  (void)store.ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    auto it = r.invitation_id.empty() ? invs.end() : invs.find(r.invitation_id);
    const storage::Invitation* inv = it == invs.end() ? nullptr : &it->second;
    std::string_view group_answer, country_answer;
    // The answers are read only when the rule may need them.
    bool need_group = group_node >= 0 && !(inv && !inv->group.empty());
    bool need_country = country_node >= 0 && !(inv && !inv->country.empty());
    if ((need_group || need_country) && view.Parse(r.answers_json).ok()) {
      auto main = view.Main();
      if (need_group) group_answer = main.Get(group_node).value_or("");
      if (need_country) country_answer = main.Get(country_node).value_or("");
    }
    stats::GroupCountry gc = stats::GroupCountryOf(f.id, inv, group_answer, country_answer);
    if (gc.country.empty()) gc.country = kCountryNotGiven;
    const bool complete = r.status == storage::ResponseStatus::kComplete;
    DashboardCell& c = d.cells[{std::move(gc.group), std::move(gc.country)}];
    (complete ? c.complete : c.partial)++;
    (complete ? d.complete : d.partial)++;
    if (complete) {
      d.per_quarter[r.submitted_at >= 0 ? r.submitted_at / kQuarterMs : (r.submitted_at - kQuarterMs + 1) / kQuarterMs]++;
      if (r.channel == "web" && r.submitted_at >= r.started_at)
        d.times.push_back(static_cast<double>(r.submitted_at - r.started_at));
    }
    // Where a partial respondent is: its stored page (page * 1000 + instance + 1); -7 is the
    // review page, past every page.
    std::size_t upto = f.pages.size();
    if (!complete && r.page > 0)
      upto = std::min<std::size_t>(f.pages.size(), static_cast<std::size_t>(r.page / 1000) + 1);
    if (!complete && r.page == 0) upto = 1;
    for (std::size_t k = 0; k < upto && k < d.reached.size(); ++k) d.reached[k]++;
    return true;
  });
  std::sort(d.times.begin(), d.times.end());
  return d;
}

double MedianOfSorted(const std::vector<const std::vector<double>*>& parts) {
  std::size_t n = 0, nonempty = 0;
  const std::vector<double>* last = nullptr;
  for (const auto* p : parts) {
    if (p->empty()) continue;
    n += p->size();
    ++nonempty;
    last = p;
  }
  if (n == 0) return 0;
  if (nonempty == 1) {
    const auto& v = *last;
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
  std::vector<double> all;
  all.reserve(n);
  for (const auto* p : parts) all.insert(all.end(), p->begin(), p->end());
  auto mid = all.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(all.begin(), mid, all.end());
  double hi = *mid;
  if (n % 2) return hi;
  double lo = *std::max_element(all.begin(), mid);
  return (lo + hi) / 2;
}

bool DashboardCache::Reusable(const std::string& cached_version, const std::string& version, TimeMs computed_at,
                              TimeMs cost_ms, TimeMs now) {
  if (cached_version == version) return true;
  if (cost_ms < kCheapMs) return false;
  return now >= computed_at && now - computed_at < std::min(kMaxAgeMs, 10 * cost_ms);
}

std::shared_ptr<const DashboardSummary> DashboardCache::Get(storage::Storage& store, const form::Form& f,
                                                            TimeMs now) {
  std::string version = store.ResponsesVersion(f.id);
  std::lock_guard lock(mu_);
  Entry& e = entries_[f.id];
  if (e.summary && e.form_version == f.version &&
      Reusable(e.version, version, e.summary->computed_at, e.cost_ms, now))
    return e.summary;
  auto t0 = std::chrono::steady_clock::now();
  auto s = std::make_shared<DashboardSummary>(ComputeDashboardSummary(store, f, now));
  e.cost_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  e.form_version = f.version;
  e.version = std::move(version);
  e.summary = std::move(s);
  ++computations_;
  return e.summary;
}

long DashboardCache::computations() const {
  std::lock_guard lock(mu_);
  return computations_;
}

}  // namespace mcs::web::admin
