// A form's texts for translators: every translatable text of a form version as one unit, written as
// XLIFF 1.2 (OASIS, what CAT tools such as Trados, memoQ and the Commission's tools exchange) and read
// back into a new version of the form with that language. Also how complete each language is, which
// publishing checks.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/result.h"
#include "form/form.h"
#include "xlsform/workbook.h"

namespace mcs::form {

// One translatable text of a form.
struct TextUnit {
  std::string id;      // stable: "survey/NAME/COLUMN", "choices/LIST/NAME/label", "settings/form_title"
  std::string sheet;   // "survey", "choices" or "settings"
  int row = 0;         // the row in the form's own file (as `mcsurvey check` counts it)
  std::string column;  // "label", "hint", "required_message", "constraint_message", "form_title"
  std::string name;    // the question's or choice's name ("" for the title)
  std::string type;    // "select_one country", "choice in yn", "form title"
  std::string source;  // in the form's default language
  std::string target;  // in the language asked for; "" when the form has none
};

// The language the form's own texts are written in: its default language, else "en".
std::string SourceLanguage(const Form& f);

// Every text of `f` a respondent can see, in form order (title, survey rows, choices), with its
// translation into `lang`. Texts with an empty source are left out (there is nothing to translate).
std::vector<TextUnit> TextUnits(const Form& f, std::string_view lang);

// How many of the form's texts `lang` has, and which it lacks.
struct Completeness {
  std::string lang;
  int total = 0;
  int translated = 0;
  std::vector<TextUnit> missing;
  int Percent() const { return total == 0 ? 100 : translated * 100 / total; }
};
Completeness LanguageCompleteness(const Form& f, std::string_view lang);
// Every language of the form except the source language, in the form's order.
std::vector<Completeness> AllCompleteness(const Form& f);
// An error for every text a language of `f` lacks (sheet, row and the column it belongs in, as
// `mcsurvey check` reports); nothing when every language is complete. Publishing refuses a form with any.
void CheckComplete(const Form& f, Diagnostics& diags);

// The form's texts as an XLIFF 1.2 document translating SourceLanguage(f) into `lang`: one
// trans-unit per text (TextUnits), its name and type as context, already translated ones with
// state="translated" approved="yes".
std::string WriteXliff(const Form& f, std::string_view lang);

// A trans-unit as read back.
struct XliffUnit {
  std::string id;        // the id attribute
  // Contexts of purpose "location": what po2xliff keeps of our ids (several when xliff2po merged
  // units with the same source text into one PO entry).
  std::vector<std::string> locations;
  std::string source, target;
  std::string state;  // the target's state attribute
  bool has_target = false;
  bool header = false;  // po2xliff's gettext header unit (restype x-gettext-domain-header)
  int line = 0;
};

struct XliffDocument {
  std::string version;      // "1.2" (ours) or "1.1" (what translate-toolkit's po2xliff writes)
  std::string original;     // the file's original attribute: our form id
  std::string source_lang;  // as written
  std::string target_lang;  // as written; po2xliff leaves it out (then the PO header's Language)
  std::vector<XliffUnit> units;
};

// Parses an XLIFF 1.1 or 1.2 file. Refuses (with a message naming line and column) broken XML,
// another version, a document type or entity declaration (no billion laughs), nested files.
Result<XliffDocument> ReadXliff(std::string_view bytes);

// What applying a translation did.
struct AppliedTranslation {
  xlsform::Workbook workbook;  // the form again (ToWorkbook) with the language's texts, version `version`
  std::string lang;
  int applied = 0;                           // texts set or changed
  std::vector<std::string> source_changed;   // units whose source differs from the form's now: not applied
  std::vector<std::string> not_translated;   // units with no target, an empty one or state new/needs-translation
};

// The form `f` with the translations of `doc` into `lang` (a language code; "" takes the file's own),
// as a workbook whose settings carry `version`. Fails, changing nothing, on a unit id the form does not
// have, a duplicate unit, a file for another form, a target language missing or equal to the source.
Result<AppliedTranslation> ApplyXliff(const Form& f, const XliffDocument& doc, std::string_view lang,
                                      const std::string& version);

}  // namespace mcs::form
