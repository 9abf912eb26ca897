// A response in progress: which pages and questions apply (relevance), whether answers are acceptable
// (types, required, constraints), calculations. The one authority for both the HTML pages and the
// JSON API, so both give the same verdicts and the same messages. Knows nothing of HTTP or storage.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "form/form.h"

namespace mcs::engine {

// Ordered by name; looked up by string_view without building a std::string (std::less<>).
using Values = std::map<std::string, std::string, std::less<>>;

// The answers of one response, as stored: canonical strings (integers "12", decimals "2.5", dates
// "2026-07-05", select_multiple "a b c" as ODK writes them); repeats as a list of instances.
struct Answers {
  Values values;
  std::map<std::string, std::vector<Values>> repeats;

  // The stored value of `name` (in repeat instance `instance` when the question is inside a repeat).
  const std::string& Get(const form::Form& f, std::string_view name, int instance) const;
  void Set(const form::Form& f, const std::string& name, int instance, std::string value);
  void Erase(const form::Form& f, const std::string& name, int instance);
  bool operator==(const Answers&) const = default;
};

// Where a response keeps the seed of its randomized choice lists (names starting with _mcs are
// reserved, so no question can collide with it): drawn once when the response starts, so the order
// is the same on every page, after resuming, and on the review page.
inline constexpr const char* kSeedKey = "_mcs_seed";

// Limits on what a respondent can send.
inline constexpr std::size_t kMaxTextChars = 10000;
inline constexpr int kMaxRepeatInstances = 50;

struct FieldError {
  std::string field;  // the question's name
  int instance = -1;  // repeat instance (0-based), -1 outside repeats
  std::string message;
};

// One page a respondent sees: Form::pages[page], for repeat pages the instance.
struct PageRef {
  int page = 0;
  int instance = -1;
  bool operator==(const PageRef&) const = default;
};

// Who wrote an answer: a respondent typing into a page, or a program (the JSON API's numbers, a
// value the page showed as stored and got back unchanged). A person's decimal with the page
// language's thousands separator before three digits ("1,000" in English, "1.000" in German) is
// asked again: read as a decimal separator it would store 1 for a thousand.
enum class Typist { kProgram, kPerson };

// Turns what a respondent typed into the stored form of an answer to `q`, or says why it cannot.
// An empty or all-blank input is "unanswered" (returns ""). `lang` picks the message's language.
Result<std::string> Canonicalize(const form::Node& q, std::string_view raw, std::string_view lang,
                                 Typist by = Typist::kProgram);

class View;

class Runtime {
 public:
  explicit Runtime(const form::Form& f) : f_(f) {}

  // Every question below is answered as ODK does: a question that does not apply (it, or a group
  // around it, is not relevant) counts as blank wherever it is referenced (see view.h). The
  // overloads taking a View reuse what one view has worked out; those taking Answers make one.
  //
  // Whether node `n` (and every group around it) applies, given the answers.
  bool IsRelevant(const Answers& a, int n, int instance) const;
  // How many instances the repeat `n` has.
  int RepeatCount(const Answers& a, int n) const;
  // Whether the respondent decides how many instances the repeat `n` has (it has no repeat_count):
  // it starts with one, and the respondent adds ("add another") and removes them.
  bool RespondentAdds(int n) const;
  // Adds an empty instance after the last of the respondent-added repeat `n`; false at the limit
  // (kMaxRepeatInstances). Returns the new instance's index in `added`.
  bool AddInstance(Answers& a, int n, int* added) const;
  // Removes instance `instance` of the respondent-added repeat `n` (later ones move up); false when
  // it is the only one or does not exist.
  bool RemoveInstance(Answers& a, int n, int instance) const;
  // The pages to show, in order, skipping pages with nothing relevant on them.
  std::vector<PageRef> Pages(const Answers& a) const;
  std::vector<PageRef> Pages(const View& v) const;
  // The questions of a page that apply, in order.
  std::vector<int> VisibleQuestions(const Answers& a, PageRef p) const;
  std::vector<int> VisibleQuestions(const View& v, PageRef p) const;
  // The questions to put on a page rendered without JavaScript: those that apply, and those whose
  // relevance hangs on another answer on the same page (the respondent may be about to give it).
  std::vector<int> DisplayQuestions(const Answers& a, PageRef p) const;
  std::vector<int> DisplayQuestions(const View& v, PageRef p) const;
  // Required and constraint checks of one page (types were checked by Canonicalize).
  std::vector<FieldError> ValidatePage(const Answers& a, PageRef p, std::string_view lang) const;
  std::vector<FieldError> ValidatePage(const View& v, PageRef p, std::string_view lang) const;
  // A choice given just now that the question's choice_filter does not offer is refused ("Choose
  // one of the options listed."). A choice that was offered when given and no longer is (an earlier
  // answer changed) is not an error: it counts as blank, as ODK clears it (view.h).
  std::optional<FieldError> CheckOffered(const View& v, int q, int instance, std::string_view lang) const;
  // CheckOffered for every question that applies (answers all given at once: the JSON API).
  std::vector<FieldError> CheckOfferedAll(const View& v, std::string_view lang) const;
  // Every page, for a final submission.
  std::vector<FieldError> ValidateAll(const Answers& a, std::string_view lang) const;
  std::vector<FieldError> ValidateAll(const View& v, std::string_view lang) const;
  // Before storing a complete response (and on a copy, before exporting a partial one): computes
  // calculations, drops answers to questions that do not apply and instances beyond a repeat's
  // count, and drops names the form does not have.
  void Finalize(Answers& a) const;
  // Evaluates every calculation, each after those it reads.
  void Calculate(Answers& a) const;
  // After answers named in `changed` changed: works the calculations out again (each once; a change
  // reaches calculations through relevance too, so all are redone).
  void Recalculate(Answers& a, const std::vector<std::string>& changed) const;
  // The answers a new response starts with: each question's `default` (a literal, in the form the
  // question stores, or pyxform's dynamic default evaluated in document order; defaults that do not
  // fit the question's type are left out), and the first instance of each repeat the respondent
  // adds to, with its questions' defaults.
  Answers Defaults() const;
  // Gives instance `instance` of repeat `repeat` its questions' defaults (a new instance, as ODK
  // does). True when some question has one.
  bool InstanceDefaults(Answers& a, int repeat, int instance) const;
  // The instances a counted repeat's count has grown to that were never stored: made, with their
  // questions' defaults (after each change to the answers; a no-op for repeats without defaults).
  void CreateCountedInstances(Answers& a) const;
  // Fills the metadata questions of `kind` ("start", "end", "today") with `value`.
  void SetMeta(Answers& a, std::string_view kind, const std::string& value) const;
  // The choices question `q` offers now: its list, filtered by its choice_filter, shuffled when the
  // question asks for randomize (by the response's kSeedKey, or by its seed parameter).
  std::vector<const form::Choice*> Choices(const Answers& a, int q, int instance) const;
  std::vector<const form::Choice*> Choices(const View& v, int q, int instance) const;
  // Label/hint with ${name} references replaced by the answers.
  std::string Pipe(const Answers& a, std::string_view text, int instance) const;
  std::string Pipe(const View& v, std::string_view text, int instance) const;

  const form::Form& form() const { return f_; }

 private:
  std::vector<const form::Choice*> FilteredChoices(const View& v, int q, int instance) const;
  // Calls fn(page, visible questions) for every page Pages() gives, in order; with `first_only` the
  // list holds just the first visible question (enough to know the page is shown).
  template <typename Fn>
  void ForEachPage(const View& v, Fn&& fn, bool first_only = false) const;
  // The questions of page `p` to show (calculations and hidden fields left out), at most one with
  // `first_only`.
  void Visible(const View& v, PageRef p, bool first_only, std::vector<int>& out) const;
  std::optional<FieldError> CheckQuestion(const View& v, int q, int instance, std::string_view lang) const;
  const form::Form& f_;
};

// The built-in interface messages ("This question is required.") in `lang`, English when missing.
std::string Message(std::string_view id, std::string_view lang);

}  // namespace mcs::engine
