// Hidden means of number questions: stats::PlanSums (linked.h). The model: every respondent who
// answered is in one cell ("atom") of the breakdowns at once (group × country × region × ...); a
// printed sum is the sum of its cells' unknown sums, and nothing bounds a cell's sum (answers may be
// any number), so what a reader can work out is exactly the linear span of the shown rows'
// indicator vectors over the cells.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include "stats/linked.h"

namespace mcs::stats {

namespace {

// The span of 0/1 vectors, kept in echelon form (each row zero at the pivots of the rows before it,
// so a vector is reduced by one pass in order). The entries stay small: doubles are exact enough.
class Span {
 public:
  void Add(std::vector<double> v) {
    Reduce(v);
    std::size_t p = 0;
    for (std::size_t i = 1; i < v.size(); ++i)
      if (std::abs(v[i]) > std::abs(v[p])) p = i;
    if (v.empty() || std::abs(v[p]) < kEps) return;
    rows_.push_back(std::move(v));
    pivots_.push_back(p);
  }
  bool Contains(std::vector<double> v) const {
    Reduce(v);
    return std::all_of(v.begin(), v.end(), [](double x) { return std::abs(x) < kEps; });
  }

 private:
  static constexpr double kEps = 1e-7;
  void Reduce(std::vector<double>& v) const {
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const double f = v[pivots_[i]] / rows_[i][pivots_[i]];
      if (std::abs(f) < kEps) continue;
      for (std::size_t a = 0; a < v.size(); ++a) v[a] -= f * rows_[i][a];
      v[pivots_[i]] = 0;
    }
  }
  std::vector<std::vector<double>> rows_;
  std::vector<std::size_t> pivots_;
};

struct Row {
  int j = -1;         // breakdown index; -1: the "All" row
  std::size_t k = 0;  // column
  long long n = 0;    // respondents who answered
  std::vector<double> atoms;
  bool hidden = false, fixed = false;
  std::vector<std::size_t> parents;  // per breakdown: the column of a coarser breakdown holding it (or npos)
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

void PlanOne(const Variable& x, const std::vector<const Variable*>& bys, int min_cell, FormPlan& plan,
             const FormPlan* under) {
  const std::size_t B = bys.size();
  std::map<std::vector<std::int32_t>, std::size_t> atom_ids;
  std::vector<std::size_t> atom_of(x.num.size(), kNone);
  std::vector<std::vector<std::int32_t>> atom_cols;
  for (std::size_t r = 0; r < x.num.size(); ++r) {
    if (std::isnan(x.num[r])) continue;
    std::vector<std::int32_t> key(B);
    for (std::size_t j = 0; j < B; ++j) {
      const std::int32_t c = r < bys[j]->cat.size() ? bys[j]->cat[r] : kMissing;
      key[j] = c == kMissing ? static_cast<std::int32_t>(bys[j]->codes.size()) : c;
    }
    auto [it, fresh] = atom_ids.emplace(key, atom_ids.size());
    if (fresh) atom_cols.push_back(key);
    atom_of[r] = it->second;
  }
  const std::size_t A = atom_ids.size();
  std::vector<long long> atom_n(A, 0);
  for (std::size_t a : atom_of)
    if (a != kNone) ++atom_n[a];
  // nests[j1][j2]: every column of j2 (among those who answered) lies in one column of j1.
  std::vector<std::vector<bool>> nests(B, std::vector<bool>(B, false));
  for (std::size_t j1 = 0; j1 < B; ++j1)
    for (std::size_t j2 = 0; j2 < B; ++j2) {
      if (j1 == j2) continue;
      std::map<std::int32_t, std::int32_t> into;
      bool ok = true;
      for (const auto& key : atom_cols) {
        auto [it, fresh] = into.emplace(key[j2], key[j1]);
        if (!fresh && it->second != key[j1]) ok = false;
      }
      std::set<std::int32_t> c1, c2;
      for (const auto& key : atom_cols) {
        c1.insert(key[j1]);
        c2.insert(key[j2]);
      }
      // Two breakdowns with the same columns: the later one counts as the finer.
      nests[j1][j2] = ok && (c1.size() < c2.size() || (c1.size() == c2.size() && j1 < j2));
    }

  const FormPlan::Sums* fixed_sums = nullptr;
  if (under) {
    auto it = under->sums.find(x.name);
    if (it != under->sums.end()) fixed_sums = &it->second;
  }
  std::vector<Row> rows;
  {
    Row all;
    all.atoms.assign(A, 1.0);
    for (long long n : atom_n) all.n += n;
    all.hidden = plan.NumberAllHidden(x.name) || (all.n > 0 && all.n < min_cell);
    if (fixed_sums) {
      all.hidden = fixed_sums->all;
      all.fixed = true;
    }
    all.parents.assign(B, kNone);
    rows.push_back(std::move(all));
  }
  for (std::size_t j = 0; j < B; ++j) {
    const std::vector<bool> n_hidden = plan.NumberHidden(x.name, bys[j]->name);
    const std::vector<bool>* fixed = nullptr;
    if (fixed_sums) {
      auto it = fixed_sums->by.find(bys[j]->name);
      if (it != fixed_sums->by.end()) fixed = &it->second;
    }
    for (std::size_t k = 0; k < bys[j]->codes.size(); ++k) {
      Row row;
      row.j = static_cast<int>(j);
      row.k = k;
      row.atoms.assign(A, 0.0);
      row.parents.assign(B, kNone);
      for (std::size_t a = 0; a < A; ++a)
        if (atom_cols[a][j] == static_cast<std::int32_t>(k)) {
          row.atoms[a] = 1.0;
          row.n += atom_n[a];
          for (std::size_t j1 = 0; j1 < B; ++j1)
            if (nests[j1][j]) row.parents[j1] = static_cast<std::size_t>(atom_cols[a][j1]);
        }
      row.hidden = (k < n_hidden.size() ? n_hidden[k] : true) || (row.n > 0 && row.n < min_cell);
      if (fixed && k < fixed->size()) {
        row.hidden = (*fixed)[k];
        row.fixed = true;
      }
      rows.push_back(std::move(row));
    }
  }
  auto shown = [&](const Row& r) { return !r.hidden && r.n > 0; };
  auto span_without = [&](std::size_t skip) {
    Span s;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (i != skip && shown(rows[i])) s.Add(rows[i].atoms);
    return s;
  };
  // Whether row `in`'s cells hold row `part`'s (nothing of `part` outside `in`).
  auto inside = [&](const Row& part, const Row& in) {
    for (std::size_t a = 0; a < A; ++a)
      if (part.atoms[a] > 0 && in.atoms[a] == 0) return false;
    return true;
  };
  if (min_cell > 1) {
    for (std::size_t round = 0; round <= rows.size() + A; ++round) {
      const Span span = span_without(kNone);
      // What a reader must not work out, and the rows to hide first (smallest first) to prevent it.
      std::vector<double> target;
      std::vector<std::size_t> prefer;
      auto by_n = [&](std::vector<std::size_t>& v) {
        std::stable_sort(v.begin(), v.end(), [&](std::size_t a, std::size_t b) { return rows[a].n < rows[b].n; });
      };
      // A hidden row's sum: hide another column of its breakdown under the same parent.
      for (std::size_t i = 0; i < rows.size() && target.empty(); ++i) {
        if (!rows[i].hidden || rows[i].n == 0 || !span.Contains(rows[i].atoms)) continue;
        target = rows[i].atoms;
        for (std::size_t c = 0; c < rows.size(); ++c)
          if (rows[i].j >= 0 && rows[c].j == rows[i].j && shown(rows[c]) && !rows[c].fixed &&
              rows[c].parents == rows[i].parents)
            prefer.push_back(c);
        by_n(prefer);
      }
      // A shown row less its shown parts in another breakdown: the sum of whoever is left (1 to
      // min_cell - 1 of them): hide one more of those parts, else the row.
      for (std::size_t p = 0; p < rows.size() && target.empty(); ++p) {
        if (!shown(rows[p])) continue;
        for (std::size_t j = 0; j < B && target.empty(); ++j) {
          if (rows[p].j == static_cast<int>(j)) continue;
          std::vector<double> left = rows[p].atoms;
          long long n = rows[p].n;
          std::vector<std::size_t> parts;
          for (std::size_t c = 0; c < rows.size(); ++c)
            if (rows[c].j == static_cast<int>(j) && shown(rows[c]) && inside(rows[c], rows[p])) {
              n -= rows[c].n;
              for (std::size_t a = 0; a < A; ++a) left[a] -= rows[c].atoms[a];
              if (!rows[c].fixed) parts.push_back(c);
            }
          if (n <= 0 || n >= min_cell) continue;
          target = std::move(left);
          by_n(parts);
          prefer = std::move(parts);
          if (!rows[p].fixed) prefer.push_back(p);
        }
      }
      // A cell of 1 to min_cell - 1 respondents whose sum follows some other way.
      for (std::size_t a = 0; a < A && target.empty(); ++a) {
        if (atom_n[a] >= min_cell) continue;
        std::vector<double> e(A, 0.0);
        e[a] = 1.0;
        if (span.Contains(e)) target = std::move(e);
      }
      if (target.empty()) break;
      std::size_t hide = prefer.empty() ? kNone : prefer.front();
      if (hide == kNone) {  // the one whose hiding frees it, smallest first; else the smallest overlapping
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < rows.size(); ++i)
          if (shown(rows[i]) && !rows[i].fixed) order.push_back(i);
        by_n(order);
        for (std::size_t i : order)
          if (!span_without(i).Contains(target)) {
            hide = i;
            break;
          }
        for (std::size_t i : order) {
          if (hide != kNone) break;
          for (std::size_t a = 0; a < A; ++a)
            if (rows[i].atoms[a] > 0 && target[a] != 0) hide = i;
        }
      }
      if (hide == kNone) {  // nothing left that could protect it: every mean of this question hidden
        for (Row& r : rows)
          if (!r.fixed) r.hidden = true;
        break;
      }
      rows[hide].hidden = true;
    }
  }
  FormPlan::Sums& out = plan.sums[x.name];
  out.all = rows[0].hidden;
  out.by.clear();
  for (std::size_t j = 0; j < B; ++j) out.by[bys[j]->name].assign(bys[j]->codes.size(), true);
  for (std::size_t i = 1; i < rows.size(); ++i)
    out.by[bys[static_cast<std::size_t>(rows[i].j)]->name][rows[i].k] = rows[i].hidden;
}

}  // namespace

void PlanSums(const Dataset& ds, const std::vector<const Variable*>& breakdowns, int min_cell, FormPlan& plan,
              const FormPlan* under) {
  std::vector<const Variable*> bys;
  for (const Variable* b : breakdowns)
    if (b && b->kind == VarKind::kCategory) bys.push_back(b);
  for (const auto& v : ds.vars())
    if (v.kind == VarKind::kNumber && v.question.empty()) PlanOne(v, bys, min_cell, plan, under);
}

std::vector<bool> FormPlan::MeanHidden(const std::string& question, const std::string& by) const {
  std::vector<bool> n = NumberHidden(question, by);
  auto it = sums.find(question);
  if (it == sums.end()) return n;
  auto b = it->second.by.find(by);
  if (b == it->second.by.end()) return {};
  for (std::size_t k = 0; k < n.size() && k < b->second.size(); ++k) n[k] = n[k] || b->second[k];
  return n.empty() ? b->second : n;
}

bool FormPlan::MeanAllHidden(const std::string& question) const {
  auto it = sums.find(question);
  return NumberAllHidden(question) || (it != sums.end() && it->second.all);
}

}  // namespace mcs::stats
