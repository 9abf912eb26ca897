#include "xpath/internal/regex.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> when sanitizers are on. Clang has no
// such warning (and would report the unknown name: the fuzz build uses clang).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>

#include "xpath/internal/utf8.h"

namespace mcs::xpath::internal {

// Characters, not bytes: '.' is one character of "é" and [à-ü] a range of letters, as respondents and
// form authors read them and as the browser's RegExp does (UTF-16 there: the two agree on the Basic
// Multilingual Plane). wchar_t holds a code point on the platforms mcsurvey runs on (Linux, 32 bits).
static_assert(sizeof(wchar_t) == 4, "regex() needs wchar_t to hold a Unicode code point");

struct CompiledRegex {
  std::wregex re;
};

namespace {

#ifdef __GLIBCXX__
constexpr std::wregex::flag_type kFlags = std::wregex::ECMAScript | std::regex_constants::__polynomial;
#else
constexpr std::wregex::flag_type kFlags = std::wregex::ECMAScript;
#endif

// UTF-8 to code points; a malformed byte becomes U+FFFD (answers are checked UTF-8 on the way in).
std::wstring Decode(std::string_view s) {
  std::wstring out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t len = Utf8SequenceLength(s, pos);
    const auto lead = static_cast<unsigned char>(s[pos]);
    char32_t cp = 0xFFFD;
    if (len == 1) {
      if (lead < 0x80) cp = lead;
    } else {
      cp = lead & (0x7F >> len);
      for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
    }
    out.push_back(static_cast<wchar_t>(cp));
    pos += len;
  }
  return out;
}

}  // namespace

std::shared_ptr<const CompiledRegex> CompileRegex(std::string_view pattern, std::string& error) {
  if (pattern.size() > kMaxRegexPattern) {
    error = "regular expression is longer than " + std::to_string(kMaxRegexPattern) + " bytes";
    return nullptr;
  }
  try {
    return std::make_shared<const CompiledRegex>(
        CompiledRegex{std::wregex(Decode(pattern), kFlags)});
  } catch (const std::regex_error& e) {
    error = std::string("invalid regular expression: ") + e.what();
    return nullptr;
  }
}

bool RegexSearch(const CompiledRegex& re, std::string_view subject) {
  if (subject.size() > kMaxRegexSubject) return false;
  try {
    const std::wstring s = Decode(subject);
    return std::regex_search(s.begin(), s.end(), re.re);
  } catch (const std::regex_error&) {
    return false;  // e.g. error_complexity from the matcher: treat as no match
  }
}

}  // namespace mcs::xpath::internal

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
