#include "xpath/internal/datetime.h"

#include <array>
#include <cmath>

#include "xpath/internal/number_format.h"

namespace mcs::xpath::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads between min_len and max_len digits at s[pos]; advances pos.
bool ReadDigits(std::string_view s, std::size_t& pos, int min_len, int max_len, int& out) {
  int value = 0;
  int len = 0;
  while (pos < s.size() && len < max_len && IsDigit(s[pos])) {
    value = value * 10 + (s[pos] - '0');
    ++pos;
    ++len;
  }
  out = value;
  return len >= min_len;
}

bool Expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

void AppendPadded(std::string& out, std::int64_t value, int width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out.push_back('-');
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out.push_back('0');
  out += digits;
}

constexpr std::array<const char*, 12> kMonthNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 7> kDayNames = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

}  // namespace

CivilDate CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = FloorDiv(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  return c;
}

int DaysInMonth(std::int64_t year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

int Weekday(std::int64_t days) {
  // 1970-01-01 was a Thursday.
  return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

double DateTime::DaysSinceEpoch() const {
  if (!has_time) return static_cast<double>(days);
  const std::int64_t utc_ms = days * kMsPerDay + ms_of_day - std::int64_t{offset_minutes} * 60'000;
  return static_cast<double>(utc_ms) / static_cast<double>(kMsPerDay);
}

std::optional<DateTime> ParseDateTime(std::string_view s) {
  s = TrimXPathSpace(s);
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!ReadDigits(s, pos, 4, 4, year) || !Expect(s, pos, '-') || !ReadDigits(s, pos, 1, 2, month) ||
      !Expect(s, pos, '-') || !ReadDigits(s, pos, 1, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  DateTime dt;
  dt.days = DaysFromCivil(year, month, day);
  if (pos == s.size()) return dt;

  int hour = 0, minute = 0, second = 0;
  if (!Expect(s, pos, 'T') || !ReadDigits(s, pos, 2, 2, hour) || !Expect(s, pos, ':') ||
      !ReadDigits(s, pos, 2, 2, minute)) {
    return std::nullopt;
  }
  int millis = 0;
  if (Expect(s, pos, ':')) {
    if (!ReadDigits(s, pos, 2, 2, second)) return std::nullopt;
    if (Expect(s, pos, '.')) {
      // Keep milliseconds; finer digits are read and dropped.
      int scale = 100;
      std::size_t start = pos;
      while (pos < s.size() && IsDigit(s[pos])) {
        millis += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  dt.has_time = true;
  dt.ms_of_day = ((hour * 60 + minute) * 60 + second) * 1000LL + millis;
  if (pos == s.size()) return dt;

  if (s[pos] == 'Z') {
    ++pos;
    dt.has_offset = true;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(s, pos, 2, 2, oh)) return std::nullopt;
    if (Expect(s, pos, ':')) {
      if (!ReadDigits(s, pos, 2, 2, om)) return std::nullopt;
    } else if (pos < s.size()) {
      if (!ReadDigits(s, pos, 2, 2, om)) return std::nullopt;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    dt.has_offset = true;
    dt.offset_minutes = sign * (oh * 60 + om);
  }
  if (pos != s.size()) return std::nullopt;
  return dt;
}

WallClock ToWallClock(const DateTime& dt, int local_offset_minutes) {
  if (!dt.has_time || !dt.has_offset) return WallClock{dt.days, dt.ms_of_day};
  const std::int64_t local_ms = dt.days * kMsPerDay + dt.ms_of_day +
                                std::int64_t{local_offset_minutes - dt.offset_minutes} * 60'000;
  const std::int64_t days = FloorDiv(local_ms, kMsPerDay);
  return WallClock{days, local_ms - days * kMsPerDay};
}

std::optional<WallClock> WallClockFromDays(double days) {
  if (!std::isfinite(days) || days < static_cast<double>(kMinDay) ||
      days >= static_cast<double>(kMaxDay + 1)) {
    return std::nullopt;
  }
  const auto ms = static_cast<std::int64_t>(std::floor(days * static_cast<double>(kMsPerDay) + 0.5));
  const std::int64_t whole = FloorDiv(ms, kMsPerDay);
  return WallClock{whole, ms - whole * kMsPerDay};
}

std::string FormatDate(std::int64_t days) {
  CivilDate c = CivilFromDays(days);
  std::string out;
  out.reserve(10);
  AppendPadded(out, c.year, 4);
  out.push_back('-');
  AppendPadded(out, c.month, 2);
  out.push_back('-');
  AppendPadded(out, c.day, 2);
  return out;
}

std::string FormatDateTime(WallClock wall, int offset_minutes) {
  std::string out = FormatDate(wall.days);
  const std::int64_t ms = wall.ms_of_day;
  out.push_back('T');
  AppendPadded(out, ms / 3'600'000, 2);
  out.push_back(':');
  AppendPadded(out, ms / 60'000 % 60, 2);
  out.push_back(':');
  AppendPadded(out, ms / 1000 % 60, 2);
  out.push_back('.');
  AppendPadded(out, ms % 1000, 3);
  out.push_back(offset_minutes < 0 ? '-' : '+');
  const int abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  AppendPadded(out, abs_offset / 60, 2);
  out.push_back(':');
  AppendPadded(out, abs_offset % 60, 2);
  return out;
}

std::string FormatWithPattern(WallClock wall, std::string_view pattern) {
  const CivilDate c = CivilFromDays(wall.days);
  const std::int64_t ms = wall.ms_of_day;
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 == pattern.size()) {
      out.push_back(pattern[i]);
      continue;
    }
    const char code = pattern[++i];
    switch (code) {
      case 'Y': AppendPadded(out, c.year, 4); break;
      case 'y': AppendPadded(out, c.year % 100, 2); break;
      case 'm': AppendPadded(out, c.month, 2); break;
      case 'n': out += std::to_string(c.month); break;
      case 'b': out += kMonthNames[static_cast<std::size_t>(c.month - 1)]; break;
      case 'd': AppendPadded(out, c.day, 2); break;
      case 'e': out += std::to_string(c.day); break;
      case 'a': out += kDayNames[static_cast<std::size_t>(Weekday(wall.days))]; break;
      case 'H': AppendPadded(out, ms / 3'600'000, 2); break;
      case 'h': out += std::to_string(ms / 3'600'000); break;
      case 'M': AppendPadded(out, ms / 60'000 % 60, 2); break;
      case 'S': AppendPadded(out, ms / 1000 % 60, 2); break;
      case '3': AppendPadded(out, ms % 1000, 3); break;
      case '%': out.push_back('%'); break;
      default:
        out.push_back('%');
        out.push_back(code);
        break;
    }
  }
  return out;
}

}  // namespace mcs::xpath::internal
