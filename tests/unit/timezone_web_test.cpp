// A study run from Tokyo (issue 24, item 5), end to end through the real router, a real SQLite file,
// the app's manual clock and a real SMTP server (tests/http/smtp_sink.py): the owner sets the zone in
// the console (CSRF, role, audit); a closing time typed as 23:59 is Tokyo's; the questionnaire is open
// at 23:58 and closed at 00:00 Tokyo time; the closed page, the landing page and the invitation's
// {closing_date} say the Tokyo time in the page's or message's language; the dashboard's days turn at
// Tokyo's midnight.
#include <gtest/gtest.h>
#include <unistd.h>

#include "app_fixture.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "smtp_sink.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"
#include "web/campaigns.h"
#include "web/mail_sender.h"
#include "web/mail_settings.h"

namespace mcs::web {
namespace {

class TokyoStudy : public testing::AppTest {
 protected:
  TokyoStudy() : AppTest(11, "2027-07-05T10:00:00Z") {}  // 19:00 in Tokyo
  void TearDown() override { SetStudyTimeZone(kDefaultTimeZone); }
  // A request from the one browser of these tests.
  http::Response Send(const std::string& method, const std::string& path, const std::string& body = "") {
    return Browse(browser_, method, path, body);
  }
  // A fresh browser (no cookies) signed in as `name`.
  void SignIn(const std::string& name, const std::string& password) {
    browser_.cookies.clear();
    AppTest::SignIn(browser_, name, password);
  }
  // The owner's console: sets the study's zone, then the employers' closing time as typed on the
  // Forms page (wall-clock time in the study's zone).
  void OwnerSetsTokyoAndClosesAt2359() {
    SignIn("admin", "test-password-123");
    auto page = Send("GET", "/admin/study");
    ASSERT_EQ(page.status, 200) << page.body;
    ASSERT_NE(page.body.find("value=\"Europe/Brussels\""), std::string::npos);
    std::string csrf = Hidden(page.body, "_csrf");
    ASSERT_TRUE(app_->forms().Published("employers"));
    auto set = Send("POST", "/admin/study/time-zone", "_csrf=" + csrf + "&time_zone=Asia%2FTokyo");
    ASSERT_EQ(set.status, 200) << set.body;
    auto closes = Send("POST", "/admin/forms/employers/window",
                       "_csrf=" + csrf + "&action=save&opens=&closes=2027-07-05T23%3A59&message=");
    ASSERT_TRUE(closes.status == 200 || closes.status == 303) << closes.status << closes.body;
    storage::FormWindow w = store_->GetWindow("employers").value();
    ASSERT_EQ(FormatTimeUtc(w.closes_at), "2027-07-05T14:59:00.000Z");  // 23:59 in Tokyo (+9)
    browser_.cookies.clear();
  }

  CookieJar browser_{"10.0.0.7", {}};
};

TEST_F(TokyoStudy, OwnerSetsTheZoneWithCsrfRoleAndAudit) {
  ASSERT_TRUE(store_->AddUser({"vera", "viewer", HashPassword("viewer-password-123"), 1, 0, 0}).ok());
  SignIn("vera", "viewer-password-123");
  EXPECT_EQ(Send("GET", "/admin/study").status, 403);
  SignIn("admin", "test-password-123");
  auto page = Send("GET", "/admin/study");
  ASSERT_EQ(page.status, 200);
  std::string csrf = Hidden(page.body, "_csrf");
  EXPECT_EQ(Send("POST", "/admin/study/time-zone", "time_zone=Asia%2FTokyo").status, 403);  // no CSRF token
  auto bad = Send("POST", "/admin/study/time-zone", "_csrf=" + csrf + "&time_zone=Etc%2FUnknown");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("unknown time zone &quot;Etc/Unknown&quot;"), std::string::npos) << bad.body;
  auto hostile = Send("POST", "/admin/study/time-zone", "_csrf=" + csrf + "&time_zone=%3Cscript%3E");
  EXPECT_EQ(hostile.status, 422);
  EXPECT_EQ(hostile.body.find("<script>"), std::string::npos);  // the refused entry comes back escaped
  EXPECT_FALSE(store_->GetSetting(storage::kTimeZoneSetting));
  auto ok = Send("POST", "/admin/study/time-zone", "_csrf=" + csrf + "&time_zone=Asia%2FTokyo");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("time zone is now Asia/Tokyo (Japan Time); it was Europe/Brussels."), std::string::npos)
      << ok.body;
  EXPECT_NE(ok.body.find("Now: <strong id=\"zone-now\">5 July 2027 at 19:00 Japan Standard Time</strong>"),
            std::string::npos);  // 10:00 UTC on Tokyo's clock
  EXPECT_EQ(store_->GetSetting(storage::kTimeZoneSetting).value_or(""), "Asia/Tokyo");
  int lines = 0;
  for (const auto& e : store_->ListAudit(20, 0)) {
    if (e.action != "time-zone-change") continue;
    ++lines;
    EXPECT_EQ(e.user, "admin");
    EXPECT_EQ(e.detail, "Europe/Brussels -> Asia/Tokyo");
  }
  EXPECT_EQ(lines, 1);
  SignIn("vera", "viewer-password-123");
  EXPECT_EQ(Send("POST", "/admin/study/time-zone", "_csrf=" + csrf + "&time_zone=UTC").status, 403);
  EXPECT_EQ(store_->GetSetting(storage::kTimeZoneSetting).value_or(""), "Asia/Tokyo");
}

TEST_F(TokyoStudy, ClosesAtTokyoMidnightAndSaysSoInThePagesLanguage) {
  OwnerSetsTokyoAndClosesAt2359();
  clock_.Set(ParseTimeUtc("2027-07-05T14:58:00Z"));  // 23:58 in Tokyo
  app_->WindowsChanged();
  EXPECT_EQ(Send("GET", "/s/employers?lang=de").status, 200);
  std::string landing = Send("GET", "/?lang=de").body;
  EXPECT_NE(landing.find("5. Juli 2027 um 23:59 Japanische Normalzeit"), std::string::npos) << landing;
  EXPECT_NE(Send("GET", "/?lang=en").body.find("5 July 2027 at 23:59 Japan Standard Time"), std::string::npos);
  clock_.Set(ParseTimeUtc("2027-07-05T15:00:00Z"));  // 00:00 on the 6th in Tokyo
  app_->WindowsChanged();
  auto de = Send("GET", "/s/employers?lang=de");
  EXPECT_EQ(de.status, 403);
  EXPECT_NE(de.body.find("Geschlossen seit 5. Juli 2027 um 23:59 Japanische Normalzeit."), std::string::npos) << de.body;
  auto fr = Send("GET", "/s/employers?lang=fr");
  EXPECT_EQ(fr.status, 403);
  EXPECT_NE(fr.body.find("Il est fermé depuis le 5 juillet 2027 à 23:59 heure normale du Japon."), std::string::npos)
      << fr.body;
  // The API refuses too, and the console's Forms page shows the time and the zone it is typed in.
  auto api = Send("POST", "/api/v1/forms/employers/responses", "{\"answers\":{}}");
  EXPECT_EQ(api.status, 403);
  SignIn("admin", "test-password-123");
  auto forms = Send("GET", "/admin/forms/employers");
  EXPECT_NE(forms.body.find("value=\"2027-07-05T23:59\""), std::string::npos);
  EXPECT_NE(forms.body.find("Closes (Asia/Tokyo, Japan Time)"), std::string::npos);
}

TEST_F(TokyoStudy, DashboardDaysTurnAtTokyoMidnight) {
  OwnerSetsTokyoAndClosesAt2359();
  auto form = app_->forms().Published("employers");
  ASSERT_TRUE(form);
  int n = 0;
  for (const char* at : {"2027-07-04T14:59:00Z", "2027-07-04T15:00:00Z", "2027-07-04T15:30:00Z"}) {
    storage::ResponseRecord r;
    r.id = "R" + std::to_string(++n);
    r.form_id = "employers";
    r.form_version = form->version;
    r.lang = "en";
    r.status = storage::ResponseStatus::kComplete;
    r.channel = "api";
    r.answers_json = "{}";
    r.started_at = r.updated_at = r.submitted_at = ParseTimeUtc(at);
    ASSERT_TRUE(store_->InsertResponse(r).ok());
  }
  SignIn("admin", "test-password-123");
  auto page = Send("GET", "/admin?form=employers");
  ASSERT_EQ(page.status, 200) << page.body;
  // 14:59 UTC is 23:59 on the 4th in Tokyo; 15:00 and 15:30 are the 5th (in Brussels all three are the 4th).
  EXPECT_NE(page.body.find("<tr><td>2027-07-04</td><td class=\"num\">1</td></tr>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<tr><td>2027-07-05</td><td class=\"num\">2</td></tr>"), std::string::npos);
}

TEST_F(TokyoStudy, TheInvitationsClosingDateIsTokyoTimeInTheContactsLanguage) {
  if (access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3 for the SMTP sink";
  testing::SmtpSink sink(dir_.File("mail"));  // Debian's aiosmtpd, as the mail tests use it
  if (sink.port() == 0) GTEST_SKIP() << "the SMTP sink (python3-aiosmtpd) did not start";
  OwnerSetsTokyoAndClosesAt2359();
  mail::SmtpSettings smtp;
  smtp.host = "127.0.0.1";
  smtp.port = sink.port();
  smtp.security = "none";
  smtp.from_address = "survey@example.org";
  smtp.per_minute = 0;
  ASSERT_TRUE(SaveSmtp(*store_, smtp, false).ok());
  ASSERT_TRUE(store_->PutSetting("mail.public_url", "https://survey.example").ok());
  ASSERT_TRUE(store_->UpsertContacts({{"anna@example.org", "Anna", "", "employers", "DE", "de", 1, 1},
                                      {"jean@example.org", "Jean", "", "employers", "FR", "fr", 1, 1}})
                  .ok());
  auto form = app_->forms().Published("employers");
  ASSERT_TRUE(form);
  CampaignPlan inv = PlanInvitations(*store_, *form, {}, "admin", clock_.Now(), random_);
  ASSERT_EQ(inv.mail.size(), 2u) << inv.problem;
  ASSERT_TRUE(store_->CreateCampaign(inv.campaign, inv.invitations, inv.mail).ok());
  MailSender sender(*app_, "test-node", 60000);
  int sent = 0;
  while (sender.SendOne() && sent < 5) ++sent;
  auto texts = sink.Texts();
  ASSERT_EQ(texts.size(), 2u);
  std::string all = texts[0] + "\n" + texts[1];
  EXPECT_NE(all.find("5. Juli 2027 um 23:59 Japanische Normalzeit"), std::string::npos) << all;
  EXPECT_NE(all.find("5 juillet 2027 à 23:59 heure normale du Japon"), std::string::npos) << all;
}

}  // namespace
}  // namespace mcs::web
