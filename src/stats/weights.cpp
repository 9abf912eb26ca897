#include "stats/weights.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "common/csv_reader.h"
#include "common/strings.h"

namespace mcs::stats {
namespace {

// The survey package's adjustment of influence values for calibration to cell counts
// (survey:::svyrecvar): x_i -= w_i * mean over the cell of x_j / w_j. Post-stratification does it
// once; raking sweeps every margin, ten times, exactly as R does.
void Residualise(std::vector<double>& x, const Weighting& wt) {
  if (wt.cells.empty()) return;
  const int sweeps = wt.raked ? 10 : 1;
  for (int it = 0; it < sweeps; ++it) {
    for (const auto& cell : wt.cells) {
      std::int32_t k = 0;
      for (auto c : cell) k = std::max(k, c + 1);
      std::vector<double> sum(k, 0.0);
      std::vector<long long> cnt(k, 0);
      for (std::size_t i = 0; i < x.size(); ++i) {
        sum[cell[i]] += x[i] / wt.w[i];
        ++cnt[cell[i]];
      }
      for (std::size_t i = 0; i < x.size(); ++i) x[i] -= wt.w[i] * sum[cell[i]] / static_cast<double>(cnt[cell[i]]);
    }
  }
}

// Variance of a total of influence values in a one-stage design without strata or fpc
// (survey:::onestrat): n/(n-1) times the centred sum of squares.
double Variance(const std::vector<double>& x) {
  const auto n = static_cast<double>(x.size());
  if (n < 2) return 0;
  double mean = 0;
  for (double v : x) mean += v;
  mean /= n;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return ss * n / (n - 1);
}

}  // namespace

namespace {

std::string LineCol(int line, int column) {
  return "margins: line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
}

std::string LineOf(const Margin& m, std::size_t i, int column) {
  return i < m.lines.size() && m.lines[i] > 0 ? LineCol(m.lines[i], column) : std::string("margins: ");
}

}  // namespace

Result<std::vector<Margin>> ParseMargins(std::string_view csv) {
  std::vector<Margin> out;
  std::map<std::pair<std::string, std::string>, int> seen;
  bool header = true;
  CsvTable table = ReadCsvRecords(csv, {.trim = true});
  if (table.error)
    return MakeError(ErrorCode::kInvalid, LineCol(table.error->line, table.error->column) + table.error->message);
  for (const CsvRecord& record : table.records) {
    const int line_no = record.line;
    const std::vector<std::string>& f = record.fields;
    if (header) {
      header = false;
      const char* want[] = {"variable", "category", "population"};
      for (int i = 0; i < 3; ++i)
        if (static_cast<int>(f.size()) <= i || ToLower(f[i]) != want[i])
          return MakeError(ErrorCode::kInvalid, LineCol(line_no, i + 1) + "the header is variable,category,population (" +
                                                    want[i] + " expected here)");
      if (f.size() > 3) return MakeError(ErrorCode::kInvalid, LineCol(line_no, 4) + "the header has three columns only");
      continue;
    }
    if (f.size() < 3)
      return MakeError(ErrorCode::kInvalid, LineCol(line_no, static_cast<int>(f.size()) + 1) +
                                                "missing: each line is variable,category,population");
    if (f.size() > 3)
      return MakeError(ErrorCode::kInvalid, LineCol(line_no, 4) + "one field too many (" + f[3] +
                                                "): each line is variable,category,population");
    const std::string& var = f[0];
    const std::string& cat = f[1];
    std::string_view num = f[2];
    if (var.empty()) return MakeError(ErrorCode::kInvalid, LineCol(line_no, 1) + "the variable is missing");
    if (cat.empty()) return MakeError(ErrorCode::kInvalid, LineCol(line_no, 2) + "the category is missing");
    double pop = 0;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), pop);
    if (ec != std::errc() || p != num.data() + num.size() || !(pop >= 0) || !std::isfinite(pop))
      return MakeError(ErrorCode::kInvalid, LineCol(line_no, 3) + "bad population count '" + std::string(num) +
                                                "' (a number, 0 or more)");
    if (auto it = seen.find({var, cat}); it != seen.end())
      return MakeError(ErrorCode::kInvalid, LineCol(line_no, 2) + var + "," + cat + " given twice (first on line " +
                                                std::to_string(it->second) + ")");
    seen[{var, cat}] = line_no;
    Margin* m = nullptr;
    for (auto& x : out)
      if (x.variable == var) m = &x;
    if (!m) {
      out.push_back({var, {}, {}});
      m = &out.back();
    }
    m->population.emplace_back(cat, pop);
    m->lines.push_back(line_no);
  }
  if (out.empty()) return MakeError(ErrorCode::kInvalid, "margins: no margins given");
  return out;
}

Weighting Unweighted(std::size_t rows) {
  Weighting wt;
  wt.w.assign(rows, 1.0);
  return wt;
}

Result<Weighting> ComputeWeights(const Dataset& ds, const std::vector<Margin>& margins) {
  Weighting wt = Unweighted(ds.rows());
  std::vector<std::vector<double>> targets;
  for (const Margin& m : margins) {
    const Variable* v = ds.Find(m.variable);
    if (!v || v->kind != VarKind::kCategory)
      return MakeError(ErrorCode::kInvalid, LineOf(m, 0, 1) + "no closed question '" + m.variable + "'");
    std::vector<double> target(v->codes.size(), -1);
    for (std::size_t i = 0; i < m.population.size(); ++i) {
      const auto& [cat, pop] = m.population[i];
      auto it = std::find(v->codes.begin(), v->codes.end(), cat);
      if (it == v->codes.end())
        return MakeError(ErrorCode::kInvalid, LineOf(m, i, 2) + "'" + m.variable + "' has no category '" + cat + "'");
      target[it - v->codes.begin()] = pop;
    }
    std::vector<long long> count(v->codes.size(), 0);
    for (std::size_t i = 0; i < ds.rows(); ++i) {
      if (v->cat[i] == kMissing)
        return MakeError(ErrorCode::kInvalid, "margins: a response has no answer to '" + m.variable + "'");
      ++count[v->cat[i]];
    }
    for (std::size_t c = 0; c < target.size(); ++c) {
      if (count[c] > 0 && target[c] <= 0)
        return MakeError(ErrorCode::kInvalid, "margins: no population for " + m.variable + " = " + v->codes[c]);
      if (count[c] == 0 && target[c] > 0) {
        std::size_t i = 0;
        while (i < m.population.size() && m.population[i].first != v->codes[c]) ++i;
        return MakeError(ErrorCode::kInvalid, LineOf(m, i, 2) + "nobody in the sample has " + m.variable + " = " + v->codes[c]);
      }
    }
    wt.cells.push_back(v->cat);
    targets.push_back(std::move(target));
  }
  wt.raked = margins.size() > 1;
  // Post-stratification is one pass; raking repeats passes until the weighted margins move by less
  // than 1e-12 of the total (R's rake stops at an absolute 1 by default: tests ask it for more).
  double total = 0;
  for (double t : targets[0])
    if (t > 0) total += t;
  const int max_iter = wt.raked ? 1000 : 1;
  for (int it = 0; it < max_iter; ++it) {
    double moved = 0;
    for (std::size_t m = 0; m < targets.size(); ++m) {
      std::vector<double> sum(targets[m].size(), 0.0);
      for (std::size_t i = 0; i < ds.rows(); ++i) sum[wt.cells[m][i]] += wt.w[i];
      for (std::size_t c = 0; c < sum.size(); ++c)
        if (sum[c] > 0) moved = std::max(moved, std::abs(sum[c] - targets[m][c]));
      for (std::size_t i = 0; i < ds.rows(); ++i) wt.w[i] *= targets[m][wt.cells[m][i]] / sum[wt.cells[m][i]];
    }
    wt.iterations = it + 1;
    if (wt.raked && moved < 1e-12 * total) break;
  }
  return wt;
}

Estimate MeanSe(const std::vector<double>& y, const Weighting& wt, const Mask& domain) {
  Estimate e;
  double sw = 0, swy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i]) || (!domain.empty() && !domain[i])) continue;
    sw += wt.w[i];
    swy += wt.w[i] * y[i];
    ++e.n;
  }
  if (sw <= 0) return e;
  e.value = swy / sw;
  // Influence of each row on the mean; rows outside the domain contribute 0 (svymean, na.rm = TRUE).
  std::vector<double> x(y.size(), 0.0);
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i]) || (!domain.empty() && !domain[i])) continue;
    x[i] = wt.w[i] * (y[i] - e.value) / sw;
  }
  Residualise(x, wt);
  e.se = std::sqrt(Variance(x));
  return e;
}

Estimate TotalSe(const std::vector<double>& y, const Weighting& wt, const Mask& domain) {
  Estimate e;
  std::vector<double> x(y.size(), 0.0);
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i]) || (!domain.empty() && !domain[i])) continue;
    x[i] = wt.w[i] * y[i];
    e.value += x[i];
    ++e.n;
  }
  Residualise(x, wt);
  e.se = std::sqrt(Variance(x));
  return e;
}

std::vector<double> Indicator(const Variable& v, std::int32_t code) {
  std::vector<double> y(v.cat.size());
  for (std::size_t i = 0; i < v.cat.size(); ++i) y[i] = v.cat[i] == kMissing ? std::nan("") : v.cat[i] == code ? 1.0 : 0.0;
  return y;
}

Interval DesignCi(const Estimate& e, double z) {
  return {std::max(0.0, e.value - z * e.se), std::min(1.0, e.value + z * e.se)};
}

WeightSummary Summarise(const Weighting& wt) {
  WeightSummary s;
  double sum = 0, sum2 = 0;
  for (double w : wt.w) {
    if (s.n == 0 || w < s.min) s.min = w;
    if (s.n == 0 || w > s.max) s.max = w;
    sum += w;
    sum2 += w * w;
    ++s.n;
  }
  if (s.n == 0 || sum <= 0) return s;
  s.mean = sum / static_cast<double>(s.n);
  s.deff = static_cast<double>(s.n) * sum2 / (sum * sum);
  return s;
}

}  // namespace mcs::stats
