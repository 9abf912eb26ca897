#include "stats/merge.h"

#include <algorithm>
#include <set>

#include "common/csv_reader.h"
#include "common/strings.h"
#include "stats/group_country.h"

namespace mcs::stats {

namespace {

using form::Type;

Error At(int line, int column, const std::string& message) {
  return MakeError(ErrorCode::kInvalid,
                   "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message);
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos && Trim(s) == s) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "+") + n;
  return out;
}

// Remaps a categorical variable: the members found among its codes become one category where the
// first of them stood.
void MergeCategory(Variable& v, const Merge& m) {
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < v.codes.size(); ++i)
    if (std::find(m.choices.begin(), m.choices.end(), v.codes[i]) != m.choices.end()) members.push_back(i);
  if (members.empty()) return;
  const std::size_t first = members.front();
  // A scale stays a scale only when the members are neighbours on it (else the order means nothing).
  if (v.ordinal && members.back() - first + 1 != members.size()) v.ordinal = false;
  std::vector<std::int32_t> to(v.codes.size(), kMissing);
  std::vector<std::string> codes, labels;
  std::vector<bool> scored;
  bool all_scored = true;
  for (std::size_t i : members) all_scored = all_scored && (i >= v.scored.size() || v.scored[i]);
  for (std::size_t i = 0; i < v.codes.size(); ++i) {
    const bool member = std::find(members.begin(), members.end(), i) != members.end();
    if (member && i != first) continue;
    to[i] = static_cast<std::int32_t>(codes.size());
    codes.push_back(member ? Joined(m.choices) : v.codes[i]);
    labels.push_back(member ? m.label : (i < v.code_labels.size() ? v.code_labels[i] : v.codes[i]));
    if (!v.scored.empty()) scored.push_back(member ? all_scored : (i < v.scored.size() ? v.scored[i] : true));
  }
  for (std::size_t i : members) to[i] = to[first];
  for (auto& c : v.cat)
    if (c != kMissing && static_cast<std::size_t>(c) < to.size()) c = to[c];
  v.codes = std::move(codes);
  v.code_labels = std::move(labels);
  v.scored = std::move(scored);
}

// A select_multiple's choice columns of the members become one: chosen when any member was.
void MergeChoiceColumns(std::vector<Variable>& vars, const Merge& m) {
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    const Variable& v = vars[i];
    if (v.question != m.question || v.name.size() <= m.question.size() + 1) continue;
    const std::string choice = v.name.substr(m.question.size() + 1);
    if (std::find(m.choices.begin(), m.choices.end(), choice) != m.choices.end()) members.push_back(i);
  }
  if (members.empty()) return;
  Variable& keep = vars[members.front()];
  for (std::size_t k = 1; k < members.size(); ++k) {
    const Variable& other = vars[members[k]];
    for (std::size_t r = 0; r < keep.cat.size() && r < other.cat.size(); ++r) {
      if (other.cat[r] == kMissing) continue;
      keep.cat[r] = keep.cat[r] == kMissing ? other.cat[r] : std::max(keep.cat[r], other.cat[r]);
    }
  }
  keep.name = m.question + "/" + Joined(m.choices);
  keep.label = m.label;
  for (std::size_t k = members.size(); k-- > 1;) vars.erase(vars.begin() + static_cast<std::ptrdiff_t>(members[k]));
}

void ApplyTo(Dataset& ds, const Merge& m) {
  auto& vars = ds.mutable_vars();
  const std::string derived =
      (m.question == kGroupQuestion || m.question == kCountryQuestion) ? "_" + m.question : std::string();
  for (auto& v : vars)
    if (v.kind == VarKind::kCategory && v.question.empty() && (v.name == m.question || (!derived.empty() && v.name == derived)))
      MergeCategory(v, m);
  MergeChoiceColumns(vars, m);
}

}  // namespace

std::string MergesKey(std::string_view form_id) { return "report_merges:" + std::string(form_id); }

Result<std::vector<Merge>> ParseMerges(std::string_view text) {
  std::vector<Merge> out;
  CsvTable csv = ReadCsvRecords(text, {.trim = true, .comment = '#'});
  if (csv.error) return At(csv.error->line, csv.error->column, csv.error->message);
  for (const CsvRecord& record : csv.records) {
    const int line_no = record.line;
    const std::vector<std::string>& fields = record.fields;
    if (out.empty() && ToLower(fields[0]) == "question") continue;  // the header
    if (fields[0].empty()) return At(line_no, 1, "the question's name is missing");
    if (fields.size() < 2 || fields[1].empty()) return At(line_no, 2, "the combined category's label is missing");
    if (fields.size() < 4)
      return At(line_no, static_cast<int>(fields.size()) + 1, "at least two choices are merged into one");
    Merge m;
    m.question = fields[0];
    m.label = fields[1];
    m.line = line_no;
    for (std::size_t i = 2; i < fields.size(); ++i) {
      if (fields[i].empty()) return At(line_no, static_cast<int>(i) + 1, "a choice's name is missing");
      if (std::find(m.choices.begin(), m.choices.end(), fields[i]) != m.choices.end())
        return At(line_no, static_cast<int>(i) + 1, "'" + fields[i] + "' is given twice");
      m.choices.push_back(fields[i]);
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string SerializeMerges(const std::vector<Merge>& merges) {
  if (merges.empty()) return "";
  std::string out = "question,label,choices\n";
  for (const auto& m : merges) {
    out += CsvField(m.question) + "," + CsvField(m.label);
    for (const auto& c : m.choices) out += "," + CsvField(c);
    out += "\n";
  }
  return out;
}

Status CheckMerges(const form::Form& f, const std::vector<Merge>& merges) {
  std::set<std::pair<std::string, std::string>> used;
  for (std::size_t k = 0; k < merges.size(); ++k) {
    const Merge& m = merges[k];
    const int line = m.line > 0 ? m.line : static_cast<int>(k) + 1;
    const form::Node* n = f.Find(m.question);
    if (!n || n->personal || !n->choices || (n->type != Type::kSelectOne && n->type != Type::kSelectMultiple))
      return At(line, 1, "'" + m.question + "' is not a closed question of " + f.id);
    if (Trim(m.label).empty()) return At(line, 2, "the combined category's label is missing");
    if (m.choices.size() < 2) return At(line, 3, "at least two choices are merged into one");
    for (std::size_t i = 0; i < m.choices.size(); ++i) {
      const auto& cs = n->choices->choices;
      if (std::none_of(cs.begin(), cs.end(), [&](const auto& c) { return c.name == m.choices[i]; }))
        return At(line, static_cast<int>(i) + 3, "'" + m.choices[i] + "' is not a choice of " + m.question);
      if (!used.insert({m.question, m.choices[i]}).second)
        return At(line, static_cast<int>(i) + 3, "'" + m.choices[i] + "' is already merged into another category");
    }
  }
  return Status::Ok();
}

void ApplyMerges(Dataset& ds, const std::vector<Merge>& merges) {
  for (const auto& m : merges) {
    ApplyTo(ds, m);
    for (auto& rp : ds.repeats) ApplyTo(rp.instances, m);
  }
}

std::vector<std::string> DescribeMerges(const form::Form& f, const std::vector<Merge>& merges, std::string_view lang) {
  std::vector<std::string> out;
  const std::string& fb = f.lang();
  const std::string_view want = lang.empty() ? std::string_view(fb) : lang;
  for (const auto& m : merges) {
    const form::Node* n = f.Find(m.question);
    if (!n || !n->choices) continue;
    std::string q = n->label.Get(want, fb);
    if (q.empty()) q = n->name;
    std::string parts;
    for (std::size_t i = 0; i < m.choices.size(); ++i) {
      std::string l = m.choices[i];
      for (const auto& c : n->choices->choices)
        if (c.name == m.choices[i] && !c.label.empty()) l = c.label.Get(want, fb);
      parts += (i == 0 ? "" : i + 1 == m.choices.size() ? " and " : ", ") + ("\u201C" + l + "\u201D");
    }
    out.push_back(q + ": " + parts + " are shown together as \u201C" + m.label + "\u201D.");
  }
  return out;
}

}  // namespace mcs::stats
