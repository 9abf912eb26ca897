// `mcsurvey print`: the questionnaire on paper (web/questionnaire_print.h) as PDF or HTML.
#pragma once
#include <string>

namespace mcs::app {

struct PrintArgs {
  std::string form;  // a form id in the database, or an XLSForm file (.md .csv .xlsx)
  std::string lang, out, db;
  bool html = false;  // HTML even when --out does not end in .html
};

// Returns the process exit code (0 ok, 1 failure, 2 usage), with messages on stderr.
int RunPrint(const PrintArgs& a);

}  // namespace mcs::app
