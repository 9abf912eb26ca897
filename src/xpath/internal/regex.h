// regex() patterns, compiled behind an opaque type so that PCRE2's header stays in regex.cpp.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace mcs::xpath::internal {

struct CompiledRegex;

// regex() is false for longer subjects rather than risk a slow match, and patterns are capped.
inline constexpr std::size_t kMaxRegexSubject = 10000;
inline constexpr std::size_t kMaxRegexPattern = 1000;

// ECMAScript-like syntax on Unicode code points (pattern and subject are UTF-8), through PCRE2 (Debian's
// libpcre2): '.' and classes see characters, not bytes, \d and \w stay ASCII as in the browser's RegExp,
// '$' matches only at the end, \uHHHH is a code point. A match that would take more than a bounded amount
// of backtracking is given up and counts as no match, so no pattern can pin a core. nullptr and `error`
// set when the pattern is invalid (the message gives the offset).
std::shared_ptr<const CompiledRegex> CompileRegex(std::string_view pattern, std::string& error);

// Whether the pattern matches somewhere in subject (ECMAScript RegExp.test()).
bool RegexSearch(const CompiledRegex& re, std::string_view subject);

}  // namespace mcs::xpath::internal
