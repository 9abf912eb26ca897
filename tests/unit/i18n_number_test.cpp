// Percentages and decimals as each language writes them (common/i18n_number.h, CLDR through ICU):
// the public results page showed "58.3%" and "32.0–80.7" on every language's page.
#include "common/i18n_number.h"

#include <gtest/gtest.h>

#include "common/i18n.h"

namespace mcs::i18n {
namespace {

struct Case {
  const char* lang;
  const char* percent;  // 58.3
  const char* decimal;  // 1234.5
};

// CLDR 42 (ICU 72): the separator, grouping, and the percent sign after a no-break space or not.
// clang-format off
constexpr Case kCases[] = {
    {"en", "58.3%", "1,234.5"},
    {"fr", "58,3\u00A0%", "1\u202F234,5"},
    {"fr-BE", "58,3\u00A0%", "1\u202F234,5"},
    {"de", "58,3\u00A0%", "1.234,5"},
    {"da", "58,3\u00A0%", "1.234,5"},
    {"el", "58,3%", "1.234,5"},
    {"pl", "58,3%", "1234,5"},
    {"sv", "58,3\u00A0%", "1\u00A0234,5"},
};
// clang-format on

TEST(I18nNumber, AsEachLanguageWritesThem) {
  for (const Case& c : kCases) {
    EXPECT_EQ(FormatPercent(c.lang, 58.3, 1), c.percent) << c.lang;
    EXPECT_EQ(FormatDecimal(c.lang, 1234.5, 1), c.decimal) << c.lang;
  }
  EXPECT_EQ(FormatPercent("en", 0, 1), "0.0%");
  EXPECT_EQ(FormatPercent("en", 100, 1), "100.0%");
  EXPECT_EQ(FormatDecimal("de", 24.25, 1), "24,2");  // as fmt's {:.1f} rounds an exact tie: to even
  EXPECT_EQ(FormatDecimal("xx", 2.5, 1), "2.5");     // a language ICU does not know: its root locale
}

// Every language of the interface writes a percentage its own way, and
// never leaves English's "." in place of a comma where CLDR says comma.
TEST(I18nNumber, EveryInterfaceLanguageHasADigitAndTheSign) {
  for (const std::string& lang : Languages()) {
    const std::string p = FormatPercent(lang, 58.3, 1);
    EXPECT_NE(p.find("58"), std::string::npos) << lang << ": " << p;
    EXPECT_NE(p.find('%'), std::string::npos) << lang << ": " << p;
    const bool comma = lang != "en" && lang != "ga" && lang != "mt";
    EXPECT_NE(p.find(comma ? "58,3" : "58.3"), std::string::npos) << lang << ": " << p;
  }
}

}  // namespace
}  // namespace mcs::i18n
