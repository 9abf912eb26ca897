// The plain-text answers a visitor gets instead of a public page speak the request's language
// (session 11, i18n3): "too many requests" (429) and "cannot be made just now" (503) on the public
// results page and the respondent's copy of answers were English on every language's page. Real
// SQLite file; the storage outage as storage_outage_test.cpp makes it (reads throw UnavailableError).
#include <gtest/gtest.h>

#include <atomic>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/unavailable_error.h"
#include "storage/forwarding_storage.h"
#include "test_util.h"
#include "web/app.h"
#include "web/campaigns.h"
#include "web/public_results.h"

namespace mcs::web {
namespace {

// Reads throw while `down`; every results page is fresh (a new responses version each time), so
// that the page's rate limit is reached without posting.
class Busy final : public storage::ForwardingStorage {
 public:
  using ForwardingStorage::ForwardingStorage;
  std::atomic<bool> down{false};
  std::atomic<int> version{0};

  std::optional<std::string> GetSetting(const std::string& key) override {
    Check();
    return ForwardingStorage::GetSetting(key);
  }
  std::optional<storage::ResponseRecord> FindByResumeHash(const std::string& hash) override {
    Check();
    return ForwardingStorage::FindByResumeHash(hash);
  }
  std::optional<storage::Invitation> FindInvitation(const std::string& id) override {
    Check();
    return ForwardingStorage::FindInvitation(id);
  }
  std::string ResponsesVersion(const std::string& form_id) override {
    return ForwardingStorage::ResponsesVersion(form_id) + "/" + std::to_string(++version);
  }

 private:
  void Check() const {
    if (down) throw UnavailableError("storage unavailable: connection refused");
  }
};

class BusyLanguages : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("MCSURVEY_ADMIN_PASSWORD", "test-password-123", 1);
    real_ = std::move(storage::Open("sqlite:" + dir_.File("b.db")).value());
    store_ = std::make_unique<Busy>(*real_);
    app_ = std::make_unique<App>(*store_, clock_, random_);
    std::ostringstream log;
    ASSERT_TRUE(app_->Init(log).ok());
    router_ = app_->MakeRouter();
  }
  // A GET from `client` (each test its own address: the results page's limiter is the process's).
  http::Response Get(const std::string& target, const std::string& client, const std::string& accept = "") {
    http::Request r;
    r.method = "GET";
    r.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) r.query = target.substr(target.find('?') + 1);
    r.client = client;
    r.headers.emplace_back("host", "survey.example");
    if (!accept.empty()) r.headers.emplace_back("accept-language", accept);
    return router_->Dispatch(r);
  }
  static std::string Language(const http::Response& r) {
    for (const auto& [k, v] : r.headers)
      if (k == "Content-Language") return v;
    return "";
  }
  // The English text must not be the answer in another language (a table left in English).
  static void ExpectIn(const http::Response& r, int status, const std::string& lang, const char* key) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.body, i18n::T(lang, key) + "\n") << lang;
    EXPECT_EQ(Language(r), lang);
    if (lang != "en") {
      EXPECT_NE(r.body, i18n::T("en", key) + "\n") << lang << " " << key << " is English";
    }
  }

  testing::TempDir dir_;
  ManualClock clock_{ParseTimeUtc("2026-11-28T12:00:00Z")};
  SeededRandom random_{7};
  std::unique_ptr<storage::Storage> real_;
  std::unique_ptr<Busy> store_;
  std::unique_ptr<App> app_;
  std::shared_ptr<const http::Router> router_;
};

TEST_F(BusyLanguages, ResultsPageUnavailableInThePageLanguage) {
  store_->down = true;
  for (const std::string& lang : i18n::Languages()) {
    ExpectIn(Get("/results/employers?lang=" + lang, "198.51.100.1"), 503, lang, "busy_unavailable");
  }
  // No ?lang=: the form's language, as the page itself; the index page without a form: English.
  ExpectIn(Get("/results/employers", "198.51.100.1"), 503, app_->forms().Published("employers")->lang(),
           "busy_unavailable");
  ExpectIn(Get("/results?lang=de", "198.51.100.1"), 503, "de", "busy_unavailable");
}

TEST_F(BusyLanguages, TooManyFreshResultsPagesInThePageLanguage) {
  // The results must be published for the page to be made (else 404 before the limiter).
  PublicResults p;
  p.published = true;
  p.questions = {"country"};
  ASSERT_TRUE(WritePublicResults(*store_, *app_->forms().Published("employers"), p).ok());
  int status = 200;
  http::Response last;
  for (int i = 0; i < 40 && status != 429; ++i) {
    last = Get("/results/employers?lang=fr", "198.51.100.2");
    status = last.status;
  }
  ExpectIn(last, 429, "fr", "busy_too_many");
}

TEST_F(BusyLanguages, CopyOfAnswersInTheRespondentsLanguage) {
  const std::string copy = "/s/employers/r/AAAAAAAAAAAAAAAAAAAAAAAA/answers.pdf";
  store_->down = true;
  ExpectIn(Get(copy + "?lang=pl", "198.51.100.3"), 503, "pl", "busy_copy");
  ExpectIn(Get(copy, "198.51.100.3", "de-AT,de;q=0.9"), 503, "de", "busy_copy");
  http::Response last;
  for (int i = 0; i < 10 && last.status != 429; ++i) last = Get(copy, "198.51.100.3", "fr-BE");
  ExpectIn(last, 429, "fr", "busy_too_many");
}

// The respondent's other pages that only read: a page in their language (503, there is a problem,
// try again in a minute), never the HTTP server's English text.
TEST_F(BusyLanguages, RespondentPagesThatReadAnswerInTheRespondentsLanguage) {
  store_->down = true;
  auto expect_page = [&](const http::Response& r, const std::string& lang) {
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_NE(r.body.find("<html lang=\"" + lang + "\""), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(HtmlEscape(i18n::T(lang, "busy_unavailable"))), std::string::npos) << lang;
    EXPECT_NE(r.body.find(HtmlEscape(i18n::T(lang, "there_is_a_problem"))), std::string::npos) << lang;
  };
  expect_page(Get("/?lang=fr", "198.51.100.4"), "fr");
  expect_page(Get("/s/employers?lang=de", "198.51.100.4"), "de");
  expect_page(Get("/s/employers/r/AAAAAAAAAAAAAAAAAAAAAAAA", "198.51.100.4", "fr-FR,fr;q=0.9"), "fr");
  expect_page(Get("/privacy?lang=fi", "198.51.100.4"), "fi");
  expect_page(Get("/s/employers/r/AAAAAAAAAAAAAAAAAAAAAAAA/delete?lang=it", "198.51.100.4"), "it");
  // An opt-out link that verifies (its signature needs no storage), the invitation unreadable.
  const std::string link = OptOutLink("https://survey.example", app_->csrf_secret(), "inv1", "de");
  expect_page(Get(link.substr(link.find("/optout/")), "198.51.100.4", "de"), "de");
}

// Every language has the four texts in its own words (the tables' English check covers all keys;
// this names the ones above).
TEST(BusyTexts, EveryLanguageHasItsOwn) {
  for (const std::string& lang : i18n::Languages()) {
    for (const char* key : {"busy_too_many", "busy_unavailable", "busy_pdf", "busy_copy"}) {
      EXPECT_TRUE(i18n::Has(lang, key)) << lang << " " << key;
      if (lang != "en") {
        EXPECT_NE(i18n::T(lang, key), i18n::T("en", key)) << lang << " " << key;
      }
    }
  }
}

}  // namespace
}  // namespace mcs::web
