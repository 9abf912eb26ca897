// The data-protection commands (issue 25): mcsurvey erase, anonymise, subject find|export|erase|correct,
// records. Each change asks for confirmation on the terminal unless --yes, and is audited as the
// "command line".
#pragma once
#include <CLI/CLI.hpp>

#include <string>

namespace mcs::app {

class PrivacyCommands {
 public:
  // Adds the subcommands to `cli`; `db` is the shared --db value.
  PrivacyCommands(CLI::App& cli, std::string& db);
  // After parsing: true when one of these commands was given, with its exit code in `rc`.
  bool Run(int& rc);

 private:
  std::string& db_;
  CLI::App* erase_ = nullptr;
  CLI::App* anonymise_ = nullptr;
  CLI::App* subject_ = nullptr;
  CLI::App* find_ = nullptr;
  CLI::App* export_ = nullptr;
  CLI::App* subject_erase_ = nullptr;
  CLI::App* correct_ = nullptr;
  CLI::App* records_ = nullptr;
  CLI::App* privacy_ = nullptr;       // mcsurvey privacy set|show (the privacy-notice acknowledgement)
  CLI::App* privacy_set_ = nullptr;
  CLI::App* privacy_show_ = nullptr;
  std::string acknowledgement_;
  std::string form_, question_, reason_, email_, out_, from_, to_;
  bool yes_ = false;
};

}  // namespace mcs::app
