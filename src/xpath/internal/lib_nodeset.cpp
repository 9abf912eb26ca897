// Node-set and repeat functions. A reference here means every instance of the question across
// repeats (EvalContext::ResolveAll); the parser has made sure the argument is a reference.
#include <array>
#include <cstdint>
#include <cmath>
#include <limits>

#include "xpath/internal/digest.h"
#include "xpath/internal/function_library.h"
#include "xpath/internal/number_format.h"

namespace mcs::xpath::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// min() and max() over node-sets (all instances) and plain values. Values that are not numbers
// (unanswered instances included) are skipped, as JavaRosa (ODK Collect) does; none left gives
// NaN. ODK Web Forms and Enketo give NaN as soon as one value is not a number; where the engines
// disagree we follow JavaRosa (tests/xpath/odk_web_forms.tsv says so at each such row). JavaRosa's
// max() starts from Double.MIN_VALUE, so its max(-1, -2) is 4.9E-324: that bug is not followed.
Item Extremum(const Call& call, bool want_max) {
  double best = kNaN;
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

// Java's (long) of a double: truncated, NaN 0, saturated at the ends.
std::int64_t JavaLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(d);
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
  // XPath 1.0 sums number() of every node, so one unanswered instance would make it NaN (as in
  // ODK Web Forms and Enketo); JavaRosa (ODK Collect) skips values that are not numbers, and so
  // do we. An empty node-set sums to 0.
  double sum = 0;
  for (const std::string& v : call.NodeValues(0)) {
    const double d = StringToNumber(v);
    if (!std::isnan(d)) sum += d;
  }
  return Item::Number(sum);
}

Item FnMin(const Call& call) { return Extremum(call, false); }
Item FnMax(const Call& call) { return Extremum(call, true); }

std::vector<std::string> RandomizeNodes(const Call& call) {
  // JavaRosa's randomize() (ODK Web Forms ports it bit for bit): an "inside-out" Fisher-Yates
  // shuffle driven by the Park-Miller generator (x' = x * 16807 mod 2^31-1) seeded with the
  // seed's Java long value; a seed that is not a number is the first 8 bytes of its SHA-256
  // ("" is 0). Without a seed the order comes from EvalContext::Random().
  std::vector<std::string> nodes = call.NodeValues(0);
  constexpr std::int64_t kModulus = 2147483647;
  std::int64_t state = 0;
  const bool seeded = call.size() > 1;
  if (seeded) {
    const Item seed = call.Arg(1);
    const double d = ToNumber(seed);
    std::int64_t s = 0;
    if (!std::isnan(d)) {
      s = JavaLong(d);
    } else {
      const std::string text = ToString(seed);
      if (!text.empty()) s = Sha256Prefix64(text);
    }
    state = s % kModulus;
    if (state <= 0) state += kModulus - 1;
  }
  std::vector<std::string> out(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    double r;
    if (seeded) {
      state = state * 16807 % kModulus;
      r = static_cast<double>(state - 1) / static_cast<double>(kModulus - 1);
    } else {
      r = call.context().Random();
    }
    const auto j = static_cast<std::size_t>(std::floor(r * static_cast<double>(i + 1)));
    if (j != i) out[i] = std::move(out[j]);
    out[j] = std::move(nodes[i]);
  }
  return out;
}

Item FnRandomize(const Call& call) {
  std::vector<std::string> nodes = RandomizeNodes(call);
  return Item::Node(nodes.empty() ? std::string() : std::move(nodes.front()));
}

Item FnPosition(const Call& call) { return Item::Number(call.context().Position()); }

Item FnIndexedRepeat(const Call& call) {
  // indexed-repeat(${field}, ${repeat1}, index1, ${repeat2}, index2, ...): up to five levels.
  // Indexes are 1-based positions, as the path predicate /data/rep[index]/field that the function
  // stands for (ODK Web Forms): an index below 1, NaN or with a fraction selects no instance, so the
  // result is blank ("the previous instance" of the first one is nothing, not the first one).
  std::array<RepeatIndex, 5> path{};
  std::size_t levels = 0;
  for (std::size_t i = 1; i + 1 < call.size() && levels < path.size(); i += 2) {
    double index = call.Number(i + 1);
    if (!(index >= 1) || index != std::trunc(index)) return Item::String("");
    if (index > std::numeric_limits<int>::max()) index = std::numeric_limits<int>::max();
    path[levels++] = RepeatIndex{call.ArgNode(i).text, static_cast<int>(index)};
  }
  const Node& field = call.ArgNode(0);
  if (field.kind != NodeKind::kReference) return Item::Node(call.context().Current());
  return Item::Node(
      call.context().ResolveIndexed(field.text, std::span<const RepeatIndex>(path.data(), levels)));
}

}  // namespace mcs::xpath::internal
