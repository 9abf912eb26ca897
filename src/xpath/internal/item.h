// The value of a subexpression during evaluation. Like xpath::Value plus one kind, kNode: the
// string value of the node a reference (${name} or '.') selects. XPath 1.0 treats a node-set
// differently from a string in comparisons and boolean() (sections 3.4 and 4.3), and ODK answers
// are nodes, so the evaluator must remember which strings came from references.
#pragma once
#include <cstdint>
#include <string>

#include "xpath/xpath.h"

namespace mcs::xpath::internal {

struct Item {
  enum class Kind : std::uint8_t { kString, kNumber, kBoolean, kNode };
  Kind kind = Kind::kString;
  bool boolean = false;
  double number = 0;
  std::string text;  // kString and kNode

  static Item String(std::string s) {
    Item i;
    i.text = std::move(s);
    return i;
  }
  static Item Number(double d) {
    Item i;
    i.kind = Kind::kNumber;
    i.number = d;
    return i;
  }
  static Item Boolean(bool b) {
    Item i;
    i.kind = Kind::kBoolean;
    i.boolean = b;
    return i;
  }
  static Item Node(std::string s) {
    Item i;
    i.kind = Kind::kNode;
    i.text = std::move(s);
    return i;
  }
  bool IsText() const { return kind == Kind::kString || kind == Kind::kNode; }
};

// string(): a node's string value; numbers per section 4.2; "true" / "false".
std::string ToString(const Item& item);
std::string ToString(Item&& item);
// number(): ODK's, which also reads dates (number_format.h).
double ToNumber(const Item& item);
// boolean() (section 4.3): a node is a non-empty node-set and so true, even when the answer is
// empty: an unanswered question still has its (empty) node in ODK's instance. `${x} != ''` is the
// XLSForm idiom for "answered".
bool ToBoolean(const Item& item);
// What coalesce() and once() treat as no value: "" and NaN (JavaRosa's isNull).
bool IsEmptyValue(const Item& item);
Value ToValue(Item&& item);

}  // namespace mcs::xpath::internal
