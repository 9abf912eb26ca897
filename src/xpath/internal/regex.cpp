#include "xpath/internal/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>

namespace mcs::xpath::internal {

namespace {

// Bounds on one match: backtracking steps, and the heap PCRE2 may use for it (KiB). Constraints on
// answers are short; a pattern that needs more than this is pathological (e.g. (a+)+b on "aaaa…").
constexpr uint32_t kMatchLimit = 200000;
constexpr uint32_t kHeapLimitKiB = 4096;

struct MatchContextDeleter {
  void operator()(pcre2_match_context* c) const { pcre2_match_context_free(c); }
};

pcre2_match_context* SharedMatchContext() {
  // Read-only once made: PCRE2 allows one context to be used by several threads at once.
  static const std::unique_ptr<pcre2_match_context, MatchContextDeleter> ctx = [] {
    pcre2_match_context* c = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(c, kMatchLimit);
    pcre2_set_heap_limit(c, kHeapLimitKiB);
    return std::unique_ptr<pcre2_match_context, MatchContextDeleter>(c);
  }();
  return ctx.get();
}

}  // namespace

struct CompiledRegex {
  pcre2_code* code = nullptr;
  ~CompiledRegex() { pcre2_code_free(code); }
};

std::shared_ptr<const CompiledRegex> CompileRegex(std::string_view pattern, std::string& error) {
  if (pattern.size() > kMaxRegexPattern) {
    error = "regular expression is longer than " + std::to_string(kMaxRegexPattern) + " bytes";
    return nullptr;
  }
  pcre2_compile_context* cc = pcre2_compile_context_create(nullptr);
  // A line ends as in JavaScript at LF or CR; '.' matches neither.
  pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
  int code = 0;
  PCRE2_SIZE offset = 0;
  constexpr uint32_t kOptions =
      PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_UNSET_BACKREF | PCRE2_NEVER_BACKSLASH_C;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), kOptions, &code,
                                 &offset, cc);
  pcre2_compile_context_free(cc);
  if (re == nullptr) {
    std::array<PCRE2_UCHAR, 256> msg{};
    pcre2_get_error_message(code, msg.data(), msg.size());
    error = std::string("invalid regular expression: ") + reinterpret_cast<const char*>(msg.data()) +
            " (at character " + std::to_string(offset) + ")";
    return nullptr;
  }
  auto out = std::make_shared<CompiledRegex>();
  out->code = re;
  return out;
}

bool RegexSearch(const CompiledRegex& re, std::string_view subject) {
  if (subject.size() > kMaxRegexSubject) return false;
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re.code, nullptr);
  if (md == nullptr) return false;
  // Malformed UTF-8 (answers are checked on the way in), a match over its limits, any error: no match.
  const int rc = pcre2_match(re.code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md,
                             SharedMatchContext());
  pcre2_match_data_free(md);
  return rc >= 0;
}

}  // namespace mcs::xpath::internal
