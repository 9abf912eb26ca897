#include "web/fieldwork_targets.h"

#include <algorithm>
#include <cstdlib>

#include "common/csv_reader.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "web/admin/dashboard_summary.h"
#include "web/app.h"
#include "web/invitation.h"
#include "web/study_texts.h"

namespace mcs::web {
namespace {

// One setting per form: lines "group\tcountry\tN". A setting is written whole, in one statement, on
// both storages: the table the team saved in one post is stored in one write.
std::string SettingKey(const std::string& form_id) { return "fieldwork_targets:" + form_id; }

// Before the table, the console stored targets for all forms in one setting typed cell by cell.
constexpr const char* kLegacyKey = "dashboard_targets";

Targets Parse(const std::string& text) {
  Targets out;
  for (const auto& line : Split(text, '\n')) {
    auto f = Split(line, '\t');
    if (f.size() == 3) {
      long n = std::atol(f[2].c_str());
      if (n > 0) out[{f[0], f[1]}] = n;
    }
  }
  return out;
}

std::vector<Named> ChoicesOf(const form::Form& f, std::string_view question, const std::string& lang) {
  std::vector<Named> out;
  const form::Node* n = f.Find(question);
  if (!n || !n->choices) return out;
  for (const auto& c : n->choices->choices) {
    std::string name = c.label.Get(lang, f.lang());
    out.push_back(Named{c.name, name.empty() ? c.name : name});
  }
  return out;
}

bool IsWholeNumber(std::string_view s) {
  return !s.empty() && s.size() <= 7 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

bool TargetFrame::HasGroup(std::string_view code) const {
  return std::any_of(groups.begin(), groups.end(), [&](const Named& g) { return g.code == code; });
}

bool TargetFrame::HasCountry(std::string_view code) const {
  return std::any_of(countries.begin(), countries.end(), [&](const Named& c) { return c.code == code; });
}

TargetFrame FrameOf(const form::Form& f, const std::string& lang) {
  TargetFrame frame;
  frame.form_id = f.id;
  frame.groups = ChoicesOf(f, "group", lang);
  if (frame.groups.empty()) {
    // The questionnaire is its group (stats::GroupCountryOf): the study's groups have names of
    // their own in the interface texts, other forms go by their title.
    std::string name = CurrentStudyTexts()->IsGroup(f.id) ? CurrentStudyTexts()->Text(lang, "group_" + f.id) : "";
    frame.groups.push_back(Named{f.id, name.empty() ? f.title : name});
  }
  frame.countries = ChoicesOf(f, "country", lang);
  if (frame.countries.empty()) frame.countries.push_back(Named{admin::kCountryNotGiven, "(no country question)"});
  return frame;
}

Targets LoadTargets(storage::Storage& store, const std::string& form_id) {
  if (auto s = store.GetSetting(SettingKey(form_id))) return Parse(*s);
  // Targets typed before the table: those naming one of this form's cells still count (the team
  // sees them in the table and saving it stores them in the new place); phantom cells are dropped.
  return Parse(store.GetSetting(kLegacyKey).value_or(""));
}

Status SaveTargets(storage::Storage& store, const TargetFrame& frame, const Targets& targets) {
  std::string s;
  for (const auto& [cell, n] : targets) {
    if (!frame.HasGroup(cell.first) || !frame.HasCountry(cell.second))
      return MakeError(ErrorCode::kInvalid, "'" + cell.first + "' × '" + cell.second + "' is not a cell of " +
                                                frame.form_id + "'s groups and countries");
    if (n < 0 || n > kMaxTarget) return MakeError(ErrorCode::kInvalid, "a target is a whole number up to 1,000,000");
    if (n > 0) s += cell.first + "\t" + cell.second + "\t" + std::to_string(n) + "\n";
  }
  return store.PutSetting(SettingKey(frame.form_id), s);
}

Result<Targets> ParseTargetsCsv(std::string_view csv, const TargetFrame& frame, std::vector<TargetProblem>& problems,
                                int* other_forms) {
  if (other_forms) *other_forms = 0;
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
  std::string_view first = csv.substr(0, csv.find('\n'));
  const char sep = std::count(first.begin(), first.end(), ';') > std::count(first.begin(), first.end(), ',') ? ';' : ',';
  CsvTable table = ReadCsvRecords(csv, {.separator = sep});
  if (table.error) {
    problems.push_back(
        {table.error->line, "column " + std::to_string(table.error->column) + ": " + table.error->message});
    return MakeError(ErrorCode::kInvalid, "unreadable CSV");
  }
  const std::vector<CsvRecord>& records = table.records;
  if (records.empty()) {
    problems.push_back({0, "the file is empty: its first line names the columns group, country and target"});
    return MakeError(ErrorCode::kInvalid, "no targets");
  }
  int col_group = -1, col_country = -1, col_target = -1, col_form = -1;
  for (std::size_t i = 0; i < records[0].fields.size(); ++i) {
    std::string h = ToLower(Trim(records[0].fields[i]));
    int* col = h == "group" ? &col_group : h == "country" ? &col_country : h == "target" ? &col_target
             : h == "form" ? &col_form : nullptr;
    if (col && *col < 0) *col = static_cast<int>(i);
  }
  if (col_group < 0 || col_country < 0 || col_target < 0) {
    problems.push_back({1, "the first line must name the columns group, country and target"});
    return MakeError(ErrorCode::kInvalid, "no header");
  }
  auto field = [](const std::vector<std::string>& r, int col) {
    return col >= 0 && static_cast<std::size_t>(col) < r.size() ? std::string(Trim(r[static_cast<std::size_t>(col)]))
                                                                 : std::string();
  };
  auto codes = [](const std::vector<Named>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size() && i < 12; ++i) s += (i ? ", " : "") + v[i].code;
    return s + (v.size() > 12 ? ", ..." : "");
  };
  Targets out;
  std::map<TargetCell, int> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i].fields;
    const int line = records[i].line;
    if (std::all_of(r.begin(), r.end(), [](const std::string& f) { return Trim(f).empty(); })) continue;
    std::string form = field(r, col_form), group = field(r, col_group), country = field(r, col_country),
                target = field(r, col_target);
    if (!form.empty() && form != frame.form_id) {
      if (other_forms) ++*other_forms;
      continue;
    }
    if (!frame.HasGroup(group)) {
      problems.push_back({line, "'" + group + "' is not a group of " + frame.form_id + " (its groups: " +
                                    codes(frame.groups) + ")"});
      continue;
    }
    if (!frame.HasCountry(country)) {
      problems.push_back({line, "'" + country + "' is not a country code of " + frame.form_id + " (e.g. " +
                                    codes(frame.countries) + ")"});
      continue;
    }
    if (!target.empty() && (!IsWholeNumber(target) || std::atol(target.c_str()) > kMaxTarget)) {
      problems.push_back({line, "the target '" + target + "' is not a whole number from 0 to 1000000"});
      continue;
    }
    auto [it, fresh] = seen.emplace(TargetCell{group, country}, line);
    if (!fresh) {
      problems.push_back({line, group + " × " + country + " is given on line " + std::to_string(it->second) + " already"});
      continue;
    }
    long n = target.empty() ? 0 : std::atol(target.c_str());
    if (n > 0) out[{group, country}] = n;
  }
  if (!problems.empty()) return MakeError(ErrorCode::kInvalid, "the targets have problems");
  return out;
}

}  // namespace mcs::web
