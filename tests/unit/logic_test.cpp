// The browser-side logic script (src/web/logic.cpp): what GET /s/{form}/logic.js serves and what a
// question page carries for it. The generated functions themselves are checked against the server
// on the whole corpus by tests/browser/xpath_corpus.test.mjs.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "common/timezone.h"
#include "engine/engine.h"
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
  const std::string html = LogicPageScripts(*f, a, -1, "en", {1, 2});
  EXPECT_EQ(html.find("</script><script>alert"), std::string::npos) << html;
  EXPECT_NE(html.find("\\u003c/script\\u003e"), std::string::npos) << html;
  EXPECT_NE(html.find("\"questions\":[\"age\",\"pet\"]"), std::string::npos) << html;
  EXPECT_NE(html.find("<script src=\"/static/mcsurvey-xpath.js\" defer></script>"), std::string::npos);
  EXPECT_NE(html.find("/logic.js?v="), std::string::npos);
  EXPECT_NE(html.find("<script src=\"/static/mcsurvey.js\" defer></script>"), std::string::npos);
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
