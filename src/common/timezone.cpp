#include "common/timezone.h"

#include <unicode/basictz.h>
#include <unicode/calendar.h>
#include <unicode/dtptngen.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>

#include <ctime>
#include <map>
#include <memory>
#include <mutex>

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
  // Floor division: an instant before 1970 that is not a whole second still falls in the right second.
  std::time_t s = static_cast<std::time_t>(t >= 0 ? t / 1000 : -((-t + 999) / 1000));
  std::tm tm{};
  gmtime_r(&s, &tm);
  return tm;
}

icu::UnicodeString U(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string Utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

// A zone of the tz database by name (checked by CheckTimeZone where it comes in; an unknown one here
// falls back to the default). One copy per thread and zone: ICU's time zones are not documented as
// safe to share between threads.
const icu::BasicTimeZone& Zone(std::string_view name) {
  thread_local std::map<std::string, std::unique_ptr<icu::TimeZone>, std::less<>> zones;
  auto it = zones.find(name);
  if (it != zones.end()) return *static_cast<const icu::BasicTimeZone*>(it->second.get());
  if (zones.size() > 64) zones.clear();
  std::string key(name);
  if (!CheckTimeZone(name).ok()) name = kDefaultTimeZone;
  std::unique_ptr<icu::TimeZone> z(icu::TimeZone::createTimeZone(U(name)));
  // A system zone is an OlsonTimeZone, a BasicTimeZone.
  return *static_cast<const icu::BasicTimeZone*>(zones.emplace(key, std::move(z)).first->second.get());
}

// ICU's locale for an interface language: English as the EU writes it.
icu::Locale LocaleOf(std::string_view lang) {
  std::string tag(lang.empty() ? "en" : lang);
  if (tag == "en") tag = "en-GB";
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
  if (U_FAILURE(status) || loc.isBogus()) return icu::Locale("en", "GB");
  return loc;
}

std::mutex study_zone_mu;
std::string& StudyZoneValue() {
  static std::string zone(kDefaultTimeZone);
  return zone;
}

}  // namespace

Status CheckTimeZone(std::string_view zone) {
  auto refuse = [&](const std::string& why) {
    return Status(MakeError(ErrorCode::kInvalid, why));
  };
  if (zone.empty()) return refuse("the time zone is empty: give an IANA name such as Europe/Brussels or Asia/Tokyo");
  if (zone.size() > 64) return refuse("the time zone name is too long: give an IANA name such as Europe/Brussels");
  for (char c : zone) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
          c == '-' || c == '+')) {
      return refuse("\"" + std::string(zone) + "\" is not a time zone name: give an IANA name such as Europe/Brussels");
    }
  }
  icu::UnicodeString canonical;
  UBool system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(U(zone), canonical, system, status);
  if (U_FAILURE(status) || !system || canonical == icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID)) {
    return refuse("unknown time zone \"" + std::string(zone) +
                  "\": give a name of the tz database (IANA) such as Europe/Brussels, Asia/Tokyo or America/St_Johns");
  }
  return Status::Ok();
}

int ZoneOffsetMinutes(std::string_view zone, TimeMs utc) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  Zone(zone).getOffset(static_cast<UDate>(utc), /*local=*/false, raw, dst, status);
  return U_FAILURE(status) ? 0 : (raw + dst) / 60000;
}

TimeMs LocalToUtc(std::string_view zone, int year, int month, int day, int hour, int minute) {
  // UCAL_TZ_LOCAL_FORMER for a skipped time (the offset before the change), UCAL_TZ_LOCAL_LATTER for
  // a repeated one (the offset after it): the rules in the header.
  TimeMs local = UtcMs(year, month, day, hour, minute);
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  Zone(zone).getOffsetFromLocal(static_cast<UDate>(local), UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_LATTER, raw, dst,
                                status);
  if (U_FAILURE(status)) return local;
  return local - raw - dst;
}

bool LocalTimeExists(std::string_view zone, int year, int month, int day, int hour, int minute) {
  LocalTime back = ToLocal(zone, LocalToUtc(zone, year, month, day, hour, minute));
  return back.year == year && back.month == month && back.day == day && back.hour == hour && back.minute == minute;
}

LocalTime ToLocal(std::string_view zone, TimeMs utc) {
  std::tm tm = Gm(utc + ZoneOffsetMinutes(zone, utc) * 60000LL);
  return LocalTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min};
}

std::string LocalIsoDate(std::string_view zone, TimeMs utc) {
  LocalTime t = ToLocal(zone, utc);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", t.year % 10000, t.month % 100, t.day % 100);
  return out;
}

std::string LocalIsoTime(std::string_view zone, TimeMs utc) {
  const int offset = ZoneOffsetMinutes(zone, utc);
  // The wall-clock time as FormatTimeUtc writes an instant, its "Z" replaced by the offset.
  std::string out = FormatTimeUtc(utc + offset * 60000LL);
  if (out.empty() || out.back() != 'Z') return out;
  out.pop_back();
  const int abs = offset < 0 ? -offset : offset;
  char tail[8];
  std::snprintf(tail, sizeof tail, "%c%02d:%02d", offset < 0 ? '-' : '+', abs / 60 % 100, abs % 60);
  return out + tail;
}

std::string LocalIsoMinute(std::string_view zone, TimeMs utc) {
  LocalTime t = ToLocal(zone, utc);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d", t.year % 10000, t.month % 100, t.day % 100,
                t.hour % 100, t.minute % 100);
  return out;
}

namespace {

// `utc` on `zone`'s clock by CLDR's pattern for `skeleton` in `lang` (ICU's generator), `fallback`
// when ICU has none. Formatters are costly to make: one per thread, zone, language and skeleton.
std::string FormatBySkeleton(std::string_view zone, TimeMs utc, std::string_view lang, const char16_t* skeleton,
                             const char16_t* fallback) {
  thread_local std::map<std::string, std::unique_ptr<icu::SimpleDateFormat>> formats;
  std::string key = std::string(zone) + "|" + std::string(lang) + "|" + Utf8(icu::UnicodeString(skeleton));
  auto it = formats.find(key);
  if (it == formats.end()) {
    if (formats.size() > 256) formats.clear();
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale loc = LocaleOf(lang);
    std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(loc, status));
    icu::UnicodeString pattern =
        U_SUCCESS(status) ? gen->getBestPattern(icu::UnicodeString(skeleton), status) : icu::UnicodeString();
    if (U_FAILURE(status) || pattern.isEmpty()) pattern = fallback;
    status = U_ZERO_ERROR;
    auto f = std::make_unique<icu::SimpleDateFormat>(pattern, loc, status);
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      f = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString(u"y-MM-dd HH:mm zzzz"), icu::Locale::getRoot(),
                                                  status);
    }
    f->setTimeZone(Zone(zone));
    it = formats.emplace(key, std::move(f)).first;
  }
  icu::UnicodeString out;
  it->second->format(static_cast<UDate>(utc), out);
  return Utf8(out);
}

}  // namespace

std::string FormatDateTime(std::string_view zone, TimeMs utc, std::string_view lang) {
  // A long date (the month in words), hours and minutes as the language writes them ("j": 24-hour
  // where that is usual), the zone's specific long name ("zzzz").
  return FormatBySkeleton(zone, utc, lang, u"dMMMMyjmmzzzz", u"d MMMM y HH:mm zzzz");
}

std::string FormatDate(std::string_view zone, TimeMs utc, std::string_view lang) {
  return FormatBySkeleton(zone, utc, lang, u"dMMMMy", u"d MMMM y");
}

std::string ZoneDisplayName(std::string_view zone, std::string_view lang) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> names(icu::TimeZoneNames::createInstance(LocaleOf(lang), status));
  icu::UnicodeString out;
  if (U_SUCCESS(status)) names->getDisplayName(U(zone), UTZNM_LONG_GENERIC, icu::Calendar::getNow(), out);
  return out.isEmpty() ? std::string(zone) : Utf8(out);
}

std::string StudyTimeZone() {
  std::lock_guard lock(study_zone_mu);
  return StudyZoneValue();
}

void SetStudyTimeZone(std::string_view zone) {
  std::lock_guard lock(study_zone_mu);
  StudyZoneValue() = CheckTimeZone(zone).ok() ? std::string(zone) : std::string(kDefaultTimeZone);
}

}  // namespace mcs
