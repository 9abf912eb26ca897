#include "common/timezone.h"

#include <ctime>

#include "common/i18n.h"

namespace mcs {
namespace {

TimeMs UtcMs(int y, int mo, int d, int h, int mi) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return static_cast<TimeMs>(timegm(&tm)) * 1000;
}

// The day of the month of the last Sunday of `month` in `year`.
int LastSunday(int year, int month) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;  // the first day of the next month...
  tm.tm_mday = 0;     // ...minus one: the last day of `month`
  timegm(&tm);
  return tm.tm_mday - tm.tm_wday;
}

std::tm Gm(TimeMs t) {
  std::time_t s = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  return tm;
}

}  // namespace

int BrusselsOffsetMinutes(TimeMs utc) {
  int year = Gm(utc).tm_year + 1900;
  TimeMs start = UtcMs(year, 3, LastSunday(year, 3), 1, 0);
  TimeMs end = UtcMs(year, 10, LastSunday(year, 10), 1, 0);
  return utc >= start && utc < end ? 120 : 60;
}

TimeMs BrusselsToUtc(int year, int month, int day, int hour, int minute) {
  TimeMs guess = UtcMs(year, month, day, hour, minute) - 60 * 60000;
  return UtcMs(year, month, day, hour, minute) - BrusselsOffsetMinutes(guess) * 60000LL;
}

void BrusselsDate(TimeMs utc, int& year, int& month, int& day) {
  std::tm tm = Gm(utc + BrusselsOffsetMinutes(utc) * 60000LL);
  year = tm.tm_year + 1900;
  month = tm.tm_mon + 1;
  day = tm.tm_mday;
}

std::string BrusselsIsoDate(TimeMs utc) {
  int y = 0, m = 0, d = 0;
  BrusselsDate(utc, y, m, d);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  return out;
}

std::string FormatBrussels(TimeMs utc, std::string_view lang) {
  int off = BrusselsOffsetMinutes(utc);
  std::tm tm = Gm(utc + off * 60000LL);
  char hm[16];
  std::snprintf(hm, sizeof hm, "%02d:%02d", tm.tm_hour % 100, tm.tm_min % 100);
  return i18n::Format(lang, "brussels_datetime",
                      {std::to_string(tm.tm_mday), i18n::T(lang, "month_" + std::to_string(tm.tm_mon + 1)),
                       std::to_string(tm.tm_year + 1900), hm, off == 120 ? "CEST" : "CET"});
}

}  // namespace mcs
