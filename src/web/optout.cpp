// Opting out of the study's e-mail (issue 22, RFC 8058). The link in every message (and its
// List-Unsubscribe header) is /optout/INV.LANG.MAC, signed like an invitation link. GET shows a page
// with one button, in the contact's language: a mail scanner that follows links must not opt anyone
// out. POST (the button, or a mail client's one-click "List-Unsubscribe=One-Click" post, which can
// carry no CSRF token: the signature is the proof) puts the address on the blocklist.
#include <string>

#include "common/strings.h"
#include "http/http.h"
#include "storage/storage.h"
#include "web/app.h"
#include "web/campaigns.h"
#include "web/views.h"

namespace mcs::web {
namespace {

using http::Response;

struct Texts {
  const char* lang;
  const char* title;
  const char* ask;
  const char* button;
  const char* done_title;
  const char* done;
};

constexpr Texts kTexts[] = {
    {"en", "Stop e-mails about this survey", "Press the button and we will not e-mail you about this survey again.",
     "Stop the e-mails", "You will not get further e-mails",
     "Your address is on the survey's do-not-mail list. You can still answer through the link you have."},
    {"fr", "Ne plus recevoir de messages sur cette enquête",
     "Appuyez sur le bouton et nous ne vous écrirons plus au sujet de cette enquête.", "Ne plus recevoir de messages",
     "Vous ne recevrez plus de messages",
     "Votre adresse figure sur la liste des personnes à ne plus contacter. Vous pouvez toujours répondre avec le "
     "lien que vous avez."},
    {"de", "Keine E-Mails mehr zu dieser Umfrage",
     "Drücken Sie die Schaltfläche, und wir schreiben Ihnen zu dieser Umfrage nicht mehr.", "Keine E-Mails mehr",
     "Sie erhalten keine weiteren E-Mails",
     "Ihre Adresse steht auf der Sperrliste der Umfrage. Sie können weiterhin über Ihren Link antworten."},
};

const Texts& TextsFor(const std::string& lang) {
  for (const auto& t : kTexts)
    if (lang == t.lang) return t;
  return kTexts[0];
}

Response Invalid() {
  return Response::Html(404, MessagePage("Page not found", {"This link is not valid. Check that the whole link was copied."}));
}

Response Confirm(App& app, const http::Request& req, const http::Params& p) {
  std::string inv, lang;
  if (!VerifyOptOut(app.csrf_secret(), p.at("token"), inv, lang) || !app.store().FindInvitation(inv)) return Invalid();
  const Texts& t = TextsFor(lang);
  std::string action = "/optout/" + p.at("token");
  std::string button = "<form method=\"post\" action=\"" + HtmlEscape(action) +
                       "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                       "<button class=\"button\" type=\"submit\">" +
                       HtmlEscape(t.button) + "</button></form>";
  (void)req;
  Response r = Response::Html(200, MessagePage(t.title, {t.ask}, TextsFor(lang).lang, button));
  r.Header("Cache-Control", "no-store");
  return r;
}

Response OptOut(App& app, const http::Request& req, const http::Params& p) {
  (void)req;
  std::string inv, lang;
  if (!VerifyOptOut(app.csrf_secret(), p.at("token"), inv, lang)) return Invalid();
  auto rec = app.store().FindInvitation(inv);
  if (!rec) return Invalid();
  TimeMs now = app.clock().Now();
  if (Status st = app.store().BlockAddress(rec->email, "opted-out", now); !st.ok()) {
    return Response::Text(503, "please try again in a moment\n");
  }
  storage::AuditEvent e;
  e.at = now;
  e.action = "mail-opt-out";
  e.target = rec->email;
  e.detail = "invitation " + inv + " (" + rec->form_id + ")";
  (void)app.store().AppendAudit(e);
  const Texts& t = TextsFor(lang);
  Response r = Response::Html(200, MessagePage(t.done_title, {t.done}, t.lang));
  r.Header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void AddOptOutRoutes(App& app, http::Router& r) {
  r.Add("GET", "/optout/{token}", [&app](const http::Request& req, const http::Params& p) { return Confirm(app, req, p); });
  r.Add("POST", "/optout/{token}", [&app](const http::Request& req, const http::Params& p) { return OptOut(app, req, p); });
}

}  // namespace mcs::web
