// The report's prose is in --lang when the interface has its words (session 13, i18n5), else English;
// its labels are in --lang. The document says the prose's language and every label in another
// (headings, contents, captions, table cells, lists, charts) carries its own lang, so that a screen
// reader reads each in its own voice (session 11, i18n3). Read as a reader would: every piece of text
// with the language in force where it stands.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "report/chart.h"
#include "report/report.h"
#include "stats/dataset.h"

namespace mcs::report {
namespace {

constexpr const char* kFrenchForm =
    "| survey  | type              | name  | label::English (en)   | label::Français (fr)           | appearance |\n"
    "|         | begin_group       | about | About you             | À propos de vous               | field-list |\n"
    "|         | select_one grp    | grp   | Stakeholder group     | Groupe de parties prenantes    |            |\n"
    "|         | select_multiple f | fmt   | Format                | Modalité                       |            |\n"
    "|         | end_group         |       |                       |                                |            |\n"
    "|         | begin_group       | purp  | How far do you agree? | Êtes-vous d'accord ?           | table-list |\n"
    "|         | select_one agree  | d1    | Badges help           | Les badges aident              |            |\n"
    "|         | select_one agree  | d2    | Badges are trusted    | Les badges inspirent confiance |            |\n"
    "|         | end_group         |       |                       |                                |            |\n"
    "|         | select_one agree  | alone | On its own            | Question isolée                |            |\n"
    "| choices | list_name | name     | label::English (en) | label::Français (fr) |\n"
    "|         | grp       | emp      | Employers           | Employeurs           |\n"
    "|         | grp       | prov     | Providers           | Prestataires         |\n"
    "|         | f         | online   | Online              | En ligne             |\n"
    "|         | f         | onsite   | On site             | Sur place            |\n"
    "|         | agree     | agree    | Agree               | D'accord             |\n"
    "|         | agree     | neither  | Neither             | Ni l'un ni l'autre   |\n"
    "|         | agree     | disagree | Disagree            | Pas d'accord         |\n"
    "| settings | form_id | form_title | default_language |\n"
    "|          | frf     | Étude      | English (en)     |\n";

// Each text piece of `html` with the language of the element it stands in (lang= inherited); an
// svg's accessible name (aria-label) as a piece of its own. <style> and <title> are left out.
std::vector<std::pair<std::string, std::string>> TextWithLanguage(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "br", "rect", "line", "img", "input", "link", "path", "circle"};
  static const std::regex kLang(R"re(\slang="([^"]*)")re"), kName(R"re(aria-label="([^"]*)")re");
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::pair<std::string, std::string>> open;  // element name, its language
  std::size_t i = html.find("<html");
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    std::string text = html.substr(i, (lt == std::string::npos ? html.size() : lt) - i);
    if (text.find_first_not_of(" \n\t") != std::string::npos && !open.empty() && open.back().first != "style" &&
        open.back().first != "title")
      out.emplace_back(open.back().second, text);
    if (lt == std::string::npos) break;
    const std::size_t gt = html.find('>', lt);
    const std::string tag = html.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag.starts_with("!")) continue;
    if (tag.starts_with("/")) {  // closes the last element of its name (a void one has none open)
      const std::string name = tag.substr(1);
      for (auto it = open.rbegin(); it != open.rend(); ++it)
        if (it->first == name) {
          open.erase(std::next(it).base(), open.end());
          break;
        }
      continue;
    }
    const std::string name = tag.substr(0, tag.find_first_of(" \n/"));
    std::smatch m;
    std::string lang = open.empty() ? "" : open.back().second;
    if (std::regex_search(tag, m, kLang)) lang = m[1];
    if (std::regex_search(tag, m, kName)) out.emplace_back(lang, m[1]);
    if (!tag.ends_with("/") && !kVoid.count(name)) open.emplace_back(name, lang);
  }
  return out;
}

// The same labels tagged as Norwegian Bokmål, a language the report has no words for: its prose
// stays English.
std::string NorwegianForm() {
  std::string s = kFrenchForm;
  for (auto at = s.find("Français (fr)"); at != std::string::npos; at = s.find("Français (fr)"))
    s.replace(at, std::string("Français (fr)").size(), "Norsk (nb)   ");
  return s;
}

// 30 responses to the form, labels in `lang`.
stats::Dataset Responses(const form::Form& f, const std::string& lang) {
  stats::LoadOptions lo;
  lo.lang = lang;
  stats::Dataset ds = stats::Schema(f, lo);
  stats::RowDecoder dec(ds, f);
  const char* agree[] = {"agree", "neither", "disagree"};
  for (int i = 0; i < 30; ++i) {
    EXPECT_TRUE(
        dec.AddRow(fmt::format(R"({{"grp":"{}","fmt":"{}","d1":"{}","d2":"{}","alone":"{}"}})", i < 18 ? "emp" : "prov",
                               i % 2 ? "online onsite" : "online", agree[i % 3], agree[(i / 3) % 3], agree[i % 2]))
            .ok());
  }
  return ds;
}

// Pieces that are the French labels (as the HTML writes them).
const std::vector<std::string> kFrenchLabels = {"À propos de vous",  "Groupe de parties prenantes",
                                                "Modalité",          "Êtes-vous d&#39;accord ?",
                                                "Les badges aident", "Question isolée",
                                                "Employeurs",        "Prestataires",
                                                "En ligne",          "Sur place",
                                                "D&#39;accord",      "Pas d&#39;accord"};

// Each of `words` is in `html` and every piece holding one reads in `lang`.
void ExpectReadIn(const std::string& html, const std::vector<std::string>& words, const std::string& lang) {
  std::set<std::string> seen;
  for (const auto& [in, text] : TextWithLanguage(html)) {
    for (const auto& w : words) {
      if (text.find(w) == std::string::npos) continue;
      seen.insert(w);
      EXPECT_EQ(in, lang) << "\"" << w << "\" read as " << in << ": " << text;
    }
  }
  for (const auto& w : words) EXPECT_TRUE(seen.count(w)) << "not in the report: " << w;
}

TEST(ReportLanguage, ReportInItsLanguageThroughout) {
  Diagnostics d;
  auto f = form::Compile(kFrenchForm, "frf.md", d);
  ASSERT_TRUE(f) << d.ToString();
  stats::Dataset ds = Responses(*f, "fr");
  Options o;
  o.lang = "fr";
  o.by = "grp";
  auto html = RenderHtml(*f, ds, o);
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_NE(html->find("<html lang=\"fr\">"), std::string::npos);
  ExpectReadIn(*html, kFrenchLabels, "fr");
  ExpectReadIn(*html,
               {"Rapport de résultats", "Sommaire", "Méthode et échantillon", "Ensemble des répondants",
                "Répondants ayant choisi chaque réponse", "(% en colonne, n)", "% l’ayant choisi, par", "Réponse",
                "réponses complètes", "éléments, une échelle"},
               "fr");
  // The form's own title is in its default language (English), said so inside the French report.
  EXPECT_NE(html->find("<h1><span lang=\"en\">Étude</span></h1>"), std::string::npos);
  EXPECT_NE(html->find("lang=\"fr\" role=\"img\" aria-label=\"Modalité (graphique ; les chiffres"), std::string::npos);
}

TEST(ReportLanguage, ProseIsEnglishAndEveryLabelCarriesItsLanguage) {
  Diagnostics d;
  auto f = form::Compile(NorwegianForm(), "frf.md", d);
  ASSERT_TRUE(f) << d.ToString();
  stats::LoadOptions lo;
  lo.lang = "nb";
  stats::Dataset ds = stats::Schema(*f, lo);
  stats::RowDecoder dec(ds, *f);
  const char* agree[] = {"agree", "neither", "disagree"};
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(
        dec.AddRow(fmt::format(R"({{"grp":"{}","fmt":"{}","d1":"{}","d2":"{}","alone":"{}"}})", i < 18 ? "emp" : "prov",
                               i % 2 ? "online onsite" : "online", agree[i % 3], agree[(i / 3) % 3], agree[i % 2]))
            .ok());
  }
  Options o;
  o.lang = "nb";
  o.by = "grp";
  auto html = RenderHtml(*f, ds, o);
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_NE(html->find("<html lang=\"en\">"), std::string::npos);
  const auto pieces = TextWithLanguage(*html);
  // Pieces that are French labels (as the HTML writes them), and pieces of the English prose.
  const std::vector<std::string> french = {"À propos de vous",  "Groupe de parties prenantes",
                                           "Modalité",          "Êtes-vous d&#39;accord ?",
                                           "Les badges aident", "Question isolée",
                                           "Employeurs",        "Prestataires",
                                           "En ligne",          "Sur place",
                                           "D&#39;accord",      "Pas d&#39;accord"};
  const std::vector<std::string> english = {"Results report",
                                            "Contents",
                                            "Method and sample",
                                            "All respondents",
                                            "Respondents choosing each answer",
                                            "(column %, n)",
                                            "% choosing, by",
                                            "Answer",
                                            "complete responses",
                                            " items, one scale"};
  std::set<std::string> seen_fr, seen_en;
  for (const auto& [lang, text] : pieces) {
    for (const auto& w : french) {
      if (text.find(w) == std::string::npos) continue;
      seen_fr.insert(w);
      EXPECT_EQ(lang, "nb") << "a label read as " << lang << ": " << text;
    }
    for (const auto& w : english) {
      if (text.find(w) == std::string::npos) continue;
      seen_en.insert(w);
      EXPECT_EQ(lang, "en") << "English prose read as " << lang << ": " << text;
    }
  }
  EXPECT_EQ(seen_fr.size(), french.size()) << "every French label is in the report";
  EXPECT_EQ(seen_en.size(), english.size()) << "every English phrase is in the report";
  // The charts: named in their labels' language (English words here: the interface has no Norwegian).
  EXPECT_NE(html->find("lang=\"nb\" role=\"img\" aria-label=\"Modalité (chart; the table below"), std::string::npos);
  // The same report in English marks nothing.
  Options en;
  stats::Dataset ds_en = stats::Schema(*f, {});
  auto html_en = RenderHtml(*f, ds_en, en);
  ASSERT_TRUE(html_en.ok());
  EXPECT_NE(html_en->find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(html_en->find(" lang=\"fr\""), std::string::npos);
  EXPECT_EQ(html_en->find(" lang=\"nb\""), std::string::npos);
}

// A chart's English note inside a chart in another language carries lang="en"; the public page's
// word, in the page's language, is not marked.
TEST(ReportLanguage, ChartNotesInEnglishAreMarked) {
  stats::FreqTable t;
  t.rows.emplace_back();
  t.rows[0].label = "Employeurs";
  t.rows[0].suppressed = true;
  const std::string svg = BarChart(t, "Groupe", 5, "hidden (small cell)", "fr", "en");
  EXPECT_NE(svg.find("lang=\"fr\" role=\"img\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("lang=\"en\">hidden (small cell)</text>"), std::string::npos) << svg;
  EXPECT_EQ(BarChart(t, "Groupe", 5, "masqué", "fr").find("lang=\"en\""), std::string::npos);
}

}  // namespace
}  // namespace mcs::report
