// Acknowledging the privacy notice before the first question (issue 25), in process on SQLite: with
// the setting on, no question is shown or taken until the respondent ticks "I have read the privacy
// notice" — with plain form posts (Post/Redirect/Get), with the page script's enhanced posts
// (X-MCS-Enhanced), on a resumed response, for the page script's drafts and on the JSON API — and the
// response keeps when and which notice. The storage side (both backends, exports, access copy) is in
// privacy_test.cpp (PrivacyStorageConformance.TheAcknowledgement*).
#include <gtest/gtest.h>

#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "export/export.h"
#include "privacy/acknowledgement.h"
#include "privacy/privacy.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

class PrivacyAcknowledgementTest : public testing::AppTest {
 protected:
  void Require(bool on) {
    ASSERT_TRUE(privacy::SetAcknowledgementRequired(*store_, "employers", on, {"admin", clock_.Now()}).ok());
    app_->AcknowledgementChanged();
  }
  http::Response Send(const std::string& method, const std::string& path, const std::string& body = "",
                      bool enhanced = false, const std::string& type = "application/x-www-form-urlencoded") {
    http::Request r = NewRequest(method, path, body);
    if (method == "POST") r.headers.emplace_back("content-type", type);
    if (!cookie_.empty()) r.headers.emplace_back("cookie", cookie_);
    if (enhanced) r.headers.emplace_back("x-mcs-enhanced", "1");
    http::Response res = router_->Dispatch(r);
    for (const auto& [k, v] : res.headers) {
      if (k == "Set-Cookie" && v.rfind("mcs_csrf=", 0) == 0) cookie_ = v.substr(0, v.find(';'));
    }
    return res;
  }
  // The CSRF token of a page just shown.
  std::string Csrf(const std::string& path) { return Hidden(Send("GET", path).body, "_mcs_csrf"); }
  long long Responses() {
    auto c = store_->CountResponses("employers");
    return c.partial + c.complete;
  }
  static bool IsAcknowledgementPage(const std::string& html) {
    return html.find("name=\"_mcs_page\" value=\"ack\"") != std::string::npos &&
           html.find("<label class=\"choice__label\" for=\"privacy-ack\">I have read the privacy notice</label>") !=
               std::string::npos;
  }
  static bool ShowsAQuestion(const std::string& html) { return html.find("name=\"country\"") != std::string::npos; }
  // The one stored response (there is only one in these tests).
  storage::ResponseRecord Stored() {
    storage::ResponseRecord out;
    storage::ResponseFilter all{false, ""};
    EXPECT_TRUE(store_->ForEachResponse("employers", all, [&](const storage::ResponseRecord& r) {
      out = r;
      return true;
    }).ok());
    return out;
  }

  std::string cookie_;
};

TEST_F(PrivacyAcknowledgementTest, WithoutJavaScriptNoQuestionBeforeTheBoxIsTicked) {
  // Off (the default): the first question straight away.
  EXPECT_TRUE(ShowsAQuestion(Send("GET", "/s/employers").body));
  Require(true);
  auto first = Send("GET", "/s/employers");
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(IsAcknowledgementPage(first.body));
  EXPECT_FALSE(ShowsAQuestion(first.body));
  EXPECT_NE(first.body.find("It does not store your IP address."), std::string::npos);  // the notice itself
  EXPECT_NE(first.body.find("<a href=\"/privacy?lang=en\">Read the full privacy notice</a>"), std::string::npos);
  const std::string csrf = Hidden(first.body, "_mcs_csrf");

  // The first page's answers posted around the acknowledgement: refused, nothing stored.
  auto sneaked = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_action=next&country=AT");
  EXPECT_EQ(sneaked.status, 422);
  EXPECT_TRUE(IsAcknowledgementPage(sneaked.body));
  EXPECT_EQ(Responses(), 0);
  // The box not ticked: the page again, with the error linked to the box.
  auto unticked = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=ack&_mcs_action=next");
  EXPECT_EQ(unticked.status, 422);
  EXPECT_NE(unticked.body.find("<a href=\"#privacy-ack\">Tick the box to confirm that you have read the privacy "
                               "notice.</a>"),
            std::string::npos);
  EXPECT_NE(unticked.body.find("aria-describedby=\"privacy-ack-error\""), std::string::npos);
  EXPECT_NE(unticked.body.find("<title>Error: Before you start"), std::string::npos);
  EXPECT_EQ(Responses(), 0);
  // Without the page's CSRF token: nothing.
  EXPECT_EQ(Send("POST", "/s/employers", "_mcs_page=ack&_mcs_privacy_ack=yes").status, 403);
  EXPECT_EQ(Responses(), 0);

  // Ticked: the response starts, with the time and the notice, and the first question follows.
  clock_.Set(clock_.Now() + 5000);
  auto ok = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=ack&_mcs_privacy_ack=yes&_mcs_action=next");
  ASSERT_EQ(ok.status, 303);
  const std::string resume = Header(ok, "Location");
  ASSERT_EQ(resume.rfind("/s/employers/r/", 0), 0u) << resume;
  ASSERT_EQ(Responses(), 1);
  storage::ResponseRecord rec = Stored();
  EXPECT_EQ(rec.privacy_ack_at, clock_.Now());
  EXPECT_EQ(rec.privacy_notice, privacy::NoticeVersion(privacy::BuiltInNotice("en")));
  EXPECT_NE(privacy::BuiltInNotice("fr"), privacy::BuiltInNotice("en"));  // each language its own text and hash
  EXPECT_EQ(rec.privacy_notice.size(), 7u + 16u);
  auto page = Send("GET", resume);
  EXPECT_TRUE(ShowsAQuestion(page.body));
  // Answering goes on as usual and keeps the acknowledgement.
  auto next = Send("POST", resume,
                   "_mcs_csrf=" + Hidden(page.body, "_mcs_csrf") + "&_mcs_page=0.-1&_mcs_action=next&country=AT");
  EXPECT_EQ(next.status, 422);  // the page's other questions are required: the answer is taken, with their errors
  EXPECT_FALSE(IsAcknowledgementPage(next.body));
  EXPECT_EQ(Stored().privacy_ack_at, rec.privacy_ack_at);
  EXPECT_NE(Stored().answers_json.find("\"AT\""), std::string::npos);
}

TEST_F(PrivacyAcknowledgementTest, WithJavaScriptTheEnhancedPostsAreGatedToo) {
  Require(true);
  const std::string csrf = Csrf("/s/employers");
  // A question posted by the page script before the acknowledgement: the acknowledgement page, in place.
  auto sneaked = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_action=next&country=AT", true);
  EXPECT_EQ(sneaked.status, 422);
  EXPECT_TRUE(IsAcknowledgementPage(sneaked.body));
  EXPECT_EQ(Header(sneaked, "X-MCS-Url"), "/s/employers");
  // The script's background save of what is typed: refused, nothing stored.
  auto draft = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_action=draft&country=AT");
  EXPECT_EQ(draft.status, 422);
  EXPECT_EQ(Responses(), 0);
  auto unticked = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=ack&_mcs_action=next", true);
  EXPECT_EQ(unticked.status, 422);
  EXPECT_EQ(Header(unticked, "X-MCS-Url"), "/s/employers");
  EXPECT_NE(unticked.body.find("id=\"error-summary\""), std::string::npos);
  // Ticked: the first question page in the same exchange, at its own address.
  auto ok = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=ack&_mcs_privacy_ack=yes&_mcs_action=next", true);
  EXPECT_EQ(ok.status, 200);
  const std::string url = Header(ok, "X-MCS-Url");
  EXPECT_EQ(url.rfind("/s/employers/r/", 0), 0u) << url;
  EXPECT_NE(url.find("?at=0.-1"), std::string::npos) << url;
  EXPECT_TRUE(ShowsAQuestion(ok.body));
  EXPECT_EQ(Stored().privacy_ack_at, clock_.Now());
  // A language switch on the acknowledgement page is no mistake: the page in that language.
  auto fr = Send("POST", "/s/employers", "_mcs_csrf=" + csrf + "&_mcs_page=ack&_mcs_action=lang:fr", true);
  EXPECT_EQ(fr.status, 200);
  EXPECT_NE(fr.body.find("<html lang=\"fr\""), std::string::npos);
  EXPECT_NE(fr.body.find("ai lu la déclaration de confidentialité</label>"), std::string::npos);
  EXPECT_EQ(fr.body.find("id=\"error-summary\""), std::string::npos);
}

TEST_F(PrivacyAcknowledgementTest, AResponseStartedBeforeItWasAskedAcknowledgesOnResume) {
  // Started while not asked (a page saved with "Save and continue later").
  auto first = Send("GET", "/s/employers");
  auto saved = Send("POST", "/s/employers",
                    "_mcs_csrf=" + Hidden(first.body, "_mcs_csrf") + "&_mcs_page=0.-1&_mcs_action=save&country=AT");
  ASSERT_EQ(saved.status, 200);
  auto at = saved.body.find("action=\"/s/employers/r/");
  ASSERT_NE(at, std::string::npos);
  const std::string resume = saved.body.substr(at + 8, saved.body.find('"', at + 8) - at - 8);
  EXPECT_EQ(Stored().privacy_ack_at, 0);
  Require(true);
  // Coming back: the acknowledgement first, posting to the resume link.
  auto back = Send("GET", resume);
  EXPECT_TRUE(IsAcknowledgementPage(back.body));
  EXPECT_NE(back.body.find("action=\"" + resume + "\""), std::string::npos);
  const std::string csrf = Hidden(back.body, "_mcs_csrf");
  auto sneaked = Send("POST", resume, "_mcs_csrf=" + csrf + "&_mcs_page=0.-1&_mcs_action=next&country=BE");
  EXPECT_EQ(sneaked.status, 422);
  EXPECT_TRUE(IsAcknowledgementPage(sneaked.body));
  EXPECT_NE(Stored().answers_json.find("\"AT\""), std::string::npos);  // not taken
  auto ok = Send("POST", resume, "_mcs_csrf=" + csrf + "&_mcs_page=ack&_mcs_privacy_ack=yes");
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(Header(ok, "Location"), resume);
  EXPECT_EQ(Stored().privacy_ack_at, clock_.Now());
  auto page = Send("GET", resume);
  EXPECT_TRUE(ShowsAQuestion(page.body));
  EXPECT_NE(page.body.find("value=\"AT\" selected"), std::string::npos);  // the answers kept
  // Acknowledged once is enough: posting the acknowledgement again changes nothing.
  const TimeMs first_ack = Stored().privacy_ack_at;
  clock_.Set(clock_.Now() + 60000);
  EXPECT_EQ(Send("POST", resume, "_mcs_csrf=" + csrf + "&_mcs_page=ack&_mcs_privacy_ack=yes").status, 303);
  EXPECT_EQ(Stored().privacy_ack_at, first_ack);
}

TEST_F(PrivacyAcknowledgementTest, TheApiRefusesASubmissionWithoutTheAcknowledgement) {
  Require(true);
  // A whole response an employer could send (the study's required questions answered).
  const std::string answers = R"("answers":{"country":"AT","org_type":"company","org_size":"micro","sector":["A"],"role":"head","familiarity":"not_at_all","mc_experience":"no"})";
  auto refused = Send("POST", "/api/v1/forms/employers/responses", "{" + answers + "}", false, "application/json");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("\"field\":\"privacy_acknowledged\""), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("The privacy notice has not been acknowledged"), std::string::npos) << refused.body;
  auto wrong = Send("POST", "/api/v1/forms/employers/responses", "{" + answers + R"(,"privacy_acknowledged":"yes"})",
                    false, "application/json");
  EXPECT_EQ(wrong.status, 400);
  auto no = Send("POST", "/api/v1/forms/employers/responses", "{" + answers + R"(,"privacy_acknowledged":false})",
                 false, "application/json");
  EXPECT_EQ(no.status, 422);
  EXPECT_EQ(Responses(), 0);
  auto ok = Send("POST", "/api/v1/forms/employers/responses", "{" + answers + R"(,"privacy_acknowledged":true})",
                 false, "application/json");
  EXPECT_EQ(ok.status, 201) << ok.body;
  storage::ResponseRecord rec = Stored();
  EXPECT_EQ(rec.privacy_ack_at, clock_.Now());
  EXPECT_EQ(rec.privacy_notice.rfind("sha256:", 0), 0u);
  // Not asked: the field is not needed.
  Require(false);
  EXPECT_EQ(Send("POST", "/api/v1/forms/employers/responses", "{" + answers + "}", false, "application/json").status,
            201);
}

TEST_F(PrivacyAcknowledgementTest, TheNoticeShownIsTheTeamsTextEscapedAndItsVersionChangesWithIt) {
  privacy::Actor who{"admin", clock_.Now()};
  ASSERT_TRUE(privacy::SetNoticeText(*store_, "", "en", "Cedefop keeps <b>your</b> answers.", who).ok());
  ASSERT_TRUE(privacy::SetNoticeText(*store_, "employers", "en", "Employers: interviews by phone.", who).ok());
  Require(true);
  auto page = Send("GET", "/s/employers");
  EXPECT_NE(page.body.find("<p>Cedefop keeps &lt;b&gt;your&lt;/b&gt; answers.</p>\n<p>Employers: interviews by phone.</p>"),
            std::string::npos);
  EXPECT_EQ(page.body.find("<b>your</b>"), std::string::npos);
  auto ok = Send("POST", "/s/employers", "_mcs_csrf=" + Hidden(page.body, "_mcs_csrf") + "&_mcs_page=ack&_mcs_privacy_ack=yes");
  ASSERT_EQ(ok.status, 303);
  EXPECT_EQ(Stored().privacy_notice,
            privacy::NoticeVersion("Cedefop keeps <b>your</b> answers.\n\nEmployers: interviews by phone."));
  EXPECT_NE(privacy::NoticeVersion("Cedefop keeps <b>your</b> answers."),
            privacy::NoticeVersion("Cedefop keeps <b>your</b> answers!"));
}

// Item 2 of the issue's leftovers: the follow-up contact question's text, as shown, is kept with the
// contact (engine/consent.h) and shows in the follow-up contacts export and the person's access copy.
TEST_F(PrivacyAcknowledgementTest, TheFollowupConsentIsKeptWithTheContact) {
  auto ok = Send("POST", "/api/v1/forms/employers/responses",
                 R"({"lang":"fr","answers":{"country":"AT","org_type":"company","org_size":"micro","sector":["A"],"role":"head","familiarity":"not_at_all","mc_experience":"no","followup_consent":"yes",)"
                 R"("contact_name":"Ann <b>Lee</b>","contact_email":"ann@example.org"}})",
                 false, "application/json");
  ASSERT_EQ(ok.status, 201) << ok.body;
  storage::ResponseRecord rec = Stored();
  EXPECT_EQ(rec.answers_json.find("_mcs_consent"), std::string::npos);  // not with the answers
  EXPECT_NE(rec.personal_json.find("_mcs_consent"), std::string::npos);
  auto f = app_->forms().Published("employers");
  ASSERT_TRUE(f);
  std::ostringstream out;
  ASSERT_TRUE(exporter::WriteFollowups(*store_, *f, exporter::FollowupOptions{}, out).ok());
  const std::string csv = out.str();
  EXPECT_NE(csv.find("consent_question,consent_text,consent_answer,consent_lang,consent_at"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",followup_consent,\"Accepteriez-vous d"), std::string::npos) << csv;
  EXPECT_NE(csv.find("?\nSi vous acceptez, nous vous demandons votre nom"), std::string::npos) << csv;  // label, then hint
  // consent_at in the study's zone, as every exported time (stored in UTC: 12:00Z).
  EXPECT_NE(csv.find(",\"Oui, j'accepte d'être contacté(e)\",fr,2026-11-28T13:00:00.000+01:00"), std::string::npos)
      << csv;
  // The access copy for the person.
  std::string copy = privacy::SubjectReport("ann@example.org", privacy::FindSubject(*store_, "ann@example.org"),
                                            clock_.Now());
  EXPECT_NE(copy.find("follow-up consent: text"), std::string::npos) << copy;
  EXPECT_NE(copy.find("Accepteriez-vous d'être contacté(e)"), std::string::npos) << copy;
  EXPECT_NE(copy.find("2026-11-28T12:00:00.000Z"), std::string::npos) << copy;
  // Erasing the person's follow-up contact takes the consent record with it.
  ASSERT_TRUE(privacy::EraseSubject(*store_, "ann@example.org", {"admin", clock_.Now()}).ok());
  EXPECT_EQ(Stored().personal_json.find("_mcs_consent"), std::string::npos);
}

}  // namespace
}  // namespace mcs::web
