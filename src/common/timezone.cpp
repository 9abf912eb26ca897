#include "common/timezone.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>

#include <ctime>
#include <memory>

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

std::tm Gm(TimeMs t) {
  std::time_t s = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  return tm;
}

// The tz database's Europe/Brussels, through ICU (issue 24: no hand-written summer-time rule). One
// copy per thread: ICU's time zones are not documented as safe to share.
const icu::BasicTimeZone& Brussels() {
  thread_local std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone("Europe/Brussels"));
  return *static_cast<const icu::BasicTimeZone*>(zone.get());  // an OlsonTimeZone: a BasicTimeZone
}

}  // namespace

int BrusselsOffsetMinutes(TimeMs utc) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  Brussels().getOffset(static_cast<UDate>(utc), /*local=*/false, raw, dst, status);
  return U_FAILURE(status) ? 60 : (raw + dst) / 60000;
}

TimeMs BrusselsToUtc(int year, int month, int day, int hour, int minute) {
  // A wall-clock time the autumn change repeats is taken the second time (winter time); one the
  // spring change skips comes back as another time, which callers that check the round trip refuse.
  TimeMs local = UtcMs(year, month, day, hour, minute);
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  Brussels().getOffsetFromLocal(static_cast<UDate>(local), UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_LATTER, raw, dst,
                                status);
  if (U_FAILURE(status)) return local - 60 * 60000;
  return local - raw - dst;
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
