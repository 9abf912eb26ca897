// Translators' round trip (issue 24): a form version's texts out as XLIFF (form/xliff.h), back in as
// a new draft version with the language, and the completeness check publishing makes. The command
// line (`mcsurvey translate`) and the console (forms page) both go through these.
#include <cctype>

#include "form/xliff.h"
#include "web/app.h"
#include "xlsform/workbook.h"

namespace mcs::web {
namespace {

bool AllDigits(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A version after every stored one: XLSForm's numbered versions (2026112801) go up by one, others
// get "-LANG" (and a count when that is taken).
std::string NextVersion(const std::vector<std::string>& versions, const std::string& newest, const std::string& lang) {
  auto taken = [&](const std::string& v) {
    for (const auto& x : versions) {
      if (x == v) return true;
    }
    return false;
  };
  if (AllDigits(newest)) {
    long long top = 0;
    for (const auto& v : versions) {
      if (AllDigits(v)) top = std::max(top, std::stoll(v));
    }
    return std::to_string(top + 1);
  }
  std::string v = newest + "-" + lang;
  for (int n = 2; taken(v); ++n) v = newest + "-" + lang + std::to_string(n);
  return v;
}

}  // namespace

std::shared_ptr<const form::Form> App::NewestVersion(const std::string& form_id) {
  const storage::FormRecord* newest = nullptr;
  auto all = store_.AllFormVersions();  // oldest first
  for (const auto& r : all) {
    if (r.form_id == form_id) newest = &r;
  }
  if (!newest) return nullptr;
  Diagnostics ignored;
  return form::Compile(newest->source, newest->file_name, ignored);
}

Result<App::TranslationImport> App::ImportTranslation(std::string_view xliff, const std::string& form_id,
                                                      const std::string& lang, Diagnostics& diags) {
  auto doc = form::ReadXliff(xliff);
  if (!doc.ok()) return doc.error();
  std::string id = form_id.empty() ? doc->original : form_id;
  if (id.empty()) {
    return MakeError(ErrorCode::kInvalid, "the file does not name its form (<file original>): name it (--form)");
  }
  if (!form_id.empty() && !doc->original.empty() && doc->original != form_id && doc->original.find('.') == std::string::npos) {
    return MakeError(ErrorCode::kInvalid, "the file translates form '" + doc->original + "', not '" + form_id + "'");
  }
  auto f = NewestVersion(id);
  if (!f) {
    return MakeError(ErrorCode::kNotFound, "no form '" + id + "'" +
                                               (form_id.empty() ? " (the file's <file original>; name the form with --form)"
                                                                : std::string()));
  }
  std::vector<std::string> versions;
  for (const auto& r : store_.AllFormVersions()) {
    if (r.form_id == id) versions.push_back(r.version);
  }
  auto target = doc->target_lang;
  auto applied = form::ApplyXliff(*f, *doc, lang, NextVersion(versions, f->version, lang.empty() ? target : lang));
  if (!applied.ok()) return applied.error();
  if (applied->applied == 0) {
    return MakeError(ErrorCode::kInvalid, "no text of the file could be applied (" +
                                              std::to_string(applied->source_changed.size()) +
                                              " with a changed source, " +
                                              std::to_string(applied->not_translated.size()) +
                                              " not translated): nothing was imported");
  }
  auto stored = Import(xlsform::WriteMarkdown(applied->workbook), id + ".md", diags);
  if (!stored.ok()) return stored.error();
  TranslationImport out;
  out.form = *stored;
  out.lang = applied->lang;
  out.applied = applied->applied;
  out.source_changed = std::move(applied->source_changed);
  out.not_translated = std::move(applied->not_translated);
  return out;
}

void App::CheckPublishable(const form::Form& f, Diagnostics& diags) {
  form::CheckComplete(f, diags);
}

}  // namespace mcs::web
