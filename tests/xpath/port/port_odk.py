#!/usr/bin/env python3
"""Ports the expression tests of ODK's engines into corpus rows (tests/xpath/*.tsv).

    port_odk.py WEB_FORMS_CHECKOUT ENKETO_OXE_CHECKOUT MCSURVEY_BINARY

Reads every assertion of getodk/web-forms packages/xpath/test/**/*.test.ts (JavaRosa's tests as
ported there, and Web Forms' own) and of enketo/openrosa-xpath-evaluator test/integration/**/*.spec.js,
and sorts each case into:
  - ported rows (odk_web_forms.tsv, enketo_oxe.tsv): the expression with the value the ODK engine
    expects, written as XPath string(); each row is preceded by a comment naming its origin
    (repository, commit, file, test name);
  - refused.md: cases that use what mcsurvey refuses by design (XPath location paths and axes,
    instance(), geo functions, ...), with the reason mcsurvey gives;
  - left out (also in refused.md, with why): cases whose expected value is an error, or that need
    an XML document (a context node) that ${name} answers cannot express.
Cases where the ODK engines disagree carry a row override in OVERRIDES below (JavaRosa wins).
The expected values are the ODK tests' own; the mcsurvey binary is used only to learn whether an
expression parses (mcsurvey eval), never to choose an expected value.
"""
import json
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# Both suites run in America/Phoenix (UTC-7 all year): every row gets that offset.
ANSWERS = '{"@utc_offset":-420}'

# Where ODK's engines disagree, the row follows JavaRosa (ODK Collect, getodk/javarosa
# XPathFuncExpr.java): the suite's expression -> (JavaRosa's value as string(), why).
JAVAROSA = {
    # sum(), min(), max(): JavaRosa skips values that are not numbers (sum(), min(), max() in
    # XPathFuncExpr); Web Forms and Enketo give NaN.
    'min("")': ('NaN', 'JavaRosa skips non-numbers; none left is NaN'),
    # boolean-from-string(): JavaRosa's boolStr() uses equalsIgnoreCase("true").
    "boolean-from-string('True')": ('true', "JavaRosa's boolStr() ignores case"),
    # weighted-checklist(): JavaRosa's checklistWeighted() has no "-1 is no bound".
    'weighted-checklist(2, -1, true(), 999, false(), 5, false(), 6)': ('false', "JavaRosa's checklistWeighted(): -1 is not 'no bound'"),
    # int(): JavaRosa's toNumeric() reads digits, '-' and '.' only.
    'int("7.922021953507237e-12")': ('NaN', "JavaRosa's toNumeric() reads no exponent"),
    # round(): JavaRosa takes ties towards positive infinity, as XPath 1.0 (BigDecimal HALF_UP above
    # zero, HALF_DOWN below); Web Forms and Enketo round them away from zero.
    'round(-1.5)': ('-1', "JavaRosa's round() takes ties towards positive infinity, as XPath 1.0"),
    'round(-1.5, 0)': ('-1', "JavaRosa's round() takes ties towards positive infinity, as XPath 1.0"),
}

# Expressions whose ODK expectation mcsurvey does not share, by design: (substring) -> reason.
BY_DESIGN = [
    (re.compile(r'^date\((-?[\d.]+|decimal-date-time\()'),
     'date() gives a date (YYYY-MM-DD), as JavaRosa\'s date() and the ODK spec; ODK Web Forms and Enketo give a dateTime (lib_datetime.cpp, FnDate)'),
    (re.compile(r'"\d{4}-\d\d-\d\d" *[-+<>]|[-+] *date\("\d{4}-\d\d-\d\d"\)|date\("\d{4}-\d\d-\d\d"\) *[-+]'),
     'a date string counts whole days since 1970-01-01 whatever the time zone (datetime.h, DaysSinceEpoch); ODK Web Forms and Enketo take local midnight (+7/24 in UTC-7), and JavaRosa reads a date string literal as NaN'),
    (re.compile(r'^number\("\d{4}-\d\d-\d\dT'),
     'number() of a dateTime is fractional days since 1970-01-01T00:00Z (datetime.h, DaysSinceEpoch); ODK Web Forms drops the fraction and JavaRosa gives NaN for a string literal'),
    (re.compile(r"^date-time\('nonsense'\)"),
     'date-time() of what is no date gives "" (JavaRosa stops with an error; Web Forms and Enketo give "Invalid Date")'),
]

# Why mcsurvey refuses an expression, by its message: (pattern, explanation; 'custom' marks a
# function the test suite registers for itself, which is left out rather than refused).
REFUSAL_REASONS = [
    (re.compile(r"unknown function '(explode|pad2|fn|itext|fn:itext)"), 'custom'),
    (re.compile(r"unknown function '(lang|name|local-name|namespace-uri|last|node|id)'"),
     'XPath 1.0 node functions: mcsurvey has answers, not XML nodes'),
    (re.compile(r"found '(mod|div|and|or)\d"),
     'XPath 1.0 section 3.7: after a number an NCName must be an operator name, and "mod1" is none (Web Forms and Enketo split it)'),
    (re.compile(r'takes .* arguments?, not|needs a reference'),
     'arity and argument kinds are checked when the form is loaded, also in a branch that would never run'),
    (re.compile(r'XPath paths are not supported|only supported as position|expected .\). but found ./'),
     'mcsurvey names answers by ${name} (docs/xlsform.md)'),
]

# Zero-argument functions that read the context node, and '.': the suites' context node is a node
# of an XML document, which ${name} answers cannot express.
CONTEXT_NODE = re.compile(r'\b(number|string|string-length|normalize-space|position|name|local-name|once|last)\(\s*\)|(^|[^\w$}.\d])\.($|[^\d.\w])|\bonce\(|\bcurrent\(\)')


def js_string(src, i):
    q = src[i]
    out = []
    i += 1
    while i < len(src):
        c = src[i]
        if c == '\\':
            n = src[i + 1]
            if n == 'n':
                out.append('\n')
            elif n == 't':
                out.append('\t')
            elif n == 'r':
                out.append('\r')
            elif n == 'u':
                if src[i + 2] == '{':
                    j = src.index('}', i)
                    out.append(chr(int(src[i + 3:j], 16)))
                    i = j + 1
                    continue
                out.append(chr(int(src[i + 2:i + 6], 16)))
                i += 6
                continue
            elif n == '\n':
                pass
            else:
                out.append(n)
            i += 2
            continue
        if c == q:
            return ''.join(out), i + 1
        if q == '`' and c == '$' and src[i + 1] == '{':
            j = src.index('}', i)
            out.append('\x00' + src[i + 2:j].strip() + '\x00')
            i = j + 1
            continue
        out.append(c)
        i += 1
    raise ValueError('unterminated string')


def split_args(src, i):
    """Top-level arguments of the call whose '(' is at src[i-1]; returns (list of texts, end)."""
    depth = 0
    args = []
    start = i
    while i < len(src):
        c = src[i]
        if c in '\'"`':
            _, i = js_string(src, i)
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append(src[start:i].strip())
                return [a for a in args if a], i + 1
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(src[start:i].strip())
            start = i + 1
        i += 1
    raise ValueError('unbalanced')


def literal(text, consts):
    """A JS literal as a Python value; None when it is not one we can read."""
    t = text.strip()
    if not t:
        return None
    if t[0] in '\'"`':
        try:
            s, end = js_string(t, 0)
        except (ValueError, IndexError):
            return None
        if t[end:].strip():
            return None
        def interp(m):
            v = consts.get(m.group(1))
            if v is None:
                raise KeyError(m.group(1))
            return str(v)
        try:
            return ('str', re.sub('\x00([^\x00]*)\x00', interp, s))
        except KeyError:
            return None
    if t in ('true', 'false'):
        return ('bool', t == 'true')
    if t == 'NaN' or t == 'Number.NaN':
        return ('num', math.nan)
    if t in ('Infinity', 'Number.POSITIVE_INFINITY'):
        return ('num', math.inf)
    if t in ('-Infinity', 'Number.NEGATIVE_INFINITY'):
        return ('num', -math.inf)
    if re.fullmatch(r'-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?', t):
        return ('num', float(t))
    if t in consts:
        v = consts[t]
        return ('str', v) if isinstance(v, str) else ('num', float(v))
    return None


def xpath_number(d):
    """XPath string() of a number (FormatNumber): no exponent."""
    if math.isnan(d):
        return 'NaN'
    if math.isinf(d):
        return 'Infinity' if d > 0 else '-Infinity'
    if d == 0:
        return '0'
    r = repr(d)
    if 'e' not in r and 'E' not in r:
        return r[:-2] if r.endswith('.0') else r
    mant, exp = r.split('e')
    exp = int(exp)
    sign = ''
    if mant.startswith('-'):
        sign, mant = '-', mant[1:]
    digits = mant.replace('.', '')
    point = (mant.index('.') if '.' in mant else len(mant)) + exp
    if point <= 0:
        s = '0.' + '0' * -point + digits
    elif point >= len(digits):
        s = digits + '0' * (point - len(digits))
    else:
        s = digits[:point] + '.' + digits[point:]
    s = s.rstrip('0').rstrip('.') if '.' in s else s
    return sign + s


def strip_comments(src):
    """The source without // and /* */ comments (strings kept as they are)."""
    out = []
    i = 0
    while i < len(src):
        c = src[i]
        if c in '\'"`':
            try:
                _, end = js_string(src, i)
            except (ValueError, IndexError):
                end = len(src)
            out.append(src[i:end])
            i = end
            continue
        if src.startswith('//', i):
            j = src.find('\n', i)
            i = len(src) if j < 0 else j
            continue
        if src.startswith('/*', i):
            j = src.find('*/', i + 2)
            i = len(src) if j < 0 else j + 2
            continue
        out.append(c)
        i += 1
    return ''.join(out)


def consts_of(src):
    consts = {}
    for m in re.finditer(r"\bconst\s+([A-Z_][A-Z0-9_]*)\s*=\s*('[^'\n]*'|\"[^\"\n]*\"|-?\d+(?:\.\d+)?)\s*;", src):
        v = m.group(2)
        consts[m.group(1)] = v[1:-1] if v[0] in '\'"' else float(v) if '.' in v else int(v)
    return consts


TEST_NAME = re.compile(r"\b(?:it|it\.fails|it\.skip|it\.only|describe|xit)\s*\(\s*(['\"`])((?:\\.|(?!\1).)*)\1", re.S)


def test_name_at(src, pos):
    """The names of the describe()/it() blocks around pos (approximate: the last ones opened)."""
    names = []
    for m in TEST_NAME.finditer(src, 0, pos):
        names.append((m.start(), m.group(0).split('(')[0].strip(), m.group(2)))
    its = [n for n in names if n[1].startswith('it') or n[1] == 'xit']
    desc = [n for n in names if n[1] == 'describe']
    parts = []
    if desc:
        parts.append(desc[-1][2])
    if its:
        parts.append(its[-1][2])
    failing = bool(its) and its[-1][1] in ('it.fails', 'xit', 'it.skip')
    return ' > '.join(parts), failing


KIND = {'assertNumberValue': 'num', 'assertStringValue': 'str', 'assertBooleanValue': 'bool',
        'assertNumber': 'num', 'assertString': 'str', 'assertBoolean': 'boolv', 'assertTrue': 'true',
        'assertFalse': 'false', 'assertNumberRounded': 'rounded'}


def cases_webforms(path, rel, src):
    """(expr, kind, expected, test, needs_document, failing) for each assertion."""
    consts = consts_of(src)
    out = []
    tables_done = set()  # a table whose callback has several assertions is read once
    for m in re.finditer(r'\b(assertNumberValue|assertStringValue|assertBooleanValue)\s*\(', src):
        try:
            args, _ = split_args(src, m.end())
        except ValueError:
            continue
        name, failing = test_name_at(src, m.start())
        kind = KIND[m.group(1)]
        if len(args) >= 2 and args[0] in ('expression', 'expr') and args[1] in ('expected',):
            # a table: find the array before the forEach this call sits in
            fe = src.rfind('].forEach', 0, m.start())
            if fe < 0 or fe in tables_done:
                continue
            tables_done.add(fe)
            arr_start = find_array_start(src, fe)
            if arr_start is None:
                continue
            for row in re.finditer(r'\{', src[arr_start:fe]):
                pass
            try:
                objs = objects_in(src[arr_start + 1:fe])
            except (ValueError, IndexError):
                objs = []
            # A callback that switches on typeof expected asserts each row by its expected's type.
            by_type = 'typeof expected' in src[fe:fe + 1500]
            for obj in objs:
                e = literal(obj.get('expression', ''), consts)
                if e is None:
                    continue
                ctx = 'id' in obj or 'contextNode' in obj or 'xml' in obj
                label = name + ' > ' + e[1] if name else e[1]
                x = literal(obj.get('expected', ''), consts)
                if x is None:
                    why = ('expected value computed in JavaScript (%s)' % obj['expected'] if obj.get('expected')
                           else 'asserts a node or a pattern match, not a value')
                    out.append((e[1], 'unreadable', why, label, ctx, failing))
                    continue
                row_kind = {'num': 'num', 'str': 'str', 'bool': 'bool'}[x[0]] if by_type else kind
                out.append((e[1], row_kind, x, label, ctx, failing))
            continue
        if len(args) < 2:
            continue
        e = literal(args[0], consts)
        x = literal(args[1], consts)
        if e is None or x is None:
            continue
        prefix = src[max(src.rfind(' it(', 0, m.start()), src.rfind('\tit(', 0, m.start()), 0):m.start()]
        ctx = len(args) > 2 or 'createXFormsTestContext(`' in prefix or 'createXFormsTextContentTestContext' in prefix
        out.append((e[1], kind, x, name, ctx, failing))
    for m in re.finditer(r'\b(?:testContext\.)?evaluate\s*\(\s*([\'"`])', src):
        name, failing = test_name_at(src, m.start())
        if not failing:
            continue
        try:
            args, _ = split_args(src, src.index('(', m.start()) + 1)
        except ValueError:
            continue
        e = literal(args[0], consts) if args else None
        if e is not None:
            out.append((e[1], 'error', None, name, False, True))
    return out


def find_array_start(src, close):
    depth = 0
    i = close
    while i >= 0:
        c = src[i]
        if c == ']':
            depth += 1
        elif c == '[':
            depth -= 1
            if depth == 0:
                return i
        i -= 1
    return None


def objects_in(text):
    """The top-level {key: value, ...} objects of an array body, as dicts of source texts."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in '\'"`':
            _, i = js_string(text, i)
            continue
        if c == '{':
            try:
                body, end = split_braces(text, i + 1)
            except ValueError:
                return out
            obj = {}
            for part in split_top(body):
                k, _, v = part.partition(':')
                obj[k.strip()] = v.strip()
            out.append(obj)
            i = end
            continue
        i += 1
    return out


def split_braces(text, i):
    depth = 0
    start = i
    while i < len(text):
        c = text[i]
        if c in '\'"`':
            _, i = js_string(text, i)
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                return text[start:i], i + 1
            depth -= 1
        i += 1
    raise ValueError


def split_top(body):
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c in '\'"`':
            _, i = js_string(body, i)
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif c == ',' and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return [p for p in parts if p.strip()]


def enketo_call(kind, args, consts, bind=None):
    """(expr, expected, needs_document) of one Enketo helper call, or None. The helpers take
    ([contextNode, [simpleValue,]] expr, expected); assertTrue/assertFalse end with expr."""
    def val(t):
        if bind is not None and t.strip() in bind:
            return bind[t.strip()]
        return literal(t, consts)
    if kind in ('true', 'false'):
        if not args:
            return None
        e, x = val(args[-1]), ('bool', kind == 'true')
        rest = args[:-1]
    else:
        if len(args) < 2:
            return None
        e, x = val(args[-2]), val(args[-1])
        rest = args[:-2]
    doc = any(r.strip() not in ('null', 'undefined') for r in rest)
    if e is None or x is None or e[0] != 'str':
        return None
    return e[1], x, doc


def cases_enketo(path, rel, src):
    consts = consts_of(src)
    out = []
    calls = re.compile(r'\b(assertNumberValue|assertStringValue|assertNumber|assertString|assertBoolean|assertTrue|assertFalse)\s*\(')
    # Tables: [[expr, expected], ...].forEach(([expr, expected]) => { assertX(expr, expected); })
    table_spans = []
    for m in re.finditer(r'\]\s*\.forEach\(\s*\(\s*\[([^\]]*)\]\s*\)\s*=>', src):
        names = [n.strip() for n in m.group(1).split(',')]
        start = find_array_start(src, m.start())
        if start is None:
            continue
        body_end = src.find('});', m.end())
        body = src[m.end():body_end if body_end > 0 else len(src)]
        call = calls.search(body)
        if not call:
            continue
        try:
            cargs, _ = split_args(body, call.end())
        except ValueError:
            continue
        kind = KIND[call.group(1)]
        name, failing = test_name_at(src, m.start())
        table_spans.append((start, m.end() + len(body)))
        try:
            items = split_top(src[start + 1:m.start()])
        except (ValueError, IndexError):
            continue
        for item in items:
            item = item.strip()
            if not item.startswith('['):
                continue
            try:
                elems = split_top(item[1:item.rindex(']')])
            except (ValueError, IndexError):
                continue
            bind = {}
            for n, t in zip(names, elems):
                bind[n] = literal(t, consts)
            if any(v is None for v in bind.values()):
                continue
            got = enketo_call(kind, cargs, consts, bind)
            if got is None:
                continue
            e, x, doc = got
            if kind == 'bool' and x[0] == 'bool':
                pass
            out.append((e, {'true': 'bool', 'false': 'bool', 'boolv': 'bool'}.get(kind, kind), x, name + ' > ' + e, doc, failing))
    for m in calls.finditer(src):
        if any(a <= m.start() < b for a, b in table_spans):
            continue
        try:
            args, _ = split_args(src, m.end())
        except ValueError:
            continue
        name, failing = test_name_at(src, m.start())
        kind = KIND[m.group(1)]
        got = enketo_call(kind, args, consts)
        if got is None:
            continue
        e, x, doc = got
        if kind == 'bool':
            # assertBoolean(..., expr, value)
            pass
        out.append((e, {'true': 'bool', 'false': 'bool', 'boolv': 'bool'}.get(kind, kind), x, name, doc, failing))
    for m in re.finditer(r'\bassertThrow\s*\(', src):
        try:
            args, _ = split_args(src, m.end())
        except ValueError:
            continue
        name, failing = test_name_at(src, m.start())
        # assertThrow(expr) or assertThrow(contextNode, expr, ...): the first string literal.
        e = next((v for v in (literal(a, consts) for a in args) if v is not None and v[0] == 'str'), None)
        if e is not None and e[0] == 'str':
            out.append((e[1], 'error', None, name, False, True))
    return out


def expected_string(kind, x):
    t, v = x
    if kind == 'num':
        if t != 'num':
            return None
        return xpath_number(v)
    if kind == 'bool':
        if t != 'bool':
            return None
        return 'true' if v else 'false'
    if kind == 'str':
        return v if t == 'str' else xpath_number(v) if t == 'num' else ('true' if v else 'false')
    return None


PATHY = re.compile(r"""(?x)
    (^|[\s(,=<>!+*|\[-])(/|\.\.|@|\*|//)   # a path, an attribute, a wildcard
    | ::                                    # an axis
    | \[                                    # a predicate
    | \$[A-Za-z_]                           # an XPath variable
""")


def wrap(expr, kind):
    """The expression whose string() is the value the test asserts."""
    if kind == 'num':
        return 'number(' + expr + ')'
    if kind == 'bool':
        return 'boolean(' + expr + ')'
    return 'string(' + expr + ')'


def mcsurvey_parse(binary, expr):
    r = subprocess.run([binary, 'eval', expr], capture_output=True, text=True)
    if r.returncode == 0:
        return None, r.stdout.rstrip('\n')
    msg = r.stderr.strip().splitlines()[0] if r.stderr.strip() else 'error'
    return msg.replace('mcsurvey: ', ''), None


def esc(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')


def main():
    wf, oxe, binary = sys.argv[1:4]
    commits = {}
    for name, path in (('getodk/web-forms', wf), ('enketo/openrosa-xpath-evaluator', oxe)):
        commits[name] = subprocess.run(['git', '-C', path, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
    suites = [
        ('getodk/web-forms', wf, 'packages/xpath/test', '.test.ts', cases_webforms, 'odk_web_forms.tsv'),
        ('enketo/openrosa-xpath-evaluator', oxe, 'test/integration', '.spec.js', cases_enketo, 'enketo_oxe.tsv'),
    ]
    refused = []
    counts = {}
    # Rows already in the hand-written corpus files are not repeated.
    corpus = set()
    for name in ('handwritten.tsv', 'nodesets.tsv', 'generated.tsv'):
        for line in open(os.path.join(OUT, name), encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                e, a, _ = line.rstrip('\n').split('\t')
                corpus.add((e, a))
    for repo, root, sub, ext, reader, outname in suites:
        files = subprocess.run(['git', '-C', root, 'ls-tree', '-r', '--name-only', 'HEAD', sub],
                               capture_output=True, text=True).stdout.split()
        rows = []
        seen = set()
        c = counts.setdefault(repo, {'assertions': 0, 'ported': 0, 'refused': 0, 'left_out': 0, 'duplicates': 0})
        for rel in sorted(f for f in files if f.endswith(ext)):
            src = subprocess.run(['git', '-C', root, 'show', 'HEAD:' + rel], capture_output=True, text=True).stdout
            try:
                cases = reader(root, rel, strip_comments(src))
            except (ValueError, IndexError) as e:
                print('%s: %s: cannot read (%s)' % (repo, rel, e), file=sys.stderr)
                cases = []
            for expr, kind, x, test, doc, failing in cases:
                c['assertions'] += 1
                origin = '%s@%s %s: %s' % (repo, commits[repo][:12], rel, test.replace('\n', ' '))
                key = (expr, kind, repr(x))
                if key in seen:
                    c['duplicates'] += 1
                    continue
                seen.add(key)
                if kind == 'unreadable':
                    refused.append((repo, origin, expr, 'left out', x))
                    c['left_out'] += 1
                    continue
                err, _ = mcsurvey_parse(binary, expr)
                if kind == 'error' or failing:
                    # The ODK test expects an error (or is a known failure in that engine).
                    why = 'ODK expects an error' if kind == 'error' else 'a failing test in its suite (it.fails)'
                    status = 'refused by mcsurvey too: ' + err if err else 'mcsurvey evaluates it (no error)'
                    refused.append((repo, origin, expr, 'left out', why + '; ' + status))
                    c['left_out'] += 1
                    continue
                if err:
                    why = next((w for pattern, w in REFUSAL_REASONS if pattern.search(err)), None)
                    if why == 'custom':
                        refused.append((repo, origin, expr, 'left out', 'calls a function the test suite defines for itself: ' + err))
                        c['left_out'] += 1
                        continue
                    refused.append((repo, origin, expr, 'refused by design', err + ('. ' + why if why else '')))
                    c['refused'] += 1
                    continue
                if CONTEXT_NODE.search(expr) or (doc and PATHY.search(expr)):
                    refused.append((repo, origin, expr, 'left out', 'reads the context node of an XML document'))
                    c['left_out'] += 1
                    continue
                design = next((why for pattern, why in BY_DESIGN if pattern.search(expr)), None)
                if design:
                    refused.append((repo, origin, expr, 'differs by design', design))
                    c['refused'] += 1
                    continue
                exp = expected_string(kind, x)
                if exp is None:
                    refused.append((repo, origin, expr, 'left out', 'expected value of another type than asserted'))
                    c['left_out'] += 1
                    continue
                note = ''
                if expr in JAVAROSA and JAVAROSA[expr][0] != exp:
                    note = '\n# The suite expects %s; JavaRosa gives %s (%s): the row follows JavaRosa.' % (
                        exp, JAVAROSA[expr][0], JAVAROSA[expr][1])
                    exp = JAVAROSA[expr][0]
                row = (esc(wrap(expr, kind)), ANSWERS)
                if row in corpus:
                    c['duplicates'] += 1
                    continue
                corpus.add(row)
                rows.append('# %s%s\n%s\t%s\t%s' % (origin, note, row[0], ANSWERS, esc(exp)))
                c['ported'] += 1
        with open(os.path.join(OUT, outname), 'w') as f:
            f.write('# Ported by tests/xpath/port/port_odk.py from %s at %s (Apache-2.0, see NOTICE).\n'
                    '# Do not edit: run the script again. Each row: the ODK test\'s expression wrapped in\n'
                    '# number(), boolean() or string() by the kind of its assertion, and the value that test\n'
                    '# expects. The comment above a row names its origin (file and test).\n'
                    % (repo, commits[repo]))
            f.write('\n'.join(rows) + '\n')
    with open(os.path.join(OUT, 'refused.md'), 'w') as f:
        f.write('# ODK expression tests not ported as rows\n\nWritten by `tests/xpath/port/port_odk.py` '
                '(do not edit). Every assertion of the ported suites that is not a row of '
                '`odk_web_forms.tsv` or `enketo_oxe.tsv` is listed here with its reason:\n\n'
                '- **refused by design**: the expression uses what mcsurvey does not support by design '
                '(XPath location paths, axes and predicates instead of `${name}`, `instance()`, geo functions, '
                '...); the reason is mcsurvey\'s own message for it.\n'
                '- **left out**: the ODK test expects an error (the status says whether mcsurvey refuses it '
                'too), is marked failing in its own suite, or needs an XML document and a context node.\n\n')
        f.write('- **differs by design**: mcsurvey gives another value on purpose; the reason cites where.\n\n')
        f.write('| suite | assertions | ported | refused or differing by design | left out | duplicates |\n| --- | --- | --- | --- | --- | --- |\n')
        for repo, c in counts.items():
            f.write('| %s | %d | %d | %d | %d | %d |\n' % (repo, c['assertions'], c['ported'], c['refused'], c['left_out'], c['duplicates']))
        # The reasons, most frequent first (mcsurvey's messages without positions and names).
        reasons = {}
        for repo, origin, expr, status, why in refused:
            key = (status, re.sub(r"'[^']*'", "'…'", re.sub(r' at column \d+.*', '', why)))
            reasons[key] = reasons.get(key, 0) + 1
        f.write('\n| status | reason | cases |\n| --- | --- | --- |\n')
        for (status, why), n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            f.write('| %s | %s | %d |\n' % (status, why.replace('|', '\\|'), n))
        f.write('\n| status | expression | reason | origin |\n| --- | --- | --- | --- |\n')
        for repo, origin, expr, status, why in refused:
            cell = lambda s: s.replace('|', '\\|').replace('\n', ' ')
            f.write('| %s | `%s` | %s | %s |\n' % (status, cell(expr), cell(why), cell(origin)))
    json.dump(counts, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
