// Open answers: word and two-word phrase frequencies (stop words left out, for English, French and
// German), and a code frame the team defines, applied to count answers per code.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "stats/stats.h"

namespace mcs::stats {

struct TermCount {
  std::string term;
  long long answers = 0;  // answers that use it (an answer repeating a word counts once)
};

struct TextSummary {
  long long answers = 0;  // non-empty answers
  std::vector<TermCount> words, phrases;
};

// Lower-cased words (letters and digits; other characters separate words). Latin-1 capitals in
// UTF-8 (À..Þ) are lowered too.
std::vector<std::string> Words(std::string_view text);
// Whether `word` is a stop word in `lang` ("en", "fr", "de"; "" checks all three).
bool IsStopWord(std::string_view word, std::string_view lang);

// The `top` most used words and phrases (most answers first, then alphabetically); terms used by
// fewer than 2 answers are left out. Phrases are two consecutive words, neither a stop word.
TextSummary SummariseText(const std::vector<std::string>& answers, const Mask& mask, std::string_view lang,
                          std::size_t top = 20);

// `text` with e-mail addresses replaced by "[e-mail]" and phone numbers (7 or more digits, with
// spaces, dots, dashes, slashes, brackets or a leading +) by "[phone]": open answers quoted in a
// report name no one's contact details.
std::string MaskContacts(std::string_view text);

// A code frame: each code matches answers by keywords (whole words, case-insensitive; "learn*"
// matches words starting with "learn"; several words match as a phrase).
struct Code {
  std::string name, label;
  std::vector<std::string> keywords;
};

// Parses `code,label,keywords` lines (keywords separated by "|"), header first.
Result<std::vector<Code>> ParseCodeFrame(std::string_view csv);

struct CodeCount {
  std::string name, label;
  long long answers = 0;
};

// Answers per code (an answer may have several codes), then "uncoded": answers with none.
std::vector<CodeCount> ApplyCodeFrame(const std::vector<Code>& frame, const std::vector<std::string>& answers,
                                      const Mask& mask);

}  // namespace mcs::stats
