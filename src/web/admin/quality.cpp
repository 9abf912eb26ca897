// Data quality: flagged responses reviewed one by one, excluded or included with a note (logged).
// Exclusions apply to exports and analysis by default (the storage's ResponseFilter).
#include "web/admin/quality.h"

#include "common/strings.h"
#include "engine/answers_json.h"
#include "web/admin/console.h"
#include "web/admin/quality_flags.h"
#include "web/views.h"

namespace mcs::web::admin {

std::vector<storage::ResponseRecord> ScanQuality(App& app, const form::Form& f) {
  std::vector<storage::ResponseRecord> recs;
  storage::ResponseFilter filter;
  filter.complete_only = false;
  filter.include_excluded = true;
  (void)app.store().ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    recs.push_back(r);
    return true;
  });
  std::vector<FlagInput> in;
  in.reserve(recs.size());
  for (const auto& r : recs) {
    FlagInput x;
    x.complete = r.status == storage::ResponseStatus::kComplete;
    x.timed = r.channel == "web";
    x.started_at = r.started_at;
    x.submitted_at = r.submitted_at;
    x.updated_at = r.updated_at;
    if (auto a = engine::FromStoredJson(r.answers_json); a.ok()) x.answers = std::move(a).value();
    in.push_back(std::move(x));
  }
  FlagOptions opts;
  opts.now = app.clock().Now();
  auto flags = ComputeFlags(f, in, opts);
  for (std::size_t i = 0; i < recs.size(); ++i) {
    std::string joined = Join(flags[i], ",");
    if (joined != recs[i].flags) {
      recs[i].flags = joined;
      (void)app.store().SetResponseReview(recs[i].id, joined, recs[i].excluded, recs[i].review_note);
    }
  }
  return recs;
}

namespace {

using http::Response;

std::string ToUpper(std::string s) {
  for (char& ch : s) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  }
  return s;
}

std::string Tags(const std::string& flags) {
  std::string out;
  for (const auto& f : Split(flags, ',')) {
    if (!f.empty()) out += "<span class=\"tag tag--flag\">" + Esc(f) + "</span>";
  }
  return out.empty() ? "—" : out;
}

std::string Duration(const storage::ResponseRecord& r) {
  if (r.status != storage::ResponseStatus::kComplete || r.channel != "web") return "—";
  long long s = (r.submitted_at - r.started_at) / 1000;
  return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

Response Index(Ctx& c) {
  std::string body =
      "<table class=\"table\"><caption>Flagged responses per questionnaire</caption><thead><tr><th "
      "scope=\"col\">Form</th>"
      "<th scope=\"col\" class=\"num\">Responses</th><th scope=\"col\" class=\"num\">Flagged</th>"
      "<th scope=\"col\" class=\"num\">Excluded</th></tr></thead><tbody>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    auto recs = ScanQuality(c.app, *f);
    long flagged = 0, excluded = 0;
    for (const auto& r : recs) {
      flagged += !r.flags.empty();
      excluded += r.excluded;
    }
    body += "<tr><th scope=\"row\"><a href=\"/admin/quality/" + Esc(f->id) + "\">" + Esc(f->title) +
            "</a></th><td class=\"num\">" + std::to_string(recs.size()) + "</td><td class=\"num\">" +
            std::to_string(flagged) + "</td><td class=\"num\">" + std::to_string(excluded) + "</td></tr>\n";
  }
  body +=
      "</tbody></table>\n<h2>Find a response</h2>\n<form method=\"get\" action=\"/admin/responses\" class=\"stack\">"
      "<p><label class=\"label\" for=\"ref\">Reference (shown to the respondent on the thank-you page)</label>"
      "<input class=\"input input--short\" id=\"ref\" name=\"ref\" required></p><p><button class=\"button\" "
      "type=\"submit\">Show</button></p></form>\n";
  return Page(c, 200, "Data quality", body);
}

Response FormList(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  auto recs = ScanQuality(c.app, *f);
  std::string body =
      "<p>Flags: speeder (under a third of the median time), straightliner (one answer to a whole matrix), "
      "duplicate (the same answers as another response), honeypot (a hidden field filled: a bot), abandoned "
      "(partial, untouched for a day). Excluded responses stay stored but are left out of exports and analysis.</p>\n"
      "<table class=\"table\"><caption>Flagged or excluded responses</caption><thead><tr><th "
      "scope=\"col\">Response</th>"
      "<th scope=\"col\">Status</th><th scope=\"col\">Time taken</th><th scope=\"col\">Flags</th>"
      "<th scope=\"col\">Excluded</th></tr></thead><tbody>\n";
  int shown = 0;
  for (const auto& r : recs) {
    if (r.flags.empty() && !r.excluded) continue;
    ++shown;
    body += "<tr><th scope=\"row\"><a href=\"/admin/quality/" + Esc(f->id) + "/r/" + Esc(r.id) + "\">" + Esc(r.id) +
            "</a></th><td>" + Esc(storage::StatusName(r.status)) + "</td><td>" + Esc(Duration(r)) + "</td><td>" +
            Tags(r.flags) + "</td><td>" + (r.excluded ? "excluded" : "") + "</td></tr>\n";
  }
  if (shown == 0) body += "<tr><td colspan=\"5\">No response is flagged.</td></tr>\n";
  body += "</tbody></table>\n";
  return Page(c, 200, f->title + ": data quality", body);
}

Response Review(Ctx& c, const std::string& notice, const std::string& error, int status = 200) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  auto r = c.app.store().FindResponse(c.Param("rid"));
  if (!r || r->form_id != f->id || r->channel == "test") return NotFound(c);
  auto shown = c.app.forms().Version(r->form_id, r->form_version);
  if (!shown) shown = f;
  engine::Answers a;
  if (auto parsed = engine::FromStoredJson(r->answers_json); parsed.ok()) a = std::move(parsed).value();
  std::string base = "/admin/quality/" + f->id + "/r/" + r->id;
  std::string body;
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Esc(notice) + "</p>\n";
  if (!error.empty()) body += "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(error) + "</p></div>\n";
  body += "<ul class=\"stats\"><li>Status<strong>" + Esc(storage::StatusName(r->status)) +
          "</strong></li><li>Flags<strong>" + Tags(r->flags) + "</strong></li><li>Time taken<strong>" +
          Esc(Duration(*r)) + "</strong></li><li>Excluded<strong>" + (r->excluded ? "yes" : "no") +
          "</strong></li></ul>\n";
  if (!r->review_note.empty()) body += "<p>Note: " + Esc(r->review_note) + "</p>\n";
  body +=
      "<form method=\"post\" action=\"" + Esc(base) + "\" class=\"stack\">" + CsrfField(c) +
      "<p><label class=\"label\" for=\"note\">Reason (required to exclude)</label><textarea class=\"textarea\" "
      "id=\"note\" "
      "name=\"note\" maxlength=\"1000\">" +
      Esc(r->review_note) + "</textarea></p><p>" +
      (r->excluded ? "<button class=\"button\" type=\"submit\" name=\"action\" value=\"include\">Include again</button>"
                   : "<button class=\"button button--warning\" type=\"submit\" name=\"action\" "
                     "value=\"exclude\">Exclude</button>") +
      "</p></form>\n";
  // The next flagged response, to go through them one by one.
  auto recs = ScanQuality(c.app, *f);
  bool after = false;
  for (const auto& x : recs) {
    if (after && !x.flags.empty() && !x.excluded) {
      body += "<p><a href=\"/admin/quality/" + Esc(f->id) + "/r/" + Esc(x.id) + "\">Next flagged response</a></p>\n";
      break;
    }
    if (x.id == r->id) after = true;
  }
  body += "<h2>Answers</h2>\n<dl class=\"answers\">";
  for (const form::Node& n : shown->nodes) {
    if (!form::HoldsValue(n.type) || n.repeat != 0 || n.personal) continue;
    std::string label = n.label.Get(shown->lang(), "");
    body += "<dt>" + Esc(label.empty() ? n.name : label) + " <code>" + Esc(n.name) + "</code></dt><dd>" +
            Esc(DisplayAnswer(*shown, n, a.Get(*shown, n.name, -1), shown->lang())) + "</dd>";
  }
  body += "</dl>\n";
  if (c.Can(Role::kOwner)) {
    body += "<h2>Delete</h2>\n<p>On a respondent's request to erase their data. This cannot be undone.</p>\n" +
            PostButton(c, "/admin/responses/" + r->id + "/delete", "Delete this response for good", "", "",
                       "button button--warning");
  }
  c.Audit("response-view", r->id);
  return Page(c, status, "Response " + r->id, body);
}

Response ReviewPost(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  auto r = c.app.store().FindResponse(c.Param("rid"));
  if (!r || r->form_id != f->id || r->channel == "test") return NotFound(c);
  std::string action = c.Field("action");
  std::string note = std::string(Trim(c.Field("note")));
  if (action != "exclude" && action != "include") return Review(c, "", "Unknown action.", 400);
  if (action == "exclude" && note.empty()) return Review(c, "", "Give the reason for excluding this response.", 422);
  if (note.size() > 1000) return Review(c, "", "The reason is too long.", 422);
  bool exclude = action == "exclude";
  if (Status st = c.app.store().SetResponseReview(r->id, r->flags, exclude, note); !st.ok())
    return Review(c, "", st.error().message, 503);
  c.Audit(exclude ? "response-exclude" : "response-include", r->id, note);
  return Review(c, exclude ? "Excluded: left out of exports and analysis." : "Included again.", "");
}

}  // namespace

void AddQualityRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/quality", Role::kAnalyst, [](Ctx& c) { return Index(c); });
  // A single response by its reference (e.g. a respondent's erasure request quoting it).
  Get(app, r, "/admin/responses", Role::kAnalyst, [](Ctx& c) {
    std::string ref = ToUpper(std::string(Trim(c.Field("ref"))));
    auto rec = ref.empty() ? std::nullopt : c.app.store().FindResponse(ref);
    if (!rec || rec->channel == "test")
      return Page(c, 404, "Not found", "<p>No response has the reference " + Esc(ref) + ".</p>");
    return NoStore(Response::Redirect("/admin/quality/" + rec->form_id + "/r/" + rec->id));
  });
  Get(app, r, "/admin/quality/{id}", Role::kAnalyst, [](Ctx& c) { return FormList(c); });
  Get(app, r, "/admin/quality/{id}/r/{rid}", Role::kAnalyst, [](Ctx& c) { return Review(c, "", ""); });
  Post(app, r, "/admin/quality/{id}/r/{rid}", Role::kAnalyst, [](Ctx& c) { return ReviewPost(c); });
}

}  // namespace mcs::web::admin
