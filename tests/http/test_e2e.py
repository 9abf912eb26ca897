#!/usr/bin/env python3
"""End-to-end tests of mcsurvey: a real `mcsurvey serve` on a free port, driven over HTTP.

Run: python3 tests/http/test_e2e.py /path/to/build/mcsurvey

Python 3 standard library only. The tests share one server and one database and run in order
(test_01 ... test_12): the browser journey and the API submission feed the export, the restart and
the responses-API tests. A small HTML-form client (Browser + PageParser + fill()) answers the
questionnaire pages the way a browser without JavaScript would: it reads each page's form, fills
only what the page shows, and follows the skip logic the server applies.
"""
import csv
import http.cookiejar
import html
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from html import escape as _escape
from html.parser import HTMLParser

BINARY = None
STUDY_FORMS = ["vet_providers", "authorities", "employers", "employee_orgs"]
ADMIN_PASSWORD = "e2e-admin-password-123"
MAX_PAGES = 40


# ---------------------------------------------------------------------------------------------
# The server under test
# ---------------------------------------------------------------------------------------------

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `mcsurvey serve` process on a sqlite database in a temporary directory."""

    def __init__(self, binary, tmpdir, extra_args=(), db_path=None):
        self.binary = binary
        self.tmpdir = tmpdir
        self.extra_args = list(extra_args)  # more `serve` options (--post-rate 0, --read-timeout 2)
        self.db = "sqlite:" + (db_path or os.path.join(tmpdir, "test.db"))
        self.port = None
        self.proc = None
        self.stderr_path = os.path.join(tmpdir, "server-stderr.txt")
        self.stdout_lines = []

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, timeout=20.0):
        self.port = free_port()
        env = dict(os.environ, MCSURVEY_ADMIN_PASSWORD=ADMIN_PASSWORD)
        self._stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--listen", "127.0.0.1:%d" % self.port] + self.extra_args,
            stdout=subprocess.PIPE, stderr=self._stderr, env=env, cwd=self.tmpdir)
        lines = queue.Queue()

        def reader(stream):
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.stdout_lines.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=reader, args=(self.proc.stdout,), daemon=True).start()
        want = "mcsurvey: serving at http://127.0.0.1:%d/" % self.port
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise RuntimeError("server did not print %r within %.0f s; stdout: %r; stderr: %s"
                                   % (want, timeout, self.stdout_lines, self.stderr_tail()))
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                rc = self.proc.wait()
                raise RuntimeError("server exited (code %s) before it was ready; stdout: %r; stderr: %s"
                                   % (rc, self.stdout_lines, self.stderr_tail()))
            if line.strip() == want:
                return

    def stop(self, timeout=15.0):
        """SIGTERM; returns the exit code (None if it had to be killed)."""
        if not self.proc:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            rc = None
        self.proc.stdout.close()
        self.proc = None
        self._stderr.close()
        return rc

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        if getattr(self, "_stderr", None):
            self._stderr.close()

    def stderr_tail(self, n=2000):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def cli(self, *args, stdin=None):
        """Runs `mcsurvey ARGS --db DB`; returns the CompletedProcess."""
        return subprocess.run([self.binary] + list(args) + ["--db", self.db], input=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30, cwd=self.tmpdir)


# ---------------------------------------------------------------------------------------------
# HTTP client: a cookie jar, no automatic redirects
# ---------------------------------------------------------------------------------------------

class Resp:
    def __init__(self, method, url, status, headers, body):
        self.method, self.url, self.status, self.headers, self.raw = method, url, status, headers, body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name)

    def json(self):
        return json.loads(self.text)

    def __repr__(self):
        snippet = self.text if len(self.text) < 600 else self.text[:600] + "..."
        return "%s %s -> %s\n%s" % (self.method, self.url, self.status, snippet)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """A browser without JavaScript: its own cookie jar; redirects are followed explicitly."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def url(self, path):
        return path if path.startswith("http") else self.base + path

    def request(self, method, path, data=None, headers=None):
        url = self.url(path)
        hdrs = dict(headers or {})
        body = None
        if data is not None:
            if isinstance(data, (bytes, bytearray)):
                body = bytes(data)
            else:
                body = urllib.parse.urlencode(data, doseq=True).encode("utf-8")
                hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
        req = urllib.request.Request(url, data=body, method=method, headers=hdrs)
        try:
            r = self.opener.open(req, timeout=15)
            status, rh, rb = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, rh, rb = e.code, e.headers, e.read()
        return Resp(method, url, status, rh, rb)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None):
        return self.request("POST", path, data=data, headers=headers)

    def cookie(self, name):
        for c in self.jar:
            if c.name == name:
                return c.value
        return None


def html_escape(s):
    return _escape(s, quote=True).replace("&#x27;", "&#39;")


def path_of(url):
    p = urllib.parse.urlsplit(url)
    return p.path + ("?" + p.query if p.query else "")


# ---------------------------------------------------------------------------------------------
# HTML parsing of the respondent pages
# ---------------------------------------------------------------------------------------------

class Field:
    def __init__(self, name, kind):
        self.name = name
        self.kind = kind          # radio checkbox select text email number decimal textarea date ...
        self.choices = []         # radio/checkbox/select option values, in order ('' excluded)
        self.ids = []
        self.value = None         # current value: str, or a list for checkboxes

    def __repr__(self):
        return "Field(%s, %s, %r)" % (self.name, self.kind, self.value)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.form_action = None
        self.hidden = []                 # [(name, value)] in the page's form
        self.fields = {}                 # name -> Field, in document order
        self.buttons = []                # [(name, value)]
        self.relevant = {}               # question name -> data-relevant expression
        self.conditional = set()         # question blocks marked conditional (class "q c")
        self.ids = set()
        self.label_for = set()
        self.error_links = []            # hrefs in the error summary
        self.error_summary = False
        self.resume_link = None
        self.notice = ""
        self.panel_ref = ""
        self.links = []                  # every <a href>
        self._in = []                    # stack of flags for text capture
        self._in_form = False
        self._in_title = self._in_h1 = False
        self._in_error_summary = 0
        self._div_depth = 0
        self._in_resume = False
        self._in_notice = False
        self._in_ref = False
        self._select = None
        self._textarea = None
        self._text_buf = []

    def _field(self, name, kind):
        f = self.fields.get(name)
        if f is None:
            f = self.fields[name] = Field(name, kind)
            f.value = [] if kind == "checkbox" else ""
        return f

    def handle_starttag(self, tag, attrs):
        a = dict((k, v if v is not None else "") for k, v in attrs)
        if "id" in a:
            self.ids.add(a["id"])
        cls = a.get("class", "").split()
        if tag == "title":
            self._in_title = True
        elif tag == "h1" and "page-heading" in cls:
            self._in_h1 = True
        elif tag == "h1" and not self.h1:
            self._in_h1 = True
        elif tag == "label" and "for" in a:
            self.label_for.add(a["for"])
        elif tag == "div":
            self._div_depth += 1
            if "error-summary" in cls:
                self.error_summary = True
                self._in_error_summary = self._div_depth
            if "notice" in cls:
                self._in_notice = True
            if "q" in cls and a.get("id", "").startswith("q-") and a["id"].endswith("-block"):
                qname = a["id"][2:-len("-block")]
                if "data-relevant" in a:
                    self.relevant[qname] = a["data-relevant"]
                if "c" in cls:
                    self.conditional.add(qname)
        elif tag == "p":
            if "resume__link" in cls:
                self._in_resume = True
            if "panel__ref" in cls:
                self._in_ref = True
        elif tag == "a":
            href = a.get("href", "")
            self.links.append(href)
            if self._in_error_summary:
                self.error_links.append(href)
            if self._in_resume:
                self.resume_link = href
        elif tag == "form" and a.get("id") == "mcs-page":
            self._in_form = True
            self.form_action = a.get("action")
        elif self._in_form and tag == "input":
            t = a.get("type", "text").lower()
            name = a.get("name")
            if not name:
                return
            if t == "hidden":
                self.hidden.append((name, a.get("value", "")))
                return
            if t in ("radio", "checkbox"):
                f = self._field(name, t)
                f.choices.append(a.get("value", ""))
                f.ids.append(a.get("id"))
                if "checked" in a:
                    if t == "checkbox":
                        f.value.append(a.get("value", ""))
                    else:
                        f.value = a.get("value", "")
                return
            kind = t
            if t == "text" and a.get("inputmode") == "numeric":
                kind = "integer"
            elif t == "text" and a.get("inputmode") == "decimal":
                kind = "decimal"
            f = self._field(name, kind)
            f.ids.append(a.get("id"))
            f.value = a.get("value", "")
        elif self._in_form and tag == "select":
            f = self._field(a.get("name", ""), "select")
            f.ids.append(a.get("id"))
            self._select = f
        elif self._select is not None and tag == "option":
            v = a.get("value", "")
            if v:
                self._select.choices.append(v)
            if "selected" in a:
                self._select.value = v
        elif self._in_form and tag == "textarea":
            f = self._field(a.get("name", ""), "textarea")
            f.ids.append(a.get("id"))
            self._textarea = f
            self._text_buf = []
        elif self._in_form and tag == "button":
            if a.get("name"):
                self.buttons.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        elif tag == "div":
            if self._in_error_summary == self._div_depth:
                self._in_error_summary = 0
            self._in_notice = False
            self._div_depth -= 1
        elif tag == "p":
            self._in_resume = False
            self._in_ref = False
        elif tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text_buf)
            # HTML drops one newline right after <textarea>.
            if text.startswith("\n"):
                text = text[1:]
            self._textarea.value = text
            self._textarea = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1 += data
        if self._textarea is not None:
            self._text_buf.append(data)
        if self._in_notice:
            self.notice += data
        if self._in_ref:
            self.panel_ref += data


class Page:
    def __init__(self, resp):
        self.resp = resp
        p = PageParser()
        p.feed(resp.text)
        p.close()
        self.p = p
        self.title = p.title.strip()
        self.heading = " ".join(p.h1.split())
        self.action = p.form_action
        self.fields = p.fields
        self.hidden = p.hidden
        self.actions = [v for n, v in p.buttons if n == "_mcs_action"]

    def hidden_value(self, name):
        for n, v in self.hidden:
            if n == name:
                return v
        return None

    @property
    def marker(self):
        return self.hidden_value("_mcs_page")

    def current_values(self):
        return {n: (list(f.value) if isinstance(f.value, list) else f.value) for n, f in self.fields.items()}

    def form_data(self, values, action):
        """The body a browser would send: hidden inputs, the controls' values, the button."""
        data = list(self.hidden)
        for name, f in self.fields.items():
            v = values.get(name, f.value)
            if isinstance(v, list):
                for x in v:
                    data.append((name, x))
            elif f.kind in ("radio", "checkbox"):
                if v:
                    data.append((name, v))     # an unchecked radio group sends nothing
            else:
                data.append((name, "" if v is None else str(v)))
        data.append(("_mcs_action", action))
        return data

    def describe(self):
        return "page %s %r (title %r) fields %s" % (self.marker, self.heading, self.title, list(self.fields))


# ---------------------------------------------------------------------------------------------
# Skip logic: the XLSForm relevance expressions used by the study forms, evaluated in Python
# ---------------------------------------------------------------------------------------------

def _num(x):
    if isinstance(x, (int, float)):
        return x
    if isinstance(x, str) and re.fullmatch(r"-?\d+(\.\d+)?", x.strip()):
        return float(x)
    return x


def xpath_true(expr, env):
    """Evaluates the simple relevance expressions of the study forms (selected(), =, !=, >, and, or,
    not()). Anything it cannot evaluate counts as not relevant."""
    def v(name):
        x = env.get(name, "")
        if isinstance(x, list):
            return " ".join(x)
        return _num(x)

    def sel(value, choice):
        return choice in str(value).split()

    py = re.sub(r"\$\{([A-Za-z_][\w.-]*)\}", lambda m: 'v("%s")' % m.group(1), expr)
    py = re.sub(r"\bselected\(", "sel(", py)
    py = re.sub(r"\bnot\(", "not (", py)
    py = re.sub(r"(?<![!<>=])=(?!=)", "==", py)
    try:
        return bool(eval(py, {"__builtins__": {}}, {"v": v, "sel": sel}))
    except Exception:
        return False


def fill(page, known, overrides, instance=-1):
    """Chooses valid answers for the controls the page shows.

    Strategy: an override (value, or function of the repeat instance) when given; otherwise radios and
    dropdowns take their first choice, checkboxes their first choice, numbers a small valid number, text
    some text, e-mail a valid address. A question that applies only under a condition (its block carries
    data-relevant) is filled only when the condition holds for the answers chosen so far: the "please
    specify" boxes stay empty unless 'other' was chosen."""
    values = {}
    for name, f in page.fields.items():
        rel = page.p.relevant.get(name)
        if rel is not None and not xpath_true(rel, dict(known, **values)):
            values[name] = [] if f.kind == "checkbox" else ""
            continue
        if name in overrides:
            v = overrides[name]
            if callable(v):
                v = v(instance)
        elif f.kind == "radio":
            v = f.choices[0]
        elif f.kind == "checkbox":
            v = [f.choices[0]]
        elif f.kind == "select":
            v = f.choices[0]
        elif f.kind == "integer":
            v = "1"
        elif f.kind == "decimal":
            v = "1.5"
        elif f.kind == "email":
            v = "someone@example.org"
        elif f.kind == "textarea":
            v = "Some comments from the e2e test."
        else:
            v = "Answer to %s" % name
        values[name] = v
    return values


# ---------------------------------------------------------------------------------------------
# The normalised form JSON
# ---------------------------------------------------------------------------------------------

VALUE_TYPES_EXCLUDED = ("group", "repeat", "note")


def form_questions(form):
    """[(node, repeat_name or None)] for every value-holding question, in form order."""
    out = []

    def walk(nodes, repeat):
        for n in nodes:
            if n["type"] == "group":
                walk(n.get("children", []), repeat)
            elif n["type"] == "repeat":
                walk(n.get("children", []), n["name"])
            elif n["type"] not in VALUE_TYPES_EXCLUDED:
                out.append((n, repeat))

    walk(form["survey"], None)
    return out


def expected_columns(form, repeat=None):
    cols = []
    for n, rep in form_questions(form):
        if rep != repeat or n.get("personal"):
            continue
        cols.append(n["name"])
        if n["type"] == "select_multiple":
            cols += ["%s/%s" % (n["name"], c["name"]) for c in form["choices"][n["choices"]]]
    return cols


def api_payload(form, overrides):
    """A complete, valid answer set for the form, following its skip logic."""
    answers = {}

    def value_for(n, instance):
        name = n["name"]
        if name in overrides:
            v = overrides[name]
            return v(instance) if callable(v) else v
        t = n["type"]
        choices = [c["name"] for c in form["choices"].get(n.get("choices", ""), [])]
        if t == "select_one":
            return choices[0]
        if t == "select_multiple":
            return choices[:2]
        if t == "integer":
            return 1
        if t == "decimal":
            return 1.5
        if "email" in name:
            return "someone@example.org"
        return "API answer to %s" % name

    def walk(nodes, target, env, instance):
        for n in nodes:
            scope = dict(env, **target)
            if n.get("relevant") and not xpath_true(n["relevant"], scope):
                continue
            if n["type"] == "group":
                walk(n.get("children", []), target, env, instance)
            elif n["type"] == "repeat":
                count = int(_num(scope.get(n["repeat_count"][2:-1], 0))) if n.get("repeat_count") else 1
                rows = []
                for k in range(count):
                    row = {}
                    walk(n.get("children", []), row, scope, k)
                    rows.append(row)
                target[n["name"]] = rows
            elif n["type"] != "note":
                target[n["name"]] = value_for(n, instance)

    walk(form["survey"], answers, {}, -1)
    return answers


def csv_cell(node, value, form):
    """What the CSV export should hold for an answer (a select_multiple in the choices' order)."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        order = [c["name"] for c in form["choices"][node["choices"]]]
        return " ".join(sorted(value, key=order.index))
    if isinstance(value, float):
        s = repr(value)
        return s[:-2] if s.endswith(".0") else s
    s = str(value)
    if node["type"] == "text" and s[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + s
    return s


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------

EMPLOYERS_OVERRIDES = {
    "country": "DE",
    "sector": ["C", "J"],
    "role": "other",
    "role_other": "Head of learning, development & \"skills\"",
    "terms_used": ["microcredential", "digital_badge"],
    "mc_count": "2",
    "mc_title": lambda i: "<script>alert(1)</script>" if i == 0 else "Data analysis badge",
    "mc_hours": lambda i: "40" if i == 0 else "120",
    "mc_ects": lambda i: "1.5" if i == 0 else "4",
    "mc_assess": lambda i: ["written", "practical"] if i == 0 else ["project"],
    "emp_trust": ["provider", "verifiable"],
    "comments": "=1+1",
    "followup_consent": "no",
}

AUTHORITIES_OVERRIDES = {
    "country": "FR",
    "org_type": "ministry",
    "sector": ["P", "M"],
    "mc_count": 2,
    "mc_title": lambda i: "Digital skills module %d" % (i + 1),
    "mc_hours": lambda i: 25 * (i + 1),
    "mc_ects": lambda i: 1.5 if i == 0 else 3,
    "comments": '=HYPERLINK("http://example.org","x"), with a comma',
    "followup_consent": "yes",
    "contact_name": "Ana Example",
    "contact_email": "ana.example@example.org",
}


class E2E(unittest.TestCase):
    state = {}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-e2e-")
        cls.server = Server(BINARY, cls.tmp.name)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        if cls.server.proc:
            cls.server.stop()
        cls.tmp.cleanup()

    # --- helpers -------------------------------------------------------------------------------

    def need(self, *keys):
        for k in keys:
            if k not in self.state:
                self.skipTest("needs %r from an earlier test that failed" % k)
        return [self.state[k] for k in keys]

    def browser(self):
        return Browser(self.server.base)

    def api(self, method, path, body=None, headers=None):
        b = Browser(self.server.base)
        hdrs = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body).encode("utf-8")
        if body is not None:
            hdrs.setdefault("Content-Type", "application/json")
        return b.request(method, path, data=body, headers=hdrs)

    def get_form(self, form_id):
        r = self.api("GET", "/api/v1/forms/" + form_id)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def open_page(self, br, path, status=200):
        r = br.get(path)
        self.assertEqual(r.status, status, "GET %s: %r" % (path, r))
        page = Page(r)
        self.assertTrue(page.action, "GET %s: no <form id=mcs-page> in the page: %r" % (path, r))
        return page

    def post_page(self, br, page, values, action, expect=303):
        r = br.post(page.action, page.form_data(values, action))
        if r.status != expect:
            errs = Page(r).p.error_links if r.status == 422 else []
            self.fail("POST %s (%s, %s) answered %s, expected %s; errors %s; sent %r\n%r"
                      % (page.action, page.describe(), action, r.status, expect, errs, values, r))
        return r

    def follow(self, br, r, expect_path=None):
        loc = r.header("Location")
        self.assertTrue(loc, "303 without a Location: %r" % r)
        if expect_path:
            self.assertEqual(path_of(loc), expect_path, "redirect went elsewhere than the resume link")
        return br.get(loc)

    def assert_security_headers(self, r):
        csp = r.header("Content-Security-Policy") or ""
        self.assertIn("default-src", csp, "%s %s: no Content-Security-Policy header" % (r.method, r.url))
        self.assertIn("script-src 'self'", csp, "CSP allows more than same-origin scripts: %r" % csp)
        self.assertEqual((r.header("X-Content-Type-Options") or "").lower(), "nosniff",
                         "%s %s: X-Content-Type-Options is not nosniff" % (r.method, r.url))

    def export_csv(self, form_id, name):
        out = os.path.join(self.tmp.name, name + ".csv")
        for f in os.listdir(self.tmp.name):
            if f.startswith(name) and f.endswith(".csv"):
                os.unlink(os.path.join(self.tmp.name, f))
        p = self.server.cli("export", "--form", form_id, "--format", "csv", "--out", out)
        self.assertEqual(p.returncode, 0, "export --form %s failed: %s" % (form_id, p.stderr.decode()))
        with open(out, "rb") as f:
            raw = f.read()
        return out, raw

    @staticmethod
    def parse_csv(raw):
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]], rows

    def assert_rfc4180(self, raw, what):
        self.assertTrue(raw.endswith(b"\r\n"), "%s does not end with CRLF" % what)
        bare = len(re.findall(rb"(?<!\r)\n", raw))
        self.assertEqual(bare, 0, "%s has %d line ends that are not CRLF" % (what, bare))

    def answer_pages(self, br, page, known, overrides, stop=None, log=None):
        """Answers page after page with fill() until the thank-you page (or stop(page) is true).
        Returns (last Resp, last Page or None)."""
        for _ in range(MAX_PAGES):
            if stop and stop(page):
                return page.resp, page
            if page.marker == "review":
                # "Check your answers": every answer listed with a link to change it, then Send.
                self.assertIn("?change=", page.resp.text, "the review page has no change links")
                # Each link lands on its question: the page it opens has an element with its fragment's id.
                for href in sorted(set(re.findall(r'href="([^"]*\?change=[^"]*)"', page.resp.text)))[:40]:
                    url = html.unescape(href)
                    path, _, fragment = url.partition("#")
                    self.assertTrue(fragment, "change link without a fragment: %s" % url)
                    opened = br.get(path)
                    self.assertEqual(opened.status, 200, url)
                    self.assertIn('id="%s"' % fragment, opened.text, "change link %s: no element with that id" % url)
                r = self.post_page(br, page, {}, "submit")
                return self.follow(br, r, path_of(page.action)), None
            instance = int(page.marker.split(".")[1]) if page.marker else -1
            values = fill(page, known, overrides, instance)
            action = "submit" if "submit" in page.actions else "next"
            r = self.post_page(br, page, values, action)
            known.update(values)
            if log is not None:
                log.append((page.marker, page.heading, values))
            r2 = self.follow(br, r, path_of(page.action) if "/r/" in page.action else None)
            if action == "submit":
                return r2, None
            self.assertEqual(r2.status, 200, r2)
            page = Page(r2)
            self.assertTrue(page.action, "after %s: no question page: %r" % (action, r2))
        self.fail("more than %d pages: the questionnaire does not end" % MAX_PAGES)

    # --- 1. landing page, health, headers ------------------------------------------------------

    def test_01_landing_health_headers(self):
        br = self.browser()
        r = br.get("/")
        self.assertEqual(r.status, 200, r)
        self.assert_security_headers(r)
        p = PageParser()
        p.feed(r.text)
        for fid in STUDY_FORMS:
            self.assertIn("/s/" + fid, p.links, "the landing page has no link to /s/%s; links: %s" % (fid, p.links))
        text = re.sub(r"<[^>]+>", " ", r.text)
        self.assertRegex(text, r"\b\d{1,2}\s+July\s+20\d\d\b", "the landing page shows no closing date in July")

        h = br.get("/healthz")
        self.assertEqual(h.status, 200, h)
        self.assertEqual(h.text.strip(), "ok", "/healthz body: %r" % h.text)

        s = br.get("/s/employers")
        self.assertEqual(s.status, 200, s)
        self.assert_security_headers(s)
        self.assertTrue(br.cookie("mcs_csrf"), "GET /s/employers set no mcs_csrf cookie")

        forms = self.api("GET", "/api/v1/forms")
        self.assertEqual(forms.status, 200, forms)
        self.assert_security_headers(forms)
        listed = {f["id"]: f for f in forms.json()}
        for fid in STUDY_FORMS:
            self.assertIn(fid, listed, "GET /api/v1/forms lacks %s: %s" % (fid, list(listed)))
            self.assertEqual(listed[fid]["status"], "open", listed[fid])
            self.assertRegex(listed[fid]["closes_at"] or "", r"^\d{4}-07-0[56]", listed[fid])
            self.assertIn("en", listed[fid]["languages"], listed[fid])

    # --- 2. the browser journey -----------------------------------------------------------------

    def test_02_browser_journey_employers(self):
        form = self.get_form("employers")
        br = self.browser()
        page = self.open_page(br, "/s/employers")
        self.assertEqual(page.marker, "0.-1", page.describe())
        self.assertEqual(page.action, "/s/employers")
        self.assertIn("next", page.actions)
        self.assertNotIn("back", page.actions, "page 1 offers Back")
        self.assertIn("save", page.actions)
        for name, kind in [("country", "select"), ("org_type", "radio"), ("sector", "checkbox"),
                           ("country_other", "text")]:
            self.assertIn(name, page.fields, "page 1 has no control named %s: %s" % (name, page.describe()))
            self.assertEqual(page.fields[name].kind, kind, "control %s" % name)
        for f in page.fields.values():
            for cid in f.ids:
                self.assertIn(cid, page.p.label_for, "control #%s has no <label for>" % cid)
        self.assertIn("country_other", page.p.conditional, "'please specify' is not marked conditional")

        # Page 1 sent empty: the required checks fail.
        r = br.post(page.action, page.form_data({n: ([] if f.kind == "checkbox" else "")
                                                  for n, f in page.fields.items()}, "next"))
        self.assertEqual(r.status, 422, "an empty page 1 should fail its required checks: %r" % r)
        err = Page(r)
        self.assertTrue(err.title.startswith("Error:"), "title of the error page: %r" % err.title)
        self.assertTrue(err.p.error_summary, "no error summary on the 422 page")
        required = [n["name"] for n, rep in form_questions(form) if rep is None and n.get("required")
                    and n["name"] in page.fields]
        self.assertTrue(required, "no required question on page 1?")
        for name in required:
            links = [h for h in err.p.error_links if re.fullmatch(r"#q-%s(-\d+)?" % re.escape(name), h)]
            self.assertTrue(links, "the error summary does not link to %s: %s" % (name, err.p.error_links))
            self.assertIn(links[0][1:], err.p.ids, "the summary links to %s, which is not on the page" % links[0])
        for h in err.p.error_links:
            self.assertFalse(h.startswith("#q-country_other"), "an error for a question that does not apply")
        m = re.fullmatch(r"/s/employers/r/([a-z0-9]+)", err.action or "")
        self.assertTrue(m, "after the first post the page should post to its resume link, not %r" % err.action)
        resume = err.action
        self.assertTrue(err.p.resume_link and err.p.resume_link.endswith(resume),
                        "the page does not show its resume link: %r" % err.p.resume_link)

        # Fill page 1 and go on.
        known, log = {}, []
        values1 = fill(err, known, EMPLOYERS_OVERRIDES)
        self.assertEqual(values1["country_other"], "", "the filler typed into 'please specify' without 'other'")
        r = self.post_page(br, err, values1, "next")
        known.update(values1)
        log.append((err.marker, err.heading, values1))
        page2 = Page(self.follow(br, r, resume))
        self.assertNotEqual(page2.marker, "0.-1", "still on page 1 after a valid Continue")
        self.assertIn("back", page2.actions)
        values2 = fill(page2, known, EMPLOYERS_OVERRIDES)
        r = self.post_page(br, page2, values2, "next")
        known.update(values2)
        log.append((page2.marker, page2.heading, values2))
        page3 = Page(self.follow(br, r, resume))

        # Back from page 3 (what was typed there is kept), then page 2 shows its answers.
        values3 = fill(page3, known, EMPLOYERS_OVERRIDES)
        r = self.post_page(br, page3, values3, "back")
        back = Page(self.follow(br, r, resume))
        self.assertEqual(back.marker, page2.marker, "Back did not return to the previous page")
        for name, v in values2.items():
            self.assertEqual(back.fields[name].value, v, "after Back, %s shows %r instead of %r"
                             % (name, back.fields[name].value, v))
        # ... and forward again, with what the page shows.
        r = self.post_page(br, back, back.current_values(), "next")
        again = Page(self.follow(br, r, resume))
        self.assertEqual(again.marker, page3.marker, "Continue after Back did not return to page 3")
        for name, v in values3.items():
            self.assertEqual(again.fields[name].value, v, "answer %s typed before Back was lost" % name)
        self.assertEqual(values3.get("mc_count"), "2", "page 3 is expected to ask how many microcredentials")
        # A number that is not a number, then one out of range: 422, the typed text shown back.
        form_nodes = {n["name"]: n for n, _ in form_questions(form)}
        for typed, message in [("abc", None), ("9", form_nodes["mc_count"]["constraint_message"]["en"])]:
            r = br.post(again.action, again.form_data(dict(values3, mc_count=typed), "next"))
            self.assertEqual(r.status, 422, "mc_count=%r should fail its check: %r" % (typed, r))
            bad = Page(r)
            self.assertTrue(bad.title.startswith("Error:"), bad.title)
            self.assertIn("#q-mc_count", bad.p.error_links, "the summary does not link to mc_count")
            self.assertEqual(bad.fields["mc_count"].value, typed, "the rejected text is not shown back")
            self.assertIn("q-mc_count-error", bad.p.ids, "no error message beside mc_count")
            if message:
                self.assertIn(html_escape(message), r.text, "the constraint message is not shown")
            self.assertEqual(bad.marker, again.marker)
            again = bad
        r = self.post_page(br, again, values3, "next")
        known.update(values3)
        log.append((again.marker, again.heading, values3))

        # The repeat: two instances; the first title is a script tag.
        rep1 = Page(self.follow(br, r, resume))
        self.assertRegex(rep1.marker, r"^\d+\.0$", "expected the first repeat instance: %s" % rep1.describe())
        self.assertIn("1 of 2", rep1.heading, "repeat heading: %r" % rep1.heading)
        v = fill(rep1, known, EMPLOYERS_OVERRIDES, 0)
        r = self.post_page(br, rep1, v, "next")
        log.append((rep1.marker, rep1.heading, v))
        rep2 = Page(self.follow(br, r, resume))
        self.assertEqual(rep2.marker, rep1.marker.split(".")[0] + ".1", rep2.describe())
        self.assertIn("2 of 2", rep2.heading)
        self.assertEqual(rep2.fields["mc_title"].value, "", "instance 2 shows instance 1's title")
        # Injection: back to instance 1, the script is shown as text.
        r = self.post_page(br, rep2, {}, "back")
        r = self.follow(br, r, resume)
        self.state["injection_html"] = r.text
        rep1b = Page(r)
        self.assertEqual(rep1b.marker, rep1.marker)
        self.assertEqual(rep1b.fields["mc_title"].value, "<script>alert(1)</script>")
        self.assertEqual(rep1b.fields["mc_assess"].value, ["written", "practical"])
        r = self.post_page(br, rep1b, rep1b.current_values(), "next")
        rep2 = Page(self.follow(br, r, resume))
        v = fill(rep2, known, EMPLOYERS_OVERRIDES, 1)
        r = self.post_page(br, rep2, v, "next")
        log.append((rep2.marker, rep2.heading, v))
        page = Page(self.follow(br, r, resume))

        # Answer one more page, then on the next one answer half and "save and continue later".
        page_log = []
        _, page = self.answer_pages(br, page, known, EMPLOYERS_OVERRIDES, log=page_log,
                                    stop=lambda p: len(page_log) >= 1)
        log += page_log
        radios = [n for n, f in page.fields.items() if f.kind == "radio"]
        self.assertGreaterEqual(len(radios), 2, "expected a page of rating questions: %s" % page.describe())
        partial = {radios[0]: page.fields[radios[0]].choices[1]}
        r = br.post(page.action, page.form_data(partial, "save"))
        self.assertEqual(r.status, 200, "Save and continue later: %r" % r)
        saved = Page(r)
        self.assertEqual(saved.marker, page.marker, "Save moved to another page")
        self.assertTrue(saved.p.resume_link, "the saved page shows no resume link")
        self.assertTrue(saved.p.notice.strip(), "Save shows no notice")
        resume_link = saved.p.resume_link

        # A new browser: the old page's token is worthless there ...
        br2 = self.browser()
        r = br2.post(resume, page.form_data(partial, "next"))
        self.assertEqual(r.status, 403, "POST with another browser's CSRF token: %r" % r)
        # ... but the resume link brings back the same page with the answer kept.
        resumed = self.open_page(br2, resume_link)
        self.assertEqual(resumed.marker, page.marker, "the resume link opened %s, not the page left" % resumed.describe())
        self.assertEqual(resumed.fields[radios[0]].value, partial[radios[0]], "the saved answer was lost")
        self.assertEqual(resumed.fields[radios[1]].value, "", "an unanswered question came back answered")

        # Finish in the new browser.
        overrides = dict(EMPLOYERS_OVERRIDES, **partial)
        end, last = self.answer_pages(br2, resumed, known, overrides, log=log)
        self.assertIsNone(last)
        self.assertEqual(end.status, 200, end)
        self.assertIn("Thank you", end.text, "no thank-you page after Submit: %r" % end)
        ref = Page(end).p.panel_ref.strip()
        self.assertRegex(ref, r"^[A-Z0-9]{6,}$", "no reference on the thank-you page")
        # The thank-you page stays what the resume link shows.
        again = br.get(resume)
        self.assertEqual(again.status, 200)
        self.assertIn(ref, again.text, "the resume link of a finished response does not show its reference")
        # A late post to a finished response changes nothing.
        late = br2.post(resume, page.form_data({}, "back"))
        self.assertIn(late.status, (303, 403), late)

        top, reps = {}, [{}, {}]
        for marker, _, vals in log:
            inst = int(marker.split(".")[1])
            (top if inst < 0 else reps[inst]).update(vals)
        self.state["employers"] = {"ref": ref, "resume": resume, "answers": top, "repeats": reps}
        self.assertTrue("comments" in top and top["comments"] == "=1+1", "the last page was not the comments page")
        self.assertEqual(top.get("role"), "other")
        self.assertTrue(top.get("role_other"), "the 'please specify' box after 'other' was left empty")

    # --- 3. CSRF ---------------------------------------------------------------------------------

    def test_03_csrf(self):
        br = self.browser()
        page = self.open_page(br, "/s/employers")
        values = fill(page, {}, EMPLOYERS_OVERRIDES)
        data = page.form_data(values, "next")
        bad = [(n, ("0" * 64 if n == "_mcs_csrf" else v)) for n, v in data]
        r = br.post(page.action, bad)
        self.assertEqual(r.status, 403, "POST with a wrong CSRF token: %r" % r)
        r = self.browser().post(page.action, data)
        self.assertEqual(r.status, 403, "POST without the mcs_csrf cookie: %r" % r)
        nothing = self.browser().post(page.action, [(n, v) for n, v in data if n != "_mcs_csrf"])
        self.assertEqual(nothing.status, 403, nothing)
        r = self.browser().get("/s/employers/r/abcdefghijkmnpqrstuvwxyz23")
        self.assertEqual(r.status, 404, "an unknown resume link: %r" % r)
        r = self.browser().get("/s/no_such_form")
        self.assertEqual(r.status, 404, "an unknown questionnaire: %r" % r)

    # --- an unfinished response (used after the restart) ------------------------------------------

    def test_04_unfinished_response(self):
        br = self.browser()
        page = self.open_page(br, "/s/employee_orgs")
        known = {}
        values = fill(page, known, {"country": "PT"})
        r = self.post_page(br, page, values, "next")
        known.update(values)
        resume = path_of(r.header("Location"))
        self.assertRegex(resume, r"^/s/employee_orgs/r/[a-z0-9]+$")
        page2 = Page(self.follow(br, r, resume))
        values2 = fill(page2, known, {})
        self.assertTrue(values2, page2.describe())
        # Leave mid-page: only one answer, saved.
        first = next(iter(n for n, v in values2.items() if v))
        r = br.post(page2.action, page2.form_data({first: values2[first]}, "save"))
        self.assertEqual(r.status, 200, r)
        self.state["unfinished"] = {"resume": resume, "marker": page2.marker, "field": first,
                                    "value": values2[first], "country": "PT"}

    # --- 7a. injection through the browser ---------------------------------------------------------

    def test_05_injection_escaped(self):
        (html_page,) = self.need("injection_html")
        self.assertNotIn("<script>alert", html_page, "a typed <script> came back raw in the page")
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html_page, "the typed text is not shown escaped")
        # The same through a 'please specify' box: choose 'other', type the script, go back.
        br = self.browser()
        page = self.open_page(br, "/s/vet_providers")
        script = '"><script>alert(1)</script>'
        values = fill(page, {}, {"country": "other", "country_other": script})
        self.assertEqual(values["country_other"], script, "the filler left 'please specify' empty after 'other'")
        r = self.post_page(br, page, values, "next")
        resume = path_of(r.header("Location"))
        page2 = Page(self.follow(br, r, resume))
        r = self.post_page(br, page2, {}, "back")
        r = self.follow(br, r, resume)
        self.assertNotIn("<script>alert", r.text, "'please specify' text came back raw")
        back = Page(r)
        self.assertEqual(back.fields["country"].value, "other")
        self.assertEqual(back.fields["country_other"].value, script, "the 'please specify' text was not kept")

    # --- 3. the API ------------------------------------------------------------------------------

    def test_06_api_submit_authorities(self):
        form = self.get_form("authorities")
        self.assertEqual(form["id"], "authorities")
        for key in ("version", "survey", "choices", "languages"):
            self.assertIn(key, form, "the form JSON has no %r" % key)
        answers = api_payload(form, AUTHORITIES_OVERRIDES)
        self.assertEqual(len(answers.get("mc", [])), 2, "the payload should carry two repeat instances")
        self.assertIn("auth_nqf_how", answers, "skip logic: auth_nqf 'included' asks auth_nqf_how")
        self.assertNotIn("org_type_other", answers)
        r = self.api("POST", "/api/v1/forms/authorities/responses", {"answers": answers, "lang": "en"})
        self.assertEqual(r.status, 201, "a valid complete payload was refused: %r\npayload %s" % (r, json.dumps(answers)))
        rid = r.json().get("id")
        self.assertTrue(rid, r)
        self.state["authorities"] = {"id": rid, "answers": answers, "form": form}

    def test_07_api_errors(self):
        form = self.get_form("authorities")
        good = api_payload(form, AUTHORITIES_OVERRIDES)
        url = "/api/v1/forms/authorities/responses"
        by_name = {n["name"]: n for n, _ in form_questions(form)}

        def errors_of(r):
            self.assertEqual(r.status, 422, r)
            errs = r.json().get("errors")
            self.assertIsInstance(errs, list, r)
            return {e.get("field"): e.get("message") for e in errs}

        missing = {k: v for k, v in good.items() if k != "country"}
        errs = errors_of(self.api("POST", url, {"answers": missing, "lang": "en"}))
        self.assertIn("country", errs, "a missing required answer is not named: %s" % errs)
        self.assertEqual(errs["country"], by_name["country"]["required_message"]["en"],
                         "the API's message differs from the form's required_message")

        wrong = dict(good, mc_count="abc")
        errs = errors_of(self.api("POST", url, {"answers": wrong, "lang": "en"}))
        self.assertIn("mc_count", errs, "'abc' for an integer is not reported on mc_count: %s" % errs)

        unknown = dict(good, org_type="martian")
        errs = errors_of(self.api("POST", url, {"answers": unknown, "lang": "en"}))
        self.assertIn("org_type", errs, "an unknown choice is not reported: %s" % errs)

        unknown_multi = dict(good, sector=["P", "ZZ"])
        errs = errors_of(self.api("POST", url, {"answers": unknown_multi, "lang": "en"}))
        self.assertIn("sector", errs, "an unknown choice in a select_multiple is not reported: %s" % errs)

        out_of_range = dict(good, mc_count=9)
        errs = errors_of(self.api("POST", url, {"answers": out_of_range, "lang": "en"}))
        self.assertIn("mc_count", errs, "a constraint failure is not reported: %s" % errs)
        self.assertEqual(errs["mc_count"], by_name["mc_count"]["constraint_message"]["en"])

        r = self.api("POST", url, b'{"answers": {"country": "FR",')
        self.assertEqual(r.status, 400, "malformed JSON: %r" % r)
        r = self.api("POST", url, b'[1, 2, 3]')
        self.assertEqual(r.status, 400, "a JSON array instead of an object: %r" % r)
        r = self.api("POST", "/api/v1/forms/no_such_form/responses", {"answers": good, "lang": "en"})
        self.assertEqual(r.status, 404, "unknown form: %r" % r)
        r = self.api("GET", "/api/v1/forms/no_such_form")
        self.assertEqual(r.status, 404, r)

        # 2 MiB: the server may answer 413 before reading the body, so send it on a raw socket.
        body = b'{"answers": {"comments": "' + b"x" * (2 * 1024 * 1024) + b'"}, "lang": "en"}'
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=15) as s:
            s.sendall(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      b"Content-Length: %d\r\n\r\n" % (url.encode(), len(body)))
            try:
                s.sendall(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            reply = b""
            try:
                while b"\r\n" not in reply:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            except ConnectionResetError:
                pass
        status_line = reply.split(b"\r\n", 1)[0].decode("latin-1")
        self.assertRegex(status_line, r"^HTTP/1\.[01] 413\b", "2 MiB body: status line %r" % status_line)

        # The server is still healthy after all that.
        self.assertEqual(self.api("GET", "/healthz").status, 200)

    # --- 4. export ----------------------------------------------------------------------------------

    def check_export(self, form_id, expected_id, answers, repeats, form):
        out, raw = self.export_csv(form_id, form_id)
        self.assert_rfc4180(raw, "%s.csv" % form_id)
        header, rows, _ = self.parse_csv(raw)
        meta = ["id", "form_version", "lang", "status", "started_at", "submitted_at"]
        want_header = meta + expected_columns(form)
        self.assertEqual(header, want_header, "the %s CSV header is not the form order:\n got %s\nwant %s"
                         % (form_id, header, want_header))
        self.assertEqual(len(rows), 1, "expected exactly one complete %s response, got ids %s"
                         % (form_id, [r["id"] for r in rows]))
        row = rows[0]
        self.assertEqual(row["id"], expected_id)
        self.assertEqual(row["form_version"], str(form["version"]))
        self.assertEqual(row["lang"], "en")
        self.assertEqual(row["status"], "complete")
        self.assertRegex(row["started_at"], r"^\d{4}-\d\d-\d\dT")
        self.assertRegex(row["submitted_at"], r"^\d{4}-\d\d-\d\dT")
        for n, rep in form_questions(form):
            if rep is not None or n.get("personal"):
                continue
            name = n["name"]
            v = answers.get(name)
            self.assertEqual(row[name], csv_cell(n, v, form), "%s: column %s" % (form_id, name))
            if n["type"] == "select_multiple":
                for c in form["choices"][n["choices"]]:
                    col = "%s/%s" % (name, c["name"])
                    want = "" if not v else ("1" if c["name"] in v else "0")
                    self.assertEqual(row[col], want, "%s: 0/1 column %s for %r" % (form_id, col, v))
        # Repeats: FILE-stem-REPEAT.csv keyed by response_id, instance.
        stem = out[:-4]
        for rn in sorted({rep for _, rep in form_questions(form) if rep}):
            path = "%s-%s.csv" % (stem, rn)
            self.assertTrue(os.path.exists(path), "no repeat file %s" % os.path.basename(path))
            with open(path, "rb") as f:
                rraw = f.read()
            self.assert_rfc4180(rraw, os.path.basename(path))
            rh, rrows, _ = self.parse_csv(rraw)
            self.assertEqual(rh, ["response_id", "instance"] + expected_columns(form, rn),
                             "repeat file header not in form order")
            mine = [r for r in rrows if r["response_id"] == expected_id]
            self.assertEqual([r["instance"] for r in mine], [str(i + 1) for i in range(len(repeats))],
                             "repeat rows for %s" % expected_id)
            for k, inst in enumerate(repeats):
                for n, rep in form_questions(form):
                    if rep != rn or n.get("personal"):
                        continue
                    self.assertEqual(mine[k][n["name"]], csv_cell(n, inst.get(n["name"]), form),
                                     "%s-%s.csv instance %d column %s" % (form_id, rn, k + 1, n["name"]))
        return raw

    def test_08_export_employers(self):
        (emp,) = self.need("employers")
        form = self.get_form("employers")
        raw = self.check_export("employers", emp["ref"], emp["answers"], emp["repeats"], form)
        _, rows, _ = self.parse_csv(raw)
        self.assertEqual(rows[0]["comments"], "'=1+1", "a text answer starting with '=' is not neutralised")
        self.assertEqual(rows[0]["sector/C"], "1")
        self.assertEqual(rows[0]["sector/A"], "0")

    def test_09_export_authorities(self):
        (auth,) = self.need("authorities")
        form = auth["form"]
        answers = auth["answers"]
        raw = self.check_export("authorities", auth["id"], answers, answers.get("mc", []), form)
        header, rows, _ = self.parse_csv(raw)
        self.assertTrue(rows[0]["comments"].startswith("'="), "comments: %r" % rows[0]["comments"])
        self.assertNotIn("contact_email", header, "personal data exported with the answers")
        self.assertNotIn(b"ana.example@example.org", raw, "the contact e-mail leaked into the export")

    # --- 6. the responses API needs a token ------------------------------------------------------------

    def test_10_responses_api_token(self):
        (auth,) = self.need("authorities")
        url = "/api/v1/forms/authorities/responses"
        r = self.api("GET", url)
        self.assertEqual(r.status, 401, "GET responses without a token: %r" % r)
        r = self.api("GET", url, headers={"Authorization": "Bearer mcs_not_a_token"})
        self.assertEqual(r.status, 401, "GET responses with a bogus token: %r" % r)
        # The owner account is made on another thread once serving has begun (its argon2id hash
        # takes a while on a loaded machine): wait for it rather than race it.
        deadline = time.time() + 30
        while True:
            p = self.server.cli("token", "add", "admin")
            if p.returncode == 0 or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(p.returncode, 0, "token add admin: %s" % p.stderr.decode())
        token = p.stdout.decode().strip().splitlines()[-1].strip()
        self.assertTrue(token, "token add printed nothing")
        r = self.api("GET", url, headers={"Authorization": "Bearer " + token})
        self.assertEqual(r.status, 200, "GET responses with a token: %r" % r)
        data = r.json()
        ids = [x.get("id") for x in data]
        self.assertIn(auth["id"], ids, "the API response is not listed")
        mine = data[ids.index(auth["id"])]
        self.assertEqual(mine["answers"].get("country"), "FR", mine)
        self.state["token"] = token

    def test_10b_api_answers_to_skipped_questions_are_blank(self):
        # Issue 19: answers sent for a section that the other answers skip (familiarity "not at
        # all" skips mc_count, so the repeat counted by it) are blank to every expression, as in
        # ODK: the submission is not refused for the repeat's missing titles, and nothing of the
        # skipped section is stored.
        (token,) = self.need("token")
        form = self.get_form("employers")
        answers = api_payload(form, dict(EMPLOYERS_OVERRIDES, familiarity="not_at_all"))
        self.assertNotIn("mc_count", answers, "the payload builder should follow the skip logic")
        answers["mc_count"] = 2
        answers["mc_experience"] = "yes"
        answers["mc"] = [{"mc_title": "Skipped title"}, {}]
        url = "/api/v1/forms/employers/responses"
        r = self.api("POST", url, {"answers": answers, "lang": "en"})
        self.assertEqual(r.status, 201, "answers to skipped questions made the submission fail: %r" % r)
        rid = r.json()["id"]
        r = self.api("GET", url, headers={"Authorization": "Bearer " + token})
        mine = [x for x in r.json() if x.get("id") == rid]
        self.assertEqual(len(mine), 1, r)
        stored = mine[0]["answers"]
        self.assertEqual(stored.get("familiarity"), "not_at_all")
        for name in ("mc_count", "mc_experience", "mc"):
            self.assertNotIn(name, stored, "the skipped %s was stored: %r" % (name, stored.get(name)))

    def test_10c_one_export_whatever_the_door(self):
        """The API's ?format= download and `mcsurvey export --out FILE.zip` are the same files, from the same
        code: every table (the repeat mc too), the codebook and a README; follow-up contacts only through
        `mcsurvey followups`."""
        (auth,) = self.need("authorities")
        token = self.state.get("token")
        if not token:
            self.skipTest("test_10 made no token")
        url = "/api/v1/forms/authorities/responses?format=csv"
        r = self.api("GET", url, headers={"Authorization": "Bearer " + token})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/zip")
        with zipfile.ZipFile(io.BytesIO(r.raw)) as z:
            api = {n: z.read(n) for n in z.namelist()}
        self.assertEqual(sorted(api), ["authorities-README.txt", "authorities-codebook.csv", "authorities-mc.csv",
                                       "authorities.csv"])
        self.assertIn(auth["id"].encode(), api["authorities.csv"])
        out = os.path.join(self.tmp.name, "door.zip")
        p = self.server.cli("export", "--form", "authorities", "--format", "csv", "--out", out)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        with zipfile.ZipFile(out) as z:
            cli = {n: z.read(n) for n in z.namelist()}
        self.assertEqual(cli, api, "the command line's zip differs from the API's")
        for data in api.values():
            self.assertNotIn(b"ana.example@example.org", data)
        self.assertEqual(self.api("GET", "/api/v1/forms/authorities/responses?format=pdf",
                                  headers={"Authorization": "Bearer " + token}).status, 400)
        # The follow-up contacts: the consenting respondent's e-mail and response reference.
        fu = os.path.join(self.tmp.name, "followups.csv")
        p = self.server.cli("followups", "--form", "authorities", "--out", fu)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        with open(fu, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("ana.example@example.org", text)
        self.assertIn(auth["id"], text)
        self.assertNotIn("country", text.splitlines()[0], "answers without --with-answers")

    # --- 5. restart ------------------------------------------------------------------------------------

    def test_11_restart_durability(self):
        unfinished, auth = self.need("unfinished", "authorities")
        rc = self.server.stop()
        self.assertEqual(rc, 0, "SIGTERM: the server exited with %r; stderr: %s" % (rc, self.server.stderr_tail()))
        self.server.start()
        br = self.browser()
        page = self.open_page(br, unfinished["resume"])
        self.assertEqual(page.marker, unfinished["marker"], "after the restart the resume link opened %s"
                         % page.describe())
        self.assertEqual(page.fields[unfinished["field"]].value, unfinished["value"],
                         "the saved answer did not survive the restart")
        # The response can go on after the restart.
        r = self.post_page(br, page, fill(page, {"country": "PT"}, {}), "back")
        back = Page(self.follow(br, r, unfinished["resume"]))
        self.assertEqual(back.fields["country"].value, unfinished["country"], "page 1 answers lost")
        # Exports still hold the API response and the finished browser response.
        _, raw = self.export_csv("authorities", "after-restart-authorities")
        _, rows, _ = self.parse_csv(raw)
        self.assertIn(auth["id"], [r["id"] for r in rows], "the API response is gone after the restart")
        # The unfinished response is not exported (complete responses only).
        _, raw = self.export_csv("employee_orgs", "after-restart-employee_orgs")
        _, rows, _ = self.parse_csv(raw)
        self.assertEqual(rows, [], "an unfinished response appears in the CSV export")
        if "employers" in self.state:
            emp = self.state["employers"]
            t = br.get(emp["resume"])
            self.assertEqual(t.status, 200, t)
            self.assertIn(emp["ref"], t.text, "the finished response's thank-you page is gone")
        if "token" in self.state:
            r = self.api("GET", "/api/v1/forms/authorities/responses",
                         headers={"Authorization": "Bearer " + self.state["token"]})
            self.assertEqual(r.status, 200, "the API token did not survive the restart: %r" % r)

    def test_11b_all_four_questionnaires_in_the_browser(self):
        """A respondent completes each study questionnaire through the HTML pages, each in another
        language, and gets the thank-you page in that language."""
        for form_id, lang, thanks in (("vet_providers", "fr", "Merci"), ("authorities", "de", "Vielen Dank"),
                                      ("employers", "en", "Thank you"), ("employee_orgs", "fr", "Merci")):
            with self.subTest(form=form_id, lang=lang):
                br = self.browser()
                page = self.open_page(br, "/s/%s?lang=%s" % (form_id, lang))
                self.assertIn('<html lang="%s"' % lang, page.resp.text)
                last, rest = self.answer_pages(br, page, {}, {})
                self.assertIsNone(rest, "%s did not reach its end" % form_id)
                self.assertEqual(last.status, 200, last)
                self.assertIn(thanks, last.text)
                self.assertIn('<html lang="%s"' % lang, last.text)
                self.assertIn("panel__ref", last.text)

    def test_12_stop_exit_code(self):
        rc = self.server.stop()
        self.assertEqual(rc, 0, "SIGTERM: the server exited with %r; stderr: %s" % (rc, self.server.stderr_tail()))


# ctest's SKIP_RETURN_CODE for every script under tests/ (tests/CMakeLists.txt): a test that could not
# run is reported as skipped, never as passed.
SKIP_EXIT = 77


def exit_code(res):
    """The exit code of a unittest run: 1 when anything failed, SKIP_EXIT when nothing failed but a
    test (or a whole class, from setUpClass) was skipped, 0 when every test ran and passed."""
    failed = len(res.failures) + len(res.errors) + len(res.unexpectedSuccesses)
    skipped = len(res.skipped)
    passed = max(0, res.testsRun - failed - skipped - len(res.expectedFailures))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    for test, why in res.skipped:
        print("skipped %s: %s" % (test, why))
    if failed or not res.wasSuccessful():
        return 1
    if skipped:
        return SKIP_EXIT
    if res.testsRun == 0:
        print("no test ran")
        return 1
    return 0


def main():
    global BINARY
    if len(sys.argv) < 2:
        print("usage: %s /path/to/mcsurvey" % sys.argv[0], file=sys.stderr)
        return 2
    BINARY = os.path.abspath(sys.argv[1])
    if not os.access(BINARY, os.X_OK):
        print("not an executable: %s" % BINARY, file=sys.stderr)
        return 2
    prog = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2)
    return exit_code(prog.result)


if __name__ == "__main__":
    sys.exit(main())
