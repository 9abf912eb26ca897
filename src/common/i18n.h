// The interface's own words (buttons, messages, errors) in the respondent's language. The forms'
// own texts come from the XLSForm; these are everything around them. English is the reference and
// the fallback for a language or key a table lacks.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mcs::i18n {

// The text for `key` in `lang` (an ISO 639-1 code, or a tag like "fr-BE"), falling back to English.
const std::string& T(std::string_view lang, std::string_view key);
// T() with {0}, {1}... replaced by `args`.
std::string Format(std::string_view lang, std::string_view key, const std::vector<std::string>& args);
// A language's name in that language ("Français" for "fr"); the code itself when unknown.
std::string NativeName(std::string_view code);
// The languages the interface has tables for.
std::vector<std::string> Languages();
// Every key of the English reference table (sorted).
std::vector<std::string> Keys();
// The keys of the report's own words (i18n_report_tables.cpp, sorted). Kept out of Keys(), which
// lists what a respondent or contact reads (its tests check each for the formal "you" and the EU's
// term for "microcredential"); the report's are checked by tests/unit/report_words_test.cpp.
std::vector<std::string> ReportKeys();
// Whether `lang` (an ISO 639-1 code) has its own text for `key`, without falling back to English.
bool Has(std::string_view lang, std::string_view key);

}  // namespace mcs::i18n
