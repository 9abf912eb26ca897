// The study's clock (issue 24, item 5): wall-clock times in an IANA time zone ("Europe/Brussels" by
// default, "Asia/Tokyo" for a study run from Tokyo), from the tz database through ICU, and dates shown
// to people in their language by ICU's DateFormat (CLDR patterns and zone names). No summer-time rule
// is written here.
#pragma once
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace mcs {

// The zone of a study that has not chosen one.
inline constexpr std::string_view kDefaultTimeZone = "Europe/Brussels";

// Ok for a zone of the tz database ICU knows ("Asia/Tokyo", "UTC"); an error saying so for anything
// else ("Mars/Olympus", "", "Etc/Unknown", which ICU returns for names it does not know).
Status CheckTimeZone(std::string_view zone);

// Minutes east of UTC in `zone` at `utc` (Brussels: 60 or 120; St John's: -210 or -150).
int ZoneOffsetMinutes(std::string_view zone, TimeMs utc);

// The UTC instant of a wall-clock time in `zone`. The two days a year when the clock jumps:
// - overlap (autumn: the hour the clock goes back repeats): the later of the two instants, after the
//   change (02:30 on Brussels' last Sunday of October is 01:30 UTC, in winter time);
// - gap (spring: a time the clock skips): read with the offset in force before the change, so the
//   instant lands as far after the gap's start as the time named (02:30 in Brussels on the last Sunday
//   of March is 01:30 UTC, 03:30 summer time). Callers that must refuse such a time check
//   `LocalTimeExists`.
TimeMs LocalToUtc(std::string_view zone, int year, int month, int day, int hour, int minute);
// False for a wall-clock time that `zone`'s clock skips (a spring-forward gap).
bool LocalTimeExists(std::string_view zone, int year, int month, int day, int hour, int minute);

// Year, month, day, hour and minute of `utc` on `zone`'s clock.
struct LocalTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
};
LocalTime ToLocal(std::string_view zone, TimeMs utc);
// The date of `utc` in `zone` as "YYYY-MM-DD" (the metadata `today`, the dashboard's days).
std::string LocalIsoDate(std::string_view zone, TimeMs utc);
// "2027-07-05T23:59": `utc` on `zone`'s clock, as <input type="datetime-local"> wants it.
std::string LocalIsoMinute(std::string_view zone, TimeMs utc);
// ISO 8601 with milliseconds and the offset in force in `zone` at `utc` (RFC 3339):
// "2027-07-06T00:30:00.000+02:00" in Brussels in summer, "...+01:00" in winter, "...-03:30" in
// St John's. The one way exports write an instant.
std::string LocalIsoTime(std::string_view zone, TimeMs utc);

// A date and time for people, in language `lang` (a BCP 47 tag: "en", "de", "pt-BR"), by ICU's
// DateFormat with CLDR's pattern for a long date and the time, then the zone's specific long name in
// that language: "5 July 2027 at 23:59 Central European Summer Time", "5. Juli 2027 um 23:59
// Mitteleuropäische Sommerzeit", "7 July 2027 at 06:59 Japan Standard Time". English is written as in
// the EU (en-GB: day month year, 24-hour clock).
std::string FormatDateTime(std::string_view zone, TimeMs utc, std::string_view lang = "en");
// The date alone, as FormatDateTime writes it ("5 July 2027", "5. Juli 2027", "5 lipca 2027").
std::string FormatDate(std::string_view zone, TimeMs utc, std::string_view lang = "en");
// The zone's long generic name in `lang` ("Central European Time"), for labels such as the console's.
std::string ZoneDisplayName(std::string_view zone, std::string_view lang = "en");

// The study's zone, process-wide: what the App last read from the settings (web/app.h TimeZone), for
// code that has no App at hand (the engine's today(), the dashboard's days). Europe/Brussels until set.
std::string StudyTimeZone();
void SetStudyTimeZone(std::string_view zone);
// The same functions in the study's zone.
inline std::string FormatStudyTime(TimeMs utc, std::string_view lang = "en") {
  return FormatDateTime(StudyTimeZone(), utc, lang);
}
inline std::string FormatStudyDate(TimeMs utc, std::string_view lang = "en") {
  return FormatDate(StudyTimeZone(), utc, lang);
}
inline std::string StudyIsoDate(TimeMs utc) { return LocalIsoDate(StudyTimeZone(), utc); }

}  // namespace mcs
