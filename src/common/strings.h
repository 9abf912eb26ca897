// Small string helpers shared across subsystems.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mcs {

std::string_view Trim(std::string_view s);
std::string ToLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWith(std::string_view s, std::string_view prefix);
std::vector<std::string> Split(std::string_view s, char sep);
// Splits on runs of ASCII whitespace, dropping empty parts.
std::vector<std::string> SplitWords(std::string_view s);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// The length (1 to 4) of the well-formed UTF-8 character at s[i], its code point in `code_point`
// when not null; 0 when the bytes there are not one (truncated, overlong, a surrogate, > U+10FFFF).
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t* code_point);
// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
// Number of code points in valid UTF-8.
std::size_t Utf8Length(std::string_view s);

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);
void AppendHtmlEscaped(std::string& out, std::string_view s);
// `s` as a JSON string, quoted and escaped as Boost.JSON's serializer writes one (quote, backslash,
// the short escapes, other control characters as \u00XX; every other byte as it is), appended in
// runs: no string made on the way (stored answers and exports write millions of them).
void AppendJsonString(std::string& out, std::string_view s);

// Decodes %XX and '+' (application/x-www-form-urlencoded). Invalid escapes are kept as written.
std::string UrlDecode(std::string_view s);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string UrlEncode(std::string_view s);

}  // namespace mcs
