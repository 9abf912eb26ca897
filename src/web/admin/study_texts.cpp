// The study's own texts (issue 24; web/study_texts.h), owner only: which questionnaires are the
// study's groups, and per language the title, the header of the study's pages, the landing page's
// text, the thank-you page's note and each group's name and description; how complete each language
// is; the texts as XLIFF for translators and a translated file back in. Every change is audited.
#include <algorithm>

#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "form/xliff.h"
#include "web/admin/console.h"
#include "web/study_texts.h"

namespace mcs::web::admin {
namespace {

using http::Response;

bool ValidLang(const std::string& lang) {
  if (lang.empty() || lang.size() > 12 || !std::isalpha(static_cast<unsigned char>(lang[0]))) return false;
  return std::all_of(lang.begin(), lang.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-'; });
}

std::string LanguageLabel(const std::string& code) { return i18n::NativeName(code) + " (" + code + ")"; }

std::string KeyLabel(const StudyTexts& s, const std::string& key) {
  if (key == "study_title") return "The study's title";
  if (key == "study_header") return "Header of the study's pages";
  if (key == "study_intro") return "Landing page: introduction ({0} is the minutes a questionnaire takes)";
  if (key == "study_privacy") return "Landing page: closing note";
  if (key == "next_text") return "Thank-you page: what happens next ({0} is the study's title)";
  for (const auto& g : s.groups) {
    if (key == "group_" + g) return "Group " + g + ": name";
    if (key == "group_" + g + "_desc") return "Group " + g + ": description";
  }
  return key;
}

// The languages offered: the EU's 24, then any other the study or its questionnaires have.
std::vector<std::string> OfferedLanguages(Ctx& c, const StudyTexts& s) {
  std::vector<std::string> codes = i18n::Languages();
  auto add = [&](const std::string& code) {
    if (!code.empty() && std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  };
  for (const auto& l : s.Languages()) add(l);
  for (const auto& id : s.groups) {
    if (auto f = c.app.forms().Latest(id)) {
      for (const auto& l : f->languages) add(l.code);
    }
  }
  return codes;
}

// --- The study's time zone (issue 24, item 5) ---
// A form of its own on this page: the IANA name, what it is called, the time now on its clock, and
// the questionnaires' closing times as they will read. `typed` keeps a refused entry in the box.
std::string TimeZoneSection(Ctx& c, const std::string& typed = "") {
  const std::string zone = c.app.TimeZone();
  const TimeMs now = c.app.clock().Now();
  std::string out = "<h2 id=\"time-zone\">Time zone</h2>\n<p>The study's clock: opening and closing times are "
                    "entered and shown in it, the dashboard counts days by it, and respondents see dates on it in "
                    "their language. Now: <strong id=\"zone-now\">" +
                    Esc(FormatDateTime(zone, now, "en")) + "</strong>.</p>\n";
  out += "<form method=\"post\" action=\"/admin/study/time-zone\" class=\"stack\">" + CsrfField(c) +
         "<p><label class=\"label\" for=\"time_zone\">Time zone (an IANA name)</label><span class=\"hint\" "
         "id=\"time_zone-hint\">For example Europe/Brussels, Europe/Lisbon, Asia/Tokyo, America/St_Johns. "
         "Times already set stay the same instants: check the closing times after a change.</span><br>"
         "<input class=\"input\" type=\"text\" id=\"time_zone\" name=\"time_zone\" value=\"" +
         EscAttr(typed.empty() ? zone : typed) +
         "\" aria-describedby=\"time_zone-hint\" size=\"30\" autocomplete=\"off\" spellcheck=\"false\"></p>"
         "<p><button class=\"button\" type=\"submit\">Save the time zone</button></p></form>\n";
  return out;
}

Response StudyPage(Ctx& c, const std::string& top, int status = 200, const std::string& want_lang = "",
                   const std::string& typed_zone = "");
std::string ErrorBox(const std::string& title, const std::string& reason);

Response SaveTimeZone(Ctx& c) {
  const std::string zone(Trim(c.Field("time_zone")));
  const std::string old = c.app.TimeZone();
  if (Status st = c.app.SetTimeZone(zone, c.user.name); !st.ok()) {
    return StudyPage(c, ErrorBox("The time zone was not saved", st.error().message),
                     st.error().code == ErrorCode::kInvalid ? 422 : 503, "", zone.empty() ? " " : zone);
  }
  c.app.WindowsChanged();  // pages that show times are drawn again
  return StudyPage(c, "<p class=\"notice\" role=\"status\">" +
                          Esc("The study's time zone is now " + zone + " (" + ZoneDisplayName(zone, "en") +
                              "); it was " + old + ".") +
                          "</p>\n");
}
// --- end of the time zone's block ---

Response StudyPage(Ctx& c, const std::string& top, int status, const std::string& want_lang,
                   const std::string& typed_zone) {
  auto s = c.app.Study();
  std::string lang = want_lang.empty() ? c.Field("lang") : want_lang;
  if (!ValidLang(lang)) lang = s->source_lang;
  std::string body = top;
  body += "<p>These texts are the study's own, not the questionnaires': the landing page's title, introduction and "
          "groups, the header of the study's pages and the thank-you page's note. A questionnaire of the study is "
          "published in a language only when the study's texts are complete in it.</p>\n";
  body += TimeZoneSection(c, typed_zone);
  // The groups.
  body += "<h2>Groups</h2>\n<form method=\"post\" action=\"/admin/study/groups\" class=\"stack\">" + CsrfField(c) +
          "<p><label class=\"label\" for=\"groups\">The questionnaires listed as the study's groups, in order</label>"
          "<span class=\"hint\" id=\"groups-hint\">Form ids separated by commas. Other published questionnaires are "
          "listed after them by their titles.</span><br><input class=\"input\" type=\"text\" id=\"groups\" "
          "name=\"groups\" value=\"" + EscAttr(Join(s->groups, ", ")) +
          "\" aria-describedby=\"groups-hint\" size=\"60\"></p><p><button class=\"button\" type=\"submit\">Save the "
          "groups</button></p></form>\n";
  // Completeness per language.
  std::vector<std::string> keys = s->Keys();
  body += "<div class=\"table-wrap\"><table class=\"table\"><caption>Languages</caption><thead><tr><th "
          "scope=\"col\">Language</th><th scope=\"col\" class=\"num\">Texts</th><th scope=\"col\" "
          "class=\"num\">English changed since</th><th scope=\"col\">Edit</th><th scope=\"col\">Download</th></tr>"
          "</thead><tbody>\n";
  for (const auto& code : s->Languages()) {
    std::size_t have = keys.size() - s->Missing(code).size();
    std::size_t outdated = 0;
    for (const auto& k : keys) outdated += s->Outdated(code, k) ? 1 : 0;
    body += "<tr><th scope=\"row\" lang=\"" + EscAttr(code) + "\">" + Esc(LanguageLabel(code)) + "</th><td class=\"num\">" +
            std::to_string(have) + " of " + std::to_string(keys.size()) + "</td><td class=\"num\">" +
            std::to_string(outdated) + "</td><td><a href=\"/admin/study?lang=" + EscAttr(code) + "\">Edit</a></td><td>" +
            (code == s->source_lang ? std::string("—")
                                    : "<a href=\"/admin/study/export?lang=" + EscAttr(code) + "\">XLIFF</a>") +
            "</td></tr>\n";
  }
  body += "</tbody></table></div>\n";
  // The language picker and the texts of one language.
  body += "<h2>Texts in " + Esc(LanguageLabel(lang)) + "</h2>\n<form method=\"get\" action=\"/admin/study\" "
          "class=\"stack\"><p><label class=\"label\" for=\"lang\">Language</label><br><select class=\"select\" "
          "id=\"lang\" name=\"lang\">";
  for (const auto& code : OfferedLanguages(c, *s)) {
    body += "<option value=\"" + EscAttr(code) + "\"" + (code == lang ? " selected" : "") + ">" +
            Esc(LanguageLabel(code)) + "</option>";
  }
  body += "</select></p><p><button class=\"button button--secondary\" type=\"submit\">Show</button></p></form>\n";
  body += "<form method=\"post\" action=\"/admin/study/texts\" class=\"stack\">" + CsrfField(c) +
          "<input type=\"hidden\" name=\"lang\" value=\"" + EscAttr(lang) + "\"><input type=\"hidden\" name=\"stamp\" "
          "value=\"" + EscAttr(StudyTextsStamp(*s)) + "\">";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string& key = keys[i];
    std::string id = "text-" + std::to_string(i);
    std::string hint;
    if (lang != s->source_lang) {
      hint = "English: " + s->Text(s->source_lang, key);
      if (s->Outdated(lang, key)) hint += " (the English changed since this was translated)";
    }
    // EscAttr: a right-to-left mark in an Arabic text comes back unchanged when the form is posted.
    std::string value = s->Has(lang, key) ? s->Text(lang, key) : "";
    body += "<p><label class=\"label\" for=\"" + id + "\">" + Esc(KeyLabel(*s, key)) + "</label>";
    if (!hint.empty()) body += "<span class=\"hint\" id=\"" + id + "-hint\">" + Esc(hint) + "</span>";
    body += "<br><textarea class=\"textarea\" id=\"" + id + "\" name=\"" + EscAttr(key) + "\" rows=\"" +
            (key == "study_intro" || key == "next_text" || key == "study_privacy" ? "5" : "2") + "\" lang=\"" +
            EscAttr(lang) + "\"" + (hint.empty() ? "" : " aria-describedby=\"" + id + "-hint\"") + ">" + EscAttr(value) +
            "</textarea></p>";
  }
  body += "<p><button class=\"button\" type=\"submit\">Save the texts in " + Esc(LanguageLabel(lang)) +
          "</button></p></form>\n";
  body += "<h2>Upload a translation</h2>\n<form method=\"post\" action=\"/admin/study/import\" "
          "enctype=\"multipart/form-data\" class=\"stack\">" + CsrfField(c) +
          "<p><label class=\"label\" for=\"file\">Translated XLIFF (.xlf, .xliff)</label><span class=\"hint\" "
          "id=\"file-hint\">From the XLIFF download above, translated. Texts whose English changed since the download "
          "are listed and left out.</span><br><input class=\"file\" type=\"file\" id=\"file\" name=\"file\" "
          "accept=\".xlf,.xliff,.xml\" aria-describedby=\"file-hint\" required></p><p><button class=\"button\" "
          "type=\"submit\">Upload</button></p></form>\n";
  return Page(c, status, "Study texts", body);
}

std::string ErrorBox(const std::string& title, const std::string& reason) {
  return "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">" + Esc(title) +
         "</h2><ul class=\"problems\"><li>" + Esc(reason) + "</li></ul><p>Nothing was changed.</p></div>\n";
}

Response SaveTexts(Ctx& c) {
  std::string lang = c.Field("lang");
  if (!ValidLang(lang)) return StudyPage(c, ErrorBox("The texts were not saved", "'" + lang + "' is not a language code"), 422);
  StudyTexts s = *c.app.Study();
  std::map<std::string, std::string> values;
  for (const auto& key : s.Keys()) {
    for (const auto& [name, value] : c.form) {
      if (name == key) values[key] = value;
    }
  }
  if (Status st = SetStudyTexts(s, lang, values); !st.ok()) {
    return StudyPage(c, ErrorBox("The texts were not saved", st.error().message), 422, lang);
  }
  if (Status st = c.app.SaveStudy(s, c.Field("stamp")); !st.ok()) {
    return StudyPage(c, ErrorBox("The texts were not saved", st.error().message),
                     st.error().code == ErrorCode::kConflict ? 409 : 503, lang);
  }
  c.Audit("study-texts-change", "study", lang);
  return StudyPage(c, "<p class=\"notice\" role=\"status\">" + Esc("Saved the study's texts in " + LanguageLabel(lang) + ".") +
                          "</p>\n", 200, lang);
}

Response SaveGroups(Ctx& c) {
  StudyTexts s = *c.app.Study();
  std::vector<std::string> ids;
  for (const auto& part : Split(c.Field("groups"), ',')) {
    if (!Trim(part).empty()) ids.emplace_back(Trim(part));
  }
  if (Status st = SetStudyGroups(s, ids); !st.ok()) {
    return StudyPage(c, ErrorBox("The groups were not saved", st.error().message), 422);
  }
  for (const auto& id : ids) {
    if (!c.app.forms().Latest(id)) {
      return StudyPage(c, ErrorBox("The groups were not saved", "there is no questionnaire '" + id + "'"), 422);
    }
  }
  if (Status st = c.app.SaveStudy(s); !st.ok()) {
    return StudyPage(c, ErrorBox("The groups were not saved", st.error().message), 503);
  }
  c.Audit("study-groups-change", "study", Join(ids, ","));
  return StudyPage(c, "<p class=\"notice\" role=\"status\">Saved the study's groups.</p>\n");
}

Response Export(Ctx& c) {
  auto s = c.app.Study();
  std::string lang = c.Field("lang");
  if (!ValidLang(lang) || lang == s->source_lang) {
    return StudyPage(c, ErrorBox("Nothing to download", "choose a language other than the study's own"), 422);
  }
  c.Audit("study-texts-export", "study", lang);
  Response r;
  r.content_type = "application/x-xliff+xml; charset=utf-8";
  r.body = WriteStudyXliff(*s, lang);
  r.Header("Content-Disposition", "attachment; filename=\"study." + lang + ".xlf\"");
  return NoStore(std::move(r));
}

Response Import(Ctx& c) {
  Uploaded file;
  if (auto refused = ReadUpload(c, Role::kOwner, file)) return std::move(*refused);
  if (file.text.empty()) return StudyPage(c, ErrorBox("Nothing was imported", "choose a file to upload"), 422);
  auto r = c.app.ImportStudyTranslation(file.text, "");
  if (!r.ok()) {
    c.Audit("study-texts-import-rejected", "study", r.error().message);
    return StudyPage(c, ErrorBox(file.file_name + " was not imported", r.error().message), 422);
  }
  c.Audit("study-texts-import", "study", r->lang + ": " + std::to_string(r->texts.size()) + " texts");
  std::string out = "<p class=\"notice\" role=\"status\">" +
                    Esc("Imported " + std::to_string(r->texts.size()) + " texts of the study in " + LanguageLabel(r->lang) + ".") +
                    "</p>\n";
  out += LeftOutTextsBox(r->source_changed, "their English");
  return StudyPage(c, out, 200, r->lang);
}

}  // namespace

void AddStudyTextRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/study", Role::kOwner, [](Ctx& c) { return StudyPage(c, ""); });
  Get(app, r, "/admin/study/export", Role::kOwner, [](Ctx& c) { return Export(c); });
  Post(app, r, "/admin/study/texts", Role::kOwner, [](Ctx& c) { return SaveTexts(c); });
  Post(app, r, "/admin/study/groups", Role::kOwner, [](Ctx& c) { return SaveGroups(c); });
  Post(app, r, "/admin/study/time-zone", Role::kOwner, [](Ctx& c) { return SaveTimeZone(c); });
  Post(
      app, r, "/admin/study/import", Role::kViewer, [](Ctx& c) { return Import(c); }, /*multipart=*/true);
}

}  // namespace mcs::web::admin
