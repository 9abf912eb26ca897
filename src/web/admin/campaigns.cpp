// Campaigns in the console (issue 22): invite a selection of the address book to a questionnaire,
// remind those who have not finished (now, or on days before closing), and see per campaign how many
// were invited, sent, bounced, opted out, started and finished.
#include "web/campaigns.h"

#include <cstdio>
#include <set>

#include "common/country.h"
#include "common/strings.h"
#include "web/admin/console.h"
#include "web/contacts.h"
#include "web/form_registry.h"
#include "web/mail_sender.h"
#include "web/mail_settings.h"

namespace mcs::web::admin {
namespace {

using http::Response;

std::string Notice(const std::string& text) { return "<p class=\"notice\" role=\"status\">" + Esc(text) + "</p>\n"; }
std::string Problem(const std::string& text) {
  return "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(text) + "</p></div>\n";
}

std::string Percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", x * 100);
  return buf;
}

std::string FormOptions(Ctx& c, const std::string& selected) {
  std::string out;
  for (const auto& f : c.app.forms().AllPublished()) {
    out += "<option value=\"" + EscAttr(f->id) + "\"" + (f->id == selected ? " selected" : "") + ">" + Esc(f->title) +
           " (" + Esc(f->id) + ")</option>";
  }
  return out;
}

Response CampaignsPage(Ctx& c, const std::string& top, int status = 200) {
  storage::Storage& store = c.app.store();
  std::string body = top;
  if (!mail::CheckSettings(LoadSmtp(store)).empty() || store.GetSetting("mail.public_url").value_or("").empty()) {
    body += "<p class=\"notice\">E-mail is not set up yet (an owner sets the relay and the public address under "
            "<a href=\"/admin/mail\">E-mail</a>): campaigns wait in the queue until it is.</p>\n";
  }
  std::set<std::string> groups, countries;
  for (const auto& ct : store.ListContacts()) {
    if (!ct.country.empty()) countries.insert(ct.country);
  }
  for (const auto& f : c.app.forms().AllPublished())
    for (const auto& g : GroupsOf(*f)) groups.insert(g);
  body += "<h2>Invite contacts</h2>\n<p>Each contact gets a personal link (one response) in their language. Nobody "
          "is invited twice to one questionnaire; opted-out and bounced addresses are left out.</p>\n"
          "<form method=\"post\" action=\"/admin/campaigns/send\" class=\"stack\">" +
          CsrfField(c) +
          "<p><label class=\"label\" for=\"form\">Questionnaire</label><select class=\"select\" id=\"form\" "
          "name=\"form\">" +
          FormOptions(c, "") +
          "</select></p><p><label class=\"label\" for=\"group\">Group</label><select class=\"select\" id=\"group\" "
          "name=\"group\"><option value=\"\">any of the questionnaire's</option>";
  for (const auto& g : groups) body += "<option value=\"" + EscAttr(g) + "\">" + Esc(g) + "</option>";
  body += "</select></p><p><label class=\"label\" for=\"country\">Country</label><select class=\"select\" "
          "id=\"country\" name=\"country\"><option value=\"\">any</option>";
  for (const auto& k : countries)
    body += "<option value=\"" + EscAttr(k) + "\">" + Esc(CountryName(k, "en")) + " (" + Esc(k) + ")</option>";
  body += "</select></p><p><label class=\"label\" for=\"emails\">Only these addresses (optional, one a line)</label>"
          "<textarea class=\"textarea\" id=\"emails\" name=\"emails\"></textarea></p>"
          "<p><button class=\"button\" type=\"submit\">Send the invitations</button></p></form>\n";
  body += "<h2>Reminders</h2>\n<p>Reminders go to those invited who have not finished and have not opted out or "
          "bounced, on the same personal link.</p>\n<div class=\"table-wrap\"><table class=\"table\" "
          "id=\"reminders\"><caption>Reminders per questionnaire</caption><thead><tr><th scope=\"col\">Questionnaire"
          "</th><th scope=\"col\">Days before closing</th><th scope=\"col\">Now</th></tr></thead><tbody>\n";
  for (const auto& f : c.app.forms().AllPublished()) {
    std::string id = "days-" + f->id;
    body += "<tr><th scope=\"row\">" + Esc(f->title) + "</th><td><form method=\"post\" "
            "action=\"/admin/campaigns/schedule\">" +
            CsrfField(c) + "<input type=\"hidden\" name=\"form\" value=\"" + EscAttr(f->id) +
            "\"><label class=\"visually-hidden\" for=\"" + EscAttr(id) + "\">Days before closing</label><input "
            "class=\"input input--short\" id=\"" + EscAttr(id) + "\" name=\"days\" value=\"" +
            EscAttr(ReminderDays(store, f->id)) + "\" placeholder=\"7, 2\"> <button class=\"button button--secondary\" "
            "type=\"submit\">Schedule</button></form></td><td>" +
            PostButton(c, "/admin/campaigns/remind", "Remind now", "form", f->id) + "</td></tr>\n";
  }
  body += "</tbody></table></div>\n";
  body += "<h2>Campaigns</h2>\n<div class=\"table-wrap\"><table class=\"table\" id=\"campaigns\"><caption>Campaigns, "
          "oldest first</caption><thead><tr><th scope=\"col\">Campaign</th><th scope=\"col\">Questionnaire</th>"
          "<th scope=\"col\">Kind</th><th scope=\"col\">Who</th>";
  for (const char* h : {"Invited", "Sent", "Waiting", "Failed", "Uncertain", "Bounced", "Opted out", "Started",
                        "Finished", "Response rate"})
    body += "<th scope=\"col\" class=\"num\">" + std::string(h) + "</th>";
  body += "</tr></thead><tbody>\n";
  for (const auto& camp : store.ListCampaigns()) {
    CampaignCounts n = CountCampaign(store, camp);
    body += "<tr><th scope=\"row\"><code>" + Esc(camp.id) + "</code><br>" + Esc(When(camp.created_at)) + "</th><td>" +
            Esc(camp.form_id) + "</td><td>" + Esc(camp.kind) + "</td><td>" + Esc(camp.selection) + "</td>";
    for (long v : {n.invited, n.sent, n.queued, n.failed, n.uncertain, n.bounced, n.opted_out, n.started, n.finished})
      body += "<td class=\"num\">" + std::to_string(v) + "</td>";
    body += "<td class=\"num\">" + Percent(n.ResponseRate()) + "</td></tr>\n";
    if (n.uncertain > 0 && c.Can(Role::kOwner)) {
      body += "<tr><td colspan=\"14\">" + std::to_string(n.uncertain) +
              " messages were being handed to the relay when a server stopped: they may or may not have arrived. " +
              PostButton(c, "/admin/campaigns/" + camp.id + "/resend", "Send those again") + "</td></tr>\n";
    }
  }
  body += "</tbody></table></div>\n";
  return Page(c, status, "Campaigns", body);
}

Response Send(Ctx& c) {
  auto f = c.app.forms().Published(c.Field("form"));
  if (!f) return CampaignsPage(c, Problem("Choose a published questionnaire."), 422);
  Selection sel;
  sel.group = c.Field("group");
  sel.country = c.Field("country");
  std::string emails = c.Field("emails");
  for (std::size_t i = 0; i < emails.size();) {
    std::size_t nl = emails.find_first_of("\r\n,;", i);
    std::string e(Trim(emails.substr(i, nl == std::string::npos ? std::string::npos : nl - i)));
    if (!e.empty()) sel.emails.push_back(e);
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  CampaignPlan plan = PlanInvitations(c.app.store(), *f, sel, c.user.name, c.app.clock().Now(), c.app.random());
  if (!plan.problem.empty()) return CampaignsPage(c, Problem(plan.problem), 422);
  if (Status st = c.app.store().CreateCampaign(plan.campaign, plan.invitations, plan.mail); !st.ok())
    return CampaignsPage(c, Problem(st.error().message), 503);
  std::string summary = std::to_string(plan.mail.size()) + " invitations queued (" + plan.campaign.selection + ")";
  if (plan.already) summary += ", " + std::to_string(plan.already) + " invited before";
  if (plan.blocked) summary += ", " + std::to_string(plan.blocked) + " opted out or bounced";
  c.Audit("campaign-send", f->id, plan.campaign.id + ": " + summary);
  return CampaignsPage(c, Notice(summary + "."));
}

Response Remind(Ctx& c) {
  auto f = c.app.forms().Published(c.Field("form"));
  if (!f) return CampaignsPage(c, Problem("Choose a published questionnaire."), 422);
  CampaignPlan plan = PlanReminders(c.app.store(), *f, "", c.user.name, c.app.clock().Now(), c.app.random());
  if (!plan.problem.empty()) return CampaignsPage(c, Problem(plan.problem), 422);
  if (Status st = c.app.store().CreateCampaign(plan.campaign, {}, plan.mail); !st.ok())
    return CampaignsPage(c, Problem(st.error().message), 503);
  std::string summary = std::to_string(plan.mail.size()) + " reminders queued";
  c.Audit("campaign-remind", f->id, plan.campaign.id + ": " + summary);
  return CampaignsPage(c, Notice(summary + "."));
}

Response Schedule(Ctx& c) {
  auto f = c.app.forms().Published(c.Field("form"));
  if (!f) return CampaignsPage(c, Problem("Choose a published questionnaire."), 422);
  std::string days(Trim(c.Field("days")));
  if (std::string why = CheckReminderDays(days); !why.empty()) return CampaignsPage(c, Problem(why), 422);
  if (Status st = SetReminderDays(c.app.store(), f->id, days); !st.ok())
    return CampaignsPage(c, Problem(st.error().message), 503);
  c.Audit("campaign-schedule", f->id, days.empty() ? "no reminders" : "reminders " + days + " days before closing");
  return CampaignsPage(c, Notice(days.empty() ? "No scheduled reminders for " + f->id + "."
                                              : "Reminders for " + f->id + " " + days + " days before closing."));
}

Response Resend(Ctx& c) {
  std::string id = c.Param("id");
  auto n = c.app.store().RequeueUncertain(id, c.app.clock().Now());
  if (!n.ok()) return CampaignsPage(c, Problem(n.error().message), 503);
  c.Audit("campaign-resend-uncertain", id, std::to_string(*n) + " messages queued again");
  return CampaignsPage(c, Notice(std::to_string(*n) + " messages queued again."));
}

}  // namespace

void AddCampaignRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/campaigns", Role::kAnalyst, [](Ctx& c) { return CampaignsPage(c, ""); });
  Post(app, r, "/admin/campaigns/send", Role::kAnalyst, [](Ctx& c) { return Send(c); });
  Post(app, r, "/admin/campaigns/remind", Role::kAnalyst, [](Ctx& c) { return Remind(c); });
  Post(app, r, "/admin/campaigns/schedule", Role::kAnalyst, [](Ctx& c) { return Schedule(c); });
  Post(app, r, "/admin/campaigns/{id}/resend", Role::kOwner, [](Ctx& c) { return Resend(c); });
}

}  // namespace mcs::web::admin
