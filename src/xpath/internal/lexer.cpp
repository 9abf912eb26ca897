#include "xpath/internal/lexer.h"

#include <charconv>

#include "xpath/internal/number_format.h"
#include "xpath/internal/utf8.h"

namespace mcs::xpath::internal {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiNameStart(char c) { return IsAsciiLetter(c) || c == '_'; }
bool IsAsciiNameChar(char c) { return IsAsciiNameStart(c) || IsDigit(c) || c == '-' || c == '.'; }

// Tokens after which an operand may follow (section 3.7): '(' '[' ',' '@' '::' and operators.
bool EndsOperand(TokenKind kind) {
  switch (kind) {
    case TokenKind::kNumber:
    case TokenKind::kString:
    case TokenKind::kReference:
    case TokenKind::kName:
    case TokenKind::kVariable:
    case TokenKind::kDot:
    case TokenKind::kDotDot:
    case TokenKind::kRightParen:
    case TokenKind::kRightBracket:
    case TokenKind::kStar:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsNameStart(char c) { return IsAsciiNameStart(c) || static_cast<unsigned char>(c) >= 0x80; }
bool IsNameChar(char c) { return IsAsciiNameChar(c) || static_cast<unsigned char>(c) >= 0x80; }

Token Lexer::Make(TokenKind kind, std::size_t start, std::size_t end) {
  pos_ = end;
  after_operand_ = EndsOperand(kind);
  Token t;
  t.kind = kind;
  t.position = start;
  t.text = text_.substr(start, end - start);
  return t;
}

Token Lexer::Fail(std::size_t position, std::string message) {
  error_ = std::move(message);
  pos_ = text_.size();
  Token t;
  t.kind = TokenKind::kError;
  t.position = position;
  return t;
}

Token Lexer::Next() {
  if (!error_.empty()) return Fail(pos_, error_);
  while (pos_ < text_.size() && IsXPathSpace(text_[pos_])) ++pos_;
  const std::size_t start = pos_;
  if (start == text_.size()) return Make(TokenKind::kEnd, start, start);
  const char c = text_[start];
  const char next = start + 1 < text_.size() ? text_[start + 1] : '\0';
  switch (c) {
    case '(': return Make(TokenKind::kLeftParen, start, start + 1);
    case ')': return Make(TokenKind::kRightParen, start, start + 1);
    case '[': return Make(TokenKind::kLeftBracket, start, start + 1);
    case ']': return Make(TokenKind::kRightBracket, start, start + 1);
    case ',': return Make(TokenKind::kComma, start, start + 1);
    case '@': return Make(TokenKind::kAt, start, start + 1);
    case '|': return Make(TokenKind::kPipe, start, start + 1);
    case '+': return Make(TokenKind::kPlus, start, start + 1);
    case '-': return Make(TokenKind::kMinus, start, start + 1);
    case '=': return Make(TokenKind::kEqual, start, start + 1);
    case '*':
      return Make(after_operand_ ? TokenKind::kMultiply : TokenKind::kStar, start, start + 1);
    case '/':
      if (next == '/') return Make(TokenKind::kDoubleSlash, start, start + 2);
      return Make(TokenKind::kSlash, start, start + 1);
    case '<':
      if (next == '=') return Make(TokenKind::kLessEqual, start, start + 2);
      return Make(TokenKind::kLess, start, start + 1);
    case '>':
      if (next == '=') return Make(TokenKind::kGreaterEqual, start, start + 2);
      return Make(TokenKind::kGreater, start, start + 1);
    case '!':
      if (next == '=') return Make(TokenKind::kNotEqual, start, start + 2);
      return Fail(start, "unexpected character '!' (use '!=' or not(...))");
    case ':':
      if (next == ':') return Make(TokenKind::kColonColon, start, start + 2);
      return Fail(start, "unexpected character ':'");
    case '\'':
    case '"':
      return LexString(start);
    case '$':
      if (next == '{') return LexReference(start);
      {
        std::size_t end = start + 1;
        while (end < text_.size() && IsNameChar(text_[end])) ++end;
        return Make(TokenKind::kVariable, start, end);
      }
    case '.':
      if (next == '.') return Make(TokenKind::kDotDot, start, start + 2);
      if (IsDigit(next)) return LexNumber(start);
      return Make(TokenKind::kDot, start, start + 1);
    default:
      break;
  }
  if (IsDigit(c)) return LexNumber(start);
  if (IsAsciiNameStart(c)) return LexName(start);
  const std::size_t len = Utf8SequenceLength(text_, start);
  std::string shown(text_.substr(start, len));
  std::string message = "unexpected character '" + shown + "'";
  // Spreadsheets like to turn quotes into typographic ones.
  if (shown == "\u2018" || shown == "\u2019" || shown == "\u201C" || shown == "\u201D") {
    message += " (typographic quotes do not delimit strings; use ' or \")";
  }
  return Fail(start, std::move(message));
}

Token Lexer::LexNumber(std::size_t start) {
  // Number ::= Digits ('.' Digits?)? | '.' Digits  (production 30). No sign, no exponent.
  std::size_t end = start;
  while (end < text_.size() && IsDigit(text_[end])) ++end;
  if (end < text_.size() && text_[end] == '.') {
    ++end;
    while (end < text_.size() && IsDigit(text_[end])) ++end;
  }
  Token t = Make(TokenKind::kNumber, start, end);
  t.number = ParseXPathNumber(t.text);
  return t;
}

Token Lexer::LexString(std::size_t start) {
  // Literal (production 29): no escapes; the other quote character may appear inside.
  const char quote = text_[start];
  const std::size_t close = text_.find(quote, start + 1);
  if (close == std::string_view::npos) return Fail(start, "unterminated string literal");
  Token t = Make(TokenKind::kString, start, close + 1);
  t.value = text_.substr(start + 1, close - start - 1);
  return t;
}

Token Lexer::LexReference(std::size_t start) {
  // ${name}, XLSForm's reference to a question: an XML name, nothing else between the braces.
  const std::size_t name_start = start + 2;
  const std::size_t close = text_.find('}', name_start);
  if (close == std::string_view::npos) {
    return Fail(start, "unterminated reference: expected '}' to close '${'");
  }
  if (close == name_start) return Fail(start, "empty reference '${}'");
  for (std::size_t i = name_start; i < close; i += Utf8SequenceLength(text_, i)) {
    const bool ok = i == name_start ? IsNameStart(text_[i]) : IsNameChar(text_[i]);
    if (!ok) {
      std::string shown(text_.substr(i, Utf8SequenceLength(text_, i)));
      return Fail(i, "invalid character '" + shown + "' in question name");
    }
  }
  Token t = Make(TokenKind::kReference, start, close + 1);
  t.value = text_.substr(name_start, close - name_start);
  return t;
}

Token Lexer::LexName(std::size_t start) {
  std::size_t end = start;
  while (end < text_.size() && IsAsciiNameChar(text_[end])) ++end;
  std::string_view name = text_.substr(start, end - start);
  if (after_operand_) {
    // Section 3.7: after an operand a name is an OperatorName. Anything else is left as a name
    // for the parser to report ("expected an operator").
    if (name == "and") return Make(TokenKind::kAnd, start, end);
    if (name == "or") return Make(TokenKind::kOr, start, end);
    if (name == "div") return Make(TokenKind::kDiv, start, end);
    if (name == "mod") return Make(TokenKind::kMod, start, end);
    return Make(TokenKind::kName, start, end);
  }
  // A QName prefix (jr:choice-name); '::' is an axis, left for the parser to reject.
  if (end + 1 < text_.size() && text_[end] == ':' && text_[end + 1] != ':' &&
      IsAsciiNameStart(text_[end + 1])) {
    ++end;
    while (end < text_.size() && IsAsciiNameChar(text_[end])) ++end;
  }
  std::size_t look = end;
  while (look < text_.size() && IsXPathSpace(text_[look])) ++look;
  if (look < text_.size() && text_[look] == '(') return Make(TokenKind::kFunctionName, start, end);
  return Make(TokenKind::kName, start, end);
}

}  // namespace mcs::xpath::internal
