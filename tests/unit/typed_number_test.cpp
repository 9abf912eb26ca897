// Numbers as respondents type them (engine::Canonicalize): a decimal comma is read as the point, but
// "1,000" on an English page or "1.000" on a German one is a thousand to the respondent and would be
// stored as 1, a thousand times too small. Such an answer is asked again, in every language by the
// separator the language groups thousands with (CLDR through ICU).
#include <gtest/gtest.h>

#include "common/i18n_number.h"
#include "engine/engine.h"
#include "form/form.h"

namespace mcs::engine {
namespace {

std::shared_ptr<const form::Form> Compile() {
  Diagnostics d;
  auto f = form::Compile(
      "| survey | type    | name | label |\n"
      "|        | decimal | ects | ECTS  |\n"
      "|        | range   | r    | Range | \n",
      "numbers.md", d);
  EXPECT_TRUE(f) << d.ToString();
  return f;
}

// What Canonicalize stores, or "refused".
std::string Typed(const form::Form& f, const char* name, const char* typed, const char* lang,
                  Typist by = Typist::kPerson) {
  auto r = Canonicalize(*f.Find(name), typed, lang, by);
  return r.ok() ? r.value() : "refused";
}

TEST(TypedNumber, TheLanguagesThousandsSeparatorBeforeThreeDigitsIsAskedAgain) {
  auto f = Compile();
  ASSERT_TRUE(f);
  struct Case {
    const char* lang;
    const char* typed;
    const char* stored;
  };
  const Case cases[] = {
      // English groups with ",": "1,000" is a thousand; "2,5" and "1,25" can only be decimals.
      {"en", "1,000", "refused"},
      {"en", "12,345", "refused"},
      {"en", "-1,000", "refused"},
      {"en", "2,5", "2.5"},
      {"en", "1,25", "1.25"},
      {"en", "0,500", "0.5"},  // no number is written "0,500" for five hundred
      {"en", "1234,567", "1234.567"},
      {"en", "1.000", "1"},  // the English decimal point
      {"en", "2.5", "2.5"},
      // German groups with ".": "1.000" is a thousand; "1,000" is German for 1.
      {"de", "1.000", "refused"},
      {"de", "1,000", "1"},
      {"de", "2,5", "2.5"},
      {"de", "2.5", "2.5"},
      {"it", "1.500", "refused"},
      {"nl", "3.000", "refused"},
      // French groups with a (narrow) space: neither "," nor "." is a thousands separator there.
      {"fr", "1,000", "1"},
      {"fr", "1.000", "1"},
      {"fr", "2,5", "2.5"},
      // A language ICU does not know is read as English.
      {"xx", "1,000", "refused"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Typed(*f, "ects", c.typed, c.lang), c.stored) << c.lang << " " << c.typed;
  }
}

TEST(TypedNumber, ProgramsAndRangesWriteNumbersWithAPoint) {
  auto f = Compile();
  ASSERT_TRUE(f);
  // The JSON API's 2.125 with a German response, and the stored "2.125" a German page showed and got
  // back unchanged (engine::Advance), are numbers as programs write them.
  EXPECT_EQ(Typed(*f, "ects", "2.125", "de", Typist::kProgram), "2.125");
  EXPECT_EQ(Typed(*f, "ects", "2.125", "de"), "refused");
  // A range is a number input or radio buttons: the browser sends the value with a point.
  EXPECT_EQ(Typed(*f, "r", "1.000", "de"), "1");
  EXPECT_EQ(Typed(*f, "r", "5", "en"), "5");
}

TEST(TypedNumber, GroupingSeparatorsFromCldr) {
  EXPECT_EQ(i18n::GroupingSeparator("en"), ",");
  EXPECT_EQ(i18n::GroupingSeparator("de"), ".");
  EXPECT_EQ(i18n::GroupingSeparator("es"), ".");  // Spanish groups only from 10 000
  EXPECT_EQ(i18n::GroupingSeparator("fr"), "\u202F");
  EXPECT_EQ(i18n::GroupingSeparator("pl"), "\u00A0");
  EXPECT_EQ(i18n::GroupingSeparator("xx"), ",");
}

}  // namespace
}  // namespace mcs::engine
