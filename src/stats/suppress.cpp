#include "stats/suppress.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mcs::stats {

namespace {

// What the reader's bounds pin down: the first hidden cell (R * C when none), hidden row total (R when
// none) and hidden column total (C when none).
struct Pinned {
  std::size_t cell, row_total, col_total;
};

// min_cell: the grand total is published unless it is under min_cell (a count of respondents too).
Pinned Pin(const std::vector<long long>& n, std::size_t R, std::size_t C, bool row_totals, bool col_totals,
           const Suppression& s, int min_cell) {
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
  if (lo.empty() && std::find(s.row_total.begin(), s.row_total.end(), true) == s.row_total.end() &&
      std::find(s.col_total.begin(), s.col_total.end(), true) == s.col_total.end())
    return {R * C, R, C};
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
    for (std::size_t r = 0; r < R; ++r)
      line(
          C, [&](std::size_t c) { return r * C + c; }, s.row_total[r], row_sum[r], row_var[r]);
  if (col_totals)
    for (std::size_t c = 0; c < C; ++c)
      line(
          R, [&](std::size_t r) { return r * C + c; }, s.col_total[c], col_sum[c], col_var[c]);
  if (row_totals && col_totals) {
    // The grand total is published (the report gives each table's n): the row totals add up to it,
    // and so do the column totals.
    long long grand = 0;
    for (long long x : row_sum) grand += x;
    const bool grand_published = grand == 0 || grand >= min_cell;
    if (!grand_published) {  // hidden: the row totals and the column totals only add up to the same
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
    for (int side = 0; side < 2 && grand_published; ++side) {
      Equation e;
      e.rhs = static_cast<double>(grand);
      const std::size_t len = side == 0 ? R : C;
      for (std::size_t i = 0; i < len; ++i) {
        const bool hidden = side == 0 ? s.row_total[i] : s.col_total[i];
        if (hidden) {
          e.vars.push_back(side == 0 ? row_var[i] : col_var[i]);
          e.sign.push_back(1);
        } else {
          e.rhs -= static_cast<double>(side == 0 ? row_sum[i] : col_sum[i]);
        }
      }
      if (!e.vars.empty()) eqs.push_back(std::move(e));
    }
  }
  // Interval propagation to a fixed point: each unknown of an equation lies between the right-hand
  // side less the others' extremes (counts are whole numbers, so bounds round inwards).
  // To the fixed point: bounds that move by one count per pass (a cycle of hidden cells) can take
  // as many passes as the counts are large; a propagation cut short proves nothing, so then every
  // hidden cell and total counts as pinned (Suppress hides more, up to everything).
  bool converged = false;
  for (int pass = 0; pass < 100000 && !converged; ++pass) {
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
    if (!moved) converged = true;
  }
  if (!converged) {
    for (std::size_t i = 0; i < lo.size(); ++i) hi[i] = lo[i];
  }
  Pinned p{R * C, R, C};
  for (std::size_t k = 0; k < R * C && p.cell == R * C; ++k)
    if (s.cell[k] && lo[var_of[k]] >= hi[var_of[k]]) p.cell = k;
  for (std::size_t r = 0; r < R && p.row_total == R; ++r)
    if (row_var[r] != kNone && lo[row_var[r]] >= hi[row_var[r]]) p.row_total = r;
  for (std::size_t c = 0; c < C && p.col_total == C; ++c)
    if (col_var[c] != kNone && lo[col_var[c]] >= hi[col_var[c]]) p.col_total = c;
  return p;
}

}  // namespace

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
  // A published total is a count of respondents too: under min_cell, it is hidden like a cell.
  std::vector<long long> row_sums(R, 0), col_sums(C, 0);
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t c = 0; c < C; ++c) {
      row_sums[r] += n[r * C + c];
      col_sums[c] += n[r * C + c];
    }
  for (std::size_t r = 0; r < R; ++r) s.row_total[r] = row_totals && row_sums[r] > 0 && row_sums[r] < min_cell;
  for (std::size_t c = 0; c < C; ++c) s.col_total[c] = col_totals && col_sums[c] > 0 && col_sums[c] < min_cell;
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
      if (!second_cell(
              C, [&](std::size_t c) { return r * C + c; },
              [&](std::size_t c) { return col_totals && hidden_in_col(c) == 1; }))
        s.row_total[r] = true;
      changed = true;
    }
    for (std::size_t c = 0; c < C; ++c) {
      if (!col_totals || hidden_in_col(c) != 1 || s.col_total[c]) continue;
      if (!second_cell(
              R, [&](std::size_t r) { return r * C + c; },
              [&](std::size_t r) { return row_totals && hidden_in_row(r) == 1; }))
        s.col_total[c] = true;
      changed = true;
    }
    if (!changed) break;
  }
  // One hidden cell per line is not enough: hidden cells are never zero (zeros are shown), so two
  // hidden 1s in a line whose total is published add up to 2 and give both away, and lines chain
  // (a column can pin one of a row's two hidden cells); a hidden total follows from the grand total
  // when it is the only one hidden. While the reader's bounds (Pin) close on a hidden cell or total,
  // hide more: for a cell, the smallest non-zero cell left in its row or column, else a total; for a
  // total, the smallest non-zero cell of its line when none is hidden there, else a second total.
  const std::size_t guard_max = 2 * (R + C + R * C) + 1;
  for (std::size_t guard = 0; guard < guard_max; ++guard) {
    const Pinned p = Pin(n, R, C, row_totals, col_totals, s, min_cell);
    if (p.cell == R * C && p.row_total == R && p.col_total == C) break;
    const Suppression before = s;
    std::size_t best = R * C;
    auto consider = [&](std::size_t i) {
      if (!s.cell[i] && n[i] > 0 && (best == R * C || n[i] < n[best])) best = i;
    };
    auto hide_all_totals = [&] {  // a line of zeros keeps its total: 0 discloses no one
      for (std::size_t j = 0; j < R; ++j) s.row_total[j] = row_totals && row_sums[j] > 0;
      for (std::size_t j = 0; j < C; ++j) s.col_total[j] = col_totals && col_sums[j] > 0;
    };
    if (p.cell != R * C) {
      const std::size_t r = p.cell / C, c = p.cell % C;
      if (row_totals && !s.row_total[r])
        for (std::size_t j = 0; j < C; ++j) consider(r * C + j);
      if (col_totals && !s.col_total[c])
        for (std::size_t j = 0; j < R; ++j) consider(j * C + c);
      if (best == R * C) {
        if (row_totals && !s.row_total[r])
          s.row_total[r] = true;
        else if (col_totals && !s.col_total[c])
          s.col_total[c] = true;
        else
          hide_all_totals();  // every line through it is hidden: the other totals pin it
      }
    } else {
      // A total: its own line (r of R rows, or a column), then a partner among the totals of its kind.
      const bool is_row = p.row_total != R;
      const std::size_t at = is_row ? p.row_total : p.col_total, len = is_row ? C : R;
      auto cell_of = [&](std::size_t j) { return is_row ? at * C + j : j * C + at; };
      bool line_hidden = false;
      for (std::size_t j = 0; j < len; ++j) line_hidden = line_hidden || s.cell[cell_of(j)];
      if (!line_hidden)
        for (std::size_t j = 0; j < len; ++j) consider(cell_of(j));
      if (best == R * C) {
        std::vector<bool>& totals = is_row ? s.row_total : s.col_total;
        const std::vector<long long>& sums = is_row ? row_sums : col_sums;
        std::size_t partner = totals.size();
        for (std::size_t j = 0; j < totals.size(); ++j)
          if (!totals[j] && sums[j] > 0 && (partner == totals.size() || sums[j] < sums[partner])) partner = j;
        if (partner != totals.size()) {
          totals[partner] = true;
        } else {
          // Every total of its kind is hidden: what pins it are the crossing lines of its hidden cells.
          for (std::size_t j = 0; j < len; ++j) {
            if (!s.cell[cell_of(j)]) continue;
            const std::size_t k = cell_of(j);
            if (is_row)
              for (std::size_t i = 0; i < R; ++i) consider(i * C + k % C);
            else
              for (std::size_t i = 0; i < C; ++i) consider((k / C) * C + i);
          }
          if (best == R * C) hide_all_totals();
        }
      }
    }
    if (best == R * C && s.row_total == before.row_total && s.col_total == before.col_total) {
      // Nothing in reach changed (the grand total pins it through lines already hidden): the
      // smallest non-zero cell still shown anywhere.
      for (std::size_t i = 0; i < R * C; ++i) consider(i);
      if (best == R * C) break;  // everything is hidden but the grand total: nothing more to do
    }
    if (best != R * C) {
      s.cell[best] = true;
      ++s.secondary;
    }
  }
  return s;
}

std::size_t Disclosed(const std::vector<long long>& n, std::size_t R, std::size_t C, bool row_totals, bool col_totals,
                      const Suppression& s, int min_cell) {
  return Pin(n, R, C, row_totals, col_totals, s, min_cell).cell;
}

std::size_t DisclosedRowTotal(const std::vector<long long>& n, std::size_t R, std::size_t C, const Suppression& s,
                              int min_cell) {
  return Pin(n, R, C, true, true, s, min_cell).row_total;
}

std::size_t DisclosedColTotal(const std::vector<long long>& n, std::size_t R, std::size_t C, const Suppression& s,
                              int min_cell) {
  return Pin(n, R, C, true, true, s, min_cell).col_total;
}

bool SuppressLinked(FreqTable& t, CrossTab& c, int min_cell) {
  const std::size_t R = c.rows();
  // The cross-tab must hold everyone the frequency table counts, in the same rows.
  bool same = c.total_n == t.n && t.rows.size() == R;
  for (std::size_t r = 0; same && r < R; ++r) same = t.rows[r].code == c.row_codes[r] && t.rows[r].n == c.row_n[r];
  if (!same) {
    Suppress(t, min_cell);
    Suppress(c, min_cell);
    return false;
  }
  // One table: the frequency table's counts are its row totals (hidden under min_cell like cells,
  // and never pinned down by what is shown), its base the grand total.
  Suppress(c, min_cell);
  for (std::size_t r = 0; r < R; ++r) t.rows[r].suppressed = c.row_n_suppressed[r];
  // The base is the grand total, published (Pin counts on it); a base under min_cell is hidden.
  t.total_suppressed = min_cell > 1 && t.n > 0 && t.n < min_cell;
  return true;
}

void Suppress(FreqTable& t, int min_cell) {
  std::vector<long long> n;
  for (const auto& r : t.rows) n.push_back(r.n);
  // One line whose total (the base n) is published. A multiple-response table's cells do not add
  // up to its base, so only primary suppression applies there.
  Suppression s = Suppress(n, 1, n.size(), min_cell, !t.multiple, false);
  for (std::size_t i = 0; i < t.rows.size(); ++i) t.rows[i].suppressed = s.cell[i];
  // A multiple-response base is a count of respondents too.
  t.total_suppressed = s.row_total[0] || (t.multiple && min_cell > 1 && t.n > 0 && t.n < min_cell);
}

void Suppress(CrossTab& t, int min_cell) {
  Suppression s = Suppress(t.n, t.rows(), t.cols(), min_cell);
  t.suppressed = s.cell;
  t.row_n_suppressed = s.row_total;
  t.col_n_suppressed = s.col_total;
}

}  // namespace mcs::stats
