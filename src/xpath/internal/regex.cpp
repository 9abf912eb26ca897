#include "xpath/internal/regex.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> when sanitizers are on. Clang has no
// such warning (and would report the unknown name: the fuzz build uses clang).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>

namespace mcs::xpath::internal {

struct CompiledRegex {
  std::regex re;
};

namespace {

#ifdef __GLIBCXX__
constexpr std::regex::flag_type kFlags = std::regex::ECMAScript | std::regex_constants::__polynomial;
#else
constexpr std::regex::flag_type kFlags = std::regex::ECMAScript;
#endif

}  // namespace

std::shared_ptr<const CompiledRegex> CompileRegex(std::string_view pattern, std::string& error) {
  if (pattern.size() > kMaxRegexPattern) {
    error = "regular expression is longer than " + std::to_string(kMaxRegexPattern) + " bytes";
    return nullptr;
  }
  try {
    return std::make_shared<const CompiledRegex>(
        CompiledRegex{std::regex(pattern.begin(), pattern.end(), kFlags)});
  } catch (const std::regex_error& e) {
    error = std::string("invalid regular expression: ") + e.what();
    return nullptr;
  }
}

bool RegexSearch(const CompiledRegex& re, std::string_view subject) {
  if (subject.size() > kMaxRegexSubject) return false;
  try {
    return std::regex_search(subject.begin(), subject.end(), re.re);
  } catch (const std::regex_error&) {
    return false;  // e.g. error_complexity from the matcher: treat as no match
  }
}

}  // namespace mcs::xpath::internal

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
