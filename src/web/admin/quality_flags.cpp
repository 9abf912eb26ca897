#include "web/admin/quality_flags.h"

#include <algorithm>
#include <map>

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

std::vector<std::vector<std::string>> ComputeFlags(const form::Form& f, const std::vector<FlagInput>& rs,
                                                   const FlagOptions& opts) {
  std::vector<std::vector<std::string>> flags(rs.size());
  std::vector<double> times;
  for (const auto& r : rs) {
    if (r.complete && r.timed && r.submitted_at >= r.started_at)
      times.push_back(static_cast<double>(r.submitted_at - r.started_at));
  }
  const double median = times.size() >= opts.min_timed_for_speeders ? Median(times) : 0;
  const auto matrices = Matrices(f);
  const auto honeypots = Honeypots(f);
  std::map<std::string, std::vector<std::size_t>> by_answers;
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const FlagInput& r = rs[i];
    auto& out = flags[i];
    if (!r.complete) {
      if (opts.now - r.updated_at > opts.abandoned_after) out.push_back("abandoned");
    } else {
      if (median > 0 && r.timed && static_cast<double>(r.submitted_at - r.started_at) * 3 < median)
        out.push_back("speeder");
      for (const auto& items : matrices) {
        const std::string& first = r.answers.Get(f, items[0]->name, -1);
        bool same = !first.empty() && std::all_of(items.begin(), items.end(), [&](const form::Node* n) {
          return r.answers.Get(f, n->name, -1) == first;
        });
        if (same) {
          out.push_back("straightliner");
          break;
        }
      }
      by_answers[Fingerprint(f, r.answers)].push_back(i);
    }
    for (const form::Node* h : honeypots) {
      if (!r.answers.Get(f, h->name, -1).empty()) {
        out.push_back("honeypot");
        break;
      }
    }
  }
  for (const auto& [key, members] : by_answers) {
    if (members.size() < 2) continue;
    for (std::size_t i : members) flags[i].push_back("duplicate");
  }
  for (auto& f2 : flags) std::sort(f2.begin(), f2.end());
  return flags;
}

}  // namespace mcs::web::admin
