// Date functions. Dates are strings ('YYYY-MM-DD', dateTimes with an offset) and numbers of days
// since 1970-01-01 (datetime.h); these functions convert between the two.
#include <cmath>
#include <optional>

#include "xpath/internal/datetime.h"
#include "xpath/internal/function_library.h"
#include "xpath/internal/number_format.h"

namespace mcs::xpath::internal {
namespace {

WallClock Now(const EvalContext& ctx) {
  const std::int64_t local_ms =
      ctx.NowMs() + std::int64_t{ctx.UtcOffsetMinutes()} * 60'000;
  const std::int64_t days = FloorDiv(local_ms, kMsPerDay);
  return WallClock{days, local_ms - days * kMsPerDay};
}

// The wall-clock time a value stands for: a number is days since the epoch (shown as UTC), a
// numeric string likewise, a date or dateTime string as datetime.h says. nullopt for "", booleans
// and anything else, which the functions turn into "".
std::optional<WallClock> ToWall(const Item& item, const EvalContext& ctx) {
  if (item.kind == Item::Kind::kBoolean) return std::nullopt;
  if (item.kind == Item::Kind::kNumber) return WallClockFromDays(item.number);
  const double d = ParseXPathNumber(item.text);
  if (!std::isnan(d)) return WallClockFromDays(d);
  const std::optional<DateTime> dt = ParseDateTime(item.text);
  if (!dt) return std::nullopt;
  const WallClock wall = ToWallClock(*dt, ctx.UtcOffsetMinutes());
  if (wall.days < kMinDay || wall.days > kMaxDay) return std::nullopt;
  return wall;
}

}  // namespace

Item FnToday(const Call& call) {
  // The ODK spec: today's local date as a date string.
  return Item::String(FormatDate(Now(call.context()).days));
}

Item FnNow(const Call& call) {
  // The ODK spec: local date and time with the offset, e.g. 2026-11-28T13:00:00.000+01:00.
  const EvalContext& ctx = call.context();
  return Item::String(FormatDateTime(Now(ctx), ctx.UtcOffsetMinutes()));
}

Item FnDate(const Call& call) {
  // date(x): the date x stands for, as 'YYYY-MM-DD'; a number is rounded down to whole days (so a
  // dateTime's fraction of a day is dropped); "" when x is no date (JavaRosa would fail).
  const std::optional<WallClock> wall = ToWall(call.Arg(0), call.context());
  return Item::String(wall ? FormatDate(wall->days) : std::string());
}

Item FnDecimalDateTime(const Call& call) {
  // Days since 1970-01-01T00:00Z with the fraction; numbers pass through; NaN for non-dates.
  const Item item = call.Arg(0);
  if (item.kind == Item::Kind::kBoolean) return Item::Number(std::nan(""));
  return Item::Number(ToNumber(item));
}

Item FnFormatDate(const Call& call) {
  // format-date() and format-date-time() share JavaRosa's formatter, so both accept every code.
  const std::optional<WallClock> wall = ToWall(call.Arg(0), call.context());
  if (!wall) return Item::String("");
  return Item::String(FormatWithPattern(*wall, call.String(1)));
}

}  // namespace mcs::xpath::internal
