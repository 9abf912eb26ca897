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
#include <string>
#include <vector>

#include "common/clock.h"
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

// Median of `v` (the mean of the middle two for an even count); 0 for none.
double Median(std::vector<double> v);

}  // namespace mcs::web::admin
