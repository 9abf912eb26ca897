#include "web/study_texts.h"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <set>

#include "common/crypto.h"
#include "common/embedded.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "common/xml_text.h"

namespace mcs::web {
namespace json = boost::json;

namespace {

bool IsLanguageCode(std::string_view s) {
  if (s.empty() || s.size() > 12 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

bool IsFormId(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string Escaped(std::string_view s) { return HtmlEscape(ToXmlText(s)); }

// A language's texts from a JSON object of strings.
Status ReadTable(const json::value& v, const std::string& what,
                 std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>& out) {
  if (!v.is_object()) return MakeError(ErrorCode::kInvalid, "'" + what + "' must be an object of languages");
  for (const auto& [lang, table] : v.as_object()) {
    std::string code(lang);
    if (!IsLanguageCode(code)) return MakeError(ErrorCode::kInvalid, "'" + code + "' is not a language code");
    if (!table.is_object()) return MakeError(ErrorCode::kInvalid, what + "." + code + " must be an object of texts");
    auto& t = out[code];
    for (const auto& [key, text] : table.as_object()) {
      if (!text.is_string()) {
        return MakeError(ErrorCode::kInvalid, what + "." + code + "." + std::string(key) + " must be a string");
      }
      t[std::string(key)] = std::string(text.as_string());
    }
  }
  return Status::Ok();
}

std::mutex& CurrentMu() {
  static std::mutex mu;
  return mu;
}
std::shared_ptr<const StudyTexts>& CurrentSlot() {
  static std::shared_ptr<const StudyTexts> s;
  return s;
}

}  // namespace

std::vector<std::string> StudyTexts::CommonKeys() {
  return {"study_header", "study_title", "study_intro", "study_privacy", "next_text"};
}

std::vector<std::string> StudyTexts::Keys() const {
  std::vector<std::string> out = CommonKeys();
  for (const auto& g : groups) {
    out.push_back("group_" + g);
    out.push_back("group_" + g + "_desc");
  }
  return out;
}

std::string StudyTexts::Text(std::string_view lang, std::string_view key) const {
  for (std::string_view l : {lang, lang.substr(0, lang.find('-')), std::string_view(source_lang)}) {
    auto t = texts.find(l);
    if (t == texts.end()) continue;
    auto it = t->second.find(key);
    if (it != t->second.end() && !it->second.empty()) return it->second;
  }
  return std::string();
}

std::string StudyTexts::Format(std::string_view lang, std::string_view key, const std::vector<std::string>& args) const {
  std::string out = Text(lang, key);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string mark = "{" + std::to_string(i) + "}";
    for (auto p = out.find(mark); p != std::string::npos; p = out.find(mark, p + args[i].size())) {
      out.replace(p, mark.size(), args[i]);
    }
  }
  return out;
}

bool StudyTexts::Has(std::string_view lang, std::string_view key) const {
  auto t = texts.find(lang);
  if (t == texts.end()) return false;
  auto it = t->second.find(key);
  return it != t->second.end() && !Trim(it->second).empty();
}

bool StudyTexts::Outdated(std::string_view lang, std::string_view key) const {
  if (lang == source_lang || !Has(lang, key)) return false;
  auto f = from.find(lang);
  if (f == from.end()) return false;
  auto it = f->second.find(key);
  if (it == f->second.end()) return false;
  auto s = texts.find(source_lang);
  std::string now;
  if (s != texts.end()) {
    if (auto k = s->second.find(key); k != s->second.end()) now = k->second;
  }
  return it->second != now;
}

bool StudyTexts::IsGroup(std::string_view form_id) const {
  return std::find(groups.begin(), groups.end(), form_id) != groups.end();
}

std::vector<std::string> StudyTexts::Languages() const {
  std::vector<std::string> out = {source_lang};
  for (const auto& [lang, t] : texts) {
    if (lang == source_lang) continue;
    if (std::any_of(t.begin(), t.end(), [](const auto& kv) { return !kv.second.empty(); })) out.push_back(lang);
  }
  return out;
}

std::vector<std::string> StudyTexts::Missing(std::string_view lang, std::string_view form_id) const {
  std::vector<std::string> keys = CommonKeys();
  if (form_id.empty()) {
    keys = Keys();
  } else if (IsGroup(form_id)) {
    keys.push_back("group_" + std::string(form_id));
    keys.push_back("group_" + std::string(form_id) + "_desc");
  }
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (!Has(lang, k)) out.push_back(k);
  }
  return out;
}

Result<StudyTexts> ParseStudyTexts(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return MakeError(ErrorCode::kInvalid, "the study's texts are not JSON: " + ec.message());
  if (!v.is_object()) return MakeError(ErrorCode::kInvalid, "the study's texts must be a JSON object");
  const json::object& o = v.as_object();
  StudyTexts s;
  if (const json::value* src = o.if_contains("source_language")) {
    if (!src->is_string() || !IsLanguageCode(src->as_string())) {
      return MakeError(ErrorCode::kInvalid, "source_language must be a language code");
    }
    s.source_lang = std::string(src->as_string());
  }
  if (const json::value* g = o.if_contains("groups")) {
    if (!g->is_array()) return MakeError(ErrorCode::kInvalid, "groups must be a list of form ids");
    std::vector<std::string> groups;
    for (const auto& x : g->as_array()) {
      if (!x.is_string()) return MakeError(ErrorCode::kInvalid, "groups must be a list of form ids");
      groups.emplace_back(x.as_string());
    }
    if (Status st = SetStudyGroups(s, groups); !st.ok()) return st.error();
  }
  if (const json::value* t = o.if_contains("texts")) {
    if (Status st = ReadTable(*t, "texts", s.texts); !st.ok()) return st.error();
  }
  if (const json::value* f = o.if_contains("from")) {
    if (Status st = ReadTable(*f, "from", s.from); !st.ok()) return st.error();
  }
  // A group's texts are kept when it stops being a group (they come back if it is listed again).
  std::vector<std::string> common = StudyTexts::CommonKeys();
  auto known = [&](const std::string& key) {
    if (std::find(common.begin(), common.end(), key) != common.end()) return true;
    if (!key.starts_with("group_")) return false;
    std::string id = key.substr(6);
    if (id.ends_with("_desc")) id.resize(id.size() - 5);
    return IsFormId(id);
  };
  for (const auto& [lang, t] : s.texts) {
    for (const auto& [key, text] : t) {
      if (!known(key)) {
        return MakeError(ErrorCode::kInvalid, "texts." + lang + " has '" + key + "', which is not one of the study's texts");
      }
    }
  }
  return s;
}

std::string SerializeStudyTexts(const StudyTexts& s) {
  json::object o;
  o["source_language"] = s.source_lang;
  json::array g;
  for (const auto& id : s.groups) g.emplace_back(id);
  o["groups"] = std::move(g);
  auto table = [&](const auto& m) {
    json::object out;
    for (const auto& [lang, t] : m) {
      json::object x;
      for (const auto& [k, text] : t) x[k] = text;
      out[lang] = std::move(x);
    }
    return out;
  };
  o["texts"] = table(s.texts);
  o["from"] = table(s.from);
  return json::serialize(o);
}

const StudyTexts& BuiltInStudyTexts() {
  static const StudyTexts kBuiltIn = [] {
    const embedded::File* f = embedded::Find("study.json");
    if (!f) return StudyTexts{};
    auto r = ParseStudyTexts(f->data);
    if (!r.ok()) return StudyTexts{};
    StudyTexts s = std::move(*r);
    // The translations shipped with the study are of its source texts as they are.
    for (const auto& [lang, t] : s.texts) {
      if (lang == s.source_lang) continue;
      for (const auto& [key, text] : t) s.from[lang][key] = s.Text(s.source_lang, key);
    }
    return s;
  }();
  return kBuiltIn;
}

StudyTexts LoadStudyTexts(storage::Storage& store) {
  if (auto stored = store.GetSetting(kStudyTextsSetting)) {
    if (auto r = ParseStudyTexts(*stored); r.ok()) return std::move(*r);
  }
  return BuiltInStudyTexts();
}

Status SeedStudyTexts(storage::Storage& store) {
  auto r = store.InitSetting(kStudyTextsSetting, SerializeStudyTexts(BuiltInStudyTexts()));
  return r.ok() ? Status::Ok() : Status(r.error());
}

Status SaveStudyTexts(storage::Storage& store, const StudyTexts& s) {
  return store.PutSetting(kStudyTextsSetting, SerializeStudyTexts(s));
}

std::string StudyTextsStamp(const StudyTexts& s) { return Sha256Hex(SerializeStudyTexts(s)).substr(0, 16); }

Status SetStudyTexts(StudyTexts& s, const std::string& lang, const std::map<std::string, std::string>& values) {
  if (!IsLanguageCode(lang)) return MakeError(ErrorCode::kInvalid, "'" + lang + "' is not a language code");
  std::vector<std::string> keys = s.Keys();
  for (const auto& [key, text] : values) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return MakeError(ErrorCode::kInvalid, "'" + key + "' is not one of the study's texts");
    }
    if (text.size() > 10000) return MakeError(ErrorCode::kInvalid, "the text of " + key + " is longer than 10,000 bytes");
  }
  for (const auto& [key, raw] : values) {
    std::string text(Trim(raw));
    if (text.empty()) {
      s.texts[lang].erase(key);
      if (lang != s.source_lang) s.from[lang].erase(key);
      continue;
    }
    std::string& slot = s.texts[lang][key];
    if (slot == text) continue;
    slot = text;
    if (lang != s.source_lang) s.from[lang][key] = s.Text(s.source_lang, key);
  }
  return Status::Ok();
}

Status SetStudyGroups(StudyTexts& s, const std::vector<std::string>& groups) {
  std::set<std::string> seen;
  for (const auto& g : groups) {
    if (!IsFormId(g)) return MakeError(ErrorCode::kInvalid, "'" + g + "' is not a form id");
    if (!seen.insert(g).second) return MakeError(ErrorCode::kInvalid, "'" + g + "' is listed twice");
  }
  s.groups = groups;
  return Status::Ok();
}

std::shared_ptr<const StudyTexts> CurrentStudyTexts() {
  std::lock_guard lock(CurrentMu());
  if (!CurrentSlot()) return std::shared_ptr<const StudyTexts>(&BuiltInStudyTexts(), [](const StudyTexts*) {});
  return CurrentSlot();
}

void SetCurrentStudyTexts(std::shared_ptr<const StudyTexts> s) {
  std::lock_guard lock(CurrentMu());
  CurrentSlot() = std::move(s);
}

std::string WriteStudyXliff(const StudyTexts& s, std::string_view lang) {
  std::vector<std::string> keys = s.Keys();
  int done = 0;
  for (const auto& k : keys) done += s.Has(lang, k) && !s.Outdated(lang, k) ? 1 : 0;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n";
  out += "  <file original=\"study\" source-language=\"" + Escaped(s.source_lang) + "\" target-language=\"" +
         Escaped(lang) + "\" datatype=\"plaintext\" tool-id=\"mcsurvey\">\n";
  out += "    <header>\n      <tool tool-id=\"mcsurvey\" tool-name=\"mcsurvey\"/>\n";
  out += "      <note from=\"mcsurvey\">" +
         Escaped("The study's own texts: " + std::to_string(keys.size()) + " texts, " + std::to_string(done) +
                 " translated into " + i18n::NativeName(lang) +
                 ". Keep the unit ids and the placeholders {0}: mcsurvey translate import reads them back.") +
         "</note>\n    </header>\n    <body>\n";
  for (const auto& key : keys) {
    std::string source = s.Text(s.source_lang, key);
    if (source.empty()) continue;
    const bool has = s.Has(lang, key);
    const bool outdated = s.Outdated(lang, key);
    std::string id = "study/" + key;
    out += "      <trans-unit id=\"" + Escaped(id) + "\" resname=\"" + Escaped(id) + "\" xml:space=\"preserve\"" +
           (has && !outdated ? " approved=\"yes\"" : "") + ">\n";
    out += "        <source xml:lang=\"" + Escaped(s.source_lang) + "\">" + Escaped(source) + "</source>\n";
    if (has) {
      out += "        <target xml:lang=\"" + Escaped(lang) + "\" state=\"" +
             (outdated ? "needs-review-translation" : "translated") + "\">" + Escaped(s.Text(lang, key)) +
             "</target>\n";
    }
    std::string what = key == "study_header"    ? "the header of the study's pages"
                       : key == "study_title"   ? "the study's title"
                       : key == "study_intro"   ? "the landing page's text ({0}: minutes)"
                       : key == "study_privacy" ? "the landing page's closing note"
                       : key == "next_text"     ? "the thank-you page's note ({0}: the study's title)"
                       : key.ends_with("_desc") ? "a group's description on the landing page"
                                                : "a group's name on the landing page";
    out += "        <context-group name=\"study\" purpose=\"information\"><context context-type=\"x-key\">" +
           Escaped(key) + "</context></context-group>\n";
    out += "        <note from=\"mcsurvey\">" + Escaped(what + (outdated ? "; the English changed since it was translated" : "")) +
           "</note>\n";
    out += "      </trans-unit>\n";
  }
  out += "    </body>\n  </file>\n</xliff>\n";
  return out;
}

Result<StudyTranslation> ReadStudyTranslation(const StudyTexts& s, const form::XliffDocument& doc,
                                              std::string_view lang) {
  if (!doc.original.empty() && doc.original != "study" && doc.original.find('.') == std::string::npos) {
    return MakeError(ErrorCode::kInvalid, "the file translates form '" + doc.original + "', not the study's texts");
  }
  StudyTranslation out;
  std::string tag(lang.empty() ? std::string_view(doc.target_lang) : lang);
  if (tag.empty()) {
    // po2xliff keeps the PO header as a unit: its "Language:" line.
    for (const auto& u : doc.units) {
      if (!u.header) continue;
      for (const std::string* text : {&u.target, &u.source}) {
        auto p = text->find("Language:");
        if (p != std::string::npos && tag.empty()) {
          tag = std::string(Trim(text->substr(p + 9, text->find('\n', p) - p - 9)));
        }
      }
    }
  }
  if (tag.empty()) {
    return MakeError(ErrorCode::kInvalid,
                     "the file does not say which language it translates into (no target-language): name it (--lang)");
  }
  out.lang = ToLower(tag.substr(0, tag.find_first_of("-_")));
  if (!IsLanguageCode(out.lang)) return MakeError(ErrorCode::kInvalid, "'" + tag + "' is not a language code");
  if (out.lang == s.source_lang) {
    return MakeError(ErrorCode::kInvalid, "the file translates into " + out.lang + ", the study's own language: nothing to import");
  }
  std::vector<std::string> keys = s.Keys();
  std::vector<std::string> unknown;
  std::set<std::string> taken;
  for (const auto& x : doc.units) {
    if (x.header) continue;
    std::vector<std::string> ids = {x.id};
    if (!x.id.starts_with("study/") && !x.locations.empty()) ids = x.locations;
    for (const auto& id : ids) {
      std::string key = id.starts_with("study/") ? id.substr(6) : std::string();
      if (key.empty() || std::find(keys.begin(), keys.end(), key) == keys.end()) {
        unknown.push_back("'" + id + "' (line " + std::to_string(x.line) + ")");
        continue;
      }
      if (!taken.insert(key).second) {
        return MakeError(ErrorCode::kInvalid, "unit '" + id + "' is in the file twice (line " + std::to_string(x.line) + ")");
      }
      if (!x.has_target || Trim(x.target).empty() || x.state == "new" || x.state == "needs-translation") {
        out.not_translated.push_back(id);
      } else if (x.source != s.Text(s.source_lang, key)) {
        out.source_changed.push_back(id);
      } else {
        out.texts[key] = x.target;
      }
    }
  }
  if (!unknown.empty()) {
    std::string list;
    for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) list += (i ? ", " : "") + unknown[i];
    if (unknown.size() > 5) list += " and " + std::to_string(unknown.size() - 5) + " more";
    return MakeError(ErrorCode::kInvalid, std::to_string(unknown.size()) + " unit id" +
                                              (unknown.size() == 1 ? " names" : "s name") +
                                              " no text of the study: " + list + " (nothing was imported)");
  }
  if (taken.empty()) return MakeError(ErrorCode::kInvalid, "the file holds no texts of the study");
  return out;
}

void CheckStudyTextsComplete(const StudyTexts& s, const form::Form& f, Diagnostics& diags) {
  if (!s.IsGroup(f.id)) return;
  for (const auto& l : f.languages) {
    if (l.code.empty() || l.code == s.source_lang) continue;
    std::vector<std::string> missing = s.Missing(l.code, f.id);
    std::string name = i18n::NativeName(l.code);
    if (name == l.code) name = l.name;
    for (const auto& key : missing) {
      diags.Add(Diagnostic{Severity::kError, "study", "texts", 0, key + "::" + name + " (" + l.code + ")",
                           "the study's text " + key + " has no translation in " + name + " (" + l.code +
                               "): set it on the console's Study texts page or import it (mcsurvey translate export "
                               "--study --to " + l.code + ")"});
    }
  }
}

}  // namespace mcs::web
