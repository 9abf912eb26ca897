// The fieldwork commands of issue 22, for teams that script their fieldwork: `mcsurvey contacts
// import FILE` (the console's Contacts page) and `mcsurvey smtp set|show` (its E-mail page).
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "web/app.h"
#include "web/contacts.h"
#include "web/mail_sender.h"

namespace mcs::app {

struct MailCommands {
  CLI::App* contacts_import = nullptr;
  std::string contacts_file;
  CLI::App* smtp_set = nullptr;
  CLI::App* smtp_show = nullptr;
  std::string smtp_host, smtp_security, smtp_user, smtp_from, smtp_from_name, smtp_reply_to, public_url;
  int smtp_port = 0, per_minute = -1;
  bool password_stdin = false;
  CLI::App* campaign_send = nullptr;
  CLI::App* campaign_remind = nullptr;
  CLI::App* campaign_status = nullptr;
  std::string form_id, group, country, days, only;
  CLI::Option* days_opt = nullptr;
  // contacts edit|delete: the fields given replace the stored ones ("" clears one); the rest stay.
  CLI::App* contacts_edit = nullptr;
  CLI::App* contacts_delete = nullptr;
  std::string contact;
  web::ContactText edit;
  CLI::Option* edit_opts[6] = {};  // --email --name --organisation --group --country --language
};

// The server's mail sender loop, started (node id: host name, process id and a random part; lease
// from MCSURVEY_MAIL_LEASE_SECONDS, default 120).
std::unique_ptr<web::MailSender> StartMailSender(web::App& app);

// Registers the subcommands on `cli`; `db` is the shared --db option's variable.
void AddMailCommands(CLI::App& cli, MailCommands& m, std::string& db);
// Runs the one chosen: its exit code, or -1 when none of them was chosen.
int RunMailCommands(const MailCommands& m, const std::string& db);

}  // namespace mcs::app
