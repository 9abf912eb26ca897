#!/usr/bin/python3
"""Writes tests/xpath/generated.tsv: random expressions of the ODK XPath dialect, each with the
value an independent model of the semantics computes for it (below, in Python), so that the server
(tests/unit/xpath_corpus_test.cpp), the browser runtime and Enketo (tests/browser) are all checked
against something none of them wrote.

The model follows the XPath 1.0 spec and the choices documented in src/xpath/internal (node-sets
compare as section 3.4 says, number() reads dates, round() takes ties towards +infinity on the shortest
decimal, = allows 1e-12, substr() is 0-based, ...). It covers a subset on purpose: no transcendental functions
(glibc and V8 differ in the last bit; enketo_differences.md says so), regex() only on ASCII.

Deterministic: the same seed gives the same file. Run: /usr/bin/python3 tests/xpath/generate_corpus.py
"""
import datetime
import json
import math
import os
import random
import re
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
CONTEXT = json.load(open(os.path.join(HERE, 'context.json'), encoding='utf-8'))
NAN = float('nan')
INF = float('inf')

# ---------------------------------------------------------------------------------------------
# The value model: ('num', float) ('str', text) ('bool', b) ('node', text), as item.h.


def is_space(c):
    return c in ' \t\r\n'


def trim(s):
    return s.strip(' \t\r\n')


NUMBER_RE = re.compile(r'^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$')
DATE_RE = re.compile(r'^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$')
EPOCH = datetime.date(1970, 1, 1)


def parse_number(s):
    t = trim(s)
    if not NUMBER_RE.match(t):
        return NAN
    return float(t)


def string_to_number(s):
    d = parse_number(s)
    if not math.isnan(d):
        return d
    m = DATE_RE.match(trim(s))  # the generator makes dates without times only
    if m:
        try:
            return float((datetime.date(int(m[1]), int(m[2]), int(m[3])) - EPOCH).days)
        except ValueError:
            return NAN
    return NAN


def fmt(d):
    if math.isnan(d):
        return 'NaN'
    if math.isinf(d):
        return 'Infinity' if d > 0 else '-Infinity'
    if d == 0:
        return '0'
    s = '{:f}'.format(Decimal(repr(d)))  # repr: the shortest round-trip digits
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    return s


def to_str(v):
    k, x = v
    if k == 'num':
        return fmt(x)
    if k == 'bool':
        return 'true' if x else 'false'
    return x


def to_num(v):
    k, x = v
    if k == 'num':
        return x
    if k == 'bool':
        return 1.0 if x else 0.0
    return string_to_number(x)


def to_bool(v):
    k, x = v
    if k == 'num':
        return x != 0 and not math.isnan(x)
    if k == 'bool':
        return x
    if k == 'node':
        return True
    return len(x) > 0


def numbers_equal(a, b):
    # NumbersEqual (evaluator.cpp): JavaRosa's 1e-12 allowance for floating-point error.
    return a == b or abs(a - b) < 1e-12


def compare_numbers(op, a, b):
    return {'=': numbers_equal(a, b), '!=': not numbers_equal(a, b), '<': a < b, '<=': a <= b, '>': a > b,
            '>=': a >= b}[op]


def compare(op, left, right):
    eq = op in ('=', '!=')
    ln, rn = left[0] == 'node', right[0] == 'node'
    if ln or rn:
        other = right if ln else left
        if other[0] == 'bool':
            a = True if ln else left[1]
            b = True if rn else right[1]
            if eq:
                return (a == b) == (op == '=')
            return compare_numbers(op, float(a), float(b))
        if other[0] == 'num' or not eq:
            return compare_numbers(op, to_num(left), to_num(right))
        return (left[1] == right[1]) == (op == '=')
    if eq:
        if left[0] == 'bool' or right[0] == 'bool':
            equal = to_bool(left) == to_bool(right)
        elif left[0] == 'num' or right[0] == 'num':
            return compare_numbers(op, to_num(left), to_num(right))
        else:
            equal = left[1] == right[1]
        return equal == (op == '=')
    return compare_numbers(op, to_num(left), to_num(right))


def divide(a, b):
    if b == 0:
        if a == 0 or math.isnan(a):
            return NAN
        return math.copysign(INF, a) * math.copysign(1, b)
    return a / b


def modulo(a, b):
    try:
        return math.fmod(a, b)
    except ValueError:
        return NAN


ARITH = {'+': lambda a, b: a + b, '-': lambda a, b: a - b, '*': lambda a, b: a * b,
         'div': divide, 'mod': modulo}


def round_decimal(x, digits):
    # RoundDecimal (lib_number.cpp): on the shortest decimal digits, ties towards +infinity.
    if math.isnan(x) or math.isinf(x) or x == 0:
        return x
    t = Decimal(repr(abs(x))).normalize().as_tuple()
    mantissa = ''.join(map(str, t.digits))
    exponent = len(mantissa) - 1 + t.exponent
    keep = exponent + digits + 1
    if keep >= len(mantissa):
        return x
    if keep < 0:
        return math.copysign(0.0, x)
    kept = list(mantissa[:keep])
    tie_or_more = mantissa[keep] >= '5'
    more_than_half = mantissa[keep] > '5' or (mantissa[keep] == '5' and mantissa[keep + 1:].strip('0') != '')
    if (tie_or_more if x > 0 else more_than_half):
        i = len(kept)
        while i > 0 and kept[i - 1] == '9':
            i -= 1
            kept[i] = '0'
        if i == 0:
            kept.insert(0, '1')
        else:
            kept[i - 1] = chr(ord(kept[i - 1]) + 1)
    k = ''.join(kept)
    if not k or set(k) == {'0'}:
        return math.copysign(0.0, x)
    return math.copysign(float(k + 'e' + str(exponent - keep + 1)), x)


def xpath_round(x):
    if math.isnan(x) or math.isinf(x):
        return x
    r = math.floor(x)
    return r + 1 if x - r >= 0.5 else r


def to_index(d):
    if math.isnan(d):
        return 0
    return int(max(-1e15, min(1e15, d)))


def tokens(s):
    return [t for t in re.split(r'[ \t\r\n]+', s) if t]


def trunc(d):
    return d if math.isnan(d) or math.isinf(d) else float(math.trunc(d))


def floor(d):
    return d if math.isnan(d) or math.isinf(d) else float(math.floor(d))


def ceiling(d):
    return d if math.isnan(d) or math.isinf(d) else float(math.ceil(d))


def sqrt(d):
    if math.isnan(d) or d < 0:
        return NAN
    return math.sqrt(d)


MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']  # date.weekday() order


def format_date(days, pattern):
    d = EPOCH + datetime.timedelta(days=days)
    out, i = '', 0
    while i < len(pattern):
        c = pattern[i]
        if c != '%' or i + 1 == len(pattern):
            out += c
            i += 1
            continue
        code = pattern[i + 1]
        i += 2
        out += {'Y': '%04d' % d.year, 'y': '%02d' % (d.year % 100), 'm': '%02d' % d.month,
                'n': str(d.month), 'b': MONTHS[d.month - 1], 'd': '%02d' % d.day, 'e': str(d.day),
                'a': DAYS[d.weekday()], 'H': '00', 'h': '0', 'M': '00', 'S': '00', '3': '000',
                '%': '%'}.get(code, '%' + code)
    return out


# ---------------------------------------------------------------------------------------------
# Typed random expressions: each generator returns (text, value).


class Gen:
    def __init__(self, rng, answers):
        self.r = rng
        self.answers = answers  # the row's answers: the context's plus overrides

    def node_values(self, text, value):
        # A bare reference to a repeat question brings every instance (Call::NodeValues).
        m = re.match(r'^\$\{(\w+)\}$', text)
        if m and m[1] in CONTEXT['repeats'] and m[1] not in self.answers:
            return CONTEXT['repeats'][m[1]]
        return None

    def pick(self, xs):
        return self.r.choice(xs)

    def ref(self, name):
        if name in self.answers:
            return '${' + name + '}', ('node', self.answers[name])
        reps = CONTEXT['repeats'].get(name)
        return '${' + name + '}', ('node', reps[0] if reps else '')

    # Leaves.
    def num_literal(self):
        x = self.pick([0, 1, 2, 3, 5, 7, 10, 12, 18, 30, 42, 100, 1000, 0.5, 0.1, 0.2, 0.25, 1.5,
                       2.5, 3.75, 10.01, 0.3, 99.99, 123.456, 1e-3, 65535])
        text = repr(x) if isinstance(x, float) else str(x)
        if text.endswith('.0'):
            text = text[:-2]
        if 'e' in text:
            text = fmt(float(x))
        return text, ('num', float(x))

    def str_literal(self):
        s = self.pick(['', 'a', 'abc', 'Ada', '30', '2.0', ' 12 ', '-4.5', 'hello world', 'x y z',
                       'true', 'false', '0', '1', 'fr', 'en', 'caf\u00e9', '\u65e5\u672c',
                       'a\U0001F600b', '2024-01-02', '1990-05-15', '.5', '5.', 'NaN', '1e3',
                       'A-B', 'a_b', 'yes', 'no', '  ', 'a  b'])
        q = '"' if "'" in s else "'"
        return q + s + q, ('str', s)

    def num_ref(self):
        return self.ref(self.pick(['age', 'decimal', 'neg', 'one', 'empty', 'x', 'n', 'score',
                                   'weight']))

    def str_ref(self):
        return self.ref(self.pick(['name', 'empty', 'langs', 'txt', 'spaces', 'uni', 'color', 's',
                                   'x', 'member', 'dob']))

    # Numbers.
    def number(self, depth):
        if depth <= 0:
            return self.pick([self.num_literal, self.num_literal, self.num_ref])()
        choice = self.r.randrange(16)
        if choice < 5:
            op = self.pick(['+', '-', '*', 'div', 'mod'])
            (ta, va), (tb, vb) = self.number(depth - 1), self.number(depth - 1)
            return '(%s %s %s)' % (ta, op, tb), ('num', ARITH[op](to_num(va), to_num(vb)))
        if choice == 5:
            t, v = self.number(depth - 1)
            return '-%s' % t if not t.startswith('-') else '-(%s)' % t, ('num', -to_num(v))
        if choice == 6:
            t, v = self.number(depth - 1)
            f, impl = self.pick([('abs', abs), ('floor', floor), ('ceiling', ceiling),
                                 ('int', trunc), ('sqrt', sqrt)])
            return '%s(%s)' % (f, t), ('num', impl(to_num(v)))
        if choice == 7:
            t, v = self.number(depth - 1)
            if self.r.random() < 0.4:
                return 'round(%s)' % t, ('num', round_decimal(to_num(v), 0))
            d = self.r.randrange(-3, 5)
            return 'round(%s, %d)' % (t, d), ('num', round_decimal(to_num(v), d))
        if choice == 8:
            t, v = self.pick([self.str_literal, self.str_ref, lambda: self.string(depth - 1)])()
            return 'number(%s)' % t, ('num', to_num(v))
        if choice == 9:
            t, v = self.string(depth - 1)
            return 'string-length(%s)' % t, ('num', float(len(to_str(v))))
        if choice == 10:
            t, v = self.pick([self.str_ref, lambda: self.string(depth - 1)])()
            return 'count-selected(%s)' % t, ('num', float(len(tokens(to_str(v)))))
        if choice == 11:
            name = self.pick(['score', 'weight', 'member', 'flag', 'age', 'none'])
            values = CONTEXT['repeats'].get(name, [self.answers.get(name, '')])
            f = self.pick(['count', 'sum', 'count-non-empty'])
            if f == 'count':
                return 'count(${%s})' % name, ('num', float(len(values)))
            if f == 'count-non-empty':
                return 'count-non-empty(${%s})' % name, ('num', float(sum(1 for v in values if v)))
            total = sum(d for d in (string_to_number(v) for v in values) if not math.isnan(d))
            return 'sum(${%s})' % name, ('num', float(total))
        if choice == 12:
            args = [self.number(depth - 1) for _ in range(self.r.randrange(1, 4))]
            want_max = self.r.random() < 0.5
            best = NAN
            numbers = []
            for t, v in args:
                values = self.node_values(t, v)
                numbers += [string_to_number(x) for x in values] if values is not None else [to_num(v)]
            for d in numbers:
                if not math.isnan(d) and (math.isnan(best) or (d > best if want_max else d < best)):
                    best = d
            return '%s(%s)' % ('max' if want_max else 'min', ', '.join(t for t, _ in args)), ('num', best)
        if choice == 13:
            a, b = self.r.randrange(0, 11), self.r.randrange(-4, 9)
            if self.r.random() < 0.3:
                a, b = 10, self.r.randrange(-12, 26)
            return 'pow(%d, %s)' % (a, b if b >= 0 else '-%d' % -b), ('num', float(a) ** b if a or b >= 0 else INF)
        if choice == 14:
            (tc, vc), (ta, va), (tb, vb) = self.boolean(depth - 1), self.number(depth - 1), self.number(depth - 1)
            return 'if(%s, %s, %s)' % (tc, ta, tb), va if to_bool(vc) else vb
        t, v = self.boolean(depth - 1)
        return 'number(%s)' % t, ('num', to_num(v))

    # Strings.
    def string(self, depth):
        if depth <= 0:
            return self.pick([self.str_literal, self.str_literal, self.str_ref])()
        choice = self.r.randrange(14)
        if choice < 2:
            args = [self.any(depth - 1) for _ in range(self.r.randrange(1, 4))]
            return 'concat(%s)' % ', '.join(t for t, _ in args), ('str', ''.join(to_str(v) for _, v in args))
        if choice == 2:
            (ts, vs), (tp, vp) = self.string(depth - 1), self.number(depth - 1)
            s, first = to_str(vs), xpath_round(to_num(vp))
            if self.r.random() < 0.5:
                last = INF
                text = 'substring(%s, %s)' % (ts, tp)
            else:
                tl, vl = self.number(depth - 1)
                last = first + xpath_round(to_num(vl))
                text = 'substring(%s, %s, %s)' % (ts, tp, tl)
            out = ''.join(c for p, c in enumerate(s, 1) if first <= p < last)
            return text, ('str', out)
        if choice == 3:
            (ts, vs), (ta, va) = self.string(depth - 1), self.number(depth - 1)
            s = to_str(vs)
            n = len(s)
            start = to_index(to_num(va))
            if self.r.random() < 0.5:
                end, text = n, 'substr(%s, %s)' % (ts, ta)
            else:
                tb, vb = self.number(depth - 1)
                end, text = to_index(to_num(vb)), 'substr(%s, %s, %s)' % (ts, ta, tb)
            if start < 0:
                start += n
            if end < 0:
                end += n
            start, end = max(0, min(start, n)), max(0, min(end, n))
            return text, ('str', s[start:end] if start < end else '')
        if choice == 4:
            (ta, va), (tb, vb) = self.string(depth - 1), self.string(depth - 1)
            a, b = to_str(va), to_str(vb)
            at = a.find(b)
            if self.r.random() < 0.5:
                return 'substring-before(%s, %s)' % (ta, tb), ('str', '' if at < 0 else a[:at])
            return 'substring-after(%s, %s)' % (ta, tb), ('str', '' if at < 0 else a[at + len(b):])
        if choice == 5:
            ts, vs = self.string(depth - 1)
            frm, to = self.pick([('abc', 'ABC'), ('aeiou', ''), (' ', '_'), ('0123456789', 'x'),
                                 ('ad', 'da'), ('\u00e9', 'e'), ('A', 'aa')])
            table = {}
            for i, c in enumerate(frm):
                table.setdefault(c, to[i] if i < len(to) else '')
            out = ''.join(table.get(c, c) for c in to_str(vs))
            return "translate(%s, '%s', '%s')" % (ts, frm, to), ('str', out)
        if choice == 6:
            ts, vs = self.pick([self.str_ref, lambda: self.string(depth - 1)])()
            return 'normalize-space(%s)' % ts, ('str', ' '.join(tokens(to_str(vs))))
        if choice == 7:
            t, v = self.any(depth - 1)
            return 'string(%s)' % t, ('str', to_str(v))
        if choice == 8:
            (tc, vc), (ta, va), (tb, vb) = self.boolean(depth - 1), self.string(depth - 1), self.string(depth - 1)
            return 'if(%s, %s, %s)' % (tc, ta, tb), va if to_bool(vc) else vb
        if choice == 9:
            (ts, vs), (ti, vi) = self.pick([self.str_ref, self.str_literal])(), self.number(depth - 1)
            i = to_num(vi)
            toks = tokens(to_str(vs))
            if math.isnan(i):
                out = ''
            else:
                w = math.trunc(i) if not math.isinf(i) else i
                out = toks[int(w)] if 0 <= w < len(toks) else ''
            return 'selected-at(%s, %s)' % (ts, ti), ('str', out)
        if choice == 10:
            sep_t, sep_v = self.str_literal()
            args = [self.any(depth - 1) for _ in range(self.r.randrange(1, 4))]
            parts = []
            for t, v in args:
                values = self.node_values(t, v)
                parts += values if values is not None else [to_str(v)]
            return 'join(%s, %s)' % (sep_t, ', '.join(t for t, _ in args)), ('str', to_str(sep_v).join(parts))
        if choice == 11:
            (ta, va), (tb, vb) = self.pick([self.str_ref, self.str_literal, lambda: self.number(depth - 1)])(), self.string(depth - 1)
            empty = (va[0] == 'num' and math.isnan(va[1])) or (va[0] in ('str', 'node') and va[1] == '')
            return 'coalesce(%s, %s)' % (ta, tb), vb if empty else va
        if choice == 12:
            days = self.r.randrange(-40000, 60000)
            return 'date(%d)' % days, ('str', (EPOCH + datetime.timedelta(days=days)).isoformat())
        days = self.r.randrange(-30000, 40000)
        d = (EPOCH + datetime.timedelta(days=days)).isoformat()
        pattern = ''.join(self.pick(['%Y', '%y', '%m', '%n', '%b', '%d', '%e', '%a', '-', ' ', '/', '%%', '%q', 'x'])
                          for _ in range(self.r.randrange(1, 5)))
        return "format-date('%s', '%s')" % (d, pattern), ('str', format_date(days, pattern))

    # Booleans.
    def boolean(self, depth):
        if depth <= 0:
            return self.pick([('true()', ('bool', True)), ('false()', ('bool', False))])
        choice = self.r.randrange(12)
        if choice < 4:
            op = self.pick(['=', '!=', '<', '<=', '>', '>='])
            (ta, va), (tb, vb) = self.any(depth - 1), self.any(depth - 1)
            return '(%s %s %s)' % (ta, op, tb), ('bool', compare(op, va, vb))
        if choice == 4:
            op = self.pick(['and', 'or'])
            args = [self.boolish(depth - 1) for _ in range(self.r.randrange(2, 4))]
            vals = [to_bool(v) for _, v in args]
            res = all(vals) if op == 'and' else any(vals)
            return '(%s)' % (' %s ' % op).join(t for t, _ in args), ('bool', res)
        if choice == 5:
            t, v = self.boolish(depth - 1)
            return 'not(%s)' % t, ('bool', not to_bool(v))
        if choice == 6:
            t, v = self.any(depth - 1)
            return 'boolean(%s)' % t, ('bool', to_bool(v))
        if choice == 7:
            (ta, va), (tb, vb) = self.string(depth - 1), self.string(depth - 1)
            f = self.pick(['contains', 'starts-with', 'ends-with'])
            a, b = to_str(va), to_str(vb)
            res = {'contains': b in a, 'starts-with': a.startswith(b), 'ends-with': a.endswith(b)}[f]
            return '%s(%s, %s)' % (f, ta, tb), ('bool', res)
        if choice == 8:
            tl, vl = self.pick([lambda: self.ref('langs'), lambda: self.ref('x'), self.str_literal])()
            tn, vn = self.pick([self.str_literal, lambda: self.str_literal()])()
            needle = trim(to_str(vn))
            res = bool(needle) and needle in tokens(to_str(vl))
            return 'selected(%s, %s)' % (tl, tn), ('bool', res)
        if choice == 9:
            subject = self.pick(['abc', 'ABC', 'a1', '12345', '2024-01-02', 'hello world', '', 'x',
                                 'ab ab', 'foo@bar.org', 'A-12', '  '])
            pattern = self.pick(['^[a-z]+$', '[0-9]', '^[0-9]{5}$', '^A', 'c$', '^(ab)+$', 'x|y',
                                 '^\\w+$', '\\s', '^$', '.', '^\\d{4}-\\d{2}-\\d{2}$', '@',
                                 '^[A-Z]-[0-9]+$', 'o w'])
            return "regex('%s', '%s')" % (subject, pattern), ('bool', re.search(pattern, subject) is not None)
        if choice == 10:
            t, v = self.str_literal()
            s = to_str(v)
            return 'boolean-from-string(%s)' % t, ('bool', s == '1' or s.lower() == 'true' and len(s) == 4)
        (tc, vc), (ta, va), (tb, vb) = self.boolean(depth - 1), self.boolean(depth - 1), self.boolean(depth - 1)
        return 'if(%s, %s, %s)' % (tc, ta, tb), va if to_bool(vc) else vb

    def boolish(self, depth):
        return self.pick([self.boolean, self.boolean, self.any])(depth)

    def any(self, depth):
        return self.pick([self.number, self.string, self.boolean, lambda d: self.pick([self.num_ref, self.str_ref])()])(depth)


# Values the rows' own answers take (${x}, ${n}, ${s}).
ANSWER_VALUES = ['', '0', '1', '2', '7', '12', '-3', '2.5', '0.1', '1000000', '3.0', ' 4 ', 'abc',
                 'Ada', 'yes', 'no', 'a b c', 'fr de', 'en', '2024-02-29', '1999-12-31',
                 'caf\u00e9', 'x\U0001F600', 'NaN', '+1', 'true', 'false']


def esc(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')


def main():
    rng = random.Random(20260705)
    sections = [('numbers', 'number'), ('strings', 'string'), ('booleans and comparisons', 'boolean')]
    # Rows of handwritten.tsv are not repeated here.
    seen = set()
    for line in open(os.path.join(HERE, 'handwritten.tsv'), encoding='utf-8'):
        if line.strip() and not line.startswith('#'):
            e, a, _ = line.rstrip('\n').split('\t')
            seen.add((e, json.dumps(json.loads(a), sort_keys=True)))
    lines = ['# Generated by tests/xpath/generate_corpus.py (do not edit; run it again). Columns as in',
             '# handwritten.tsv. Expected values come from the generator\'s own model of the semantics.']
    total = 0
    for title, kind in sections:
        lines.append('# == generated: ' + title)
        count = 0
        while count < 420:
            overrides = {}
            if rng.random() < 0.5:
                for name in ('x', 'n', 's'):
                    if rng.random() < 0.6:
                        overrides[name] = rng.choice(ANSWER_VALUES)
            answers = dict(CONTEXT['answers'])
            answers.update(overrides)
            g = Gen(rng, answers)
            text, value = getattr(g, kind)(rng.randrange(1, 4))
            # Reference names the model reads from `answers` must exist there or in repeats;
            # unknown names resolve to "" on every side.
            key = (esc(text), json.dumps(overrides, sort_keys=True))
            if key in seen or len(text) > 300:
                continue
            seen.add(key)
            lines.append('%s\t%s\t%s' % (esc(text), json.dumps(overrides, ensure_ascii=False, separators=(',', ':')),
                                         esc(to_str(value))))
            count += 1
        total += count
    with open(os.path.join(HERE, 'generated.tsv'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print('wrote %d rows' % total)


if __name__ == '__main__':
    main()
