// Form → XLSForm workbook: the inverse of the compiler (compiler.cpp), so that a form read from
// .xlsx can be written as .md and read back to the identical normalised form (ToJson). What the
// compiler derives (pages, the calculation order, the "other" choice and NAME_other question of
// or_other, labels filled in from choice names) is not written: compiling again derives it again.
#include <charconv>
#include <functional>
#include <set>

#include "form/form.h"

namespace mcs::form {
namespace {

// A column of the survey sheet: its header and how a node fills it.
struct Column {
  std::string header;
  std::function<std::string(const Node&)> cell;
};

std::string ExprText(const ExprPtr& e) {
  return e ? e->text() : std::string();
}

// The shortest text that reads back as the same double ("0.5", "10", "1e-07").
std::string NumberText(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

std::string TypeCell(const Node& n, bool end) {
  switch (n.type) {
    case Type::kGroup:
      return end ? "end group" : "begin group";
    case Type::kRepeat:
      return end ? "end repeat" : "begin repeat";
    case Type::kMeta:
      return n.meta;
    case Type::kSelectOne:
    case Type::kSelectMultiple:
    case Type::kRank: {
      std::string t = std::string(TypeName(n.type)) + " " + (n.choices ? n.choices->name : std::string());
      return n.or_other ? t + " or_other" : t;
    }
    default:
      return std::string(TypeName(n.type));
  }
}

std::string ParametersCell(const Node& n) {
  if (n.type == Type::kRange) {
    return "start=" + NumberText(n.range_start) + " end=" + NumberText(n.range_end) +
           " step=" + NumberText(n.range_step);
  }
  std::string p;
  if (n.randomize) p = "randomize=true";
  if (n.seed) p += (p.empty() ? "" : " ") + std::string("seed=") + n.seed->text();
  return p;
}

// How to write a language so that ParseLanguage reads it back: "English (en)", or the name alone
// when that is how it was written ("Klingon", "Tok (Pisin" whose code is itself).
std::string LanguageText(const Language& l) {
  for (std::string text : {l.name + " (" + l.code + ")", l.name}) {
    Language back = ParseLanguage(text);
    if (back.code == l.code && back.name == l.name) return text;
  }
  return l.name + " (" + l.code + ")";
}

// "label::English (en)"; a text written without a language (key "") is plain "label".
std::string TranslatedHeader(const Form& f, const std::string& base, const std::string& code) {
  if (code.empty()) return base;
  for (const Language& l : f.languages) {
    if (l.code == code) return base + "::" + LanguageText(l);
  }
  return base + "::" + LanguageText(Language{code, code});
}

// The language keys in the order the columns are written: "" first, then the form's languages.
// The compiler lists a form's languages in the order it first meets a text in them, row by row and
// column by column; writing each row's texts language by language keeps that order on reading back.
std::vector<std::string> LanguageOrder(const Form& f, const std::set<std::string>& used) {
  std::vector<std::string> order;
  if (used.count("")) order.push_back("");
  for (const Language& l : f.languages) {
    if (used.count(l.code)) order.push_back(l.code);
  }
  for (const std::string& code : used) {  // a key the language list lacks (not from the compiler)
    if (!code.empty() && !f.HasLanguage(code)) order.push_back(code);
  }
  return order;
}

bool Written(const Node& n) {
  return !n.specify_other;
}

xlsform::Sheet SurveySheet(const Form& f) {
  using Text = const Translated Node::*;
  const std::vector<std::pair<const char*, Text>> kTranslated = {{"label", &Node::label},
                                                                 {"hint", &Node::hint},
                                                                 {"required_message", &Node::required_message},
                                                                 {"constraint_message", &Node::constraint_message}};
  std::set<std::string> langs;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (!Written(f.nodes[i])) continue;
    for (const auto& [base, member] : kTranslated) {
      for (const auto& entry : (f.nodes[i].*member).all()) langs.insert(entry.first);
    }
  }
  std::vector<Column> columns = {
      {"type", nullptr},  // by TypeCell: begin and end rows differ
      {"name", [](const Node& n) { return n.name; }},
  };
  for (const std::string& code : LanguageOrder(f, langs)) {
    for (const auto& [base, member] : kTranslated) {
      columns.push_back({TranslatedHeader(f, base, code), [member = member, code](const Node& n) {
                           for (const auto& [l, text] : (n.*member).all()) {
                             if (l == code) return text;
                           }
                           return std::string();
                         }});
    }
  }
  const std::vector<Column> kPlain = {
      {"required", [](const Node& n) { return n.required ? std::string("yes") : ExprText(n.required_if); }},
      {"relevant", [](const Node& n) { return ExprText(n.relevant); }},
      {"constraint", [](const Node& n) { return ExprText(n.constraint); }},
      {"calculation", [](const Node& n) { return ExprText(n.calculation); }},
      {"choice_filter", [](const Node& n) { return n.choice_filter ? n.choice_filter_text : std::string(); }},
      {"repeat_count", [](const Node& n) { return ExprText(n.repeat_count); }},
      {"appearance", [](const Node& n) { return n.appearance; }},
      {"parameters", ParametersCell},
      {"default", [](const Node& n) { return n.default_value; }},
      {"personal", [](const Node& n) { return n.personal ? std::string("yes") : std::string(); }},
  };
  columns.insert(columns.end(), kPlain.begin(), kPlain.end());

  // The rows, then only the columns some row fills.
  std::vector<std::vector<std::string>> rows;
  std::function<void(int)> emit = [&](int idx) {
    const Node& n = f.nodes[static_cast<std::size_t>(idx)];
    if (!Written(n)) return;
    std::vector<std::string> cells(columns.size());
    cells[0] = TypeCell(n, false);
    for (std::size_t c = 1; c < columns.size(); ++c) cells[c] = columns[c].cell(n);
    rows.push_back(std::move(cells));
    if (!IsContainer(n.type)) return;
    for (int child : n.children) emit(child);
    std::vector<std::string> end(columns.size());
    end[0] = TypeCell(n, true);
    end[1] = n.name;
    rows.push_back(std::move(end));
  };
  for (int child : f.root().children) emit(child);

  xlsform::Sheet sheet;
  sheet.name = "survey";
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    bool filled = c < 2;
    for (const auto& r : rows) filled = filled || !r[c].empty();
    if (filled) {
      kept.push_back(c);
      sheet.header.push_back(columns[c].header);
    }
  }
  int number = 2;
  for (auto& r : rows) {
    xlsform::Row row;
    row.number = number++;
    for (std::size_t c : kept) row.cells.push_back(std::move(r[c]));
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

xlsform::Sheet ChoicesSheet(const Form& f) {
  xlsform::Sheet sheet;
  sheet.name = "choices";
  std::set<std::string> langs;
  std::set<std::string> extras;
  for (const auto& l : f.lists) {
    for (const Choice& c : l->choices) {
      if (c.from_or_other) continue;
      for (const auto& entry : c.label.all()) langs.insert(entry.first);
      for (const auto& [k, v] : c.extra) extras.insert(k);
    }
  }
  std::vector<std::string> order = LanguageOrder(f, langs);
  sheet.header = {"list_name", "name"};
  for (const std::string& code : order) sheet.header.push_back(TranslatedHeader(f, "label", code));
  sheet.header.insert(sheet.header.end(), extras.begin(), extras.end());
  int number = 2;
  for (const auto& l : f.lists) {
    for (const Choice& c : l->choices) {
      if (c.from_or_other) continue;
      xlsform::Row row;
      row.number = number++;
      row.cells = {l->name, c.name};
      for (const std::string& code : order) {
        std::string text;
        for (const auto& [lang, t] : c.label.all()) {
          if (lang == code) text = t;
        }
        row.cells.push_back(std::move(text));
      }
      for (const std::string& k : extras) {
        auto it = c.extra.find(k);
        row.cells.push_back(it == c.extra.end() ? std::string() : it->second);
      }
      sheet.rows.push_back(std::move(row));
    }
  }
  return sheet;
}

// default_language is written only when no text lacks a language: with it, the compiler would give
// such texts (a plain "label" column, or what or_other adds to a form without one) its code.
xlsform::Sheet SettingsSheet(const Form& f) {
  bool unlabelled = false;
  auto check = [&](const Translated& t) {
    for (const auto& entry : t.all()) unlabelled = unlabelled || entry.first.empty();
  };
  for (const Node& n : f.nodes) {
    check(n.label);
    check(n.hint);
    check(n.required_message);
    check(n.constraint_message);
  }
  for (const auto& l : f.lists) {
    for (const Choice& c : l->choices) check(c.label);
  }
  xlsform::Sheet sheet;
  sheet.name = "settings";
  sheet.header = {"form_id", "form_title", "version"};
  xlsform::Row row;
  row.number = 2;
  row.cells = {f.id, f.title, f.version};
  // A list whose names repeat compiled only because the settings allowed it.
  bool duplicates = false;
  for (const auto& l : f.lists) {
    std::set<std::string_view> seen;
    for (const Choice& c : l->choices) duplicates = duplicates || !seen.insert(c.name).second;
  }
  for (const auto& [code, text] : f.titles.all()) {
    sheet.header.push_back(TranslatedHeader(f, "form_title", code));
    row.cells.push_back(text);
  }
  if (duplicates) {
    sheet.header.push_back("allow_choice_duplicates");
    row.cells.push_back("yes");
  }
  if (!unlabelled && !f.default_language.empty()) {
    Language lang{f.default_language, f.default_language};
    for (const Language& l : f.languages) {
      if (l.code == f.default_language) lang = l;
    }
    sheet.header.push_back("default_language");
    row.cells.push_back(LanguageText(lang));
  }
  sheet.rows.push_back(std::move(row));
  return sheet;
}

}  // namespace

xlsform::Workbook ToWorkbook(const Form& form) {
  xlsform::Workbook wb;
  wb.sheets.push_back(SurveySheet(form));
  xlsform::Sheet choices = ChoicesSheet(form);
  if (!choices.rows.empty()) wb.sheets.push_back(std::move(choices));
  wb.sheets.push_back(SettingsSheet(form));
  return wb;
}

}  // namespace mcs::form
