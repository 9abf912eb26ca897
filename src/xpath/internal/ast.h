// The parse tree. Built once by the parser, then only read (by any number of threads at once):
// function calls carry a pointer to their library entry and regex() a pattern compiled in advance,
// so evaluation does no lookups.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mcs::xpath::internal {

struct FunctionSpec;
struct CompiledRegex;

enum class NodeKind : std::uint8_t {
  kNumber,     // number
  kString,     // text
  kReference,  // ${text}: the answer, with node-set comparison rules (see item.h)
  kCurrent,    // '.'
  kPosition,   // position(..) and position(): the repeat instance
  kNegate,     // -children[0]
  kChain,      // children[0] ops[0] children[1] ops[1] ... (one precedence level, left to right)
  kCall,       // function(children...)
};

enum class BinaryOp : std::uint8_t {
  kOr, kAnd,
  kEqual, kNotEqual,
  kLess, kLessEqual, kGreater, kGreaterEqual,
  kAdd, kSubtract,
  kMultiply, kDivide, kModulo,
};

// Chains of one precedence level are flat rather than left-deep, so that a long sum such as
// ${q1} + ${q2} + ... + ${q500} cannot make evaluation recurse deeply.
struct Node {
  NodeKind kind = NodeKind::kNumber;
  std::size_t position = 0;  // byte offset in the expression, for diagnostics
  double number = 0;
  std::string text;
  std::vector<std::unique_ptr<Node>> children;
  std::vector<BinaryOp> ops;
  const FunctionSpec* function = nullptr;  // kCall
  std::shared_ptr<const CompiledRegex> regex;  // a literal regex() pattern, compiled
};

}  // namespace mcs::xpath::internal
