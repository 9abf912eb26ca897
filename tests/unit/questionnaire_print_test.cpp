// The questionnaire on paper (web/questionnaire_print.h): when to answer, in words, read as a table
// (relevance as the form writes it → what the paper says), and what the printed page holds, blank
// and filled in with one respondent's answers.
#include <gtest/gtest.h>

#include <algorithm>

#include "web/questionnaire_print.h"

namespace mcs::web {
namespace {

constexpr const char* kForm = R"(| survey | type | name | label | label::French (fr) | hint | relevant | required | repeat_count | calculation |
| | select_one yn | exp | Do you use badges? | Utilisez-vous des badges ? | Think of the last year | | yes | | |
| | select_multiple fmt | fmt | Formats | Formats | | ${exp} = 'yes' | | | |
| | integer | n | How many? | Combien ? | | | | | |
| | text | why | Why not? | Pourquoi ? | | ${exp} = 'no' or ${exp} = 'dk' | | | |
| | text | other | Other format | Autre format | | selected(${fmt}, 'other') | | | |
| | calculate | twice | | | | | | | ${n} * 2 |
| | begin_repeat | mc | About this one | À propos de celle-ci | | ${n} > 0 | | ${n} | |
| | text | title | Title of <b>it</b> | Titre | | | | | |
| | end_repeat | | | | | | | | |
| | text | last | Last | Dernier | | ${n} >= 2 and ${exp} != 'no' | | | |
| | text | gen | Generic | Générique | | string-length(${why}) > 3 | | | |
| | text | calc | From a calculation | Calcul | | ${twice} > 4 | | | |
| | text | answered | Said why | A dit pourquoi | | ${why} != '' | | | |
| | text | mixed | Mixed | Mixte | | ${exp} = 'yes' or selected(${fmt}, 'pdf') or selected(${fmt}, 'badge') | | | |
| | text | notany | Not any | Aucun | | not(${exp} = 'no' or ${exp} = 'dk') | | | |
| choices | list_name | name | label | label::French (fr) |
| | yn | yes | Yes | Oui |
| | yn | no | No | Non |
| | yn | dk | Don't know | Ne sait pas |
| | fmt | pdf | PDF | PDF |
| | fmt | badge | Badge | Badge |
| | fmt | other | Other | Autre |
| settings | form_id | form_title | default_language |
| | pq | Paper <test> | English (en) |
)";

class QuestionnairePrint : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    f_ = form::Compile(kForm, "pq.md", d);
    ASSERT_TRUE(f_) << d.ToString();
    // The numbers the paper gives: every question that holds an answer and is printed, in order.
    numbers_.assign(f_->nodes.size(), 0);
    int next = 0;
    for (const char* name : {"exp", "fmt", "n", "why", "other", "title", "last", "gen", "calc", "answered", "mixed", "notany"})
      numbers_[static_cast<std::size_t>(f_->Find(name) - f_->nodes.data())] = ++next;
  }
  std::string Words(const char* name, const std::string& lang = "en") {
    return ConditionInWords(*f_, *f_->Find(name), numbers_, lang);
  }
  std::shared_ptr<const form::Form> f_;
  std::vector<int> numbers_;
};

struct Case {
  const char* question;  // its relevance is in kForm
  const char* lang;
  const char* words;
};

TEST_F(QuestionnairePrint, ConditionsInWords) {
  const Case cases[] = {
      {"exp", "en", ""},
      {"fmt", "en", "you chose “Yes” at question 1"},
      {"why", "en", "you chose “No” or “Don't know” at question 1"},
      {"other", "en", "you chose “Other” at question 2"},
      {"mc", "en", "your answer to question 3 is more than 0"},
      {"last", "en", "your answer to question 3 is at least 2 and you did not choose “No” at question 1"},
      {"gen", "en", "it applies to you (see question 4)"},
      {"calc", "en", "it applies to you, given your earlier answers"},
      {"answered", "en", "you answered question 4"},
      {"mixed", "en", "you chose “Yes” at question 1 or you chose “PDF” or “Badge” at question 2"},
      {"notany", "en", "you did not choose “No” or “Don't know” at question 1"},
      {"fmt", "fr", "vous avez choisi « Oui » à la question 1"},
      {"why", "fr", "vous avez choisi « Non » ou « Ne sait pas » à la question 1"},
      {"fmt", "de", "Sie bei Frage 1 „Yes“ gewählt haben"},  // no German labels: the default language's
      {"fmt", "pt", "escolheu «Yes» na pergunta 1"},          // the paper's words in every EU language
      {"last", "pl", "odpowiedź na pytanie 3 wynosi co najmniej 2 i w pytaniu 1 nie wybrano „No”"},
      {"why", "fi", "valitsit kysymyksessä 1 vaihtoehdon ”No” tai ”Don't know”"},
      {"fmt", "ja", "you chose “Yes” at question 1"},         // beyond the EU's languages: English
  };
  for (const Case& c : cases) EXPECT_EQ(Words(c.question, c.lang), c.words) << c.question << " in " << c.lang;
}

TEST_F(QuestionnairePrint, BlankQuestionnaire) {
  std::string html = QuestionnaireHtml(*f_, {});
  EXPECT_NE(html.find("<title>Paper &lt;test&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("Title of &lt;b&gt;it&lt;/b&gt;"), std::string::npos) << "labels are text, escaped";
  EXPECT_EQ(html.find("<b>it"), std::string::npos);
  EXPECT_NE(html.find("Answer if you chose “Yes” at question 1."), std::string::npos);
  EXPECT_NE(html.find("Answer this section if your answer to question 3 is more than 0."), std::string::npos);
  // The repeat once, with how often to repeat it.
  EXPECT_NE(html.find("Repeat this section for each one: as many times as your answer to question 3."),
            std::string::npos);
  EXPECT_EQ(html.find("Title of"), html.rfind("Title of"));
  // A box per choice, the calculation nowhere, the hint under its question.
  EXPECT_NE(html.find("<li><span class=\"box\">○</span>\u00a0Don&#39;t know</li>"), std::string::npos) << html;
  EXPECT_NE(html.find("<li><span class=\"box\">☐</span>\u00a0Badge</li>"), std::string::npos);
  EXPECT_EQ(html.find("twice"), std::string::npos);
  EXPECT_NE(html.find("Think of the last year"), std::string::npos);
  EXPECT_NE(html.find("size: A4"), std::string::npos);
  EXPECT_NE(html.find("counter(pages)"), std::string::npos);
  // In French: the labels and the paper's own words.
  PrintRequest fr;
  fr.lang = "fr";
  std::string html_fr = QuestionnaireHtml(*f_, fr);
  EXPECT_NE(html_fr.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html_fr.find("Utilisez-vous des badges ?"), std::string::npos);
  EXPECT_NE(html_fr.find("Cochez une seule case."), std::string::npos);
}

// The paper's own words exist in all 24 EU languages, each with the English text's placeholders.
TEST(PrintWords, EveryEuLanguageHasEveryWordWithItsPlaceholders) {
  const char* keys[] = {"answer_if", "section_if", "quote", "cond_chose", "cond_not_chose", "cond_answered",
                        "cond_equals", "cond_more", "cond_at_least", "cond_less", "cond_at_most", "cond_generic",
                        "cond_earlier", "question_one", "question_many", "or", "and", "repeat_count", "repeat_free",
                        "tick_one", "tick_any", "rank", "number", "date", "time", "datetime", "required_mark", "intro",
                        "copy_title", "copy_intro", "copy_link", "copy_no_pdf"};
  auto marks = [](const std::string& s) {
    std::string out;
    for (std::size_t p = s.find('{'); p != std::string::npos; p = s.find('{', p + 1)) out += s.substr(p, 3);
    std::sort(out.begin(), out.end());
    return out;
  };
  for (const char* lang : {"bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt",
                           "nl", "pl", "pt", "ro", "sk", "sl", "sv"}) {
    for (const char* key : keys) {
      const std::string& en = PrintWord("en", key);
      const std::string& t = PrintWord(lang, key);
      if (std::string_view(key) != "quote") {  // “…” is shared by several languages
        EXPECT_NE(t, en) << lang << " " << key << " is English";
      }
      EXPECT_EQ(marks(t), marks(en)) << lang << " " << key;
    }
  }
}

TEST_F(QuestionnairePrint, RespondentsCopyHoldsTheirAnswersOnly) {
  engine::Answers a;
  a.values["exp"] = "yes";
  a.values["fmt"] = "pdf other";
  a.values["other"] = "Paper & <ink>";
  a.values["n"] = "2";
  a.values["why"] = "kept from an earlier answer, no longer applies";
  a.repeats["mc"] = {engine::Values{{"title", "First one"}}, engine::Values{{"title", "Second one"}}};
  PrintRequest r;
  r.answers = &a;
  r.reference = "R-123";
  r.submitted = "5 July";
  std::string html = QuestionnaireHtml(*f_, r);
  EXPECT_NE(html.find("Reference: R-123"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"box\">●</span>\u00a0Yes<"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"box\">○</span>\u00a0No<"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"box\">☒</span>\u00a0PDF<"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"box\">☐</span>\u00a0Badge<"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"box\">☒</span>\u00a0Other<"), std::string::npos);
  EXPECT_NE(html.find("Paper &amp; &lt;ink&gt;"), std::string::npos);
  EXPECT_NE(html.find("About this one (1 of 2)"), std::string::npos);
  EXPECT_NE(html.find("About this one (2 of 2)"), std::string::npos);
  EXPECT_NE(html.find("Second one"), std::string::npos);
  // What did not apply is not on the copy; nor are the instructions for filling the paper in.
  EXPECT_EQ(html.find("Why not?"), std::string::npos);
  EXPECT_EQ(html.find("no longer applies"), std::string::npos);
  EXPECT_EQ(html.find("Answer if"), std::string::npos);
  EXPECT_EQ(html.find("Tick one"), std::string::npos);
  // Applied but left blank: said so.
  EXPECT_NE(html.find("Not answered"), std::string::npos);
}

}  // namespace
}  // namespace mcs::web
