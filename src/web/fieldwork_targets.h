// The fieldwork targets (issue 22): how many complete responses the team wants per stakeholder
// group × country of a questionnaire. Cells come only from the questionnaire's own choice lists (the
// `group` and `country` questions; a form without a `group` question is its own group, named by its
// form id), so a typo cannot make a phantom group or country. The console's table, the dashboard's
// figures and `mcsurvey targets set` all go through here.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::web {

// A code and what the team reads for it.
struct Named {
  std::string code;
  std::string name;
};

// The cells a form's targets may name, in the form's own order.
struct TargetFrame {
  std::string form_id;
  std::vector<Named> groups;
  std::vector<Named> countries;  // one entry "(not given)" when the form asks no country
  bool HasGroup(std::string_view code) const;
  bool HasCountry(std::string_view code) const;
};

// The frame of `f`, names in `lang` (the console's language; the form's default when it lacks it).
TargetFrame FrameOf(const form::Form& f, const std::string& lang);

using TargetCell = std::pair<std::string, std::string>;  // group code, country code
using Targets = std::map<TargetCell, long>;              // complete responses wanted (> 0)

inline constexpr long kMaxTarget = 1000000;

// The form's targets (none set: empty).
Targets LoadTargets(storage::Storage& store, const std::string& form_id);
// Replaces the form's targets at once (one setting, so never half-written). Cells outside `frame`
// are refused (kInvalid) so nothing can store a phantom cell.
Status SaveTargets(storage::Storage& store, const TargetFrame& frame, const Targets& targets);

struct TargetProblem {
  int line = 0;  // CSV line (the header is line 1); 0 for the file as a whole
  std::string message;
};

// Reads a targets CSV (comma or semicolon; UTF-8, BOM allowed) whose header names the columns
// `group`, `country` and `target` in any order (others, such as the dashboard download's names and
// figures, are ignored; lines whose `form` column names another form are skipped and counted in
// `*other_forms`, so the dashboard's all-questionnaires download can be edited and read back form by
// form). An empty target is no target. Every other line must name a cell of `frame` once, with a
// whole number 0..1,000,000: otherwise `problems` says which line and why, and nothing is returned.
Result<Targets> ParseTargetsCsv(std::string_view csv, const TargetFrame& frame, std::vector<TargetProblem>& problems,
                                int* other_forms = nullptr);

}  // namespace mcs::web
