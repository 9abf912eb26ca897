#include "common/i18n_count.h"

#include <unicode/fmtable.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/numfmt.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <unordered_map>

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

// What FormatCountIn and FormatCount give is a function of the language, the text and the number
// (ICU's data do not change while the program runs): each is worked out once per thread (ICU makes a
// number format, and a message format for plural texts, every time) and kept, at most 1,024 of them.
template <typename Make>
std::string Memoized(std::string_view kind, std::string_view lang, std::string_view text, long long n, Make make) {
  thread_local std::unordered_map<std::string, std::string> memo;
  std::string key;
  key.reserve(kind.size() + lang.size() + text.size() + 24);
  key.append(kind).append(1, '\x1f').append(lang).append(1, '\x1f').append(text).append(1, '\x1f');
  key += std::to_string(n);
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  std::string out = make();
  if (memo.size() >= 1024) memo.clear();
  memo.emplace(std::move(key), out);
  return out;
}

std::string FormatCountInOnce(std::string_view lang, const std::string& text, long long n) {
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

}  // namespace

std::string FormatCountIn(std::string_view lang, const std::string& text, long long n) {
  return Memoized("in", lang, text, n, [&] { return FormatCountInOnce(lang, text, n); });
}

std::string FormatCount(std::string_view lang, std::string_view key, long long n) {
  return Memoized("key", lang, key, n, [&]() -> std::string {
    const std::string& text = T(lang, key);
    if (text.find(", plural,") == std::string::npos) {
      icu::Locale locale(std::string(lang.substr(0, lang.find('-'))).c_str());
      return Format(lang, key, {NumberText(locale, n)});
    }
    return FormatCountIn(lang, text, n);
  });
}

}  // namespace mcs::i18n
