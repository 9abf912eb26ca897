// The interface's translation tables: every language has every English key, with the same {N}
// placeholders, and no empty text.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/timezone.h"

namespace mcs::i18n {
namespace {

// "{0}", and "{0, plural, ...}" (ICU's plural syntax: FormatCount) counted as the same "{0".
std::set<std::string> Placeholders(const std::string& text) {
  static const std::regex kMark(R"(\{(\d+)[,}])");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kMark); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

TEST(I18n, LanguagesAreTheTwentyFourOfficialEuLanguages) {
  std::vector<std::string> langs = Languages();
  std::sort(langs.begin(), langs.end());
  const std::vector<std::string> kOfficial = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
                                              "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"};
  EXPECT_EQ(langs, kOfficial);
  for (const auto& code : kOfficial) EXPECT_NE(NativeName(code), code) << code;
}

TEST(I18n, EnglishHasTheKeys) {
  std::vector<std::string> keys = Keys();
  ASSERT_FALSE(keys.empty());
  for (const char* key : {"required", "continue", "back", "there_is_a_problem", "open_until", "answer_by"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
  EXPECT_FALSE(Has("en", "no_such_key"));
  EXPECT_FALSE(Has("xx", "required"));
}

TEST(I18n, EveryLanguageHasEveryKey) {
  for (const auto& lang : Languages()) {
    for (const auto& key : Keys()) EXPECT_TRUE(Has(lang, key)) << lang << ": no text for \"" << key << "\"";
  }
}

TEST(I18n, NoTextIsEmpty) {
  for (const auto& lang : Languages()) {
    for (const auto& key : Keys()) {
      if (!Has(lang, key)) continue;
      const std::string& text = T(lang, key);
      EXPECT_FALSE(text.empty()) << lang << ": " << key;
      EXPECT_EQ(text.find_first_not_of(" \t\n"), text.empty() ? std::string::npos : 0u) << lang << ": " << key;
    }
  }
}

TEST(I18n, PlaceholdersMatchEnglish) {
  for (const auto& lang : Languages()) {
    for (const auto& key : Keys()) {
      if (!Has(lang, key)) continue;
      EXPECT_EQ(Placeholders(T(lang, key)), Placeholders(T("en", key))) << lang << ": " << key << ": " << T(lang, key);
    }
  }
}

// Dates come from CLDR through ICU's DateFormat (common/timezone.h), not hand-made month names: the
// form of the date and the zone's name in each language (more in timezone_test.cpp).
TEST(I18n, DatesUseTheFormForADate) {
  TimeMs summer = ParseTimeUtc("2027-07-05T12:00:00Z");
  EXPECT_EQ(FormatDateTime("Europe/Brussels", summer, "pl"), "5 lipca 2027 14:00 czas środkowoeuropejski letni");
  EXPECT_EQ(FormatDateTime("Europe/Brussels", summer, "cs"), "5. července 2027 v 14:00 středoevropský letní čas");
  // Greek writes a 12-hour clock, with CLDR's narrow no-break space before μ.μ.
  EXPECT_EQ(FormatDateTime("Europe/Brussels", summer, "el"),
            "5 Ιουλίου 2027 στις 2:00\u202Fμ.μ. Θερινή ώρα Κεντρικής Ευρώπης");
  EXPECT_EQ(FormatDateTime("Europe/Brussels", summer, "fi"), "5. heinäkuuta 2027 klo 14.00 Keski-Euroopan kesäaika");
  EXPECT_EQ(FormatDateTime("Europe/Brussels", ParseTimeUtc("2027-01-05T12:00:00Z"), "es"),
            "5 de enero de 2027, 13:00 hora estándar de Europa central");
  // No table of month names is left to keep up.
  EXPECT_FALSE(Has("en", "month_1"));
  EXPECT_FALSE(Has("en", "brussels_datetime"));
  // Regional tags fall back to the language's table.
  EXPECT_EQ(T("pt-PT", "continue"), T("pt", "continue"));
}

// Counted phrases follow CLDR's plural rules through ICU: French and Italian 1 is singular (French 0
// too), Greek and Spanish agree the verb; numbers are written as the language writes them.
TEST(I18n, CountsUseTheLanguagesPluralRules) {
  EXPECT_EQ(FormatCount("fr", "time_left", 1), "environ 1 min restante");
  EXPECT_EQ(FormatCount("fr", "time_left", 0), "environ 0 min restante");
  EXPECT_EQ(FormatCount("fr", "time_left", 2), "environ 2 min restantes");
  EXPECT_EQ(FormatCount("it", "time_left", 1), "circa 1 min rimanente");
  EXPECT_EQ(FormatCount("it", "time_left", 12), "circa 12 min rimanenti");
  EXPECT_EQ(FormatCount("es", "time_left", 1), "queda alrededor de 1 min");
  EXPECT_EQ(FormatCount("es", "time_left", 3), "quedan unos 3 min");
  EXPECT_EQ(FormatCount("pt", "time_left", 1), "falta cerca de 1 min");
  EXPECT_EQ(FormatCount("el", "time_left", 1), "απομένει περίπου 1 λεπτό");
  EXPECT_EQ(FormatCount("el", "time_left", 5), "απομένουν περίπου 5 λεπτά");
  EXPECT_EQ(FormatCount("en", "time_left", 1), "about 1 min left");
  EXPECT_EQ(FormatCount("de", "time_left", 1500), "noch etwa 1.500 Min.");
  EXPECT_EQ(FormatCount("fr-BE", "time_left", 1), "environ 1 min restante");
  // Every language's text formats (an ICU pattern that does not parse would fall back to {0}).
  for (const auto& lang : Languages()) {
    for (long long n : {0LL, 1LL, 2LL, 5LL, 21LL}) {
      std::string s = FormatCount(lang, "time_left", n);
      EXPECT_EQ(s.find('{'), std::string::npos) << lang << ": " << s;
      EXPECT_NE(s.find(std::to_string(n)), std::string::npos) << lang << ": " << s;
    }
  }
}

// No English left in another language's table: a text the same as the English one is a word both
// languages write alike, listed here; anything else is an untranslated text.
TEST(I18n, NoEnglishLeftInTheTables) {
  const std::set<std::string> kSameInBoth = {"de month_4",  "de month_8",     "de month_9",   "de month_11",
                                             "mt month_4",  "es error_prefix", "fr rank_place"};
  for (const auto& lang : Languages()) {
    if (lang == "en") continue;
    for (const auto& key : Keys()) {
      if (!Has(lang, key) || T(lang, key) != T("en", key)) continue;
      EXPECT_TRUE(kSameInBoth.count(lang + " " + key)) << lang << ": \"" << key << "\" is English: " << T(lang, key);
    }
  }
}

}  // namespace
}  // namespace mcs::i18n
