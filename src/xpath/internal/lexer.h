// Splits an expression into XPath 1.0 tokens (section 3.7, "Lexical Structure"), on demand, so
// that the parser makes a single pass over the text.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mcs::xpath::internal {

enum class TokenKind : std::uint8_t {
  kEnd,
  kError,         // a lexical error; Lexer::error() says what
  kNumber,        // 12, 1.5, .5
  kString,        // 'text' or "text"; value() is the text between the quotes
  kReference,     // ${name}; value() is the name
  kFunctionName,  // a name (possibly prefix:name) directly followed by '('
  kName,          // any other name: a location step, which this dialect does not support
  kVariable,      // $name (XPath variable reference)
  kDot,           // .
  kDotDot,        // ..
  kLeftParen,
  kRightParen,
  kComma,
  kLeftBracket,
  kRightBracket,
  kAt,
  kColonColon,
  kSlash,
  kDoubleSlash,
  kPipe,
  kStar,  // * as a name test
  // Operators.
  kOr,
  kAnd,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kPlus,
  kMinus,
  kMultiply,
  kDiv,
  kMod,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::size_t position = 0;  // byte offset of the first character
  std::string_view text;     // the token as written
  std::string_view value;    // kString: the contents; kReference: the name
  double number = 0;         // kNumber
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  // The next token. After kEnd or kError, keeps returning the same kind.
  Token Next();
  const std::string& error() const { return error_; }

 private:
  Token Make(TokenKind kind, std::size_t start, std::size_t end);
  Token Fail(std::size_t position, std::string message);
  Token LexNumber(std::size_t start);
  Token LexString(std::size_t start);
  Token LexReference(std::size_t start);
  Token LexName(std::size_t start);

  std::string_view text_;
  std::size_t pos_ = 0;
  // Section 3.7: after an operand, '*' multiplies and a name must be an operator name.
  bool after_operand_ = false;
  std::string error_;
};

// Whether c may start / continue an XML name. Bytes of multi-byte UTF-8 characters count as
// letters (XML allows most non-ASCII letters), so that ${naïve} works.
bool IsNameStart(char c);
bool IsNameChar(char c);

}  // namespace mcs::xpath::internal
