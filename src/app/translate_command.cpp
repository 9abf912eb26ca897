#include "app/translate_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli_audit.h"
#include "app/open_store.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "form/xliff.h"
#include "storage/storage.h"
#include "web/app.h"
#include "web/study_texts.h"

namespace mcs::app {
namespace {

// The study's own texts (issue 24): out as XLIFF, translations back in (stored at once: they are
// settings, not a form version; a form is published only when its languages have them all).
int ExportStudy(const TranslateArgs& a, web::App& app) {
  auto s = app.Study();
  if (a.lang == s->source_lang) {
    std::cerr << "mcsurvey: " << a.lang << " is the study's own language: choose the language to translate into\n";
    return 1;
  }
  std::ofstream out(a.out, std::ios::binary);
  out << web::WriteStudyXliff(*s, a.lang);
  out.close();
  if (!out) {
    std::cerr << "mcsurvey: cannot write " << a.out << "\n";
    return 1;
  }
  std::size_t total = s->Keys().size(), missing = s->Missing(a.lang).size();
  std::cout << "wrote " << a.out << ": " << total << " texts of the study, " << (total - missing) << " already in "
            << a.lang << "\n";
  return 0;
}

int ImportStudy(const TranslateArgs& a, web::App& app, const std::string& bytes) {
  auto r = app.ImportStudyTranslation(bytes, a.lang);
  if (!r.ok()) {
    std::cerr << a.file << ": " << r.error().message << "\n";
    return 1;
  }
  AuditCli(app.store(), "study-texts-import", "study", r->lang + ": " + std::to_string(r->texts.size()) + " texts");
  for (const auto& id : r->source_changed) {
    std::cerr << a.file << ": " << id << ": the source text changed since the file was made: not applied\n";
  }
  auto s = app.Study();
  std::size_t total = s->Keys().size(), missing = s->Missing(r->lang).size();
  std::cout << "imported " << r->texts.size() << " texts of the study in " << r->lang << "; " << r->lang << " now has "
            << (total - missing) << " of " << total << " texts";
  if (!r->source_changed.empty()) std::cout << "; " << r->source_changed.size() << " left out (source changed)";
  if (!r->not_translated.empty()) std::cout << "; " << r->not_translated.size() << " units not translated";
  std::cout << "\n";
  return 0;
}

int Export(const TranslateArgs& a, web::App& app) {
  if (a.study) return ExportStudy(a, app);
  if (a.form_id.empty()) {
    std::cerr << "mcsurvey: name the form (--form ID) or the study's own texts (--study)\n";
    return 1;
  }
  auto f = app.NewestVersion(a.form_id);
  if (!f) {
    std::cerr << "mcsurvey: no form '" << a.form_id << "' in " << a.db << "\n";
    return 1;
  }
  if (a.lang == form::SourceLanguage(*f)) {
    std::cerr << "mcsurvey: " << a.lang << " is the form's own language: choose the language to translate into\n";
    return 1;
  }
  std::string xliff = form::WriteXliff(*f, a.lang);
  std::ofstream out(a.out, std::ios::binary);
  out << xliff;
  out.close();
  if (!out) {
    std::cerr << "mcsurvey: cannot write " << a.out << "\n";
    return 1;
  }
  auto c = form::LanguageCompleteness(*f, a.lang);
  std::cout << "wrote " << a.out << ": " << c.total << " texts of " << f->id << " version " << f->version << ", "
            << c.translated << " already in " << a.lang << "\n";
  return 0;
}

int Import(const TranslateArgs& a, web::App& app) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) {
    std::cerr << a.file << ": cannot open the file\n";
    return 1;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (a.study) return ImportStudy(a, app, ss.str());
  if (a.form_id.empty()) {
    if (auto doc = form::ReadXliff(ss.str()); doc.ok() && doc->original == "study") return ImportStudy(a, app, ss.str());
  }
  Diagnostics diags;
  auto r = app.ImportTranslation(ss.str(), a.form_id, a.lang, diags);
  std::cerr << diags.ToString();
  if (!r.ok()) {
    std::cerr << a.file << ": " << r.error().message << "\n";
    return 1;
  }
  AuditCli(app.store(), "translation-import", r->form->id,  // as the console's upload is
           "version " + r->form->version + ", " + r->lang + ": " + std::to_string(r->applied) + " texts");
  for (const auto& id : r->source_changed) {
    std::cerr << a.file << ": " << id << ": the source text changed since the file was made: not applied\n";
  }
  auto c = form::LanguageCompleteness(*r->form, r->lang);
  std::cout << "imported " << r->applied << " texts in " << r->lang << " into " << r->form->id << " version "
            << r->form->version << " (a draft); " << r->lang << " now has " << c.translated << " of " << c.total
            << " texts (" << c.Percent() << "%)";
  if (!r->source_changed.empty()) std::cout << "; " << r->source_changed.size() << " left out (source changed)";
  if (!r->not_translated.empty()) std::cout << "; " << r->not_translated.size() << " units not translated";
  std::cout << "\n";
  return 0;
}

}  // namespace

CLI::App* AddTranslateCommand(CLI::App& cli, TranslateArgs& a) {
  auto* t = cli.add_subcommand("translate", "A form's texts as XLIFF for translators, and translations back in");
  t->require_subcommand(1);
  a.export_cmd = t->add_subcommand("export", "Write a form's texts as XLIFF 1.2 for translation into LANG");
  a.export_cmd->add_option("--form", a.form_id, "the form id");
  a.export_cmd->add_flag("--study", a.study, "the study's own texts (title, groups, landing page) instead of a form's");
  a.export_cmd->add_option("--to", a.lang, "the language to translate into (ISO 639-1: it, fr, ...)")->required();
  a.export_cmd->add_option("--out", a.out, "the .xlf file to write")->required();
  a.export_cmd->add_option("--db", a.db);
  a.import_cmd = t->add_subcommand("import", "Read a translated XLIFF: a new draft version of the form with it");
  a.import_cmd->add_option("file", a.file)->required();
  a.import_cmd->add_option("--form", a.form_id, "the form, when the file does not name it (po2xliff output)");
  a.import_cmd->add_option("--lang", a.lang, "the language, when the file does not name it");
  a.import_cmd->add_flag("--study", a.study, "the file translates the study's own texts (else read from the file)");
  a.import_cmd->add_option("--db", a.db);
  return t;
}

int RunTranslate(const TranslateArgs& a) {
  auto store = OpenStore(a.db);
  if (!store) return 1;
  SystemClock clock;
  SecureRandom random;
  web::App app(*store, clock, random);
  int rc = *a.export_cmd ? Export(a, app) : Import(a, app);
  store->Close();
  return rc;
}

}  // namespace mcs::app
