#include "form/form.h"

namespace mcs::form {

std::string_view TypeName(Type t) {
  switch (t) {
    case Type::kText: return "text";
    case Type::kInteger: return "integer";
    case Type::kDecimal: return "decimal";
    case Type::kDate: return "date";
    case Type::kTime: return "time";
    case Type::kDateTime: return "dateTime";
    case Type::kSelectOne: return "select_one";
    case Type::kSelectMultiple: return "select_multiple";
    case Type::kNote: return "note";
    case Type::kCalculate: return "calculate";
    case Type::kAcknowledge: return "acknowledge";
    case Type::kMeta: return "meta";
    case Type::kRange: return "range";
    case Type::kRank: return "rank";
    case Type::kHidden: return "hidden";
    case Type::kGroup: return "group";
    case Type::kRepeat: return "repeat";
  }
  return "?";
}

bool IsContainer(Type t) { return t == Type::kGroup || t == Type::kRepeat; }
bool HoldsValue(Type t) { return !IsContainer(t) && t != Type::kNote; }

void Translated::Set(const std::string& lang, std::string text) {
  for (auto& [l, t] : by_lang_) {
    if (l == lang) {
      t = std::move(text);
      return;
    }
  }
  by_lang_.emplace_back(lang, std::move(text));
}

const std::string& Translated::Get(std::string_view lang, std::string_view fallback) const {
  static const std::string kEmpty;
  for (const auto& [l, t] : by_lang_) {
    if (l == lang && !t.empty()) return t;
  }
  for (const auto& [l, t] : by_lang_) {
    if (l == fallback && !t.empty()) return t;
  }
  for (const auto& [l, t] : by_lang_) {
    if (!t.empty()) return t;
  }
  return kEmpty;
}

bool Translated::Has(std::string_view lang) const {
  for (const auto& [l, t] : by_lang_) {
    if (l == lang && !t.empty()) return true;
  }
  return false;
}

const Choice* ChoiceList::Find(std::string_view choice_name) const {
  for (const Choice& c : choices) {
    if (c.name == choice_name) return &c;
  }
  return nullptr;
}

const Node* Form::Find(std::string_view name) const {
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : &nodes[static_cast<std::size_t>(it->second)];
}

bool Form::HasLanguage(std::string_view code) const {
  for (const Language& l : languages) {
    if (l.code == code) return true;
  }
  return false;
}

}  // namespace mcs::form
