// Descriptive statistics on a Dataset: frequencies with Wilson 95% intervals, summaries of numbers
// and scales, multiple-response tables, cross-tabs, and filters. Numbers in, numbers out; nothing
// here renders. Unweighted unless a weight per row is given; every table carries its n (respondents
// counted, unweighted).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stats/dataset.h"

namespace mcs::stats {

// Rows kept (1) or left out (0); empty keeps every row.
using Mask = std::vector<std::uint8_t>;
// A weight per row; empty means unweighted (every row 1).
using Weights = std::vector<double>;

// The normal quantile for a two-sided 95% interval.
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double lo = 0, hi = 0;
};

// Wilson score interval for a proportion `successes / n` (Wilson 1927; Newcombe 1998, method 3),
// without continuity correction: what R's prop.test(correct = FALSE) reports. n = 0 gives [0, 1].
Interval Wilson(double successes, double n, double z = kZ95);

// Rows where `v` equals `code` (by choice name).
Mask Where(const Variable& v, std::string_view code);
// Rows where `v` is answered.
Mask Answered(const Variable& v);
Mask And(const Mask& a, const Mask& b);

struct FreqRow {
  std::string code, label;
  long long n = 0;   // respondents (unweighted)
  double count = 0;  // weighted count (= n when unweighted)
  double pct = 0;    // of those who answered (of respondents for a multiple-response table)
  Interval ci;       // 95%, in percent
  bool suppressed = false;
};

struct FreqTable {
  std::string var, label;
  long long n = 0;        // respondents who answered (the base)
  double total = 0;       // weighted base
  long long missing = 0;  // kept rows that did not answer
  bool multiple = false;  // a multiple-response table: percentages add up to more than 100
  bool weighted = false;
  bool total_suppressed = false;
  bool missing_suppressed = false;  // the "did not answer" count is hidden (stats/linked.h)
  std::vector<FreqRow> rows;
};

// Frequencies of a categorical variable, in choice order. Percentages of those who answered, with
// Wilson intervals; when weighted, the Wilson interval is taken around the weighted proportion with
// the respondents' n (the design-based standard error is weights.h's MeanSe).
FreqTable Frequencies(const Variable& v, const Mask& mask = {}, const Weights& w = {});

// A select_multiple's choices: respondents who chose each, as a percentage of those who answered
// the question (Wilson intervals). `question` is the select_multiple's name.
FreqTable MultipleResponse(const Dataset& ds, std::string_view question, const Mask& mask = {}, const Weights& w = {});

struct Summary {
  long long n = 0;  // answered
  double mean = 0, sd = 0, min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
  // Value → respondents, for at most 20 distinct values; otherwise empty (see Bins).
  std::vector<std::pair<double, long long>> distribution;
};

// Quantile of sorted values by R's default definition (type 7: linear between order statistics).
double Quantile(const std::vector<double>& sorted, double p);

// Numbers: n, mean, standard deviation (n - 1), minimum, quartiles (type 7), maximum. With weights
// the mean and standard deviation are weighted; quartiles stay unweighted.
Summary Describe(const std::vector<double>& values, const Mask& mask = {}, const Weights& w = {});
// Which of a summary's order statistics may be published (session 14): a minimum or maximum only
// where at least min_cell of the rows kept hold that value (else it is one or a few respondents'
// own answer), a quartile only where R's type 7 reads neither the smallest nor the largest answer
// (the order statistics around (n - 1) p lie between the second and the last but one). Everything
// with min_cell <= 1.
struct OrderStatsShown {
  bool min = true, q1 = true, median = true, q3 = true, max = true;
};
OrderStatsShown OrderStatsToShow(const std::vector<double>& values, const Mask& mask, const Summary& s, int min_cell);

// A scale's answers as scores 1..k (unscored answers and missing as NaN), for Describe.
std::vector<double> Scores(const Variable& v);

struct CrossTab {
  std::string row_var, col_var;
  std::vector<std::string> row_codes, row_labels, col_codes, col_labels;
  // r × c, row-major: respondents (unweighted) and weighted counts.
  std::vector<long long> n;
  std::vector<double> count;
  std::vector<long long> row_n, col_n;  // margins (unweighted)
  std::vector<double> col_total;        // weighted column bases
  long long total_n = 0;
  bool weighted = false;
  std::vector<bool> suppressed;  // r × c; see suppress.h
  std::vector<bool> row_n_suppressed, col_n_suppressed;
  std::size_t rows() const { return row_codes.size(); }
  std::size_t cols() const { return col_codes.size(); }
  // Column percentage of cell (r, c).
  double ColPct(std::size_t r, std::size_t c) const;
};

// Rows of `rows` by columns of `cols`, over rows where both are answered.
CrossTab Cross(const Variable& rows, const Variable& cols, const Mask& mask = {}, const Weights& w = {});

// The combination of two categorical variables ("a × b") as one, e.g. group × country.
Variable Combine(const Variable& a, const Variable& b);

// Countries (ISO 3166-1 alpha-2 codes, any case) grouped for tables too thin by country: the EU-27,
// the other EEA and EFTA states (IS, LI, NO, CH), the EU's candidate countries, and the rest (other
// codes too). Only the groups that occur are categories, in that order; the variable is "_region".
Variable Regions(const Variable& country);

// The countries as every published table shows them: each country with at least `min_cell`
// respondents on its own, the others together by region ("other_eu27": "Other EU-27 countries",
// "other_eea_efta", "other_candidate", "other_other"), after the kept countries, only those that
// occur; a region's group under the threshold joins "other_other" when there is one or another small
// group to join (then the regions of Regions() count it as "other"), and when "other_other" is
// still under the threshold beside other groups, every grouped country is in it. A country of 1 to min_cell - 1 respondents, hidden
// in every table, would otherwise be pinned down across tables (its answers' distinct categories bound it from below,
// the method section's sums from above), and every question's column for it with it. Same name and label as `country`;
// Regions() maps the groups to their regions, so regions stay sums of its categories.
Variable GroupThinCountries(const Variable& country, int min_cell);

}  // namespace mcs::stats
