// The respondent's path through a form: what one page post changes and where it leads. The one
// place that decides it: the HTML pages (web/respondent.cpp), the JSON API (web/api.cpp) and the
// declarative form tests (tests/forms) all call these functions, so a form test cannot pass while
// the server behaves differently. Knows nothing of HTTP or storage: web/ parses the post, saves the
// answers the flow leaves and renders the outcome.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.h"

namespace mcs::engine {

// What a page sent, as name/value pairs in the order sent (a select_multiple or a ranking sends
// one pair per choice).
using Fields = std::vector<std::pair<std::string, std::string>>;

struct PagePost {
  bool from_review = false;  // sent from the "check your answers" page
  PageRef page;              // the page sent (not used from the review)
  // "next" (also what an empty action means), "back", "save", "draft", "add", "remove", "submit",
  // or "lang:CODE" (stay where you are: web/ changes the language).
  std::string action;
  bool return_to_review = false;  // the page was opened with the review's "Change" link
  Fields fields;
  // Set as the "end" metadata when the response is completed.
  std::string end_time;
};

enum class Step {
  kMoved,      // the respondent is now at `at` (or the review): show it (Post/Redirect/Get)
  kRefused,    // `at` again with `errors` (nothing moved on); `raw` holds refused input as typed
  kSaved,      // `at` (or the review) again with "your answers are saved"
  kDrafted,    // saved as typed, without checks (JavaScript saving while the respondent types)
  kCompleted,  // checked, cleaned up (Runtime::Finalize) and complete: store it as such
};

struct Outcome {
  Step step = Step::kMoved;
  PageRef at;             // where the respondent is (when not at the review)
  bool review = false;    // at the "check your answers" page
  std::vector<FieldError> errors;
  Values raw;
  std::vector<std::string> changed;  // names whose answers the post changed
};

// Applies one page post to `a` and says where it leads. Answers to questions shown on the page are
// taken (a question left empty is cleared); answers hidden by a change are kept while the response
// is in progress (they come back if the respondent changes their mind) but every expression sees
// them as blank, and they are dropped when the response is completed.
Outcome Advance(const Runtime& rt, Answers& a, const PagePost& post, std::string_view lang);

// A whole response at once (the JSON API, the form tests' `submit`): every page checked; when
// nothing is wrong, cleaned up as a completed response (Runtime::Finalize). Returns the problems.
std::vector<FieldError> Complete(const Runtime& rt, Answers& a, std::string_view lang);

// The page to show a respondent who comes back to `want` (a saved position): it, or the first page
// after it that still applies, or the last page.
PageRef Resolve(const std::vector<PageRef>& pages, PageRef want);
// The index of `p` in `pages`, -1 when it is not shown.
int PositionOf(const std::vector<PageRef>& pages, PageRef p);

}  // namespace mcs::engine
