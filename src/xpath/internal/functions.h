// The function library: a table from name to {arity, argument shape, implementation}. The parser
// looks names up once and stores the entry in the call node; the evaluator calls `impl` through it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xpath/internal/ast.h"
#include "xpath/internal/item.h"
#include "xpath/xpath.h"

namespace mcs::xpath::internal {

// A function call being evaluated: lazy access to its arguments, so that if(), coalesce() and
// the node-set functions evaluate only what they need.
class Call {
 public:
  Call(const Node& node, const EvalContext& ctx) : node_(node), ctx_(ctx) {}
  std::size_t size() const { return node_.children.size(); }
  const Node& node() const { return node_; }
  const Node& ArgNode(std::size_t i) const { return *node_.children[i]; }
  const EvalContext& context() const { return ctx_; }

  Item Arg(std::size_t i) const;
  std::string String(std::size_t i) const;
  double Number(std::size_t i) const;
  bool Boolean(std::size_t i) const;
  // Whether argument i is a reference (${name} or '.'), i.e. a node-set.
  bool IsNodeSet(std::size_t i) const;
  // The string values of the nodes argument i selects: every repeat instance of ${name}
  // (ResolveAll), the current answer for '.', or for any other expression its string value.
  std::vector<std::string> NodeValues(std::size_t i) const;

 private:
  const Node& node_;
  const EvalContext& ctx_;
};

using FunctionImpl = Item (*)(const Call& call);

enum class ArgParity : std::uint8_t { kAny, kOdd, kEven };

inline constexpr int kVariadic = -1;

struct FunctionSpec {
  std::string_view name;
  int min_args = 0;
  int max_args = 0;  // or kVariadic
  ArgParity parity = ArgParity::kAny;
  // Bit i set: argument i must be a reference (${name} or '.'): ODK takes a node-set there.
  std::uint32_t node_set_args = 0;
  FunctionImpl impl = nullptr;
};

// nullptr when `name` is not in the library.
const FunctionSpec* FindFunction(std::string_view name);
// ODK functions this dialect deliberately leaves out (instance(), pulldata(), geo functions...),
// reported as unsupported rather than unknown.
bool IsUnsupportedFunction(std::string_view name);

}  // namespace mcs::xpath::internal
