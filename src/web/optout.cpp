// Opting out of the study's e-mail (issue 22, RFC 8058). The link in every message (and its
// List-Unsubscribe header) is /optout/INV.LANG.MAC, signed like an invitation link. GET shows a page
// with one button, in the contact's language: a mail scanner that follows links must not opt anyone
// out. POST (the button, or a mail client's one-click "List-Unsubscribe=One-Click" post, which can
// carry no CSRF token: the signature is the proof) puts the address on the blocklist.
#include <string>

#include "common/i18n.h"
#include "common/strings.h"
#include "common/unavailable_error.h"
#include "http/http.h"
#include "storage/storage.h"
#include "web/app.h"
#include "web/campaigns.h"
#include "web/request_lang.h"
#include "web/views.h"

namespace mcs::web {
namespace {

using http::Response;

// The texts are the interface's (common/i18n_page_tables.cpp): optout_title, optout_ask, ...
std::string T(const std::string& lang, const char* key) { return i18n::T(lang, key); }

// A link that does not verify names no language we can trust: the browser's.
Response Invalid(const http::Request& req) {
  std::string lang = RequestLang(req);
  return Response::Html(404, MessagePage(T(lang, "link_invalid_title"), {T(lang, "link_invalid_text")}, lang));
}

// The contact's language when the interface has it, else the browser's.
std::string Lang(const http::Request& req, const std::string& contact_lang) { return RequestLang(req, contact_lang); }

Response Confirm(App& app, const http::Request& req, const http::Params& p) {
  std::string inv, lang;
  if (!VerifyOptOut(app.csrf_secret(), p.at("token"), inv, lang) || !app.store().FindInvitation(inv)) return Invalid(req);
  lang = Lang(req, lang);
  std::string action = "/optout/" + p.at("token");
  std::string button = "<form method=\"post\" action=\"" + HtmlEscape(action) +
                       "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                       "<button class=\"button\" type=\"submit\">" +
                       HtmlEscape(T(lang, "optout_button")) + "</button></form>";
  Response r = Response::Html(200, MessagePage(T(lang, "optout_title"), {T(lang, "optout_ask")}, lang, button));
  r.Header("Cache-Control", "no-store");
  return r;
}

Response OptOut(App& app, const http::Request& req, const http::Params& p) {
  std::string inv, lang;
  if (!VerifyOptOut(app.csrf_secret(), p.at("token"), inv, lang)) return Invalid(req);
  auto rec = app.store().FindInvitation(inv);
  if (!rec) return Invalid(req);
  lang = Lang(req, lang);
  TimeMs now = app.clock().Now();
  if (Status st = app.store().BlockAddress(rec->email, "opted-out", now); !st.ok()) {
    return Response::Html(503, MessagePage(T(lang, "there_is_a_problem"), {T(lang, "optout_failed")}, lang));
  }
  storage::AuditEvent e;
  e.at = now;
  e.action = "mail-opt-out";
  e.target = rec->email;
  e.detail = "invitation " + inv + " (" + rec->form_id + ")";
  (void)app.store().AppendAudit(e);
  Response r = Response::Html(200, MessagePage(T(lang, "optout_done_title"), {T(lang, "optout_done_text")}, lang));
  r.Header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void AddOptOutRoutes(App& app, http::Router& r) {
  // A storage outage: the page in the request's language, not the server's English (i18n3).
  r.Add("GET", "/optout/{token}", [&app](const http::Request& req, const http::Params& p) {
    try {
      return Confirm(app, req, p);
    } catch (const UnavailableError&) {
      app.metrics().storage_failures++;
      return UnavailablePage(RequestLang(req));
    }
  });
  r.Add("POST", "/optout/{token}", [&app](const http::Request& req, const http::Params& p) { return OptOut(app, req, p); });
}

}  // namespace mcs::web
