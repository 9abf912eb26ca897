// `mcsurvey study show|set|groups` (issue 24): the study's own texts (its title, the header of its
// pages, the landing page's text, the thank-you page's note, the groups' names and descriptions) and
// which questionnaires are its groups, as stored in the database's settings (web/study_texts.h).
// Every change is audited, as the console's Study texts page's are. `study set --time-zone ZONE` sets the
// study's time zone (an IANA name); `study show` prints it first.
#pragma once
#include <CLI/CLI.hpp>

#include <string>

namespace mcs::app {

struct StudyArgs {
  CLI::App* show_cmd = nullptr;
  CLI::App* set_cmd = nullptr;
  CLI::App* groups_cmd = nullptr;
  std::string lang, key, text, groups, db;
  std::string time_zone;  // study set --time-zone ZONE (issue 24, item 5)
};

CLI::App* AddStudyCommand(CLI::App& cli, StudyArgs& a);
// Runs the subcommand given: 0 done, 1 refused (the reason on stderr).
int RunStudy(const StudyArgs& a);

}  // namespace mcs::app
