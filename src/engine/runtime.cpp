#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>

#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "engine/engine.h"

namespace mcs::engine {
namespace {

using form::Node;
using form::Type;

// Resolves ${name} against one response's answers; inside a repeat, against the current instance.
class AnswersContext final : public xpath::EvalContext {
 public:
  AnswersContext(const form::Form& f, const Answers& a, int node, int instance)
      : f_(f), a_(a), node_(node), instance_(instance) {}
  std::string Resolve(std::string_view name) const override { return a_.Get(f_, name, instance_); }
  std::string Current() const override {
    return node_ > 0 ? a_.Get(f_, f_.nodes[static_cast<std::size_t>(node_)].name, instance_) : std::string();
  }
  std::vector<std::string> ResolveAll(std::string_view name) const override {
    const Node* n = f_.Find(name);
    // A repeat is a node-set of its instances (count(${repeat})); an instance's own value is "".
    if (n && n->type == Type::kRepeat) return std::vector<std::string>(static_cast<std::size_t>(InstanceCount(*n)));
    if (!n || n->repeat == 0) return {Resolve(name)};
    std::vector<std::string> out;
    auto it = a_.repeats.find(f_.nodes[static_cast<std::size_t>(n->repeat)].name);
    if (it == a_.repeats.end()) return out;
    for (const Values& v : it->second) {
      auto vi = v.find(std::string(name));
      out.push_back(vi == v.end() ? std::string() : vi->second);
    }
    return out;
  }
  std::string ChoiceLabel(std::string_view name, std::string_view choice) const override {
    const Node* n = f_.Find(name);
    if (!n || !n->choices) return std::string();
    const form::Choice* c = n->choices->Find(choice);
    return c ? c->label.Get(f_.default_language, "") : std::string();
  }
  // A repeat, or a question of a repeat this expression is not inside, names every instance.
  bool IsNodeSet(std::string_view name) const override {
    const Node* n = f_.Find(name);
    if (!n) return false;
    if (n->type == Type::kRepeat) return true;
    return n->repeat != 0 && (instance_ < 0 || (node_ > 0 && f_.nodes[static_cast<std::size_t>(node_)].repeat != n->repeat &&
                                                node_ != n->repeat));
  }
  int Position() const override { return instance_ + 1; }
  // today() and now() in the study's time zone (its window is in Brussels time too), whatever the
  // server's: a response started at 00:30 in Brussels is dated that day, not the day before in UTC.
  int UtcOffsetMinutes() const override { return BrusselsOffsetMinutes(NowMs()); }

 private:
  // How many instances a repeat has (Runtime::RepeatCount, which this class cannot reach): the
  // stored ones, at least one where the respondent adds them; repeat_count's value otherwise.
  int InstanceCount(const Node& r) const {
    if (r.repeat_count) {
      if (in_repeat_count_) return 0;  // a repeat_count that counts its own repeat
      in_repeat_count_ = true;
      const double d = xpath::Evaluate(*r.repeat_count, *this).ToNumber();
      in_repeat_count_ = false;
      if (!std::isfinite(d) || d < 0) return 0;
      return static_cast<int>(std::min<double>(std::floor(d), kMaxRepeatInstances));
    }
    auto it = a_.repeats.find(r.name);
    const int stored = it == a_.repeats.end() ? 0 : static_cast<int>(it->second.size());
    return std::max(1, std::min(stored, kMaxRepeatInstances));
  }

  const form::Form& f_;
  const Answers& a_;
  int node_;
  int instance_;
  mutable bool in_repeat_count_ = false;
};

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

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<std::string> CanonicalDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  std::string str(s);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && str.size() == 10) {
  } else if ((std::sscanf(str.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3 ||
              std::sscanf(str.c_str(), "%2d.%2d.%4d%c", &d, &m, &y, &tail) == 3) &&
             str.size() >= 8 && str.size() <= 10) {
    // Day first, as every EU country but none of the others writes it.
  } else {
    return std::nullopt;
  }
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, m)) return std::nullopt;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

// "14:30", "9:05", "14:30:15" → "14:30" / "09:05" / "14:30:15" (seconds only when given).
std::optional<std::string> CanonicalTime(std::string_view s) {
  int h = 0, m = 0, sec = -1;
  char tail = 0;
  std::string str(s);
  int got = std::sscanf(str.c_str(), "%2d:%2d:%2d%c", &h, &m, &sec, &tail);
  if (got == 2) {
    sec = -1;
    if (str.size() < 4 || str.size() > 5 || str[str.size() - 3] != ':') return std::nullopt;
  } else if (got == 3) {
    if (str.size() < 7 || str.size() > 8) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec > 59) return std::nullopt;
  char buf[32];
  if (sec < 0) std::snprintf(buf, sizeof buf, "%02d:%02d", h, m);
  else std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, m, sec);
  return std::string(buf);
}

// A date and a time: "2026-07-05T14:30" (what <input type=datetime-local> sends), or with a space,
// or a day-first date; stored as "2026-07-05T14:30" (local time: the form carries no zone).
std::optional<std::string> CanonicalDateTime(std::string_view s) {
  auto sep = s.find_first_of("T ");
  if (sep == std::string_view::npos) return std::nullopt;
  auto d = CanonicalDate(Trim(s.substr(0, sep)));
  auto t = CanonicalTime(Trim(s.substr(sep + 1)));
  if (!d || !t) return std::nullopt;
  return *d + "T" + *t;
}

}  // namespace

const std::string& Answers::Get(const form::Form& f, std::string_view name, int instance) const {
  static const std::string kEmpty;
  const Node* n = f.Find(name);
  if (n && n->repeat != 0) {
    if (instance < 0) return kEmpty;
    auto it = repeats.find(f.nodes[static_cast<std::size_t>(n->repeat)].name);
    if (it == repeats.end() || static_cast<std::size_t>(instance) >= it->second.size()) return kEmpty;
    const Values& inst = it->second[static_cast<std::size_t>(instance)];
    auto vi = inst.find(name);
    return vi == inst.end() ? kEmpty : vi->second;
  }
  auto it = values.find(name);
  return it == values.end() ? kEmpty : it->second;
}

void Answers::Set(const form::Form& f, const std::string& name, int instance, std::string value) {
  const Node* n = f.Find(name);
  if (n && n->repeat != 0) {
    if (instance < 0 || instance >= kMaxRepeatInstances) return;
    auto& list = repeats[f.nodes[static_cast<std::size_t>(n->repeat)].name];
    if (list.size() <= static_cast<std::size_t>(instance)) list.resize(static_cast<std::size_t>(instance) + 1);
    if (value.empty()) list[static_cast<std::size_t>(instance)].erase(name);
    else list[static_cast<std::size_t>(instance)][name] = std::move(value);
    return;
  }
  if (value.empty()) values.erase(name);
  else values[name] = std::move(value);
}

void Answers::Erase(const form::Form& f, const std::string& name, int instance) { Set(f, name, instance, ""); }

Result<std::string> Canonicalize(const form::Node& q, std::string_view raw, std::string_view lang) {
  std::string_view t = Trim(raw);
  if (!IsValidUtf8(raw)) return MakeError(ErrorCode::kInvalid, Message("invalid_text", lang));
  switch (q.type) {
    case Type::kText:
    case Type::kCalculate:
    case Type::kHidden:
      if (Utf8Length(raw) > kMaxTextChars) return MakeError(ErrorCode::kInvalid, Message("too_long", lang));
      // Keep the respondent's text as typed, but an answer of only spaces is no answer.
      return t.empty() ? std::string() : std::string(raw);
    case Type::kInteger: {
      if (t.empty()) return std::string();
      long long v = 0;
      auto [p, ec] = std::from_chars(t.data() + (t[0] == '+'), t.data() + t.size(), v);
      if (ec != std::errc() || p != t.data() + t.size() || v > 2147483647LL || v < -2147483648LL) {
        return MakeError(ErrorCode::kInvalid, Message("integer", lang));
      }
      return std::to_string(v);
    }
    case Type::kDecimal: {
      if (t.empty()) return std::string();
      std::string s(t);
      // Most EU countries write a decimal comma: accept "2,5" when it cannot be anything else.
      if (s.find('.') == std::string::npos && std::count(s.begin(), s.end(), ',') == 1) {
        std::replace(s.begin(), s.end(), ',', '.');
      }
      double v = 0;
      const char* b = s.data() + (s[0] == '+');
      auto [p, ec] = std::from_chars(b, s.data() + s.size(), v, std::chars_format::fixed);
      if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
        return MakeError(ErrorCode::kInvalid, Message("decimal", lang));
      }
      return xpath::FormatNumber(v);
    }
    case Type::kDate: {
      if (t.empty()) return std::string();
      auto d = CanonicalDate(t);
      if (!d) return MakeError(ErrorCode::kInvalid, Message("date", lang));
      return *d;
    }
    case Type::kSelectOne: {
      if (t.empty()) return std::string();
      if (!q.choices->Find(t)) return MakeError(ErrorCode::kInvalid, Message("choice", lang));
      return std::string(t);
    }
    case Type::kSelectMultiple: {
      // Choice names in list order, once each, whatever order they came in.
      std::set<std::string> picked;
      for (auto& w : SplitWords(t)) {
        if (!q.choices->Find(w)) return MakeError(ErrorCode::kInvalid, Message("choice", lang));
        picked.insert(w);
      }
      std::vector<std::string> ordered;
      for (const auto& c : q.choices->choices) {
        if (picked.count(c.name)) ordered.push_back(c.name);
      }
      return Join(ordered, " ");
    }
    case Type::kMeta:
      if (Utf8Length(raw) > 64) return MakeError(ErrorCode::kInvalid, Message("too_long", lang));
      return std::string(t);
    case Type::kAcknowledge:
      if (t.empty()) return std::string();
      if (t != "OK" && t != "ok" && t != "1" && t != "true") return MakeError(ErrorCode::kInvalid, Message("choice", lang));
      return std::string("OK");
    case Type::kTime: {
      if (t.empty()) return std::string();
      auto v = CanonicalTime(t);
      if (!v) return MakeError(ErrorCode::kInvalid, Message("time", lang));
      return *v;
    }
    case Type::kDateTime: {
      if (t.empty()) return std::string();
      auto v = CanonicalDateTime(t);
      if (!v) return MakeError(ErrorCode::kInvalid, Message("datetime", lang));
      return *v;
    }
    case Type::kRange: {
      if (t.empty()) return std::string();
      std::string s(t);
      if (s.find('.') == std::string::npos && std::count(s.begin(), s.end(), ',') == 1) {
        std::replace(s.begin(), s.end(), ',', '.');
      }
      double v = 0;
      const char* b = s.data() + (s[0] == '+');
      auto [p, ec] = std::from_chars(b, s.data() + s.size(), v, std::chars_format::fixed);
      // On the scale: between start and end, and a whole number of steps from the start.
      double steps = (v - q.range_start) / q.range_step;
      bool ok = ec == std::errc() && p == s.data() + s.size() && std::isfinite(v) && v >= q.range_start - 1e-9 &&
                v <= q.range_end + 1e-9 && std::fabs(steps - std::round(steps)) < 1e-6;
      if (!ok) {
        return MakeError(ErrorCode::kInvalid, i18n::Format(lang, "range", {xpath::FormatNumber(q.range_start),
                                                                           xpath::FormatNumber(q.range_end)}));
      }
      // Snap to the step grid so 0.30000000000000004 is stored as 0.3.
      return xpath::FormatNumber(q.range_start + std::round(steps) * q.range_step);
    }
    case Type::kRank: {
      // Choice names in the respondent's order, each once.
      std::vector<std::string> order;
      for (auto& w : SplitWords(t)) {
        if (!q.choices->Find(w)) return MakeError(ErrorCode::kInvalid, Message("choice", lang));
        if (std::find(order.begin(), order.end(), w) != order.end()) {
          return MakeError(ErrorCode::kInvalid, Message("rank", lang));
        }
        order.push_back(w);
      }
      return Join(order, " ");
    }
    case Type::kNote:
    case Type::kGroup:
    case Type::kRepeat: return std::string();
  }
  return std::string();
}

bool Runtime::Eval(const form::ExprPtr& e, const Answers& a, int node, int instance, bool if_null) const {
  if (!e) return if_null;
  AnswersContext ctx(f_, a, node, instance);
  return xpath::Evaluate(*e, ctx).ToBoolean();
}

bool Runtime::IsRelevant(const Answers& a, int n, int instance) const {
  for (int i = n; i > 0; i = f_.nodes[static_cast<std::size_t>(i)].parent) {
    const Node& node = f_.nodes[static_cast<std::size_t>(i)];
    // The repeat's own relevance is judged outside any instance.
    int inst = node.type == Type::kRepeat ? -1 : instance;
    if (!Eval(node.relevant, a, i, inst, true)) return false;
  }
  return true;
}

int Runtime::RepeatCount(const Answers& a, int n) const {
  const Node& r = f_.nodes[static_cast<std::size_t>(n)];
  if (r.repeat_count) {
    AnswersContext ctx(f_, a, n, -1);
    double d = xpath::Evaluate(*r.repeat_count, ctx).ToNumber();
    if (!std::isfinite(d) || d < 0) return 0;
    return static_cast<int>(std::min<double>(std::floor(d), kMaxRepeatInstances));
  }
  auto it = a.repeats.find(r.name);
  int stored = it == a.repeats.end() ? 0 : static_cast<int>(it->second.size());
  return std::max(1, std::min(stored, kMaxRepeatInstances));
}

bool Runtime::RespondentAdds(int n) const {
  const Node& r = f_.nodes[static_cast<std::size_t>(n)];
  return r.type == Type::kRepeat && !r.repeat_count;
}

bool Runtime::AddInstance(Answers& a, int n, int* added) const {
  if (!RespondentAdds(n)) return false;
  int count = RepeatCount(a, n);
  if (count >= kMaxRepeatInstances) return false;
  // An empty instance is stored as {} so the count survives saving and resuming.
  a.repeats[f_.nodes[static_cast<std::size_t>(n)].name].resize(static_cast<std::size_t>(count) + 1);
  if (added) *added = count;
  return true;
}

bool Runtime::RemoveInstance(Answers& a, int n, int instance) const {
  if (!RespondentAdds(n)) return false;
  int count = RepeatCount(a, n);
  if (count <= 1 || instance < 0 || instance >= count) return false;
  auto& list = a.repeats[f_.nodes[static_cast<std::size_t>(n)].name];
  if (list.size() < static_cast<std::size_t>(count)) list.resize(static_cast<std::size_t>(count));
  list.erase(list.begin() + instance);
  return true;
}

bool Runtime::IsRelevantWithin(const Answers& a, int n, int instance,
                               std::vector<std::pair<int, bool>>& groups) const {
  const Node& node = f_.nodes[static_cast<std::size_t>(n)];
  // The repeat's own relevance is judged outside any instance.
  if (!Eval(node.relevant, a, n, node.type == Type::kRepeat ? -1 : instance, true)) return false;
  const int parent = node.parent;
  if (parent <= 0) return true;
  for (const auto& [g, relevant] : groups) {
    if (g == parent) return relevant;
  }
  bool relevant = IsRelevantWithin(a, parent, instance, groups);
  groups.emplace_back(parent, relevant);
  return relevant;
}

void Runtime::Visible(const Answers& a, PageRef p, bool first_only, std::vector<int>& out) const {
  std::vector<std::pair<int, bool>> groups;
  for (int q : f_.pages[static_cast<std::size_t>(p.page)].questions) {
    const Node& n = f_.nodes[static_cast<std::size_t>(q)];
    if (n.type == Type::kCalculate || n.type == Type::kMeta || n.type == Type::kHidden) continue;
    if (IsRelevantWithin(a, q, p.instance, groups)) {
      out.push_back(q);
      if (first_only) return;
    }
  }
}

std::vector<int> Runtime::VisibleQuestions(const Answers& a, PageRef p) const {
  std::vector<int> out;
  Visible(a, p, false, out);
  return out;
}

std::vector<int> Runtime::DisplayQuestions(const Answers& a, PageRef p) const {
  const form::Page& page = f_.pages[static_cast<std::size_t>(p.page)];
  auto on_page = [&](const std::string& name) {
    return std::any_of(page.questions.begin(), page.questions.end(),
                       [&](int q) { return f_.nodes[static_cast<std::size_t>(q)].name == name; });
  };
  std::vector<int> out;
  std::vector<std::pair<int, bool>> groups;
  for (int q : page.questions) {
    const Node& n = f_.nodes[static_cast<std::size_t>(q)];
    if (n.type == Type::kCalculate || n.type == Type::kMeta || n.type == Type::kHidden) continue;
    bool show = IsRelevantWithin(a, q, p.instance, groups);
    if (!show && n.relevant) {
      for (const auto& ref : n.relevant->references()) show = show || on_page(ref);
    }
    if (show) out.push_back(q);
  }
  return out;
}

template <typename Fn>
void Runtime::ForEachPage(const Answers& a, Fn&& fn, bool first_only) const {
  std::vector<int> visible;
  for (std::size_t i = 0; i < f_.pages.size(); ++i) {
    const form::Page& pg = f_.pages[i];
    if (pg.is_repeat) {
      if (!IsRelevant(a, pg.node, -1)) continue;
      int n = RepeatCount(a, pg.node);
      for (int k = 0; k < n; ++k) {
        PageRef r{static_cast<int>(i), k};
        visible.clear();
        Visible(a, r, first_only, visible);
        if (!visible.empty()) fn(r, visible);
      }
    } else {
      PageRef r{static_cast<int>(i), -1};
      visible.clear();
      Visible(a, r, first_only, visible);
      if (!visible.empty()) fn(r, visible);
    }
  }
}

std::vector<PageRef> Runtime::Pages(const Answers& a) const {
  std::vector<PageRef> out;
  ForEachPage(a, [&](PageRef r, const std::vector<int>&) { out.push_back(r); }, true);
  return out;
}

std::optional<FieldError> Runtime::CheckQuestion(const Answers& a, int q, int instance, std::string_view lang) const {
  const Node& n = f_.nodes[static_cast<std::size_t>(q)];
  if (!form::HoldsValue(n.type) || n.type == Type::kCalculate || n.type == Type::kMeta || n.type == Type::kHidden) {
    return std::nullopt;
  }
  const std::string& v = a.Get(f_, n.name, instance);
  if (v.empty()) {
    bool required = n.required || Eval(n.required_if, a, q, instance, false);
    if (!required) return std::nullopt;
    std::string msg = n.required_message.Get(lang, f_.default_language);
    return FieldError{n.name, instance, msg.empty() ? Message("required", lang) : msg};
  }
  // A stored answer that no longer fits its type (the form changed) is reported, not trusted.
  auto canon = Canonicalize(n, v, lang);
  if (!canon.ok()) return FieldError{n.name, instance, canon.error().message};
  if (n.choice_filter) {
    // A choice the filter no longer offers (an earlier answer changed) is not an answer.
    auto offered = Choices(a, q, instance);
    for (const auto& w : SplitWords(v)) {
      if (std::none_of(offered.begin(), offered.end(), [&](const form::Choice* c) { return c->name == w; })) {
        return FieldError{n.name, instance, Message("choice", lang)};
      }
    }
  }
  if (n.type == Type::kRank) {
    // A ranking puts every option it offers in order, each once.
    auto offered = Choices(a, q, instance);
    std::vector<std::string> given = SplitWords(v);
    bool complete = given.size() == offered.size() &&
                    std::all_of(offered.begin(), offered.end(), [&](const form::Choice* c) {
                      return std::find(given.begin(), given.end(), c->name) != given.end();
                    });
    if (!complete) return FieldError{n.name, instance, Message("rank", lang)};
  }
  if (n.constraint && !Eval(n.constraint, a, q, instance, true)) {
    std::string msg = n.constraint_message.Get(lang, f_.default_language);
    return FieldError{n.name, instance, msg.empty() ? Message("constraint", lang) : msg};
  }
  return std::nullopt;
}

std::vector<FieldError> Runtime::ValidatePage(const Answers& a, PageRef p, std::string_view lang) const {
  std::vector<FieldError> out;
  for (int q : VisibleQuestions(a, p)) {
    if (auto e = CheckQuestion(a, q, p.instance, lang)) out.push_back(std::move(*e));
  }
  return out;
}

std::vector<FieldError> Runtime::ValidateAll(const Answers& a, std::string_view lang) const {
  std::vector<FieldError> out;
  // The pages' visible questions are worked out once, for choosing the pages and checking them.
  ForEachPage(a, [&](PageRef p, const std::vector<int>& visible) {
    for (int q : visible) {
      if (auto e = CheckQuestion(a, q, p.instance, lang)) out.push_back(std::move(*e));
    }
  });
  return out;
}

namespace {

void EvaluateCalculation(const form::Form& f, const Runtime& rt, Answers& a, int i) {
  const Node& n = f.nodes[static_cast<std::size_t>(i)];
  if (n.repeat == 0) {
    AnswersContext ctx(f, a, i, -1);
    a.Set(f, n.name, -1, xpath::Evaluate(*n.calculation, ctx).ToString());
    return;
  }
  int count = rt.RepeatCount(a, n.repeat);
  for (int k = 0; k < count; ++k) {
    AnswersContext ctx(f, a, i, k);
    a.Set(f, n.name, k, xpath::Evaluate(*n.calculation, ctx).ToString());
  }
}

}  // namespace

void Runtime::Calculate(Answers& a) const {
  for (int i : f_.calc_order) EvaluateCalculation(f_, *this, a, i);
}

void Runtime::Recalculate(Answers& a, const std::vector<std::string>& changed) const {
  if (f_.calc_order.empty()) return;
  std::vector<char> dirty(f_.nodes.size(), 0);
  std::vector<std::string> queue(changed.begin(), changed.end());
  while (!queue.empty()) {
    std::string name = std::move(queue.back());
    queue.pop_back();
    auto it = f_.calc_readers.find(name);
    if (it == f_.calc_readers.end()) continue;
    for (int c : it->second) {
      if (dirty[static_cast<std::size_t>(c)]) continue;
      dirty[static_cast<std::size_t>(c)] = 1;
      queue.push_back(f_.nodes[static_cast<std::size_t>(c)].name);
    }
  }
  for (int i : f_.calc_order) {
    if (dirty[static_cast<std::size_t>(i)]) EvaluateCalculation(f_, *this, a, i);
  }
}

namespace {

// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose output is the same on every
// platform, unlike std::shuffle with a standard engine, so a stored seed means the same order in
// every build.
std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t Fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

std::vector<const form::Choice*> Runtime::Choices(const Answers& a, int q, int instance) const {
  std::vector<const form::Choice*> out = FilteredChoices(a, q, instance);
  const Node& n = f_.nodes[static_cast<std::size_t>(q)];
  if (!n.randomize || out.size() < 2) return out;
  std::uint64_t state = 0;
  if (n.seed) {
    // seed=${x}: the order follows that number (ODK's rule), whichever response it is.
    AnswersContext ctx(f_, a, q, instance);
    double d = xpath::Evaluate(*n.seed, ctx).ToNumber();
    state = std::isfinite(d) ? static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor(d))) : 0;
  } else {
    auto it = a.values.find(kSeedKey);
    if (it != a.values.end()) state = Fnv1a(it->second);
    // Each question its own order, and each repeat instance too.
    state ^= Fnv1a(n.name) + static_cast<std::uint64_t>(instance + 1) * 0x9E3779B97F4A7C15ULL;
  }
  // Fisher–Yates, from the end.
  for (std::size_t i = out.size() - 1; i > 0; --i) {
    std::size_t j = static_cast<std::size_t>(SplitMix(state) % (i + 1));
    std::swap(out[i], out[j]);
  }
  return out;
}

std::vector<const form::Choice*> Runtime::FilteredChoices(const Answers& a, int q, int instance) const {
  const Node& n = f_.nodes[static_cast<std::size_t>(q)];
  std::vector<const form::Choice*> out;
  if (!n.choices) return out;
  AnswersContext actx(f_, a, q, instance);
  for (const form::Choice& c : n.choices->choices) {
    if (!n.choice_filter) {
      out.push_back(&c);
      continue;
    }
    ChoiceContext ctx(actx, c, f_.default_language);
    if (xpath::Evaluate(*n.choice_filter, ctx).ToBoolean()) out.push_back(&c);
  }
  return out;
}

void Runtime::SetMeta(Answers& a, std::string_view kind, const std::string& value) const {
  for (const Node& n : f_.nodes) {
    if (n.type == Type::kMeta && n.meta == kind && n.repeat == 0) a.values[n.name] = value;
  }
}

Answers Runtime::Defaults() const {
  Answers a;
  for (const Node& n : f_.nodes) {
    if (n.default_value.empty() || !form::HoldsValue(n.type) || n.type == Type::kCalculate || n.type == Type::kMeta) {
      continue;
    }
    auto c = Canonicalize(n, n.default_value, f_.default_language);
    if (!c.ok() || c->empty()) continue;
    if (n.repeat == 0) a.values[n.name] = *c;
  }
  return a;
}

void Runtime::Finalize(Answers& a) const {
  // Dropping an answer can make another question irrelevant, so repeat until nothing changes
  // (bounded: each pass removes at least one answer). Relevance is judged on the answers as they
  // were at the start of the pass; usually nothing is dropped and nothing is copied.
  for (int pass = 0; pass < 100; ++pass) {
    Calculate(a);
    std::vector<std::string_view> drop;
    for (const auto& [name, v] : a.values) {
      if (name == kSeedKey) continue;
      const Node* n = f_.Find(name);
      bool keep = n && n->repeat == 0 && form::HoldsValue(n->type) &&
                  IsRelevant(a, static_cast<int>(n - f_.nodes.data()), -1);
      if (!keep) drop.push_back(name);
    }
    std::map<std::string, std::vector<Values>> repeats;
    for (const auto& [rname, list] : a.repeats) {
      const Node* r = f_.Find(rname);
      if (!r || r->type != Type::kRepeat) continue;
      int ridx = static_cast<int>(r - f_.nodes.data());
      if (!IsRelevant(a, ridx, -1)) continue;
      int count = std::min<int>(RepeatCount(a, ridx), static_cast<int>(list.size()));
      std::vector<Values> kept;
      for (int k = 0; k < count; ++k) {
        Values inst;
        for (const auto& [name, v] : list[static_cast<std::size_t>(k)]) {
          const Node* n = f_.Find(name);
          if (n && n->repeat == ridx && form::HoldsValue(n->type) && IsRelevant(a, static_cast<int>(n - f_.nodes.data()), k)) {
            inst[name] = v;
          }
        }
        kept.push_back(std::move(inst));
      }
      if (!kept.empty()) repeats[rname] = std::move(kept);
    }
    if (drop.empty() && repeats == a.repeats) return;
    for (std::string_view name : drop) a.values.erase(a.values.find(name));
    a.repeats = std::move(repeats);
  }
}

std::string Runtime::Pipe(const Answers& a, std::string_view text, int instance) const {
  if (text.find("${") == std::string_view::npos) return std::string(text);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = text.find("${", i);
    if (b == std::string_view::npos) break;
    auto e = text.find('}', b);
    if (e == std::string_view::npos) break;
    out.append(text.substr(i, b - i));
    std::string name(text.substr(b + 2, e - b - 2));
    const Node* n = f_.Find(name);
    if (n) {
      const std::string& v = a.Get(f_, name, instance);
      if (n->choices && !v.empty()) {
        std::vector<std::string> labels;
        for (const auto& w : SplitWords(v)) {
          const form::Choice* c = n->choices->Find(w);
          labels.push_back(c ? c->label.Get(f_.default_language, "") : w);
        }
        out += Join(labels, ", ");
      } else {
        out += v;
      }
    } else {
      out.append(text.substr(b, e - b + 1));
    }
    i = e + 1;
  }
  out.append(text.substr(i));
  return out;
}

}  // namespace mcs::engine
