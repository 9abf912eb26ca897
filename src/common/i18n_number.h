// Numbers with decimals as a language writes them: "58.3%" in English, "58,3 %" in French and
// German, "58,3%" in Danish. The digits, separators and percent sign's place come from CLDR through
// ICU (icu::number::LocalizedNumberFormatter), not from rules written here.
#pragma once
#include <string>
#include <string_view>

namespace mcs::i18n {

// `value` with exactly `decimals` digits after the separator, as `lang` (an ISO 639-1 code, or a
// tag like "fr-BE") writes it; English ("1234.5") for a language ICU does not know.
std::string FormatDecimal(std::string_view lang, double value, int decimals);

// `value` with at most `digits` significant digits, trailing zeros dropped (as printf's %g writes it,
// never in exponent form), as `lang` writes it: "1,23" in French for 1.234 and 3 digits.
std::string FormatSignificant(std::string_view lang, double value, int digits);

// `percent` (58.3 for 58.3%) the same, with the percent sign as `lang` writes it.
std::string FormatPercent(std::string_view lang, double percent, int decimals);

// The thousands separator `lang` writes (CLDR through ICU): "," in English, "." in German, Italian
// or Dutch, a narrow no-break space in French; "," for a language ICU does not know.
std::string GroupingSeparator(std::string_view lang);

}  // namespace mcs::i18n
