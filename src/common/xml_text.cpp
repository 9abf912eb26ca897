#include "common/xml_text.h"

#include <algorithm>

#include "common/strings.h"

namespace mcs {

namespace {

// The length of the XML 1.0 character at s[i] (1..4), or 0 when it is not valid UTF-8 or not an
// XML Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
std::size_t XmlCharLength(std::string_view s, std::size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned c = p[i];
  if (c < 0x80) return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
  std::size_t len;
  unsigned cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i + k] & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
    return 0;
  return len;
}

// The length of the well-formed UTF-8 character at s[i], whatever it is, or 0.
std::size_t Utf8CharLength(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  std::string_view ch = s.substr(i, len);
  return IsValidUtf8(ch) ? len : 0;
}

}  // namespace

bool IsXmlText(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII text is the common case: a byte at a time without decoding.
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = XmlCharLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string ToXmlText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = XmlCharLength(s, i);
    if (len == 0) {
      // U+FFFD REPLACEMENT CHARACTER for a whole character XML refuses (U+FFFE), else for one byte.
      out += "\xEF\xBF\xBD";
      i += std::max<std::size_t>(1, Utf8CharLength(s, i));
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace mcs
