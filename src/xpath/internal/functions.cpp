#include "xpath/internal/functions.h"

#include <algorithm>
#include <array>

#include "xpath/internal/function_library.h"

namespace mcs::xpath::internal {
namespace {

constexpr std::uint32_t Arg(int i) { return std::uint32_t{1} << i; }

// Sorted by name (checked below) for binary search.
// clang-format off
constexpr std::array kFunctions = {
    FunctionSpec{"abs",                 1, 1,         ArgParity::kAny,  0, FnAbs},
    FunctionSpec{"acos",                1, 1,         ArgParity::kAny,  0, FnAcos},
    FunctionSpec{"asin",                1, 1,         ArgParity::kAny,  0, FnAsin},
    FunctionSpec{"atan",                1, 1,         ArgParity::kAny,  0, FnAtan},
    FunctionSpec{"atan2",               2, 2,         ArgParity::kAny,  0, FnAtan2},
    FunctionSpec{"base64-decode",       1, 1,         ArgParity::kAny,  0, FnBase64Decode},
    FunctionSpec{"boolean",             1, 1,         ArgParity::kAny,  0, FnBoolean},
    FunctionSpec{"boolean-from-string", 1, 1,         ArgParity::kAny,  0, FnBooleanFromString},
    FunctionSpec{"ceiling",             1, 1,         ArgParity::kAny,  0, FnCeiling},
    FunctionSpec{"checklist",           2, kVariadic, ArgParity::kAny,  0, FnChecklist},
    FunctionSpec{"coalesce",            2, 2,         ArgParity::kAny,  0, FnCoalesce},
    FunctionSpec{"concat",              1, kVariadic, ArgParity::kAny,  0, FnConcat},
    FunctionSpec{"contains",            2, 2,         ArgParity::kAny,  0, FnContains},
    FunctionSpec{"cos",                 1, 1,         ArgParity::kAny,  0, FnCos},
    FunctionSpec{"count",               1, 1,         ArgParity::kAny,  Arg(0), FnCount},
    FunctionSpec{"count-non-empty",     1, 1,         ArgParity::kAny,  Arg(0), FnCountNonEmpty},
    FunctionSpec{"count-selected",      1, 1,         ArgParity::kAny,  0, FnCountSelected},
    FunctionSpec{"date",                1, 1,         ArgParity::kAny,  0, FnDate},
    FunctionSpec{"date-time",           1, 1,         ArgParity::kAny,  0, FnDateTime},
    FunctionSpec{"decimal-date-time",   1, 1,         ArgParity::kAny,  0, FnDecimalDateTime},
    FunctionSpec{"decimal-time",        1, 1,         ArgParity::kAny,  0, FnDecimalTime},
    FunctionSpec{"digest",              2, 3,         ArgParity::kAny,  0, FnDigest},
    FunctionSpec{"ends-with",           2, 2,         ArgParity::kAny,  0, FnEndsWith},
    FunctionSpec{"exp",                 1, 1,         ArgParity::kAny,  0, FnExp},
    FunctionSpec{"exp10",               1, 1,         ArgParity::kAny,  0, FnExp10},
    FunctionSpec{"false",               0, 0,         ArgParity::kAny,  0, FnFalse},
    FunctionSpec{"floor",               1, 1,         ArgParity::kAny,  0, FnFloor},
    FunctionSpec{"format-date",         2, 2,         ArgParity::kAny,  0, FnFormatDate},
    FunctionSpec{"format-date-time",    2, 2,         ArgParity::kAny,  0, FnFormatDate},
    FunctionSpec{"if",                  3, 3,         ArgParity::kAny,  0, FnIf},
    FunctionSpec{"indexed-repeat",      3, 11,        ArgParity::kOdd,
                 Arg(0) | Arg(1) | Arg(3) | Arg(5) | Arg(7) | Arg(9), FnIndexedRepeat},
    FunctionSpec{"int",                 1, 1,         ArgParity::kAny,  0, FnInt},
    FunctionSpec{"join",                1, kVariadic, ArgParity::kAny,  0, FnJoin},
    FunctionSpec{"jr:choice-name",      2, 2,         ArgParity::kAny,  0, FnChoiceName},
    FunctionSpec{"log",                 1, 1,         ArgParity::kAny,  0, FnLog},
    FunctionSpec{"log10",               1, 1,         ArgParity::kAny,  0, FnLog10},
    FunctionSpec{"max",                 1, kVariadic, ArgParity::kAny,  0, FnMax},
    FunctionSpec{"min",                 1, kVariadic, ArgParity::kAny,  0, FnMin},
    FunctionSpec{"normalize-space",     0, 1,         ArgParity::kAny,  0, FnNormalizeSpace},
    FunctionSpec{"not",                 1, 1,         ArgParity::kAny,  0, FnNot},
    FunctionSpec{"now",                 0, 0,         ArgParity::kAny,  0, FnNow},
    FunctionSpec{"number",              0, 1,         ArgParity::kAny,  0, FnNumber},
    FunctionSpec{"once",                1, 1,         ArgParity::kAny,  0, FnOnce},
    FunctionSpec{"pi",                  0, 0,         ArgParity::kAny,  0, FnPi},
    FunctionSpec{"position",            0, 0,         ArgParity::kAny,  0, FnPosition},
    FunctionSpec{"pow",                 2, 2,         ArgParity::kAny,  0, FnPow},
    FunctionSpec{"random",              0, 0,         ArgParity::kAny,  0, FnRandom},
    FunctionSpec{"randomize",           1, 2,         ArgParity::kAny,  Arg(0), FnRandomize},
    FunctionSpec{"regex",               2, 2,         ArgParity::kAny,  0, FnRegex},
    FunctionSpec{"round",               1, 2,         ArgParity::kAny,  0, FnRound},
    FunctionSpec{"selected",            2, 2,         ArgParity::kAny,  0, FnSelected},
    FunctionSpec{"selected-at",         2, 2,         ArgParity::kAny,  0, FnSelectedAt},
    FunctionSpec{"sin",                 1, 1,         ArgParity::kAny,  0, FnSin},
    FunctionSpec{"sqrt",                1, 1,         ArgParity::kAny,  0, FnSqrt},
    FunctionSpec{"starts-with",         2, 2,         ArgParity::kAny,  0, FnStartsWith},
    FunctionSpec{"string",              0, 1,         ArgParity::kAny,  0, FnString},
    FunctionSpec{"string-length",       0, 1,         ArgParity::kAny,  0, FnStringLength},
    FunctionSpec{"substr",              2, 3,         ArgParity::kAny,  0, FnSubstr},
    FunctionSpec{"substring",           2, 3,         ArgParity::kAny,  0, FnSubstring},
    FunctionSpec{"substring-after",     2, 2,         ArgParity::kAny,  0, FnSubstringAfter},
    FunctionSpec{"substring-before",    2, 2,         ArgParity::kAny,  0, FnSubstringBefore},
    FunctionSpec{"sum",                 1, 1,         ArgParity::kAny,  Arg(0), FnSum},
    FunctionSpec{"tan",                 1, 1,         ArgParity::kAny,  0, FnTan},
    FunctionSpec{"today",               0, 0,         ArgParity::kAny,  0, FnToday},
    FunctionSpec{"translate",           3, 3,         ArgParity::kAny,  0, FnTranslate},
    FunctionSpec{"true",                0, 0,         ArgParity::kAny,  0, FnTrue},
    FunctionSpec{"uuid",                0, 1,         ArgParity::kAny,  0, FnUuid},
    FunctionSpec{"weighted-checklist",  2, kVariadic, ArgParity::kEven, 0, FnWeightedChecklist},
};
// clang-format on

static_assert(std::is_sorted(kFunctions.begin(), kFunctions.end(),
                             [](const FunctionSpec& a, const FunctionSpec& b) {
                               return a.name < b.name;
                             }),
              "kFunctions must stay sorted by name");

// In the ODK XForms spec (or JavaRosa) but outside this dialect: they need secondary instances,
// geometry, itext or device properties.
constexpr std::array<std::string_view, 11> kUnsupported = {
    "area",     "current",  "distance", "instance", "jr:itext", "property",
    "pulldata", "version",  "geofence", "depend",   "is-selected",
};

}  // namespace

const FunctionSpec* FindFunction(std::string_view name) {
  auto it = std::lower_bound(kFunctions.begin(), kFunctions.end(), name,
                             [](const FunctionSpec& f, std::string_view n) { return f.name < n; });
  if (it == kFunctions.end() || it->name != name) return nullptr;
  return &*it;
}

bool IsUnsupportedFunction(std::string_view name) {
  return std::find(kUnsupported.begin(), kUnsupported.end(), name) != kUnsupported.end();
}

}  // namespace mcs::xpath::internal

namespace mcs::xpath {

const std::vector<std::string>& FunctionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : internal::kFunctions) out.emplace_back(f.name);
    return out;
  }();
  return names;
}

}  // namespace mcs::xpath
