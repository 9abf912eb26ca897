// The normalised form as JSON: a stable, encoding-independent document (the same form written as
// .md, .csv or .xlsx gives byte-identical JSON).
#include <boost/json.hpp>

#include "form/form.h"

namespace mcs::form {
namespace {

boost::json::value TranslatedJson(const Translated& t) {
  boost::json::object o;
  for (const auto& [lang, text] : t.all()) o[lang] = text;
  return o;
}

void PutExpr(boost::json::object& o, const char* key, const ExprPtr& e) {
  if (e) o[key] = e->text();
}

boost::json::object NodeJson(const Form& f, const Node& n) {
  boost::json::object o;
  o["type"] = n.type == Type::kMeta ? n.meta : std::string(TypeName(n.type));
  o["name"] = n.name;
  if (!n.label.empty()) o["label"] = TranslatedJson(n.label);
  if (!n.hint.empty()) o["hint"] = TranslatedJson(n.hint);
  if (n.required) o["required"] = true;
  PutExpr(o, "required_if", n.required_if);
  if (!n.required_message.empty()) o["required_message"] = TranslatedJson(n.required_message);
  PutExpr(o, "relevant", n.relevant);
  PutExpr(o, "constraint", n.constraint);
  if (!n.constraint_message.empty()) o["constraint_message"] = TranslatedJson(n.constraint_message);
  PutExpr(o, "calculation", n.calculation);
  if (n.choice_filter) o["choice_filter"] = n.choice_filter_text;
  PutExpr(o, "repeat_count", n.repeat_count);
  if (!n.appearance.empty()) o["appearance"] = n.appearance;
  if (!n.default_value.empty()) o["default"] = n.default_value;
  if (n.personal) o["personal"] = true;
  if (n.choices) o["choices"] = n.choices->name;
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
      co["label"] = TranslatedJson(c.label);
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
