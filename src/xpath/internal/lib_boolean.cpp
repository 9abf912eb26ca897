// Boolean and control functions: XPath 1.0 section 4.3, XForms if() and boolean-from-string(),
// ODK coalesce(), once(), checklist() and weighted-checklist().
#include <cmath>
#include <string>
#include <utility>

#include "xpath/internal/function_library.h"
#include "xpath/internal/number_format.h"

namespace mcs::xpath::internal {
namespace {

// Whether a checklist() factor counts: boolean() of its value, as JavaRosa's toBoolean() of a
// text value and ODK Web Forms (a node holding "0" or "no" counts, an empty one does not).
// JavaRosa reads a number question's answer as a number, so there 0 would not count; the
// expression library sees text only.
bool FactorIsTrue(const std::string& value) { return !value.empty(); }

bool FactorIsTrue(const Item& item) {
  if (item.IsText()) return FactorIsTrue(item.text);
  return ToBoolean(item);
}

}  // namespace

Item FnIf(const Call& call) {
  // XForms 1.0 if(); only the chosen branch is evaluated. The branch's value keeps its type (as in
  // JavaRosa) rather than becoming a string, so if(c, 0, 1) = true() compares booleans properly.
  return call.Arg(call.Boolean(0) ? 1 : 2);
}

Item FnCoalesce(const Call& call) {
  Item first = call.Arg(0);
  if (!IsEmptyValue(first)) return first;
  return call.Arg(1);
}

// The ODK spec (and JavaRosa's XPathFuncExpr): "The parameter will be evaluated and returned if
// the context node's value is empty, otherwise the current value of the context node will be
// returned", so once(random()) or once(now()) in a calculation keeps its first value. The context
// node's value is EvalContext::Current() (for a calculation, its value as stored before).
Item FnOnce(const Call& call) {
  std::string current = call.context().Current();
  if (!current.empty()) return Item::String(std::move(current));
  return call.Arg(0);
}

Item FnBoolean(const Call& call) { return Item::Boolean(call.Boolean(0)); }
Item FnNot(const Call& call) { return Item::Boolean(!call.Boolean(0)); }
Item FnTrue(const Call&) { return Item::Boolean(true); }
Item FnFalse(const Call&) { return Item::Boolean(false); }

Item FnBooleanFromString(const Call& call) {
  // JavaRosa (boolStr: equalsIgnoreCase("true") or "1") and XForms 1.0: true for "true" in any
  // case and "1"; false for anything else. ODK Web Forms is case-sensitive ('True' is false);
  // where the engines disagree we follow JavaRosa. A number argument is read as its string.
  const std::string s = call.String(0);
  if (s == "1") return Item::Boolean(true);
  static constexpr std::string_view kTrue = "true";
  if (s.size() != kTrue.size()) return Item::Boolean(false);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = (s[i] >= 'A' && s[i] <= 'Z') ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (c != kTrue[i]) return Item::Boolean(false);
  }
  return Item::Boolean(true);
}

Item FnChecklist(const Call& call) {
  // checklist(min, max, factors...): whether the count of true factors lies in [min, max]; -1 (any
  // negative) means no bound. References bring every repeat instance.
  const double min = std::trunc(call.Number(0));
  const double max = std::trunc(call.Number(1));
  double count = 0;
  for (std::size_t i = 2; i < call.size(); ++i) {
    if (call.IsNodeSet(i)) {
      for (const std::string& v : call.NodeValues(i)) count += FactorIsTrue(v) ? 1 : 0;
    } else {
      count += FactorIsTrue(call.Arg(i)) ? 1 : 0;
    }
  }
  // NaN bounds are no bounds (JavaRosa's intValue() makes them 0, which bounds nothing below).
  const bool min_ok = !(min >= 0) || count >= min;
  const bool max_ok = !(max >= 0) || count <= max;
  return Item::Boolean(min_ok && max_ok);
}

Item FnWeightedChecklist(const Call& call) {
  // weighted-checklist(min, max, v1, w1, v2, w2...): the sum of the weights of the true factors
  // must lie in [min, max]. Unlike checklist(), -1 is no "no bound" here (JavaRosa's
  // checklistWeighted; ODK Web Forms and Enketo treat it as one: where they disagree we follow
  // JavaRosa). With exactly one pair of references the pairs come from their repeat instances.
  const double min = call.Number(0);
  const double max = call.Number(1);
  double sum = 0;
  if (call.size() == 4 && call.IsNodeSet(2) && call.IsNodeSet(3)) {
    const std::vector<std::string> values = call.NodeValues(2);
    const std::vector<std::string> weights = call.NodeValues(3);
    if (values.size() != weights.size()) return Item::Boolean(false);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (FactorIsTrue(values[i])) sum += StringToNumber(weights[i]);
    }
  } else {
    for (std::size_t i = 2; i + 1 < call.size(); i += 2) {
      if (FactorIsTrue(call.Arg(i))) sum += call.Number(i + 1);
    }
  }
  return Item::Boolean(sum >= min && sum <= max);
}

}  // namespace mcs::xpath::internal
