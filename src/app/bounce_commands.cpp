#include "app/bounce_commands.h"

#include <iostream>

#include "app/cli_audit.h"
#include "app/open_store.h"
#include "common/clock.h"
#include "mail/imap.h"

namespace mcs::app {
namespace {

// Changes only what is given; the password from standard input (never argv), audited without it.
int Set(const BounceCommands& b, const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  web::BounceSettings s = web::LoadBounceSettings(*store);
  if (!b.host.empty()) s.imap.host = b.host;
  if (b.port) s.imap.port = b.port;
  if (!b.security.empty()) s.imap.security = b.security;
  if (!b.user.empty()) s.imap.user = b.user;
  if (!b.mailbox.empty()) s.imap.mailbox = b.mailbox;
  if (b.interval) s.interval_seconds = b.interval;
  if (b.password_stdin) {
    std::string pw;
    std::getline(std::cin, pw);
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    s.imap.password = pw;
  }
  std::string why = mail::CheckImapSettings(s.imap);
  if (why.empty()) why = web::CheckBounceInterval(s.interval_seconds);
  if (!why.empty()) {
    std::cerr << "mcsurvey: " << why << " (nothing changed)\n";
    return 1;
  }
  if (Status st = web::SaveBounceMailbox(*store, s.imap, s.interval_seconds, !b.password_stdin); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::string d = web::DescribeBounceMailbox(s.imap, s.interval_seconds, b.password_stdin);
  AuditCli(*store, "bounce-settings", "bounce mailbox", d);
  std::cout << "Bounce mailbox saved: " << d << "\n";
  return 0;
}

int Show(const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  web::BounceSettings s = web::LoadBounceSettings(*store);
  std::cout << "bounce address " << (s.bounce_address.empty() ? "(none)" : s.bounce_address) << "; ";
  if (s.imap.host.empty()) std::cout << "bounce mailbox not set";
  else std::cout << web::DescribeBounceMailbox(s.imap, s.interval_seconds, false) << "; password "
                 << (s.imap.password.empty() ? "not set" : "set");
  std::cout << "\n";
  if (std::string last = web::LastBouncePass(*store); !last.empty()) std::cout << "last pass " << last << "\n";
  return 0;
}

int Fetch(const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  std::string secret = store->GetSetting("csrf_secret").value_or("");
  web::BouncePass p = web::RunBouncePass(*store, secret, SystemClock().Now(), "command line");
  store->Close();
  std::cout << p.Describe() << "\n";
  return p.error.empty() ? 0 : 1;
}

}  // namespace

std::unique_ptr<web::BounceReader> StartBounceReader(web::App& app) {
  auto reader = std::make_unique<web::BounceReader>(app);
  reader->Start();
  return reader;
}

void AddBounceCommands(CLI::App& cli, BounceCommands& b, std::string& db) {
  auto* bounces = cli.add_subcommand("bounces", "The bounce mailbox: delivery reports mark contacts bounced");
  bounces->require_subcommand(1);
  b.set = bounces->add_subcommand("set", "Change the bounce mailbox's IMAP settings (only those given)");
  b.set->add_option("--host", b.host);
  b.set->add_option("--port", b.port);
  b.set->add_option("--security", b.security, "imaps (default), starttls, or none (a server on this machine only)")
      ->check(CLI::IsMember({"imaps", "starttls", "none"}));
  b.set->add_option("--user", b.user);
  b.set->add_flag("--password-stdin", b.password_stdin, "read the password from the first line of standard input");
  b.set->add_option("--mailbox", b.mailbox, "the folder bounces arrive in (INBOX)");
  b.set->add_option("--interval", b.interval, "seconds between two readings by each server node (60-86400, 300)");
  b.set->add_option("--db", db);
  b.show = bounces->add_subcommand("show", "Print the bounce settings (never the password) and the last pass");
  b.show->add_option("--db", db);
  b.fetch = bounces->add_subcommand("fetch", "Read the bounce mailbox once now");
  b.fetch->add_option("--db", db);
}

int RunBounceCommands(const BounceCommands& b, const std::string& db) {
  if (b.set && *b.set) return Set(b, db);
  if (b.show && *b.show) return Show(db);
  if (b.fetch && *b.fetch) return Fetch(db);
  return -1;
}

}  // namespace mcs::app
