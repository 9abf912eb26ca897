#include <string_view>

#include "form/form.h"

namespace mcs::form {
namespace {

void MarkText(Form& f, std::string_view text) {
  for (std::size_t b = text.find("${"); b != std::string_view::npos; b = text.find("${", b + 2)) {
    auto e = text.find('}', b);
    if (e == std::string_view::npos) return;
    auto it = f.by_name.find(text.substr(b + 2, e - b - 2));
    if (it != f.by_name.end()) f.referenced[static_cast<std::size_t>(it->second)] = 1;
  }
}

void MarkExpr(Form& f, const ExprPtr& e) {
  if (!e) return;
  for (const auto& ref : e->references()) {
    auto it = f.by_name.find(ref);
    if (it != f.by_name.end()) f.referenced[static_cast<std::size_t>(it->second)] = 1;
  }
}

}  // namespace

void MarkReferenced(Form& f) {
  f.referenced.assign(f.nodes.size(), 0);
  f.always_relevant.assign(f.nodes.size(), 0);
  for (std::size_t i = 0; i < f.nodes.size(); ++i) {
    const Node& n = f.nodes[i];
    // Nodes come in document order, so a parent is judged before its children.
    const bool parent_always = n.parent < 0 || f.always_relevant[static_cast<std::size_t>(n.parent)];
    f.always_relevant[i] = parent_always && !n.relevant && n.repeat == 0 && n.type != Type::kRepeat;
  }
  for (const Node& n : f.nodes) {
    for (const ExprPtr* e : {&n.required_if, &n.relevant, &n.constraint, &n.calculation, &n.choice_filter,
                             &n.repeat_count, &n.seed}) {
      MarkExpr(f, *e);
    }
    for (const Translated* t : {&n.label, &n.hint, &n.required_message, &n.constraint_message}) {
      for (const auto& [lang, text] : t->all()) MarkText(f, text);
    }
    if (!n.choices) continue;
    for (const Choice& ch : n.choices->choices) {
      for (const auto& [lang, text] : ch.label.all()) MarkText(f, text);
    }
  }
}

}  // namespace mcs::form
