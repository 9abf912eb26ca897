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
  bool return_to_review = false;  // the page was opened with the review's "Change" link (see below)
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

// Where a response keeps its way back to the review after a "Change" (names starting with _mcs are
// reserved): the pages passed on it and the questions it opened that the respondent has not yet been
// through. Kept with the answers, so resuming goes on with it; Runtime::Finalize drops it.
inline constexpr const char* kDetourKey = "_mcs_detour";

// Applies one page post to `a` and says where it leads. Answers to questions shown on the page are
// taken (a question left empty is cleared); answers hidden by a change are kept while the response
// is in progress (they come back if the respondent changes their mind) but every expression sees
// them as blank, and they are dropped when the response is completed.
//
// A change made from the review (GOV.UK's "check answers" pattern): when it makes questions apply
// that did not (a filter answered "yes", a repeat count raised, a choice with a "please specify" on
// another page), the respondent is taken through the pages holding them, in form order, each with
// its checks, and then back to the review; when it opens nothing, straight back to the review. Back
// on such a page goes to the page passed before it on the way; a question opened by any post on the
// way (a draft, Back, "save") is kept until its page is passed, so nothing opened is skipped quietly.
Outcome Advance(const Runtime& rt, Answers& a, const PagePost& post, std::string_view lang);

// A whole response at once (the JSON API, the form tests' `submit`): every page checked, and every
// choice against its filter (all answers were given at once, so a choice not offered is a bad answer
// rather than one an earlier change made stale); when nothing is wrong, cleaned up as a completed
// response (Runtime::Finalize). Returns the problems.
// `given_at_once`: false when the answers were checked as they were given (the form tests' `answer`).
std::vector<FieldError> Complete(const Runtime& rt, Answers& a, std::string_view lang, bool given_at_once = true);

// The page to show a respondent who comes back to `want` (a saved position): it, or the first page
// after it that still applies, or the last page.
PageRef Resolve(const std::vector<PageRef>& pages, PageRef want);
// The index of `p` in `pages`, -1 when it is not shown.
int PositionOf(const std::vector<PageRef>& pages, PageRef p);

}  // namespace mcs::engine
