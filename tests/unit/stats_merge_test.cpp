// Categories merged before suppressing (issue 23): the team's lines read and refused by line and
// column, checked against the form, applied to a select_one (remapped, a scale kept only when the
// members are neighbours), a select_multiple (a respondent choosing both members counts once) and a
// repeat's question, and described for the method section.
#include <gtest/gtest.h>

#include "stats/dataset.h"
#include "stats/merge.h"
#include "stats/stats.h"
#include "stats/suppress.h"

namespace mcs::stats {
namespace {

const char* kForm =
    "| survey  | type                 | name  | label          |\n"
    "|         | select_one size      | size  | Size           |\n"
    "|         | select_multiple terms| terms | Terms used     |\n"
    "|         | select_one agree     | trust | Trust          |\n"
    "|         | text                 | note  | Comment        |\n"
    "|         | begin_repeat         | mc    | Microcredential |\n"
    "|         | select_one size      | mc_size | Provider size |\n"
    "|         | end_repeat           |       |                |\n"
    "| choices | list_name | name     | label                  |\n"
    "|         | size      | micro    | 1-9 employees          |\n"
    "|         | size      | small    | 10-49 employees        |\n"
    "|         | size      | large    | 50 or more             |\n"
    "|         | terms     | badge    | Digital badge          |\n"
    "|         | terms     | mc       | Microcredential        |\n"
    "|         | terms     | nano     | Nanodegree             |\n"
    "|         | agree     | disagree | Disagree               |\n"
    "|         | agree     | neutral  | Neither                |\n"
    "|         | agree     | agree    | Agree                  |\n"
    "| settings | form_id |\n"
    "|          | mg      |\n";

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    f_ = form::Compile(kForm, "mg.md", d);
    ASSERT_TRUE(f_) << d.ToString();
  }
  Dataset Rows(const std::vector<std::string>& rows) {
    LoadOptions lo;
    Dataset ds = Schema(*f_, lo);
    RowDecoder dec(ds, *f_);
    RepeatData rep;
    rep.name = "mc";
    const int at = static_cast<int>(f_->Find("mc") - f_->nodes.data());
    rep.instances = Schema(*f_, lo, at);
    RowDecoder rdec(rep.instances, *f_, at);
    for (const auto& r : rows) {
      EXPECT_TRUE(dec.AddRow(r).ok()) << r;
      for (std::size_t k = 0; k < dec.view().RepeatSize("mc"); ++k) rdec.AddValues(dec.view().RepeatInstance("mc", k));
    }
    ds.repeats.push_back(std::move(rep));
    return ds;
  }
  std::shared_ptr<const form::Form> f_;
};

TEST(MergeText, ReadWithQuotesHeaderAndComments) {
  auto m = ParseMerges("\xEF\xBB\xBFquestion,label,choices\n# the team's choice\n\nsize,\"Under 50, all\",micro,small\r\n"
                       "terms,\"A \"\"badge\"\" or a credential\",badge,mc\n");
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].question, "size");
  EXPECT_EQ((*m)[0].label, "Under 50, all");
  EXPECT_EQ((*m)[0].choices, (std::vector<std::string>{"micro", "small"}));
  EXPECT_EQ((*m)[0].line, 4);
  EXPECT_EQ((*m)[1].label, "A \"badge\" or a credential");
  // Written back, read back the same.
  auto again = ParseMerges(SerializeMerges(*m));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[1].label, (*m)[1].label);
  EXPECT_EQ((*again)[0].choices, (*m)[0].choices);
  EXPECT_EQ(SerializeMerges({}), "");
}

// SerializeMerges quotes a label holding a line break (RFC 4180); the old line-by-line reader then
// refused what it had written ("a quote is not closed"). The shared reader reads it back.
TEST(MergeText, ALabelWithALineBreakIsReadBack) {
  auto m = ParseMerges("size,\"Under 50\n(micro, small)\",micro,small\nterms,x,badge,mc\n");
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].label, "Under 50\n(micro, small)");
  EXPECT_EQ((*m)[1].line, 3);
  auto again = ParseMerges(SerializeMerges(*m));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)[0].label, (*m)[0].label);
}

TEST(MergeText, ProblemsByLineAndColumn) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"size,Under 50,micro\n", "line 1, column 4: at least two choices are merged into one"},
      {"size,,micro,small\n", "line 1, column 2: the combined category's label is missing"},
      {"\n,x,micro,small\n", "line 2, column 1: the question's name is missing"},
      {"size,x,micro,\"small\n", "line 1, column 4: a quote is not closed"},
      {"size,x,micro,,small\n", "line 1, column 4: a choice's name is missing"},
      {"size,x,micro,micro\n", "line 1, column 4: 'micro' is given twice"},
  };
  for (const auto& c : cases) {
    auto m = ParseMerges(c.text);
    ASSERT_FALSE(m.ok()) << c.text;
    EXPECT_EQ(m.error().message, c.message) << c.text;
  }
}

TEST_F(MergeTest, CheckedAgainstTheForm) {
  auto check = [&](const char* text) {
    auto m = ParseMerges(text);
    EXPECT_TRUE(m.ok()) << text;
    Status st = CheckMerges(*f_, *m);
    return st.ok() ? std::string("ok") : st.error().message;
  };
  EXPECT_EQ(check("size,Under 50,micro,small\nterms,Badges,badge,nano\n"), "ok");
  EXPECT_EQ(check("size,Under 50,micro,small\nnote,x,a,b\n"), "line 2, column 1: 'note' is not a closed question of mg");
  EXPECT_EQ(check("sise,x,micro,small\n"), "line 1, column 1: 'sise' is not a closed question of mg");
  EXPECT_EQ(check("size,x,micro,huge\n"), "line 1, column 4: 'huge' is not a choice of size");
  EXPECT_EQ(check("size,x,micro,small\nsize,y,large,small\n"),
            "line 2, column 4: 'small' is already merged into another category");
}

TEST_F(MergeTest, SelectOneRemappedBeforeSuppressing) {
  std::vector<std::string> rows = {R"({"size":"micro"})", R"({"size":"micro"})", R"({"size":"small"})",
                                   R"({"size":"small"})", R"({"size":"small"})"};
  for (int i = 0; i < 6; ++i) rows.push_back(R"({"size":"large"})");
  rows.push_back(R"({})");
  Dataset ds = Rows(rows);
  // Unmerged, both small categories are under 5 and suppressed.
  FreqTable before = Frequencies(*ds.Find("size"));
  Suppress(before, 5);
  EXPECT_TRUE(before.rows[0].suppressed);
  EXPECT_TRUE(before.rows[1].suppressed);
  auto m = ParseMerges("size,Under 50,micro,small\n");
  ASSERT_TRUE(m.ok());
  ApplyMerges(ds, *m);
  const Variable& v = *ds.Find("size");
  EXPECT_EQ(v.codes, (std::vector<std::string>{"micro+small", "large"}));
  EXPECT_EQ(v.code_labels, (std::vector<std::string>{"Under 50", "50 or more"}));
  FreqTable t = Frequencies(v);
  EXPECT_EQ(t.n, 11);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].n, 5);
  EXPECT_EQ(t.rows[1].n, 6);
  // Merged, the 2 and the 3 are one count of 5: shown, and so is the other.
  Suppress(t, 5);
  EXPECT_FALSE(t.rows[0].suppressed);
  EXPECT_FALSE(t.rows[1].suppressed);
  EXPECT_EQ(v.cat.back(), kMissing);
}

TEST_F(MergeTest, ScaleKeptOnlyWhenNeighboursMerge) {
  Dataset a = Rows({R"({"trust":"agree"})", R"({"trust":"neutral"})"});
  Dataset b = Rows({R"({"trust":"agree"})", R"({"trust":"neutral"})"});
  ASSERT_TRUE(a.Find("trust")->ordinal);
  ApplyMerges(a, *ParseMerges("trust,Not against,neutral,agree\n"));
  EXPECT_TRUE(a.Find("trust")->ordinal);
  ApplyMerges(b, *ParseMerges("trust,The ends,disagree,agree\n"));
  EXPECT_FALSE(b.Find("trust")->ordinal);
  EXPECT_EQ(b.Find("trust")->codes, (std::vector<std::string>{"disagree+agree", "neutral"}));
  EXPECT_EQ(b.Find("trust")->cat, (std::vector<std::int32_t>{0, 1}));
}

TEST_F(MergeTest, SelectMultipleCountsARespondentOnce) {
  Dataset ds = Rows({R"({"terms":"badge mc"})", R"({"terms":"mc"})", R"({"terms":"nano"})", R"({})"});
  ApplyMerges(ds, *ParseMerges("terms,Badge or microcredential,badge,mc\n"));
  EXPECT_EQ(ds.Find("terms/badge"), nullptr);
  EXPECT_EQ(ds.Find("terms/mc"), nullptr);
  const Variable* v = ds.Find("terms/badge+mc");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->label, "Badge or microcredential");
  FreqTable t = MultipleResponse(ds, "terms");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].label, "Badge or microcredential");
  EXPECT_EQ(t.rows[0].n, 2);  // the first respondent chose both: counted once
  EXPECT_EQ(t.rows[1].n, 1);
}

TEST_F(MergeTest, RepeatQuestionsAndTheMethodSentence) {
  Dataset ds = Rows({R"({"mc":[{"mc_size":"micro"},{"mc_size":"small"}]})", R"({"mc":[{"mc_size":"large"}]})"});
  ApplyMerges(ds, *ParseMerges("mc_size,Small providers,micro,small\n"));
  const Variable* v = ds.repeats[0].instances.Find("mc_size");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->cat, (std::vector<std::int32_t>{0, 0, 1}));
  auto text = DescribeMerges(*f_, *ParseMerges("size,Under 50,micro,small\nterms,Any,badge,mc,nano\n"));
  ASSERT_EQ(text.size(), 2u);
  EXPECT_EQ(text[0], "Size: \u201C1-9 employees\u201D and \u201C10-49 employees\u201D are shown together as \u201CUnder 50\u201D.");
  EXPECT_EQ(text[1],
            "Terms used: \u201CDigital badge\u201D, \u201CMicrocredential\u201D and \u201CNanodegree\u201D are shown "
            "together as \u201CAny\u201D.");
}

}  // namespace
}  // namespace mcs::stats
