// Translations of a form (issue 24): how complete each language is (what is missing, by sheet, row
// and column, as `mcsurvey check` says it), an XLIFF 1.2 download per language for translators'
// tools, and the upload of a translated file, which stores a new draft version with the language.
#include <algorithm>

#include "common/i18n.h"
#include "form/xliff.h"
#include "web/admin/console.h"

namespace mcs::web::admin {
namespace {

using http::Response;

constexpr std::size_t kMissingShown = 50;

std::string LanguageLabel(const form::Form& f, const std::string& code) {
  for (const auto& l : f.languages) {
    if (l.code == code && l.name != code) return l.name + " (" + code + ")";
  }
  return i18n::NativeName(code) + " (" + code + ")";
}

Response TranslationsPage(Ctx& c, const std::string& top, int status = 200) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  const std::string base = "/admin/forms/" + f->id + "/translations";
  std::string body = top;
  body += "<p>Version <strong>" + Esc(f->version) + "</strong>" +
          (c.app.forms().IsPublished(f->id, f->version) ? " (published)" : " (draft)") + ", written in <strong>" +
          Esc(LanguageLabel(*f, form::SourceLanguage(*f))) +
          "</strong>. A version with a language that lacks texts cannot be published.</p>\n";
  auto all = form::AllCompleteness(*f);
  body += "<div class=\"table-wrap\"><table class=\"table\"><caption>Languages</caption><thead><tr><th "
          "scope=\"col\">Language</th><th scope=\"col\" class=\"num\">Texts translated</th><th scope=\"col\" "
          "class=\"num\">Complete</th><th scope=\"col\">Download</th></tr></thead><tbody>\n";
  for (const auto& comp : all) {
    body += "<tr><th scope=\"row\" lang=\"" + EscAttr(comp.lang) + "\">" + Esc(LanguageLabel(*f, comp.lang)) +
            "</th><td class=\"num\">" + std::to_string(comp.translated) + " of " + std::to_string(comp.total) +
            "</td><td class=\"num\">" + std::to_string(comp.Percent()) + "%</td><td><a href=\"" + Esc(base) +
            "/export?lang=" + EscAttr(comp.lang) + "\">XLIFF</a></td></tr>\n";
  }
  if (all.empty()) body += "<tr><td colspan=\"4\">The form has no other language yet.</td></tr>\n";
  body += "</tbody></table></div>\n";
  for (const auto& comp : all) {
    if (comp.missing.empty()) continue;
    body += "<h2>Missing in " + Esc(LanguageLabel(*f, comp.lang)) + "</h2>\n<ul class=\"problems\">";
    for (std::size_t i = 0; i < comp.missing.size() && i < kMissingShown; ++i) {
      const auto& u = comp.missing[i];
      body += "<li>Sheet <strong>" + Esc(u.sheet) + "</strong>, row <strong>" + std::to_string(u.row) +
              "</strong>, column <strong>" + Esc(u.column) + "</strong>" +
              (u.name.empty() ? std::string() : " (" + Esc(u.name) + ")") + ": " + Esc(u.source) + "</li>";
    }
    if (comp.missing.size() > kMissingShown) {
      body += "<li>and " + std::to_string(comp.missing.size() - kMissingShown) + " more</li>";
    }
    body += "</ul>\n";
  }
  body += "<h2>Download for translation</h2>\n<form method=\"get\" action=\"" + Esc(base) +
          "/export\" class=\"stack\"><p><label class=\"label\" for=\"lang\">Into</label><br><select class=\"select\" "
          "id=\"lang\" name=\"lang\">";
  std::vector<std::string> codes = i18n::Languages();  // the EU's 24, then the form's own others
  for (const auto& l : f->languages) {
    if (std::find(codes.begin(), codes.end(), l.code) == codes.end()) codes.push_back(l.code);
  }
  for (const auto& code : codes) {
    if (code.empty() || code == form::SourceLanguage(*f)) continue;
    body += "<option value=\"" + EscAttr(code) + "\">" + Esc(LanguageLabel(*f, code)) + "</option>";
  }
  body += "</select></p><p><button class=\"button\" type=\"submit\">Download XLIFF 1.2</button></p></form>\n";
  if (c.Can(Role::kOwner)) {
    body += "<h2>Upload a translation</h2>\n<form method=\"post\" action=\"" + Esc(base) +
            "/import\" enctype=\"multipart/form-data\" class=\"stack\">" + CsrfField(c) +
            "<p><label class=\"label\" for=\"file\">Translated XLIFF (.xlf, .xliff)</label><span class=\"hint\" "
            "id=\"file-hint\">The form's newest version with these texts becomes a new draft version. Texts whose "
            "English changed since the download are listed and left out.</span><br><input class=\"file\" "
            "type=\"file\" id=\"file\" name=\"file\" accept=\".xlf,.xliff,.xml\" aria-describedby=\"file-hint\" "
            "required></p><p><button class=\"button\" type=\"submit\">Upload</button></p></form>\n";
  }
  return Page(c, status, f->title + ": translations", body);
}

Response Export(Ctx& c) {
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  std::string lang = c.Field("lang");
  bool valid = !lang.empty() && lang.size() <= 35;
  for (char ch : lang) valid = valid && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-');
  if (!valid || lang == form::SourceLanguage(*f)) {
    return TranslationsPage(c, "<div class=\"error-summary\" role=\"alert\"><p>Choose a language other than the "
                               "form's own.</p></div>\n", 422);
  }
  c.Audit("translation-export", f->id, "version " + f->version + ", " + lang);
  Response r;
  r.content_type = "application/x-xliff+xml; charset=utf-8";
  r.body = form::WriteXliff(*f, lang);
  r.Header("Content-Disposition", "attachment; filename=\"" + f->id + "." + lang + ".xlf\"");
  return NoStore(std::move(r));
}

Response Import(Ctx& c) {
  Uploaded file;
  if (auto refused = ReadUpload(c, Role::kOwner, file)) return std::move(*refused);
  auto f = c.app.forms().Latest(c.Param("id"));
  if (!f) return NotFound(c);
  if (file.text.empty()) {
    return TranslationsPage(c, "<div class=\"error-summary\" role=\"alert\"><p>Choose a file to upload.</p></div>\n",
                            422);
  }
  Diagnostics diags;
  auto r = c.app.ImportTranslation(file.text, f->id, "", diags);
  if (!r.ok()) {
    c.Audit("translation-import-rejected", f->id, r.error().message);
    std::string out = "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">" +
                      Esc(file.file_name) + " was not imported</h2><ul class=\"problems\"><li>" +
                      Esc(r.error().message) + "</li>";
    for (const Diagnostic& d : diags.items()) {
      if (d.severity == Severity::kError) out += "<li>" + Esc(d.ToString()) + "</li>";
    }
    out += "</ul><p>Nothing was changed.</p></div>\n";
    return TranslationsPage(c, out, 422);
  }
  c.Audit("translation-import", f->id,
          "version " + r->form->version + ", " + r->lang + ": " + std::to_string(r->applied) + " texts");
  std::string out = "<p class=\"notice\" role=\"status\">" +
                    Esc("Imported " + std::to_string(r->applied) + " texts in " + LanguageLabel(*r->form, r->lang) +
                        " as the draft version " + r->form->version + ".") +
                    "</p>\n";
  out += LeftOutTextsBox(r->source_changed, "their source text");
  if (!r->not_translated.empty()) {
    out += "<p>" + std::to_string(r->not_translated.size()) + " units of the file had no finished translation.</p>\n";
  }
  return TranslationsPage(c, out);
}

}  // namespace

void AddTranslationRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/forms/{id}/translations", Role::kAnalyst, [](Ctx& c) { return TranslationsPage(c, ""); });
  Get(app, r, "/admin/forms/{id}/translations/export", Role::kAnalyst, [](Ctx& c) { return Export(c); });
  Post(
      app, r, "/admin/forms/{id}/translations/import", Role::kViewer, [](Ctx& c) { return Import(c); },
      /*multipart=*/true);
}

}  // namespace mcs::web::admin
