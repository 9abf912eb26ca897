// The report's own words in the report's language (session 13, i18n5): `mcsurvey report --lang L`
// writes its headings, method section, table headers, notes, chart notes, the suppression
// explanation and the names of the groups of countries in L (common/i18n_report_tables.cpp), its
// numbers and dates as L writes them (ICU, CLDR), and its English as it always was.
//
// Checked as a reader would: a French, German and Polish report holds no English text of any key
// (so a key falling back to English fails here), every key has a text of its own in every language
// (those that do not are listed), placeholders and ICU plural forms are complete.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unicode/locid.h>
#include <unicode/plurrule.h>

#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/timezone.h"
#include "report/report.h"
#include "stats/dataset.h"
#include "stats/weights.h"

namespace mcs::report {
namespace {

// Labels in the four languages; no label holds an English word of the report's.
constexpr const char* kForm =
    "| survey  | type              | name    | label::English (en)   | label::Français (fr)           | "
    "label::Deutsch (de)        | label::Polski (pl)     | appearance |\n"
    "|         | select_one grp    | grp     | Stakeholder group     | Groupe de parties prenantes    | "
    "Interessengruppe           | Grupa interesariuszy   |            |\n"
    "|         | select_one cty    | country | Country               | Pays                           | "
    "Land                       | Kraj                   |            |\n"
    "|         | begin_group       | purp    | How far do you agree? | Êtes-vous d'accord ?           | "
    "Stimmen Sie zu?            | Czy się zgadzasz?      | table-list |\n"
    "|         | select_one agree  | d1      | Badges help           | Les badges aident              | "
    "Badges helfen              | Odznaki pomagają       |            |\n"
    "|         | select_one agree  | d2      | Badges are trusted    | Les badges inspirent confiance | "
    "Badges genießen Vertrauen  | Odznakom się ufa       |            |\n"
    "|         | end_group         |         |                       |                                | "
    "                           |                        |            |\n"
    "|         | select_multiple f | fmt     | Format <b>            | Modalité <b>                   | "
    "Lernform <b>               | Forma <b>              |            |\n"
    "|         | integer           | staff   | Staff                 | Effectif                       | "
    "Beschäftigte               | Pracownicy             |            |\n"
    "|         | text              | comment | Comment               | Commentaire                    | "
    "Kommentar                  | Komentarz              |            |\n"
    "| choices | list_name | name     | label::English (en) | label::Français (fr) | label::Deutsch (de) | "
    "label::Polski (pl) |\n"
    "|         | grp       | emp      | Employers           | Employeurs           | Arbeitgeber         | "
    "Pracodawcy         |\n"
    "|         | grp       | prov     | Providers           | Prestataires         | Anbieter            | "
    "Dostawcy           |\n"
    "|         | cty       | AT       | Austria             | Autriche             | Österreich          | "
    "Austria            |\n"
    "|         | cty       | FR       | France              | France               | Frankreich          | "
    "Francja            |\n"
    "|         | cty       | PL       | Poland              | Pologne              | Polen               | "
    "Polska             |\n"
    "|         | cty       | IS       | Iceland             | Islande              | Island              | "
    "Islandia           |\n"
    "|         | cty       | AL       | Albania             | Albanie              | Albanien            | "
    "Albania            |\n"
    "|         | f         | online   | Online              | En ligne             | Online              | "
    "Online             |\n"
    "|         | f         | onsite   | On site             | Sur place            | Vor Ort             | "
    "Stacjonarnie       |\n"
    "|         | agree     | agree    | Agree               | D'accord             | Stimme zu           | "
    "Zgadzam się        |\n"
    "|         | agree     | neither  | Neither             | Ni l'un ni l'autre   | Weder noch          | "
    "Ani tak, ani nie   |\n"
    "|         | agree     | disagree | Disagree            | Pas d'accord         | Stimme nicht zu     | "
    "Nie zgadzam się    |\n"
    "|         | agree     | dk       | Don't know          | Ne sait pas          | Weiß nicht          | "
    "Nie wiem           |\n"
    "| settings | form_id | form_title | default_language |\n"
    "|          | words   | Étude      | English (en)     |\n";

// 2027-05-05 10:00 and 2027-06-30 10:00 UTC.
constexpr TimeMs kFirst = 1809511200000, kLast = 1814349600000;

class ReportWords : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    f_ = form::Compile(kForm, "words.md", d);
    ASSERT_TRUE(f_) << d.ToString();
  }
  // 40 responses: countries AT 14, FR 14, PL 3, IS 2, AL 7 (PL and IS too few: grouped by region);
  // staff 1234 and 1235 alternately (mean and median 1234.5).
  stats::Dataset Data(const std::string& lang) {
    stats::LoadOptions lo;
    lo.lang = lang;
    stats::Dataset ds = stats::Schema(*f_, lo);
    stats::RowDecoder dec(ds, *f_);
    const char* agree[] = {"agree", "neither", "disagree", "dk"};
    for (int i = 0; i < 40; ++i) {
      const char* country = i < 14 ? "AT" : i < 28 ? "FR" : i < 31 ? "PL" : i < 33 ? "IS" : "AL";
      EXPECT_TRUE(
          dec.AddRow(fmt::format(R"({{"grp":"{}","country":"{}","d1":"{}","d2":"{}","fmt":"{}","staff":"{}",)"
                                 R"("comment":"{}"}})",
                                 i % 3 ? "emp" : "prov", country, agree[i % 4], agree[(i / 4) % 4],
                                 i % 2 ? "online onsite" : "online", 1234 + i % 2, i < 10 ? "badges carrières" : ""))
              .ok());
    }
    ds.first_submitted = kFirst;
    ds.last_submitted = kLast;
    return ds;
  }
  // The report in `lang` down every path with words of its own: by country (grouped countries, a
  // table by region), weighted, anonymised, merged categories, quotes.
  std::string Render(const std::string& lang, const std::string& by, bool weighted) {
    stats::Dataset ds = Data(lang);
    Options o;
    o.lang = lang;
    o.by = by;
    o.anonymised_on = "2027-07-20";
    o.merged = {"Pays: « Islande » et « Albanie » réunis."};
    o.quotes["comment"] = {"badges carrières"};
    o.generated_at = "2027-08-01";
    std::optional<stats::Weighting> wt;
    if (weighted) {
      auto m = stats::ParseMargins("variable,category,population\ngrp,emp,100\ngrp,prov,300\n");
      EXPECT_TRUE(m.ok());
      auto w = stats::ComputeWeights(ds, *m);
      EXPECT_TRUE(w.ok());
      wt = std::move(*w);
      o.weighting = &*wt;
      o.weights_source = "marges.csv";
    }
    auto html = RenderHtml(*f_, ds, o);
    EXPECT_TRUE(html.ok()) << html.error().message;
    return html.ok() ? *html : "";
  }
  std::shared_ptr<const form::Form> f_;
};

// Pieces of `text` between its placeholders ({0}, {1}...), trimmed.
std::vector<std::string> Fragments(const std::string& text) {
  std::vector<std::string> out;
  static const std::regex kMark(R"(\{\d\})");
  for (std::sregex_token_iterator it(text.begin(), text.end(), kMark, -1), end; it != end; ++it) {
    std::string s = *it;
    const auto a = s.find_first_not_of(" .,;:()"), b = s.find_last_not_of(" .,;:()");
    if (a != std::string::npos) out.push_back(s.substr(a, b - a + 1));
  }
  return out;
}

// English left in a report in `lang`: every key's English words that the language does not use
// itself. Words of 8 characters or more are looked for anywhere; a shorter text (a column's "mean",
// "Item") as an element's whole text.
std::vector<std::string> EnglishIn(const std::string& html, const std::string& lang) {
  std::string own;  // every text of the language's table, to tell a shared word from English
  for (const auto& key : i18n::ReportKeys())  // its own texts only: a key falling back is English
    if (i18n::Has(lang, key)) own += i18n::T(lang, key) + "\n";
  std::vector<std::string> found;
  for (const auto& key : i18n::ReportKeys()) {
    const std::string& en = i18n::T("en", key);
    if (i18n::Has(lang, key) && i18n::T(lang, key) == en) continue;  // the same word ("Region", "Questions")
    for (const auto& frag : Fragments(en)) {
      if (own.find(frag) != std::string::npos) continue;
      const bool hit =
          frag.size() >= 8 ? html.find(frag) != std::string::npos : html.find(">" + frag + "<") != std::string::npos;
      if (hit) found.push_back(key + ": \"" + frag + "\"");
    }
  }
  return found;
}

TEST_F(ReportWords, FrenchGermanAndPolishReportsHoldNoEnglishWords) {
  for (const std::string lang : {"fr", "de", "pl"}) {
    for (const std::string by : {"country", "region", "grp"}) {
      for (bool weighted : {false, true}) {
        const std::string html = Render(lang, by, weighted);
        ASSERT_FALSE(html.empty());
        EXPECT_NE(html.find("<html lang=\"" + lang + "\">"), std::string::npos) << lang;
        const auto english = EnglishIn(html, lang);
        EXPECT_TRUE(english.empty()) << lang << " by " << by << (weighted ? " weighted" : "")
                                     << ": English left: " << ::testing::PrintToString(english);
      }
    }
  }
  // The check finds English where there is some: the same report in English is full of it.
  EXPECT_GT(EnglishIn(Render("en", "country", true), "fr").size(), 40u);
}

TEST_F(ReportWords, TheReportsWordsAreTheLanguages) {
  const std::string fr = Render("fr", "country", false);
  for (const char* w : {"Rapport de résultats", "Sommaire", "Méthode et échantillon", "Petits effectifs.",
                        "Autres pays", "Intervalle à 95 %", "Répondants par pays", "masqué"})
    EXPECT_NE(fr.find(w), std::string::npos) << w;
  const std::string de = Render("de", "region", true);
  for (const char* w : {"Ergebnisbericht", "Inhalt", "Methode und Stichprobe", "Gewichtung.", "Nachschichtung",
                        "Region", "Island, Liechtenstein, Norwegen, Schweiz", "EU-Beitrittskandidaten"})
    EXPECT_NE(de.find(w), std::string::npos) << w;
  const std::string pl = Render("pl", "grp", false);
  for (const char* w : {"Raport z wyników", "Spis treści", "Metoda i próba", "Małe komórki.",
                        "n = 40 pełnych odpowiedzi", "2 pozycje, jedna skala"})
    EXPECT_NE(pl.find(w), std::string::npos) << w;
}

TEST_F(ReportWords, NumbersAndDatesAsTheLanguageWritesThem) {
  // Mean (two decimals), median (as %g): 1234.5.
  const std::string fr = Render("fr", "", false), de = Render("de", "", false), pl = Render("pl", "", false),
                    en = Render("en", "", false);
  EXPECT_NE(fr.find("<td>1\u202F234,50</td>"), std::string::npos);  // CLDR: a narrow no-break space
  EXPECT_NE(fr.find("<td>1\u202F234,5</td>"), std::string::npos);
  EXPECT_NE(de.find("<td>1.234,50</td>"), std::string::npos);
  EXPECT_NE(de.find("<td>1.234,5</td>"), std::string::npos);
  EXPECT_NE(pl.find("<td>1234,50</td>"), std::string::npos);  // Polish groups from five digits
  EXPECT_NE(en.find("<td>1234.50</td>"), std::string::npos);  // English as it always was
  EXPECT_NE(en.find("<td>1234.5</td>"), std::string::npos);
  // Percentages: 20 of 40 chose "online" only... every row's share with the language's decimal sign.
  EXPECT_NE(fr.find("<td>50,0</td>"), std::string::npos);
  EXPECT_NE(en.find("<td>50.0</td>"), std::string::npos);
  // Fieldwork and anonymisation dates: CLDR's long date (English keeps ISO dates).
  EXPECT_NE(fr.find("du 5 mai 2027 au 30 juin 2027"), std::string::npos);
  EXPECT_NE(fr.find("anonymisées le 20 juillet 2027"), std::string::npos);
  EXPECT_NE(de.find("5. Mai 2027 bis 30. Juni 2027"), std::string::npos);
  EXPECT_NE(pl.find("od 5 maja 2027 do 30 czerwca 2027"), std::string::npos);
  EXPECT_NE(en.find("2027-05-05 to 2027-06-30"), std::string::npos);
  EXPECT_NE(en.find("anonymised on 2027-07-20"), std::string::npos);
}

// A report in a language the form lacks: its words in that language, the form's labels in its default
// language (English here), marked so.
TEST_F(ReportWords, LabelsInTheFormsDefaultLanguageAreMarked) {
  const std::string sv = Render("sv", "grp", false);
  EXPECT_NE(sv.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_NE(sv.find("Efter <span lang=\"en\">Stakeholder group</span> (kolumn-%, n)"), std::string::npos);
  EXPECT_NE(sv.find("<th scope=\"row\" lang=\"en\">Employers</th>"), std::string::npos);
  EXPECT_NE(sv.find("Resultatrapport"), std::string::npos);
}

TEST_F(ReportWords, TextsFromTheFormStayEscaped) {
  for (const std::string lang : {"fr", "de", "pl"}) {
    const std::string html = Render(lang, "grp", false);
    EXPECT_EQ(html.find("<b>"), std::string::npos) << lang;
    EXPECT_NE(html.find(" &lt;b&gt;"), std::string::npos) << lang;
    EXPECT_NE(html.find("« Islande »"), std::string::npos) << lang;  // a merge's description, escaped as text
  }
}

// Every key in every language in its own words; the keys that fall back to English are listed.
TEST(ReportWordsTables, EveryLanguageHasEveryKey) {
  ASSERT_EQ(i18n::Languages().size(), 24u);
  ASSERT_GT(i18n::ReportKeys().size(), 90u);
  std::vector<std::string> missing;
  for (const auto& lang : i18n::Languages())
    for (const auto& key : i18n::ReportKeys())
      if (!i18n::Has(lang, key)) missing.push_back(lang + " " + key);
  EXPECT_TRUE(missing.empty()) << missing.size()
                               << " report texts fall back to English: " << ::testing::PrintToString(missing);
}

TEST(ReportWordsTables, EveryPlaceholderOfTheEnglishIsKept) {
  // {0}, {1}...; an ICU plural counts as its {0} (its branches' "#").
  static const std::regex kMark(R"(\{(\d)[,}])");
  auto marks = [](const std::string& text) {
    std::multiset<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kMark); it != std::sregex_iterator(); ++it)
      out.insert((*it)[1].str());
    return out;
  };
  for (const auto& lang : i18n::Languages())
    for (const auto& key : i18n::ReportKeys()) {
      if (!i18n::Has(lang, key)) continue;
      const std::string& text = i18n::T(lang, key);
      EXPECT_FALSE(text.empty()) << lang << " " << key;
      auto want = marks(i18n::T("en", key)), got = marks(text);
      if (text.find(", plural,") != std::string::npos) got = {"0"};
      EXPECT_EQ(got, want) << lang << " " << key << ": " << text;
    }
}

// A counted text written as an ICU plural has a branch for each plural category of the language's
// CLDR rules, and formats every count without a leftover brace.
TEST(ReportWordsTables, CountedTextsCoverEveryPluralCategory) {
  for (const auto& lang : i18n::Languages()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(icu::Locale(lang.c_str()), status));
    ASSERT_TRUE(U_SUCCESS(status)) << lang;
    for (const auto& key : i18n::ReportKeys()) {
      const std::string& text = i18n::T(lang, key);
      if (text.find(", plural,") == std::string::npos) continue;
      std::unique_ptr<icu::StringEnumeration> keywords(rules->getKeywords(status));
      while (const char* k = keywords->next(nullptr, status))
        EXPECT_NE(text.find(std::string(" ") + k + " {"), std::string::npos) << lang << " " << key << " lacks " << k;
      for (long long n : {0LL, 1LL, 2LL, 3LL, 5LL, 11LL, 21LL, 22LL, 25LL, 101LL, 1234LL}) {
        const std::string s = i18n::FormatCount(lang, key, n);
        EXPECT_EQ(s.find('{'), std::string::npos) << lang << " " << key << ": " << s;
      }
    }
  }
  EXPECT_EQ(i18n::FormatCount("pl", "report_items_scale", 2), "2 pozycje, jedna skala");
  EXPECT_EQ(i18n::FormatCount("pl", "report_items_scale", 5), "5 pozycji, jedna skala");
  EXPECT_EQ(i18n::FormatCount("pl", "report_items_scale", 22), "22 pozycje, jedna skala");
  EXPECT_EQ(i18n::FormatCount("fr", "report_items_scale", 1), "1 élément, une échelle");
}

TEST(ReportWordsTables, DatesAlone) {
  EXPECT_EQ(FormatDate("Europe/Brussels", kFirst, "fr"), "5 mai 2027");
  EXPECT_EQ(FormatDate("Europe/Brussels", kFirst, "de"), "5. Mai 2027");
  EXPECT_EQ(FormatDate("Europe/Brussels", kFirst, "pl"), "5 maja 2027");
  // The study's day, not UTC's: 23:30 UTC on 4 May is 5 May in Brussels, still 4 May in New York.
  EXPECT_EQ(FormatDate("Europe/Brussels", kFirst - 10 * 3600000 - 30 * 60000, "en"), "5 May 2027");
  EXPECT_EQ(FormatDate("America/New_York", kFirst - 10 * 3600000 - 30 * 60000, "en"), "4 May 2027");
}

}  // namespace
}  // namespace mcs::report
