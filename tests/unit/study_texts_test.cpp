// The study's own texts (issue 24): its title, groups and landing page text are the study's, not the
// code's. Read from forms/study/study.json, stored as a setting (a real SQLite file here), edited by
// an owner in the console (CSRF, audit), translated through XLIFF, and part of the completeness check
// that publishing makes. The built-in study renders as it did before the texts moved (en/fr/de).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "form/xliff.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"
#include "web/study_texts.h"

namespace mcs::web {
namespace {

// A questionnaire in English and Arabic, for a team's own study.
constexpr const char* kOwnForm =
    "| survey   | type    | name | label::English (en) | label::Arabic (ar) |\n"
    "|          | integer | n    | How many?           | كم؟                |\n"
    "| settings | form_id | form_title::English (en) | form_title::Arabic (ar) | version |\n"
    "|          | bakers  | Bakeries                 | المخابز                  | 1       |\n";

class StudyTextsWeb : public testing::AppTest {
 protected:
  StudyTextsWeb() : AppTest(11) {}
  // A request from the one browser of these tests; it keeps the last respondent page's CSRF token.
  http::Response Send(const std::string& method, const std::string& path, const std::string& body = "") {
    auto resp = Browse(browser_, method, path, body);
    if (std::string t = Hidden(resp.body, "_mcs_csrf"); !t.empty()) csrf_ = t;
    return resp;
  }
  // The process-wide texts message pages read go back to the built-in ones for the tests after these.
  void TearDown() override { SetCurrentStudyTexts(nullptr); }
  void SignInAsOwner() { SignIn(browser_, "admin", testing::kAdminPassword); }
  // Answers a one-question questionnaire in `lang` to its thank-you page.
  std::string ThankYouPage(const std::string& form_id, const std::string& lang) {
    browser_.cookies.clear();
    auto start = Send("GET", "/s/" + form_id + "?lang=" + lang);
    EXPECT_EQ(start.status, 200) << start.body;
    auto first = Send("POST", "/s/" + form_id,
                      "_mcs_csrf=" + csrf_ + "&_mcs_lang=" + lang +
                          "&_mcs_page=0.-1&_mcs_action=next&n=3");
    EXPECT_EQ(first.status, 303) << first.body;
    std::string resume = Header(first, "Location").substr(0, Header(first, "Location").find('?'));
    (void)Send("GET", resume);
    auto sent = Send("POST", resume,
                     "_mcs_csrf=" + csrf_ + "&_mcs_lang=" + lang +
                         "&_mcs_page=review&_mcs_action=submit");
    auto thanks = sent.status == 303 ? Send("GET", Header(sent, "Location")) : sent;
    EXPECT_EQ(thanks.status, 200) << thanks.body;
    return thanks.body;
  }

  CookieJar browser_;
  std::string csrf_;
};

// The built-in study's file: four groups and every text in the 24 languages, placeholders kept.
TEST(StudyTexts, TheBuiltInFileHasEveryTextInEveryLanguage) {
  const StudyTexts& s = BuiltInStudyTexts();
  EXPECT_EQ(s.groups, (std::vector<std::string>{"vet_providers", "authorities", "employers", "employee_orgs"}));
  EXPECT_EQ(s.Keys().size(), 13u);
  EXPECT_EQ(s.Languages().size(), 24u);
  for (const auto& lang : i18n::Languages()) {
    EXPECT_TRUE(s.Missing(lang).empty()) << lang << ": " << Join(s.Missing(lang), ", ");
    EXPECT_NE(s.Text(lang, "study_intro").find("{0"), std::string::npos) << lang;  // {0} or an ICU plural of it
    EXPECT_NE(s.Text(lang, "next_text").find("{0}"), std::string::npos) << lang;
    if (lang != "en") {
      EXPECT_NE(s.Text(lang, "study_title"), s.Text("en", "study_title")) << lang;
    }
  }
  // Out of the interface's tables: nothing of the study is left in the code.
  for (const auto& key : s.Keys()) EXPECT_EQ(i18n::T("fr", key), "?") << key;
  EXPECT_EQ(s.Text("fr-BE", "group_employers"), "Employeurs et organisations d'employeurs");
  EXPECT_EQ(s.Text("xx", "group_employers"), "Employers and organisations representing employers");  // the source's
}

TEST(StudyTexts, RefusesFilesThatAreNotTheStudys) {
  EXPECT_FALSE(ParseStudyTexts("{").ok());
  EXPECT_FALSE(ParseStudyTexts("[]").ok());
  EXPECT_FALSE(ParseStudyTexts(R"({"groups": ["a b"]})").ok());
  EXPECT_FALSE(ParseStudyTexts(R"({"groups": ["a", "a"]})").ok());
  EXPECT_FALSE(ParseStudyTexts(R"({"texts": {"en": {"study_title": 3}}})").ok());
  auto unknown = ParseStudyTexts(R"({"groups": ["a"], "texts": {"en": {"study_footer": "B"}}})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("study_footer"), std::string::npos);
  // A former group's texts are kept (listed again, it has them back), but are not the study's now.
  auto former = ParseStudyTexts(R"({"groups": ["a"], "texts": {"en": {"group_b": "B", "group_a": "A"}}})");
  ASSERT_TRUE(former.ok()) << former.error().message;
  EXPECT_EQ(former->Keys().size(), 7u);
  EXPECT_EQ(former->Missing("en"), (std::vector<std::string>{"study_header", "study_title", "study_intro",
                                                             "study_privacy", "next_text", "group_a_desc"}));
  auto good = ParseStudyTexts(SerializeStudyTexts(BuiltInStudyTexts()));
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(SerializeStudyTexts(*good), SerializeStudyTexts(BuiltInStudyTexts()));
}

// What the landing and thank-you pages showed of the study in en, fr and de before its texts left
// the code is on them still (tests/data/study_texts/before_LANG.txt, captured from the old build).
TEST_F(StudyTextsWeb, TheBuiltInStudyRendersAsBeforeInEnglishFrenchAndGerman) {
  ASSERT_TRUE(store_->GetSetting(kStudyTextsSetting).has_value());  // seeded from the file
  ASSERT_TRUE(app_->Import(
                      "| survey   | type    | name | label::English (en) | label::French (fr) | label::German (de) |\n"
                      "|          | integer | n    | N                   | N                  | N                  |\n"
                      "| settings | form_id | form_title::English (en) | form_title::French (fr) | form_title::German (de) |\n"
                      "|          | done    | Done                     | Fini                    | Fertig                  |\n",
                      "done.md", *std::make_unique<Diagnostics>(), /*publish=*/true)
                  .ok());
  for (const std::string lang : {"en", "fr", "de"}) {
    std::string landing = Send("GET", "/?lang=" + lang).body;
    std::string thanks = ThankYouPage("done", lang);
    std::ifstream in(std::string(MCS_SOURCE_DIR) + "/tests/data/study_texts/before_" + lang + ".txt");
    ASSERT_TRUE(in) << lang;
    int checked = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      for (auto p = line.find("\\n"); p != std::string::npos; p = line.find("\\n")) line.replace(p, 2, "\n");
      if (line.starts_with("thank-you: ")) {
        EXPECT_NE(thanks.find(line.substr(11)), std::string::npos) << lang << ": " << line;
      } else {
        EXPECT_NE(landing.find(line), std::string::npos) << lang << ": " << line;
      }
      ++checked;
    }
    EXPECT_EQ(checked, 10) << lang;  // title, header, heading, introduction, four groups, note, thank-you
  }
}

// Another team's study: its own title and groups, set as settings (no code), escaped on the page.
TEST_F(StudyTextsWeb, AnotherTeamSetsItsOwnTitleAndGroups) {
  Diagnostics d;
  ASSERT_TRUE(app_->Import(kOwnForm, "bakers.md", d, /*publish=*/true).ok()) << d.ToString();
  StudyTexts s = *app_->Study();
  ASSERT_TRUE(SetStudyGroups(s, {"bakers"}).ok());
  ASSERT_TRUE(SetStudyTexts(s, "en", {{"study_title", "Bread & <b>butter</b> survey"},
                                      {"study_header", "Bakers' Guild"},
                                      {"study_intro", "Tell us about bread ({0} min)."},
                                      {"study_privacy", "Run by the Bakers' Guild."},
                                      {"next_text", "Thank you for helping \u201c{0}\u201d."},
                                      {"group_bakers", "Bakeries"},
                                      {"group_bakers_desc", "Every shop that bakes."}})
                  .ok());
  ASSERT_TRUE(app_->SaveStudy(s).ok());
  // Stored in the database: a fresh App on the same file reads the same.
  EXPECT_EQ(LoadStudyTexts(*store_).Text("en", "study_title"), "Bread & <b>butter</b> survey");
  std::string page = Send("GET", "/").body;
  EXPECT_NE(page.find("<h1>Bread &amp; &lt;b&gt;butter&lt;/b&gt; survey</h1>"), std::string::npos) << page;
  EXPECT_NE(page.find("Bakers&#39; Guild"), std::string::npos);
  EXPECT_NE(page.find("Tell us about bread ("), std::string::npos);
  EXPECT_NE(page.find("<p>Every shop that bakes.</p>"), std::string::npos);
  EXPECT_EQ(page.find("Cedefop"), std::string::npos);
  // The four built-in questionnaires are not the study's groups any more: listed by their titles.
  EXPECT_EQ(page.find(">VET providers<"), std::string::npos);
  EXPECT_EQ(page.find("Schools, colleges"), std::string::npos);
  EXPECT_NE(page.find(">Microcredentials for employment: survey of VET providers<"), std::string::npos);
  EXPECT_LT(page.find("Bakeries"), page.find("/s/vet_providers"));
  // Texts the study does not have are refused, as are group ids that are not form ids.
  EXPECT_FALSE(SetStudyTexts(s, "en", {{"group_nobody", "x"}}).ok());
  EXPECT_FALSE(SetStudyGroups(s, {"a/b"}).ok());
}

// Publishing a questionnaire of the study in a language needs the study's texts in it too; they
// come in through the same XLIFF (units flagged when their English changed since the export).
TEST_F(StudyTextsWeb, PublishingWaitsForTheStudysTextsInTheLanguage) {
  Diagnostics d;
  ASSERT_TRUE(app_->Import(kOwnForm, "bakers.md", d).ok()) << d.ToString();
  StudyTexts s = *app_->Study();
  ASSERT_TRUE(SetStudyGroups(s, {"bakers"}).ok());
  ASSERT_TRUE(SetStudyTexts(s, "en", {{"group_bakers", "Bakeries"}, {"group_bakers_desc", "Shops."}}).ok());
  ASSERT_TRUE(app_->SaveStudy(s).ok());
  Status refused = app_->Publish("bakers", "1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
  EXPECT_NE(refused.error().message.find("study:texts:study_header::"), std::string::npos) << refused.error().message;
  Diagnostics missing;
  CheckStudyTextsComplete(*app_->Study(), *app_->NewestVersion("bakers"), missing);
  EXPECT_EQ(missing.items().size(), 7u) << missing.ToString();  // five common texts, the group's name and description

  // Out as XLIFF (what translators' tools read), back in translated, one unit's English changed since.
  std::string xliff = WriteStudyXliff(*app_->Study(), "ar");
  auto doc = form::ReadXliff(xliff);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->original, "study");
  ASSERT_EQ(doc->units.size(), 7u);
  EXPECT_EQ(doc->units[0].id, "study/study_header");
  EXPECT_FALSE(doc->units[0].has_target);
  std::string translated = xliff;
  for (std::size_t p = 0, n = 1; (p = translated.find("</source>", p)) != std::string::npos; ++n) {
    p += 9;
    std::string target = "<target state=\"translated\">نص " + std::to_string(n) + "</target>";
    translated.insert(p, target);
    p += target.size();
  }
  StudyTexts changed = *app_->Study();
  ASSERT_TRUE(SetStudyTexts(changed, "en", {{"group_bakers_desc", "Every shop that bakes."}}).ok());
  ASSERT_TRUE(app_->SaveStudy(changed).ok());
  auto r = app_->ImportStudyTranslation(translated, "");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->lang, "ar");
  EXPECT_EQ(r->texts.size(), 6u);
  EXPECT_EQ(r->source_changed, (std::vector<std::string>{"study/group_bakers_desc"}));
  EXPECT_FALSE(app_->Publish("bakers", "1").ok());  // the description is still missing in Arabic
  ASSERT_TRUE(app_->ImportStudyTranslation(WriteStudyXliff(*app_->Study(), "ar").replace(
                                               WriteStudyXliff(*app_->Study(), "ar").rfind("</source>") + 9, 0,
                                               "<target state=\"translated\">كل مخبز</target>"),
                                           "")
                  .ok());
  EXPECT_TRUE(app_->Publish("bakers", "1").ok());
  EXPECT_EQ(app_->Study()->Text("ar", "study_header"), "نص 1");

  // A translation whose English changes afterwards is flagged in the next export.
  StudyTexts later = *app_->Study();
  ASSERT_TRUE(SetStudyTexts(later, "en", {{"group_bakers", "Bakeries and pastry shops"}}).ok());
  ASSERT_TRUE(app_->SaveStudy(later).ok());
  EXPECT_TRUE(app_->Study()->Outdated("ar", "group_bakers"));
  EXPECT_NE(WriteStudyXliff(*app_->Study(), "ar").find("state=\"needs-review-translation\""), std::string::npos);

  // Refused files change nothing: another form's file, an unknown unit, broken XML.
  std::string before = *store_->GetSetting(kStudyTextsSetting);
  std::string other = translated;
  other.replace(other.find("original=\"study\""), 16, "original=\"bakers\"");
  std::string unknown = translated;
  unknown.replace(unknown.find("study/study_header"), 18, "study/study_footer");
  for (const std::string& bad : {other, unknown, std::string("<xliff version=\"1.2\"><file")}) {
    EXPECT_FALSE(app_->ImportStudyTranslation(bad, "").ok()) << bad.substr(0, 200);
  }
  EXPECT_EQ(*store_->GetSetting(kStudyTextsSetting), before);
}

// The console's Study texts page: owners only, every post with the session's CSRF token, audited,
// a save over texts changed meanwhile refused.
TEST_F(StudyTextsWeb, OwnerEditsTheTextsInTheConsole) {
  EXPECT_EQ(Send("GET", "/admin/study").status, 303);  // not signed in: to the sign-in page
  SignInAsOwner();
  auto page = Send("GET", "/admin/study?lang=fr");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Le rôle des microcertifications"), std::string::npos);
  std::string csrf = Hidden(page.body, "_csrf"), stamp = Hidden(page.body, "stamp");
  ASSERT_FALSE(stamp.empty());
  std::string form = "lang=fr&stamp=" + stamp + "&study_title=" + UrlEncode("Microcertifications & emploi <2027>");
  EXPECT_EQ(Send("POST", "/admin/study/texts", form).status, 403);  // no CSRF token
  auto saved = Send("POST", "/admin/study/texts", "_csrf=" + csrf + "&" + form);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_NE(saved.body.find("Saved the study"), std::string::npos);
  std::string landing = Send("GET", "/?lang=fr").body;
  EXPECT_NE(landing.find("<h1>Microcertifications &amp; emploi &lt;2027&gt;</h1>"), std::string::npos);
  // Only the texts posted change: the French intro is as it was, English untouched.
  EXPECT_NE(landing.find("Cette étude examine"), std::string::npos);
  EXPECT_NE(Send("GET", "/?lang=en").body.find("<h1>The role of microcredentials"), std::string::npos);
  // The same form again: its stamp is stale now.
  EXPECT_EQ(Send("POST", "/admin/study/texts", "_csrf=" + csrf + "&" + form).status, 409);
  // Shown again for editing as stored: markup escaped, a right-to-left mark kept as it is (not made visible).
  StudyTexts rtl = *app_->Study();
  ASSERT_TRUE(SetStudyTexts(rtl, "ar", {{"study_title", "\u200Fدراسة <x>"}}).ok());
  ASSERT_TRUE(app_->SaveStudy(rtl).ok());
  auto ar = Send("GET", "/admin/study?lang=ar");
  EXPECT_NE(ar.body.find("name=\"study_title\" rows=\"2\" lang=\"ar\" aria-describedby=\"text-1-hint\">&#x200F;دراسة &lt;x&gt;</textarea>"), std::string::npos) << ar.body;
  csrf = Hidden(ar.body, "_csrf");
  // Groups: an unknown form is refused.
  EXPECT_EQ(Send("POST", "/admin/study/groups", "_csrf=" + csrf + "&groups=employers%2C+nosuchform").status, 422);
  auto groups = Send("POST", "/admin/study/groups", "_csrf=" + csrf + "&groups=employers%2C+authorities");
  ASSERT_EQ(groups.status, 200) << groups.body;
  EXPECT_EQ(app_->Study()->groups, (std::vector<std::string>{"employers", "authorities"}));
  bool audited_texts = false, audited_groups = false;
  for (const auto& e : store_->ListAudit(50, 0)) {
    audited_texts |= e.action == "study-texts-change" && e.user == "admin" && e.detail == "fr";
    audited_groups |= e.action == "study-groups-change" && e.detail == "employers,authorities";
  }
  EXPECT_TRUE(audited_texts);
  EXPECT_TRUE(audited_groups);
}

}  // namespace
}  // namespace mcs::web
