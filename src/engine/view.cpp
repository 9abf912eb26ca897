#include "engine/view.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "common/strings.h"
#include "common/timezone.h"

namespace mcs::engine {
namespace {

const std::string& Empty() {
  static const std::string kEmpty;
  return kEmpty;
}

// A choice_filter sees the answers and, through ${__choice__COLUMN}, the choice being tested.
class ChoiceContext final : public xpath::EvalContext {
 public:
  ChoiceContext(const xpath::EvalContext& answers, const form::Choice& c, std::string_view lang)
      : answers_(answers), c_(c), lang_(lang) {}
  std::string Resolve(std::string_view name) const override {
    if (StartsWith(name, form::kChoiceColumnPrefix)) {
      std::string col(name.substr(form::kChoiceColumnPrefix.size()));
      if (col == "name") return c_.name;
      if (col == "label") return c_.label.Get(lang_, "");
      auto it = c_.extra.find(col);
      return it == c_.extra.end() ? std::string() : it->second;
    }
    return answers_.Resolve(name);
  }
  std::string Current() const override { return answers_.Current(); }
  std::vector<std::string> ResolveAll(std::string_view name) const override { return answers_.ResolveAll(name); }
  bool IsNodeSet(std::string_view name) const override { return answers_.IsNodeSet(name); }
  int Position() const override { return answers_.Position(); }
  std::int64_t NowMs() const override { return answers_.NowMs(); }
  int UtcOffsetMinutes() const override { return answers_.UtcOffsetMinutes(); }

 private:
  const xpath::EvalContext& answers_;
  const form::Choice& c_;
  std::string_view lang_;
};

}  // namespace

View::Context::Context(const View& v, int node, int instance) : v_(v), node_(node), instance_(instance) {
  if (node > 0) {
    const form::Node& n = v.f_.nodes[static_cast<std::size_t>(node)];
    repeat_ = n.type == form::Type::kRepeat ? -1 : n.repeat;
  }
}

int View::Context::Index(const form::Node* n) const { return static_cast<int>(n - v_.f_.nodes.data()); }

int View::Context::InstanceFor(const form::Node& n) const {
  if (n.repeat == 0) return -1;
  return n.repeat == repeat_ && instance_ >= 0 ? instance_ : 0;
}

std::string View::Context::Resolve(std::string_view name) const {
  const form::Node* n = v_.f_.Find(name);
  if (!n) return std::string();
  return v_.Value(Index(n), InstanceFor(*n));
}

std::string View::Context::Current() const {
  if (node_ <= 0) return std::string();
  // '.' is the question's own answer as stored: its relevance may be what is being worked out.
  const form::Node& n = v_.f_.nodes[static_cast<std::size_t>(node_)];
  if (n.type == form::Type::kCalculate && n.calculation) {
    // While the calculation itself is worked out, '.' is its value as stored before: what once()
    // keeps (the ODK spec's "the current value of the context node").
    const int k = n.repeat != 0 ? (instance_ < 0 ? 0 : instance_) : -1;
    if (Get(v_.StateOf(node_, k), kCalc) == kBusy) return v_.Stored(n, k);
    return v_.Value(node_, instance_);
  }
  return v_.Stored(n, instance_);
}

std::vector<std::string> View::Context::ResolveAll(std::string_view name) const {
  const form::Node* n = v_.f_.Find(name);
  if (!n) return {};
  const int idx = Index(n);
  if (n->type == form::Type::kRepeat) {
    // The repeat itself: one node per instance (count(${repeat})).
    return std::vector<std::string>(static_cast<std::size_t>(v_.Count(idx)));
  }
  if (n->repeat == 0) return {v_.Value(idx, -1)};
  const int count = v_.Count(n->repeat);
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) out.push_back(v_.Value(idx, k));
  return out;
}

bool View::Context::IsNodeSet(std::string_view name) const {
  const form::Node* n = v_.f_.Find(name);
  if (!n) return false;
  if (n->type == form::Type::kRepeat) return true;
  return n->repeat != 0 && !(n->repeat == repeat_ && instance_ >= 0);
}

std::string View::Context::ChoiceLabel(std::string_view name, std::string_view choice) const {
  const form::Node* n = v_.f_.Find(name);
  if (!n || !n->choices) return std::string();
  const form::Choice* c = n->choices->Find(choice);
  return c ? c->label.Get(v_.f_.default_language, "") : std::string();
}

// today() and now() in the study's time zone (common/timezone.h StudyTimeZone), whatever the
// server's: a response started at 00:30 on the study's clock is dated that day, not the day before in UTC.
int View::Context::UtcOffsetMinutes() const { return ZoneOffsetMinutes(StudyTimeZone(), NowMs()); }

View::View(const form::Form& f, const Answers& a) : f_(f), a_(a), top_(f.nodes.size()) {}

std::uint8_t& View::StateOf(int n, int instance) const {
  if (instance < 0) return top_[static_cast<std::size_t>(n)];
  const auto k = static_cast<std::size_t>(instance);
  if (instances_.size() <= k) instances_.resize(k + 1);
  // Inner vectors keep their buffers when the outer one grows, so references stay valid.
  if (instances_[k].empty()) instances_[k].resize(f_.nodes.size());
  return instances_[k][static_cast<std::size_t>(n)];
}

const std::string& View::Stored(const form::Node& n, int instance) const {
  // Answers::Get without looking the name up in the form again.
  if (n.repeat == 0) {
    // Asked again and again for the same questions (relevance, constraints, display): looked up in
    // the answers' map once per view.
    const form::Node* first = f_.nodes.data();
    const std::less<const form::Node*> before;
    if (before(&n, first) || !before(&n, first + f_.nodes.size())) {  // not this form's: by name as it is
      auto it = a_.values.find(n.name);
      return it == a_.values.end() ? Empty() : it->second;
    }
    const auto idx = static_cast<std::size_t>(&n - first);
    if (stored_top_.empty()) stored_top_.resize(f_.nodes.size(), nullptr);
    if (const std::string* known = stored_top_[idx]) return *known;
    auto it = a_.values.find(n.name);
    const std::string& found = it == a_.values.end() ? Empty() : it->second;
    stored_top_[idx] = &found;
    return found;
  }
  if (instance < 0) return Empty();
  auto it = a_.repeats.find(f_.nodes[static_cast<std::size_t>(n.repeat)].name);
  if (it == a_.repeats.end() || static_cast<std::size_t>(instance) >= it->second.size()) return Empty();
  const Values& inst = it->second[static_cast<std::size_t>(instance)];
  auto vi = inst.find(n.name);
  return vi == inst.end() ? Empty() : vi->second;
}

bool View::SelfRelevant(int n, int instance) const {
  const form::Node& node = f_.nodes[static_cast<std::size_t>(n)];
  if (!node.relevant) return true;
  const std::uint8_t st = Get(StateOf(n, instance), kSelf);
  if (st == kYes || st == kNo) return st == kYes;
  if (st == kBusy) return false;  // a cycle: the compiler refuses them; never loop
  Put(StateOf(n, instance), kSelf, kBusy);
  const bool r = Evaluate(*node.relevant, n, instance).ToBoolean();
  Put(StateOf(n, instance), kSelf, r ? kYes : kNo);
  return r;
}

bool View::Relevant(int n, int instance) const {
  if (n <= 0) return true;
  if (static_cast<std::size_t>(n) < f_.always_relevant.size() && f_.always_relevant[static_cast<std::size_t>(n)]) {
    return true;
  }
  const form::Node& node = f_.nodes[static_cast<std::size_t>(n)];
  // Instances are per repeat: nodes outside repeats (and a repeat itself) are judged once.
  const int k = node.repeat != 0 ? instance : -1;
  if (node.repeat != 0 && k < 0) return false;
  const std::uint8_t st = Get(StateOf(n, k), kAll);
  if (st == kYes || st == kNo) return st == kYes;
  if (st == kBusy) return false;
  if (node.repeat != 0 && k >= Count(node.repeat)) {
    Put(StateOf(n, k), kAll, kNo);
    return false;
  }
  Put(StateOf(n, k), kAll, kBusy);
  // The groups around first: a question in a group that does not apply does not apply, whatever
  // its own expression says (and that expression is then never evaluated).
  const bool r = Relevant(node.parent, k) && SelfRelevant(n, k);
  Put(StateOf(n, k), kAll, r ? kYes : kNo);
  return r;
}

int View::Count(int n) const {
  for (const auto& [repeat, count] : counts_) {
    if (repeat != n) continue;
    if (count >= 0) return count;
    // Asked while its own repeat_count is being worked out: ODK's "indefinite repeat" idiom
    // (repeat_count = count(${rep}) + 1 while the last instance says "add more"). JavaRosa then
    // counts the instances that exist; so does the view: the ones stored.
    auto it = a_.repeats.find(f_.nodes[static_cast<std::size_t>(n)].name);
    return it == a_.repeats.end() ? 0 : std::min(static_cast<int>(it->second.size()), kMaxRepeatInstances);
  }
  counts_.emplace_back(n, -1);
  int count = 0;
  const form::Node& r = f_.nodes[static_cast<std::size_t>(n)];
  if (Relevant(n, -1)) {
    if (r.repeat_count) {
      const double d = Evaluate(*r.repeat_count, n, -1).ToNumber();
      count = !std::isfinite(d) || d < 0 ? 0 : static_cast<int>(std::min<double>(std::floor(d), kMaxRepeatInstances));
    } else {
      auto it = a_.repeats.find(r.name);
      const int stored = it == a_.repeats.end() ? 0 : static_cast<int>(it->second.size());
      count = std::max(1, std::min(stored, kMaxRepeatInstances));
    }
  }
  for (auto& [repeat, c] : counts_) {
    if (repeat == n) c = count;
  }
  return count;
}

const std::string& View::Value(int n, int instance) const {
  const form::Node& node = f_.nodes[static_cast<std::size_t>(n)];
  const int k = node.repeat != 0 ? (instance < 0 ? 0 : instance) : -1;
  if (!Relevant(n, k)) return Empty();  // also beyond the repeat's count
  const bool filtered = node.choice_filter && node.choices;
  if (!filtered && (node.type != form::Type::kCalculate || !node.calculation)) return Stored(node, k);
  const std::int64_t key = static_cast<std::int64_t>(n) * 1024 + (k + 1);
  const std::uint8_t st = Get(StateOf(n, k), kCalc);
  if (st == kYes) return calculated_[key];
  if (st == kBusy) return Empty();
  if (filtered && Stored(node, k).empty()) return Empty();
  Put(StateOf(n, k), kCalc, kBusy);
  std::string v;
  if (filtered) {
    // The stored choices the filter still offers, in their stored order.
    std::vector<std::string> kept;
    for (auto& w : SplitWords(Stored(node, k))) {
      // With allow_choice_duplicates a name may stand for several choices: offered if one is.
      const bool offered = std::any_of(node.choices->choices.begin(), node.choices->choices.end(),
                                       [&](const form::Choice& c) { return c.name == w && Offers(n, k, c); });
      if (offered) kept.push_back(std::move(w));
    }
    v = Join(kept, " ");
  } else {
    v = Evaluate(*node.calculation, n, k).ToString();
  }
  Put(StateOf(n, k), kCalc, kYes);
  std::string& slot = calculated_[key];
  slot = std::move(v);
  return slot;
}

bool View::Offers(int q, int instance, const form::Choice& c) const {
  const form::Node& n = f_.nodes[static_cast<std::size_t>(q)];
  if (!n.choice_filter) return true;
  Context answers(*this, q, instance);
  ChoiceContext ctx(answers, c, f_.default_language);
  return xpath::Evaluate(*n.choice_filter, ctx).ToBoolean();
}

bool View::HidesStoredAnswers(bool referenced_only) const {
  // An answer is hidden when what expressions see of it differs from what is stored: its question
  // does not apply, or a choice filter no longer offers its choice. Only answers some expression or
  // text reads can change what a page's script works out.
  auto hides = [&](const form::Node* n, int k, const std::string& stored) {
    if (!n || stored.empty() || n->type == form::Type::kCalculate) return false;
    const auto i = static_cast<std::size_t>(n - f_.nodes.data());
    if (referenced_only && i < f_.referenced.size() && !f_.referenced[i]) return false;
    return Value(static_cast<int>(i), k) != stored;
  };
  if (referenced_only && f_.referenced.size() == f_.nodes.size()) {
    // Only answers some expression reads matter: look up those few questions among the stored
    // answers rather than every stored answer among the questions (the same pairs are tested).
    for (std::size_t i = 0; i < f_.nodes.size(); ++i) {
      if (!f_.referenced[i]) continue;
      const form::Node& n = f_.nodes[i];
      if (f_.Find(n.name) != &n) continue;  // a stored answer names the question Find gives
      if (n.repeat == 0) {
        auto it = a_.values.find(n.name);
        if (it != a_.values.end() && hides(&n, -1, it->second)) return true;
        continue;
      }
      for (const auto& [rname, list] : a_.repeats) {
        for (std::size_t k = 0; k < list.size(); ++k) {
          auto it = list[k].find(n.name);
          if (it != list[k].end() && hides(&n, static_cast<int>(k), it->second)) return true;
        }
      }
    }
    return false;
  }
  for (const auto& [name, value] : a_.values) {
    const form::Node* n = f_.Find(name);
    if (n && n->repeat == 0 && hides(n, -1, value)) return true;
  }
  for (const auto& [rname, list] : a_.repeats) {
    for (std::size_t k = 0; k < list.size(); ++k) {
      for (const auto& [name, value] : list[k]) {
        const form::Node* n = f_.Find(name);
        if (n && n->repeat != 0 && hides(n, static_cast<int>(k), value)) return true;
      }
    }
  }
  return false;
}

xpath::Value View::Evaluate(const xpath::Expression& e, int node, int instance) const {
  Context ctx(*this, node, instance);
  return xpath::Evaluate(e, ctx);
}

bool View::Test(const form::ExprPtr& e, int node, int instance, bool if_null) const {
  if (!e) return if_null;
  return Evaluate(*e, node, instance).ToBoolean();
}

}  // namespace mcs::engine
