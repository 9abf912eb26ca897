// The normalised form as JSON: a stable, encoding-independent document (the same form written as
// .md, .csv or .xlsx gives byte-identical JSON).
#include <algorithm>
#include <boost/json.hpp>

#include "form/form.h"

namespace mcs::form {
namespace {

// Texts in a fixed order (no language first, then the form's languages in its order), whatever the
// order of the columns they came from: the same form with its columns rearranged is the same form.
boost::json::value TranslatedJson(const Form& f, const Translated& t) {
  std::vector<std::pair<std::size_t, const std::pair<std::string, std::string>*>> ranked;
  for (const auto& entry : t.all()) {
    std::size_t rank = entry.first.empty() ? 0 : f.languages.size() + 1;
    for (std::size_t i = 0; i < f.languages.size() && !entry.first.empty(); ++i) {
      if (f.languages[i].code == entry.first) rank = i + 1;
    }
    ranked.emplace_back(rank, &entry);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  boost::json::object o;
  for (const auto& [rank, entry] : ranked) o[entry->first] = entry->second;
  return o;
}

void PutExpr(boost::json::object& o, const char* key, const ExprPtr& e) {
  if (e) o[key] = e->text();
}

boost::json::object NodeJson(const Form& f, const Node& n) {
  boost::json::object o;
  o["type"] = n.type == Type::kMeta ? n.meta : std::string(TypeName(n.type));
  o["name"] = n.name;
  if (!n.label.empty()) o["label"] = TranslatedJson(f, n.label);
  if (!n.hint.empty()) o["hint"] = TranslatedJson(f, n.hint);
  if (n.required) o["required"] = true;
  PutExpr(o, "required_if", n.required_if);
  if (!n.required_message.empty()) o["required_message"] = TranslatedJson(f, n.required_message);
  PutExpr(o, "relevant", n.relevant);
  PutExpr(o, "constraint", n.constraint);
  if (!n.constraint_message.empty()) o["constraint_message"] = TranslatedJson(f, n.constraint_message);
  PutExpr(o, "calculation", n.calculation);
  if (n.choice_filter) o["choice_filter"] = n.choice_filter_text;
  PutExpr(o, "repeat_count", n.repeat_count);
  if (!n.appearance.empty()) o["appearance"] = n.appearance;
  if (!n.default_value.empty()) o["default"] = n.default_value;
  if (n.personal) o["personal"] = true;
  if (n.choices) o["choices"] = n.choices->name;
  if (n.or_other) o["or_other"] = true;
  if (n.type == Type::kRange) {
    o["parameters"] = boost::json::object{{"start", n.range_start}, {"end", n.range_end}, {"step", n.range_step}};
  }
  if (n.randomize) {
    boost::json::object p{{"randomize", true}};
    if (n.seed) p["seed"] = n.seed->text();
    o["parameters"] = std::move(p);
  }
  if (!n.children.empty()) {
    boost::json::array kids;
    for (int c : n.children) kids.push_back(NodeJson(f, f.nodes[static_cast<std::size_t>(c)]));
    o["children"] = std::move(kids);
  }
  return o;
}

}  // namespace

std::string ToJson(const Form& f) {
  boost::json::object o;
  o["id"] = f.id;
  o["title"] = f.title;
  o["version"] = f.version;
  o["default_language"] = f.default_language;
  boost::json::array langs;
  for (const Language& l : f.languages) langs.push_back(boost::json::object{{"code", l.code}, {"name", l.name}});
  o["languages"] = std::move(langs);
  o["pages"] = f.pages.size();
  boost::json::array qs;
  for (int c : f.root().children) qs.push_back(NodeJson(f, f.nodes[static_cast<std::size_t>(c)]));
  o["survey"] = std::move(qs);
  boost::json::object lists;
  for (const auto& l : f.lists) {
    boost::json::array cs;
    for (const Choice& c : l->choices) {
      boost::json::object co;
      co["name"] = c.name;
      co["label"] = TranslatedJson(f, c.label);
      if (!c.extra.empty()) {
        boost::json::object ex;
        for (const auto& [k, v] : c.extra) ex[k] = v;
        co["extra"] = std::move(ex);
      }
      cs.push_back(std::move(co));
    }
    lists[l->name] = std::move(cs);
  }
  o["choices"] = std::move(lists);
  return boost::json::serialize(o);
}

}  // namespace mcs::form
