// Evaluation of a parse tree against an EvalContext.
#pragma once
#include "xpath/internal/ast.h"
#include "xpath/internal/item.h"
#include "xpath/xpath.h"

#include <string>
#include <vector>

namespace mcs::xpath::internal {

Item Eval(const Node& node, const EvalContext& ctx);
// boolean() of a subexpression: as ToBoolean(Eval()), except that a reference naming repeat
// instances (EvalContext::IsNodeSet) or randomize() is a node-set, false when empty.
bool EvalBoolean(const Node& node, const EvalContext& ctx);
// The string values of the nodes a node-set argument selects: every instance of ${name}
// (ResolveAll), the current answer for '.', randomize()'s shuffled nodes, or for any other
// expression its one string value.
std::vector<std::string> NodeSetValues(const Node& arg, const EvalContext& ctx);

// The comparison operators of XPath 1.0 section 3.4, on two evaluated operands.
bool Compare(BinaryOp op, const Item& left, const Item& right);

}  // namespace mcs::xpath::internal
