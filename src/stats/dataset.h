// A form's responses as columns for analysis: one column per closed question (choice index), per
// number, per open text, and one 0/1 column per choice of a select_multiple ("question/choice", as
// in the exports). Each respondent's group and country, by the rule the dashboard shares
// (group_country.h: the invitation's, else the answer, else the form id for the group), become the
// columns "_group" and "_country".
//
// Loading decodes each stored answers object with engine::StoredAnswersView (one streaming pass, no
// per-response map or DOM), so a million responses load in seconds (bench/stats.sh).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "engine/answers_json.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::stats {

inline constexpr std::int32_t kMissing = -1;

// A choice that is an answer but not a substantive one ("Don't know", "Not applicable", "Prefer not
// to say", "Refused", "No opinion"), known by its name (dk, dont_know, do_not_know, don_t_know, na,
// n_a, not_applicable, no_opinion, prefer_not, refused): counted in frequencies, left out of mean
// scores (Variable::scored), and declared missing in the SPSS and Stata exports. The one rule.
bool IsNonSubstantive(std::string_view choice_name);

enum class VarKind { kCategory, kNumber, kText };

struct Variable {
  std::string name;   // question name, "question/choice" for a choice column, "_group", "_country"
  std::string label;  // in the language asked for
  VarKind kind = VarKind::kCategory;
  std::vector<std::string> codes;        // categories (choice names), kCategory only
  std::vector<std::string> code_labels;  // their labels
  // An agreement or rating scale: categories in order, scored 1..k (scored[i] = false for "don't
  // know"-like answers, which are counted but not scored).
  bool ordinal = false;
  std::vector<bool> scored;
  std::string question;  // a choice column's select_multiple; "" otherwise
  std::vector<std::int32_t> cat;  // per row: category index or kMissing
  std::vector<double> num;        // per row: the number, NaN when unanswered
  std::vector<std::string> text;  // per row: the answer, "" when unanswered

  bool Missing(std::size_t row) const;
};

struct RepeatData;

class Dataset {
 public:
  std::size_t rows() const { return rows_; }
  const std::vector<Variable>& vars() const { return vars_; }
  // The variable of that name, or nullptr. "group" and "country" name the shared rule's "_group"
  // and "_country" when loaded (a question of that name is only one of the rule's sources).
  const Variable* Find(std::string_view name) const;
  // Adds a variable (for tests and derived variables); its row vectors must have rows() entries
  // once rows are set.
  Variable& Add(Variable v);
  // The variables to change in place (stats::ApplyMerges): pointers into them are invalidated.
  std::vector<Variable>& mutable_vars() { return vars_; }
  void SetRows(std::size_t n) { rows_ = n; }

  // With LoadOptions::repeats: each top-level repeat's instances, one row per instance.
  std::vector<RepeatData> repeats;
  // When the responses loaded were submitted (ms since the epoch; 0 when none was): the
  // fieldwork dates a report states.
  std::int64_t first_submitted = 0, last_submitted = 0;

 private:
  std::size_t rows_ = 0;
  std::vector<Variable> vars_;
};

// A repeat's questions analysed per instance: one row per instance (of every response loaded), the
// repeat's question columns and the response's "_group" and "_country".
struct RepeatData {
  std::string name, label;
  Dataset instances;
  std::size_t responses = 0;  // responses with at least one instance
};

struct LoadOptions {
  storage::ResponseFilter filter;  // complete, not excluded, not test: by default
  std::string lang;                // labels' language; "" the form's default
  std::vector<std::string> only;   // questions to load (all when empty); select_multiple brings its choices
  bool repeats = false;            // also each repeat's instances (Dataset::repeats)
};

// Variables for a form's questions (no rows yet), in form order: the top level's (repeat 0), or those
// of the repeat whose node index is `repeat`. Personal questions are left out.
Dataset Schema(const form::Form& f, const LoadOptions& opts, int repeat = 0);

// Decodes stored answers JSON (engine::ToStoredJson) into the next row of a Dataset built by Schema
// from `f`, through engine::StoredAnswersView: the one reader of stored answers that exports,
// statistics and the console share.
class RowDecoder {
 public:
  RowDecoder(Dataset& ds, const form::Form& f, int repeat = 0);
  ~RowDecoder();
  RowDecoder(const RowDecoder&) = delete;
  RowDecoder& operator=(const RowDecoder&) = delete;
  // Appends one row; Invalid when the JSON is malformed (the row is then left with what was read).
  Status AddRow(std::string_view answers_json);
  // Appends one row from answers already read (a repeat instance of the last row of another decoder).
  void AddValues(const engine::ValuesView& values);
  // The last row AddRow read.
  const engine::StoredAnswersView& view() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Loads the responses of `f.id` that pass the filter.
Result<Dataset> Load(storage::Storage& store, const form::Form& f, const LoadOptions& opts);

// Several forms' datasets as one, to compare what the forms share (the study's core questions across
// its stakeholder groups): a variable of the same name and kind in every part becomes one column over
// all their rows, categories united by choice name (first seen first); the others are left out.
// "_group" and "_country" are always shared; `group_labels` (code → label) renames groups, e.g.
// each questionnaire's id to its title. Repeats of the same name are united the same way.
Dataset Unite(const std::vector<const Dataset*>& parts,
              const std::vector<std::pair<std::string, std::string>>& group_labels = {});

}  // namespace mcs::stats
