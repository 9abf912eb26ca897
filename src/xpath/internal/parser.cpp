#include "xpath/internal/parser.h"

#include <algorithm>

#include "xpath/internal/functions.h"
#include "xpath/internal/regex.h"

namespace mcs::xpath::internal {
namespace {

constexpr char kPathMessage[] =
    "XPath paths are not supported; refer to questions as ${name}, to the current one as '.'";

// Precedence levels, loosest first (XPath 1.0 section 3, productions 21-26). Below the last one
// comes unary minus, then union and paths.
constexpr int kLevelCount = 6;

bool OperatorAtLevel(TokenKind kind, int level, BinaryOp& op) {
  switch (level) {
    case 0:
      if (kind == TokenKind::kOr) return op = BinaryOp::kOr, true;
      return false;
    case 1:
      if (kind == TokenKind::kAnd) return op = BinaryOp::kAnd, true;
      return false;
    case 2:
      if (kind == TokenKind::kEqual) return op = BinaryOp::kEqual, true;
      if (kind == TokenKind::kNotEqual) return op = BinaryOp::kNotEqual, true;
      return false;
    case 3:
      if (kind == TokenKind::kLess) return op = BinaryOp::kLess, true;
      if (kind == TokenKind::kLessEqual) return op = BinaryOp::kLessEqual, true;
      if (kind == TokenKind::kGreater) return op = BinaryOp::kGreater, true;
      if (kind == TokenKind::kGreaterEqual) return op = BinaryOp::kGreaterEqual, true;
      return false;
    case 4:
      if (kind == TokenKind::kPlus) return op = BinaryOp::kAdd, true;
      if (kind == TokenKind::kMinus) return op = BinaryOp::kSubtract, true;
      return false;
    case 5:
      if (kind == TokenKind::kMultiply) return op = BinaryOp::kMultiply, true;
      if (kind == TokenKind::kDiv) return op = BinaryOp::kDivide, true;
      if (kind == TokenKind::kMod) return op = BinaryOp::kModulo, true;
      return false;
    default:
      return false;
  }
}

std::string ArityText(const FunctionSpec& spec) {
  auto args = [](int n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
  std::string text;
  if (spec.max_args == kVariadic) {
    text = "at least " + args(spec.min_args);
  } else if (spec.min_args == spec.max_args) {
    text = args(spec.min_args);
  } else if (spec.max_args == spec.min_args + 1) {
    text = std::to_string(spec.min_args) + " or " + args(spec.max_args);
  } else {
    text = std::to_string(spec.min_args) + " to " + args(spec.max_args);
  }
  if (spec.parity == ArgParity::kOdd) text += " (an odd number)";
  if (spec.parity == ArgParity::kEven) text += " (an even number)";
  return text;
}

}  // namespace

std::string Describe(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "end of expression";
  return "'" + std::string(token.text) + "'";
}

class Parser::NestingGuard {
 public:
  NestingGuard(Parser& parser, std::size_t position) : parser_(parser) {
    if (++parser_.nesting_ > kMaxNesting) {
      parser_.Fail(ErrorKind::kUnsupported, position,
                   "expression nests deeper than " + std::to_string(kMaxNesting) + " levels");
    }
  }
  ~NestingGuard() { --parser_.nesting_; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

 private:
  Parser& parser_;
};

void Parser::Fail(ErrorKind kind, std::size_t position, std::string message) {
  throw Failure{ParseError{kind, position, std::move(message)}};
}

void Parser::Unexpected(const Token& token, std::string_view expected) {
  Fail(ErrorKind::kSyntax, token.position,
       "expected " + std::string(expected) + " but found " + Describe(token));
}

void Parser::Advance() {
  token_ = lexer_.Next();
  if (token_.kind == TokenKind::kError) Fail(ErrorKind::kSyntax, token_.position, lexer_.error());
}

void Parser::Expect(TokenKind kind, std::string_view what) {
  if (token_.kind != kind) Unexpected(token_, what);
  Advance();
}

ParseResult Parser::Run() {
  ParseResult result;
  result.expr_.text_ = std::string(text_);
  try {
    if (text_.size() > kMaxExpressionBytes) {
      Fail(ErrorKind::kUnsupported, kMaxExpressionBytes,
           "expression is longer than " + std::to_string(kMaxExpressionBytes) + " bytes");
    }
    Advance();
    std::unique_ptr<Node> root = ParseExpr();
    if (token_.kind != TokenKind::kEnd) Unexpected(token_, "an operator or end of expression");
    result.expr_.root_ = std::move(root);
    result.expr_.refs_ = std::move(refs_);
    result.ok_ = true;
  } catch (const Failure& failure) {
    result.error_ = failure.error;
    result.ok_ = false;
  }
  return result;
}

std::unique_ptr<Node> Parser::ParseExpr() { return ParseLevel(0); }

std::unique_ptr<Node> Parser::ParseLevel(int level) {
  if (level == kLevelCount) return ParseUnary();
  std::unique_ptr<Node> first = ParseLevel(level + 1);
  BinaryOp op;
  if (!OperatorAtLevel(token_.kind, level, op)) return first;
  auto chain = std::make_unique<Node>();
  chain->kind = NodeKind::kChain;
  chain->position = first->position;
  chain->children.push_back(std::move(first));
  while (OperatorAtLevel(token_.kind, level, op)) {
    Advance();
    chain->ops.push_back(op);
    chain->children.push_back(ParseLevel(level + 1));
  }
  return chain;
}

std::unique_ptr<Node> Parser::ParseUnary() {
  if (token_.kind != TokenKind::kMinus) return ParsePath();
  // UnaryExpr ::= '-' UnaryExpr (production 27).
  NestingGuard guard(*this, token_.position);
  auto node = std::make_unique<Node>();
  node->kind = NodeKind::kNegate;
  node->position = token_.position;
  Advance();
  node->children.push_back(ParseUnary());
  return node;
}

std::unique_ptr<Node> Parser::ParsePath() {
  std::unique_ptr<Node> node = ParsePrimary();
  switch (token_.kind) {
    case TokenKind::kSlash:
    case TokenKind::kDoubleSlash:
    case TokenKind::kLeftBracket:
      Fail(ErrorKind::kUnsupported, token_.position, kPathMessage);
    case TokenKind::kPipe:
      Fail(ErrorKind::kUnsupported, token_.position, "the union operator '|' is not supported");
    default:
      return node;
  }
}

std::unique_ptr<Node> Parser::ParsePrimary() {
  auto node = std::make_unique<Node>();
  node->position = token_.position;
  switch (token_.kind) {
    case TokenKind::kNumber:
      node->kind = NodeKind::kNumber;
      node->number = token_.number;
      Advance();
      return node;
    case TokenKind::kString:
      node->kind = NodeKind::kString;
      node->text = std::string(token_.value);
      Advance();
      return node;
    case TokenKind::kReference:
      node->kind = NodeKind::kReference;
      node->text = std::string(token_.value);
      AddReference(token_.value);
      Advance();
      return node;
    case TokenKind::kDot:
      node->kind = NodeKind::kCurrent;
      Advance();
      return node;
    case TokenKind::kLeftParen: {
      NestingGuard guard(*this, token_.position);
      Advance();
      node = ParseExpr();
      Expect(TokenKind::kRightParen, "')'");
      return node;
    }
    case TokenKind::kFunctionName:
      return ParseCall();
    case TokenKind::kDotDot:
      Fail(ErrorKind::kUnsupported, token_.position,
           "'..' is only supported as position(..); refer to questions as ${name}");
    case TokenKind::kSlash:
    case TokenKind::kDoubleSlash:
    case TokenKind::kName:
    case TokenKind::kStar:
    case TokenKind::kAt:
      Fail(ErrorKind::kUnsupported, token_.position, kPathMessage);
    case TokenKind::kVariable:
      Fail(ErrorKind::kUnsupported, token_.position,
           "XPath variables are not supported; write ${name} to refer to a question");
    default:
      Unexpected(token_, "an expression");
  }
}

std::unique_ptr<Node> Parser::ParseCall() {
  const Token name = token_;
  const FunctionSpec* spec = FindFunction(name.text);
  if (spec == nullptr) {
    if (IsUnsupportedFunction(name.text)) {
      Fail(ErrorKind::kUnsupported, name.position,
           "function '" + std::string(name.text) + "' is not supported");
    }
    Fail(ErrorKind::kUnknownFunction, name.position,
         "unknown function '" + std::string(name.text) + "'");
  }
  NestingGuard guard(*this, name.position);
  auto node = std::make_unique<Node>();
  node->kind = NodeKind::kCall;
  node->position = name.position;
  node->text = std::string(name.text);
  node->function = spec;
  Advance();  // the name
  Expect(TokenKind::kLeftParen, "'('");
  if (spec->name == "position" && token_.kind == TokenKind::kDotDot) {
    // position(..): the parent is the repeat instance, whose position is the one asked for.
    Advance();
    Expect(TokenKind::kRightParen, "')'");
    node->kind = NodeKind::kPosition;
    node->function = nullptr;
    return node;
  }
  if (token_.kind != TokenKind::kRightParen) {
    node->children.push_back(ParseExpr());
    while (token_.kind == TokenKind::kComma) {
      Advance();
      node->children.push_back(ParseExpr());
    }
  }
  Expect(TokenKind::kRightParen, "')'");
  CheckCall(*node, name);
  return node;
}

void Parser::CheckCall(const Node& call, const Token& name) {
  const FunctionSpec& spec = *call.function;
  const int count = static_cast<int>(call.children.size());
  const bool parity_ok = spec.parity == ArgParity::kAny ||
                         (count % 2 == 1) == (spec.parity == ArgParity::kOdd);
  if (count < spec.min_args || (spec.max_args != kVariadic && count > spec.max_args) ||
      !parity_ok) {
    Fail(ErrorKind::kArity, name.position,
         std::string(spec.name) + "() takes " + ArityText(spec) + ", not " +
             std::to_string(count));
  }
  for (int i = 0; i < count && i < 32; ++i) {
    if ((spec.node_set_args >> i & 1U) == 0) continue;
    const Node& arg = *call.children[static_cast<std::size_t>(i)];
    // randomize() gives a node-set too, except where indexed-repeat() needs a repeat's name.
    const bool node_set_call = arg.kind == NodeKind::kCall && arg.text == "randomize" && spec.name != "indexed-repeat";
    if (arg.kind != NodeKind::kReference && arg.kind != NodeKind::kCurrent && !node_set_call) {
      Fail(ErrorKind::kUnsupported, arg.position,
           std::string(spec.name) + "() needs a reference such as ${name} as argument " +
               std::to_string(i + 1));
    }
  }
  if (spec.name == "regex" && call.children[1]->kind == NodeKind::kString) {
    // Compile a literal pattern once, here, so a bad one is reported with the form.
    Node& pattern = *call.children[1];
    std::string error;
    pattern.regex = CompileRegex(pattern.text, error);
    if (!pattern.regex) Fail(ErrorKind::kSyntax, pattern.position, error);
  }
  if (spec.name == "jr:choice-name" && call.children[1]->kind == NodeKind::kString) {
    // XLSForm writes jr:choice-name(${q}, '${q}'): the literal names a question too.
    std::string_view literal = call.children[1]->text;
    if (literal.size() > 3 && literal.substr(0, 2) == "${" && literal.back() == '}') {
      AddReference(literal.substr(2, literal.size() - 3));
    }
  }
}

void Parser::AddReference(std::string_view name) {
  if (std::find(refs_.begin(), refs_.end(), name) == refs_.end()) refs_.emplace_back(name);
}

}  // namespace mcs::xpath::internal

namespace mcs::xpath {

ParseResult Parse(std::string_view text) { return internal::Parser(text).Run(); }

}  // namespace mcs::xpath
