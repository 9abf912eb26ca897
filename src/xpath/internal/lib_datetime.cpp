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

namespace mcs::xpath::internal {

Item FnDateTime(const Call& call) {
  // date-time(x) (ODK Web Forms, JavaRosa's tests as ported there): a date string stays a date;
  // a dateTime, or a number of days since 1970-01-01T00:00Z, becomes a dateTime in the local
  // time zone ('1970-01-01T21:50:49Z' is '1970-01-01T14:50:49.000-07:00' at UTC-7); "" when x
  // is no date (JavaRosa fails, Web Forms gives 'Invalid Date').
  const Item item = call.Arg(0);
  const EvalContext& ctx = call.context();
  if (item.kind == Item::Kind::kBoolean) return Item::String("");
  double days = item.kind == Item::Kind::kNumber ? item.number : ParseXPathNumber(item.text);
  if (std::isnan(days) && item.IsText()) {
    const std::optional<DateTime> dt = ParseDateTime(item.text);
    if (!dt) return Item::String("");
    if (!dt->has_time) {
      return Item::String(dt->days < kMinDay || dt->days > kMaxDay ? std::string() : FormatDate(dt->days));
    }
    if (!dt->has_offset) {
      // Shown as written, in the local zone.
      return Item::String(FormatDateTime(WallClock{dt->days, dt->ms_of_day}, ctx.UtcOffsetMinutes()));
    }
    days = dt->DaysSinceEpoch();
  }
  if (!std::isfinite(days)) return Item::String("");
  const std::optional<WallClock> utc = WallClockFromDays(days + ctx.UtcOffsetMinutes() / 1440.0);
  if (!utc) return Item::String("");
  return Item::String(FormatDateTime(*utc, ctx.UtcOffsetMinutes()));
}

Item FnDecimalTime(const Call& call) {
  // decimal-time('hh:mm:ss.sss+hh:mm'): the fraction of the local day that time stands for, in
  // the context's time zone, as Enketo and ODK Web Forms compute it ((s / 3600 + m / 60 + h) /
  // 24, milliseconds ignored). NaN for a time without an offset and for anything out of range
  // (24:00, minutes or seconds 60, an offset of 24 hours or 60 minutes). A number of days gives
  // its fraction, as JavaRosa (toDecimalDateTime); Enketo gives NaN. A dateTime gives the time of
  // day it shows in the context's time zone, as JavaRosa (decimalTimeOfLocalDay), so
  // decimal-time(${start}) is the hour the interview began; Enketo gives NaN.
  const Item item = call.Arg(0);
  if (item.kind == Item::Kind::kNumber) return Item::Number(item.number - std::floor(item.number));
  if (!item.IsText()) return Item::Number(std::nan(""));
  const std::string& t = item.text;
  if (t.find('T') != std::string::npos) {
    const std::optional<DateTime> dt = ParseDateTime(t);
    if (!dt || !dt->has_time) return Item::Number(std::nan(""));
    const std::int64_t seconds = ToWallClock(*dt, call.context().UtcOffsetMinutes()).ms_of_day / 1000;
    return Item::Number((static_cast<double>(seconds % 60) / 3600.0 + static_cast<double>(seconds / 60 % 60) / 60.0 +
                         static_cast<double>(seconds / 3600)) /
                        24);
  }
  auto digits2 = [&](std::size_t pos, int& out) {
    if (pos + 2 > t.size() || t[pos] < '0' || t[pos] > '9' || t[pos + 1] < '0' || t[pos + 1] > '9') return false;
    out = (t[pos] - '0') * 10 + (t[pos + 1] - '0');
    return true;
  };
  int h = 0, m = 0, s = 0, oh = 0, om = 0;
  if (!digits2(0, h) || t.size() < 8 || t[2] != ':' || !digits2(3, m) || t[5] != ':' || !digits2(6, s)) {
    return Item::Number(std::nan(""));
  }
  std::size_t pos = 8;
  if (pos < t.size() && t[pos] == '.') {
    std::size_t n = 0;
    while (pos + 1 + n < t.size() && t[pos + 1 + n] >= '0' && t[pos + 1 + n] <= '9') ++n;
    if (n < 1 || n > 3) return Item::Number(std::nan(""));
    pos += 1 + n;
  }
  if (pos + 6 != t.size() || (t[pos] != '+' && t[pos] != '-') || !digits2(pos + 1, oh) || t[pos + 3] != ':' ||
      !digits2(pos + 4, om)) {
    return Item::Number(std::nan(""));
  }
  if (h > 23 || m > 59 || s > 59 || oh > 23 || om > 59) return Item::Number(std::nan(""));
  const int offset = (t[pos] == '-' ? -1 : 1) * (oh * 60 + om);
  int minutes = h * 60 + m - offset + call.context().UtcOffsetMinutes();
  minutes = ((minutes % 1440) + 1440) % 1440;
  const int hours = minutes / 60;
  const int mins = minutes % 60;
  return Item::Number((s / 3600.0 + mins / 60.0 + hours) / 24);
}

}  // namespace mcs::xpath::internal
