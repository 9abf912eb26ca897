#include <boost/json.hpp>

#include "common/clock.h"
#include "common/strings.h"
#include "engine/answers_json.h"
#include "export/export.h"

namespace mcs::exporter {

using form::Type;

std::vector<Column> Columns(const form::Form& f, int repeat) {
  std::vector<Column> cols;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    const form::Node& n = f.nodes[i];
    if (!form::HoldsValue(n.type) || n.personal || n.repeat != repeat) continue;
    cols.push_back({n.name, static_cast<int>(i), ""});
    if (n.type == Type::kSelectMultiple) {
      for (const auto& c : n.choices->choices) cols.push_back({n.name + "/" + c.name, static_cast<int>(i), c.name});
    }
  }
  return cols;
}

void AppendCsvField(std::string& line, std::string_view v, bool is_text) {
  bool neutralise = is_text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' ||
                                              v[0] == '\t' || v[0] == '\r');
  bool quote = neutralise || v.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    line.append(v);
    return;
  }
  line += '"';
  if (neutralise) line += '\'';
  for (char c : v) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

namespace {

bool IsText(const form::Node& n) {
  return n.type == Type::kText || n.type == Type::kCalculate || n.type == Type::kTime || n.type == Type::kDateTime ||
         n.type == Type::kMeta || n.type == Type::kRank || n.type == Type::kHidden;
}

// The choice label of `name` in `lang` (the name itself when the form has none).
std::string ChoiceLabel(const form::Form& f, const form::Node& n, const std::string& name, const std::string& lang) {
  const form::Choice* c = n.choices ? n.choices->Find(name) : nullptr;
  if (!c || c->label.empty()) return name;
  const std::string& l = c->label.Get(lang, f.lang());
  return l.empty() ? name : l;
}

// A select's answer as its choice labels (Options::labels).
std::string AsLabels(const form::Form& f, const form::Node& n, const std::string& value, const std::string& lang) {
  if (n.type == Type::kSelectOne) return ChoiceLabel(f, n, value, lang);
  std::string out;
  for (const auto& w : SplitWords(value)) {
    if (!out.empty()) out += "; ";
    out += ChoiceLabel(f, n, w, lang);
  }
  return out;
}

void AppendValues(std::string& line, const form::Form& f, const std::vector<Column>& cols, const engine::Values& v,
                  const std::string* labels_lang) {
  for (const Column& c : cols) {
    line += ',';
    const form::Node& n = f.nodes[static_cast<std::size_t>(c.node)];
    auto it = v.find(n.name);
    if (!c.choice.empty()) {
      // Unanswered stays empty (missing), not 0: "not asked" differs from "not chosen".
      if (it == v.end()) continue;
      bool chosen = false;
      for (const auto& w : SplitWords(it->second)) chosen = chosen || w == c.choice;
      line += chosen ? '1' : '0';
    } else if (it != v.end() && labels_lang &&
               (n.type == Type::kSelectOne || n.type == Type::kSelectMultiple)) {
      AppendCsvField(line, AsLabels(f, n, it->second, *labels_lang), true);
    } else if (it != v.end()) {
      AppendCsvField(line, it->second, IsText(n));
    }
  }
}

}  // namespace

Result<long long> WriteCsv(storage::Storage& store, const form::Form& f, const Options& opts, std::ostream& out,
                           const std::function<std::ostream*(const std::string&)>& repeat_out) {
  const std::vector<Column> cols = Columns(f);
  const std::string lang = !opts.lang.empty() && f.HasLanguage(opts.lang) ? opts.lang : f.lang();
  const std::string* labels_lang = opts.labels ? &lang : nullptr;
  std::string line = "id,form_version,lang,status,started_at,submitted_at";
  for (const Column& c : cols) {
    line += ',';
    AppendCsvField(line, c.name, false);
  }
  line += "\r\n";
  out << line;

  struct RepeatOut {
    std::string name;
    std::vector<Column> cols;
    std::ostream* os;
  };
  std::vector<RepeatOut> reps;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (f.nodes[i].type != Type::kRepeat || !repeat_out) continue;
    std::ostream* os = repeat_out(f.nodes[i].name);
    if (!os) continue;
    RepeatOut r{f.nodes[i].name, Columns(f, static_cast<int>(i)), os};
    std::string h = "response_id,instance";
    for (const Column& c : r.cols) {
      h += ',';
      AppendCsvField(h, c.name, false);
    }
    *os << h << "\r\n";
    reps.push_back(std::move(r));
  }

  long long count = 0;
  Status failure;
  storage::ResponseFilter filter{opts.complete_only, opts.form_version};
  Status st = store.ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    auto answers = engine::FromStoredJson(r.answers_json);
    if (!answers.ok()) {
      failure = Error{ErrorCode::kInternal, "response " + r.id + ": " + answers.error().message};
      return false;
    }
    line.clear();
    line += r.id;
    line += ',';
    AppendCsvField(line, r.form_version, true);
    line += ',' + r.lang + ',' + storage::StatusName(r.status) + ',' + FormatTimeUtc(r.started_at) + ',';
    if (r.submitted_at) line += FormatTimeUtc(r.submitted_at);
    AppendValues(line, f, cols, answers->values, labels_lang);
    line += "\r\n";
    out << line;
    for (RepeatOut& rep : reps) {
      auto it = answers->repeats.find(rep.name);
      if (it == answers->repeats.end()) continue;
      for (std::size_t k = 0; k < it->second.size(); ++k) {
        line.clear();
        line += r.id + ',' + std::to_string(k + 1);
        AppendValues(line, f, rep.cols, it->second[k], labels_lang);
        line += "\r\n";
        *rep.os << line;
      }
    }
    ++count;
    return static_cast<bool>(out);
  });
  if (!st.ok()) return st.error();
  if (!failure.ok()) return failure.error();
  if (!out) return MakeError(ErrorCode::kUnavailable, "could not write the export");
  return count;
}

}  // namespace mcs::exporter
