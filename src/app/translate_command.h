// `mcsurvey translate export|import` (issue 24): a form's texts out as XLIFF 1.2 for translators,
// and a translated file back in as a new draft version of the form with that language. With --study
// (or a file whose <file original> is "study") the study's own texts (web/study_texts.h) instead.
#pragma once
#include <CLI/CLI.hpp>

#include <string>

namespace mcs::app {

struct TranslateArgs {
  CLI::App* export_cmd = nullptr;
  CLI::App* import_cmd = nullptr;
  std::string form_id, lang, out, file, db;
  bool study = false;  // the study's own texts (title, groups, landing page) instead of a form's
};

// Adds the `translate` command and its two subcommands to `cli`; `a` receives the options.
CLI::App* AddTranslateCommand(CLI::App& cli, TranslateArgs& a);
// Runs the subcommand given. Returns the exit code (0 ok, 1 failure), messages on stderr.
int RunTranslate(const TranslateArgs& a);

}  // namespace mcs::app
