// The dashboard's figures for one form, computed in one pass over its responses and kept per form
// until the storage says its responses changed (Storage::ResponsesVersion), so a page view costs
// one cheap version read instead of reading and decoding every response.
//
// While responses keep arriving (the version moves between most views), a summary that was costly
// to compute is reused for up to ten times its cost (at most a minute) before it is computed again:
// the dashboard then spends at most about a tenth of a core, and says how old its figures are.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::web::admin {

inline constexpr const char* kCountryNotGiven = "(not given)";

struct DashboardCell {
  long complete = 0, partial = 0;
};

struct DashboardSummary {
  std::map<std::pair<std::string, std::string>, DashboardCell> cells;  // (group, country); group/country
                                                                        // by stats::GroupCountryOf
  std::map<TimeMs, long> per_quarter;  // complete responses per UTC quarter hour (key: ms / 15 min)
  std::vector<double> times;            // ms to complete, responses answered in the browser; sorted
  long complete = 0, partial = 0;
  std::vector<long> reached;  // per page of the form: respondents who reached it
  TimeMs computed_at = 0;
};

// Reads every counted response of `f` (not test previews, not excluded) once. Invalid stored
// answers count as unanswered.
DashboardSummary ComputeDashboardSummary(storage::Storage& store, const form::Form& f, TimeMs now);

// Complete responses per day ("2027-05-03") on `zone`'s clock. Counted per quarter hour, the summary
// serves any zone (every zone of today's tz database is a whole number of quarter hours from UTC), so
// a change of the study's zone needs no new summary.
std::map<std::string, long> PerDay(const DashboardSummary& s, std::string_view zone);

// The median of several sorted vectors together (0 for none).
double MedianOfSorted(const std::vector<const std::vector<double>*>& parts);

class DashboardCache {
 public:
  // The summary of `f`: the cached one while the form's responses are unchanged (or, for a costly
  // summary, while it is young enough: see above), else a new one.
  std::shared_ptr<const DashboardSummary> Get(storage::Storage& store, const form::Form& f, TimeMs now);
  // Summaries computed so far (tests use it to see the cache at work).
  long computations() const;

  // The reuse rule: a summary computed at `computed_at` taking `cost_ms`, for `cached_version`, is
  // still served at `now` when the version is `version`.
  static bool Reusable(const std::string& cached_version, const std::string& version, TimeMs computed_at,
                       TimeMs cost_ms, TimeMs now);

 private:
  struct Entry {
    std::string form_version;
    std::string version;
    TimeMs cost_ms = 0;
    std::shared_ptr<const DashboardSummary> summary;
  };
  mutable std::mutex mu_;  // held while computing: concurrent views of one form wait for one pass
  std::map<std::string, Entry> entries_;
  long computations_ = 0;
};

}  // namespace mcs::web::admin
