// The public results page (issue 23): turned off by default; the study team publishes, per form, a
// read-only page at /results/{form_id} with the closed questions it selected, each as a chart and
// its table, small cells suppressed (stats/suppress.h) at the threshold it set (never under the
// study's 5), no free text, nothing personal, printable. /results lists the published forms. Until a
// form is published (and after it is withdrawn) its page is 404, as is /results while none is.
//
// What is published lives in the settings (`public_results/{form_id}`, JSON), so both backends keep
// it through the one Storage interface and every node sees a change at its next request.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "form/form.h"
#include "http/http.h"
#include "stats/dataset.h"
#include "storage/storage.h"

namespace mcs::web {

class App;

inline constexpr int kPublicMinCell = 5;  // the study's rule: fewer than 5 respondents is never shown

struct PublicResults {
  bool published = false;
  int min_cell = kPublicMinCell;       // at least kPublicMinCell
  std::vector<std::string> questions;  // in the order chosen; only PublishableQuestions count
  TimeMs published_at = 0;
  std::string by;  // who published it
};

// What the settings say for `form_id` (not published when nothing is stored or it cannot be read).
PublicResults ReadPublicResults(storage::Storage& store, const std::string& form_id);
// Stores it; Invalid when min_cell is under kPublicMinCell or a question cannot be published.
Status WritePublicResults(storage::Storage& store, const form::Form& f, const PublicResults& p);

// One smallest cell per form for every document published about it (session 14): the public page
// and the reports each hide counts by a plan (stats::PlanForm) that depends on the threshold, and
// two plans at different thresholds, published together, are differenced (a count one hides as a
// partner the other shows, and the first's totals give its small cell back). So a report uses the
// public page's threshold; while the page is published, a report at another is refused, and the
// page is not published at another than the last report's. A report at 1 suppresses nothing: it
// is the team's, never published, and neither checked nor recorded.
//
// The smallest cell of the last report of `form_id` that suppressed (settings, "report_min_cell/ID").
std::optional<int> ReadReportMinCell(storage::Storage& store, const std::string& form_id);
// Records it (after a report was made at `min_cell`; nothing for 1).
Status RecordReportMinCell(storage::Storage& store, const std::string& form_id, int min_cell);
// The smallest cell a report of `form_id` uses: `asked`, or (0) the public page's; Invalid, saying
// why, when the page is published at another.
Result<int> ReportMinCell(storage::Storage& store, const std::string& form_id, int asked);

// The questions that may be published: closed (select_one, select_multiple) at the top level, not
// personal data.
std::vector<const form::Node*> PublishableQuestions(const form::Form& f);

// The page's <main> content: each selected question's chart and table, suppressed at p.min_cell.
// `merged`: the team's merged categories (stats::DescribeMerges, applied to `ds` already), said
// under the method line.
std::string PublicResultsHtml(const form::Form& f, const stats::Dataset& ds, const PublicResults& p,
                              const std::string& lang, const std::vector<std::string>& merged = {});

// The forms whose results page is published, for the landing page's links: read from the settings at
// most once a second (a change made by this process shows at once, one by a command or another
// node within a second).
std::vector<std::string> PublishedResultsForms(App& app);

void AddPublicResultsRoutes(App& app, http::Router& r);

}  // namespace mcs::web
