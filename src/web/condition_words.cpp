#include "web/condition_words.h"

#include <cctype>

#include "common/strings.h"

namespace mcs::web {
namespace {

// "${name}" at the start of `v`: the name, and `v` moved past it.
bool TakeRef(std::string_view& v, std::string& name) {
  v = Trim(v);
  if (!StartsWith(v, "${")) return false;
  auto e = v.find('}');
  if (e == std::string_view::npos) return false;
  name = std::string(v.substr(2, e - 2));
  v.remove_prefix(e + 1);
  v = Trim(v);
  return true;
}

// A quoted string or a number at the start of `v`.
bool TakeLiteral(std::string_view& v, Comparison& c) {
  v = Trim(v);
  if (v.size() >= 2 && (v[0] == '\'' || v[0] == '"')) {
    auto e = v.find(v[0], 1);
    if (e == std::string_view::npos) return false;
    c.literal = std::string(v.substr(1, e - 1));
    c.quoted = true;
    v.remove_prefix(e + 1);
  } else {
    std::size_t e = 0;
    auto numeric = [&](std::size_t i) {
      return std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.' || (i == 0 && v[i] == '-');
    };
    while (e < v.size() && numeric(e)) ++e;
    if (e == 0 || (e == 1 && v[0] == '-')) return false;
    c.literal = std::string(v.substr(0, e));
    v.remove_prefix(e);
  }
  v = Trim(v);
  return true;
}

// Whether the parentheses at both ends of `t` enclose all of it ("(a) or (b)" does not).
bool Enclosed(std::string_view t) {
  if (t.size() < 2 || t.front() != '(' || t.back() != ')') return false;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char ch = t[i];
    if (quote) {
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')' && --depth == 0 && i + 1 < t.size()) {
      return false;
    }
  }
  return true;
}

}  // namespace

// Recognised by hand: <regex> under GCC 12's sanitizers warns falsely (-Werror).
std::optional<Comparison> ParseComparison(std::string_view text) {
  std::string_view t = Trim(text);
  while (Enclosed(t)) t = Trim(t.substr(1, t.size() - 2));
  Comparison c;
  if (StartsWith(t, "selected(") && !t.empty() && t.back() == ')') {
    std::string_view v = t.substr(9, t.size() - 10);
    if (TakeRef(v, c.name) && !v.empty() && v[0] == ',') {
      v.remove_prefix(1);
      c.op = '=';  // a char: GCC 12 warns falsely (-Wrestrict) on the literal here
      if (TakeLiteral(v, c) && c.quoted && v.empty()) return c;
    }
    return std::nullopt;
  }
  std::string_view v = t;
  if (!TakeRef(v, c.name)) return std::nullopt;
  for (std::string_view o : {">=", "<=", "!=", "=", ">", "<"}) {
    if (StartsWith(v, o)) {
      c.op = std::string(o);
      v.remove_prefix(o.size());
      break;
    }
  }
  if (c.op.empty() || !TakeLiteral(v, c) || !v.empty()) return std::nullopt;
  return c;
}

std::vector<std::string_view> SplitTopLevel(std::string_view text, bool any) {
  const std::string_view word = any ? "or" : "and";
  std::string_view t = Trim(text);
  while (Enclosed(t)) t = Trim(t.substr(1, t.size() - 2));
  std::vector<std::string_view> parts;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  auto is_space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  for (std::size_t i = 0; i < t.size(); ++i) {
    char ch = t[i];
    if (quote) {
      if (ch == quote) quote = 0;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')') {
      --depth;
    } else if (depth == 0 && i > 0 && is_space(t[i - 1]) && t.substr(i, word.size()) == word &&
               i + word.size() < t.size() && is_space(t[i + word.size()])) {
      parts.push_back(Trim(t.substr(start, i - start)));
      start = i + word.size();
      i = start;
    }
  }
  parts.push_back(Trim(t.substr(start)));
  for (auto& p : parts) {
    while (Enclosed(p)) p = Trim(p.substr(1, p.size() - 2));
  }
  return parts;
}

}  // namespace mcs::web
