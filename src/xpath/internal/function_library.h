// Implementations of the library's functions, one file per family:
// lib_string.cpp, lib_select.cpp, lib_number.cpp, lib_boolean.cpp, lib_nodeset.cpp,
// lib_datetime.cpp. functions.cpp binds them to names.
#pragma once
#include "xpath/internal/functions.h"

namespace mcs::xpath::internal {

// Strings (XPath 1.0 section 4.2 and ODK).
Item FnString(const Call& call);
Item FnConcat(const Call& call);
Item FnJoin(const Call& call);
Item FnSubstr(const Call& call);
Item FnSubstring(const Call& call);
Item FnSubstringBefore(const Call& call);
Item FnSubstringAfter(const Call& call);
Item FnTranslate(const Call& call);
Item FnStringLength(const Call& call);
Item FnNormalizeSpace(const Call& call);
Item FnContains(const Call& call);
Item FnStartsWith(const Call& call);
Item FnEndsWith(const Call& call);
Item FnRegex(const Call& call);
Item FnUuid(const Call& call);

// Selects.
Item FnSelected(const Call& call);
Item FnSelectedAt(const Call& call);
Item FnCountSelected(const Call& call);
Item FnChoiceName(const Call& call);

// Numbers (XPath 1.0 section 4.4, XPath 3.0 math, ODK).
Item FnNumber(const Call& call);
Item FnInt(const Call& call);
Item FnRound(const Call& call);
Item FnFloor(const Call& call);
Item FnCeiling(const Call& call);
Item FnPow(const Call& call);
Item FnLog(const Call& call);
Item FnLog10(const Call& call);
Item FnAbs(const Call& call);
Item FnSqrt(const Call& call);
Item FnExp(const Call& call);
Item FnExp10(const Call& call);
Item FnPi(const Call& call);
Item FnSin(const Call& call);
Item FnCos(const Call& call);
Item FnTan(const Call& call);
Item FnAsin(const Call& call);
Item FnAcos(const Call& call);
Item FnAtan(const Call& call);
Item FnAtan2(const Call& call);
Item FnRandom(const Call& call);

// Booleans and control (XPath 1.0 section 4.3, XForms, ODK).
Item FnIf(const Call& call);
Item FnCoalesce(const Call& call);
Item FnOnce(const Call& call);
Item FnBoolean(const Call& call);
Item FnNot(const Call& call);
Item FnTrue(const Call& call);
Item FnFalse(const Call& call);
Item FnBooleanFromString(const Call& call);
Item FnChecklist(const Call& call);
Item FnWeightedChecklist(const Call& call);

// Node-sets and repeats.
Item FnCount(const Call& call);
Item FnCountNonEmpty(const Call& call);
Item FnSum(const Call& call);
Item FnMin(const Call& call);
Item FnMax(const Call& call);
Item FnPosition(const Call& call);
Item FnIndexedRepeat(const Call& call);
// randomize(${nodes}, seed?): as a value, the first node of the shuffled node-set; as a node-set
// argument (count(), join()...), RandomizeNodes.
Item FnRandomize(const Call& call);
std::vector<std::string> RandomizeNodes(const Call& call);

// Dates.
Item FnToday(const Call& call);
Item FnNow(const Call& call);
Item FnDate(const Call& call);
Item FnDecimalDateTime(const Call& call);
Item FnFormatDate(const Call& call);
Item FnDateTime(const Call& call);
Item FnDecimalTime(const Call& call);

// Encodings (lib_digest.cpp): digest(text, algorithm, encoding?) and base64-decode(text).
Item FnDigest(const Call& call);
Item FnBase64Decode(const Call& call);

// Rounds to `digits` decimal places (negative: tens, hundreds...), a tie towards positive infinity
// (XPath 1.0: -2.5 gives -2), on the shortest decimal form of x, so round(2.675, 2) is 2.68 as a
// person expects (JavaRosa rounds Double.toString(x) with BigDecimal the same way).
double RoundDecimal(double x, int digits);

}  // namespace mcs::xpath::internal
