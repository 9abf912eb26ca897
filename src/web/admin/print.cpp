// The questionnaire on paper from the console (issue 23): for each form, a page of its languages,
// each as PDF (headless Chromium) or as a web page, of the newest version (a draft included: it is
// what reviewers and translators read before it goes live). Any team member may print.
#include "common/strings.h"
#include "web/admin/console.h"
#include "web/questionnaire_print.h"

namespace mcs::web::admin {
namespace {

using http::Response;

std::shared_ptr<const form::Form> FormOf(Ctx& c) { return c.app.forms().Latest(c.Param("id")); }

Response PrintPage(Ctx& c) {
  auto f = FormOf(c);
  if (!f) return NotFound(c);
  std::string body = "<p>The questionnaire <strong>" + Esc(f->title) + "</strong> (<code>" + Esc(f->id) +
                     "</code>, version " + Esc(f->version) +
                     ") on A4 paper: every question with its choices as boxes to tick, its hint, when to answer "
                     "it in words, and each repeat once.</p>\n<ul class=\"print-list\">\n";
  for (const auto& l : f->languages) {
    const std::string q = "?lang=" + UrlEncode(l.code);
    const std::string base = "/admin/forms/" + Esc(f->id) + "/print";
    body += "<li>";
    body += Esc(l.name.empty() ? l.code : l.name);
    body += ": <a class=\"button\" href=\"" + base + ".pdf" + Esc(q);
    body += "\">PDF</a> <a href=\"" + base + ".html" + Esc(q);
    body += "\">web page</a></li>\n";
  }
  body += "</ul>\n";
  return Page(c, 200, "Print " + f->title, body);
}

Response PrintFile(Ctx& c, bool pdf) {
  auto f = FormOf(c);
  if (!f) return NotFound(c);
  PrintRequest pr;
  pr.lang = c.Field("lang");
  if (!pr.lang.empty() && !f->HasLanguage(pr.lang)) return Page(c, 400, "Print", "<p>The form has no such language.</p>");
  const std::string name = f->id + "-" + f->version + (pr.lang.empty() ? "" : "-" + pr.lang);
  if (pdf) {
    auto bytes = QuestionnairePdf(*f, pr);
    if (!bytes.ok())
      return Page(c, 503, "Print",
                  "<p>No PDF: " + Esc(bytes.error().message) + ". The <a href=\"/admin/forms/" + Esc(f->id) +
                      "/print.html?lang=" + Esc(UrlEncode(pr.lang)) +
                      "\">web page</a> prints to PDF from the browser.</p>");
    Response r;
    r.content_type = "application/pdf";
    r.body = std::move(bytes).value();
    r.Header("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
    return NoStore(std::move(r));
  }
  Response r = Response::Html(200, QuestionnaireHtml(*f, pr));
  r.Header("Content-Security-Policy", "default-src 'none'; style-src " + PrintCssHash() +
                                          "; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
  return NoStore(std::move(r));
}

}  // namespace

void AddPrintRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/forms/{id}/print", Role::kViewer, [](Ctx& c) { return PrintPage(c); });
  Get(app, r, "/admin/forms/{id}/print.pdf", Role::kViewer, [](Ctx& c) { return PrintFile(c, true); });
  Get(app, r, "/admin/forms/{id}/print.html", Role::kViewer, [](Ctx& c) { return PrintFile(c, false); });
}

}  // namespace mcs::web::admin
