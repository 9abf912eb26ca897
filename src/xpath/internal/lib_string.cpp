// String functions: XPath 1.0 section 4.2 and the ODK XForms spec's additions. Positions and
// lengths count Unicode code points (utf8.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "xpath/internal/function_library.h"
#include "xpath/internal/number_format.h"
#include "xpath/internal/regex.h"
#include "xpath/internal/utf8.h"

namespace mcs::xpath::internal {
namespace {

// XPath 1.0 round() (section 4.4): ties towards positive infinity. substring() is defined with it.
double XPathRound(double x) {
  if (!std::isfinite(x)) return x;
  const double r = std::floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

// JavaRosa's toInt(): truncate towards zero; NaN becomes 0 (as Java's (int) cast does) and
// infinities saturate.
std::int64_t ToIndex(double d) {
  if (std::isnan(d)) return 0;
  constexpr double kLimit = 1e15;
  if (d > kLimit) return static_cast<std::int64_t>(kLimit);
  if (d < -kLimit) return static_cast<std::int64_t>(-kLimit);
  return static_cast<std::int64_t>(d);
}

// The byte offset of code point `index` (0-based) in s, or s.size() past the end.
std::size_t ByteOffset(std::string_view s, std::int64_t index) {
  std::size_t pos = 0;
  for (std::int64_t i = 0; i < index && pos < s.size(); ++i) pos += Utf8SequenceLength(s, pos);
  return pos;
}

}  // namespace

Item FnString(const Call& call) {
  if (call.size() == 0) return Item::String(call.context().Current());
  return Item::String(call.String(0));
}

Item FnConcat(const Call& call) {
  // ODK: one argument is enough (XPath 1.0 wants two). A reference contributes its answer: inside
  // a repeat ${name} means the current instance. JavaRosa joins the nodes of a single node-set
  // argument, so concat(${q}) outside q's repeat (EvalContext::IsNodeSet) gives every instance's
  // value run together, and concat(randomize(${q})) too.
  if (call.size() == 1) {
    const Node& arg = call.ArgNode(0);
    if ((arg.kind == NodeKind::kReference && call.context().IsNodeSet(arg.text)) ||
        (arg.kind == NodeKind::kCall && arg.function->impl == FnRandomize)) {
      std::string out;
      for (const std::string& v : call.NodeValues(0)) out += v;
      return Item::String(std::move(out));
    }
  }
  std::string out;
  for (std::size_t i = 0; i < call.size(); ++i) out += call.String(i);
  return Item::String(std::move(out));
}

Item FnJoin(const Call& call) {
  // join(separator, nodes...): references bring every repeat instance (ResolveAll), other
  // arguments their string value.
  const std::string separator = call.String(0);
  std::string out;
  bool first = true;
  for (std::size_t i = 1; i < call.size(); ++i) {
    for (std::string& value : call.NodeValues(i)) {
      if (!first) out += separator;
      out += value;
      first = false;
    }
  }
  return Item::String(std::move(out));
}

Item FnSubstr(const Call& call) {
  // ODK substr(value, start, end?): 0-based, end exclusive, negative counts from the end,
  // out-of-range clamped (JavaRosa XPathFuncExpr.substring).
  const std::string s = call.String(0);
  const auto length = static_cast<std::int64_t>(CodePointCount(s));
  std::int64_t start = ToIndex(call.Number(1));
  std::int64_t end = call.size() > 2 ? ToIndex(call.Number(2)) : length;
  if (start < 0) start += length;
  if (end < 0) end += length;
  start = std::clamp<std::int64_t>(start, 0, length);
  end = std::clamp<std::int64_t>(end, 0, length);
  if (start >= end) return Item::String("");
  const std::size_t from = ByteOffset(s, start);
  const std::size_t to = from + ByteOffset(std::string_view(s).substr(from), end - start);
  return Item::String(s.substr(from, to - from));
}

Item FnSubstring(const Call& call) {
  // XPath 1.0 substring(s, start, length?): the characters at 1-based positions p with
  // round(start) <= p < round(start) + round(length), in IEEE arithmetic, so NaN selects
  // nothing and substring('12345', -42, 1 div 0) is '12345'.
  const std::string s = call.String(0);
  const double first = XPathRound(call.Number(1));
  const double last = call.size() > 2 ? first + XPathRound(call.Number(2))
                                      : std::numeric_limits<double>::infinity();
  std::string out;
  double p = 1;
  for (std::size_t pos = 0; pos < s.size(); p += 1) {
    const std::size_t len = Utf8SequenceLength(s, pos);
    if (p >= first && p < last) out.append(s, pos, len);
    pos += len;
  }
  return Item::String(std::move(out));
}

Item FnSubstringBefore(const Call& call) {
  const std::string s = call.String(0);
  const std::string needle = call.String(1);
  const std::size_t at = s.find(needle);
  return Item::String(at == std::string::npos ? std::string() : s.substr(0, at));
}

Item FnSubstringAfter(const Call& call) {
  const std::string s = call.String(0);
  const std::string needle = call.String(1);
  const std::size_t at = s.find(needle);
  return Item::String(at == std::string::npos ? std::string() : s.substr(at + needle.size()));
}

Item FnTranslate(const Call& call) {
  // Section 4.2: each character of s found in `from` becomes the character at the same position
  // in `to`, or is dropped when `to` is shorter; the first occurrence in `from` counts.
  const std::string s = call.String(0);
  const std::string from = call.String(1);
  const std::string to = call.String(2);
  std::string out;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t len = Utf8SequenceLength(s, pos);
    const std::string_view ch(s.data() + pos, len);
    pos += len;
    std::size_t index = 0;
    std::size_t fpos = 0;
    bool found = false;
    while (fpos < from.size()) {
      const std::size_t flen = Utf8SequenceLength(from, fpos);
      if (std::string_view(from.data() + fpos, flen) == ch) {
        found = true;
        break;
      }
      fpos += flen;
      ++index;
    }
    if (!found) {
      out += ch;
      continue;
    }
    const std::size_t tpos = ByteOffset(to, static_cast<std::int64_t>(index));
    if (tpos < to.size()) out.append(to, tpos, Utf8SequenceLength(to, tpos));
  }
  return Item::String(std::move(out));
}

Item FnStringLength(const Call& call) {
  const std::string s = call.size() == 0 ? call.context().Current() : call.String(0);
  return Item::Number(static_cast<double>(CodePointCount(s)));
}

Item FnNormalizeSpace(const Call& call) {
  const std::string s = call.size() == 0 ? call.context().Current() : call.String(0);
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (IsXPathSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return Item::String(std::move(out));
}

Item FnContains(const Call& call) {
  return Item::Boolean(call.String(0).find(call.String(1)) != std::string::npos);
}

Item FnStartsWith(const Call& call) {
  return Item::Boolean(std::string_view(call.String(0)).starts_with(call.String(1)));
}

Item FnEndsWith(const Call& call) {
  return Item::Boolean(std::string_view(call.String(0)).ends_with(call.String(1)));
}

Item FnRegex(const Call& call) {
  // The ODK XForms spec: "the regular expression is created from the provided expression string
  // ('[0-9]+' becomes /[0-9]+/)" and tested, i.e. a search as JavaScript's RegExp.test() and ODK
  // Web Forms do (JavaRosa instead requires the whole value to match). Anchor with ^...$.
  const std::string subject = call.String(0);
  const Node& pattern_node = call.ArgNode(1);
  if (pattern_node.regex) return Item::Boolean(RegexSearch(*pattern_node.regex, subject));
  std::string error;
  const auto re = CompileRegex(call.String(1), error);
  return Item::Boolean(re && RegexSearch(*re, subject));  // a bad pattern matches nothing
}

Item FnUuid(const Call& call) {
  const EvalContext& ctx = call.context();
  auto random_bits = [&ctx]() {
    double r = ctx.Random();
    if (!(r >= 0 && r < 1)) r = 0;  // a misbehaving context must not cause an invalid cast
    return static_cast<std::uint32_t>(r * 4294967296.0);
  };
  if (call.size() == 1) {
    // uuid(n): n random alphanumeric characters (JavaRosa PropertyUtils.genGUID).
    static constexpr std::string_view kAlphabet =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const double n = call.Number(0);
    if (!(n >= 1)) return Item::String("");
    const auto count = static_cast<std::size_t>(std::min(n, 1000.0));
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
      out.push_back(kAlphabet[random_bits() % kAlphabet.size()]);
    }
    return Item::String(std::move(out));
  }
  // RFC 4122 version 4: 122 random bits, version nibble 4, variant bits 10.
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t r = random_bits();
    for (std::size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return Item::String(std::move(out));
}

}  // namespace mcs::xpath::internal
