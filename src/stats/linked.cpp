#include "stats/linked.h"

#include <algorithm>
#include <limits>
#include <set>

#include "stats/suppress.h"

namespace mcs::stats {

std::size_t Linked::At(const std::string& key, long long n, bool published) {
  auto [it, fresh] = keys_.emplace(key, nodes.size());
  if (fresh) {
    Node x;
    x.n = n;
    x.published = published;
    nodes.push_back(x);
  }
  return it->second;
}

namespace {

// Counts are whole numbers; an upper bound nobody knows is kInf (sums count such members apart).
constexpr long long kInf = std::numeric_limits<long long>::max() / 4;
using Wide = __int128;

// The equations as flat arrays, built once per system (only hidden flags change while suppressing):
// equation e's members are members[start[e]..start[e+1]), its total first; node v's equations are
// node_eqs[node_start[v]..node_start[v+1]).
struct Graph {
  std::vector<std::size_t> start, members, node_start, node_eqs;
  explicit Graph(const Linked& l) {
    const std::size_t V = l.nodes.size(), E = l.equations.size();
    start.reserve(E + 1);
    start.push_back(0);
    for (const Linked::Equation& e : l.equations) {
      members.push_back(e.total);
      members.insert(members.end(), e.parts.begin(), e.parts.end());
      start.push_back(members.size());
    }
    node_start.assign(V + 1, 0);
    for (std::size_t m : members) ++node_start[m + 1];
    for (std::size_t v = 0; v < V; ++v) node_start[v + 1] += node_start[v];
    node_eqs.resize(members.size());
    std::vector<std::size_t> fill(node_start.begin(), node_start.end() - 1);
    for (std::size_t e = 0; e < E; ++e)
      for (std::size_t k = start[e]; k < start[e + 1]; ++k) node_eqs[fill[members[k]]++] = e;
  }
  std::size_t equations() const { return start.size() - 1; }
};

// Bounds a reader has on every node after propagation to a fixed point (lo == hi: pinned). A
// reader knows every shown count exactly, that a hidden count is at least 1 (zeros are shown) and
// an unpublished one at least 0; total − Σ parts = 0 bounds each member by what the others leave.
// A work list: an equation is looked at again only when one of its members moved.
struct Propagator {
  const Linked& l;
  const Graph& g;
  std::vector<long long> lo, hi;
  std::vector<std::size_t> queue;
  std::vector<char> queued;

  Propagator(const Linked& linked, const Graph& graph) : l(linked), g(graph) {}

  void Run() {
    const std::size_t V = l.nodes.size(), E = g.equations();
    lo.assign(V, 0);
    hi.assign(V, kInf);
    for (std::size_t i = 0; i < V; ++i) {
      const Linked::Node& x = l.nodes[i];
      if ((x.published && !x.hidden) || x.known)
        lo[i] = hi[i] = x.n;
      else if (x.published)
        lo[i] = 1;  // hidden: zeros are shown
    }
    queue.resize(E);
    for (std::size_t e = 0; e < E; ++e) queue[e] = e;
    queued.assign(E, 1);
    std::size_t head = 0, budget = 400 * (E + 1);
    while (head < queue.size() && budget-- > 0) {
      const std::size_t ei = queue[head++];
      queued[ei] = 0;
      const std::size_t* m = g.members.data() + g.start[ei];
      const std::size_t* m_end = g.members.data() + g.start[ei + 1];
      const std::size_t total = *m;
      // Σ parts ∈ [plo, phi] (phi over the finite members; inf_parts of them unbounded).
      // Sums in 128 bits: an inconsistent system (a reader's bounds crossing) drives bounds apart
      // until the work budget ends; Tighten keeps them within ±kInf, so nothing overflows.
      Wide plo = 0, phi = 0;
      int inf_parts = 0;
      for (const std::size_t* p = m + 1; p != m_end; ++p) {
        plo += lo[*p];
        if (hi[*p] >= kInf)
          ++inf_parts;
        else
          phi += hi[*p];
      }
      Tighten(total, plo, inf_parts ? kInf : phi);
      for (const std::size_t* p = m + 1; p != m_end; ++p) {
        // plo/phi hold the bounds from before this member moved: still valid, only looser.
        const Wide olo = plo - lo[*p];
        const bool p_inf = hi[*p] >= kInf;
        const int oinf = inf_parts - (p_inf ? 1 : 0);
        const Wide nlo = oinf ? Wide(-kInf) : Wide(lo[total]) - (phi - (p_inf ? 0 : hi[*p]));
        const Wide nhi = hi[total] >= kInf ? Wide(kInf) : Wide(hi[total]) - olo;
        Tighten(*p, nlo, nhi);
      }
      if (head > 4096 && head * 2 > queue.size()) {  // keep the list short
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head));
        head = 0;
      }
    }
  }

 private:
  void Tighten(std::size_t v, Wide wide_lo, Wide wide_hi) {
    const long long nlo = static_cast<long long>(std::clamp<Wide>(wide_lo, -kInf, kInf));
    const long long nhi = static_cast<long long>(std::clamp<Wide>(wide_hi, -kInf, kInf));
    bool moved = false;
    if (nlo > lo[v]) {
      lo[v] = nlo;
      moved = true;
    }
    if (nhi < hi[v]) {
      hi[v] = nhi;
      moved = true;
    }
    if (!moved) return;
    for (std::size_t k = g.node_start[v]; k < g.node_start[v + 1]; ++k) {
      const std::size_t o = g.node_eqs[k];
      if (!queued[o]) {
        queued[o] = 1;
        queue.push_back(o);
      }
    }
  }
};

// Candidates tried per pinned node (Suppress with trials).
constexpr std::size_t kTrials = 16;

bool Sensitive(const Linked& l, std::size_t i, int min_cell) {
  const Linked::Node& x = l.nodes[i];
  if (x.published) return x.hidden;
  return x.n > 0 && x.n < min_cell;
}

}  // namespace

std::size_t Pin(const Linked& l, int min_cell) {
  const Graph g(l);
  Propagator b(l, g);
  b.Run();
  for (std::size_t i = 0; i < l.nodes.size(); ++i)
    if (Sensitive(l, i, min_cell) && b.lo[i] >= b.hi[i]) return i;
  return l.nodes.size();
}

void Suppress(Linked& l, int min_cell, bool trials) {
  if (min_cell <= 1) return;
  const std::size_t V = l.nodes.size();
  std::vector<bool> given(V);  // hidden before: primary, or hidden by another question's plan
  for (auto& x : l.nodes)
    if (x.published && !x.fixed && x.n > 0 && x.n < min_cell) x.hidden = true;
  for (std::size_t i = 0; i < V; ++i) given[i] = l.nodes[i].hidden;
  const Graph g(l);
  Propagator b(l, g);
  // Nodes a reader pins down even with everything hidden that may be (a count equal to shown
  // counts fixed elsewhere, e.g. the base when the response count is shown and nobody skipped):
  // hiding them protects nothing, so they are never chosen as partners nor worked on.
  std::vector<bool> hopeless(V, false);
  {
    std::vector<bool> was(V);
    for (std::size_t i = 0; i < V; ++i) {
      was[i] = l.nodes[i].hidden;
      auto& x = l.nodes[i];
      if (x.published && !x.fixed && x.n > 0) x.hidden = true;
    }
    b.Run();
    for (std::size_t i = 0; i < V; ++i) {
      hopeless[i] = b.lo[i] >= b.hi[i];
      l.nodes[i].hidden = was[i];
    }
  }
  auto hideable = [&](std::size_t i) {
    const auto& x = l.nodes[i];
    return x.published && !x.fixed && !x.hidden && x.n > 0 && !hopeless[i];
  };
  auto by_size = [&](std::size_t a, std::size_t b) {
    return l.nodes[a].n != l.nodes[b].n ? l.nodes[a].n < l.nodes[b].n : a < b;
  };
  auto pinned = [&](std::size_t i) { return !hopeless[i] && Sensitive(l, i, min_cell) && b.lo[i] >= b.hi[i]; };
  auto any_pinned = [&] {
    b.Run();
    for (std::size_t i = 0; i < V; ++i)
      if (pinned(i)) return true;
    return false;
  };
  std::vector<int> hop(V, 3);
  std::vector<char> touched(g.equations(), 0);
  std::vector<char> shared(V, 0);  // "N" and the method section's "<j>:all:<b>"
  for (const auto& [key, i] : l.keys()) shared[i] = key == "N" || key.find(":all:") != std::string::npos;
  std::vector<std::size_t> seen, frontier, next, cand;
  // Hideable counts by hops from t (1: in an equation with t; 2: in an equation with those), in
  // cand by hops then size.
  auto candidates = [&](std::size_t t, bool any) {
    for (std::size_t x : seen) hop[x] = 3;
    seen.assign(1, t);
    hop[t] = 0;
    frontier.assign(1, t);
    cand.clear();
    for (int h = 1; h <= 2; ++h) {
      next.clear();
      const std::size_t from = cand.size();
      for (std::size_t m : frontier)
        for (std::size_t k = g.node_start[m]; k < g.node_start[m + 1]; ++k) {
          const std::size_t e = g.node_eqs[k];
          for (std::size_t q = g.start[e]; q < g.start[e + 1]; ++q) {
            const std::size_t x = g.members[q];
            if (hop[x] <= h) continue;
            hop[x] = h;
            seen.push_back(x);
            next.push_back(x);
            if (hideable(x)) cand.push_back(x);
          }
        }
      std::sort(cand.begin() + static_cast<std::ptrdiff_t>(from), cand.end(), by_size);
      frontier.swap(next);
    }
    if (any) {
      const std::size_t from = cand.size();
      for (std::size_t i = 0; i < V; ++i)
        if (hop[i] == 3 && hideable(i)) cand.push_back(i);
      std::sort(cand.begin() + static_cast<std::ptrdiff_t>(from), cand.end(), by_size);
    }
  };
  // With trials (one question's tables): one pinned node at a time, its partner chosen by trying
  // the nearest, smallest candidates (the first in an equation with it whose hiding frees it
  // without being pinned itself, else the first not pinned itself). Without (a whole form): rounds,
  // each propagating once and giving every pinned node whose equations got no partner yet in the
  // round the nearest, smallest candidate. Either way the loop ends only when a reader pins nothing
  // or nothing is left to hide: the choice affects how much is hidden, not whether it suffices.
  const bool rounds = !trials;
  for (std::size_t round = 0; round <= V; ++round) {
    b.Run();
    std::vector<std::size_t> pins;
    for (std::size_t i = 0; i < V; ++i)
      if (pinned(i)) {
        pins.push_back(i);
        if (!rounds) break;
      }
    if (pins.empty()) break;
    std::fill(touched.begin(), touched.end(), 0);
    bool hid_any = false;
    for (std::size_t t : pins) {
      bool partnered = false;
      for (std::size_t k = g.node_start[t]; k < g.node_start[t + 1] && !partnered; ++k)
        partnered = touched[g.node_eqs[k]];
      if (partnered) continue;  // a partner hidden this round may free it: looked at again next round
      candidates(t, true);
      if (cand.empty()) continue;  // nothing left to hide (what pins it is fixed elsewhere)
      std::size_t pick = cand.front();
      if (rounds) {
        // A count other questions share (the method section's) last: hiding it rarely frees anything
        // (a question everyone answered shows it again as a column's n) and hides it in every table.
        for (std::size_t c : cand)
          if (!shared[c]) {
            pick = c;
            break;
          }
      }
      if (!rounds) {
        Propagator trial(l, g);
        pick = V;
        // Only a count in an equation with t can free it alone.
        for (std::size_t c = 0; c < cand.size() && c < kTrials && hop[cand[c]] == 1 && pick == V; ++c) {
          l.nodes[cand[c]].hidden = true;
          trial.Run();
          l.nodes[cand[c]].hidden = false;
          if (trial.lo[cand[c]] < trial.hi[cand[c]] && trial.lo[t] < trial.hi[t]) pick = cand[c];
        }
        // None frees t alone: the first not pinned itself (one more unknown), else the smallest.
        for (std::size_t c = 0; c < cand.size() && c < kTrials && pick == V; ++c) {
          l.nodes[cand[c]].hidden = true;
          trial.Run();
          l.nodes[cand[c]].hidden = false;
          if (trial.lo[cand[c]] < trial.hi[cand[c]]) pick = cand[c];
        }
        if (pick == V) pick = cand.front();
      }
      l.nodes[pick].hidden = true;
      hid_any = true;
      for (std::size_t node : {t, pick})
        for (std::size_t k = g.node_start[node]; k < g.node_start[node + 1]; ++k) touched[g.node_eqs[k]] = 1;
    }
    if (!hid_any) return;  // pinned by what is fixed elsewhere: nothing here can help
  }
  // Greedy choices hide more than needed: each partner is shown again, the largest first, when
  // nothing becomes pinned without it.
  std::vector<std::size_t> partners;
  for (std::size_t i = 0; i < V; ++i)
    if (l.nodes[i].hidden && !given[i]) partners.push_back(i);
  std::sort(partners.begin(), partners.end(), [&](std::size_t a, std::size_t c) { return by_size(c, a); });
  for (std::size_t i : partners) {
    l.nodes[i].hidden = false;
    if (any_pinned()) l.nodes[i].hidden = true;
  }
}

const QuestionTables::By* QuestionTables::Find(const std::string& name) const {
  for (const auto& b : by)
    if (b.name == name) return &b;
  return nullptr;
}

QuestionSpec PlanQuestion(const Dataset& ds, const Variable* by, Variable& region, Variable* countries, int min_cell) {
  QuestionSpec s;
  auto add = [&](const Variable* v) {
    if (!v || v->kind != VarKind::kCategory) return;
    for (const Variable* x : s.breakdowns)
      if (x->name == v->name) return;
    s.breakdowns.push_back(v);
  };
  // In one order whatever `by` is, so that every document plans alike.
  const Variable* group = ds.Find("group");
  const Variable* country = ds.Find("country");
  if (countries && country && country->kind == VarKind::kCategory) {
    *countries = GroupThinCountries(*country, min_cell);
    country = countries;
  }
  add(group);
  add(country);
  if (country && country->kind == VarKind::kCategory) {
    region = Regions(*country);
    add(&region);
  }
  add(by);
  for (const Variable* m : {group, country})
    if (m && m->kind == VarKind::kCategory) s.margins.push_back(m);
  return s;
}

namespace {

std::string K(const std::string& a, const std::string& b, const std::string& c) {
  return a + ":" + b + ":" + c;
}

}  // namespace

Linked BuildQuestion(const Dataset& ds, const QuestionSpec& spec, int min_cell) {
  Linked l;
  const std::size_t rows = ds.rows();
  // The question's answer per respondent: a row index per "line" (one line for a single choice, one
  // per choice for a select_multiple: 0 not chosen, 1 chosen), kMissing when not answered.
  std::vector<const Variable*> lines;
  if (spec.question) {
    lines.push_back(spec.question);
  } else {
    for (const auto& v : ds.vars())
      if (v.question == spec.multiple) lines.push_back(&v);
  }
  const bool multi = !spec.question;
  if (lines.empty()) return l;
  const std::size_t N = l.At("N", static_cast<long long>(rows));
  l.nodes[N].fixed = true;
  long long base_n = 0, miss_n = 0;
  for (std::size_t i = 0; i < rows; ++i) (lines[0]->cat[i] == kMissing ? miss_n : base_n) += 1;
  const std::size_t base = l.At("base", base_n), miss = l.At("miss", miss_n);
  l.Sum(N, {base, miss});
  // Answer categories of each line: a single choice's codes; a choice's "1" (chosen) and "0".
  auto codes_of = [&](std::size_t li) { return multi ? std::size_t{2} : lines[li]->codes.size(); };
  // The frequency table's counts: q:<r> (single) or q:<i> chosen and not:<i> not chosen (multiple).
  auto freq_key = [&](std::size_t li, std::size_t r) {
    return multi ? (r == 1 ? "q:" + std::to_string(li) : "not:" + std::to_string(li)) : "q:" + std::to_string(r);
  };
  for (std::size_t li = 0; li < lines.size(); ++li) {
    std::vector<long long> n(codes_of(li), 0);
    for (std::size_t i = 0; i < rows; ++i)
      if (lines[li]->cat[i] != kMissing) ++n[static_cast<std::size_t>(lines[li]->cat[i])];
    std::vector<std::size_t> parts;
    for (std::size_t r = 0; r < n.size(); ++r) parts.push_back(l.At(freq_key(li, r), n[r]));
    l.Sum(base, parts);
  }
  // Each breakdown: the cross-tab of every line by it, with "did not answer" rows and columns
  // (unpublished), column n (answered the question, in the column) and the column's everyone.
  const std::size_t J = spec.breakdowns.size();
  std::vector<std::vector<std::int32_t>> coarse(J);  // j's column → a finer breakdown's columns
  std::vector<std::size_t> parent(J, J);
  for (std::size_t j = 0; j < J; ++j) {
    const Variable& b = *spec.breakdowns[j];
    // A coarsening of an earlier breakdown (regions of countries): its cells are sums of that one's.
    for (std::size_t a = 0; a < J && parent[j] == J; ++a) {
      const Variable& f = *spec.breakdowns[a];
      if (a == j || b.name != "_region" || f.codes.size() <= b.codes.size() || f.cat.size() != rows ||
          b.cat.size() != rows)
        continue;
      std::vector<std::int32_t> map(f.codes.size(), -2);
      bool ok = true;
      for (std::size_t i = 0; i < rows && ok; ++i) {
        const std::int32_t fc = f.cat[i], bc = b.cat[i];
        if ((fc == kMissing) != (bc == kMissing))
          ok = false;
        else if (fc != kMissing) {
          auto& m = map[static_cast<std::size_t>(fc)];
          if (m == -2)
            m = bc;
          else if (m != bc)
            ok = false;
        }
      }
      if (ok) {
        parent[j] = a;
        coarse[j] = map;
      }
    }
  }
  for (std::size_t j = 0; j < J; ++j) {
    const Variable& b = *spec.breakdowns[j];
    const std::string js = std::to_string(j);
    const std::size_t C = b.codes.size();
    // One category: its cross-tab is the frequency table again (SuppressQuestion copies its flags).
    if (C < 2) continue;
    auto col_key = [&](std::size_t c) { return c == C ? std::string("m") : std::to_string(c); };
    // counts[line][row][col], row codes_of(line) = "did not answer", col C = breakdown not answered.
    std::vector<std::vector<std::vector<long long>>> cnt(lines.size());
    for (std::size_t li = 0; li < lines.size(); ++li)
      cnt[li].assign(codes_of(li) + 1, std::vector<long long>(C + 1, 0));
    for (std::size_t i = 0; i < rows; ++i) {
      const std::size_t c = b.cat[i] == kMissing ? C : static_cast<std::size_t>(b.cat[i]);
      for (std::size_t li = 0; li < lines.size(); ++li) {
        const std::size_t r =
            lines[li]->cat[i] == kMissing ? codes_of(li) : static_cast<std::size_t>(lines[li]->cat[i]);
        ++cnt[li][r][c];
      }
    }
    auto cell_key = [&](std::size_t li, std::size_t r, std::size_t c) {
      if (r == codes_of(li)) return K(js, "m", col_key(c));  // did not answer: shared by every line
      return K(js, multi ? std::to_string(li) + "." + std::to_string(r) : std::to_string(r), col_key(c));
    };
    const auto mat = std::find(spec.margins.begin(), spec.margins.end(), &b);
    const bool margin = mat != spec.margins.end();
    // The margin's table as published so far (else as suppressed alone): hidden counts stay hidden,
    // and more may be hidden here (FormPlan carries them to every other question).
    FreqTable mt;
    if (margin) {
      const auto mi = static_cast<std::size_t>(mat - spec.margins.begin());
      if (mi < spec.margin_tables.size()) {
        mt = spec.margin_tables[mi];
      } else {
        QuestionSpec ms;
        ms.question = &b;
        mt = SuppressQuestion(ds, ms, {}, min_cell).freq;
      }
    }
    std::vector<std::size_t> all_cols, n_cols;
    for (std::size_t c = 0; c <= C; ++c) {
      long long coln = 0, all = 0;
      for (std::size_t r = 0; r < codes_of(0); ++r) coln += cnt[0][r][c];
      all = coln + cnt[0][codes_of(0)][c];
      const std::size_t ncol = l.At(K(js, "n", col_key(c)), coln, c < C);
      const std::size_t acol = l.At(K(js, "all", col_key(c)), all, margin);
      // The method section's counts stay as its own suppression left them (fixed): a question hiding
      // them as partners hid, question by question, the whole table; a question protects its
      // counts with its own.
      if (margin) {
        l.nodes[acol].hidden = all > 0 && (c < C ? mt.rows[c].suppressed : mt.missing_suppressed);  // a 0 is shown
        l.nodes[acol].fixed = true;
      }
      const std::size_t mcell = l.At(cell_key(0, codes_of(0), c), cnt[0][codes_of(0)][c], false);
      l.Sum(acol, {ncol, mcell});
      all_cols.push_back(acol);
      n_cols.push_back(ncol);
      for (std::size_t li = 0; li < lines.size(); ++li) {
        std::vector<std::size_t> parts;
        for (std::size_t r = 0; r < codes_of(li); ++r) parts.push_back(l.At(cell_key(li, r, c), cnt[li][r][c], c < C));
        l.Sum(ncol, parts);
        if (!spec.share.empty() && !multi && c < C) {  // the share (a battery's positive side) and the rest
          std::vector<std::size_t> in, out;
          long long s = 0;
          for (std::size_t r = 0; r < codes_of(li); ++r) {
            const bool yes = std::find(spec.share.begin(), spec.share.end(), static_cast<int>(r)) != spec.share.end();
            (yes ? in : out).push_back(parts[r]);
            if (yes) s += cnt[li][r][c];
          }
          const std::size_t sn = l.At(K(js, "s", col_key(c)), s), ns = l.At(K(js, "ns", col_key(c)), coln - s);
          l.Sum(sn, in);
          l.Sum(ns, out);
          l.Sum(ncol, {sn, ns});
        }
      }
    }
    if (margin && mt.n > 0) {
      // The margin's base (everyone who answered the breakdown) and its "did not answer".
      const std::size_t mb = l.At(K(js, "all", "base"), mt.n, true);
      l.nodes[mb].hidden = mt.total_suppressed;
      l.nodes[mb].fixed = true;
      std::vector<std::size_t> parts(all_cols.begin(), all_cols.end() - 1);
      l.Sum(mb, parts);
      l.Sum(N, {mb, all_cols.back()});
    }
    l.Sum(N, all_cols);
    l.Sum(base, n_cols);
    if (margin && spec.question == &b) {  // the question is the margin itself: the same counts twice
      for (std::size_t c = 0; c < C; ++c) l.Sum(l.At("q:" + std::to_string(c), 0), {all_cols[c]});
      l.Sum(miss, {all_cols.back()});
    }
    // Rows: each frequency count is its row's sum over the columns (breakdown not answered included).
    for (std::size_t li = 0; li < lines.size(); ++li)
      for (std::size_t r = 0; r <= codes_of(li); ++r) {
        if (r == codes_of(li) && li > 0) continue;  // "did not answer" is one row for every choice
        std::vector<std::size_t> parts;
        for (std::size_t c = 0; c <= C; ++c) parts.push_back(l.At(cell_key(li, r, c), cnt[li][r][c]));
        l.Sum(r == codes_of(li) ? miss : l.At(freq_key(li, r), 0), parts);
      }
  }
  // A coarsening (regions of countries): each of its cells is the sum of the finer one's it groups.
  for (std::size_t j = 0; j < J; ++j) {
    const Variable& b = *spec.breakdowns[j];
    const std::string js = std::to_string(j);
    const std::size_t C = b.codes.size();
    auto col_key = [&](std::size_t c) { return c == C ? std::string("m") : std::to_string(c); };
    if (parent[j] != J) {
      const std::string ps = std::to_string(parent[j]);
      const std::size_t F = spec.breakdowns[parent[j]]->codes.size();
      for (std::size_t c = 0; c < C; ++c) {
        std::vector<std::size_t> fine_n, fine_all;
        std::vector<std::vector<std::size_t>> fine_cells;
        for (std::size_t f = 0; f < F; ++f) {
          if (coarse[j][f] != static_cast<std::int32_t>(c)) continue;
          fine_n.push_back(l.At(K(ps, "n", std::to_string(f)), 0));
          fine_all.push_back(l.At(K(ps, "all", std::to_string(f)), 0));
        }
        if (fine_n.empty()) continue;
        l.Sum(l.At(K(js, "n", col_key(c)), 0), fine_n);
        l.Sum(l.At(K(js, "all", col_key(c)), 0), fine_all);
        for (std::size_t li = 0; li < lines.size(); ++li)
          for (std::size_t r = 0; r <= codes_of(li); ++r) {
            std::vector<std::size_t> parts;
            const std::string rk = r == codes_of(li) ? "m"
                                   : multi           ? std::to_string(li) + "." + std::to_string(r)
                                                     : std::to_string(r);
            for (std::size_t f = 0; f < F; ++f)
              if (coarse[j][f] == static_cast<std::int32_t>(c)) parts.push_back(l.At(K(ps, rk, std::to_string(f)), 0));
            l.Sum(l.At(K(js, rk, col_key(c)), 0), parts);
          }
      }
    }
  }
  return l;
}

namespace {

// The tables' hidden flags from the suppressed system (out.linked).
void Apply(const Dataset& ds, const QuestionSpec& spec, const Weights& w, const std::vector<const Variable*>& lines,
           QuestionTables& out) {
  (void)ds;
  const Linked& l = out.linked;
  out.by.clear();
  auto hidden = [&](const std::string& key) {
    auto it = l.keys().find(key);
    return it != l.keys().end() && l.nodes[it->second].hidden;
  };
  const bool multi = !spec.question;
  // Rows by position: Frequencies lists every code in order, MultipleResponse every choice.
  for (std::size_t r = 0; r < out.freq.rows.size(); ++r) out.freq.rows[r].suppressed = hidden("q:" + std::to_string(r));
  out.freq.total_suppressed = hidden("base");
  out.missing_hidden = hidden("miss") || out.freq.total_suppressed;
  out.freq.missing_suppressed = out.missing_hidden;
  for (std::size_t j = 0; j < spec.breakdowns.size(); ++j) {
    const Variable& b = *spec.breakdowns[j];
    const std::string js = std::to_string(j);
    QuestionTables::By by;
    by.name = b.name;
    for (std::size_t li = 0; li < lines.size(); ++li) {
      by.tabs.push_back(Cross(*lines[li], b, {}, w));
      CrossTab& c = by.tabs.back();
      const std::size_t R = c.rows(), C = c.cols();
      c.suppressed.assign(R * C, false);
      c.row_n_suppressed.assign(R, false);
      c.col_n_suppressed.assign(C, false);
      for (std::size_t r = 0; r < R; ++r) {
        const std::string rk = multi ? std::to_string(li) + "." + std::to_string(r) : std::to_string(r);
        for (std::size_t k = 0; k < C; ++k) c.suppressed[r * C + k] = hidden(K(js, rk, std::to_string(k)));
        c.row_n_suppressed[r] = multi
                                    ? (r == 1 ? hidden("q:" + std::to_string(li)) : hidden("not:" + std::to_string(li)))
                                    : hidden("q:" + std::to_string(r));
      }
      for (std::size_t k = 0; k < C; ++k) c.col_n_suppressed[k] = hidden(K(js, "n", std::to_string(k)));
      if (b.codes.size() < 2) {  // one column: the frequency table's counts, as it hides them
        for (std::size_t r = 0; r < R; ++r)
          for (std::size_t k = 0; k < C; ++k) c.suppressed[r * C + k] = c.row_n_suppressed[r];
        for (std::size_t k = 0; k < C; ++k) c.col_n_suppressed[k] = out.freq.total_suppressed;
      }
    }
    if (const auto mat = std::find(spec.margins.begin(), spec.margins.end(), &b); mat != spec.margins.end()) {
      const auto mi = static_cast<std::size_t>(mat - spec.margins.begin());
      if (out.margins.size() <= mi) out.margins.resize(spec.margins.size());
      FreqTable& mt = out.margins[mi];
      mt = Frequencies(b);
      for (std::size_t k = 0; k < mt.rows.size(); ++k) mt.rows[k].suppressed = hidden(K(js, "all", std::to_string(k)));
      mt.total_suppressed = hidden(K(js, "all", "base"));
      mt.missing_suppressed = hidden(K(js, "all", "m")) || mt.total_suppressed;
    }
    by.share_hidden.assign(b.codes.size(), false);
    for (std::size_t k = 0; k < b.codes.size(); ++k)
      by.share_hidden[k] = hidden(K(js, "s", std::to_string(k))) || hidden(K(js, "ns", std::to_string(k))) ||
                           hidden(K(js, "n", std::to_string(k)));
    out.by.push_back(std::move(by));
  }
}

}  // namespace

QuestionTables SuppressQuestion(const Dataset& ds, const QuestionSpec& spec, const Weights& w, int min_cell) {
  QuestionTables out;
  out.freq = spec.question ? Frequencies(*spec.question, {}, w) : MultipleResponse(ds, spec.multiple, {}, w);
  std::vector<const Variable*> lines;
  if (spec.question) {
    lines.push_back(spec.question);
  } else {
    for (const auto& r : out.freq.rows) lines.push_back(ds.Find(spec.multiple + "/" + r.code));
    for (const Variable* x : lines)
      if (!x) return out;  // not a select_multiple of this dataset: nothing to plan
  }
  if (lines.empty() || min_cell <= 1) {
    for (const Variable* b : spec.breakdowns) {
      QuestionTables::By by;
      by.name = b->name;
      for (const Variable* x : lines) {
        by.tabs.push_back(Cross(*x, *b, {}, w));
        CrossTab& c = by.tabs.back();
        c.suppressed.assign(c.n.size(), false);
        c.row_n_suppressed.assign(c.rows(), false);
        c.col_n_suppressed.assign(c.cols(), false);
      }
      by.share_hidden.assign(b->codes.size(), false);
      out.by.push_back(std::move(by));
    }
    return out;
  }
  out.linked = BuildQuestion(ds, spec, min_cell);
  Linked& l = out.linked;
  for (const auto& key : spec.known)
    if (auto it = l.keys().find(key); it != l.keys().end()) l.nodes[it->second].known = true;
  Suppress(l, min_cell);
  {
    const Graph g(l);
    Propagator b(l, g);
    b.Run();
    for (const auto& [key, i] : l.keys())
      if ((key == "N" || key.find(":all:") != std::string::npos) && b.lo[i] >= b.hi[i]) out.pinned_shared.insert(key);
  }
  Apply(ds, spec, w, lines, out);
  return out;
}

}  // namespace mcs::stats

namespace mcs::stats {

const QuestionTables* FormPlan::Find(const std::string& name) const {
  auto it = questions.find(name);
  return it == questions.end() ? nullptr : &it->second;
}

const FreqTable* FormPlan::Margin(const std::string& name) const {
  for (std::size_t i = 0; i < margin_vars.size() && i < margins.size(); ++i)
    if (margin_vars[i]->name == name) return &margins[i];
  return nullptr;
}

std::unique_ptr<FormPlan> PlanForm(const Dataset& ds, const Variable* by, int min_cell, const Weights& w,
                                   bool margins) {
  auto plan = std::make_unique<FormPlan>();
  QuestionSpec base = PlanQuestion(ds, by, plan->region, &plan->countries, min_cell);
  const Variable* raw_country = ds.Find("country");
  const Variable* raw_group = ds.Find("group");
  if (!margins) base.margins.clear();
  plan->margin_vars = base.margins;
  for (const Variable* m : base.margins) {
    QuestionSpec ms;
    ms.question = m;
    plan->margins.push_back(SuppressQuestion(ds, ms, {}, min_cell).freq);
  }
  // The questions: closed questions, and select_multiples by name (their choices' columns).
  std::vector<QuestionSpec> specs;
  std::vector<std::string> names;
  std::set<std::string> multiples;
  for (const auto& v : ds.vars()) {
    if (v.kind != VarKind::kCategory) continue;
    QuestionSpec s = base;
    if (v.question.empty()) {
      // The country question prints the method section's counts: as they are published.
      // The country question itself (when a derived column stands for it) likewise: the same
      // counts as the method section's when its answers are the derived column's.
      if (&v == raw_country && raw_country->kind == VarKind::kCategory) {
        s.question = &plan->countries;
      } else if (raw_country && v.name == "country") {
        plan->country_question = GroupThinCountries(v, min_cell);
        s.question =
            plan->country_question.cat == plan->countries.cat && plan->country_question.codes == plan->countries.codes
                ? &plan->countries
                : &plan->country_question;
      } else {
        s.question = &v;
      }
      // The group question likewise, when a derived column stands for it with the same answers.
      if (raw_group && v.name == "group" && &v != raw_group && v.cat == raw_group->cat && v.codes == raw_group->codes)
        s.question = raw_group;
      names.push_back(v.name);
    } else if (multiples.insert(v.question).second) {
      s.multiple = v.question;
      names.push_back(v.question);
    } else {
      continue;
    }
    specs.push_back(std::move(s));
  }
  auto merge = [](FreqTable& into, const FreqTable& from) {
    bool changed = false;
    auto set = [&](bool& a, bool b) {
      if (b && !a) {
        a = true;
        changed = true;
      }
    };
    for (std::size_t k = 0; k < into.rows.size() && k < from.rows.size(); ++k)
      set(into.rows[k].suppressed, from.rows[k].suppressed);
    set(into.total_suppressed, from.total_suppressed);
    set(into.missing_suppressed, from.missing_suppressed);
    return changed;
  };
  std::set<std::string> known;  // shared counts some question's tables give away
  // A margin's own question (the group question) prints the margin's counts again: what it hides,
  // the margin hides.
  // One round: each question sees the margins as the questions before it left them; what a reader
  // combines across questions the whole-form pass below takes care of.
  for (std::size_t round = 0; round < 1; ++round) {
    bool changed = false;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      specs[i].margin_tables = plan->margins;
      specs[i].known = known;
      QuestionTables t = SuppressQuestion(ds, specs[i], w, min_cell);
      for (const auto& key : t.pinned_shared) changed = known.insert(key).second || changed;
      for (std::size_t m = 0; m < t.margins.size() && m < plan->margins.size(); ++m)
        changed = merge(plan->margins[m], t.margins[m]) || changed;
      for (std::size_t m = 0; m < plan->margin_vars.size(); ++m)
        if (specs[i].question == plan->margin_vars[m]) {
          changed = merge(plan->margins[m], t.freq) || changed;
          merge(t.freq, plan->margins[m]);
        }
      plan->questions[names[i]] = std::move(t);
    }
    if (!changed) break;
  }
  // Each question was planned with the others' margins, but a reader combines all of a form's
  // tables at once (a country's hidden total bounded by one question's cells and another's): the
  // whole form as one system, every question's counts under its name and the shared ones (the
  // response count, everyone in a breakdown's column) once, suppressed until nothing follows.
  Linked all;
  std::vector<std::vector<std::size_t>> at(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const Linked& l = plan->questions[names[i]].linked;
    at[i].resize(l.nodes.size());
    for (const auto& [key, k] : l.keys()) {
      const bool shared = key == "N" || key.find(":all:") != std::string::npos;
      const std::size_t x = all.At(shared ? key : names[i] + "|" + key, l.nodes[k].n, l.nodes[k].published);
      all.nodes[x].hidden = all.nodes[x].hidden || l.nodes[k].hidden;
      // The method section's counts were fixed question by question; here, where a reader combines
      // every table, hiding one more of them may be what protects another.
      all.nodes[x].fixed = all.nodes[x].fixed || (l.nodes[k].fixed && !shared) || key == "N";
      at[i][k] = x;
    }
    for (const auto& e : l.equations) {
      std::vector<std::size_t> parts;
      for (std::size_t p : e.parts) parts.push_back(at[i][p]);
      all.Sum(at[i][e.total], std::move(parts));
    }
  }
  if (!all.nodes.empty()) {
    Suppress(all, min_cell, false);
    for (std::size_t i = 0; i < specs.size(); ++i) {
      QuestionTables& q = plan->questions[names[i]];
      if (q.linked.nodes.empty()) continue;
      for (std::size_t k = 0; k < q.linked.nodes.size(); ++k) q.linked.nodes[k].hidden = all.nodes[at[i][k]].hidden;
      std::vector<const Variable*> lines;
      if (specs[i].question)
        lines.push_back(specs[i].question);
      else
        for (const auto& r : q.freq.rows) lines.push_back(ds.Find(specs[i].multiple + "/" + r.code));
      Apply(ds, specs[i], w, lines, q);
      for (std::size_t m = 0; m < q.margins.size() && m < plan->margins.size(); ++m)
        merge(plan->margins[m], q.margins[m]);
    }
  }
  return plan;
}

}  // namespace mcs::stats
