// The public results page from the console (issue 23): which closed questions a form's public page
// shows, the smallest count shown, and publishing or withdrawing it. Analysts see the settings;
// only an owner changes them (a post with the session's CSRF token, audited).
#include <algorithm>
#include <charconv>

#include "common/strings.h"
#include "web/admin/console.h"
#include "web/public_results.h"

namespace mcs::web::admin {
namespace {

using http::Response;

Response ResultsPage(Ctx& c, const std::string& notice, const std::string& error, int status = 200) {
  auto f = c.app.forms().Published(c.Param("id"));
  if (!f) return NotFound(c);
  PublicResults p = ReadPublicResults(c.app.store(), f->id);
  std::string body;
  if (!error.empty())
    body += "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(error) + "</p></div>\n";
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Esc(notice) + "</p>\n";
  body += "<p>The public results page of <strong>" + Esc(f->title) + "</strong> is ";
  body += p.published ? "<strong>published</strong> at <a href=\"/results/" + Esc(f->id) + "\">/results/" + Esc(f->id) +
                            "</a> (since " + Esc(When(p.published_at)) + ")."
                      : "<strong>not published</strong>: /results/" + Esc(f->id) + " answers 404.";
  body += "</p>\n<p>It shows each question chosen below as a chart and a table of all completed responses, "
          "unweighted; a count under the threshold is suppressed, with the counts that would reveal it. Open "
          "answers and personal data are never on it.</p>\n";
  const bool owner = c.Can(Role::kOwner);
  if (owner) {
    body += "<form method=\"post\" action=\"/admin/forms/" + EscAttr(f->id) + "/results\">" + CsrfField(c);
  }
  body += "<fieldset class=\"fieldset\"><legend>Questions shown</legend>\n";
  int i = 0;
  for (const form::Node* n : PublishableQuestions(*f)) {
    const bool on = std::find(p.questions.begin(), p.questions.end(), n->name) != p.questions.end();
    const std::string id = "rq-" + std::to_string(i++);
    body += "<div class=\"checkbox\"><input type=\"checkbox\" name=\"questions\" id=\"" + id + "\" value=\"";
    body += EscAttr(n->name);
    body += std::string("\"") + (on ? " checked" : "") + (owner ? "" : " disabled") + "><label for=\"" + id + "\">";
    body += Esc(n->label.Get(f->lang(), f->lang()));
    body += " <code>" + Esc(n->name) + "</code></label></div>\n";
  }
  body += "</fieldset>\n<p><label for=\"rq-min\">Smallest count shown (at least " + std::to_string(kPublicMinCell) +
          ")</label> <input type=\"number\" id=\"rq-min\" name=\"min_cell\" min=\"" + std::to_string(kPublicMinCell) +
          "\" max=\"1000\" value=\"" + std::to_string(p.min_cell) + "\"" + (owner ? "" : " disabled") + "></p>\n";
  if (owner) {
    body += "<p><button class=\"button\" name=\"action\" value=\"publish\">" +
            std::string(p.published ? "Save and keep published" : "Publish") + "</button> ";
    body += "<button class=\"button button--secondary\" name=\"action\" value=\"save\">" +
            std::string(p.published ? "Withdraw (404 again)" : "Save without publishing") + "</button></p>\n</form>\n";
  }
  return Page(c, status, "Public results: " + f->title, body);
}

Response ResultsPost(Ctx& c) {
  auto f = c.app.forms().Published(c.Param("id"));
  if (!f) return NotFound(c);
  PublicResults p = ReadPublicResults(c.app.store(), f->id);
  p.questions.clear();
  for (const auto& [k, v] : c.form)
    if (k == "questions" && std::find(p.questions.begin(), p.questions.end(), v) == p.questions.end())
      p.questions.push_back(v);
  const std::string min = c.Field("min_cell");
  int m = 0;
  auto [ptr, ec] = std::from_chars(min.data(), min.data() + min.size(), m);
  if (ec != std::errc() || ptr != min.data() + min.size() || m < kPublicMinCell || m > 1000)
    return ResultsPage(c, "", "The smallest count shown is a whole number from " + std::to_string(kPublicMinCell) +
                                  " to 1000.", 422);
  p.min_cell = m;
  const bool publish = c.Field("action") == "publish";
  if (publish && !p.published) p.published_at = c.app.clock().Now();
  p.published = publish;
  p.by = c.user.name;
  if (Status st = WritePublicResults(c.app.store(), *f, p); !st.ok()) return ResultsPage(c, "", st.error().message, 422);
  c.Audit(publish ? "results-publish" : "results-withdraw", f->id,
          Join(p.questions, ",") + "; min cell " + std::to_string(p.min_cell));
  return ResultsPage(c, publish ? "Published: the page shows the questions chosen." : "Saved; the page is not published.",
                     "");
}

}  // namespace

void AddResultsRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/forms/{id}/results", Role::kAnalyst, [](Ctx& c) { return ResultsPage(c, "", ""); });
  Post(app, r, "/admin/forms/{id}/results", Role::kOwner, [](Ctx& c) { return ResultsPost(c); });
}

}  // namespace mcs::web::admin
