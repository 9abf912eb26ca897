#include "web/admin/quality_flags.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace mcs::web::admin {
namespace {

// The matrices of a form: for each table-list group, its select_one items sharing one choice list.
std::vector<std::vector<const form::Node*>> Matrices(const form::Form& f) {
  std::vector<std::vector<const form::Node*>> out;
  for (const form::Node& g : f.nodes) {
    if (g.type != form::Type::kGroup || g.repeat != 0 || g.appearance.find("table-list") == std::string::npos) continue;
    std::map<const form::ChoiceList*, std::vector<const form::Node*>> by_list;
    for (int c : g.children) {
      const form::Node& n = f.nodes[static_cast<std::size_t>(c)];
      if (n.type == form::Type::kSelectOne && n.choices) by_list[n.choices].push_back(&n);
    }
    for (auto& [list, items] : by_list) {
      if (items.size() >= 3) out.push_back(std::move(items));
    }
  }
  return out;
}

std::vector<const form::Node*> Honeypots(const form::Form& f) {
  std::vector<const form::Node*> out;
  for (const form::Node& n : f.nodes) {
    if (form::HoldsValue(n.type) && (n.name == "honeypot" || n.appearance.find("honeypot") != std::string::npos))
      out.push_back(&n);
  }
  return out;
}

// The answers as one comparable string, without what the server fills in (times differ always).
std::string Fingerprint(const form::Form& f, const engine::Answers& a) {
  std::string key;
  for (const auto& [name, value] : a.values) {
    const form::Node* n = f.Find(name);
    if (n && n->type == form::Type::kMeta) continue;
    key += name;
    key += '\x1f';
    key += value;
    key += '\x1e';
  }
  for (const auto& [name, instances] : a.repeats) {
    key += '\x1d' + name;
    for (const auto& inst : instances) {
      for (const auto& [k, v] : inst) key += '\x1f' + k + '=' + v;
      key += '\x1e';
    }
  }
  return key;
}

}  // namespace

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

FlagScanner::FlagScanner(const form::Form& f, const FlagOptions& opts) : f_(f), opts_(opts) {
  auto index = [&](const form::Node* n) { return static_cast<int>(n - f.nodes.data()); };
  for (const auto& items : Matrices(f)) {
    std::vector<int> m;
    for (const form::Node* n : items) m.push_back(index(n));
    matrices_.push_back(std::move(m));
  }
  for (const form::Node* n : Honeypots(f)) honeypots_.push_back(index(n));
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (f.nodes[i].type != form::Type::kMeta) by_name_.push_back(static_cast<int>(i));
  }
  std::sort(by_name_.begin(), by_name_.end(), [&](int a, int b) {
    return f.nodes[static_cast<std::size_t>(a)].name < f.nodes[static_cast<std::size_t>(b)].name;
  });
}

void FlagScanner::Judge(Row& row, const std::function<std::string_view(int node)>& value) const {
  for (const auto& items : matrices_) {
    std::string_view first = value(items[0]);
    bool same = !first.empty() && std::all_of(items.begin(), items.end(), [&](int n) { return value(n) == first; });
    if (same) {
      row.straight = true;
      break;
    }
  }
  for (int h : honeypots_) {
    if (!value(h).empty()) {
      row.honeypot = true;
      break;
    }
  }
}

void FlagScanner::Add(const FlagInput& r) {
  Row row;
  row.complete = r.complete;
  row.timed = r.timed;
  row.taken = static_cast<double>(r.submitted_at - r.started_at);
  auto value = [&](int n) -> std::string_view { return r.answers.Get(f_, f_.nodes[static_cast<std::size_t>(n)].name, -1); };
  if (!r.complete) {
    row.abandoned = opts_.now - r.updated_at > opts_.abandoned_after;
    for (int h : honeypots_) row.honeypot = row.honeypot || !value(h).empty();
  } else {
    Judge(row, value);
    row.fingerprint = std::hash<std::string>{}(Fingerprint(f_, r.answers));
  }
  rows_.push_back(row);
}

void FlagScanner::Add(bool complete, bool timed, TimeMs started_at, TimeMs submitted_at, TimeMs updated_at,
                      const engine::StoredAnswersView& answers) {
  using NameValue = std::pair<std::string_view, std::string_view>;
  Row row;
  row.complete = complete;
  row.timed = timed;
  row.taken = static_cast<double>(submitted_at - started_at);
  const engine::ValuesView main = answers.Main();
  auto value = [&](int n) -> std::string_view { return main.Get(n).value_or(std::string_view()); };
  if (!complete) {
    row.abandoned = opts_.now - updated_at > opts_.abandoned_after;
    for (int h : honeypots_) row.honeypot = row.honeypot || !value(h).empty();
    rows_.push_back(row);
    return;
  }
  Judge(row, value);
  // The fingerprint text Fingerprint() makes of the same answers as a map: top-level names in byte
  // order (the form's questions and the names it lacks merged), then the repeats.
  key_.clear();
  auto put = [&](std::string_view name, std::string_view v) {
    key_ += name;
    key_ += '\x1f';
    key_ += v;
    key_ += '\x1e';
  };
  auto extras = answers.Extras();
  std::sort(extras.begin(), extras.end(), [](const NameValue& a, const NameValue& b) { return a.first < b.first; });
  auto e = extras.begin();
  for (int n : by_name_) {
    auto v = main.Get(n);
    if (!v) continue;
    const std::string& name = f_.nodes[static_cast<std::size_t>(n)].name;
    for (; e != extras.end() && e->first < name; ++e) put(e->first, e->second);
    put(name, *v);
  }
  for (; e != extras.end(); ++e) put(e->first, e->second);
  auto repeats = answers.RepeatNames();
  std::sort(repeats.begin(), repeats.end());
  repeats.erase(std::unique(repeats.begin(), repeats.end()), repeats.end());
  for (std::string_view name : repeats) {
    key_ += '\x1d';
    key_ += name;
    for (std::size_t k = 0, size = answers.RepeatSize(name); k < size; ++k) {
      auto pairs = answers.RepeatInstance(name, k).Pairs();
      std::stable_sort(pairs.begin(), pairs.end(), [](const NameValue& a, const NameValue& b) { return a.first < b.first; });
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (i + 1 < pairs.size() && pairs[i + 1].first == pairs[i].first) continue;  // the last one counts
        key_ += '\x1f';
        key_ += pairs[i].first;
        key_ += '=';
        key_ += pairs[i].second;
      }
      key_ += '\x1e';
    }
  }
  row.fingerprint = std::hash<std::string>{}(key_);
  rows_.push_back(row);
}

std::vector<std::vector<std::string>> FlagScanner::Finish() const {
  std::vector<double> times;
  for (const Row& r : rows_) {
    if (r.complete && r.timed && r.taken >= 0) times.push_back(r.taken);
  }
  const double median = times.size() >= opts_.min_timed_for_speeders ? Median(std::move(times)) : 0;
  std::unordered_map<std::uint64_t, int> seen;  // fingerprint → complete responses with it
  for (const Row& r : rows_) {
    if (r.complete) ++seen[r.fingerprint];
  }
  std::vector<std::vector<std::string>> flags(rows_.size());
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    auto& out = flags[i];
    // In name order, as the lists are shown.
    if (r.abandoned) out.push_back("abandoned");
    if (r.complete && seen[r.fingerprint] >= 2) out.push_back("duplicate");
    if (r.honeypot) out.push_back("honeypot");
    if (r.complete && median > 0 && r.timed && r.taken * 3 < median) out.push_back("speeder");
    if (r.complete && r.straight) out.push_back("straightliner");
  }
  return flags;
}

std::vector<std::vector<std::string>> ComputeFlags(const form::Form& f, const std::vector<FlagInput>& rs,
                                                   const FlagOptions& opts) {
  FlagScanner scan(f, opts);
  for (const FlagInput& r : rs) scan.Add(r);
  return scan.Finish();
}

}  // namespace mcs::web::admin
