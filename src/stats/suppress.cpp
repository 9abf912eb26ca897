#include "stats/suppress.h"

#include <limits>

namespace mcs::stats {

Suppression Suppress(const std::vector<long long>& n, std::size_t R, std::size_t C, int min_cell, bool row_totals,
                     bool col_totals) {
  Suppression s;
  s.cell.assign(R * C, false);
  s.row_total.assign(R, false);
  s.col_total.assign(C, false);
  if (min_cell <= 1) return s;
  for (std::size_t k = 0; k < R * C; ++k) {
    if (n[k] > 0 && n[k] < min_cell) {
      s.cell[k] = true;
      ++s.primary;
    }
  }
  auto hidden_in_row = [&](std::size_t r) {
    int h = 0;
    for (std::size_t c = 0; c < C; ++c) h += s.cell[r * C + c];
    return h;
  };
  auto hidden_in_col = [&](std::size_t c) {
    int h = 0;
    for (std::size_t r = 0; r < R; ++r) h += s.cell[r * C + c];
    return h;
  };
  // In a line of `len` cells (cell i at index(i)) with one hidden cell, hides a second: the smallest
  // non-zero cell, preferring one whose crossing line also has one hidden cell (crossing_helps(i)).
  // False when no cell is left to hide.
  auto second_cell = [&](std::size_t len, auto index, auto crossing_helps) {
    std::size_t best = R * C;
    long long best_n = std::numeric_limits<long long>::max();
    bool best_helps = false;
    for (std::size_t i = 0; i < len; ++i) {
      const std::size_t k = index(i);
      if (s.cell[k] || n[k] == 0) continue;
      const bool helps = crossing_helps(i);
      if ((helps && !best_helps) || (helps == best_helps && n[k] < best_n)) {
        best = k;
        best_n = n[k];
        best_helps = helps;
      }
    }
    if (best == R * C) return false;
    s.cell[best] = true;
    ++s.secondary;
    return true;
  };
  // Each pass fixes at least one line or hides a total, so R + C + R*C passes bound the loop.
  for (std::size_t guard = 0; guard < R + C + R * C + 1; ++guard) {
    bool changed = false;
    for (std::size_t r = 0; r < R; ++r) {
      if (!row_totals || hidden_in_row(r) != 1 || s.row_total[r]) continue;
      if (!second_cell(C, [&](std::size_t c) { return r * C + c; },
                       [&](std::size_t c) { return col_totals && hidden_in_col(c) == 1; }))
        s.row_total[r] = true;
      changed = true;
    }
    for (std::size_t c = 0; c < C; ++c) {
      if (!col_totals || hidden_in_col(c) != 1 || s.col_total[c]) continue;
      if (!second_cell(R, [&](std::size_t r) { return r * C + c; },
                       [&](std::size_t r) { return row_totals && hidden_in_row(r) == 1; }))
        s.col_total[c] = true;
      changed = true;
    }
    if (!changed) break;
  }
  return s;
}

void Suppress(FreqTable& t, int min_cell) {
  std::vector<long long> n;
  for (const auto& r : t.rows) n.push_back(r.n);
  // One line whose total (the base n) is published. A multiple-response table's cells do not add
  // up to its base, so only primary suppression applies there.
  Suppression s = Suppress(n, 1, n.size(), min_cell, !t.multiple, false);
  for (std::size_t i = 0; i < t.rows.size(); ++i) t.rows[i].suppressed = s.cell[i];
  t.total_suppressed = s.row_total[0];
}

void Suppress(CrossTab& t, int min_cell) {
  Suppression s = Suppress(t.n, t.rows(), t.cols(), min_cell);
  t.suppressed = s.cell;
  t.row_n_suppressed = s.row_total;
  t.col_n_suppressed = s.col_total;
}

}  // namespace mcs::stats
