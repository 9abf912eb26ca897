// The string helpers every page and request goes through.
#include <gtest/gtest.h>

#include <algorithm>

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

// The escapers look 16 bytes at a time for what they replace: on strings of every length up to 80,
// with the special characters (and control characters, bytes above 0x7F) at every position, they give
// what replacing one character at a time gives.
TEST(Strings, EscapersGiveWhatOneCharacterAtATimeGivesAtEveryPosition) {
  auto html_one_by_one = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c == '&') out += "&amp;";
      else if (c == '<') out += "&lt;";
      else if (c == '>') out += "&gt;";
      else if (c == '"') out += "&quot;";
      else if (c == '\'') out += "&#39;";
      else out += c;
    }
    return out;
  };
  auto json_one_by_one = [](std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char ch : s) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\b') out += "\\b";
      else if (c == '\f') out += "\\f";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20) out += std::string("\\u00") + kHex[c >> 4] + kHex[c & 15];
      else out += ch;
    }
    return out + "\"";
  };
  const std::string specials = std::string("&<>\"'\\\n\t\x01\x1f\x7f\x80\xff ") + '\0';
  for (std::size_t len = 0; len <= 80; ++len) {
    for (std::size_t at = 0; at < std::max<std::size_t>(len, 1); ++at) {
      for (char sp : specials) {
        std::string s(len, 'a');
        for (std::size_t k = 0; k < len; ++k) s[k] = static_cast<char>('a' + k % 26);
        if (len > 0) s[at] = sp;
        if (len > 20) s[len - 1 - at % 7] = specials[(at + len) % specials.size()];
        ASSERT_EQ(HtmlEscape(s), html_one_by_one(s)) << len << " " << at;
        std::string json;
        AppendJsonString(json, s);
        ASSERT_EQ(json, json_one_by_one(s)) << len << " " << at;
      }
    }
  }
}

TEST(Strings, ToLowerChangesAsciiLettersOnly) {
  EXPECT_EQ(ToLower("Content-Type"), "content-type");
  EXPECT_EQ(ToLower("ÄÖÜ-X"), "ÄÖÜ-x");  // bytes of UTF-8 letters are left alone
  EXPECT_EQ(ToLower("fr-BE,FR;q=0.9"), "fr-be,fr;q=0.9");
}

}  // namespace
}  // namespace mcs
