#include "common/xml_text.h"

#include <algorithm>

#include "common/strings.h"

namespace mcs {

namespace {

// The length of the XML 1.0 character at s[i] (1..4), or 0 when it is not valid UTF-8 or not an
// XML Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
std::size_t XmlCharLength(std::string_view s, std::size_t i) {
  char32_t cp = 0;
  const std::size_t len = DecodeUtf8(s, i, &cp);
  if (len == 0) return 0;
  const bool xml_char = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                        (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  return xml_char ? len : 0;
}

// The length of the well-formed UTF-8 character at s[i], whatever it is, or 0.
std::size_t Utf8CharLength(std::string_view s, std::size_t i) { return DecodeUtf8(s, i, nullptr); }

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
