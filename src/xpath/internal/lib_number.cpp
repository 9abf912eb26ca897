// Number functions: XPath 1.0 section 4.4, the XPath 3.0 math functions the ODK XForms spec
// adopts, and ODK's int() and two-argument round().
#include <charconv>
#include <cmath>
#include <numbers>
#include <string>

#include "xpath/internal/function_library.h"

namespace mcs::xpath::internal {
namespace {

Item Math1(const Call& call, double (*f)(double)) { return Item::Number(f(call.Number(0))); }

}  // namespace

double RoundDecimal(double x, int digits) {
  if (!std::isfinite(x) || x == 0) return x;
  // The shortest decimal digits of |x|: d0.d1d2... x 10^exponent.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific);
  (void)ec;
  const std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  const std::size_t e = sci.find('e');
  std::string mantissa;
  for (char c : sci.substr(0, e)) {
    if (c != '.') mantissa.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  // Digit k weighs 10^(exponent - k); keep those weighing at least 10^-digits.
  const long keep = static_cast<long>(exponent) + digits + 1;
  if (keep >= static_cast<long>(mantissa.size())) return x;  // nothing to drop
  if (keep < 0) return std::copysign(0.0, x);               // below half a unit
  // A tie goes towards positive infinity (XPath 1.0 round(): round(-2.5) is -2, round(-0.5) is
  // -0), as JavaRosa does (BigDecimal HALF_UP above zero, HALF_DOWN below) and the ODK spec says.
  const char first_dropped = mantissa[static_cast<std::size_t>(keep)];
  const bool more_than_half =
      first_dropped > '5' || (first_dropped == '5' &&
                              mantissa.find_first_not_of('0', static_cast<std::size_t>(keep) + 1) != std::string::npos);
  const bool up = x > 0 ? first_dropped >= '5' : more_than_half;  // away from zero
  std::string kept = mantissa.substr(0, static_cast<std::size_t>(keep));
  if (up) {
    std::size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
    if (i == 0) {
      kept.insert(kept.begin(), '1');
    } else {
      ++kept[i - 1];
    }
  }
  if (kept.empty() || kept.find_first_not_of('0') == std::string::npos) return std::copysign(0.0, x);
  // kept's last digit weighs 10^(exponent - keep + 1).
  const std::string text = kept + "e" + std::to_string(exponent - keep + 1);
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::scientific);
  return std::copysign(value, x);
}

Item FnNumber(const Call& call) {
  if (call.size() == 0) return Item::Number(ToNumber(Item::String(call.context().Current())));
  return Item::Number(call.Number(0));
}

Item FnInt(const Call& call) {
  // ODK int(): discards the fraction (towards zero); NaN and infinities stay as they are. Text in
  // exponent notation ("7.922021953507237e-12") is NaN, as in JavaRosa, whose toNumeric() takes
  // digits, '-' and '.' only; ODK Web Forms and Enketo read it as a number (int() gives 0). Where
  // the engines disagree we follow JavaRosa.
  return Item::Number(std::trunc(call.Number(0)));
}

Item FnRound(const Call& call) {
  // ODK round(x, digits?): the ODK spec's XPath 1.0 round() with a number of decimals, ties
  // towards positive infinity (round(-2.5) is -2) as in JavaRosa (ODK Collect); ODK Web Forms and
  // Enketo round ties away from zero (-3). Where the engines disagree we follow JavaRosa, except
  // that with negative digits a negative number is rounded, not truncated (JavaRosa's
  // (long)(x + 0.5) makes round(-37, -1) -30). digits is truncated; NaN digits give NaN, and more
  // than 30 either way give NaN as in JavaRosa.
  const double x = call.Number(0);
  double digits = 0;
  if (call.size() > 1) {
    digits = std::trunc(call.Number(1));
    if (std::isnan(digits) || digits > 30 || digits < -30) return Item::Number(std::nan(""));
  }
  return Item::Number(RoundDecimal(x, static_cast<int>(digits)));
}

Item FnFloor(const Call& call) { return Math1(call, [](double d) { return std::floor(d); }); }
Item FnCeiling(const Call& call) { return Math1(call, [](double d) { return std::ceil(d); }); }
Item FnPow(const Call& call) { return Item::Number(std::pow(call.Number(0), call.Number(1))); }
Item FnLog(const Call& call) { return Math1(call, [](double d) { return std::log(d); }); }
Item FnLog10(const Call& call) { return Math1(call, [](double d) { return std::log10(d); }); }
Item FnAbs(const Call& call) { return Math1(call, [](double d) { return std::fabs(d); }); }
Item FnSqrt(const Call& call) { return Math1(call, [](double d) { return std::sqrt(d); }); }
Item FnExp(const Call& call) { return Math1(call, [](double d) { return std::exp(d); }); }
Item FnExp10(const Call& call) { return Math1(call, [](double d) { return std::pow(10.0, d); }); }
Item FnPi(const Call&) { return Item::Number(std::numbers::pi); }
Item FnSin(const Call& call) { return Math1(call, [](double d) { return std::sin(d); }); }
Item FnCos(const Call& call) { return Math1(call, [](double d) { return std::cos(d); }); }
Item FnTan(const Call& call) { return Math1(call, [](double d) { return std::tan(d); }); }
Item FnAsin(const Call& call) { return Math1(call, [](double d) { return std::asin(d); }); }
Item FnAcos(const Call& call) { return Math1(call, [](double d) { return std::acos(d); }); }
Item FnAtan(const Call& call) { return Math1(call, [](double d) { return std::atan(d); }); }
Item FnAtan2(const Call& call) { return Item::Number(std::atan2(call.Number(0), call.Number(1))); }
Item FnRandom(const Call& call) { return Item::Number(call.context().Random()); }

}  // namespace mcs::xpath::internal
