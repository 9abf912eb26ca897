// Defences of issue 21 ("Security, second round"), one class of attack per test group. Each test
// here failed on the code before the defence.
#include <gtest/gtest.h>

#include <string>

#include "form/form.h"
#include "form/identity.h"
#include "http/http.h"
#include "web/logic.h"

namespace mcs {
namespace {

std::string FormWithSettings(const std::string& id, const std::string& version) {
  return "| survey   | type | name | label |\n"
         "|          | text | q    | Q     |\n"
         "| settings | form_id | version |\n"
         "|          | " + id + " | " + version + " |\n";
}

// The settings cell of a hostile form_id or version is named, with the pattern it breaks.
TEST(FormIdentity, HostileFormIdOrVersionIsRefusedAtItsCell) {
  struct Case {
    std::string id, version, expect;
  };
  const Case cases[] = {
      {"ok_form", "1\xE2\x80\xA8</script><script>alert(1)//", "version '1\\xE2\\x80\\xA8"},  // U+2028 in .md
      {"ok_form", "2 (draft)", "settings:2:version: version '2 (draft)' does not match the pattern"},
      {"bad id", "1", "settings:2:form_id: form_id 'bad id' does not match the pattern [A-Za-z_]"},
      {"caf\xC3\xA9", "1", "form_id 'caf\\xC3\\xA9' does not match"},
      {"a/b", "1", "does not match"},
      {"1abc", "1", "does not match"},
  };
  for (const auto& c : cases) {
    Diagnostics d;
    auto f = form::Compile(FormWithSettings(c.id, c.version), "x.md", d);
    EXPECT_FALSE(f) << c.id << " " << c.version;
    EXPECT_NE(d.ToString().find(c.expect), std::string::npos) << d.ToString();
  }
}

TEST(FormIdentity, CrLfInCsvSettingsIsRefused) {
  const std::string csv =
      "survey,type,name,label\n,text,q,Q\nsettings,form_id,version\n,\"evil\r\nSet-Cookie: x=1\",\"1\n"
      "alert(1)\"\n";
  Diagnostics d;
  auto f = form::Compile(csv, "evil.csv", d);
  EXPECT_FALSE(f);
  EXPECT_NE(d.ToString().find("form_id 'evil\\x0D\\x0ASet-Cookie: x=1' does not match"), std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("version '1\\x0Aalert(1)' does not match"), std::string::npos) << d.ToString();
}

TEST(FormIdentity, UsualIdsAndVersionsStillCompile) {
  for (const auto& [id, version] : std::vector<std::pair<std::string, std::string>>{
           {"employers", "2026112801"}, {"_x.y-z", "1.2.0"}, {"Form_1", "2024-01-01"}, {"a", "v2+build:3"}}) {
    Diagnostics d;
    EXPECT_TRUE(form::Compile(FormWithSettings(id, version), "x.md", d)) << d.ToString();
  }
  Diagnostics d;
  auto f = form::Compile("| survey | type | name | label |\n| | text | q | Q |\n", "my survey.md", d);
  EXPECT_FALSE(f);
  EXPECT_NE(d.ToString().find("the form_id taken from the file name, 'my survey'"), std::string::npos)
      << d.ToString();
}

// Even a Form built around the compiler cannot put its text into logic.js but as string literals.
TEST(LogicScript, FormTextOnlyAsEscapedStringLiterals) {
  Diagnostics d;
  auto compiled = form::Compile(FormWithSettings("f", "1"), "x.md", d);
  ASSERT_TRUE(compiled) << d.ToString();
  // The compiled Form is not const underneath (Compile makes it mutable, then shares it as const).
  auto f = std::const_pointer_cast<form::Form>(compiled);
  f->id = "f\n*/alert(1)//";
  f->version = "1\xE2\x80\xA8" "alert(2)\xE2\x80\xA9</script>";
  const std::string js = web::GenerateLogicScript(*f);
  EXPECT_EQ(js.find("alert(1)"), js.rfind("alert(1)"));  // once, inside the key literal
  EXPECT_EQ(js.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(js.find("\xE2\x80\xA9"), std::string::npos);
  EXPECT_EQ(js.find("</script"), std::string::npos);
  EXPECT_EQ(js.find("f\n"), std::string::npos);
  EXPECT_NE(js.find("\"f\\u000a*/alert(1)//@1\\u2028alert(2)\\u2029\\u003c/script\\u003e\""), std::string::npos)
      << js;
}

// One function for header values and metric labels: a line break can neither split a response nor
// forge a metric line, whoever builds the header.
TEST(HttpHeaders, LineBreaksAreRefusedEverywhere) {
  EXPECT_THROW(http::FieldValue("a\r\nSet-Cookie: x=1"), std::invalid_argument);
  EXPECT_THROW(http::FieldValue(std::string("a\0b", 3)), std::invalid_argument);
  EXPECT_THROW(http::Response::Redirect("/s/x\r\nSet-Cookie: a=b?preview=1"), std::invalid_argument);
  http::Response r;
  EXPECT_THROW(r.Header("X-Form", "f\nx"), std::invalid_argument);
  EXPECT_TRUE(r.headers.empty());
  EXPECT_EQ(http::FieldValue("attachment; filename=\"a b.csv\"\tok"), "attachment; filename=\"a b.csv\"\tok");
  EXPECT_THROW(http::MetricLabel("f\"} 1\nmcsurvey_fake 99"), std::invalid_argument);
  EXPECT_EQ(http::MetricLabel("a\\b\"c"), "a\\\\b\\\"c");
}

}  // namespace
}  // namespace mcs
