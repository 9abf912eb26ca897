// The follow-up consent kept with the contact details (issue 25; engine/consent.h): which question
// asked, its exact text in the respondent's language, the answer and the time; stored with the
// personal answers (never in the answers' own column); kept as first given; gone with the contact.
// The HTML pages and the API both call RecordConsent after the engine took the post; the API's path
// and the exports are checked in PrivacyAcknowledgementTest.TheFollowupConsentIsKeptWithTheContact.
#include <gtest/gtest.h>

#include "engine/answers_json.h"
#include "engine/consent.h"
#include "engine/engine.h"
#include "form/form.h"

namespace mcs::engine {
namespace {

constexpr const char* kForm =
    "| survey  | type          | name    | label::English (en)        | label::French (fr)             | hint::English (en)         | relevant             | personal |\n"
    "|         | text          | org     | Organisation               | Organisation                   |                            |                      |          |\n"
    "|         | select_one yn | consent | May we contact you?        | Pouvons-nous vous contacter ?  | Name and e-mail, kept apart. |                      |          |\n"
    "|         | begin_group   | contact | Contact                    | Contact                        |                            | ${consent} = 'yes'   |          |\n"
    "|         | text          | name    | Your name                  | Votre nom                      |                            |                      | yes      |\n"
    "|         | end_group     |         |                            |                                |                            |                      |          |\n"
    "| choices | list_name | name | label::English (en) | label::French (fr) |\n"
    "|         | yn        | yes  | Yes                 | Oui                |\n"
    "|         | yn        | no   | No                  | Non                |\n"
    "| settings | form_id | version |\n"
    "|          | fu      | 1       |\n";

class Consent : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    form_ = form::Compile(kForm, "fu.md", d);
    ASSERT_TRUE(form_) << d.ToString();
  }
  std::shared_ptr<const form::Form> form_;
};

TEST_F(Consent, TheQuestionThatLetsThePersonalQuestionsInAsked) {
  std::vector<int> asked = ConsentQuestions(*form_);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(form_->nodes[static_cast<std::size_t>(asked[0])].name, "consent");
}

TEST_F(Consent, RecordedWithTheContactInTheRespondentsLanguageAndKeptAsFirstGiven) {
  Answers a;
  a.values = {{"org", "Acme"}, {"consent", "yes"}, {"name", "Ann"}};
  RecordConsent(*form_, a, "fr", "2026-11-28T12:00:00.000Z");
  ASSERT_TRUE(a.values.count(kConsentKey));
  auto fields = ConsentFields(a.values.at(kConsentKey));
  const std::vector<std::pair<std::string, std::string>> want = {
      {"question", "consent"},
      {"text", "Pouvons-nous vous contacter ?\nName and e-mail, kept apart."},  // no French hint: the form's own
      {"answer", "Oui"},
      {"lang", "fr"},
      {"at", "2026-11-28T12:00:00.000Z"}};
  EXPECT_EQ(fields, want);
  // Stored with the personal answers, never with the others.
  std::string main, personal;
  ToStoredJsonSplit(*form_, a, main, personal);
  EXPECT_EQ(main.find("_mcs_consent"), std::string::npos) << main;
  EXPECT_EQ(main.find("Ann"), std::string::npos) << main;
  EXPECT_NE(personal.find("_mcs_consent"), std::string::npos) << personal;
  Answers back = FromStoredJson(main).value();
  MergePersonal(back, FromStoredJson(personal).value());
  EXPECT_EQ(back.values.at(kConsentKey), a.values.at(kConsentKey));
  // A later page changes nothing of it, nor does completing the response.
  RecordConsent(*form_, back, "en", "2026-11-28T12:05:00.000Z");
  EXPECT_EQ(ConsentFields(back.values.at(kConsentKey))[4].second, "2026-11-28T12:00:00.000Z");
  Runtime rt(*form_);
  rt.Finalize(back);
  ASSERT_TRUE(back.values.count(kConsentKey));
  EXPECT_EQ(back.values.at(kConsentKey), a.values.at(kConsentKey));
}

// A response's stored texts read back as exactly the answers they were written from (the respondent
// pages keep the answers they saved and skip parsing them on the next page only when this holds):
// personal answers in and out of repeats, empty repeat instances, quotes, backslashes, control
// characters, markup and non-ASCII text. The one answer the split drops is a plain answer with a
// repeat's name; the pages do not keep such answers.
TEST_F(Consent, StoredTextsReadBackAsExactlyTheAnswersTheyWereWrittenFrom) {
  auto read_back = [&](const Answers& a) {
    std::string main, personal;
    ToStoredJsonSplit(*form_, a, main, personal);
    Answers back = FromStoredJson(main).value();
    if (!personal.empty()) MergePersonal(back, FromStoredJson(personal).value());
    return back;
  };
  Answers a;
  a.values = {{"org", "Acme \"Ltd\" \\ <b>&amp;</b>\n\t\x01 \u00e9t\u00e9 \u2028 \U0001F600"},
              {"consent", "yes"},
              {"name", "Ann"},
              {"_mcs_seed", "00ff00ff00ff00ff"},
              {"empty", ""}};
  RecordConsent(*form_, a, "fr", "2026-11-28T12:00:00.000Z");
  a.repeats["jobs"] = {{{"title", "A"}, {"name", "Bob"}}, {}, {{"title", "C"}}};
  a.repeats["none"] = {};
  EXPECT_EQ(read_back(a), a);
  // Personal answers only in a repeat's first instance; none at all.
  a.values.erase("name");
  a.values.erase(kConsentKey);
  EXPECT_EQ(read_back(a), a);
  a.repeats["jobs"][0].erase("name");
  EXPECT_EQ(read_back(a), a);
  // The one case the split drops: a plain answer named like a repeat.
  a.values["jobs"] = "x";
  EXPECT_NE(read_back(a), a);
}

TEST_F(Consent, GoneWithTheContactAndNeverWithoutOne) {
  Answers a;
  a.values = {{"org", "Acme"}, {"consent", "no"}};
  RecordConsent(*form_, a, "en", "2026-11-28T12:00:00.000Z");
  EXPECT_FALSE(a.values.count(kConsentKey));
  // Said yes and gave a name, then changed their mind: the name is dropped on completion, and so is the record.
  a.values["consent"] = "yes";
  a.values["name"] = "Ann";
  RecordConsent(*form_, a, "en", "2026-11-28T12:00:00.000Z");
  ASSERT_TRUE(a.values.count(kConsentKey));
  a.values["consent"] = "no";
  Runtime rt(*form_);
  rt.Finalize(a);
  EXPECT_FALSE(a.values.count("name"));
  RecordConsent(*form_, a, "en", "2026-11-28T12:01:00.000Z");
  EXPECT_FALSE(a.values.count(kConsentKey));
  EXPECT_TRUE(ConsentFields("not a record").empty());
}

}  // namespace
}  // namespace mcs::engine
