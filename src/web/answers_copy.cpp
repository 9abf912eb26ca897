#include "web/answers_copy.h"

#include "common/crypto.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/unavailable_error.h"
#include "engine/answers_json.h"
#include "web/app.h"
#include "web/request_lang.h"
#include "web/questionnaire_print.h"
#include "web/views.h"

namespace mcs::web {
namespace {

using http::Request;
using http::Response;

Response NoStoreCopy(Response r) {
  // The server adds Referrer-Policy: no-referrer to every response (the token is in the address).
  r.Header("Cache-Control", "no-store");
  return r;
}

Response NotFound(const Request& req) {
  const std::string lang = RequestLang(req);
  return NoStoreCopy(Response::Html(
      404, MessagePage(i18n::T(lang, "link_invalid_title"), {i18n::T(lang, "link_invalid_text")}, lang,
                       "<p class=\"link-block\"><a href=\"/\">" + HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n")));
}

// A plain-text 429/503 in the respondent's language (?lang=, the browser's), read before the response
// row, which the storage may not give now.
Response BusyText(const Request& req, int status, const char* key) {
  const std::string lang = RequestLang(req);
  Response r = Response::Text(status, i18n::T(lang, key) + "\n");
  r.Header("Content-Language", lang);
  return r;
}

Response Copy(App& app, const Request& req, const http::Params& params) {
  if (!app.copy_limiter().Allow(app.ClientOf(req), app.clock().Now())) {
    Response r = BusyText(req, 429, "busy_too_many");
    r.Header("Retry-After", std::to_string(app.copy_limiter().RetryAfterSeconds()));
    return NoStoreCopy(std::move(r));
  }
  const std::string& token = params.at("token");
  if (token.size() < 16 || token.size() > 64) return NotFound(req);
  auto rec = app.store().FindByResumeHash(Sha256Hex(token));
  // Only a response that was sent: the copy is of "the answers you sent".
  if (!rec || rec->form_id != params.at("form_id") || rec->status != storage::ResponseStatus::kComplete) return NotFound(req);
  auto f = app.forms().Version(rec->form_id, rec->form_version);
  if (!f) f = app.forms().Published(rec->form_id);
  if (!f) return NotFound(req);
  auto a = engine::FromStoredJson(rec->answers_json);
  if (!a.ok()) return NotFound(req);
  engine::Answers answers = std::move(a).value();
  if (!rec->personal_json.empty()) {
    if (auto p = engine::FromStoredJson(rec->personal_json); p.ok()) engine::MergePersonal(answers, *p);
  }
  PrintRequest pr;
  pr.lang = rec->lang;
  pr.answers = &answers;
  pr.reference = rec->id;
  pr.submitted = FormatStudyTime(rec->submitted_at, pr.lang.empty() ? f->lang() : pr.lang);
  const std::string name = f->id + "-" + rec->id;
  auto pdf = QuestionnairePdf(*f, pr);
  if (pdf.ok()) {
    Response r;
    r.status = 200;
    r.content_type = "application/pdf";
    r.body = std::move(pdf).value();
    r.Header("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
    return NoStoreCopy(std::move(r));
  }
  // No PDF on this server: the same copy as a page, which says so (the browser prints it to PDF).
  pr.notice = PrintWord(pr.lang.empty() ? f->lang() : pr.lang, "copy_no_pdf");
  Response r = Response::Html(200, QuestionnaireHtml(*f, pr));
  r.Header("Content-Security-Policy", "default-src 'none'; style-src " + PrintCssHash() +
                                          "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  r.Header("Content-Disposition", "inline; filename=\"" + name + ".html\"");
  return NoStoreCopy(std::move(r));
}

}  // namespace

std::string AnswersCopyLink(const form::Form& f, const std::string& token, const std::string& lang) {
  return "<p class=\"link-block\"><a href=\"/s/" + HtmlEscape(f.id) + "/r/" + HtmlEscape(token) +
         "/answers.pdf\" rel=\"noreferrer\">" + HtmlEscape(i18n::T(lang, "answers_copy_link")) + "</a></p>\n";
}

void AddAnswersCopyRoutes(App& app, http::Router& r) {
  r.Add(
      "GET", "/s/{form_id}/r/{token}/answers.pdf",
      [&app](const Request& req, const http::Params& p) {
        try {
          return Copy(app, req, p);
        } catch (const UnavailableError&) {
          app.metrics().storage_failures++;
          return NoStoreCopy(BusyText(req, 503, "busy_copy"));
        }
      },
      http::Cost::kMayBlock);
}

}  // namespace mcs::web
