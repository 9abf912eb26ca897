// A form's texts out as XLIFF 1.2 and back in (issue 24): every text one unit with a stable id, what a
// translator changed lands in a new draft version, what changed at the source meanwhile is left out,
// and a file that is not what we wrote (broken XML, XLIFF 2.0, unknown units, entity declarations)
// changes nothing. Publishing refuses a language that lacks texts.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/strings.h"
#include "form/xliff.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"
#include "web/views.h"
#include "xlsform/workbook.h"

namespace mcs::form {
namespace {

const std::string kSource = MCS_SOURCE_DIR;

// A small form in English and French; the French lacks a hint and a choice label.
constexpr const char* kForm = R"(| survey | type | name | label::English (en) | label::French (fr) | hint::English (en) | hint::French (fr) | required | required_message::English (en) | required_message::French (fr) |
| | begin_group | about | About you & "yours" | Vous | | | | | |
| | select_one yn | smoker | Do you <smoke>? | Fumez-vous ? | Cigarettes count | | yes | Please answer | Veuillez répondre |
| | integer | per_day | How many a day? | Combien par jour ? | | | | | |
| | end_group | about | | | | | | | |
| choices | list_name | name | label::English (en) | label::French (fr) |
| | yn | yes | Yes | Oui |
| | yn | no | No | |
| settings | form_id | form_title | version | default_language |
| | smoking | Smoking survey | 7 | English (en) |
)";

std::shared_ptr<const Form> Small() {
  Diagnostics d;
  auto f = Compile(kForm, "smoking.md", d);
  EXPECT_TRUE(f) << d.ToString();
  return f;
}

// What a translator sends back: our file with each unit's target set from `targets` (by id).
std::string Translate(const Form& f, const std::string& lang, const std::map<std::string, std::string>& targets) {
  std::string out = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"
                    "<file original=\"" + f.id + "\" source-language=\"en\" target-language=\"" + lang +
                    "\" datatype=\"plaintext\"><body>\n";
  for (const TextUnit& u : TextUnits(f, lang)) {
    out += "<trans-unit id=\"" + u.id + "\"><source>" + HtmlEscape(u.source) + "</source>";
    if (auto it = targets.find(u.id); it != targets.end()) {
      out += "<target state=\"translated\">" + HtmlEscape(it->second) + "</target>";
    }
    out += "</trans-unit>\n";
  }
  return out + "</body></file></xliff>\n";
}

TEST(Xliff, EveryTextIsOneUnitWithAStableId) {
  auto f = Small();
  std::vector<std::string> ids;
  for (const TextUnit& u : TextUnits(*f, "fr")) ids.push_back(u.id);
  const std::vector<std::string> kExpected = {
      "settings/form_title",          "survey/about/label",      "survey/smoker/label",
      "survey/smoker/hint",           "survey/smoker/required_message", "survey/per_day/label",
      "choices/yn/yes/label",         "choices/yn/no/label"};
  EXPECT_EQ(ids, kExpected);
  auto c = LanguageCompleteness(*f, "fr");
  EXPECT_EQ(c.total, 8);
  EXPECT_EQ(c.translated, 5);  // no title, hint or "No" in French
  ASSERT_EQ(c.missing.size(), 3u);
  EXPECT_EQ(c.missing[1].sheet, "survey");
  EXPECT_EQ(c.missing[1].row, 3);
  EXPECT_EQ(c.missing[1].column, "hint");
  EXPECT_EQ(c.missing[2].sheet, "choices");
  EXPECT_EQ(c.missing[2].row, 3);
}

TEST(Xliff, WrittenFileReadsBackWithContextAndEscaping) {
  auto f = Small();
  std::string x = WriteXliff(*f, "fr");
  EXPECT_NE(x.find("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"), std::string::npos);
  EXPECT_NE(x.find("source-language=\"en\" target-language=\"fr\""), std::string::npos);
  EXPECT_NE(x.find("Do you &lt;smoke&gt;?"), std::string::npos);
  EXPECT_NE(x.find("About you &amp; &quot;yours&quot;"), std::string::npos);
  EXPECT_NE(x.find("<context context-type=\"x-type\">select_one yn</context>"), std::string::npos);
  EXPECT_NE(x.find("<target xml:lang=\"fr\" state=\"translated\">Fumez-vous ?</target>"), std::string::npos);
  auto doc = ReadXliff(x);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->version, "1.2");
  EXPECT_EQ(doc->original, "smoking");
  EXPECT_EQ(doc->target_lang, "fr");
  ASSERT_EQ(doc->units.size(), 8u);
  EXPECT_EQ(doc->units[2].id, "survey/smoker/label");
  EXPECT_EQ(doc->units[2].source, "Do you <smoke>?");
  EXPECT_EQ(doc->units[2].target, "Fumez-vous ?");
  EXPECT_FALSE(doc->units[3].has_target);  // the hint has no French
}

TEST(Xliff, ANewLanguageBecomesColumnsOfTheForm) {
  auto f = Small();
  std::map<std::string, std::string> it;
  for (const TextUnit& u : TextUnits(*f, "it")) it[u.id] = "IT " + u.id + " <&>";
  auto doc = ReadXliff(Translate(*f, "it", it));
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  auto applied = ApplyXliff(*f, *doc, "", "8");
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->lang, "it");
  EXPECT_EQ(applied->applied, 8);
  Diagnostics d;
  auto back = Compile(xlsform::WriteMarkdown(applied->workbook), "smoking.md", d);
  ASSERT_TRUE(back) << d.ToString();
  EXPECT_EQ(back->version, "8");
  EXPECT_TRUE(back->HasLanguage("it"));
  EXPECT_EQ(LanguageCompleteness(*back, "it").Percent(), 100);
  EXPECT_EQ(back->Title("it"), "IT settings/form_title <&>");
  EXPECT_EQ(back->Title("en"), "Smoking survey");
  EXPECT_EQ(back->Find("smoker")->label.Get("it", "en"), "IT survey/smoker/label <&>");
  EXPECT_EQ(back->Find("smoker")->choices->Find("no")->label.Get("it", "en"), "IT choices/yn/no/label <&>");
  // The other languages are untouched.
  EXPECT_EQ(back->Find("smoker")->label.Get("fr", "en"), "Fumez-vous ?");
  EXPECT_EQ(LanguageCompleteness(*back, "fr").translated, 5);
}

// A form written without language columns keeps its texts as the default (English) after a
// translation is added, instead of the new language becoming the default.
TEST(Xliff, AFormWithoutLanguagesKeepsItsOwnAsTheDefault) {
  Diagnostics d;
  auto f = Compile("| survey | type | name | label |\n| | text | q | Your name? |\n"
                   "| settings | form_id | form_title |\n| | plain | Plain form |\n",
                   "plain.md", d);
  ASSERT_TRUE(f) << d.ToString();
  EXPECT_EQ(SourceLanguage(*f), "en");
  auto doc = ReadXliff(Translate(*f, "de", {{"survey/q/label", "Ihr Name?"}, {"settings/form_title", "Formular"}}));
  ASSERT_TRUE(doc.ok());
  auto applied = ApplyXliff(*f, *doc, "", "2");
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  auto back = Compile(xlsform::WriteMarkdown(applied->workbook), "plain.md", d);
  ASSERT_TRUE(back) << d.ToString();
  EXPECT_EQ(back->default_language, "en");
  EXPECT_EQ(back->Find("q")->label.Get("en", "en"), "Your name?");
  EXPECT_EQ(back->Find("q")->label.Get("de", "en"), "Ihr Name?");
  EXPECT_EQ(back->Title("de"), "Formular");
  EXPECT_EQ(back->Title("en"), "Plain form");
  EXPECT_EQ(LanguageCompleteness(*back, "de").Percent(), 100);
}

TEST(Xliff, ChangedSourceIsFlaggedNotApplied) {
  auto f = Small();
  auto units = TextUnits(*f, "it");
  std::string x = Translate(*f, "it", {{"survey/smoker/label", "Fuma?"}, {"survey/per_day/label", "Quante?"}});
  // The form changed after the export: the translator's file holds the old English.
  std::string old = "How many a day?";
  x.replace(x.find(old), old.size(), "How many per week?");
  auto doc = ReadXliff(x);
  ASSERT_TRUE(doc.ok());
  auto applied = ApplyXliff(*f, *doc, "", "8");
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->applied, 1);
  EXPECT_EQ(applied->source_changed, std::vector<std::string>{"survey/per_day/label"});
  EXPECT_EQ(applied->not_translated.size(), units.size() - 2);
}

TEST(Xliff, BadFilesAreRefusedWithAClearError) {
  auto f = Small();
  auto error = [&](const std::string& xml) {
    auto doc = ReadXliff(xml);
    if (!doc.ok()) return doc.error().message;
    auto a = ApplyXliff(*f, *doc, "", "8");
    return a.ok() ? std::string("accepted") : a.error().message;
  };
  EXPECT_NE(error("<xliff version=\"1.2\"><file original=\"smoking\" target-language=\"it\"><body><trans-unit "
                  "id=\"survey/smoker/label\"><source>x</source></body></file></xliff>")
                .find("not well-formed XML: line 1"),
            std::string::npos);
  EXPECT_NE(error("<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"><file id=\"f\"/></xliff>")
                .find("this is XLIFF 2.0"),
            std::string::npos);
  EXPECT_NE(error("<xliff><file/></xliff>").find("no version attribute"), std::string::npos);
  EXPECT_NE(error("<html/>").find("not <xliff>"), std::string::npos);
  const std::string kLaughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;\">"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n<xliff version=\"1.2\"><file original=\"smoking\" "
      "target-language=\"it\"><body><trans-unit id=\"survey/smoker/label\"><source>Do you &lt;smoke&gt;?</source>"
      "<target>&lol3;</target></trans-unit></body></file></xliff>";
  EXPECT_NE(error(kLaughs).find("document type"), std::string::npos) << error(kLaughs);
  std::map<std::string, std::string> t = {{"survey/smoker/label", "Fuma?"}};
  std::string unknown = Translate(*f, "it", t);
  unknown.insert(unknown.find("</body>"), "<trans-unit id=\"survey/nothing/label\"><source>x</source></trans-unit>");
  EXPECT_NE(error(unknown).find("1 unit id names no text of form smoking version 7: 'survey/nothing/label'"),
            std::string::npos)
      << error(unknown);
  EXPECT_NE(error(Translate(*f, "en", t)).find("the form's own language"), std::string::npos);
  std::string no_lang = Translate(*f, "it", t);
  no_lang.replace(no_lang.find(" target-language=\"it\""), 21, "");
  EXPECT_NE(error(no_lang).find("does not say which language"), std::string::npos) << error(no_lang);
}

TEST(Xliff, MissingTextsAreErrorsAtSheetRowColumn) {
  auto f = Small();
  Diagnostics d;
  d.SetFile("smoking.md");
  CheckComplete(*f, d);
  EXPECT_EQ(d.ToString(),
            "smoking.md:settings:2:form_title::French (fr): the form has no form_title in French (5 of 8 texts "
            "translated)\n"
            "smoking.md:survey:3:hint::French (fr): 'smoker' has no hint in French (5 of 8 texts translated)\n"
            "smoking.md:choices:3:label::French (fr): 'no' has no label in French (5 of 8 texts translated)\n");
}

// The study's questionnaires are complete in every language they have (they are published as
// installed), and each exports with every text once.
TEST(Xliff, StudyFormsAreCompleteInTheirLanguages) {
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"}) {
    std::string path = kSource + "/forms/study/" + id + ".md";
    Diagnostics d;
    auto f = Compile(testing::ReadTestFile(path), path, d);
    ASSERT_TRUE(f) << d.ToString();
    Diagnostics missing;
    CheckComplete(*f, missing);
    EXPECT_FALSE(missing.HasErrors()) << missing.ToString();
    auto doc = ReadXliff(WriteXliff(*f, "it"));
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    std::set<std::string> ids;
    for (const auto& u : doc->units) EXPECT_TRUE(ids.insert(u.id).second) << u.id;
    EXPECT_EQ(ids.size(), TextUnits(*f, "it").size());
  }
}

// Issue 24, done means (b): no English left in the study's questionnaires in French and German. Every
// text (title, labels, hints, messages, choices, the pages a respondent may never reach included) differs
// from the English, except these: country names and words the language writes as English does (German
// "Microcredential" as in the German text of the Council Recommendation of 16 June 2022).
// tests/http/test_study_languages.py checks the pages themselves, interface included.
TEST(Xliff, StudyFormsHaveNoEnglishInFrenchAndGerman) {
  const std::map<std::string, std::set<std::string>> kSameAsEnglish = {
      {"fr", {"France", "Liechtenstein", "Luxembourg", "Portugal", "T\u00fcrkiye", "Ukraine", "National", "Local",
              "F - Construction", "Nanodegree", "Important"}},
      {"de", {"Liechtenstein", "Malta", "Montenegro", "Portugal", "T\u00fcrkiye", "Ukraine", "National",
              "Microcredential", "Nanodegree", "Online"}}};
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"}) {
    std::string path = kSource + "/forms/study/" + id + ".md";
    Diagnostics d;
    auto f = Compile(testing::ReadTestFile(path), path, d);
    ASSERT_TRUE(f) << d.ToString();
    for (const auto& [lang, same] : kSameAsEnglish) {
      std::size_t n = 0;
      for (const auto& u : TextUnits(*f, lang)) {
        ++n;
        EXPECT_FALSE(u.target.empty()) << id << " " << lang << " " << u.id;
        if (u.target == u.source) {
          EXPECT_TRUE(same.count(u.source)) << id << " " << lang << " " << u.id << " is English: " << u.source;
        }
      }
      EXPECT_GT(n, 100u) << id;
    }
  }
}

}  // namespace
}  // namespace mcs::form

namespace mcs::web {
namespace {

class TranslationImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(storage::Open("sqlite:" + dir_.File("t.db")).value());
    ASSERT_TRUE(store_->Migrate().ok());
    app_ = std::make_unique<App>(*store_, clock_, random_);
    Diagnostics d;
    ASSERT_TRUE(app_->Import(form::kForm, "smoking.md", d, /*publish=*/true).ok()) << d.ToString();
  }
  std::size_t Versions() { return store_->AllFormVersions().size(); }

  testing::TempDir dir_;
  ManualClock clock_{ParseTimeUtc("2026-11-28T12:00:00Z")};
  SeededRandom random_{3};
  std::unique_ptr<storage::Storage> store_;
  std::unique_ptr<App> app_;
};

namespace form_ns = mcs::form;

TEST_F(TranslationImportTest, ImportMakesADraftThatPublishesOnlyWhenComplete) {
  auto f = app_->NewestVersion("smoking");
  ASSERT_TRUE(f);
  // Half a translation: stored as a draft, but it cannot be published.
  std::map<std::string, std::string> half = {{"survey/smoker/label", "Fuma?"}};
  Diagnostics d;
  auto r = app_->ImportTranslation(form_ns::Translate(*f, "it", half), "", "", d);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->form->version, "8");
  EXPECT_EQ(r->applied, 1);
  EXPECT_FALSE(app_->forms().IsPublished("smoking", "8"));
  Status st = app_->Publish("smoking", "8");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalid);
  EXPECT_NE(st.error().message.find("cannot be published"), std::string::npos) << st.error().message;
  EXPECT_FALSE(app_->forms().IsPublished("smoking", "8"));

  // The rest (French too), on top of the draft: version 9 is complete and publishes.
  auto draft = app_->NewestVersion("smoking");
  std::map<std::string, std::string> all;
  for (const auto& u : form_ns::TextUnits(*draft, "it")) all[u.id] = "IT " + u.id;
  ASSERT_TRUE(app_->ImportTranslation(form_ns::Translate(*draft, "it", all), "smoking", "it", d).ok());
  std::map<std::string, std::string> fr;
  for (const auto& u : form_ns::TextUnits(*draft, "fr")) fr[u.id] = u.target.empty() ? "FR " + u.id : u.target;
  auto r3 = app_->ImportTranslation(form_ns::Translate(*app_->NewestVersion("smoking"), "fr", fr), "", "", d);
  ASSERT_TRUE(r3.ok()) << r3.error().message;
  EXPECT_EQ(r3->form->version, "10");
  EXPECT_TRUE(app_->Publish("smoking", "10").ok());
  EXPECT_EQ(app_->forms().Published("smoking")->Title("it"), "IT settings/form_title");
}

TEST_F(TranslationImportTest, RefusedFilesChangeNothing) {
  auto f = app_->NewestVersion("smoking");
  std::size_t before = Versions();
  Diagnostics d;
  std::string unknown = form_ns::Translate(*f, "it", {{"survey/smoker/label", "Fuma?"}});
  unknown.replace(unknown.find("survey/per_day/label"), 20, "survey/per_week/label");
  for (const std::string& bad :
       {std::string("<xliff version=\"1.2\"><file"), std::string("<xliff version=\"2.0\"/>"), unknown}) {
    EXPECT_FALSE(app_->ImportTranslation(bad, "", "", d).ok()) << bad;
  }
  // Another form's name.
  auto other = app_->ImportTranslation(form_ns::Translate(*f, "it", {{"survey/smoker/label", "Fuma?"}}), "employers", "", d);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("translates form 'smoking', not 'employers'"), std::string::npos);
  EXPECT_EQ(Versions(), before);
}

}  // namespace
}  // namespace mcs::web

namespace mcs::web {
namespace {

// Right-to-left languages (CLDR through ICU) get dir="rtl"; the others do not.
TEST(PageDirection, RightToLeftLanguagesReadRightToLeft) {
  for (const char* lang : {"ar", "he", "fa", "ar-EG"}) {
    EXPECT_NE(Layout("t", lang, "h", "", {}).find("<html lang=\"" + std::string(lang) + "\" dir=\"rtl\">"),
              std::string::npos)
        << lang;
  }
  for (const char* lang : {"en", "fr", "de", "fi", "el", "bg", ""}) {
    EXPECT_EQ(Layout("t", lang, "h", "", {}).find("dir="), std::string::npos) << lang;
  }
}

}  // namespace
}  // namespace mcs::web

// Found by fuzz_xliff (ASan: heap-use-after-free): a <trans-unit> opened inside another one's <source>
// added a unit while the text being read still pointed into the old array of units. XLIFF never nests
// trans-units; such a file is refused, and no text is ever kept by a pointer into the units.
TEST(Xliff, ATransUnitInsideAnotherIsRefused) {
  std::string units;
  for (int i = 0; i < 40; ++i) units += "<trans-unit id=\"u" + std::to_string(i) + "\"><source>s</source></trans-unit>";
  const std::string nested =
      "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"f\" "
      "target-language=\"fr\"><body>" +
      units +
      "<trans-unit id=\"a\"><source>text before<body><trans-unit id=\"b\"><source>inner</source></trans-unit>"
      "</body>and text after, written while the units move</source></trans-unit></body></file></xliff>";
  auto doc = mcs::form::ReadXliff(nested);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("inside another <trans-unit>"), std::string::npos) << doc.error().message;
}
