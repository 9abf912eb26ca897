// Operations: health, metrics, static assets, and the console's entrance.
#include <cstdio>

#include "common/embedded.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "web/app.h"
#include "web/request_lang.h"
#include "web/views.h"

namespace mcs::web {
namespace {

using http::Request;
using http::Response;

std::string ContentType(std::string_view name) {
  auto dot = name.rfind('.');
  std::string ext = dot == std::string_view::npos ? "" : ToLower(name.substr(dot + 1));
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "json") return "application/json";
  return "application/octet-stream";
}

// A strong validator for an embedded file (FNV-1a of its bytes): after the hour of max-age a browser
// revalidates with If-None-Match and gets 304 with no body.
std::string ETagOf(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ULL;
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

Response Static(const Request& req, const http::Params& p) {
  const std::string& name = p.at("file");
  // Only embedded files by exact name: nothing on disk is reachable, so no path can traverse.
  const embedded::File* f = embedded::Find(name);
  if (!f || name.find('/') != std::string::npos || name.ends_with(".md")) return Response::Text(404, "not found\n");
  Response r;
  r.content_type = ContentType(name);
  std::string etag = ETagOf(f->data);
  r.Header("Cache-Control", "public, max-age=3600");
  r.Header("ETag", etag);
  if (req.Header("if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  r.body = std::string(f->data);
  return r;
}

Response MetricsPage(App& app) {
  const Metrics& m = app.metrics();
  std::string out;
  auto counter = [&](const char* name, const char* help, std::uint64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
           std::to_string(v) + "\n";
  };
  counter("mcsurvey_responses_started_total", "Responses started in the browser.", m.responses_started);
  counter("mcsurvey_responses_completed_total", "Responses completed (pages and API).", m.responses_completed);
  counter("mcsurvey_page_saves_total", "Pages saved.", m.page_saves);
  counter("mcsurvey_pages_reused_total", "Question pages filled in from a kept rendering.", m.pages_reused);
  counter("mcsurvey_pages_rendered_total", "Question pages rendered for one respondent.", m.pages_rendered);
  counter("mcsurvey_storage_failures_total", "Writes the storage refused (disk full, read-only).", m.storage_failures);
  for (const auto& f : app.forms().AllLatest()) {
    auto c = app.store().CountResponses(f->id);
    // Labels pass http::MetricLabel (no line break can forge a metric line); ids are checked at compile time too.
    const std::string label = http::MetricLabel(f->id);
    out += "mcsurvey_responses{form=\"" + label + "\",status=\"complete\"} " + std::to_string(c.complete) + "\n";
    out += "mcsurvey_responses{form=\"" + label + "\",status=\"partial\"} " + std::to_string(c.partial) + "\n";
  }
  Response r = Response::Text(200, std::move(out));
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

}  // namespace

void AddOpsRoutes(App& app, http::Router& r, const http::Router*) {
  r.Add("GET", "/healthz", [](const Request&, const http::Params&) { return Response::Text(200, "ok"); },
        http::Cost::kQuick);
  r.Add("GET", "/metrics", [&app](const Request&, const http::Params&) { return MetricsPage(app); });
  // Browsers ask for it on every site; answer without an error so consoles and logs stay clean.
  r.Add("GET", "/favicon.ico", [](const Request&, const http::Params&) {
    Response res;
    res.status = 204;
    res.content_type = "image/x-icon";
    res.Header("Cache-Control", "public, max-age=86400");
    return res;
  });
  r.Add("GET", "/static/{file}", [](const Request& req, const http::Params& p) { return Static(req, p); }, http::Cost::kQuick);
  // A respondent who mistypes a link gets the page in their language: the router's refusal
  // (App::MakeRouter, web/refusal.cpp).
}

}  // namespace mcs::web
