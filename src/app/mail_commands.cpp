#include "app/mail_commands.h"

#include <unistd.h>

#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include "app/cli_audit.h"
#include "app/open_store.h"
#include "common/clock.h"
#include "common/strings.h"
#include "storage/storage.h"
#include "web/campaigns.h"
#include "mail/verp.h"
#include "web/bounce_reader.h"
#include "web/contacts.h"
#include "web/form_registry.h"
#include "web/mail_settings.h"

namespace mcs::app {
namespace {

int ContactsImport(const std::string& path, const std::string& db) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << path << ": cannot open the file\n";
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto store = OpenStore(db);
  if (!store) return 1;
  web::FormRegistry forms;
  Diagnostics diags;
  forms.LoadAll(*store, diags);
  if (forms.AllLatest().empty()) {
    std::cerr << "mcsurvey: " << db << " holds no questionnaire yet, so no group can be checked: start `mcsurvey serve`"
              << " once (it installs the study) or import the forms first\n";
    return 1;
  }
  web::ContactImport got = web::ReadContactFile(ss.str(), path, web::RulesOf(forms), SystemClock().Now());
  if (!got.problems.empty()) {
    for (const auto& p : got.problems) std::cerr << path << ":" << p.line << ": " << p.message << "\n";
    std::cerr << "mcsurvey: nothing imported: " << got.problems.size() << " bad line"
              << (got.problems.size() == 1 ? "" : "s") << "\n";
    AuditCli(*store, "contacts-import-refused", "contacts", std::to_string(got.problems.size()) + " bad lines");
    return 1;
  }
  std::set<std::string> known;
  for (const auto& ct : store->ListContacts()) known.insert(ct.email);
  long fresh = 0;
  for (const auto& ct : got.contacts) fresh += !known.count(ct.email);
  if (Status st = store->UpsertContacts(got.contacts); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::string summary = std::to_string(got.contacts.size()) + " contacts imported: " + std::to_string(fresh) +
                        " new, " + std::to_string(static_cast<long>(got.contacts.size()) - fresh) + " updated";
  if (got.merged) summary += ", " + std::to_string(got.merged) + " repeated addresses merged";
  AuditCli(*store, "contacts-import", "contacts", summary);
  store->Close();
  std::cout << summary << "\n";
  return 0;
}

// A contact corrected: the fields given, checked as an import line is; audited with the fields it
// touched, not their values.
int ContactsEdit(const MailCommands& m, const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  std::optional<storage::ContactRecord> was;
  for (auto& ct : store->ListContacts())
    if (ct.email == m.contact) was = ct;
  if (!was) {
    std::cerr << "mcsurvey: no contact " << m.contact << " in the address book\n";
    return 1;
  }
  web::FormRegistry forms;
  Diagnostics diags;
  forms.LoadAll(*store, diags);
  web::ContactText v{was->email, was->name, was->organisation, was->group, was->country, was->lang};
  std::string* fields[6] = {&v.email, &v.name, &v.organisation, &v.group, &v.country, &v.lang};
  const std::string* given[6] = {&m.edit.email, &m.edit.name, &m.edit.organisation, &m.edit.group, &m.edit.country,
                                 &m.edit.lang};
  const char* names[6] = {"e-mail", "name", "organisation", "group", "country", "language"};
  std::vector<std::string> changed;
  for (int i = 0; i < 6; ++i) {
    if (!m.edit_opts[i] || m.edit_opts[i]->count() == 0) continue;
    *fields[i] = std::string(Trim(*given[i]));
  }
  storage::ContactRecord ct;
  std::vector<std::string> why = web::CheckContact(v, web::RulesOf(forms), ct);
  if (!why.empty()) {
    for (const auto& w : why) std::cerr << "mcsurvey: " << w << "\n";
    std::cerr << "mcsurvey: the contact is not changed\n";
    return 1;
  }
  const std::string* now_values[6] = {&ct.email, &ct.name, &ct.organisation, &ct.group, &ct.country, &ct.lang};
  const std::string* old_values[6] = {&was->email, &was->name, &was->organisation, &was->group, &was->country, &was->lang};
  for (int i = 0; i < 6; ++i) {
    if (*now_values[i] != *old_values[i]) changed.push_back(i == 0 ? "e-mail (was " + was->email + ")" : names[i]);
  }
  ct.created_at = was->created_at;
  ct.updated_at = SystemClock().Now();
  if (Status st = store->UpdateContact(was->email, ct); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::string detail = changed.empty() ? "nothing changed" : "changed: " + Join(changed, ", ");
  AuditCli(*store, "contact-edit", ct.email, detail);
  store->Close();
  std::cout << ct.email << ": " << detail << "\n";
  return 0;
}

int ContactsDelete(const MailCommands& m, const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  if (Status st = store->DeleteContact(m.contact); !st.ok()) {
    std::cerr << "mcsurvey: " << (st.error().code == ErrorCode::kNotFound ? "no contact " + m.contact +
                                  " in the address book" : st.error().message) << "\n";
    return 1;
  }
  AuditCli(*store, "contact-delete", m.contact, "removed from the address book");
  store->Close();
  std::cout << m.contact << ": deleted from the address book\n";
  return 0;
}

// Changes only what is given; the password from standard input (never from argv, which other users
// of the machine can read in /proc), audited without it.
int SmtpSet(const MailCommands& m, const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  mail::SmtpSettings s = web::LoadSmtp(*store);
  if (!m.smtp_host.empty()) s.host = m.smtp_host;
  if (m.smtp_port) s.port = m.smtp_port;
  if (!m.smtp_security.empty()) s.security = m.smtp_security;
  if (!m.smtp_user.empty()) s.user = m.smtp_user == "-" ? "" : m.smtp_user;
  if (!m.smtp_from.empty()) s.from_address = m.smtp_from;
  if (!m.smtp_from_name.empty()) s.from_name = m.smtp_from_name;
  if (!m.smtp_reply_to.empty()) s.reply_to = m.smtp_reply_to == "-" ? "" : m.smtp_reply_to;
  if (m.per_minute >= 0) s.per_minute = m.per_minute;
  if (m.password_stdin) {
    std::string pw;
    std::getline(std::cin, pw);
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    s.password = pw;
  }
  if (std::string why = mail::CheckSettings(s); !why.empty()) {
    std::cerr << "mcsurvey: " << why << " (nothing changed)\n";
    return 1;
  }
  std::string url = m.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!m.public_url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    std::cerr << "mcsurvey: --public-url must start with https:// (nothing changed)\n";
    return 1;
  }
  std::string bounce = m.bounce_address == "-" ? "" : m.bounce_address;
  if (!bounce.empty()) {
    if (std::string why = mail::CheckBounceAddress(bounce); !why.empty()) {
      std::cerr << "mcsurvey: " << why << " (nothing changed)\n";
      return 1;
    }
  }
  Status st = web::SaveSmtp(*store, s, !m.password_stdin);
  if (st.ok() && !m.public_url.empty()) st = store->PutSetting("mail.public_url", url);
  if (st.ok() && !m.bounce_address.empty()) {
    st = web::SaveBounceAddress(*store, bounce);
    if (st.ok()) AuditCli(*store, "smtp-settings", "smtp", "bounce address " + (bounce.empty() ? "(none)" : bounce));
  }
  if (!st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  AuditCli(*store, "smtp-settings", "smtp", web::DescribeSmtp(s, m.password_stdin));
  std::cout << "SMTP settings saved: " << web::DescribeSmtp(s, m.password_stdin) << "\n";
  return 0;
}

int SmtpShow(const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  mail::SmtpSettings s = web::LoadSmtp(*store);
  std::cout << web::DescribeSmtp(s, false) << "; password " << (s.password.empty() ? "not set" : "set")
            << "; public address " << store->GetSetting("mail.public_url").value_or("(not set)") << "; bounce address "
            << (web::LoadBounceSettings(*store).bounce_address.empty() ? "(none)" : web::LoadBounceSettings(*store).bounce_address)
            << "\n";
  return 0;
}

// A campaign from the command line: queued in the database; a running `mcsurvey serve` (any node)
// sends it.
int CampaignCommand(const MailCommands& m, const std::string& db, bool remind) {
  auto store = OpenStore(db);
  if (!store) return 1;
  web::FormRegistry forms;
  Diagnostics diags;
  forms.LoadAll(*store, diags);
  auto f = forms.Published(m.form_id);
  if (!f) {
    std::cerr << "mcsurvey: no published questionnaire '" << m.form_id << "' in " << db << "\n";
    return 1;
  }
  SecureRandom random;
  TimeMs now = SystemClock().Now();
  if (remind && m.days_opt && m.days_opt->count()) {
    if (std::string why = web::CheckReminderDays(m.days); !why.empty()) {
      std::cerr << "mcsurvey: --days: " << why << "\n";
      return 1;
    }
    if (Status st = web::SetReminderDays(*store, f->id, m.days); !st.ok()) {
      std::cerr << "mcsurvey: " << st.error().message << "\n";
      return 1;
    }
    AuditCli(*store, "campaign-schedule", f->id,
             m.days.empty() ? "no reminders" : "reminders " + m.days + " days before closing");
    std::cout << (m.days.empty() ? "no scheduled reminders for " + f->id
                                 : "reminders for " + f->id + " " + m.days + " days before closing")
              << "\n";
    return 0;
  }
  web::CampaignPlan plan;
  if (remind) {
    plan = web::PlanReminders(*store, *f, "", "command line", now, random);
  } else {
    web::Selection sel;
    sel.group = m.group;
    sel.country = m.country;
    for (std::size_t i = 0; i < m.only.size();) {
      std::size_t comma = m.only.find(',', i);
      std::string e = m.only.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
      if (!e.empty()) sel.emails.push_back(e);
      if (comma == std::string::npos) break;
      i = comma + 1;
    }
    plan = web::PlanInvitations(*store, *f, sel, "command line", now, random);
  }
  if (!plan.problem.empty()) {
    std::cerr << "mcsurvey: " << plan.problem << "\n";
    return 1;
  }
  if (Status st = store->CreateCampaign(plan.campaign, plan.invitations, plan.mail); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::string summary = std::to_string(plan.mail.size()) + (remind ? " reminders" : " invitations") + " queued";
  if (plan.already) summary += ", " + std::to_string(plan.already) + (remind ? " finished" : " invited before");
  if (plan.blocked) summary += ", " + std::to_string(plan.blocked) + " opted out or bounced";
  AuditCli(*store, remind ? "campaign-remind" : "campaign-send", f->id, plan.campaign.id + ": " + summary);
  std::cout << "campaign " << plan.campaign.id << ": " << summary << " (a running mcsurvey serve sends them)\n";
  return 0;
}

int CampaignStatus(const std::string& db) {
  auto store = OpenStore(db);
  if (!store) return 1;
  std::cout << "campaign,form,kind,invited,sent,waiting,failed,uncertain,bounced,opted_out,started,finished,response_rate\n";
  for (const auto& c : store->ListCampaigns()) {
    web::CampaignCounts n = web::CountCampaign(*store, c);
    char rate[16];
    std::snprintf(rate, sizeof rate, "%.3f", n.ResponseRate());
    std::cout << c.id << "," << c.form_id << "," << c.kind << "," << n.invited << "," << n.sent << "," << n.queued << ","
              << n.failed << "," << n.uncertain << "," << n.bounced << "," << n.opted_out << "," << n.started << ","
              << n.finished << "," << rate << "\n";
  }
  return 0;
}

}  // namespace

std::unique_ptr<web::MailSender> StartMailSender(web::App& app) {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  std::string node = std::string(host) + "/" + std::to_string(getpid()) + "/" + app.random().Hex(4);
  TimeMs lease = 120 * 1000;
  if (const char* env = std::getenv("MCSURVEY_MAIL_LEASE_SECONDS"); env && *env) lease = std::atoll(env) * 1000;
  auto sender = std::make_unique<web::MailSender>(app, node, lease);
  sender->Start();
  return sender;
}

void AddMailCommands(CLI::App& cli, MailCommands& m, std::string& db) {
  auto* contacts = cli.add_subcommand("contacts", "The study's address book");
  contacts->require_subcommand(1);
  m.contacts_import = contacts->add_subcommand(
      "import", "Add or update contacts from a CSV or XLSX file (all or nothing: bad lines listed, nothing stored)");
  m.contacts_import->add_option("file", m.contacts_file, "columns e-mail, name, organisation, group, country, language")
      ->required();
  m.contacts_import->add_option("--db", db);
  m.contacts_edit = contacts->add_subcommand(
      "edit", "Correct one contact: the fields given replace the stored ones (\"\" clears one), checked as an import is");
  m.contacts_edit->add_option("email", m.contact, "the contact's address as stored")->required();
  m.edit_opts[0] = m.contacts_edit->add_option("--email", m.edit.email, "a new address");
  m.edit_opts[1] = m.contacts_edit->add_option("--name", m.edit.name);
  m.edit_opts[2] = m.contacts_edit->add_option("--organisation", m.edit.organisation);
  m.edit_opts[3] = m.contacts_edit->add_option("--group", m.edit.group, "a questionnaire's id or one of its groups");
  m.edit_opts[4] = m.contacts_edit->add_option("--country", m.edit.country, "ISO code or the name in an EU language");
  m.edit_opts[5] = m.contacts_edit->add_option("--language", m.edit.lang, "a language code (fr)");
  m.contacts_edit->add_option("--db", db);
  m.contacts_delete = contacts->add_subcommand("delete", "Remove one contact from the address book (audited)");
  m.contacts_delete->add_option("email", m.contact, "the contact's address as stored")->required();
  m.contacts_delete->add_option("--db", db);

  auto* smtp = cli.add_subcommand("smtp", "The SMTP relay invitations and reminders go through");
  smtp->require_subcommand(1);
  m.smtp_set = smtp->add_subcommand("set", "Change the relay's settings (only those given)");
  m.smtp_set->add_option("--host", m.smtp_host);
  m.smtp_set->add_option("--port", m.smtp_port);
  m.smtp_set->add_option("--security", m.smtp_security, "starttls (default), smtps, or none (a relay on this machine only)")
      ->check(CLI::IsMember({"starttls", "smtps", "none"}));
  m.smtp_set->add_option("--user", m.smtp_user, "\"-\" for none");
  m.smtp_set->add_flag("--password-stdin", m.password_stdin, "read the password from the first line of standard input");
  m.smtp_set->add_option("--from", m.smtp_from, "the sender address");
  m.smtp_set->add_option("--from-name", m.smtp_from_name, "the sender's name");
  m.smtp_set->add_option("--reply-to", m.smtp_reply_to, "\"-\" for none");
  m.smtp_set->add_option("--per-minute", m.per_minute, "messages per minute, 0 for no limit");
  m.smtp_set->add_option("--public-url", m.public_url, "the https address links in messages start with");
  m.smtp_set->add_option("--bounce-address", m.bounce_address,
                         "bounces@your.domain: each message leaves with its own envelope sender bounces+TOKEN@... "
                         "(VERP), \"-\" for none");
  m.smtp_set->add_option("--db", db);
  m.smtp_show = smtp->add_subcommand("show", "Print the relay's settings (never the password)");
  m.smtp_show->add_option("--db", db);

  auto* campaign = cli.add_subcommand("campaign", "Invitations and reminders by e-mail (sent by a running server)");
  campaign->require_subcommand(1);
  m.campaign_send = campaign->add_subcommand("send", "Queue invitations to the address book's contacts for a questionnaire");
  m.campaign_send->add_option("--form", m.form_id)->required();
  m.campaign_send->add_option("--group", m.group, "only this group");
  m.campaign_send->add_option("--country", m.country, "only this country (code or name)");
  m.campaign_send->add_option("--only", m.only, "only these addresses of the address book, comma-separated");
  m.campaign_send->add_option("--db", db);
  m.campaign_remind = campaign->add_subcommand(
      "remind", "Queue a reminder now to those invited who have not finished, or with --days schedule them");
  m.campaign_remind->add_option("--form", m.form_id)->required();
  m.days_opt = m.campaign_remind->add_option("--days", m.days, "days before closing, e.g. 7,2 (\"\" for none)");
  m.campaign_remind->add_option("--db", db);
  m.campaign_status = campaign->add_subcommand("status", "Each campaign's figures as CSV");
  m.campaign_status->add_option("--db", db);
}

int RunMailCommands(const MailCommands& m, const std::string& db) {
  if (m.contacts_import && *m.contacts_import) return ContactsImport(m.contacts_file, db);
  if (m.contacts_edit && *m.contacts_edit) return ContactsEdit(m, db);
  if (m.contacts_delete && *m.contacts_delete) return ContactsDelete(m, db);
  if (m.smtp_set && *m.smtp_set) return SmtpSet(m, db);
  if (m.smtp_show && *m.smtp_show) return SmtpShow(db);
  if (m.campaign_send && *m.campaign_send) return CampaignCommand(m, db, false);
  if (m.campaign_remind && *m.campaign_remind) return CampaignCommand(m, db, true);
  if (m.campaign_status && *m.campaign_status) return CampaignStatus(db);
  return -1;
}

}  // namespace mcs::app
