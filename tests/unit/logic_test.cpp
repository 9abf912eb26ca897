// The browser-side logic script (src/web/logic.cpp): what GET /s/{form}/logic.js serves and what a
// question page carries for it. The generated functions themselves are checked against the server
// on the whole corpus by tests/browser/xpath_corpus.test.mjs.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "common/timezone.h"
#include "engine/engine.h"
#include "engine/view.h"
#include "form/form.h"
#include "web/logic.h"

namespace mcs::web {
namespace {

const char* kForm =
    "| survey  | type          | name  | label           | relevant               | constraint | constraint_message | calculation |\n"
    "|         | integer       | age   | Age             |                        | . < 130    | Too old            |             |\n"
    "|         | select_one yn | pet   | Pet, ${age}?    | ${age} >= 18           |            |                    |             |\n"
    "|         | calculate     | twice |                 |                        |            |                    | ${age} * 2  |\n"
    "| choices | list_name | name | label |\n"
    "|         | yn        | yes  | Yes   |\n"
    "|         | yn        | no   | No    |\n";

std::shared_ptr<const form::Form> Compile() {
  Diagnostics d;
  auto f = form::Compile(kForm, "logic.md", d);
  EXPECT_TRUE(f) << d.ToString();
  return f;
}

TEST(LogicScript, HoldsGeneratedFunctionsNotSourceText) {
  auto f = Compile();
  ASSERT_TRUE(f);
  const std::string js = GenerateLogicScript(*f);
  EXPECT_NE(js.find("\"pet\":function(c){return R.value(R.ge(R.ref(c,\"age\"),18));}"), std::string::npos) << js;
  EXPECT_NE(js.find("\"age\":function(c){return R.value(R.lt(R.cur(c),130));}"), std::string::npos) << js;
  EXPECT_NE(js.find("\"twice\":function(c){return R.value(R.mul(R.ref(c,\"age\"),2));}"), std::string::npos) << js;
  EXPECT_NE(js.find("\"pet\":{\"yes\":\"Yes\",\"no\":\"No\"}"), std::string::npos) << js;
  EXPECT_NE(js.find("L.labels = {\n    \"pet\":"), std::string::npos) << js;
  EXPECT_NE(js.find("window.MCSLogic[\"" + f->id + "@" + f->version + "\"] = L;"), std::string::npos);
  // No expression text survives into the script: it could only run through eval().
  EXPECT_EQ(js.find("${age} >= 18"), std::string::npos);
  EXPECT_EQ(js.find("eval("), std::string::npos);
}

TEST(LogicScript, PageBlocksCannotCloseTheScriptElement) {
  auto f = Compile();
  ASSERT_TRUE(f);
  engine::Answers a;
  a.values["age"] = "</script><script>alert(1)</script>";
  a.values["twice"] = "cats & dogs > fish";  // a calculation: the script reads it
  const std::string html = LogicPageScripts(*f, a, -1, "en", {1, 2});
  EXPECT_EQ(html.find("</script><script>alert"), std::string::npos) << html;
  EXPECT_NE(html.find("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"), std::string::npos) << html;
  EXPECT_NE(html.find("cats \\u0026 dogs \\u003e fish"), std::string::npos) << html;
  EXPECT_NE(html.find("\"questions\":[\"age\",\"pet\"]"), std::string::npos) << html;
  EXPECT_NE(html.find("<script src=\"/static/mcsurvey-xpath.js\" defer></script>"), std::string::npos);
  EXPECT_NE(html.find("/logic.js?v="), std::string::npos);
  EXPECT_NE(html.find("<script src=\"/static/mcsurvey.js\" defer></script>"), std::string::npos);
}

// The page's data block holds the answers its script can read and no others: those an expression or a
// piped label names (in a repeat: the repeat's instances with those), and the calculations.
TEST(LogicScript, PageDataHoldsOnlyTheAnswersTheScriptReads) {
  const char* form =
      "| survey  | type          | name | label        | relevant         | calculation |\n"
      "|         | select_one yn | x    | X            |                  |             |\n"
      "|         | text          | y    | Y            | ${x} = 'yes'     |             |\n"
      "|         | text          | z    | Z, ${p}?     |                  |             |\n"
      "|         | text          | p    | P            |                  |             |\n"
      "|         | text          | w    | W            |                  |             |\n"
      "|         | calculate     | c    |              |                  | 1 + 1       |\n"
      "|         | begin_repeat  | r    | R            |                  |             |\n"
      "|         | text          | n    | N            |                  |             |\n"
      "|         | text          | m    | M            | ${n} != ''       |             |\n"
      "|         | end_repeat    |      |              |                  |             |\n"
      "|         | begin_repeat  | s    | S            |                  |             |\n"
      "|         | text          | k    | K            |                  |             |\n"
      "|         | end_repeat    |      |              |                  |             |\n"
      "| choices | list_name | name | label |\n"
      "|         | yn        | yes  | Yes   |\n"
      "|         | yn        | no   | No    |\n";
  Diagnostics d;
  auto f = form::Compile(form, "reads.md", d);
  ASSERT_TRUE(f) << d.ToString();
  engine::Answers a;
  a.values = {{"x", "yes"}, {"y", "hi"}, {"z", "zz"}, {"p", "pp"}, {"w", "ww"}, {"c", "2"}};
  a.repeats["r"] = {{{"n", "n1"}, {"m", "m1"}}, {{"m", "m2"}}};
  a.repeats["s"] = {{{"k", "k1"}}};
  EXPECT_EQ(PageAnswersData(*f, a, nullptr), "{\"c\":\"2\",\"p\":\"pp\",\"x\":\"yes\",\"r\":[{\"n\":\"n1\"},{}]}");
  const std::string placeholder = "p0123456789abcdef01234567";
  EXPECT_EQ(PageAnswersData(*f, a, &placeholder), placeholder);  // a kept page's slot
}

// A page's script is given the stored answers only when every answer an expression reads is seen
// as stored (engine::View::HidesStoredAnswers(referenced_only)): an answer kept while its question
// does not apply, in or out of a repeat, counts when some expression reads it, and not otherwise.
TEST(LogicScript, StoredAnswersAreHiddenOnlyWhenAnExpressionReadsAHiddenOne) {
  const char* form =
      "| survey  | type          | name | label | relevant         |\n"
      "|         | select_one yn | x    | X     |                  |\n"
      "|         | text          | y    | Y     | ${x} = 'yes'     |\n"
      "|         | text          | z    | Z     | ${y} != ''       |\n"
      "|         | text          | w    | W     | ${x} = 'yes'     |\n"
      "|         | begin_repeat  | r    | R     |                  |\n"
      "|         | text          | n    | N     | ${x} = 'yes'     |\n"
      "|         | text          | m    | M     | ${n} != ''       |\n"
      "|         | text          | k    | K     | ${x} = 'yes'     |\n"
      "|         | end_repeat    |      |       |                  |\n"
      "| choices | list_name | name | label |\n"
      "|         | yn        | yes  | Yes   |\n"
      "|         | yn        | no   | No    |\n";
  Diagnostics d;
  auto f = form::Compile(form, "hidden.md", d);
  ASSERT_TRUE(f) << d.ToString();
  auto hides = [&](const engine::Answers& a, bool referenced_only) {
    return engine::View(*f, a).HidesStoredAnswers(referenced_only);
  };
  engine::Answers a;
  a.values = {{"x", "yes"}, {"y", "hi"}, {"w", "hi"}};
  a.repeats["r"] = {{{"n", "a"}, {"k", "b"}}};
  EXPECT_FALSE(hides(a, true));
  EXPECT_FALSE(hides(a, false));
  a.values["x"] = "no";  // y, w, n and k no longer apply; y and n are read by expressions
  EXPECT_TRUE(hides(a, true));
  a.values.erase("y");
  EXPECT_TRUE(hides(a, true));  // n, in the repeat
  a.repeats["r"][0].erase("n");
  EXPECT_FALSE(hides(a, true));  // w and k are hidden but no expression reads them
  EXPECT_TRUE(hides(a, false));
  a.values.erase("w");
  a.repeats["r"][0].erase("k");
  EXPECT_FALSE(hides(a, false));
}

// today() and now() are dated in the study's time zone (Brussels unless set; Tokyo here too), not the
// server's (UTC here).
TEST(EngineClock, TodayAndNowAreTheStudysTime) {
  Diagnostics d;
  auto f = form::Compile(
      "| survey | type      | name | label | calculation |\n"
      "|        | calculate | d    |       | today()     |\n"
      "|        | calculate | t    |       | now()       |\n",
      "clock.md", d);
  ASSERT_TRUE(f) << d.ToString();
  for (const char* zone : {"Europe/Brussels", "Asia/Tokyo"}) {
    SetStudyTimeZone(zone);
    engine::Runtime rt(*f);
    engine::Answers a;
    const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    rt.Calculate(a);
    const int offset = ZoneOffsetMinutes(zone, before);
    const std::string want_date = LocalIsoDate(zone, before);
    EXPECT_EQ(a.Get(*f, "d", -1), want_date) << zone;
    const std::string& now = a.Get(*f, "t", -1);
    const char* suffix = offset == 540 ? "+09:00" : offset == 120 ? "+02:00" : "+01:00";
    EXPECT_TRUE(now.ends_with(suffix)) << zone << " " << now;
    EXPECT_TRUE(now.starts_with(want_date)) << zone << " " << now;
  }
  SetStudyTimeZone(kDefaultTimeZone);
}

}  // namespace
}  // namespace mcs::web
