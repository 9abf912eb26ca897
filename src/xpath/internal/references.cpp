// SingleValueReferences (xpath.h): which references an expression reads as one value rather than
// as a node-set argument.
#include <algorithm>
#include <string>
#include <vector>

#include "xpath/internal/ast.h"
#include "xpath/internal/function_library.h"

namespace mcs::xpath {
namespace {

using internal::Node;
using internal::NodeKind;

// Whether argument i of a call takes a node-set (where a repeat's instances are meant).
bool NodeSetPosition(const Node& call, std::size_t i) {
  const std::string& f = call.text;
  const std::size_t n = call.children.size();
  if (f == "count" || f == "count-non-empty" || f == "sum" || f == "min" || f == "max") return true;
  if (f == "join") return i >= 1;
  if (f == "concat") return n == 1;
  if (f == "randomize") return i == 0;
  if (f == "indexed-repeat") return i == 0 || i % 2 == 1;
  if (f == "checklist") return i >= 2;
  if (f == "weighted-checklist") return n == 4 && i >= 2;
  return false;
}

void Walk(const Node& node, bool node_set_position, std::vector<std::string>& out) {
  if (node.kind == NodeKind::kReference) {
    if (!node_set_position && std::find(out.begin(), out.end(), node.text) == out.end()) out.push_back(node.text);
    return;
  }
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    Walk(*node.children[i], node.kind == NodeKind::kCall && NodeSetPosition(node, i), out);
  }
}

}  // namespace

std::vector<std::string> SingleValueReferences(const Expression& expr) {
  std::vector<std::string> out;
  if (expr.root() != nullptr) Walk(*expr.root(), false, out);
  return out;
}

}  // namespace mcs::xpath
