// Data-quality flags: numbers and answers in, flags out. No storage and no HTTP, so the rules are
// tested directly (tests/unit/quality_flags_test.cpp).
//
//   speeder       a complete response that took under a third of the median time of the complete
//                 responses timed in the browser (API submissions carry no timing)
//   straightliner the same answer to every item (three or more) of a matrix: a table-list group of
//                 select_one questions on one choice list
//   duplicate     the same answers as another complete response (the server's start/end/today
//                 times left out)
//   honeypot      a question named "honeypot" (or with appearance "honeypot"), hidden from people,
//                 has an answer: a bot filled it
//   abandoned     a partial response untouched for a day
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "engine/answers_json.h"
#include "engine/engine.h"
#include "form/form.h"

namespace mcs::web::admin {

struct FlagInput {
  bool complete = false;
  bool timed = true;  // started and submitted in the browser (false for API submissions)
  TimeMs started_at = 0, submitted_at = 0, updated_at = 0;
  engine::Answers answers;
};

struct FlagOptions {
  TimeMs now = 0;
  TimeMs abandoned_after = 24 * 3600 * 1000;
  std::size_t min_timed_for_speeders = 3;  // no median worth the name below this
};

// Flags for each response, in the order given (each list sorted, possibly empty).
std::vector<std::vector<std::string>> ComputeFlags(const form::Form& f, const std::vector<FlagInput>& responses,
                                                   const FlagOptions& opts);

// The same response by response, so a form of a million responses is judged without holding its
// answers: per response only its time, three bits and a 64-bit hash of its answers are kept (two
// different answer sets share a hash with odds of about 1 in 10^7 at a million responses).
class FlagScanner {
 public:
  FlagScanner(const form::Form& f, const FlagOptions& opts);
  // A response with its answers as a map.
  void Add(const FlagInput& r);
  // A response with its answers read through `answers` (parsed for the same form).
  void Add(bool complete, bool timed, TimeMs started_at, TimeMs submitted_at, TimeMs updated_at,
           const engine::StoredAnswersView& answers);
  // Flags of the responses added, in order.
  std::vector<std::vector<std::string>> Finish() const;

 private:
  struct Row {
    double taken = 0;  // ms from start to submission
    bool complete = false, timed = false, abandoned = false, straight = false, honeypot = false;
    std::uint64_t fingerprint = 0;
  };
  // The matrix and honeypot bits of a complete response whose answer to node n is value(n).
  void Judge(Row& row, const std::function<std::string_view(int node)>& value) const;
  const form::Form& f_;
  FlagOptions opts_;
  std::vector<std::vector<int>> matrices_;  // node indices
  std::vector<int> honeypots_;
  std::vector<int> by_name_;  // non-meta nodes in name order (the fingerprint's order)
  std::vector<Row> rows_;
  std::string key_;  // scratch for fingerprints
};

// Median of `v` (the mean of the middle two for an even count); 0 for none.
double Median(std::vector<double> v);

}  // namespace mcs::web::admin
