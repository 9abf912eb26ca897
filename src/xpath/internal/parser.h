// Recursive-descent parser for the ODK dialect of XPath 1.0: a single pass over the lexer's
// tokens, building the tree of ast.h and checking function names, arity and argument shapes.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "xpath/internal/ast.h"
#include "xpath/internal/lexer.h"
#include "xpath/xpath.h"

namespace mcs::xpath::internal {

// Limits that keep hostile input from exhausting the stack or memory.
inline constexpr std::size_t kMaxExpressionBytes = 64 * 1024;
inline constexpr int kMaxNesting = 200;  // parentheses, function calls and unary minus

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), lexer_(text) {}
  ParseResult Run();

 private:
  struct Failure {
    ParseError error;
  };
  class NestingGuard;

  [[noreturn]] void Fail(ErrorKind kind, std::size_t position, std::string message);
  [[noreturn]] void Unexpected(const Token& token, std::string_view expected);
  void Advance();
  void Expect(TokenKind kind, std::string_view what);

  std::unique_ptr<Node> ParseExpr();
  std::unique_ptr<Node> ParseLevel(int level);
  std::unique_ptr<Node> ParseUnary();
  std::unique_ptr<Node> ParsePath();
  std::unique_ptr<Node> ParsePrimary();
  std::unique_ptr<Node> ParseCall();
  void CheckCall(const Node& call, const Token& name);
  void AddReference(std::string_view name);

  std::string_view text_;
  Lexer lexer_;
  Token token_;  // the current (not yet consumed) token
  int nesting_ = 0;
  std::vector<std::string> refs_;
};

// A description of a token for messages: "end of expression" or the token in quotes.
std::string Describe(const Token& token);

}  // namespace mcs::xpath::internal
