// regex() patterns, compiled behind an opaque type so that <regex> (slow to compile, and noisy
// under GCC 12's -Wmaybe-uninitialized with sanitizers) stays in regex.cpp.
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

// ECMAScript syntax on Unicode code points (pattern and subject are UTF-8). With libstdc++, its polynomial (Thompson NFA) matcher: no exponential
// backtracking and no recursion per subject character, at the price of back-references, which
// fail to compile. nullptr and `error` set when the pattern is invalid.
std::shared_ptr<const CompiledRegex> CompileRegex(std::string_view pattern, std::string& error);

// Whether the pattern matches somewhere in subject (ECMAScript RegExp.test()).
bool RegexSearch(const CompiledRegex& re, std::string_view subject);

}  // namespace mcs::xpath::internal
