// Why mcsurvey and Enketo (openrosa-xpath-evaluator 3.1.0) evaluate a corpus row differently.
// Each category is a reason a person wrote after looking at the rows; `match` recognises its rows
// (the first matching category wins, so specific ones come first). A difference no category
// recognises is "unexplained" and fails tests/browser/xpath_corpus.test.mjs.
//
// Where mcsurvey's choice departs from plain XPath 1.0, the reason cites the comment in
// src/xpath/internal that documents it.

const has = (s, re) => re.test(s);
const refs = (d) => [...d.expr.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);
const REPEAT_NAMES = ['score', 'member', 'flag', 'weight', 'none'];
// The row's own answers that its expression refers to.
const answerValues = (d) => Object.entries(d.answers).filter(([k]) => refs(d).includes(k)).map(([, v]) => String(v));
// The contents of the expression's string literals.
const literals = (d) => [...d.expr.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]);
const isBool = (s) => s === 'true' || s === 'false';

export const CATEGORIES = {
  'enketo-parser': {
    title: 'Enketo cannot parse unary minus before a call or a parenthesis',
    reason: 'XPath 1.0 production 27 allows `-` before any UnaryExpr (`-(1 + 2)`, `-count(...)`, `--3`, `-.`); Enketo\'s tokenizer reports "Too many tokens", "Weird args" or "Expected one token", or gives NaN. Our parser follows the grammar.',
    match: (d) => has(d.enketo, /^ERROR: (Too many tokens|Weird args|Expected one token|Cannot read properties)/) ||
      (d.enketo === 'NaN' && has(d.expr, /(^|[(,]\s*)-\s*[-.(]/)),
  },
  'name-with-dash': {
    title: 'A name followed by "-" is one longer name in XPath paths',
    reason: '`${age}-1` is unambiguous in XLSForm, but written as the path `/data/age-1` it names an element `age-1` (a hyphen is a name character in XPath). The comparison harness cannot express this row in Enketo\'s syntax; pyxform would write it with spaces.',
    match: (d) => has(d.expr, /\$\{[^}]+\}-/),
  },
  'timezone-not-run': {
    title: 'No time zone to run Enketo in',
    reason: 'Enketo reads the browser\'s time zone; no IANA zone has UTC-13:00 or UTC-02:30 on the corpus date, so these rows are not compared.',
    match: (d) => d.enketo.startsWith('NOT RUN'),
  },
  'choice-name': {
    title: 'jr:choice-name() needs the XForm',
    reason: 'Enketo resolves jr:choice-name() through the form\'s itext translations, which a bare instance document does not have; the browser\'s XPath then rejects the unknown function. mcsurvey takes the labels from the compiled form (lib_select.cpp).',
    match: (d) => has(d.expr, /jr:choice-name/),
  },
  'number-format': {
    title: 'Numbers printed in exponent notation',
    reason: 'XPath 1.0 section 4.2: string() of a number never uses an exponent (1000000000000000000000, 0.0000001). Enketo prints JavaScript\'s Number#toString (1e+21, 1e-7). The values are the same.',
    match: (d) => has(d.enketo, /\de[+-]?\d/) && (Number(d.enketo) === Number(d.ours) || d.enketo.replace(/[0-9.e+-]+/g, '#') === d.ours.replace(/[0-9.-]+/g, '#')),
  },
  'regex-space': {
    title: 'regex() and Unicode spaces',
    reason: 'mcsurvey\'s regex() matches code points (regex.cpp, std::wregex), so "." is one character of "é", as in Enketo; but \\s is ASCII whitespace only (the "C" locale), so a no-break space is not \\s, and the browser runtime translates \\s to agree with the server. Enketo\'s JavaScript \\s also matches U+00A0 and other Unicode spaces.',
    match: (d) => has(d.expr, /regex\(/) && has(d.expr, /\\s/) && has(d.expr, /[^\x00-\x7f]/),
  },
  'number-syntax': {
    title: 'number() of text that is not an XPath Number',
    reason: 'XPath 1.0 section 4.4: a string is a number only if it is optional whitespace, an optional minus, digits with an optional point; "+5", "1e3", "0x10", "Infinity" and a no-break space are NaN. Enketo converts with JavaScript\'s Number(), which accepts all of them (number_format.cpp, ParseXPathNumber).',
    match: (d) => ([d.expr, ...answerValues(d)].some((s) => has(s, /'?(\+[0-9]|1e3|0x10|Infinity|\u00a0)/) || s === '+1') ||
      refs(d).includes('plus')) && !has(d.expr, /format-date|round\(|normalize-space|date\(/),
  },
  'invalid-date': {
    title: 'Impossible dates',
    reason: 'mcsurvey refuses dates that do not exist (2023-02-29, 2024-13-01: NaN, or "" from date()); Enketo lets JavaScript\'s Date roll them over into the next month, and reads years 0000 and 1900-02-29 the same way (datetime.h, ParseDateTime).',
    match: (d) => has(d.expr, /'(2023-02-29|2024-02-30|2024-13-01|0000-01-01|1900-02-29)'/),
  },
  'date-returns-date': {
    title: 'date() gives a date, not a dateTime',
    reason: 'The ODK spec\'s date() converts to a date; mcsurvey returns \'YYYY-MM-DD\' (a number is whole days since 1970-01-01, the fraction dropped) and "" for what is no date (lib_datetime.cpp, FnDate). Enketo returns a JavaScript Date, which prints as a local dateTime, "Invalid Date" for non-dates, and years past 9999.',
    match: (d) => has(d.expr, /(^|[^-])date\(/) && (has(d.enketo, /T\d\d:\d\d|Invalid Date|^[+-]0\d{5}/) || (d.ours === '' && /^\+?\d+/.test(d.enketo))),
  },
  'format-date-codes': {
    title: 'format-date() with codes it does not know',
    reason: 'mcsurvey copies unknown codes (%q) and a trailing % as written, as ODK Web Forms does (datetime.h, FormatWithPattern); Enketo stops with an error.',
    match: (d) => has(d.enketo, /unrecognized escape|ends with %/),
  },
  'format-date-range': {
    title: 'format-date() past year 9999',
    reason: 'Dates outside 0000-9999 cannot be written as YYYY-MM-DD; mcsurvey gives "" (datetime.h, kMaxDay), Enketo formats year 10000.',
    match: (d) => has(d.expr, /format-date\(2932897/),
  },
  'time-zones': {
    title: 'Time zones: date strings and numbers',
    reason: 'mcsurvey counts a date string as whole days whatever the zone and shows a number of days as UTC (datetime.h: DaysSinceEpoch, WallClockFromDays); Enketo takes a date as local midnight (19723.77 in UTC+05:30) and shows numbers in local time. now() in UTC prints +00:00 in mcsurvey, -00:00 in Enketo (RFC 3339 reserves -00:00 for an unknown offset).',
    match: (d) => '@utc_offset' in d.answers || has(d.enketo, /-00:00$/),
  },
  'code-points': {
    title: 'Characters outside the Basic Multilingual Plane',
    reason: 'mcsurvey counts Unicode code points (utf8.h), so an emoji is one character for string-length(), substring(), substr() and translate(); Enketo counts UTF-16 code units and can cut an emoji in half.',
    match: (d) => has(d.expr + answerValues(d).join(' '), /[\u{10000}-\u{10FFFF}]/u),
  },
  'xpath-space': {
    title: 'normalize-space() and a no-break space',
    reason: 'XPath 1.0 whitespace is space, tab, CR and LF (production 39); Enketo\'s JavaScript trim() also removes U+00A0.',
    match: (d) => has(d.expr, /\u00a0/) && !has(d.expr, /regex\(/),
  },
  'regex-invalid': {
    title: 'An invalid regular expression built at run time',
    reason: 'A pattern that does not compile matches nothing in mcsurvey (lib_string.cpp, FnRegex; a literal one is refused when the form is loaded); Enketo stops with an error.',
    match: (d) => has(d.enketo, /Invalid regular expression/),
  },
  'select-tokens': {
    title: 'Select lists split on XPath whitespace',
    reason: 'selected(), selected-at() and count-selected() split a list on runs of XPath whitespace (space, tab, CR, LF) and ignore empty tokens; selected(x, \'\') is false, as JavaRosa (lib_select.cpp). Enketo splits on single spaces, so "en fr  de" has an empty fourth choice and tabs or newlines do not separate.',
    match: (d) => has(d.expr, /selected|count-selected/) &&
      (refs(d).some((r) => ['langs', 'spaces', 'l'].includes(r)) || literals(d).some((t) => /^\s|\s$|\s\s|^$/.test(t))),
  },
  'checklist': {
    title: 'checklist() and weighted-checklist()',
    reason: 'mcsurvey counts a factor as true when it is a non-zero number or, not being a number, non-empty text; bounds are truncated, -1 (or NaN) means no bound; a weight that is not a number makes the sum NaN (lib_boolean.cpp, FactorIsTrue, as the ODK spec and JavaRosa). Enketo uses XPath boolean() of each node and does not truncate the bounds.',
    match: (d) => has(d.expr, /checklist\(/),
  },
  'indexed-repeat': {
    title: 'indexed-repeat()',
    reason: 'Enketo\'s evaluator leaves indexed-repeat() to enketo-core, which rewrites it into a path before evaluating; called directly it stops with "callNative() can\'t handle nodeset functions". mcsurvey evaluates it (lib_nodeset.cpp, FnIndexedRepeat): the i-th instance, "" for i below 1, NaN, fractional or past the last (as the path predicate it stands for, ODK Web Forms); for a question outside the repeat its one value at index 1 (value.cpp, EvalContext::ResolveIndexed).',
    match: (d) => has(d.expr, /indexed-repeat\(/) && has(d.enketo, /callNative/),
  },
  'aggregates-skip': {
    title: 'sum(), min(), max() skip values that are not numbers',
    reason: 'An unanswered repeat instance would make XPath 1.0\'s sum() NaN; mcsurvey, like JavaRosa (ODK Collect), skips values that are not numbers in sum(), min() and max() (lib_nodeset.cpp). Enketo follows XPath 1.0 and gives NaN, which then spreads through the expression.',
    match: (d) => has(d.expr, /\b(sum|min|max)\(/),
  },
  'repeat-current-instance': {
    title: '${name} of a repeat question is the current instance',
    reason: 'In mcsurvey a reference to a question inside a repeat means its answer in the current instance, one node (function_library.h, Call::NodeValues; only count(), sum(), join() and the like take every instance). The harness\'s path /data/hh/name selects every instance, so Enketo\'s concat() joins them all and its comparisons hold if any instance matches.',
    match: (d) => refs(d).some((r) => REPEAT_NAMES.includes(r)),
  },
  'equal-tolerance': {
    title: '= and != between numbers allow for floating-point error',
    reason: 'JavaRosa (ODK Collect) takes two numbers as equal when they differ by less than 1e-12 (XPathEqExpr), so 0.1 + 0.2 = 0.3 and 6.1 - 7.8 = -1.7 are true, and so does mcsurvey (evaluator.cpp, NumbersEqual); Enketo and ODK Web Forms compare exactly.',
    match: (d) => has(d.expr, /!?=/) && !has(d.expr, /[<>]/) && isBool(d.ours) && isBool(d.enketo) && has(d.expr, /\d\.\d|div/),
  },
  'round-decimal': {
    title: 'round() on decimal digits',
    reason: 'mcsurvey rounds on the shortest decimal form (round(1.005, 2) = 1.01, round(0.285, 2) = 0.29), takes ties towards positive infinity (round(-2.5) = -2, XPath 1.0) and gives NaN for more than 30 digits, as JavaRosa (lib_number.cpp, RoundDecimal); Enketo multiplies by a power of ten in binary floating point (1, 0.28, 1.5000000000000002) and rounds ties away from zero (-3).',
    match: (d) => has(d.expr, /round\(/),
  },
  'boolean-from-string': {
    title: 'boolean-from-string()',
    reason: 'XForms 1.0: "true" in any case or "1" is true; mcsurvey compares case-insensitively and reads a number argument as its string ("2" is false) (lib_boolean.cpp). Enketo compares case-sensitively and treats a number by its value.',
    match: (d) => has(d.expr, /boolean-from-string/),
  },
  'once': {
    title: 'once()',
    reason: 'once() keeps an earlier value of the question it belongs to; mcsurvey leaves that decision to the caller (the engine keeps a stored answer), so evaluation yields the argument (lib_boolean.cpp, FnOnce). Enketo returns the context node\'s current value ("5" here) when it is not empty.',
    match: (d) => has(d.expr, /once\(/),
  },
  'coalesce-nan': {
    title: 'coalesce() and NaN',
    reason: 'mcsurvey treats NaN as no value, as JavaRosa\'s isNull (item.h, IsEmptyValue); Enketo returns the NaN.',
    match: (d) => has(d.expr, /coalesce\(/) && (d.enketo === 'NaN' || d.ours === 'NaN'),
  },
  'random': {
    title: 'Random values',
    reason: 'uuid() and random() differ by nature; the corpus replays a fixed sequence of random numbers, which mcsurvey\'s uuid() draws from (lib_string.cpp) but Enketo\'s uses its own generator; Enketo\'s uuid(n) does not give n characters (ODK: uuid(n) is n random alphanumerics, as JavaRosa) and fails on NaN. if() evaluates only the chosen branch in mcsurvey (XForms), while Enketo evaluates both and so draws one more random number.',
    match: (d) => has(d.expr, /uuid\(|random\(/),
    // Enketo's uuid() draws from crypto.getRandomValues(): its value changes on every run.
    unstable: true,
  },
  'position': {
    title: 'position() without an argument',
    reason: 'mcsurvey reads position() as position(..), the repeat instance (ast.h, kPosition); Enketo gives the XPath context position, 1.',
    match: (d) => has(d.expr, /position\(\)/),
  },
  'pow-one': {
    title: 'pow(1, NaN)',
    reason: 'C\'s pow(1, y) is 1 for every y, NaN included (IEEE 754 pow); JavaScript\'s Math.pow gives NaN. mcsurvey\'s browser runtime follows C.',
    match: (d) => has(d.expr, /pow\(1,/),
  },
  'decimal-date-time-number': {
    title: 'decimal-date-time() of a number',
    reason: 'mcsurvey passes numbers (and numeric strings) through as days (lib_datetime.cpp, FnDecimalDateTime); Enketo accepts only date strings.',
    match: (d) => has(d.expr, /decimal-date-time\(\.\)/),
  },
  'boolean-node-comparison': {
    title: 'Comparing a reference with a boolean',
    reason: 'XPath 1.0 section 3.4: a node-set compared with a boolean is compared as boolean(node-set), which is true for a reference even when unanswered (item.h), also for < <= > >=; so ${age} <= true() is true. Enketo converts the node to a number instead.',
    match: (d) => isBool(d.ours) && isBool(d.enketo) && refs(d).length > 0 &&
      has(d.expr, /true\(\)|false\(\)|[<>]=?\s*\(|\)\s*[<>]=?|selected\(|not\(|boolean\(|contains\(|with\(|regex\(/),
  },
  'randomize-seed': {
    title: 'randomize() seeds that are not whole numbers',
    reason: 'JavaRosa (ODK Collect), and ODK Web Forms after it, take a seed\'s Java long value (1.1 is 1) and turn a seed that is not a number into the first 8 bytes of its SHA-256 (\'\' is 0); mcsurvey does the same (lib_nodeset.cpp, RandomizeNodes). Enketo stops with "Invalid seed argument".',
    match: (d) => has(d.expr, /randomize\(/) && has(d.enketo, /Invalid seed argument/),
  },
  'digest-module': {
    title: 'digest() needs a module Enketo\'s evaluator does not bundle',
    reason: 'openrosa-xpath-evaluator\'s digest() loads node-forge at run time and stops without it; mcsurvey computes MD5, SHA-1, SHA-256, SHA-384 and SHA-512 itself (digest.cpp, and the same code in mcsurvey-xpath.js), checked against ODK Web Forms\' vectors.',
    match: (d) => has(d.enketo, /Cannot find module 'node-forge'/),
  },
  'base64-decode': {
    title: 'base64-decode() is newer than Enketo\'s evaluator',
    reason: 'JavaRosa and ODK Web Forms have base64-decode() (the decoded bytes read as UTF-8); openrosa-xpath-evaluator 3.1.0 does not know it (lib_digest.cpp, FnBase64Decode).',
    match: (d) => has(d.expr, /base64-decode\(/) && has(d.enketo, /not a valid XPath expression/),
  },
  'date-time-invalid': {
    title: 'date-time() of what is no date',
    reason: 'mcsurvey gives "" (lib_datetime.cpp, FnDateTime); JavaRosa stops with an error and Enketo prints "Invalid Date".',
    match: (d) => has(d.expr, /date-time\(/) && d.enketo === 'Invalid Date',
  },
  'decimal-time-datetime': {
    title: 'decimal-time() of a dateTime',
    reason: 'JavaRosa (decimalTimeOfLocalDay) gives the time of day a dateTime shows in the local zone, so decimal-time(${start}) works, and so does mcsurvey (lib_datetime.cpp, FnDecimalTime); Enketo reads times only and gives NaN.',
    match: (d) => has(d.expr, /decimal-time\(/) && d.enketo === 'NaN' &&
      (has(d.expr, /\d{4}-\d\d-\d\dT/) || refs(d).some((r) => has(String(d.answers[r] ?? ''), /T/) || ['dt', 'dtz', 'dtlocal'].includes(r))),
  },
  'decimal-time-number': {
    title: 'decimal-time() of a number',
    reason: 'JavaRosa (toDecimalDateTime) gives the fraction of a number of days, and so does mcsurvey (lib_datetime.cpp, FnDecimalTime); Enketo gives NaN.',
    match: (d) => has(d.expr, /decimal-time\(\d/) && d.enketo === 'NaN',
  },
  'exponent-text': {
    title: 'Text in exponent notation',
    reason: 'XPath 1.0 section 4.4 and JavaRosa\'s toNumeric() read no exponent, so number(\'7.9e-12\') and int() of it are NaN (number_format.cpp, ParseXPathNumber); Enketo and ODK Web Forms read such text with JavaScript\'s Number() (int() gives 0). Where the ODK engines disagree mcsurvey follows JavaRosa.',
    match: (d) => has(d.expr, /'-?\d+(\.\d+)?e-?\d+'/),
  },
  'date-string-compare': {
    title: 'A date answer compared with a differently written date',
    reason: 'XPath 1.0 section 3.4 compares a node with a string as strings, so 1990-05-15 = \'1990-5-15\' is false; Enketo compares date-like strings as dates.',
    match: (d) => has(d.expr, /'\d{4}-\d-\d{1,2}'/),
  },
  unexplained: {
    title: 'Unexplained',
    reason: 'No reason found yet: investigate, then fix mcsurvey or add a reason here.',
    match: () => true,
  },
};

export function classify(d) {
  for (const [id, cat] of Object.entries(CATEGORIES)) {
    if (cat.match(d)) return id;
  }
  return 'unexplained';
}
