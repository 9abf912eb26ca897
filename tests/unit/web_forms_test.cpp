// XLSForm features on respondents' pages, in process (no sockets): repeats the respondent grows
// and shrinks with plain form posts, range and rank controls, randomized choices that keep their
// order, and form versions (a respondent finishes on the version they started).
#include <gtest/gtest.h>

#include <sstream>

#include "app_fixture.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/timezone.h"
#include "storage/storage.h"
#include "test_util.h"
#include "web/app.h"

namespace mcs::web {
namespace {

class WebForms : public testing::AppTest {
 protected:
  WebForms() : AppTest(42) {}
  // Imported and published at once: these tests answer the form right away.
  void Import(const std::string& md, const std::string& name) {
    Diagnostics d;
    auto f = app_->Import(md, name, d, /*publish=*/true);
    ASSERT_TRUE(f.ok()) << d.ToString();
  }
  http::Response Get(const std::string& path) {
    http::Request r = NewRequest("GET", path);
    if (!cookie_.empty()) r.headers.emplace_back("cookie", cookie_);
    auto resp = router_->Dispatch(r);
    for (const auto& [k, v] : resp.headers) {
      if (k == "Set-Cookie") cookie_ = v.substr(0, v.find(';'));
    }
    csrf_ = Hidden(resp.body, "_mcs_csrf").empty() ? csrf_ : Hidden(resp.body, "_mcs_csrf");
    return resp;
  }
  http::Response Post(const std::string& path, const std::string& body) {
    http::Request r;
    r.method = "POST";
    r.path = path;
    r.body = "_mcs_csrf=" + csrf_ + "&_mcs_lang=en&" + body;
    r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    r.headers.emplace_back("host", "survey.example");
    r.headers.emplace_back("cookie", cookie_);
    return router_->Dispatch(r);
  }
  static std::string Location(const http::Response& r) {
    for (const auto& [k, v] : r.headers) {
      if (k == "Location") return v;
    }
    return "";
  }
  static bool Has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

  std::string cookie_, csrf_;
};

TEST_F(WebForms, RespondentAddsAndRemovesRepeatInstancesWithoutJavaScript) {
  Import(
      "| survey | type         | name  | label      | required |\n"
      "|        | begin_repeat | cred  | Credential |          |\n"
      "|        | text         | title | Title      | yes      |\n"
      "|        | end_repeat   |       |            |          |\n"
      "|        | text         | after | After      |          |\n",
      "rep.md");
  auto first = Get("/s/rep");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(Has(first.body, "Credential (1 of 1)"));
  EXPECT_TRUE(Has(first.body, "value=\"add\""));
  EXPECT_FALSE(Has(first.body, "value=\"remove\""));
  // "Continue" stays the first button, so Enter continues.
  EXPECT_LT(first.body.find("value=\"next\""), first.body.find("value=\"add\""));

  // An empty required title blocks "add another" like "continue".
  auto blocked = Post("/s/rep", "_mcs_page=0.0&_mcs_action=add&title=");
  EXPECT_EQ(blocked.status, 422);
  std::string action = blocked.body.substr(blocked.body.find("action=\"/s/rep/r/") + 8);
  std::string resume = action.substr(0, action.find('"'));

  ASSERT_EQ(Post(resume, "_mcs_page=0.0&_mcs_action=add&title=A").status, 303);
  auto second = Get(resume);
  EXPECT_TRUE(Has(second.body, "Credential (2 of 2)")) << second.body;
  EXPECT_TRUE(Has(second.body, "value=\"remove\""));
  ASSERT_EQ(Post(resume, "_mcs_page=0.1&_mcs_action=add&title=B").status, 303);
  EXPECT_TRUE(Has(Get(resume).body, "Credential (3 of 3)"));
  // Removing the third needs nothing filled in, and goes back to the second.
  ASSERT_EQ(Post(resume, "_mcs_page=0.2&_mcs_action=remove&title=").status, 303);
  auto back = Get(resume);
  EXPECT_TRUE(Has(back.body, "Credential (2 of 2)"));
  EXPECT_TRUE(Has(back.body, "value=\"B\""));
  ASSERT_EQ(Post(resume, "_mcs_page=0.1&_mcs_action=next&title=B").status, 303);
  EXPECT_TRUE(Has(Get(resume).body, "name=\"after\""));
  auto rec = store_->FindByResumeHash(Sha256Hex(resume.substr(resume.rfind('/') + 1)));
  ASSERT_TRUE(rec);
  EXPECT_TRUE(Has(rec->answers_json, "\"cred\":[{\"title\":\"A\"},{\"title\":\"B\"}]")) << rec->answers_json;
}

TEST_F(WebForms, RangeRankAndTimeAreRenderedAndCheckedOnTheServer) {
  Import(
      "| survey  | type      | name  | label    | parameters              |\n"
      "|         | range     | sure  | How sure | start=0 end=4           |\n"
      "|         | range     | km    | Distance | start=0 end=500 step=5  |\n"
      "|         | rank opts | order | Order    |                         |\n"
      "|         | time      | at    | At       |                         |\n"
      "| choices | list_name | name  | label    |\n"
      "|         | opts      | x     | X        |\n"
      "|         | opts      | y     | Y        |\n",
      "types.md");
  auto page = Get("/s/types");
  ASSERT_EQ(page.status, 200);
  // Five values: radio buttons; a hundred: a bounded number field.
  EXPECT_TRUE(Has(page.body, "type=\"radio\" id=\"q-sure-4\" name=\"sure\" value=\"4\""));
  EXPECT_TRUE(
      Has(page.body,
          "type=\"number\" class=\"input input--short\" id=\"q-km\" name=\"km\" min=\"0\" max=\"500\" step=\"5\""));
  EXPECT_TRUE(Has(page.body, "<label class=\"label\" for=\"q-order-1\">Place 2</label>"));
  EXPECT_TRUE(Has(page.body, "type=\"time\""));
  auto bad = Post("/s/types", "_mcs_page=0.-1&_mcs_action=next&sure=3&km=7&order=y&order=y&at=25:00");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(bad.body, "Choose a value from 0 to 500."));
  EXPECT_TRUE(Has(bad.body, "Give every option its own place."));
  EXPECT_TRUE(Has(bad.body, "Enter a time, like 14:30."));
  std::string action = bad.body.substr(bad.body.find("action=\"/s/types/r/") + 8);
  std::string resume = action.substr(0, action.find('"'));
  ASSERT_EQ(Post(resume, "_mcs_page=0.-1&_mcs_action=next&sure=3&km=10&order=y&order=x&at=9:05").status, 303);
  auto rec = store_->FindByResumeHash(Sha256Hex(resume.substr(resume.rfind('/') + 1)));
  ASSERT_TRUE(rec);
  EXPECT_TRUE(Has(rec->answers_json, "\"at\":\"09:05\",\"km\":\"10\",\"order\":\"y x\",\"sure\":\"3\""))
      << rec->answers_json;
}

TEST_F(WebForms, RandomizedChoicesKeepTheirOrderForOneResponse) {
  std::string md =
      "| survey  | type         | name | label | parameters     |\n"
      "|         | select_one c | q    | Q     | randomize=true |\n"
      "|         | integer      | n    | N     |                |\n"
      "| choices | list_name    | name | label |\n";
  for (char c = 'a'; c <= 'l'; ++c) md += std::string("|         | c            | ") + c + "    | " + c + "     |\n";
  Import(md, "rnd.md");
  auto order = [](const std::string& body) {
    std::string out;
    for (auto p = body.find("name=\"q\" value=\""); p != std::string::npos;
         p = body.find("name=\"q\" value=\"", p + 1)) {
      out += body[p + 16];
    }
    return out;
  };
  auto page = Get("/s/rnd");
  std::string first = order(page.body);
  ASSERT_EQ(first.size(), 12u);
  EXPECT_NE(first, "abcdefghijkl");
  // The order seen before the response existed is the order kept: on errors, and after resuming.
  auto err = Post("/s/rnd", "_mcs_page=0.-1&_mcs_action=next&_mcs_seed=" + Hidden(page.body, "_mcs_seed") + "&n=x");
  EXPECT_EQ(err.status, 422);
  EXPECT_EQ(order(err.body), first);
  std::string action = err.body.substr(err.body.find("action=\"/s/rnd/r/") + 8);
  std::string resume = action.substr(0, action.find('"'));
  EXPECT_EQ(order(Get(resume).body), first);
  // Another respondent gets another order.
  cookie_.clear();
  EXPECT_NE(order(Get("/s/rnd").body), first);
}

TEST_F(WebForms, RespondentsFinishOnTheVersionTheyStarted) {
  Import(
      "| survey   | type    | name | label      |\n"
      "|          | integer | old  | Old one    |\n"
      "| settings | form_id | version |\n"
      "|          | ver     | 1       |\n",
      "ver.md");
  auto page = Get("/s/ver");
  auto r = Post("/s/ver", "_mcs_page=0.-1&_mcs_action=save&old=5");
  ASSERT_EQ(r.status, 200);
  std::string action = r.body.substr(r.body.find("action=\"/s/ver/r/") + 8);
  std::string resume = action.substr(0, action.find('"'));
  Import(
      "| survey   | type    | name | label      |\n"
      "|          | text    | new  | New one    |\n"
      "| settings | form_id | version |\n"
      "|          | ver     | 2       |\n",
      "ver.md");
  auto resumed = Get(resume);
  EXPECT_TRUE(Has(resumed.body, "Old one"));
  EXPECT_TRUE(Has(resumed.body, "value=\"5\""));
  ASSERT_EQ(Post(resume, "_mcs_page=0.-1&_mcs_action=next&old=6").status, 303);
  auto rec = store_->FindByResumeHash(Sha256Hex(resume.substr(resume.rfind('/') + 1)));
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->form_version, "1");
  cookie_.clear();
  EXPECT_TRUE(Has(Get("/s/ver").body, "New one"));
}

// ODK's "label" + "list-nolabel" matrix: the header select asks nothing and captions the grid; its
// rows are radio groups under one header row, answered and stored like any select_one.
TEST_F(WebForms, LabelAndListNolabelSelectsAreOneMatrix) {
  Import(
      "| survey  | type             | name   | label              | appearance   |\n"
      "|         | begin_group      | g      | Opinions           | field-list   |\n"
      "|         | select_one agree | head   | How far do you agree? | label     |\n"
      "|         | select_one agree | fun    | Work is fun        | list-nolabel |\n"
      "|         | select_one agree | fair   | Pay is fair        | list-nolabel |\n"
      "|         | select_one agree | alone  | On its own         | label        |\n"
      "|         | end_group        |        |                    |              |\n"
      "| choices | list_name        | name   | label              |\n"
      "|         | agree            | no     | Disagree           |\n"
      "|         | agree            | yes    | Agree              |\n",
      "grid.md");
  auto page = Get("/s/grid");
  ASSERT_EQ(page.status, 200);
  const std::string& b = page.body;
  EXPECT_TRUE(Has(b, "<div class=\"m c2\" role=\"group\" aria-labelledby=\"q-head-label\">")) << b;
  EXPECT_TRUE(Has(b, "<p class=\"mc\" id=\"q-head-label\">How far do you agree?")) << b;
  EXPECT_FALSE(Has(b, "name=\"head\""));  // the header asks nothing
  EXPECT_TRUE(Has(b, "class=\"q r\" id=\"q-fun-block\" role=\"radiogroup\""));
  EXPECT_TRUE(Has(b, "class=\"q r\" id=\"q-fair-block\" role=\"radiogroup\""));
  EXPECT_TRUE(Has(b, "id=\"q-fair-1\" name=\"fair\" value=\"yes\""));
  // A "label" select without rows after it is an ordinary question.
  EXPECT_TRUE(Has(b, "name=\"alone\""));
  EXPECT_FALSE(Has(
      b,
      "id=\"q-alone-block\" role=\"radiogroup\" aria-labelledby=\"q-alone-label\">\n<div><span id=\"q-alone-label\""));
  auto done = Post("/s/grid", "_mcs_page=0.-1&_mcs_action=next&fun=yes&fair=no");
  ASSERT_EQ(done.status, 303);
  std::string resume = Location(done);
  auto rec = store_->FindByResumeHash(Sha256Hex(resume.substr(resume.rfind('/') + 1)));
  ASSERT_TRUE(rec);
  EXPECT_TRUE(Has(rec->answers_json, "\"fair\":\"no\",\"fun\":\"yes\"")) << rec->answers_json;
}

// The appearances that shape a page: minimal is a drop-down, horizontal and likert lay the choices
// in a row, multiline is a text area, a table-list group is a matrix, a field-list group one page.
TEST_F(WebForms, AppearancesShapeTheControls) {
  Import(
      "| survey  | type             | name  | label  | appearance |\n"
      "|         | begin_group      | one   | One    | field-list |\n"
      "|         | select_one yn    | drop  | Drop   | minimal    |\n"
      "|         | select_one yn    | row   | Row    | horizontal |\n"
      "|         | select_one yn    | scale | Scale  | likert     |\n"
      "|         | select_one yn    | plain | Plain  |            |\n"
      "|         | text             | long  | Long   | multiline  |\n"
      "|         | text             | short | Short  |            |\n"
      "|         | end_group        |       |        |            |\n"
      "|         | begin_group      | grid  | Grid   | table-list |\n"
      "|         | select_one yn    | g1    | G1     |            |\n"
      "|         | select_one yn    | g2    | G2     |            |\n"
      "|         | end_group        |       |        |            |\n"
      "| choices | list_name        | name  | label  |\n"
      "|         | yn               | yes   | Yes    |\n"
      "|         | yn               | no    | No     |\n",
      "look.md");
  auto page = Get("/s/look");
  ASSERT_EQ(page.status, 200);
  const std::string& b = page.body;
  EXPECT_TRUE(Has(b, "<select class=\"select\" id=\"q-drop\" name=\"drop\""));
  EXPECT_FALSE(Has(b, "name=\"drop\" value=\"yes\""));  // no radios for the drop-down
  auto inline_choices_of = [&](const std::string& q) {
    std::size_t at = b.find("name=\"" + q + "\" value=\"yes\"");
    std::size_t row = b.rfind("<div class=\"cs", at);
    const std::string kInline = "<div class=\"cs in\"";
    return at != std::string::npos && b.compare(row, kInline.size(), kInline) == 0;
  };
  EXPECT_TRUE(inline_choices_of("row"));
  EXPECT_TRUE(inline_choices_of("scale"));
  EXPECT_FALSE(inline_choices_of("plain"));
  EXPECT_TRUE(Has(b, "<textarea class=\"textarea\" id=\"q-long\" name=\"long\""));
  EXPECT_FALSE(Has(b, "id=\"q-short\" name=\"short\" rows"));
  EXPECT_FALSE(Has(b, "name=\"g1\""));  // the grid is the next page
  auto next = Post("/s/look", "_mcs_page=0.-1&_mcs_action=next");
  ASSERT_EQ(next.status, 303);
  auto grid = Get(Location(next));
  EXPECT_TRUE(Has(grid.body, "<div class=\"m c2\">")) << grid.body;
  EXPECT_TRUE(Has(grid.body, "class=\"q r\" id=\"q-g2-block\""));
}

// What pyxform accepts and mcsurvey now does too (issue 19): a question with only a hint is named by
// it; a dynamic default is the answer a new response starts with; a range whose step does not divide
// it offers only the values on the scale (1, 5, 9 from 1 to 11 in steps of 4; not 13).
TEST_F(WebForms, PyxformsHintOnlyQuestionsDynamicDefaultsAndUnevenRanges) {
  Import(
      "| survey | type    | name | label | hint          | default  | parameters            |\n"
      "|        | integer | a    | A     |               | 2        |                       |\n"
      "|        | integer | b    |       | Times three   | ${a} * 3 |                       |\n"
      "|        | range   | r    | R     |               |          | start=1 end=11 step=4 |\n",
      "pyx.md");
  auto page = Get("/s/pyx");
  ASSERT_EQ(page.status, 200);
  const std::string& b = page.body;
  EXPECT_TRUE(Has(b, "Times three")) << b;
  EXPECT_FALSE(Has(b, "id=\"q-b-hint\"")) << b;  // the hint is the label, not repeated
  EXPECT_TRUE(Has(b, "name=\"b\" value=\"6\"")) << b;
  EXPECT_TRUE(Has(b, "name=\"r\" value=\"9\""));
  EXPECT_FALSE(Has(b, "name=\"r\" value=\"11\""));
  EXPECT_FALSE(Has(b, "name=\"r\" value=\"13\""));
}

// A question page that shows nothing of the answers is rendered once and filled in per respondent
// (App::question_pages): what each respondent gets is byte for byte the page rendered for them alone,
// gzipped or not, and pages that do show answers (a piped name, a filtered list, a ticked answer, a
// question shown by an earlier answer) are each respondent's own.
TEST_F(WebForms, ReusedQuestionPagesAreEachRespondentsOwnPage) {
  Import(
      "| survey  | type             | name   | label          | relevant             | choice_filter     | appearance | required |\n"
      "|         | begin_group      | p1     | Who            |                      |                   | field-list |          |\n"
      "|         | text             | name   | Your name      |                      |                   |            | yes      |\n"
      "|         | select_one region| region | Region         |                      |                   |            | yes      |\n"
      "|         | end_group        | p1     |                |                      |                   |            |          |\n"
      "|         | begin_group      | p2     | Plain          |                      |                   | field-list |          |\n"
      "|         | select_one yn    | likes  | Do you like it?|                      |                   |            |          |\n"
      "|         | integer          | age    | Age            |                      |                   |            |          |\n"
      "|         | end_group        | p2     |                |                      |                   |            |          |\n"
      "|         | begin_group      | p3     | Greeting       |                      |                   | field-list |          |\n"
      "|         | note             | hello  | Hello ${name}  |                      |                   |            |          |\n"
      "|         | end_group        | p3     |                |                      |                   |            |          |\n"
      "|         | begin_group      | p4     | Where          |                      |                   | field-list |          |\n"
      "|         | select_one city  | city   | City           |                      | region=${region}  |            |          |\n"
      "|         | end_group        | p4     |                |                      |                   |            |          |\n"
      "|         | begin_group      | p5     | More           |                      |                   | field-list |          |\n"
      "|         | text             | extra  | Northern extra | ${region} = 'north'  |                   |            |          |\n"
      "|         | text             | always | Anything else  |                      |                   |            |          |\n"
      "|         | end_group        | p5     |                |                      |                   |            |          |\n"
      "| choices | list_name        | name   | label          | region               |                   |            |          |\n"
      "|         | region           | north  | North          |                      |                   |            |          |\n"
      "|         | region           | south  | South          |                      |                   |            |          |\n"
      "|         | yn               | yes    | Yes            |                      |                   |            |          |\n"
      "|         | yn               | no     | No             |                      |                   |            |          |\n"
      "|         | city             | oslo   | Oslo           | north                |                   |            |          |\n"
      "|         | city             | rome   | Rome           | south                |                   |            |          |\n",
      "reuse.md");
  auto gzipped = [&](const std::string& path) {
    http::Request r;
    r.method = "GET";
    r.path = path;
    r.headers.emplace_back("host", "survey.example");
    r.headers.emplace_back("cookie", cookie_);
    r.headers.emplace_back("accept-encoding", "gzip");
    auto resp = router_->Dispatch(r);
    EXPECT_EQ(resp.status, 200);
    bool gz = false;
    for (const auto& [k, v] : resp.headers) gz = gz || (k == "Content-Encoding" && v == "gzip");
    return gz ? testing::Gunzip(resp.body) : resp.body;
  };
  // Every page three ways: kept and filled in, gzipped, and rendered afresh; all the same.
  auto page = [&](const std::string& path) {
    app_->set_reuse_pages(true);
    auto reused = Get(path);
    EXPECT_EQ(reused.status, 200);
    std::string zipped = gzipped(path);
    app_->set_reuse_pages(false);
    auto fresh = Get(path);
    app_->set_reuse_pages(true);
    EXPECT_EQ(reused.body, fresh.body) << path;
    EXPECT_EQ(zipped, fresh.body) << path;
    return fresh.body;
  };
  struct Who {
    std::string cookie, csrf, resume;
  };
  auto start = [&](const std::string& name, const std::string& region) {
    cookie_.clear();
    csrf_.clear();
    EXPECT_EQ(Get("/s/reuse").status, 200);
    auto r = Post("/s/reuse", "_mcs_page=0.-1&_mcs_action=next&name=" + name + "&region=" + region);
    EXPECT_EQ(r.status, 303);
    return Who{cookie_, csrf_, Location(r)};
  };
  auto as = [&](const Who& w) {
    cookie_ = w.cookie;
    csrf_ = w.csrf;
  };
  Who alice = start("Alice", "north");
  Who bob = start("Bob", "south");
  ASSERT_NE(alice.resume, bob.resume);

  as(alice);
  std::string a2 = page(alice.resume);
  EXPECT_TRUE(Has(a2, "Do you like it?"));
  EXPECT_FALSE(Has(a2, " checked"));
  EXPECT_GT(app_->question_pages().bytes(), 0u);  // the plain page was kept
  const std::uint64_t reused = app_->metrics().pages_reused;
  EXPECT_GE(reused, 2u);  // plain and gzipped
  as(bob);
  std::string b2 = page(bob.resume);
  EXPECT_TRUE(Has(b2, bob.resume));
  EXPECT_FALSE(Has(b2, alice.resume));
  EXPECT_NE(Hidden(a2, "_mcs_csrf"), Hidden(b2, "_mcs_csrf"));

  for (const Who* w : {&alice, &bob}) {
    as(*w);
    ASSERT_EQ(Post(w->resume, "_mcs_page=1.-1&_mcs_action=next&likes=yes&age=30").status, 303);
  }
  as(alice);
  std::string a3 = page(alice.resume);
  EXPECT_TRUE(Has(a3, "Hello Alice"));
  as(bob);
  std::string b3 = page(bob.resume);
  EXPECT_TRUE(Has(b3, "Hello Bob"));
  EXPECT_FALSE(Has(b3, "Alice"));
  EXPECT_EQ(app_->metrics().pages_reused, reused + 2);  // Bob's plain page only; greetings rendered

  for (const Who* w : {&alice, &bob}) {
    as(*w);
    ASSERT_EQ(Post(w->resume, "_mcs_page=2.-1&_mcs_action=next").status, 303);
  }
  as(alice);
  std::string a4 = page(alice.resume);
  EXPECT_TRUE(Has(a4, "Oslo"));
  EXPECT_FALSE(Has(a4, "Rome"));
  as(bob);
  std::string b4 = page(bob.resume);
  EXPECT_TRUE(Has(b4, "Rome"));
  EXPECT_FALSE(Has(b4, "Oslo"));

  for (const Who* w : {&alice, &bob}) {
    as(*w);
    ASSERT_EQ(Post(w->resume, "_mcs_page=3.-1&_mcs_action=next").status, 303);
  }
  as(alice);
  std::string a5 = page(alice.resume);
  EXPECT_TRUE(Has(a5, "Northern extra"));
  EXPECT_TRUE(Has(a5, "\"name\":\"Alice\""));  // the answers for the browser-side logic
  as(bob);
  std::string b5 = page(bob.resume);
  EXPECT_FALSE(Has(b5, "Northern extra"));
  EXPECT_TRUE(Has(b5, "Anything else"));
  EXPECT_TRUE(Has(b5, "\"name\":\"Bob\""));
  EXPECT_FALSE(Has(b5, "Alice"));

  // Back on the plain page, each sees what they ticked there.
  as(alice);
  ASSERT_EQ(Post(alice.resume, "_mcs_page=4.-1&_mcs_action=back").status, 303);
  ASSERT_EQ(Post(alice.resume, "_mcs_page=3.-1&_mcs_action=back").status, 303);
  ASSERT_EQ(Post(alice.resume, "_mcs_page=2.-1&_mcs_action=back").status, 303);
  std::string again = page(alice.resume);
  EXPECT_TRUE(Has(again, "value=\"yes\" checked")) << again;
  EXPECT_TRUE(Has(again, "value=\"30\""));
}

// A repeat's page is kept per instance and count of its repeat: each respondent still gets byte for
// byte the page rendered for them alone (their heading "1 of 2" or "1 of 3", their add and remove
// buttons), and a repeat's page that pipes an answer is each respondent's own.
TEST_F(WebForms, ReusedRepeatPagesAreEachRespondentsOwnPage) {
  Import(
      "| survey | type         | name  | label             | appearance | repeat_count | required |\n"
      "|        | begin_group  | p0    | Start             | field-list |              |          |\n"
      "|        | integer      | n     | How many?         |            |              | yes      |\n"
      "|        | text         | org   | Organisation      |            |              | yes      |\n"
      "|        | end_group    | p0    |                   |            |              |          |\n"
      "|        | begin_repeat | mc    | Credential        | field-list | ${n}         |          |\n"
      "|        | text         | title | Title             |            |              |          |\n"
      "|        | integer      | hours | Hours             |            |              |          |\n"
      "|        | end_repeat   | mc    |                   |            |              |          |\n"
      "|        | begin_repeat | pr    | Project           | field-list | ${n}         |          |\n"
      "|        | text         | note  | Notes for ${org}  |            |              |          |\n"
      "|        | end_repeat   | pr    |                   |            |              |          |\n"
      "|        | begin_repeat | cred  | Award             | field-list |              |          |\n"
      "|        | text         | what  | What              |            |              |          |\n"
      "|        | end_repeat   | cred  |                   |            |              |          |\n"
      "|        | text         | after | After             |            |              |          |\n",
      "reprep.md");
  auto gzipped = [&](const std::string& path) {
    http::Request r;
    r.method = "GET";
    r.path = path;
    r.headers.emplace_back("host", "survey.example");
    r.headers.emplace_back("cookie", cookie_);
    r.headers.emplace_back("accept-encoding", "gzip");
    auto resp = router_->Dispatch(r);
    EXPECT_EQ(resp.status, 200);
    bool gz = false;
    for (const auto& [k, v] : resp.headers) gz = gz || (k == "Content-Encoding" && v == "gzip");
    return gz ? testing::Gunzip(resp.body) : resp.body;
  };
  // Every page three ways: kept and filled in, gzipped, and rendered afresh; all the same.
  auto page = [&](const std::string& path) {
    app_->set_reuse_pages(true);
    auto reused = Get(path);
    EXPECT_EQ(reused.status, 200);
    std::string zipped = gzipped(path);
    app_->set_reuse_pages(false);
    auto fresh = Get(path);
    app_->set_reuse_pages(true);
    EXPECT_EQ(reused.body, fresh.body) << path;
    EXPECT_EQ(zipped, fresh.body) << path;
    return fresh.body;
  };
  struct Who {
    std::string cookie, csrf, resume;
  };
  auto start = [&](const std::string& n, const std::string& org) {
    cookie_.clear();
    csrf_.clear();
    EXPECT_EQ(Get("/s/reprep").status, 200);
    auto r = Post("/s/reprep", "_mcs_page=0.-1&_mcs_action=next&n=" + n + "&org=" + org);
    EXPECT_EQ(r.status, 303);
    return Who{cookie_, csrf_, Location(r)};
  };
  auto as = [&](const Who& w) {
    cookie_ = w.cookie;
    csrf_ = w.csrf;
  };
  Who alice = start("2", "Acme");
  Who bob = start("3", "Beta");
  Who carol = start("2", "Corp");

  // The counted repeat's first instance: kept per count, filled in per respondent.
  const std::uint64_t before = app_->metrics().pages_reused;
  as(alice);
  std::string a1 = page(alice.resume);
  EXPECT_TRUE(Has(a1, "Credential (1 of 2)")) << a1;
  EXPECT_TRUE(Has(a1, "name=\"_mcs_page\" value=\"1.0\""));
  EXPECT_TRUE(Has(a1, "\"instance\":0"));
  EXPECT_TRUE(Has(a1, "\"org\":\"Acme\""));  // the answers for the browser-side logic
  as(bob);
  std::string b1 = page(bob.resume);
  EXPECT_TRUE(Has(b1, "Credential (1 of 3)")) << b1;
  EXPECT_TRUE(Has(b1, bob.resume));
  EXPECT_FALSE(Has(b1, alice.resume));
  EXPECT_FALSE(Has(b1, "Acme"));
  as(carol);
  std::string c1 = page(carol.resume);
  EXPECT_TRUE(Has(c1, "Credential (1 of 2)"));
  EXPECT_FALSE(Has(c1, "Acme"));
  EXPECT_NE(Hidden(a1, "_mcs_csrf"), Hidden(c1, "_mcs_csrf"));
  EXPECT_EQ(app_->metrics().pages_reused, before + 6);  // plain and gzipped, three respondents

  // The second instance: its own kept page, blank for each (the first instance's answers are not on it).
  for (const Who* w : {&alice, &carol}) {
    as(*w);
    ASSERT_EQ(Post(w->resume, "_mcs_page=1.0&_mcs_action=next&title=T-" + w->csrf.substr(0, 6) + "&hours=5").status,
              303);
  }
  as(alice);
  std::string a2 = page(alice.resume);
  EXPECT_TRUE(Has(a2, "Credential (2 of 2)")) << a2;
  EXPECT_TRUE(Has(a2, "name=\"_mcs_page\" value=\"1.1\""));
  EXPECT_FALSE(Has(a2, "name=\"hours\" value=\"5\""));
  // Not in the script data either: no expression reads it (the page sends the script only what it
  // reads). The page is Alice's own.
  EXPECT_FALSE(Has(a2, "\"hours\":\"5\""));
  EXPECT_TRUE(Has(a2, alice.resume));
  EXPECT_FALSE(Has(a2, carol.resume));
  as(carol);
  std::string c2 = page(carol.resume);
  EXPECT_TRUE(Has(c2, "Credential (2 of 2)"));
  EXPECT_FALSE(Has(c2, "T-" + alice.csrf.substr(0, 6)));
  EXPECT_EQ(app_->metrics().pages_reused, before + 10);

  // A repeat's page that pipes an answer is rendered for each respondent.
  for (const Who* w : {&alice, &carol}) {
    as(*w);
    ASSERT_EQ(Post(w->resume, "_mcs_page=1.1&_mcs_action=next&title=&hours=").status, 303);
  }
  as(alice);
  std::string ap = page(alice.resume);
  EXPECT_TRUE(Has(ap, "Notes for Acme")) << ap;
  as(carol);
  std::string cp = page(carol.resume);
  EXPECT_TRUE(Has(cp, "Notes for Corp"));
  EXPECT_FALSE(Has(cp, "Acme"));
  EXPECT_EQ(app_->metrics().pages_reused, before + 10);

  // The repeat the respondent grows: "add" on the last instance, "remove" once there are two.
  for (const Who* w : {&alice, &carol}) {
    as(*w);
    ASSERT_EQ(Post(w->resume, "_mcs_page=2.0&_mcs_action=next&note=").status, 303);
    ASSERT_EQ(Post(w->resume, "_mcs_page=2.1&_mcs_action=next&note=").status, 303);
  }
  as(alice);
  std::string aw = page(alice.resume);
  EXPECT_TRUE(Has(aw, "Award (1 of 1)")) << aw;
  EXPECT_TRUE(Has(aw, "value=\"add\""));
  EXPECT_FALSE(Has(aw, "value=\"remove\""));
  ASSERT_EQ(Post(alice.resume, "_mcs_page=3.0&_mcs_action=add&what=x").status, 303);
  std::string aw2 = page(alice.resume);
  EXPECT_TRUE(Has(aw2, "Award (2 of 2)")) << aw2;
  EXPECT_TRUE(Has(aw2, "value=\"add\""));
  EXPECT_TRUE(Has(aw2, "value=\"remove\""));
  as(carol);
  std::string cw = page(carol.resume);
  EXPECT_TRUE(Has(cw, "Award (1 of 1)")) << cw;
  EXPECT_FALSE(Has(cw, "value=\"remove\""));
  EXPECT_FALSE(Has(cw, alice.resume));
  // Back on the first instance of two, Alice sees what she typed there.
  as(alice);
  ASSERT_EQ(Post(alice.resume, "_mcs_page=3.1&_mcs_action=back&what=").status, 303);
  std::string aw1 = page(alice.resume);
  EXPECT_TRUE(Has(aw1, "Award (1 of 2)")) << aw1;
  EXPECT_TRUE(Has(aw1, "name=\"what\" value=\"x\"")) << aw1;
  EXPECT_TRUE(Has(aw1, "value=\"remove\""));
}

// GOV.UK error summary: each link's text is the error message itself (not "label: message"), and
// leads to the field's first control; the same message stands above the field.
TEST_F(WebForms, ErrorSummaryLinksAreTheErrorMessages) {
  Import(
      "| survey | type         | name  | label                             | required | required_message       |\n"
      "|        | select_one k | org   | Where is your organisation based? | yes      | Select the type of org |\n"
      "|        | integer      | staff | How many staff                    | yes      |                        |\n"
      "| choices  | list_name   | name  | label |\n"
      "|          | k           | a     | A     |\n"
      "|          | k           | b     | B     |\n",
      "errs.md");
  (void)Get("/s/errs");
  auto r = Post("/s/errs", "_mcs_page=0.-1&_mcs_action=next&org=&staff=");
  ASSERT_EQ(r.status, 422);
  const std::string& b = r.body;
  EXPECT_TRUE(Has(b, "<li><a href=\"#q-org-0\">Select the type of org</a></li>")) << b;
  EXPECT_TRUE(Has(b, "<li><a href=\"#q-staff\">This question is required.</a></li>")) << b;
  EXPECT_FALSE(Has(b, "based?: ")) << b;
  // The inline message sits above its field's controls.
  auto inline_msg = b.find("id=\"q-org-error\"");
  ASSERT_NE(inline_msg, std::string::npos);
  EXPECT_LT(b.find("</ul>"), inline_msg);
  EXPECT_LT(inline_msg, b.find("id=\"q-org-0\""));
  EXPECT_NE(b.find("Select the type of org", inline_msg), std::string::npos);
}

// The thank-you and closed pages carry the questionnaire's name (banner and browser tab), never the
// software's, and the thank-you page says what happens next in the respondent's language.
TEST_F(WebForms, ThankYouAndClosedPagesCarryTheStudysName) {
  Import(
      "| survey   | type    | name | label |\n"
      "|          | integer | n    | N     |\n"
      "| settings | form_id | form_title          |\n"
      "|          | done    | Survey of bakeries  |\n",
      "done.md");
  (void)Get("/s/done");
  auto first = Post("/s/done", "_mcs_page=0.-1&_mcs_action=next&n=3");
  ASSERT_EQ(first.status, 303);
  std::string resume = Location(first);
  resume = resume.substr(0, resume.find('?'));
  (void)Get(resume);
  auto sent = Post(resume, "_mcs_page=review&_mcs_action=submit");
  ASSERT_TRUE(sent.status == 303 || sent.status == 200) << sent.status << sent.body;
  auto thanks = sent.status == 303 ? Get(Location(sent)) : sent;
  ASSERT_EQ(thanks.status, 200);
  EXPECT_FALSE(Has(thanks.body, ">mcsurvey")) << thanks.body;
  EXPECT_TRUE(Has(thanks.body, "<title>Thank you: your answers have been sent - Survey of bakeries</title>"))
      << thanks.body;
  EXPECT_TRUE(Has(thanks.body, "<header class=\"site-header\"><div class=\"width\">Survey of bakeries")) << thanks.body;
  EXPECT_TRUE(Has(thanks.body, "<h2>What happens next</h2>"));
  EXPECT_TRUE(Has(thanks.body,
                  "in the study \u201cThe role of microcredentials in facilitating learning for employment\u201d"));

  storage::FormWindow w{"done", 0, ParseTimeUtc("2026-11-01T00:00:00Z"), false, ""};
  ASSERT_TRUE(store_->PutWindow(w).ok());
  app_->WindowsChanged();
  cookie_.clear();
  auto closed = Get("/s/done");
  ASSERT_EQ(closed.status, 403);
  EXPECT_FALSE(Has(closed.body, ">mcsurvey")) << closed.body;
  EXPECT_TRUE(Has(closed.body, "<title>This questionnaire is closed - Survey of bakeries</title>")) << closed.body;
  EXPECT_TRUE(Has(closed.body, "<div class=\"width\">Survey of bakeries")) << closed.body;
}

// Without JavaScript a follow-up question on the same page says when it applies, in the shortest
// plain words its relevance allows; an expression it cannot phrase keeps the general wording.
TEST_F(WebForms, AnswerOnlyIfNotesSayTheConditionInPlainWords) {
  Import(
      "| survey  | type         | name   | label          | relevant                      | appearance |\n"
      "|         | begin_group  | g      | G              |                               | field-list |\n"
      "|         | select_one k | kind   | Kind           |                               |            |\n"
      "|         | text         | kind_o | Please specify | selected(${kind}, 'other')    |            |\n"
      "|         | integer      | many   | How many       |                               |            |\n"
      "|         | text         | which  | Which ones     | ${many} > 0                   |            |\n"
      "|         | text         | most   | Most           | ${many} <= 3                  |            |\n"
      "|         | text         | back   | Back to kind   | ${kind} = 'a'                 |            |\n"
      "|         | text         | odd    | Odd            | ${many} > 0 and ${kind} = 'a' |            |\n"
      "|         | end_group    | g      |                |                               |            |\n"
      "| choices | list_name    | name   | label |\n"
      "|         | k            | a      | Apple |\n"
      "|         | k            | other  | Other |\n",
      "cond.md");
  auto page = Get("/s/cond");
  ASSERT_EQ(page.status, 200);
  const std::string& b = page.body;
  EXPECT_TRUE(Has(b, "Answer only if you chose \u201cOther\u201d above.")) << b;
  EXPECT_TRUE(Has(b, "Answer only if \u201cHow many\u201d is more than 0.")) << b;
  EXPECT_TRUE(Has(b, "Answer only if \u201cHow many\u201d is 3 or less.")) << b;
  EXPECT_TRUE(Has(b, "Answer only if you chose \u201cApple\u201d for \u201cKind\u201d.")) << b;
  EXPECT_TRUE(Has(b, "Answer only if it applies to your answers above on this page.")) << b;
}

// The progress line's "about N min left" counts the questions still relevant, by their kind: ten
// paragraphs to write count until an answer makes them irrelevant, three numbers count little.
TEST_F(WebForms, TimeLeftFollowsTheQuestionsStillRelevant) {
  Import(
      "| survey  | type         | name  | label       | appearance | relevant         |\n"
      "|         | begin_group  | p1    | One         | field-list |                  |\n"
      "|         | select_one yn | go   | Go on?      |            |                  |\n"
      "|         | end_group    | p1    |             |            |                  |\n"
      "|         | begin_group  | p2    | Two         | field-list | ${go} != 'no'    |\n"
      "|         | text         | t0   | Tell us 0   | multiline  |                  |\n"
      "|         | text         | t1   | Tell us 1   | multiline  |                  |\n"
      "|         | text         | t2   | Tell us 2   | multiline  |                  |\n"
      "|         | text         | t3   | Tell us 3   | multiline  |                  |\n"
      "|         | text         | t4   | Tell us 4   | multiline  |                  |\n"
      "|         | text         | t5   | Tell us 5   | multiline  |                  |\n"
      "|         | text         | t6   | Tell us 6   | multiline  |                  |\n"
      "|         | text         | t7   | Tell us 7   | multiline  |                  |\n"
      "|         | text         | t8   | Tell us 8   | multiline  |                  |\n"
      "|         | text         | t9   | Tell us 9   | multiline  |                  |\n"
      "|         | end_group    | p2    |             |            |                  |\n"
      "|         | begin_group  | p3    | Three       | field-list |                  |\n"
      "|         | integer      | a     | A           |            |                  |\n"
      "|         | integer      | b     | B           |            |                  |\n"
      "|         | integer      | c     | C           |            |                  |\n"
      "|         | end_group    | p3    |             |            |                  |\n"
      "| choices | list_name    | name  | label |\n"
      "|         | yn           | yes   | Yes   |\n"
      "|         | yn           | no    | No    |\n",
      "est.md");
  // 6 s (a choice) + 10 × 60 s (paragraphs) + 3 × 10 s (numbers) = 636 s.
  EXPECT_TRUE(Has(Get("/s/est").body, "Page 1 of 3 \u00b7 about 11 min left")) << Get("/s/est").body;
  auto r = Post("/s/est", "_mcs_page=0.-1&_mcs_action=next&go=no");
  ASSERT_EQ(r.status, 303);
  // The paragraphs no longer apply: three numbers, 30 s.
  auto next = Get(Location(r));
  EXPECT_TRUE(Has(next.body, "Page 2 of 2 \u00b7 about 1 min left")) << next.body;
}

// On a phone the resume link and code sit thousands of pixels below the "saved" notice: the notice
// links to them.
TEST_F(WebForms, SavedNoticeLinksToTheResumeCode) {
  Import(
      "| survey | type    | name | label |\n"
      "|        | integer | n    | N     |\n",
      "later.md");
  EXPECT_FALSE(Has(Get("/s/later").body, "href=\"#continue-later\""));
  auto r = Post("/s/later", "_mcs_page=0.-1&_mcs_action=save&n=5");
  ASSERT_EQ(r.status, 200);
  auto link = r.body.find("<a href=\"#continue-later\">Go to your link and code</a></p></div>");
  ASSERT_NE(link, std::string::npos) << r.body;
  auto target = r.body.find("<aside class=\"resume\" id=\"continue-later\"");
  ASSERT_NE(target, std::string::npos) << r.body;
  EXPECT_LT(link, target);
  EXPECT_NE(r.body.find("class=\"resume__code\"", target), std::string::npos);
}

}  // namespace
}  // namespace mcs::web
