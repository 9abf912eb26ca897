// The form model: what a questionnaire is, independent of how it was written (XLSForm encodings)
// and of how it is answered (src/engine) or stored (src/storage). Compiled once per form version and
// shared read-only between threads.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/diagnostic.h"
#include "xlsform/workbook.h"
#include "xpath/xpath.h"

namespace mcs::form {

enum class Type {
  kText, kInteger, kDecimal, kDate, kTime, kDateTime,
  kSelectOne, kSelectMultiple, kNote, kCalculate, kAcknowledge,
  kMeta,  // start, end, today: filled in by the server, never asked
  kRange,   // a number from start to end in steps (parameters: start=1 end=10 step=1)
  kRank,    // every choice of a list put in order: stored as the names, most preferred first
  kHidden,  // never shown; holds its default (ODK's "hidden")
  kGroup, kRepeat,
};

// The XLSForm spelling of a type ("select_one", "begin_group", ...).
std::string_view TypeName(Type t);
bool IsContainer(Type t);
// Questions that hold an answer (not notes or containers).
bool HoldsValue(Type t);

struct Language {
  std::string code;  // "en"; the name itself when the column gave no code
  std::string name;  // "English"
};

// The language a column names after "::" (or in settings' default_language): "English (en)" →
// {en, English}; "English" → {en, English} for the EU's languages; "Klingon" → {Klingon, Klingon}.
Language ParseLanguage(std::string_view text);

// Text in several languages. Key: Language::code; "" for columns written without a language.
class Translated {
 public:
  void Set(const std::string& lang, std::string text);
  // The text in `lang`, falling back to `fallback`, then to any text there is.
  const std::string& Get(std::string_view lang, std::string_view fallback) const;
  bool empty() const { return by_lang_.empty(); }
  bool Has(std::string_view lang) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return by_lang_; }

 private:
  std::vector<std::pair<std::string, std::string>> by_lang_;
};

struct Choice {
  std::string name;
  Translated label;
  std::map<std::string, std::string> extra;  // further columns, for choice_filter
  int row = 0;
  bool from_or_other = false;  // the "other" choice that "select_one L or_other" added to L
};

struct ChoiceList {
  std::string name;
  std::vector<Choice> choices;
  const Choice* Find(std::string_view choice_name) const;
};

using ExprPtr = std::shared_ptr<const xpath::Expression>;

// In a choice_filter a bare name (`county = ${county}`) names a column of the choice list. The
// compiler rewrites it to ${__choice__county}; evaluation resolves that from the choice itself.
inline constexpr std::string_view kChoiceColumnPrefix = "__choice__";

// A question, note, calculation, group or repeat. Nodes live in Form::nodes in document order
// (pre-order); index 0 is the form itself, a group holding everything.
struct Node {
  Type type = Type::kText;
  std::string name;
  Translated label, hint, required_message, constraint_message;
  std::string appearance;
  std::string default_value;  // as written
  // A default that is an expression (pyxform's "dynamic default": a ${reference}, a function call,
  // arithmetic): evaluated once, when the response starts. default_value then holds its text.
  ExprPtr default_expr;
  const ChoiceList* choices = nullptr;  // selects only
  bool required = false;                // required: yes
  ExprPtr required_if;                  // required: an expression
  ExprPtr relevant, constraint, calculation, choice_filter, repeat_count;
  std::string choice_filter_text;  // as the form wrote it (choice_filter holds the rewritten one)
  bool personal = false;  // personal data (contact details): stored apart from the answers
  std::string meta;       // for kMeta: "start", "end" or "today"
  // kRange: the parameters start, end, step (ODK's defaults 1, 10, 1).
  double range_start = 1, range_end = 10, range_step = 1;
  // Selects and rank: "randomize=true" shows the choices shuffled, the same way for one response
  // on every page (seeded per response, or by "seed=${question}").
  bool randomize = false;
  ExprPtr seed;
  // "select_one L or_other": the compiler added an "other" choice to L and, right after this
  // question, the text question NAME_other (specify_other) that the form's author did not write.
  bool or_other = false;
  bool specify_other = false;
  int row = 0;            // survey sheet row, for diagnostics
  int parent = -1;
  std::vector<int> children;
  int repeat = 0;  // index of the innermost enclosing repeat, 0 when none
  int depth = 0;
};

// One screen for a respondent: a top-level group (its nested groups flattened), a repeat (one page
// per instance; a repeat inside a group splits the group's page around it), or a run of top-level
// questions outside any group.
struct Page {
  int node = 0;                // the group or repeat; 0 for loose top-level questions
  std::vector<int> questions;  // nodes shown on it (nested groups flattened), in order
  bool is_repeat = false;
};

// Hashes std::string and std::string_view alike, so maps keyed by names are searched without
// building a std::string.
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Form {
  std::string id;
  std::string title;
  // The title in other languages (settings' form_title::Italiano (it) columns); `title` is the
  // default language's.
  Translated titles;
  std::string version;
  std::string default_language;  // a Language::code
  std::vector<Language> languages;
  std::vector<Node> nodes;
  std::vector<std::unique_ptr<ChoiceList>> lists;
  std::vector<Page> pages;
  std::unordered_map<std::string, int, NameHash, std::equal_to<>> by_name;
  // The calculation dependency graph, built once per form version: calculations in an order where
  // each comes after every calculation it reads, and for each name the calculations that read it.
  std::vector<int> calc_order;
  std::unordered_map<std::string, std::vector<int>> calc_readers;
  // Per node: whether some expression or piped ${} text of the form names it (what a page's script
  // may read of answers given on other pages).
  std::vector<char> referenced;
  // Per node: outside any repeat, with no relevant expression on it or any group around it (it
  // always applies: no need to work its relevance out).
  std::vector<char> always_relevant;

  const Node* Find(std::string_view name) const;
  const Node& root() const { return nodes[0]; }
  // The default language's code, or "" when the form's texts carry no language.
  const std::string& lang() const { return default_language; }
  bool HasLanguage(std::string_view code) const;
  // The title in `lang`, else `title`.
  const std::string& Title(std::string_view lang) const { return titles.Has(lang) ? titles.Get(lang, "") : title; }
};

// Compiles a form from XLSForm bytes. `file_name` picks the encoding and names the file in
// diagnostics. Returns nullptr when there are errors (all of them are in `diags`).
std::shared_ptr<const Form> Compile(std::string_view bytes, const std::string& file_name, Diagnostics& diags);

// Fills Form::referenced from the form's expressions and texts, and Form::always_relevant (the
// compiler's last step).
void MarkReferenced(Form& form);

// Several versions of one form (oldest first) as one form for exports: the newest version's
// questions, then those only older versions asked (inside their repeat when it still exists);
// choice lists united by name. Pages and calculations are not built: not for answering.
std::shared_ptr<const Form> UniteVersions(const std::vector<std::shared_ptr<const Form>>& versions);

// The form as an XLSForm workbook (survey, choices and settings sheets) that compiles back to the
// same form: what or_other added is written as "or_other", translations as "label::English (en)"
// columns, and only the columns some row fills. xlsform::WriteMarkdown turns it into a .md file.
xlsform::Workbook ToWorkbook(const Form& form);

// The normalised form as JSON (INTERFACE.md: `mcsurvey form`, GET /api/v1/forms/{id}).
std::string ToJson(const Form& form);

}  // namespace mcs::form
