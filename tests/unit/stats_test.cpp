// Statistics against hand-computed values and R (prop.test, survey): frequencies and Wilson
// intervals, summaries, cross-tabs, filters, weighting and its standard errors, suppression
// (primary and secondary), open-text terms and code frames, and the streaming loader.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/answers_json.h"
#include "stats/dataset.h"
#include "stats/stats.h"
#include "stats/suppress.h"
#include "stats/text.h"
#include "stats/weights.h"
#include "test_util.h"

namespace mcs::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Variable Cat(const std::string& name, std::vector<std::string> codes, std::vector<std::int32_t> cat) {
  Variable v;
  v.name = name;
  v.label = name;
  v.codes = codes;
  v.code_labels = codes;
  v.cat = std::move(cat);
  return v;
}

TEST(Wilson, KnownValuesFromRPropTest) {
  // R: prop.test(x, n, correct = FALSE)$conf.int
  struct Case {
    double x, n, lo, hi;
  } cases[] = {{3, 5, 0.230724281276, 0.882379225767},
               {0, 10, 0.0, 0.277532799863},
               {5, 10, 0.236593090513, 0.763406909487},
               {1, 1, 0.206549314377, 1.0}};
  for (const auto& c : cases) {
    Interval i = Wilson(c.x, c.n);
    EXPECT_NEAR(i.lo, c.lo, 1e-11) << c.x << "/" << c.n;
    EXPECT_NEAR(i.hi, c.hi, 1e-11) << c.x << "/" << c.n;
  }
  Interval none = Wilson(0, 0);
  EXPECT_EQ(none.lo, 0);
  EXPECT_EQ(none.hi, 1);
}

TEST(Frequencies, CountsPercentagesAndMissing) {
  Variable v = Cat("q", {"a", "b", "c"}, {0, 0, 1, kMissing, 2, 0});
  FreqTable t = Frequencies(v);
  EXPECT_EQ(t.n, 5);
  EXPECT_EQ(t.missing, 1);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0].n, 3);
  EXPECT_DOUBLE_EQ(t.rows[0].pct, 60);
  EXPECT_DOUBLE_EQ(t.rows[1].pct, 20);
  EXPECT_NEAR(t.rows[0].ci.lo, 23.0724281276, 1e-8);
  EXPECT_NEAR(t.rows[0].ci.hi, 88.2379225767, 1e-8);
}

TEST(Frequencies, FilterAndWeights) {
  Variable v = Cat("q", {"a", "b"}, {0, 1, 1, 0});
  Variable g = Cat("g", {"x", "y"}, {0, 0, 1, 1});
  FreqTable t = Frequencies(v, Where(g, "x"));
  EXPECT_EQ(t.n, 2);
  EXPECT_DOUBLE_EQ(t.rows[0].pct, 50);
  FreqTable w = Frequencies(v, {}, {1, 1, 1, 3});  // a: 1 + 3, b: 2 → 4/6
  EXPECT_NEAR(w.rows[0].pct, 100.0 * 4 / 6, 1e-12);
  EXPECT_EQ(w.rows[0].n, 2);  // n stays the respondents
  EXPECT_TRUE(w.weighted);
  EXPECT_EQ(Where(g, "nope"), Mask({0, 0, 0, 0}));
  EXPECT_EQ(And(Where(g, "x"), Where(v, "b")), Mask({0, 1, 0, 0}));
}

TEST(Describe, MeanSdQuartilesType7) {
  Summary s = Describe({1, 2, kNaN, 3, 4, 10});
  EXPECT_EQ(s.n, 5);
  EXPECT_DOUBLE_EQ(s.mean, 4);
  EXPECT_NEAR(s.sd, std::sqrt(12.5), 1e-12);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.q1, 2);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.q3, 4);
  EXPECT_DOUBLE_EQ(s.max, 10);
  ASSERT_EQ(s.distribution.size(), 5u);
  Summary e = Describe({1, 2, 3, 4});  // R: quantile(1:4) → 1.75 2.5 3.25
  EXPECT_DOUBLE_EQ(e.q1, 1.75);
  EXPECT_DOUBLE_EQ(e.median, 2.5);
  EXPECT_DOUBLE_EQ(e.q3, 3.25);
  Summary w = Describe({1, 2, 3}, {}, {1, 1, 2});
  EXPECT_DOUBLE_EQ(w.mean, 2.25);
  Summary none = Describe({kNaN});
  EXPECT_EQ(none.n, 0);
}

TEST(Describe, ScaleScoresSkipDontKnow) {
  Variable v = Cat("agree", {"disagree", "neutral", "agree", "dk"}, {0, 2, 3, 1, kMissing});
  v.ordinal = true;
  v.scored = {true, true, true, false};
  std::vector<double> s = Scores(v);
  EXPECT_EQ(s[0], 1);
  EXPECT_EQ(s[1], 3);
  EXPECT_TRUE(std::isnan(s[2]));
  EXPECT_EQ(s[3], 2);
  EXPECT_TRUE(std::isnan(s[4]));
  EXPECT_DOUBLE_EQ(Describe(s).mean, 2);
}

TEST(CrossTab, CountsMarginsAndColumnPercent) {
  Variable q = Cat("q", {"yes", "no"}, {0, 0, 1, 0, 1, kMissing});
  Variable g = Cat("g", {"x", "y"}, {0, 1, 1, 1, kMissing, 0});
  CrossTab t = Cross(q, g);
  // x: yes 1; y: yes 2, no 1. Rows with a missing side are left out.
  EXPECT_EQ(t.n, (std::vector<long long>{1, 2, 0, 1}));
  EXPECT_EQ(t.col_n, (std::vector<long long>{1, 3}));
  EXPECT_EQ(t.row_n, (std::vector<long long>{3, 1}));
  EXPECT_EQ(t.total_n, 4);
  EXPECT_NEAR(t.ColPct(0, 1), 200.0 / 3, 1e-12);
  CrossTab w = Cross(q, g, {}, {1, 1, 3, 1, 1, 1});
  EXPECT_NEAR(w.ColPct(0, 1), 40, 1e-12);  // y: yes weighs 1 + 1, no 3
  EXPECT_EQ(w.n, t.n);                      // n stays the respondents
}

TEST(CrossTab, GroupByCountryCombination) {
  Variable g = Cat("group", {"a", "b"}, {0, 1, 1, kMissing});
  Variable c = Cat("country", {"be", "fr", "de"}, {2, 0, 0, 1});
  Variable gc = Combine(g, c);
  ASSERT_EQ(gc.codes.size(), 6u);
  EXPECT_EQ(gc.codes[2], "a × de");
  EXPECT_EQ(gc.cat, (std::vector<std::int32_t>{2, 3, 3, kMissing}));
}

TEST(MultipleResponse, PercentOfRespondentsAnswering) {
  Dataset ds;
  ds.SetRows(4);
  Variable q;
  q.name = "fm";
  q.kind = VarKind::kText;
  q.text = {"pdf badge", "pdf", "", "badge"};
  ds.Add(q);
  Variable pdf = Cat("fm/pdf", {"0", "1"}, {1, 1, kMissing, 0});
  pdf.question = "fm";
  pdf.label = "PDF";
  Variable badge = Cat("fm/badge", {"0", "1"}, {1, 0, kMissing, 1});
  badge.question = "fm";
  ds.Add(pdf);
  ds.Add(badge);
  FreqTable t = MultipleResponse(ds, "fm");
  EXPECT_TRUE(t.multiple);
  EXPECT_EQ(t.n, 3);
  EXPECT_EQ(t.missing, 1);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].code, "pdf");
  EXPECT_EQ(t.rows[0].label, "PDF");
  EXPECT_EQ(t.rows[0].n, 2);
  EXPECT_NEAR(t.rows[0].pct, 200.0 / 3, 1e-12);
  Interval ci = Wilson(2, 3);
  EXPECT_NEAR(t.rows[0].ci.lo, 100 * ci.lo, 1e-9);
}

// ---- weighting: the values R's survey package gives (see tests/stats/survey_compare.R) ----

Dataset FiveRows() {
  Dataset ds;
  ds.SetRows(5);
  ds.Add(Cat("g", {"a", "b"}, {0, 0, 1, 1, 1}));
  ds.Add(Cat("h", {"u", "v"}, {0, 1, 0, 1, 1}));
  return ds;
}

TEST(Weights, PostStratificationMatchesR) {
  Dataset ds = FiveRows();
  auto m = ParseMargins("variable,category,population\ng,a,30\ng,b,60\n");
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto wt = ComputeWeights(ds, *m);
  ASSERT_TRUE(wt.ok()) << wt.error().message;
  EXPECT_FALSE(wt->raked);
  EXPECT_EQ(wt->w, (std::vector<double>{15, 15, 20, 20, 20}));
  // R: svymean(~y, postStratify(svydesign(ids = ~1, data = d), ~g, pop)) with y = 1:5
  Estimate mean = MeanSe({1, 2, 3, 4, 5}, *wt);
  EXPECT_NEAR(mean.value, 3.16666666667, 1e-10);
  EXPECT_NEAR(mean.se, 0.375257113503, 1e-11);
  Estimate total = TotalSe({1, 2, 3, 4, 5}, *wt);
  EXPECT_NEAR(total.value, 285, 1e-9);
  EXPECT_NEAR(total.se, 33.7731402153, 1e-9);
  // Unweighted: the standard error of the mean, sd / sqrt(n).
  Estimate plain = MeanSe({1, 2, 3, 4, 5}, Unweighted(5));
  EXPECT_NEAR(plain.se, 0.707106781187, 1e-11);
}

TEST(Weights, RakingReachesBothMargins) {
  Dataset ds = FiveRows();
  auto m = ParseMargins("variable,category,population\ng,a,30\ng,b,60\nh,u,50\nh,v,40\n");
  ASSERT_TRUE(m.ok());
  auto wt = ComputeWeights(ds, *m);
  ASSERT_TRUE(wt.ok()) << wt.error().message;
  EXPECT_TRUE(wt->raked);
  double a = 0, u = 0;
  for (int i = 0; i < 5; ++i) {
    a += ds.vars()[0].cat[i] == 0 ? wt->w[i] : 0;
    u += ds.vars()[1].cat[i] == 0 ? wt->w[i] : 0;
  }
  EXPECT_NEAR(a, 30, 1e-9);
  EXPECT_NEAR(u, 50, 1e-9);
}

TEST(Weights, BadMarginsAreRefused) {
  Dataset ds = FiveRows();
  EXPECT_FALSE(ParseMargins("variable,category\ng,a\n").ok());
  EXPECT_FALSE(ParseMargins("variable,category,population\ng,a,x\n").ok());
  EXPECT_FALSE(ParseMargins("variable,category,population\ng,a,-1\n").ok());
  EXPECT_FALSE(ParseMargins("variable,category,population\ng,a,1\ng,a,2\n").ok());
  EXPECT_FALSE(ParseMargins("variable,category,population\n").ok());
  auto unknown = ParseMargins("variable,category,population\nzz,a,1\n");
  EXPECT_FALSE(ComputeWeights(ds, *unknown).ok());
  auto no_pop_for_b = ParseMargins("variable,category,population\ng,a,30\n");
  EXPECT_FALSE(ComputeWeights(ds, *no_pop_for_b).ok());
  auto bad_cat = ParseMargins("variable,category,population\ng,a,30\ng,b,60\ng,c,5\n");
  EXPECT_FALSE(ComputeWeights(ds, *bad_cat).ok());
}

// ---- suppression ----

TEST(Suppress, OneLineGetsASecondCell) {
  Suppression s = Suppress({10, 3, 12}, 1, 3, 5, true, false);
  EXPECT_EQ(s.cell, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(s.primary, 1);
  EXPECT_EQ(s.secondary, 1);
  // A zero is neither suppressed nor a partner.
  s = Suppress({10, 0, 3, 12}, 1, 4, 5, true, false);
  EXPECT_EQ(s.cell, (std::vector<bool>{true, false, true, false}));
  // Nothing left to hide: the total goes instead.
  s = Suppress({3, 0}, 1, 2, 5, true, false);
  EXPECT_EQ(s.cell, (std::vector<bool>{true, false}));
  EXPECT_TRUE(s.row_total[0]);
  // Threshold 1: nothing.
  s = Suppress({1, 2}, 1, 2, 1);
  EXPECT_EQ(s.cell, (std::vector<bool>{false, false}));
}

TEST(Suppress, TwoWayTableWorkedExample) {
  // [20  2 30]     hide (0,1) < 5; row 0 partner (0,0)=20; column 0 partner (2,0)=15;
  // [25 40 35]     column 1 partner (2,1)=18, preferred to 40 because row 2 then has two.
  // [15 18 22]
  Suppression s = Suppress({20, 2, 30, 25, 40, 35, 15, 18, 22}, 3, 3, 5);
  EXPECT_EQ(s.cell, (std::vector<bool>{true, true, false, false, false, false, true, true, false}));
  EXPECT_EQ(s.primary, 1);
  EXPECT_EQ(s.secondary, 3);
}

TEST(Suppress, NoPublishedLineHasASingleHiddenCell) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t R = 1 + rng() % 6, C = 1 + rng() % 6;
    std::vector<long long> n(R * C);
    for (auto& x : n) x = rng() % 3 == 0 ? rng() % 5 : rng() % 40;
    Suppression s = Suppress(n, R, C, 5);
    for (std::size_t k = 0; k < R * C; ++k) {
      EXPECT_TRUE(s.cell[k] || n[k] == 0 || n[k] >= 5) << "trial " << trial << " cell " << k;
    }
    for (std::size_t r = 0; r < R; ++r) {
      int h = 0;
      for (std::size_t c = 0; c < C; ++c) h += s.cell[r * C + c];
      EXPECT_TRUE(h != 1 || s.row_total[r]) << "trial " << trial << " row " << r;
    }
    for (std::size_t c = 0; c < C; ++c) {
      int h = 0;
      for (std::size_t r = 0; r < R; ++r) h += s.cell[r * C + c];
      EXPECT_TRUE(h != 1 || s.col_total[c]) << "trial " << trial << " col " << c;
    }
  }
}

// Found by the audit (tests/stats/audit_compare.R attacks every table): one hidden cell per line is not
// enough. Hidden cells are never 0 (zeros are shown), so hidden cells adding up to their number are
// all 1s, and columns pin cells of rows.
TEST(Suppress, HiddenCellsDoNotFollowFromTheTotals) {
  // [1 1 30 40], total 72: hiding only the two 1s leaves 72 - 70 = 2 for two cells of at least 1 each.
  Suppression s = Suppress({1, 1, 30, 40}, 1, 4, 5, true, false);
  EXPECT_EQ(s.cell, (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(Disclosed({1, 1, 30, 40}, 1, 4, true, false, s), 4u);
  Suppression old;  // what was published: the two 1s only
  old.cell = {true, true, false, false};
  old.row_total = {false};
  EXPECT_EQ(Disclosed({1, 1, 30, 40}, 1, 4, true, false, old), 0u);
  // The fixture's countries by group: Malta [6 2 0 1] and Iceland [5 3 0 1]. With two hidden cells in
  // each row, the unions column's hidden pair adds up to 2: both 1, then 2 and 3 by their rows.
  const std::vector<long long> n = {43, 60, 10, 35, 17, 27, 6, 13, 17, 24, 7, 12, 6, 2, 0, 1, 5, 3, 0, 1, 20, 31, 8, 12};
  Suppression pairs;
  pairs.cell.assign(24, false);
  for (std::size_t k : {13u, 15u, 17u, 19u}) pairs.cell[k] = true;
  pairs.row_total.assign(6, false);
  pairs.col_total.assign(4, false);
  EXPECT_NE(Disclosed(n, 6, 4, true, true, pairs), 24u);
  s = Suppress(n, 6, 4, 5);
  EXPECT_EQ(Disclosed(n, 6, 4, true, true, s), 24u);
  for (std::size_t k : {13u, 15u, 17u, 19u}) EXPECT_TRUE(s.cell[k]) << k;
  // Random tables: no hidden cell is ever pinned down.
  std::mt19937 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t R = 1 + rng() % 5, C = 2 + rng() % 5;
    std::vector<long long> m(R * C);
    for (auto& x : m) x = rng() % 3 == 0 ? 0 : rng() % 2 == 0 ? 1 + rng() % 4 : 1 + rng() % 25;
    Suppression t = Suppress(m, R, C, 5);
    EXPECT_EQ(Disclosed(m, R, C, true, true, t, 5), R * C) << "trial " << trial;
    EXPECT_EQ(DisclosedRowTotal(m, R, C, t, 5), R) << "trial " << trial;
    EXPECT_EQ(DisclosedColTotal(m, R, C, t, 5), C) << "trial " << trial;
    // A total is a count of respondents too: none from 1 to 4 is shown.
    for (std::size_t r = 0; r < R; ++r) {
      long long sum = 0;
      for (std::size_t c = 0; c < C; ++c) sum += m[r * C + c];
      EXPECT_TRUE(t.row_total[r] || sum == 0 || sum >= 5) << "trial " << trial << " row " << r;
    }
  }
  // The only hidden total of its kind follows from the grand total: a partner total is hidden too.
  const std::vector<long long> small_row = {2, 1, 20, 30};  // rows of 3 and 50
  Suppression t = Suppress(small_row, 2, 2, 5);
  EXPECT_TRUE(t.row_total[0]);
  EXPECT_TRUE(t.row_total[1]);
  EXPECT_EQ(DisclosedRowTotal(small_row, 2, 2, t), 2u);
}

// Found by the audit: the report shows a question's frequency table beside its cross-tab by group,
// and the table's counts are the cross-tab's row totals. Suppressed apart, a: 6 was hidden in the
// table (the partner of b: 1) while the cross-tab showed a's row (6 and 0) in full: a = 6, then
// b = 14 - 6 - 7 = 1.
TEST(Suppress, FrequencyTableAndItsCrossTabTogether) {
  //            x  y
  Variable v = Cat("v", {"a", "b", "c"}, {0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2});
  Variable g = Cat("g", {"x", "y"}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1});  // a 6/0, b 1/0, c 3/4
  // What was published: the table hid a and b; the cross-tab hid b|x, c|x, c|y and showed a's row.
  Suppression apart;
  apart.cell = {false, false, true, false, true, true};
  apart.row_total = {true, true, false};
  apart.col_total = {false, false};
  EXPECT_EQ(DisclosedRowTotal({6, 0, 1, 0, 3, 4}, 3, 2, apart, 5), 0u);  // a = 6 + 0
  FreqTable t = Frequencies(v);
  CrossTab c = Cross(v, g);
  ASSERT_TRUE(SuppressLinked(t, c, 5));
  EXPECT_TRUE(t.rows[1].suppressed);  // b: 1
  Suppression s;
  s.cell = c.suppressed;
  s.row_total = c.row_n_suppressed;
  s.col_total = c.col_n_suppressed;
  for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(t.rows[r].suppressed, s.row_total[r]) << r;
  EXPECT_EQ(Disclosed(c.n, 3, 2, true, true, s), 6u);
  EXPECT_EQ(DisclosedRowTotal(c.n, 3, 2, s), 3u);
  // A row whose count is hidden has a hidden non-zero cell, or its cells would add up to it.
  for (std::size_t r = 0; r < 3; ++r)
    EXPECT_TRUE(!s.row_total[r] || s.cell[r * 2] || s.cell[r * 2 + 1]) << r;
}

TEST(Suppress, FrequencyTableAndCrossTab) {
  Variable v = Cat("q", {"a", "b", "c"}, {0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2});
  FreqTable t = Frequencies(v);
  Suppress(t, 5);
  // a 6, b 1, c 7: b is hidden, and a (the smaller) with it, or b = n - a - c.
  EXPECT_TRUE(t.rows[0].suppressed);
  EXPECT_TRUE(t.rows[1].suppressed);
  EXPECT_FALSE(t.rows[2].suppressed);
  EXPECT_FALSE(t.total_suppressed);
  Variable q = Cat("q", {"yes", "no"}, {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0});
  Variable g = Cat("g", {"x", "y"}, {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1});
  CrossTab c = Cross(q, g);  // x: yes 6, no 1; y: yes 1, no 4
  Suppress(c, 5);
  EXPECT_EQ(c.suppressed, (std::vector<bool>{true, true, true, true}));
}

// ---- open text ----

TEST(Text, WordsLowercaseAndSplitPunctuation) {
  EXPECT_EQ(Words("L'apprentissage est ÉNORME, très “bien”!"),
            (std::vector<std::string>{"l", "apprentissage", "est", "énorme", "très", "bien"}));
  EXPECT_EQ(Words("  "), std::vector<std::string>{});
  EXPECT_TRUE(IsStopWord("the", "en"));
  EXPECT_TRUE(IsStopWord("und", "de"));
  EXPECT_TRUE(IsStopWord("est", ""));
  EXPECT_FALSE(IsStopWord("badge", ""));
}

TEST(Text, WordAndPhraseFrequencies) {
  std::vector<std::string> a = {"Digital badges are useful", "digital badges help, digital badges!",
                                "Useful for employers", "", "employers"};
  TextSummary t = SummariseText(a, {}, "en");
  EXPECT_EQ(t.answers, 4);
  ASSERT_EQ(t.words.size(), 4u);  // badges 2, digital 2, employers 2, useful 2 (help: 1, left out)
  EXPECT_EQ(t.words[0].term, "badges");
  EXPECT_EQ(t.words[0].answers, 2);
  EXPECT_EQ(t.words[3].term, "useful");
  ASSERT_EQ(t.phrases.size(), 1u);
  EXPECT_EQ(t.phrases[0].term, "digital badges");
  EXPECT_EQ(t.phrases[0].answers, 2);
  TextSummary masked = SummariseText(a, {1, 0, 0, 0, 0}, "en");
  EXPECT_EQ(masked.answers, 1);
  EXPECT_TRUE(masked.words.empty());
}

TEST(Text, CodeFrame) {
  auto frame = ParseCodeFrame("code,label,keywords\ntech,Technology,digital|online*\njobs,Work,job market|employ*\n");
  ASSERT_TRUE(frame.ok()) << frame.error().message;
  std::vector<std::string> a = {"Online learning", "Good for the job market", "Digital jobs, employers", "nothing",
                                ""};
  auto counts = ApplyCodeFrame(*frame, a, {});
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0].answers, 2);  // online*, digital
  EXPECT_EQ(counts[1].answers, 2);  // job market, employ*
  EXPECT_EQ(counts[2].name, "uncoded");
  EXPECT_EQ(counts[2].answers, 1);
  EXPECT_FALSE(ParseCodeFrame("code,label,keywords\nx,y\n").ok());
  EXPECT_FALSE(ParseCodeFrame("code,label,keywords\nx,y,\n").ok());
}

// The code frame is read as the spreadsheet wrote it (common/csv_reader.h): a label holding a comma is
// quoted. Split on every comma, it used to be refused as a line of four fields.
TEST(Text, CodeFrameQuotedLabel) {
  auto frame = ParseCodeFrame(
      "\xEF\xBB\xBF"
      "code,label,keywords\r\ncost,\"Cost, price\",fee*|expensive\r\n");
  ASSERT_TRUE(frame.ok()) << frame.error().message;
  ASSERT_EQ(frame->size(), 1u);
  EXPECT_EQ((*frame)[0].label, "Cost, price");
  EXPECT_EQ((*frame)[0].keywords, (std::vector<std::string>{"fee*", "expensive"}));
  auto open = ParseCodeFrame("code,label,keywords\nx,\"y,z\n");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().message, "code frame: line 2, column 2: a quote is not closed");
}

// ---- the loader ----

constexpr const char* kForm =
    "| survey  | type               | name    | label   |\n"
    "|         | select_one agree5  | agree   | Agree?  |\n"
    "|         | select_multiple fm | fm      | Format  |\n"
    "|         | integer            | staff   | Staff   |\n"
    "|         | text               | comment | Comment |\n"
    "|         | begin_repeat       | mc      | MC      |\n"
    "|         | text               | title   | Title   |\n"
    "|         | end_repeat         |         |         |\n"
    "| choices | list_name | name  | label    |\n"
    "|         | agree5    | no    | No       |\n"
    "|         | agree5    | yes   | Yes      |\n"
    "|         | agree5    | dk    | Don't know |\n"
    "|         | fm        | pdf   | PDF      |\n"
    "|         | fm        | badge | Badge    |\n"
    "| settings | form_id |\n"
    "|          | ld      |\n";

TEST(Dataset, DecodesStoredJsonIntoColumns) {
  Diagnostics d;
  auto f = form::Compile(kForm, "ld.md", d);
  ASSERT_TRUE(f) << d.ToString();
  Dataset ds = Schema(*f, {});
  ASSERT_NE(ds.Find("fm/badge"), nullptr);
  EXPECT_EQ(ds.Find("title"), nullptr);  // repeats are not columns
  EXPECT_TRUE(ds.Find("agree")->ordinal);
  EXPECT_EQ(ds.Find("agree")->scored, (std::vector<bool>{true, true, false}));
  {
    RowDecoder dec(ds, *f);
    ASSERT_TRUE(dec.AddRow(R"({"agree":"yes","fm":"badge pdf","staff":"12","comment":"a \"quoted\" \u00e9 text",)"
                           R"("mc":[{"title":"x","agree":"no"}],"unknown":"1"})")
                    .ok());
    ASSERT_TRUE(dec.AddRow(R"({"agree":"maybe","staff":"x"})").ok());
    EXPECT_FALSE(dec.AddRow(R"({"agree":)").ok());
  }
  {
    // Keys in another order, and a key where the previous row had another: the per-position key
    // cache must not mix them up.
    RowDecoder dec(ds, *f);
    ASSERT_TRUE(dec.AddRow(R"({"staff":"1","agree":"no"})").ok());
    ASSERT_TRUE(dec.AddRow(R"({"agree":"dk","staff":"2"})").ok());
    ASSERT_TRUE(dec.AddRow(R"({"comment":"x","agree":"yes"})").ok());
  }
  ASSERT_EQ(ds.rows(), 6u);
  EXPECT_EQ(ds.Find("agree")->cat[3], 0);
  EXPECT_EQ(ds.Find("staff")->num[3], 1);
  EXPECT_EQ(ds.Find("agree")->cat[4], 2);
  EXPECT_EQ(ds.Find("staff")->num[4], 2);
  EXPECT_EQ(ds.Find("agree")->cat[5], 1);
  EXPECT_EQ(ds.Find("comment")->text[5], "x");
  EXPECT_TRUE(std::isnan(ds.Find("staff")->num[5]));
  const Variable& agree = *ds.Find("agree");
  EXPECT_EQ(agree.cat[0], 1);
  EXPECT_EQ(agree.cat[1], kMissing);  // an unknown choice is not counted
  EXPECT_EQ(ds.Find("fm/pdf")->cat[0], 1);
  EXPECT_EQ(ds.Find("fm/badge")->cat[0], 1);
  EXPECT_EQ(ds.Find("fm/pdf")->cat[1], kMissing);
  EXPECT_EQ(ds.Find("staff")->num[0], 12);
  EXPECT_TRUE(std::isnan(ds.Find("staff")->num[1]));
  EXPECT_EQ(ds.Find("comment")->text[0], "a \"quoted\" é text");
}

TEST(Dataset, LoadsFromStorageWithInvitationGroups) {
  Diagnostics d;
  auto f = form::Compile(kForm, "ld.md", d);
  ASSERT_TRUE(f);
  testing::TempDir dir;
  auto store = std::move(storage::Open("sqlite:" + dir.File("s.db")).value());
  ASSERT_TRUE(store->Migrate().ok());
  auto inv = [](const std::string& id, const std::string& group, const std::string& country) {
    storage::Invitation i;
    i.id = id;
    i.form_id = "ld";
    i.group = group;
    i.country = country;
    return i;
  };
  ASSERT_TRUE(store->AddInvitations({inv("i1", "employers", "BE"), inv("i2", "providers", "FR")}).ok());
  auto add = [&](const std::string& id, const std::string& json, const std::string& inv, bool complete) {
    storage::ResponseRecord r;
    r.id = id;
    r.form_id = "ld";
    r.form_version = f->version;
    r.status = complete ? storage::ResponseStatus::kComplete : storage::ResponseStatus::kPartial;
    r.answers_json = json;
    r.channel = "web";
    r.invitation_id = inv;
    r.started_at = r.updated_at = r.submitted_at = 1000;
    ASSERT_TRUE(store->InsertResponse(r).ok());
  };
  add("A", R"({"agree":"yes"})", "i1", true);
  add("B", R"({"agree":"no","fm":"pdf"})", "i2", true);
  add("C", R"({"agree":"no"})", "", true);
  add("P", R"({"agree":"no"})", "", false);
  auto ds = Load(*store, *f, {});
  ASSERT_TRUE(ds.ok()) << ds.error().message;
  EXPECT_EQ(ds->rows(), 3u);  // the partial one is left out
  const Variable* g = ds->Find("group");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->name, "_group");
  // The rule shared with the dashboard (group_country.h): without an invitation or a `group`
  // answer, the questionnaire names the group.
  EXPECT_EQ(g->codes, (std::vector<std::string>{"employers", "providers", "ld"}));
  EXPECT_EQ(g->cat, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(ds->Find("country")->cat, (std::vector<std::int32_t>{0, 1, kMissing}));
  CrossTab t = Cross(*ds->Find("agree"), *g);
  EXPECT_EQ(t.n, (std::vector<long long>{0, 1, 1, 1, 0, 0, 0, 0, 0}));
  LoadOptions only;
  only.only = {"agree"};
  auto small = Load(*store, *f, only);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->Find("staff"), nullptr);
  EXPECT_NE(small->Find("agree"), nullptr);
}

}  // namespace
}  // namespace mcs::stats
