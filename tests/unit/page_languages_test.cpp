// Issue 24: every page a respondent can meet, in each of the 24 official EU languages, with no text
// of the interface left in English.
//
// The walk runs in process (requests in, responses out, a real SQLite file) on a test questionnaire
// that has all 24 languages: its own texts (title, labels, hints, messages) are written per language
// ("«de» Frage 1"-style marks), so whatever a page shows is either the form's text in that language or
// the interface's. Every page state is rendered once in English, as the reference, and once in each
// other language; a piece of visible text (text between tags, the <title>, aria-label/title/alt/
// placeholder attributes) of a non-English page that is also on the English page of the same state
// fails the test, unless it is a proper name (Cedefop, the languages' own names in the language
// switch), a code or a number. The study's four questionnaires (en, fr, de only) are closed first, so
// that no page shows a form's text in a language that form lacks.
//
// A page text made by a missing key ("?") fails too, and every language has every key.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/i18n.h"
#include "common/timezone.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"
#include "web/campaigns.h"
#include "web/invitation.h"

namespace mcs::web {
namespace {

std::string Unescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}, {"&nbsp;", " "}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) s.replace(p, std::strlen(from), to);
  }
  return s;
}

std::string Squash(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// What a reader sees or hears of a page: its text pieces and its labelling attributes. Scripts,
// styles and the values of form fields are not text.
std::vector<std::string> VisibleTexts(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex kAttr(R"re(\s(aria-label|title|alt|placeholder)="([^"]*)")re");
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    std::string text = Squash(Unescape(html.substr(i, lt == std::string::npos ? std::string::npos : lt - i)));
    if (!text.empty()) out.push_back(text);
    if (lt == std::string::npos) break;
    std::size_t gt = html.find('>', lt);
    if (gt == std::string::npos) break;
    std::string tag = html.substr(lt, gt - lt + 1);
    for (auto it = std::sregex_iterator(tag.begin(), tag.end(), kAttr); it != std::sregex_iterator(); ++it) {
      std::string v = Squash(Unescape((*it)[2].str()));
      if (!v.empty()) out.push_back(v);
    }
    i = gt + 1;
    for (const char* raw : {"script", "style"}) {
      if (tag.rfind("<" + std::string(raw), 0) == 0) {
        std::size_t end = html.find("</" + std::string(raw), i);
        i = end == std::string::npos ? html.size() : end;
      }
    }
  }
  return out;
}

// Whether `text` (UTF-8) has a letter: ASCII letters, and code points from U+00C0 on outside the
// general punctuation block (so "·", "«", "–" and "…" are not letters).
bool HasLetters(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalpha(c)) return true;
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len && i + static_cast<std::size_t>(k) < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
    }
    if (cp >= 0xC0 && !(cp >= 0x2000 && cp <= 0x206F) && cp != 0xD7 && cp != 0xF7) return true;
    i += static_cast<std::size_t>(len);
  }
  return false;
}

// Texts that are the same in every language: no letters (numbers, dates in digits, punctuation), codes
// and references (capitals and digits), addresses, and proper names.
bool SameInEveryLanguage(const std::string& text) {
  static const std::regex kCode(R"(^[A-Z0-9][A-Z0-9 .:/_-]*$)");
  if (!HasLetters(text)) return true;
  if (std::regex_match(text, kCode)) return true;
  if (text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0 || text.rfind("/", 0) == 0) return true;
  static const std::set<std::string> kNames = [] {
    std::set<std::string> s = {"Cedefop"};
    for (const auto& l : i18n::Languages()) s.insert(i18n::NativeName(l));
    return s;
  }();
  return kNames.count(text) > 0;
}

// Words a language writes as English does (the same list as i18n_test's NoEnglishLeftInTheTables).
bool SameAsEnglish(const std::string& lang, const std::string& text) {
  static const std::set<std::pair<std::string, std::string>> kSame = {{"es", "Error:"}};
  return kSame.count({lang, text}) > 0;
}

// The test questionnaire: two pages (a number with a hint, a limit and its message; a choice), in
// all 24 languages; the text of each cell marks its language.
std::string BabelForm() {
  const std::vector<std::string> langs = i18n::Languages();
  auto cols = [&](const std::string& column) {
    std::string s;
    for (const auto& l : langs) s += " " + column + "::" + i18n::NativeName(l) + " (" + l + ") |";
    return s;
  };
  auto cells = [&](const std::string& what) {
    std::string s;
    for (const auto& l : langs) s += " \u00ab" + l + "\u00bb " + what + " |";
    return s;
  };
  std::string blank;
  for (std::size_t i = 0; i < langs.size(); ++i) blank += " |";
  std::string md = "| survey | type | name | required | constraint |" + cols("label") + cols("hint") +
                   cols("constraint_message") + "\n";
  // Two groups: two pages.
  md += "| | begin_group | one | | |" + cells("part one") + blank + blank + "\n";
  md += "| | integer | staff | yes | . < 100 |" + cells("staff") + cells("staff hint") + cells("under 100") + "\n";
  md += "| | end_group | | | |" + blank + blank + blank + "\n";
  md += "| | begin_group | two | | |" + cells("part two") + blank + blank + "\n";
  md += "| | select_one yn | offers | yes | |" + cells("offers") + blank + blank + "\n";
  md += "| | end_group | | | |" + blank + blank + blank + "\n";
  md += "| choices | list_name | name |" + cols("label") + "\n";
  md += "| | yn | yes |" + cells("yes") + "\n";
  md += "| | yn | no |" + cells("no") + "\n";
  md += "| settings | form_id | version | default_language |" + cols("form_title") + "\n";
  md += "| | babel | 1 | en |" + cells("Babel questionnaire") + "\n";
  return md;
}

class PageLanguages : public testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    Diagnostics d;
    ASSERT_TRUE(app_->Import(BabelForm(), "babel.md", d, /*publish=*/true).ok()) << d.ToString();
    for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"}) {
      SetWindow(id, ParseTimeUtc("2026-01-01T00:00:00Z"), ParseTimeUtc("2026-02-01T00:00:00Z"));
    }
    SetWindow("babel", ParseTimeUtc("2026-01-01T00:00:00Z"), ParseTimeUtc("2027-07-05T21:59:59Z"));
  }
  void SetWindow(const std::string& id, TimeMs opens, TimeMs closes) {
    storage::FormWindow w;
    w.form_id = id;
    w.opens_at = opens;
    w.closes_at = closes;
    ASSERT_TRUE(store_->PutWindow(w).ok());
    app_->WindowsChanged();
  }

  // A browser of one respondent: its cookie, the last page's CSRF token, its language.
  struct Browser {
    std::string cookie, csrf, lang, client;
    std::string page;  // the last page's _mcs_page ("0.-1", "review")
  };
  http::Response Send(Browser& b, const std::string& method, const std::string& path, const std::string& body = "") {
    http::Request r = NewRequest(method, path, body);
    r.client = b.client;
    r.headers.emplace_back("accept-language", b.lang);
    r.headers.emplace_back("accept", "text/html,application/xhtml+xml,*/*;q=0.8");  // as browsers send it
    if (method == "POST") r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    if (!b.cookie.empty()) r.headers.emplace_back("cookie", b.cookie);
    auto resp = router_->Dispatch(r);
    for (const auto& [k, v] : resp.headers) {
      if (k == "Set-Cookie" && v.rfind("mcs_csrf=", 0) == 0) b.cookie = v.substr(0, v.find(';'));
    }
    static const std::regex kToken("name=\"_mcs_csrf\" value=\"([0-9a-f]+)\"");
    std::smatch m;
    if (std::regex_search(resp.body, m, kToken)) b.csrf = m[1].str();
    static const std::regex kPage("name=\"_mcs_page\" value=\"([^\"]+)\"");
    if (std::regex_search(resp.body, m, kPage)) b.page = m[1].str();
    return resp;
  }
  http::Response Post(Browser& b, const std::string& path, const std::string& fields) {
    return Send(b, "POST", path, "_mcs_csrf=" + b.csrf + "&_mcs_lang=" + b.lang + "&" + fields);
  }

  // Every page state in `lang`: name → (status, page).
  std::map<std::string, http::Response> Walk(const std::string& lang, int n) {
    std::map<std::string, http::Response> pages;
    Browser b{"", "", lang, "192.0.2." + std::to_string(n + 1), ""};
    auto at = [&](const std::string& state, http::Response r, int status) {
      EXPECT_EQ(r.status, status) << lang << " " << state << "\n" << r.body.substr(0, 2000);
      pages[state] = std::move(r);
    };
    const std::string q = "?lang=" + lang;
    clock_.Set(ParseTimeUtc("2026-11-28T12:00:00Z"));
    at("landing", Send(b, "GET", "/" + q), 200);
    at("question page", Send(b, "GET", "/s/babel" + q), 200);
    at("question page, required", Post(b, "/s/babel", "_mcs_page=" + b.page + "&_mcs_action=next&staff="), 422);
    std::string resume;
    // The required error saved the response: its resume link is the page's form action.
    {
      static const std::regex kAction("action=\"(/s/babel/r/[A-Za-z0-9_-]+)\"");
      std::smatch m;
      const std::string& body = pages["question page, required"].body;
      if (std::regex_search(body, m, kAction)) resume = m[1].str();
    }
    EXPECT_FALSE(resume.empty()) << lang;
    at("question page, not a number", Post(b, resume, "_mcs_page=" + b.page + "&_mcs_action=next&staff=many"), 422);
    at("question page, over the limit", Post(b, resume, "_mcs_page=" + b.page + "&_mcs_action=next&staff=500"), 422);
    at("question page, saved for later", Post(b, resume, "_mcs_page=" + b.page + "&_mcs_action=save&staff=12"), 200);
    {
      auto r = Post(b, resume, "_mcs_page=" + b.page + "&_mcs_action=next&staff=12");
      EXPECT_EQ(r.status, 303) << lang << b.page << r.body;
    }
    at("second page, resume link and code", Send(b, "GET", resume), 200);
    at("code file", Send(b, "GET", resume + "/code.txt"), 200);
    at("delete: confirm", Send(b, "GET", resume + "/delete"), 200);
    EXPECT_EQ(Post(b, resume, "_mcs_page=" + b.page + "&_mcs_action=next&offers=yes").status, 303) << lang;
    at("review", Send(b, "GET", resume), 200);
    EXPECT_EQ(Post(b, resume, "_mcs_page=review&_mcs_action=submit").status, 303) << lang;
    at("thank you", Send(b, "GET", resume), 200);
    at("delete: already sent", Send(b, "GET", resume + "/delete"), 409);

    // A second response, deleted by its respondent.
    Browser d{"", "", lang, b.client, ""};
    Send(d, "GET", "/s/babel" + q);
    auto started = Post(d, "/s/babel", "_mcs_page=" + d.page + "&_mcs_action=next&staff=3");
    std::string own = Header(started, "Location");
    EXPECT_FALSE(own.empty()) << lang;
    Send(d, "GET", own + "/delete");
    at("delete: done", Post(d, own + "/delete", ""), 200);
    at("delete: nothing to delete", Send(d, "GET", own + "/delete" + q), 404);
    Browser stranger{"", "", lang, b.client, ""};
    at("delete: expired page", Send(stranger, "POST", own + "/delete", "_mcs_csrf=x"), 403);

    at("resume: empty", Send(b, "GET", "/resume" + q), 200);
    at("resume: wrong code", Post(b, "/resume", "code=ABCDE-FGHJK"), 422);
    Browser guesser{"", "", lang, "198.51.100." + std::to_string(n + 1), ""};
    Send(guesser, "GET", "/resume" + q);
    http::Response last;
    for (int i = 0; i < 12 && last.status != 429; ++i) last = Post(guesser, "/resume", "code=ABCDE-FGHJ" + std::to_string(i % 10));
    at("resume: too many attempts", std::move(last), 429);
    at("resume link unknown", Send(b, "GET", "/s/babel/r/0123456789abcdefghij" + q), 404);
    at("session expired", Send(stranger, "POST", "/s/babel", "_mcs_page=" + b.page + "&staff=1"), 403);
    at("page of another form", Post(b, "/s/babel", "_mcs_page=99.-1&_mcs_action=next"), 400);

    // Invitations: a forged link, and the opt-out page of a real one.
    at("invitation link forged", Send(b, "GET", "/s/babel?inv=forged.abc&lang=" + lang), 404);
    storage::Invitation inv;
    inv.id = "inv-" + lang;
    inv.form_id = "babel";
    inv.name = "Contact " + lang;
    inv.email = lang + "@example.org";
    inv.created_at = clock_.Now();
    EXPECT_TRUE(store_->AddInvitations({inv}).ok());
    std::string optout = OptOutLink("", app_->csrf_secret(), inv.id, lang);
    Browser mail{"", "", "", b.client, ""};  // a mail client: no browser language, the link's language counts
    at("opt-out", Send(mail, "GET", optout), 200);
    at("opt-out done", Send(mail, "POST", optout, "List-Unsubscribe=One-Click"), 200);
    at("opt-out link broken", Send(b, "GET", "/optout/broken.link"), 404);

    at("privacy notice", Send(b, "GET", "/privacy" + q), 200);
    at("page not found", Send(b, "GET", "/no/such/page" + q), 404);
    app_->SetPostRate(0.01);  // no post goes through now
    at("too many posts", Post(b, "/s/babel", "_mcs_page=" + b.page + "&staff=1"), 429);
    app_->SetPostRate(20);

    clock_.Set(ParseTimeUtc("2027-07-06T12:00:00Z"));
    app_->WindowsChanged();
    at("closed", Send(b, "GET", "/s/babel" + q), 403);
    SetWindow("babel", ParseTimeUtc("2027-09-01T08:00:00Z"), ParseTimeUtc("2027-12-01T00:00:00Z"));
    at("not open yet", Send(b, "GET", "/s/babel" + q), 403);
    SetWindow("babel", ParseTimeUtc("2026-01-01T00:00:00Z"), ParseTimeUtc("2027-07-05T21:59:59Z"));
    clock_.Set(ParseTimeUtc("2026-11-28T12:00:00Z"));
    app_->WindowsChanged();
    return pages;
  }
};

std::vector<std::string> TextsOf(const http::Response& r) {
  if (r.content_type.rfind("text/html", 0) == 0) return VisibleTexts(r.body);
  std::vector<std::string> lines;  // a text file: its lines
  std::istringstream in(r.body);
  for (std::string line; std::getline(in, line);) {
    if (!Squash(line).empty()) lines.push_back(Squash(line));
  }
  return lines;
}

TEST(PageLanguagesText, VisibleTextsAreTextNodesAndLabels) {
  auto t = VisibleTexts(
      "<html><head><title>A &amp; B</title><style>p{x:1}</style></head><body><nav aria-label=\"Lang\">"
      "<script>var x = '<b>';</script><p>One\n two</p><input value=\"typed\" placeholder=\"Ph\"></body></html>");
  EXPECT_EQ(t, (std::vector<std::string>{"A & B", "Lang", "One two", "Ph"}));
  EXPECT_TRUE(SameInEveryLanguage("2026-07-05 14:30"));
  EXPECT_TRUE(SameInEveryLanguage("ABCDE-FGHJK"));
  EXPECT_TRUE(SameInEveryLanguage("Suomi"));
  EXPECT_TRUE(SameInEveryLanguage("\u00b7 \u2013 \u00ab12\u00bb"));
  EXPECT_FALSE(SameInEveryLanguage("\u00c9tude"));
  EXPECT_FALSE(SameInEveryLanguage("Continue"));
}

TEST(PageLanguagesKeys, EveryLanguageHasEveryKey) {
  for (const auto& lang : i18n::Languages()) {
    for (const auto& key : i18n::Keys()) EXPECT_TRUE(i18n::Has(lang, key)) << lang << ": no text for \"" << key << "\"";
  }
}

TEST_F(PageLanguages, NoInterfaceTextIsLeftInEnglish) {
  const std::vector<std::string> langs = i18n::Languages();
  ASSERT_EQ(langs.size(), 24u);
  auto english = Walk("en", 0);
  std::map<std::string, std::set<std::string>> reference;
  for (const auto& [state, r] : english) {
    for (const auto& t : TextsOf(r)) reference[state].insert(t);
    EXPECT_FALSE(reference[state].empty()) << state;
  }
  // The English walk itself shows what it should (so that the comparison below compares pages).
  auto has = [&](const std::string& state, const std::string& text) { return reference[state].count(text) > 0; };
  EXPECT_TRUE(has("question page, required", "This question is required.")) << english["question page, required"].body;
  EXPECT_TRUE(has("review", "Check your answers before sending them"));
  EXPECT_TRUE(has("thank you", "Thank you: your answers have been sent"));
  EXPECT_TRUE(has("opt-out", "Stop e-mails about this survey"));
  EXPECT_TRUE(has("delete: confirm", "Delete your answers?"));
  EXPECT_TRUE(has("resume: too many attempts", "Too many attempts. Wait a few minutes and try again."));
  EXPECT_TRUE(has("not open yet", "This questionnaire is not open yet. It opens on 1 September 2027 at 10:00 Central "
                                  "European Summer Time."));
  int n = 1;
  for (const auto& lang : langs) {
    if (lang == "en") continue;
    auto pages = Walk(lang, n++);
    EXPECT_EQ(pages.size(), english.size()) << lang;
    for (const auto& [state, r] : pages) {
      if (r.content_type.rfind("text/html", 0) == 0) {
        EXPECT_NE(r.body.find("<html lang=\"" + lang + "\""), std::string::npos) << lang << " " << state;
      }
      for (const auto& t : TextsOf(r)) {
        EXPECT_NE(t, "?") << lang << " " << state << ": a missing key";
        if (SameInEveryLanguage(t) || SameAsEnglish(lang, t)) continue;
        EXPECT_EQ(reference[state].count(t), 0u) << lang << " " << state << ": English left: \"" << t << "\"";
      }
      // The form's own texts are there in this language.
      if (state == "question page") {
        EXPECT_NE(r.body.find("\u00ab" + lang + "\u00bb staff"), std::string::npos) << lang;
      }
    }
  }
}

}  // namespace
}  // namespace mcs::web
