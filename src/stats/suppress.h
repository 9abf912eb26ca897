// Small-cell suppression for published tables. Primary: a cell with 1..min_cell-1 respondents is
// hidden (a zero is not: "nobody" discloses no one). Secondary: a table is published with its row
// and column totals, so a row or column holding exactly one hidden cell would give it away by
// subtraction; another cell of that line is hidden too (the smallest non-zero one, preferring a
// cell whose other line also needs a partner), repeated until no line has a single hidden cell.
// When a line has no cell left to hide, its total is hidden instead. A published total under min_cell
// is hidden like a cell. Then, since one hidden cell per line is not enough (two hidden 1s in a line
// add up to 2; a column can pin one of a row's pair; a single hidden total follows from the grand
// total), more cells and totals are hidden until no hidden cell or total follows from what is shown
// (Disclosed, DisclosedRowTotal, DisclosedColTotal).
#pragma once
#include <vector>

#include "stats/stats.h"

namespace mcs::stats {

struct Suppression {
  std::vector<bool> cell;                // rows × cols, row-major
  std::vector<bool> row_total, col_total;
  int primary = 0, secondary = 0;
};

// `n` holds unweighted counts, rows × cols, row-major; row_totals / col_totals say which totals are
// published (only those lines need secondary suppression). min_cell <= 1 hides nothing.
Suppression Suppress(const std::vector<long long>& n, std::size_t rows, std::size_t cols, int min_cell,
                     bool row_totals = true, bool col_totals = true);

// What a reader can work out from a published table: every hidden cell at least 1 (zeros are
// shown), every published total exact, a hidden total unknown (at least 1), the row and column totals
// each adding up to the grand total (published); bounds propagated through these sums to a fixed point. Returns the index of
// the first hidden cell whose value the bounds pin down, or rows * cols when none. An interval
// argument, not linear programming: tests/stats/audit_compare.R attacks the tables independently.
// The grand total counts as published unless it is under min_cell (0: always).
std::size_t Disclosed(const std::vector<long long>& n, std::size_t rows, std::size_t cols, bool row_totals,
                      bool col_totals, const Suppression& s, int min_cell = 0);

// The first hidden row (column) total whose value follows from what is shown, or rows (cols) when
// none; both kinds of totals and the grand total published, as in the report.
std::size_t DisclosedRowTotal(const std::vector<long long>& n, std::size_t rows, std::size_t cols, const Suppression& s,
                              int min_cell = 0);
std::size_t DisclosedColTotal(const std::vector<long long>& n, std::size_t rows, std::size_t cols, const Suppression& s,
                              int min_cell = 0);

// A frequency table published beside its cross-tab by another variable (the report's question with
// --by): the table's counts are the cross-tab's row totals, so suppressing each alone let one give the
// other away (a row whose cells are all shown adds up to the table's hidden count, and then the
// small one follows from the base). Suppressed as one table: a count under min_cell is a hidden row
// total, and no hidden cell or hidden count follows from what both show. Needs the cross-tab to count
// everyone the table counts (the by variable answered by all, the same rows); otherwise each is
// suppressed alone and false is returned.
bool SuppressLinked(FreqTable& t, CrossTab& c, int min_cell);

// Applies Suppress to a frequency table (one column of cells with its total n) and to a cross-tab.
void Suppress(FreqTable& t, int min_cell);
void Suppress(CrossTab& t, int min_cell);

}  // namespace mcs::stats
