// The simple spellings of a relevance condition that can be said in plain words: "${q} = 'c'",
// "selected(${q}, 'c')", "${q} > 3" and their kin. The respondent pages (an "Answer only if" note
// for a question shown without JavaScript) and the questionnaire on paper (an "Answer if" line) read
// conditions through this one recogniser, so both say the same about the same form.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcs::web {

struct Comparison {
  std::string name;     // the question referenced as ${name}
  std::string op;       // "=", "!=", ">", ">=", "<", "<="; selected(...) reads as "="
  std::string literal;  // the value compared with, without its quotes
  bool quoted = false;  // a string literal (a choice name), not a number
};

// One comparison of a question with a literal; nullopt for anything else.
std::optional<Comparison> ParseComparison(std::string_view text);

// A condition split at its top-level "or" (or "and", when `any` is false): the parts as written,
// trimmed, with one pair of enclosing parentheses taken off. A single part when there is no such
// operator outside quotes and parentheses.
std::vector<std::string_view> SplitTopLevel(std::string_view text, bool any);

}  // namespace mcs::web
