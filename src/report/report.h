// The study report: one self-contained HTML file laid out as a publication (a cover with the
// fieldwork dates and n by group, contents, a method section written from the data, then each
// section of the form: every question, or every battery of questions sharing a scale, as a chart
// with its table), and a PDF of it through headless Chromium (A4, running header, page numbers,
// contents with page numbers).
//
// Charts are SVG drawn here (bars for choices, stacked bars for scales), each followed by the
// table of its numbers, which is what a screen reader reads. The page has no script and no inline
// style attributes: its only CSS is one <style> element whose content is fixed (Css()), so a
// console serving the report under a strict Content-Security-Policy allows exactly
// `style-src 'sha256-...'` (CssHash()).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "form/form.h"
#include "stats/dataset.h"
#include "stats/weights.h"

namespace mcs::report {

struct Options {
  std::string by;            // "", "group", "country" or a closed question: columns of every table
  int min_cell = 5;          // cells with fewer respondents are suppressed (1: none)
  std::string lang;          // labels' language; "" the form's default
  std::string generated_at;  // shown in the header (injected: the report is deterministic)
  const stats::Weighting* weighting = nullptr;  // nullptr: unweighted
  std::string weights_source;                   // file the margins came from, for the method note
  // For print (WritePdf sets these): the contents show page numbers, `toc_pages` holding each
  // entry's page once known (empty: not yet, a placeholder of the same width is shown).
  bool print = false;
  std::vector<int> toc_pages;
  // Open answers quoted verbatim, chosen by the study team (none by default): question name →
  // answers as stats::MaskContacts leaves them. A quote is shown only while an answer loaded still
  // reads so (an erased response takes its quote with it), at most kMaxQuotes per question.
  std::map<std::string, std::vector<std::string>> quotes;
  std::string anonymised_on;  // "2027-07-20" when the form was anonymised (issue 25): the method says so
  // Categories the team merged before suppressing (stats::DescribeMerges: plain text, one sentence
  // each), listed in the method section; the dataset has them applied already.
  std::vector<std::string> merged;
};

inline constexpr std::size_t kMaxQuotes = 5;

// The team's choice of quotes as stored (the setting QuotesKey(form_id)): "question<TAB>quote" lines.
std::string QuotesKey(std::string_view form_id);
// An open answer as it may be quoted: contacts masked (stats::MaskContacts), line breaks and tabs
// as spaces.
std::string QuoteOf(std::string_view answer);
std::map<std::string, std::vector<std::string>> ParseQuotes(std::string_view stored);
std::string SerializeQuotes(const std::map<std::string, std::vector<std::string>>& quotes);

// The language of the report's own words for `lang` (Options::lang): its primary subtag when the
// interface has words in it (i18n, "report_..."), else "en". Dates the caller puts in the report
// (Options::generated_at) and the study report's title are best written in it.
std::string ReportLanguage(std::string_view lang);

// The report as an HTML document. Invalid when `by` names no categorical variable.
Result<std::string> RenderHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts);

// The report's style sheet (the content of its only <style> element) and its CSP source
// expression, "'sha256-<base64>'".
std::string_view Css();
std::string CssHash();

// Prints an HTML file to PDF with headless Chromium: A4 (or the document's @page size), the
// document's <title> as a running header and "Page N of M" at the foot of every page, in `lang`
// (i18n "page_of"; English for a language it lacks). Unavailable when Chromium is missing or fails.
Status PrintPdf(const std::string& html_path, const std::string& pdf_path,
                const std::string& chromium = "/usr/bin/chromium", std::string_view lang = "en");

// The report as a PDF publication: rendered, printed, the page of every contents entry read back
// from the PDF (poppler's pdftotext), rendered and printed again with those page numbers (repeated
// until the numbers hold). Unavailable without Chromium or pdftotext.
Status WritePdf(const form::Form& f, const stats::Dataset& ds, Options opts, const std::string& pdf_path,
                const std::string& chromium = "/usr/bin/chromium");

// The study report: the questionnaires' shared questions compared side by side (a column per
// stakeholder group: the dataset is stats::Unite of theirs), then each questionnaire's own questions
// (its module, broken down by opts.by unless that is the group). Invalid when `parts` is empty.
struct StudyPart {
  const form::Form* form = nullptr;
  const stats::Dataset* ds = nullptr;
};
Result<std::string> RenderStudyHtml(const std::vector<StudyPart>& parts, const stats::Dataset& united,
                                    const std::string& title, const Options& opts);
// The same as a PDF publication (as WritePdf).
Status WriteStudyPdf(const std::vector<StudyPart>& parts, const stats::Dataset& united, const std::string& title,
                     Options opts, const std::string& pdf_path, const std::string& chromium = "/usr/bin/chromium");

// The report's building blocks, for other documents that show results (the public results page):
// each is a fragment of HTML under the report's style sheet, its text escaped.
//
// A battery: questions on one page sharing one choice list, shown as one chart and one table.
struct Battery {
  std::string title;
  std::vector<const stats::Variable*> items;
};
// One block of a section: a question, or a battery (question == nullptr).
struct Block {
  const stats::Variable* question = nullptr;
  Battery battery;
};
// A section: one of the form's top-level groups (or a run of questions outside any), in form order.
struct Section {
  std::string title;
  std::vector<Block> blocks;
};
// The form's questions as the report lays them out; `skip` (the --by variable) is left out.
std::vector<Section> PlanSections(const form::Form& f, const stats::Dataset& ds, const stats::Variable* skip = nullptr,
                                  std::string_view lang = "");
// One question (chart, table, breakdown by opts.by) or one battery, as a <section class="q">.
Result<std::string> QuestionHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts,
                                 const stats::Variable& v);
Result<std::string> BatteryHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts, const Battery& b);

}  // namespace mcs::report
