// The study's clock (common/timezone.h, issue 24 item 5): wall-clock times in any IANA zone from the
// tz database through ICU, and dates for people through ICU's DateFormat (CLDR). The tables below
// are the rules a methodologist can check against a calendar: what UTC instant a wall-clock time in
// a zone is, on the days the clock jumps too.
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <random>

#include "common/clock.h"
#include "common/timezone.h"

namespace mcs {
namespace {

// A wall-clock time in a zone → the UTC instant it names, and whether the zone's clock shows it at all.
struct LocalCase {
  const char* zone;
  const char* local;  // YYYY-MM-DDTHH:MM on the zone's clock
  const char* utc;    // the instant LocalToUtc gives
  bool exists;        // false: the clock skips it (spring forward); read with the offset before the jump
  const char* why;
};

const LocalCase kLocal[] = {
    // Brussels: CET +1, CEST +2; spring forward 28 March 2027 02:00 → 03:00, back 31 October 03:00 → 02:00.
    {"Europe/Brussels", "2027-07-05T23:59", "2027-07-05T21:59:00Z", true, "summer time"},
    {"Europe/Brussels", "2027-01-05T23:59", "2027-01-05T22:59:00Z", true, "winter time"},
    {"Europe/Brussels", "2027-03-28T01:59", "2027-03-28T00:59:00Z", true, "the last minute before the gap"},
    {"Europe/Brussels", "2027-03-28T02:30", "2027-03-28T01:30:00Z", false, "in the gap: 03:30 summer time"},
    {"Europe/Brussels", "2027-03-28T03:00", "2027-03-28T01:00:00Z", true, "the first minute after the gap"},
    {"Europe/Brussels", "2027-10-31T01:59", "2027-10-30T23:59:00Z", true, "before the overlap: summer time"},
    {"Europe/Brussels", "2027-10-31T02:30", "2027-10-31T01:30:00Z", true, "in the overlap: the second, winter"},
    {"Europe/Brussels", "2027-10-31T03:00", "2027-10-31T02:00:00Z", true, "after the overlap"},
    // Tokyo: +9 all year, no summer time.
    {"Asia/Tokyo", "2027-07-05T23:59", "2027-07-05T14:59:00Z", true, "summer"},
    {"Asia/Tokyo", "2027-01-05T00:00", "2027-01-04T15:00:00Z", true, "winter: midnight is the day before in UTC"},
    // St John's: -3:30, -2:30 in summer; forward 14 March 2027 02:00 → 03:00, back 7 November 02:00 → 01:00.
    {"America/St_Johns", "2027-01-05T12:00", "2027-01-05T15:30:00Z", true, "half-hour standard time"},
    {"America/St_Johns", "2027-07-05T12:00", "2027-07-05T14:30:00Z", true, "half-hour summer time"},
    {"America/St_Johns", "2027-03-14T02:30", "2027-03-14T06:00:00Z", false, "in the gap"},
    {"America/St_Johns", "2027-11-07T01:30", "2027-11-07T05:00:00Z", true, "in the overlap: the second"},
    // Lord Howe: +10:30, +11 in summer (a 30-minute jump); forward 3 October 2027 02:00 → 02:30, back
    // 4 April 2027 02:00 → 01:30.
    {"Australia/Lord_Howe", "2027-10-03T02:15", "2027-10-02T15:45:00Z", false, "in the 30-minute gap"},
    {"Australia/Lord_Howe", "2027-10-03T02:30", "2027-10-02T15:30:00Z", true, "the first minute after it"},
    {"Australia/Lord_Howe", "2027-04-04T01:45", "2027-04-03T15:15:00Z", true, "in the overlap: the second"},
    {"Australia/Lord_Howe", "2027-04-04T01:29", "2027-04-03T14:29:00Z", true, "before the overlap: summer"},
};

TEST(TimeZone, WallClockTimesToUtc) {
  for (const auto& c : kLocal) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    ASSERT_EQ(std::sscanf(c.local, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi), 5) << c.local;
    TimeMs utc = LocalToUtc(c.zone, y, mo, d, h, mi);
    EXPECT_EQ(utc, ParseTimeUtc(c.utc)) << FormatTimeUtc(utc) << " for " << c.zone << " " << c.local << " (" << c.why << ")";
    EXPECT_EQ(LocalTimeExists(c.zone, y, mo, d, h, mi), c.exists) << c.zone << " " << c.local << " (" << c.why << ")";
    if (c.exists) {
      EXPECT_EQ(LocalIsoMinute(c.zone, utc), c.local) << c.zone << " (" << c.why << ")";
    }
  }
}

// An instant → minutes east of UTC, and its date on the zone's clock.
struct OffsetCase {
  const char* zone;
  const char* utc;
  int minutes;
  const char* date;
};

const OffsetCase kOffsets[] = {
    {"Europe/Brussels", "2027-03-28T00:59:59Z", 60, "2027-03-28"},
    {"Europe/Brussels", "2027-03-28T01:00:00Z", 120, "2027-03-28"},
    {"Europe/Brussels", "2027-10-31T00:59:59Z", 120, "2027-10-31"},
    {"Europe/Brussels", "2027-10-31T01:00:00Z", 60, "2027-10-31"},
    {"Europe/Brussels", "2027-07-05T22:30:00Z", 120, "2027-07-06"},  // half past midnight the next day
    // The tz database's history: until 1995 summer time ended on the last Sunday of September.
    {"Europe/Brussels", "1995-09-15T12:00:00Z", 120, "1995-09-15"},
    {"Europe/Brussels", "1995-10-15T12:00:00Z", 60, "1995-10-15"},
    {"Asia/Tokyo", "2027-07-05T14:59:59Z", 540, "2027-07-05"},
    {"Asia/Tokyo", "2027-07-05T15:00:00Z", 540, "2027-07-06"},  // Tokyo's midnight
    {"Asia/Tokyo", "2027-01-05T12:00:00Z", 540, "2027-01-05"},
    {"America/St_Johns", "2027-01-05T12:00:00Z", -210, "2027-01-05"},
    {"America/St_Johns", "2027-07-05T02:29:00Z", -150, "2027-07-04"},
    {"America/St_Johns", "2027-07-05T02:30:00Z", -150, "2027-07-05"},
    {"Australia/Lord_Howe", "2027-01-05T12:00:00Z", 660, "2027-01-05"},
    {"Australia/Lord_Howe", "2027-07-05T12:00:00Z", 630, "2027-07-05"},
    {"Australia/Lord_Howe", "2027-07-05T13:29:00Z", 630, "2027-07-05"},
    {"Australia/Lord_Howe", "2027-07-05T13:30:00Z", 630, "2027-07-06"},
};

TEST(TimeZone, OffsetsAndDates) {
  for (const auto& c : kOffsets) {
    TimeMs t = ParseTimeUtc(c.utc);
    EXPECT_EQ(ZoneOffsetMinutes(c.zone, t), c.minutes) << c.zone << " " << c.utc;
    EXPECT_EQ(LocalIsoDate(c.zone, t), c.date) << c.zone << " " << c.utc;
  }
}

TEST(TimeZone, OnlyNamesOfTheTzDatabase) {
  for (const char* ok : {"Europe/Brussels", "Asia/Tokyo", "America/St_Johns", "Australia/Lord_Howe", "UTC"}) {
    EXPECT_TRUE(CheckTimeZone(ok).ok()) << ok;
  }
  for (const char* bad : {"", "Etc/Unknown", "Mars/Olympus", "europe/brussels", "GMT+05:00", "Europe/Brussels<b>",
                          "Europe/../../etc/passwd"}) {
    Status st = CheckTimeZone(bad);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalid);
    EXPECT_NE(st.error().message.find("Europe/Brussels"), std::string::npos) << st.error().message;  // an example
  }
  EXPECT_NE(CheckTimeZone("Mars/Olympus").error().message.find("unknown time zone \"Mars/Olympus\""), std::string::npos);
}

// Dates for people: ICU's DateFormat with CLDR's long date and time pattern and the zone's name, in
// the page's language. English is the EU's (day month year, 24-hour clock).
struct FormatCase {
  const char* zone;
  const char* utc;
  const char* lang;
  const char* shown;
};

const FormatCase kFormats[] = {
    {"Europe/Brussels", "2027-07-05T21:59:00Z", "en", "5 July 2027 at 23:59 Central European Summer Time"},
    {"Europe/Brussels", "2027-07-05T21:59:00Z", "de", "5. Juli 2027 um 23:59 Mitteleuropäische Sommerzeit"},
    {"Europe/Brussels", "2027-07-05T21:59:00Z", "fr", "5 juillet 2027 à 23:59 heure d’été d’Europe centrale"},
    {"Europe/Brussels", "2027-07-05T12:00:00Z", "pl", "5 lipca 2027 14:00 czas środkowoeuropejski letni"},
    {"Europe/Brussels", "2027-07-05T12:00:00Z", "cs", "5. července 2027 v 14:00 středoevropský letní čas"},
    {"Europe/Brussels", "2027-07-05T12:00:00Z", "fi", "5. heinäkuuta 2027 klo 14.00 Keski-Euroopan kesäaika"},
    {"Europe/Brussels", "2027-01-05T12:00:00Z", "es", "5 de enero de 2027, 13:00 hora estándar de Europa central"},
    {"Europe/Brussels", "2027-07-05T12:00:00Z", "ga", "5 Iúil 2027 ag 14:00 Am Samhraidh Lár na hEorpa"},
    {"Europe/Brussels", "2027-07-05T12:00:00Z", "mt", "5 ta’ Lulju 2027 14:00 Ħin Ċentrali Ewropew tas-Sajf"},
    {"Asia/Tokyo", "2027-07-05T14:59:00Z", "en", "5 July 2027 at 23:59 Japan Standard Time"},
    {"Asia/Tokyo", "2027-07-05T14:59:00Z", "de", "5. Juli 2027 um 23:59 Japanische Normalzeit"},
    {"Asia/Tokyo", "2027-07-05T14:59:00Z", "ja", "2027年7月5日 23:59 日本標準時"},
    {"America/St_Johns", "2027-01-05T12:00:00Z", "en", "5 January 2027 at 08:30 Newfoundland Standard Time"},
    {"Australia/Lord_Howe", "2027-01-05T12:00:00Z", "en", "5 January 2027 at 23:00 Lord Howe Daylight Time"},
};

TEST(TimeZone, DatesForPeopleInTheirLanguage) {
  for (const auto& c : kFormats) {
    EXPECT_EQ(FormatDateTime(c.zone, ParseTimeUtc(c.utc), c.lang), c.shown) << c.zone << " " << c.lang;
  }
  // Regional tags are the language's; an unknown language is still a date.
  EXPECT_EQ(FormatDateTime("Asia/Tokyo", ParseTimeUtc("2027-07-05T14:59:00Z"), "de-AT").substr(0, 11), "5. Juli 202");
  EXPECT_NE(FormatDateTime("Asia/Tokyo", ParseTimeUtc("2027-07-05T14:59:00Z"), "xx").find("2027"), std::string::npos);
  EXPECT_EQ(ZoneDisplayName("Europe/Brussels", "de"), "Mitteleuropäische Zeit");
}

// The study's zone is one process-wide value: a name ICU does not know leaves the default.
TEST(TimeZone, TheStudysZone) {
  SetStudyTimeZone("Asia/Tokyo");
  EXPECT_EQ(StudyTimeZone(), "Asia/Tokyo");
  EXPECT_EQ(StudyIsoDate(ParseTimeUtc("2027-07-05T15:00:00Z")), "2027-07-06");
  SetStudyTimeZone("Mars/Olympus");
  EXPECT_EQ(StudyTimeZone(), "Europe/Brussels");
  EXPECT_EQ(FormatStudyTime(ParseTimeUtc("2027-07-05T21:59:00Z")), "5 July 2027 at 23:59 Central European Summer Time");
}


// FormatTimeUtc writes the digits itself (it runs on every page post); it must give what gmtime_r and
// printf gave: every millisecond edge, day, month and leap day from 1969 to 2101, times before 1970,
// and random times over years 0–9999 (other years go the printf way as before).
TEST(Clock, FormatTimeUtcIsWhatGmtimeAndPrintfGive) {
  auto reference = [](TimeMs t) {
    std::time_t secs = static_cast<std::time_t>(t >= 0 ? t / 1000 : (t - 999) / 1000);
    int ms = static_cast<int>(t - static_cast<TimeMs>(secs) * 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return std::string(buf);
  };
  std::vector<TimeMs> times = {0, -1, -999, -1000, -1001, 999, 1000, 86399999, 86400000, -86400000, -86400001,
                               951782400000, 951868799999, 4107542399999, 4107542400000, 253402300799999,
                               253402300800000, -62167219200000, -62167219200001, -62198755200000};
  for (TimeMs day = -86400000LL * 366; day < 4133980800000; day += 86400000) {
    for (TimeMs off : {0LL, 1LL, 999LL, 1000LL, 43200123LL, 86399999LL}) times.push_back(day + off);
  }
  std::mt19937_64 rng(26);
  std::uniform_int_distribution<TimeMs> any(-62167219200000, 253402300799999);
  for (int i = 0; i < 20000; ++i) times.push_back(any(rng));
  int wrong = 0;
  for (TimeMs t : times) {
    if (FormatTimeUtc(t) != reference(t) && ++wrong < 5) ADD_FAILURE() << t << ": " << FormatTimeUtc(t) << " vs " << reference(t);
  }
  EXPECT_EQ(wrong, 0) << "of " << times.size();
}

}  // namespace
}  // namespace mcs
