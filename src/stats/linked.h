// Joint small-cell suppression of every table published about one question (session 11). A
// question's frequency table, its cross-tabs by group, by country and by region, its "did not
// answer" count, the method section's respondents by group and by country and the number of
// responses all count the same respondents: suppressing each table alone let one give another's
// hidden counts away (a row total of the cross-tab by group is a count of the frequency table; a
// column n of a cross-tab is a group's count in the method section when everyone answered; the
// response count less the base is the number who did not answer). Here they are one system.
//
// The model: every count the tables are built from is a node, published (shown, or hidden by
// suppression) or not (the "did not answer" of a group, a cross-tab's row totals that no table
// prints); tables give equations "a total = the sum of its parts" (each line of each table, the
// method section's counts as column totals over everyone, a region as the sum of its countries).
// A reader knows every shown count exactly, that a hidden count is at least 1 (zeros are shown) and
// an unpublished one at least 0, and propagates bounds through the equations to a fixed point (as
// stats::Disclosed does for one table; tests/stats/audit_compare.R attacks independently).
// Suppression hides counts until no hidden count, and no unpublished count of 1..min_cell-1, is
// pinned down.
#pragma once
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "stats/dataset.h"
#include "stats/stats.h"

namespace mcs::stats {

struct Linked {
  struct Node {
    long long n = 0;
    bool published = true;  // printed, or worked out from printed counts by the table's own layout
    bool fixed = false;     // suppressed elsewhere (the method section): stays as it is
    bool hidden = false;
    bool known = false;  // worked out from another question's tables: a constant to the reader
  };
  struct Equation {
    std::size_t total;
    std::vector<std::size_t> parts;
  };
  std::vector<Node> nodes;
  std::vector<Equation> equations;

  // The node named `key`, created with count n the first time.
  std::size_t At(const std::string& key, long long n, bool published = true);
  void Sum(std::size_t total, std::vector<std::size_t> parts) { equations.push_back({total, std::move(parts)}); }
  const std::map<std::string, std::size_t>& keys() const { return keys_; }

 private:
  std::map<std::string, std::size_t> keys_;
};

// The protection criterion. A reader's bounds [lo, hi] on every count are propagated to a fixed
// point (shown counts exact, hidden ones at least 1, unpublished ones at least 0, every equation
// both ways); a count is protected when lo < hi, i.e. at least two values remain possible for it.
// What a reader pins down: the first hidden node, or unpublished node of 1..min_cell-1, that is not
// protected (nodes.size() when none). When the propagation's work budget (400 visits per equation)
// ends before the fixed point, nothing is proven: every such node counts as pinned.
std::size_t Pin(const Linked& l, int min_cell);
// Every such node.
std::vector<std::size_t> PinnedAll(const Linked& l, int min_cell);

// Primary: a published count of 1..min_cell-1 (not fixed) is hidden. Secondary: while Pin finds a
// node, hide a count still shown (not fixed, not 0) that shares an equation with it: the smallest
// whose hiding frees the node, else the smallest; else the smallest anywhere. Deterministic.
// With trials = false (a whole form's system: thousands of counts), each round gives every pinned
// node its nearest, smallest candidate without trying it first. Returns whether the result is
// proven (Pin finds nothing, checked afresh): false when nothing left to hide frees what is
// pinned (it is pinned by fixed counts) or the propagation did not finish; the caller must then
// not publish the system as it is (PlanForm withholds tables).
bool Suppress(Linked& l, int min_cell, bool trials = true);

// A question's tables, suppressed jointly.
struct QuestionTables {
  FreqTable freq;               // the question's table, counts hidden (rows[].suppressed, total_suppressed)
  bool missing_hidden = false;  // its "did not answer" count
  struct By {
    std::string name;  // the breakdown variable's name
    // The cross-tab (a single choice), or one per choice with rows "0" (not chosen) and "1"
    // (chosen) (a select_multiple), suppressed flags set.
    std::vector<CrossTab> tabs;
    std::vector<bool> share_hidden;  // per column: the share's count (QuestionSpec::share)
    bool withheld = false;           // not published at all (PlanForm's fallback): say so instead
  };
  std::vector<By> by;
  // QuestionSpec::margins' tables as this question leaves them (more counts may be hidden).
  std::vector<FreqTable> margins;
  // Counts every question shares ("N", "<j>:all:<b>": everyone in a breakdown's column) that a
  // reader pins down from this question's tables as published.
  std::set<std::string> pinned_shared;
  Linked linked;  // the system as suppressed (for the audit)
  // No table of this question is published (PlanForm's fallback when suppression could not be
  // proven): every count counts as unprinted, zeros too.
  bool withheld = false;
  const By* Find(const std::string& name) const;
};

// A sum of published counts may be published when it is a function of counts already shown (it
// tells a reader nothing new): every part shown. A ordinal question's score table (n, mean... of
// the scored answers) by a breakdown, and a battery's share (answers `share`) by it, are such sums
// of the question's planned cross-tab. Per column of `tab` (the planned cross-tab by the
// breakdown), whether the sum over rows `rows` must be hidden: when a part is hidden, unless every
// other row of the column and its n are shown (the sum is then n less shown counts); a withheld
// table hides everything.
// With `exact`, the parts themselves are needed (a mean of scores): hidden when any part is.
std::vector<bool> SumHidden(const CrossTab& tab, const std::vector<int>& rows, bool withheld = false,
                            bool exact = false);
// The same over the frequency table (the "All" row): whether the sum over rows `rows` is hidden.
bool SumHidden(const FreqTable& t, const std::vector<int>& rows, bool withheld = false, bool exact = false);

struct QuestionSpec {
  const Variable* question = nullptr;       // a closed question; or
  std::string multiple;                     // a select_multiple's name (its choices' columns in ds)
  std::vector<const Variable*> breakdowns;  // the cross-tabs planned with it (see PlanQuestion)
  // Breakdowns whose own table is published elsewhere, suppressed alone with stats::Suppress (the
  // method section's respondents by group and by country): their counts are fixed here.
  std::vector<const Variable*> margins;
  std::vector<FreqTable> margin_tables;  // their tables as published so far (else suppressed alone)
  std::set<std::string> known;           // shared counts other questions' tables give away
  std::vector<int> share;                // answers (indices) whose sum is published by breakdown (a battery's share)
};

// The plan every document uses, so that a report by group, one by country, one without breakdown
// and the public page hide the same counts: cross-tabs by the group and country questions and by
// the countries' regions (`region` is filled from ds and must outlive the spec), and by `by` when
// it is another variable; the group and country tables as margins (published in the method section).
// With `countries`, the country breakdown and margin are the countries as published
// (GroupThinCountries with min_cell, written there; it must outlive the spec).
QuestionSpec PlanQuestion(const Dataset& ds, const Variable* by, Variable& region, Variable* countries = nullptr,
                          int min_cell = 0);

QuestionTables SuppressQuestion(const Dataset& ds, const QuestionSpec& spec, const Weights& w, int min_cell);

// Every closed question and select_multiple of a dataset planned together: each question's set
// (PlanQuestion, with `by` when it is another variable), the margins (the group and country tables
// of the method section) carried from question to question, then the whole form as one system.
// Countries are published as GroupThinCountries leaves them (in the plan's `countries`): the
// report, the public page and the method section show the country question and every breakdown
// by country so. Every document on the same responses (reports by group, by country or
// without breakdown, the public page) uses it, so all hide the same counts. With margins = false
// (a repeat's instances: no method table) the margins are not published.
// A number question is planned as a category "answered" (its n by a breakdown are counts of
// respondents like any cross-tab's, published beside the method section's): under its own name,
// one row; NumberHidden reads the hidden n from it.
//
// `by` another closed question (`report --by QUESTION`): the documents without it (PlanForm(ds,
// nullptr, ...)) publish their plan anyway, so this plan is layered on theirs: every count they
// publish keeps its flag (fixed), and only the cross-tabs by `by` are suppressed, the reader
// knowing that `by`'s columns are its frequency table's counts. When that cannot be proven, the
// question's tables by `by` are withheld (By::withheld).
struct FormPlan {
  Variable region;            // the countries' regions (a breakdown)
  Variable countries;         // the countries as published (GroupThinCountries)
  Variable country_question;  // the country question as published, when `countries` is derived
  std::vector<const Variable*> margin_vars;
  std::vector<FreqTable> margins;  // suppressed: the method section's tables
  std::map<std::string, QuestionTables> questions;
  std::deque<Variable> answered;  // number questions as "answered" categories
  Linked all;                     // the whole form's system as suppressed (for the audit and layering)
  // False: even with tables withheld some hidden count stays pinned; nothing may be published.
  bool proven = true;
  const QuestionTables* Find(const std::string& name) const;
  const FreqTable* Margin(const std::string& name) const;
  // A number question's n hidden: per column of breakdown `by` (by name), and the "All" row.
  std::vector<bool> NumberHidden(const std::string& question, const std::string& by) const;
  bool NumberAllHidden(const std::string& question) const;
  // A number question's sums (mean × n; the standard deviation gives the sum of squares, over the
  // same rows) hidden, per row of its summary tables: see PlanSums. Filled by PlanForm and PlanUnited.
  struct Sums {
    bool all = false;
    std::map<std::string, std::vector<bool>> by;  // breakdown name → per column
  };
  std::map<std::string, Sums> sums;
  // Whether the mean (and standard deviation) of a column of `by` (of the "All" row) must be hidden:
  // wherever the n is, and wherever the shown means and n's would give a hidden sum back. Empty
  // when `by` was not planned (every row hidden, as NumberHidden).
  std::vector<bool> MeanHidden(const std::string& question, const std::string& by) const;
  bool MeanAllHidden(const std::string& question) const;
};

// Means of number questions (session 14). A mean printed beside its n is a sum (mean × n): the
// "All" row's sum is the sum of every column's, in each breakdown, and a region's the sum of its
// countries'. A reader knows every shown sum exactly and nothing else (answers may be any number),
// so a hidden sum is disclosed when its rows' indicator lies in the span of the shown sums' (linear
// algebra over the cells of every breakdown at once, `atoms`), and so is the sum of a set of 1 to
// min_cell - 1 respondents left over when a shown row's sum less its shown parts is taken. Hidden:
// every row whose n the count plan hides (or is under min_cell); then, while something is disclosed,
// the shown mean of the smallest other column under the same parent (else the one whose hiding
// frees it, else the parent). `fixed` rows (layered on another plan's) keep their flags.
// Fills plan.sums for every top-level number question of ds over `breakdowns`.
void PlanSums(const Dataset& ds, const std::vector<const Variable*>& breakdowns, int min_cell, FormPlan& plan,
              const FormPlan* under = nullptr);
std::unique_ptr<FormPlan> PlanForm(const Dataset& ds, const Variable* by, int min_cell, const Weights& w,
                                   bool margins = true);

// The study report's plan (`report --study`): its tables are over stats::Unite of the parts, a
// column per questionnaire, beside each questionnaire's own documents (planned by PlanForm, given
// in `part_plans`, in the order of `parts`). Every count it prints is a sum of the parts' counts;
// it is shown only when each part's share of it is shown in that part's documents (or is a known
// zero), so the study report tells nothing they do not. By country, a part's share is known only
// when the part shows that country alone (a part that groups countries by region does not say
// which). Breakdowns other than by questionnaire are not planned (all hidden).
std::unique_ptr<FormPlan> PlanUnited(const Dataset& united, const std::vector<const Dataset*>& parts,
                                     const std::vector<const FormPlan*>& part_plans, int min_cell, const Weights& w);

// The same system, built and left unsuppressed (for tests and the audit: hidden flags are set by
// the caller). Node keys: "N", "base", "miss", "q:<i>", "not:<i>" (a choice not chosen),
// "<j>:<r>:<b>" (cells; r = "m" for did not answer; b = "m" for the breakdown not answered),
// "<j>:n:<b>", "<j>:all:<b>", "<j>:s:<b>", "<j>:ns:<b>"; j the breakdown's index in spec.
Linked BuildQuestion(const Dataset& ds, const QuestionSpec& spec, int min_cell);

}  // namespace mcs::stats
