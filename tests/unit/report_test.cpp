// The HTML report: labels escaped, numbers and n shown, suppressed cells marked, charts present,
// no script and no inline style attribute (strict CSP), the style element's hash as documented.
#include "report/report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "report/chart.h"
#include "report/font_metrics.h"
#include "stats/dataset.h"
#include "stats/text.h"
#include "stats/weights.h"

namespace mcs::report {
namespace {

constexpr const char* kForm =
    "| survey  | type               | name    | label                        |\n"
    "|         | select_one grp     | grp     | Stakeholder group            |\n"
    "|         | select_one agree5  | agree   | Badges <b>help</b> & \"work\" |\n"
    "|         | select_multiple fm | fm      | Format                       |\n"
    "|         | integer            | staff   | Staff                        |\n"
    "|         | text               | comment | Comment                      |\n"
    "| choices | list_name | name  | label         |\n"
    "|         | grp       | emp   | Employers     |\n"
    "|         | grp       | prov  | Providers     |\n"
    "|         | agree5    | no    | Disagree      |\n"
    "|         | agree5    | yes   | Agree <i>     |\n"
    "|         | agree5    | dk    | Don't know    |\n"
    "|         | fm        | pdf   | PDF           |\n"
    "|         | fm        | badge | Badge         |\n"
    "| settings | form_id | form_title       |\n"
    "|          | rp      | Study <script>   |\n";

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    f_ = form::Compile(kForm, "rp.md", d);
    ASSERT_TRUE(f_) << d.ToString();
    ds_ = stats::Schema(*f_, {});
    stats::RowDecoder dec(ds_, *f_);
    // 12 employers: 9 agree, 3 disagree; 8 providers: 6 agree, 1 disagree, 1 don't know.
    for (int i = 0; i < 20; ++i) {
      const bool emp = i < 12;
      const char* agree = emp ? (i < 9 ? "yes" : "no") : (i < 18 ? "yes" : i == 18 ? "no" : "dk");
      std::string json = std::string("{\"grp\":\"") + (emp ? "emp" : "prov") + "\",\"agree\":\"" + agree +
                         "\",\"fm\":\"" + (i % 2 ? "pdf badge" : "pdf") + "\",\"staff\":\"" + std::to_string(i) +
                         "\",\"comment\":\"" + (i < 6 ? "digital badges matter" : "") + "\"}";
      ASSERT_TRUE(dec.AddRow(json).ok());
    }
  }
  std::string Render(Options o) {
    auto html = RenderHtml(*f_, ds_, o);
    EXPECT_TRUE(html.ok()) << html.error().message;
    return html.ok() ? *html : "";
  }

  std::shared_ptr<const form::Form> f_;
  stats::Dataset ds_;
};

TEST_F(ReportTest, EscapesLabelsAndShowsNumbers) {
  Options o;
  o.generated_at = "5 July 2027";
  const std::string h = Render(o);
  EXPECT_NE(h.find("<title>Study &lt;script&gt; — report</title>"), std::string::npos);
  EXPECT_NE(h.find("Badges &lt;b&gt;help&lt;/b&gt; &amp; &quot;work&quot;"), std::string::npos);
  EXPECT_EQ(h.find("<b>help"), std::string::npos);
  EXPECT_EQ(h.find("<i>"), std::string::npos);
  EXPECT_NE(h.find("n = 20 complete responses"), std::string::npos);
  EXPECT_NE(h.find("<strong>Unweighted.</strong> This is an open-link survey"), std::string::npos);
  // agree: 15 of 20 = 75.0%, Wilson 53.1–88.8 (prop.test(15, 20, correct = FALSE): 0.5313 0.8881).
  EXPECT_NE(h.find("<th scope=\"row\">Agree &lt;i&gt;</th><td>15</td><td>75.0</td><td>53.1–88.8</td>"),
            std::string::npos)
      << h;
  // Multiple response: pdf chosen by all 20, badge by 10.
  EXPECT_NE(h.find("<th scope=\"row\">Badge</th><td>10</td><td>50.0</td>"), std::string::npos);
  // Number summary: 0..19 → mean 9.50, median 9.5. The minimum (0) and maximum (19) are each one
  // respondent's answer: hidden at the default smallest cell (5), shown with 1 (no suppression).
  const std::string sup =
      "<td class=\"sup\"><abbr title=\"not shown: fewer than 5 respondents, or hidden so that the totals do not "
      "reveal such a cell\">hidden</abbr></td>";
  EXPECT_NE(h.find("<td>20</td><td>9.50</td><td>5.92</td>" + sup + "<td>4.75</td><td>9.5</td><td>14.25</td>" + sup),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("a minimum or maximum is shown only where at least 5 respondents gave that value"),
            std::string::npos);
  o.min_cell = 1;
  EXPECT_NE(Render(o).find(
                "<td>20</td><td>9.50</td><td>5.92</td><td>0</td><td>4.75</td><td>9.5</td><td>14.25</td><td>19</td>"),
            std::string::npos);
  // Open text: 6 answers use "digital badges".
  EXPECT_NE(h.find("<tr><td>digital badges</td><td>6</td></tr>"), std::string::npos);
  EXPECT_NE(h.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(h.find("role=\"img\""), std::string::npos);
  EXPECT_NE(h.find("<dt>Generated</dt><dd>5 July 2027</dd>"), std::string::npos);
}

TEST_F(ReportTest, SmallCellsAreSuppressedWithPartners) {
  Options o;
  o.by = "grp";
  const std::string h = Render(o);
  // Providers: disagree 1 and don't know 1 are under 5; each column then has two hidden cells.
  // One mark for small cells and their partners alike ("<5" was false for a partner of 5 or more).
  EXPECT_NE(h.find("<td class=\"sup\"><abbr title=\"not shown: fewer than 5 respondents, or hidden so that the totals "
                   "do not reveal such a cell\">hidden</abbr></td>"),
            std::string::npos);
  EXPECT_EQ(h.find("&lt;5"), std::string::npos);
  EXPECT_NE(h.find("Cells with fewer than 5 respondents are not shown, and neither are other cells (or totals)"),
            std::string::npos);
  // The frequency table: Don't know (1) is hidden and so is Disagree (4) as its partner.
  EXPECT_NE(h.find("<th scope=\"row\">Don&#39;t know</th><td class=\"sup\"><abbr"), std::string::npos) << h;
  EXPECT_NE(h.find("<th scope=\"row\">Disagree</th><td class=\"sup\"><abbr"), std::string::npos);
  // The scale by group is a stacked chart with a legend.
  EXPECT_NE(h.find("#542788"), std::string::npos);
  Options none;
  none.by = "grp";
  none.min_cell = 1;
  const std::string all = Render(none);
  EXPECT_EQ(all.find("class=\"sup\""), std::string::npos);
  EXPECT_EQ(all.find("Cells with fewer than"), std::string::npos);
}

TEST_F(ReportTest, StrictCspFriendly) {
  Options o;
  o.by = "grp";
  const std::string h = Render(o);
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_EQ(h.find(" style="), std::string::npos);
  EXPECT_EQ(h.find("<link"), std::string::npos);  // self-contained
  const std::string css = "<style>" + std::string(Css()) + "</style>";
  EXPECT_NE(h.find(css), std::string::npos);
  std::size_t count = 0;
  for (std::size_t p = h.find("<style"); p != std::string::npos; p = h.find("<style", p + 1)) ++count;
  EXPECT_EQ(count, 1u);
  EXPECT_TRUE(std::regex_match(CssHash(), std::regex("'sha256-[A-Za-z0-9+/]{43}='"))) << CssHash();
}

TEST_F(ReportTest, WeightedReportSaysSo) {
  auto m = stats::ParseMargins("variable,category,population\ngrp,emp,100\ngrp,prov,300\n");
  ASSERT_TRUE(m.ok());
  auto wt = stats::ComputeWeights(ds_, *m);
  ASSERT_TRUE(wt.ok());
  Options o;
  o.weighting = &*wt;
  o.weights_source = "margins.csv";
  const std::string h = Render(o);
  EXPECT_NE(h.find("Weighted to population margins from margins.csv by post-stratification"), std::string::npos);
  // Weighted agree: (9 * 100/12 + 6 * 300/8) / 400 = (75 + 225) / 400 = 75.0%, n stays 15.
  EXPECT_NE(h.find("<th scope=\"row\">Agree &lt;i&gt;</th><td>15</td><td>75.0</td>"), std::string::npos);
  // Weighted and unweighted side by side: Disagree is 4 of 20 unweighted (20.0%), weighted
  // (3 * 100/12 + 1 * 300/8) / 400 = (25 + 37.5) / 400 = 15.6%.
  EXPECT_NE(
      h.find("<th scope=\"col\">% weighted</th><th scope=\"col\">95% interval</th><th scope=\"col\">% unweighted</th>"),
      std::string::npos);
  Options all = o;
  all.min_cell = 1;  // Disagree (4) is a small cell otherwise
  const std::string h1 = Render(all);
  EXPECT_TRUE(std::regex_search(
      h1, std::regex("<th scope=\"row\">Disagree</th><td>4</td><td>15.6</td><td>[0-9.]+–[0-9.]+</td><td>20.0</td>")))
      << h1;
  // The weights' summary: 12 employers at 100/12, 8 providers at 300/8 → design effect
  // 20 * (12 * 8.333^2 + 8 * 37.5^2) / 400^2 = 1.85.
  const stats::WeightSummary ws = stats::Summarise(*wt);
  EXPECT_NEAR(ws.deff, 20.0 * (12 * (100.0 / 12) * (100.0 / 12) + 8 * 37.5 * 37.5) / (400.0 * 400.0), 1e-12);
  EXPECT_NEAR(ws.min, 100.0 / 12, 1e-12);
  EXPECT_NEAR(ws.max, 37.5, 1e-12);
  EXPECT_NE(h.find(fmt::format("the design effect of unequal weighting is {:.2f}", ws.deff)), std::string::npos);
}

// Found by the audit: a weighted select_multiple's interval was the unweighted Wilson interval
// around the weighted share (29.9–70.1 here), not the design-based one the method section states.
// R: svymean(~badge, postStratify(svydesign(ids = ~1), ~grp, ...)); confint → 22.37–77.63.
TEST_F(ReportTest, WeightedMultipleChoiceIntervalIsDesignBased) {
  auto m = stats::ParseMargins("variable,category,population\ngrp,emp,100\ngrp,prov,300\n");
  ASSERT_TRUE(m.ok());
  auto wt = stats::ComputeWeights(ds_, *m);
  ASSERT_TRUE(wt.ok());
  Options o;
  o.weighting = &*wt;
  const std::string h = Render(o);
  EXPECT_NE(h.find("<th scope=\"row\">Badge</th><td>10</td><td>50.0</td><td>22.4–77.6</td><td>50.0</td>"),
            std::string::npos)
      << h;
}

TEST_F(ReportTest, UnknownByIsRefused) {
  Options o;
  o.by = "staff";
  EXPECT_FALSE(RenderHtml(*f_, ds_, o).ok());
  o.by = "nothing";
  EXPECT_FALSE(RenderHtml(*f_, ds_, o).ok());
}

TEST(Chart, BarsCarryTheirNumbersAndEscapedTitles) {
  stats::FreqTable t;
  auto row = [](std::string label, long long n, bool suppressed) {
    stats::FreqRow r;
    r.label = std::move(label);
    r.n = n;
    r.count = static_cast<double>(n);
    r.pct = static_cast<double>(n) * 10;
    r.suppressed = suppressed;
    return r;
  };
  t.rows.push_back(row("A & B", 7, false));
  t.rows.push_back(row("C", 3, true));
  std::string svg = BarChart(t, "Title <x>");
  EXPECT_NE(svg.find("<title>Title &lt;x&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find(">A &amp; B</text>"), std::string::npos);
  EXPECT_NE(svg.find("70.0% (n=7)"), std::string::npos);
  EXPECT_NE(svg.find(">hidden (small cell)</text>"), std::string::npos);
  EXPECT_EQ(svg.find("30.0%"), std::string::npos);
}

}  // namespace

// Every text element of an SVG chart: its anchor x, its anchor, and its lines (tspans or the text).
struct SvgText {
  double x = 0;
  std::string anchor;
  std::vector<std::string> lines;
};
std::vector<SvgText> Texts(const std::string& svg) {
  std::vector<SvgText> out;
  std::regex text_re("<text([^>]*)>(.*?)</text>");
  std::regex x_re(" x=\"([0-9.\\-]+)\"");
  std::regex anchor_re("text-anchor=\"(\\w+)\"");
  std::regex tspan_re("<tspan x=\"([0-9.\\-]+)\"[^>]*>(.*?)</tspan>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_re); it != std::sregex_iterator(); ++it) {
    SvgText t;
    const std::string attrs = (*it)[1], body = (*it)[2];
    std::smatch m;
    t.anchor = std::regex_search(attrs, m, anchor_re) ? m[1].str() : "start";
    if (body.find("<tspan") != std::string::npos) {
      for (auto s = std::sregex_iterator(body.begin(), body.end(), tspan_re); s != std::sregex_iterator(); ++s) {
        t.x = std::stod((*s)[1]);
        t.lines.push_back((*s)[2]);
      }
    } else {
      if (std::regex_search(attrs, m, x_re)) t.x = std::stod(m[1]);
      t.lines.push_back(body);
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::string Unescape(std::string s) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"},
                          {"&gt;", ">"},
                          {"&quot;", "\""},
                          {"&#39;", "'"},
                          {"&amp;", "&"}}) {
    for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), to);
  }
  return s;
}

// No text of a chart reaches outside its viewBox (which is what clipped "ublic-sector organisation"),
// measured with the font the chart names.
void ExpectInside(const std::string& svg, double font_px_max = 13) {
  for (const SvgText& t : Texts(svg)) {
    for (const auto& line : t.lines) {
      const double w = TextWidth(Unescape(line), font_px_max);
      const double left = t.anchor == "end" ? t.x - w : t.anchor == "middle" ? t.x - w / 2 : t.x;
      EXPECT_GE(left, -0.5) << line;
      EXPECT_LE(left + w, kChartWidth + 0.5) << line;
    }
  }
}

TEST(Chart, AHiddenBaseOrColumnNIsNotGivenBackByShares) {
  // A count and its share of a hidden base give the base back (n / %): no bars then. A stacked
  // column whose n is hidden says so, and draws its shares as whole percentages, as the tables do.
  stats::FreqTable t;
  stats::FreqRow r;
  r.label = "Yes";
  r.n = r.count = 10;
  r.pct = 55.6;
  t.rows.push_back(r);
  t.n = 18;
  EXPECT_NE(BarChart(t, "Q"), "");
  t.total_suppressed = true;
  EXPECT_EQ(BarChart(t, "Q"), "");
  stats::CrossTab c;
  c.row_codes = c.row_labels = {"yes", "no"};
  c.col_codes = c.col_labels = {"Employers", "Providers"};
  c.n = {10, 5, 8, 2};
  c.count = {10, 5, 8, 2};
  c.col_n = {18, 7};
  c.col_total = {18, 7};
  c.total_n = 25;
  c.suppressed = {false, false, false, true};
  c.col_n_suppressed = {false, true};
  const std::string svg = StackedChart(c, {true, true}, "Q");
  EXPECT_NE(svg.find("Employers (n=18)"), std::string::npos);
  EXPECT_EQ(svg.find("n=7"), std::string::npos) << "the hidden column n is printed";
  EXPECT_NE(svg.find("Providers (n hidden)"), std::string::npos);
  EXPECT_EQ(svg.find("71.4%"), std::string::npos) << "5 of 7, exact: gives 7 back";
  EXPECT_NE(svg.find("71.0%"), std::string::npos);
}

TEST(FontMetrics, DejaVuSansAdvanceWidths) {
  // DejaVu Sans Book: 2048 units per em; 'A' 1401, 'W' 2025, space 651 (its hmtx table).
  EXPECT_DOUBLE_EQ(TextWidth("A", 2048), 1401);
  EXPECT_DOUBLE_EQ(TextWidth("AW ", 2048), 1401 + 2025 + 651);
  EXPECT_GT(TextWidth("Österreich", 13), TextWidth("Osterreich", 13) - 0.01);
  // Outside the table (CJK): a whole em, never less.
  EXPECT_DOUBLE_EQ(TextWidth("\xE4\xB8\xAD", 10), 10);
}

TEST(FontMetrics, WrapKeepsEveryCharacterWithinTheWidth) {
  const std::string label =
      "Public-sector organisation (ministry, agency, chamber) or other body governed by public law";
  for (double width : {60.0, 120.0, 200.0, 1000.0}) {
    auto lines = WrapText(label, width, 13);
    std::string joined;
    for (const auto& l : lines) {
      EXPECT_LE(TextWidth(l, 13), width + 1e-9) << l;
      joined += l;
    }
    std::string no_spaces;
    for (char c : label)
      if (c != ' ') no_spaces += c;
    std::string joined_no_spaces;
    for (char c : joined)
      if (c != ' ') joined_no_spaces += c;
    EXPECT_EQ(joined_no_spaces, no_spaces) << width;
  }
  EXPECT_EQ(WrapText(label, 1000, 13).size(), 1u);
  // A word wider than the line is split between characters, nothing lost.
  auto split = WrapText("Donaudampfschifffahrtsgesellschaft", 50, 13);
  EXPECT_GT(split.size(), 1u);
}

TEST(FontMetrics, WrapKeepsTheSpaceAfterADash) {
  // The study's NACE labels: the chart said "A -Agriculture, forestry and fishing" (the table beside
  // it "A - Agriculture, ..."): a dash ends a piece, and the space after it was dropped.
  for (std::string label : {"A - Agriculture, forestry and fishing", "Österreich – Ελλάδα – България", "and/or either",
                            "Public-sector body"}) {
    EXPECT_EQ(WrapText(label, 1000, 13), std::vector<std::string>{label});
  }
}

TEST(Chart, LongLabelsAreWrappedNeverClipped) {
  stats::FreqTable t;
  for (std::string l : {"Public-sector organisation (ministry, agency, chamber) or other body governed by public law",
                        "Micro (fewer than 10 employees)", "Österreich – Ελλάδα – България & <others>"}) {
    stats::FreqRow r;
    r.label = l;
    r.n = 40;
    r.pct = 99.5;
    t.rows.push_back(r);
  }
  const std::string svg = BarChart(t, "Type");
  EXPECT_EQ(svg.find("…"), std::string::npos);
  ExpectInside(svg);
  // The long label is on several lines that join to the whole label.
  std::string joined;
  for (const SvgText& x : Texts(svg))
    if (x.lines.size() > 1)
      for (const auto& l : x.lines) joined += (joined.empty() ? "" : " ") + l;
  EXPECT_EQ(joined, "Public-sector organisation (ministry, agency, chamber) or other body governed by public law");
  EXPECT_NE(svg.find("&lt;others&gt;"), std::string::npos);
}

TEST(Chart, DivergingBarsPutTheScaleEitherSideOfTheCentre) {
  ScaleLayout lay;
  lay.labels = {"Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"};
  lay.right = {1, 0};
  lay.left = {3, 4};
  lay.middle = 2;
  lay.apart = {5};
  ScaleItem a{"Microcredentials help people update and deepen the skills needed in their current job (upskilling).",
              120,
              {30, 30, 10, 10, 10, 10},
              std::vector<bool>(6, false)};
  ScaleItem b{"Short", 8, {0, 0, 0, 0, 0, 0}, {false, true, false, false, false, true}};
  const std::string svg = DivergingChart({a, b}, lay, "Purposes");
  ExpectInside(svg);
  EXPECT_NE(svg.find(">hidden</text>"), std::string::npos);  // b's don't know
  EXPECT_NE(svg.find("* categories with fewer than 5 answers, and their partners, are not drawn"), std::string::npos);
  // The legend runs from one pole to the other: strongly disagree first, strongly agree last.
  const auto sd = svg.find(">Strongly disagree<"), sa = svg.find(">Strongly agree<");
  ASSERT_NE(sd, std::string::npos);
  ASSERT_NE(sa, std::string::npos);
  EXPECT_LT(sd, sa);
}

constexpr const char* kBatteryForm =
    "| survey  | type               | name    | label                 | appearance |\n"
    "|         | begin_group        | about   | About you             | field-list |\n"
    "|         | select_one grp     | grp     | Stakeholder group     |            |\n"
    "|         | end_group          |         |                       |            |\n"
    "|         | begin_group        | purp    | How far do you agree? | table-list |\n"
    "|         | select_one agree5  | d1      | Badges help & <work>  |            |\n"
    "|         | select_one agree5  | d2      | Badges are trusted    |            |\n"
    "|         | select_one agree5  | d3      | Badges cost too much  |            |\n"
    "|         | end_group          |         |                       |            |\n"
    "|         | select_one agree5  | alone   | On its own            |            |\n"
    "| choices | list_name | name     | label          |\n"
    "|         | grp       | emp      | Employers      |\n"
    "|         | grp       | prov     | Providers      |\n"
    "|         | agree5    | agree    | Agree          |\n"
    "|         | agree5    | neither  | Neither        |\n"
    "|         | agree5    | disagree | Disagree       |\n"
    "|         | agree5    | dk       | Don't know     |\n"
    "| settings | form_id | form_title |\n"
    "|          | bat     | Battery    |\n";

class BatteryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    f_ = form::Compile(kBatteryForm, "bat.md", d);
    ASSERT_TRUE(f_) << d.ToString();
    ds_ = stats::Schema(*f_, {});
    stats::RowDecoder dec(ds_, *f_);
    // d1: 30 agree of 40; d2: 10 agree; d3: 20 agree. Employers 24, providers 16.
    for (int i = 0; i < 40; ++i) {
      auto ans = [&](int agree_below) {
        return i < agree_below ? "agree" : i % 3 == 0 ? "dk" : i % 3 == 1 ? "neither" : "disagree";
      };
      std::string json = std::string("{\"grp\":\"") + (i < 24 ? "emp" : "prov") + "\",\"d1\":\"" + ans(30) +
                         "\",\"d2\":\"" + ans(10) + "\",\"d3\":\"" + ans(20) + "\",\"alone\":\"agree\"}";
      ASSERT_TRUE(dec.AddRow(json).ok());
    }
  }
  std::shared_ptr<const form::Form> f_;
  stats::Dataset ds_;
};

TEST_F(BatteryTest, QuestionsSharingAScaleOnOnePageAreOneBattery) {
  auto secs = PlanSections(*f_, ds_);
  ASSERT_EQ(secs.size(), 3u);
  EXPECT_EQ(secs[0].title, "About you");
  EXPECT_EQ(secs[1].title, "How far do you agree?");
  ASSERT_EQ(secs[1].blocks.size(), 1u);
  EXPECT_EQ(secs[1].blocks[0].question, nullptr);
  ASSERT_EQ(secs[1].blocks[0].battery.items.size(), 3u);
  EXPECT_EQ(secs[1].blocks[0].battery.title, "How far do you agree?");
  // The loose question after the group is a question of its own, not a fourth item.
  ASSERT_EQ(secs[2].blocks.size(), 1u);
  ASSERT_NE(secs[2].blocks[0].question, nullptr);
  EXPECT_EQ(secs[2].blocks[0].question->name, "alone");

  Options o;
  o.by = "grp";
  auto html = BatteryHtml(*f_, ds_, o, secs[1].blocks[0].battery);
  ASSERT_TRUE(html.ok());
  const std::string& h = *html;
  std::size_t charts = 0;
  for (auto p = h.find("<svg"); p != std::string::npos; p = h.find("<svg", p + 1)) ++charts;
  EXPECT_EQ(charts, 1u);
  EXPECT_NE(h.find("<h3>How far do you agree? <span class=\"note\">(3 items, one scale)</span></h3>"),
            std::string::npos);
  // Sorted by agreement: d1 (75%), d3 (50%), d2 (25%), in the table as in the chart.
  const auto p1 = h.find("<th scope=\"row\">Badges help &amp; &lt;work&gt;</th><td>75</td>");
  const auto p3 = h.find("<th scope=\"row\">Badges cost too much</th><td>50</td>");
  const auto p2 = h.find("<th scope=\"row\">Badges are trusted</th><td>25</td>");
  ASSERT_NE(p1, std::string::npos) << h;
  ASSERT_NE(p3, std::string::npos);
  ASSERT_NE(p2, std::string::npos);
  EXPECT_LT(p1, p3);
  EXPECT_LT(p3, p2);
  // By group: % agree per item and group (employers: rows 0..23; d1 agree for all 24 = 100%).
  EXPECT_NE(h.find("% Agree, by Stakeholder group"), std::string::npos);
  EXPECT_NE(h.find("<th scope=\"row\">Badges help &amp; &lt;work&gt;</th><td>100</td><td>38</td></tr>"),
            std::string::npos)
      << h;
  ExpectInside(h.substr(h.find("<svg"), h.find("</svg>") - h.find("<svg")));
}

TEST_F(BatteryTest, PublicationLayout) {
  Options o;
  o.generated_at = "5 July 2027";
  auto html = RenderHtml(*f_, ds_, o);
  ASSERT_TRUE(html.ok());
  const std::string& h = *html;
  // Cover, contents, numbered sections in form order.
  EXPECT_NE(h.find("<section class=\"cover\">"), std::string::npos);
  EXPECT_NE(h.find("<dt>Responses</dt><dd>n = 40 complete responses</dd>"), std::string::npos);
  const auto toc = h.find("<nav class=\"toc\"");
  ASSERT_NE(toc, std::string::npos);
  EXPECT_NE(h.find("<a href=\"#s1\"><span class=\"t\">1 Method and sample</span></a>"), std::string::npos);
  EXPECT_NE(h.find("<a href=\"#s3\"><span class=\"t\">3 How far do you agree?</span></a>"), std::string::npos);
  EXPECT_NE(h.find("<h2 id=\"s3\">3 How far do you agree?</h2>"), std::string::npos);
  EXPECT_EQ(h.find("class=\"pg\""), std::string::npos);  // no page numbers on screen
  // Printing: placeholders first, then the pages found.
  o.print = true;
  auto first = RenderHtml(*f_, ds_, o);
  ASSERT_TRUE(first.ok());
  EXPECT_NE(first->find("<span class=\"pg\">–</span>"), std::string::npos);
  o.toc_pages = {3, 4, 5, 6};
  auto second = RenderHtml(*f_, ds_, o);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->find("3 How far do you agree?</span><span class=\"pg\">5</span>"), std::string::npos);
  // The page box and the rules that keep headings with what follows and charts with their tables.
  EXPECT_NE(Css().find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(Css().find("h2, h3 { break-after: avoid;"), std::string::npos);
  EXPECT_NE(Css().find(".fig, svg.chart, table, tr { break-inside: avoid;"), std::string::npos);
  EXPECT_NE(h.find("<div class=\"fig\">\n<svg class=\"chart\""), std::string::npos);
}

// The study report: two questionnaires sharing a question; it is compared side by side (a column per
// questionnaire), and each one's own question comes in its module.
TEST(StudyReport, SharedQuestionsSideBySideThenEachModule) {
  auto make = [](const std::string& id, const std::string& own) {
    return std::string("| survey | type | name | label |\n") + "| | select_one yn | shared_q | Do badges help? |\n" +
           "| | select_one yn | " + own + " | Only " + id + " asks this |\n" +
           "| choices | list_name | name | label |\n| | yn | yes | Yes |\n| | yn | no | No |\n"
           "| settings | form_id | form_title |\n| | " +
           id + " | Form " + id + " |\n";
  };
  Diagnostics d;
  auto fa = form::Compile(make("a", "own_a"), "a.md", d);
  auto fb = form::Compile(make("b", "own_b"), "b.md", d);
  ASSERT_TRUE(fa && fb) << d.ToString();
  auto fill = [](const form::Form& f, const std::string& id, int n, int yes, const std::string& own) {
    stats::Dataset ds = stats::Schema(f, {});
    stats::RowDecoder dec(ds, f);
    for (int i = 0; i < n; ++i)
      EXPECT_TRUE(
          dec.AddRow(std::string("{\"shared_q\":\"") + (i < yes ? "yes" : "no") + "\",\"" + own + "\":\"yes\"}").ok());
    stats::Variable g;
    g.name = "_group";
    g.label = "Group";
    g.codes = {id};
    g.code_labels = {id};
    g.cat.assign(static_cast<std::size_t>(n), 0);
    ds.Add(std::move(g));
    return ds;
  };
  stats::Dataset da = fill(*fa, "a", 20, 15, "own_a"), db = fill(*fb, "b", 10, 5, "own_b");
  const stats::Dataset united = stats::Unite({&da, &db}, {{"a", "Providers"}, {"b", "Employers"}});
  EXPECT_EQ(united.rows(), 30u);
  ASSERT_NE(united.Find("shared_q"), nullptr);
  EXPECT_EQ(united.Find("own_a"), nullptr);
  ASSERT_NE(united.Find("group"), nullptr);
  EXPECT_EQ(united.Find("group")->code_labels, (std::vector<std::string>{"Providers", "Employers"}));
  Options o;
  auto html = RenderStudyHtml({{fa.get(), &da}, {fb.get(), &db}}, united, "Two groups compared", o);
  ASSERT_TRUE(html.ok()) << html.error().message;
  const std::string& h = *html;
  EXPECT_NE(h.find("<h1>Two groups compared</h1>"), std::string::npos);
  // The shared question by group: 15 of 20 providers (75%), 5 of 10 employers (50%).
  EXPECT_NE(h.find("<th scope=\"col\">Providers</th><th scope=\"col\">Employers</th>"), std::string::npos) << h;
  EXPECT_NE(h.find("<td>75% (15)</td><td>50% (5)</td>"), std::string::npos);
  // Then each module with its own question only.
  const auto ma = h.find("Module: Form a</h2>"), mb = h.find("Module: Form b</h2>");
  ASSERT_NE(ma, std::string::npos) << h;
  ASSERT_NE(mb, std::string::npos);
  EXPECT_LT(ma, mb);
  EXPECT_NE(h.find("Only a asks this", ma), std::string::npos);
  EXPECT_LT(h.find("Only a asks this", ma), mb);
  EXPECT_NE(h.find("Only b asks this", mb), std::string::npos);
  EXPECT_EQ(h.find("Do badges help?", ma), std::string::npos);  // the shared one is not repeated

  // Weighted to each group's population (a: 100, so weight 5; b: 200, weight 20): the shared question
  // is 58.3% yes weighted ((15*5 + 5*20) / 300) beside 66.7% unweighted (20 of 30); each module keeps
  // its respondents' weights and shows both percentages too.
  auto margins = stats::ParseMargins("variable,category,population\ngroup,a,100\ngroup,b,200\n");
  ASSERT_TRUE(margins.ok()) << margins.error().message;
  auto wt = stats::ComputeWeights(united, *margins);
  ASSERT_TRUE(wt.ok()) << wt.error().message;
  EXPECT_DOUBLE_EQ(wt->w.front(), 5.0);
  EXPECT_DOUBLE_EQ(wt->w.back(), 20.0);
  o.weighting = &*wt;
  o.weights_source = "groups.csv";
  auto wh = RenderStudyHtml({{fa.get(), &da}, {fb.get(), &db}}, united, "Two groups compared", o);
  ASSERT_TRUE(wh.ok()) << wh.error().message;
  const std::string& w = *wh;
  EXPECT_NE(w.find("Weighted to population margins from groups.csv by post-stratification"), std::string::npos);
  const auto wma = w.find("Module: Form a</h2>");
  ASSERT_NE(wma, std::string::npos);
  EXPECT_NE(w.substr(0, wma).find("58.3"), std::string::npos) << w.substr(0, wma);
  EXPECT_NE(w.substr(0, wma).find("66.7"), std::string::npos);
  EXPECT_NE(w.find("% unweighted", wma), std::string::npos) << "the module has no unweighted column";
}

TEST(Margins, BadFilesSayLineAndColumn) {
  struct Case {
    const char* csv;
    const char* message;
  } cases[] = {
      {"variable,categry,population\n",
       "margins: line 1, column 2: the header is variable,category,population "
       "(category expected here)"},
      {"variable,category,population\ng,a\n",
       "margins: line 2, column 3: missing: each line is "
       "variable,category,population"},
      {"variable,category,population\ng,a,1,2\n",
       "margins: line 2, column 4: one field too many (2): each line "
       "is variable,category,population"},
      {"variable,category,population\n\ng,a,12x\n",
       "margins: line 3, column 3: bad population count '12x' (a "
       "number, 0 or more)"},
      {"variable,category,population\ng,a,1\ng,a,2\n", "margins: line 3, column 2: g,a given twice (first on line 2)"},
      {"variable,category,population\ng,\"a,1\n", "margins: line 2, column 2: a quote is not closed"},
      {"variable,category,population\n,a,1\n", "margins: line 2, column 1: the variable is missing"},
  };
  for (const auto& c : cases) {
    auto m = stats::ParseMargins(c.csv);
    ASSERT_FALSE(m.ok()) << c.csv;
    EXPECT_EQ(m.error().message, c.message);
  }
  // Quoted fields and a spreadsheet's BOM are read; a category the data lacks is named by its line.
  auto m = stats::ParseMargins("\xEF\xBB\xBFvariable,category,population\r\n\"group\",\"a\",\"100\"\r\ngroup,zz,5\r\n");
  ASSERT_TRUE(m.ok()) << m.error().message;
  stats::Dataset ds;
  stats::Variable g;
  g.name = "_group";
  g.codes = {"a"};
  g.code_labels = {"a"};
  g.cat = {0, 0};
  ds.Add(std::move(g));
  ds.SetRows(2);
  auto w = stats::ComputeWeights(ds, *m);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message, "margins: line 3, column 2: 'group' has no category 'zz'");
}

TEST(Regions, CountriesGroupedForThinTables) {
  stats::Variable c;
  c.name = "_country";
  c.codes = {"DE", "no", "UA", "GB", "FR"};
  c.code_labels = c.codes;
  c.cat = {0, 1, 2, 3, 4, stats::kMissing, 0};
  stats::Variable r = stats::Regions(c);
  EXPECT_EQ(r.code_labels, (std::vector<std::string>{"EU-27", "Iceland, Liechtenstein, Norway, Switzerland",
                                                     "EU candidate countries", "Other countries"}));
  EXPECT_EQ(r.cat, (std::vector<std::int32_t>{0, 1, 2, 3, 0, stats::kMissing, 0}));
}

TEST(Quotes, ContactsMaskedInQuotedAnswers) {
  EXPECT_EQ(stats::MaskContacts("write to ana.k+mc@example.org. or call +32 2 555 12 34!"),
            "write to [e-mail]. or call [phone]!");
  EXPECT_EQ(stats::MaskContacts("(0049) 30-1234567 and 06.12.34.56.78"), "([phone] and [phone]");
  // Short numbers, a lone @ and a year stay.
  EXPECT_EQ(stats::MaskContacts("ECTS 5, 2022 @ home, level 4/8"), "ECTS 5, 2022 @ home, level 4/8");
  EXPECT_EQ(QuoteOf("a\tb\nc@d.eu"), "a b [e-mail]");
  const std::map<std::string, std::vector<std::string>> q = {{"comment", {"one", "two\tthree"}}};
  EXPECT_EQ(ParseQuotes(SerializeQuotes(q)).at("comment"), (std::vector<std::string>{"one", "two three"}));
}

TEST_F(ReportTest, QuotesOnlyChosenOnlyPresentEscapedAndCapped) {
  Options o;
  EXPECT_EQ(Render(o).find("class=\"quotes\""), std::string::npos);  // none by default
  o.quotes["comment"] = {"digital badges matter", "an answer no one gave", "digital badges matter"};
  const std::string h = Render(o);
  EXPECT_NE(h.find("<ul class=\"quotes\">\n<li>“digital badges matter”</li>\n<li>“digital badges matter”</li>\n</ul>"),
            std::string::npos)
      << h;
  EXPECT_EQ(h.find("an answer no one gave"), std::string::npos);
  o.quotes["comment"].assign(kMaxQuotes + 3, "digital badges matter");
  const std::string capped = Render(o);
  std::size_t n = 0;
  for (auto p = capped.find("<li>“digital"); p != std::string::npos; p = capped.find("<li>“digital", p + 1)) ++n;
  EXPECT_EQ(n, kMaxQuotes);
}

}  // namespace mcs::report
