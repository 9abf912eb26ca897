#include "web/public_results.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <mutex>

#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/unavailable_error.h"
#include "report/chart.h"
#include "stats/stats.h"
#include "stats/suppress.h"
#include "web/app.h"
#include "web/views.h"
#include "web/study_texts.h"

namespace mcs::web {
namespace {

using http::Request;
using http::Response;

std::string Key(const std::string& form_id) { return "public_results/" + form_id; }

std::string Esc(std::string_view s) { return HtmlEscape(s); }

std::string Pct(double p) { return fmt::format("{:.1f}%", p); }

// A table of one question: counts and percentages, a suppressed cell as "<min" (the reader sees why).
void Table(std::string& out, const stats::FreqTable& t, int min_cell, const std::string& caption) {
  const std::string hidden = "&lt;" + std::to_string(min_cell);
  out += "<div class=\"results__table\"><table>\n<caption>" + Esc(caption) +
         "</caption>\n<thead><tr><th scope=\"col\">Answer</th><th scope=\"col\" class=\"num\">Respondents</th>"
         "<th scope=\"col\" class=\"num\">Percent</th><th scope=\"col\" class=\"num\">95% interval</th></tr></thead>\n"
         "<tbody>\n";
  for (const auto& r : t.rows) {
    out += "<tr><th scope=\"row\">" + Esc(r.label) + "</th>";
    if (r.suppressed) {
      out += "<td class=\"num\">" + hidden + "</td><td class=\"num\">–</td><td class=\"num\">–</td></tr>\n";
    } else {
      out += "<td class=\"num\">" + std::to_string(r.n) + "</td><td class=\"num\">" + Pct(r.pct) +
             "</td><td class=\"num\">" + fmt::format("{:.1f}–{:.1f}", r.ci.lo, r.ci.hi) + "</td></tr>\n";
    }
  }
  out += "</tbody>\n<tfoot><tr><th scope=\"row\">Answered</th><td class=\"num\">" +
         (t.total_suppressed ? hidden : std::to_string(t.n)) + "</td><td></td><td></td></tr></tfoot>\n</table></div>\n";
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
  Response r = Response::Html(404, MessagePage(i18n::T(lang, "page_not_found"), {i18n::T(lang, "link_invalid_text")}, lang,
                                               "<p class=\"link-block\"><a href=\"/\">" +
                                                   HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n"));
  r.Header("Cache-Control", "no-store");
  return r;
}

std::string LangOf(const form::Form& f, const Request& req) {
  std::string want = http::First(req.Query(), "lang");
  return !want.empty() && f.HasLanguage(want) ? want : f.lang();
}

Response FormPage(App& app, const Request& req, const std::string& form_id) {
  auto f = app.forms().Published(form_id);
  if (!f) return NotFound();
  PublicResults p = ReadPublicResults(app.store(), form_id);
  if (!p.published) return NotFound();
  const std::string lang = LangOf(*f, req);
  // Worked out once per change of the answers, the selection or the form: the page is the same for
  // everyone, so a crowd reading it costs one load of the responses.
  std::string stamp = app.store().ResponsesVersion(form_id) + "|" + app.store().GetSetting(Key(form_id)).value_or("") +
                      "|" + f->version;
  std::string key = fmt::format("{}|{}|{}", static_cast<const void*>(&app), form_id, lang);
  {
    std::lock_guard<std::mutex> lock(CacheMutex());
    auto it = Cache().find(key);
    if (it != Cache().end() && it->second.stamp == stamp) {
      Response r = Response::Html(200, it->second.html);
      r.Header("Cache-Control", "no-cache");
      return r;
    }
  }
  stats::LoadOptions lo;
  lo.lang = lang;
  for (const auto& q : p.questions) lo.only.push_back(q);
  auto ds = stats::Load(app.store(), *f, lo);
  if (!ds.ok()) throw UnavailableError(ds.error().message);
  std::vector<Link> langs;
  if (f->languages.size() > 1) {
    for (const auto& l : f->languages) langs.push_back(Link{"/results/" + f->id + "?lang=" + UrlEncode(l.code), l.code});
  }
  std::string html = Layout(f->Title(lang) + " - results", lang, f->Title(lang), PublicResultsHtml(*f, *ds, p, lang), langs);
  {
    std::lock_guard<std::mutex> lock(CacheMutex());
    Cache()[key] = Cached{stamp, html};
  }
  Response r = Response::Html(200, std::move(html));
  r.Header("Cache-Control", "no-cache");
  return r;
}

Response IndexPage(App& app) {
  std::string items;
  for (const auto& f : app.forms().AllPublished()) {
    if (!ReadPublicResults(app.store(), f->id).published) continue;
    items += "<li><a href=\"/results/" + Esc(f->id) + "\">" + Esc(f->title) + "</a></li>\n";
  }
  if (items.empty()) return NotFound();
  std::string main = "<h1>Results</h1>\n<p>The results the study team has published, questionnaire by questionnaire.</p>\n"
                     "<ul class=\"results__list\">\n" + items + "</ul>\n";
  Response r = Response::Html(200, Layout("Results", "en", CurrentStudyTexts()->Text("en", "study_title"), main));
  r.Header("Cache-Control", "no-cache");
  return r;
}

}  // namespace

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

Status WritePublicResults(storage::Storage& store, const form::Form& f, const PublicResults& p) {
  if (p.min_cell < kPublicMinCell)
    return MakeError(ErrorCode::kInvalid, "the smallest cell published is at least " + std::to_string(kPublicMinCell));
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
  return store.PutSetting(Key(f.id), boost::json::serialize(o));
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
                              const std::string& lang) {
  std::string out = "<div class=\"results\">\n<h1>" + Esc(f.Title(lang)) + ": results</h1>\n<p>" +
                    fmt::format("Based on {} completed responses", ds.rows());
  if (p.published_at) out += ", published " + Esc(FormatBrussels(p.published_at));
  out += ". The responses come from an open survey, not a random sample: the figures describe those who answered "
         "and are not weighted. Percentages are of those who answered each question, with 95% (Wilson) intervals. "
         "To protect respondents, a count under " +
         std::to_string(p.min_cell) + " is not shown (&lt;" + std::to_string(p.min_cell) +
         "), nor another count from which it could be worked out.</p>\n";
  auto allowed = PublishableQuestions(f);
  for (const auto& name : p.questions) {
    const form::Node* n = f.Find(name);
    if (!n || std::find(allowed.begin(), allowed.end(), n) == allowed.end()) continue;
    const stats::Variable* v = ds.Find(name);
    if (!v) continue;
    const std::string label = n->label.Get(lang, f.lang());
    stats::FreqTable t;
    bool multiple = n->type == form::Type::kSelectMultiple;
    if (multiple) {
      t = stats::MultipleResponse(ds, name);
    } else {
      t = stats::Frequencies(*v);
    }
    stats::Suppress(t, p.min_cell);
    out += "<section class=\"results__question\">\n<h2>" + Esc(label) + "</h2>\n";
    out += report::BarChart(t, label);
    Table(out, t, p.min_cell,
          multiple ? "Respondents choosing each answer (more than one answer possible)" : "Respondents by answer");
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
        Response res = Response::Text(503, "The results cannot be shown just now: try again in a minute.\n");
        res.Header("Retry-After", "60");
        return res;
      }
    };
  };
  r.Add("GET", "/results", guard([&app](const Request&, const http::Params&) { return IndexPage(app); }),
        http::Cost::kMayBlock);
  r.Add("GET", "/results/{form_id}",
        guard([&app](const Request& req, const http::Params& p) { return FormPage(app, req, p.at("form_id")); }),
        http::Cost::kMayBlock);
}

}  // namespace mcs::web
