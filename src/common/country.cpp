#include "common/country.h"

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mcs {
namespace {

std::string ToUtf8(const UChar* s, int32_t n) {
  std::string out(static_cast<std::size_t>(n) * 3 + 4, '\0');
  int32_t len = 0;
  UErrorCode err = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &len, s, n, &err);
  if (U_FAILURE(err)) return {};
  out.resize(static_cast<std::size_t>(len));
  return out;
}

// The comparison key of a name: case-folded, accents (combining marks after NFD) dropped, runs of
// spaces, hyphens and dots made one space, trimmed. "Česko", "cesko" and " CESKO " share one key.
std::string Key(const UChar* s, int32_t n) {
  UErrorCode err = U_ZERO_ERROR;
  std::vector<UChar> folded(static_cast<std::size_t>(n) * 3 + 4);
  int32_t fl = u_strFoldCase(folded.data(), static_cast<int32_t>(folded.size()), s, n, U_FOLD_CASE_DEFAULT, &err);
  if (U_FAILURE(err)) return {};
  const UNormalizer2* nfd = unorm2_getNFDInstance(&err);
  std::vector<UChar> decomposed(static_cast<std::size_t>(fl) * 4 + 4);
  int32_t dl = unorm2_normalize(nfd, folded.data(), fl, decomposed.data(), static_cast<int32_t>(decomposed.size()), &err);
  if (U_FAILURE(err)) return {};
  std::vector<UChar> kept;
  bool space = false;
  for (int32_t i = 0; i < dl; ++i) {
    UChar32 c = decomposed[static_cast<std::size_t>(i)];
    if (u_getCombiningClass(c) > 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (u_isUWhiteSpace(c) || c == '-' || c == '.' || c == ',') {
      space = !kept.empty();
      continue;
    }
    if (space) kept.push_back(' ');
    space = false;
    kept.push_back(decomposed[static_cast<std::size_t>(i)]);
  }
  return ToUtf8(kept.data(), static_cast<int32_t>(kept.size()));
}

std::string KeyOfUtf8(std::string_view text) {
  std::vector<UChar> u(text.size() + 4);
  int32_t len = 0;
  UErrorCode err = U_ZERO_ERROR;
  u_strFromUTF8(u.data(), static_cast<int32_t>(u.size()), &len, text.data(), static_cast<int32_t>(text.size()), &err);
  if (U_FAILURE(err)) return {};
  return Key(u.data(), len);
}

struct Tables {
  std::set<std::string> alpha2;
  std::map<std::string, std::string> alpha3;  // "GRC" -> "GR"
  std::map<std::string, std::string> names;   // key -> code; "" when two codes share the key
};

const Tables& GetTables() {
  static const Tables t = [] {
    Tables t;
    for (const char* const* c = uloc_getISOCountries(); *c; ++c) {
      std::string code = *c;
      // Codes ICU keeps for countries that no longer exist (AN, CS, ...) have no locale data of their
      // own; the current ones all have a three-letter code.
      std::string loc = "_" + code;
      const char* a3 = uloc_getISO3Country(loc.c_str());
      if (!a3 || !*a3) continue;
      t.alpha2.insert(code);
      t.alpha3.emplace(a3, code);
      for (std::string_view lang : kEuLanguages) {
        UChar buf[256];
        UErrorCode err = U_ZERO_ERROR;
        int32_t n = uloc_getDisplayCountry(loc.c_str(), std::string(lang).c_str(), buf, 256, &err);
        if (U_FAILURE(err) || err == U_USING_DEFAULT_WARNING || n <= 0) continue;
        std::string key = Key(buf, n);
        if (key.empty()) continue;
        auto [it, fresh] = t.names.emplace(key, code);
        if (!fresh && it->second != code) it->second.clear();
      }
    }
    return t;
  }();
  return t;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

std::optional<std::string> NormalizeCountry(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty() || text.size() > 200) return std::nullopt;
  const Tables& t = GetTables();
  bool ascii_letters = true;
  for (char c : text) ascii_letters = ascii_letters && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  if (ascii_letters && text.size() == 2) {
    std::string code = Upper(text);
    // The EU's interinstitutional codes for Greece and the United Kingdom.
    if (code == "EL") return "GR";
    if (code == "UK") return "GB";
    if (t.alpha2.count(code)) return code;
    return std::nullopt;
  }
  if (ascii_letters && text.size() == 3) {
    if (auto it = t.alpha3.find(Upper(text)); it != t.alpha3.end()) return it->second;
  }
  auto it = t.names.find(KeyOfUtf8(text));
  if (it == t.names.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string CountryName(std::string_view code, std::string_view lang) {
  std::string loc = "_" + std::string(code);
  UChar buf[256];
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = uloc_getDisplayCountry(loc.c_str(), std::string(lang).c_str(), buf, 256, &err);
  if (U_FAILURE(err) || n <= 0) return std::string(code);
  return ToUtf8(buf, n);
}

}  // namespace mcs
