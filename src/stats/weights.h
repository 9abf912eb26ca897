// Weighting to known population margins, and design-based standard errors by linearisation.
//
// Margins come from a CSV with the header `variable,category,population`. One variable:
// post-stratification (weight = population / sample count in each cell). Several: raking
// (iterative proportional fitting) to convergence. Standard errors follow Lumley's `survey`
// package for R (svydesign(ids = ~1) then postStratify or rake, svymean / svytotal): the influence
// values are residualised on the weighting cells, and the variance is n/(n-1) times their sum of
// squares. tests/stats/survey_compare.R checks both against R to 1e-6.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "stats/dataset.h"
#include "stats/stats.h"

namespace mcs::stats {

struct Margin {
  std::string variable;
  std::vector<std::pair<std::string, double>> population;  // category → population count
  std::vector<int> lines;  // the file's line of each population entry (0: not from a file)
};

// Parses `variable,category,population` lines (header first; blank lines and a spreadsheet's BOM
// ignored; fields may be quoted as CSV). Invalid on a malformed line, a negative or non-numeric
// count, or a category given twice, saying "margins: line L, column C: ..." (the fields counted
// from 1, as a spreadsheet's columns A, B, C). ComputeWeights names the line of a category too.
Result<std::vector<Margin>> ParseMargins(std::string_view csv);

struct Weighting {
  Weights w;  // per row
  // Per margin, each row's cell (for the standard errors).
  std::vector<std::vector<std::int32_t>> cells;
  bool raked = false;
  int iterations = 0;
};

// Weights for every row of `ds`. Invalid when a margin's variable is unknown or not categorical,
// a row has no answer for it, a sampled category has no population count, or a population
// category has nobody in the sample (as R's postStratify without partial = TRUE).
Result<Weighting> ComputeWeights(const Dataset& ds, const std::vector<Margin>& margins);

// What the team checks before publishing weighted figures: the weights' range and mean, and
// Kish's design effect of unequal weighting, n * sum(w^2) / sum(w)^2 (1 when all weights are equal;
// the effective sample size is n / deff).
struct WeightSummary {
  std::size_t n = 0;
  double min = 0, max = 0, mean = 0, deff = 1;
};
WeightSummary Summarise(const Weighting& wt);

// The equal-probability design without weights: every weight 1, no margins.
Weighting Unweighted(std::size_t rows);

struct Estimate {
  double value = 0;
  double se = 0;
  long long n = 0;
};

// The weighted mean of `y` over rows where it is not NaN (and `domain` keeps them), with its
// linearised standard error. A proportion is the mean of a 0/1 variable.
Estimate MeanSe(const std::vector<double>& y, const Weighting& wt, const Mask& domain = {});
// The weighted total of `y` (NaN rows count as 0 outside the domain), with its standard error.
Estimate TotalSe(const std::vector<double>& y, const Weighting& wt, const Mask& domain = {});

// A category's indicator (1 when v = code, 0 when another answer, NaN when unanswered).
std::vector<double> Indicator(const Variable& v, std::int32_t code);

// The 95% interval of a weighted mean or proportion: the estimate ± z linearised standard errors
// (what confint(svymean(...)) gives in R's survey package), clipped to [0, 1] for a proportion.
// Every weighted percentage's interval the team publishes is this one, single and multiple choice
// alike (tests/stats/audit_compare.R checks it against R).
Interval DesignCi(const Estimate& e, double z = kZ95);

}  // namespace mcs::stats
