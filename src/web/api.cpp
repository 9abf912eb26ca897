// The JSON API (INTERFACE.md): forms, their normalised JSON, submissions, and reading responses with a
// bearer token. Submissions go through the same engine as the pages: same checks, same messages.
#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/unavailable_error.h"
#include "engine/answers_json.h"
#include "engine/consent.h"
#include "engine/flow.h"
#include "privacy/acknowledgement.h"
#include "web/app.h"
#include "web/export_request.h"

namespace mcs::web {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

Response JsonError(int status, const std::string& error) {
  return Response::Json(status, json::serialize(json::object{{"error", error}}));
}

const char* StateName(WindowState s) {
  switch (s) {
    case WindowState::kOpen: return "open";
    case WindowState::kClosed: return "closed";
    case WindowState::kScheduled: return "scheduled";
    case WindowState::kArchived: return "archived";
  }
  return "closed";
}

// The public gets the published forms; a request with a valid API token (any role) gets the team's
// list, where a form whose newest version is a draft shows that version with status "draft"
// (INTERFACE.md). A wrong token is not an error here: the public list.
Response ListForms(App& app, const Request& req) {
  bool team = false;
  if (std::string_view auth = req.Header("authorization"); StartsWith(auth, "Bearer ") && auth.size() >= 8) {
    team = app.store().FindApiTokenUser(Sha256Hex(Trim(auth.substr(7)))).has_value();
  }
  app.SyncForms();
  json::array arr;
  for (const auto& f : team ? app.forms().AllLatest() : app.forms().AllPublished()) {
    storage::FormWindow w;
    WindowState s = app.Window(f->id, &w);
    // An archived form has left the public's view (fieldwork over); the team still sees it.
    if (s == WindowState::kArchived && !team) continue;
    json::array langs;
    for (const auto& l : f->languages) langs.emplace_back(l.code);
    bool draft = !app.forms().IsPublished(f->id, f->version);
    // A version published at its opening time is "scheduled" for the team until then.
    if (draft && app.forms().PublishedAt(f->id, f->version) != 0) {
      draft = false;
      if (s == WindowState::kOpen) s = WindowState::kScheduled;
    }
    arr.push_back(json::object{{"id", f->id},
                               {"title", f->title},
                               {"version", f->version},
                               {"status", draft ? "draft" : StateName(s)},
                               {"opens_at", w.opens_at ? json::value(FormatTimeUtc(w.opens_at)) : json::value(nullptr)},
                               {"closes_at", w.closes_at ? json::value(FormatTimeUtc(w.closes_at)) : json::value(nullptr)},
                               {"languages", std::move(langs)}});
  }
  Response r = Response::Json(200, json::serialize(arr));
  if (team) r.Header("Cache-Control", "no-store");
  return r;
}

Response GetForm(App& app, const http::Params& p) {
  app.SyncForms();
  auto f = app.forms().Published(p.at("id"));
  if (!f) return JsonError(404, "unknown form");
  return Response::Json(200, form::ToJson(*f));
}

Response Submit(App& app, const Request& req, const http::Params& p) {
  // A draft is refused like an unknown form (the public learns nothing of the team's drafts).
  app.SyncForms();
  auto f = app.forms().Published(p.at("id"));
  if (!f) return JsonError(404, "unknown form");
  if (app.Window(f->id) != WindowState::kOpen) return JsonError(403, "closed");
  boost::system::error_code ec;
  json::value doc = json::parse(req.body, ec);
  if (ec) return JsonError(400, "malformed JSON: " + ec.message());
  if (!doc.is_object()) return JsonError(400, "the body must be a JSON object");
  const json::object& o = doc.as_object();
  const json::value* answers = o.if_contains("answers");
  if (!answers || !answers->is_object()) return JsonError(400, "\"answers\" must be an object");
  std::string lang = f->default_language;
  if (const json::value* l = o.if_contains("lang")) {
    if (!l->is_string()) return JsonError(400, "\"lang\" must be a string");
    std::string want(l->as_string());
    if (!f->HasLanguage(want)) {
      return Response::Json(422, json::serialize(json::object{
                                     {"errors", json::array{json::object{
                                                    {"field", "lang"}, {"message", "The form has no language '" + want + "'."}}}}}));
    }
    lang = want;
  }
  // A form whose respondents acknowledge the privacy notice before the first question (issue 25)
  // takes an API submission only with "privacy_acknowledged": true: the client has shown the notice
  // (GET /privacy) and the person confirmed reading it. Recorded like a browser's acknowledgement.
  bool acknowledged = false;
  if (const json::value* ack = o.if_contains("privacy_acknowledged")) {
    if (!ack->is_bool()) return JsonError(400, "\"privacy_acknowledged\" must be true or false");
    acknowledged = ack->as_bool();
  }
  if (!acknowledged && app.AcknowledgementRequired(f->id)) {
    return Response::Json(
        422, json::serialize(json::object{
                 {"errors", json::array{json::object{
                                {"field", "privacy_acknowledged"},
                                {"message", "The privacy notice has not been acknowledged: this form asks respondents to "
                                            "read the privacy notice (GET /privacy) before the first question. Show it "
                                            "and send \"privacy_acknowledged\": true once the respondent has read it."}}}}}));
  }
  std::vector<engine::FieldError> errors;
  engine::Answers a = engine::FromApiJson(*f, answers->as_object(), lang, errors);
  engine::Runtime rt(*f);
  TimeMs now = app.clock().Now();
  rt.SetMeta(a, "start", FormatTimeUtc(now));
  rt.SetMeta(a, "end", FormatTimeUtc(now));
  rt.SetMeta(a, "today", StudyIsoDate(now));  // as for respondents in the browser
  // The same checks and clean-up as a respondent's last page (engine/flow.h): answers to questions
  // that do not apply are blank to every expression and are not stored.
  if (errors.empty()) errors = engine::Complete(rt, a, lang);
  if (errors.empty()) engine::RecordConsent(*f, a, lang, FormatTimeUtc(now));  // kept with the contact details
  if (!errors.empty()) {
    json::array arr;
    for (const auto& e : errors) {
      json::object eo{{"field", e.field}, {"message", e.message}};
      if (e.instance >= 0) eo["instance"] = e.instance + 1;
      arr.push_back(std::move(eo));
    }
    return Response::Json(422, json::serialize(json::object{{"errors", std::move(arr)}}));
  }
  storage::ResponseRecord rec;
  rec.id = app.random().Token(12, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
  rec.form_id = f->id;
  rec.form_version = f->version;
  rec.lang = lang;
  rec.status = storage::ResponseStatus::kComplete;
  engine::ToStoredJsonSplit(*f, a, rec.answers_json, rec.personal_json);
  rec.channel = "api";
  rec.started_at = rec.updated_at = rec.submitted_at = now;
  if (acknowledged && app.AcknowledgementRequired(f->id)) {
    privacy::Acknowledge(rec, privacy::NoticeToAcknowledge(app.store(), f->id, lang, f->lang()), now);
  }
  // 201 only once the group commit holding this response is on disk.
  if (Status st = app.store().InsertResponse(rec); !st.ok()) {
    app.metrics().storage_failures++;
    return JsonError(503, "your answers could not be saved, please try again");
  }
  app.metrics().responses_completed++;
  Response r = Response::Json(201, json::serialize(json::object{{"id", rec.id}}));
  r.Header("Location", "/api/v1/forms/" + f->id + "/responses/" + rec.id);
  return r;
}

Response ListResponses(App& app, const Request& req, const http::Params& p) {
  // Token guessing: after too many failures from one address even a right token waits.
  const std::string client = app.ClientOf(req);
  const TimeMs now = app.clock().Now();
  if (!app.auth_failures().Check(client, now)) {
    return JsonError(429, "too many failed attempts: please wait a moment")
        .Header("Retry-After", std::to_string(app.auth_failures().RetryAfterSeconds()));
  }
  auto unauthorized = [&] {
    (void)app.auth_failures().Allow(client, now);
    return JsonError(401, "unauthorized").Header("WWW-Authenticate", "Bearer");
  };
  std::string_view auth = req.Header("authorization");
  if (!StartsWith(auth, "Bearer ") || auth.size() < 8) return unauthorized();
  auto user = app.store().FindApiTokenUser(Sha256Hex(Trim(auth.substr(7))));
  if (!user) return unauthorized();
  if (user->role != "owner" && user->role != "analyst") return JsonError(403, "forbidden");
  auto f = app.forms().Latest(p.at("id"));
  if (!f) return JsonError(404, "unknown form");
  if (!app.TryStartExport()) {
    return JsonError(503, "too many exports are running, please try again shortly").Header("Retry-After", "5");
  }
  struct Slot {
    App& app;
    ~Slot() { app.EndExport(); }
  } slot{app};
  const http::FormData query = req.Query();
  if (!http::First(query, "format").empty()) {
    // The same files as the console's download and `mcsurvey export`, from the same code.
    auto ex = ParseExportRequest([&](std::string_view name) { return http::First(query, name); });
    if (!ex.ok()) return JsonError(400, ex.error().message);
    auto ef = FormForExport(app.forms(), f->id, ex->opts.form_version);
    if (!ef) return JsonError(404, "unknown form version");
    auto bytes = ExportBytes(app.store(), *ef, *ex);
    if (!bytes.ok()) return JsonError(503, bytes.error().message);
    storage::AuditEvent e;
    e.at = app.clock().Now();
    e.user = user->name;
    e.action = "export";
    e.target = f->id;
    e.detail = "API: " + Describe(*ex);
    (void)app.store().AppendAudit(e);
    Response res;
    res.status = 200;
    res.content_type = std::string(exporter::ContentType(ex->format));
    res.body = std::move(bytes).value();
    res.Header("Content-Disposition", "attachment; filename=\"" + exporter::DownloadName(f->id, ex->format) + "\"");
    res.Header("Cache-Control", "no-store");
    return res;
  }
  bool all = http::First(query, "status") == "all";
  std::string out = "[";
  bool first = true;
  Status st = app.store().ForEachResponse(f->id, storage::ResponseFilter{!all, ""}, [&](const storage::ResponseRecord& r) {
    auto a = engine::FromStoredJson(r.answers_json);
    if (!a.ok()) return true;
    auto fv = app.forms().Version(f->id, r.form_version);
    json::object o{{"id", r.id},
                   {"form_version", r.form_version},
                   {"lang", r.lang},
                   {"status", storage::StatusName(r.status)},
                   {"started_at", FormatTimeUtc(r.started_at)},
                   {"submitted_at", r.submitted_at ? json::value(FormatTimeUtc(r.submitted_at)) : json::value(nullptr)},
                   {"answers", engine::ToApiJson(fv ? *fv : *f, *a)}};
    if (r.privacy_ack_at) {  // issue 25: the privacy notice acknowledged before the first question
      o["privacy_acknowledged_at"] = FormatTimeUtc(r.privacy_ack_at);
      o["privacy_notice"] = r.privacy_notice;
    }
    if (!first) out += ',';
    first = false;
    out += json::serialize(o);
    return true;
  });
  if (!st.ok()) return JsonError(503, "storage unavailable");
  out += "]";
  return Response::Json(200, std::move(out));
}

// A submission whose reads the storage cannot answer (the database server is down or restarting)
// fails like a refused write.
Response SubmitOrNotSaved(App& app, const Request& req, const http::Params& p) {
  try {
    return Submit(app, req, p);
  } catch (const UnavailableError&) {
    app.metrics().storage_failures++;
    return JsonError(503, "your answers could not be saved, please try again");
  }
}

}  // namespace

void AddApiRoutes(App& app, http::Router& r) {
  r.Add("GET", "/api/v1/forms", [&app](const Request& req, const http::Params&) { return ListForms(app, req); });
  r.Add("GET", "/api/v1/forms/{id}", [&app](const Request&, const http::Params& p) { return GetForm(app, p); });
  r.Add("POST", "/api/v1/forms/{id}/responses",
        [&app](const Request& req, const http::Params& p) { return SubmitOrNotSaved(app, req, p); });
  r.Add("GET", "/api/v1/forms/{id}/responses",
        [&app](const Request& req, const http::Params& p) { return ListResponses(app, req, p); });
}

}  // namespace mcs::web
