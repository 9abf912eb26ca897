// The study report: one self-contained HTML file (method and sample, then every question as a
// chart with its table), and a PDF of it through headless Chromium.
//
// Charts are SVG drawn here (bars for choices, stacked bars for scales), each followed by the
// table of its numbers, which is what a screen reader reads. The page has no script and no inline
// style attributes: its only CSS is one <style> element whose content is fixed (Css()), so a
// console serving the report under a strict Content-Security-Policy allows exactly
// `style-src 'sha256-...'` (CssHash()).
#pragma once
#include <string>
#include <string_view>

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
  std::string anonymised_on;  // "2027-07-20" when the form was anonymised (issue 25): the method says so
};

// The report as an HTML document. Invalid when `by` names no categorical variable.
Result<std::string> RenderHtml(const form::Form& f, const stats::Dataset& ds, const Options& opts);

// The report's style sheet (the content of its only <style> element) and its CSP source
// expression, "'sha256-<base64>'".
std::string_view Css();
std::string CssHash();

// Prints an HTML file to PDF with headless Chromium. Unavailable when Chromium is missing or fails.
Status PrintPdf(const std::string& html_path, const std::string& pdf_path,
                const std::string& chromium = "/usr/bin/chromium");

}  // namespace mcs::report
