// `mcsurvey report`: loads a form's responses, weights them if asked, writes the HTML (or PDF).
#pragma once
#include <string>

namespace mcs::app {

struct ReportArgs {
  std::string form_id, by, weights, lang, out, db;
  int min_cell = 5;
  bool study = false;  // --study: every questionnaire (the study's four when present) in one report
};

// Returns the process exit code (0 ok, 1 failure, 2 usage), with messages on stderr.
int RunReport(const ReportArgs& a);

}  // namespace mcs::app
