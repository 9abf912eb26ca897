// The refusals a respondent may get before any page handles the request speak the respondent's
// language (session 12, i18n4; web/refusal.h): every language has every refusal text in its own
// words, the counted "try again in N seconds" covers every plural category CLDR gives the language
// (through ICU, as FormatCount reads it), and each refusal is a page for a browser, text for a
// program and JSON under /api/, with Retry-After where it applies and nothing of the request echoed.
// The wire (the server's own 400, 413, 431, 503 over a cap) is tests/http/test_refusals.py.
#include "web/refusal.h"

#include <gtest/gtest.h>
#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "app_fixture.h"
#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/unavailable_error.h"

namespace mcs::web {
namespace {

const std::vector<std::string> kKeys = {"refusal_too_large", "refusal_bad_request", "refusal_headers_too_large",
                                        "refusal_busy",      "refusal_retry",       "refusal_method",
                                        "refusal_error"};

TEST(RefusalTexts, EveryLanguageHasEveryKeyInItsOwnWords) {
  ASSERT_EQ(i18n::Languages().size(), 24u);
  for (const std::string& lang : i18n::Languages()) {
    for (const std::string& key : kKeys) {
      EXPECT_TRUE(i18n::Has(lang, key)) << lang << " " << key;
      if (lang != "en") {
        EXPECT_NE(i18n::T(lang, key), i18n::T("en", key)) << lang << " " << key << " is English";
      }
    }
  }
}

// Each plural category of the language's CLDR rules (ICU's PluralRules) has its own branch in the
// counted text, and every count formats without a leftover brace, with its digits.
TEST(RefusalTexts, CountedSecondsCoverEveryPluralCategory) {
  for (const std::string& lang : i18n::Languages()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(icu::Locale(lang.c_str()), status));
    ASSERT_TRUE(U_SUCCESS(status)) << lang;
    std::unique_ptr<icu::StringEnumeration> keywords(rules->getKeywords(status));
    const std::string& text = i18n::T(lang, "refusal_retry");
    while (const char* k = keywords->next(nullptr, status)) {
      EXPECT_NE(text.find(std::string(" ") + k + " {"), std::string::npos) << lang << " lacks the form for " << k;
    }
    for (long long n : {1LL, 2LL, 3LL, 5LL, 10LL, 11LL, 21LL, 22LL, 25LL, 101LL, 102LL}) {
      const std::string s = i18n::FormatCount(lang, "refusal_retry", n);
      EXPECT_EQ(s.find('{'), std::string::npos) << lang << ": " << s;
      EXPECT_NE(s.find(std::to_string(n)), std::string::npos) << lang << ": " << s;
    }
  }
  EXPECT_EQ(i18n::FormatCount("fr", "refusal_retry", 1), "Réessayez dans 1 seconde.");
  EXPECT_EQ(i18n::FormatCount("fr", "refusal_retry", 5), "Réessayez dans 5 secondes.");
  EXPECT_EQ(i18n::FormatCount("el", "refusal_retry", 1), "Δοκιμάστε ξανά σε 1 δευτερόλεπτο.");
  EXPECT_EQ(i18n::FormatCount("el", "refusal_retry", 10), "Δοκιμάστε ξανά σε 10 δευτερόλεπτα.");
  EXPECT_EQ(i18n::FormatCount("pl", "refusal_retry", 22), "Prosimy spróbować ponownie za 22 sekundy.");
  EXPECT_EQ(i18n::FormatCount("pl", "refusal_retry", 25), "Prosimy spróbować ponownie za 25 sekund.");
  EXPECT_EQ(i18n::FormatCount("sl", "refusal_retry", 2), "Poskusite znova čez 2 sekundi.");
  EXPECT_EQ(i18n::FormatCount("lv", "refusal_retry", 10), "Mēģiniet vēlreiz pēc 10 sekundēm.");
  EXPECT_EQ(i18n::FormatCount("ro", "refusal_retry", 20), "Încercați din nou peste 20 de secunde.");
}

class Refusals : public testing::AppTest {
 public:
  static http::Request Browser(const std::string& method, const std::string& path, const std::string& lang) {
    http::Request r = NewRequest(method, path);
    r.headers.emplace_back("accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    if (!lang.empty()) r.headers.emplace_back("accept-language", lang);
    return r;
  }

 protected:
  static void ExpectPage(const http::Response& r, int status, const std::string& lang, const std::string& words) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("<html lang=\"" + lang + "\">"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(HtmlEscape(words)), std::string::npos) << lang << ": " << words;
    EXPECT_NE(r.body.find("href=\"/?lang=" + lang + "\""), std::string::npos) << r.body;
    EXPECT_EQ(Header(r, "Content-Language"), lang);
    EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
  }
};

TEST_F(Refusals, EachRefusalInFrenchAndGreek) {
  using http::Refusal;
  const std::vector<std::pair<Refusal, const char*>> kinds = {{Refusal::kBadRequest, "refusal_bad_request"},
                                                              {Refusal::kBodyTooLarge, "refusal_too_large"},
                                                              {Refusal::kHeadersTooLarge, "refusal_headers_too_large"},
                                                              {Refusal::kTooManyConnections, "refusal_busy"},
                                                              {Refusal::kUnavailable, "busy_unavailable"},
                                                              {Refusal::kInternalError, "refusal_error"},
                                                              {Refusal::kNotFound, "link_invalid_text"},
                                                              {Refusal::kMethodNotAllowed, "refusal_method"}};
  for (const std::string lang : {"fr", "el"}) {
    for (const auto& [why, key] : kinds) {
      const http::RefusalInfo info = http::Describe(why);
      http::Response r =
          RefusalResponse(why, Browser("POST", "/s/employers", lang + "-FR;q=0.9,en;q=0.5"), &app_->forms());
      ExpectPage(r, info.status, lang, i18n::T(lang, key));
      EXPECT_EQ(Header(r, "Retry-After"), info.retry_after ? std::to_string(info.retry_after) : "") << key;
      if (why == Refusal::kTooManyConnections) {
        EXPECT_NE(r.body.find(HtmlEscape(i18n::FormatCount(lang, "refusal_retry", 1))), std::string::npos) << r.body;
      }
      // A program gets the same words as text.
      http::Request program = NewRequest("GET", "/s/employers?lang=" + lang);
      program.headers.emplace_back("accept", "*/*");
      http::Response t = RefusalResponse(why, program, &app_->forms());
      EXPECT_EQ(t.status, info.status);
      EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
      EXPECT_NE(t.body.find(i18n::T(lang, key) + "\n"), std::string::npos) << t.body;
      EXPECT_EQ(Header(t, "Content-Language"), lang);
      // An API client keeps the API's JSON error (English, for programs).
      http::Response j =
          RefusalResponse(why, Browser("POST", "/api/v1/forms/employers/responses", lang), &app_->forms());
      EXPECT_EQ(j.status, info.status);
      EXPECT_EQ(j.content_type, "application/json");
      EXPECT_EQ(j.body, std::string("{\"error\":\"") + info.text + "\"}");
    }
  }
}

// The language as the respondent pages choose it: ?lang= before the browser's, the browser's among
// the interface's languages, else the form's default language on its addresses, else the study's.
TEST_F(Refusals, TheLanguageIsTheRespondentsElseTheFormsElseTheStudys) {
  EXPECT_EQ(RefusalLang(Browser("GET", "/s/employers?lang=el", "fr"), &app_->forms()), "el");
  EXPECT_EQ(RefusalLang(Browser("GET", "/s/employers", "xx,fr-BE;q=0.8"), &app_->forms()), "fr");
  EXPECT_EQ(RefusalLang(Browser("GET", "/s/employers", "xx"), &app_->forms()),
            app_->forms().Latest("employers")->lang());
  EXPECT_EQ(RefusalLang(Browser("GET", "/nowhere", ""), &app_->forms()), CurrentStudyTexts()->source_lang);
  // Nothing read at all (a connection over a cap that sent nothing yet): the study's language, a page.
  http::Response r = RefusalResponse(http::Refusal::kTooManyConnections, http::Request{}, &app_->forms());
  ExpectPage(r, 503, CurrentStudyTexts()->source_lang, i18n::T(CurrentStudyTexts()->source_lang, "refusal_busy"));
}

TEST(RefusalPage, NothingOfTheRequestIsWrittenBack) {
  http::Request r = Refusals::Browser("GET", "/<script>alert(1)</script>?lang=<b>fr", "<i>el\"");
  r.headers.emplace_back("cookie", "x=<script>");
  for (auto why : {http::Refusal::kNotFound, http::Refusal::kBodyTooLarge, http::Refusal::kMethodNotAllowed}) {
    http::Response res = RefusalResponse(why, r, nullptr);
    EXPECT_EQ(res.body.find("<script"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find("<b>"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find("<i>"), std::string::npos) << res.body;
  }
}

// A language that reads right to left (a form may have Arabic) gets dir="rtl" on the page.
TEST(RefusalPage, RightToLeftLanguagesReadRightToLeft) {
  http::Response r = RefusalFor(Refusals::Browser("GET", "/s/x", "ar"), 404, 0, "ar", "t", {"p"}, "not found");
  EXPECT_NE(r.body.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos) << r.body;
  r = RefusalFor(Refusals::Browser("GET", "/s/x", "el"), 404, 0, "el", "t", {"p"}, "not found");
  EXPECT_EQ(r.body.find("dir=\"rtl\""), std::string::npos);
}

// Through the router: an unknown address (404), a method an address does not take (405), too many
// posts (429) in French and Greek; the API keeps JSON.
TEST_F(Refusals, TheRoutersRefusalsInFrenchAndGreek) {
  for (const std::string lang : {"fr", "el"}) {
    ExpectPage(router_->Dispatch(Browser("GET", "/s/employers/no/such/page", lang)), 404, lang,
               i18n::T(lang, "page_not_found"));
    ExpectPage(router_->Dispatch(Browser("DELETE", "/s/employers?lang=" + lang, "")), 405, lang,
               i18n::T(lang, "refusal_method"));
  }
  http::Response api = router_->Dispatch(Browser("GET", "/api/v1/no/such", "fr"));
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.body, "{\"error\":\"not found\"}");
  app_->SetPostRate(0.1);  // one post, then one every ten seconds
  for (const std::string lang : {"fr", "el"}) {
    http::Request post = Browser("POST", "/s/employers", "");
    post.client = "198.51.100.7";
    post.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    post.body = "_mcs_lang=" + lang + "&_mcs_page=0.-1";  // the page's own language, as it posts it
    http::Response r;
    for (int i = 0; i < 3 && r.status != 429; ++i) r = router_->Dispatch(post);
    ExpectPage(r, 429, lang, i18n::T(lang, "resume_too_many"));
    EXPECT_EQ(Header(r, "Retry-After"), "10");
  }
  http::Request api_post = NewRequest("POST", "/api/v1/forms/employers/responses", "{\"answers\":{}}");
  api_post.client = "198.51.100.7";
  http::Response r = router_->Dispatch(api_post);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, "{\"error\":\"too many requests\"}");
}

// The server's own 503 (storage unavailable) and 500 (a handler failed) go through the refusal page
// it was given, with the request as it came.
TEST(RefusalServer, AFailedHandlerIsRefusedInTheRequestsLanguage) {
  namespace asio = boost::asio;
  auto router = std::make_shared<http::Router>();
  router->Add(
      "GET", "/down",
      [](const http::Request&, const http::Params&) -> http::Response { throw UnavailableError("down"); },
      http::Cost::kQuick);
  router->Add("GET", "/bug",
              [](const http::Request&, const http::Params&) -> http::Response { throw std::runtime_error("bug"); });
  http::ServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  o.workers = 1;
  o.refusal = [](http::Refusal why, const http::Request& req) { return RefusalResponse(why, req, nullptr); };
  http::Server server(o, router);
  const unsigned short port = server.Listen();
  std::thread runner([&] { server.Run(); });
  auto exchange = [&](const std::string& request) {
    asio::io_context ioc;
    asio::ip::tcp::socket s(ioc);
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(s, asio::buffer(request));
    std::string got;
    boost::system::error_code ec;
    char buf[8192];
    while (!ec) got.append(buf, s.read_some(asio::buffer(buf), ec));
    return got;
  };
  const std::string down = exchange("GET /down HTTP/1.0\r\nAccept-Language: el\r\nAccept: text/html\r\n\r\n");
  EXPECT_EQ(down.find("HTTP/1.0 503 "), 0u) << down;
  EXPECT_NE(down.find("Retry-After: 5\r\n"), std::string::npos) << down;
  EXPECT_NE(down.find("<html lang=\"el\">"), std::string::npos) << down;
  EXPECT_NE(down.find(HtmlEscape(i18n::T("el", "busy_unavailable"))), std::string::npos) << down;
  const std::string bug = exchange("GET /bug?lang=fr HTTP/1.0\r\nAccept: text/plain\r\n\r\n");
  EXPECT_EQ(bug.find("HTTP/1.0 500 "), 0u) << bug;
  EXPECT_NE(bug.find("Content-Language: fr\r\n"), std::string::npos) << bug;
  EXPECT_NE(bug.find(i18n::T("fr", "refusal_error") + "\n"), std::string::npos) << bug;
  EXPECT_EQ(bug.find("bug\n"), std::string::npos) << "the exception's text reached the client: " << bug;
  server.Stop();
  runner.join();
}

// A connection over the per-address cap: its request's header, read within a moment, gives the
// page its language; one that sends nothing is answered at once all the same (the study's language).
TEST(RefusalServer, AConnectionOverTheCapIsRefusedInItsLanguage) {
  namespace asio = boost::asio;
  auto router = std::make_shared<http::Router>();
  http::ServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  o.workers = 1;
  o.max_connections_per_address = 1;
  o.refusal = [](http::Refusal why, const http::Request& req) { return RefusalResponse(why, req, nullptr); };
  http::Server server(o, router);
  const unsigned short port = server.Listen();
  std::thread runner([&] { server.Run(); });
  asio::io_context ioc;
  const asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), port);
  asio::ip::tcp::socket held(ioc);
  held.connect(at);
  asio::write(held, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")));
  // The server counts the held connection once it has accepted it.
  while (server.counters().connections == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto refused = [&](const std::string& request) {
    asio::ip::tcp::socket s(ioc);
    s.connect(at);
    if (!request.empty()) asio::write(s, asio::buffer(request));
    std::string got;
    boost::system::error_code ec;
    char buf[8192];
    while (!ec) got.append(buf, s.read_some(asio::buffer(buf), ec));
    return got;
  };
  const std::string fr = refused("GET /s/x HTTP/1.1\r\nHost: x\r\nAccept-Language: fr\r\nAccept: text/html\r\n\r\n");
  EXPECT_EQ(fr.find("HTTP/1.1 503 "), 0u) << fr;
  EXPECT_NE(fr.find("Retry-After: 1\r\n"), std::string::npos) << fr;
  EXPECT_NE(fr.find("<html lang=\"fr\">"), std::string::npos) << fr;
  EXPECT_NE(fr.find(HtmlEscape(i18n::FormatCount("fr", "refusal_retry", 1))), std::string::npos) << fr;
  const auto start = std::chrono::steady_clock::now();
  const std::string silent = refused("");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(silent.find("HTTP/1.1 503 "), 0u) << silent;
  EXPECT_NE(silent.find("<html lang=\"" + CurrentStudyTexts()->source_lang + "\">"), std::string::npos) << silent;
  EXPECT_EQ(server.counters().refused_connections, 2u);
  held.close();
  server.Stop();
  runner.join();
}

}  // namespace
}  // namespace mcs::web
