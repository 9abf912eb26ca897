#include "web/logic.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "common/i18n.h"
#include "common/strings.h"
#include "common/timezone.h"
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

namespace {

// The answers the page's script can read (mcsurvey.js, valueOf and resolveAll): those named by a
// ${name} of an expression it runs (relevance, constraints, requirements, and every calculation on
// every page) or of a label or hint it pipes, and the calculations' own ('.'); a repeat's instances
// when the repeat or a question in it is named. Nothing else of the response needs to go out with
// every page (every answer so far was: 10.8 KB per complete study response, most of it sent
// uncompressed, as a kept page's slot).
// Each name with its JSON key ("name":), written once per form version rather than on every page.
using ReadNames = std::vector<std::pair<std::string, std::string>>;
struct RepeatReads {
  std::string name, key;
  ReadNames names;  // read inside it
};
struct ScriptReads {
  ReadNames top;  // outside repeats, in name order
  std::vector<RepeatReads> repeats;
};

void AddPiped(std::set<std::string>& names, const form::Translated& t) {
  for (const auto& [lang, text] : t.all()) {
    for (std::size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
      auto end = text.find('}', at + 2);
      if (end == std::string::npos) break;
      names.insert(text.substr(at + 2, end - at - 2));
    }
  }
}

ScriptReads ComputeScriptReads(const form::Form& f) {
  std::set<std::string> names;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    const form::Node& n = f.nodes[i];
    for (const form::ExprPtr* e : {&n.relevant, &n.constraint, &n.required_if, &n.calculation}) {
      if (*e) names.insert((*e)->references().begin(), (*e)->references().end());
    }
    if (n.type == Type::kCalculate && !n.name.empty()) names.insert(n.name);
    AddPiped(names, n.label);
    AddPiped(names, n.hint);
  }
  std::set<std::string> top;
  std::map<std::string, std::set<std::string>> repeats;
  for (const std::string& name : names) {
    const form::Node* n = f.Find(name);
    if (!n || n->personal) continue;  // personal data never goes into the page's script data
    if (n->type == Type::kRepeat) {
      repeats[name];
    } else if (n->repeat > 0) {
      repeats[f.nodes[static_cast<std::size_t>(n->repeat)].name].insert(name);
    } else {
      top.insert(name);
    }
  }
  auto keyed = [](const std::set<std::string>& set) {
    ReadNames out;
    for (const std::string& name : set) out.emplace_back(name, JsStringLiteral(name) + ":");
    return out;
  };
  ScriptReads reads;
  reads.top = keyed(top);
  for (const auto& [repeat, inner] : repeats)
    reads.repeats.push_back({repeat, JsStringLiteral(repeat) + ":", keyed(inner)});
  return reads;
}

// Per form version, like the generated script (versions are immutable).
const ScriptReads& ScriptReadsOf(const form::Form& f) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const ScriptReads>> cache;
  // The size too, for tests that import different forms under one id and the default version.
  const std::string key = f.id + "@" + f.version + "/" + std::to_string(f.nodes.size());
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[key];
  if (!slot) slot = std::make_shared<const ScriptReads>(ComputeScriptReads(f));
  return *slot;
}

void AppendValues(std::string& out, const engine::Values& values, const ReadNames& names) {
  bool first = true;
  for (const auto& [name, key] : names) {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) continue;
    if (!first) out += ',';
    first = false;
    out += key;
    const std::string& v = it->second;
    // Most answers are choice names and numbers: printable ASCII with nothing to escape, quoted as
    // they are; anything else through JsStringLiteral.
    bool plain = std::all_of(v.begin(), v.end(), [](char c) {
      return c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
    });
    if (plain) {
      out += '"';
      out += v;
      out += '"';
    } else {
      out += JsStringLiteral(v);
    }
  }
}

}  // namespace

std::string PageAnswersData(const form::Form& f, const engine::Answers& answers, const std::string* stored) {
  if (stored) return EscapeJsonForScript(*stored);
  const ScriptReads& reads = ScriptReadsOf(f);
  // JsStringLiteral writes JSON strings with '<', '>' and '&' escaped: nothing to escape after.
  std::string out = "{";
  AppendValues(out, answers.values, reads.top);
  for (const RepeatReads& repeat : reads.repeats) {
    auto it = answers.repeats.find(repeat.name);
    if (it == answers.repeats.end()) continue;
    if (out.size() > 1) out += ',';
    out += repeat.key;
    out += '[';
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      out += i == 0 ? "{" : ",{";
      AppendValues(out, it->second[i], repeat.names);
      out += '}';
    }
    out += ']';
  }
  return out + "}";
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
                      ",\"instance\":" + std::to_string(instance) + ",\"questions\":" + names +
                      // The study's zone for today() in the browser (mcsurvey.js zoneOffsetMinutes).
                      // No offset: kept renderings of a page must not carry a time of day.
                      ",\"tz\":" + JsStringLiteral(StudyTimeZone()) + "}";
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
