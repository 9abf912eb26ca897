// Joint suppression of every table published about a question (stats/linked.h): its frequency
// table, its "did not answer" count, its cross-tabs by group, country and region, and the method
// section's respondents by group and by country. Each test states a way one table gave another's
// hidden count away before session 11, on a handful of respondents a reader can count by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "stats/dataset.h"
#include "stats/linked.h"
#include "stats/stats.h"

namespace mcs::stats {
namespace {

// A dataset from columns of codes ("" = did not answer), one string per respondent.
struct Columns {
  Dataset ds;
  void Add(const std::string& name, const std::vector<std::string>& codes, const std::vector<std::string>& answers) {
    Variable v;
    v.kind = VarKind::kCategory;
    v.name = v.label = name;
    v.codes = v.code_labels = codes;
    for (const auto& a : answers) {
      std::int32_t c = kMissing;
      for (std::size_t i = 0; i < codes.size(); ++i)
        if (codes[i] == a) c = static_cast<std::int32_t>(i);
      v.cat.push_back(c);
    }
    ds.SetRows(answers.size());
    ds.Add(std::move(v));
  }
};

std::vector<std::string> Repeat(const std::string& code, int times) {
  return std::vector<std::string>(static_cast<std::size_t>(times), code);
}
std::vector<std::string> Join(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::vector<bool> Hidden(const FreqTable& t) {
  std::vector<bool> out;
  for (const auto& r : t.rows) out.push_back(r.suppressed);
  return out;
}

TEST(Suppress, LinkedDidNotAnswerIsACountToo) {
  // 20 responses (the page prints 20); 18 answered: 10 yes, 8 no; 2 did not answer. "2 did not
  // answer" is a count under 5, and so is 20 - base: the base is hidden, and "no" with it (else
  // the base is 10 + 8). Then 10 + no + did-not-answer = 20 leaves two unknowns, each 1 to 9.
  Columns c;
  c.Add("group", {"emp", "prov"}, Join({Repeat("emp", 10), Repeat("prov", 10)}));
  c.Add("q", {"yes", "no"}, Join({Repeat("yes", 10), Repeat("no", 8), Repeat("", 2)}));
  const auto plan = PlanForm(c.ds, nullptr, 5, {});
  const QuestionTables* q = plan->Find("q");
  ASSERT_NE(q, nullptr);
  EXPECT_TRUE(q->freq.missing_suppressed);
  EXPECT_TRUE(q->freq.total_suppressed);
  EXPECT_EQ(Hidden(q->freq), (std::vector<bool>{false, true}));
  EXPECT_EQ(Pin(q->linked, 5), q->linked.nodes.size()) << "a reader works a hidden count out";
}

TEST(Suppress, LinkedColumnNIsTheGroupsCountInTheMethodSection) {
  // Everyone answered: the cross-tab's column n is each group's count in the method section. The
  // method section hides "auth" (3) and a partner; the cross-tab hides the same column n.
  Columns c;
  c.Add("group", {"emp", "prov", "auth"}, Join({Repeat("emp", 12), Repeat("prov", 9), Repeat("auth", 3)}));
  c.Add("q", {"yes", "no"},
        Join({Repeat("yes", 6), Repeat("no", 6), Repeat("yes", 5), Repeat("no", 4), Repeat("yes", 3)}));
  const auto plan = PlanForm(c.ds, nullptr, 5, {});
  const FreqTable* groups = plan->Margin("group");
  ASSERT_NE(groups, nullptr);
  EXPECT_TRUE(groups->rows[2].suppressed);
  const QuestionTables* q = plan->Find("q");
  ASSERT_NE(q, nullptr);
  const QuestionTables::By* by = q->Find("group");
  ASSERT_NE(by, nullptr);
  for (std::size_t k = 0; k < 3; ++k)
    EXPECT_EQ(by->tabs[0].col_n_suppressed[k], groups->rows[k].suppressed) << "column " << k;
  EXPECT_EQ(Pin(q->linked, 5), q->linked.nodes.size());
}

TEST(Suppress, LinkedReportsByGroupAndByCountryHideTheSameCounts) {
  // A report by group and one by country of the same responses: the question's table must hide
  // the same counts in both, or each shows what the other hides.
  Columns c;
  c.Add("group", {"emp", "prov"}, Join({Repeat("emp", 15), Repeat("prov", 15)}));
  c.Add("country", {"DE", "FR", "MT"}, Join({Repeat("DE", 12), Repeat("FR", 15), Repeat("MT", 3)}));
  c.Add("q", {"a", "b", "c"}, Join({Repeat("a", 13), Repeat("b", 13), Repeat("c", 4)}));
  const auto by_group = PlanForm(c.ds, c.ds.Find("group"), 5, {});
  const auto by_country = PlanForm(c.ds, c.ds.Find("country"), 5, {});
  EXPECT_EQ(Hidden(by_group->Find("q")->freq), Hidden(by_country->Find("q")->freq));
  EXPECT_TRUE(by_group->Find("q")->freq.rows[2].suppressed);  // c: 4
  EXPECT_EQ(by_group->Find("q")->Find("country")->tabs[0].suppressed,
            by_country->Find("q")->Find("country")->tabs[0].suppressed);
}

TEST(Suppress, LinkedMultipleChoiceCrossTabsShareOneColumnN) {
  // A select_multiple by group: one column n per group for every choice, hidden alike, and no
  // choice's count by group follows from its overall count.
  Columns c;
  c.Add("group", {"emp", "prov"}, Join({Repeat("emp", 10), Repeat("prov", 10)}));
  c.Add("m/x", {"0", "1"}, Join({Repeat("1", 8), Repeat("0", 2), Repeat("1", 7), Repeat("0", 3)}));
  c.Add("m/y", {"0", "1"}, Join({Repeat("1", 2), Repeat("0", 8), Repeat("1", 9), Repeat("0", 1)}));
  c.ds.mutable_vars()[1].question = "m";
  c.ds.mutable_vars()[2].question = "m";
  const auto plan = PlanForm(c.ds, nullptr, 5, {});
  const QuestionTables* q = plan->Find("m");
  ASSERT_NE(q, nullptr);
  ASSERT_EQ(q->freq.rows.size(), 2u);
  const QuestionTables::By* by = q->Find("group");
  ASSERT_NE(by, nullptr);
  ASSERT_EQ(by->tabs.size(), 2u);
  EXPECT_EQ(by->tabs[0].col_n_suppressed, by->tabs[1].col_n_suppressed);
  // y: 2 of the employers chose it; hidden, with a partner so 11 - 9 does not give it away.
  EXPECT_TRUE(by->tabs[1].suppressed[1 * 2 + 0]);
  EXPECT_TRUE(by->tabs[1].suppressed[1 * 2 + 1] || q->freq.rows[1].suppressed);
  EXPECT_EQ(Pin(q->linked, 5), q->linked.nodes.size());
}

TEST(Suppress, ThinCountriesArePublishedTogetherByRegion) {
  // Germany 12 and France 6 stand alone; Malta 1 and Cyprus 3 are "Other EU-27 countries" (4, still
  // under 5: it joins "Other countries" with Iceland's 2 and the United States' 4 and so do they);
  // regions stay sums of the published categories.
  Columns c;
  c.Add("country", {"DE", "FR", "MT", "CY", "IS", "US"},
        Join({Repeat("DE", 12), Repeat("FR", 6), Repeat("MT", 1), Repeat("CY", 3), Repeat("IS", 2), Repeat("US", 4)}));
  const Variable g = GroupThinCountries(*c.ds.Find("country"), 5);
  EXPECT_EQ(g.codes, (std::vector<std::string>{"DE", "FR", "other_other"}));
  EXPECT_EQ(g.code_labels.back(), "Other countries");
  const FreqTable t = Frequencies(g);
  EXPECT_EQ(t.rows[2].n, 10);
  const Variable r = Regions(g);
  EXPECT_EQ(r.codes, (std::vector<std::string>{"eu27", "other"}));
  // Enough of them: each region's group stands alone, under its region.
  Columns d;
  d.Add("country", {"DE", "MT", "CY", "IS", "NO"},
        Join({Repeat("DE", 12), Repeat("MT", 2), Repeat("CY", 3), Repeat("IS", 4), Repeat("NO", 3)}));
  const Variable h = GroupThinCountries(*d.ds.Find("country"), 5);
  EXPECT_EQ(h.codes, (std::vector<std::string>{"DE", "other_eu27", "other_eea_efta"}));
  EXPECT_EQ(h.code_labels[1], "Other EU-27 countries");
  EXPECT_EQ(Regions(h).codes, (std::vector<std::string>{"eu27", "eea_efta"}));
  EXPECT_EQ(Frequencies(Regions(h)).rows[1].n, 7);
  // "Other countries" still under 5 beside a group that stands: every grouped country together.
  Columns e;
  e.Add("country", {"DE", "MT", "CY", "US"},
        Join({Repeat("DE", 12), Repeat("MT", 2), Repeat("CY", 3), Repeat("US", 2)}));
  const Variable k = GroupThinCountries(*e.ds.Find("country"), 5);
  EXPECT_EQ(k.codes, (std::vector<std::string>{"DE", "other_other"}));
  EXPECT_EQ(Frequencies(k).rows[1].n, 7);
}

TEST(Suppress, LinkedPlanPublishesTheCountriesGrouped) {
  // The plan's country margin and cross-tabs by country are by the grouped countries, and a reader
  // of every table pins nothing.
  Columns c;
  c.Add("country", {"DE", "FR", "MT", "CY", "IS"},
        Join({Repeat("DE", 10), Repeat("FR", 8), Repeat("MT", 1), Repeat("CY", 2), Repeat("IS", 3)}));
  c.Add("q", {"yes", "no"},
        Join({Repeat("yes", 6), Repeat("no", 4), Repeat("yes", 5), Repeat("no", 3), Repeat("yes", 1), Repeat("no", 2),
              Repeat("yes", 3)}));
  const auto plan = PlanForm(c.ds, nullptr, 5, {});
  const FreqTable* countries = plan->Margin("country");
  ASSERT_NE(countries, nullptr);
  ASSERT_EQ(countries->rows.size(), 3u);
  EXPECT_EQ(countries->rows[2].code, "other_other");
  EXPECT_EQ(countries->rows[2].n, 6);
  const QuestionTables* q = plan->Find("q");
  ASSERT_NE(q, nullptr);
  const QuestionTables::By* by = q->Find("country");
  ASSERT_NE(by, nullptr);
  EXPECT_EQ(by->tabs[0].cols(), 3u);
  EXPECT_EQ(Pin(q->linked, 5), q->linked.nodes.size());
}

// Session 13: the documents' other tables, and what happens when nothing can be proven.

TEST(Suppress, LinkedContradictionOrBudgetProvesNothing) {
  // A system whose equations contradict its counts (x = y + s and y = x + t, all at least 1) drives
  // the reader's bounds up without end until the work budget stops them. Before, the bounds left
  // then (z's among them, 1 to 9) passed for proof: z, hidden, was "protected". A propagation that
  // does not reach its fixed point, or crosses, proves nothing.
  Linked l;
  const std::size_t x = l.At("x", 5), y = l.At("y", 5), s = l.At("s", 1), t = l.At("t", 1);
  l.Sum(x, {y, s});
  l.Sum(y, {x, t});
  const std::size_t total = l.At("total", 10), z = l.At("z", 2), w = l.At("w", 8);
  l.Sum(total, {z, w});
  l.nodes[z].hidden = l.nodes[w].hidden = l.nodes[x].hidden = l.nodes[y].hidden = true;
  l.nodes[s].hidden = l.nodes[t].hidden = true;
  EXPECT_NE(Pin(l, 5), l.nodes.size()) << "an unfinished propagation passed for proof";
  EXPECT_FALSE(Suppress(l, 5)) << "nothing hidden can make the system consistent: not proven";
  // The same counts without the contradiction: proven, z and w each 1 to 9 to a reader.
  Linked ok;
  const std::size_t t2 = ok.At("total", 10), z2 = ok.At("z", 2), w2 = ok.At("w", 8);
  ok.Sum(t2, {z2, w2});
  EXPECT_TRUE(Suppress(ok, 5));
  EXPECT_TRUE(ok.nodes[z2].hidden && ok.nodes[w2].hidden);
}

TEST(Suppress, LinkedNumberQuestionsNByGroupArePlanned) {
  // 8 employers and 8 providers; a number question answered by all 8 employers and 3 providers.
  // The summary table printed "All: n = 11", "Employers: n = 8" and hid "Providers" (3 < 5): 11 - 8.
  Columns c;
  c.Add("group", {"emp", "prov"}, Join({Repeat("emp", 8), Repeat("prov", 8)}));
  Variable x;
  x.kind = VarKind::kNumber;
  x.name = x.label = "x";
  for (int i = 0; i < 16; ++i) x.num.push_back(i < 11 ? static_cast<double>(i) : std::nan(""));
  c.ds.Add(std::move(x));
  const auto plan = PlanForm(c.ds, nullptr, 5, {});
  const std::vector<bool> by_group = plan->NumberHidden("x", "group");
  ASSERT_EQ(by_group.size(), 2u);
  EXPECT_TRUE(by_group[1]) << "3 providers answered";
  EXPECT_TRUE(by_group[0] || plan->NumberAllHidden("x")) << "11 - 8 gives the providers' 3 away";
  EXPECT_EQ(Pin(plan->all, 5), plan->all.nodes.size());
}

TEST(Suppress, MeansGiveNoHiddenSumAway) {
  // 10 employers, 9 providers, 1 authority, 2 unions, all answering x. The authority's and the
  // unions' n are hidden (1 and 2), and their rows with them; but "All" (mean × 22) less the two
  // shown groups' sums is the sum of those 3 people's answers. Another mean must go (its n stays).
  Columns c;
  c.Add("group", {"emp", "prov", "auth", "unions"},
        Join({Repeat("emp", 10), Repeat("prov", 9), Repeat("auth", 1), Repeat("unions", 2)}));
  Variable x;
  x.kind = VarKind::kNumber;
  x.name = x.label = "x";
  for (int i = 0; i < 22; ++i) x.num.push_back(static_cast<double>(i % 7));
  c.ds.Add(std::move(x));
  const auto plan = PlanForm(c.ds, nullptr, 5, {});
  const std::vector<bool> n_hidden = plan->NumberHidden("x", "group");
  const std::vector<bool> mean_hidden = plan->MeanHidden("x", "group");
  ASSERT_EQ(mean_hidden.size(), 4u);
  EXPECT_TRUE(mean_hidden[2] && mean_hidden[3]) << "1 and 2 answered";
  const long long n[] = {10, 9, 1, 2};
  long long left = 0;
  int hidden = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_TRUE(mean_hidden[k] || !n_hidden[k]) << "a mean is hidden wherever its n is";
    if (mean_hidden[k]) {
      left += n[k];
      ++hidden;
    }
  }
  if (!plan->MeanAllHidden("x")) {
    EXPECT_GE(hidden, 2) << "one hidden sum is All's less the others";
    EXPECT_GE(left, 5) << "the hidden groups' sum together is " << left << " people's";
  }
  EXPECT_TRUE(mean_hidden[0] || mean_hidden[1] || plan->MeanAllHidden("x"));
  EXPECT_TRUE((mean_hidden[1] && !n_hidden[1]) || (mean_hidden[0] && !n_hidden[0]) || plan->MeanAllHidden("x"))
      << "the providers' n (9) need not go for their mean to";
}

TEST(Describe, ExtremesAndQuartilesAreShownOnlyWhenTheyAreNoOnesOwnAnswer) {
  const std::vector<double> ten = {3, 3, 3, 3, 3, 4, 5, 6, 7, 9};
  const Summary s = Describe(ten);
  OrderStatsShown show = OrderStatsToShow(ten, {}, s, 5);
  EXPECT_TRUE(show.min) << "five answered 3";
  EXPECT_FALSE(show.max) << "one answered 9";
  EXPECT_TRUE(show.q1 && show.median && show.q3);
  show = OrderStatsToShow(ten, {}, s, 1);
  EXPECT_TRUE(show.max) << "min_cell 1 shows everything";
  const std::vector<double> four = {1, 2, 3, 4};
  show = OrderStatsToShow(four, {}, Describe(four), 3);
  EXPECT_FALSE(show.q1) << "(4 - 1) x 0.25 reads the smallest answer";
  EXPECT_TRUE(show.median);
  EXPECT_FALSE(show.q3) << "(4 - 1) x 0.75 reads the largest";
  const std::vector<double> five = {1, 2, 3, 4, 5};
  show = OrderStatsToShow(five, {}, Describe(five), 5);
  EXPECT_TRUE(show.q1 && show.median && show.q3) << "the 2nd, 3rd and 4th of 5";
  EXPECT_FALSE(show.min || show.max);
  const Mask firsts = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
  EXPECT_FALSE(OrderStatsToShow(ten, firsts, Describe(ten, firsts), 5).max) << "one 4 among the six kept";
}

TEST(Suppress, ASumIsShownOnlyWhenItFollowsFromWhatIsShown) {
  // A score table's n (the scored answers, all but "don't know") by group is a sum of the
  // question's cells: with one of them hidden it gave that one away, unless it follows anyway.
  CrossTab c;
  c.row_codes = {"agree", "disagree", "dk"};
  c.col_codes = {"emp", "prov"};
  c.n = {10, 3, 7, 2, 6, 2};  // row-major: agree 10 3; disagree 7 2; dk 6 2
  c.suppressed = {false, true, false, true, false, true};
  c.col_n_suppressed = {false, false};
  EXPECT_EQ(SumHidden(c, {0, 1}), (std::vector<bool>{false, true}));
  c.suppressed = {false, true, false, false, false, true};  // prov: dk hidden with agree, disagree shown
  EXPECT_EQ(SumHidden(c, {0, 1}), (std::vector<bool>{false, true}));
  c.suppressed = {false, true, false, true, false, false};  // prov: "dk" shown, n shown
  EXPECT_EQ(SumHidden(c, {0, 1}), (std::vector<bool>{false, false})) << "n less the shown dk";
  EXPECT_EQ(SumHidden(c, {0, 1}, false, true), (std::vector<bool>{false, true})) << "a mean needs each";
  EXPECT_EQ(SumHidden(c, {0, 1}, true), (std::vector<bool>{true, true}));
}

TEST(Suppress, LinkedByAQuestionKeepsEveryOtherDocumentsFlags) {
  // `report --by q2` beside the reports without it: its frequency tables and method section are
  // theirs (flag for flag), only its cross-tabs by q2 are suppressed anew, and q2's columns (q2's
  // own counts, shown in the other documents) pin nothing.
  Columns c;
  c.Add("group", {"emp", "prov", "auth"}, Join({Repeat("emp", 14), Repeat("prov", 12), Repeat("auth", 4)}));
  c.Add("q", {"a", "b", "c"}, Join({Repeat("a", 9), Repeat("b", 5), Repeat("c", 3), Repeat("a", 8), Repeat("b", 5)}));
  c.Add("q2", {"yes", "no"}, Join({Repeat("yes", 12), Repeat("no", 2), Repeat("yes", 10), Repeat("no", 6)}));
  const auto base = PlanForm(c.ds, nullptr, 5, {});
  const auto by_q2 = PlanForm(c.ds, c.ds.Find("q2"), 5, {});
  for (const char* name : {"group", "q", "q2"})
    EXPECT_EQ(Hidden(base->Find(name)->freq), Hidden(by_q2->Find(name)->freq)) << name;
  EXPECT_EQ(Hidden(*base->Margin("group")), Hidden(*by_q2->Margin("group")));
  ASSERT_NE(by_q2->Find("q")->Find("q2"), nullptr);
  EXPECT_TRUE(by_q2->proven);
  EXPECT_EQ(Pin(by_q2->all, 5), by_q2->all.nodes.size());
}

TEST(Suppress, UnitedCountIsShownOnlyWhenEachPartsShareIs) {
  // Two questionnaires; the first hides "c" (3) and a partner in its own report. The study report's
  // column for it and the united "c" are sums of its counts: hidden with them.
  auto part = [](int a, int b, int cc, const std::string& g) {
    Columns c;
    c.Add("group", {g}, Repeat(g, a + b + cc));
    c.Add("q", {"a", "b", "c"}, Join({Repeat("a", a), Repeat("b", b), Repeat("c", cc)}));
    return c;
  };
  Columns p1 = part(10, 8, 3, "f1"), p2 = part(12, 9, 6, "f2");
  const Dataset u = Unite({&p1.ds, &p2.ds});
  const auto plan1 = PlanForm(p1.ds, nullptr, 5, {}), plan2 = PlanForm(p2.ds, nullptr, 5, {});
  ASSERT_TRUE(plan1->Find("q")->freq.rows[2].suppressed);
  const auto united = PlanUnited(u, {&p1.ds, &p2.ds}, {plan1.get(), plan2.get()}, 5, {});
  const QuestionTables* q = united->Find("q");
  ASSERT_NE(q, nullptr);
  EXPECT_TRUE(q->freq.rows[2].suppressed) << "3 + 6: the second's 6 is shown";
  const QuestionTables::By* by = q->Find("group");
  ASSERT_NE(by, nullptr);
  const CrossTab& t = by->tabs[0];
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(t.suppressed[r * 2 + 0], plan1->Find("q")->freq.rows[r].suppressed) << r;
    EXPECT_EQ(t.suppressed[r * 2 + 1], plan2->Find("q")->freq.rows[r].suppressed) << r;
  }
}

TEST(Suppress, LinkedFallbackWithholdsWhatCannotBeProtected) {
  // 3 responses, everyone answered: "n answered" (hidden, 3) is the response count less 0 who did
  // not answer, whatever else is hidden. Before, the plan published it hidden as if protected. Now
  // the question's tables are withheld, and a plan that still pins a count is not proven (the
  // report refuses). With 6 responses nothing is pinned and nothing withheld.
  for (int n : {3, 6}) {
    Columns c;
    c.Add("group", {"emp", "prov"}, Join({Repeat("emp", n - 1), Repeat("prov", 1)}));
    c.Add("q", {"a", "b"}, Join({Repeat("a", n - 2), Repeat("b", 2)}));
    const auto plan = PlanForm(c.ds, nullptr, 5, {});
    EXPECT_EQ(plan->Find("q")->withheld, n == 3) << n;
    EXPECT_EQ(plan->proven, n != 3) << n;
    if (plan->proven) {
      EXPECT_EQ(Pin(plan->all, 5), plan->all.nodes.size());
    }
  }
}

}  // namespace
}  // namespace mcs::stats
