#include "stats/stats.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace mcs::stats {
namespace {

bool Kept(const Mask& m, std::size_t i) {
  return m.empty() || m[i];
}
double W(const Weights& w, std::size_t i) {
  return w.empty() ? 1.0 : w[i];
}

}  // namespace

Interval Wilson(double x, double n, double z) {
  if (n <= 0) return {0, 1};
  const double p = x / n, z2 = z * z;
  const double denom = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denom;
  const double half = z / denom * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Mask Where(const Variable& v, std::string_view code) {
  Mask m(v.cat.size(), 0);
  auto it = std::find(v.codes.begin(), v.codes.end(), code);
  if (it == v.codes.end()) return m;
  const auto c = static_cast<std::int32_t>(it - v.codes.begin());
  for (std::size_t i = 0; i < v.cat.size(); ++i) m[i] = v.cat[i] == c;
  return m;
}

Mask Answered(const Variable& v) {
  std::size_t n = v.kind == VarKind::kCategory ? v.cat.size()
                  : v.kind == VarKind::kNumber ? v.num.size()
                                               : v.text.size();
  Mask m(n);
  for (std::size_t i = 0; i < n; ++i) m[i] = !v.Missing(i);
  return m;
}

Mask And(const Mask& a, const Mask& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  Mask m(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) m[i] = a[i] && b[i];
  return m;
}

FreqTable Frequencies(const Variable& v, const Mask& mask, const Weights& w) {
  FreqTable t;
  t.var = v.name;
  t.label = v.label;
  t.weighted = !w.empty();
  std::vector<long long> n(v.codes.size());
  std::vector<double> c(v.codes.size());
  for (std::size_t i = 0; i < v.cat.size(); ++i) {
    if (!Kept(mask, i)) continue;
    if (v.cat[i] == kMissing) {
      ++t.missing;
      continue;
    }
    ++n[v.cat[i]];
    c[v.cat[i]] += W(w, i);
    ++t.n;
    t.total += W(w, i);
  }
  for (std::size_t k = 0; k < v.codes.size(); ++k) {
    FreqRow r;
    r.code = v.codes[k];
    r.label = v.code_labels[k];
    r.n = n[k];
    r.count = c[k];
    r.pct = t.total > 0 ? 100 * c[k] / t.total : 0;
    Interval ci = Wilson(c[k] * (t.n / std::max(t.total, 1e-300)), static_cast<double>(t.n));
    r.ci = {100 * ci.lo, 100 * ci.hi};
    t.rows.push_back(std::move(r));
  }
  return t;
}

FreqTable MultipleResponse(const Dataset& ds, std::string_view question, const Mask& mask, const Weights& w) {
  FreqTable t;
  t.var = std::string(question);
  t.multiple = true;
  t.weighted = !w.empty();
  if (const Variable* q = ds.Find(question)) t.label = q->label;
  std::vector<const Variable*> cols;
  for (const auto& v : ds.vars())
    if (v.question == question) cols.push_back(&v);
  if (cols.empty()) return t;
  for (std::size_t i = 0; i < ds.rows(); ++i) {
    if (!Kept(mask, i)) continue;
    if (cols[0]->cat[i] == kMissing) {
      ++t.missing;
      continue;
    }
    ++t.n;
    t.total += W(w, i);
  }
  for (const Variable* v : cols) {
    FreqRow r;
    r.code = v->name.substr(question.size() + 1);
    r.label = v->label;
    for (std::size_t i = 0; i < ds.rows(); ++i) {
      if (Kept(mask, i) && v->cat[i] == 1) {
        ++r.n;
        r.count += W(w, i);
      }
    }
    r.pct = t.total > 0 ? 100 * r.count / t.total : 0;
    Interval ci = Wilson(r.pct / 100 * static_cast<double>(t.n), static_cast<double>(t.n));
    r.ci = {100 * ci.lo, 100 * ci.hi};
    t.rows.push_back(std::move(r));
  }
  return t;
}

double Quantile(const std::vector<double>& s, double p) {
  if (s.empty()) return std::nan("");
  const double h = (static_cast<double>(s.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

Summary Describe(const std::vector<double>& values, const Mask& mask, const Weights& w) {
  Summary s;
  std::vector<double> x;
  double sw = 0, swx = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!Kept(mask, i) || std::isnan(values[i])) continue;
    x.push_back(values[i]);
    sw += W(w, i);
    swx += W(w, i) * values[i];
  }
  s.n = static_cast<long long>(x.size());
  if (x.empty()) return s;
  s.mean = swx / sw;
  double ss = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!Kept(mask, i) || std::isnan(values[i])) continue;
    ss += W(w, i) * (values[i] - s.mean) * (values[i] - s.mean);
  }
  // Unweighted: the usual n - 1 estimator; weighted: the same with weights scaled to sum to n.
  const double n = static_cast<double>(s.n);
  s.sd = s.n > 1 ? std::sqrt(ss / sw * n / (n - 1)) : 0;
  std::sort(x.begin(), x.end());
  s.min = x.front();
  s.max = x.back();
  s.q1 = Quantile(x, 0.25);
  s.median = Quantile(x, 0.5);
  s.q3 = Quantile(x, 0.75);
  std::map<double, long long> dist;
  for (double d : x) {
    ++dist[d];
    if (dist.size() > 20) break;
  }
  if (dist.size() <= 20) s.distribution.assign(dist.begin(), dist.end());
  return s;
}

OrderStatsShown OrderStatsToShow(const std::vector<double>& values, const Mask& mask, const Summary& s, int min_cell) {
  OrderStatsShown out;
  if (min_cell <= 1 || s.n == 0) return out;
  long long at_min = 0, at_max = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!Kept(mask, i) || std::isnan(values[i])) continue;
    at_min += values[i] == s.min;
    at_max += values[i] == s.max;
  }
  out.min = at_min >= min_cell;
  out.max = at_max >= min_cell;
  auto inner = [&](double p) {
    const double h = static_cast<double>(s.n - 1) * p;
    return std::floor(h) >= 1 && std::ceil(h) <= static_cast<double>(s.n - 2);
  };
  out.q1 = inner(0.25);
  out.median = inner(0.5);
  out.q3 = inner(0.75);
  return out;
}

std::vector<double> Scores(const Variable& v) {
  std::vector<double> out(v.cat.size(), std::nan(""));
  std::vector<double> score(v.codes.size(), std::nan(""));
  double k = 0;
  for (std::size_t c = 0; c < v.codes.size(); ++c)
    if (c >= v.scored.size() || v.scored[c]) score[c] = ++k;
  for (std::size_t i = 0; i < v.cat.size(); ++i)
    if (v.cat[i] != kMissing) out[i] = score[v.cat[i]];
  return out;
}

double CrossTab::ColPct(std::size_t r, std::size_t c) const {
  return col_total[c] > 0 ? 100 * count[r * cols() + c] / col_total[c] : 0;
}

CrossTab Cross(const Variable& rv, const Variable& cv, const Mask& mask, const Weights& w) {
  CrossTab t;
  t.row_var = rv.name;
  t.col_var = cv.name;
  t.row_codes = rv.codes;
  t.row_labels = rv.code_labels;
  t.col_codes = cv.codes;
  t.col_labels = cv.code_labels;
  t.weighted = !w.empty();
  const std::size_t R = rv.codes.size(), C = cv.codes.size();
  t.n.assign(R * C, 0);
  t.count.assign(R * C, 0);
  t.row_n.assign(R, 0);
  t.col_n.assign(C, 0);
  t.col_total.assign(C, 0);
  const std::int32_t* a = rv.cat.data();
  const std::int32_t* b = cv.cat.data();
  const std::size_t rows = rv.cat.size();
  if (w.empty() && mask.empty()) {
    // The hot path of a large cross-tab: one pass, integer counts only.
    for (std::size_t i = 0; i < rows; ++i) {
      if ((a[i] | b[i]) < 0) continue;
      ++t.n[static_cast<std::size_t>(a[i]) * C + static_cast<std::size_t>(b[i])];
    }
    for (std::size_t k = 0; k < R * C; ++k) t.count[k] = static_cast<double>(t.n[k]);
  } else {
    for (std::size_t i = 0; i < rows; ++i) {
      if (!Kept(mask, i) || (a[i] | b[i]) < 0) continue;
      const std::size_t k = static_cast<std::size_t>(a[i]) * C + static_cast<std::size_t>(b[i]);
      ++t.n[k];
      t.count[k] += W(w, i);
    }
  }
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t c = 0; c < C; ++c) {
      t.row_n[r] += t.n[r * C + c];
      t.col_n[c] += t.n[r * C + c];
      t.col_total[c] += t.count[r * C + c];
    }
  }
  for (long long x : t.row_n) t.total_n += x;
  t.suppressed.assign(R * C, false);
  t.row_n_suppressed.assign(R, false);
  t.col_n_suppressed.assign(C, false);
  return t;
}

Variable Combine(const Variable& a, const Variable& b) {
  Variable v;
  v.name = a.name + " × " + b.name;
  v.label = a.label + " × " + b.label;
  for (std::size_t i = 0; i < a.codes.size(); ++i) {
    for (std::size_t j = 0; j < b.codes.size(); ++j) {
      v.codes.push_back(a.codes[i] + " × " + b.codes[j]);
      v.code_labels.push_back(a.code_labels[i] + " × " + b.code_labels[j]);
    }
  }
  const auto B = static_cast<std::int32_t>(b.codes.size());
  v.cat.resize(a.cat.size());
  for (std::size_t i = 0; i < a.cat.size(); ++i)
    v.cat[i] = (a.cat[i] | b.cat[i]) < 0 ? kMissing : a.cat[i] * B + b.cat[i];
  return v;
}

namespace {

// Council of the EU membership as of 2026; candidates: the countries the European Council granted
// candidate status (Albania, Bosnia and Herzegovina, Georgia, Moldova, Montenegro, North
// Macedonia, Serbia, Türkiye, Ukraine).
constexpr std::string_view kRegionCodes[] = {"eu27", "eea_efta", "candidate", "other"};
constexpr std::string_view kRegionLabels[] = {"EU-27", "Iceland, Liechtenstein, Norway, Switzerland",
                                              "EU candidate countries", "Other countries"};
constexpr std::string_view kOtherLabels[] = {"Other EU-27 countries", "Other EEA/EFTA countries",
                                             "Other EU candidate countries", "Other countries"};
constexpr std::string_view kOtherPrefix = "other_";

// The region (index into kRegionCodes) of a country code, any case, or of a group of
// GroupThinCountries ("other_eu27").
int RegionIndex(std::string code) {
  static constexpr std::string_view kEu[] = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
                                             "DE", "GR", "EL", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
                                             "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"};
  static constexpr std::string_view kEfta[] = {"IS", "LI", "NO", "CH"};
  static constexpr std::string_view kCandidates[] = {"AL", "BA", "GE", "MD", "ME", "MK", "RS", "TR", "UA"};
  if (code.size() > kOtherPrefix.size() && code.compare(0, kOtherPrefix.size(), kOtherPrefix) == 0)
    for (int r = 0; r < 4; ++r)
      if (code.substr(kOtherPrefix.size()) == kRegionCodes[r]) return r;
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (auto e : kEu)
    if (code == e) return 0;
  for (auto e : kEfta)
    if (code == e) return 1;
  for (auto e : kCandidates)
    if (code == e) return 2;
  return 3;
}

}  // namespace

Variable GroupThinCountries(const Variable& country, int min_cell) {
  Variable v = country;
  v.codes.clear();
  v.code_labels.clear();
  std::vector<long long> n(country.codes.size(), 0);
  for (std::int32_t c : country.cat)
    if (c >= 0) ++n[static_cast<std::size_t>(c)];
  std::vector<std::int32_t> to(country.codes.size(), kMissing);
  long long other[4] = {0, 0, 0, 0};
  for (std::size_t k = 0; k < country.codes.size(); ++k) {
    if (n[k] >= min_cell) {
      to[k] = static_cast<std::int32_t>(v.codes.size());
      v.codes.push_back(country.codes[k]);
      v.code_labels.push_back(k < country.code_labels.size() ? country.code_labels[k] : country.codes[k]);
    } else {
      other[RegionIndex(country.codes[k])] += n[k];
    }
  }
  // A region's group under the threshold too joins the other small ones in "other_other" (a
  // hidden group count is as exposed as a hidden country's).
  long long small = 0;
  for (int r = 0; r < 3; ++r)
    if (other[r] > 0 && other[r] < min_cell) small += other[r];
  std::int32_t other_index[4] = {kMissing, kMissing, kMissing, kMissing};
  for (int r = 0; r < 4; ++r) {
    const bool merged = r < 3 && other[r] > 0 && other[r] < min_cell && small + other[3] > other[r];
    if (other[r] == 0 || merged) continue;
    other_index[r] = static_cast<std::int32_t>(v.codes.size());
    v.codes.push_back(std::string(kOtherPrefix) + std::string(kRegionCodes[r]));
    v.code_labels.emplace_back(kOtherLabels[r]);
  }
  if (other_index[3] == kMissing && small > 0) {
    for (int r = 0; r < 3; ++r)
      if (other_index[r] == kMissing && other[r] > 0) {  // merged, and no "other_other" yet
        other_index[3] = static_cast<std::int32_t>(v.codes.size());
        v.codes.push_back(std::string(kOtherPrefix) + std::string(kRegionCodes[3]));
        v.code_labels.emplace_back(kOtherLabels[3]);
        break;
      }
  }
  for (int r = 0; r < 3; ++r)
    if (other_index[r] == kMissing) other_index[r] = other_index[3];
  // Still a group under the threshold beside others: every grouped country together then.
  long long sink = other[3];
  for (int r = 0; r < 3; ++r)
    if (other_index[r] == other_index[3]) sink += other[r];
  bool others = false;
  for (int r = 0; r < 3; ++r) others = others || (other_index[r] != kMissing && other_index[r] != other_index[3]);
  if (other_index[3] != kMissing && sink < min_cell && others) {
    // Drop the regional groups' codes (they are the last ones) and keep one "other_other".
    std::size_t kept = 0;
    for (std::size_t k = 0; k < v.codes.size(); ++k)
      if (!v.codes[k].starts_with(kOtherPrefix)) ++kept;
    v.codes.resize(kept);
    v.code_labels.resize(kept);
    v.codes.push_back(std::string(kOtherPrefix) + std::string(kRegionCodes[3]));
    v.code_labels.emplace_back(kOtherLabels[3]);
    for (auto& x : other_index) x = static_cast<std::int32_t>(kept);
  }
  for (std::size_t k = 0; k < country.codes.size(); ++k)
    if (to[k] == kMissing) to[k] = other_index[RegionIndex(country.codes[k])];
  for (auto& c : v.cat)
    if (c >= 0) c = to[static_cast<std::size_t>(c)];
  return v;
}

Variable Regions(const Variable& country) {
  std::vector<int> of_code;
  bool present[4] = {false, false, false, false};
  for (const auto& c : country.codes) of_code.push_back(RegionIndex(c));
  for (std::int32_t c : country.cat)
    if (c >= 0) present[of_code[static_cast<std::size_t>(c)]] = true;
  Variable v;
  v.name = "_region";
  v.label = "Region";
  v.kind = VarKind::kCategory;
  std::int32_t index[4] = {kMissing, kMissing, kMissing, kMissing};
  for (int r = 0; r < 4; ++r) {
    if (!present[r]) continue;
    index[r] = static_cast<std::int32_t>(v.codes.size());
    v.codes.emplace_back(kRegionCodes[r]);
    v.code_labels.emplace_back(kRegionLabels[r]);
  }
  v.cat.reserve(country.cat.size());
  for (std::int32_t c : country.cat) v.cat.push_back(c < 0 ? kMissing : index[of_code[static_cast<std::size_t>(c)]]);
  return v;
}

}  // namespace mcs::stats
