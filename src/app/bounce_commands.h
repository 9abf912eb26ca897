// The bounce commands of issue 22: `mcsurvey bounces set|show|fetch` (the console's Bounces page),
// and the server's bounce-mailbox reader.
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "web/app.h"
#include "web/bounce_reader.h"

namespace mcs::app {

struct BounceCommands {
  CLI::App* set = nullptr;
  CLI::App* show = nullptr;
  CLI::App* fetch = nullptr;
  std::string host, security, user, mailbox;
  int port = 0, interval = 0;
  bool password_stdin = false;
};

// The server's reader thread, started.
std::unique_ptr<web::BounceReader> StartBounceReader(web::App& app);

void AddBounceCommands(CLI::App& cli, BounceCommands& b, std::string& db);
// The chosen command's exit code, or -1 when none of them was chosen.
int RunBounceCommands(const BounceCommands& b, const std::string& db);

}  // namespace mcs::app
