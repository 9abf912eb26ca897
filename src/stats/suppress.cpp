#include "stats/suppress.h"

#include <algorithm>
#include <cmath>
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
  // One hidden cell per line is not enough: hidden cells are never zero (zeros are shown), so two
  // hidden 1s in a line whose total is published add up to 2 and give both away, and lines chain
  // (a column can pin one of a row's two hidden cells). While the reader's bounds (Disclosed) close
  // on a hidden cell, hide the smallest non-zero cell left in its row or column, else a total.
  for (std::size_t guard = 0; guard < R + C + R * C + 1; ++guard) {
    const std::size_t k = Disclosed(n, R, C, row_totals, col_totals, s);
    if (k == R * C) break;
    const std::size_t r = k / C, c = k % C;
    std::size_t best = R * C;
    auto consider = [&](std::size_t i) {
      if (!s.cell[i] && n[i] > 0 && (best == R * C || n[i] < n[best])) best = i;
    };
    if (row_totals && !s.row_total[r])
      for (std::size_t j = 0; j < C; ++j) consider(r * C + j);
    if (col_totals && !s.col_total[c])
      for (std::size_t j = 0; j < R; ++j) consider(j * C + c);
    if (best != R * C) {
      s.cell[best] = true;
      ++s.secondary;
    } else if (row_totals && !s.row_total[r]) {
      s.row_total[r] = true;
    } else if (col_totals && !s.col_total[c]) {
      s.col_total[c] = true;
    } else {
      // Every line through the cell is hidden already: what pins it is the other totals; hide them all.
      for (auto&& t : s.row_total) t = row_totals;
      for (auto&& t : s.col_total) t = col_totals;
    }
  }
  return s;
}

namespace {

// What Disclosed and DisclosedRowTotal report: the first pinned hidden cell (R * C when none) and the
// first pinned hidden row total (R when none).
struct Pinned {
  std::size_t cell, row_total;
};

Pinned Pin(const std::vector<long long>& n, std::size_t R, std::size_t C, bool row_totals, bool col_totals,
           const Suppression& s) {
  // Unknowns: the hidden cells, then the hidden totals, each at least 1; no upper bound.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<std::size_t> var_of(R * C, R * C);
  std::vector<double> lo, hi;
  for (std::size_t k = 0; k < R * C; ++k) {
    if (!s.cell[k]) continue;
    var_of[k] = lo.size();
    lo.push_back(1);
    hi.push_back(kInf);
  }
  if (lo.empty() && std::find(s.row_total.begin(), s.row_total.end(), true) == s.row_total.end()) return {R * C, R};
  struct Equation {
    std::vector<std::size_t> vars;
    std::vector<double> sign;
    double rhs = 0;
  };
  std::vector<Equation> eqs;
  // A line's hidden cells add up to its total minus its shown cells; a hidden total is an unknown.
  std::vector<long long> row_sum(R, 0), col_sum(C, 0);
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> row_var(R, kNone), col_var(C, kNone);
  auto line = [&](std::size_t len, auto index, bool hidden_total, long long total, std::size_t& total_var) {
    Equation e;
    for (std::size_t i = 0; i < len; ++i) {
      const std::size_t k = index(i);
      if (s.cell[k]) {
        e.vars.push_back(var_of[k]);
        e.sign.push_back(1);
      } else {
        e.rhs -= static_cast<double>(n[k]);
      }
    }
    if (hidden_total) {  // at least 1: a hidden total's line holds a hidden cell, or a count shown as not 0
      total_var = lo.size();
      lo.push_back(1);
      hi.push_back(kInf);
      e.vars.push_back(total_var);
      e.sign.push_back(-1);
    } else {
      e.rhs += static_cast<double>(total);
    }
    eqs.push_back(std::move(e));
  };
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t c = 0; c < C; ++c) {
      row_sum[r] += n[r * C + c];
      col_sum[c] += n[r * C + c];
    }
  if (row_totals)
    for (std::size_t r = 0; r < R; ++r) line(C, [&](std::size_t c) { return r * C + c; }, s.row_total[r], row_sum[r], row_var[r]);
  if (col_totals)
    for (std::size_t c = 0; c < C; ++c) line(R, [&](std::size_t r) { return r * C + c; }, s.col_total[c], col_sum[c], col_var[c]);
  if (row_totals && col_totals) {  // the row totals and the column totals add up to the same grand total
    Equation e;
    for (std::size_t r = 0; r < R; ++r) {
      if (s.row_total[r]) {
        e.vars.push_back(row_var[r]);
        e.sign.push_back(1);
      } else {
        e.rhs -= static_cast<double>(row_sum[r]);
      }
    }
    for (std::size_t c = 0; c < C; ++c) {
      if (s.col_total[c]) {
        e.vars.push_back(col_var[c]);
        e.sign.push_back(-1);
      } else {
        e.rhs += static_cast<double>(col_sum[c]);
      }
    }
    if (!e.vars.empty()) eqs.push_back(std::move(e));
  }
  // Interval propagation to a fixed point: each unknown of an equation lies between the right-hand
  // side less the others' extremes (counts are whole numbers, so bounds round inwards).
  for (int pass = 0; pass < 200; ++pass) {
    bool moved = false;
    for (const Equation& e : eqs) {
      for (std::size_t j = 0; j < e.vars.size(); ++j) {
        double omin = 0, omax = 0;
        for (std::size_t i = 0; i < e.vars.size(); ++i) {
          if (i == j) continue;
          const std::size_t o = e.vars[i];
          omin += e.sign[i] > 0 ? lo[o] : -hi[o];
          omax += e.sign[i] > 0 ? hi[o] : -lo[o];
        }
        const std::size_t v = e.vars[j];
        const double nlo = e.sign[j] > 0 ? e.rhs - omax : omin - e.rhs;
        const double nhi = e.sign[j] > 0 ? e.rhs - omin : omax - e.rhs;
        if (std::isfinite(nlo) && std::ceil(nlo - 1e-9) > lo[v]) {
          lo[v] = std::ceil(nlo - 1e-9);
          moved = true;
        }
        if (std::isfinite(nhi) && std::floor(nhi + 1e-9) < hi[v]) {
          hi[v] = std::floor(nhi + 1e-9);
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  Pinned p{R * C, R};
  for (std::size_t k = 0; k < R * C && p.cell == R * C; ++k)
    if (s.cell[k] && lo[var_of[k]] >= hi[var_of[k]]) p.cell = k;
  for (std::size_t r = 0; r < R && p.row_total == R; ++r)
    if (row_var[r] != kNone && lo[row_var[r]] >= hi[row_var[r]]) p.row_total = r;
  return p;
}

}  // namespace

std::size_t Disclosed(const std::vector<long long>& n, std::size_t R, std::size_t C, bool row_totals, bool col_totals,
                      const Suppression& s) {
  return Pin(n, R, C, row_totals, col_totals, s).cell;
}

std::size_t DisclosedRowTotal(const std::vector<long long>& n, std::size_t R, std::size_t C, const Suppression& s) {
  return Pin(n, R, C, true, true, s).row_total;
}

bool SuppressLinked(FreqTable& t, CrossTab& c, int min_cell) {
  const std::size_t R = c.rows(), C = c.cols();
  // The cross-tab must hold everyone the frequency table counts, in the same rows.
  bool same = c.total_n == t.n && t.rows.size() == R;
  for (std::size_t r = 0; same && r < R; ++r) same = t.rows[r].code == c.row_codes[r] && t.rows[r].n == c.row_n[r];
  if (!same || min_cell <= 1) {
    Suppress(t, min_cell);
    Suppress(c, min_cell);
    return false;
  }
  const std::vector<long long>& n = c.n;
  Suppression s = Suppress(n, R, C, min_cell);
  // The frequency table's small counts are the cross-tab's small row totals: hidden like cells.
  for (std::size_t r = 0; r < R; ++r)
    if (c.row_n[r] > 0 && c.row_n[r] < min_cell) s.row_total[r] = true;
  // Until neither a hidden cell nor a hidden row total follows from what is shown: hide the smallest
  // non-zero cell left in the line through it (for a row total: its row, else the columns of its
  // row's hidden cells), else a row total.
  for (std::size_t guard = 0; guard < 2 * (R + C + R * C) + 1; ++guard) {
    const Pinned p = Pin(n, R, C, true, true, s);
    if (p.cell == R * C && p.row_total == R) break;
    std::size_t best = R * C;
    auto consider = [&](std::size_t i) {
      if (!s.cell[i] && n[i] > 0 && (best == R * C || n[i] < n[best])) best = i;
    };
    if (p.cell != R * C) {
      const std::size_t r = p.cell / C, k = p.cell % C;
      for (std::size_t j = 0; j < C; ++j) consider(r * C + j);
      if (!s.col_total[k])
        for (std::size_t j = 0; j < R; ++j) consider(j * C + k);
      if (best == R * C) {
        if (!s.row_total[r]) s.row_total[r] = true;
        else for (std::size_t j = 0; j < R; ++j) s.row_total[j] = c.row_n[j] > 0;
      }
    } else {
      const std::size_t r = p.row_total;
      for (std::size_t j = 0; j < C; ++j) consider(r * C + j);
      for (std::size_t k = 0; best == R * C && k < C; ++k)
        if (s.cell[r * C + k])
          for (std::size_t j = 0; j < R; ++j) consider(j * C + k);
      if (best == R * C)
        for (std::size_t j = 0; j < R; ++j) s.row_total[j] = c.row_n[j] > 0;
    }
    if (best != R * C) {
      s.cell[best] = true;
      ++s.secondary;
    }
  }
  c.suppressed = s.cell;
  c.row_n_suppressed = s.row_total;
  c.col_n_suppressed = s.col_total;
  for (std::size_t r = 0; r < R; ++r) t.rows[r].suppressed = s.row_total[r];
  t.total_suppressed = false;  // the base is the cross-tab's grand total, shown as its columns' n
  return true;
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
