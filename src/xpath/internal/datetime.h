// Dates as ODK uses them: 'YYYY-MM-DD' strings and 'YYYY-MM-DDThh:mm:ss.sss+hh:mm' dateTimes
// (ODK XForms spec, "Data Types"), and the proleptic Gregorian arithmetic behind date(), today(),
// now(), format-date() and ODK's date-aware number().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcs::xpath::internal {

inline constexpr std::int64_t kMsPerDay = 86'400'000;

constexpr std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = FloorDiv(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  std::int64_t year = 1970;
  int month = 1;
  int day = 1;
};
CivilDate CivilFromDays(std::int64_t days);
int DaysInMonth(std::int64_t year, int month);
// 0 = Sunday ... 6 = Saturday.
int Weekday(std::int64_t days);

// Dates outside years 0000-9999 are not representable as 'YYYY-MM-DD'; functions that make dates
// give "" for them.
inline constexpr std::int64_t kMinDay = DaysFromCivil(0, 1, 1);
inline constexpr std::int64_t kMaxDay = DaysFromCivil(9999, 12, 31);

// A parsed date or dateTime string.
struct DateTime {
  std::int64_t days = 0;       // the calendar date as written
  std::int64_t ms_of_day = 0;  // the wall-clock time as written; 0 for a date
  bool has_time = false;
  bool has_offset = false;     // 'Z' or +hh:mm was given
  int offset_minutes = 0;      // east of UTC, when has_offset

  // A date counts whole days (so date strings subtract to whole days whatever the time zone); a
  // dateTime is an instant, in fractional days, and one without an offset is taken as UTC.
  double DaysSinceEpoch() const;
};

// Parses 'YYYY-MM-DD' (month and day may have one digit, as JavaRosa accepts) optionally followed
// by 'Thh:mm', ':ss', '.fraction' and 'Z' or '+hh:mm' / '-hh:mm' / '+hh'. XPath whitespace around
// it is ignored. nullopt for anything else, including impossible dates such as 2023-02-29.
std::optional<DateTime> ParseDateTime(std::string_view s);

// The wall-clock date and time to show for a value.
struct WallClock {
  std::int64_t days = 0;
  std::int64_t ms_of_day = 0;
};
// A dateTime with an offset is shown in the local time `local_offset_minutes`; a date or a
// dateTime without an offset is shown as written.
WallClock ToWallClock(const DateTime& dt, int local_offset_minutes);
// Fractional days since the epoch, shown as UTC (how format-date() reads a number).
std::optional<WallClock> WallClockFromDays(double days);

std::string FormatDate(std::int64_t days);  // 'YYYY-MM-DD'
// 'YYYY-MM-DDThh:mm:ss.sss+hh:mm', the form ODK stores now() in.
std::string FormatDateTime(WallClock wall, int offset_minutes);
// format-date()'s codes: %Y %y %m %n %b %d %e %H %h %M %S %3 %a and %% for '%'. Unknown codes are
// copied as written (as ODK Web Forms does); month and day names are English.
std::string FormatWithPattern(WallClock wall, std::string_view pattern);

}  // namespace mcs::xpath::internal
