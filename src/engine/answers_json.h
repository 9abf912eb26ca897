// Answers ↔ JSON. Two shapes:
//  - stored: every value a string in canonical form, repeats as arrays of objects (what Storage keeps);
//  - API (INTERFACE.md): integers and decimals as numbers, select_multiple as arrays of choice names.
#pragma once
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "engine/engine.h"

namespace mcs::engine {

std::string ToStoredJson(const Answers& a);
Result<Answers> FromStoredJson(std::string_view json);

class StoredAnswersView;

// The values of one answer set (a response's top level, or one repeat instance) as read-only views
// into a StoredAnswersView: valid until its next Parse.
class ValuesView {
 public:
  ValuesView() = default;
  // The stored value of `name`, or nullopt when unanswered.
  std::optional<std::string_view> Get(std::string_view name) const;
  // The same for the form's node `node` (an index into Form::nodes): no name lookup.
  std::optional<std::string_view> Get(int node) const;
  // A repeat instance's answers (name, value) in stored order; empty for the top level, which is
  // read question by question.
  std::vector<std::pair<std::string_view, std::string_view>> Pairs() const;

 private:
  friend class StoredAnswersView;
  ValuesView(const StoredAnswersView* owner, int repeat, int instance)
      : owner_(owner), repeat_(repeat), instance_(instance) {}
  const StoredAnswersView* owner_ = nullptr;
  int repeat_ = -1;  // -1: the top level; else an index into the owner's repeats
  int instance_ = -1;
};

// Stored answers decoded for reading many responses fast (exports, statistics): one pass of
// Boost.JSON's SAX parser straight into slots per question of the form, no maps or DOM built and,
// once warm, no memory allocated per response. Reuse one instance across rows.
class StoredAnswersView {
 public:
  explicit StoredAnswersView(const form::Form& f);
  ~StoredAnswersView();
  StoredAnswersView(const StoredAnswersView&) = delete;
  StoredAnswersView& operator=(const StoredAnswersView&) = delete;

  // Fails, like FromStoredJson, on text that is not a stored answer set.
  Status Parse(std::string_view json);
  ValuesView Main() const { return ValuesView(this, -1, -1); }
  // The number of instances of a repeat, and one of them (0-based).
  std::size_t RepeatSize(std::string_view repeat) const;
  ValuesView RepeatInstance(std::string_view repeat, std::size_t k) const;
  // This row's repeats, by name in stored order.
  std::vector<std::string_view> RepeatNames() const;
  // This row's top-level answers whose names are no question of the form (another version's), in
  // stored order.
  std::vector<std::pair<std::string_view, std::string_view>> Extras() const;

  struct Span {
    std::uint32_t offset = 0, size = 0;
  };
  struct Pair {
    Span key, value;
  };
  struct Repeat {
    Span name;
    std::vector<std::vector<Pair>> instances;  // only the first `used` are this row's
    std::size_t used = 0;
  };
  struct Slot {
    std::uint32_t generation = 0;
    Span value;
  };

 private:
  friend class ValuesView;
  struct Handler;
  std::string_view Text(Span s) const { return std::string_view(text_).substr(s.offset, s.size); }
  int FindRepeat(std::string_view name) const;

  const form::Form& form_;
  std::string text_;               // this row's keys and values
  std::vector<Slot> slots_;        // per form node: its top-level value in this row
  std::uint32_t generation_ = 0;   // slots of other generations are unanswered
  std::vector<Pair> extra_;        // top-level names the form lacks (another version's)
  std::vector<Repeat> repeats_;    // only the first `repeats_used_` are this row's
  std::size_t repeats_used_ = 0;
  std::vector<int> order_;         // the nodes in the order the last row named them
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

// True when the space-separated list `words` (a select_multiple's stored value) holds `word`.
bool HasWord(std::string_view words, std::string_view word);

// Splits answers into the part stored with the response and the personal data kept apart.
void SplitPersonal(const form::Form& f, const Answers& all, Answers& answers, Answers& personal);
// The same split written straight to stored JSON, as ToStoredJson(answers) and, when there is any
// personal data, ToStoredJson(personal) (else `personal` is empty): no copy of the answers made.
void ToStoredJsonSplit(const form::Form& f, const Answers& a, std::string& main, std::string& personal);
// The inverse: merges personal data back.
void MergePersonal(Answers& into, const Answers& personal);

boost::json::object ToApiJson(const form::Form& f, const Answers& a);

// Reads an API submission's "answers" object: each value checked against its question's type
// (Canonicalize), unknown names refused. Errors use the same messages as the pages.
Answers FromApiJson(const form::Form& f, const boost::json::object& answers, std::string_view lang,
                    std::vector<FieldError>& errors);

}  // namespace mcs::engine
