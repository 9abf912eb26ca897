#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>
#include <tuple>

#include "common/i18n.h"
#include "common/i18n_number.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/xml_text.h"
#include "engine/consent.h"
#include "engine/engine.h"
#include "engine/view.h"

namespace mcs::engine {
namespace {

using form::Node;
using form::Type;

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

namespace {

// "1,000" in English or "1.000" in German: one separator, the one `lang` groups thousands with,
// then three digits. A thousand to the respondent, 1 if read as a decimal separator: asked again
// rather than stored as a number a thousand times too small.
bool LooksLikeThousands(std::string_view t, std::string_view lang) {
  const std::size_t sep = t.find_first_of(",.");
  if (sep == std::string_view::npos || t.find_first_of(",.", sep + 1) != std::string_view::npos) return false;
  if (i18n::GroupingSeparator(lang) != t.substr(sep, 1)) return false;
  std::string_view whole = t.substr(0, sep);
  if (!whole.empty() && (whole[0] == '+' || whole[0] == '-')) whole.remove_prefix(1);
  const std::string_view after = t.substr(sep + 1);
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return whole.size() >= 1 && whole.size() <= 3 && whole[0] != '0' && digits(whole) && after.size() == 3 &&
         digits(after);
}

// A number as a respondent types it (a decimal or a range's value): an optional '+', and a decimal
// comma, which most EU countries write, read as the point when it cannot be anything else ("2,5").
// nullopt unless the whole of `t` is one finite number.
std::optional<double> TypedDecimal(std::string_view t) {
  std::string s(t);
  if (s.find('.') == std::string::npos && std::count(s.begin(), s.end(), ',') == 1) {
    std::replace(s.begin(), s.end(), ',', '.');
  }
  double v = 0;
  const char* b = s.data() + (s[0] == '+');
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), v, std::chars_format::fixed);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

Result<std::string> Canonicalize(const form::Node& q, std::string_view raw, std::string_view lang, Typist by) {
  std::string_view t = Trim(raw);
  if (!IsXmlText(raw)) return MakeError(ErrorCode::kInvalid, Message("invalid_text", lang));
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
      if (by == Typist::kPerson && LooksLikeThousands(t, lang)) {
        return MakeError(ErrorCode::kInvalid, Message("decimal", lang));
      }
      auto v = TypedDecimal(t);
      if (!v) return MakeError(ErrorCode::kInvalid, Message("decimal", lang));
      return xpath::FormatNumber(*v);
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
      auto v = TypedDecimal(t);
      // On the scale: between start and end, and a whole number of steps from the start.
      double steps = v ? (*v - q.range_start) / q.range_step : 0;
      bool ok =
          v && *v >= q.range_start - 1e-9 && *v <= q.range_end + 1e-9 && std::fabs(steps - std::round(steps)) < 1e-6;
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

bool Runtime::IsRelevant(const Answers& a, int n, int instance) const { return View(f_, a).Relevant(n, instance); }

int Runtime::RepeatCount(const Answers& a, int n) const { return View(f_, a).Count(n); }

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
  InstanceDefaults(a, n, count);
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

namespace {

bool Hidden(const Node& n) { return n.type == Type::kCalculate || n.type == Type::kMeta || n.type == Type::kHidden; }

}  // namespace

void Runtime::Visible(const View& v, PageRef p, bool first_only, std::vector<int>& out) const {
  for (int q : f_.pages[static_cast<std::size_t>(p.page)].questions) {
    if (Hidden(f_.nodes[static_cast<std::size_t>(q)])) continue;
    if (v.Relevant(q, p.instance)) {
      out.push_back(q);
      if (first_only) return;
    }
  }
}

std::vector<int> Runtime::VisibleQuestions(const Answers& a, PageRef p) const { return VisibleQuestions(View(f_, a), p); }

std::vector<int> Runtime::VisibleQuestions(const View& v, PageRef p) const {
  std::vector<int> out;
  Visible(v, p, false, out);
  return out;
}

std::vector<int> Runtime::DisplayQuestions(const Answers& a, PageRef p) const { return DisplayQuestions(View(f_, a), p); }

std::vector<int> Runtime::DisplayQuestions(const View& v, PageRef p) const {
  const form::Page& page = f_.pages[static_cast<std::size_t>(p.page)];
  auto on_page = [&](const std::string& name) {
    return std::any_of(page.questions.begin(), page.questions.end(),
                       [&](int q) { return f_.nodes[static_cast<std::size_t>(q)].name == name; });
  };
  std::vector<int> out;
  for (int q : page.questions) {
    const Node& n = f_.nodes[static_cast<std::size_t>(q)];
    if (Hidden(n)) continue;
    bool show = v.Relevant(q, p.instance);
    if (!show && n.relevant && v.Relevant(n.parent, p.instance)) {
      for (const auto& ref : n.relevant->references()) show = show || on_page(ref);
    }
    if (show) out.push_back(q);
  }
  return out;
}

template <typename Fn>
void Runtime::ForEachPage(const View& v, Fn&& fn, bool first_only) const {
  std::vector<int> visible;
  for (std::size_t i = 0; i < f_.pages.size(); ++i) {
    const form::Page& pg = f_.pages[i];
    if (pg.is_repeat) {
      const int n = v.Count(pg.node);  // 0 when the repeat does not apply
      for (int k = 0; k < n; ++k) {
        PageRef r{static_cast<int>(i), k};
        visible.clear();
        Visible(v, r, first_only, visible);
        if (!visible.empty()) fn(r, visible);
      }
    } else {
      PageRef r{static_cast<int>(i), -1};
      visible.clear();
      Visible(v, r, first_only, visible);
      if (!visible.empty()) fn(r, visible);
    }
  }
}

std::vector<PageRef> Runtime::Pages(const Answers& a) const { return Pages(View(f_, a)); }

std::vector<PageRef> Runtime::Pages(const View& v) const {
  std::vector<PageRef> out;
  ForEachPage(v, [&](PageRef r, const std::vector<int>&) { out.push_back(r); }, true);
  return out;
}

std::optional<FieldError> Runtime::CheckQuestion(const View& v, int q, int instance, std::string_view lang) const {
  const Node& n = f_.nodes[static_cast<std::size_t>(q)];
  if (!form::HoldsValue(n.type) || Hidden(n)) return std::nullopt;
  const std::string& value = v.Value(q, instance);
  if (value.empty()) {
    bool required = n.required || v.Test(n.required_if, q, instance, false);
    if (!required) return std::nullopt;
    std::string msg = n.required_message.Get(lang, f_.default_language);
    return FieldError{n.name, instance, msg.empty() ? Message("required", lang) : msg};
  }
  // A stored answer that no longer fits its type (the form changed) is reported, not trusted.
  auto canon = Canonicalize(n, value, lang);
  if (!canon.ok()) return FieldError{n.name, instance, canon.error().message};
  if (n.type == Type::kRank) {
    // A ranking puts every option it offers in order, each once.
    auto offered = Choices(v, q, instance);
    std::vector<std::string> given = SplitWords(value);
    bool complete = given.size() == offered.size() &&
                    std::all_of(offered.begin(), offered.end(), [&](const form::Choice* c) {
                      return std::find(given.begin(), given.end(), c->name) != given.end();
                    });
    if (!complete) return FieldError{n.name, instance, Message("rank", lang)};
  }
  if (n.constraint && !v.Test(n.constraint, q, instance, true)) {
    std::string msg = n.constraint_message.Get(lang, f_.default_language);
    return FieldError{n.name, instance, msg.empty() ? Message("constraint", lang) : msg};
  }
  return std::nullopt;
}

std::optional<FieldError> Runtime::CheckOffered(const View& v, int q, int instance, std::string_view lang) const {
  const Node& n = f_.nodes[static_cast<std::size_t>(q)];
  if (!n.choice_filter || !v.Relevant(q, instance)) return std::nullopt;
  if (v.Value(q, instance) == v.answers().Get(f_, n.name, instance)) return std::nullopt;
  return FieldError{n.name, instance, Message("choice", lang)};
}

std::vector<FieldError> Runtime::CheckOfferedAll(const View& v, std::string_view lang) const {
  std::vector<FieldError> out;
  for (std::size_t i = 1; i < f_.nodes.size(); ++i) {
    const Node& n = f_.nodes[i];
    if (!n.choice_filter) continue;
    const int count = n.repeat != 0 ? v.Count(n.repeat) : 1;
    for (int k = 0; k < count; ++k) {
      if (auto e = CheckOffered(v, static_cast<int>(i), n.repeat != 0 ? k : -1, lang)) out.push_back(std::move(*e));
    }
  }
  return out;
}

std::vector<FieldError> Runtime::ValidatePage(const Answers& a, PageRef p, std::string_view lang) const {
  return ValidatePage(View(f_, a), p, lang);
}

std::vector<FieldError> Runtime::ValidatePage(const View& v, PageRef p, std::string_view lang) const {
  std::vector<FieldError> out;
  std::vector<int> visible;
  Visible(v, p, false, visible);
  for (int q : visible) {
    if (auto e = CheckQuestion(v, q, p.instance, lang)) out.push_back(std::move(*e));
  }
  return out;
}

std::vector<FieldError> Runtime::ValidateAll(const Answers& a, std::string_view lang) const {
  return ValidateAll(View(f_, a), lang);
}

std::vector<FieldError> Runtime::ValidateAll(const View& v, std::string_view lang) const {
  std::vector<FieldError> out;
  // The pages' visible questions are worked out once, for choosing the pages and checking them.
  ForEachPage(v, [&](PageRef p, const std::vector<int>& visible) {
    for (int q : visible) {
      if (auto e = CheckQuestion(v, q, p.instance, lang)) out.push_back(std::move(*e));
    }
  });
  return out;
}

void Runtime::Calculate(Answers& a) const {
  if (f_.calc_order.empty()) return;
  // Worked out through a view of the answers as they are, then stored: a calculation sees every
  // other calculation's result (in dependency order) and blanks where questions do not apply.
  // A calculation that does not apply keeps what it stored (expressions see it blank meanwhile,
  // and Finalize drops it), as JavaRosa keeps it: once() gives that value back when it applies again.
  std::vector<std::tuple<int, int, std::string>> results;
  {
    View v(f_, a);
    for (int i : f_.calc_order) {
      const Node& n = f_.nodes[static_cast<std::size_t>(i)];
      if (n.repeat == 0) {
        if (v.Relevant(i, -1)) results.emplace_back(i, -1, v.Value(i, -1));
        continue;
      }
      const int count = v.Count(n.repeat);
      for (int k = 0; k < count; ++k) {
        if (v.Relevant(i, k)) results.emplace_back(i, k, v.Value(i, k));
      }
    }
  }
  for (auto& [i, k, value] : results) a.Set(f_, f_.nodes[static_cast<std::size_t>(i)].name, k, std::move(value));
}

void Runtime::Recalculate(Answers& a, const std::vector<std::string>& changed) const {
  // A change can reach a calculation through relevance as well as through what it reads (an
  // answer that makes a question it reads not apply), so every calculation is worked out again:
  // each once, through one view.
  (void)changed;
  Calculate(a);
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
  return Choices(View(f_, a), q, instance);
}

std::vector<const form::Choice*> Runtime::Choices(const View& v, int q, int instance) const {
  std::vector<const form::Choice*> out = FilteredChoices(v, q, instance);
  const Node& n = f_.nodes[static_cast<std::size_t>(q)];
  if (!n.randomize || out.size() < 2) return out;
  std::uint64_t state = 0;
  if (n.seed) {
    // seed=${x}: the order follows that number (ODK's rule), whichever response it is.
    double d = v.Evaluate(*n.seed, q, instance).ToNumber();
    state = std::isfinite(d) ? static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor(d))) : 0;
  } else {
    auto it = v.answers().values.find(kSeedKey);
    if (it != v.answers().values.end()) state = Fnv1a(it->second);
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

std::vector<const form::Choice*> Runtime::FilteredChoices(const View& v, int q, int instance) const {
  const Node& n = f_.nodes[static_cast<std::size_t>(q)];
  std::vector<const form::Choice*> out;
  if (!n.choices) return out;
  for (const form::Choice& c : n.choices->choices) {
    if (v.Offers(q, instance, c)) out.push_back(&c);
  }
  return out;
}

void Runtime::SetMeta(Answers& a, std::string_view kind, const std::string& value) const {
  for (const Node& n : f_.nodes) {
    if (n.type == Type::kMeta && n.meta == kind && n.repeat == 0) a.values[n.name] = value;
  }
}

namespace {

// A question's default as it is stored: a literal, or pyxform's dynamic default (an expression,
// evaluated for the question in `instance` against the answers so far). "" when it does not fit.
std::string DefaultOf(const form::Form& f, const Answers& a, const Node& n, int instance) {
  std::string text = n.default_value;
  if (n.default_expr) {
    const View view(f, a);
    text = view.Evaluate(*n.default_expr, static_cast<int>(&n - f.nodes.data()), instance).ToString();
    if (n.type == Type::kDateTime || n.type == Type::kTime) {
      // now() is "2026-07-05T14:30:15.123+00:00"; answers hold "2026-07-05T14:30:15" (a time: "14:30:15").
      auto t = text.find('T');
      if (n.type == Type::kTime && t != std::string::npos) {
        text = text.substr(t + 1);
        t = 0;
      }
      auto cut = text.find_first_of(".+-Z", t == std::string::npos ? text.size() : t);
      if (cut != std::string::npos) text = text.substr(0, cut);
    }
  }
  auto c = Canonicalize(n, text, f.default_language);
  return c.ok() ? *c : std::string();
}

bool HasDefault(const Node& n) {
  return !n.default_value.empty() && form::HoldsValue(n.type) && n.type != Type::kCalculate && n.type != Type::kMeta;
}

}  // namespace

Answers Runtime::Defaults() const {
  // Static defaults are in ODK's instance from the start; pyxform's dynamic defaults
  // (odk-instance-first-load) are then evaluated once, in document order, so each sees every static
  // default, wherever its question is, and the dynamic defaults before it.
  Answers a;
  for (const bool dynamic : {false, true}) {
    for (const Node& n : f_.nodes) {
      if (!HasDefault(n) || n.repeat != 0 || (n.default_expr != nullptr) != dynamic) continue;
      std::string v = DefaultOf(f_, a, n, -1);
      if (!v.empty()) a.values[n.name] = std::move(v);
    }
  }
  // The first instance of a repeat the respondent adds to exists from the start.
  for (std::size_t i = 1; i < f_.nodes.size(); ++i) {
    if (f_.nodes[i].type == Type::kRepeat && RespondentAdds(static_cast<int>(i))) {
      InstanceDefaults(a, static_cast<int>(i), 0);
    }
  }
  return a;
}

bool Runtime::InstanceDefaults(Answers& a, int repeat, int instance) const {
  // ODK gives each new instance of a repeat its questions' defaults: the static ones are in the
  // instance it copies, then the dynamic ones are evaluated in document order (odk-new-repeat).
  bool any = false;
  for (const bool dynamic : {false, true}) {
    for (const Node& n : f_.nodes) {
      if (n.repeat != repeat || !HasDefault(n) || (n.default_expr != nullptr) != dynamic) continue;
      std::string v = DefaultOf(f_, a, n, instance);
      if (v.empty()) continue;
      a.Set(f_, n.name, instance, std::move(v));
      any = true;
    }
  }
  return any;
}

void Runtime::CreateCountedInstances(Answers& a) const {
  // A counted repeat's instances come into being when its count grows past what is stored: they
  // get their defaults then (once: a default cleared by the respondent stays cleared).
  std::vector<std::pair<int, int>> grow;  // (repeat, count)
  {
    const View v(f_, a);
    for (std::size_t i = 1; i < f_.nodes.size(); ++i) {
      const Node& r = f_.nodes[i];
      if (r.type != Type::kRepeat || !r.repeat_count) continue;
      auto it = a.repeats.find(r.name);
      const int stored = it == a.repeats.end() ? 0 : static_cast<int>(it->second.size());
      const int count = v.Count(static_cast<int>(i));
      if (count > stored) grow.emplace_back(static_cast<int>(i), count);
    }
  }
  for (const auto& g : grow) {
    const int repeat = g.first;
    const int count = g.second;
    const bool has_defaults = std::any_of(f_.nodes.begin(), f_.nodes.end(),
                                          [&](const Node& n) { return n.repeat == repeat && HasDefault(n); });
    if (!has_defaults) continue;
    auto& list = a.repeats[f_.nodes[static_cast<std::size_t>(repeat)].name];
    const int from = static_cast<int>(list.size());
    list.resize(static_cast<std::size_t>(count));
    for (int k = from; k < count; ++k) InstanceDefaults(a, repeat, k);
  }
}

void Runtime::Finalize(Answers& a) const {
  // What is kept is what the view sees: answers to questions that apply (relevance worked out with
  // questions that do not apply counted as blank, so one pass is the fixed point), calculations'
  // results, as many repeat instances as the repeat has. Names the form does not have are dropped.
  // The top level is changed in place (most answers stay as they are: no copy of a whole response);
  // the changes are collected while the view reads the answers and applied after it is gone.
  std::vector<Values::iterator> drop;
  std::vector<std::pair<std::string, std::string>> set;  // calculations' results
  std::map<std::string, std::vector<Values>> repeats;
  {
    View v(f_, a);
    for (auto it = a.values.begin(); it != a.values.end(); ++it) {
      if (it->first == kSeedKey || it->first == kConsentKey) continue;  // kept: the response's own records
      const Node* n = f_.Find(it->first);
      if (!n || n->repeat != 0 || !form::HoldsValue(n->type)) {
        drop.push_back(it);
        continue;
      }
      const std::string& seen = v.Value(static_cast<int>(n - f_.nodes.data()), -1);
      if (seen.empty()) drop.push_back(it);
      else if (&seen != &it->second && seen != it->second) set.emplace_back(it->first, seen);
    }
    for (int i : f_.calc_order) {
      const Node& n = f_.nodes[static_cast<std::size_t>(i)];
      if (n.repeat != 0) continue;
      const std::string& seen = v.Value(i, -1);
      if (!seen.empty()) set.emplace_back(n.name, seen);  // an empty one is dropped above, if stored
    }
    for (const auto& [rname, list] : a.repeats) {
      const Node* r = f_.Find(rname);
      if (!r || r->type != Type::kRepeat) continue;
      const int ridx = static_cast<int>(r - f_.nodes.data());
      const int count = v.Count(ridx);
      if (count == 0) continue;
      std::vector<Values> instances(static_cast<std::size_t>(count));
      for (int k = 0; k < count && k < static_cast<int>(list.size()); ++k) {
        for (const auto& [name, value] : list[static_cast<std::size_t>(k)]) {
          const Node* n = f_.Find(name);
          if (!n || n->repeat != ridx || !form::HoldsValue(n->type)) continue;
          const std::string& seen = v.Value(static_cast<int>(n - f_.nodes.data()), k);
          if (!seen.empty()) instances[static_cast<std::size_t>(k)].emplace(name, seen);
        }
      }
      repeats[rname] = std::move(instances);
    }
    for (int i : f_.calc_order) {
      const Node& n = f_.nodes[static_cast<std::size_t>(i)];
      if (n.repeat == 0) continue;
      const int count = v.Count(n.repeat);
      const std::string& rname = f_.nodes[static_cast<std::size_t>(n.repeat)].name;
      for (int k = 0; k < count; ++k) {
        const std::string& seen = v.Value(i, k);
        auto& instances = repeats[rname];
        if (instances.size() < static_cast<std::size_t>(count)) instances.resize(static_cast<std::size_t>(count));
        if (seen.empty()) instances[static_cast<std::size_t>(k)].erase(n.name);
        else instances[static_cast<std::size_t>(k)][n.name] = seen;
      }
    }
  }
  for (auto it : drop) a.values.erase(it);
  for (auto& [name, value] : set) a.values.insert_or_assign(std::move(name), std::move(value));
  a.repeats = std::move(repeats);
}

std::string Runtime::Pipe(const Answers& a, std::string_view text, int instance) const {
  if (text.find("${") == std::string_view::npos) return std::string(text);
  return Pipe(View(f_, a), text, instance);
}

std::string Runtime::Pipe(const View& v, std::string_view text, int instance) const {
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
      // What an expression would see: blank when the question does not apply.
      int k = n->repeat != 0 ? std::max(instance, 0) : -1;
      const std::string& value = v.Value(static_cast<int>(n - f_.nodes.data()), k);
      if (n->choices && !value.empty()) {
        std::vector<std::string> labels;
        for (const auto& w : SplitWords(value)) {
          const form::Choice* c = n->choices->Find(w);
          labels.push_back(c ? c->label.Get(f_.default_language, "") : w);
        }
        out += Join(labels, ", ");
      } else {
        out += value;
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
