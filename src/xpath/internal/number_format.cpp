#include "xpath/internal/number_format.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "xpath/internal/datetime.h"
#include "xpath/xpath.h"

namespace mcs::xpath::internal {

std::string_view TrimXPathSpace(std::string_view s) {
  while (!s.empty() && IsXPathSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXPathSpace(s.back())) s.remove_suffix(1);
  return s;
}

double ParseXPathNumber(std::string_view s) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  s = TrimXPathSpace(s);
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  // Number ::= Digits ('.' Digits?)? | '.' Digits  (production 30). Checked by hand because
  // from_chars would also take exponents, "inf" and "nan".
  std::size_t digits = 0;
  std::size_t dots = 0;
  bool nonzero_integer_digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
      if (dots == 0 && c != '0') nonzero_integer_digit = true;
    } else if (c == '.') {
      ++dots;
    } else {
      return kNaN;
    }
  }
  if (digits == 0 || dots > 1) return kNaN;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
  if (ec == std::errc::result_out_of_range) {
    // Too many digits for a double: overflow when the integer part is not zero, else underflow.
    value = nonzero_integer_digit ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (ec != std::errc() || ptr != s.data() + s.size()) {
    return kNaN;
  }
  return negative ? -value : value;
}

double StringToNumber(std::string_view s) {
  double d = ParseXPathNumber(s);
  if (!std::isnan(d)) return d;
  // ODK XForms spec, number(): "it will convert date- and dateTime-formatted strings to a number
  // of days since January 1, 1970 UTC". A digit and a '-' are the cheapest test for a date.
  std::string_view t = TrimXPathSpace(s);
  if (t.size() >= 8 && t[4] == '-') {
    if (auto parsed = ParseDateTime(t)) return parsed->DaysSinceEpoch();
  }
  return d;
}

std::string NumberToString(double d) {
  // Section 4.2: NaN, Infinity, -Infinity; both zeros print "0"; an integer has no decimal point;
  // otherwise as many digits as needed to tell the number apart from every other double (the
  // shortest round-trip digits, which to_chars gives) and never an exponent.
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  (void)ec;  // 64 bytes always suffice for a double in scientific notation
  std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  std::string out;
  if (sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  // digits = d1 d2 d3 ... meaning d1.d2d3... x 10^exponent; `point` digits precede the point.
  const int count = static_cast<int>(digits.size());
  const int point = exponent + 1;
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
  } else if (point >= count) {
    out += digits;
    out.append(static_cast<std::size_t>(point - count), '0');
  } else {
    out.append(digits, 0, static_cast<std::size_t>(point));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(point));
  }
  return out;
}

}  // namespace mcs::xpath::internal
