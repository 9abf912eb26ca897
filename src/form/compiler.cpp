// Workbook → Form. Follows the XLSForm specification (xlsform.org) and pyxform's readings of it:
// column and sheet names are case-insensitive, "label::English (en)" and the older "label:English"
// both name a translation, types have spaced aliases ("select one from L").
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>
#include <unordered_map>

#include "common/strings.h"
#include "form/form.h"
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
  return base == "label" || base == "hint" || base == "constraint_message" || base == "required_message" ||
         base == "guidance_hint" || base == "image" || base == "audio" || base == "video" || base == "big-image" ||
         base == "media::image" || base == "media::audio" || base == "media::video";
}

// A header cell split into its base name (lower case) and its language, if any.
struct ColumnName {
  std::string base;
  std::optional<Language> lang;
  std::string written;
};

ColumnName SplitColumn(const std::string& header) {
  ColumnName c;
  c.written = header;
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

// Bare names in a choice_filter name the choice's columns: rewrite each to ${__choice__NAME} so the
// ordinary parser and evaluator handle it. String literals, ${refs}, function names (followed by
// '('), prefixes (jr:) and the operators and, or, div, mod are left as they are.
std::string RewriteChoiceFilter(std::string_view t) {
  std::string out;
  std::size_t i = 0;
  auto ident_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto ident_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
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
  bool allow_choice_duplicates_ = false;  // settings: a name may repeat in a list (cascading selects)
  struct PendingRef {
    int node;
    ExprPtr expr;
    std::string column;
  };
  std::vector<PendingRef> pending_;
};

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
  if (std::string id = get("form_id"); !id.empty()) {
    if (!IsValidName(id)) {
      diags_.Error(s->name, r.number, s->header[static_cast<std::size_t>(cols.Index("form_id"))],
                   "form_id '" + id + "' must start with a letter and hold only letters, digits, _ - .");
    }
    form_->id = id;
  }
  if (std::string id = get("id_string"); !id.empty() && get("form_id").empty()) form_->id = id;
  form_->title = get("form_title");
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
    if (name.find_first_of(" \t") != std::string::npos) {
      diags_.Error(s->name, r.number, s->header[static_cast<std::size_t>(name_col)],
                   "choice name '" + name + "' contains a space (select_multiple answers are space-separated)");
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
        c.label.Set(LangKey(cn.lang), r.cells[i]);
      } else if (StartsWith(cn.base, "media::") || cn.base == "image" || cn.base == "audio" || cn.base == "video") {
        if (!r.cells[i].empty()) {
          diags_.Error(s->name, r.number, cn.written, "media in choices are not supported");
        }
      } else if (!r.cells[i].empty()) {
        c.extra[cn.written] = r.cells[i];
      }
    }
    if (c.label.empty()) {
      diags_.Warning(s->name, r.number, "", "the choice '" + name + "' has no label; its name is shown instead");
      c.label.Set(LangKey(std::nullopt), name);
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
  for (const auto& h : s->header) cols.cols.push_back(SplitColumn(h));
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
    if (seen.count(ToLower(c.written))) diags_.Error(s->name, 1, c.written, "the column '" + c.written + "' appears twice");
    seen.insert(ToLower(c.written));
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
    if (f.by_name.count(name)) {
      diags_.Error(s->name, r.number, col_name(name_col),
                   "the name '" + name + "' is already used on row " + std::to_string(f.Find(name)->row));
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
      if (ts.type != Type::kSelectOne && HasDuplicateNames(*n.choices)) {
        // One column per choice in exports, one place per choice in a ranking: names must be unique.
        diags_.Error(s->name, r.number, col_name(type_col),
                     std::string(TypeName(ts.type)) + " on the list '" + ts.list +
                         "', whose choice names repeat (allow_choice_duplicates), is not supported");
        continue;
      }
    }
    int idx = static_cast<int>(f.nodes.size());
    for (std::size_t i = 0; i < cols.cols.size() && i < r.cells.size(); ++i) {
      const ColumnName& c = cols.cols[i];
      const std::string& v = r.cells[i];
      if (v.empty()) continue;
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
      else if (c.base == "parameters") ReadParameters(n, v, s->name, r.number, c.written, idx);
    }
    if (!n.default_value.empty()) {
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
    if (n.type == Type::kCalculate && !n.calculation) {
      diags_.Error(s->name, r.number, col_name(type_col), "the calculate '" + name + "' has no calculation");
    }
    if (n.type != Type::kCalculate && n.calculation) {
      // ODK overwrites such a question's answer with the calculation; mcsurvey evaluates calculate
      // rows only, so the column would be silently dropped.
      int ccol = cols.Index("calculation");
      diags_.Error(s->name, r.number, ccol >= 0 ? col_name(ccol) : "calculation",
                   "calculations are supported on calculate rows only, not on the " + std::string(TypeName(n.type)) +
                       " '" + name + "': use a calculate row (and a note with ${...} to show its value)");
    }
    if (n.label.empty() && n.type != Type::kCalculate && n.type != Type::kMeta && n.type != Type::kHidden &&
        !IsContainer(n.type)) {
      diags_.Error(s->name, r.number, "", "the " + std::string(TypeName(n.type)) + " '" + name + "' has no label");
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
  const Sheet* s = wb_.Find("survey");
  for (const PendingRef& p : pending_) {
    const Node& n = form_->nodes[static_cast<std::size_t>(p.node)];
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
        diags_.Error(s ? s->name : "survey", n.row, p.column, "${" + ref + "} names no question in the form");
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
// separated by spaces, commas or semicolons as pyxform accepts them.
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
  for (const std::string& w : words) {
    auto eq = w.find('=');
    std::string key = ToLower(w.substr(0, eq));
    std::string val = eq == std::string::npos ? "" : w.substr(eq + 1);
    if (eq == std::string::npos || val.empty()) {
      diags_.Error(sheet, row, column, "the parameter '" + w + "' is not written as name=value");
      continue;
    }
    if (is_range && (key == "start" || key == "end" || key == "step")) {
      double d = 0;
      std::string_view vv = Trim(val);
      auto [p, ec] = std::from_chars(vv.data(), vv.data() + vv.size(), d);
      if (ec != std::errc() || p != vv.data() + vv.size() || !std::isfinite(d)) {
        diags_.Error(sheet, row, column, "the range parameter " + key + "='" + val + "' is not a number");
        continue;
      }
      (key == "start" ? n.range_start : key == "end" ? n.range_end : n.range_step) = d;
    } else if (is_choice && key == "randomize") {
      std::string l = ToLower(val);
      if (l == "true" || l == "yes" || l == "true()") n.randomize = true;
      else if (l == "false" || l == "no" || l == "false()") n.randomize = false;
      else diags_.Error(sheet, row, column, "randomize must be true or false, not '" + val + "'");
    } else if (is_choice && key == "seed") {
      n.seed = ParseExpr(val, sheet, row, column, nullptr, idx);
    } else {
      diags_.Warning(sheet, row, column,
                     "the parameter '" + key + "' means nothing for the type '" + std::string(TypeName(n.type)) +
                         "' and is ignored");
    }
  }
  if (n.seed && !n.randomize) diags_.Warning(sheet, row, column, "a seed without randomize=true is ignored");
  if (is_range) {
    double steps = n.range_step > 0 ? (n.range_end - n.range_start) / n.range_step : -1;
    if (n.range_step <= 0) {
      diags_.Error(sheet, row, column, "the range's step must be more than 0");
    } else if (steps < 0) {
      diags_.Error(sheet, row, column, "the range's end must not be below its start");
    } else if (std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps)) {
      diags_.Error(sheet, row, column, "the range from start to end must be a whole number of steps");
    } else if (steps > 1000) {
      diags_.Error(sheet, row, column, "the range has more than 1000 steps");
    }
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
  if (has_default_lang_) {
    form_->default_language = default_lang_.code;
    form_->languages.push_back(default_lang_);
  }
  ReadChoices();
  ReadSurvey();
  ResolveExpressions();
  if (!diags_.HasErrors()) BuildCalculationGraph();
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

}  // namespace

std::shared_ptr<const Form> Compile(std::string_view bytes, const std::string& file_name, Diagnostics& diags) {
  diags.SetFile(file_name);
  xlsform::Workbook wb = xlsform::Read(bytes, xlsform::EncodingOf(file_name), diags);
  if (diags.HasErrors()) return nullptr;
  Compiler c(wb, file_name, diags);
  return c.Run();
}

}  // namespace mcs::form
