// What text answers may hold: XML 1.0 characters (every export format can carry them; xlsx is XML).
#pragma once
#include <string>
#include <string_view>

namespace mcs {

// True when `s` is valid UTF-8 whose every character is an XML 1.0 Char (XML 1.0 §2.2): no NUL, no
// other C0 control but tab, LF and CR, no U+FFFE or U+FFFF (surrogates are not UTF-8 anyway).
bool IsXmlText(std::string_view s);
// `s` with each character XML 1.0 refuses (U+FFFE, a NUL) and each byte that is not UTF-8 replaced
// by one U+FFFD (a copy of `s` when IsXmlText(s)).
std::string ToXmlText(std::string_view s);

}  // namespace mcs
