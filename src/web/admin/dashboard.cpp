// The live dashboard: responses per group × country (complete and partial, shaded, against the
// team's targets), arrivals per day, completion rate, drop-off per page, median time to complete.
// Charts are SVG drawn here, readable without JavaScript, each with its numbers in a table beside
// it. Test previews and excluded responses are left out.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "common/strings.h"
#include "common/timezone.h"
#include "web/admin/console.h"
#include "web/admin/dashboard_summary.h"
#include "web/admin/quality_flags.h"

namespace mcs::web::admin {
namespace {

using http::Response;

constexpr const char* kTargetsKey = "dashboard_targets";  // lines "group\tcountry\tN"

using CellKey = std::pair<std::string, std::string>;  // group, country

std::map<CellKey, long> LoadTargets(App& app) {
  std::map<CellKey, long> out;
  for (const auto& line : Split(app.store().GetSetting(kTargetsKey).value_or(""), '\n')) {
    auto f = Split(line, '\t');
    if (f.size() == 3) out[{f[0], f[1]}] = std::atol(f[2].c_str());
  }
  return out;
}

Status SaveTargets(App& app, const std::map<CellKey, long>& t) {
  std::string s;
  for (const auto& [k, n] : t) s += k.first + "\t" + k.second + "\t" + std::to_string(n) + "\n";
  return app.store().PutSetting(kTargetsKey, s);
}

std::string Minutes(double ms) {
  long long s = std::llround(ms / 1000);
  return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

std::string Pct(long a, long b) {
  if (b <= 0) return "—";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(a) / static_cast<double>(b));
  return buf;
}

// The figures shown: one form's summary, or several forms' added up.
struct Data {
  std::map<CellKey, DashboardCell> cells;
  std::set<std::string> groups, countries;
  std::map<std::string, long> per_day;
  std::vector<const std::vector<double>*> times;  // sorted, per form
  long complete = 0, partial = 0;
  std::vector<long> reached;  // per page of the selected form
  TimeMs oldest = 0;          // when the oldest summary shown was computed
  std::vector<std::shared_ptr<const DashboardSummary>> held;
};

void Add(const std::shared_ptr<const DashboardSummary>& s, bool funnel, Data& d) {
  for (const auto& [k, c] : s->cells) {
    DashboardCell& into = d.cells[k];
    into.complete += c.complete;
    into.partial += c.partial;
    d.groups.insert(k.first);
    d.countries.insert(k.second);
  }
  for (const auto& [day, n] : s->per_day) d.per_day[day] += n;
  d.times.push_back(&s->times);
  d.complete += s->complete;
  d.partial += s->partial;
  if (funnel) d.reached = s->reached;
  d.oldest = d.held.empty() ? s->computed_at : std::min(d.oldest, s->computed_at);
  d.held.push_back(s);
}

std::string CellTable(const Data& d, const std::map<CellKey, long>& targets) {
  long max = 1;
  for (const auto& [k, c] : d.cells) max = std::max(max, c.complete);
  std::set<std::string> groups = d.groups, countries = d.countries;
  for (const auto& [k, n] : targets) {
    groups.insert(k.first);
    countries.insert(k.second);
  }
  std::string out =
      "<div class=\"table-wrap\"><table class=\"table\" id=\"cells\"><caption>Complete responses (and partial ones) "
      "per "
      "group and country; a red frame marks a cell short of its target</caption><thead><tr><th "
      "scope=\"col\">Group</th>";
  for (const auto& c : countries) out += "<th scope=\"col\" class=\"num\">" + Esc(c) + "</th>";
  out += "<th scope=\"col\" class=\"num\">Total</th></tr></thead><tbody>\n";
  for (const auto& g : groups) {
    out += "<tr><th scope=\"row\">" + Esc(g) + "</th>";
    long tc = 0, tp = 0;
    for (const auto& c : countries) {
      auto it = d.cells.find({g, c});
      DashboardCell cell = it == d.cells.end() ? DashboardCell{} : it->second;
      tc += cell.complete;
      tp += cell.partial;
      int shade = cell.complete == 0
                      ? 0
                      : 1 + static_cast<int>(3.0 * static_cast<double>(cell.complete) / static_cast<double>(max));
      auto t = targets.find({g, c});
      bool short_of = t != targets.end() && cell.complete < t->second;
      out += "<td class=\"num shade-" + std::to_string(std::min(shade, 4)) + (short_of ? " short" : "") +
             "\" data-complete=\"" + std::to_string(cell.complete) + "\" data-partial=\"" +
             std::to_string(cell.partial) + "\">" + std::to_string(cell.complete) +
             (cell.partial ? " <span class=\"small\">(+" + std::to_string(cell.partial) + ")</span>" : "");
      if (t != targets.end()) {
        out += short_of ? "<span class=\"short-note\">target " + std::to_string(t->second) + ", short by " +
                              std::to_string(t->second - cell.complete) + "</span>"
                        : "<span class=\"small\"> / " + std::to_string(t->second) + "</span>";
      }
      out += "</td>";
    }
    out += "<td class=\"num\">" + std::to_string(tc) +
           (tp ? " <span class=\"small\">(+" + std::to_string(tp) + ")</span>" : "") + "</td></tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

std::string ArrivalsChart(const Data& d) {
  if (d.per_day.empty()) return "<p>No complete responses yet.</p>\n";
  // Every day from the first to the last arrival (at most the last 90), so gaps show as gaps.
  std::vector<std::pair<std::string, long>> days;
  int y, m, dd;
  std::sscanf(d.per_day.begin()->first.c_str(), "%d-%d-%d", &y, &m, &dd);
  TimeMs t = BrusselsToUtc(y, m, dd, 12, 0);
  const std::string last = d.per_day.rbegin()->first;
  for (int i = 0; i < 400; ++i, t += 24 * 3600 * 1000) {
    std::string day = BrusselsDay(t);
    auto it = d.per_day.find(day);
    days.emplace_back(day, it == d.per_day.end() ? 0 : it->second);
    if (day >= last) break;
  }
  if (days.size() > 90) days.erase(days.begin(), days.end() - 90);
  long max = 1;
  for (const auto& [day, n] : days) max = std::max(max, n);
  const int w = 600, h = 220, left = 40, bottom = 30, top = 10;
  const double bw = static_cast<double>(w - left - 10) / static_cast<double>(days.size());
  char buf[256];
  std::string svg =
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 220\" width=\"600\" height=\"220\" "
      "role=\"img\" aria-labelledby=\"arrivals-title\"><title id=\"arrivals-title\">Complete responses per day, " +
      Esc(days.front().first) + " to " + Esc(days.back().first) + "</title>";
  std::snprintf(
      buf, sizeof buf,
      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b0c0c\"/><text x=\"%d\" y=\"%d\" font-size=\"12\" "
      "text-anchor=\"end\">%ld</text><text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">0</text>",
      left, h - bottom, w - 10, h - bottom, left - 4, top + 10, max, left - 4, h - bottom);
  svg += buf;
  for (std::size_t i = 0; i < days.size(); ++i) {
    double bh = static_cast<double>(h - bottom - top) * static_cast<double>(days[i].second) / static_cast<double>(max);
    std::snprintf(
        buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1d70b8\"><title>",
        left + bw * static_cast<double>(i) + 1, static_cast<double>(h - bottom) - bh, std::max(1.0, bw - 2), bh);
    svg += buf + Esc(days[i].first) + ": " + std::to_string(days[i].second) + "</title></rect>";
  }
  svg += "<text x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(h - 10) + "\" font-size=\"12\">" +
         Esc(days.front().first) + "</text><text x=\"" + std::to_string(w - 10) + "\" y=\"" + std::to_string(h - 10) +
         "\" font-size=\"12\" text-anchor=\"end\">" + Esc(days.back().first) + "</text></svg>";
  std::string table =
      "<table class=\"table\" id=\"arrivals\"><caption>Complete responses per day</caption><thead><tr><th "
      "scope=\"col\">Day"
      "</th><th scope=\"col\" class=\"num\">Responses</th></tr></thead><tbody>";
  for (const auto& [day, n] : days)
    table += "<tr><td>" + Esc(day) + "</td><td class=\"num\">" + std::to_string(n) + "</td></tr>";
  table += "</tbody></table>";
  return "<div class=\"figure\">" + svg + "<div>" + table + "</div></div>\n";
}

std::string Funnel(const form::Form& f, const Data& d) {
  if (d.reached.empty() || d.reached[0] == 0) return "<p>Nobody has started this questionnaire yet.</p>\n";
  const int w = 600, row = 26, label_w = 200;
  const int h = row * static_cast<int>(d.reached.size()) + 10;
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(w) +
                    " " + std::to_string(h) + "\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(h) +
                    "\" role=\"img\" aria-labelledby=\"funnel-title\"><title id=\"funnel-title\">Respondents reaching "
                    "each page</title>";
  std::string table =
      "<table class=\"table\" id=\"funnel\"><caption>Respondents reaching each page</caption><thead><tr><th "
      "scope=\"col\">"
      "Page</th><th scope=\"col\" class=\"num\">Reached</th><th scope=\"col\" class=\"num\">Of starters</th>"
      "<th scope=\"col\" class=\"num\">Lost here</th></tr></thead><tbody>";
  char buf[256];
  for (std::size_t k = 0; k < d.reached.size(); ++k) {
    const form::Page& p = f.pages[k];
    std::string label = p.node > 0 ? f.nodes[static_cast<std::size_t>(p.node)].label.Get(f.lang(), "") : "";
    if (label.empty()) label = "Page " + std::to_string(k + 1);
    if (label.size() > 40) label = label.substr(0, 37) + "...";
    double bw =
        static_cast<double>(w - label_w - 10) * static_cast<double>(d.reached[k]) / static_cast<double>(d.reached[0]);
    std::snprintf(buf, sizeof buf, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#00703c\"><title>",
                  label_w, static_cast<int>(k) * row + 5, bw, row - 6);
    svg += buf + Esc(label) + ": " + std::to_string(d.reached[k]) + "</title></rect>";
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">", label_w - 6,
                  static_cast<int>(k) * row + 22);
    svg += buf + Esc(label) + "</text>";
    long lost = k == 0 ? 0 : d.reached[k - 1] - d.reached[k];
    table += "<tr><td>" + Esc(label) + "</td><td class=\"num\">" + std::to_string(d.reached[k]) +
             "</td><td class=\"num\">" + Pct(d.reached[k], d.reached[0]) + "</td><td class=\"num\">" +
             std::to_string(lost) + "</td></tr>";
  }
  svg += "</svg>";
  table += "</tbody></table>";
  return "<div class=\"figure\">" + svg + "<div>" + table + "</div></div>\n";
}

Response Dashboard(Ctx& c, DashboardCache& cache, const std::string& top, int status = 200) {
  std::string selected = c.req.method == "GET" ? c.Field("form") : "";
  std::shared_ptr<const form::Form> one = selected.empty() ? nullptr : c.app.forms().Latest(selected);
  if (!selected.empty() && !one) return NotFound(c);
  Data d;
  const TimeMs now = c.app.clock().Now();
  for (const auto& f : c.app.forms().AllLatest()) {
    if (!one || f->id == one->id) Add(cache.Get(c.app.store(), *f, now), one != nullptr, d);
  }
  auto targets = LoadTargets(c.app);
  std::string body = top;
  body +=
      "<nav aria-label=\"Questionnaire\"><p>Show: " + (one ? std::string("<a href=\"/admin\">all questionnaires</a>")
                                                           : std::string("<strong>all questionnaires</strong>"));
  for (const auto& f : c.app.forms().AllLatest()) {
    body += " · " + (one && f->id == one->id ? "<strong>" + Esc(f->id) + "</strong>"
                                             : "<a href=\"/admin?form=" + Esc(f->id) + "\">" + Esc(f->id) + "</a>");
  }
  body += "</p></nav>\n<ul class=\"stats\"><li>Complete<strong id=\"n-complete\">" + std::to_string(d.complete) +
          "</strong></li><li>Partial<strong id=\"n-partial\">" + std::to_string(d.partial) +
          "</strong></li><li>Completion rate<strong id=\"completion\">" + Pct(d.complete, d.complete + d.partial) +
          "</strong></li><li>Median time to complete<strong id=\"median\">" +
          (std::all_of(d.times.begin(), d.times.end(), [](const auto* t) { return t->empty(); })
               ? "—"
               : Minutes(MedianOfSorted(d.times))) +
          "</strong></li></ul>\n";
  if (!d.held.empty() && d.oldest < now - 1000)
    body += "<p class=\"small\" id=\"as-of\">Figures as of " + Esc(When(d.oldest)) +
            ": while responses keep arriving, a large count is worked out again at most every minute.</p>\n";
  body += "<h2>Responses by group and country</h2>\n" + CellTable(d, targets);
  if (c.Can(Role::kAnalyst)) {
    body +=
        "<details><summary>Set a target</summary><form method=\"post\" action=\"/admin/targets\" class=\"stack\">" +
        CsrfField(c) +
        "<p><label class=\"label\" for=\"t-group\">Group</label><input class=\"input input--medium\" id=\"t-group\" "
        "name=\"group\" "
        "required></p><p><label class=\"label\" for=\"t-country\">Country</label><input class=\"input input--short\" "
        "id=\"t-country\" "
        "name=\"country\" required></p><p><label class=\"label\" for=\"t-n\">Complete responses wanted (0 removes the "
        "target)</label><input class=\"input input--short\" id=\"t-n\" name=\"target\" inputmode=\"numeric\" "
        "required></p>"
        "<p><button class=\"button\" type=\"submit\">Save target</button></p></form></details>\n";
  }
  body += "<h2>Arrivals per day</h2>\n" + ArrivalsChart(d);
  if (one) {
    body += "<h2>Drop-off per page</h2>\n" + Funnel(*one, d);
  } else {
    body += "<p>Choose a questionnaire above to see its drop-off per page.</p>\n";
  }
  return Page(c, status, "Dashboard", body);
}

}  // namespace

void AddDashboardRoutes(App& app, http::Router& r) {
  auto cache = std::make_shared<DashboardCache>();
  Get(app, r, "/admin", Role::kViewer, [cache](Ctx& c) { return Dashboard(c, *cache, ""); });
  Post(app, r, "/admin/targets", Role::kAnalyst, [cache](Ctx& c) {
    std::string group = std::string(Trim(c.Field("group"))), country = std::string(Trim(c.Field("country")));
    std::string n = std::string(Trim(c.Field("target")));
    if (group.empty() || country.empty() || group.size() > 100 || country.size() > 100 ||
        group.find_first_of("\t\n\r") != std::string::npos || country.find_first_of("\t\n\r") != std::string::npos ||
        n.empty() || n.size() > 7 || n.find_first_not_of("0123456789") != std::string::npos) {
      return Dashboard(c, *cache,
                       "<div class=\"error-summary\" role=\"alert\"><p>A target needs a group, a country and a whole "
                       "number.</p></div>\n",
                       422);
    }
    auto targets = LoadTargets(c.app);
    long v = std::atol(n.c_str());
    if (v == 0)
      targets.erase({group, country});
    else
      targets[{group, country}] = v;
    if (Status st = SaveTargets(c.app, targets); !st.ok())
      return Dashboard(c, *cache, "<p>" + Esc(st.error().message) + "</p>", 503);
    c.Audit("target-set", group + " / " + country, n);
    return NoStore(Response::Redirect("/admin"));
  });
}

}  // namespace mcs::web::admin
