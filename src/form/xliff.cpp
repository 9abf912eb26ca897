// XLIFF 1.2 (OASIS Standard, 1 February 2008: docs.oasis-open.org/xliff/v1.2/os/xliff-core.html) for
// a form's texts. Only what translators' tools need is written: one <file> per form and language, one
// <trans-unit> per text with its <source>, its <target> when the form has one, and the question's name
// and type as a <context-group> and a <note>. Reading accepts what those tools send back, including
// translate-toolkit's po2xliff (version 1.1, numeric ids, our ids kept as a "location" context), and
// nothing with a DTD: entity declarations are refused before they are expanded.
#include "form/xliff.h"

#include <expat.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <set>

#include "common/i18n.h"
#include "common/strings.h"
#include "common/xml_text.h"

namespace mcs::form {
namespace {

// The text of `t` in exactly `code`, without falling back to another language.
std::string Exact(const Translated& t, std::string_view code) {
  for (const auto& [l, text] : t.all()) {
    if (l == code) return text;
  }
  return std::string();
}

// The source text: the default language's, else the one written without a language.
std::string SourceText(const Form& f, const Translated& t) {
  std::string s = Exact(t, f.default_language);
  return s.empty() ? Exact(t, "") : s;
}

std::string NodeType(const Node& n) {
  std::string t(TypeName(n.type));
  if (n.choices) t += " " + n.choices->name;
  return t;
}

std::string Escaped(std::string_view s) {
  return HtmlEscape(ToXmlText(s));
}

std::string LanguageName(const Form& f, const std::string& code) {
  for (const Language& l : f.languages) {
    if (l.code == code) return l.name;
  }
  return i18n::NativeName(code);
}

// The form's language for a tag as a CAT tool writes it ("it-IT"): the tag itself when the form has
// it, else its primary subtag in lower case.
std::string NormaliseLanguage(const Form& f, std::string_view tag) {
  std::string t(Trim(tag));
  if (f.HasLanguage(t)) return t;
  std::string primary = ToLower(t.substr(0, t.find_first_of("-_")));
  return primary;
}

}  // namespace

std::string SourceLanguage(const Form& f) {
  return f.default_language.empty() ? std::string("en") : f.default_language;
}

std::vector<TextUnit> TextUnits(const Form& f, std::string_view lang) {
  std::vector<TextUnit> out;
  if (!f.title.empty()) {
    out.push_back({"settings/form_title", "settings", 2, "form_title", "", "form title", f.title,
                   Exact(f.titles, lang)});
  }
  using Text = const Translated Node::*;
  const std::vector<std::pair<const char*, Text>> kColumns = {{"label", &Node::label},
                                                              {"hint", &Node::hint},
                                                              {"required_message", &Node::required_message},
                                                              {"constraint_message", &Node::constraint_message}};
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    const Node& n = f.nodes[i];
    if (n.specify_other) continue;  // added by or_other, not written in the form
    for (const auto& [column, member] : kColumns) {
      std::string source = SourceText(f, n.*member);
      if (source.empty()) continue;
      out.push_back({"survey/" + n.name + "/" + column, "survey", n.row, column, n.name, NodeType(n), std::move(source),
                     Exact(n.*member, lang)});
    }
  }
  for (const auto& list : f.lists) {
    std::map<std::string, int> seen;  // allow_choice_duplicates: the second "x" is "x~2"
    for (const Choice& c : list->choices) {
      if (c.from_or_other) continue;
      int nth = ++seen[c.name];
      std::string source = SourceText(f, c.label);
      if (source.empty()) continue;
      std::string key = nth == 1 ? c.name : c.name + "~" + std::to_string(nth);
      out.push_back({"choices/" + list->name + "/" + key + "/label", "choices", c.row, "label", c.name,
                     "choice in " + list->name, std::move(source), Exact(c.label, lang)});
    }
  }
  return out;
}

Completeness LanguageCompleteness(const Form& f, std::string_view lang) {
  Completeness c;
  c.lang = std::string(lang);
  for (TextUnit& u : TextUnits(f, lang)) {
    ++c.total;
    if (!u.target.empty()) {
      ++c.translated;
    } else {
      c.missing.push_back(std::move(u));
    }
  }
  return c;
}

std::vector<Completeness> AllCompleteness(const Form& f) {
  std::vector<Completeness> out;
  for (const Language& l : f.languages) {
    if (l.code.empty() || l.code == f.default_language) continue;
    out.push_back(LanguageCompleteness(f, l.code));
  }
  return out;
}

void CheckComplete(const Form& f, Diagnostics& diags) {
  for (const Completeness& c : AllCompleteness(f)) {
    std::string name = LanguageName(f, c.lang);
    for (const TextUnit& u : c.missing) {
      std::string what = u.name.empty() ? std::string("the form") : "'" + u.name + "'";
      diags.Error(u.sheet, u.row, u.column + "::" + name + " (" + c.lang + ")",
                  what + " has no " + u.column + " in " + name + " (" + std::to_string(c.translated) + " of " +
                      std::to_string(c.total) + " texts translated)");
    }
  }
}

std::string WriteXliff(const Form& f, std::string_view lang) {
  std::vector<TextUnit> units = TextUnits(f, lang);
  std::string src = SourceLanguage(f);
  int done = 0;
  for (const TextUnit& u : units) done += u.target.empty() ? 0 : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n";
  out += "  <file original=\"" + Escaped(f.id) + "\" source-language=\"" + Escaped(src) + "\" target-language=\"" +
         Escaped(lang) + "\" datatype=\"plaintext\" tool-id=\"mcsurvey\">\n";
  out += "    <header>\n      <tool tool-id=\"mcsurvey\" tool-name=\"mcsurvey\"/>\n";
  out += "      <note from=\"mcsurvey\">" +
         Escaped("Form " + f.id + " version " + f.version + ": " + std::to_string(units.size()) + " texts, " +
                 std::to_string(done) + " translated into " + LanguageName(f, std::string(lang)) +
                 ". Keep the unit ids: mcsurvey translate import reads them back.") +
         "</note>\n    </header>\n    <body>\n";
  for (const TextUnit& u : units) {
    out += "      <trans-unit id=\"" + Escaped(u.id) + "\" resname=\"" + Escaped(u.id) + "\" xml:space=\"preserve\"" +
           (u.target.empty() ? "" : " approved=\"yes\"") + ">\n";
    out += "        <source xml:lang=\"" + Escaped(src) + "\">" + Escaped(u.source) + "</source>\n";
    if (!u.target.empty()) {
      out += "        <target xml:lang=\"" + Escaped(lang) + "\" state=\"translated\">" + Escaped(u.target) +
             "</target>\n";
    }
    out += "        <context-group name=\"question\" purpose=\"information\">";
    if (!u.name.empty()) out += "<context context-type=\"x-name\">" + Escaped(u.name) + "</context>";
    out += "<context context-type=\"x-type\">" + Escaped(u.type) + "</context>";
    out += "<context context-type=\"x-column\">" + Escaped(u.column) + "</context></context-group>\n";
    std::string note = u.sheet + " row " + std::to_string(u.row) + ", " + u.column;
    if (!u.name.empty()) note += " of " + u.name + " (" + u.type + ")";
    else note += " (" + u.type + ")";
    out += "        <note from=\"mcsurvey\">" + Escaped(note) + "</note>\n";
    out += "      </trans-unit>\n";
  }
  out += "    </body>\n  </file>\n</xliff>\n";
  return out;
}

namespace {

// The XLIFF reader's state between expat's callbacks.
class XliffParser {
 public:
  Result<XliffDocument> Parse(std::string_view bytes) {
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> p(XML_ParserCreateNS(nullptr, '|'),
                                                                   &XML_ParserFree);
    parser_ = p.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(
        parser_,
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          static_cast<XliffParser*>(self)->Start(name, attrs);
        },
        [](void* self, const XML_Char*) { static_cast<XliffParser*>(self)->End(); });
    XML_SetCharacterDataHandler(parser_, [](void* self, const XML_Char* s, int len) {
      static_cast<XliffParser*>(self)->Text(std::string_view(s, static_cast<std::size_t>(len)));
    });
    // XLIFF never needs a DTD; refusing one refuses entity expansion attacks (billion laughs, external
    // entities) before anything is expanded.
    XML_SetStartDoctypeDeclHandler(parser_, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
      static_cast<XliffParser*>(self)->Stop("it declares a document type (<!DOCTYPE>), which XLIFF files never need");
    });
    XML_SetEntityDeclHandler(parser_, [](void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                         const XML_Char*, const XML_Char*, const XML_Char*) {
      static_cast<XliffParser*>(self)->Stop("it declares entities, which XLIFF files never need");
    });
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return MakeError(ErrorCode::kInvalid, "the file is too large");
    XML_Status st = XML_Parse(parser_, bytes.data(), static_cast<int>(bytes.size()), XML_TRUE);
    if (!problem_.empty()) return MakeError(ErrorCode::kInvalid, problem_);
    if (st != XML_STATUS_OK) {
      return MakeError(ErrorCode::kInvalid, "not well-formed XML: line " +
                                                std::to_string(XML_GetCurrentLineNumber(parser_)) + ", column " +
                                                std::to_string(XML_GetCurrentColumnNumber(parser_) + 1) + ": " +
                                                XML_ErrorString(XML_GetErrorCode(parser_)));
    }
    if (files_ == 0) return MakeError(ErrorCode::kInvalid, "the XLIFF file holds no <file> element");
    return std::move(doc_);
  }

 private:
  struct Element {
    std::string name;     // local name
    std::string purpose;  // context-group's purpose
    std::string type;     // context's context-type
  };

  void Stop(std::string why) {
    if (problem_.empty()) {
      problem_ = "line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " + std::move(why);
    }
    XML_StopParser(parser_, XML_FALSE);
  }

  static std::string_view Local(std::string_view name) {
    auto bar = name.rfind('|');
    return bar == std::string_view::npos ? name : name.substr(bar + 1);
  }
  static std::string_view Namespace(std::string_view name) {
    auto bar = name.rfind('|');
    return bar == std::string_view::npos ? std::string_view() : name.substr(0, bar);
  }
  static std::string Attr(const XML_Char** attrs, std::string_view local) {
    for (int i = 0; attrs[i]; i += 2) {
      if (Local(attrs[i]) == local) return attrs[i + 1];
    }
    return std::string();
  }

  const std::string& Parent() const {
    static const std::string kNone;
    return stack_.empty() ? kNone : stack_.back().name;
  }

  void Start(const XML_Char* qname, const XML_Char** attrs) {
    if (!problem_.empty()) return;
    std::string_view full(qname);
    Element e{std::string(Local(full)), "", ""};
    if (stack_.empty()) {
      if (e.name != "xliff") return Stop("the root element is <" + e.name + ">, not <xliff>");
      std::string ns(Namespace(full));
      doc_.version = Attr(attrs, "version");
      if (ns == "urn:oasis:names:tc:xliff:document:2.0" || doc_.version.rfind("2", 0) == 0) {
        return Stop("this is XLIFF " + (doc_.version.empty() ? std::string("2.0") : doc_.version) +
                    ": mcsurvey reads XLIFF 1.2 (and 1.1), as it writes it; save the file as XLIFF 1.2");
      }
      if (doc_.version != "1.2" && doc_.version != "1.1") {
        return Stop(doc_.version.empty() ? std::string("the <xliff> element has no version attribute")
                                         : "XLIFF version " + doc_.version + " is not supported: use XLIFF 1.2");
      }
    } else if (e.name == "file" && Parent() == "xliff") {
      if (++files_ > 1) return Stop("the file holds more than one <file>: export and import one form at a time");
      doc_.original = Attr(attrs, "original");
      doc_.source_lang = Attr(attrs, "source-language");
      doc_.target_lang = Attr(attrs, "target-language");
    } else if (e.name == "trans-unit" && in_unit_) {
      return Stop("a <trans-unit> inside another <trans-unit> (XLIFF never nests them)");
    } else if (e.name == "trans-unit" && (Parent() == "body" || Parent() == "group")) {
      XliffUnit u;
      u.id = Attr(attrs, "id");
      u.header = Attr(attrs, "restype") == "x-gettext-domain-header";
      u.line = static_cast<int>(XML_GetCurrentLineNumber(parser_));
      doc_.units.push_back(std::move(u));
      in_unit_ = true;
    } else if (in_unit_ && Parent() == "trans-unit" && (e.name == "source" || e.name == "target")) {
      XliffUnit& u = doc_.units.back();
      if (e.name == "target") {
        u.has_target = true;
        u.state = Attr(attrs, "state");
        capture_ = Capture::kTarget;
      } else {
        capture_ = Capture::kSource;
      }
      capture_depth_ = stack_.size() + 1;
    } else if (in_unit_ && e.name == "context-group" && Parent() == "trans-unit") {
      e.purpose = Attr(attrs, "purpose");
    } else if (in_unit_ && e.name == "context" && Parent() == "context-group") {
      if (stack_.back().purpose == "location" && Attr(attrs, "context-type") == "sourcefile") {
        doc_.units.back().locations.emplace_back();
        capture_ = Capture::kLocation;
        capture_depth_ = stack_.size() + 1;
      }
    }
    stack_.push_back(std::move(e));
  }

  void End() {
    if (stack_.empty()) return;
    if (capture_ != Capture::kNone && stack_.size() == capture_depth_) capture_ = Capture::kNone;
    if (stack_.back().name == "trans-unit") in_unit_ = false;
    stack_.pop_back();
  }

  // The text being read goes to the last unit's source, target or last location, looked up each
  // time: a pointer kept into the units would dangle when a unit is added (fuzz_xliff found one).
  void Text(std::string_view s) {
    if (capture_ == Capture::kNone || doc_.units.empty()) return;
    XliffUnit& u = doc_.units.back();
    if (capture_ == Capture::kSource)
      u.source.append(s);
    else if (capture_ == Capture::kTarget)
      u.target.append(s);
    else if (!u.locations.empty())
      u.locations.back().append(s);
  }

  XML_Parser parser_ = nullptr;
  XliffDocument doc_;
  std::vector<Element> stack_;
  enum class Capture { kNone, kSource, kTarget, kLocation };
  Capture capture_ = Capture::kNone;
  std::size_t capture_depth_ = 0;
  bool in_unit_ = false;
  int files_ = 0;
  std::string problem_;
};

// The "Language: xx" line of a PO header unit (po2xliff keeps the PO header as a unit).
std::string PoHeaderLanguage(const XliffUnit& u) {
  for (const std::string* text : {&u.target, &u.source}) {
    for (std::size_t p = 0; p < text->size();) {
      std::size_t e = text->find('\n', p);
      std::string_view line(text->data() + p, (e == std::string::npos ? text->size() : e) - p);
      if (line.rfind("Language:", 0) == 0) {
        std::string_view v = Trim(line.substr(9));
        if (!v.empty()) return std::string(v);
      }
      if (e == std::string::npos) break;
      p = e + 1;
    }
  }
  return std::string();
}

// A sheet's column for `base` in language `code`, added (with every row widened) when missing.
std::size_t LanguageColumn(xlsform::Sheet& sheet, const std::string& base, const std::string& code,
                           const std::string& name) {
  for (std::size_t i = 0; i < sheet.header.size(); ++i) {
    const std::string& h = sheet.header[i];
    auto sep = h.find("::");
    if (sep == std::string::npos || ToLower(h.substr(0, sep)) != base) continue;
    if (ParseLanguage(h.substr(sep + 2)).code == code) return i;
  }
  sheet.header.push_back(base + "::" + name + " (" + code + ")");
  for (auto& row : sheet.rows) row.cells.resize(sheet.header.size());
  return sheet.header.size() - 1;
}

std::size_t ColumnIndex(const xlsform::Sheet& sheet, std::string_view header) {
  for (std::size_t i = 0; i < sheet.header.size(); ++i) {
    if (sheet.header[i] == header) return i;
  }
  return sheet.header.size();
}

xlsform::Sheet* FindSheet(xlsform::Workbook& wb, std::string_view name) {
  for (auto& s : wb.sheets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string& CellAt(xlsform::Row& row, std::size_t col) {
  if (row.cells.size() <= col) row.cells.resize(col + 1);
  return row.cells[col];
}

// The workbook row that carries unit `u`'s text (ToWorkbook writes each question once, before its
// "end group" row, and each choice once per occurrence).
xlsform::Row* RowOf(xlsform::Workbook& wb, const TextUnit& u, const std::string& id) {
  xlsform::Sheet* sheet = FindSheet(wb, u.sheet);
  if (!sheet || sheet->rows.empty()) return nullptr;
  if (u.sheet == "settings") return &sheet->rows[0];
  std::size_t name_col = ColumnIndex(*sheet, "name");
  if (u.sheet == "survey") {
    std::size_t type_col = ColumnIndex(*sheet, "type");
    for (auto& r : sheet->rows) {
      if (name_col < r.cells.size() && r.cells[name_col] == u.name && type_col < r.cells.size() &&
          r.cells[type_col].rfind("end", 0) != 0) {
        return &r;
      }
    }
    return nullptr;
  }
  // choices/LIST/NAME[~N]/label
  std::size_t list_col = ColumnIndex(*sheet, "list_name");
  std::string rest = id.substr(std::string("choices/").size());
  std::string list = rest.substr(0, rest.find('/'));
  std::string key = rest.substr(list.size() + 1, rest.rfind('/') - list.size() - 1);
  int nth = 1;
  if (auto tilde = key.rfind('~'); tilde != std::string::npos && key.substr(0, tilde) == u.name) {
    nth = std::stoi(key.substr(tilde + 1));
  }
  for (auto& r : sheet->rows) {
    if (list_col < r.cells.size() && name_col < r.cells.size() && r.cells[list_col] == list &&
        r.cells[name_col] == u.name && --nth == 0) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace

Result<XliffDocument> ReadXliff(std::string_view bytes) {
  return XliffParser().Parse(bytes);
}

Result<AppliedTranslation> ApplyXliff(const Form& f, const XliffDocument& doc, std::string_view lang,
                                      const std::string& version) {
  AppliedTranslation out;
  std::string tag(lang);
  if (tag.empty()) tag = doc.target_lang;
  for (const XliffUnit& u : doc.units) {
    if (tag.empty() && u.header) tag = PoHeaderLanguage(u);
  }
  if (tag.empty()) {
    return MakeError(ErrorCode::kInvalid,
                     "the file does not say which language it translates into (no target-language): name it "
                     "(--lang on the command line)");
  }
  out.lang = NormaliseLanguage(f, tag);
  if (out.lang == SourceLanguage(f) || out.lang == f.default_language) {
    return MakeError(ErrorCode::kInvalid, "the file translates into " + out.lang +
                                              ", the form's own language: nothing to import");
  }
  for (char c : out.lang) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
      return MakeError(ErrorCode::kInvalid, "'" + out.lang + "' is not a language code");
    }
  }
  std::vector<TextUnit> units = TextUnits(f, out.lang);
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < units.size(); ++i) by_id[units[i].id] = i;

  // Every unit must be one of the form's texts; nothing is applied otherwise.
  std::vector<std::string> unknown;
  std::set<std::size_t> taken;
  std::vector<std::pair<const XliffUnit*, std::size_t>> matched;
  for (const XliffUnit& x : doc.units) {
    if (x.header) continue;
    // Our id; else the locations po2xliff kept (each of the texts a merged PO entry stood for).
    std::vector<std::string> keys = {x.id};
    if (!by_id.count(x.id) && !x.locations.empty()) keys = x.locations;
    for (const std::string& key : keys) {
      auto it = by_id.find(key);
      if (it == by_id.end()) {
        unknown.push_back("'" + key + "' (line " + std::to_string(x.line) + ")");
        continue;
      }
      if (!taken.insert(it->second).second) {
        return MakeError(ErrorCode::kInvalid, "unit '" + it->first + "' is in the file twice (line " +
                                                  std::to_string(x.line) + ")");
      }
      matched.emplace_back(&x, it->second);
    }
  }
  if (!unknown.empty()) {
    std::string list;
    for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) list += (i ? ", " : "") + unknown[i];
    if (unknown.size() > 5) list += " and " + std::to_string(unknown.size() - 5) + " more";
    return MakeError(ErrorCode::kInvalid, std::to_string(unknown.size()) + " unit id" +
                                              (unknown.size() == 1 ? " names" : "s name") + " no text of form " + f.id +
                                              " version " + f.version + ": " + list +
                                              " (is the file for another form? nothing was imported)");
  }
  if (matched.empty()) return MakeError(ErrorCode::kInvalid, "the file holds no texts of form " + f.id);

  out.workbook = ToWorkbook(f);
  if (xlsform::Sheet* settings = FindSheet(out.workbook, "settings"); settings && !settings->rows.empty()) {
    std::size_t v = ColumnIndex(*settings, "version");
    if (v == settings->header.size()) settings->header.push_back("version");
    CellAt(settings->rows[0], v) = version;
    // A form written without languages: its texts become the source language's, so that the new
    // language does not become the default one (the compiler takes the first language it meets).
    if (f.default_language.empty() && ColumnIndex(*settings, "default_language") == settings->header.size()) {
      settings->header.push_back("default_language");
      CellAt(settings->rows[0], settings->header.size() - 1) =
          LanguageName(f, SourceLanguage(f)) + " (" + SourceLanguage(f) + ")";
    }
  }
  const std::string name = LanguageName(f, out.lang);
  for (const auto& [x, index] : matched) {
    const TextUnit& u = units[index];
    if (!x->has_target || Trim(x->target).empty() || x->state == "new" || x->state == "needs-translation") {
      out.not_translated.push_back(u.id);
      continue;
    }
    if (x->source != u.source) {
      out.source_changed.push_back(u.id);
      continue;
    }
    xlsform::Row* row = RowOf(out.workbook, u, u.id);
    xlsform::Sheet* sheet = FindSheet(out.workbook, u.sheet);
    if (!row || !sheet) return MakeError(ErrorCode::kInternal, "no row for unit '" + u.id + "'");
    std::size_t col = LanguageColumn(*sheet, u.column, out.lang, name);
    CellAt(*row, col) = x->target;
    ++out.applied;
  }
  return out;
}

}  // namespace mcs::form
