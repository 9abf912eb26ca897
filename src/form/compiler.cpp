// Workbook → Form. Follows the XLSForm specification (xlsform.org) and pyxform's readings of it:
// column and sheet names are case-insensitive, "label::English (en)" and the older "label:English"
// both name a translation, types have spaced aliases ("select one from L").
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <regex>
#include <set>
#include <unordered_map>

#include "common/strings.h"
#include "form/form.h"
#include "form/identity.h"
#include "xlsform/workbook.h"

namespace mcs::form {
namespace {

using xlsform::Row;
using xlsform::Sheet;

// Common language names → ISO 639-1, for translation columns written without a code.
const std::map<std::string, std::string>& KnownLanguages() {
  static const std::map<std::string, std::string> kNames = {
      {"bulgarian", "bg"}, {"croatian", "hr"}, {"czech", "cs"},   {"danish", "da"},     {"dutch", "nl"},
      {"english", "en"},   {"estonian", "et"}, {"finnish", "fi"}, {"french", "fr"},     {"german", "de"},
      {"greek", "el"},     {"hungarian", "hu"}, {"irish", "ga"},  {"italian", "it"},    {"latvian", "lv"},
      {"lithuanian", "lt"}, {"maltese", "mt"}, {"polish", "pl"},  {"portuguese", "pt"}, {"romanian", "ro"},
      {"slovak", "sk"},    {"slovenian", "sl"}, {"spanish", "es"}, {"swedish", "sv"},
  };
  return kNames;
}

}  // namespace

// "English (en)" → {en, English}; "English" → {en, English} for known names; "Klingon" → {Klingon, Klingon}.
Language ParseLanguage(std::string_view text) {
  std::string_view t = Trim(text);
  Language lang;
  auto open = t.rfind('(');
  if (open != std::string_view::npos && t.back() == ')') {
    lang.name = std::string(Trim(t.substr(0, open)));
    lang.code = std::string(Trim(t.substr(open + 1, t.size() - open - 2)));
  } else {
    lang.name = std::string(t);
    auto it = KnownLanguages().find(ToLower(t));
    lang.code = it != KnownLanguages().end() ? it->second : lang.name;
  }
  if (lang.name.empty()) lang.name = lang.code;
  return lang;
}

namespace {

bool IsTranslatable(std::string_view base) {
  return base == "label" || base == "hint" || base == "form_title" || base == "constraint_message" || base == "required_message" ||
         base == "guidance_hint" || base == "image" || base == "audio" || base == "video" || base == "big-image" ||
         base == "media::image" || base == "media::audio" || base == "media::video";
}

// A header cell split into its base name (lower case) and its language, if any.
struct ColumnName {
  std::string base;
  std::optional<Language> lang;
  std::string written;
};

ColumnName SplitColumn(const std::string& written) {
  ColumnName c;
  c.written = written;
  // A non-breaking space (copied from a web page or Word) is white space in a header, as Python's
  // str.strip() and str.split() make it for pyxform: "list\u00a0name" is list_name.
  std::string header = written;
  for (std::size_t p = header.find("\xC2\xA0"); p != std::string::npos; p = header.find("\xC2\xA0", p)) {
    header.replace(p, 2, " ");
  }
  std::string lower = ToLower(Trim(header));
  // "list name" and "list_name" are the same column; so are "constraint message" etc.
  auto dbl = lower.find("::");
  std::string base = dbl == std::string::npos ? lower : lower.substr(0, dbl);
  std::string rest = dbl == std::string::npos ? "" : std::string(Trim(header).substr(dbl + 2));
  if (dbl == std::string::npos) {
    auto single = lower.find(':');
    if (single != std::string::npos && IsTranslatable(lower.substr(0, single))) {
      base = lower.substr(0, single);
      rest = std::string(Trim(header).substr(single + 1));
    }
  }
  std::replace(base.begin(), base.end(), ' ', '_');
  // pyxform's older spellings (its "aliases"), still found in forms copied from old projects.
  static const std::map<std::string, std::string> kAliases = {
      {"bind:constraint", "constraint"}, {"bind:jr:constraintmsg", "constraint_message"},
      {"bind:relevant", "relevant"},     {"bind:required", "required"},
      {"bind:calculate", "calculation"}, {"bind:readonly", "read_only"},
      {"bind:jr:requiredmsg", "required_message"}, {"control:appearance", "appearance"},
      {"value", "name"},                 {"caption", "label"}, {"text", "label"}};
  if (dbl == std::string::npos) {
    if (auto it = kAliases.find(base); it != kAliases.end()) {
      base = it->second;
    } else if (auto colon = base.find(':'); colon != std::string::npos && colon + 1 < base.size() &&
               (base.substr(0, colon) == "text" || base.substr(0, colon) == "caption")) {
      rest = std::string(Trim(header).substr(colon + 1));
      base = "label";
    }
  }
  if (base == "media") {  // media::image::English (en)
    auto d2 = rest.find("::");
    base = "media::" + ToLower(rest.substr(0, d2));
    rest = d2 == std::string::npos ? "" : rest.substr(d2 + 2);
  }
  c.base = base;
  if (!rest.empty() && IsTranslatable(base)) c.lang = ParseLanguage(rest);
  else if (!rest.empty()) c.base = lower;  // bind::x, instance::y: kept whole
  return c;
}

// pyxform's aliases.survey_header: survey columns under other names ("calculate" for calculation).
// Survey sheet only: a choices sheet may have a "count" or "tag" column of its own for filters.
void DealiasSurveyColumn(ColumnName& c) {
  static const std::map<std::string, std::string> kSurveyAliases = {{"calculate", "calculation"},
                                                                    {"relevance", "relevant"},
                                                                    {"constraining_message", "constraint_message"},
                                                                    {"requiredmsg", "required_message"},
                                                                    {"count", "repeat_count"},
                                                                    {"jr:count", "repeat_count"},
                                                                    {"command", "type"},
                                                                    {"tag", "name"}};
  if (c.lang) return;
  if (auto it = kSurveyAliases.find(c.base); it != kSurveyAliases.end()) c.base = it->second;
}

// The message for ${name} naming no question. pyxform also resolves ${instanceID} to the form's
// metadata (meta/instanceID), which mcsurvey's forms do not have: that one is refused by name.
std::string UnknownReference(const std::string& name) {
  if (name == "instanceID") return "${instanceID} (ODK's meta/instanceID) is not supported";
  return "${" + name + "} names no question in the form";
}

// pyxform's default_is_dynamic (pyxform/utils.py, with the token rules of parsing/expression.py): a
// default is an expression when it holds a ${reference}, a function call "f(", a predicate "[", a
// union "|", or arithmetic (* + - div mod; a '-' in a date is not arithmetic). "-1", "a-b" (a name)
// and quoted text are not.
bool IsDynamicDefault(std::string_view d, Type type) {
  auto name_char = [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
  };
  bool date = type == Type::kDate || type == Type::kDateTime;
  for (std::size_t i = 0; i < d.size(); ++i) {
    char c = d[i];
    if (c == '\'' || c == '"') {
      std::size_t e = d.find(c, i + 1);
      if (e == std::string_view::npos) return false;
      i = e;
    } else if (c == '$' && i + 1 < d.size() && d[i + 1] == '{') {
      return true;
    } else if (c == '*' || c == '+' || c == '|' || c == '[') {
      return true;
    } else if (c == '-') {
      bool number = i + 1 < d.size() && (std::isdigit(static_cast<unsigned char>(d[i + 1])) || d[i + 1] == '.');
      if (!number) return !date;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80 ||
               std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t e = i;
      while (e < d.size() && name_char(static_cast<unsigned char>(d[e]))) ++e;
      std::string_view word = d.substr(i, e - i);
      bool spaced = i > 0 && d[i - 1] == ' ' && e < d.size() && d[e] == ' ';
      if (spaced && (word == "div" || word == "mod")) return true;
      if (e < d.size() && d[e] == '(' && !std::isdigit(static_cast<unsigned char>(c))) return true;
      i = e - 1;
    }
  }
  return false;
}

// Bare names in a choice_filter name the choice's columns: rewrite each to ${__choice__NAME} so the
// ordinary parser and evaluator handle it. String literals, ${refs}, function names (followed by
// '('), prefixes (jr:) and the operators and, or, div, mod are left as they are.
std::string RewriteChoiceFilter(std::string_view t) {
  std::string out;
  std::size_t i = 0;
  auto ident_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto ident_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  };
  while (i < t.size()) {
    char c = t[i];
    if (c == '\'' || c == '"') {
      std::size_t e = t.find(c, i + 1);
      if (e == std::string_view::npos) e = t.size() - 1;
      out.append(t.substr(i, e - i + 1));
      i = e + 1;
    } else if (c == '$' && i + 1 < t.size() && t[i + 1] == '{') {
      std::size_t e = t.find('}', i);
      if (e == std::string_view::npos) e = t.size() - 1;
      out.append(t.substr(i, e - i + 1));
      i = e + 1;
    } else if (ident_start(c) && (i == 0 || !(ident_char(t[i - 1]) || t[i - 1] == ':' || t[i - 1] == '.'))) {
      std::size_t e = i;
      while (e < t.size() && ident_char(t[e])) ++e;
      std::string word(t.substr(i, e - i));
      std::size_t k = e;
      while (k < t.size() && t[k] == ' ') ++k;
      bool call = k < t.size() && (t[k] == '(' || t[k] == ':');
      bool op = word == "and" || word == "or" || word == "div" || word == "mod";
      if (call || op) out += word;
      else out += "${" + std::string(kChoiceColumnPrefix) + word + "}";
      i = e;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

bool HasDuplicateNames(const ChoiceList& l) {
  std::set<std::string_view> seen;
  for (const Choice& c : l.choices) {
    if (!seen.insert(c.name).second) return true;
  }
  return false;
}

bool IsValidName(std::string_view n) {
  if (n.empty()) return false;
  auto first = static_cast<unsigned char>(n[0]);
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  for (unsigned char c : n) {
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80)) return false;
  }
  return true;
}

struct TypeSpec {
  enum Kind { kQuestion, kBeginGroup, kEndGroup, kBeginRepeat, kEndRepeat, kUnknown, kUnsupported } kind = kUnknown;
  Type type = Type::kText;
  std::string list;
  std::string why;        // for kUnsupported
  bool or_other = false;  // "select_one L or_other": an "other" choice and a "specify" text question
};

TypeSpec ParseType(std::string_view raw) {
  std::vector<std::string> words = SplitWords(ToLower(raw));
  TypeSpec s;
  if (words.empty()) return s;
  std::string joined = Join(words, "_");
  static const std::map<std::string, Type> kSimple = {
      {"text", Type::kText},       {"string", Type::kText},         {"integer", Type::kInteger},
      {"int", Type::kInteger},     {"decimal", Type::kDecimal},     {"date", Type::kDate},
      {"time", Type::kTime},       {"datetime", Type::kDateTime},   {"note", Type::kNote},
      {"calculate", Type::kCalculate}, {"acknowledge", Type::kAcknowledge},
      {"range", Type::kRange},     {"hidden", Type::kHidden},   {"date_time", Type::kDateTime},
      // pyxform's older spellings, found in forms copied from old projects.
      {"add_text_prompt", Type::kText},     {"q_text", Type::kText},       {"q_string", Type::kText},
      {"add_integer_prompt", Type::kInteger}, {"q_integer", Type::kInteger}, {"q_int", Type::kInteger},
      {"add_decimal_prompt", Type::kDecimal}, {"q_decimal", Type::kDecimal}, {"add_date_prompt", Type::kDate},
      {"q_date", Type::kDate},              {"add_time_prompt", Type::kTime}, {"q_time", Type::kTime},
      {"add_datetime_prompt", Type::kDateTime}, {"q_datetime", Type::kDateTime},
      {"add_note_prompt", Type::kNote},     {"q_note", Type::kNote},       {"q_range", Type::kRange},
  };
  if (auto it = kSimple.find(joined); it != kSimple.end()) {
    s.kind = TypeSpec::kQuestion;
    s.type = it->second;
    return s;
  }
  if (words.size() >= 2 && (words[0] == "begin" || words[0] == "end") && words[1] == "loop") {
    return {TypeSpec::kUnsupported, Type::kGroup, "", "loops ('" + std::string(Trim(raw)) + "') are not supported: use a repeat"};
  }
  if (joined == "start" || joined == "end" || joined == "today") {
    s.kind = TypeSpec::kQuestion;
    s.type = Type::kMeta;
    s.list = joined;  // the metadata's kind
    return s;
  }
  if (joined == "begin_group") return {TypeSpec::kBeginGroup, Type::kGroup, "", ""};
  if (joined == "end_group") return {TypeSpec::kEndGroup, Type::kGroup, "", ""};
  if (joined == "begin_repeat") return {TypeSpec::kBeginRepeat, Type::kRepeat, "", ""};
  if (joined == "end_repeat") return {TypeSpec::kEndRepeat, Type::kRepeat, "", ""};
  // "select one from file fruits.csv": pyxform's spaced spelling of select_one_from_file.
  if (words.size() >= 4 && words[0] == "select" && words[2] == "from" && words[3] == "file") {
    return {TypeSpec::kUnsupported, Type::kText, "", "the type '" + std::string(Trim(raw)) + "' is not supported"};
  }
  // select_one L, select one L, select one from L, select_multiple L, select all that apply from L
  std::vector<std::string> w = words;
  std::optional<Type> sel;
  std::size_t consumed = 0;
  if (w[0] == "select_one" || w[0] == "select1") {
    sel = Type::kSelectOne;
    consumed = 1;
  } else if (w[0] == "select_multiple") {
    sel = Type::kSelectMultiple;
    consumed = 1;
  } else if (w.size() >= 2 && w[0] == "select" && w[1] == "one") {
    sel = Type::kSelectOne;
    consumed = 2;
  } else if (w.size() >= 2 && w[0] == "select" && w[1] == "multiple") {
    sel = Type::kSelectMultiple;
    consumed = 2;
  } else if (w.size() >= 4 && w[0] == "select" && w[1] == "all" && w[2] == "that" && w[3] == "apply") {
    sel = Type::kSelectMultiple;
    consumed = 4;
  }
  if (w[0] == "rank") {
    // rank L: the list name keeps its case.
    std::vector<std::string> raw_words = SplitWords(raw);
    if (raw_words.size() != 2) return s;
    return {TypeSpec::kQuestion, Type::kRank, raw_words[1], "", false};
  }
  if (sel) {
    if (consumed < w.size() && w[consumed] == "from") ++consumed;
    std::vector<std::string> rest(w.begin() + static_cast<long>(consumed), w.end());
    // The list name keeps its original case: find it in the raw text.
    std::vector<std::string> raw_words = SplitWords(raw);
    std::size_t raw_idx = raw_words.size() - rest.size();
    if (rest.size() >= 2 && rest.back() == "or_other") {
      s.or_other = true;
      rest.pop_back();
    } else if (rest.size() >= 4 && rest[rest.size() - 3] == "or" && rest[rest.size() - 2] == "specify" &&
               rest.back() == "other") {
      s.or_other = true;
      rest.resize(rest.size() - 3);
    }
    if (rest.size() != 1) return {TypeSpec::kUnknown, *sel, "", "", false};
    if (StartsWith(rest[0], "${")) {
      // pyxform's "select_one ${q}": the choices are the answers given to q in a repeat's instances.
      return {TypeSpec::kUnsupported, *sel, "",
              "choices from a repeat's answers ('" + std::string(Trim(raw)) +
                  "') are not supported: list the choices in the choices sheet"};
    }
    s.kind = TypeSpec::kQuestion;
    s.type = *sel;
    s.list = raw_words[raw_idx];
    return s;
  }
  // With pyxform's aliases for each ("add photo prompt", "q geopoint", "get device id", ...).
  static const std::set<std::string> kUnsupported = {
      "geopoint", "gps", "location", "geotrace", "geoshape", "start-geopoint", "start-geotrace",
      "image", "photo", "audio", "video", "file", "barcode", "background-audio", "background-geopoint",
      "add_image_prompt", "add_photo_prompt", "add_audio_prompt", "add_video_prompt", "add_file_prompt",
      "add_barcode_prompt", "add_location_prompt", "add_geopoint_prompt", "add_geotrace_prompt",
      "add_geoshape_prompt", "q_picture", "q_image", "q_audio", "q_video", "q_barcode", "q_location",
      "q_geopoint", "q_geotrace", "q_geoshape", "q_file",
      "deviceid", "username", "phonenumber", "phone_number", "email", "audit", "subscriberid", "simserial",
      "imei", "device_id", "get_device_id", "subscriber_id", "get_subscriber_id", "sim_id", "get_sim_id",
      "get_phone_number", "uri:deviceid", "uri:username", "uri:email", "uri:phonenumber", "uri:subscriberid",
      "uri:simserial", "xml-external", "csv-external",
      "begin_loop", "end_loop", "trigger", "select_one_from_file", "select_multiple_from_file", "include",
      "begin_table", "end_table", "osm", "select_one_external", "select_multiple_external"};
  std::string first = words[0];
  if (kUnsupported.count(joined) || kUnsupported.count(first)) {
    return {TypeSpec::kUnsupported, Type::kText, "", "the type '" + std::string(Trim(raw)) + "' is not supported"};
  }
  return s;
}

// Reads a sheet's header into column indexes by base name.
struct Columns {
  std::vector<ColumnName> cols;
  int Index(std::string_view base) const {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].base == base && !cols[i].lang) return static_cast<int>(i);
    }
    return -1;
  }
};

const std::string& Cell(const Row& r, int idx) {
  static const std::string kEmpty;
  if (idx < 0 || static_cast<std::size_t>(idx) >= r.cells.size()) return kEmpty;
  return r.cells[static_cast<std::size_t>(idx)];
}

class Compiler {
 public:
  Compiler(const xlsform::Workbook& wb, std::string file_name, Diagnostics& diags)
      : wb_(wb), file_name_(std::move(file_name)), diags_(diags) {}

  std::shared_ptr<const Form> Run();

 private:
  void ReadSettings();
  void ReadChoices();
  void ReadSurvey();
  void ResolveExpressions();
  void CheckTranslations();
  void BuildCalculationGraph();
  void CheckAppearance(const std::string& text, const std::string& sheet, int row, const std::string& column);
  void AddOrOther(int select, const std::string& sheet, const std::string& type_column);
  void BuildPages();
  void ReadParameters(Node& n, const std::string& text, const std::string& sheet, int row, const std::string& column,
                      int idx);
  std::string LangKey(const std::optional<Language>& l);
  ExprPtr ParseExpr(const std::string& text, const std::string& sheet, int row, const std::string& column,
                    std::vector<std::pair<int, ExprPtr>>* refs_out, int node);

  const xlsform::Workbook& wb_;
  std::string file_name_;
  Diagnostics& diags_;
  std::unique_ptr<Form> form_ = std::make_unique<Form>();
  Language default_lang_;
  bool has_default_lang_ = false;
  std::vector<std::pair<Language, std::string>> title_columns_;  // settings' form_title::LANG cells
  bool allow_choice_duplicates_ = false;  // settings: a name may repeat in a list (cascading selects)
  std::string root_name_ = "data";        // settings "name": the form's root element, as pyxform names it
  struct PendingRef {
    int node;
    ExprPtr expr;
    std::string column;
  };
  std::vector<PendingRef> pending_;
  // ${name} in texts (labels, hints, messages, choice labels, instance_name): each must name a
  // question, as pyxform requires; checked once the whole survey is read.
  struct TextRef {
    std::string sheet;
    int row;
    std::string column;
    std::string name;
  };
  std::vector<TextRef> text_refs_;
  void NoteTextRefs(const std::string& text, const std::string& sheet, int row, const std::string& column);
  bool RefusesLastSaved(const std::string& text, const std::string& sheet, int row, const std::string& column);
};

// ${last-saved#q} (pyxform): the answer q had in the last response saved on the device. A server
// has no such last response, so it is refused by name wherever it is written.
bool Compiler::RefusesLastSaved(const std::string& text, const std::string& sheet, int row, const std::string& column) {
  auto p = text.find("${last-saved#");
  if (p == std::string::npos) return false;
  auto e = text.find('}', p);
  std::string ref = text.substr(p, e == std::string::npos ? std::string::npos : e - p + 1);
  diags_.Error(sheet, row, column,
               "references to the last saved response ('" + ref +
                   "') are not supported: a server has no device's last response");
  return true;
}

void Compiler::NoteTextRefs(const std::string& text, const std::string& sheet, int row, const std::string& column) {
  if (text.find("${") == std::string::npos) return;
  if (RefusesLastSaved(text, sheet, row, column)) return;
  for (std::size_t b = text.find("${"); b != std::string::npos; b = text.find("${", b + 2)) {
    auto e = text.find('}', b);
    if (e == std::string::npos) break;
    text_refs_.push_back({sheet, row, column, text.substr(b + 2, e - b - 2)});
  }
}

std::string Compiler::LangKey(const std::optional<Language>& l) {
  // Columns without a language belong to default_language when the settings name one.
  Language lang = l ? *l : (has_default_lang_ ? default_lang_ : Language{"", ""});
  if (!lang.code.empty() && !form_->HasLanguage(lang.code)) form_->languages.push_back(lang);
  return lang.code;
}

void Compiler::ReadSettings() {
  std::string stem = file_name_;
  if (auto slash = stem.find_last_of('/'); slash != std::string::npos) stem = stem.substr(slash + 1);
  if (auto dot = stem.rfind('.'); dot != std::string::npos) stem = stem.substr(0, dot);
  form_->id = stem;
  form_->version = "1";
  const Sheet* s = wb_.Find("settings");
  if (!s) return;
  Columns cols;
  for (const auto& h : s->header) cols.cols.push_back(SplitColumn(h));
  static const std::set<std::string> kKnown = {"form_id", "form_title", "version", "default_language",
                                               "allow_choice_duplicates"};
  static const std::set<std::string> kIgnored = {"instance_name", "public_key", "submission_url", "style",
                                                 "namespaces", "auto_send",
                                                 "auto_delete", "id_string", "name", "clean_text_values"};
  for (std::size_t i = 0; i < cols.cols.size(); ++i) {
    const auto& c = cols.cols[i];
    if (!kKnown.count(c.base) && !kIgnored.count(c.base) && !c.base.empty()) {
      diags_.Warning(s->name, 1, c.written, "unknown settings column '" + c.written + "' is ignored");
    }
  }
  if (s->rows.empty()) return;
  const Row& r = s->rows[0];
  auto get = [&](const char* base) -> std::string {
    int i = cols.Index(base);
    return i < 0 ? std::string() : Cell(r, i);
  };
  if (std::string id = get("form_id"); !id.empty()) form_->id = id;  // checked by CheckFormIdentity
  if (std::string id = get("id_string"); !id.empty() && get("form_id").empty()) form_->id = id;
  if (std::string root = get("name"); !root.empty()) {
    root_name_ = root;
    if (!IsValidName(root)) {  // pyxform NAMES_008: the root element's name is an XML name
      diags_.Error(s->name, r.number, s->header[static_cast<std::size_t>(cols.Index("name"))],
                   "the name '" + root + "' must start with a letter or _ and hold only letters, digits, _ - .");
    }
  }
  if (int i = cols.Index("instance_name"); i >= 0)
    NoteTextRefs(Cell(r, i), s->name, r.number, s->header[static_cast<std::size_t>(i)]);
  form_->title = get("form_title");
  for (std::size_t i = 0; i < cols.cols.size(); ++i) {
    const auto& c = cols.cols[i];
    if (c.base == "form_title" && c.lang && !Cell(r, static_cast<int>(i)).empty()) {
      title_columns_.emplace_back(*c.lang, Cell(r, static_cast<int>(i)));
    }
  }
  if (std::string v = get("version"); !v.empty()) form_->version = v;
  std::string dup = ToLower(get("allow_choice_duplicates"));
  allow_choice_duplicates_ = dup == "yes" || dup == "true" || dup == "true()";
  if (std::string dl = get("default_language"); !dl.empty()) {
    default_lang_ = ParseLanguage(dl);
    has_default_lang_ = true;
  }
}

void Compiler::ReadChoices() {
  const Sheet* s = wb_.Find("choices");
  // An empty choices sheet (a template's leftover) is no sheet at all.
  if (!s || (s->header.empty() && s->rows.empty())) return;
  Columns cols;
  for (const auto& h : s->header) cols.cols.push_back(SplitColumn(h));
  int list_col = cols.Index("list_name");
  int name_col = cols.Index("name");
  if (list_col < 0) diags_.Error(s->name, 1, "", "the choices sheet has no list_name column");
  if (name_col < 0) diags_.Error(s->name, 1, "", "the choices sheet has no name column");
  if (list_col < 0 || name_col < 0) return;
  std::map<std::string, ChoiceList*> lists;
  for (const Row& r : s->rows) {
    const std::string& list = Cell(r, list_col);
    const std::string& name = Cell(r, name_col);
    if (list.empty() && name.empty()) continue;
    if (list.empty()) {
      diags_.Error(s->name, r.number, s->header[static_cast<std::size_t>(list_col)], "the choice has no list_name");
      continue;
    }
    if (name.empty()) {
      diags_.Error(s->name, r.number, s->header[static_cast<std::size_t>(name_col)], "the choice has no name");
      continue;
    }
    ChoiceList*& cl = lists[list];
    if (!cl) {
      form_->lists.push_back(std::make_unique<ChoiceList>());
      cl = form_->lists.back().get();
      cl->name = list;
    }
    const Choice* same = cl->Find(name);
    if (same && !allow_choice_duplicates_) {
      diags_.Error(s->name, r.number, s->header[static_cast<std::size_t>(name_col)],
                   "the choice '" + name + "' appears twice in the list '" + list + "'");
      continue;
    }
    Choice c;
    c.name = name;
    c.row = r.number;
    for (std::size_t i = 0; i < cols.cols.size() && i < r.cells.size(); ++i) {
      const ColumnName& cn = cols.cols[i];
      if (static_cast<int>(i) == list_col || static_cast<int>(i) == name_col || cn.base.empty()) continue;
      if (cn.base == "label") {
        NoteTextRefs(r.cells[i], s->name, r.number, cn.written);
        c.label.Set(LangKey(cn.lang), r.cells[i]);
      } else if (StartsWith(cn.base, "media::") || cn.base == "image" || cn.base == "audio" || cn.base == "video") {
        if (!r.cells[i].empty()) {
          diags_.Error(s->name, r.number, cn.written, "media in choices are not supported");
        }
      } else if (!r.cells[i].empty()) {
        c.extra[cn.written] = r.cells[i];
      }
    }
    bool labelled = false;
    for (const auto& [lang, text] : c.label.all()) labelled = labelled || !text.empty();
    if (!labelled) {
      // pyxform warns; ODK Validate refuses the form ("<label> node for itemset doesn't exist").
      int lcol = cols.Index("label");
      diags_.Error(s->name, r.number, lcol >= 0 ? s->header[static_cast<std::size_t>(lcol)] : "label",
                   "the choice '" + name + "' has no label");
    }
    // allow_choice_duplicates (pyxform): a choice_filter shows one of them at a time, but the answer
    // stores only the name, so exports and piping label it as the first one.
    if (same && same->label.all() != c.label.all()) {
      diags_.Warning(s->name, r.number, s->header[static_cast<std::size_t>(name_col)],
                     "the choice '" + name + "' repeats in the list '" + list + "' with another label; answers are " +
                         "stored by name, so exports show the label of row " + std::to_string(same->row));
    }
    cl->choices.push_back(std::move(c));
  }
}

ExprPtr Compiler::ParseExpr(const std::string& text, const std::string& sheet, int row, const std::string& column,
                            std::vector<std::pair<int, ExprPtr>>*, int node) {
  if (text.empty()) return nullptr;
  if (RefusesLastSaved(text, sheet, row, column)) return nullptr;
  xpath::ParseResult pr = xpath::Parse(text);
  if (!pr.ok()) {
    diags_.Error(sheet, row, column,
                 pr.error().message + " (at position " + std::to_string(pr.error().position + 1) + " of '" + text + "')");
    return nullptr;
  }
  auto e = std::make_shared<const xpath::Expression>(*pr);
  pending_.push_back({node, e, column});
  return e;
}

void Compiler::ReadSurvey() {
  const Sheet* s = wb_.Find("survey");
  if (!s) {
    diags_.Error("", 0, "", "the form has no survey sheet");
    return;
  }
  Columns cols;
  for (const auto& h : s->header) {
    cols.cols.push_back(SplitColumn(h));
    DealiasSurveyColumn(cols.cols.back());
  }
  static const std::set<std::string> kSupported = {
      "type", "name", "label", "hint", "required", "required_message", "relevant", "constraint",
      "constraint_message", "appearance", "default", "calculation", "choice_filter", "repeat_count", "personal",
      "parameters"};
  static const std::set<std::string> kUnsupported = {
      "image", "audio", "video", "big-image", "media::image", "media::audio", "media::video", "media::big-image",
      "trigger", "read_only", "readonly", "guidance_hint", "body::accuracythreshold", "note",
      "save_to"};  // save_to: ODK entities
  int type_col = cols.Index("type"), name_col = cols.Index("name");
  if (type_col < 0) diags_.Error(s->name, 1, "", "the survey sheet has no type column");
  if (name_col < 0) diags_.Error(s->name, 1, "", "the survey sheet has no name column");
  if (type_col < 0 || name_col < 0) return;
  std::vector<bool> unsupported_col(cols.cols.size(), false);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < cols.cols.size(); ++i) {
    const ColumnName& c = cols.cols[i];
    if (c.base.empty()) continue;
    // "calculate" and "calculation" are one column under two names, as are "label" and "label:English".
    std::string key = c.base + "::" + (c.lang ? c.lang->code : std::string());
    if (seen.count(key)) diags_.Error(s->name, 1, c.written, "the column '" + c.written + "' appears twice");
    seen.insert(key);
    if (kSupported.count(c.base)) continue;
    if (kUnsupported.count(c.base)) {
      unsupported_col[i] = true;
      continue;
    }
    diags_.Warning(s->name, 1, c.written, "unknown column '" + c.written + "' is ignored");
  }

  Form& f = *form_;
  f.nodes.push_back(Node{});
  f.nodes[0].type = Type::kGroup;
  f.nodes[0].name = f.id;
  std::vector<int> stack = {0};
  int last_row = 0;
  auto col_name = [&](int idx) { return s->header[static_cast<std::size_t>(idx)]; };

  for (const Row& r : s->rows) {
    const std::string& type_text = Cell(r, type_col);
    const std::string& name = Cell(r, name_col);
    if (type_text.empty()) {
      bool any = false;
      for (const auto& c : r.cells) any = any || !c.empty();
      if (any) diags_.Error(s->name, r.number, col_name(type_col), "the row has no type");
      continue;
    }
    int previous_row = last_row;  // the row before this one that has a type
    last_row = r.number;
    for (std::size_t i = 0; i < cols.cols.size(); ++i) {
      if (unsupported_col[i] && i < r.cells.size() && !r.cells[i].empty()) {
        diags_.Error(s->name, r.number, cols.cols[i].written,
                     "the column '" + cols.cols[i].written + "' is not supported; remove it or leave it empty");
      }
    }
    TypeSpec ts = ParseType(type_text);
    if (ts.kind == TypeSpec::kUnknown) {
      diags_.Error(s->name, r.number, col_name(type_col), "unknown type '" + type_text + "'");
      continue;
    }
    if (ts.kind == TypeSpec::kUnsupported) {
      diags_.Error(s->name, r.number, col_name(type_col), ts.why);
      continue;
    }
    if (ts.kind == TypeSpec::kEndGroup || ts.kind == TypeSpec::kEndRepeat) {
      Type want = ts.kind == TypeSpec::kEndGroup ? Type::kGroup : Type::kRepeat;
      if (stack.size() <= 1) {
        diags_.Error(s->name, r.number, col_name(type_col), "'" + type_text + "' without a matching begin");
        continue;
      }
      const Node& open = f.nodes[static_cast<std::size_t>(stack.back())];
      if (open.type == Type::kGroup && previous_row == open.row) {
        // ODK Validate: "Group has no children! ... The XML is invalid." (an empty repeat is valid).
        diags_.Error(s->name, open.row, col_name(type_col), "the group '" + open.name + "' holds no questions");
      }
      if (open.type != want) {
        diags_.Error(s->name, r.number, col_name(type_col),
                     "'" + type_text + "' closes the " + std::string(TypeName(open.type)) + " '" + open.name +
                         "' opened on row " + std::to_string(open.row));
      }
      stack.pop_back();
      continue;
    }
    Node n;
    n.type = ts.type;
    if (ts.type == Type::kMeta) n.meta = ts.list;
    n.name = name;
    n.row = r.number;
    n.parent = stack.back();
    n.depth = static_cast<int>(stack.size()) - 1;
    if (name.empty()) {
      diags_.Error(s->name, r.number, col_name(name_col), "the " + std::string(TypeName(n.type)) + " has no name");
      continue;
    }
    if (!IsValidName(name)) {
      diags_.Error(s->name, r.number, col_name(name_col),
                   "the name '" + name + "' must start with a letter or _ and hold only letters, digits, _ - .");
      continue;
    }
    if (StartsWith(name, "_mcs")) {
      diags_.Error(s->name, r.number, col_name(name_col), "names starting with '_mcs' are reserved");
      continue;
    }
    // Reported, but the row is still read, so that its group or repeat still pairs with its end.
    if (name == "meta") {  // pyxform's RESERVED_NAMES_SURVEY_SHEET: the group of form metadata
      diags_.Error(s->name, r.number, col_name(name_col), "the name 'meta' is reserved for form metadata");
    }
    if (ts.kind == TypeSpec::kBeginRepeat && name == root_name_) {
      // pyxform: a repeat must not share the name of the form's root element (settings "name", else "data").
      diags_.Error(s->name, r.number, col_name(name_col),
                   "the repeat name '" + name + "' is the form's root name (settings 'name', else 'data')");
    }
    if (const Node* other = f.Find(name)) {
      if (other->parent == stack.back()) {
        diags_.Error(s->name, r.number, col_name(name_col),
                     "the name '" + name + "' is already used on row " + std::to_string(other->row));
      } else {
        // pyxform allows one name in two different groups, but answers, exports and ${name} are
        // keyed by the name alone here: two questions with one name would share one answer.
        diags_.Error(s->name, r.number, col_name(name_col),
                     "the same name in two different groups is not supported: '" + name + "' is already used on row " +
                         std::to_string(other->row) + " (answers and ${name} go by the name alone)");
      }
      continue;
    }
    if (ts.type == Type::kSelectOne || ts.type == Type::kSelectMultiple || ts.type == Type::kRank) {
      for (const auto& l : f.lists) {
        if (l->name == ts.list) n.choices = l.get();
      }
      if (!n.choices) {
        diags_.Error(s->name, r.number, col_name(type_col), "the choice list '" + ts.list + "' is not in the choices sheet");
        continue;
      }
      if (ts.type != Type::kSelectOne) {
        // pyxform: a select_multiple's answer is its choice names separated by spaces (so is a rank's here).
        const Choice* spaced = nullptr;
        for (const Choice& c : n.choices->choices) {
          if (!spaced && c.name.find_first_of(" \t") != std::string::npos) spaced = &c;
        }
        if (spaced) {
          diags_.Error(s->name, r.number, col_name(type_col),
                       "the choice name '" + spaced->name + "' (choices row " + std::to_string(spaced->row) +
                           ") contains a space: a " + std::string(TypeName(ts.type)) +
                           "'s answers are separated by spaces");
          continue;
        }
      }
      if (ts.type != Type::kSelectOne && HasDuplicateNames(*n.choices)) {
        // One column per choice in exports, one place per choice in a ranking: names must be unique.
        diags_.Error(s->name, r.number, col_name(type_col),
                     std::string(TypeName(ts.type)) + " on the list '" + ts.list +
                         "', whose choice names repeat (allow_choice_duplicates), is not supported");
        continue;
      }
    }
    int idx = static_cast<int>(f.nodes.size());
    std::pair<std::string, std::string> params;  // text and column: read after appearance
    for (std::size_t i = 0; i < cols.cols.size() && i < r.cells.size(); ++i) {
      const ColumnName& c = cols.cols[i];
      const std::string& v = r.cells[i];
      if (v.empty()) continue;
      if (c.base == "label" || c.base == "hint" || c.base == "required_message" || c.base == "constraint_message") {
        NoteTextRefs(v, s->name, r.number, c.written);
      }
      if (c.base == "label") n.label.Set(LangKey(c.lang), v);
      else if (c.base == "hint") n.hint.Set(LangKey(c.lang), v);
      else if (c.base == "required_message") n.required_message.Set(LangKey(c.lang), v);
      else if (c.base == "constraint_message") n.constraint_message.Set(LangKey(c.lang), v);
      else if (c.base == "appearance") {
        n.appearance = v;
        CheckAppearance(v, s->name, r.number, c.written);
      }
      else if (c.base == "default") n.default_value = v;
      else if (c.base == "personal") {
        std::string l = ToLower(v);
        n.personal = l == "yes" || l == "true" || l == "true()";
      } else if (c.base == "required") {
        std::string l = ToLower(v);
        if (l == "yes" || l == "true" || l == "true()") n.required = true;
        else if (l == "no" || l == "false" || l == "false()") n.required = false;
        else n.required_if = ParseExpr(v, s->name, r.number, c.written, nullptr, idx);
      } else if (c.base == "relevant") n.relevant = ParseExpr(v, s->name, r.number, c.written, nullptr, idx);
      else if (c.base == "constraint") n.constraint = ParseExpr(v, s->name, r.number, c.written, nullptr, idx);
      else if (c.base == "calculation") n.calculation = ParseExpr(v, s->name, r.number, c.written, nullptr, idx);
      else if (c.base == "choice_filter") {
        n.choice_filter_text = v;
        n.choice_filter = ParseExpr(RewriteChoiceFilter(v), s->name, r.number, c.written, nullptr, idx);
      }
      else if (c.base == "repeat_count") n.repeat_count = ParseExpr(v, s->name, r.number, c.written, nullptr, idx);
      else if (c.base == "parameters")
        params = {v, c.written};
    }
    if (!params.first.empty()) ReadParameters(n, params.first, s->name, r.number, params.second, idx);
    if (!n.default_value.empty() && IsDynamicDefault(n.default_value, n.type)) {
      int dcol = cols.Index("default");
      n.default_expr =
          ParseExpr(n.default_value, s->name, r.number, dcol >= 0 ? col_name(dcol) : "default", nullptr, idx);
    } else if (!n.default_value.empty()) {
      // A default must be an answer the question could store, or every response starts broken.
      std::string why;
      const std::string& d = n.default_value;
      if (n.type == Type::kRange && d.find_first_not_of("-0123456789.") != std::string::npos) {
        why = "is not a number";
      } else if (n.type == Type::kInteger && d.find_first_not_of("-0123456789") != std::string::npos) {
        why = "is not a whole number";
      } else if (n.type == Type::kDecimal && d.find_first_not_of("-0123456789.") != std::string::npos) {
        why = "is not a number";
      } else if ((n.type == Type::kSelectOne || n.type == Type::kSelectMultiple) && n.choices) {
        for (const auto& w : SplitWords(d)) {
          if (!n.choices->Find(w)) why = "names no choice of the list '" + n.choices->name + "'";
        }
      } else if (n.type == Type::kDate && (d.size() != 10 || d[4] != '-' || d[7] != '-')) {
        why = "is not a date like 2026-07-05";
      }
      int dcol = cols.Index("default");
      if (!why.empty()) diags_.Error(s->name, r.number, dcol >= 0 ? col_name(dcol) : "default", "the default '" + d + "' " + why);
    }
    if (n.type == Type::kCalculate && !n.calculation && !n.default_value.empty()) {
      // pyxform accepts it: the calculate holds its default. Calculations are evaluated, defaults given
      // to questions; a calculate fed only by its default is not.
      diags_.Error(s->name, r.number, col_name(type_col),
                   "a calculate with a default and no calculation ('" + name +
                       "') is not supported: write the value as its calculation");
    } else if (n.type == Type::kCalculate && !n.calculation) {
      diags_.Error(s->name, r.number, col_name(type_col), "the calculate '" + name + "' has no calculation");
    }
    if (n.type != Type::kCalculate && n.calculation) {
      // ODK overwrites such a question's answer with the calculation; mcsurvey evaluates calculate
      // rows only, so the column would be silently dropped.
      int ccol = cols.Index("calculation");
      diags_.Error(s->name, r.number, ccol >= 0 ? col_name(ccol) : "calculation",
                   "a calculation on the " + std::string(TypeName(n.type)) + " '" + name +
                       "' (pyxform's typed calculate) is not supported: use a calculate row (and a note with ${...} to "
                       "show its value)");
    }
    if (n.label.empty() && n.hint.empty() && n.type != Type::kCalculate && n.type != Type::kMeta &&
        n.type != Type::kHidden && !IsContainer(n.type)) {
      diags_.Error(s->name, r.number, "",
                   "the " + std::string(TypeName(n.type)) + " '" + name + "' has no label or hint");
    }
    {
      // Answers are stored one level deep (a list of instances per repeat): a repeat may sit in
      // groups, and hold groups, but not sit inside another repeat.
      const Node& outer = f.nodes[static_cast<std::size_t>(stack.back())];
      int enclosing = outer.type == Type::kRepeat ? stack.back() : outer.repeat;
      if (n.type == Type::kRepeat && enclosing != 0) {
        diags_.Error(s->name, r.number, col_name(type_col),
                     "a repeat inside another repeat ('" + f.nodes[static_cast<std::size_t>(enclosing)].name +
                         "') is not supported");
      }
    }
    n.repeat = f.nodes[static_cast<std::size_t>(stack.back())].type == Type::kRepeat
                   ? stack.back()
                   : f.nodes[static_cast<std::size_t>(stack.back())].repeat;
    f.nodes[static_cast<std::size_t>(stack.back())].children.push_back(idx);
    f.by_name[name] = idx;
    f.nodes.push_back(std::move(n));
    if (IsContainer(ts.type)) stack.push_back(idx);
    if (ts.or_other && f.nodes.back().choice_filter) {
      // pyxform: "Choice filter not supported with or_other" (the added "other" has no filter columns).
      int fcol = cols.Index("choice_filter");
      diags_.Error(s->name, r.number, fcol >= 0 ? col_name(fcol) : "choice_filter",
                   "a choice_filter on a select with or_other is not supported (as in pyxform): add an 'other' choice "
                   "to the list instead");
    }
    if (ts.or_other) AddOrOther(idx, s->name, col_name(type_col));
  }
  while (stack.size() > 1) {
    const Node& open = f.nodes[static_cast<std::size_t>(stack.back())];
    diags_.Error(s->name, open.row, col_name(type_col),
                 "the " + std::string(TypeName(open.type)) + " '" + open.name + "' is never closed");
    stack.pop_back();
  }
}

void Compiler::ResolveExpressions() {
  // pyxform holds a repeat_count that is not a single ${reference} in a generated element named
  // REPEAT_count beside the repeat, so a question of that name there clashes (NAMES_001).
  for (const Node& n : form_->nodes) {
    if (n.type != Type::kRepeat || !n.repeat_count) continue;
    const auto& refs = n.repeat_count->references();
    std::string t(Trim(n.repeat_count->text()));
    if (refs.size() == 1 && t == "${" + refs[0] + "}") continue;
    const Node* clash = form_->Find(n.name + "_count");
    if (clash && clash->parent == n.parent) {
      const Sheet* s = wb_.Find("survey");
      diags_.Error(
          s ? s->name : "survey", n.row, "repeat_count",
          "the name '" + clash->name + "' (row " + std::to_string(clash->row) +
              ") is the one pyxform gives this repeat_count's value: rename it, or make repeat_count a ${reference}");
    }
  }
  for (const TextRef& t : text_refs_) {
    if (!form_->Find(t.name)) diags_.Error(t.sheet, t.row, t.column, UnknownReference(t.name));
  }
  const Sheet* s = wb_.Find("survey");
  for (const PendingRef& p : pending_) {
    const Node& n = form_->nodes[static_cast<std::size_t>(p.node)];
    // jr:choice-name(value, '${q}') reads q's choice labels: ODK refuses a q that is no select.
    static const std::regex kChoiceName(R"(jr:choice-name\s*\([^,]*,\s*['"]\$\{([^}]+)\}['"]\s*\))");
    const std::string& text = p.expr->text();
    for (std::sregex_iterator it(text.begin(), text.end(), kChoiceName), end; it != end; ++it) {
      const Node* q = form_->Find((*it)[1].str());
      if (q && !q->choices) {
        diags_.Error(s ? s->name : "survey", n.row, p.column,
                     "jr:choice-name() needs a select_one, select_multiple or rank question: ${" + q->name + "} is a " +
                         std::string(TypeName(q->type)) + " question");
      }
    }
    for (const std::string& ref : p.expr->references()) {
      if (StartsWith(ref, kChoiceColumnPrefix)) {
        std::string col = ref.substr(kChoiceColumnPrefix.size());
        bool known = col == "name" || col == "label";
        if (n.choices) {
          for (const auto& ch : n.choices->choices) known = known || ch.extra.count(col) > 0;
        }
        if (!known) {
          diags_.Error(s ? s->name : "survey", n.row, p.column,
                       "'" + col + "' is not a column of the choice list" + (n.choices ? " '" + n.choices->name + "'" : ""));
        }
        continue;
      }
      const Node* target = form_->Find(ref);
      if (!target) {
        diags_.Error(s ? s->name : "survey", n.row, p.column, UnknownReference(ref));
      } else if (target->repeat != 0 && target->repeat != n.repeat && target->repeat != p.node) {
        // Outside its repeat a single ${x} is ambiguous; ODK wants indexed-repeat() or an aggregate
        // (a node-set argument: count(), sum(), join(), concat(${x}) alone...).
        const std::vector<std::string> single = xpath::SingleValueReferences(*p.expr);
        if (std::find(single.begin(), single.end(), ref) != single.end()) {
          diags_.Error(s ? s->name : "survey", n.row, p.column,
                       "${" + ref + "} is inside the repeat '" + form_->nodes[static_cast<std::size_t>(target->repeat)].name +
                           "': outside it use count(), sum(), join() or indexed-repeat()");
        }
      }
    }
  }
}

// The parameters column: "start=0 end=10 step=0.5" (range), "randomize=true seed=${s}" (selects, rank),
// separated by spaces, commas or semicolons as pyxform accepts them, checked by pyxform's rules
// (pyxform/validators/pyxform/question_types/range.py, xls2json.py for randomize and seed).
void Compiler::ReadParameters(Node& n, const std::string& text, const std::string& sheet, int row,
                              const std::string& column, int idx) {
  std::string t = text;
  for (char& c : t) {
    if (c == ',' || c == ';') c = ' ';
  }
  // "seed = ${x}" is written with spaces too: glue "k = v" back into "k=v".
  std::vector<std::string> raw = SplitWords(t), words;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!words.empty() && (raw[i] == "=" || raw[i].front() == '=' || words.back().back() == '=')) words.back() += raw[i];
    else words.push_back(raw[i]);
  }
  bool is_range = n.type == Type::kRange;
  bool is_choice = n.type == Type::kSelectOne || n.type == Type::kSelectMultiple || n.type == Type::kRank;
  std::map<std::string, std::string> given;  // key (lower case) → value
  for (const std::string& w : words) {
    auto eq = w.find('=');
    std::string key = ToLower(w.substr(0, eq));
    std::string val = eq == std::string::npos ? "" : w.substr(eq + 1);
    if (eq == std::string::npos || val.empty() || eq == 0) {
      diags_.Error(sheet, row, column, "the parameter '" + w + "' is not written as name=value");
      continue;
    }
    if ((is_range && key != "start" && key != "end" && key != "step" && key != "tick_interval" &&
         key != "placeholder" && key != "tick_labelset") ||
        (is_choice && key != "randomize" && key != "seed") || (n.type == Type::kText && key != "rows")) {
      diags_.Error(sheet, row, column,
                   "the parameter '" + key + "' is not one for the type '" + std::string(TypeName(n.type)) + "' (" +
                       (is_range    ? "start, end, step, tick_interval, placeholder, tick_labelset"
                        : is_choice ? "randomize, seed"
                                    : "rows") +
                       ")");
      continue;
    }
    if (n.type == Type::kText && key == "rows") {
      // pyxform ParametersText: the height of a multiline box, a whole number.
      if (val.find_first_not_of("0123456789") != std::string::npos) {
        diags_.Error(sheet, row, column, "the parameter rows='" + val + "' must be a whole number");
      } else {
        diags_.Warning(sheet, row, column, "the parameter rows (a text box's height) is ignored");
      }
      continue;
    }
    if (!is_range && !is_choice) {
      diags_.Warning(sheet, row, column,
                     "the parameter '" + key + "' means nothing for the type '" + std::string(TypeName(n.type)) +
                         "' and is ignored");
      continue;
    }
    given[key] = val;
  }
  if (is_choice) {
    if (auto it = given.find("randomize"); it != given.end()) {
      std::string l = ToLower(it->second);
      if (l == "true")
        n.randomize = true;
      else if (l == "false")
        n.randomize = false;
      else
        diags_.Error(sheet, row, column, "randomize must be true or false, not '" + it->second + "'");
    }
    if (auto it = given.find("seed"); it != given.end()) {
      const std::string& v = it->second;
      double d = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      bool number = ec == std::errc() && p == v.data() + v.size();
      bool reference = StartsWith(v, "${") && v.back() == '}' && v.find('}') == v.size() - 1;
      if (!given.count("randomize")) {
        diags_.Error(sheet, row, column, "a seed needs randomize=true in the parameters");
      } else if (!number && !reference) {
        diags_.Error(sheet, row, column, "the seed '" + v + "' must be a number or a reference like ${name}");
      } else {
        ExprPtr seed = ParseExpr(v, sheet, row, column, nullptr, idx);  // checked either way
        if (n.randomize)
          n.seed = seed;
        else
          diags_.Warning(sheet, row, column, "a seed with randomize=false is ignored");
      }
    }
    return;
  }
  if (!is_range) return;
  // Range: every value a number; step and tick_interval not 0 nor wider than the range; placeholder
  // and tick labels on the scale.
  std::map<std::string, double> num;
  for (const char* key : {"start", "end", "step", "tick_interval", "placeholder"}) {
    auto it = given.find(key);
    if (it == given.end()) continue;
    double d = 0;
    std::string_view vv = Trim(it->second);
    auto [p, ec] = std::from_chars(vv.data(), vv.data() + vv.size(), d);
    if (ec != std::errc() || p != vv.data() + vv.size() || !std::isfinite(d)) {
      diags_.Error(sheet, row, column,
                   "the range parameter " + std::string(key) + "='" + it->second + "' is not a number");
      return;
    }
    num[key] = d;
  }
  if (num.count("start")) n.range_start = num["start"];
  if (num.count("end")) n.range_end = num["end"];
  if (num.count("step")) n.range_step = num["step"];
  double width = std::fabs(n.range_end - n.range_start);
  auto multiple = [](double v, double of) {  // v a whole number of `of`, allowing for binary fractions
    double q = v / of;
    return std::fabs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::fabs(q));
  };
  auto fail = [&](const std::string& why) { diags_.Error(sheet, row, column, why); };
  bool ticks = given.count("tick_interval") || given.count("placeholder") || given.count("tick_labelset");
  std::string look = ToLower(n.appearance);
  if (ticks && !look.empty() && look.find("vertical") == std::string::npos &&
      look.find("no-ticks") == std::string::npos) {
    return fail(
        "tick_interval, placeholder and tick_labelset go only with the appearances vertical and no-ticks, not '" +
        n.appearance + "'");
  }
  if (n.range_step == 0) return fail("the range's step must not be 0");
  if (n.range_step > width) return fail("the range's step must not be larger than the range (end - start)");
  if (n.range_end < n.range_start || n.range_step < 0) {
    // pyxform accepts a scale from 10 down to 1; answers, checks and pages here count upwards.
    return fail("a descending range (end below start, or a step below 0) is not supported: swap start and end");
  }
  if (width / n.range_step > 1000) return fail("the range has more than 1000 steps");
  if (auto it = num.find("tick_interval"); it != num.end()) {
    double ti = it->second;
    if (ti == 0) return fail("the range's tick_interval must not be 0");
    if (ti > width) return fail("the range's tick_interval must not be larger than the range (end - start)");
    if (!multiple(ti, n.range_step)) return fail("the range's tick_interval must be a multiple of step");
  }
  if (auto it = num.find("placeholder"); it != num.end()) {
    double ph = it->second;
    if (!multiple(ph - n.range_start, n.range_step))
      return fail("the range's placeholder must be a multiple of step from start");
    if (ph < n.range_start || ph > n.range_end) return fail("the range's placeholder must be between start and end");
  }
  if (auto it = given.find("tick_labelset"); it != given.end()) {
    const ChoiceList* list = nullptr;
    for (const auto& l : form_->lists) {
      if (l->name == it->second) list = l.get();
    }
    if (!list || list->choices.empty()) {
      return fail("the range's tick_labelset '" + it->second + "' is not a list in the choices sheet");
    }
    bool no_ticks = look.find("no-ticks") != std::string::npos;
    std::set<double> labelled;
    for (const Choice& c : list->choices) {
      double v = 0;
      auto [p, ec] = std::from_chars(c.name.data(), c.name.data() + c.name.size(), v);
      if (ec != std::errc() || p != c.name.data() + c.name.size() || !std::isfinite(v)) {
        return fail("the tick_labelset '" + list->name + "' has the choice '" + c.name + "', which is not a number");
      }
      if (v < n.range_start || v > n.range_end) {
        return fail("the tick_labelset '" + list->name + "' has the choice " + c.name + ", outside start to end");
      }
      double tick = num.count("tick_interval") ? num["tick_interval"] : n.range_step;
      if (!multiple(v - n.range_start, tick)) {
        return fail("the tick_labelset '" + list->name + "' has the choice " + c.name +
                    ", which is not a multiple of " + (num.count("tick_interval") ? "tick_interval" : "step") +
                    " from start");
      }
      labelled.insert(v);
    }
    if (no_ticks && labelled != std::set<double>{n.range_start, n.range_end}) {
      return fail("with the appearance no-ticks, the tick_labelset '" + list->name + "' may label only start and end");
    }
  }
  if (ticks) {
    // Ticks and a placeholder change how a slider looks, not the answer; the scale is shown as
    // radio buttons or a number field here.
    diags_.Warning(sheet, row, column, "tick_interval, placeholder and tick_labelset are not shown and are ignored");
  }
}

// Appearances change what a question asks (ODK's "month-year" leaves out the day, "search()" takes
// the choices from a file): one mcsurvey does not act on is reported, never silently dropped.
void Compiler::CheckAppearance(const std::string& text, const std::string& sheet, int row, const std::string& column) {
  static const std::set<std::string> kActedOn = {"field-list", "table-list", "likert", "minimal", "horizontal",
                                                 "horizontal-compact", "multiline", "label", "list-nolabel",
                                                 "honeypot"};
  std::string lower = ToLower(text);
  if (lower.find("search(") != std::string::npos || lower.find("search (") != std::string::npos) {
    diags_.Error(sheet, row, column,
                 "choices from a file (the appearance '" + text + "', external choices) are not supported");
    return;
  }
  for (const std::string& word : SplitWords(lower)) {
    if (!kActedOn.count(word)) {
      diags_.Warning(sheet, row, column, "the appearance '" + word + "' is not supported and is ignored");
    }
  }
}

// "select_one L or_other" as pyxform reads it: the list gains an "Other" choice and a text question
// NAME_other, relevant when "other" is chosen, follows the select.
void Compiler::AddOrOther(int select, const std::string& sheet, const std::string& type_column) {
  Form& f = *form_;
  Node& sel = f.nodes[static_cast<std::size_t>(select)];
  sel.or_other = true;
  for (auto& l : f.lists) {
    if (l.get() == sel.choices && !l->Find("other")) {
      Choice c;
      c.name = "other";
      c.label.Set(LangKey(std::nullopt), "Other");
      c.row = sel.row;
      c.from_or_other = true;
      l->choices.push_back(std::move(c));
    }
  }
  std::string name = sel.name + "_other";
  if (f.by_name.count(name)) {
    diags_.Error(sheet, sel.row, type_column, "or_other needs the name '" + name + "', which is already used");
    return;
  }
  Node other;
  other.type = Type::kText;
  other.specify_other = true;
  other.name = name;
  other.row = sel.row;
  other.parent = sel.parent;
  other.depth = sel.depth;
  other.repeat = sel.repeat;
  other.label.Set(LangKey(std::nullopt), "Specify other.");
  int idx = static_cast<int>(f.nodes.size());
  other.relevant = ParseExpr("selected(${" + sel.name + "}, 'other')", sheet, sel.row, type_column, nullptr, idx);
  f.nodes[static_cast<std::size_t>(sel.parent)].children.push_back(idx);
  f.by_name[name] = idx;
  f.nodes.push_back(std::move(other));
}

// Orders calculations so that each follows those it reads (Kahn's algorithm), and refuses cycles:
// ODK cannot evaluate "a = b + 1, b = a + 1" either.
void Compiler::BuildCalculationGraph() {
  Form& f = *form_;
  std::vector<int> calcs;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (f.nodes[i].type == Type::kCalculate && f.nodes[i].calculation) calcs.push_back(static_cast<int>(i));
  }
  std::unordered_map<int, int> indegree;
  std::unordered_map<int, std::vector<int>> feeds;  // calculation -> calculations that read it
  for (int c : calcs) {
    indegree[c] = 0;
    for (const auto& ref : f.nodes[static_cast<std::size_t>(c)].calculation->references()) {
      f.calc_readers[ref].push_back(c);
      const Node* src = f.Find(ref);
      if (src && src->type == Type::kCalculate && src->calculation) {
        feeds[f.by_name.at(ref)].push_back(c);
        indegree[c]++;
      }
    }
  }
  std::vector<int> ready;
  for (int c : calcs) {
    if (indegree[c] == 0) ready.push_back(c);
  }
  // Keep document order among independent calculations: take the smallest ready index first.
  while (!ready.empty()) {
    auto it = std::min_element(ready.begin(), ready.end());
    int c = *it;
    ready.erase(it);
    f.calc_order.push_back(c);
    for (int r : feeds[c]) {
      if (--indegree[r] == 0) ready.push_back(r);
    }
  }
  if (f.calc_order.size() != calcs.size()) {
    const Sheet* s = wb_.Find("survey");
    for (int c : calcs) {
      if (indegree[c] > 0) {
        const Node& n = f.nodes[static_cast<std::size_t>(c)];
        diags_.Error(s ? s->name : "survey", n.row, "calculation",
                     "the calculation of '" + n.name + "' depends on itself through other calculations");
      }
    }
  }
}

// A text given in one language but not in another the form has: the respondent would see the default
// language's text instead. Not an error (the form works), but the team should know.
void Compiler::CheckTranslations() {
  if (form_->languages.size() < 2) return;
  auto check = [&](const std::string& sheet, int row, const char* what, const Translated& t, const std::string& name) {
    if (t.empty()) return;
    for (const Language& l : form_->languages) {
      if (!t.Has(l.code)) {
        diags_.Warning(sheet, row, std::string(what) + "::" + l.name + " (" + l.code + ")",
                       "'" + name + "' has no " + what + " in " + l.name + ": the " +
                           (form_->default_language.empty() ? std::string("other") : form_->default_language) +
                           " text is shown instead");
      }
    }
  };
  const Sheet* survey = wb_.Find("survey");
  std::string sname = survey ? survey->name : "survey";
  for (std::size_t i = 1; i < form_->nodes.size(); ++i) {
    const Node& n = form_->nodes[i];
    // What or_other adds is in one language only (as in pyxform): say so once, at the select.
    if (n.specify_other) continue;
    if (n.or_other) {
      diags_.Warning(sname, n.row, "type",
                     "or_other adds 'Other' and 'Specify other.' in one language only: to translate them, add an "
                     "'other' choice to the list and a text question '" + n.name + "_other' yourself");
    }
    check(sname, n.row, "label", n.label, n.name);
    check(sname, n.row, "hint", n.hint, n.name);
    check(sname, n.row, "required_message", n.required_message, n.name);
    check(sname, n.row, "constraint_message", n.constraint_message, n.name);
  }
  const Sheet* choices = wb_.Find("choices");
  std::string cname = choices ? choices->name : "choices";
  for (const auto& l : form_->lists) {
    for (const Choice& c : l->choices) {
      if (!c.from_or_other) check(cname, c.row, "label", c.label, l->name + "/" + c.name);
    }
  }
}

void Compiler::BuildPages() {
  Form& f = *form_;
  // A top-level group is one page with its nested groups flattened; a repeat inside it gets its own
  // page (one per instance) and the group's questions after it continue on a further page.
  std::function<void(int, int)> collect = [&](int idx, int top) {
    for (int c : f.nodes[static_cast<std::size_t>(idx)].children) {
      const Node& n = f.nodes[static_cast<std::size_t>(c)];
      if (n.type == Type::kGroup) {
        collect(c, top);
      } else if (n.type == Type::kRepeat) {
        Page rp;
        rp.node = c;
        rp.is_repeat = true;
        f.pages.push_back(std::move(rp));
        collect(c, c);
        Page rest;
        rest.node = top;
        rest.is_repeat = f.nodes[static_cast<std::size_t>(top)].type == Type::kRepeat;
        f.pages.push_back(std::move(rest));
      } else {
        f.pages.back().questions.push_back(c);
      }
    }
  };
  for (int c : f.nodes[0].children) {
    const Node& n = f.nodes[static_cast<std::size_t>(c)];
    if (IsContainer(n.type)) {
      Page p;
      p.node = c;
      p.is_repeat = n.type == Type::kRepeat;
      f.pages.push_back(std::move(p));
      collect(c, c);
    } else {
      if (f.pages.empty() || f.pages.back().node != 0) f.pages.push_back(Page{});
      f.pages.back().questions.push_back(c);
    }
  }
  // A group holding only a repeat, or questions only before it, leaves empty pages behind.
  std::erase_if(f.pages, [](const Page& pg) { return pg.questions.empty(); });
}

std::shared_ptr<const Form> Compiler::Run() {
  ReadSettings();
  CheckFormIdentity(wb_, form_->id, form_->version, diags_);
  if (has_default_lang_) {
    form_->default_language = default_lang_.code;
    form_->languages.push_back(default_lang_);
  }
  ReadChoices();
  ReadSurvey();
  // Titles in other languages come after every text of the survey and choices, so that the form's
  // languages keep the order their texts first appear in (what ToWorkbook writes back).
  for (const auto& [lang, text] : title_columns_) {
    std::string key = LangKey(lang);
    if (key == form_->default_language && form_->title.empty()) form_->title = text;
    else form_->titles.Set(key, text);
  }
  ResolveExpressions();
  if (!diags_.HasErrors()) BuildCalculationGraph();
  MarkReferenced(*form_);
  CheckTranslations();
  for (const auto& sheet : wb_.sheets) {
    std::string n = ToLower(sheet.name);
    if (n != "survey" && n != "choices" && n != "settings") {
      if (n == "external_choices") {
        diags_.Error(sheet.name, 0, "",
                     "external choices (the '" + sheet.name + "' sheet, for select_one_external) are not supported");
      } else if (n == "entities") {
        diags_.Error(sheet.name, 0, "", "ODK entities (the '" + sheet.name + "' sheet) are not supported");
      } else {
        diags_.Warning(sheet.name, 0, "", "unknown sheet '" + sheet.name + "' is ignored");
      }
    }
  }
  if (form_->default_language.empty() && !form_->languages.empty()) form_->default_language = form_->languages[0].code;
  if (form_->title.empty()) form_->title = form_->id;
  if (form_->nodes.size() <= 1 && !diags_.HasErrors()) diags_.Error("survey", 0, "", "the form has no questions");
  if (diags_.HasErrors()) return nullptr;
  BuildPages();
  return std::shared_ptr<const Form>(std::move(form_));
}

// Typographic quotes (‘ ’ “ ”, put in by spreadsheet and word processors) become ' and " in the
// columns that hold expressions, so '${a} = ‘yes’' is the expression its author meant (pyxform's
// clean_text_values does this in every cell; texts shown to respondents keep their typography here,
// since “ ” and ’ are right in a label and mean the same there).
void ReplaceSmartQuotes(xlsform::Workbook& wb) {
  static const std::pair<std::string_view, char> kQuotes[] = {
      {"\u2018", '\''}, {"\u2019", '\''}, {"\u201C", '"'}, {"\u201D", '"'}};
  static const std::set<std::string, std::less<>> kExpressionColumns = {
      "relevant", "relevance", "constraint", "calculation", "calculate", "required", "choice_filter",
      "repeat_count", "count", "default", "trigger", "parameters", "instance_name", "body::accuracythreshold"};
  for (Sheet& sheet : wb.sheets) {
    std::vector<char> is_expr(sheet.header.size(), 0);
    for (std::size_t c = 0; c < sheet.header.size(); ++c) {
      std::string h = ToLower(sheet.header[c]);
      if (auto colon = h.find("::"); colon != std::string::npos) h = h.substr(0, colon);
      std::string_view t = Trim(h);
      is_expr[c] = kExpressionColumns.count(t) > 0;
    }
    for (Row& row : sheet.rows) {
      for (std::size_t c = 0; c < row.cells.size() && c < is_expr.size(); ++c) {
        std::string& cell = row.cells[c];
        if (!is_expr[c] || cell.find("\xE2\x80") == std::string::npos) continue;
        for (const auto& [from, to] : kQuotes) {
          for (std::size_t p = cell.find(from); p != std::string::npos; p = cell.find(from, p + 1)) {
            cell.replace(p, from.size(), 1, to);
          }
        }
      }
    }
  }
}

}  // namespace

std::shared_ptr<const Form> Compile(std::string_view bytes, const std::string& file_name, Diagnostics& diags) {
  diags.SetFile(file_name);
  xlsform::Workbook wb = xlsform::Read(bytes, xlsform::EncodingOf(file_name), diags);
  if (diags.HasErrors()) return nullptr;
  ReplaceSmartQuotes(wb);
  Compiler c(wb, file_name, diags);
  return c.Run();
}

}  // namespace mcs::form
