// The string helpers every page and request goes through.
#include <gtest/gtest.h>

#include "common/strings.h"

namespace mcs {
namespace {

TEST(Strings, HtmlEscapeReplacesTheFiveSpecialCharactersAndKeepsEverythingElse) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("plain text, é ü €"), "plain text, é ü €");
  EXPECT_EQ(HtmlEscape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("a & b \"c\""), "a &amp; b &quot;c&quot;");
  EXPECT_EQ(HtmlEscape("&"), "&amp;");
  EXPECT_EQ(HtmlEscape("x<"), "x&lt;");
  EXPECT_EQ(HtmlEscape(">x"), "&gt;x");
  std::string out = "kept:";
  AppendHtmlEscaped(out, "1<2");
  EXPECT_EQ(out, "kept:1&lt;2");
}

TEST(Strings, ToLowerChangesAsciiLettersOnly) {
  EXPECT_EQ(ToLower("Content-Type"), "content-type");
  EXPECT_EQ(ToLower("ÄÖÜ-X"), "ÄÖÜ-x");  // bytes of UTF-8 letters are left alone
  EXPECT_EQ(ToLower("fr-BE,FR;q=0.9"), "fr-be,fr;q=0.9");
}

}  // namespace
}  // namespace mcs
