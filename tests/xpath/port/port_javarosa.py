#!/usr/bin/env python3
"""Ports JavaRosa's expression tests into corpus rows (tests/xpath/javarosa.tsv).

    port_javarosa.py JAVAROSA_CHECKOUT MCSURVEY_BINARY

Reads every testEval() of getodk/javarosa src/test/java/org/javarosa/xpath/test/XPathEvalTest.java
(the table JavaRosa, the engine of ODK Collect, checks its XPath functions against) and sorts each
case into:
  - rows of javarosa.tsv: the expression with the value JavaRosa expects, written as XPath string(),
    each group preceded by a comment naming its origin (repository, commit, file, test method);
  - javarosa_refused.md: cases left out, with why: an expression mcsurvey refuses by design (XPath
    paths, functions it does not have), a custom function handler the test registers for itself,
    an expected error, or a value mcsurvey gives otherwise on purpose (DIFFERS below, with the
    reason and where the code says so).
A row the other corpus files already hold (same expression and answers) is not repeated; if that
row expects another value the case is listed as a conflict in javarosa_refused.md.

JavaRosa compares numbers within 1e-12 (testEval's assertEquals(expected, result, 1e-12)); where
mcsurvey's value is within that tolerance but prints differently (6.1 - 7.8 is -1.6999999999999993
in IEEE doubles), the row keeps mcsurvey's exact value and its comment gives JavaRosa's. This is the
only use of the binary's values; otherwise it only tells whether an expression parses.
"""
import json
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from port_odk import xpath_number  # noqa: E402

TEST_FILE = 'src/test/java/org/javarosa/xpath/test/XPathEvalTest.java'

# JavaRosa's expectation that mcsurvey does not share, on purpose: expression -> reason.
COMMA = ("JavaRosa's toNumeric() reads a comma as a decimal point (some locales write 4,6); mcsurvey "
         "reads text as an XPath 1.0 Number (section 4.4: digits and a point), as ODK Web Forms and Enketo "
         "do, and a decimal answer is always stored with a point (engine/runtime.cpp, Canonicalize)")
DIFFERS = {
    "round('4,6')": COMMA,
    "round('14,6')": COMMA,
}

# Cases that expect an error or a Java object, with what mcsurvey does instead and why.
NOT_VALUES = {
    'normalize-space()': "JavaRosa has no zero-argument form; XPath 1.0 section 4.2 reads '.', as mcsurvey does",
    'string-length()': "JavaRosa has no zero-argument form; XPath 1.0 section 4.2 reads '.', as mcsurvey does",
    'number()': "JavaRosa has no zero-argument form; XPath 1.0 section 4.4 reads '.', as mcsurvey does",
    "date('1983-09-31')": 'an impossible date: JavaRosa stops with an error; mcsurvey never stops an evaluation and gives "" for what is no date (lib_datetime.cpp, FnDate)',
    "date('not a date')": 'JavaRosa stops with an error; mcsurvey gives "" for what is no date (lib_datetime.cpp, FnDate)',
    'date(true())': 'JavaRosa stops with an error; mcsurvey gives "" for what is no date (lib_datetime.cpp, FnDate)',
    "decimal-date-time('-1000')": 'JavaRosa stops with an error; mcsurvey reads the text as a number of days, which decimal-date-time() passes through (lib_datetime.cpp)',
    "decimal-date-time('-01-2019')": 'JavaRosa stops with an error; mcsurvey gives NaN',
    "date-time('2000-01-01T10:20:30.000')": "asserts a Java Date; mcsurvey's value is the same instant written as a dateTime in UTC, 2000-01-01T10:20:30.000+00:00",
}


def java_string(src, i):
    """The Java string literal starting at src[i] ('"'): (value, index after it)."""
    out = []
    i += 1
    while True:
        c = src[i]
        if c == '\\':
            n = src[i + 1]
            out.append({'n': '\n', 't': '\t', 'r': '\r'}.get(n, n))
            i += 2
            continue
        if c == '"':
            return ''.join(out), i + 1
        out.append(c)
        i += 1


def split_args(src, i):
    """Top-level arguments of the call whose '(' is at src[i-1]: (texts, index after ')')."""
    depth, args, start = 0, [], i
    while True:
        c = src[i]
        if c == '"':
            _, i = java_string(src, i)
            continue
        if c == "'":
            i += 3 if src[i + 1] != '\\' else 4
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append(src[start:i].strip())
                return args, i + 1
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(src[start:i].strip())
            start = i + 1
        i += 1


def java_expr(text):
    """A Java expression of string literals, Math constants and numbers, as a Python value."""
    py = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            s, i = java_string(text, i)
            py.append(repr(s))
            continue
        py.append(c)
        i += 1
    code = ''.join(py).replace('Math.PI', 'math.pi').replace('Math.E', 'math.e').replace('Math.exp', 'math.exp')
    value = eval(code, {'math': math})  # noqa: S307 (our own test source, numbers and strings only)
    return value


def java_concat(text):
    """A Java string expression that may concatenate numbers: "cos(" + (Math.PI / 2) + ")"."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            _, i = java_string(text, i)
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
        elif c == '+' and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    parts.append(text[start:].strip())
    out = ''
    for p in parts:
        v = java_expr(p)
        out += v if isinstance(v, str) else java_double_string(v)
    return out


def java_double_string(d):
    """Java's Double.toString() for the values the tests concatenate (shortest repr)."""
    return repr(float(d))


def expected_of(text):
    """(kind, value) of testEval's expected argument; kind in num, bool, str, date, datetime, error, nodeset."""
    t = text.strip()
    if t in ('TRUE', 'true'):
        return 'bool', True
    if t in ('FALSE', 'false'):
        return 'bool', False
    if t in ('NaN', '-NaN'):
        return 'num', math.nan
    if t == 'POSITIVE_INFINITY':
        return 'num', math.inf
    if t == 'NEGATIVE_INFINITY':
        return 'num', -math.inf
    if t.startswith('new ') and t.endswith('()'):
        return 'error', t[4:-2]
    m = re.fullmatch(r'DateUtils\.getDate\((\d+), (\d+), (\d+)\)', t)
    if m:
        return 'date', '%04d-%02d-%02d' % tuple(int(g) for g in m.groups())
    m = re.fullmatch(r'DateUtils\.getDateTimeFromString\("([^"]*)"\)', t)
    if m:
        return 'datetime', m.group(1)
    if t.startswith('create'):
        return 'nodeset', t
    v = java_expr(t)
    if isinstance(v, str):
        return 'str', v
    if isinstance(v, bool):
        return 'bool', v
    return 'num', float(v)


def expected_string(kind, v):
    if kind == 'num':
        return xpath_number(v)
    if kind == 'bool':
        return 'true' if v else 'false'
    return v


def methods(src):
    """(name, start) of each @Test method."""
    return [(m.group(1), m.start()) for m in re.finditer(r'@Test\s+public void (\w+)\(', src)]


def method_at(ms, pos):
    name = ''
    for n, start in ms:
        if start < pos:
            name = n
    return name


def mcsurvey_eval(binary, expr):
    r = subprocess.run([binary, 'eval', '--', expr], capture_output=True, text=True)
    if r.returncode == 0:
        return None, r.stdout[:-1] if r.stdout.endswith('\n') else r.stdout
    msg = r.stderr.strip().splitlines()[0] if r.stderr.strip() else 'error'
    return msg.replace('mcsurvey: ', ''), None


def esc(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')


def unesc(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s):
            out.append({'t': '\t', 'n': '\n', 'r': '\r'}.get(s[i + 1], s[i + 1]))
            i += 2
            continue
        out.append(s[i])
        i += 1
    return ''.join(out)


def other_rows():
    """(expression, answers) -> (file, expected) of the corpus files other than javarosa.tsv."""
    rows = {}
    for name in sorted(os.listdir(OUT)):
        if not name.endswith('.tsv') or name == 'javarosa.tsv':
            continue
        with open(os.path.join(OUT, name), encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\n')
                if not line or line.startswith('#'):
                    continue
                cols = line.split('\t')
                if len(cols) >= 3:
                    rows[(unesc(cols[0]), cols[1])] = (name, unesc(cols[2]))
    return rows


def numeric(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    checkout, binary = sys.argv[1:3]
    commit = subprocess.run(['git', '-C', checkout, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
    src = subprocess.run(['git', '-C', checkout, 'show', 'HEAD:' + TEST_FILE], capture_output=True, text=True).stdout
    ms = methods(src)
    existing = other_rows()
    rows, left_out, seen = [], [], set()
    counts = {'assertions': 0, 'ported': 0, 'duplicates': 0, 'left out': 0, 'differs': 0, 'conflicts': 0}
    for m in re.finditer(r'(?<![\w.])testEval\(', src):
        if src[m.start() - 8:m.start()].strip().endswith('void'):
            continue  # the helper's own definition
        args, _ = split_args(src, m.end())
        if not args[0].startswith('"'):
            continue  # the helper calling its overload
        method = method_at(ms, m.start())
        counts['assertions'] += 1
        expr = java_concat(args[0])
        kind, value = expected_of(args[-1])
        origin = 'getodk/javarosa@%s %s %s()' % (commit[:8], TEST_FILE.rsplit('/', 1)[1], method)
        if len(args) == 4 and args[1] != 'null':
            why = 'reads an XML instance built by the test (buildInstance()): XPath paths, which mcsurvey refuses by design (refer to questions as ${name})'
        elif len(args) == 4:
            why = 'calls a function handler the test registers for itself (IFunctionHandler), not an XPath function'
        elif kind == 'nodeset':
            why = 'asserts a node-set'
        else:
            why = None
        if why:
            left_out.append((origin, expr, 'left out', why))
            counts['left out'] += 1
            continue
        err, got = mcsurvey_eval(binary, expr)
        if kind == 'error':
            if err:
                left_out.append((origin, expr, 'left out', 'JavaRosa expects %s; refused by mcsurvey too: %s' % (value, err)))
            elif expr in NOT_VALUES:
                left_out.append((origin, expr, 'differs by design', 'JavaRosa expects %s; mcsurvey gives "%s": %s' % (value, got, NOT_VALUES[expr])))
            else:
                left_out.append((origin, expr, 'CHECK', 'JavaRosa expects %s; mcsurvey gives "%s"' % (value, got)))
            counts['left out'] += 1
            continue
        if kind == 'datetime':
            left_out.append((origin, expr, 'differs by design' if expr in NOT_VALUES else 'CHECK',
                             'JavaRosa expects the Date of %s; mcsurvey gives "%s"%s' % (
                                 value, got, ': ' + NOT_VALUES[expr] if expr in NOT_VALUES else '')))
            counts['left out'] += 1
            continue
        want = expected_string(kind, value)
        note = ''
        if err:
            left_out.append((origin, expr, 'refused by design' if expr not in DIFFERS else 'differs by design', err))
            counts['left out'] += 1
            continue
        if kind == 'num' and got != want:
            g = numeric(got)
            if g is not None and not math.isnan(value) and abs(g - value) <= 1e-12:
                note = 'JavaRosa asserts %s within 1e-12' % want
                want = got
        if expr in DIFFERS:
            left_out.append((origin, expr, 'differs by design', 'JavaRosa expects "%s"; %s' % (want, DIFFERS[expr])))
            counts['differs'] += 1
            continue
        key = (expr, '{}')
        if key in seen:
            counts['duplicates'] += 1
            continue
        seen.add(key)
        if key in existing:
            counts['duplicates'] += 1
            f, other = existing[key]
            if other != want:
                left_out.append((origin, expr, 'CONFLICT', '%s expects "%s", JavaRosa "%s"' % (f, other, want)))
                counts['conflicts'] += 1
            continue
        rows.append((origin, expr, want, note, got))
        counts['ported'] += 1

    with open(os.path.join(OUT, 'javarosa.tsv'), 'w', encoding='utf-8') as f:
        f.write('# Written by tests/xpath/port/port_javarosa.py (do not edit): the cases of JavaRosa\'s XPathEvalTest\n'
                '# (getodk/javarosa, Apache-2.0, see NOTICE), expression -> the value JavaRosa expects as string().\n'
                '# What was not ported, and why: javarosa_refused.md.\n')
        last = None
        for origin, expr, want, note, _ in rows:
            if origin != last:
                f.write('# %s\n' % origin)
                last = origin
            if note:
                f.write('# %s\n' % note)
            f.write('%s\t{}\t%s\n' % (esc(expr), esc(want)))
    with open(os.path.join(OUT, 'javarosa_refused.md'), 'w', encoding='utf-8') as f:
        f.write('# JavaRosa expression tests not ported as rows\n\n'
                'Written by `tests/xpath/port/port_javarosa.py` (do not edit). Source: getodk/javarosa@%s `%s`;\n'
                'every `testEval()` that is not a row of `javarosa.tsv` (or a row another corpus file already has).\n\n' % (commit[:8], TEST_FILE))
        by_status = {}
        for _, _, status, _ in left_out:
            by_status[status] = by_status.get(status, 0) + 1
        table = {'testEval() cases': counts['assertions'], 'rows in javarosa.tsv': counts['ported'],
                 'duplicates (the expression is already a row)': counts['duplicates'] - counts['conflicts']}
        table.update(by_status)
        f.write('| %s |\n| %s |\n| %s |\n\n' % (' | '.join(table), ' | '.join('---' for _ in table),
                                               ' | '.join(str(v) for v in table.values())))
        f.write('| test | expression | status | reason |\n| --- | --- | --- | --- |\n')
        for origin, expr, status, why in left_out:
            cell = expr.replace('|', '\\|').replace('\n', '\\n').replace('\t', '\\t')
            f.write('| %s | `%s` | %s | %s |\n' % (origin.rsplit(' ', 1)[1], cell, status, why.replace('|', '\\|')))
    json.dump(counts, sys.stdout)
    print()


if __name__ == '__main__':
    main()
