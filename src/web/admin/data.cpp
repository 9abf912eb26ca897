// Data out: exports for analysis (CSV, XLSX, SPSS .sav, Stata .dta, through src/export) and the
// erasure of a single response. Every download and deletion is in the audit log.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/strings.h"
#include "common/timezone.h"
#include "export/export.h"
#include "report/report.h"
#include "stats/dataset.h"
#include "web/admin/console.h"

namespace mcs::web::admin {
namespace {

using http::Response;

struct Format {
  const char* ext;
  const char* content_type;
};

constexpr Format kFormats[] = {
    {"csv", "text/csv; charset=utf-8"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"sav", "application/x-spss-sav"},
    {"dta", "application/x-stata-dta"},
};

Response ExportsPage(Ctx& c) {
  std::string body =
      "<p>Complete responses, without excluded responses and test previews. Personal data is never exported "
      "here. Partial responses too: add <code>?all=1</code> to a link.</p>\n<table class=\"table\"><caption>Downloads"
      "</caption><thead><tr><th scope=\"col\">Form</th><th scope=\"col\">Version</th><th scope=\"col\">Files</th></tr>"
      "</thead><tbody>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    body += "<tr><th scope=\"row\">" + Esc(f->title) + "</th><td>" + Esc(f->version) + "</td><td>";
    bool first = true;
    for (const Format& fm : kFormats) {
      body += (first ? "" : " · ") + std::string("<a href=\"/admin/exports/") + Esc(f->id) + "." + fm.ext + "\">" +
              fm.ext + "</a>";
      first = false;
    }
    body += "</td></tr>\n";
  }
  body += "</tbody></table>\n";
  return Page(c, 200, "Exports", body);
}

// Writers that need a file (libxlsxwriter, ReadStat) write to a private temporary file, read back.
Result<std::string> ViaTempFile(const std::function<Result<long long>(const std::string&)>& write) {
  char path[] = "/tmp/mcsurvey-export-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "no temporary file for the export");
  close(fd);
  auto n = write(path);
  std::string bytes;
  if (n.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  std::remove(path);
  if (!n.ok()) return n.error();
  return bytes;
}

Response Download(Ctx& c) {
  std::string file = c.Param("file");
  auto dot = file.rfind('.');
  if (dot == std::string::npos) return NotFound(c);
  std::string id = file.substr(0, dot), ext = file.substr(dot + 1);
  const Format* fmt = nullptr;
  for (const Format& f : kFormats) {
    if (ext == f.ext) fmt = &f;
  }
  auto f = c.app.forms().Latest(id);
  if (!f || !fmt) return NotFound(c);
  exporter::Options opts;
  opts.complete_only = c.Field("all") != "1";
  Result<std::string> bytes = std::string();
  storage::Storage& store = c.app.store();
  if (ext == "csv") {
    std::ostringstream out;
    auto n = exporter::WriteCsv(store, *f, opts, out, [](const std::string&) -> std::ostream* { return nullptr; });
    bytes = n.ok() ? Result<std::string>(out.str()) : Result<std::string>(n.error());
  } else if (ext == "xlsx") {
    bytes = ViaTempFile([&](const std::string& p) { return exporter::WriteXlsx(store, *f, opts, p); });
  } else if (ext == "sav") {
    bytes = ViaTempFile([&](const std::string& p) {
      return exporter::WriteSav(store, *f, opts, p, [](const std::string&) { return std::string(); });
    });
  } else {
    bytes = ViaTempFile([&](const std::string& p) {
      return exporter::WriteDta(store, *f, opts, p, [](const std::string&) { return std::string(); });
    });
  }
  if (!bytes.ok()) return Page(c, 503, "Export failed", "<p>" + Esc(bytes.error().message) + "</p>");
  c.Audit("export", f->id, ext + (opts.complete_only ? "" : ", with partial responses"));
  Response r;
  r.content_type = fmt->content_type;
  r.body = std::move(bytes).value();
  r.Header("Content-Disposition", "attachment; filename=\"" + f->id + "." + ext + "\"");
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
            "<select id=\"by-" + Esc(f->id) + "\" name=\"by\"><option value=\"\">none (all respondents)</option>";
    for (const auto& n : f->nodes) {
      if (n.type != form::Type::kSelectOne || n.personal || n.repeat != 0) continue;
      body += "<option value=\"" + EscAttr(n.name) + "\">" + Esc(n.name) + "</option>";
    }
    body += "</select> <label for=\"min-" + Esc(f->id) + "\">Smallest cell shown</label> "
            "<input id=\"min-" + Esc(f->id) + "\" name=\"min_cell\" type=\"number\" min=\"1\" value=\"5\"> "
            "<button class=\"button\" type=\"submit\">Open the report</button></fieldset></form>\n";
  }
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
  ro.generated_at = FormatBrussels(c.app.clock().Now());
  stats::LoadOptions lo;
  auto ds = stats::Load(c.app.store(), *f, lo);
  if (!ds.ok()) return Page(c, 503, "Report", "<p>" + Esc(ds.error().message) + "</p>");
  auto html = report::RenderHtml(*f, *ds, ro);
  if (!html.ok()) return Page(c, 400, "Report", "<p>" + Esc(html.error().message) + "</p>");
  c.Audit("report", f->id, ro.by.empty() ? "" : "by " + ro.by);
  Response res = Response::Html(200, std::move(html).value());
  res.Header("Content-Security-Policy", "default-src 'none'; style-src " + report::CssHash() +
                                            "; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; "
                                            "base-uri 'none'; object-src 'none'");
  return NoStore(std::move(res));
}

}  // namespace

void AddDataRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/exports", Role::kAnalyst, [](Ctx& c) { return ExportsPage(c); });
  Get(app, r, "/admin/exports/{file}", Role::kAnalyst, [](Ctx& c) { return Download(c); });
  Post(app, r, "/admin/responses/{rid}/delete", Role::kOwner, [](Ctx& c) { return Delete(c); });
  Get(app, r, "/admin/report", Role::kAnalyst, [](Ctx& c) { return ReportPage(c); });
  Get(app, r, "/admin/report/{form}", Role::kAnalyst, [](Ctx& c) { return Report(c); });
}

}  // namespace mcs::web::admin
