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

std::string FormatCount(std::string_view lang, std::string_view key, long long n) {
  const std::string& text = T(lang, key);
  icu::Locale locale(std::string(lang.substr(0, lang.find('-'))).c_str());
  if (text.find(", plural,") == std::string::npos) return Format(lang, key, {NumberText(locale, n)});
  UErrorCode status = U_ZERO_ERROR;
  icu::MessageFormat mf(icu::UnicodeString::fromUTF8(text), locale, status);
  if (U_FAILURE(status)) return Format(lang, key, {NumberText(locale, n)});
  icu::Formattable args[] = {icu::Formattable(static_cast<int64_t>(n))};
  icu::UnicodeString out;
  icu::FieldPosition pos;
  mf.format(args, 1, out, pos, status);
  if (U_FAILURE(status)) return Format(lang, key, {NumberText(locale, n)});
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace mcs::i18n
