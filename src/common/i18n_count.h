// Counted phrases in the respondent's language: "1 min restante" but "2 min restantes". The plural
// categories (one, few, many, other...) and the number's digits come from CLDR through ICU
// (icu::MessageFormat, icu::NumberFormat), not from rules written here.
#pragma once
#include <string>
#include <string_view>

namespace mcs::i18n {

// The text for `key` in `lang` (i18n::T) with {0} replaced by `n` as the language writes numbers.
// A text written as an ICU plural ("{0, plural, one {# min restante} other {# min restantes}}")
// picks the form CLDR's plural rules give for `n` in `lang`.
std::string FormatCount(std::string_view lang, std::string_view key, long long n);

// The same for a text that is not in the tables (a study's own text, e.g. its landing page's "about
// {0} minutes"): {0} replaced by `n` as `lang` writes numbers, or, when `text` holds an ICU plural of
// {0}, the form CLDR's rules give. A text ICU cannot read gets {0} replaced.
std::string FormatCountIn(std::string_view lang, const std::string& text, long long n);

}  // namespace mcs::i18n
