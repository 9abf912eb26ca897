#include "xpath/internal/evaluator.h"

#include <cmath>

#include "xpath/internal/function_library.h"

namespace mcs::xpath::internal {
namespace {

// = and != between numbers allow for floating-point error, as JavaRosa (ODK Collect) does
// (XPathEqExpr: abs(a - b) < 1e-12), so 0.1 + 0.2 = 0.3 and 6.1 - 7.8 = -1.7 are true, as a
// respondent expects; XPath 1.0, ODK Web Forms and Enketo compare exactly. Equal infinities stay
// equal (JavaRosa's subtraction gives NaN there); NaN equals nothing.
bool NumbersEqual(double a, double b) { return a == b || std::fabs(a - b) < 1e-12; }

bool CompareNumbers(BinaryOp op, double a, double b) {
  // IEEE 754 comparisons otherwise: anything involving NaN is false, except !=.
  switch (op) {
    case BinaryOp::kEqual: return NumbersEqual(a, b);
    case BinaryOp::kNotEqual: return !NumbersEqual(a, b);
    case BinaryOp::kLess: return a < b;
    case BinaryOp::kLessEqual: return a <= b;
    case BinaryOp::kGreater: return a > b;
    case BinaryOp::kGreaterEqual: return a >= b;
    default: return false;
  }
}

bool IsEquality(BinaryOp op) { return op == BinaryOp::kEqual || op == BinaryOp::kNotEqual; }

bool IsArithmetic(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSubtract:
    case BinaryOp::kMultiply:
    case BinaryOp::kDivide:
    case BinaryOp::kModulo:
      return true;
    default:
      return false;
  }
}

double Arithmetic(BinaryOp op, double a, double b) {
  switch (op) {
    case BinaryOp::kAdd: return a + b;
    case BinaryOp::kSubtract: return a - b;
    case BinaryOp::kMultiply: return a * b;
    case BinaryOp::kDivide: return a / b;  // section 3.5: IEEE 754, so 1 div 0 is Infinity
    // Section 3.5: mod truncates like Java's % (5 mod -2 = 1, -5 mod 2 = -1), which is fmod.
    case BinaryOp::kModulo: return std::fmod(a, b);
    default: return std::nan("");
  }
}

Item EvalChain(const Node& node, const EvalContext& ctx) {
  const BinaryOp first = node.ops.front();
  if (first == BinaryOp::kOr || first == BinaryOp::kAnd) {
    // Section 3.4: the right operand is not evaluated once the left decides.
    const bool stop_on = first == BinaryOp::kOr;
    for (const auto& child : node.children) {
      if (EvalBoolean(*child, ctx) == stop_on) return Item::Boolean(stop_on);
    }
    return Item::Boolean(!stop_on);
  }
  Item acc = Eval(*node.children[0], ctx);
  for (std::size_t i = 0; i < node.ops.size(); ++i) {
    const BinaryOp op = node.ops[i];
    Item right = Eval(*node.children[i + 1], ctx);
    if (IsArithmetic(op)) {
      acc = Item::Number(Arithmetic(op, ToNumber(acc), ToNumber(right)));
    } else {
      acc = Item::Boolean(Compare(op, acc, right));
    }
  }
  return acc;
}

}  // namespace

bool Compare(BinaryOp op, const Item& left, const Item& right) {
  using Kind = Item::Kind;
  const bool left_node = left.kind == Kind::kNode;
  const bool right_node = right.kind == Kind::kNode;
  if (left_node || right_node) {
    // Section 3.4 on node-sets, with each reference a one-node node-set:
    // - node and boolean: compare boolean(node) (always true, see item.h) with the boolean;
    // - node and number: number(string-value) against the number;
    // - node and string, or two nodes: the string values for = and !=, numbers for < <= > >=.
    const Item& other = left_node ? right : left;
    if (other.kind == Kind::kBoolean) {
      const bool node_value = true;
      const bool a = left_node ? node_value : left.boolean;
      const bool b = right_node ? node_value : right.boolean;
      if (IsEquality(op)) return (a == b) == (op == BinaryOp::kEqual);
      return CompareNumbers(op, a ? 1.0 : 0.0, b ? 1.0 : 0.0);
    }
    if (other.kind == Kind::kNumber || !IsEquality(op)) {
      return CompareNumbers(op, ToNumber(left), ToNumber(right));
    }
    return (left.text == right.text) == (op == BinaryOp::kEqual);
  }
  // Neither is a node-set. Section 3.4: for = and !=, booleans if either is a boolean, else
  // numbers if either is a number, else strings; < <= > >= always compare numbers.
  if (IsEquality(op)) {
    bool equal;
    if (left.kind == Kind::kBoolean || right.kind == Kind::kBoolean) {
      equal = ToBoolean(left) == ToBoolean(right);
    } else if (left.kind == Kind::kNumber || right.kind == Kind::kNumber) {
      return CompareNumbers(op, ToNumber(left), ToNumber(right));
    } else {
      equal = left.text == right.text;
    }
    return equal == (op == BinaryOp::kEqual);
  }
  return CompareNumbers(op, ToNumber(left), ToNumber(right));
}

bool EvalBoolean(const Node& node, const EvalContext& ctx) {
  // Section 4.3: a node-set is true when it is not empty. A reference is one node (true, even
  // unanswered: see item.h) unless it names repeat instances here, which may be none.
  if (node.kind == NodeKind::kReference) {
    return !ctx.IsNodeSet(node.text) || !ctx.ResolveAll(node.text).empty();
  }
  if (node.kind == NodeKind::kCall && node.function->impl == FnRandomize) return !NodeSetValues(node, ctx).empty();
  return ToBoolean(Eval(node, ctx));
}

std::vector<std::string> NodeSetValues(const Node& arg, const EvalContext& ctx) {
  switch (arg.kind) {
    case NodeKind::kReference: return ctx.ResolveAll(arg.text);
    case NodeKind::kCurrent: return {ctx.Current()};
    case NodeKind::kCall:
      if (arg.function->impl == FnRandomize) return RandomizeNodes(Call(arg, ctx));
      break;
    default: break;
  }
  return {ToString(Eval(arg, ctx))};
}

Item Eval(const Node& node, const EvalContext& ctx) {
  switch (node.kind) {
    case NodeKind::kNumber: return Item::Number(node.number);
    case NodeKind::kString: return Item::String(node.text);
    case NodeKind::kReference: return Item::Node(ctx.Resolve(node.text));
    case NodeKind::kCurrent: return Item::Node(ctx.Current());
    case NodeKind::kPosition: return Item::Number(ctx.Position());
    case NodeKind::kNegate: return Item::Number(-ToNumber(Eval(*node.children[0], ctx)));
    case NodeKind::kChain: return EvalChain(node, ctx);
    case NodeKind::kCall: return node.function->impl(Call(node, ctx));
  }
  return Item();
}

Item Call::Arg(std::size_t i) const { return Eval(*node_.children[i], ctx_); }
std::string Call::String(std::size_t i) const { return ToString(Arg(i)); }
double Call::Number(std::size_t i) const { return ToNumber(Arg(i)); }
bool Call::Boolean(std::size_t i) const { return EvalBoolean(*node_.children[i], ctx_); }

bool Call::IsNodeSet(std::size_t i) const {
  const Node& arg = *node_.children[i];
  return arg.kind == NodeKind::kReference || arg.kind == NodeKind::kCurrent ||
         (arg.kind == NodeKind::kCall && arg.function->impl == FnRandomize);
}

std::vector<std::string> Call::NodeValues(std::size_t i) const { return NodeSetValues(*node_.children[i], ctx_); }

}  // namespace mcs::xpath::internal

namespace mcs::xpath {

Value Evaluate(const Expression& expr, const EvalContext& ctx) {
  if (expr.root() == nullptr) return Value();
  return internal::ToValue(internal::Eval(*expr.root(), ctx));
}

}  // namespace mcs::xpath
