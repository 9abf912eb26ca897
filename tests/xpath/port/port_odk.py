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

# Where the engines disagree and the port follows JavaRosa (ODK Collect): (expression) -> (value,
# why). Applied to the Enketo suite, whose own expectation differs.
OVERRIDES = {
}


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
        'assertNumber': 'num', 'assertString': 'str', 'assertBoolean': 'bool', 'assertTrue': 'true',
        'assertFalse': 'false', 'assertNumberRounded': 'rounded'}


def cases_webforms(path, rel, src):
    """(expr, kind, expected, test, needs_document, failing) for each assertion."""
    consts = consts_of(src)
    out = []
    doc_ranges = []  # positions after which a custom document is in effect within the same it()
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
            if fe < 0:
                continue
            arr_start = find_array_start(src, fe)
            if arr_start is None:
                continue
            for row in re.finditer(r'\{', src[arr_start:fe]):
                pass
            for obj in objects_in(src[arr_start + 1:fe]):
                e = literal(obj.get('expression', ''), consts)
                x = literal(obj.get('expected', ''), consts)
                if e is None or x is None:
                    continue
                ctx = 'id' in obj or 'contextNode' in obj or 'xml' in obj
                label = name + ' > ' + e[1] if name else e[1]
                out.append((e[1], kind, x, label, ctx, failing))
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


def cases_enketo(path, rel, src):
    consts = consts_of(src)
    out = []
    for m in re.finditer(r'\b(assertNumberValue|assertStringValue|assertNumber|assertString|assertBoolean|assertTrue|assertFalse|assertNumberRounded)\s*\(', src):
        if src[m.start() - 6:m.start()].endswith('const ') or 'function' in src[m.start() - 12:m.start()]:
            continue
        try:
            args, _ = split_args(src, m.end())
        except ValueError:
            continue
        name, failing = test_name_at(src, m.start())
        kind = KIND[m.group(1)]
        # Enketo's helpers: assertX(expr, expected) or assertX(contextNode, xmlDoc, expr, expected)
        doc = False
        if kind in ('true', 'false'):
            if len(args) == 1:
                e, x = literal(args[0], consts), ('bool', kind == 'true')
            elif len(args) == 3:
                e, x, doc = literal(args[2], consts), ('bool', kind == 'true'), True
            else:
                continue
        else:
            if len(args) == 2:
                e, x = literal(args[0], consts), literal(args[1], consts)
            elif len(args) >= 4:
                e, x, doc = literal(args[2], consts), literal(args[3], consts), True
            else:
                continue
        if kind == 'rounded':
            continue
        if e is None or x is None:
            continue
        out.append((e[1], kind if kind not in ('true', 'false') else 'bool', x, name, doc, failing))
    for m in re.finditer(r'\bassert\.throw[s]?\s*\(\s*\(\)\s*=>\s*(?:evaluate|doc\.xEval|xEval)\s*\(\s*([\'"`])', src):
        pass
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
    for repo, root, sub, ext, reader, outname in suites:
        files = subprocess.run(['git', '-C', root, 'ls-tree', '-r', '--name-only', 'HEAD', sub],
                               capture_output=True, text=True).stdout.split()
        rows = []
        seen = set()
        c = counts.setdefault(repo, {'assertions': 0, 'ported': 0, 'refused': 0, 'left_out': 0, 'duplicates': 0})
        for rel in sorted(f for f in files if f.endswith(ext)):
            src = subprocess.run(['git', '-C', root, 'show', 'HEAD:' + rel], capture_output=True, text=True).stdout
            for expr, kind, x, test, doc, failing in reader(root, rel, src):
                c['assertions'] += 1
                origin = '%s@%s %s: %s' % (repo, commits[repo][:12], rel, test.replace('\n', ' '))
                key = (expr, kind, repr(x))
                if key in seen:
                    c['duplicates'] += 1
                    continue
                seen.add(key)
                err, _ = mcsurvey_parse(binary, expr)
                if kind == 'error' or failing:
                    # The ODK test expects an error (or is a known failure in that engine).
                    why = 'ODK expects an error' if kind == 'error' else 'a failing test in its suite (it.fails)'
                    status = 'refused by mcsurvey too: ' + err if err else 'mcsurvey evaluates it (no error)'
                    refused.append((repo, origin, expr, 'left out', why + '; ' + status))
                    c['left_out'] += 1
                    continue
                if err:
                    refused.append((repo, origin, expr, 'refused by design', err))
                    c['refused'] += 1
                    continue
                if doc and (PATHY.search(expr) or re.search(r'(^|[^\w$}])\.($|[^\d.])|current\(\)|position\(\)', expr)):
                    refused.append((repo, origin, expr, 'left out', 'needs an XML document and context node'))
                    c['left_out'] += 1
                    continue
                exp = expected_string(kind, x)
                if exp is None:
                    refused.append((repo, origin, expr, 'left out', 'expected value of another type than asserted'))
                    c['left_out'] += 1
                    continue
                note = ''
                if expr in OVERRIDES and repo == 'enketo/openrosa-xpath-evaluator':
                    exp, why = OVERRIDES[expr]
                    note = ' (JavaRosa differs from this suite, the row follows JavaRosa: %s)' % why
                rows.append('# %s%s\n%s\t{}\t%s' % (origin, note, esc(wrap(expr, kind)), esc(exp)))
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
        f.write('| suite | assertions | ported | refused by design | left out | duplicates |\n| --- | --- | --- | --- | --- | --- |\n')
        for repo, c in counts.items():
            f.write('| %s | %d | %d | %d | %d | %d |\n' % (repo, c['assertions'], c['ported'], c['refused'], c['left_out'], c['duplicates']))
        f.write('\n| status | expression | reason | origin |\n| --- | --- | --- | --- |\n')
        for repo, origin, expr, status, why in refused:
            cell = lambda s: s.replace('|', '\\|').replace('\n', ' ')
            f.write('| %s | `%s` | %s | %s |\n' % (status, cell(expr), cell(why), cell(origin)))
    json.dump(counts, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
