#include "web/public_results.h"

#include <fmt/format.h>
#include <unicode/locid.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <mutex>
#include <optional>

#include "common/embedded.h"
#include "common/i18n.h"
#include "common/i18n_number.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/unavailable_error.h"
#include "report/chart.h"
#include "stats/linked.h"
#include "stats/merge.h"
#include "stats/stats.h"
#include "stats/suppress.h"
#include "web/app.h"
#include "web/questionnaire_print.h"
#include "web/rate_limiter.h"
#include "web/study_texts.h"
#include "web/views.h"

namespace mcs::web {
namespace {

using http::Request;
using http::Response;

std::string Key(const std::string& form_id) {
  return "public_results/" + form_id;
}

std::string Esc(std::string_view s) {
  return HtmlEscape(s);
}

// A table of one question: counts and percentages, a suppressed count marked "hidden" in the page's
// language (not "<5": a count hidden so that the total does not give a small one away holds 5 or
// more; the page's note says why counts are hidden).
void Table(std::string& out, const stats::FreqTable& t, const std::string& caption, const std::string& lang) {
  const std::string hidden = Esc(i18n::T(lang, "results_hidden"));
  auto th = [&](const char* key, const char* cls) {
    return std::string("<th scope=\"col\"") + cls + ">" + Esc(i18n::T(lang, key)) + "</th>";
  };
  // A table wider than the screen scrolls inside its box: the box takes the keyboard's focus (and
  // names itself) so that it can be scrolled without a mouse (WCAG 2.1.1; axe's scrollable-region-focusable).
  out += "<div class=\"results__table\" tabindex=\"0\" role=\"region\" aria-label=\"" + Esc(caption) +
         "\"><table>\n<caption>" + Esc(caption) + "</caption>\n<thead><tr>" + th("results_answer", "") +
         th("results_respondents", " class=\"num\"") + th("results_percent", " class=\"num\"") +
         th("results_interval", " class=\"num\"") + "</tr></thead>\n<tbody>\n";
  for (const auto& r : t.rows) {
    out += "<tr><th scope=\"row\">" + Esc(r.label) + "</th>";
    if (r.suppressed) {
      out += "<td class=\"num\">" + hidden + "</td><td class=\"num\">–</td><td class=\"num\">–</td></tr>\n";
    } else if (t.total_suppressed) {  // n / % would give the hidden base back
      out +=
          "<td class=\"num\">" + std::to_string(r.n) + "</td><td class=\"num\">–</td><td class=\"num\">–</td></tr>\n";
    } else {
      // Percentages and intervals as the page's language writes them ("58,3 %", "32,0–80,7").
      out += "<td class=\"num\">" + std::to_string(r.n) + "</td><td class=\"num\">" +
             Esc(i18n::FormatPercent(lang, r.pct, 1)) + "</td><td class=\"num\">" +
             Esc(i18n::FormatDecimal(lang, r.ci.lo, 1) + "–" + i18n::FormatDecimal(lang, r.ci.hi, 1)) + "</td></tr>\n";
    }
  }
  out += "</tbody>\n<tfoot><tr><th scope=\"row\">" + Esc(i18n::T(lang, "results_answered")) +
         "</th><td class=\"num\">" + (t.total_suppressed ? hidden : std::to_string(t.n)) +
         "</td><td></td><td></td></tr></tfoot>\n</table></div>\n";
}

// The merged categories in the page's language: "Question: “a” + “b” → “combined”" (the labels
// in that language, the symbols the same in every one).
std::vector<std::string> MergedInWords(const form::Form& f, const std::vector<stats::Merge>& merges,
                                       const std::string& lang) {
  std::vector<std::string> out;
  for (const auto& m : merges) {
    const form::Node* n = f.Find(m.question);
    if (!n || !n->choices) continue;
    std::string line = n->label.Get(lang, f.lang());
    if (line.empty()) line = n->name;
    line += ": ";
    for (std::size_t i = 0; i < m.choices.size(); ++i) {
      std::string l = m.choices[i];
      for (const auto& c : n->choices->choices)
        if (c.name == m.choices[i] && !c.label.empty()) l = c.label.Get(lang, f.lang());
      line += (i ? " + " : "") + ("\u201C" + l + "\u201D");
    }
    out.push_back(line + " \u2192 \u201C" + m.label + "\u201D");
  }
  return out;
}

struct Cached {
  std::string stamp;
  std::string html;
};

std::mutex& CacheMutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, Cached>& Cache() {
  static std::map<std::string, Cached> c;
  return c;
}

Response NotFound(const std::string& lang = "en") {
  Response r = Response::Html(
      404,
      MessagePage(i18n::T(lang, "page_not_found"), {i18n::T(lang, "link_invalid_text")}, lang,
                  "<p class=\"link-block\"><a href=\"/\">" + HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n"));
  r.Header("Cache-Control", "no-store");
  return r;
}

// A plain-text answer instead of the page (429 too many requests, 503 cannot be made now), in the
// page's language: a visitor of the French page reads French.
Response BusyText(int status, const std::string& lang, const char* key) {
  Response r = Response::Text(status, i18n::T(lang, key) + "\n");
  r.Header("Content-Language", lang);
  return r;
}

// The page's language: ?lang= when the form has it or the interface speaks it (one of the 24 EU
// languages: the page's own words in it, the form's labels in its default language), else the form's.
std::string LangOf(const form::Form& f, const Request& req) {
  std::string want = http::First(req.Query(), "lang");
  if (want.empty()) return f.lang();
  if (f.HasLanguage(want)) return want;
  const auto all = i18n::Languages();
  return std::find(all.begin(), all.end(), want) != all.end() ? want : f.lang();
}

// Fresh prints of the results PDF (a cache miss: the answers changed since the last print) per
// client address: three, then one every 20 seconds. Anyone may post a response and so make the next
// PDF a miss; without a limit one visitor alternating the two kept Chromium printing.
RateLimiter& PrintLimiter() {
  static RateLimiter limiter(1.0 / 20, 3.0);
  return limiter;
}

// Fresh pages likewise (a cache miss reads the published questions of every response: 4 ms at 2,000
// responses, linear in them): 30, then two a second per client address. A visitor meets a miss only
// when a response arrived since anyone last looked, so people never come near it.
RateLimiter& PageLimiter() {
  static RateLimiter limiter(2.0, 30.0);
  return limiter;
}

Response PdfResponse(const std::string& bytes, const std::string& form_id) {
  Response r;
  r.status = 200;
  r.content_type = "application/pdf";
  r.body = bytes;
  r.Header("Content-Disposition", "attachment; filename=\"results-" + form_id + ".pdf\"");
  r.Header("Cache-Control", "no-cache");
  return r;
}

// The public page of a form's results, or (`pdf`) the same as a printed A4 document: both 404 until
// the team publishes, both worked out once per change of the answers, the selection or the form.
Response FormPage(App& app, const Request& req, const std::string& form_id, bool pdf = false) {
  auto f = app.forms().Published(form_id);
  if (!f) return NotFound();
  PublicResults p = ReadPublicResults(app.store(), form_id);
  if (!p.published) return NotFound();
  const std::string lang = LangOf(*f, req);
  // Worked out once per change of the answers, the selection or the form: the page is the same for
  // everyone, so a crowd reading it costs one load of the responses.
  const std::string merges_text = app.store().GetSetting(stats::MergesKey(form_id)).value_or("");
  std::string stamp = app.store().ResponsesVersion(form_id) + "|" + app.store().GetSetting(Key(form_id)).value_or("") +
                      "|" + f->version + "|" + merges_text;
  std::string key = fmt::format("{}|{}|{}{}", static_cast<const void*>(&app), form_id, lang, pdf ? "|pdf" : "");
  auto cached = [&]() -> std::optional<Response> {
    std::lock_guard<std::mutex> lock(CacheMutex());
    auto it = Cache().find(key);
    if (it == Cache().end() || it->second.stamp != stamp) return std::nullopt;
    if (pdf) return PdfResponse(it->second.html, form_id);
    Response r = Response::Html(200, it->second.html);
    r.Header("Cache-Control", "no-cache");
    return r;
  };
  if (auto r = cached()) return *r;
  if (RateLimiter& limiter = pdf ? PrintLimiter() : PageLimiter();
      !limiter.Allow(app.ClientOf(req), app.clock().Now())) {
    // Printing is the dear part (a browser per print): a few fresh prints per visitor and minute.
    Response r = BusyText(429, lang, "busy_too_many");
    r.Header("Retry-After", std::to_string(limiter.RetryAfterSeconds()));
    r.Header("Cache-Control", "no-store");
    return r;
  }
  // One fresh page at a time (planning the suppression of every table is seconds of CPU on a
  // large form): visitors who missed together wait for the first, then find its page cached.
  static std::mutex building;
  std::unique_lock<std::mutex> one_at_a_time(building);
  if (auto r = cached()) return *r;
  // Every question, not only the published ones: the page hides what the report's plan hides
  // (stats::PlanForm over the same responses), or the two together would give hidden counts away.
  stats::LoadOptions lo;
  lo.lang = lang;
  auto ds = stats::Load(app.store(), *f, lo);
  if (!ds.ok()) throw UnavailableError(ds.error().message);
  // The team's merged categories (issue 23), applied before suppressing; ignored when they no
  // longer fit the form.
  std::vector<std::string> merged;
  if (auto m = stats::ParseMerges(merges_text); m.ok() && stats::CheckMerges(*f, *m).ok()) {
    stats::ApplyMerges(*ds, *m);
    merged = MergedInWords(*f, *m, lang);
  }
  std::vector<Link> langs;
  if (f->languages.size() > 1) {
    for (const auto& l : f->languages)
      langs.push_back(Link{"/results/" + f->id + "?lang=" + UrlEncode(l.code), l.code});
  }
  const std::string title = i18n::Format(lang, "results_title", {f->Title(lang)});
  const std::string content = PublicResultsHtml(*f, *ds, p, lang, merged);
  if (pdf) {
    // The same content as the page, as one self-contained document (its style inline), printed.
    const embedded::File* css = embedded::Find("mcsurvey.css");
    std::string doc =
        "<!DOCTYPE html>\n<html lang=\"" + Esc(lang) + "\"" +
        (icu::Locale(lang.c_str()).isRightToLeft() ? " dir=\"rtl\"" : "") +
        ">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Esc(title) + "</title>\n<style>" +
        (css ? std::string(css->data) : std::string()) +
        "\n@page { size: A4; margin: 18mm 16mm; }\n.results__pdf { display: none; }</style>\n</head>\n<body>\n" +
        "<main class=\"main\">" + content + "</main>\n</body>\n</html>\n";
    auto bytes = HtmlPdf(doc, lang);
    if (!bytes.ok()) {
      Response r = BusyText(503, lang, "busy_pdf");
      r.Header("Retry-After", "60");
      return r;
    }
    {
      std::lock_guard<std::mutex> lock(CacheMutex());
      Cache()[key] = Cached{stamp, *bytes};
    }
    return PdfResponse(*bytes, form_id);
  }
  std::string html = Layout(title, lang, f->Title(lang), content, langs);
  {
    std::lock_guard<std::mutex> lock(CacheMutex());
    Cache()[key] = Cached{stamp, html};
  }
  Response r = Response::Html(200, std::move(html));
  r.Header("Cache-Control", "no-cache");
  return r;
}

// The study-wide page: every questionnaire whose results are published, in the study's order, with
// the questions it shows (each a link into its page), in the language asked for (?lang=, one of the
// 24 EU languages; the forms' labels in it when they have it).
Response IndexPage(App& app, const Request& req) {
  std::string lang = http::First(req.Query(), "lang");
  const auto all = i18n::Languages();
  if (std::find(all.begin(), all.end(), lang) == all.end()) lang = "en";
  std::vector<std::shared_ptr<const form::Form>> ordered;
  const std::shared_ptr<const StudyTexts> study = app.Study();  // the study's groups first, in its order
  for (const std::string& group : study->groups)
    if (auto f = app.forms().Published(group)) ordered.push_back(f);
  for (const auto& f : app.forms().AllPublished())
    if (std::none_of(ordered.begin(), ordered.end(), [&](const auto& o) { return o->id == f->id; }))
      ordered.push_back(f);
  std::string items;
  for (const auto& f : ordered) {
    const PublicResults p = ReadPublicResults(app.store(), f->id);
    if (!p.published) continue;
    std::string name = study->Text(lang, "group_" + f->id);  // a study group's name, else the title
    if (name.empty()) name = f->Title(lang);
    const std::string page = "/results/" + f->id + (lang == f->lang() ? "" : "?lang=" + UrlEncode(lang));
    items += "<li class=\"results__form\"><h2><a href=\"" + Esc(page) + "\">" + Esc(name) + "</a></h2>\n";
    std::string qs;
    for (const auto& q : p.questions) {
      const form::Node* n = f->Find(q);
      if (!n) continue;
      std::string label = n->label.Get(lang, f->lang());
      if (label.empty()) label = n->name;
      qs += "<li><a href=\"" + Esc(page + "#q-" + q) + "\">" + Esc(label) + "</a></li>\n";
    }
    if (!qs.empty()) items += "<ul>\n" + qs + "</ul>\n";
    items += "</li>\n";
  }
  if (items.empty()) return NotFound(lang);
  const std::string title = i18n::T(lang, "results_index_title");
  std::string main = "<h1>" + Esc(title) + "</h1>\n<p>" + Esc(i18n::T(lang, "results_index_intro")) +
                     "</p>\n<ul class=\"results__list\">\n" + items + "</ul>\n";
  Response r = Response::Html(200, Layout(title, lang, study->Text(lang, "study_title"), main));
  r.Header("Cache-Control", "no-cache");
  return r;
}

// Bumped by every write of this process, so the landing page's links follow a publication at once.
std::atomic<std::uint64_t>& PublicationGeneration() {
  static std::atomic<std::uint64_t> g{0};
  return g;
}

}  // namespace

std::vector<std::string> PublishedResultsForms(App& app) {
  struct Seen {
    TimeMs at = 0;
    std::uint64_t generation = 0;
    std::vector<std::string> ids;
  };
  static std::mutex mu;
  static std::map<const App*, Seen> seen;
  const TimeMs now = app.clock().Now();
  const std::uint64_t gen = PublicationGeneration().load();
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = seen.find(&app);
    if (it != seen.end() && it->second.generation == gen && now >= it->second.at && now - it->second.at < 1000)
      return it->second.ids;
  }
  std::vector<std::string> ids;
  for (const auto& f : app.forms().AllPublished())
    if (ReadPublicResults(app.store(), f->id).published) ids.push_back(f->id);
  std::lock_guard<std::mutex> lock(mu);
  seen[&app] = Seen{now, gen, ids};
  return ids;
}

PublicResults ReadPublicResults(storage::Storage& store, const std::string& form_id) {
  PublicResults p;
  auto raw = store.GetSetting(Key(form_id));
  if (!raw || raw->empty()) return p;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*raw, ec);
  if (ec || !v.is_object()) return p;
  const auto& o = v.as_object();
  auto b = o.if_contains("published");
  p.published = b && b->is_bool() && b->as_bool();
  if (auto m = o.if_contains("min_cell"); m && m->is_int64()) p.min_cell = static_cast<int>(m->as_int64());
  // Whatever was stored, never under the study's rule.
  p.min_cell = std::max(p.min_cell, kPublicMinCell);
  if (auto q = o.if_contains("questions"); q && q->is_array()) {
    for (const auto& x : q->as_array())
      if (x.is_string()) p.questions.emplace_back(x.as_string());
  }
  if (auto t = o.if_contains("published_at"); t && t->is_int64()) p.published_at = t->as_int64();
  if (auto by = o.if_contains("by"); by && by->is_string()) p.by = std::string(by->as_string());
  return p;
}

std::optional<int> ReadReportMinCell(storage::Storage& store, const std::string& form_id) {
  auto raw = store.GetSetting("report_min_cell/" + form_id);
  if (!raw || raw->empty()) return std::nullopt;
  int v = 0;
  auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || ptr != raw->data() + raw->size() || v < 2) return std::nullopt;
  return v;
}

Status RecordReportMinCell(storage::Storage& store, const std::string& form_id, int min_cell) {
  if (min_cell < 2 || ReadReportMinCell(store, form_id) == min_cell) return Status::Ok();
  return store.PutSetting("report_min_cell/" + form_id, std::to_string(min_cell));
}

Result<int> ReportMinCell(storage::Storage& store, const std::string& form_id, int asked) {
  const PublicResults p = ReadPublicResults(store, form_id);
  if (asked == 0) return p.min_cell;
  if (asked >= 2 && p.published && asked != p.min_cell)
    return MakeError(ErrorCode::kInvalid,
                     "the public results page of " + form_id + " is published with the smallest cell " +
                         std::to_string(p.min_cell) + ": a report at " + std::to_string(asked) +
                         " beside it would let the two be differenced into hidden counts; use " +
                         std::to_string(p.min_cell) + " (the default), or withdraw the page first");
  return asked;
}

Status WritePublicResults(storage::Storage& store, const form::Form& f, const PublicResults& p) {
  if (p.min_cell < kPublicMinCell)
    return MakeError(ErrorCode::kInvalid, "the smallest cell published is at least " + std::to_string(kPublicMinCell));
  if (auto r = ReadReportMinCell(store, f.id); p.published && r && *r != p.min_cell)
    return MakeError(ErrorCode::kInvalid, "the last report of " + f.id + " hides cells under " + std::to_string(*r) +
                                              ": the public page must use the same smallest cell (published "
                                              "together, the two would give hidden counts away); publish it at " +
                                              std::to_string(*r) + ", or make the report again at " +
                                              std::to_string(p.min_cell) + " first");
  auto ok = PublishableQuestions(f);
  boost::json::array qs;
  for (const auto& q : p.questions) {
    bool found = std::any_of(ok.begin(), ok.end(), [&](const form::Node* n) { return n->name == q; });
    if (!found) return MakeError(ErrorCode::kInvalid, "'" + q + "' is not a closed question that can be published");
    qs.emplace_back(q);
  }
  boost::json::object o;
  o["published"] = p.published;
  o["min_cell"] = p.min_cell;
  o["questions"] = std::move(qs);
  o["published_at"] = p.published_at;
  o["by"] = p.by;
  Status st = store.PutSetting(Key(f.id), boost::json::serialize(o));
  ++PublicationGeneration();
  return st;
}

std::vector<const form::Node*> PublishableQuestions(const form::Form& f) {
  std::vector<const form::Node*> out;
  for (const auto& n : f.nodes) {
    if ((n.type == form::Type::kSelectOne || n.type == form::Type::kSelectMultiple) && !n.personal && n.repeat == 0)
      out.push_back(&n);
  }
  return out;
}

std::string PublicResultsHtml(const form::Form& f, const stats::Dataset& ds, const PublicResults& p,
                              const std::string& lang, const std::vector<std::string>& merged) {
  std::string out = "<div class=\"results\">\n<h1>" + Esc(i18n::Format(lang, "results_title", {f.Title(lang)})) +
                    "</h1>\n<p>" + Esc(i18n::Format(lang, "results_responses", {std::to_string(ds.rows())}));
  if (p.published_at)
    out += " " + Esc(i18n::Format(lang, "results_published_on", {FormatStudyTime(p.published_at, lang)}));
  out += " " + Esc(i18n::T(lang, "results_method")) + " " +
         Esc(i18n::Format(lang, "results_hidden_note", {std::to_string(p.min_cell), i18n::T(lang, "results_hidden")})) +
         "</p>\n";
  // Fewer completed responses than the threshold: every table's base would be hidden, yet the count
  // of responses above is that base for a question everyone answers, so a table with one chosen
  // answer would give it away (3 responses, "hidden" beside one choice and 0 beside the others).
  // No table then.
  const bool too_few = ds.rows() < static_cast<std::size_t>(p.min_cell);
  if (too_few)
    out += "<p class=\"results__too-few\">" + Esc(i18n::Format(lang, "results_too_few", {std::to_string(p.min_cell)})) +
           "</p>\n";
  if (!merged.empty()) {
    out += "<p class=\"results__merged\">" + Esc(i18n::T(lang, "results_merged")) + "</p>\n<ul>\n";
    for (const auto& m : merged) out += "<li>" + Esc(m) + "</li>\n";
    out += "</ul>\n";
  }
  out += "<p class=\"results__pdf link-block\"><a href=\"" +
         Esc("/results/" + f.id + "/results.pdf" + (lang == f.lang() ? "" : "?lang=" + UrlEncode(lang))) + "\">" +
         Esc(i18n::T(lang, "results_pdf")) + "</a></p>\n";
  auto allowed = PublishableQuestions(f);
  // Planned with every table on these responses (stats/linked.h): the page hides what the reports
  // hide, and the response count less a question's base (who did not answer) gives nothing away.
  std::unique_ptr<stats::FormPlan> plan;
  if (!too_few && !p.questions.empty()) plan = stats::PlanForm(ds, nullptr, p.min_cell, {});
  // A plan that cannot be proven (stats::PlanForm's last resort) publishes no table.
  const bool unproven = plan && !plan->proven;
  for (const auto& name : too_few || unproven ? std::vector<std::string>{} : p.questions) {
    const form::Node* n = f.Find(name);
    if (!n || std::find(allowed.begin(), allowed.end(), n) == allowed.end()) continue;
    const stats::Variable* v = ds.Find(name);
    if (!v) continue;
    const std::string label = n->label.Get(lang, f.lang());
    stats::FreqTable t;
    bool multiple = n->type == form::Type::kSelectMultiple;
    if (const stats::QuestionTables* planned = plan ? plan->Find(name) : nullptr) {
      if (planned->withheld) continue;  // no table of it can be published (every flag is set too)
      t = planned->freq;
    } else {
      t = multiple ? stats::MultipleResponse(ds, name) : stats::Frequencies(*v);
      stats::Suppress(t, p.min_cell);
    }
    out += "<section class=\"results__question\" id=\"q-" + Esc(name) + "\">\n<h2>" + Esc(label) + "</h2>\n";
    out += report::BarChart(t, label, p.min_cell, i18n::T(lang, "results_hidden"), lang);
    Table(out, t, i18n::T(lang, multiple ? "results_table_multi" : "results_table_one"), lang);
    out += "</section>\n";
  }
  out += "</div>\n";
  return out;
}

void AddPublicResultsRoutes(App& app, http::Router& r) {
  auto guard = [&app](auto fn) {
    return [&app, fn](const Request& req, const http::Params& p) -> Response {
      try {
        return fn(req, p);
      } catch (const UnavailableError&) {
        app.metrics().storage_failures++;
        // In the language the page would have had (the forms are in memory: no storage needed).
        std::string lang = http::First(req.Query(), "lang");
        if (auto id = p.find("form_id"); id != p.end()) {
          if (auto f = app.forms().Published(id->second)) lang = LangOf(*f, req);
        }
        const auto all = i18n::Languages();
        if (std::find(all.begin(), all.end(), lang) == all.end()) lang = "en";
        Response res = BusyText(503, lang, "busy_unavailable");
        res.Header("Retry-After", "60");
        return res;
      }
    };
  };
  r.Add("GET", "/results", guard([&app](const Request& req, const http::Params&) { return IndexPage(app, req); }),
        http::Cost::kMayBlock);
  r.Add("GET", "/results/{form_id}",
        guard([&app](const Request& req, const http::Params& p) { return FormPage(app, req, p.at("form_id")); }),
        http::Cost::kMayBlock);
  r.Add("GET", "/results/{form_id}/results.pdf",
        guard([&app](const Request& req, const http::Params& p) { return FormPage(app, req, p.at("form_id"), true); }),
        http::Cost::kMayBlock);
}

}  // namespace mcs::web
