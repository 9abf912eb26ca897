#include "web/logic.h"

#include <map>
#include <mutex>

#include "common/i18n.h"
#include "common/strings.h"
#include "engine/answers_json.h"
#include "web/app.h"
#include "xpath/js_codegen.h"

namespace mcs::web {
namespace {

using form::Type;
using xpath::JsStringLiteral;

std::string_view TypeWord(Type t) { return form::TypeName(t); }

// function(c){return R.value(...);} for one expression; null when the browser cannot run it
// (the page then leaves that check to the server).
std::string JsFunction(const form::ExprPtr& e) {
  try {
    return "function(c){return R.value(" + xpath::ToJavaScript(*e) + ");}";
  } catch (const xpath::JsCodegenError&) {
    return "null";
  }
}

// {"en":"text","fr":"texte"} of a translated text, "" when empty.
std::string TranslatedLiteral(const form::Translated& t) {
  std::string out = "{";
  bool first = true;
  for (const auto& [lang, text] : t.all()) {
    if (!first) out += ',';
    first = false;
    out += JsStringLiteral(lang) + ":" + JsStringLiteral(text);
  }
  return out + "}";
}

// Appends "NAME:value," entries of one table.
class Table {
 public:
  void Add(const std::string& name, const std::string& js) {
    if (!body_.empty()) body_ += ",\n";
    body_ += "    " + JsStringLiteral(name) + ":" + js;
  }
  std::string Render() const { return body_.empty() ? "{}" : "{\n" + body_ + "\n  }"; }

 private:
  std::string body_;
};

// Per form version: generated once, kept for the life of the process (versions are immutable).
std::mutex cache_mu;
std::map<std::string, std::string>& Cache() {
  static std::map<std::string, std::string> cache;
  return cache;
}

std::string EscapeJsonForScript(std::string json) {
  // Inside <script type="application/json"> only "</script" could end the element; '<' appears
  // in JSON only within strings, where \u003c means the same.
  auto special = [](char c) { return c == '<' || c == '>' || c == '&'; };
  std::size_t i = 0;
  while (i < json.size() && !special(json[i])) ++i;
  if (i == json.size()) return json;  // the usual case: nothing to change
  std::string out;
  out.reserve(json.size() + 32);
  std::size_t from = 0;
  for (; i < json.size(); ++i) {
    if (!special(json[i])) continue;
    out.append(json, from, i - from);  // runs of ordinary characters go in whole
    out += json[i] == '<' ? "\\u003c" : json[i] == '>' ? "\\u003e" : "\\u0026";
    from = i + 1;
  }
  out.append(json, from, std::string::npos);
  return out;
}

}  // namespace

std::string GenerateLogicScript(const form::Form& f) {
  Table relevant, constraint, required, calculation, constraint_message, types, parent, repeat_of,
      choices, labels, hints;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    const form::Node& n = f.nodes[i];
    if (n.name.empty()) continue;
    types.Add(n.name, JsStringLiteral(TypeWord(n.type)));
    if (n.parent > 0) parent.Add(n.name, JsStringLiteral(f.nodes[static_cast<std::size_t>(n.parent)].name));
    if (n.repeat > 0) repeat_of.Add(n.name, JsStringLiteral(f.nodes[static_cast<std::size_t>(n.repeat)].name));
    if (n.relevant) relevant.Add(n.name, JsFunction(n.relevant));
    if (n.constraint) constraint.Add(n.name, JsFunction(n.constraint));
    if (n.required_if) required.Add(n.name, JsFunction(n.required_if));
    if (n.type == Type::kCalculate && n.calculation) calculation.Add(n.name, JsFunction(n.calculation));
    if (!n.constraint_message.empty()) constraint_message.Add(n.name, TranslatedLiteral(n.constraint_message));
    // Templates of labels and hints that pipe answers in (Runtime::Pipe), to redo as answers change.
    bool pipes_label = false, pipes_hint = false;
    for (const auto& [lang, text] : n.label.all()) pipes_label = pipes_label || text.find("${") != std::string::npos;
    for (const auto& [lang, text] : n.hint.all()) pipes_hint = pipes_hint || text.find("${") != std::string::npos;
    if (pipes_label) labels.Add(n.name, TranslatedLiteral(n.label));
    if (pipes_hint) hints.Add(n.name, TranslatedLiteral(n.hint));
    if (n.choices) {
      // Choice labels in the form's default language, as Pipe and jr:choice-name() use them.
      std::string map = "{";
      bool first = true;
      for (const auto& c : n.choices->choices) {
        if (!first) map += ',';
        first = false;
        map += JsStringLiteral(c.name) + ":" + JsStringLiteral(c.label.Get(f.default_language, ""));
      }
      choices.Add(n.name, map + "}");
    }
  }
  // The built-in constraint message in every language of the form (engine::Message).
  std::string default_constraint = "{";
  std::vector<std::string> langs;
  for (const auto& l : f.languages) langs.push_back(l.code);
  if (langs.empty()) langs.push_back(f.default_language.empty() ? "en" : f.default_language);
  for (std::size_t i = 0; i < langs.size(); ++i) {
    if (i > 0) default_constraint += ',';
    default_constraint += JsStringLiteral(langs[i]) + ":" + JsStringLiteral(engine::Message("constraint", langs[i]));
  }
  default_constraint += "}";

  std::string out;
  // Nothing of the form is ever written into the script but as a JsStringLiteral (JSON with '<', '>',
  // '&', line and paragraph separators and every non-ASCII character escaped): not even in a comment,
  // where a line break or U+2028 in it would end the comment and run the rest.
  out += "// Generated by mcsurvey from the syntax trees of one form version (the key below).\n";
  out += "// Each function is one expression of the form, compiled for /static/mcsurvey-xpath.js.\n";
  out += "(function (R) {\n  'use strict';\n  if (!R) return;\n  var L = {};\n";
  out += "  L.default_language = " + JsStringLiteral(f.default_language) + ";\n";
  out += "  L.types = " + types.Render() + ";\n";
  out += "  L.parent = " + parent.Render() + ";\n";
  out += "  L.repeat_of = " + repeat_of.Render() + ";\n";
  out += "  L.relevant = " + relevant.Render() + ";\n";
  out += "  L.constraint = " + constraint.Render() + ";\n";
  out += "  L.required = " + required.Render() + ";\n";
  out += "  L.calculation = " + calculation.Render() + ";\n";
  out += "  L.constraint_message = " + constraint_message.Render() + ";\n";
  out += "  L.default_constraint_message = " + default_constraint + ";\n";
  out += "  L.choices = " + choices.Render() + ";\n";
  out += "  L.labels = " + labels.Render() + ";\n";
  out += "  L.hints = " + hints.Render() + ";\n";
  out += "  window.MCSLogic = window.MCSLogic || {};\n";
  out += "  window.MCSLogic[" + JsStringLiteral(f.id + "@" + f.version) + "] = L;\n";
  out += "})(window.MCSXPath);\n";
  return out;
}

http::Response LogicScript(App& app, const std::string& form_id, const std::string& version) {
  std::shared_ptr<const form::Form> f = app.forms().Version(form_id, version);
  if (!f) {
    http::Response r = http::Response::Text(404, "not found\n");
    r.Header("Cache-Control", "no-store");
    return r;
  }
  const std::string key = f->id + "@" + f->version;
  std::string script;
  {
    std::lock_guard<std::mutex> lock(cache_mu);
    auto it = Cache().find(key);
    if (it != Cache().end()) script = it->second;
  }
  if (script.empty()) {
    // Generated outside the lock: two threads may both generate the first time, harmlessly.
    script = GenerateLogicScript(*f);
    std::lock_guard<std::mutex> lock(cache_mu);
    Cache().emplace(key, script);
  }
  http::Response r;
  r.content_type = "text/javascript; charset=utf-8";
  r.body = std::move(script);
  r.Header("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

void AddLogicRoutes(App& app, http::Router& r) {
  r.Add("GET", "/s/{form_id}/logic.js", [&app](const http::Request& req, const http::Params& p) {
    return LogicScript(app, p.at("form_id"), http::First(req.Query(), "v"));
  }, http::Cost::kQuick);
}

std::string PageAnswersData(const form::Form& f, const engine::Answers& answers, const std::string* stored) {
  if (stored) return EscapeJsonForScript(*stored);
  // Personal data (contact details) never goes into the page's script data.
  std::string plain, personal;
  engine::ToStoredJsonSplit(f, answers, plain, personal);
  return EscapeJsonForScript(plain);
}

std::string LogicPageScripts(const form::Form& f, const engine::Answers& answers, int instance,
                             const std::string& lang, const std::vector<int>& questions, const std::string* stored) {
  std::string names = "[";
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (i > 0) names += ',';
    names += JsStringLiteral(f.nodes[static_cast<std::size_t>(questions[i])].name);
  }
  names += "]";
  // JsStringLiteral output is valid JSON too (ASCII, \u escapes, no '<').
  std::string logic = "{\"key\":" + JsStringLiteral(f.id + "@" + f.version) + ",\"lang\":" + JsStringLiteral(lang) +
                      ",\"instance\":" + std::to_string(instance) + ",\"questions\":" + names + "}";
  std::string out;
  out += "<script type=\"application/json\" id=\"mcs-logic\">" + logic + "</script>\n";
  out += "<script type=\"application/json\" id=\"mcs-answers\">" + PageAnswersData(f, answers, stored) + "</script>\n";
  out += "<script src=\"/static/mcsurvey-xpath.js\" defer></script>\n";
  out += "<script src=\"/s/" + HtmlEscape(f.id) + "/logic.js?v=" + HtmlEscape(UrlEncode(f.version)) +
         "\" defer></script>\n";
  out += "<script src=\"/static/mcsurvey.js\" defer></script>\n";
  return out;
}

}  // namespace mcs::web
