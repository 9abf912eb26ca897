// SVG charts from statistics results, drawn on the server: horizontal bars for a frequency table,
// stacked 100% bars for a scale by group. Colour-blind safe palettes (Okabe-Ito; PuOr for scales),
// every bar labelled with its number, suppressed cells drawn as a hatched gap with a note.
#pragma once
#include <string>

#include "stats/stats.h"

namespace mcs::report {

// Bars: one per row of `t` (percent of the base), its value written beside it.
std::string BarChart(const stats::FreqTable& t, const std::string& title);

// A scale (rows of `t`: categories in order; columns: groups) as one 100% bar per group.
// `scored[i]` false draws category i in grey (don't know). Suppressed cells are left out.
std::string StackedChart(const stats::CrossTab& t, const std::vector<bool>& scored, const std::string& title);

}  // namespace mcs::report
