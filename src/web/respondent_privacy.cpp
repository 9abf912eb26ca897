// A respondent's own erasure (issue 25): with their resume link they can delete the response they
// have not sent yet. GET shows a confirmation page; its form posts back with the page's CSRF token
// (the same double-submit cookie as the questionnaire pages). A sent response is the team's to erase.
#include <algorithm>

#include "common/crypto.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "common/unavailable_error.h"
#include "privacy/acknowledgement.h"
#include "privacy/privacy.h"
#include "web/app.h"
#include "web/request_lang.h"
#include "web/views.h"

namespace mcs::web {
namespace {

using http::Request;
using http::Response;

constexpr const char* kCsrfCookie = "mcs_csrf";

Response Private(Response r) {
  r.Header("Cache-Control", "no-store");
  r.Header("Referrer-Policy", "no-referrer");
  return r;
}

std::optional<storage::ResponseRecord> OwnResponse(App& app, const http::Params& p) {
  const std::string& token = p.at("token");
  if (token.size() < 16 || token.size() > 64) return std::nullopt;
  auto rec = app.store().FindByResumeHash(Sha256Hex(token));
  if (!rec || rec->form_id != p.at("form_id")) return std::nullopt;
  return rec;
}

// The home page link, in `lang`.
std::string HomeLink(const std::string& lang) {
  return "<p class=\"link-block\"><a href=\"/?lang=" + HtmlEscape(lang) + "\">" + HtmlEscape(i18n::T(lang, "back_home")) +
         "</a></p>\n";
}

// The response's language; the request's when it has none (or the link led to none).
std::string LangOf(const Request& req, const storage::ResponseRecord* rec) {
  return RequestLang(req, rec ? rec->lang : "");
}

Response Gone(const std::string& lang) {
  return Private(Response::Html(
      404, MessagePage(i18n::T(lang, "delete_gone_title"), {i18n::T(lang, "delete_gone_text")}, lang, HomeLink(lang))));
}

Response Sent(const std::string& lang) {
  return Private(Response::Html(
      409, MessagePage(i18n::T(lang, "delete_sent_title"), {i18n::T(lang, "delete_sent_text")}, lang)));
}

Response Confirm(App& app, const Request& req, const http::Params& p) {
  auto rec = OwnResponse(app, p);
  const std::string lang = LangOf(req, rec ? &*rec : nullptr);
  if (!rec) return Gone(lang);
  const std::string back = "/s/" + rec->form_id + "/r/" + p.at("token");
  if (rec->status == storage::ResponseStatus::kComplete) return Sent(lang);
  std::string cookie = req.Cookie(kCsrfCookie);
  const bool new_cookie =
      cookie.size() != 32 || cookie.find_first_not_of("0123456789abcdef") != std::string::npos;
  if (new_cookie) cookie = app.random().Hex(16);
  const std::string token = HmacSha256Hex(app.csrf_secret(), cookie);
  std::string form = "<form method=\"post\" action=\"" + HtmlEscape(back) +
                     "/delete\"><input type=\"hidden\" name=\"_mcs_csrf\" value=\"" + HtmlEscape(token) +
                     "\"><button class=\"button\" type=\"submit\">" + HtmlEscape(i18n::T(lang, "delete_button")) +
                     "</button></form>\n<p class=\"link-block\"><a href=\"" + HtmlEscape(back) + "\">" +
                     HtmlEscape(i18n::T(lang, "delete_go_back")) + "</a></p>\n";
  Response r = Response::Html(
      200, MessagePage(i18n::T(lang, "delete_title"), {i18n::T(lang, "delete_text")}, lang, form));
  if (new_cookie) {
    std::string c = std::string(kCsrfCookie) + "=" + cookie + "; Path=/; HttpOnly; SameSite=Lax";
    if (req.Header("x-forwarded-proto") == "https") c += "; Secure";
    r.Header("Set-Cookie", c);
  }
  return Private(std::move(r));
}

Response Delete(App& app, const Request& req, const http::Params& p) {
  http::FormData data = req.Form();
  std::string cookie = req.Cookie(kCsrfCookie);
  if (cookie.empty() ||
      !ConstantTimeEquals(http::First(data, "_mcs_csrf"), HmacSha256Hex(app.csrf_secret(), cookie))) {
    std::string lang = RequestLang(req);
    if (auto rec = OwnResponse(app, p)) lang = LangOf(req, &*rec);
    return Private(Response::Html(
        403, MessagePage(i18n::T(lang, "session_expired_title"), {i18n::T(lang, "session_expired_text")}, lang)));
  }
  auto rec = OwnResponse(app, p);
  const std::string lang = LangOf(req, rec ? &*rec : nullptr);
  if (!rec) return Gone(lang);
  if (Status st = privacy::DeleteOwnResponse(app.store(), *rec, app.clock().Now()); !st.ok()) {
    // A conflict: the response was sent meanwhile. Anything else: the storage failed, try again.
    if (st.error().code == ErrorCode::kConflict) return Sent(lang);
    return Private(Response::Html(
        503, MessagePage(i18n::T(lang, "there_is_a_problem"), {i18n::T(lang, "delete_failed_text")}, lang)));
  }
  return Private(Response::Html(
      200, MessagePage(i18n::T(lang, "delete_done_title"), {i18n::T(lang, "delete_done_text")}, lang, HomeLink(lang))));
}

// GET /privacy?lang=L: the study's privacy notice, then each open questionnaire's own, in the
// respondent's language where the team wrote one. Linked from the footer of every respondent page.
Response Notice(App& app, const Request& req) {
  const std::string lang = RequestLang(req);
  const std::string title = i18n::T(lang, "privacy_notice");
  std::string study = privacy::NoticeText(app.store(), "", lang, "en");
  std::vector<std::string> paras = privacy::NoticeParagraphs(study);
  std::string extra;
  for (const auto& f : app.forms().AllPublished()) {
    std::string own = privacy::NoticeText(app.store(), f->id, lang, f->lang());
    if (own.empty()) continue;
    extra += "<h2>" + HtmlEscape(f->Title(lang)) + "</h2>\n";
    for (const auto& p : privacy::NoticeParagraphs(own)) extra += "<p>" + HtmlEscape(p) + "</p>\n";
  }
  if (paras.empty() && extra.empty()) {
    // Nothing written by the team yet: what the software itself does, in plain words.
    paras = privacy::NoticeParagraphs(i18n::T(lang, "privacy_default"));
  }
  extra += "<p class=\"link-block\"><a href=\"/?lang=" + HtmlEscape(lang) + "\">" +
           HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n";
  return Private(Response::Html(200, MessagePage(title, paras, lang, extra)));
}

// A storage outage on a page that only reads: the respondent's language, not the server's English.
template <typename Page>
Response ReadingOrUnavailable(App& app, const Request& req, Page page) {
  try {
    return page();
  } catch (const UnavailableError&) {
    app.metrics().storage_failures++;
    return UnavailablePage(RequestLang(req));
  }
}

}  // namespace

void AddRespondentPrivacyRoutes(App& app, http::Router& r) {
  r.Add(
      "GET", "/privacy",
      [&app](const Request& req, const http::Params&) {
        return ReadingOrUnavailable(app, req, [&] { return Notice(app, req); });
      },
      http::Cost::kMayBlock);
  r.Add(
      "GET", "/s/{form_id}/r/{token}/delete",
      [&app](const Request& req, const http::Params& p) {
        return ReadingOrUnavailable(app, req, [&] { return Confirm(app, req, p); });
      },
      http::Cost::kMayBlock);
  r.Add("POST", "/s/{form_id}/r/{token}/delete",
        [&app](const Request& req, const http::Params& p) { return Delete(app, req, p); }, http::Cost::kMayBlock);
}

}  // namespace mcs::web
