// Node-set and repeat functions. A reference here means every instance of the question across
// repeats (EvalContext::ResolveAll); the parser has made sure the argument is a reference.
#include <array>
#include <cmath>
#include <limits>

#include "xpath/internal/function_library.h"
#include "xpath/internal/number_format.h"

namespace mcs::xpath::internal {
namespace {

// min() and max() over references (all instances) and plain values. Values that are not numbers
// (unanswered instances included) are skipped, as JavaRosa does; none left gives NaN.
Item Extremum(const Call& call, bool want_max) {
  double best = std::numeric_limits<double>::quiet_NaN();
  auto consider = [&](double d) {
    if (std::isnan(d)) return;
    if (std::isnan(best) || (want_max ? d > best : d < best)) best = d;
  };
  for (std::size_t i = 0; i < call.size(); ++i) {
    if (call.IsNodeSet(i)) {
      for (const std::string& v : call.NodeValues(i)) consider(StringToNumber(v));
    } else {
      consider(call.Number(i));
    }
  }
  return Item::Number(best);
}

}  // namespace

Item FnCount(const Call& call) {
  return Item::Number(static_cast<double>(call.NodeValues(0).size()));
}

Item FnCountNonEmpty(const Call& call) {
  double count = 0;
  for (const std::string& v : call.NodeValues(0)) count += v.empty() ? 0 : 1;
  return Item::Number(count);
}

Item FnSum(const Call& call) {
  // XPath 1.0 sums number() of every node, so one unanswered instance would make it NaN; JavaRosa
  // (ODK Collect) skips values that are not numbers, and so do we.
  double sum = 0;
  for (const std::string& v : call.NodeValues(0)) {
    const double d = StringToNumber(v);
    if (!std::isnan(d)) sum += d;
  }
  return Item::Number(sum);
}

Item FnMin(const Call& call) { return Extremum(call, false); }
Item FnMax(const Call& call) { return Extremum(call, true); }

Item FnPosition(const Call& call) { return Item::Number(call.context().Position()); }

Item FnIndexedRepeat(const Call& call) {
  // indexed-repeat(${field}, ${repeat1}, index1, ${repeat2}, index2, ...): up to five levels.
  // Indexes are 1-based; below 1 (or NaN) means 1, as in JavaRosa.
  std::array<RepeatIndex, 5> path{};
  std::size_t levels = 0;
  for (std::size_t i = 1; i + 1 < call.size() && levels < path.size(); i += 2) {
    double index = std::trunc(call.Number(i + 1));
    if (!(index >= 1)) index = 1;
    if (index > std::numeric_limits<int>::max()) index = std::numeric_limits<int>::max();
    path[levels++] = RepeatIndex{call.ArgNode(i).text, static_cast<int>(index)};
  }
  const Node& field = call.ArgNode(0);
  if (field.kind != NodeKind::kReference) return Item::Node(call.context().Current());
  return Item::Node(
      call.context().ResolveIndexed(field.text, std::span<const RepeatIndex>(path.data(), levels)));
}

}  // namespace mcs::xpath::internal
