// The study report's data, as the command line and the console both build it: each questionnaire's
// responses loaded (stats::Load, repeats too) with the team's merged categories applied, and their
// union on the shared questions (stats::Unite), each stakeholder group named by its questionnaire's
// title without the words every title starts with ("…: survey of VET providers" → "VET providers").
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "form/form.h"
#include "report/report.h"
#include "stats/dataset.h"
#include "storage/storage.h"

namespace mcs::report {

struct StudyData {
  std::vector<std::shared_ptr<const form::Form>> forms;
  std::vector<stats::Dataset> data;  // one per form, in the same order
  stats::Dataset united;             // their rows in that order
  std::vector<std::string> merged;   // the merged categories, "Form title: sentence" (DescribeMerges)
  // The parts RenderStudyHtml takes (pointing into this object: keep it alive and in place).
  std::vector<StudyPart> Parts() const;
};

// Loads the study. `merges_text`: merged categories for every form instead of the stored ones
// (lines naming a question a form lacks are for the others); nullptr: each form's stored merges.
// Invalid when merges do not fit a form (the message names the form, line and column).
Result<StudyData> LoadStudy(storage::Storage& store, std::vector<std::shared_ptr<const form::Form>> forms,
                            const std::string& lang, const std::string* merges_text = nullptr);

}  // namespace mcs::report
