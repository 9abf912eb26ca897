// Data quality: flagged responses reviewed one by one, excluded or included with a note (logged).
// Exclusions apply to exports and analysis by default (the storage's ResponseFilter).
#include "web/admin/quality.h"

#include <algorithm>
#include <chrono>

#include "common/strings.h"
#include "engine/answers_json.h"
#include "web/admin/console.h"
#include "web/admin/dashboard_summary.h"
#include "web/admin/quality_flags.h"
#include "web/views.h"

namespace mcs::web::admin {

QualitySummary ScanQuality(App& app, const form::Form& f) {
  QualitySummary out;
  FlagOptions opts;
  opts.now = app.clock().Now();
  out.computed_at = opts.now;
  FlagScanner scan(f, opts);
  engine::StoredAnswersView answers(f);
  std::vector<QualityRow> rows;  // every response, without its answers
  storage::ResponseFilter filter;
  filter.complete_only = false;
  filter.include_excluded = true;
  (void)app.store().ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    const bool complete = r.status == storage::ResponseStatus::kComplete;
    // Unreadable answers are judged as none.
    if (!answers.Parse(r.answers_json).ok()) (void)answers.Parse("");
    scan.Add(complete, r.channel == "web", r.started_at, r.submitted_at, r.updated_at, answers);
    if (!complete && opts.now - r.updated_at <= opts.abandoned_after) {
      TimeMs at = r.updated_at + opts.abandoned_after + 1;
      out.next_abandonment = out.next_abandonment ? std::min(out.next_abandonment, at) : at;
    }
    QualityRow q;
    q.id = r.id;
    q.status = r.status;
    q.web = r.channel == "web";
    q.started_at = r.started_at;
    q.submitted_at = r.submitted_at;
    q.order_at = r.submitted_at ? r.submitted_at : r.updated_at;
    q.flags = r.flags;
    q.excluded = r.excluded;
    rows.push_back(std::move(q));
    return true;
  });
  auto flags = scan.Finish();
  std::vector<std::pair<std::string, std::string>> changed;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string joined = Join(flags[i], ",");
    if (joined != rows[i].flags) {
      rows[i].flags = joined;
      changed.emplace_back(rows[i].id, std::move(joined));
    }
  }
  (void)app.store().SetResponseFlags(changed);
  out.total = static_cast<long>(rows.size());
  for (auto& q : rows) {
    out.flagged += !q.flags.empty();
    out.excluded += q.excluded;
    if (!q.flags.empty() || q.excluded) out.listed.push_back(std::move(q));
  }
  return out;
}

std::shared_ptr<const QualitySummary> QualityCache::Get(App& app, const form::Form& f) {
  std::string version = app.store().ResponsesVersion(f.id);
  std::lock_guard lock(mu_);
  Entry& e = entries_[f.id];
  const TimeMs now = app.clock().Now();
  if (e.summary && e.form_version == f.version &&
      (e.summary->next_abandonment == 0 || now < e.summary->next_abandonment) &&
      DashboardCache::Reusable(e.version, version, e.summary->computed_at, e.cost_ms, now))
    return e.summary;
  auto t0 = std::chrono::steady_clock::now();
  auto s = std::make_shared<QualitySummary>(ScanQuality(app, f));
  e.cost_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  e.form_version = f.version;
  // The flags just stored moved the version on: the summary already holds them, so it is keyed on
  // the version after its own writes (a response arriving in that instant waits for the next change).
  e.version = app.store().ResponsesVersion(f.id);
  e.summary = std::move(s);
  return e.summary;
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

std::string Duration(storage::ResponseStatus status, bool web, TimeMs started_at, TimeMs submitted_at) {
  if (status != storage::ResponseStatus::kComplete || !web) return "—";
  long long s = (submitted_at - started_at) / 1000;
  return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

Response Index(Ctx& c, QualityCache& cache) {
  std::string body =
      "<table class=\"table\"><caption>Flagged responses per questionnaire</caption><thead><tr><th "
      "scope=\"col\">Form</th>"
      "<th scope=\"col\" class=\"num\">Responses</th><th scope=\"col\" class=\"num\">Flagged</th>"
      "<th scope=\"col\" class=\"num\">Excluded</th></tr></thead><tbody>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    auto q = cache.Get(c.app, *f);
    body += "<tr><th scope=\"row\"><a href=\"/admin/quality/" + Esc(f->id) + "\">" + Esc(f->title) +
            "</a></th><td class=\"num\">" + std::to_string(q->total) + "</td><td class=\"num\">" +
            std::to_string(q->flagged) + "</td><td class=\"num\">" + std::to_string(q->excluded) + "</td></tr>\n";
  }
  body +=
      "</tbody></table>\n<h2>Find a response</h2>\n<form method=\"get\" action=\"/admin/responses\" class=\"stack\">"
      "<p><label class=\"label\" for=\"ref\">Reference (shown to the respondent on the thank-you page)</label>"
      "<input class=\"input input--short\" id=\"ref\" name=\"ref\" required></p><p><button class=\"button\" "
      "type=\"submit\">Show</button></p></form>\n";
  return Page(c, 200, "Data quality", body);
}

Response FormList(Ctx& c, QualityCache& cache) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  auto q = cache.Get(c.app, *f);
  std::string body =
      "<p>Flags: speeder (under a third of the median time), straightliner (one answer to a whole matrix), "
      "duplicate (the same answers as another response), honeypot (a hidden field filled: a bot), abandoned "
      "(partial, untouched for a day). Excluded responses stay stored but are left out of exports and analysis.</p>\n"
      "<table class=\"table\"><caption>Flagged or excluded responses</caption><thead><tr><th "
      "scope=\"col\">Response</th>"
      "<th scope=\"col\">Status</th><th scope=\"col\">Time taken</th><th scope=\"col\">Flags</th>"
      "<th scope=\"col\">Excluded</th></tr></thead><tbody>\n";
  if (q->computed_at < c.app.clock().Now() - 1000)
    body = "<p class=\"small\" id=\"as-of\">As of " + Esc(When(q->computed_at)) +
           ": while responses keep arriving, a large form is checked again at most every minute.</p>\n" + body;
  int shown = 0;
  for (const auto& r : q->listed) {
    ++shown;
    body += "<tr><th scope=\"row\"><a href=\"/admin/quality/" + Esc(f->id) + "/r/" + Esc(r.id) + "\">" + Esc(r.id) +
            "</a></th><td>" + Esc(storage::StatusName(r.status)) + "</td><td>" +
            Esc(Duration(r.status, r.web, r.started_at, r.submitted_at)) + "</td><td>" + Tags(r.flags) + "</td><td>" +
            (r.excluded ? "excluded" : "") + "</td></tr>\n";
  }
  if (shown == 0) body += "<tr><td colspan=\"5\">No response is flagged.</td></tr>\n";
  body += "</tbody></table>\n";
  return Page(c, 200, f->title + ": data quality", body);
}

// Every stored answer of a response, read through the decoder the exports and statistics use:
// each question's text and its answer (choices as labels) in `lang` (the form's default when it
// has no such language), and each repeat instance in turn.
std::string AnswersHtml(const form::Form& f, const storage::ResponseRecord& r, const std::string& want_lang) {
  const std::string lang = !want_lang.empty() && f.HasLanguage(want_lang) ? want_lang : f.lang();
  engine::StoredAnswersView view(f);
  std::string body = "<h2>Answers</h2>\n";
  if (Status st = view.Parse(r.answers_json); !st.ok()) {
    return body + "<p>The stored answers cannot be read: " + Esc(st.error().message) + "</p>\n";
  }
  if (f.languages.size() > 1) {
    body += "<p>Labels in:";
    for (const auto& l : f.languages) {
      body += l.code == lang ? " <strong>" + Esc(l.name) + "</strong>"
                             : " <a href=\"?lang=" + Esc(UrlEncode(l.code)) + "\">" + Esc(l.name) + "</a>";
    }
    body += "</p>\n";
  }
  auto item = [&](const form::Node& n, engine::ValuesView values) {
    auto v = values.Get(n.name);
    std::string label = n.label.Get(lang, f.lang());
    return "<dt>" + Esc(label.empty() ? n.name : label) + " <code>" + Esc(n.name) + "</code></dt><dd>" +
           Esc(v ? DisplayAnswer(f, n, std::string(*v), lang) : std::string()) + "</dd>";
  };
  body += "<dl class=\"answers\">";
  for (const form::Node& n : f.nodes) {
    if (!form::HoldsValue(n.type) || n.repeat != 0 || n.personal) continue;
    body += item(n, view.Main());
  }
  body += "</dl>\n";
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    const form::Node& rep = f.nodes[i];
    if (rep.type != form::Type::kRepeat) continue;
    std::string rlabel = rep.label.Get(lang, f.lang());
    std::size_t count = view.RepeatSize(rep.name);
    body += "<h3>" + Esc(rlabel.empty() ? rep.name : rlabel) + " <code>" + Esc(rep.name) + "</code>: " +
            std::to_string(count) + (count == 1 ? " instance" : " instances") + "</h3>\n";
    for (std::size_t k = 0; k < count; ++k) {
      body += "<h4>" + Esc(rep.name) + " " + std::to_string(k + 1) + "</h4>\n<dl class=\"answers\">";
      for (const form::Node& n : f.nodes) {
        if (!form::HoldsValue(n.type) || n.repeat != static_cast<int>(i) || n.personal) continue;
        body += item(n, view.RepeatInstance(rep.name, k));
      }
      body += "</dl>\n";
    }
  }
  return body;
}

Response Review(Ctx& c, QualityCache& cache, const std::string& notice, const std::string& error,
                int status = 200) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  auto r = c.app.store().FindResponse(c.Param("rid"));
  if (!r || r->form_id != f->id || r->channel == "test") return NotFound(c);
  auto shown = c.app.forms().Version(r->form_id, r->form_version);
  if (!shown) shown = f;
  std::string base = "/admin/quality/" + f->id + "/r/" + r->id;
  std::string body;
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Esc(notice) + "</p>\n";
  if (!error.empty()) body += "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(error) + "</p></div>\n";
  body += "<ul class=\"stats\"><li>Status<strong>" + Esc(storage::StatusName(r->status)) +
          "</strong></li><li>Flags<strong>" + Tags(r->flags) + "</strong></li><li>Time taken<strong>" +
          Esc(Duration(r->status, r->channel == "web", r->started_at, r->submitted_at)) +
          "</strong></li><li>Excluded<strong>" + (r->excluded ? "yes" : "no") +
          "</strong></li></ul>\n";
  if (!r->review_note.empty()) body += "<p>Note: " + Esc(r->review_note) + "</p>\n";
  body +=
      "<form method=\"post\" action=\"" + Esc(base) + "\" class=\"stack\">" + CsrfField(c) +
      "<p><label class=\"label\" for=\"note\">Reason (required to exclude)</label><textarea class=\"textarea\" "
      "id=\"note\" "
      "name=\"note\" maxlength=\"1000\">" +
      EscAttr(r->review_note) + "</textarea></p><p>" +
      (r->excluded ? "<button class=\"button\" type=\"submit\" name=\"action\" value=\"include\">Include again</button>"
                   : "<button class=\"button button--warning\" type=\"submit\" name=\"action\" "
                     "value=\"exclude\">Exclude</button>") +
      "</p></form>\n";
  // The next flagged response, to go through them one by one.
  auto q = cache.Get(c.app, *f);
  const std::pair<TimeMs, std::string> here{r->submitted_at ? r->submitted_at : r->updated_at, r->id};
  for (const auto& x : q->listed) {
    if (std::pair<TimeMs, std::string>{x.order_at, x.id} > here && !x.flags.empty() && !x.excluded) {
      body += "<p><a href=\"/admin/quality/" + Esc(f->id) + "/r/" + Esc(x.id) + "\">Next flagged response</a></p>\n";
      break;
    }
  }
  body += AnswersHtml(*shown, *r, c.Field("lang"));
  if (c.Can(Role::kOwner)) {
    body += "<h2>Delete</h2>\n<p>On a respondent's request to erase their data. This cannot be undone.</p>\n" +
            PostButton(c, "/admin/responses/" + r->id + "/delete", "Delete this response for good", "", "",
                       "button button--warning");
  }
  c.Audit("response-view", r->id);
  return Page(c, status, "Response " + r->id, body);
}

Response ReviewPost(Ctx& c, QualityCache& cache) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  auto r = c.app.store().FindResponse(c.Param("rid"));
  if (!r || r->form_id != f->id || r->channel == "test") return NotFound(c);
  std::string action = c.Field("action");
  std::string note = std::string(Trim(c.Field("note")));
  if (action != "exclude" && action != "include") return Review(c, cache, "", "Unknown action.", 400);
  if (action == "exclude" && note.empty()) return Review(c, cache, "", "Give the reason for excluding this response.", 422);
  if (note.size() > 1000) return Review(c, cache, "", "The reason is too long.", 422);
  bool exclude = action == "exclude";
  if (Status st = c.app.store().SetResponseReview(r->id, r->flags, exclude, note); !st.ok())
    return Review(c, cache, "", st.error().message, 503);
  c.Audit(exclude ? "response-exclude" : "response-include", r->id, note);
  return Review(c, cache, exclude ? "Excluded: left out of exports and analysis." : "Included again.", "");
}

}  // namespace

void AddQualityRoutes(App& app, http::Router& r) {
  auto cache = std::make_shared<QualityCache>();
  Get(app, r, "/admin/quality", Role::kAnalyst, [cache](Ctx& c) { return Index(c, *cache); });
  // A single response by its reference (e.g. a respondent's erasure request quoting it).
  Get(app, r, "/admin/responses", Role::kAnalyst, [](Ctx& c) {
    std::string ref = ToUpper(std::string(Trim(c.Field("ref"))));
    auto rec = ref.empty() ? std::nullopt : c.app.store().FindResponse(ref);
    if (!rec || rec->channel == "test")
      return Page(c, 404, "Not found", "<p>No response has the reference " + Esc(ref) + ".</p>");
    return NoStore(Response::Redirect("/admin/quality/" + rec->form_id + "/r/" + rec->id));
  });
  Get(app, r, "/admin/quality/{id}", Role::kAnalyst, [cache](Ctx& c) { return FormList(c, *cache); });
  Get(app, r, "/admin/quality/{id}/r/{rid}", Role::kAnalyst, [cache](Ctx& c) { return Review(c, *cache, "", ""); });
  Post(app, r, "/admin/quality/{id}/r/{rid}", Role::kAnalyst, [cache](Ctx& c) { return ReviewPost(c, *cache); });
}

}  // namespace mcs::web::admin
