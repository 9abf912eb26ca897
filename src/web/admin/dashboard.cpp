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
#include "export/export.h"
#include "web/admin/console.h"
#include "web/admin/dashboard_summary.h"
#include "web/admin/quality_flags.h"
#include "web/fieldwork_targets.h"

namespace mcs::web::admin {
namespace {

using http::Response;

using CellKey = std::pair<std::string, std::string>;  // group, country

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
  for (const auto& [day, n] : PerDay(*s, StudyTimeZone())) d.per_day[day] += n;  // days of the study's zone
  d.times.push_back(&s->times);
  d.complete += s->complete;
  d.partial += s->partial;
  if (funnel) d.reached = s->reached;
  d.oldest = d.held.empty() ? s->computed_at : std::min(d.oldest, s->computed_at);
  d.held.push_back(s);
}

// The overview: groups × the countries answers came from, shaded by complete responses. Targets and
// the countries without answers are in the fieldwork table below it.
std::string CellTable(const Data& d) {
  long max = 1;
  for (const auto& [k, c] : d.cells) max = std::max(max, c.complete);
  const std::set<std::string>& groups = d.groups;
  const std::set<std::string>& countries = d.countries;
  std::string out =
      "<div class=\"table-wrap\"><table class=\"table\" id=\"cells\"><caption>Complete responses (and partial ones) "
      "per group and country answers came from</caption><thead><tr><th "
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
      out += "<td class=\"num shade-" + std::to_string(std::min(shade, 4)) + "\" data-complete=\"" +
             std::to_string(cell.complete) + "\" data-partial=\"" + std::to_string(cell.partial) + "\">" +
             std::to_string(cell.complete) +
             (cell.partial ? " <span class=\"small\">(+" + std::to_string(cell.partial) + ")</span>" : "") + "</td>";
    }
    out += "<td class=\"num\">" + std::to_string(tc) +
           (tp ? " <span class=\"small\">(+" + std::to_string(tp) + ")</span>" : "") + "</td></tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

// --- The fieldwork table (issue 22): every cell of the forms' own groups × countries, answered or
// not, with its target. The HTML table and its CSV download are the same rows.
struct FieldworkRow {
  std::string form_id;  // the first form whose lists name the cell ("" for a cell only answers made)
  Named group, country;
  long started = 0, finished = 0;
  long target = 0;  // 0: none set
};

std::vector<FieldworkRow> FieldworkRows(App& app, const std::vector<std::shared_ptr<const form::Form>>& forms,
                                        const Data& d) {
  const std::string lang = "en";  // the console's language
  std::vector<FieldworkRow> rows;
  std::map<CellKey, std::size_t> at;
  std::map<std::string, std::string> group_names, country_names;
  for (const auto& f : forms) {
    TargetFrame frame = FrameOf(*f, lang);
    Targets targets = LoadTargets(app.store(), f->id);
    for (const auto& g : frame.groups) {
      group_names.emplace(g.code, g.name);
      for (const auto& c : frame.countries) {
        country_names.emplace(c.code, c.name);
        auto [it, fresh] = at.emplace(CellKey{g.code, c.code}, rows.size());
        if (fresh) rows.push_back(FieldworkRow{f->id, g, c, 0, 0, 0});
        // A cell two forms share (the same group list) wants what both want.
        if (auto t = targets.find({g.code, c.code}); t != targets.end()) rows[it->second].target += t->second;
      }
    }
  }
  for (const auto& [k, cell] : d.cells) {
    auto [it, fresh] = at.emplace(k, rows.size());
    if (fresh) {
      // Answers from outside the lists (an invitation's group or country, an older version's list).
      auto gn = group_names.find(k.first);
      auto cn = country_names.find(k.second);
      rows.push_back(FieldworkRow{"", Named{k.first, gn == group_names.end() ? k.first : gn->second},
                                  Named{k.second, cn == country_names.end() ? k.second : cn->second}, 0, 0, 0});
    }
    rows[it->second].started += cell.complete + cell.partial;
    rows[it->second].finished += cell.complete;
  }
  return rows;
}

std::string FieldworkTable(const std::vector<FieldworkRow>& rows, const std::string& csv_href) {
  long gaps = 0, short_cells = 0;
  for (const auto& r : rows) {
    gaps += r.started == 0 ? 1 : 0;
    short_cells += r.target > 0 && r.finished < r.target ? 1 : 0;
  }
  std::string out = "<p id=\"fieldwork-summary\">" + std::to_string(rows.size()) + " cells; <strong>" +
                    std::to_string(gaps) + "</strong> without any answer yet; <strong>" +
                    std::to_string(short_cells) + "</strong> short of their target. <a href=\"" + Esc(csv_href) +
                    "\" download>Download this table (CSV)</a></p>\n";
  out +=
      "<div class=\"table-wrap\"><table class=\"table\" id=\"fieldwork\"><caption>Every group and country of the "
      "questionnaires' own lists: started and finished responses against the target</caption><thead><tr>"
      "<th scope=\"col\">Group</th><th scope=\"col\">Country</th><th scope=\"col\" class=\"num\">Started</th>"
      "<th scope=\"col\" class=\"num\">Finished</th><th scope=\"col\" class=\"num\">Target</th>"
      "<th scope=\"col\" class=\"num\">% of target</th><th scope=\"col\">To chase</th></tr></thead><tbody>\n";
  for (const auto& r : rows) {
    const bool gap = r.started == 0;
    const bool short_of = r.target > 0 && r.finished < r.target;
    std::string flag;
    if (gap) flag = "<strong class=\"flag flag--gap\">no answers yet</strong>";
    if (short_of) flag += std::string(flag.empty() ? "" : " ") + "short by " + std::to_string(r.target - r.finished);
    out += std::string("<tr") + (gap ? " class=\"gap\"" : "") + " data-group=\"" + EscAttr(r.group.code) +
           "\" data-country=\"" + EscAttr(r.country.code) + "\"><td>" + Esc(r.group.name) + "</td><td>" +
           Esc(r.country.name) + " <span class=\"small\">" + Esc(r.country.code) + "</span></td><td class=\"num\">" +
           std::to_string(r.started) + "</td><td class=\"num\">" + std::to_string(r.finished) +
           "</td><td class=\"num\">" + (r.target ? std::to_string(r.target) : "—") + "</td><td class=\"num" +
           (short_of ? " short" : "") + "\">" + Pct(r.finished, r.target) + "</td><td>" + flag + "</td></tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

std::string FieldworkCsv(const std::vector<FieldworkRow>& rows) {
  std::string out;
  auto line = [&out](const std::vector<std::pair<std::string, bool>>& fields) {
    std::string l;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) l += ',';
      exporter::AppendCsvField(l, fields[i].first, fields[i].second);
    }
    out += l + "\r\n";
  };
  line({{"form", true}, {"group", true}, {"group_name", true}, {"country", true}, {"country_name", true},
        {"started", true}, {"finished", true}, {"target", true}, {"percent_of_target", true}, {"no_answers_yet", true}});
  for (const auto& r : rows) {
    char pct[32] = "";
    if (r.target > 0)
      std::snprintf(pct, sizeof pct, "%.1f", 100.0 * static_cast<double>(r.finished) / static_cast<double>(r.target));
    line({{r.form_id, true}, {r.group.code, true}, {r.group.name, true}, {r.country.code, true},
          {r.country.name, true}, {std::to_string(r.started), false}, {std::to_string(r.finished), false},
          {r.target ? std::to_string(r.target) : "", false}, {pct, false}, {r.started == 0 ? "yes" : "no", true}});
  }
  return out;
}
// --- end of the fieldwork table ---

std::string ArrivalsChart(const Data& d) {
  if (d.per_day.empty()) return "<p>No complete responses yet.</p>\n";
  // Every day from the first to the last arrival (at most the last 90), so gaps show as gaps.
  std::vector<std::pair<std::string, long>> days;
  int y, m, dd;
  std::sscanf(d.per_day.begin()->first.c_str(), "%d-%d-%d", &y, &m, &dd);
  const std::string zone = StudyTimeZone();
  TimeMs t = LocalToUtc(zone, y, m, dd, 12, 0);
  const std::string last = d.per_day.rbegin()->first;
  for (int i = 0; i < 400; ++i, t += 24 * 3600 * 1000) {
    std::string day = LocalIsoDate(zone, t);
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
  std::vector<std::shared_ptr<const form::Form>> shown;
  for (const auto& f : c.app.forms().AllLatest()) {
    if (!one || f->id == one->id) {
      Add(cache.Get(c.app.store(), *f, now), one != nullptr, d);
      shown.push_back(f);
    }
  }
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
  body += "<h2>Responses by group and country</h2>\n" + CellTable(d);
  body += "<h2 id=\"chase\">Fieldwork: cells to chase</h2>\n" +
          FieldworkTable(FieldworkRows(c.app, shown, d), "/admin/fieldwork.csv" + (one ? "?form=" + one->id : ""));
  if (c.Can(Role::kAnalyst)) {
    body += "<p>Set targets for: ";
    for (std::size_t i = 0; i < shown.size(); ++i) {
      body += std::string(i ? " · " : "") + "<a href=\"/admin/targets/" + Esc(shown[i]->id) + "\">" +
              Esc(shown[i]->id) + "</a>";
    }
    body += "</p>\n";
  }
  // Campaign figures (invited, sent, bounced, opted out, started, finished, response rate per
  // campaign) go in this section: the `mail` work (issue 22 item 3) fills it in.
  body += "<section id=\"campaigns\" aria-labelledby=\"campaigns-title\"><h2 id=\"campaigns-title\">Campaigns</h2>"
          "<!-- campaign figures go here (mail) --><p class=\"small\">No campaign figures yet.</p></section>\n";
  body += "<h2>Arrivals per day</h2>\n" + ArrivalsChart(d);
  if (one) {
    body += "<h2>Drop-off per page</h2>\n" + Funnel(*one, d);
  } else {
    body += "<p>Choose a questionnaire above to see its drop-off per page.</p>\n";
  }
  return Page(c, status, "Dashboard", body);
}

// --- Targets as one table (issue 22): the form's countries down, its groups across; one post saves
// them all. Fields are named by position (t_G_C) and the post carries the form version the table was
// drawn from, so a new version with other lists cannot shift a number into another cell.
std::string TargetField(std::size_t g, std::size_t c) { return "t_" + std::to_string(g) + "_" + std::to_string(c); }

Response TargetsPage(Ctx& c, const std::map<std::string, std::string>& entered, const std::vector<std::string>& errors,
                     int status) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  const TargetFrame frame = FrameOf(*f, "en");
  const Targets targets = LoadTargets(c.app.store(), f->id);
  std::string body;
  if (!errors.empty()) {
    body += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2 class=\"error-summary__title\">"
            "Nothing was saved</h2><ul class=\"problems\">";
    for (const auto& e : errors) body += "<li>" + e + "</li>";
    body += "</ul></div>\n";
  }
  body += "<p>Complete responses wanted per group and country of <strong>" + Esc(f->title) + "</strong> (<code>" +
          Esc(f->id) + "</code>), from its own lists. Leave a cell empty (or 0) for no target. Saved all at once; "
          "the dashboard shows each cell against its target.</p>\n"
          "<form method=\"post\" action=\"/admin/targets/" + Esc(f->id) + "\" class=\"stack\">" + CsrfField(c) +
          "<input type=\"hidden\" name=\"version\" value=\"" + EscAttr(f->version) + "\">"
          "<div class=\"table-wrap\"><table class=\"table\" id=\"targets\"><caption>Targets (complete responses)"
          "</caption><thead><tr><th scope=\"col\">Country</th>";
  for (const auto& g : frame.groups) body += "<th scope=\"col\" class=\"num\">" + Esc(g.name) + "</th>";
  body += "</tr></thead><tbody>\n";
  for (std::size_t ci = 0; ci < frame.countries.size(); ++ci) {
    const Named& country = frame.countries[ci];
    body += "<tr><th scope=\"row\">" + Esc(country.name) + " <span class=\"small\">" + Esc(country.code) +
            "</span></th>";
    for (std::size_t gi = 0; gi < frame.groups.size(); ++gi) {
      const std::string name = TargetField(gi, ci);
      std::string value;
      bool bad = false;
      if (auto e = entered.find(name); e != entered.end()) {
        value = e->second;
        bad = errors.size() && !value.empty() &&
              (value.find_first_not_of("0123456789") != std::string::npos || value.size() > 7 ||
               std::atol(value.c_str()) > kMaxTarget);
      } else if (auto t = targets.find({frame.groups[gi].code, country.code}); t != targets.end()) {
        value = std::to_string(t->second);
      }
      body += "<td class=\"num\"><label class=\"visually-hidden\" for=\"" + name + "\">" +
              Esc(frame.groups[gi].name + ", " + country.name) + "</label><input class=\"input input--short\" id=\"" +
              name + "\" name=\"" + name + "\" inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"7\" value=\"" +
              EscAttr(value) + "\"" + (bad ? " aria-invalid=\"true\"" : "") + "></td>";
    }
    body += "</tr>\n";
  }
  body += "</tbody></table></div><p><button class=\"button\" type=\"submit\">Save the targets</button></p></form>\n"
          "<p class=\"small\">From the command line: <code>mcsurvey targets set --form " + Esc(f->id) +
          " FILE.csv</code> (columns group, country, target).</p>\n";
  return Page(c, status, "Targets: " + f->title, body);
}

Response TargetsPost(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  if (c.Field("version") != f->version) {
    return TargetsPage(c, {}, {"The questionnaire has a new version (" + Esc(f->version) +
                                 ") since this table was drawn: check the table again and save it."},
                       409);
  }
  const TargetFrame frame = FrameOf(*f, "en");
  Targets targets;
  std::map<std::string, std::string> entered;
  std::vector<std::string> errors;
  for (std::size_t ci = 0; ci < frame.countries.size(); ++ci) {
    for (std::size_t gi = 0; gi < frame.groups.size(); ++gi) {
      const std::string name = TargetField(gi, ci);
      std::string v = std::string(Trim(c.Field(name)));
      entered[name] = v;
      if (v.empty()) continue;
      if (v.find_first_not_of("0123456789") != std::string::npos || v.size() > 7 || std::atol(v.c_str()) > kMaxTarget) {
        errors.push_back("<a href=\"#" + name + "\">" + Esc(frame.groups[gi].name + ", " + frame.countries[ci].name) +
                         "</a>: a target is a whole number from 0 to 1000000, not \u201c" + Esc(v) + "\u201d");
        continue;
      }
      if (long n = std::atol(v.c_str()); n > 0) targets[{frame.groups[gi].code, frame.countries[ci].code}] = n;
    }
  }
  if (!errors.empty()) return TargetsPage(c, entered, errors, 422);
  if (Status st = SaveTargets(c.app.store(), frame, targets); !st.ok())
    return TargetsPage(c, entered, {Esc(st.error().message)}, 503);
  long total = 0;
  for (const auto& [k, n] : targets) total += n;
  c.Audit("targets-set", f->id, std::to_string(targets.size()) + " cells, " + std::to_string(total) + " responses");
  return NoStore(Response::Redirect("/admin?form=" + UrlEncode(f->id) + "#chase"));
}

}  // namespace

void AddDashboardRoutes(App& app, http::Router& r) {
  auto cache = std::make_shared<DashboardCache>();
  Get(app, r, "/admin", Role::kViewer, [cache](Ctx& c) { return Dashboard(c, *cache, ""); });
  Get(app, r, "/admin/fieldwork.csv", Role::kViewer, [cache](Ctx& c) {
    std::string selected = c.Field("form");
    auto one = selected.empty() ? nullptr : c.app.forms().Latest(selected);
    if (!selected.empty() && !one) return NotFound(c);
    Data d;
    std::vector<std::shared_ptr<const form::Form>> shown;
    for (const auto& f : c.app.forms().AllLatest()) {
      if (!one || f->id == one->id) {
        Add(cache->Get(c.app.store(), *f, c.app.clock().Now()), false, d);
        shown.push_back(f);
      }
    }
    Response res = Response::Text(200, FieldworkCsv(FieldworkRows(c.app, shown, d)));
    res.content_type = "text/csv; charset=utf-8";
    res.Header("Content-Disposition",
               "attachment; filename=\"fieldwork" + (one ? "-" + one->id : std::string()) + ".csv\"");
    return NoStore(std::move(res));
  });
  Get(app, r, "/admin/targets/{id}", Role::kAnalyst, [](Ctx& c) { return TargetsPage(c, {}, {}, 200); });
  Post(app, r, "/admin/targets/{id}", Role::kAnalyst, [](Ctx& c) { return TargetsPost(c); });
}

}  // namespace mcs::web::admin
