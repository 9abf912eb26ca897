// What a form's expressions see of one response, as ODK defines it: the answers, except that a
// question that does not apply (it or a group around it is not relevant) counts as blank wherever it
// is referenced, and calculations are worked out from what the expressions see, not read from what
// was stored. Relevance, calculations and repeat counts are evaluated on demand, each once, so they
// come out in dependency order whatever order they are asked for (the fixed point, without
// re-evaluating the whole form per answer).
//
// A View borrows the answers: build a new one after changing them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/engine.h"

namespace mcs::engine {

class View {
 public:
  View(const form::Form& f, const Answers& a);
  View(const View&) = delete;
  View& operator=(const View&) = delete;

  const form::Form& form() const { return f_; }
  const Answers& answers() const { return a_; }

  // Whether node `n` and every group around it apply, in repeat instance `instance` (-1 outside
  // repeats; a repeat's own relevance is judged outside its instances).
  bool Relevant(int n, int instance) const;
  // What expressions see of node `n`: "" when it does not apply; a calculation's result; for a
  // select with a choice_filter, the stored choices it still offers (ODK clears the others); else
  // the stored answer. A question inside a repeat referenced from outside any instance gives the first
  // instance's value (XPath's string value of a node-set).
  const std::string& Value(int n, int instance) const;
  // The instances repeat `n` has: 0 when it does not apply; its repeat_count when it has one; else
  // as many as stored, at least one.
  int Count(int n) const;

  // Whether select question `q` offers choice `c` now, in `instance`: its choice_filter passes
  // (no filter: every choice).
  bool Offers(int q, int instance, const form::Choice& c) const;

  // Whether some stored answer is one the expressions do not see (its question does not apply
  // now): such answers are kept while the response is in progress, but must not be shown as
  // answers (Runtime::Finalize on a copy gives what is seen). With `referenced_only`, only answers
  // some expression or piped text of the form reads (Form::referenced) are looked at.
  bool HidesStoredAnswers(bool referenced_only = false) const;

  // Evaluates `e` for node `node` in `instance` (the context of '.', position() and the instance
  // other references in the same repeat resolve to).
  xpath::Value Evaluate(const xpath::Expression& e, int node, int instance) const;
  bool Test(const form::ExprPtr& e, int node, int instance, bool if_null) const;
  // The context expressions of node `node` in `instance` are evaluated in: ${name} resolves to
  // the current instance for a question of the same repeat, to the first instance for one of
  // another repeat (XPath's string value of a node-set), and to "" when the question does not apply.
  class Context : public xpath::EvalContext {
   public:
    Context(const View& v, int node, int instance);
    std::string Resolve(std::string_view name) const override;
    std::string Current() const override;
    std::vector<std::string> ResolveAll(std::string_view name) const override;
    // A repeat, or a question of a repeat this expression is not in the instance of: a node-set of
    // the instances (false in boolean() when there are none; concat() joins them).
    bool IsNodeSet(std::string_view name) const override;
    std::string ChoiceLabel(std::string_view name, std::string_view choice) const override;
    int Position() const override { return instance_ + 1; }
    int UtcOffsetMinutes() const override;

   private:
    int Index(const form::Node* n) const;
    int InstanceFor(const form::Node& n) const;
    const View& v_;
    int node_;
    int instance_;
    int repeat_ = 0;
  };

 private:
  // Per node, two bits each: its own relevant expression, that and every group around it, its
  // calculation worked out. Unknown, being worked out (a cycle: the compiler refuses them), no, yes.
  enum : std::uint8_t { kUnknown = 0, kBusy = 1, kNo = 2, kYes = 3 };
  enum Field : int { kSelf = 0, kAll = 2, kCalc = 4 };
  // The states of instance `instance` (-1: outside repeats), made on first use.
  std::uint8_t& StateOf(int n, int instance) const;
  static std::uint8_t Get(std::uint8_t s, Field f) { return static_cast<std::uint8_t>((s >> f) & 3); }
  static void Put(std::uint8_t& s, Field f, std::uint8_t v) {
    s = static_cast<std::uint8_t>((s & ~(3 << f)) | (v << f));
  }
  bool SelfRelevant(int n, int instance) const;
  const std::string& Stored(const form::Node& n, int instance) const;

  const form::Form& f_;
  const Answers& a_;
  mutable std::vector<std::uint8_t> top_;
  mutable std::vector<std::vector<std::uint8_t>> instances_;  // [instance][node]
  mutable std::vector<std::pair<int, int>> counts_;           // (repeat, count; -1 while worked out)
  // (node, instance) → result; node-based, so references to results stay valid.
  mutable std::unordered_map<std::int64_t, std::string> calculated_;
  // Per top-level node, its stored answer once looked up (the answers' own string, or Empty());
  // made on first use. The answers do not change while the view lives (see above).
  mutable std::vector<const std::string*> stored_top_;
};

}  // namespace mcs::engine
