#include "common/i18n_number.h"

#include <fmt/format.h>
#include <unicode/locid.h>
#include <unicode/measunit.h>
#include <unicode/numberformatter.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace mcs::i18n {
namespace {

namespace number = icu::number;

// Formatters are immutable once made (and safe to share between threads, ICU's user guide,
// "Thread safety"): one per language, decimals and kind, made on first use.
// `decimals` < 0: at most -decimals significant digits.
std::string Formatted(std::string_view lang, double value, int decimals, bool percent) {
  static std::mutex mu;
  static std::map<std::string, number::LocalizedNumberFormatter, std::less<>> cache;
  const std::string code(lang.substr(0, lang.find('-')));
  const std::string key = fmt::format("{}|{}|{}", code, decimals, percent ? "%" : "");
  const number::LocalizedNumberFormatter* f = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(key);
    if (it == cache.end()) {
      number::UnlocalizedNumberFormatter u =
          number::NumberFormatter::with().precision(decimals >= 0 ? number::Precision::fixedFraction(decimals)
                                                                  : number::Precision::maxSignificantDigits(-decimals));
      if (percent) u = u.unit(icu::MeasureUnit::getPercent());
      it = cache.emplace(key, u.locale(icu::Locale(code.empty() ? "en" : code.c_str()))).first;
    }
    f = &it->second;  // std::map: stays where it is
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = f->formatDouble(value, status).toString(status);
  if (U_FAILURE(status))
    return decimals >= 0 ? fmt::format("{:.{}f}{}", value, decimals, percent ? "%" : "")
                         : fmt::format("{:.{}g}{}", value, -decimals, percent ? "%" : "");
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace

std::string FormatDecimal(std::string_view lang, double value, int decimals) {
  return Formatted(lang, value, decimals, false);
}

std::string FormatSignificant(std::string_view lang, double value, int digits) {
  return Formatted(lang, value, -std::max(1, digits), false);
}

std::string FormatPercent(std::string_view lang, double percent, int decimals) {
  return Formatted(lang, percent, decimals, true);
}

std::string GroupingSeparator(std::string_view lang) {
  // A million rather than a thousand: some languages (Spanish, Polish) group only from 10 000.
  const std::string million = Formatted(lang, 1000000.0, 0, false);
  const std::size_t first = million.find('1');
  const std::size_t zeros = million.find('0', first == std::string::npos ? 0 : first);
  if (first == std::string::npos || zeros == std::string::npos || zeros == first + 1) return ",";
  return million.substr(first + 1, zeros - first - 1);
}

}  // namespace mcs::i18n
