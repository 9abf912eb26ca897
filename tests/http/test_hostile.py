#!/usr/bin/env python3
"""Hostile requests (issue 10): each attack with the outcome mcsurvey promises.

Run: python3 tests/http/test_hostile.py /path/to/build/mcsurvey

One server (--read-timeout 2 so slow clients are cut off quickly) on a fresh database, with a form
whose labels, hints, choices and title carry script and SQL (tests/http/hostile_form.md is written
below). Every response seen is checked for the security headers.
"""
import csv
import io
import json
import os
import socket
import sqlite3
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e as e2e  # noqa: E402

READ_TIMEOUT = 2

SCRIPT = "<script>alert('x')</script>"
SQL = "Robert'); DROP TABLE responses;--"
HOSTILE_FORM = """| survey | type | name | label | hint | required |
| | text | who | Name %(script)s | Hint "><svg onload=alert(1)> | yes |
| | select_one yn | agree | %(sql)s agree? | | |
| | integer | age | Age <b>bold</b> | | |
| | text | note | Note & notes | | |
| choices | list_name | name | label |
| | yn | yes | Yes <img src=x onerror=alert(1)> |
| | yn | no | No |
| settings | form_id | form_title | version |
| | hostile | Hostile %(script)s & "title" | 1 |
""" % {"script": SCRIPT, "sql": SQL}

RAW_MARKERS = ["<script>alert", "<svg onload", "<img src=x", "<b>bold</b>"]


def raw_request(port, data, timeout=10, shut=False):
    """Sends raw bytes; returns (status or 0, headers text, body bytes)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            if shut:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading everything: read its answer
        buf = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            buf += chunk
    finally:
        s.close()
    head, _, body = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1]) if lines and lines[0].startswith("HTTP/") else 0
    return status, "\n".join(lines[1:]).lower(), body


class Hostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-hostile-")
        cls.db_path = os.path.join(cls.tmp.name, "hostile.db")
        cls.server = harness.server(cls.tmp.name, "hostile", extra_args=["--read-timeout", str(READ_TIMEOUT)])
        cls.server.start()
        cls.server.stop()
        form_path = os.path.join(cls.tmp.name, "hostile.md")
        with open(form_path, "w", encoding="utf-8") as f:
            f.write(HOSTILE_FORM)
        p = cls.server.cli("import", form_path, "--publish")
        if p.returncode != 0:
            raise RuntimeError("import of the hostile form failed: %s" % p.stderr.decode())
        cls.server.start()
        cls.seen = []

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    # --- helpers ---------------------------------------------------------------------------------

    def br(self):
        return e2e.Browser(self.server.base)

    def check(self, r):
        """Every response carries the security headers."""
        csp = r.header("Content-Security-Policy") or ""
        where = "%s %s -> %s" % (r.method, r.url, r.status)
        self.assertIn("script-src 'self'", csp, where)
        self.assertIn("default-src 'self'", csp, where)
        self.assertIn("frame-ancestors 'none'", csp, where)
        self.assertNotIn("unsafe-inline", csp, where)
        self.assertNotIn("unsafe-eval", csp, where)
        self.assertEqual((r.header("X-Content-Type-Options") or "").lower(), "nosniff", where)
        self.assertEqual(r.header("Referrer-Policy"), "no-referrer", where)
        return r

    def get(self, path, br=None, **kw):
        return self.check((br or self.br()).get(path, **kw))

    def post(self, path, data, br=None, headers=None):
        return self.check((br or self.br()).post(path, data, headers=headers))

    def api_post(self, form_id, body):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.check(self.br().request("POST", "/api/v1/forms/%s/responses" % form_id, data=raw,
                                            headers={"Content-Type": "application/json"}))

    def count_rows(self):
        con = sqlite3.connect(self.db_path, timeout=30)
        try:
            return con.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
        finally:
            con.close()

    def rows(self, form_id):
        con = sqlite3.connect(self.db_path, timeout=30)
        try:
            return [json.loads(a) for (a,) in con.execute("SELECT answers FROM responses WHERE form_id = ?", (form_id,))]
        finally:
            con.close()

    def assert_escaped(self, text, where):
        for m in RAW_MARKERS:
            self.assertNotIn(m, text, "%s: %r came back unescaped" % (where, m))

    # --- limits ------------------------------------------------------------------------------------

    def test_oversized_header_431(self):
        status, headers, _ = raw_request(self.server.port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertEqual(status, 431)
        self.assertIn("content-security-policy", headers)
        many = b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 100) for i in range(300))
        status, _, _ = raw_request(self.server.port, b"GET / HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
        self.assertEqual(status, 431, "300 headers of 100 bytes")

    def test_oversized_body_413(self):
        body = b"a=" + b"x" * (2 * 1024 * 1024)
        status, headers, _ = raw_request(
            self.server.port, b"POST /s/hostile HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.assertEqual(status, 413)
        self.assertIn("content-security-policy", headers)
        # A chunked body that grows past the limit is stopped the same way.
        chunk = b"x" * 65536
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"
        status, _, _ = raw_request(self.server.port, b"POST /api/v1/forms/hostile/responses HTTP/1.1\r\nHost: x\r\n"
                                   b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
        self.assertEqual(status, 413)

    def test_garbage_request_400(self):
        status, headers, _ = raw_request(self.server.port, b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
        self.assertEqual(status, 400)
        self.assertIn("x-content-type-options: nosniff", headers)

    def test_slow_clients_are_cut_off_and_freed(self):
        # Many connections that send part of a header and then nothing (slowloris), and one that
        # dribbles a byte every 0.3 s: the deadline is per request, not per byte.
        socks = []
        for _ in range(40):
            s = socket.create_connection(("127.0.0.1", self.server.port))
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            socks.append(s)
        dribble = socket.create_connection(("127.0.0.1", self.server.port))
        start = time.monotonic()
        closed_at = None
        for b in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"y" * 100:
            try:
                dribble.sendall(bytes([b]))
            except (BrokenPipeError, ConnectionResetError):
                closed_at = time.monotonic() - start
                break
            time.sleep(0.3)
            if time.monotonic() - start > READ_TIMEOUT + 6:
                break
        if closed_at is None:
            dribble.settimeout(READ_TIMEOUT + 3)
            try:
                got = dribble.recv(100)
                if got == b"":
                    closed_at = time.monotonic() - start
            except (ConnectionResetError, socket.timeout):
                closed_at = time.monotonic() - start if not isinstance(sys.exc_info()[1], socket.timeout) else None
        dribble.close()
        self.assertIsNotNone(closed_at, "a client dribbling one byte every 0.3 s kept its connection")
        self.assertLess(closed_at, READ_TIMEOUT + 3, "the dribbling client was cut off only after %.1f s" % closed_at)
        for s in socks:
            s.settimeout(5)
            try:
                self.assertEqual(s.recv(100), b"", "a silent half-request got an answer instead of being closed")
            except ConnectionResetError:
                pass
            s.close()
        # The server still serves, and the connections were freed (no lingering sessions).
        self.assertEqual(self.get("/healthz").status, 200)

    # --- bad answers ---------------------------------------------------------------------------------

    def test_invalid_utf8(self):
        before = self.count_rows()
        r = self.api_post("hostile", b'{"answers": {"who": "\xff\xfe bad"}}')
        self.assertEqual(r.status, 400, r)
        r = self.api_post("hostile", {"answers": {"who": "ok", "note": "x"}, "lang": "\udcff".encode("utf-8", "surrogatepass").decode("latin-1")})
        self.assertIn(r.status, (400, 422), r)
        # An HTML post: the page says what is wrong, nothing is stored.
        br = self.br()
        page = e2e.Page(self.get("/s/hostile", br))
        data = page.form_data({"who": "placeholder"}, "next")
        body = "&".join("%s=%s" % (e2e.urllib.parse.quote(k), e2e.urllib.parse.quote(v)) for k, v in data if k != "who")
        body += "&who=%FF%FEbad"
        r = self.post(page.action, body.encode(), br, headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 422, r)
        self.assertIn("invalid", r.text.lower())
        # A first page is saved even with errors (so the resume link works), but without the bad bytes.
        con = sqlite3.connect(self.db_path, timeout=30)
        con.text_factory = bytes
        try:
            raw = [a for (a,) in con.execute("SELECT answers FROM responses")]
        finally:
            con.close()
        self.assertLessEqual(len(raw), before + 1)
        for a in raw:
            a.decode("utf-8")  # raises on invalid UTF-8
            self.assertNotIn(b"bad", a, "the invalid answer was stored")

    def test_overlong_answer_422(self):
        r = self.api_post("hostile", {"answers": {"who": "x" * 10001}})
        self.assertEqual(r.status, 422, r)
        self.assertIn("who", [e["field"] for e in r.json()["errors"]])
        self.assertIn("too long", json.dumps(r.json()))
        r = self.api_post("hostile", {"answers": {"who": "é" * 10000}})  # 10,000 characters, 20,000 bytes
        self.assertEqual(r.status, 201, r)

    def test_unknown_fields_and_wrong_types(self):
        before = self.count_rows()
        cases = [
            ({"answers": {"who": "a", "password": "x"}}, 422, "password"),
            ({"answers": {"who": "a", "age": "abc"}}, 422, "age"),
            ({"answers": {"who": "a", "age": [1, 2]}}, 422, "age"),
            ({"answers": {"who": "a", "age": {"$gt": 1}}}, 422, "age"),
            ({"answers": {"who": "a", "agree": "maybe"}}, 422, "agree"),
            ({"answers": {"who": ["a"]}}, 422, "who"),
            ({"answers": {"who": "a", "age": 1e308}}, 422, "age"),
            ({"answers": ["who", "a"]}, 400, None),
            ({"answers": "who=a"}, 400, None),
            ({"lang": 5, "answers": {"who": "a"}}, 400, None),
        ]
        for body, status, field in cases:
            with self.subTest(body=body):
                r = self.api_post("hostile", body)
                self.assertEqual(r.status, status, r)
                if field:
                    self.assertIn(field, [e["field"] for e in r.json()["errors"]], r)
        for raw in (b"", b"{", b"null", b"[]", b'{"answers": {"who": "a"}} trailing', b"\x00" * 10):
            with self.subTest(raw=raw):
                self.assertEqual(self.api_post("hostile", raw).status, 400)
        self.assertEqual(self.api_post("no_such_form", {"answers": {}}).status, 404)
        self.assertEqual(self.count_rows(), before, "a refused submission was stored")
        # An HTML post with fields the page does not have: ignored, never stored.
        br = self.br()
        page = e2e.Page(self.get("/s/hostile", br))
        data = page.form_data({"who": "html unknown"}, "next") + [("password", "x"), ("age", "12"), ("__proto__", "y")]
        r = self.post(page.action, data, br)
        self.assertEqual(r.status, 303, r)
        stored = [a for a in self.rows("hostile") if a.get("who") == "html unknown"]
        self.assertEqual(len(stored), 1)
        self.assertNotIn("password", stored[0])
        self.assertNotIn("__proto__", stored[0])

    # --- injection: stored as data, rendered escaped --------------------------------------------------

    def test_script_and_sql_in_labels_rendered_escaped(self):
        for path in ("/", "/s/hostile", "/api/v1/forms/hostile", "/s/hostile/logic.js?v=1"):
            r = self.get(path)
            self.assertEqual(r.status, 200, r)
            if path.startswith("/api") or path.endswith(".js"):
                continue
            self.assert_escaped(r.text, path)
        page = self.get("/s/hostile").text
        self.assertIn("Name &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", page)
        self.assertIn("Robert&#39;); DROP TABLE responses;--", page)
        self.assertIn("Yes &lt;img src=x onerror=alert(1)&gt;", page)
        # The JSON form keeps the labels as data, exactly.
        form = self.get("/api/v1/forms/hostile").json()
        labels = json.dumps(form)
        self.assertIn(json.dumps(SCRIPT)[1:-1], labels)
        # logic.js carries labels only as JSON strings: no way to close a script element or a string.
        js = self.get("/s/hostile/logic.js?v=1").text
        self.assertNotIn("</script>", js)

    def test_script_and_sql_in_answers_stored_as_data(self):
        evil = {"who": SQL + " " + SCRIPT, "note": "1; DELETE FROM responses WHERE 1=1; --"}
        br = self.br()
        page = e2e.Page(self.get("/s/hostile", br))
        r = self.post(page.action, page.form_data(evil, "next"), br)
        self.assertEqual(r.status, 303, r)
        nxt = self.get(e2e.path_of(r.header("Location")), br)
        self.assert_escaped(nxt.text, "the page after the hostile answers")
        # Back on the first page, the answers are shown escaped inside the inputs.
        p2 = e2e.Page(nxt)
        if p2.action and "back" in p2.actions:
            r = self.post(p2.action, p2.form_data({}, "back"), br)
            back = self.get(e2e.path_of(r.header("Location")), br)
            self.assert_escaped(back.text, "page 1 again")
            self.assertEqual(e2e.Page(back).fields["who"].value, evil["who"])
        r = self.api_post("hostile", {"answers": evil})
        self.assertEqual(r.status, 201, r)
        stored = [a for a in self.rows("hostile") if a.get("note") == evil["note"]]
        self.assertGreaterEqual(len(stored), 2, "the hostile answers are not stored verbatim")
        self.assertTrue(all(a["who"] == evil["who"] for a in stored))
        self.assertGreater(self.count_rows(), 0, "the responses table lost rows")

    def test_csv_formula_injection_neutralised(self):
        formulas = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
        for i, f in enumerate(formulas):
            r = self.api_post("hostile", {"answers": {"who": "formula %d" % i, "note": f}})
            self.assertEqual(r.status, 201, r)
        out = os.path.join(self.tmp.name, "hostile.csv")
        p = self.server.cli("export", "--form", "hostile", "--format", "csv", "--out", out)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        with open(out, "rb") as fh:
            text = fh.read().decode("utf-8-sig")
        rows = {r["who"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
        for i, f in enumerate(formulas):
            cell = rows["formula %d" % i]["note"]
            self.assertEqual(cell, "'" + f, "formula %r exported as %r" % (f, cell))
        # The label row / header never carries active content either.
        self.assertFalse(any(c.startswith(("=", "+", "@")) for c in text.splitlines()[0].split(",")))

    # --- routes -------------------------------------------------------------------------------------------

    def test_path_traversal(self):
        for path in ("/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
                     "/static/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd",
                     "/static/mcsurvey.css/../../../etc/passwd", "/static/%00mcsurvey.css",
                     "/static/README.md", "/static/..\\..\\etc\\passwd",
                     "/s/../../etc/passwd", "/s/hostile/r/..%2f..%2fetc%2fpasswd", "/../../etc/passwd",
                     "/api/v1/forms/..%2f..%2fetc%2fpasswd", "/api/v1/forms/hostile%2f..%2f..%2fetc/responses"):
            with self.subTest(path=path):
                status, headers, body = raw_request(self.server.port, ("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                                                       % path).encode(), shut=False)
                self.assertIn(status, (400, 401, 404), path)
                self.assertNotIn(b"root:", body)
                self.assertIn("content-security-policy", headers)

    def test_csrf_missing_or_foreign(self):
        before = self.count_rows()
        victim, attacker = self.br(), self.br()
        vpage = e2e.Page(self.get("/s/hostile", victim))
        apage = e2e.Page(self.get("/s/hostile", attacker))
        good = vpage.form_data({"who": "csrf"}, "next")
        foreign = [(n, apage.hidden_value("_mcs_csrf") if n == "_mcs_csrf" else v) for n, v in good]
        self.assertEqual(self.post(vpage.action, foreign, victim).status, 403, "a token from another session")
        self.assertEqual(self.post(vpage.action, [(n, v) for n, v in good if n != "_mcs_csrf"], victim).status, 403)
        self.assertEqual(self.post(vpage.action, good, self.br()).status, 403, "no cookie")
        self.assertEqual(self.post(vpage.action, [(n, "" if n == "_mcs_csrf" else v) for n, v in good], victim).status, 403)
        self.assertEqual(self.count_rows(), before, "a post without a valid CSRF token stored something")
        self.assertEqual(self.post(vpage.action, good, victim).status, 303, "the real token")

    def test_reading_responses_needs_the_right_token(self):
        url = "/api/v1/forms/hostile/responses"
        for u, role in (("hviewer", "viewer"), ("hanalyst", "analyst")):
            p = self.server.cli("user", "add", u, "--role", role, stdin=b"a-long-password-123\na-long-password-123\n")
            self.assertEqual(p.returncode, 0, p.stderr.decode())
        tok = {}
        for u in ("hviewer", "hanalyst"):
            p = self.server.cli("token", "add", u)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            tok[u] = p.stdout.decode().strip().splitlines()[-1].strip()
        # Distinct client addresses are not available on loopback: the failure budget is 10.
        self.assertEqual(self.get(url).status, 401)
        self.assertEqual(self.get(url, headers={"Authorization": "Bearer " + tok["hanalyst"][:-1] + "x"}).status, 401)
        self.assertEqual(self.get(url, headers={"Authorization": "Basic YWRtaW46YWRtaW4="}).status, 401)
        self.assertEqual(self.get(url, headers={"Authorization": "Bearer " + tok["hviewer"]}).status, 403, "a viewer's token")
        r = self.get(url, headers={"Authorization": "Bearer " + tok["hanalyst"]})
        self.assertEqual(r.status, 200, r)
        # Brute force: after ten failures from one address, even the right token waits (429).
        statuses = [self.get(url, headers={"Authorization": "Bearer mcs_guess_%d" % i}).status for i in range(12)]
        self.assertIn(429, statuses, "guessing tokens is never slowed down: %s" % statuses)
        r = self.get(url, headers={"Authorization": "Bearer " + tok["hanalyst"]})
        self.assertEqual(r.status, 429, "a right token right after a guessing spree")
        self.assertTrue(r.header("Retry-After"))

    def test_security_headers_on_every_kind_of_response(self):
        br = self.br()
        kinds = [self.get("/", br), self.get("/s/hostile", br), self.get("/static/mcsurvey.css"), self.get("/nope"),
                 self.get("/healthz"), self.get("/api/v1/forms"), self.check(self.br().request("DELETE", "/s/hostile")),
                 self.get("/favicon.ico"), self.get("/admin"), self.get("/metrics")]
        self.assertEqual(sorted({k.status for k in kinds}), [200, 204, 303, 404, 405])
        for k in kinds:
            if k.header("Content-Type", ) and "html" in k.header("Content-Type"):
                self.assertNotIn("<script>", k.text.replace('<script src=', ''), "inline script in %s" % k.url)
                self.assertNotIn(" style=", k.text, "inline style in %s" % k.url)
                self.assertNotIn(" onclick=", k.text)


if __name__ == "__main__":
    sys.exit(harness.main())
