// Evaluation of a parse tree against an EvalContext.
#pragma once
#include "xpath/internal/ast.h"
#include "xpath/internal/item.h"
#include "xpath/xpath.h"

namespace mcs::xpath::internal {

Item Eval(const Node& node, const EvalContext& ctx);

// The comparison operators of XPath 1.0 section 3.4, on two evaluated operands.
bool Compare(BinaryOp op, const Item& left, const Item& right);

}  // namespace mcs::xpath::internal
