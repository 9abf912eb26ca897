// SVG charts from statistics results, drawn on the server: horizontal bars for a frequency table,
// stacked 100% bars for a scale by group, and a diverging stacked bar for a battery (items sharing
// an agreement or importance scale). Colour-blind safe palettes (Okabe-Ito; PuOr for scales), every
// bar labelled with its number, suppressed cells marked "hidden" (a partner hidden so that totals do
// not reveal a small cell is not small itself).
//
// Labels are measured with DejaVu Sans's metrics (font_metrics.h) and wrapped; the label column
// widens to the widest word. Every label appears whole: no text is shortened or drawn outside the
// viewBox. The charts are reusable building blocks (the report, the public results page).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "stats/stats.h"

namespace mcs::report {

// The chart's width in SVG units (it scales down to the page or screen with the font).
inline constexpr int kChartWidth = 720;

// Bars: one per row of `t` (percent of the base), its value written beside it. Suppressed rows
// say `hidden` ("hidden (small cell)" in the report; the public results page's word in its language)
// (min_cell is kept for callers; the mark no longer names it). `lang`: the language of the chart's
// accessible name (i18n, "chart_label") and of its labels (lang= on the chart when not English);
// `hidden_lang`: the language of `hidden` when it differs (the report's English "hidden").
std::string BarChart(const stats::FreqTable& t, const std::string& title, int min_cell = 5,
                     const std::string& hidden = "hidden (small cell)", std::string_view lang = "en",
                     std::string_view hidden_lang = "");

// StackedChart and DivergingChart are the report's: `lang` is its labels' language (the chart's
// accessible name in it, lang= on the chart); `prose` the report's own (i18n "report_..."): their
// notes, numbers and "hidden" in it, marked lang= where it is not the labels'.

// A scale (rows of `t`: categories in order; columns: groups) as one 100% bar per group.
// `scored[i]` false draws category i in grey (don't know). Suppressed cells are left out and the
// bar is marked.
std::string StackedChart(const stats::CrossTab& t, const std::vector<bool>& scored, const std::string& title,
                         std::string_view lang = "en", std::string_view prose = "en");

// One item of a battery: its percentages per category of the scale (of those who answered it).
struct ScaleItem {
  std::string label;
  long long n = 0;
  std::vector<double> pct;       // per category
  std::vector<bool> suppressed;  // per category (not drawn; the item is marked)
  bool n_suppressed = false;     // its n is hidden (the plan's partner): "n hidden"
};

// How a scale's categories sit on a diverging bar: `left` (from the centre outwards, e.g.
// disagree, strongly disagree), the `middle` category split across the centre (-1: none),
// `right` (from the centre outwards), and `apart` (don't know: drawn in a column of its own).
struct ScaleLayout {
  std::vector<std::string> labels;  // per category
  std::vector<int> left, right, apart;
  int middle = -1;
};

// A battery as one diverging stacked bar per item, in the order given (sort before calling).
std::string DivergingChart(const std::vector<ScaleItem>& items, const ScaleLayout& layout, const std::string& title,
                           int min_cell = 5, std::string_view lang = "en", std::string_view prose = "en");

}  // namespace mcs::report
