#include "stats/text.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/csv_reader.h"
#include "common/strings.h"

namespace mcs::stats {
namespace {

const std::unordered_set<std::string_view>& Stop(std::string_view lang) {
  static const std::unordered_set<std::string_view> en = {
      "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
      "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
      "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had",
      "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is",
      "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on",
      "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so",
      "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they",
      "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
      "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "s",
      "t", "don", "yes"};
  static const std::unordered_set<std::string_view> fr = {
      "a", "à", "ai", "au", "aux", "avec", "c", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
      "elle", "elles", "en", "est", "et", "été", "être", "eu", "il", "ils", "j", "je", "l", "la", "le", "les",
      "leur", "leurs", "lui", "m", "ma", "mais", "me", "même", "mes", "moi", "mon", "n", "ne", "nos", "notre",
      "nous", "on", "ont", "ou", "où", "par", "pas", "plus", "pour", "qu", "que", "qui", "s", "sa", "sans",
      "se", "ses", "son", "sont", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos",
      "votre", "vous", "y", "très", "aussi", "comme", "si", "oui", "non"};
  static const std::unordered_set<std::string_view> de = {
      "aber", "alle", "allem", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bist",
      "da", "damit", "dann", "das", "dass", "dem", "den", "der", "des", "die", "dies", "diese", "dieser",
      "doch", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "hat",
      "hatte", "ich", "ihr", "ihre", "im", "in", "ist", "ja", "kann", "kein", "keine", "man", "mit", "nach",
      "nicht", "noch", "nur", "ob", "oder", "sehr", "sich", "sie", "sind", "so", "über", "um", "und", "uns",
      "unter", "vom", "von", "vor", "war", "was", "wenn", "werden", "wie", "wir", "wird", "zu", "zum", "zur",
      "nein", "mehr", "wird", "wurde", "sein", "haben"};
  if (lang == "fr") return fr;
  if (lang == "de") return de;
  return en;
}

bool Matches(const std::vector<std::string>& words, const std::vector<std::string>& kw) {
  for (std::size_t i = 0; i + kw.size() <= words.size(); ++i) {
    bool ok = true;
    for (std::size_t j = 0; j < kw.size() && ok; ++j) {
      const std::string& k = kw[j];
      if (!k.empty() && k.back() == '*')
        ok = words[i + j].starts_with(std::string_view(k).substr(0, k.size() - 1));
      else
        ok = words[i + j] == k;
    }
    if (ok) return true;
  }
  return false;
}

std::vector<TermCount> Top(const std::unordered_map<std::string, long long>& counts, std::size_t top) {
  std::vector<TermCount> v;
  for (const auto& [t, n] : counts)
    if (n >= 2) v.push_back({t, n});
  std::sort(v.begin(), v.end(), [](const TermCount& a, const TermCount& b) {
    return a.answers != b.answers ? a.answers > b.answers : a.term < b.term;
  });
  if (v.size() > top) v.resize(top);
  return v;
}

}  // namespace

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (std::isalnum(b)) {
        cur += static_cast<char>(std::tolower(b));
        continue;
      }
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    // UTF-8: a letter of the Latin-1 supplement (C3 80..C3 BF, but not × ÷) or any other
    // multi-byte character is part of a word; punctuation such as ’ “ ” — (E2 80 xx) is not.
    if (b == 0xE2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      i += 2;
      continue;
    }
    if (b == 0xC3 && i + 1 < s.size()) {
      auto c = static_cast<unsigned char>(s[i + 1]);
      if (c == 0x97 || c == 0xB7) {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
      } else {
        cur += static_cast<char>(b);
        cur += static_cast<char>(c >= 0x80 && c <= 0x9E ? c + 0x20 : c);
      }
      ++i;
      continue;
    }
    if (b == 0xC2) {  // NBSP, «, », ° ...: separators
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      ++i;
      continue;
    }
    cur += static_cast<char>(b);
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool IsStopWord(std::string_view w, std::string_view lang) {
  if (lang.empty()) return Stop("en").contains(w) || Stop("fr").contains(w) || Stop("de").contains(w);
  return Stop(lang).contains(w);
}

TextSummary SummariseText(const std::vector<std::string>& answers, const Mask& mask, std::string_view lang,
                          std::size_t top) {
  TextSummary t;
  std::unordered_map<std::string, long long> words, phrases;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if ((!mask.empty() && !mask[i]) || Trim(answers[i]).empty()) continue;
    ++t.answers;
    auto w = Words(answers[i]);
    std::set<std::string> seen_w, seen_p;
    for (std::size_t k = 0; k < w.size(); ++k) {
      if (IsStopWord(w[k], lang) || w[k].size() < 2) continue;
      seen_w.insert(w[k]);
      if (k + 1 < w.size() && !IsStopWord(w[k + 1], lang) && w[k + 1].size() >= 2) seen_p.insert(w[k] + " " + w[k + 1]);
    }
    for (const auto& x : seen_w) ++words[x];
    for (const auto& x : seen_p) ++phrases[x];
  }
  t.words = Top(words, top);
  t.phrases = Top(phrases, top);
  return t;
}

Result<std::vector<Code>> ParseCodeFrame(std::string_view csv) {
  std::vector<Code> out;
  CsvTable table = ReadCsvRecords(csv, {.trim = true});
  if (table.error) return MakeError(ErrorCode::kInvalid, "code frame: " + table.error->ToString());
  for (std::size_t r = 1; r < table.records.size(); ++r) {  // after the header
    const int line_no = table.records[r].line;
    const auto& f = table.records[r].fields;
    if (f.size() != 3 || f[0].empty())
      return MakeError(ErrorCode::kInvalid, "code frame: line " + std::to_string(line_no) + " needs code,label,keywords");
    Code c{f[0], f[1], {}};
    for (const auto& k : Split(f[2], '|'))
      if (!Trim(k).empty()) c.keywords.emplace_back(ToLower(Trim(k)));
    if (c.keywords.empty())
      return MakeError(ErrorCode::kInvalid, "code frame: line " + std::to_string(line_no) + " has no keywords");
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<CodeCount> ApplyCodeFrame(const std::vector<Code>& frame, const std::vector<std::string>& answers,
                                      const Mask& mask) {
  std::vector<CodeCount> out;
  std::vector<std::vector<std::vector<std::string>>> kws;
  for (const auto& c : frame) {
    out.push_back({c.name, c.label, 0});
    std::vector<std::vector<std::string>> k;
    for (const auto& kw : c.keywords) k.push_back(Words(kw));
    // Words() drops '*': keep it on the last word of a pattern.
    for (std::size_t i = 0; i < c.keywords.size(); ++i)
      if (c.keywords[i].ends_with('*') && !k[i].empty()) k[i].back() += '*';
    kws.push_back(std::move(k));
  }
  CodeCount none{"uncoded", "Uncoded", 0};
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if ((!mask.empty() && !mask[i]) || Trim(answers[i]).empty()) continue;
    auto w = Words(answers[i]);
    bool any = false;
    for (std::size_t c = 0; c < frame.size(); ++c) {
      for (const auto& kw : kws[c]) {
        if (!kw.empty() && Matches(w, kw)) {
          ++out[c].answers;
          any = true;
          break;
        }
      }
    }
    if (!any) ++none.answers;
  }
  out.push_back(none);
  return out;
}

std::string MaskContacts(std::string_view t) {
  auto local = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  };
  auto domain = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; };
  std::string out;
  std::size_t i = 0;
  while (i < t.size()) {
    // An e-mail address: local@domain.tld around an '@'.
    if (t[i] == '@') {
      std::size_t a = out.size();
      while (a > 0 && local(out[a - 1])) --a;
      std::size_t b = i + 1;
      while (b < t.size() && domain(t[b])) ++b;
      while (b > i + 1 && (t[b - 1] == '.' || t[b - 1] == '-')) --b;  // a sentence's full stop
      const std::string_view dom = t.substr(i + 1, b - i - 1);
      if (a < out.size() && dom.find('.') != std::string_view::npos && dom.front() != '.') {
        out.resize(a);
        out += "[e-mail]";
        i = b;
        continue;
      }
    }
    // A phone number: starts with + or a digit, digits with separators, at least 7 digits.
    if ((t[i] == '+' || std::isdigit(static_cast<unsigned char>(t[i]))) &&
        (out.empty() || !std::isalnum(static_cast<unsigned char>(out.back())))) {
      std::size_t b = i, digits = 0, last_digit = i;
      while (b < t.size() && (std::isdigit(static_cast<unsigned char>(t[b])) || (t[b] != '\0' && std::strchr(" .-/()+", t[b])))) {
        if (std::isdigit(static_cast<unsigned char>(t[b]))) {
          ++digits;
          last_digit = b;
        }
        ++b;
      }
      if (digits >= 7) {
        out += "[phone]";
        i = last_digit + 1;
        continue;
      }
    }
    out += t[i++];
  }
  return out;
}

}  // namespace mcs::stats
