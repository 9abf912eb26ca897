// `mcsurvey results`: shows, publishes or withdraws a form's public results page
// (web/public_results.h). A running server sees the change at its next request.
#pragma once
#include <string>

namespace mcs::app {

struct ResultsArgs {
  std::string form_id, db;
  std::string questions;  // comma-separated closed questions; "" keeps the current selection
  int min_cell = 0;       // 0 keeps the current threshold
  bool publish = false, unpublish = false;
};

// Returns the process exit code (0 ok, 1 failure, 2 usage), with messages on stderr.
int RunResults(const ResultsArgs& a);

}  // namespace mcs::app
