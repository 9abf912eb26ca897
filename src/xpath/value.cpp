// xpath::Value conversions and the default parts of EvalContext.
#include <chrono>
#include <cmath>
#include <random>

#include "xpath/internal/number_format.h"
#include "xpath/xpath.h"

namespace mcs::xpath {

std::string Value::ToString() const {
  switch (type()) {
    case Type::kNumber: return internal::NumberToString(std::get<double>(v_));
    case Type::kBoolean: return std::get<bool>(v_) ? "true" : "false";
    default: return std::get<std::string>(v_);
  }
}

double Value::ToNumber() const {
  switch (type()) {
    case Type::kNumber: return std::get<double>(v_);
    case Type::kBoolean: return std::get<bool>(v_) ? 1.0 : 0.0;
    default: return internal::StringToNumber(std::get<std::string>(v_));
  }
}

bool Value::ToBoolean() const {
  switch (type()) {
    case Type::kNumber: {
      const double d = std::get<double>(v_);
      return d != 0 && !std::isnan(d);
    }
    case Type::kBoolean: return std::get<bool>(v_);
    default: return !std::get<std::string>(v_).empty();
  }
}

std::string FormatNumber(double d) { return internal::NumberToString(d); }

std::string EvalContext::ChoiceLabel(std::string_view, std::string_view) const {
  return std::string();
}

std::string EvalContext::ResolveIndexed(std::string_view name,
                                        std::span<const RepeatIndex> path) const {
  if (path.size() != 1) return std::string();
  std::vector<std::string> values = ResolveAll(name);
  const auto index = static_cast<std::size_t>(path[0].index);
  if (path[0].index < 1 || index > values.size()) return std::string();
  return std::move(values[index - 1]);
}

std::int64_t EvalContext::NowMs() const {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

double EvalContext::Random() const {
  // One generator per thread: Evaluate is called from many threads at once.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  // generate_canonical may return exactly 1.0 (LWG 2524); random() promises [0, 1).
  const double r = std::generate_canonical<double, 53>(engine);
  return r < 1.0 ? r : 0.0;
}

}  // namespace mcs::xpath
