// The study's address book (issue 22): contacts kept across forms, imported from CSV or XLSX. A file
// is stored whole or not at all: one bad line refuses it, with every bad line listed, so a team never
// has to work out which half of a list went in.
#include "web/contacts.h"

#include <map>
#include <optional>
#include <set>

#include "common/country.h"
#include "common/strings.h"
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
  if (c.Can(Role::kOwner)) {
    // By address rather than a link per row: the table shows the first 1,000 of a book that may hold more.
    body += "<h2>Correct or delete a contact</h2>\n<form method=\"get\" action=\"/admin/contacts/edit\" "
            "class=\"stack\"><p><label class=\"label\" for=\"edit-email\">The contact's e-mail address</label><br>"
            "<input class=\"input\" type=\"email\" id=\"edit-email\" name=\"email\" autocomplete=\"off\"> "
            "<button class=\"button button--secondary\" type=\"submit\">Open</button></p></form>\n";
  }
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
  Uploaded upload;
  if (auto refused = ReadUpload(c, Role::kAnalyst, upload, "csv")) return std::move(*refused);
  const std::string& text = upload.text;
  const std::string file_name = upload.file_name.empty() ? "pasted.csv" : upload.file_name;
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


// The owner's correction of one contact (personal data: owner only, like the follow-up contacts).
// The fields take the import's checks (CheckContact); the address may change; every change and
// deletion is in the audit log with the fields it touched, not their values.
std::string EditForm(Ctx& c, const std::string& original, const ContactText& v) {
  ContactRules rules = RulesOf(c.app.forms());
  auto input = [&](const char* name, const char* label, const std::string& value, const char* type,
                   const char* autocomplete) {
    return std::string("<p><label class=\"label\" for=\"") + name + "\">" + label + "</label><br><input class=\"input\" "
           "type=\"" + type + "\" id=\"" + name + "\" name=\"" + name + "\" autocomplete=\"" + autocomplete +
           "\" value=\"" + EscAttr(value) + "\"></p>";
  };
  auto select = [&](const char* name, const char* label, const std::set<std::string>& options, const std::string& value) {
    std::string out = std::string("<p><label class=\"label\" for=\"") + name + "\">" + label +
                      "</label><br><select class=\"select\" id=\"" + name + "\" name=\"" + name +
                      "\"><option value=\"\">(none)</option>";
    bool found = value.empty();
    for (const auto& o : options) {
      found = found || o == value;
      out += "<option value=\"" + EscAttr(o) + "\"" + (o == value ? " selected" : "") + ">" + Esc(o) + "</option>";
    }
    // A value the lists do not have (a form since deleted) stays visible, so saving shows the problem.
    if (!found) out += "<option value=\"" + EscAttr(value) + "\" selected>" + Esc(value) + "</option>";
    return out + "</select></p>";
  };
  return "<form method=\"post\" action=\"/admin/contacts/edit\" class=\"stack\">" + CsrfField(c) +
         "<input type=\"hidden\" name=\"original\" value=\"" + EscAttr(original) + "\">" +
         input("email", "E-mail address", v.email, "email", "off") + input("name", "Name", v.name, "text", "off") +
         input("organisation", "Organisation", v.organisation, "text", "off") +
         select("group", "Group", rules.groups, v.group) +
         input("country", "Country (ISO code, or the name in an EU language)", v.country, "text", "off") +
         select("language", "Language", rules.languages, v.lang) +
         "<p><button class=\"button\" type=\"submit\">Save</button> <a href=\"/admin/contacts\">Back to the contacts</a>"
         "</p></form>\n<h2>Delete this contact</h2>\n<p>Removes the contact from the address book. Invitations "
         "already sent and their answers stay; a data subject's full erasure is <code>mcsurvey subject erase</code>.</p>" +
         PostButton(c, "/admin/contacts/delete", "Delete " + original, "email", original, "button button--warning");
}

std::optional<storage::ContactRecord> FindContact(Ctx& c, const std::string& email) {
  for (auto& ct : c.app.store().ListContacts())
    if (ct.email == email) return ct;
  return std::nullopt;
}

Response EditPage(Ctx& c) {
  std::string email(Trim(c.Field("email"))), stored;
  auto ct = FindContact(c, CheckEmail(email, stored).empty() ? stored : email);
  if (!ct) {
    return Page(c, 404, "Contacts",
                "<div class=\"error-summary\" role=\"alert\"><p>No contact in the address book has the address " +
                    Esc(email) + ".</p></div>\n" + ListPage(c));
  }
  return Page(c, 200, "Correct a contact",
              EditForm(c, ct->email, ContactText{ct->email, ct->name, ct->organisation, ct->group, ct->country, ct->lang}));
}

Response Edit(Ctx& c) {
  std::string original = c.Field("original");
  auto was = FindContact(c, original);
  if (!was) return NotFound(c);
  ContactText v{std::string(Trim(c.Field("email"))),   std::string(Trim(c.Field("name"))),
                std::string(Trim(c.Field("organisation"))), std::string(Trim(c.Field("group"))),
                std::string(Trim(c.Field("country"))),       std::string(Trim(c.Field("language")))};
  storage::ContactRecord ct;
  std::vector<std::string> why = CheckContact(v, RulesOf(c.app.forms()), ct);
  int status = 422;
  if (why.empty()) {
    ct.created_at = was->created_at;
    ct.updated_at = c.app.clock().Now();
    Status st = c.app.store().UpdateContact(original, ct);
    if (st.ok()) {
      std::vector<std::string> changed;
      if (ct.email != was->email) changed.push_back("e-mail (was " + was->email + ")");
      if (ct.name != was->name) changed.push_back("name");
      if (ct.organisation != was->organisation) changed.push_back("organisation");
      if (ct.group != was->group) changed.push_back("group");
      if (ct.country != was->country) changed.push_back("country");
      if (ct.lang != was->lang) changed.push_back("language");
      c.Audit("contact-edit", ct.email, changed.empty() ? "nothing changed" : "changed: " + Join(changed, ", "));
      return Page(c, 200, "Contacts",
                  "<p class=\"notice\" role=\"status\">The contact " + Esc(ct.email) + " is saved.</p>\n" + ListPage(c));
    }
    why.push_back(st.error().message);
    status = st.error().code == ErrorCode::kConflict ? 409 : 503;
  }
  std::string top = "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">Not saved</h2>"
                    "<ul class=\"problems\">";
  for (const auto& w : why) top += "<li>" + Esc(w) + "</li>";
  top += "</ul></div>\n";
  return Page(c, status, "Correct a contact", top + EditForm(c, original, v));
}

Response Delete(Ctx& c) {
  std::string email = c.Field("email");
  if (!FindContact(c, email)) return NotFound(c);
  if (Status st = c.app.store().DeleteContact(email); !st.ok()) {
    return Page(c, 503, "Contacts",
                "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(st.error().message) + "</p></div>\n" + ListPage(c));
  }
  c.Audit("contact-delete", email, "removed from the address book");
  return Page(c, 200, "Contacts",
              "<p class=\"notice\" role=\"status\">The contact " + Esc(email) + " is deleted.</p>\n" + ListPage(c));
}

}  // namespace

void AddContactRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/contacts", Role::kAnalyst, [](Ctx& c) { return Page(c, 200, "Contacts", ListPage(c)); });
  Post(
      app, r, "/admin/contacts/import", Role::kViewer, [](Ctx& c) { return Import(c); }, /*multipart=*/true);
  Get(app, r, "/admin/contacts/edit", Role::kOwner, [](Ctx& c) { return EditPage(c); });
  Post(app, r, "/admin/contacts/edit", Role::kOwner, [](Ctx& c) { return Edit(c); });
  Post(app, r, "/admin/contacts/delete", Role::kOwner, [](Ctx& c) { return Delete(c); });
}

}  // namespace mcs::web::admin
