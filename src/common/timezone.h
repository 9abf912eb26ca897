// Europe/Brussels local time (the study's clock: "closes 5 July 23:59 Brussels time"), from the tz
// database through ICU (icu::BasicTimeZone), not a summer-time rule written here.
#pragma once
#include <string>

#include "common/clock.h"

namespace mcs {

// Minutes east of UTC in Brussels at `utc`: 60 (CET) or 120 (CEST).
int BrusselsOffsetMinutes(TimeMs utc);
// The UTC instant of a Brussels wall-clock time.
TimeMs BrusselsToUtc(int year, int month, int day, int hour, int minute);
// "5 July 2027, 23:59 (Brussels time, CEST)", in the interface language `lang`.
std::string FormatBrussels(TimeMs utc, std::string_view lang = "en");
// Year, month, day of `utc` in Brussels.
void BrusselsDate(TimeMs utc, int& year, int& month, int& day);
// The Brussels date of `utc` as "YYYY-MM-DD" (the metadata `today` and the XPath today()).
std::string BrusselsIsoDate(TimeMs utc);

}  // namespace mcs
