// Data protection in the console (issue 25), owner only: erase a question's answers, anonymise a
// form after fieldwork, serve a person's request (find, export, correct, erase what is held about
// an e-mail address), and each form's records of processing. The rules are in src/privacy/; every
// change asks for a ticked confirmation, posts with the session's CSRF token and is audited.
#include "privacy/privacy.h"

#include <charconv>

#include "privacy/acknowledgement.h"
#include "privacy/retention.h"

#include "common/i18n.h"
#include "common/strings.h"
#include "web/admin/console.h"
#include "web/export_request.h"

namespace mcs::web::admin {
namespace {

using http::Response;

privacy::Actor Who(const Ctx& c) { return privacy::Actor{c.user.name, c.app.clock().Now()}; }

std::string ScrubNote(const Status& scrubbed) {
  if (scrubbed.ok()) return "<p>The database files have been rewritten without the removed data.</p>";
  return "<p class=\"error\">The data is deleted, but rewriting the database files failed: " +
         Esc(scrubbed.error().message) + ". Run the step again later to rewrite them.</p>";
}

std::string Confirm(const std::string& id, const std::string& text) {
  return "<p><input type=\"checkbox\" id=\"" + id + "\" name=\"confirm\" value=\"yes\" required> <label for=\"" + id +
         "\">" + text + "</label></p>";
}

int StatusFor(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kNotFound:
      return 404;
    default:
      return 503;
  }
}

// The privacy notice: the study's text and each form's own, one per language, shown at /privacy
// (linked from every respondent page). The current texts are listed; a form sets one language.
std::string NoticeSection(const Ctx& c) {
  std::string body =
      "<h2>Privacy notice</h2>\n<p>Shown at <a href=\"/privacy\">/privacy</a>, linked from the foot of every "
      "respondent page, in the respondent's language where there is a text in it (else the form's default "
      "language, else English). Blank lines separate paragraphs; an empty text removes that language.</p>\n";
  auto list = [&](const std::string& form_id, const std::string& name) {
    for (const auto& [lang, text] : privacy::NoticeTexts(c.app.store(), form_id)) {
      body += "<details><summary>" + Esc(name) + ", " + Esc(lang) + "</summary><pre class=\"records\">" + Esc(text) +
              "</pre></details>\n";
    }
  };
  list("", "the study");
  for (const auto& f : c.app.forms().AllLatest()) list(f->id, f->id);
  body += "<form method=\"post\" action=\"/admin/privacy/notice\">" + CsrfField(c) +
          "<p><label for=\"notice-scope\">For</label> <select id=\"notice-scope\" name=\"form\"><option value=\"\">"
          "the study (every questionnaire)</option>";
  for (const auto& f : c.app.forms().AllLatest()) {
    body += "<option value=\"" + EscAttr(f->id) + "\">" + Esc(f->id) + " only</option>";
  }
  body += "</select> <label for=\"notice-lang\">Language</label> <select id=\"notice-lang\" name=\"lang\">";
  for (const auto& l : i18n::Languages()) {
    body += "<option value=\"" + EscAttr(l) + "\"" + (l == "en" ? " selected" : "") + ">" + Esc(l) + "</option>";
  }
  body += "</select></p><p><label for=\"notice-text\">Text</label><br><textarea id=\"notice-text\" name=\"text\" "
          "rows=\"8\" cols=\"80\" maxlength=\"20000\"></textarea></p>"
          "<button class=\"button\" type=\"submit\">Save the notice</button></form>\n";
  return body;
}

Response SaveNotice(Ctx& c) {
  const std::string form_id = c.Field("form");
  if (!form_id.empty() && !c.app.forms().Latest(form_id)) return NotFound(c);
  if (Status st = privacy::SetNoticeText(c.app.store(), form_id, c.Field("lang"), c.Field("text"), Who(c)); !st.ok())
    return Page(c, StatusFor(st.error()), "Privacy notice", "<p>" + Esc(st.error().message) + "</p>");
  return Page(c, 200, "Privacy notice saved",
              "<p>Saved. <a href=\"/privacy?lang=" + EscAttr(c.Field("lang")) + "\">See it as respondents do</a>; "
              "<a href=\"/admin/privacy\">back to Privacy</a>.</p>");
}

// Whether the form's respondents acknowledge the privacy notice before the first question
// (privacy/acknowledgement.h; `mcsurvey privacy set --form ID --require-acknowledgement on|off`).
std::string AcknowledgementSection(const Ctx& c, const form::Form& f) {
  const std::string id = EscAttr(f.id);
  const bool on = privacy::AcknowledgementRequired(c.app.store(), f.id);
  return "<form method=\"post\" action=\"/admin/privacy/" + id + "/acknowledgement\" class=\"export-choice\">" +
         CsrfField(c) + "<fieldset><legend>Acknowledgement of the privacy notice</legend><p>" +
         (on ? "Respondents see the privacy notice and tick &ldquo;I have read the privacy notice&rdquo; before the "
               "first question; the time and the notice's version are stored with each response and exported "
               "(<code>privacy_acknowledged_at</code>, <code>privacy_notice</code>)."
             : "Not asked: respondents start with the first question (the notice is linked from every page).") +
         "</p><p><input type=\"checkbox\" id=\"ack-" + id + "\" name=\"require\" value=\"on\"" + (on ? " checked" : "") +
         "> <label for=\"ack-" + id + "\">Ask respondents to acknowledge the privacy notice before the first "
         "question</label> <button class=\"button\" type=\"submit\">Save</button></p></fieldset></form>\n";
}

Response SaveAcknowledgement(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  const bool on = c.Field("require") == "on";
  if (Status st = privacy::SetAcknowledgementRequired(c.app.store(), f->id, on, Who(c)); !st.ok())
    return Page(c, StatusFor(st.error()), "Acknowledgement", "<p>" + Esc(st.error().message) + "</p>");
  c.app.AcknowledgementChanged();
  return Page(c, 200, "Acknowledgement saved",
              std::string("<p>Saved: ") + (on ? "respondents acknowledge the privacy notice before the first question."
                                              : "respondents are not asked to acknowledge the privacy notice.") +
                  " <a href=\"/admin/privacy\">Back to Privacy</a></p>");
}

// A form's retention: the setting, and what will be deleted when (or when it was).
std::string RetentionSection(const Ctx& c, const form::Form& f) {
  const std::string id = EscAttr(f.id);
  const privacy::Retention r = privacy::GetRetention(c.app.store(), f.id);
  std::string body = "<form method=\"post\" action=\"/admin/privacy/" + id + "/retention\" class=\"export-choice\">" +
                     CsrfField(c) + "<fieldset><legend>Retention</legend>";
  if (auto done = privacy::RetentionDoneAt(c.app.store(), f.id)) {
    body += "<p>Done on " + Esc(When(*done)) + ": the personal data was deleted.</p>";
  } else if (auto due = privacy::RetentionDue(c.app.store(), f.id)) {
    auto invitations = c.app.store().ListInvitations(f.id).size();
    body += "<p>On " + Esc(When(*due)) + " these will be deleted: " + std::to_string(invitations) +
            " invitations (names, e-mail addresses, links), every personal answer (follow-up contacts), the link "
            "between responses and invitations, the resume links";
    if (r.free_text) {
      body += ", and the answers to the free-text questions";
      for (const auto& q : privacy::FreeTextQuestions(f)) body += " <code>" + Esc(q) + "</code>";
    }
    body += ".</p>";
  } else if (r.days >= 0) {
    body += "<p>The form has no closing time, so nothing is scheduled yet.</p>";
  } else {
    body += "<p>No retention set: personal data stays until the form is anonymised or erased on request.</p>";
  }
  body += "<p><label for=\"days-" + id + "\">Days after closing</label> <input id=\"days-" + id +
          "\" name=\"days\" type=\"number\" min=\"0\" max=\"3660\" value=\"" +
          (r.days >= 0 ? std::to_string(r.days) : std::string()) + "\"> <input type=\"checkbox\" id=\"free-" + id +
          "\" name=\"free_text\" value=\"1\"" + (r.free_text ? " checked" : "") + "> <label for=\"free-" + id +
          "\">free-text answers too</label> <button class=\"button\" type=\"submit\">Save</button></p>"
          "<p>Leave the days empty for no retention.</p></fieldset></form>\n";
  return body;
}

Response SaveRetention(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  privacy::Retention r;
  const std::string days = c.Field("days");
  if (!days.empty()) {
    auto [p, ec] = std::from_chars(days.data(), days.data() + days.size(), r.days);
    if (ec != std::errc() || p != days.data() + days.size() || r.days < 0)
      return Page(c, 400, "Retention", "<p>The days are a whole number from 0 to 3660.</p>");
  }
  r.free_text = c.Field("free_text") == "1";
  if (Status st = privacy::SetRetention(c.app.store(), f->id, r, Who(c)); !st.ok())
    return Page(c, StatusFor(st.error()), "Retention", "<p>" + Esc(st.error().message) + "</p>");
  return Page(c, 200, "Retention saved", "<p>Saved. <a href=\"/admin/privacy\">Back to Privacy</a></p>");
}

Response Overview(Ctx& c) {
  std::string body =
      "<p>Personal questions are marked in the XLSForm with the column <code>personal</code> (yes): their answers "
      "are stored apart, are in no export, and go when a form is anonymised. Each step here is in the audit log, "
      "and the database files are rewritten afterwards so the removed data is gone from them (backups made "
      "before keep it until they expire: see PRIVACY.md).</p>\n"
      "<h2>A person's data</h2>\n<form method=\"post\" action=\"/admin/privacy/subject\">" +
      CsrfField(c) +
      "<p><label for=\"subject-email\">E-mail address</label> <input id=\"subject-email\" name=\"email\" "
      "type=\"email\" required autocomplete=\"off\"> <button class=\"button\" type=\"submit\">Find everything held"
      "</button></p></form>\n";
  body += NoticeSection(c);
  for (const auto& latest : c.app.forms().AllLatest()) {
    auto f = FormForExport(c.app.forms(), latest->id, "");
    if (!f) continue;
    const std::string id = EscAttr(f->id);
    body += "<h2>" + Esc(f->title) + " (" + Esc(f->id) + ")</h2>\n";
    body += "<p><a href=\"/admin/privacy/" + id + "/records\">Records of processing</a></p>\n";
    if (auto at = privacy::AnonymisedAt(c.app.store(), f->id)) {
      body += "<p>Anonymised on " + Esc(FormatTimeUtc(*at).substr(0, 10)) + ".</p>\n";
    } else {
      body += "<form method=\"post\" action=\"/admin/privacy/" + id + "/anonymise\" class=\"export-choice\">" +
              CsrfField(c) + "<fieldset><legend>Anonymise after fieldwork</legend>" +
              "<p>Deletes the invitations (names, e-mail addresses, links), every personal answer (follow-up "
              "contacts), the link between responses and invitations and the resume links, and keeps response "
              "times to the day. It cannot be undone. The form must be closed or paused.</p>" +
              Confirm("anon-" + id, "I understand that this cannot be undone") +
              "<button class=\"button\" type=\"submit\">Anonymise " + Esc(f->id) + "</button></fieldset></form>\n";
    }
    body += AcknowledgementSection(c, *f);
    body += RetentionSection(c, *f);
    body += "<form method=\"post\" action=\"/admin/privacy/" + id + "/erase-question\" class=\"export-choice\">" +
            CsrfField(c) + "<fieldset><legend>Erase a question's answers</legend><p><label for=\"q-" + id +
            "\">Question</label> <select id=\"q-" + id + "\" name=\"question\">";
    for (const auto& n : f->nodes) {
      if (!form::HoldsValue(n.type) || n.name.empty()) continue;
      body += "<option value=\"" + EscAttr(n.name) + "\">" + Esc(n.name) + (n.personal ? " (personal)" : "") +
              "</option>";
    }
    body += "</select></p><p><label for=\"reason-" + id + "\">Reason (in the audit log)</label> <input id=\"reason-" +
            id + "\" name=\"reason\" required maxlength=\"500\" size=\"60\"></p>" +
            Confirm("erase-" + id, "Erase this question's answers in every response, for good") +
            "<button class=\"button\" type=\"submit\">Erase the answers</button></fieldset></form>\n";
  }
  return Page(c, 200, "Privacy", body);
}

Response NeedConfirm(Ctx& c, const std::string& title) {
  return Page(c, 400, title, "<p>Tick the confirmation to go ahead. Nothing was changed.</p>"
                             "<p><a href=\"/admin/privacy\">Back to Privacy</a></p>");
}

Response EraseQuestion(Ctx& c) {
  auto f = FormForExport(c.app.forms(), c.Param("form"), "");
  if (!f) return NotFound(c);
  if (c.Field("confirm") != "yes") return NeedConfirm(c, "Erase a question's answers");
  auto out = privacy::EraseQuestion(c.app.store(), *f, c.Field("question"), c.Field("reason"), Who(c));
  if (!out.ok()) {
    return Page(c, StatusFor(out.error()), "Not erased",
                "<p>" + Esc(out.error().message) + "</p><p><a href=\"/admin/privacy\">Back to Privacy</a></p>");
  }
  return Page(c, 200, "Answers erased",
              "<p>The answers to <code>" + Esc(c.Field("question")) + "</code> have been erased from " +
                  std::to_string(out->responses) + " responses of " + Esc(f->id) + ".</p>" + ScrubNote(out->scrubbed) +
                  "<p><a href=\"/admin/privacy\">Back to Privacy</a></p>");
}

Response Anonymise(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("form"));
  if (!f) return NotFound(c);
  if (c.Field("confirm") != "yes") return NeedConfirm(c, "Anonymise");
  auto out = privacy::AnonymiseForm(c.app.store(), f->id, Who(c));
  if (!out.ok()) {
    return Page(c, StatusFor(out.error()), "Not anonymised",
                "<p>" + Esc(out.error().message) + "</p><p><a href=\"/admin/privacy\">Back to Privacy</a></p>");
  }
  return Page(c, 200, "Form anonymised",
              "<p>" + Esc(f->id) + ": " + std::to_string(out->counts.invitations) + " invitations deleted; " +
                  std::to_string(out->counts.responses) +
                  " responses now without personal answers, invitation link or resume link, their times kept to "
                  "the day. Exports and reports say so.</p>" +
                  ScrubNote(out->scrubbed) + "<p><a href=\"/admin/privacy\">Back to Privacy</a></p>");
}

std::string SubjectForms(const Ctx& c, const std::string& email) {
  const std::string hidden = "<input type=\"hidden\" name=\"email\" value=\"" + EscAttr(email) + "\">";
  return "<h2>Give the person a copy</h2><form method=\"post\" action=\"/admin/privacy/subject/export\">" +
         CsrfField(c) + hidden +
         "<button class=\"button\" type=\"submit\">Download as a text file</button></form>\n"
         "<h2>Correct</h2><form method=\"post\" action=\"/admin/privacy/subject/rectify\">" +
         CsrfField(c) + hidden +
         "<p><label for=\"from\">Replace the value</label> <input id=\"from\" name=\"from\" required> "
         "<label for=\"to\">with</label> <input id=\"to\" name=\"to\"></p>" +
         Confirm("rectify-confirm", "Correct it wherever it is held about this person") +
         "<button class=\"button\" type=\"submit\">Correct</button></form>\n"
         "<h2>Erase</h2><form method=\"post\" action=\"/admin/privacy/subject/erase\">" +
         CsrfField(c) + hidden +
         "<p>Deletes the invitations sent to the address, the responses started with them, and the follow-up "
         "contact details that hold it. Audit lines are kept.</p>" +
         Confirm("erase-confirm", "Erase all of it, for good") +
         "<button class=\"button\" type=\"submit\">Erase</button></form>\n";
}

Response Subject(Ctx& c) {
  const std::string email(Trim(c.Field("email")));
  if (email.empty()) return Page(c, 400, "A person's data", "<p>Give an e-mail address.</p>");
  auto items = privacy::FindSubjectAudited(c.app.store(), email, "subject-find", Who(c));
  std::string body = "<p>" + std::to_string(items.size()) + " items held about <strong>" + Esc(email) +
                     "</strong>.</p>\n";
  for (const auto& it : items) {
    body += "<table class=\"data\"><caption>" + Esc(it.place) + " " + Esc(it.id) +
            (it.form_id.empty() ? "" : " (form " + Esc(it.form_id) + ")") + "</caption><tbody>";
    for (const auto& [k, v] : it.fields) body += "<tr><th scope=\"row\">" + Esc(k) + "</th><td>" + Esc(v) + "</td></tr>";
    body += "</tbody></table>\n";
  }
  body += SubjectForms(c, email);
  return NoStore(Page(c, 200, "A person's data", body));
}

Response SubjectExport(Ctx& c) {
  const std::string email(Trim(c.Field("email")));
  if (email.empty()) return Page(c, 400, "A person's data", "<p>Give an e-mail address.</p>");
  auto items = privacy::FindSubjectAudited(c.app.store(), email, "subject-export", Who(c));
  Response r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = privacy::SubjectReport(email, items, c.app.clock().Now());
  r.Header("Content-Disposition", "attachment; filename=\"personal-data.txt\"");
  return NoStore(std::move(r));
}

Response SubjectErase(Ctx& c) {
  const std::string email(Trim(c.Field("email")));
  if (c.Field("confirm") != "yes") return NeedConfirm(c, "Erase");
  auto out = privacy::EraseSubject(c.app.store(), email, Who(c));
  if (!out.ok()) return Page(c, StatusFor(out.error()), "Not erased", "<p>" + Esc(out.error().message) + "</p>");
  return NoStore(Page(c, 200, "Erased",
                      "<p>" + std::to_string(out->changed) + " items erased; " + std::to_string(out->kept) +
                          " audit lines kept.</p>" + ScrubNote(out->scrubbed) +
                          "<p><a href=\"/admin/privacy\">Back to Privacy</a></p>"));
}

Response SubjectRectify(Ctx& c) {
  const std::string email(Trim(c.Field("email")));
  if (c.Field("confirm") != "yes") return NeedConfirm(c, "Correct");
  auto out = privacy::RectifySubject(c.app.store(), email, c.Field("from"), c.Field("to"), Who(c));
  if (!out.ok()) return Page(c, StatusFor(out.error()), "Not corrected", "<p>" + Esc(out.error().message) + "</p>");
  return NoStore(Page(c, 200, "Corrected",
                      "<p>" + std::to_string(out->changed) + " items corrected.</p>" + ScrubNote(out->scrubbed) +
                          "<p><a href=\"/admin/privacy\">Back to Privacy</a></p>"));
}

Response Records(Ctx& c) {
  auto f = FormForExport(c.app.forms(), c.Param("form"), "");
  if (!f) return NotFound(c);
  return Page(c, 200, "Records of processing",
              "<pre class=\"records\">" + Esc(privacy::RecordsOfProcessing(c.app.store(), *f)) + "</pre>");
}

}  // namespace

void AddPrivacyRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/privacy", Role::kOwner, [](Ctx& c) { return Overview(c); });
  Post(app, r, "/admin/privacy/notice", Role::kOwner, [](Ctx& c) { return SaveNotice(c); });
  Get(app, r, "/admin/privacy/{form}/records", Role::kOwner, [](Ctx& c) { return Records(c); });
  Post(app, r, "/admin/privacy/{form}/erase-question", Role::kOwner, [](Ctx& c) { return EraseQuestion(c); });
  Post(app, r, "/admin/privacy/{form}/retention", Role::kOwner, [](Ctx& c) { return SaveRetention(c); });
  Post(app, r, "/admin/privacy/{form}/acknowledgement", Role::kOwner, [](Ctx& c) { return SaveAcknowledgement(c); });
  Post(app, r, "/admin/privacy/{form}/anonymise", Role::kOwner, [](Ctx& c) { return Anonymise(c); });
  Post(app, r, "/admin/privacy/subject", Role::kOwner, [](Ctx& c) { return Subject(c); });
  Post(app, r, "/admin/privacy/subject/export", Role::kOwner, [](Ctx& c) { return SubjectExport(c); });
  Post(app, r, "/admin/privacy/subject/erase", Role::kOwner, [](Ctx& c) { return SubjectErase(c); });
  Post(app, r, "/admin/privacy/subject/rectify", Role::kOwner, [](Ctx& c) { return SubjectRectify(c); });
}

}  // namespace mcs::web::admin
