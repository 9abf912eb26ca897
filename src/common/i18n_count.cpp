#include "common/i18n_count.h"

#include <unicode/fmtable.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/numfmt.h>
#include <unicode/unistr.h>

#include <memory>

#include "common/i18n.h"

namespace mcs::i18n {
namespace {

std::string NumberText(const icu::Locale& locale, long long n) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> nf(icu::NumberFormat::createInstance(locale, status));
  if (U_FAILURE(status) || !nf) return std::to_string(n);
  icu::UnicodeString out;
  nf->format(static_cast<int64_t>(n), out);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace

std::string FormatCountIn(std::string_view lang, const std::string& text, long long n) {
  icu::Locale locale(std::string(lang.substr(0, lang.find('-'))).c_str());
  const std::string number = NumberText(locale, n);
  auto plain = [&] {
    std::string out = text;
    for (auto p = out.find("{0}"); p != std::string::npos; p = out.find("{0}", p + number.size())) {
      out.replace(p, 3, number);
    }
    return out;
  };
  if (text.find(", plural,") == std::string::npos) return plain();
  UErrorCode status = U_ZERO_ERROR;
  icu::MessageFormat mf(icu::UnicodeString::fromUTF8(text), locale, status);
  if (U_FAILURE(status)) return plain();
  icu::Formattable args[] = {icu::Formattable(static_cast<int64_t>(n))};
  icu::UnicodeString out;
  icu::FieldPosition pos;
  mf.format(args, 1, out, pos, status);
  if (U_FAILURE(status)) return plain();
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string FormatCount(std::string_view lang, std::string_view key, long long n) {
  const std::string& text = T(lang, key);
  if (text.find(", plural,") == std::string::npos) {
    icu::Locale locale(std::string(lang.substr(0, lang.find('-'))).c_str());
    return Format(lang, key, {NumberText(locale, n)});
  }
  return FormatCountIn(lang, text, n);
}

}  // namespace mcs::i18n
