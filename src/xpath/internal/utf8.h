// XPath counts and indexes characters (string-length, substring, translate), and for a survey
// platform those are Unicode code points, not bytes. These helpers walk UTF-8 without decoding;
// a malformed byte counts as one character so that no input can make them misbehave.
#pragma once
#include <cstddef>
#include <string_view>

namespace mcs::xpath::internal {

// The byte length of the UTF-8 sequence that starts at s[pos] (1 for a malformed one).
inline std::size_t Utf8SequenceLength(std::string_view s, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  std::size_t len = 1;
  if (lead >= 0xF0 && lead < 0xF8) {
    len = 4;
  } else if (lead >= 0xE0) {
    len = lead < 0xF0 ? 3 : 1;
  } else if (lead >= 0xC0) {
    len = 2;
  }
  if (pos + len > s.size()) return 1;
  for (std::size_t i = 1; i < len; ++i) {
    if ((static_cast<unsigned char>(s[pos + i]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

inline std::size_t CodePointCount(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < s.size(); pos += Utf8SequenceLength(s, pos)) ++count;
  return count;
}

}  // namespace mcs::xpath::internal
