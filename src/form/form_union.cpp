// Several versions of one form as one form, for exports that span versions: a study team revises
// a questionnaire while it runs, and the analyst wants one table with every variable any version
// asked. The newest version's questions come first, in its order; a question only older versions
// have follows, in the repeat it belonged to (or at the top level). Choice lists are united by name.
#include <map>

#include "form/form.h"

namespace mcs::form {

std::shared_ptr<const Form> UniteVersions(const std::vector<std::shared_ptr<const Form>>& versions) {
  if (versions.empty()) return nullptr;
  if (versions.size() == 1) return versions[0];
  const Form& newest = *versions.back();
  auto out = std::make_shared<Form>();
  out->id = newest.id;
  out->title = newest.title;
  out->version = newest.version;
  out->default_language = newest.default_language;

  std::map<std::string, ChoiceList*> lists;
  auto unite_list = [&](const ChoiceList* l) -> const ChoiceList* {
    if (!l) return nullptr;
    ChoiceList*& dst = lists[l->name];
    if (!dst) {
      out->lists.push_back(std::make_unique<ChoiceList>());
      dst = out->lists.back().get();
      dst->name = l->name;
    }
    for (const Choice& c : l->choices) {
      if (!dst->Find(c.name)) dst->choices.push_back(c);
    }
    return dst;
  };

  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    const Form& v = **it;
    for (const Language& l : v.languages) {
      if (!out->HasLanguage(l.code)) out->languages.push_back(l);
    }
    if (&v == &newest) {
      out->nodes = v.nodes;
      for (Node& n : out->nodes) n.choices = unite_list(n.choices);
      out->by_name = v.by_name;
      continue;
    }
    // Choices only an older version offered still label its answers.
    for (const auto& l : v.lists) unite_list(l.get());
    for (std::size_t i = 1; i < v.nodes.size(); ++i) {
      const Node& n = v.nodes[i];
      if (n.type == Type::kGroup || (!HoldsValue(n.type) && n.type != Type::kRepeat)) continue;
      if (out->Find(n.name)) continue;
      Node copy = n;
      copy.children.clear();
      copy.choices = unite_list(n.choices);
      copy.parent = 0;
      copy.repeat = 0;
      copy.depth = 0;
      if (n.repeat != 0) {
        // Its repeat is in the united form: the newest version's, or one added just before.
        auto r = out->by_name.find(v.nodes[static_cast<std::size_t>(n.repeat)].name);
        if (r != out->by_name.end() && out->nodes[static_cast<std::size_t>(r->second)].type == Type::kRepeat) {
          copy.parent = copy.repeat = r->second;
          copy.depth = 1;
        } else {
          continue;  // a question of a repeat that a newer version turned into something else
        }
      }
      int idx = static_cast<int>(out->nodes.size());
      out->nodes[static_cast<std::size_t>(copy.parent)].children.push_back(idx);
      out->by_name[copy.name] = idx;
      out->nodes.push_back(std::move(copy));
    }
  }
  return out;
}

}  // namespace mcs::form
