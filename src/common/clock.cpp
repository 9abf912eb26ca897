#include "common/clock.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace mcs {

TimeMs SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days, exact for every
// day in range): the same calendar gmtime_r uses, without its lock and time-zone machinery.
void CivilFromDays(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

}  // namespace

std::string FormatTimeUtc(TimeMs t) {
  std::time_t secs = static_cast<std::time_t>(t >= 0 ? t / 1000 : (t - 999) / 1000);
  int ms = static_cast<int>(t - static_cast<TimeMs>(secs) * 1000);
  long long days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  long long y = 0;
  unsigned mo = 0, d = 0;
  CivilFromDays(days, y, mo, d);
  if (y >= 0 && y <= 9999) {
    // Years of four digits (every time this program stores): the digits written directly, on every
    // page post (no printf on the hot path).
    auto sod = static_cast<unsigned>(secs - days * 86400);
    char buf[] = "0000-00-00T00:00:00.000Z";
    auto put = [&buf](int at, unsigned v, int width) {
      for (int i = at + width - 1; i >= at; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
    };
    put(0, static_cast<unsigned>(y), 4);
    put(5, mo, 2);
    put(8, d, 2);
    put(11, sod / 3600, 2);
    put(14, sod / 60 % 60, 2);
    put(17, sod % 60, 2);
    put(20, static_cast<unsigned>(ms), 3);
    return std::string(buf, sizeof buf - 1);
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

TimeMs ParseTimeUtc(const std::string& s) {
  int y, mo, d, h, mi, sec;
  int n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6) return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return -1;
  std::size_t i = static_cast<std::size_t>(n);
  int ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (digits < 3) ms = ms * 10 + (s[i] - '0');
      ++digits;
      ++i;
    }
    if (digits == 0) return -1;
    for (int k = digits; k < 3; ++k) ms *= 10;
  }
  int offset_min = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return -1;
    offset_min = (oh * 60 + om) * (s[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return -1;
  }
  if (i != s.size()) return -1;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  std::time_t secs = timegm(&tm);
  return (static_cast<TimeMs>(secs) - offset_min * 60) * 1000 + ms;
}

std::string Random::Hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  Fill(raw.data(), bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string Random::Token(std::size_t chars, std::string_view alphabet) {
  std::string out;
  out.reserve(chars);
  // Rejection sampling keeps every symbol equally likely.
  const unsigned limit = 256 - (256 % alphabet.size());
  // Random bytes a batch at a time (one system call for a whole token, not one per character).
  unsigned char buf[64];
  while (out.size() < chars) {
    std::size_t n = std::min(sizeof(buf), 2 * (chars - out.size()) + 8);
    Fill(buf, n);
    for (std::size_t i = 0; i < n && out.size() < chars; ++i) {
      if (buf[i] < limit) out += alphabet[buf[i] % alphabet.size()];
    }
  }
  return out;
}

SecureRandom::SecureRandom() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

void SecureRandom::Fill(void* buf, std::size_t n) { randombytes_buf(buf, n); }

void SeededRandom::Fill(void* buf, std::size_t n) {
  auto* p = static_cast<unsigned char*>(buf);
  for (std::size_t i = 0; i < n; ++i) {
    // splitmix64
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    p[i] = static_cast<unsigned char>(z ^ (z >> 31));
  }
}

}  // namespace mcs
