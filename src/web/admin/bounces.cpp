// Bounces in the console (issue 22, owners): the bounce address messages leave with (VERP), the
// bounce mailbox read over IMAP (its password stored, never shown), a pass on demand, and the
// bounces recorded so far. Everything a bounce says is untrusted text and is escaped here.
#include <charconv>

#include "common/strings.h"
#include "mail/imap.h"
#include "mail/verp.h"
#include "web/admin/console.h"
#include "web/bounce_reader.h"

namespace mcs::web::admin {
namespace {

using http::Response;

constexpr std::size_t kShown = 200;

int ToInt(const std::string& v) {
  int out = -1;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size() ? out : -1;
}

std::string Alert(const std::string& why) {
  return "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(why) + "</p></div>\n";
}

std::string Notice(const std::string& what) { return "<p class=\"notice\" role=\"status\">" + Esc(what) + "</p>\n"; }

std::string BouncesPage(Ctx& c, const std::string& top) {
  storage::Storage& store = c.app.store();
  BounceSettings s = LoadBounceSettings(store);
  std::string sec;
  for (const char* v : {"imaps", "starttls", "none"}) {
    sec += "<option value=\"" + std::string(v) + "\"" + (s.imap.security == v ? " selected" : "") + ">" + v +
           "</option>";
  }
  std::string body = top;
  body +=
      "<p>When a bounce address is set, every invitation and reminder leaves with its own envelope sender, "
      "<code>bounces+TOKEN@your.domain</code>: the token names the message (it holds no personal data and cannot be "
      "guessed), so a delivery report names the contact even when the remote server rewrites the address. Every "
      "server reads the bounce mailbox over IMAP; a permanent failure (5.x.x) marks the contact bounced at once, and "
      "three temporary ones (4.x.x, e.g. a full mailbox) for three different messages do too. Bounced contacts are "
      "never mailed again and leave the response-rate base. Mail that is not a delivery report (auto-replies) stays "
      "in the mailbox for you to read.</p>\n"
      "<h2>Bounce address</h2>\n<form method=\"post\" action=\"/admin/bounces/address\" class=\"stack\">" +
      CsrfField(c) +
      InputField("bounce_address", "Bounce address", s.bounce_address, "email",
                 "A mailbox of your domain that receives bounces, e.g. bounces@survey.example.eu; empty for none (then "
                 "messages leave with the sender address).") +
      "<p><button class=\"button\" type=\"submit\">Save</button></p></form>\n"
      "<h2>Bounce mailbox (IMAP)</h2>\n<form method=\"post\" action=\"/admin/bounces/mailbox\" class=\"stack\">" +
      CsrfField(c) + InputField("host", "Host", s.imap.host) +
      InputField("port", "Port", std::to_string(s.imap.port), "number", "993 for IMAPS, 143 for STARTTLS.") +
      "<p><label class=\"label\" for=\"security\">Security</label><select class=\"select\" id=\"security\" "
      "name=\"security\">" +
      sec + "</select></p>" + InputField("user", "User name", s.imap.user) +
      InputField("password", "Password", "", "password",
                 s.imap.password.empty() ? "No password is stored." : "A password is stored: leave empty to keep it.") +
      InputField("mailbox", "Folder", s.imap.mailbox) +
      InputField("interval", "Read every (seconds)", std::to_string(s.interval_seconds), "number", "60 to 86400.") +
      "<p><button class=\"button\" type=\"submit\">Save</button></p></form>\n";
  body += "<h2>Read the mailbox now</h2>\n";
  std::string last = LastBouncePass(store);
  body += "<p id=\"last-pass\">" + (last.empty() ? std::string("Not read yet.") : "Last reading: " + Esc(last)) + "</p>\n";
  body += PostButton(c, "/admin/bounces/fetch", "Read the mailbox now");
  auto list = store.ListBounces("");
  body += "<div class=\"table-wrap\"><table class=\"table\" id=\"bounces\"><caption>" + std::to_string(list.size()) +
          " bounces" + (list.size() > kShown ? ", the newest " + std::to_string(kShown) + " shown" : "") +
          "</caption><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Address</th><th scope=\"col\">Kind</th>"
          "<th scope=\"col\">Status</th><th scope=\"col\">Remote server said</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < list.size() && i < kShown; ++i) {
    const auto& b = list[i];
    body += "<tr><td>" + Esc(When(b.at)) + "</td><td>" + Esc(b.email) + "</td><td>" +
            (b.kind == "hard" ? "permanent" : "temporary") + "</td><td>" + Esc(b.status) + "</td><td>" +
            Esc(b.diagnostic) + "</td></tr>\n";
  }
  body += "</tbody></table></div>\n";
  return body;
}

Response SaveAddress(Ctx& c) {
  std::string address = std::string(Trim(c.Field("bounce_address")));
  if (!address.empty()) {
    if (std::string why = mail::CheckBounceAddress(address); !why.empty())
      return Page(c, 422, "Bounces", BouncesPage(c, Alert(why)));
  }
  if (Status st = SaveBounceAddress(c.app.store(), address); !st.ok())
    return Page(c, 503, "Bounces", BouncesPage(c, Alert(st.error().message)));
  c.Audit("smtp-settings", "smtp", "bounce address " + (address.empty() ? "(none)" : address));
  return Page(c, 200, "Bounces", BouncesPage(c, Notice("The bounce address is saved.")));
}

Response SaveMailbox(Ctx& c) {
  BounceSettings s = LoadBounceSettings(c.app.store());
  s.imap.host = std::string(Trim(c.Field("host")));
  s.imap.port = ToInt(c.Field("port"));
  s.imap.security = c.Field("security");
  s.imap.user = std::string(Trim(c.Field("user")));
  s.imap.mailbox = std::string(Trim(c.Field("mailbox")));
  s.interval_seconds = ToInt(c.Field("interval"));
  std::string pw = c.Field("password");
  bool change_pw = !pw.empty();
  if (change_pw) s.imap.password = pw;
  std::string why = mail::CheckImapSettings(s.imap);
  if (why.empty()) why = CheckBounceInterval(s.interval_seconds);
  if (!why.empty()) return Page(c, 422, "Bounces", BouncesPage(c, Alert(why)));
  if (Status st = SaveBounceMailbox(c.app.store(), s.imap, s.interval_seconds, !change_pw); !st.ok())
    return Page(c, 503, "Bounces", BouncesPage(c, Alert(st.error().message)));
  c.Audit("bounce-settings", "bounce mailbox", DescribeBounceMailbox(s.imap, s.interval_seconds, change_pw));
  return Page(c, 200, "Bounces", BouncesPage(c, Notice("The bounce mailbox is saved.")));
}

Response FetchNow(Ctx& c) {
  BouncePass p = RunBouncePass(c.app.store(), c.app.csrf_secret(), c.app.clock().Now(), c.user.name);
  if (!p.error.empty()) return Page(c, 200, "Bounces", BouncesPage(c, Alert(p.Describe())));
  return Page(c, 200, "Bounces", BouncesPage(c, Notice(p.Describe() + ".")));
}

}  // namespace

void AddBounceRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/bounces", Role::kOwner, [](Ctx& c) { return Page(c, 200, "Bounces", BouncesPage(c, "")); });
  Post(app, r, "/admin/bounces/address", Role::kOwner, [](Ctx& c) { return SaveAddress(c); });
  Post(app, r, "/admin/bounces/mailbox", Role::kOwner, [](Ctx& c) { return SaveMailbox(c); });
  Post(app, r, "/admin/bounces/fetch", Role::kOwner, [](Ctx& c) { return FetchNow(c); });
}

}  // namespace mcs::web::admin
