// The public results page's tables as a reader sees them (audit2, session 10): responses stored in a
// real SQLite file, loaded as the page loads them, the page's HTML read back cell by cell.
//   - A count hidden only so that the total does not give a small one away holds 5 or more: it is
//     marked "hidden" in the page's language, never "<5" (which claimed every hidden count is 1-4).
//   - No hidden count follows from what the page shows: its table's shown counts and total, and the
//     number of completed responses (the base of a question everyone answers).
#include "web/public_results.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "common/i18n.h"
#include "common/strings.h"
#include "stats/dataset.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::web {
namespace {

const char* kForm =
    "| survey  | type                | name   | label  |\n"
    "|         | select_one size     | size   | Size   |\n"
    "|         | select_multiple sec | sector | Sector |\n"
    "| choices | list_name | name   | label  |\n"
    "|         | size      | small  | Small  |\n"
    "|         | size      | medium | Medium |\n"
    "|         | size      | large  | Large  |\n"
    "|         | sec       | farm   | Farm   |\n"
    "|         | sec       | shop   | Shop   |\n"
    "|         | sec       | works  | Works  |\n"
    "| settings | form_id | default_language |\n"
    "|          | pub     | en               |\n";

// One question's table as printed: the counts in the "respondents" column ("" when hidden) and the
// total in its foot ("" when hidden).
struct Printed {
  std::vector<std::string> counts;
  std::string total;
};

// The tables of the page, in order. `hidden`: the page's mark for a hidden count (HTML-escaped).
std::vector<Printed> ReadTables(const std::string& html, const std::string& hidden) {
  std::vector<Printed> out;
  static const std::regex table(
      R"(<tbody>([\s\S]*?)</tbody>\s*<tfoot><tr><th scope="row">[^<]*</th><td class="num">([^<]*)</td>)");
  static const std::regex row(R"(<tr><th scope="row">[^<]*</th><td class="num">([^<]*)</td>)");
  for (std::sregex_iterator t(html.begin(), html.end(), table), end; t != end; ++t) {
    Printed p;
    const std::string body = (*t)[1];
    for (std::sregex_iterator r(body.begin(), body.end(), row); r != end; ++r) {
      const std::string c = (*r)[1];
      p.counts.push_back(c == hidden || c.starts_with("&lt;") ? "" : c);  // "<5": the mark before
    }
    const std::string total = (*t)[2];
    p.total = total == hidden || total.starts_with("&lt;") ? "" : total;
    out.push_back(p);
  }
  return out;
}

class PublicResultsPage : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(storage::Open("sqlite:" + dir_.File("s.db")).value());
    ASSERT_TRUE(store_->Migrate().ok());
  }

  // Stores one response per entry ({size, sector}), every one complete, for a form of its own (one
  // SQLite file for all), and loads them as the page does.
  struct Stored {
    std::shared_ptr<const form::Form> form;
    stats::Dataset ds;
  };
  Stored Store(const std::vector<std::pair<std::string, std::string>>& answers) {
    const std::string id = "pub" + std::to_string(++forms_);
    std::string text = kForm;
    text.replace(text.find("| pub "), 6, "| " + id + " ");
    Diagnostics d;
    auto f = form::Compile(text, id + ".md", d);
    EXPECT_TRUE(f) << d.ToString();
    int k = 0;
    for (const auto& [size, sector] : answers) {
      storage::ResponseRecord r;
      r.id = id + "R" + std::to_string(k);
      r.form_id = id;
      r.form_version = f->version;
      r.lang = "en";
      r.status = storage::ResponseStatus::kComplete;
      r.answers_json = "{\"size\":\"" + size + "\"" + (sector.empty() ? "" : ",\"sector\":\"" + sector + "\"") + "}";
      r.channel = "web";
      r.started_at = 1767225600000 + k * 1000;
      r.updated_at = r.submitted_at = r.started_at + 10;
      ++k;
      EXPECT_TRUE(store_->InsertResponse(r).ok());
    }
    stats::LoadOptions lo;
    lo.only = {"size", "sector"};
    auto ds = stats::Load(*store_, *f, lo);
    EXPECT_TRUE(ds.ok()) << ds.error().message;
    return {f, std::move(*ds)};
  }

  static std::string Page(const Stored& s, const std::string& lang) {
    PublicResults p;
    p.published = true;
    p.questions = {"size", "sector"};
    return PublicResultsHtml(*s.form, s.ds, p, lang);
  }

  static std::vector<std::pair<std::string, std::string>> Responses(int small, int medium, int large,
                                                                    const std::string& sector = "farm") {
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < small; ++i) out.emplace_back("small", sector);
    for (int i = 0; i < medium; ++i) out.emplace_back("medium", sector);
    for (int i = 0; i < large; ++i) out.emplace_back("large", sector);
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Storage> store_;
  int forms_ = 0;
};

// Sizes 2, 6 and 9: the 2 is hidden, and the 6 with it (else 17 − 9 − 6 gives the 2 away). The 6 is
// not "under 5": both are marked with the page's word for hidden, in every language, and the page's
// note says that word.
TEST_F(PublicResultsPage, APartnerOfFiveOrMoreIsMarkedHiddenNotUnderFive) {
  const Stored stored = Store(Responses(2, 6, 9));
  for (const std::string& lang : i18n::Languages()) {
    const std::string page = Page(stored, lang);
    const std::string mark = HtmlEscape(i18n::T(lang, "results_hidden"));
    EXPECT_EQ(page.find("&lt;5"), std::string::npos) << lang;
    EXPECT_EQ(page.find("&lt;"), std::string::npos) << lang << ": a mark that says \"under\"";
    auto tables = ReadTables(page, mark);
    ASSERT_EQ(tables.size(), 2u) << lang << "\n" << page;
    EXPECT_EQ(tables[0].counts, (std::vector<std::string>{"", "", "9"})) << lang;
    EXPECT_EQ(tables[0].total, "17") << lang;
    // The note under the title says what the mark means, with the same word.
    EXPECT_NE(page.find(HtmlEscape(i18n::Format(lang, "results_hidden_note", {"5", i18n::T(lang, "results_hidden")}))),
              std::string::npos)
        << lang;
    // The chart marks the hidden bars with the same word (no English left on a page in another language).
    const std::size_t svg = page.find("<svg");
    ASSERT_NE(svg, std::string::npos);
    const std::string chart = page.substr(svg, page.find("</svg>", svg) - svg);
    EXPECT_NE(chart.find(">" + mark + "</text>"), std::string::npos) << lang << "\n" << chart;
    if (lang != "en") {
      EXPECT_EQ(chart.find("hidden"), std::string::npos) << lang << "\n" << chart;
    }
  }
}

// Each chart's accessible name (what a screen reader says for the bars) is in the page's language:
// the question's label and that the table below gives the numbers. It was English on every page.
TEST_F(PublicResultsPage, ChartsAreNamedInThePageLanguage) {
  const Stored stored = Store(Responses(6, 7, 9));
  for (const std::string& lang : i18n::Languages()) {
    const std::string page = Page(stored, lang);
    std::vector<std::string> names;
    static const std::regex svg(R"re(<svg class="chart"[^>]* role="img" aria-label="([^"]*)">)re");
    for (std::sregex_iterator m(page.begin(), page.end(), svg), end; m != end; ++m) names.push_back((*m)[1]);
    EXPECT_EQ(names, (std::vector<std::string>{HtmlEscape(i18n::Format(lang, "chart_label", {"Size"})),
                                               HtmlEscape(i18n::Format(lang, "chart_label", {"Sector"}))}))
        << lang;
    if (lang != "en") {
      EXPECT_EQ(page.find("the table below"), std::string::npos) << lang;
      EXPECT_EQ(page.find("chart;"), std::string::npos) << lang;
    }
  }
  // English is what it was.
  EXPECT_NE(Page(stored, "en").find("aria-label=\"Size (chart; the table below gives the numbers)\""),
            std::string::npos);
}

// Percentages and intervals in the charts and tables as the page's language writes them: 6 of 22 is
// "27.3%" in English, "27,3 %" in French and German (CLDR through ICU, a no-break space before the
// sign); no English decimal point is left on those pages' numbers.
TEST_F(PublicResultsPage, NumbersAsThePageLanguageWritesThem) {
  const Stored stored = Store(Responses(6, 7, 9));
  const std::string en = Page(stored, "en");
  EXPECT_NE(en.find(">27.3% (n=6)</text>"), std::string::npos) << en;
  EXPECT_NE(en.find("<td class=\"num\">27.3%</td>"), std::string::npos) << en;
  for (const char* lang : {"fr", "de"}) {
    const std::string page = Page(stored, lang);
    EXPECT_NE(page.find(">27,3\u00A0% (n=6)</text>"), std::string::npos) << lang << "\n" << page;
    EXPECT_NE(page.find("<td class=\"num\">27,3\u00A0%</td>"), std::string::npos) << lang;
    EXPECT_EQ(page.find("27.3"), std::string::npos) << lang;
    static const std::regex interval(R"re(<td class="num">(\d+,\d)–(\d+,\d)</td>)re");
    EXPECT_TRUE(std::regex_search(page, interval)) << lang;
    static const std::regex english(R"re(>\d+\.\d%?[ <–])re");
    EXPECT_FALSE(std::regex_search(page, english)) << lang;
  }
}

// Three completed responses, all "large": the page says 3 responses, so a table of "large: hidden,
// medium: 0, small: 0" gives the three away. Under the threshold no table is shown; the page says why.
TEST_F(PublicResultsPage, FewerResponsesThanTheThresholdShowNoTable) {
  const std::string page = Page(Store(Responses(0, 0, 3)), "fr");
  EXPECT_TRUE(ReadTables(page, HtmlEscape(i18n::T("fr", "results_hidden"))).empty()) << page;
  EXPECT_EQ(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find(HtmlEscape(i18n::Format("fr", "results_too_few", {"5"}))), std::string::npos) << page;
  const std::string five = Page(Store(Responses(0, 0, 5)), "fr");
  EXPECT_EQ(ReadTables(five, HtmlEscape(i18n::T("fr", "results_hidden"))).size(), 2u) << five;
}

// Random sizes (0 to 10 respondents per category, 0 to 2 in the first trials, everyone answering
// both questions; with the old code these found tables that gave a count away): a reader who
// knows that everyone answered takes the number of completed responses as each table's base. From
// a table's shown counts and its base (shown, or the number of responses), a hidden count follows
// when it is the only one hidden, or when the hidden ones leave exactly one respondent each (hidden
// counts are at least 1: zeros are shown). None may; no shown count may be 1-4.
TEST_F(PublicResultsPage, NoHiddenCountFollowsFromThePage) {
  std::mt19937 rng(2026);
  const std::vector<std::string> sectors = {"farm", "shop", "works", "farm shop", "shop works", "farm shop works"};
  int tables_checked = 0, with_hidden = 0;
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<std::pair<std::string, std::string>> answers;
    for (const char* size : {"small", "medium", "large"}) {
      for (int i = std::uniform_int_distribution<int>(0, trial < 8 ? 2 : 10)(rng); i > 0; --i) {
        answers.emplace_back(size, sectors[std::uniform_int_distribution<std::size_t>(0, sectors.size() - 1)(rng)]);
      }
    }
    const Stored stored = Store(answers);
    const std::size_t rows = stored.ds.rows();
    const std::string page = Page(stored, "en");
    const auto tables = ReadTables(page, "hidden");
    for (std::size_t t = 0; t < tables.size(); ++t) {
      const Printed& p = tables[t];
      const bool multiple = t == 1;
      ++tables_checked;
      const long long base = p.total.empty() ? static_cast<long long>(rows) : std::stoll(p.total);
      long long shown = 0, hidden = 0;
      for (const auto& c : p.counts) {
        if (c.empty()) {
          ++hidden;
          continue;
        }
        const long long n = std::stoll(c);
        EXPECT_TRUE(n == 0 || n >= 5) << "trial " << trial << ": a count of " << n << " is shown";
        shown += n;
      }
      with_hidden += hidden > 0;
      if (hidden == 0) continue;
      if (multiple) {
        // A respondent may choose several: a hidden count is only known to lie in 1..base.
        EXPECT_GT(base, 1) << "trial " << trial << ": every hidden choice is 1\n" << page;
        continue;
      }
      const long long left = base - shown;
      EXPECT_GT(hidden, 1) << "trial " << trial << ": the one hidden count is " << left << "\n" << page;
      EXPECT_NE(left, hidden) << "trial " << trial << ": every hidden count is 1\n" << page;
    }
  }
  EXPECT_GT(with_hidden, 10) << "the trials hid too little to test anything (" << tables_checked << " tables)";
}

// One smallest cell per form for the page and the reports (session 14): two plans at different
// thresholds published together are differenced. A report takes the page's by default; while the page
// is published, a report at another threshold is refused, and the page is not published at another
// than the last report's. A report at 1 (nothing suppressed: the team's own) is neither.
TEST_F(PublicResultsPage, ThePageAndTheReportsUseOneSmallestCell) {
  const Stored s = Store(Responses(2, 6, 9));
  const std::string id = s.form->id;
  PublicResults p;
  p.questions = {"size"};
  p.min_cell = 7;
  ASSERT_TRUE(WritePublicResults(*store_, *s.form, p).ok());  // saved, not published
  EXPECT_EQ(ReportMinCell(*store_, id, 0).value(), 7) << "a report takes the page's threshold";
  EXPECT_EQ(ReportMinCell(*store_, id, 5).value(), 5) << "the page is not published: any";
  ASSERT_TRUE(RecordReportMinCell(*store_, id, 5).ok());
  ASSERT_TRUE(RecordReportMinCell(*store_, id, 1).ok());
  EXPECT_EQ(ReadReportMinCell(*store_, id), 5) << "a report at 1 is not recorded";
  p.published = true;
  const Status refused = WritePublicResults(*store_, *s.form, p);
  ASSERT_FALSE(refused.ok()) << "published at 7 beside a report at 5";
  EXPECT_NE(refused.error().message.find("hides cells under 5"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(ReadPublicResults(*store_, id).published);
  p.min_cell = 5;
  ASSERT_TRUE(WritePublicResults(*store_, *s.form, p).ok());
  EXPECT_TRUE(ReadPublicResults(*store_, id).published);
  EXPECT_EQ(ReportMinCell(*store_, id, 0).value(), 5);
  EXPECT_EQ(ReportMinCell(*store_, id, 5).value(), 5);
  EXPECT_EQ(ReportMinCell(*store_, id, 1).value(), 1) << "the team's report without suppression";
  const auto other = ReportMinCell(*store_, id, 6);
  ASSERT_FALSE(other.ok()) << "a report at 6 beside the page at 5";
  EXPECT_NE(other.error().message.find("published with the smallest cell 5"), std::string::npos)
      << other.error().message;
  p.published = false;  // withdrawn: a report at 6 may be made, then the page follows it
  ASSERT_TRUE(WritePublicResults(*store_, *s.form, p).ok());
  EXPECT_EQ(ReportMinCell(*store_, id, 6).value(), 6);
  ASSERT_TRUE(RecordReportMinCell(*store_, id, 6).ok());
  p.published = true;
  EXPECT_FALSE(WritePublicResults(*store_, *s.form, p).ok()) << "the page at 5, the last report at 6";
  p.min_cell = 6;
  EXPECT_TRUE(WritePublicResults(*store_, *s.form, p).ok());
}

}  // namespace
}  // namespace mcs::web
