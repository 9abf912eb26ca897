// Conversions between strings and numbers as XPath 1.0 section 4.4 (number()) and section 4.2
// (string()) define them, plus ODK's extension of number() to dates.
#pragma once
#include <string>
#include <string_view>

namespace mcs::xpath::internal {

// XPath whitespace (section 3.7, production 39): space, tab, CR, LF. Not Unicode spaces.
inline bool IsXPathSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
std::string_view TrimXPathSpace(std::string_view s);

// Section 4.4: optional whitespace, an optional '-', a Number (digits with an optional '.'),
// optional whitespace; anything else (a '+', an exponent, "Infinity", "") is NaN.
double ParseXPathNumber(std::string_view s);

// ODK's number(): ParseXPathNumber, or for a date/dateTime string its days since 1970-01-01
// (see datetime.h); NaN otherwise.
double StringToNumber(std::string_view s);

// Section 4.2; see FormatNumber in xpath.h.
std::string NumberToString(double d);

}  // namespace mcs::xpath::internal
