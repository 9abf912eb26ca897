// E-mail in the console (issue 22): the SMTP relay (owners), the message templates per language with
// a preview (analysts), and a test message to yourself through the relay.
#include <algorithm>
#include <charconv>

#include "common/country.h"
#include "common/email_address.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "web/admin/console.h"
#include "web/form_registry.h"
#include "web/mail_settings.h"
#include "web/mailer.h"

namespace mcs::web::admin {
namespace {

using http::Response;

// Where links in messages point: the public address the team set, else this request's host.
std::string PublicUrl(const Ctx& c) {
  if (auto v = c.app.store().GetSetting("mail.public_url"); v && !v->empty()) return *v;
  std::string host(c.req.Header("host"));
  bool ok = !host.empty() && host.size() < 256 &&
            host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                std::string::npos;
  return ok ? (c.app.ViaTrustedTls(c.req) ? "https://" : "http://") + host : "";
}

// The closing date the messages name: the latest closing time of the published forms.
std::string ClosingDate(Ctx& c, const std::string& lang) {
  TimeMs closes = 0;
  for (const auto& f : c.app.forms().AllPublished()) {
    storage::FormWindow w;
    c.app.Window(f->id, &w);
    closes = std::max(closes, w.closes_at);
  }
  return closes ? FormatStudyTime(closes, lang) : "";
}

std::string SmtpPage(Ctx& c, const std::string& top) {
  mail::SmtpSettings s = LoadSmtp(c.app.store());
  bool has_password = !s.password.empty();
  std::string sec;
  for (const char* v : {"starttls", "smtps", "none"}) {
    sec += "<option value=\"" + std::string(v) + "\"" + (s.security == v ? " selected" : "") + ">" + v + "</option>";
  }
  std::string body = top;
  body +=
      "<p>Invitations and reminders go out through the study's SMTP relay. STARTTLS (usually port 587) or SMTPS "
      "(465) protect the password and the messages; <code>none</code> is allowed only for a relay on this machine. "
      "The password is stored for sending and never shown again: leave its box empty to keep it.</p>\n"
      "<h2>SMTP relay</h2>\n<form method=\"post\" action=\"/admin/mail/smtp\" class=\"stack\">" +
      CsrfField(c) + InputField("host", "Host", s.host) + InputField("port", "Port", std::to_string(s.port), "number") +
      "<p><label class=\"label\" for=\"security\">Security</label><select class=\"select\" id=\"security\" "
      "name=\"security\">" +
      sec + "</select></p>" + InputField("user", "User name", s.user) +
      InputField("password", "Password", "", "password",
                 has_password ? "A password is stored." : "No password is stored.") +
      "<p><input type=\"checkbox\" id=\"clear_password\" name=\"clear_password\" value=\"1\"> <label "
      "for=\"clear_password\">Remove the stored password</label></p>" +
      InputField("from", "Sender address", s.from_address) + InputField("from_name", "Sender name", s.from_name) +
      InputField("reply_to", "Reply-to address", s.reply_to, "email", "Where replies go (optional).") +
      InputField("per_minute", "Messages per minute", std::to_string(s.per_minute), "number", "0 for no limit.") +
      InputField(
          "public_url", "Public address of the survey", c.app.store().GetSetting("mail.public_url").value_or(""), "url",
          "The https address respondents open, e.g. https://survey.example.eu (links in messages start with it).") +
      "<p><button class=\"button\" type=\"submit\">Save</button></p></form>\n"
      "<h2>Send a test message</h2>\n<form method=\"post\" action=\"/admin/mail/test\" class=\"stack\">" +
      CsrfField(c) +
      InputField("to", "To", "", "email", "Your own address: the invitation template, with sample values.");
  body += "<p><label class=\"label\" for=\"lang\">Language</label><select class=\"select\" id=\"lang\" name=\"lang\">";
  for (std::string_view l : kEuLanguages) {
    body += "<option value=\"" + std::string(l) + "\"" + (l == "en" ? " selected" : "") + ">" + std::string(l) + "</option>";
  }
  body += "</select></p><p><button class=\"button\" type=\"submit\">Send the test</button></p></form>\n"
          "<p><a href=\"/admin/mail/templates\">Message templates</a></p>\n"
          "<p><a href=\"/admin/bounces\">Bounces: the bounce address (VERP) and the bounce mailbox</a></p>\n";
  return body;
}

Response SaveSmtpPost(Ctx& c) {
  mail::SmtpSettings s = LoadSmtp(c.app.store());
  s.host = std::string(Trim(c.Field("host")));
  int port = 0;
  std::string p = c.Field("port");
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  s.port = ec == std::errc() && ptr == p.data() + p.size() ? port : -1;
  s.security = c.Field("security");
  s.user = c.Field("user");
  std::string pw = c.Field("password");
  bool clear = c.Field("clear_password") == "1";
  bool change_pw = clear || !pw.empty();
  if (change_pw) s.password = clear ? "" : pw;
  s.from_address = std::string(Trim(c.Field("from")));
  s.from_name = c.Field("from_name");
  s.reply_to = std::string(Trim(c.Field("reply_to")));
  std::string rate = c.Field("per_minute");
  int per_minute = -1;
  auto [rptr, rec] = std::from_chars(rate.data(), rate.data() + rate.size(), per_minute);
  s.per_minute = rec == std::errc() && rptr == rate.data() + rate.size() ? per_minute : -1;
  std::string public_url = std::string(Trim(c.Field("public_url")));
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  std::string why = mail::CheckSettings(s);
  if (why.empty() && !public_url.empty() &&
      ((public_url.rfind("https://", 0) != 0 && public_url.rfind("http://", 0) != 0) ||
       public_url.find_first_of(" \t\r\n\"<>'") != std::string::npos))
    why = "the public address must start with https:// (or http://) and hold no spaces or quotes";
  if (!why.empty()) {
    return Page(c, 422, "E-mail",
                SmtpPage(c, "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(why) + "</p></div>\n"));
  }
  Status st = SaveSmtp(c.app.store(), s, !change_pw);
  if (st.ok()) st = c.app.store().PutSetting("mail.public_url", public_url);
  if (!st.ok()) {
    return Page(c, 503, "E-mail", SmtpPage(c, "<div class=\"error-summary\" role=\"alert\"><p>" +
                                                  Esc(st.error().message) + "</p></div>\n"));
  }
  c.Audit("smtp-settings", "smtp", DescribeSmtp(s, change_pw));
  return Page(c, 200, "E-mail", SmtpPage(c, "<p class=\"notice\" role=\"status\">The settings are saved.</p>\n"));
}

Response TestSend(Ctx& c) {
  std::string to = std::string(Trim(c.Field("to")));
  std::string lang = c.Field("lang");
  if (std::find(std::begin(kEuLanguages), std::end(kEuLanguages), lang) == std::end(kEuLanguages)) lang = "en";
  auto fail = [&](int status, const std::string& why) {
    return Page(c, status, "E-mail", SmtpPage(c, "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(why) + "</p></div>\n"));
  };
  if (!ValidEmail(to)) return fail(422, "'" + to + "' is not an e-mail address");
  mail::SmtpSettings s = LoadSmtp(c.app.store());
  if (std::string why = mail::CheckSettings(s); !why.empty()) return fail(422, "Set up the relay first: " + why);
  Outgoing o;
  o.to_name = c.user.name;
  o.to_address = to;
  o.lang = lang;
  std::string base = PublicUrl(c);
  auto forms = c.app.forms().AllPublished();
  o.values["link"] = base + "/s/" + (forms.empty() ? std::string("example") : forms.front()->id);
  o.values["optout_link"] = base + "/admin/mail";
  o.values["closing_date"] = ClosingDate(c, lang);
  std::string bytes = Compose(s, LoadTemplate(c.app.store(), "invitation", lang), o, c.app.clock().Now(), c.app.random());
  mail::SendResult r = mail::Send(s, s.from_address, to, bytes);
  c.Audit("mail-test", to, r.kind == mail::SendResult::kSent ? "sent" : "not sent: " + r.message);
  if (r.kind != mail::SendResult::kSent)
    return fail(502, "The relay did not take the message (" + std::to_string(r.code) + "): " + r.message);
  return Page(c, 200, "E-mail",
              SmtpPage(c, "<p class=\"notice\" role=\"status\">A test message went to " + Esc(to) + ".</p>\n"));
}

bool ValidLang(const std::string& l) {
  return std::find(std::begin(kEuLanguages), std::end(kEuLanguages), l) != std::end(kEuLanguages);
}

Response TemplatesIndex(Ctx& c) {
  std::string body =
      "<p>The invitation and the reminder, per language: a contact gets the one in their language (English when "
      "there is none). Placeholders: <code>{name}</code>, <code>{link}</code> (the personal link), "
      "<code>{closing_date}</code>, <code>{optout_link}</code>.</p>\n<div class=\"table-wrap\"><table "
      "class=\"table\"><caption>Templates</caption><thead><tr><th scope=\"col\">Language</th><th "
      "scope=\"col\">Invitation</th><th scope=\"col\">Reminder</th></tr></thead><tbody>\n";
  auto defaults = mail::DefaultLanguages();
  for (std::string_view lv : kEuLanguages) {
    std::string l(lv);
    body += "<tr><th scope=\"row\">" + Esc(l) + "</th>";
    for (const char* kind : {"invitation", "reminder"}) {
      std::string state = HasOwnTemplate(c.app.store(), kind, l)           ? "the team's"
                          : std::count(defaults.begin(), defaults.end(), l) ? "built-in"
                                                                             : "English built-in";
      body += "<td><a href=\"/admin/mail/templates/" + std::string(kind) + "/" + Esc(l) + "\">" + Esc(state) + "</a></td>";
    }
    body += "</tr>\n";
  }
  body += "</tbody></table></div>\n";
  return Page(c, 200, "Message templates", body);
}

Response TemplatePage(Ctx& c, const mail::Template& t, const std::string& top, int status) {
  std::string kind = c.Param("kind"), lang = c.Param("lang");
  std::string action = "/admin/mail/templates/" + kind + "/" + lang;
  std::string body = top;
  body +=
      "<form method=\"post\" action=\"" + EscAttr(action) + "\" class=\"stack\">" + CsrfField(c) +
      InputField("subject", "Subject", t.subject) +
      "<p><label class=\"label\" for=\"body\">Message</label><textarea class=\"textarea\" id=\"body\" name=\"body\" "
      "rows=\"16\">" +
      EscAttr(t.body) +  // not Esc: its [U+200F] marks would come back as text in the template
      "</textarea></p><p><button class=\"button\" type=\"submit\" name=\"action\" value=\"save\">Save</button> "
      "<button class=\"button button--secondary\" type=\"submit\" name=\"action\" value=\"preview\">Preview</button>"
      "</p></form>\n";
  Outgoing o;
  o.values["name"] = "Maria Papadopoulou";
  std::string base = PublicUrl(c);
  o.values["link"] = base + "/s/authorities?inv=EXAMPLE";
  o.values["optout_link"] = base + "/optout/EXAMPLE";
  o.values["closing_date"] = ClosingDate(c, lang);
  mail::Rendered r = mail::Render(t, o.values, lang);
  body += "<h2>Preview</h2>\n<p><strong>Subject:</strong> " + Esc(r.subject) +
          "</p>\n<h3>Text part</h3>\n<pre class=\"mail-preview\" id=\"preview-text\">" + Esc(r.text) +
          "</pre>\n<h3>HTML part</h3>\n<div class=\"mail-preview\" id=\"preview-html\">";
  // The HTML part's body: built by mail::Render, which escapes the template and every value.
  auto b = r.html.find("<body>\n"), e = r.html.rfind("</body>");
  if (b != std::string::npos && e != std::string::npos) body += r.html.substr(b + 7, e - b - 7);
  body += "</div>\n";
  return Page(c, status, "Template: " + kind + " (" + lang + ")", body);
}

Response TemplateGet(Ctx& c) {
  std::string kind = c.Param("kind"), lang = c.Param("lang");
  if (!mail::ValidKind(kind) || !ValidLang(lang)) return NotFound(c);
  return TemplatePage(c, LoadTemplate(c.app.store(), kind, lang), "", 200);
}

Response TemplatePost(Ctx& c) {
  std::string kind = c.Param("kind"), lang = c.Param("lang");
  if (!mail::ValidKind(kind) || !ValidLang(lang)) return NotFound(c);
  mail::Template t{std::string(Trim(c.Field("subject"))), c.Field("body")};
  std::string norm;  // browsers post CRLF line ends
  for (char ch : t.body)
    if (ch != '\r') norm += ch;
  t.body = norm;
  if (std::string why = mail::CheckTemplate(t); !why.empty()) {
    return TemplatePage(c, t, "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(why) + "</p></div>\n", 422);
  }
  if (c.Field("action") != "save") return TemplatePage(c, t, "", 200);
  if (Status st = SaveTemplate(c.app.store(), kind, lang, t); !st.ok()) {
    return TemplatePage(c, t, "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(st.error().message) + "</p></div>\n", 503);
  }
  c.Audit("mail-template", kind + "/" + lang);
  return TemplatePage(c, t, "<p class=\"notice\" role=\"status\">The template is saved.</p>\n", 200);
}

}  // namespace

void AddMailRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/mail", Role::kOwner, [](Ctx& c) { return Page(c, 200, "E-mail", SmtpPage(c, "")); });
  Post(app, r, "/admin/mail/smtp", Role::kOwner, [](Ctx& c) { return SaveSmtpPost(c); });
  Post(app, r, "/admin/mail/test", Role::kOwner, [](Ctx& c) { return TestSend(c); });
  Get(app, r, "/admin/mail/templates", Role::kAnalyst, [](Ctx& c) { return TemplatesIndex(c); });
  Get(app, r, "/admin/mail/templates/{kind}/{lang}", Role::kAnalyst, [](Ctx& c) { return TemplateGet(c); });
  Post(app, r, "/admin/mail/templates/{kind}/{lang}", Role::kAnalyst, [](Ctx& c) { return TemplatePost(c); });
}

}  // namespace mcs::web::admin
