// Text measured as Chromium draws it in the report's charts: DejaVu Sans (Debian's fonts-dejavu-core,
// the font the report's CSS and SVG name), by the advance widths of its glyphs (dejavu_widths.inc,
// generated from the TTF by scripts/dejavu_widths.py). SVG text does not wrap by itself, so every
// chart label is measured and broken into lines here: nothing is cut off or shortened.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mcs::report {

// The width in px of `text` set in DejaVu Sans at `font_px`. Characters outside the table (Latin,
// Greek, Cyrillic, punctuation, symbols) count as one em, the advance of a CJK ideograph in the
// fonts Chromium falls back to; that is an estimate, not a measurement.
double TextWidth(std::string_view text, double font_px);

// `text` broken at spaces (and after hyphens and slashes) into lines no wider than `max_px`; a word
// wider than that on its own is split between characters. Every character of `text` but the spaces
// the lines break at is kept, in order.
std::vector<std::string> WrapText(std::string_view text, double max_px, double font_px);

// The widest word of `text` (what a column must allow so that no word is split).
double WidestWord(std::string_view text, double font_px);

}  // namespace mcs::report
