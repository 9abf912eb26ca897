// The translations a respondent or contact reads, checked as a reviewer would check them (issue 24):
// every placeholder of the English kept exactly (as many times), the EU's own term for
// "microcredential" in each language, and the formal "you" where the language has one.
//
// The texts: the interface tables (common/i18n_tables.cpp, i18n_page_tables.cpp), the study's own
// texts (forms/study/study.json), the paper questionnaire's words (questionnaire_print_words.cpp), the
// built-in invitation and reminder (mail/templates.cpp), and the study questionnaires' French and
// German texts (forms/study/*.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/clock.h"
#include "common/timezone.h"
#include "form/xliff.h"
#include "mail/templates.h"
#include "test_util.h"
#include "web/questionnaire_print.h"
#include "web/study_texts.h"
#include "form/form.h"

namespace mcs {
namespace {

const std::string kSource = MCS_SOURCE_DIR;

// The paper questionnaire's words (tests/unit/questionnaire_print_test.cpp lists the same keys).
const char* const kPrintKeys[] = {"answer_if", "section_if", "quote", "cond_chose", "cond_not_chose", "cond_answered",
                                  "cond_equals", "cond_more", "cond_at_least", "cond_less", "cond_at_most",
                                  "cond_generic", "cond_earlier", "question_one", "question_many", "or", "and",
                                  "repeat_count", "repeat_free", "tick_one", "tick_any", "rank", "number", "date",
                                  "time", "datetime", "required_mark", "intro", "copy_title", "copy_intro",
                                  "copy_link", "copy_no_pdf"};

struct Text {
  std::string where;  // "i18n continue", "study study_title", "print intro", "mail invitation body"
  std::string text;
};

// Every built-in text of `lang` a respondent or contact reads.
std::vector<Text> TextsOf(const std::string& lang) {
  std::vector<Text> out;
  for (const auto& key : i18n::Keys()) {
    if (i18n::Has(lang, key)) out.push_back({"i18n " + key, i18n::T(lang, key)});
  }
  const auto& study = web::BuiltInStudyTexts().texts;
  if (auto it = study.find(lang); it != study.end()) {
    for (const auto& [key, text] : it->second) out.push_back({"study " + key, text});
  }
  for (const char* key : kPrintKeys) out.push_back({std::string("print ") + key, web::PrintWord(lang, key)});
  for (const char* kind : {"invitation", "reminder"}) {
    mail::Template t = mail::DefaultTemplate(kind, lang);
    out.push_back({std::string("mail ") + kind + " subject", t.subject});
    out.push_back({std::string("mail ") + kind + " body", t.body});
  }
  return out;
}

// The placeholders of a text, each as often as it occurs: {0}, {1}..., ICU's "{0, plural, ...}" counted
// as {0}, and the mail templates' named ones.
std::multiset<std::string> Placeholders(const std::string& text) {
  static const std::regex kMark(R"(\{(\d+)[,}]|\{(name|link|closing_date|optout_link)\})");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kMark); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1].matched ? (*it)[1].str() : (*it)[2].str());
  }
  return out;
}

std::string Show(const std::multiset<std::string>& s) {
  std::string out;
  for (const auto& p : s) out += "{" + p + "} ";
  return out;
}

TEST(TranslationReview, EveryPlaceholderOfTheEnglishIsKept) {
  std::map<std::string, std::string> english;
  for (const auto& t : TextsOf("en")) english[t.where] = t.text;
  ASSERT_GT(english.size(), 150u);
  for (const auto& lang : i18n::Languages()) {
    if (lang == "en") continue;
    std::size_t n = 0;
    for (const auto& t : TextsOf(lang)) {
      auto en = english.find(t.where);
      ASSERT_NE(en, english.end()) << lang << " " << t.where << " has no English";
      ++n;
      EXPECT_EQ(Show(Placeholders(t.text)), Show(Placeholders(en->second)))
          << lang << " " << t.where << ": " << t.text << "\n  English: " << en->second;
    }
    EXPECT_EQ(n, english.size()) << lang << ": a text is missing";
  }
}

TEST(TranslationReview, PlaceholdersAreCounted) {
  EXPECT_EQ(Show(Placeholders("{0} of {1}, {0}")), "{0} {0} {1} ");
  EXPECT_EQ(Show(Placeholders("{0, plural, one {# min} other {# min}}")), "{0} ");
  EXPECT_EQ(Show(Placeholders("Dear {name}, until {closing_date}: {link} {optout_link} {other}")),
            "{closing_date} {link} {name} {optout_link} ");
}

// The words of a text: runs of letters (ASCII letters and anything beyond ASCII, so that "tú", "Ön" and
// "Вие" are one word each), the ASCII letters lowered.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalpha(u) || c == '\'') {
      w += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

// The term for "microcredential" in each official language, as the Council Recommendation of 16 June
// 2022 on a European approach to micro-credentials for lifelong learning and employability
// (2022/C 243/02) writes it: every word of a text that starts like the term ("micro", "mikro", "micri",
// "μικρο", "микро"; capitals and Irish lenition "mh" folded) must be a form of it.
const std::map<std::string, std::vector<std::string>> kMicrocredential = {
    {"bg", {"микроквалификаци"}},   {"cs", {"mikrocertifikát"}},     {"da", {"mikroeksamensbevis"}},
    {"de", {"microcredential"}},    {"el", {"μικροδιαπιστευτ"}},     {"en", {"microcredential"}},
    {"es", {"microcredencial"}},    {"et", {"mikrokvalifikatsioon"}}, {"fi", {"mikrotutkin"}},
    {"fr", {"microcertification"}}, {"ga", {"micridhintiú"}},
    {"hr", {"mikrokvalifikacij"}},  {"hu", {"mikrotanúsítvány"}},    {"it", {"microcredenzial"}},
    {"lt", {"mikrokredencial"}},    {"lv", {"mikrokvalifikācij"}},   {"mt", {"mikrokredenzjal"}},
    {"nl", {"microcredential"}},    {"pl", {"mikropoświadcz"}},      {"pt", {"microcredenci"}},
    {"ro", {"microcertificat"}},    {"sk", {"mikrocertifikát"}},     {"sl", {"mikrodokazil"}},
    {"sv", {"mikromerit"}}};
// Words that start the same way and are not the term: Greek "small" (plural), the "Micro-" of the
// MicroMasters credential named in the questionnaires' list of terms.
const std::set<std::pair<std::string, std::string>> kNotTheTerm = {
    {"el", "μικροί"}, {"fr", "micro"}, {"de", "micro"}, {"en", "micromasters"}};

std::string FoldTerm(std::string w) {
  static const std::pair<std::string, std::string> kCaps[] = {{"Микро", "микро"}, {"Μικρο", "μικρο"}, {"mhicr", "micr"}};
  for (const auto& [from, to] : kCaps) {
    if (w.rfind(from, 0) == 0) w = to + w.substr(from.size());
  }
  return w;
}

bool LooksLikeTheTerm(const std::string& w) {
  for (const char* p : {"micro", "mikro", "micri", "μικρο", "микро"}) {
    if (w.rfind(p, 0) == 0) return true;
  }
  return false;
}

// The study questionnaires' texts in `lang` (fr and de: the languages they have besides English).
std::vector<Text> FormTexts(const std::string& lang) {
  std::vector<Text> out;
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"}) {
    std::string path = kSource + "/forms/study/" + id + ".md";
    Diagnostics d;
    auto f = form::Compile(testing::ReadTestFile(path), path, d);
    EXPECT_TRUE(f) << d.ToString();
    if (!f) continue;
    for (const auto& u : form::TextUnits(*f, lang)) out.push_back({std::string(id) + " " + u.id, u.target});
  }
  return out;
}

TEST(TranslationReview, MicrocredentialIsTheCouncilRecommendationsTerm) {
  ASSERT_EQ(kMicrocredential.size(), 24u);
  for (const auto& [lang, stems] : kMicrocredential) {
    std::vector<Text> texts = TextsOf(lang);
    if (lang == "fr" || lang == "de") {
      for (auto& t : FormTexts(lang)) texts.push_back(std::move(t));
    }
    int uses = 0;
    for (const auto& t : texts) {
      for (const auto& raw : Words(t.text)) {
        std::string w = FoldTerm(raw);
        if (!LooksLikeTheTerm(w) || kNotTheTerm.count({lang, w})) continue;
        bool ok = std::any_of(stems.begin(), stems.end(), [&](const std::string& s) { return w.rfind(s, 0) == 0; });
        EXPECT_TRUE(ok) << lang << " " << t.where << ": \"" << raw << "\" is not the Recommendation's term ("
                        << stems[0] << "…): " << t.text;
        uses += ok;
      }
    }
    EXPECT_GE(uses, 3) << lang << ": the study title, the invitation and the reminder name microcredentials";
  }
}

// The study addresses professionals: where the language has a formal "you", no text uses the familiar
// one. The words listed are the familiar pronouns and possessives (whole words, any case of the first
// letter). Buttons and links may use the imperative the language's interfaces use ("Zmień", "Scarica").
// Danish and Swedish address with du (their public bodies' norm), Finnish pages with sinä (as Finnish
// public services' pages do; its letters say te: FinnishKeepsOneRegisterInEachKindOfText), Irish and
// Maltese have no formal singular in this sense, Hungarian shows it in the verb (Ön is checked by a
// reader), English has one "you".
const std::map<std::string, std::set<std::string>> kFamiliarYou = {
    {"bg", {"ти", "твоя", "твоят", "твоите", "твоето", "твой"}},
    {"cs", {"tvůj", "tvoje", "tvá", "tvé", "tvoji", "tebe", "tobě"}},
    {"de", {"du", "dein", "deine", "deinen", "deiner", "dich", "dir"}},
    {"el", {"εσύ", "σου"}},
    {"es", {"tú", "tu", "tus", "te", "ti", "contigo"}},
    {"et", {"sina", "sinu", "sa", "sind", "sulle"}},
    {"fr", {"tu", "ton", "ta", "tes", "toi"}},
    {"hr", {"tvoj", "tvoja", "tvoje", "tebi", "tebe"}},
    {"it", {"tu", "tuo", "tua", "tuoi", "tue", "ti"}},
    {"lt", {"tu", "tavo", "tau", "tave"}},
    {"lv", {"tu", "tavs", "tava", "tavu", "tev", "tevi"}},
    {"nl", {"je", "jij", "jou", "jouw", "jullie"}},
    {"pl", {"ty", "twój", "twoje", "twoja", "twoich", "ciebie", "tobie"}},
    {"pt", {"tu", "teu", "tua", "teus", "tuas", "ti", "contigo"}},
    {"ro", {"tu", "tău", "ta", "tale", "tine", "ție"}},
    {"sk", {"ty", "tvoj", "tvoje", "tvoja", "teba", "tebe"}},
    {"sl", {"tvoj", "tvoja", "tvoje", "tebe", "tebi"}}};

std::string LowerFirst(const std::string& w) {
  // ASCII is lowered by Words(); a capital Cyrillic, Greek or accented first letter is rare in these
  // pronouns' lists, so only "Ты"-style capitals of the listed words are folded here.
  static const std::pair<std::string, std::string> kCaps[] = {{"Т", "т"}, {"Ε", "ε"}, {"Σ", "σ"}};
  for (const auto& [from, to] : kCaps) {
    if (w.rfind(from, 0) == 0) return to + w.substr(from.size());
  }
  return w;
}

TEST(TranslationReview, ProfessionalsAreAddressedFormally) {
  for (const auto& [lang, familiar] : kFamiliarYou) {
    std::vector<Text> texts = TextsOf(lang);
    if (lang == "fr" || lang == "de") {
      for (auto& t : FormTexts(lang)) texts.push_back(std::move(t));
    }
    for (const auto& t : texts) {
      for (const auto& raw : Words(t.text)) {
        std::string w = LowerFirst(raw);
        EXPECT_FALSE(familiar.count(w)) << lang << " " << t.where << ": the familiar \"" << raw << "\": " << t.text;
      }
    }
  }
}

// Finnish: the pages (interface, study texts, paper) say sinä, the invitation and the reminder say te
// (a letter to an organisation); neither mixes in the other.
TEST(TranslationReview, FinnishKeepsOneRegisterInEachKindOfText) {
  const std::set<std::string> kTe = {"te", "teidän", "teitä", "teille", "teillä", "ette", "voitte", "haluatte"};
  const std::set<std::string> kSina = {"sinä", "sinun", "sinua", "sinulle", "sinulla", "et", "voit", "haluat"};
  for (const auto& t : TextsOf("fi")) {
    bool letter = t.where.rfind("mail ", 0) == 0;
    for (const auto& w : Words(t.text)) {
      EXPECT_FALSE((letter ? kSina : kTe).count(w)) << "fi " << t.where << ": \"" << w << "\": " << t.text;
    }
  }
}

// The invitation's closing date reads as the language writes a date after "open until" (the article or
// preposition a date takes: Danish/Swedish "den", Greek "τις", Maltese "sal-", Irish "go dtí an"), and
// the interface's "Open until {0}." gives the date the same article (Estonian and Latvian say "deadline:"
// there; Swedish "till den" where the letter says "till och med den").
struct DateRow {
  const char* lang;
  const char* in_letter;     // before the date in the invitation
  const char* in_interface;  // before {0} in open_until; "" when it says it otherwise
};
const DateRow kDateRows[] = {
    {"bg", "до ", "до "},           {"cs", "do ", "do "},         {"da", "indtil den ", "indtil den "},
    {"de", "bis ", "bis "},         {"el", "έως τις ", "έως τις "}, {"es", "hasta el ", "hasta el "},
    {"et", "kuni ", ""},            {"fr", "jusqu'au ", "jusqu'au "}, {"ga", "go dtí an ", "go dtí an "},
    {"hr", "do ", "do "},           {"it", "fino al ", "fino al "}, {"lt", "iki ", "iki "},
    {"lv", "līdz ", ""},            {"mt", "sal-", "sal-"},       {"nl", "tot ", "tot "},
    {"pl", "do ", "do "},           {"pt", "até ", "até "},       {"ro", "până la ", "până la "},
    {"sk", "do ", "do "},           {"sl", "do ", "do "},         {"sv", "till och med den ", "till den "},
    {"en", "until ", "until "}};

TEST(TranslationReview, TheInvitationsClosingDateReadsInTheLanguage) {
  const TimeMs closes = ParseTimeUtc("2027-07-05T21:59:00Z");
  for (const auto& row : kDateRows) {
    const std::string lang = row.lang;
    std::string date = FormatBrussels(closes, lang);
    mail::Rendered r = mail::Render(mail::DefaultTemplate("invitation", lang),
                                    {{"name", "N"}, {"link", "L"}, {"closing_date", date}, {"optout_link", "O"}}, lang);
    EXPECT_NE(r.text.find(row.in_letter + date), std::string::npos) << lang << ": \"" << row.in_letter << date
                                                                      << "\" in\n" << r.text;
    if (*row.in_interface) {
      const std::string& open_until = i18n::T(lang, "open_until");
      EXPECT_NE(open_until.find(std::string(row.in_interface) + "{0}"), std::string::npos)
          << lang << ": the interface says " << open_until;
    }
  }
}

// The privacy notice has one name in each language: the footer link and the page's title
// ("privacy_notice") and every text that sends the respondent to it (the acknowledgement, "see the privacy
// notice" on the delete page) use the same words, so that a respondent finds what they are told to read.
const std::map<std::string, std::string> kPrivacyNotice = {
    {"bg", "за поверителност"},   {"cs", "prohlášení o ochraně osobních údajů"}, {"da", "databeskyttelseserklæring"},
    {"de", "datenschutzerklärung"}, {"el", "περί απορρήτου"},   {"en", "privacy notice"},
    {"es", "aviso de privacidad"},  {"et", "privaatsustea"},    {"fi", "tietosuojaselost"},
    {"fr", "déclaration de confidentialité"}, {"ga", "ráiteas príobháideachais"}, {"hr", "o zaštiti privatnosti"},
    {"hu", "adatvédelmi nyilatkozat"}, {"it", "informativa sulla privacy"}, {"lt", "privatumo pranešim"},
    {"lv", "par privātumu"},        {"mt", "avviż ta' privatezza"}, {"nl", "privacyverklaring"},
    {"pl", "o prywatności"},        {"pt", "aviso de privacidade"}, {"ro", "de confidențialitate"},
    {"sk", "o ochrane osobných údajov"}, {"sl", "o varstvu zasebnosti"}, {"sv", "integritetsmeddelande"}};

TEST(TranslationReview, ThePrivacyNoticeHasOneNameInEachLanguage) {
  ASSERT_EQ(kPrivacyNotice.size(), 24u);
  auto lower = [](std::string t) {
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
  };
  for (const auto& [lang, name] : kPrivacyNotice) {
    for (const char* key : {"privacy_notice", "privacy_ack_intro", "privacy_ack_full", "privacy_ack_check",
                            "privacy_ack_required", "delete_sent_text"}) {
      const std::string& t = i18n::T(lang, key);
      EXPECT_NE(lower(t).find(name), std::string::npos) << lang << " " << key << " does not say \"" << name << "\": " << t;
    }
  }
}

// The polite "you" written one way in each language's pages (interface, study texts, paper): capital
// where the language's convention for addressing a reader is the capital (Bulgarian Вие/Ви,
// Lithuanian Jūs), small letters elsewhere. Only forms inside a sentence count (not after . ! ? :;
// the paper's condition fragments are inside one).
// The e-mails follow the letter convention and are not checked here.
struct PoliteYou {
  bool capital;
  std::set<std::string> forms;  // in small letters
};
const std::map<std::string, PoliteYou> kPoliteYou = {
    {"bg", {true, {"ви", "вие", "вас", "ваш", "ваша", "вашата", "вашия", "вашите", "вашето"}}},
    {"cs", {false, {"vy", "vám", "vás", "váš", "vaše", "vaši", "vašeho", "vaší", "vašich", "vámi"}}},
    {"sk", {false, {"vy", "vám", "vás", "váš", "vaša", "vaše", "vašu", "vaši", "vašej", "vašich"}}},
    {"hr", {false, {"vi", "vam", "vas", "vaš", "vaša", "vaše", "vašu", "vaši", "vašim", "vašeg", "vaših"}}},
    {"sl", {false, {"vi", "vam", "vas", "vaš", "vaša", "vaše", "vašo", "vaši", "vašimi", "vašega", "vaših"}}},
    {"lt", {true, {"jūs", "jums", "jūsų", "jus", "jumis"}}},
    {"lv", {false, {"jūs", "jums", "jūsu", "jūsus"}}},
    {"et", {false, {"teie", "teid", "teile", "teil", "teilt"}}}};

std::string Decap(const std::string& w) {
  if (w.rfind("\u0412", 0) == 0) return "\u0432" + w.substr(std::string("\u0412").size());  // В -> в
  if (!w.empty() && std::isupper(static_cast<unsigned char>(w[0]))) {
    return std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(w[0])))) + w.substr(1);
  }
  return w;
}

TEST(TranslationReview, PoliteYouIsWrittenOneWayInEachLanguage) {
  for (const auto& [lang, rule] : kPoliteYou) {
    for (const auto& t : TextsOf(lang)) {
      if (t.where.rfind("mail ", 0) == 0) continue;
      const std::string& s = t.text;
      // The last non-space character before the word: a text starts a sentence, except the paper's
      // condition fragments, which go inside one ("Answer if {0}.").
      char before = t.where.rfind("print cond_", 0) == 0 ? 'a' : '.';
      std::size_t i = 0;
      while (i < s.size()) {
        unsigned char u = static_cast<unsigned char>(s[i]);
        if (!(u >= 0x80 || std::isalpha(u))) {
          if (s[i] != ' ' && s[i] != '\n') before = s[i];
          ++i;
          continue;
        }
        std::size_t j = i;
        while (j < s.size() && (static_cast<unsigned char>(s[j]) >= 0x80 || std::isalpha(static_cast<unsigned char>(s[j])))) ++j;
        std::string w = s.substr(i, j - i);
        bool starts_sentence = before == '.' || before == '!' || before == '?' || before == ':';
        if (!starts_sentence && rule.forms.count(Decap(w))) {
          EXPECT_EQ(w != Decap(w), rule.capital) << lang << " " << t.where << ": \"" << w << "\": " << s;
        }
        before = 'a';
        i = j;
      }
    }
  }
}

// Counts a respondent reads go through CLDR's plural rules (ICU): the progress line's minutes left
// (interface text "time_left") and the landing page's "about N minutes" (the study's own text
// "study_intro"), in languages with three to six plural forms. Each row: language, count, the words
// the page must show.
struct CountRow {
  const char* lang;
  long long n;
  const char* time_left;  // the whole text
  const char* intro;      // a piece of the landing page's text
};
const CountRow kCounts[] = {
    {"pl", 1, "pozostała ok. 1 min", "około 1 minuty"},
    {"pl", 2, "pozostały ok. 2 min", "około 2 minut"},
    {"pl", 5, "pozostało ok. 5 min", "około 5 minut"},
    {"pl", 12, "pozostało ok. 12 min", "około 12 minut"},
    {"pl", 22, "pozostały ok. 22 min", "około 22 minut"},
    {"cs", 1, "zbývá asi 1 min", "přibližně 1 minutu"},
    {"cs", 3, "zbývají asi 3 min", "přibližně 3 minuty"},
    {"cs", 15, "zbývá asi 15 min", "přibližně 15 minut"},
    {"cs", 22, "zbývá asi 22 min", "přibližně 22 minut"},
    {"sk", 1, "zostáva asi 1 min", "približne 1 minútu"},
    {"sk", 4, "zostávajú asi 4 min", "približne 4 minúty"},
    {"sk", 15, "zostáva asi 15 min", "približne 15 minút"},
    {"sl", 1, "še približno 1 min", "približno 1 minuto"},
    {"sl", 2, "še približno 2 min", "približno 2 minuti"},
    {"sl", 3, "še približno 3 min", "približno 3 minute"},
    {"sl", 15, "še približno 15 min", "približno 15 minut"},
    {"sl", 102, "še približno 102 min", "približno 102 minuti"},
    {"hr", 1, "preostalo je oko 1 min", "oko 1 minutu"},
    {"hr", 3, "preostalo je oko 3 min", "oko 3 minute"},
    {"hr", 15, "preostalo je oko 15 min", "oko 15 minuta"},
    {"hr", 21, "preostalo je oko 21 min", "oko 21 minutu"},
    {"lt", 1, "liko apie 1 min.", "apie 1 min."},
    {"lt", 15, "liko apie 15 min.", "apie 15 min."},
    {"lv", 1, "atlikusi aptuveni 1 min", "aptuveni 1 minūti"},
    {"lv", 11, "atlikušas aptuveni 11 min", "aptuveni 11 minūtes"},
    {"lv", 21, "atlikusi aptuveni 21 min", "aptuveni 21 minūti"},
    {"ro", 1, "a mai rămas aproximativ 1 min", "aproximativ 1 minut"},
    {"ro", 15, "au mai rămas aproximativ 15 min", "aproximativ 15 minute"},
    {"ro", 20, "au mai rămas aproximativ 20 min", "aproximativ 20 de minute"},
    {"ga", 1, "thart ar 1 nóiméad fágtha", "thart ar 1 nóiméad"},
    {"ga", 2, "thart ar 2 nóiméad fágtha", "thart ar 2 nóiméad"},
    {"ga", 15, "thart ar 15 nóiméad fágtha", "thart ar 15 nóiméad"},
    {"mt", 1, "fadal madwar 1 min", "madwar 1 min."},
    {"mt", 15, "fadal madwar 15 min", "madwar 15 min."},
    {"bg", 1, "остава около 1 мин.", "около 1 минута"},
    {"bg", 15, "остават около 15 мин.", "около 15 минути"},
    {"el", 1, "απομένει περίπου 1 λεπτό", "περίπου 1 λεπτό"},
    {"fr", 1, "environ 1 min restante", "environ 1 minute"},
    {"fr", 15, "environ 15 min restantes", "environ 15 minutes"},
    {"de", 1, "noch etwa 1 Min.", "etwa 1 Minute"},
    {"de", 15, "noch etwa 15 Min.", "etwa 15 Minuten"},
    {"fi", 1, "noin 1 min jäljellä", "noin 1 minuutin"},
    {"fi", 15, "noin 15 min jäljellä", "noin 15 minuuttia"},
    {"en", 15, "about 15 min left", "about 15 minutes"},
};

TEST(PluralRules, CountsShownToRespondents) {
  const auto& study = web::BuiltInStudyTexts();
  for (const auto& row : kCounts) {
    EXPECT_EQ(i18n::FormatCount(row.lang, "time_left", row.n), row.time_left) << row.lang << " " << row.n;
    std::string intro = i18n::FormatCountIn(row.lang, study.Text(row.lang, "study_intro"), row.n);
    EXPECT_NE(intro.find(row.intro), std::string::npos) << row.lang << " " << row.n << ": " << intro;
    EXPECT_EQ(intro.find('{'), std::string::npos) << intro;
  }
}

// Every language's landing text formats for any count (an ICU pattern that does not parse would show
// its braces).
TEST(PluralRules, EveryLanguagesLandingTextFormats) {
  const auto& study = web::BuiltInStudyTexts();
  for (const auto& lang : i18n::Languages()) {
    for (long long n : {0LL, 1LL, 2LL, 3LL, 5LL, 11LL, 21LL, 22LL, 101LL}) {
      std::string intro = i18n::FormatCountIn(lang, study.Text(lang, "study_intro"), n);
      EXPECT_EQ(intro.find('{'), std::string::npos) << lang << ": " << intro;
      EXPECT_NE(intro.find(" " + std::to_string(n) + " "), std::string::npos) << lang << " " << n << ": " << intro;
    }
  }
}

}  // namespace
}  // namespace mcs
