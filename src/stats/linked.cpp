#include "stats/linked.h"

#include <algorithm>
#include <cmath>
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
  // False when the work budget ended before the fixed point: the bounds are valid but maybe looser
  // than a reader's, so nothing they leave open is proven open (Pin and Suppress count every
  // sensitive node as pinned then).
  bool complete = true;

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
    complete = head >= queue.size();
    // Crossed bounds (lo > hi) mean the equations contradict the counts: the model is wrong, and a
    // reader working from the true tables may know more than it says.
    for (std::size_t i = 0; i < V && complete; ++i) complete = lo[i] <= hi[i];
  }
  // lo >= hi: the reader knows the count (or, crossed, the system is inconsistent: the model is
  // wrong, and nothing it says is proven). Everything is when the propagation did not finish.
  bool Closed(std::size_t i) const { return !complete || lo[i] >= hi[i]; }

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
    if (Sensitive(l, i, min_cell) && b.Closed(i)) return i;
  return l.nodes.size();
}

std::vector<std::size_t> PinnedAll(const Linked& l, int min_cell) {
  const Graph g(l);
  Propagator b(l, g);
  b.Run();
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < l.nodes.size(); ++i)
    if (Sensitive(l, i, min_cell) && b.Closed(i)) out.push_back(i);
  return out;
}

namespace {

void SuppressGreedy(Linked& l, int min_cell, bool trials) {
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
      hopeless[i] = b.complete && b.lo[i] >= b.hi[i];
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
  auto pinned = [&](std::size_t i) { return !hopeless[i] && Sensitive(l, i, min_cell) && b.Closed(i); };
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
          if (!trial.Closed(cand[c]) && !trial.Closed(t)) pick = cand[c];
        }
        // None frees t alone: the first not pinned itself (one more unknown), else the smallest.
        for (std::size_t c = 0; c < cand.size() && c < kTrials && pick == V; ++c) {
          l.nodes[cand[c]].hidden = true;
          trial.Run();
          l.nodes[cand[c]].hidden = false;
          if (!trial.Closed(cand[c])) pick = cand[c];
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

}  // namespace

// The greedy search stops when a reader pins nothing, when nothing left to hide helps, or after
// a round per node: only the last proves anything, so the answer is checked again from scratch
// (the whole propagation, hopeless nodes included).
bool Suppress(Linked& l, int min_cell, bool trials) {
  if (min_cell <= 1) return true;
  SuppressGreedy(l, min_cell, trials);
  return Pin(l, min_cell) == l.nodes.size();
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
    // One category (every country in one region): no cells of its own (see above); its sums over
    // the finer columns would be nodes of 0 and contradict them.
    if (parent[j] != J && C >= 2) {
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

namespace {

// The questions: closed questions, and select_multiples by name (their choices' columns); number
// questions as "answered" categories (in plan.answered).
void CollectSpecs(const Dataset& ds, const QuestionSpec& base, int min_cell, FormPlan& plan_ref,
                  std::vector<QuestionSpec>& specs, std::vector<std::string>& names) {
  FormPlan* plan = &plan_ref;
  const Variable* raw_country = ds.Find("country");
  const Variable* raw_group = ds.Find("group");
  std::set<std::string> multiples;
  for (const auto& v : ds.vars()) {
    QuestionSpec s = base;
    if (v.kind == VarKind::kNumber && v.question.empty()) {
      // A number question's n, overall and by every breakdown: an "answered" category.
      Variable a;
      a.kind = VarKind::kCategory;
      a.name = v.name;
      a.label = v.label;
      a.codes = {"answered"};
      a.code_labels = a.codes;
      a.cat.resize(v.num.size());
      for (std::size_t r = 0; r < v.num.size(); ++r) a.cat[r] = std::isnan(v.num[r]) ? kMissing : 0;
      plan->answered.push_back(std::move(a));
      s.question = &plan->answered.back();
      names.push_back(v.name);
      specs.push_back(std::move(s));
      continue;
    }
    if (v.kind != VarKind::kCategory) continue;
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
}

}  // namespace

std::unique_ptr<FormPlan> PlanForm(const Dataset& ds, const Variable* by, int min_cell, const Weights& w,
                                   bool margins) {
  auto plan = std::make_unique<FormPlan>();
  const Variable* raw_country = ds.Find("country");
  const Variable* raw_group = ds.Find("group");
  // `by` another closed question: layered on the plan every other document publishes.
  const bool layered = by && by->kind == VarKind::kCategory && by->name != "_region" &&
                       !(raw_group && by->name == raw_group->name) && !(raw_country && by->name == raw_country->name);
  std::unique_ptr<FormPlan> under;
  if (layered) under = PlanForm(ds, nullptr, min_cell, w, margins);
  QuestionSpec base = PlanQuestion(ds, layered ? by : nullptr, plan->region, &plan->countries, min_cell);
  if (!margins) base.margins.clear();
  plan->margin_vars = base.margins;
  for (const Variable* m : base.margins) {
    QuestionSpec ms;
    ms.question = m;
    plan->margins.push_back(SuppressQuestion(ds, ms, {}, min_cell).freq);
  }
  std::vector<QuestionSpec> specs;
  std::vector<std::string> names;
  CollectSpecs(ds, base, min_cell, *plan, specs, names);
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
  // One pass: each question sees the margins as the questions before it left them; what a reader
  // combines across questions the whole-form pass below takes care of. Layered, the flags come
  // from the plan underneath: each question's system is only built.
  for (std::size_t i = 0; i < specs.size(); ++i) {
    specs[i].margin_tables = plan->margins;
    specs[i].known = known;
    QuestionTables t;
    if (layered) {
      t.freq =
          specs[i].question ? Frequencies(*specs[i].question, {}, w) : MultipleResponse(ds, specs[i].multiple, {}, w);
      t.linked = BuildQuestion(ds, specs[i], min_cell);
    } else {
      t = SuppressQuestion(ds, specs[i], w, min_cell);
      for (const auto& key : t.pinned_shared) known.insert(key);
      for (std::size_t m = 0; m < t.margins.size() && m < plan->margins.size(); ++m)
        merge(plan->margins[m], t.margins[m]);
      for (std::size_t m = 0; m < plan->margin_vars.size(); ++m)
        if (specs[i].question == plan->margin_vars[m]) {
          merge(plan->margins[m], t.freq);
          merge(t.freq, plan->margins[m]);
        }
    }
    plan->questions[names[i]] = std::move(t);
  }
  // Each question was planned with the others' margins, but a reader combines all of a form's
  // tables at once (a country's hidden total bounded by one question's cells and another's): the
  // whole form as one system, every question's counts under its name and the shared ones (the
  // response count, everyone in a breakdown's column) once, suppressed until nothing follows.
  Linked& all = plan->all;
  std::vector<std::vector<std::size_t>> at(specs.size());
  constexpr std::size_t kShared = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> owner;  // node → its question (kShared: the shared counts)
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const Linked& l = plan->questions[names[i]].linked;
    at[i].resize(l.nodes.size());
    for (const auto& [key, k] : l.keys()) {
      const bool shared = key == "N" || key.find(":all:") != std::string::npos;
      const std::size_t x = all.At(shared ? key : names[i] + "|" + key, l.nodes[k].n, l.nodes[k].published);
      owner.resize(all.nodes.size(), kShared);
      if (!shared) owner[x] = i;
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
  std::vector<bool> from_under(all.nodes.size(), false);
  if (layered) {
    // What the documents without `by` publish stays as they publish it; `by`'s columns are its own
    // frequency table's counts (everyone in the column), which a reader links.
    for (const auto& [key, x] : all.keys()) {
      auto it = under->all.keys().find(key);
      if (it != under->all.keys().end()) {
        all.nodes[x].hidden = under->all.nodes[it->second].hidden;
        all.nodes[x].published = under->all.nodes[it->second].published;
        all.nodes[x].fixed = true;
        from_under[x] = true;
      } else {
        all.nodes[x].hidden = false;
      }
    }
    const std::string js = std::to_string(base.breakdowns.size() - 1);
    auto link = [&](const std::string& col, const std::string& count) {
      auto a = all.keys().find(js + ":all:" + col);
      auto b = all.keys().find(by->name + "|" + count);
      if (a != all.keys().end() && b != all.keys().end()) all.Sum(a->second, {b->second});
    };
    for (std::size_t c = 0; c < by->codes.size(); ++c) link(std::to_string(c), "q:" + std::to_string(c));
    link("m", "miss");
  }
  std::set<std::size_t> withheld;  // questions whose tables (layered: by `by`) are not published
  if (!all.nodes.empty()) {
    bool proven = Suppress(all, min_cell, false);
    // The fallback when a count stays pinned: its question's tables are withheld (unpublished, so a
    // reader knows nothing of them, not even their zeros); a pinned count of the method section
    // hides that whole table. Then suppressed again; as many rounds as there are questions.
    for (std::size_t round = 0; !proven && round <= specs.size() + 1; ++round) {
      bool changed = false;
      for (std::size_t x : PinnedAll(all, min_cell)) {
        if (owner[x] == kShared && layered) {  // pinned through the new tables: withhold them all
          for (std::size_t i = 0; i < specs.size(); ++i) changed = withheld.insert(i).second || changed;
          for (std::size_t y = 0; y < all.nodes.size(); ++y)
            if (!from_under[y] && all.nodes[y].published) {
              all.nodes[y].published = false;
              all.nodes[y].hidden = false;
              all.nodes[y].fixed = true;
              changed = true;
            }
          continue;
        }
        if (owner[x] == kShared) {  // the method section's rows all hidden (not its bases: N less 0)
          for (const auto& [key, y] : all.keys()) {
            Linked::Node& n = all.nodes[y];
            const std::size_t colon = key.rfind(':');
            const bool row = key.find(":all:") != std::string::npos && colon + 1 < key.size() &&
                             key[colon + 1] >= '0' && key[colon + 1] <= '9';
            if (row && n.published && !n.hidden && n.n > 0 && !from_under[y]) {
              n.hidden = true;
              changed = true;
            }
          }
          continue;
        }
        if (!withheld.insert(owner[x]).second) continue;
        changed = true;
        for (std::size_t y = 0; y < all.nodes.size(); ++y)
          if (owner[y] == owner[x] && !from_under[y]) {
            all.nodes[y].published = false;
            all.nodes[y].hidden = false;
            all.nodes[y].fixed = true;
          }
      }
      if (!changed) break;
      proven = Suppress(all, min_cell, false);
    }
    plan->proven = proven;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      QuestionTables& q = plan->questions[names[i]];
      if (q.linked.nodes.empty()) continue;
      for (std::size_t k = 0; k < q.linked.nodes.size(); ++k) {
        q.linked.nodes[k].hidden = all.nodes[at[i][k]].hidden;
        q.linked.nodes[k].published = all.nodes[at[i][k]].published;
      }
      std::vector<const Variable*> lines;
      if (specs[i].question)
        lines.push_back(specs[i].question);
      else
        for (const auto& r : q.freq.rows) lines.push_back(ds.Find(specs[i].multiple + "/" + r.code));
      Apply(ds, specs[i], w, lines, q);
      if (withheld.count(i)) {
        // Every flag set too (zeros included), so that a document reading only the flags shows nothing.
        auto hide_by = [](QuestionTables::By& b) {
          b.withheld = true;
          for (auto& c : b.tabs) {
            c.suppressed.assign(c.suppressed.size(), true);
            c.row_n_suppressed.assign(c.row_n_suppressed.size(), true);
            c.col_n_suppressed.assign(c.col_n_suppressed.size(), true);
          }
          b.share_hidden.assign(b.share_hidden.size(), true);
        };
        if (layered) {
          for (auto& b : q.by)
            if (b.name == by->name) hide_by(b);
        } else {
          q.withheld = true;
          for (auto& r : q.freq.rows) r.suppressed = true;
          q.freq.total_suppressed = q.freq.missing_suppressed = q.missing_hidden = true;
          for (auto& b : q.by) hide_by(b);
        }
      }
      for (std::size_t m = 0; m < q.margins.size() && m < plan->margins.size(); ++m)
        merge(plan->margins[m], q.margins[m]);
    }
  }
  if (layered) {
    plan->margins = under->margins;
    plan->proven = plan->proven && under->proven;
  }
  PlanSums(ds, base.breakdowns, min_cell, *plan, layered ? under.get() : nullptr);
  return plan;
}

std::unique_ptr<FormPlan> PlanUnited(const Dataset& united, const std::vector<const Dataset*>& parts,
                                     const std::vector<const FormPlan*>& part_plans, int min_cell, const Weights& w) {
  auto plan = std::make_unique<FormPlan>();
  QuestionSpec base = PlanQuestion(united, nullptr, plan->region, &plan->countries, min_cell);
  plan->margin_vars = base.margins;
  for (const Variable* m : base.margins) plan->margins.push_back(Frequencies(*m));
  std::vector<QuestionSpec> specs;
  std::vector<std::string> names;
  CollectSpecs(united, base, min_cell, *plan, specs, names);
  const Variable* group = united.Find("group");
  // Which part each group column is (parts are the united rows in order, a group each).
  std::vector<std::size_t> part_of_col(group ? group->codes.size() : 0, parts.size());
  {
    std::size_t offset = 0;
    for (std::size_t f = 0; f < parts.size(); ++f) {
      for (std::size_t r = offset; r < offset + parts[f]->rows() && group; ++r)
        if (group->cat[r] != kMissing) part_of_col[static_cast<std::size_t>(group->cat[r])] = f;
      offset += parts[f]->rows();
    }
  }
  // A part's count under `key` of its question `q` known to a reader of its documents.
  auto part_known = [&](std::size_t f, const std::string& q, const std::string& key) {
    if (f >= part_plans.size() || !part_plans[f]) return false;
    const QuestionTables* t = part_plans[f]->Find(q);
    if (!t || t->withheld) return false;
    auto it = t->linked.keys().find(key);
    if (it == t->linked.keys().end()) return false;
    const Linked::Node& x = t->linked.nodes[it->second];
    return x.published && (!x.hidden || x.n == 0);
  };
  // The country `code` (as the united plan publishes countries) in part f: known when the part
  // shows it alone, or has no respondent from it and groups no countries.
  auto country_known = [&](std::size_t f, const std::string& code, bool margin) {
    if (f >= part_plans.size() || !part_plans[f]) return false;
    const FormPlan& pp = *part_plans[f];
    if (code.rfind("other_", 0) == 0) return false;  // a region's group: which countries is not said
    const auto at = std::find(pp.countries.codes.begin(), pp.countries.codes.end(), code);
    if (at == pp.countries.codes.end()) {
      for (const auto& c : pp.countries.codes)
        if (c.rfind("other_", 0) == 0) return false;
      return true;  // nobody from it, and every country the part has shown alone
    }
    const std::size_t g = static_cast<std::size_t>(at - pp.countries.codes.begin());
    if (margin) {
      const FreqTable* m = pp.Margin(pp.countries.name);
      return m && g < m->rows.size() && (!m->rows[g].suppressed || m->rows[g].n == 0);
    }
    const QuestionTables* t = pp.Find(pp.countries.name);
    return t && !t->withheld && g < t->freq.rows.size() && (!t->freq.rows[g].suppressed || t->freq.rows[g].n == 0);
  };
  for (std::size_t i = 0; i < specs.size(); ++i) {
    QuestionTables t;
    const QuestionSpec& spec = specs[i];
    t.freq = spec.question ? Frequencies(*spec.question, {}, w) : MultipleResponse(united, spec.multiple, {}, w);
    if (min_cell > 1) t.linked = BuildQuestion(united, spec, min_cell);
    Linked& l = t.linked;
    const bool country_q = spec.question == &plan->countries || spec.question == &plan->country_question;
    const Variable* uq = spec.question;
    for (const auto& [key, x] : l.keys()) {
      Linked::Node& n = l.nodes[x];
      n.fixed = true;
      if (!n.published || n.n == 0 || key == "N") continue;
      const std::size_t c1 = key.find(':');
      const std::string head = key.substr(0, c1);
      bool known = true;
      // The parts a count adds up over, and each part's key for its share.
      std::vector<std::pair<std::size_t, std::string>> shares;
      std::string row;  // the answer's index in the united question ("" for base/miss)
      if (head == "base" || head == "miss" || head == "not" || head == "q") {
        row = c1 == std::string::npos ? "" : key.substr(c1 + 1);
        for (std::size_t f = 0; f < parts.size(); ++f) shares.emplace_back(f, key);
      } else if (head == "0" && group) {  // by questionnaire: one part's count
        const std::size_t c2 = key.find(':', c1 + 1);
        const std::string r = key.substr(c1 + 1, c2 - c1 - 1), col = key.substr(c2 + 1);
        if (r == "all" || col == "m" || col == "base") continue;  // everyone in a questionnaire: its n, shown
        const std::size_t f = part_of_col[std::stoul(col)];
        if (r == "n") {
          shares.emplace_back(f, "base");
        } else if (r == "m") {
          shares.emplace_back(f, "miss");
        } else if (r.find('.') != std::string::npos) {  // a choice: chosen ("i.1") or not ("i.0")
          const std::string li = r.substr(0, r.find('.'));
          shares.emplace_back(f, (r.back() == '1' ? "q:" : "not:") + li);
        } else {
          shares.emplace_back(f, "q:" + r);
          row = r;
        }
      } else if (head == "1" && key.find(":all:") != std::string::npos) {
        // The method section's respondents by country.
        const std::string col = key.substr(key.rfind(':') + 1);
        if (col == "m" || col == "base") {
          for (std::size_t f = 0; f < parts.size() && known; ++f) {
            const FreqTable* m = part_plans[f] ? part_plans[f]->Margin(part_plans[f]->countries.name) : nullptr;
            known = m && !(col == "m" ? m->missing_suppressed : m->total_suppressed);
          }
        } else {
          for (std::size_t f = 0; f < parts.size() && known; ++f)
            known = country_known(f, plan->countries.codes[std::stoul(col)], true);
        }
        n.hidden = !known;
        continue;
      } else {
        n.hidden = true;  // country and region breakdowns: not in the study report
        continue;
      }
      for (const auto& [f, fkey] : shares) {
        if (!known) break;
        if (country_q && !row.empty()) {
          known = country_known(f, plan->countries.codes[std::stoul(row)], false);
          continue;
        }
        std::string k = fkey;
        if (uq && !row.empty() && fkey.rfind("q:", 0) == 0) {  // the part's own index of the answer
          const Variable* pv = parts[f]->Find(names[i]);
          const std::string& code = uq->codes[std::stoul(row)];
          if (!pv) {
            known = false;
            break;
          }
          if (pv->kind == VarKind::kNumber) {  // "answered", the one row
            known = part_known(f, names[i], "q:0");
            continue;
          }
          const auto at = std::find(pv->codes.begin(), pv->codes.end(), code);
          if (at == pv->codes.end()) continue;  // the part does not offer it: a known zero
          k = "q:" + std::to_string(at - pv->codes.begin());
        }
        known = part_known(f, names[i], k);
      }
      n.hidden = !known;
    }
    // The method section's tables (and the group question) are every question's: their flags from
    // the closure above are the same in each question's system.
    std::vector<const Variable*> lines;
    if (spec.question)
      lines.push_back(spec.question);
    else
      for (const auto& r : t.freq.rows) lines.push_back(united.Find(spec.multiple + "/" + r.code));
    Apply(united, spec, w, lines, t);
    for (std::size_t m = 0; m < t.margins.size() && m < plan->margins.size(); ++m) {
      for (std::size_t k = 0; k < plan->margins[m].rows.size() && k < t.margins[m].rows.size(); ++k)
        plan->margins[m].rows[k].suppressed = plan->margins[m].rows[k].suppressed || t.margins[m].rows[k].suppressed;
      plan->margins[m].total_suppressed = plan->margins[m].total_suppressed || t.margins[m].total_suppressed;
      plan->margins[m].missing_suppressed = plan->margins[m].missing_suppressed || t.margins[m].missing_suppressed;
    }
    plan->questions[names[i]] = std::move(t);
  }
  for (const FormPlan* p : part_plans) plan->proven = plan->proven && p && p->proven;
  // A number question's mean by questionnaire is each questionnaire's own "All" mean: shown only
  // where that one is; the study's "All" (their sum) only where every part's is.
  for (const auto& v : united.vars()) {
    if (v.kind != VarKind::kNumber || !v.question.empty() || !group) continue;
    FormPlan::Sums s;
    std::vector<bool> cols = plan->NumberHidden(v.name, group->name);
    cols.resize(group->codes.size(), true);
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const std::size_t f = part_of_col[k];
      cols[k] = cols[k] || f >= part_plans.size() || !part_plans[f] || part_plans[f]->MeanAllHidden(v.name);
    }
    s.all = plan->NumberAllHidden(v.name);
    for (std::size_t k = 0; k < cols.size(); ++k) {
      long long n = 0;
      for (std::size_t r = 0; r < v.num.size(); ++r)
        n += group->cat[r] == static_cast<std::int32_t>(k) && !std::isnan(v.num[r]);
      s.all = s.all || (cols[k] && n > 0);
    }
    s.by[group->name] = std::move(cols);
    plan->sums[v.name] = std::move(s);
  }
  return plan;
}

std::vector<bool> FormPlan::NumberHidden(const std::string& question, const std::string& by) const {
  const QuestionTables* q = Find(question);
  const QuestionTables::By* b = q ? q->Find(by) : nullptr;
  if (!b || b->tabs.empty()) return {};
  const CrossTab& c = b->tabs[0];
  std::vector<bool> out(c.cols(), b->withheld || q->withheld);
  for (std::size_t k = 0; k < c.cols(); ++k)
    out[k] = out[k] || (c.rows() > 0 && c.suppressed[k]) || c.col_n_suppressed[k];
  return out;
}

bool FormPlan::NumberAllHidden(const std::string& question) const {
  const QuestionTables* q = Find(question);
  return q && (q->withheld || q->freq.total_suppressed || (!q->freq.rows.empty() && q->freq.rows[0].suppressed));
}

std::vector<bool> SumHidden(const CrossTab& tab, const std::vector<int>& rows, bool withheld, bool exact) {
  const std::size_t R = tab.rows(), C = tab.cols();
  std::vector<bool> out(C, withheld);
  if (withheld || tab.suppressed.size() != R * C) return std::vector<bool>(C, true);
  for (std::size_t k = 0; k < C; ++k) {
    bool in_hidden = false, out_hidden = false;
    for (std::size_t r = 0; r < R; ++r) {
      const bool in = std::find(rows.begin(), rows.end(), static_cast<int>(r)) != rows.end();
      if (tab.suppressed[r * C + k]) (in ? in_hidden : out_hidden) = true;
    }
    const bool n_hidden = k < tab.col_n_suppressed.size() && tab.col_n_suppressed[k];
    out[k] = in_hidden && (exact || out_hidden || n_hidden);
  }
  return out;
}

bool SumHidden(const FreqTable& t, const std::vector<int>& rows, bool withheld, bool exact) {
  if (withheld) return true;
  bool in_hidden = false, out_hidden = false;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const bool in = std::find(rows.begin(), rows.end(), static_cast<int>(r)) != rows.end();
    if (t.rows[r].suppressed) (in ? in_hidden : out_hidden) = true;
  }
  return in_hidden && (exact || out_hidden || t.total_suppressed);
}

}  // namespace mcs::stats
