// `mcsurvey report`: loads a form's responses, weights them if asked, writes the HTML (or PDF).
#pragma once
#include <string>

namespace mcs::app {

struct ReportArgs {
  std::string form_id, by, weights, lang, out, db;
  int min_cell = -1;   // -1 (not given): the form's, its public page's (web::ReportMinCell)
  bool study = false;  // --study: every questionnaire (the study's four when present) in one report
  std::string merge;   // --merge FILE: merged categories for this report instead of the stored ones
};

// Returns the process exit code (0 ok, 1 failure, 2 usage), with messages on stderr.
int RunReport(const ReportArgs& a);

// `mcsurvey merges --form ID [--set FILE] [--clear]`: a questionnaire's merged categories (stats/merge.h),
// stored for the console's report, the command line's and the public results page; prints them.
struct MergesArgs {
  std::string form_id, set, db;
  bool clear = false;
};
int RunMerges(const MergesArgs& a);

}  // namespace mcs::app
