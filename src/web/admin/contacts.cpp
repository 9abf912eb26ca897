// The study's address book (issue 22): contacts kept across forms, imported from CSV or XLSX. A file
// is stored whole or not at all: one bad line refuses it, with every bad line listed, so a team never
// has to work out which half of a list went in.
#include "web/contacts.h"

#include <map>
#include <set>

#include "common/country.h"
#include "common/strings.h"
#include "http/multipart.h"
#include "web/admin/console.h"

namespace mcs::web::admin {
namespace {

using http::Response;

constexpr std::size_t kShown = 1000;
constexpr std::size_t kMaxUpload = 16 * 1024 * 1024;

std::string ListPage(Ctx& c) {
  auto list = c.app.store().ListContacts();
  std::string body =
      "<p>People the study can invite, kept across questionnaires. Import a CSV or Excel (.xlsx) file whose first "
      "line names the columns <code>e-mail</code> (required), <code>name</code>, <code>organisation</code>, "
      "<code>group</code>, <code>country</code> and <code>language</code>. A group is a questionnaire's id or one "
      "of its groups; a country is an ISO code (GR) or the country's name in an EU language (Greece, Grèce, "
      "Ελλάδα); a language is a code (fr). An address already in the book is updated. A file with a bad line is "
      "refused whole, with every bad line listed.</p>\n"
      "<h2>Import contacts</h2>\n<form method=\"post\" action=\"/admin/contacts/import\" "
      "enctype=\"multipart/form-data\" class=\"stack\">" +
      CsrfField(c) +
      "<p><label class=\"label\" for=\"file\">CSV or Excel file</label><br><input type=\"file\" id=\"file\" "
      "name=\"file\" accept=\".csv,.xlsx,text/csv\"></p><p><label class=\"label\" for=\"csv\">or paste the CSV "
      "here</label><textarea class=\"textarea\" id=\"csv\" name=\"csv\"></textarea></p>"
      "<p><button class=\"button\" type=\"submit\">Import</button></p></form>\n";
  std::map<std::pair<std::string, std::string>, long> cells;
  for (const auto& ct : list) ++cells[{ct.group, ct.country}];
  if (!cells.empty()) {
    body += "<div class=\"table-wrap\"><table class=\"table\" id=\"contact-cells\"><caption>Contacts by group and "
            "country</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Country</th>"
            "<th scope=\"col\" class=\"num\">Contacts</th></tr></thead><tbody>\n";
    for (const auto& [gc, n] : cells) {
      body += "<tr><td>" + Esc(gc.first.empty() ? "—" : gc.first) + "</td><td>" +
              Esc(gc.second.empty() ? "—" : CountryName(gc.second, "en") + " (" + gc.second + ")") +
              "</td><td class=\"num\">" + std::to_string(n) + "</td></tr>\n";
    }
    body += "</tbody></table></div>\n";
  }
  body += "<div class=\"table-wrap\"><table class=\"table\" id=\"contacts\"><caption>" + std::to_string(list.size()) +
          " contacts" + (list.size() > kShown ? ", the first " + std::to_string(kShown) + " shown" : "") +
          "</caption><thead><tr><th scope=\"col\">E-mail</th><th scope=\"col\">Name</th><th "
          "scope=\"col\">Organisation</th><th scope=\"col\">Group</th><th scope=\"col\">Country</th><th "
          "scope=\"col\">Language</th><th scope=\"col\">Mail</th></tr></thead><tbody>\n";
  // Bounced or opted out: never mailed again (issue 22); a bounce with its date and what the remote
  // server said (untrusted text, escaped).
  std::map<std::string, std::string> blocked;
  for (auto& [email, why] : c.app.store().ListBlocked()) blocked.emplace(email, why);
  std::map<std::string, storage::BounceRecord> last_bounce;  // newest first: the first one stays
  for (auto& b : c.app.store().ListBounces("")) last_bounce.emplace(b.email, b);
  for (std::size_t i = 0; i < list.size() && i < kShown; ++i) {
    const auto& ct = list[i];
    std::string mail;
    if (auto b = blocked.find(ct.email); b != blocked.end()) {
      if (b->second == "bounced") {
        mail = "<strong>bounced</strong>";
        if (auto lb = last_bounce.find(ct.email); lb != last_bounce.end()) {
          mail += " " + Esc(lb->second.status) + ", " + Esc(When(lb->second.at)) +
                  (lb->second.diagnostic.empty() ? "" : ": " + Esc(lb->second.diagnostic));
        }
      } else {
        mail = Esc(b->second == "opted-out" ? "opted out" : b->second);
      }
    } else if (auto lb = last_bounce.find(ct.email); lb != last_bounce.end()) {
      mail = "temporary bounce " + Esc(lb->second.status) + ", " + Esc(When(lb->second.at));
    }
    body += "<tr><td>" + Esc(ct.email) + "</td><td>" + Esc(ct.name) + "</td><td>" + Esc(ct.organisation) +
            "</td><td>" + Esc(ct.group) + "</td><td>" + Esc(ct.country) + "</td><td>" + Esc(ct.lang) +
            "</td><td>" + mail + "</td></tr>\n";
  }
  body += "</tbody></table></div>\n";
  return body;
}

Response Import(Ctx& c) {
  std::string token, text, file_name = "pasted.csv";
  std::string boundary = http::MultipartBoundary(c.req.Header("content-type"));
  if (!boundary.empty()) {
    auto parts = http::ParseMultipart(c.req.body, boundary);
    if (!parts.ok())
      return NoStore(Response::Text(400, "the upload is not a well-formed form post: " + parts.error().message + "\n"));
    if (const auto* p = http::FindPart(*parts, "_csrf")) token = p->data;
    if (const auto* p = http::FindPart(*parts, "file"); p && !p->data.empty()) {
      text = p->data;
      file_name = p->file_name;
    }
    if (const auto* p = http::FindPart(*parts, "csv"); p && text.empty()) text = p->data;
  } else {
    c.form = c.req.Form();
    token = http::First(c.form, "_csrf");
    text = http::First(c.form, "csv");
  }
  if (!CsrfValid(c, token)) {
    return NoStore(
        Response::Text(403, "the form's security token is missing or belongs to another session: reload the page\n"));
  }
  if (!c.Can(Role::kAnalyst)) return Forbidden(c);
  if (text.size() > kMaxUpload) return NoStore(Response::Text(413, "the file is larger than 16 MB\n"));
  ContactImport in = ReadContactFile(text, file_name, RulesOf(c.app.forms()), c.app.clock().Now());
  std::string top;
  int status = 200;
  if (!in.problems.empty()) {
    status = 422;
    top = "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">Nothing was imported: " +
          std::to_string(in.problems.size()) + (in.problems.size() == 1 ? " line needs" : " lines need") +
          " correcting</h2><ul class=\"problems\">";
    for (const auto& p : in.problems) top += "<li>Line " + std::to_string(p.line) + ": " + Esc(p.message) + "</li>";
    top += "</ul></div>\n";
    c.Audit("contacts-import-refused", "contacts", std::to_string(in.problems.size()) + " bad lines");
  } else {
    std::set<std::string> known;
    for (const auto& ct : c.app.store().ListContacts()) known.insert(ct.email);
    long fresh = 0;
    for (const auto& ct : in.contacts) fresh += !known.count(ct.email);
    if (Status st = c.app.store().UpsertContacts(in.contacts); !st.ok()) {
      return Page(c, 503, "Contacts",
                  "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(st.error().message) + "</p></div>\n" +
                      ListPage(c));
    }
    std::string summary = std::to_string(in.contacts.size()) + " contacts imported: " + std::to_string(fresh) +
                          " new, " + std::to_string(static_cast<long>(in.contacts.size()) - fresh) + " updated";
    if (in.merged) summary += ", " + std::to_string(in.merged) + " repeated addresses merged";
    c.Audit("contacts-import", "contacts", summary);
    top = "<p class=\"notice\" role=\"status\">" + Esc(summary) + ".</p>\n";
  }
  return Page(c, status, "Contacts", top + ListPage(c));
}

}  // namespace

void AddContactRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/contacts", Role::kAnalyst, [](Ctx& c) { return Page(c, 200, "Contacts", ListPage(c)); });
  Post(
      app, r, "/admin/contacts/import", Role::kViewer, [](Ctx& c) { return Import(c); }, /*multipart=*/true);
}

}  // namespace mcs::web::admin
