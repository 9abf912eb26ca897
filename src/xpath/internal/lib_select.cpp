// Functions on select answers: space-separated lists of choice names.
#include <cmath>

#include "xpath/internal/function_library.h"
#include "xpath/internal/number_format.h"

namespace mcs::xpath::internal {
namespace {

// Calls f(token) for each whitespace-separated token; stops when f returns true.
template <typename F>
bool ForEachToken(std::string_view list, F f) {
  std::size_t pos = 0;
  while (pos < list.size()) {
    while (pos < list.size() && IsXPathSpace(list[pos])) ++pos;
    std::size_t end = pos;
    while (end < list.size() && !IsXPathSpace(list[end])) ++end;
    if (end > pos && f(list.substr(pos, end - pos))) return true;
    pos = end;
  }
  return false;
}

}  // namespace

Item FnSelected(const Call& call) {
  const std::string list = call.String(0);
  const std::string needle_text = call.String(1);
  // JavaRosa trims the choice name: selected(., ' a ') is selected(., 'a').
  const std::string_view needle = TrimXPathSpace(needle_text);
  if (needle.empty()) return Item::Boolean(false);
  return Item::Boolean(ForEachToken(list, [&](std::string_view t) { return t == needle; }));
}

Item FnSelectedAt(const Call& call) {
  // 0-based; "" past either end (JavaRosa selectedAt). NaN is no index at all.
  const std::string list = call.String(0);
  const double index = call.Number(1);
  if (std::isnan(index)) return Item::String("");
  const double wanted = std::trunc(index);
  double i = 0;
  std::string out;
  ForEachToken(list, [&](std::string_view t) {
    if (i++ == wanted) {
      out = std::string(t);
      return true;
    }
    return false;
  });
  return Item::String(std::move(out));
}

Item FnCountSelected(const Call& call) {
  const std::string list = call.String(0);
  double count = 0;
  ForEachToken(list, [&](std::string_view) {
    ++count;
    return false;
  });
  return Item::Number(count);
}

Item FnChoiceName(const Call& call) {
  // XLSForm: jr:choice-name(${q}, '${q}'): the label of the chosen choice of select question q.
  // The second argument names the question: '${q}' as XLSForm writes it, or just 'q'.
  const std::string value_text = call.String(0);
  const std::string question_text = call.String(1);
  const std::string_view value = TrimXPathSpace(value_text);
  std::string_view question = TrimXPathSpace(question_text);
  if (question.size() > 3 && question.starts_with("${") && question.ends_with("}")) {
    question = question.substr(2, question.size() - 3);
  }
  if (value.empty() || question.empty()) return Item::String("");
  return Item::String(call.context().ChoiceLabel(question, value));
}

}  // namespace mcs::xpath::internal
