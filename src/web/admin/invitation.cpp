// Personal invitations: import contacts from CSV, one link per contact (one response each), the
// links as CSV for a mail merge, and who has started, finished or not begun.
#include "web/invitation.h"

#include "web/contacts.h"

#include <algorithm>
#include <set>

#include "common/strings.h"
#include "export/export.h"
#include "web/admin/console.h"

namespace mcs::web::admin {
namespace {

using http::Response;

constexpr std::size_t kMaxContacts = 20000;

std::string BaseUrl(const Ctx& c) {
  std::string host(c.req.Header("host"));
  bool ok = !host.empty() && host.size() < 256 &&
            host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                std::string::npos;
  std::string proto = c.app.ViaTrustedTls(c.req) ? "https" : "http";
  return ok ? proto + "://" + host : "";
}

std::string LinkOf(const Ctx& c, const storage::Invitation& inv) {
  return BaseUrl(c) + "/s/" + inv.form_id + "?inv=" + SignInvitation(c.app.csrf_secret(), inv.id);
}

std::string GroupList(const form::Form& f) {
  std::set<std::string> groups = GroupsOf(f);
  return Join(std::vector<std::string>(groups.begin(), groups.end()), ", ");
}

std::string StatusOf(const storage::Invitation& inv) {
  if (inv.response_status == "complete") return "finished";
  if (!inv.response_id.empty()) return "started";
  return "not begun";
}

Response IndexPage(Ctx& c) {
  std::string body =
      "<table class=\"table\"><caption>Invitations per questionnaire</caption><thead><tr><th scope=\"col\">Form</th>"
      "<th scope=\"col\" class=\"num\">Invited</th><th scope=\"col\" class=\"num\">Not begun</th>"
      "<th scope=\"col\" class=\"num\">Started</th><th scope=\"col\" class=\"num\">Finished</th></tr></thead><tbody>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    long n = 0, started = 0, finished = 0;
    for (const auto& inv : c.app.store().ListInvitations(f->id)) {
      ++n;
      std::string s = StatusOf(inv);
      started += s == "started";
      finished += s == "finished";
    }
    body += "<tr><th scope=\"row\"><a href=\"/admin/invitations/" + Esc(f->id) + "\">" + Esc(f->title) +
            "</a></th><td class=\"num\">" + std::to_string(n) + "</td><td class=\"num\">" +
            std::to_string(n - started - finished) + "</td><td class=\"num\">" + std::to_string(started) +
            "</td><td class=\"num\">" + std::to_string(finished) + "</td></tr>\n";
  }
  body += "</tbody></table>\n";
  return Page(c, 200, "Invitations", body);
}

Response FormPage(Ctx& c, const std::string& top, int status = 200) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  std::string base = "/admin/invitations/" + f->id;
  auto list = c.app.store().ListInvitations(f->id);
  std::string body = top;
  body += "<p>Each contact gets a personal link that allows one response. <a href=\"" + Esc(base) +
          "/links.csv\">Download the links as CSV</a> for a mail merge.</p>\n"
          "<h2>Import contacts</h2>\n<form method=\"post\" action=\"" +
          Esc(base) + "/import\" enctype=\"multipart/form-data\" class=\"stack\">" + CsrfField(c) +
          "<p><label class=\"label\" for=\"file\">CSV file</label><span class=\"hint\" id=\"file-hint\">The first line "
          "names the "
          "columns: name, e-mail, group (" + Esc(GroupList(*f)) +
          "), country (ISO code or name).</span><br><input type=\"file\" id=\"file\" name=\"file\" "
          "accept=\".csv,text/csv\" "
          "aria-describedby=\"file-hint\"></p><p><label class=\"label\" for=\"csv\">or paste the CSV here</label>"
          "<textarea class=\"textarea\" id=\"csv\" name=\"csv\"></textarea></p>"
          "<p><button class=\"button\" type=\"submit\">Import</button></p></form>\n";
  body +=
      "<div class=\"table-wrap\"><table class=\"table\"><caption>" + std::to_string(list.size()) +
      " invitations</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">E-mail</th><th "
      "scope=\"col\">Group</th>"
      "<th scope=\"col\">Country</th><th scope=\"col\">Status</th><th scope=\"col\">Link</th></tr></thead><tbody>\n";
  for (const auto& inv : list) {
    body += "<tr><td>" + Esc(inv.name) + "</td><td>" + Esc(inv.email) + "</td><td>" + Esc(inv.group) + "</td><td>" +
            Esc(inv.country) + "</td><td>" + Esc(StatusOf(inv)) + "</td><td><code>" + Esc(LinkOf(c, inv)) +
            "</code></td></tr>\n";
  }
  body += "</tbody></table></div>\n";
  c.Audit("invitations-view", f->id);
  return Page(c, status, f->title + ": invitations", body);
}

Response Import(Ctx& c) {
  // A file upload (multipart) or the pasted text (urlencoded); the CSRF token comes with either.
  Uploaded upload;
  if (auto refused = ReadUpload(c, Role::kAnalyst, upload, "csv")) return std::move(*refused);
  const std::string& text = upload.text;
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  ContactList parsed = ParseContacts(text, GroupsOf(*f));
  std::vector<std::string> already;
  for (const auto& inv : c.app.store().ListInvitations(f->id)) already.push_back(ToLower(inv.email));
  std::vector<storage::Invitation> add;
  TimeMs now = c.app.clock().Now();
  for (const Contact& ct : parsed.contacts) {
    if (std::find(already.begin(), already.end(), ToLower(ct.email)) != already.end()) {
      parsed.problems.push_back({ct.line, ct.email + " has an invitation to this questionnaire already"});
      continue;
    }
    if (add.size() + already.size() >= kMaxContacts) {
      parsed.problems.push_back(
          {ct.line, "more than " + std::to_string(kMaxContacts) + " invitations for one questionnaire"});
      continue;
    }
    storage::Invitation inv;
    inv.id = c.app.random().Token(16, "abcdefghijkmnpqrstuvwxyz23456789");
    inv.form_id = f->id;
    inv.name = ct.name;
    inv.email = ct.email;
    inv.group = ct.group;
    inv.country = ct.country;
    inv.created_at = now;
    add.push_back(std::move(inv));
  }
  std::sort(parsed.problems.begin(), parsed.problems.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  if (!add.empty()) {
    if (Status st = c.app.store().AddInvitations(add); !st.ok())
      return FormPage(c, "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(st.error().message) + "</p></div>\n",
                      503);
  }
  c.Audit("invitations-import", f->id,
          std::to_string(add.size()) + " added, " + std::to_string(parsed.problems.size()) + " lines refused");
  std::string top = "<p class=\"notice\" role=\"status\">Imported " + std::to_string(add.size()) + " contacts.</p>\n";
  if (!parsed.problems.empty()) {
    top += "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">" +
           std::to_string(parsed.problems.size()) + " lines were left out</h2><ul class=\"problems\">";
    for (const auto& p : parsed.problems) top += "<li>Line " + std::to_string(p.line) + ": " + Esc(p.message) + "</li>";
    top += "</ul></div>\n";
  }
  return FormPage(c, top, parsed.problems.empty() ? 200 : 422);
}

Response LinksCsv(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  std::string out = "name,email,group,country,link,status\r\n";
  for (const auto& inv : c.app.store().ListInvitations(f->id)) {
    std::string line;
    exporter::AppendCsvField(line, inv.name, true);
    for (const std::string& v : {inv.email, inv.group, inv.country, LinkOf(c, inv), StatusOf(inv)}) {
      line += ',';
      exporter::AppendCsvField(line, v, true);
    }
    out += line + "\r\n";
  }
  c.Audit("invitations-export", f->id);
  Response r = Response::Text(200, std::move(out));
  r.content_type = "text/csv; charset=utf-8";
  r.Header("Content-Disposition", "attachment; filename=\"" + f->id + "-invitations.csv\"");
  return NoStore(std::move(r));
}

}  // namespace

void AddInvitationRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/invitations", Role::kAnalyst, [](Ctx& c) { return IndexPage(c); });
  Get(app, r, "/admin/invitations/{id}", Role::kAnalyst, [](Ctx& c) { return FormPage(c, ""); });
  Post(
      app, r, "/admin/invitations/{id}/import", Role::kViewer, [](Ctx& c) { return Import(c); }, /*multipart=*/true);
  Get(app, r, "/admin/invitations/{id}/links.csv", Role::kAnalyst, [](Ctx& c) { return LinksCsv(c); });
}

}  // namespace mcs::web::admin
