#include "engine/consent.h"

#include <boost/json.hpp>

#include <algorithm>

namespace mcs::engine {
namespace {

namespace json = boost::json;

// True when an answer with a personal question's name is not empty, at the top or in a repeat
// instance. The form's few personal questions are looked up among the answers (a name is one node:
// the same pairs as asking the form about every stored answer's name, without hashing them all).
bool HoldsPersonal(const form::Form& f, const Answers& a) {
  auto filled = [](const Values& values, const std::string& name) {
    auto it = values.find(name);
    return it != values.end() && !it->second.empty();
  };
  for (const form::Node& n : f.nodes) {
    if (!n.personal || f.Find(n.name) != &n) continue;
    if (filled(a.values, n.name)) return true;
    for (const auto& [rname, list] : a.repeats) {
      for (const Values& inst : list) {
        if (filled(inst, n.name)) return true;
      }
    }
  }
  return false;
}

}  // namespace

std::vector<int> ConsentQuestions(const form::Form& f) {
  std::vector<int> out;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (!f.nodes[i].personal) continue;
    // The question's own relevance and its groups'.
    for (int n = static_cast<int>(i); n > 0; n = f.nodes[static_cast<std::size_t>(n)].parent) {
      const form::Node& node = f.nodes[static_cast<std::size_t>(n)];
      if (!node.relevant) continue;
      for (const std::string& ref : node.relevant->references()) {
        const form::Node* q = f.Find(ref);
        if (!q || q->personal || !form::HoldsValue(q->type)) continue;
        int idx = static_cast<int>(q - f.nodes.data());
        if (std::find(out.begin(), out.end(), idx) == out.end()) out.push_back(idx);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void RecordConsent(const form::Form& f, Answers& a, std::string_view lang, const std::string& at) {
  if (!HoldsPersonal(f, a)) {
    a.values.erase(kConsentKey);
    return;
  }
  if (auto it = a.values.find(kConsentKey); it != a.values.end() && !it->second.empty()) return;
  std::vector<int> asked = ConsentQuestions(f);
  std::string names, text, answer;
  for (int q : asked) {
    const form::Node& n = f.nodes[static_cast<std::size_t>(q)];
    const std::string& label = n.label.Get(lang, f.lang());
    const std::string& hint = n.hint.Get(lang, f.lang());
    names += (names.empty() ? "" : " ") + n.name;
    if (!text.empty()) text += "\n";
    text += label;
    if (!hint.empty()) text += "\n" + hint;
    std::string value = n.repeat == 0 ? a.Get(f, n.name, -1) : std::string();
    // A choice as the respondent saw it: its label.
    if (n.choices && !value.empty()) {
      std::string labels;
      for (std::size_t start = 0; start < value.size();) {
        std::size_t end = value.find(' ', start);
        if (end == std::string::npos) end = value.size();
        std::string word = value.substr(start, end - start);
        const form::Choice* c = n.choices->Find(word);
        labels += (labels.empty() ? "" : "; ") + (c ? c->label.Get(lang, f.lang()) : word);
        start = end + 1;
      }
      value = labels;
    }
    if (!value.empty()) answer += (answer.empty() ? "" : "; ") + value;
  }
  json::object o{{"question", names}, {"text", text}, {"answer", answer}, {"lang", std::string(lang)}, {"at", at}};
  a.values[kConsentKey] = json::serialize(o);
}

std::vector<std::pair<std::string, std::string>> ConsentFields(std::string_view value) {
  std::vector<std::pair<std::string, std::string>> out;
  boost::system::error_code ec;
  json::value v = json::parse(value, ec);
  if (ec || !v.is_object()) return out;
  for (const char* k : {"question", "text", "answer", "lang", "at"}) {
    const json::value* f = v.as_object().if_contains(k);
    out.emplace_back(k, f && f->is_string() ? std::string(f->as_string()) : std::string());
  }
  return out;
}

}  // namespace mcs::engine
