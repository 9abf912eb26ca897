// The string helpers every page and request goes through.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/strings.h"
#include "http/http.h"

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

// IsValidUtf8 skips ASCII 16 bytes at a time: with a valid or a broken sequence at every position of
// ASCII texts of every length up to 80 (and a second one near the end), it says what checking one
// character at a time says.
TEST(Strings, Utf8CheckGivesWhatOneCharacterAtATimeGivesAtEveryPosition) {
  auto one_by_one = [](std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t len = DecodeUtf8(s, i, nullptr);
      if (len == 0) return false;
      i += len;
    }
    return true;
  };
  const std::vector<std::string> inserts = {
      "\xc3\xa9",          // é
      "\xe2\x82\xac",      // €
      "\xf0\x9f\x98\x80",  // an emoji, four bytes
      "\x80",              // a lone continuation byte
      "\xc3",              // a sequence cut short
      "\xc0\xaf",          // overlong
      "\xed\xa0\x80",      // a UTF-16 surrogate
      "\xf4\x90\x80\x80",  // beyond U+10FFFF
      "\xff",
  };
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII text that is longer than sixteen bytes"));
  EXPECT_FALSE(IsValidUtf8(std::string(40, 'a') + "\x80"));
  std::size_t valid = 0, broken = 0;
  for (std::size_t len = 0; len <= 80; ++len) {
    for (std::size_t at = 0; at <= len; ++at) {
      for (std::size_t k = 0; k < inserts.size(); ++k) {
        std::string s(len, 'a');
        for (std::size_t j = 0; j < len; ++j) s[j] = static_cast<char>('a' + j % 26);
        s.insert(at, inserts[k]);
        if (len > 20) s.insert(s.size() - at % 7, inserts[(k + at) % inserts.size()]);
        const bool expected = one_by_one(s);
        ASSERT_EQ(IsValidUtf8(s), expected) << len << " " << at << " " << k;
        ++(expected ? valid : broken);
      }
    }
  }
  EXPECT_GT(valid, 1000u);
  EXPECT_GT(broken, 1000u);
}

TEST(Strings, ToLowerChangesAsciiLettersOnly) {
  EXPECT_EQ(ToLower("Content-Type"), "content-type");
  EXPECT_EQ(ToLower("ÄÖÜ-X"), "ÄÖÜ-x");  // bytes of UTF-8 letters are left alone
  EXPECT_EQ(ToLower("fr-BE,FR;q=0.9"), "fr-be,fr;q=0.9");
}

// UrlDecode and the form-post parser copy runs of plain characters whole (every page post goes
// through them); they must give what decoding one character at a time and splitting on '&' gave:
// random texts of '+', '%', hex digits, '=', '&', bytes 0x00 and 0xff, for every length 0–24.
TEST(Strings, UrlDecodingGivesWhatOneCharacterAtATimeGives) {
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  auto decode = [&](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '+') {
        out += ' ';
      } else if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
        out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
        i += 2;
      } else {
        out += c;
      }
    }
    return out;
  };
  auto parse = [&](std::string_view s) {
    http::FormData out;
    if (s.empty()) return out;
    for (const auto& part : Split(s, '&')) {
      if (part.empty()) continue;
      auto eq = part.find('=');
      if (eq == std::string::npos) out.emplace_back(decode(part), std::string());
      else out.emplace_back(decode(std::string_view(part).substr(0, eq)), decode(std::string_view(part).substr(eq + 1)));
    }
    return out;
  };
  const std::string alphabet = std::string("+%%4aF0g=&&x") + '\0' + '\xff';
  std::mt19937 rng(26);
  int checked = 0;
  for (std::size_t len = 0; len <= 24; ++len) {
    for (int k = 0; k < 400; ++k) {
      std::string s;
      for (std::size_t i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
      ASSERT_EQ(UrlDecode(s), decode(s)) << s;
      ASSERT_EQ(http::ParseUrlEncoded(s), parse(s)) << s;
      ++checked;
    }
  }
  EXPECT_EQ(UrlDecode("a+b%20c%2"), "a b c%2");
  EXPECT_EQ(http::ParseUrlEncoded("x=1&&y&z=%3D"), (http::FormData{{"x", "1"}, {"y", ""}, {"z", "="}}));
  EXPECT_EQ(checked, 25 * 400);
}

}  // namespace
}  // namespace mcs
