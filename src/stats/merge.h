// Categories merged before suppressing, when the study team chooses (issue 23): a closed question's
// choices combined into one category ("1-9 employees" + "10-49 employees" → "under 50"), so that a
// breakdown keeps a cell of 5 or more where its parts would each be suppressed. The team sets them
// per questionnaire (console, `mcsurvey merges`, `mcsurvey report --merge FILE`); they are kept as
// the setting MergesKey(form_id) in the text form below, so both storage backends hold them alike.
//
// The text: one merge per line, `question,combined label,choice,choice[,choice...]` (CSV: a field
// with a comma or quote is quoted, "" inside quotes is one quote); an optional header line starting
// `question,`; blank lines and lines starting with # are ignored.
//
// Applied to a loaded Dataset (ApplyMerges), the merge is what every table, chart, cross-tab and
// public page sees: a select_one's categories are remapped (the merged category takes the place of
// its first member, its code the members' names joined by "+"); a select_multiple's choice columns
// become one ("chosen" when any member was), so a respondent who chose two of them counts once.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "form/form.h"
#include "stats/dataset.h"

namespace mcs::stats {

struct Merge {
  std::string question;              // a select_one or select_multiple, top level or in a repeat
  std::string label;                 // the combined category's label
  std::vector<std::string> choices;  // the members' choice names, at least two
  int line = 0;                      // where it was written (for messages), 0 when not from text
};

// The setting that holds a questionnaire's merges.
std::string MergesKey(std::string_view form_id);

// Reads the text above. Invalid with "line L, column C: ..." for the first problem.
Result<std::vector<Merge>> ParseMerges(std::string_view text);
// The merges as text that ParseMerges reads back (with its header line); "" when none.
std::string SerializeMerges(const std::vector<Merge>& merges);

// Checks merges against a form: each question a closed question of it that is not personal, each
// choice one of its list, at least two choices, a label, no choice in two merges. Invalid with the
// line and column of the first problem.
Status CheckMerges(const form::Form& f, const std::vector<Merge>& merges);

// Applies merges (checked with CheckMerges) to a dataset and its repeats; a question the dataset
// did not load is passed over. "group" and "country" also reach the shared rule's columns.
void ApplyMerges(Dataset& ds, const std::vector<Merge>& merges);

// One sentence per merge for a method section, in plain text (not escaped):
// "Size of the organisation: “1-9 employees” and “10-49 employees” are shown together as “under 50”."
std::vector<std::string> DescribeMerges(const form::Form& f, const std::vector<Merge>& merges, std::string_view lang = "");

}  // namespace mcs::stats
