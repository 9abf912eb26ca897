// Data out: exports for analysis (CSV, XLSX, SPSS .sav, Stata .dta, through src/export) and the
// erasure of a single response. Every download and deletion is in the audit log.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <map>
#include <set>
#include <sstream>

#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "export/export.h"
#include "report/report.h"
#include "report/study_data.h"
#include "stats/dataset.h"
#include "stats/merge.h"
#include "stats/weights.h"
#include "web/admin/console.h"
#include "web/export_request.h"
#include "web/public_results.h"

namespace mcs::web::admin {
namespace {

using http::Response;

// Population margins for weighting a questionnaire's report (`variable,category,population` lines, as
// `mcsurvey report --weights` reads them), kept as a setting.
std::string MarginsKey(const std::string& form_id) { return "report_margins:" + form_id; }

// The stored merged categories of a form (stats/merge.h), as far as they still fit its newest version.
std::vector<stats::Merge> StoredMerges(Ctx& c, const form::Form& f) {
  auto m = stats::ParseMerges(c.app.store().GetSetting(stats::MergesKey(f.id)).value_or(""));
  if (!m.ok() || !stats::CheckMerges(f, *m).ok()) return {};
  return std::move(m).value();
}

// A form's responses as the report sees them: loaded, with the team's merged categories applied.
Result<stats::Dataset> LoadMerged(Ctx& c, const form::Form& f, const stats::LoadOptions& lo,
                                  std::vector<std::string>* described = nullptr) {
  auto ds = stats::Load(c.app.store(), f, lo);
  if (!ds.ok()) return ds;
  const auto merges = StoredMerges(c, f);
  stats::ApplyMerges(*ds, merges);
  if (described) *described = stats::DescribeMerges(f, merges, lo.lang);
  return ds;
}

constexpr const char* kFormats[] = {"csv", "xlsx", "sav", "dta", "jsonl"};

// One form per questionnaire with the choices `mcsurvey export` has (the same names: format,
// partial, excluded, labels, version, lang); every choice goes to the one writer.
Response ExportsPage(Ctx& c) {
  std::string body =
      "<p>csv, sav and dta downloads are a <code>.zip</code> holding the main table (one row per response), one "
      "table per repeat (one row per instance, joined on <code>response_id</code>), the codebook and a README; "
      "xlsx has a sheet per table and the codebook. Test previews are never exported, nor personal data "
      "(follow-up contacts are on their own page, for the owner).</p>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    const std::string id = Esc(f->id);
    body += "<form method=\"get\" action=\"/admin/exports/" + id + "\" class=\"export-choice\"><fieldset><legend>" +
            Esc(f->title) + "</legend>";
    body += "<label for=\"fmt-" + id + "\">Format</label> <select id=\"fmt-" + id + "\" name=\"format\">";
    for (const char* fm : kFormats) body += std::string("<option value=\"") + fm + "\">" + fm + "</option>";
    body += "</select> <label for=\"ver-" + id + "\">Version</label> <select id=\"ver-" + id +
            "\" name=\"version\"><option value=\"\">every version (questions of all united)</option>";
    for (const auto& v : c.app.forms().Versions(f->id)) {
      body += "<option value=\"" + Esc(v->version) + "\">" + Esc(v->version) + " only</option>";
    }
    body += "</select>";
    if (f->languages.size() > 1) {
      body += " <label for=\"lang-" + id + "\">Labels in</label> <select id=\"lang-" + id + "\" name=\"lang\">";
      for (const auto& l : f->languages) {
        body += "<option value=\"" + Esc(l.code) + "\"" + (l.code == f->lang() ? " selected" : "") + ">" +
                Esc(l.name) + "</option>";
      }
      body += "</select>";
    }
    auto check = [&](const char* name, const char* label) {
      body += " <input type=\"checkbox\" id=\"" + std::string(name) + "-" + id + "\" name=\"" + name +
              "\" value=\"1\"> <label for=\"" + name + "-" + id + "\">" + label + "</label>";
    };
    check("labels", "choices as labels, not codes (csv, xlsx)");
    check("partial", "also partial responses");
    check("excluded", "also responses excluded in the data-quality review");
    body += " <button class=\"button\" type=\"submit\">Download</button></fieldset></form>\n";
  }
  return Page(c, 200, "Exports", body);
}

// GET /admin/exports/{id}?format=…, or the older /admin/exports/{id}.{ext} (format from the name).
Response Download(Ctx& c) {
  std::string id = c.Param("file");
  std::string ext;
  if (auto dot = id.rfind('.'); dot != std::string::npos) {
    ext = id.substr(dot + 1);
    id.resize(dot);
    if (!exporter::ParseFileFormat(ext)) return NotFound(c);
  }
  auto req = ParseExportRequest([&](std::string_view name) {
    if (name == "format" && !ext.empty()) return ext;
    return c.Field(name);
  });
  if (!req.ok()) return Page(c, 400, "Exports", "<p>" + Esc(req.error().message) + "</p>");
  if (!c.app.forms().Latest(id)) return NotFound(c);
  auto f = FormForExport(c.app.forms(), id, req->opts.form_version);
  if (!f) return Page(c, 404, "Exports", "<p>The form has no version " + Esc(req->opts.form_version) + ".</p>");
  if (!c.app.TryStartExport()) {
    Response busy = Page(c, 503, "Exports", "<p>Too many exports are running; please try again in a moment.</p>");
    busy.Header("Retry-After", "5");
    return busy;
  }
  struct Slot {
    App& app;
    ~Slot() { app.EndExport(); }
  } slot{c.app};
  auto bytes = ExportBytes(c.app.store(), *f, *req);
  if (!bytes.ok()) return Page(c, 503, "Export failed", "<p>" + Esc(bytes.error().message) + "</p>");
  c.Audit("export", f->id, Describe(*req));
  Response r;
  r.content_type = std::string(exporter::ContentType(req->format));
  r.body = std::move(bytes).value();
  r.Header("Content-Disposition", "attachment; filename=\"" + exporter::DownloadName(f->id, req->format) + "\"");
  return NoStore(std::move(r));
}

// Follow-up contacts (owner only): how many per form, and a download of them, with the answers
// joined only when the owner ticks it. Every download is in the audit log.
Response FollowupsPage(Ctx& c) {
  std::string body =
      "<p>The names and e-mail addresses respondents gave when they agreed to a follow-up interview. They are "
      "kept apart from the answers and are in no other export; each download is in the audit log. Use them only "
      "to arrange the interviews, and delete them at the end of the study.</p>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    bool has_personal = false;
    for (const auto& n : f->nodes) has_personal = has_personal || n.personal;
    if (!has_personal) continue;
    const std::string id = Esc(f->id);
    body += "<form method=\"get\" action=\"/admin/followups/" + id + "\" class=\"export-choice\"><fieldset><legend>" +
            Esc(f->title) + "</legend><input type=\"checkbox\" id=\"answers-" + id +
            "\" name=\"answers\" value=\"1\"> <label for=\"answers-" + id +
            "\">with each contact's answers</label> <button class=\"button\" type=\"submit\">Download the contacts (csv)"
            "</button></fieldset></form>\n";
  }
  return Page(c, 200, "Follow-up contacts", body);
}

Response FollowupsDownload(Ctx& c) {
  auto f = FormForExport(c.app.forms(), c.Param("form"), "");
  if (!f) return NotFound(c);
  std::string answers = c.Field("answers");
  if (!answers.empty() && answers != "1" && answers != "0") {
    return Page(c, 400, "Follow-up contacts", "<p>answers is 1 or 0.</p>");
  }
  exporter::FollowupOptions fo;
  fo.with_answers = answers == "1";
  std::ostringstream out;
  auto n = exporter::WriteFollowups(c.app.store(), *f, fo, out);
  if (!n.ok()) return Page(c, 503, "Follow-up contacts", "<p>" + Esc(n.error().message) + "</p>");
  c.Audit("followups", f->id, std::to_string(*n) + " contacts" + (fo.with_answers ? ", with their answers" : ""));
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = out.str();
  r.Header("Content-Disposition", "attachment; filename=\"" + f->id + "-followups.csv\"");
  return NoStore(std::move(r));
}

Response Delete(Ctx& c) {
  std::string id = c.Param("rid");
  auto r = c.app.store().FindResponse(id);
  if (!r) return NotFound(c);
  if (Status st = c.app.store().DeleteResponse(id); !st.ok())
    return Page(c, 503, "Not deleted", "<p>" + Esc(st.error().message) + "</p>");
  c.Audit("response-delete", id, "form " + r->form_id);
  return Page(c, 200, "Response deleted",
              "<p>Response " + Esc(id) + " has been deleted for good.</p><p><a href=\"/admin/quality/" +
                  Esc(r->form_id) + "\">Back to data quality</a></p>");
}

// The report's choices: form, columns of every table, smallest cell shown.
Response ReportPage(Ctx& c) {
  std::string body =
      "<p>Every question as a chart with its table: counts, percentages with 95% confidence intervals (Wilson), "
      "means and medians, the number of respondents on each table. Complete responses only, without excluded "
      "responses and test previews. Unweighted: for weights to population margins use <code>mcsurvey report "
      "--weights</code>.</p>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    body += "<form method=\"get\" action=\"/admin/report/" + Esc(f->id) + "\" class=\"report-choice\">"
            "<fieldset><legend>" + Esc(f->title) + "</legend>"
            "<label for=\"by-" + Esc(f->id) + "\">Columns of every table</label> "
            "<select id=\"by-" + Esc(f->id) + "\" name=\"by\"><option value=\"\">none (all respondents)</option>"
            "<option value=\"group\">group</option><option value=\"country\">country</option>"
            "<option value=\"region\">region (countries grouped)</option>";
    for (const auto& n : f->nodes) {
      if (n.type != form::Type::kSelectOne || n.personal || n.repeat != 0) continue;
      if (n.name == "group" || n.name == "country") continue;  // offered above (the shared rule's)
      body += "<option value=\"" + EscAttr(n.name) + "\">" + Esc(n.name) + "</option>";
    }
    body += "</select> <label for=\"min-" + Esc(f->id) + "\">Smallest cell shown</label> "
            "<input id=\"min-" + Esc(f->id) + "\" name=\"min_cell\" type=\"number\" min=\"1\" value=\"" +
            std::to_string(ReadPublicResults(c.app.store(), f->id).min_cell) + "\"> "
            "<input id=\"w-" + Esc(f->id) + "\" name=\"weighted\" type=\"checkbox\" value=\"1\"> "
            "<label for=\"w-" + Esc(f->id) + "\">weighted (margins set under Weighting)</label> "
            "<button class=\"button\" type=\"submit\">Open the report</button></fieldset></form>\n"
            "<p><a href=\"/admin/report/" + EscAttr(f->id) + "/quotes\">Choose open answers to quote in the report of " +
            Esc(f->title) + "</a> · <a href=\"/admin/report/" + EscAttr(f->id) + "/weights\">Weighting of " +
            Esc(f->title) + "</a> · <a href=\"/admin/report/" + EscAttr(f->id) + "/merges\">Merged categories of " +
            Esc(f->title) + "</a></p>\n";
  }
  // The study report (issue 23): the questionnaires side by side, weighted to the study's margins.
  body += "<form method=\"get\" action=\"/admin/study-report\" class=\"report-choice\"><fieldset><legend>The study "
          "report: every questionnaire's shared questions side by side, then each module</legend>"
          "<label for=\"by-study\">Columns of the modules' tables</label> <select id=\"by-study\" name=\"by\">"
          "<option value=\"group\">none (all respondents)</option><option value=\"country\">country</option>"
          "<option value=\"region\">region (countries grouped)</option></select> "
          "<label for=\"min-study\">Smallest cell shown</label> <input id=\"min-study\" name=\"min_cell\" "
          "type=\"number\" min=\"1\" value=\"5\"> <input id=\"w-study\" name=\"weighted\" type=\"checkbox\" "
          "value=\"1\"> <label for=\"w-study\">weighted (margins set under Weighting of the study report)</label> "
          "<button class=\"button\" type=\"submit\">Open the study report</button></fieldset></form>\n"
          "<p><a href=\"/admin/study-report/weights\">Weighting of the study report</a></p>\n";
  return Page(c, 200, "Report", body);
}

// The report itself: a document of its own (stats + report modules), served under a policy that
// allows its one fixed style sheet by hash and nothing else.
Response Report(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  report::Options ro;
  ro.by = c.Field("by");
  std::string min_cell = c.Field("min_cell");
  if (!min_cell.empty()) {
    int v = 0;
    auto [p, ec] = std::from_chars(min_cell.data(), min_cell.data() + min_cell.size(), v);
    if (ec != std::errc() || p != min_cell.data() + min_cell.size() || v < 1 || v > 1000)
      return Page(c, 400, "Report", "<p>The smallest cell shown is a whole number from 1 to 1000.</p>");
    ro.min_cell = v;
  }
  // One threshold with the public page (web::ReportMinCell).
  auto threshold = ReportMinCell(c.app.store(), f->id, min_cell.empty() ? 0 : ro.min_cell);
  if (!threshold.ok()) return Page(c, 409, "Report", "<p>" + Esc(threshold.error().message) + "</p>");
  ro.min_cell = *threshold;
  ro.generated_at = FormatStudyTime(c.app.clock().Now());
  ro.quotes = report::ParseQuotes(c.app.store().GetSetting(report::QuotesKey(f->id)).value_or(""));
  if (auto at = c.app.store().GetSetting(storage::AnonymisedSettingKey(f->id)); at && !at->empty())
    ro.anonymised_on = FormatTimeUtc(std::stoll(*at)).substr(0, 10);  // issue 25
  stats::LoadOptions lo;
  lo.repeats = true;
  auto ds = LoadMerged(c, *f, lo, &ro.merged);
  if (!ds.ok()) return Page(c, 503, "Report", "<p>" + Esc(ds.error().message) + "</p>");
  stats::Weighting wt;
  if (c.Field("weighted") == "1") {
    auto margins = stats::ParseMargins(c.app.store().GetSetting(MarginsKey(f->id)).value_or(""));
    if (!margins.ok() || margins->empty())
      return Page(c, 400, "Report", "<p>No population margins are set for this questionnaire (Weighting).</p>");
    auto w = stats::ComputeWeights(*ds, *margins);
    if (!w.ok()) return Page(c, 400, "Report", "<p>" + Esc(w.error().message) + "</p>");
    wt = std::move(w).value();
    ro.weighting = &wt;
    ro.weights_source = "the margins set in the console";
  }
  auto html = report::RenderHtml(*f, *ds, ro);
  if (!html.ok()) return Page(c, 400, "Report", "<p>" + Esc(html.error().message) + "</p>");
  (void)RecordReportMinCell(c.app.store(), f->id, ro.min_cell);
  c.Audit("report", f->id, ro.by.empty() ? "" : "by " + ro.by);
  Response res = Response::Html(200, std::move(html).value());
  res.Header("Content-Security-Policy", "default-src 'none'; style-src " + report::CssHash() +
                                            "; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; "
                                            "base-uri 'none'; object-src 'none'");
  return NoStore(std::move(res));
}

// What a weighting page weights: one questionnaire's report, or the study report (every
// questionnaire's responses united, issue 23).
struct WeightTarget {
  std::string key;          // the setting holding the margins
  std::string what;         // "the report of <strong>...</strong>", HTML
  std::string path;         // the page's own address
  std::string report_link;  // the weighted report
  std::function<Result<stats::Dataset>()> load;  // the rows the weights are for
};

// The questionnaires of the study report: the study's four when present (in the brief's order),
// else every form (as `mcsurvey report --study`).
std::vector<std::shared_ptr<const form::Form>> StudyForms(Ctx& c) {
  std::vector<std::shared_ptr<const form::Form>> forms;
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"})
    if (auto f = c.app.forms().Latest(id)) forms.push_back(f);
  if (forms.size() < 2) forms = c.app.forms().AllLatest();
  return forms;
}

const std::string kStudyMarginsKey = "report_margins:_study";

std::optional<WeightTarget> TargetOf(Ctx& c, bool study) {
  WeightTarget t;
  if (study) {
    t.key = kStudyMarginsKey;
    t.what = "the <strong>study report</strong> (every questionnaire's responses together; <code>group</code> is "
             "the questionnaire, e.g. <code>group,employers,25000</code>, and any question they all ask)";
    t.path = "/admin/study-report/weights";
    t.report_link = "/admin/study-report?weighted=1";
    t.load = [&c]() -> Result<stats::Dataset> {
      auto s = report::LoadStudy(c.app.store(), StudyForms(c), "");
      if (!s.ok()) return s.error();
      return std::move(s->united);
    };
    return t;
  }
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return std::nullopt;
  t.key = MarginsKey(f->id);
  t.what = "the report of <strong>" + Esc(f->title) + "</strong>";
  t.path = "/admin/report/" + f->id + "/weights";
  t.report_link = "/admin/report/" + f->id + "?weighted=1";
  t.load = [&c, f]() { return LoadMerged(c, *f, stats::LoadOptions{}); };
  return t;
}

// The weighting page: the margins (a CSV file uploaded, or typed in a text box), checked against
// the responses when saved, and the weights' summary: range, mean, design effect, effective sample size.
Response WeightsPage(Ctx& c, bool study, const std::string& message = "", int status = 200,
                     const std::string& typed = "") {
  auto t = TargetOf(c, study);
  if (!t) return NotFound(c);
  const std::string stored = c.app.store().GetSetting(t->key).value_or("");
  std::string body = message + "<p>Known population counts weight " + t->what +
                     " to them: one variable post-stratifies, several rake. An open-link survey stays "
                     "unweighted unless you set margins here and tick \"weighted\" on the report.</p>\n";
  if (!stored.empty()) {
    auto ds = t->load();
    auto margins = stats::ParseMargins(stored);
    if (ds.ok() && margins.ok()) {
      auto w = stats::ComputeWeights(*ds, *margins);
      if (w.ok()) {
        const stats::WeightSummary ws = stats::Summarise(*w);
        body += "<table class=\"table\" id=\"weights\"><caption>The weights now</caption><tbody>" +
                fmt::format("<tr><th scope=\"row\">responses</th><td class=\"num\">{}</td></tr>"
                            "<tr><th scope=\"row\">smallest weight</th><td class=\"num\">{:.3f}</td></tr>"
                            "<tr><th scope=\"row\">largest weight</th><td class=\"num\">{:.3f}</td></tr>"
                            "<tr><th scope=\"row\">mean weight</th><td class=\"num\">{:.3f}</td></tr>"
                            "<tr><th scope=\"row\">design effect (Kish)</th><td class=\"num\">{:.2f}</td></tr>"
                            "<tr><th scope=\"row\">effective sample size</th><td class=\"num\">{:.0f}</td></tr>",
                            ws.n, ws.min, ws.max, ws.mean, ws.deff, ws.deff > 0 ? static_cast<double>(ws.n) / ws.deff : 0.0) +
                "</tbody></table>\n<p><a href=\"" + EscAttr(t->report_link) + "\">Open the weighted report</a></p>\n";
      } else {
        body += "<p>The margins no longer fit the responses: " + Esc(w.error().message) + "</p>\n";
      }
    }
  }
  body += "<form method=\"post\" action=\"" + EscAttr(t->path) + "\" enctype=\"multipart/form-data\" class=\"stack\">" +
          CsrfField(c) +
          "<p><label class=\"label\" for=\"margins-file\">A CSV file of margins: <code>variable,category,population"
          "</code> (the first line), then one line per category</label><input class=\"input\" id=\"margins-file\" "
          "name=\"file\" type=\"file\" accept=\".csv,text/csv,text/plain\"></p>"
          "<p><label class=\"label\" for=\"margins\">Or the same lines typed here (empty, with no file: unweighted)"
          "</label><textarea class=\"input\" id=\"margins\" name=\"margins\" rows=\"10\">" +
          EscAttr(typed.empty() ? stored : typed) +  // a textarea: character references, as typed
          "</textarea></p><p><button class=\"button\" type=\"submit\">Save the margins</button></p></form>\n";
  return NoStore(Page(c, status, study ? "Weighting of the study report" : "Weighting", body));
}

// Saves margins from an uploaded file (multipart, the field "file") or the text box ("margins"):
// a bad file is refused with its line and column, margins that do not fit the responses with why.
Response SaveWeights(Ctx& c, bool study) {
  auto t = TargetOf(c, study);
  if (!t) return NotFound(c);
  Uploaded upload;
  if (auto refused = ReadUpload(c, Role::kAnalyst, upload, "margins")) return std::move(*refused);
  const std::string& csv = upload.text;
  // A file's name heads its problems (pasted text has none).
  const std::string file_name = !upload.from_file ? "" : upload.file_name.empty() ? "the file" : upload.file_name;
  if (csv.size() > 100000) return WeightsPage(c, study, "<p>The margins are too long.</p>", 413);
  auto refuse = [&](const std::string& why) {
    return WeightsPage(c, study, "<div class=\"error-summary\" role=\"alert\"><p>" +
                                     Esc((file_name.empty() ? std::string() : file_name + ": ") + why) + "</p></div>\n",
                       422, file_name.empty() ? csv : std::string());
  };
  if (!Trim(csv).empty()) {
    if (!IsValidUtf8(csv)) return refuse("the file is not UTF-8 text (save it from the spreadsheet as CSV UTF-8)");
    auto margins = stats::ParseMargins(csv);
    if (!margins.ok()) return refuse(margins.error().message);
    auto ds = t->load();
    if (!ds.ok()) return Page(c, 503, "Weighting", "<p>" + Esc(ds.error().message) + "</p>");
    auto w = stats::ComputeWeights(*ds, *margins);
    if (!w.ok()) return refuse(w.error().message);
  }
  if (Status st = c.app.store().PutSetting(t->key, Trim(csv).empty() ? std::string() : csv); !st.ok())
    return Page(c, 503, "Weighting", "<p>" + Esc(st.error().message) + "</p>");
  c.Audit("report-margins", study ? "study" : c.Param("form"),
          std::string(Trim(csv).empty() ? "removed" : "set") + (file_name.empty() ? "" : " from " + file_name));
  return NoStore(Response::Redirect(t->path));
}

// The study report in the console: every questionnaire's shared questions side by side, then each
// module (as `mcsurvey report --study`), weighted to the study's margins when asked.
Response StudyReport(Ctx& c) {
  report::Options ro;
  ro.by = c.Field("by");
  if (ro.by.empty()) ro.by = "group";
  std::string min_cell = c.Field("min_cell");
  if (!min_cell.empty()) {
    int v = 0;
    auto [p, ec] = std::from_chars(min_cell.data(), min_cell.data() + min_cell.size(), v);
    if (ec != std::errc() || p != min_cell.data() + min_cell.size() || v < 1 || v > 1000)
      return Page(c, 400, "Study report", "<p>The smallest cell shown is a whole number from 1 to 1000.</p>");
    ro.min_cell = v;
  }
  const auto forms = StudyForms(c);
  if (forms.empty()) return Page(c, 404, "Study report", "<p>No questionnaire yet.</p>");
  // One threshold with the questionnaires' public pages (web::ReportMinCell).
  if (min_cell.empty())
    for (const auto& f : forms)
      if (PublicResults p = ReadPublicResults(c.app.store(), f->id); p.published) {
        ro.min_cell = p.min_cell;
        break;
      }
  for (const auto& f : forms)
    if (auto m = ReportMinCell(c.app.store(), f->id, ro.min_cell); !m.ok())
      return Page(c, 409, "Study report", "<p>" + Esc(m.error().message) + "</p>");
  auto study = report::LoadStudy(c.app.store(), forms, "");
  if (!study.ok()) return Page(c, 503, "Study report", "<p>" + Esc(study.error().message) + "</p>");
  ro.generated_at = FormatStudyTime(c.app.clock().Now());
  ro.merged = study->merged;
  for (const auto& f : forms)
    for (auto& [q, list] : report::ParseQuotes(c.app.store().GetSetting(report::QuotesKey(f->id)).value_or("")))
      for (auto& one : list) ro.quotes[q].push_back(std::move(one));
  stats::Weighting wt;
  if (c.Field("weighted") == "1") {
    auto margins = stats::ParseMargins(c.app.store().GetSetting(kStudyMarginsKey).value_or(""));
    if (!margins.ok() || margins->empty())
      return Page(c, 400, "Study report", "<p>No population margins are set for the study report (Weighting).</p>");
    auto w = stats::ComputeWeights(study->united, *margins);
    if (!w.ok()) return Page(c, 400, "Study report", "<p>" + Esc(w.error().message) + "</p>");
    wt = std::move(w).value();
    ro.weighting = &wt;
    ro.weights_source = "the study's margins set in the console";
  }
  auto html = report::RenderStudyHtml(study->Parts(), study->united, i18n::T("en", "report_study_title"), ro);
  if (!html.ok()) return Page(c, 400, "Study report", "<p>" + Esc(html.error().message) + "</p>");
  for (const auto& f : forms) (void)RecordReportMinCell(c.app.store(), f->id, ro.min_cell);
  c.Audit("report", "study", "by " + ro.by + (ro.weighting ? ", weighted" : ""));
  Response res = Response::Html(200, std::move(html).value());
  res.Header("Content-Security-Policy", "default-src 'none'; style-src " + report::CssHash() +
                                            "; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; "
                                            "base-uri 'none'; object-src 'none'");
  return NoStore(std::move(res));
}

// Open answers the team may quote in the report: per open question, its distinct answers (contacts
// masked, at most 60 shown), ticked when chosen. None is chosen by default.
constexpr std::size_t kQuoteCandidates = 60;

Response QuotesPage(Ctx& c, const std::string& message = "", int status = 200) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  stats::LoadOptions lo;
  auto ds = stats::Load(c.app.store(), *f, lo);
  if (!ds.ok()) return Page(c, 503, "Quotes", "<p>" + Esc(ds.error().message) + "</p>");
  const auto chosen = report::ParseQuotes(c.app.store().GetSetting(report::QuotesKey(f->id)).value_or(""));
  std::string body = message +
                     "<p>Tick up to " + std::to_string(report::kMaxQuotes) +
                     " answers per question to quote as written in the report of <strong>" + Esc(f->title) +
                     "</strong>. E-mail addresses and phone numbers are masked. Nothing is quoted unless chosen here; "
                     "a quote disappears when its response is erased or excluded.</p>\n"
                     "<form method=\"post\" action=\"/admin/report/" + EscAttr(f->id) + "/quotes\" class=\"stack\">" +
                     CsrfField(c);
  std::size_t id = 0;
  for (const auto& v : ds->vars()) {
    if (v.kind != stats::VarKind::kText || v.name.starts_with("_")) continue;
    bool multi = false;
    for (const auto& x : ds->vars()) multi = multi || x.question == v.name;
    if (multi) continue;
    std::vector<std::string> answers;
    std::set<std::string> seen;
    for (const auto& a : v.text) {
      if (a.empty()) continue;
      std::string q = report::QuoteOf(a);
      if (seen.insert(q).second) answers.push_back(std::move(q));
      if (answers.size() == kQuoteCandidates) break;
    }
    if (answers.empty()) continue;
    const auto it = chosen.find(v.name);
    body += "<fieldset><legend>" + Esc(v.label) + " <span class=\"small\">(" + Esc(v.name) + ")</span></legend>\n";
    for (const auto& a : answers) {
      const bool on = it != chosen.end() && std::find(it->second.begin(), it->second.end(), a) != it->second.end();
      const std::string box = "quote-" + std::to_string(id++);
      body += "<p><input type=\"checkbox\" id=\"" + box + "\" name=\"quote\" value=\"" + EscAttr(v.name + "\t" + a) +
              "\"" + (on ? " checked" : "") + "> <label for=\"" + box + "\">" + Esc(a) + "</label></p>\n";
    }
    body += "</fieldset>\n";
  }
  if (id == 0) body += "<p>No open answers yet.</p>\n";
  body += "<p><button class=\"button\" type=\"submit\">Save the quotes</button></p></form>\n";
  return NoStore(Page(c, status, "Quotes for the report", body));
}

// Saves the ticked quotes: each must be an answer (as masked) to an open question of the form; at
// most kMaxQuotes per question, in the order ticked.
Response SaveQuotes(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  stats::LoadOptions lo;
  auto ds = stats::Load(c.app.store(), *f, lo);
  if (!ds.ok()) return Page(c, 503, "Quotes", "<p>" + Esc(ds.error().message) + "</p>");
  std::map<std::string, std::vector<std::string>> quotes;
  for (const auto& [name, value] : c.form) {
    if (name != "quote") continue;
    const auto tab = value.find('\t');
    if (tab == std::string::npos) continue;
    const std::string question = value.substr(0, tab), text = value.substr(tab + 1);
    const stats::Variable* v = nullptr;
    for (const auto& x : ds->vars())
      if (x.name == question && x.kind == stats::VarKind::kText && !x.name.starts_with("_")) v = &x;
    if (!v) return QuotesPage(c, "<div class=\"error-summary\" role=\"alert\"><p>No open question " + Esc(question) +
                                     ".</p></div>\n", 422);
    bool found = false;
    for (const auto& a : v->text) found = found || (!a.empty() && report::QuoteOf(a) == text);
    if (!found)
      return QuotesPage(c, "<div class=\"error-summary\" role=\"alert\"><p>A quote must be one of the answers.</p></div>\n",
                        422);
    auto& list = quotes[question];
    if (list.size() == report::kMaxQuotes)
      return QuotesPage(c, "<div class=\"error-summary\" role=\"alert\"><p>At most " + std::to_string(report::kMaxQuotes) +
                               " quotes per question.</p></div>\n", 422);
    if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(text);
  }
  if (Status st = c.app.store().PutSetting(report::QuotesKey(f->id), report::SerializeQuotes(quotes)); !st.ok())
    return Page(c, 503, "Quotes", "<p>" + Esc(st.error().message) + "</p>");
  std::size_t n = 0;
  for (const auto& [q, list] : quotes) n += list.size();
  c.Audit("report-quotes", f->id, std::to_string(n) + " quotes");
  return NoStore(Response::Redirect("/admin/report/" + f->id + "/quotes"));
}

// Merged categories (issue 23): per closed question, choices combined into one category before
// small cells are suppressed; every report, cross-tab and the public results page use them.
Response MergesPage(Ctx& c, const std::string& message = "", int status = 200) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  const auto merges = StoredMerges(c, *f);
  const std::string action = "/admin/report/" + EscAttr(f->id) + "/merges";
  std::string body = message +
                     "<p>Combine answers of a closed question of <strong>" + Esc(f->title) +
                     "</strong> into one category, for example two small organisation sizes into \"under 50\", so "
                     "that a breakdown keeps a count that can be shown where its parts would be suppressed. The "
                     "report, its cross-tabs and the public results page use the merged category, and the report's "
                     "method section lists it. The same lines can be set with <code>mcsurvey merges --form " +
                     Esc(f->id) + " --set FILE</code>.</p>\n";
  const std::vector<std::string> described = stats::DescribeMerges(*f, merges);
  if (merges.empty()) {
    body += "<p id=\"merges-none\">No categories are merged: every answer is shown as asked.</p>\n";
  } else {
    body += "<table class=\"table\" id=\"merges\"><caption>Merged now</caption><thead><tr><th scope=\"col\">Merge"
            "</th><th scope=\"col\"><span class=\"visually-hidden\">Undo</span></th></tr></thead><tbody>\n";
    for (std::size_t i = 0; i < merges.size(); ++i) {
      body += "<tr><td>" + Esc(i < described.size() ? described[i] : merges[i].label) + "</td><td><form method=\"post\" "
              "action=\"" + action + "\">" + CsrfField(c) + "<input type=\"hidden\" name=\"remove\" value=\"" +
              std::to_string(i) + "\"><button class=\"button button--secondary\" type=\"submit\">Undo this merge"
              "</button></form></td></tr>\n";
    }
    body += "</tbody></table>\n";
  }
  body += "<h2>Merge answers of a question</h2>\n";
  std::size_t k = 0;
  for (const auto& n : f->nodes) {
    if ((n.type != form::Type::kSelectOne && n.type != form::Type::kSelectMultiple) || n.personal || !n.choices) continue;
    const std::string id = "m" + std::to_string(k++);
    std::string label = n.label.Get(f->lang(), f->lang());
    if (label.empty()) label = n.name;
    body += "<details><summary>" + Esc(label) + " <span class=\"small\">(" + Esc(n.name) + ")</span></summary>\n"
            "<form method=\"post\" action=\"" + action + "\" class=\"stack\">" + CsrfField(c) +
            "<input type=\"hidden\" name=\"question\" value=\"" + EscAttr(n.name) + "\"><fieldset><legend>The "
            "answers to combine (two or more)</legend>\n";
    std::size_t j = 0;
    for (const auto& ch : n.choices->choices) {
      const std::string box = id + "-" + std::to_string(j++);
      std::string cl = ch.label.empty() ? ch.name : ch.label.Get(f->lang(), f->lang());
      body += "<p><input type=\"checkbox\" id=\"" + box + "\" name=\"choice\" value=\"" + EscAttr(ch.name) +
              "\"> <label for=\"" + box + "\">" + Esc(cl) + "</label></p>\n";
    }
    body += "</fieldset><p><label class=\"label\" for=\"" + id + "-label\">Label of the combined category</label>"
            "<input class=\"input\" id=\"" + id + "-label\" name=\"label\" maxlength=\"200\"></p>"
            "<p><button class=\"button\" type=\"submit\">Merge</button></p></form></details>\n";
  }
  return NoStore(Page(c, status, "Merged categories", body));
}

Response SaveMerges(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  auto merges = StoredMerges(c, *f);
  auto refuse = [&](const std::string& why) {
    return MergesPage(c, "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(why) + "</p></div>\n", 422);
  };
  std::string detail;
  if (const std::string rm = c.Field("remove"); !rm.empty()) {
    std::size_t i = 0;
    auto [p, ec] = std::from_chars(rm.data(), rm.data() + rm.size(), i);
    if (ec != std::errc() || p != rm.data() + rm.size() || i >= merges.size()) return refuse("No such merge.");
    detail = "undo " + merges[i].question;
    merges.erase(merges.begin() + static_cast<std::ptrdiff_t>(i));
  } else {
    stats::Merge m;
    m.question = c.Field("question");
    m.label = std::string(Trim(c.Field("label")));
    for (const auto& [name, value] : c.form)
      if (name == "choice" && std::find(m.choices.begin(), m.choices.end(), value) == m.choices.end())
        m.choices.push_back(value);
    if (m.label.empty()) return refuse("Give the combined category a label.");
    if (m.label.size() > 200) return refuse("The label is too long (200 characters at most).");
    if (m.choices.size() < 2) return refuse("Tick two or more answers to combine.");
    merges.push_back(m);
    for (std::size_t i = 0; i < merges.size(); ++i) merges[i].line = static_cast<int>(i) + 1;
    if (Status st = stats::CheckMerges(*f, merges); !st.ok()) {
      // The message names a line and column of the stored list; the console says it in words.
      const std::string& msg = st.error().message;
      const auto colon = msg.find(": ");
      return refuse(colon == std::string::npos ? msg : msg.substr(colon + 2));
    }
    detail = "merge " + m.question + ": " + Join(m.choices, "+");
  }
  if (Status st = c.app.store().PutSetting(stats::MergesKey(f->id), stats::SerializeMerges(merges)); !st.ok())
    return Page(c, 503, "Merged categories", "<p>" + Esc(st.error().message) + "</p>");
  c.Audit("report-merges", f->id, detail);
  return NoStore(Response::Redirect("/admin/report/" + f->id + "/merges"));
}

}  // namespace

void AddDataRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/exports", Role::kAnalyst, [](Ctx& c) { return ExportsPage(c); });
  Get(app, r, "/admin/exports/{file}", Role::kAnalyst, [](Ctx& c) { return Download(c); });
  Get(app, r, "/admin/followups", Role::kOwner, [](Ctx& c) { return FollowupsPage(c); });
  Get(app, r, "/admin/followups/{form}", Role::kOwner, [](Ctx& c) { return FollowupsDownload(c); });
  Post(app, r, "/admin/responses/{rid}/delete", Role::kOwner, [](Ctx& c) { return Delete(c); });
  Get(app, r, "/admin/report", Role::kAnalyst, [](Ctx& c) { return ReportPage(c); });
  Get(app, r, "/admin/report/{form}", Role::kAnalyst, [](Ctx& c) { return Report(c); });
  Get(app, r, "/admin/report/{form}/merges", Role::kAnalyst, [](Ctx& c) { return MergesPage(c); });
  Post(app, r, "/admin/report/{form}/merges", Role::kAnalyst, [](Ctx& c) { return SaveMerges(c); });
  Get(app, r, "/admin/report/{form}/quotes", Role::kAnalyst, [](Ctx& c) { return QuotesPage(c); });
  Post(app, r, "/admin/report/{form}/quotes", Role::kAnalyst, [](Ctx& c) { return SaveQuotes(c); });
  Get(app, r, "/admin/report/{form}/weights", Role::kAnalyst, [](Ctx& c) { return WeightsPage(c, false); });
  Post(app, r, "/admin/report/{form}/weights", Role::kAnalyst, [](Ctx& c) { return SaveWeights(c, false); }, true);
  Get(app, r, "/admin/study-report", Role::kAnalyst, [](Ctx& c) { return StudyReport(c); });
  Get(app, r, "/admin/study-report/weights", Role::kAnalyst, [](Ctx& c) { return WeightsPage(c, true); });
  Post(app, r, "/admin/study-report/weights", Role::kAnalyst, [](Ctx& c) { return SaveWeights(c, true); }, true);
}

}  // namespace mcs::web::admin
