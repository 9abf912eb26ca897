// Forms: the list, uploading an XLSForm (a new version when its form_id exists), a version's life
// (it lands as a draft; the owner publishes it, or deletes it while it has no responses), the
// open/close window with pause and the closed message, and previews in test mode.
#include <cstdio>

#include "common/strings.h"
#include "common/timezone.h"
#include "form/xliff.h"
#include "web/admin/console.h"
#include "web/invitation.h"

namespace mcs::web::admin {
namespace {

using http::Response;

constexpr TimeMs kPreviewMs = 2 * 3600 * 1000;

std::string StateName(App& app, const std::string& id, storage::FormWindow& w) {
  switch (app.Window(id, &w)) {
    case WindowState::kOpen:
      return "open";
    case WindowState::kScheduled:
      return "scheduled";
    case WindowState::kClosed:
      return w.paused ? "paused" : "closed";
    case WindowState::kArchived:
      return "archived";
  }
  return "";
}

// "2027-07-05T23:59" (wall-clock time in the study's zone), for <input type="datetime-local">.
std::string LocalInput(TimeMs utc) {
  if (utc <= 0) return "";
  return LocalIsoMinute(StudyTimeZone(), utc);
}

// The zone's name for the labels: "Asia/Tokyo, Japan Standard Time".
std::string ZoneLabel() {
  const std::string zone = StudyTimeZone();
  return zone + ", " + ZoneDisplayName(zone, "en");
}

// Parses a datetime-local value as wall-clock time in the study's zone; 0 for empty, -1 when malformed.
TimeMs ParseLocal(const std::string& s) {
  if (s.empty()) return 0;
  int y, mo, d, h, mi;
  char tail;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5) return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || y < 2000 || y > 9999) return -1;
  TimeMs t = LocalToUtc(StudyTimeZone(), y, mo, d, h, mi);
  // 30 February, or a time skipped when the clocks go forward, does not come back as written.
  return LocalInput(t) == s.substr(0, 16) ? t : -1;
}

std::string UploadForm(const Ctx& c) {
  return "<h2>Upload a questionnaire</h2>\n<form method=\"post\" action=\"/admin/forms/upload\" "
         "enctype=\"multipart/form-data\" "
         "class=\"stack\">" +
         CsrfField(c) +
         "<p><label class=\"label\" for=\"file\">XLSForm (.xlsx, .csv or .md)</label><span class=\"hint\" "
         "id=\"file-hint\">"
         "A form whose form_id exists becomes its new version; give it a new version in the settings sheet.</span><br>"
         "<input class=\"file\" type=\"file\" id=\"file\" name=\"file\" accept=\".xlsx,.csv,.md\" "
         "aria-describedby=\"file-hint\" required>"
         "</p><p><button class=\"button\" type=\"submit\">Upload</button></p></form>\n";
}

Response FormsPage(Ctx& c, const std::string& top, int status = 200) {
  std::string body = top;
  body +=
      "<div class=\"table-wrap\"><table class=\"table\"><caption>Questionnaires</caption><thead><tr><th "
      "scope=\"col\">Form</th>"
      "<th scope=\"col\">Version</th><th scope=\"col\">Status</th><th scope=\"col\">Opens</th><th "
      "scope=\"col\">Closes</th>"
      "<th scope=\"col\" class=\"num\">Complete</th><th scope=\"col\" class=\"num\">Partial</th><th "
      "scope=\"col\">Links</th>"
      "</tr></thead><tbody>\n";
  for (const auto& f : c.app.forms().AllLatest()) {
    storage::FormWindow w;
    std::string state = StateName(c.app, f->id, w);
    auto counts = c.app.store().CountResponses(f->id);
    std::string version = Esc(f->version);
    if (!c.app.forms().IsPublished(f->id, f->version)) {
      auto live = c.app.forms().Published(f->id);
      // The public goes on answering the published version while the new one is a draft.
      const TimeMs at = c.app.forms().PublishedAt(f->id, f->version);
      state = at ? "publication scheduled" : "draft";
      if (at) version += "<br><span class=\"small\">published " + Esc(When(at)) + "</span>";
      if (live) version += "<br><span class=\"small\">respondents get " + Esc(live->version) + "</span>";
    }
    // Each language's completeness (issue 24): a version with an incomplete one cannot be published.
    std::string langs;
    for (const auto& comp : form::AllCompleteness(*f)) {
      langs += " \u00b7 <span class=\"" + std::string(comp.missing.empty() ? "status-open" : "status-closed") +
               "\">" + Esc(comp.lang) + " " + std::to_string(comp.Percent()) + "%</span>";
    }
    if (!langs.empty()) langs = "<br><span class=\"small\">" + Esc(form::SourceLanguage(*f)) + langs + "</span>";
    body += "<tr><th scope=\"row\">" + Esc(f->title) + "<br><code>" + Esc(f->id) + "</code>" + langs + "</th><td>" +
            version + "</td><td class=\"status-" + (state == "paused" || state == "archived" ? std::string("closed")
                                                                      : state == "publication scheduled"
                                                                            ? std::string("scheduled")
                                                                            : state) +
            "\">" + state + "</td><td>" + Esc(When(w.opens_at)) + "</td><td>" + Esc(When(w.closes_at)) +
            "</td><td class=\"num\">" + std::to_string(counts.complete) + "</td><td class=\"num\">" +
            std::to_string(counts.partial) + "</td><td>" + "<a href=\"/s/" + Esc(f->id) + "\">Public link</a>";
    if (c.Can(Role::kAnalyst)) body += " · <a href=\"/admin/forms/" + Esc(f->id) + "/preview\">Preview</a>";
    if (c.Can(Role::kAnalyst)) body += " · <a href=\"/admin/forms/" + Esc(f->id) + "/translations\">Translations</a>";
    body += " · <a href=\"/admin/forms/" + Esc(f->id) + "/print\">Print</a>";  // print.cpp
    if (c.Can(Role::kAnalyst) && c.app.forms().Published(f->id))
      body += " · <a href=\"/admin/forms/" + Esc(f->id) + "/results\">Public results</a>";  // results.cpp
    if (c.Can(Role::kOwner)) {
      body += " · <a href=\"/admin/forms/" + Esc(f->id) + "\">" +
              (state == "draft" || state == "publication scheduled" ? "Publish or delete"
               : state == "archived"                                 ? "Archived: take out of the archive"
                                                                     : "Open, close, pause, archive") +
              "</a>";
    }
    body += "</td></tr>\n";
  }
  body += "</tbody></table></div>\n<p class=\"small\">Times are the study's time zone (" + Esc(ZoneLabel()) + ").</p>\n";
  if (c.Can(Role::kOwner)) body += UploadForm(c);
  return Page(c, status, "Forms", body);
}

Response Upload(Ctx& c) {
  Uploaded file;
  if (auto refused = ReadUpload(c, Role::kOwner, file)) return std::move(*refused);
  if (file.file_name.empty() || file.text.empty()) {
    return FormsPage(c, "<div class=\"error-summary\" role=\"alert\"><p>Choose a file to upload.</p></div>\n", 422);
  }
  std::string name = file.file_name.substr(
      file.file_name.find_last_of("/\\") == std::string::npos ? 0 : file.file_name.find_last_of("/\\") + 1);
  std::string ext =
      ToLower(name.substr(name.find_last_of('.') == std::string::npos ? name.size() : name.find_last_of('.')));
  if (ext != ".xlsx" && ext != ".csv" && ext != ".md") {
    return FormsPage(
        c, "<div class=\"error-summary\" role=\"alert\"><p>An XLSForm is an .xlsx, .csv or .md file.</p></div>\n", 422);
  }
  Diagnostics diags;
  auto r = c.app.Import(file.text, name, diags);
  if (!r.ok()) {
    std::string out = "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">" + Esc(name) +
                      " has problems</h2><ul class=\"problems\">";
    bool any = false;
    for (const Diagnostic& d : diags.items()) {
      if (d.severity != Severity::kError) continue;
      any = true;
      out += "<li>";
      if (!d.sheet.empty()) out += "Sheet <strong>" + Esc(d.sheet) + "</strong>";
      if (d.row > 0) out += ", row <strong>" + std::to_string(d.row) + "</strong>";
      if (!d.column.empty()) out += ", column <strong>" + Esc(d.column) + "</strong>";
      out += (d.sheet.empty() ? "" : ": ") + Esc(d.message) + "</li>";
    }
    if (!any) out += "<li>" + Esc(r.error().message) + "</li>";
    out += "</ul><p>Nothing was changed. Correct the file and upload it again.</p></div>\n";
    c.Audit("form-upload-rejected", name, std::to_string(diags.items().size()) + " problems");
    return FormsPage(c, out, 422);
  }
  const auto& f = *r;
  int versions = 0;
  for (const auto& rec : c.app.store().AllFormVersions()) versions += rec.form_id == f->id ? 1 : 0;
  c.Audit("form-upload", f->id, "version " + f->version);
  std::string msg = versions > 1 ? "Uploaded a new version of " + f->id + ": version " + f->version + " (" +
                                       std::to_string(versions) + " versions)."
                                 : "Uploaded a new form " + f->id + ", version " + f->version + ".";
  if (!c.app.forms().IsPublished(f->id, f->version)) {
    msg += " It is a draft: preview it, then publish it from its page";
    msg += c.app.forms().Published(f->id) ? " (respondents get the published version until then)." : ".";
  }
  return FormsPage(c, "<p class=\"notice\" role=\"status\">" + Esc(msg) + "</p>\n");
}

// A version not live yet: preview, publish now or at the opening time (scheduled), delete.
std::string DraftSection(Ctx& c, const form::Form& f, const storage::FormWindow& w) {
  auto live = c.app.forms().Published(f.id);
  const std::string fbase = "/admin/forms/" + f.id;
  const TimeMs at = c.app.forms().PublishedAt(f.id, f.version);
  const TimeMs now = c.app.clock().Now();
  std::string body = "<h2>Draft</h2>\n<p>Version <strong>" + Esc(f.version) +
                     "</strong> is a draft: the team can <a href=\"" + Esc(fbase) +
                     "/preview\">preview</a> it; it is not on the landing page and the public cannot answer it. " +
                     (live ? "Respondents get the published version " + Esc(live->version) + " until it is published."
                           : std::string("Once published it takes answers within the opening times below.")) +
                     "</p>\n";
  if (at) {
    body += "<p class=\"notice\" id=\"scheduled\">Publication scheduled: version " + Esc(f.version) +
            " goes live " + Esc(When(at)) + ", and appears on the landing page then.</p>\n" +
            PostButton(c, fbase + "/schedule", "Cancel the scheduled publication", "version", f.version) + "\n";
  }
  body += PostButton(c, fbase + "/publish", "Publish version " + f.version + " now", "version", f.version, "button");
  if (w.opens_at > now && at != w.opens_at) {
    body += "\n<form method=\"post\" action=\"" + Esc(fbase) + "/schedule\" class=\"stack\">" + CsrfField(c) +
            "<input type=\"hidden\" name=\"version\" value=\"" + EscAttr(f.version) +
            "\"><input type=\"hidden\" name=\"at\" value=\"opening\"><p><button class=\"button button--secondary\" "
            "type=\"submit\">Publish at its opening time (" +
            Esc(When(w.opens_at)) + ")</button></p></form>";
  } else if (w.opens_at <= now && !at) {
    body += "\n<p class=\"small\">To publish it later, set an opening time below: a button to publish it then "
            "appears here.</p>";
  }
  body += "\n<form method=\"post\" action=\"" + Esc(fbase) + "/delete\" class=\"stack\">" + CsrfField(c) +
          "<input type=\"hidden\" name=\"version\" value=\"" + EscAttr(f.version) +
          "\"><p><input type=\"checkbox\" id=\"confirm\" name=\"confirm\" value=\"yes\" required> <label "
          "for=\"confirm\">Delete this draft for good (only a draft without responses can be deleted)</label></p>"
          "<p><button class=\"button button--warning\" type=\"submit\">Delete the draft</button></p></form>\n";
  return body;
}

Response WindowPage(Ctx& c, const std::string& notice, const std::string& error, int status = 200) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  storage::FormWindow w;
  std::string state = StateName(c.app, f->id, w);
  std::string base = "/admin/forms/" + f->id + "/window";
  std::string body;
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Esc(notice) + "</p>\n";
  if (!error.empty()) body += "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(error) + "</p></div>\n";
  if (!c.app.forms().IsPublished(f->id, f->version)) body += DraftSection(c, *f, w);
  if (state == "archived") {
    body += "<h2>Archived</h2>\n<p>The fieldwork of this form is over: it is not on the landing page and takes no "
            "answers. Its responses, exports and reports are kept. Archived " +
            Esc(When(w.archived_at)) + ".</p>\n" +
            PostButton(c, "/admin/forms/" + f->id + "/archive", "Take out of the archive", "action", "restore") + "\n";
    return Page(c, status, f->title + ": archived", body);
  }
  body += "<p>Now: <strong class=\"status-" + (state == "paused" ? std::string("closed") : state) + "\">" + state +
          "</strong>. Opens " + Esc(When(w.opens_at)) + "; closes " + Esc(When(w.closes_at)) + ".</p>\n";
  body += w.paused
              ? PostButton(c, base, "Reopen", "action", "reopen", "button")
              : PostButton(c, base, "Pause (stop taking answers now)", "action", "pause", "button button--warning");
  body += "\n<h2>Opening times</h2>\n<form method=\"post\" action=\"" + Esc(base) + "\" class=\"stack\">" +
          CsrfField(c) +
          "<input type=\"hidden\" name=\"action\" value=\"save\">"
          "<p><label class=\"label\" for=\"opens\">Opens (" + Esc(ZoneLabel()) + ")</label><span class=\"hint\" "
          "id=\"opens-hint\">Leave "
          "empty to open at once.</span><br><input class=\"input input--short\" type=\"datetime-local\" id=\"opens\" "
          "name=\"opens\" "
          "aria-describedby=\"opens-hint\" value=\"" +
          LocalInput(w.opens_at) +
          "\"></p>"
          "<p><label class=\"label\" for=\"closes\">Closes (" + Esc(ZoneLabel()) + ")</label><span class=\"hint\" "
          "id=\"closes-hint\">Leave "
          "empty to never close.</span><br><input class=\"input input--short\" type=\"datetime-local\" id=\"closes\" "
          "name=\"closes\" "
          "aria-describedby=\"closes-hint\" value=\"" +
          LocalInput(w.closes_at) +
          "\"></p>"
          "<p><label class=\"label\" for=\"message\">Message shown when closed</label><span class=\"hint\" "
          "id=\"message-hint\">Leave "
          "empty for the standard text in the respondent's language.</span><textarea class=\"textarea\" id=\"message\" "
          "name=\"message\" "
          "aria-describedby=\"message-hint\" maxlength=\"2000\">" +
          Esc(w.closed_message) +
          "</textarea></p>"
          "<p><button class=\"button\" type=\"submit\">Save</button></p></form>\n";
  body += "<h2>Archive</h2>\n<form method=\"post\" action=\"/admin/forms/" + Esc(f->id) +
          "/archive\" class=\"stack\">" + CsrfField(c) +
          "<input type=\"hidden\" name=\"action\" value=\"archive\"><p>When the fieldwork is over for good: the form "
          "leaves the landing page and takes no more answers (not even from respondents part-way through); its "
          "responses, exports and reports stay.</p><p><input type=\"checkbox\" id=\"archive-confirm\" "
          "name=\"confirm\" value=\"yes\" required> <label for=\"archive-confirm\">Archive " +
          Esc(f->id) +
          "</label></p><p><button class=\"button button--warning\" type=\"submit\">Archive the form</button></p>"
          "</form>\n";
  return Page(c, status, f->title + ": opening", body);
}

Response WindowPost(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  storage::FormWindow w;
  w.form_id = f->id;
  if (auto cur = c.app.store().GetWindow(f->id)) w = *cur;
  std::string action = c.Field("action");
  std::string detail;
  if (action == "pause" || action == "reopen") {
    w.paused = action == "pause";
    detail = action;
  } else if (action == "save") {
    TimeMs opens = ParseLocal(c.Field("opens")), closes = ParseLocal(c.Field("closes"));
    if (opens < 0 || closes < 0)
      return WindowPage(c, "", "Enter dates and times as shown, for example 2027-07-05T23:59.", 422);
    if (opens && closes && closes <= opens)
      return WindowPage(c, "", "The closing time must come after the opening time.", 422);
    std::string message = std::string(Trim(c.Field("message")));
    if (message.size() > 2000) return WindowPage(c, "", "The closed message is too long.", 422);
    w.opens_at = opens;
    w.closes_at = closes;
    w.closed_message = message;
    detail = "opens " + (opens ? FormatTimeUtc(opens) : std::string("-")) + ", closes " +
             (closes ? FormatTimeUtc(closes) : std::string("-"));
  } else {
    return WindowPage(c, "", "Unknown action.", 400);
  }
  if (Status st = c.app.store().PutWindow(w); !st.ok()) return WindowPage(c, "", st.error().message, 503);
  c.app.WindowsChanged();
  c.Audit("form-window", f->id, detail);
  // A publication scheduled for the opening time follows the opening time (now, when it is gone).
  const TimeMs at = c.app.forms().PublishedAt(f->id, f->version), now = c.app.clock().Now();
  if (at > now && at != w.opens_at) {
    Status st = w.opens_at > now ? c.app.SchedulePublication(f->id, f->version, w.opens_at)
                                 : c.app.Publish(f->id, f->version);
    if (!st.ok()) return WindowPage(c, "", st.error().message, st.error().code == ErrorCode::kInvalid ? 422 : 503);
    c.Audit(w.opens_at > now ? "form-publish-scheduled" : "form-publish", f->id,
            "version " + f->version + (w.opens_at > now ? ", at " + FormatTimeUtc(w.opens_at) : std::string()));
  }
  return WindowPage(c, "Saved.", "");
}

Response PublishPost(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  std::string version = c.Field("version");
  if (!c.app.forms().Version(f->id, version)) return WindowPage(c, "", "No such version.", 404);
  if (c.app.forms().IsPublished(f->id, version)) return WindowPage(c, "Version " + version + " is published already.", "");
  if (Status st = c.app.Publish(f->id, version); !st.ok()) {
    return WindowPage(c, "", st.error().message, st.error().code == ErrorCode::kInvalid ? 422 : 503);
  }
  c.Audit("form-publish", f->id, "version " + version);
  return WindowPage(c, "Published version " + version + ".", "");
}

// Publishes at the opening time (at=opening) or cancels a scheduled publication (no `at`).
Response SchedulePost(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  std::string version = c.Field("version");
  if (!c.app.forms().Version(f->id, version)) return WindowPage(c, "", "No such version.", 404);
  if (c.app.forms().IsPublished(f->id, version)) return WindowPage(c, "", "Version " + version + " is live already.", 409);
  TimeMs at = 0;
  if (c.Field("at") == "opening") {
    storage::FormWindow w;
    c.app.Window(f->id, &w);
    if (w.opens_at <= c.app.clock().Now())
      return WindowPage(c, "", "Set an opening time in the future first, or publish now.", 422);
    at = w.opens_at;
  }
  if (Status st = c.app.SchedulePublication(f->id, version, at); !st.ok()) {
    const ErrorCode code = st.error().code;
    return WindowPage(c, "", st.error().message, code == ErrorCode::kConflict ? 409 : code == ErrorCode::kInvalid ? 422 : 503);
  }
  c.Audit(at ? "form-publish-scheduled" : "form-publish-cancelled", f->id,
          "version " + version + (at ? ", at " + FormatTimeUtc(at) : std::string()));
  return WindowPage(c, at ? "Version " + version + " will be published " + When(at) + "."
                          : "The scheduled publication of version " + version + " is cancelled: it is a draft.",
                    "");
}

Response ArchivePost(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  const std::string action = c.Field("action");
  if (action != "archive" && action != "restore") return WindowPage(c, "", "Unknown action.", 400);
  if (action == "archive" && c.Field("confirm") != "yes")
    return WindowPage(c, "", "Tick the box to confirm that the form is to be archived.", 422);
  if (Status st = c.app.Archive(f->id, action == "archive"); !st.ok()) return WindowPage(c, "", st.error().message, 503);
  c.Audit(action == "archive" ? "form-archive" : "form-unarchive", f->id);
  return WindowPage(c, action == "archive" ? "Archived " + f->id + "." : "Took " + f->id + " out of the archive.", "");
}

Response DeletePost(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  std::string version = c.Field("version");
  if (c.Field("confirm") != "yes") return WindowPage(c, "", "Tick the box to confirm the deletion.", 422);
  if (Status st = c.app.DeleteDraft(f->id, version); !st.ok()) {
    int code = st.error().code == ErrorCode::kNotFound ? 404 : st.error().code == ErrorCode::kConflict ? 409 : 503;
    return WindowPage(c, "", st.error().message, code);
  }
  c.Audit("form-delete-draft", f->id, "version " + version);
  if (c.app.forms().Latest(f->id)) return WindowPage(c, "Deleted the draft version " + version + ".", "");
  return FormsPage(c, "<p class=\"notice\" role=\"status\">" + Esc("Deleted the draft " + f->id + ".") + "</p>\n");
}

}  // namespace

void AddFormRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/forms", Role::kViewer, [](Ctx& c) { return FormsPage(c, ""); });
  Post(
      app, r, "/admin/forms/upload", Role::kViewer, [](Ctx& c) { return Upload(c); }, /*multipart=*/true);
  Get(app, r, "/admin/forms/{id}", Role::kOwner, [](Ctx& c) { return WindowPage(c, "", ""); });
  Post(app, r, "/admin/forms/{id}/window", Role::kOwner, [](Ctx& c) { return WindowPost(c); });
  Post(app, r, "/admin/forms/{id}/publish", Role::kOwner, [](Ctx& c) { return PublishPost(c); });
  Post(app, r, "/admin/forms/{id}/delete", Role::kOwner, [](Ctx& c) { return DeletePost(c); });
  Post(app, r, "/admin/forms/{id}/schedule", Role::kOwner, [](Ctx& c) { return SchedulePost(c); });
  Post(app, r, "/admin/forms/{id}/archive", Role::kOwner, [](Ctx& c) { return ArchivePost(c); });
  Get(app, r, "/admin/forms/{id}/preview", Role::kAnalyst, [](Ctx& c) {
    auto f = c.app.forms().Latest(c.Param("id"));
    if (!f) return NotFound(c);
    c.Audit("form-preview", f->id);
    std::string token = SignPreview(c.app.csrf_secret(), f->id, c.app.clock().Now() + kPreviewMs);
    return NoStore(Response::Redirect("/s/" + f->id + "?preview=" + token));
  });
}

}  // namespace mcs::web::admin
