// The data-quality service: computes every response's flags for a form, stores the ones that
// changed (the team's exclusions and notes are kept), and keeps the outcome per form until the
// form's responses change (Storage::ResponsesVersion) or a partial response comes of age to be
// called abandoned. One pass reads the answers without maps (FlagScanner) and holds per response
// only what the pages show of flagged or excluded ones.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/storage.h"
#include "web/app.h"

namespace mcs::web::admin {

struct QualityRow {
  std::string id;
  storage::ResponseStatus status = storage::ResponseStatus::kPartial;
  bool web = false;  // answered in the browser (timed)
  TimeMs started_at = 0, submitted_at = 0;
  TimeMs order_at = 0;  // submitted_at, else updated_at: the order responses are listed in
  std::string flags;
  bool excluded = false;
};

struct QualitySummary {
  long total = 0, flagged = 0, excluded = 0;
  std::vector<QualityRow> listed;  // flagged or excluded, in submission order
  TimeMs computed_at = 0;
  TimeMs next_abandonment = 0;  // when the next partial response turns abandoned (0: none pending)
};

// Scans the form's responses (test previews left out, excluded ones in) and stores changed flags.
QualitySummary ScanQuality(App& app, const form::Form& f);

class QualityCache {
 public:
  std::shared_ptr<const QualitySummary> Get(App& app, const form::Form& f);

 private:
  struct Entry {
    std::string form_version, version;
    TimeMs cost_ms = 0;
    std::shared_ptr<const QualitySummary> summary;
  };
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace mcs::web::admin
