#include "xpath/internal/item.h"

#include <cmath>

#include "xpath/internal/number_format.h"

namespace mcs::xpath::internal {

std::string ToString(const Item& item) {
  switch (item.kind) {
    case Item::Kind::kNumber: return NumberToString(item.number);
    case Item::Kind::kBoolean: return item.boolean ? "true" : "false";
    default: return item.text;
  }
}

std::string ToString(Item&& item) {
  if (item.IsText()) return std::move(item.text);
  return ToString(static_cast<const Item&>(item));
}

double ToNumber(const Item& item) {
  switch (item.kind) {
    case Item::Kind::kNumber: return item.number;
    case Item::Kind::kBoolean: return item.boolean ? 1.0 : 0.0;
    default: return StringToNumber(item.text);
  }
}

bool ToBoolean(const Item& item) {
  switch (item.kind) {
    case Item::Kind::kNumber: return item.number != 0 && !std::isnan(item.number);
    case Item::Kind::kBoolean: return item.boolean;
    case Item::Kind::kNode: return true;
    default: return !item.text.empty();
  }
}

bool IsEmptyValue(const Item& item) {
  switch (item.kind) {
    case Item::Kind::kNumber: return std::isnan(item.number);
    case Item::Kind::kBoolean: return false;
    default: return item.text.empty();
  }
}

Value ToValue(Item&& item) {
  switch (item.kind) {
    case Item::Kind::kNumber: return Value::Number(item.number);
    case Item::Kind::kBoolean: return Value::Boolean(item.boolean);
    default: return Value::String(std::move(item.text));
  }
}

}  // namespace mcs::xpath::internal
