// The HTML report: labels escaped, numbers and n shown, suppressed cells marked, charts present,
// no script and no inline style attribute (strict CSP), the style element's hash as documented.
#include <gtest/gtest.h>

#include <regex>

#include "report/chart.h"
#include "report/report.h"
#include "stats/dataset.h"
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
  EXPECT_NE(h.find("n = 20</strong>"), std::string::npos);
  EXPECT_NE(h.find("Unweighted. This is an open-link survey"), std::string::npos);
  // agree: 15 of 20 = 75.0%, Wilson 53.1–88.8 (prop.test(15, 20, correct = FALSE): 0.5313 0.8881).
  EXPECT_NE(h.find("<th scope=\"row\">Agree &lt;i&gt;</th><td>15</td><td>75.0</td><td>53.1–88.8</td>"),
            std::string::npos)
      << h;
  // Multiple response: pdf chosen by all 20, badge by 10.
  EXPECT_NE(h.find("<th scope=\"row\">Badge</th><td>10</td><td>50.0</td>"), std::string::npos);
  // Number summary: 0..19 → mean 9.50, median 9.5.
  EXPECT_NE(h.find("<td>20</td><td>9.50</td><td>5.92</td><td>0</td><td>4.75</td><td>9.5</td><td>14.25</td><td>19</td>"),
            std::string::npos);
  // Open text: 6 answers use "digital badges".
  EXPECT_NE(h.find("<tr><td>digital badges</td><td>6</td></tr>"), std::string::npos);
  EXPECT_NE(h.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(h.find("role=\"img\""), std::string::npos);
  EXPECT_NE(h.find("Generated 5 July 2027"), std::string::npos);
}

TEST_F(ReportTest, SmallCellsAreSuppressedWithPartners) {
  Options o;
  o.by = "grp";
  const std::string h = Render(o);
  // Providers: disagree 1 and don't know 1 are under 5; each column then has two hidden cells.
  EXPECT_NE(h.find("<td class=\"sup\">suppressed</td>"), std::string::npos);
  EXPECT_NE(h.find("Cells with fewer than 5 respondents are suppressed"), std::string::npos);
  // The frequency table: Don't know (1) is hidden and so is Disagree (4) as its partner.
  EXPECT_NE(h.find("<th scope=\"row\">Don&#39;t know</th><td class=\"sup\">suppressed</td>"), std::string::npos) << h;
  EXPECT_NE(h.find("<th scope=\"row\">Disagree</th><td class=\"sup\">suppressed</td>"), std::string::npos);
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
  EXPECT_NE(svg.find("suppressed (small cell)"), std::string::npos);
  EXPECT_EQ(svg.find("30.0%"), std::string::npos);
}

}  // namespace
}  // namespace mcs::report
