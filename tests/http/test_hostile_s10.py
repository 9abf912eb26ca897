#!/usr/bin/env python3
"""Hostile review of what sessions 8 and 9 added (public results and their PDF, study texts, contacts,
campaigns, templates, bounces, margins, opt-out, invitation links), against the real server:

- labels written to attack the page and the PDF printer (HTML, a network image, a local file in a
  frame) are shown as text on the public results page, and the printed PDF neither shows the local
  file nor reaches the network (a real listener counts connections);
- fresh prints of the public results PDF are limited per visitor (anyone may post a response and so
  make the next PDF a fresh print);
- every console post added there refuses a post without the session's CSRF token, and every page
  refuses a role below its own;
- forged opt-out, invitation and resume links get nothing.

Usage: test_hostile_s10.py /path/to/mcsurvey
"""
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_console  # noqa: E402
import test_e2e as e2e  # noqa: E402


class Listener:
    """A TCP listener on 127.0.0.1 counting the connections made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopped:
            try:
                c, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            try:
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nLEAKED")
            finally:
                c.close()

    def close(self):
        self.stopped = True
        self.thread.join()
        self.sock.close()


def hostile_form(port, secret):
    net = "http://127.0.0.1:%d" % port
    return """\
| survey | type | name | label |
| | select_one size | size | Size<img src="%(net)s/question.png"><iframe src="file://%(secret)s"></iframe> |
| choices | list_name | name | label |
| | size | small | Small<script>fetch('%(net)s/choice')</script> |
| | size | large | Large<link rel="stylesheet" href="%(net)s/choice.css"> |
| settings | form_id | form_title | version |
| | hostile_s10 | Hostile<iframe src="%(net)s/title"></iframe> | 1 |
""" % {"net": net, "secret": secret}


class HostileS10(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-hostile-s10-")
        cls.server = e2e.Server(e2e.BINARY, cls.tmp.name, extra_args=["--post-rate", "0"])
        cls.server.start()
        cls.base = cls.server.base
        cls.owner = test_console.Console(cls.base)
        cls.owner.sign_in("admin", e2e.ADMIN_PASSWORD)
        cls.members = {"owner": cls.owner}
        for role in ("analyst", "viewer"):
            name, pw = "s10-" + role, "password-of-s10-" + role
            r = cls.owner.act("/admin/users", {"name": name, "role": role, "password": pw}, "/admin/users")
            assert r.status in (200, 303), r
            c = test_console.Console(cls.base)
            c.sign_in(name, pw)
            cls.members[role] = c

    @classmethod
    def tearDownClass(cls):
        if cls.server.proc:
            cls.server.stop()
        cls.tmp.cleanup()

    def anon(self):
        return e2e.Browser(self.base)

    def post_json(self, form, answers):
        r = self.anon().request("POST", "/api/v1/forms/%s/responses" % form,
                                data=json.dumps({"answers": answers}).encode(),
                                headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.text[:300])

    def need_pdf_tools(self):
        if not os.path.exists(os.environ.get("MCSURVEY_CHROMIUM") or "/usr/bin/chromium"):
            self.skipTest("Chromium missing (scripts/install-deps.sh test)")
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext missing (poppler-utils)")

    def pdf_text(self, data):
        path = os.path.join(self.tmp.name, "results.pdf")
        with open(path, "wb") as f:
            f.write(data)
        return subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")

    # --- public results: labels that attack the page and the printer ----------------------------

    def test_01_hostile_labels_on_the_public_results_page_and_pdf(self):
        net = Listener()
        self.addCleanup(net.close)
        secret = os.path.join(self.tmp.name, "secret.html")
        with open(secret, "w") as f:
            f.write("<p>SECRET-FILE-CONTENT-s10</p>")
        r = self.owner.upload("hostile_s10.md", hostile_form(net.port, secret))
        self.assertEqual(r.status, 200, r.text[:500])
        r = self.owner.act("/admin/forms/hostile_s10/publish", {"version": "1"}, "/admin/forms/hostile_s10")
        self.assertIn(r.status, (200, 303), r)
        for size in ["small"] * 5 + ["large"] * 5:
            self.post_json("hostile_s10", {"size": size})
        r = self.owner.act("/admin/forms/hostile_s10/results",
                           {"questions": "size", "min_cell": "5", "action": "publish"},
                           "/admin/forms/hostile_s10/results")
        self.assertEqual(r.status, 200, r.text[:500])
        page = self.anon().get("/results/hostile_s10")
        self.assertEqual(page.status, 200)
        for raw in ("<img src=", "<iframe", "<script>fetch", "<link rel=\"stylesheet\" href=\"http"):
            self.assertNotIn(raw, page.text, "a label's HTML reached the public results page as HTML")
        self.assertIn("&lt;iframe", page.text)  # shown, as text
        self.need_pdf_tools()
        pdf = self.anon().get("/results/hostile_s10/results.pdf")
        self.assertEqual(pdf.status, 200, pdf.text[:300] if pdf.status != 200 else "")
        text = self.pdf_text(pdf.raw)
        self.assertIn("<iframe", text)  # the label's text, printed as text
        self.assertNotIn("SECRET-FILE-CONTENT", text)
        self.assertNotIn("LEAKED", text)
        self.assertEqual(net.connections, 0, "printing the results reached the network")

    def test_02_fresh_results_pdfs_are_limited_per_visitor(self):
        """Every response posted makes the next PDF a fresh Chromium print: a visitor alternating the
        two gets a few, then 429 with Retry-After, while the page itself stays available."""
        self.need_pdf_tools()
        if self.anon().get("/results/hostile_s10").status != 200:
            self.skipTest("test_01 did not publish the results")
        statuses = []
        for i in range(5):
            self.post_json("hostile_s10", {"size": "small" if i % 2 else "large"})
            r = self.anon().get("/results/hostile_s10/results.pdf")
            statuses.append(r.status)
            if r.status == 429:
                self.assertGreater(int(r.headers["Retry-After"]), 0)
                break
        self.assertIn(429, statuses, statuses)
        self.assertEqual(statuses[0], 200, statuses)
        self.assertEqual(self.anon().get("/results/hostile_s10").status, 200)

    def test_02b_fresh_results_pages_are_limited_per_visitor(self):
        """A fresh page reads every response's published answers: a visitor alternating posts and page
        loads gets 30 fresh pages, then 429, while pages from the cache stay free."""
        if self.anon().get("/results/hostile_s10").status != 200:
            self.skipTest("test_01 did not publish the results")
        statuses = []
        for i in range(60):
            self.post_json("hostile_s10", {"size": "small"})
            r = self.anon().get("/results/hostile_s10")
            statuses.append(r.status)
            if r.status == 429:
                self.assertGreater(int(r.headers["Retry-After"]), 0)
                break
        self.assertEqual(statuses[-1], 429, statuses)
        self.assertGreaterEqual(len(statuses), 25, "refused before 30 fresh pages: %s" % statuses)

    # --- the console: CSRF on every post, roles on every page -------------------------------------

    # (path, least role) of the console pages added in sessions 8 and 9.
    PAGES = [
        ("/admin/contacts", "analyst"), ("/admin/contacts/edit?email=a%40example.org", "owner"),
        ("/admin/campaigns", "analyst"), ("/admin/mail/templates", "analyst"),
        ("/admin/mail/templates/invitation/en", "analyst"), ("/admin/mail", "owner"), ("/admin/bounces", "owner"),
        ("/admin/study", "owner"), ("/admin/study/export?lang=fr", "owner"),
        ("/admin/forms/employers/results", "analyst"), ("/admin/forms/employers/translations", "analyst"),
        ("/admin/report/employers/merges", "analyst"), ("/admin/report/employers/weights", "analyst"),
        ("/admin/study-report", "analyst"), ("/admin/study-report/weights", "analyst"),
        ("/admin/privacy", "owner"), ("/admin/followups", "owner"),
    ]
    # (path, fields) of the console posts added in sessions 8 and 9, each sent without a token.
    POSTS = [
        ("/admin/contacts/edit", {"email": "a@example.org", "name": "x"}),
        ("/admin/contacts/delete", {"email": "a@example.org"}),
        ("/admin/campaigns/send", {"form": "employers"}), ("/admin/campaigns/remind", {"form": "employers"}),
        ("/admin/campaigns/schedule", {"form": "employers"}),
        ("/admin/mail/smtp", {"host": "evil.example"}), ("/admin/mail/test", {"to": "a@example.org"}),
        ("/admin/mail/templates/invitation/en", {"subject": "x", "body": "{link}"}),
        ("/admin/bounces/address", {"address": "b@example.org"}), ("/admin/bounces/mailbox", {"host": "x"}),
        ("/admin/bounces/fetch", {}),
        ("/admin/study/texts", {"lang": "en", "study_title": "pwned"}), ("/admin/study/groups", {"groups": "x"}),
        ("/admin/forms/employers/results", {"questions": "org_size", "min_cell": "5", "action": "publish"}),
        ("/admin/report/employers/merges", {"remove": "0"}),
        ("/admin/report/employers/weights", {"margins": "org_size,micro,1"}),
        ("/admin/study-report/weights", {"margins": "org_size,micro,1"}),
        ("/admin/privacy/employers/acknowledgement", {"required": "1"}),
    ]
    # Multipart uploads: the token travels inside the body, so the handler checks it itself.
    UPLOADS = ["/admin/contacts/import", "/admin/study/import", "/admin/forms/employers/translations/import",
               "/admin/report/employers/weights", "/admin/study-report/weights"]

    def test_03_console_pages_refuse_lower_roles(self):
        rank = {"viewer": 0, "analyst": 1, "owner": 2}
        for path, least in self.PAGES:
            for role, member in self.members.items():
                r = member.get(path)
                if rank[role] < rank[least]:
                    self.assertEqual(r.status, 403, "%s opened for a %s" % (path, role))
                else:
                    self.assertNotIn(r.status, (403, 500), "%s refused a %s: %s" % (path, role, r.text[:200]))

    def test_04_console_posts_refuse_a_missing_or_foreign_token(self):
        foreign = self.members["analyst"].csrf()
        for path, fields in self.POSTS:
            r = self.owner.post(path, fields)
            self.assertEqual(r.status, 403, "%s accepted a post without a token" % path)
            r = self.owner.post(path, dict(fields, _csrf=foreign))
            self.assertEqual(r.status, 403, "%s accepted another session's token" % path)
        for path in self.UPLOADS:
            for token in (None, foreign):
                fields = {} if token is None else {"_csrf": token}
                body, ctype = test_console.multipart(fields, {"file": ("x.csv", b"email\na@example.org\n")})
                r = self.owner.request("POST", path, data=body, headers={"Content-Type": ctype})
                self.assertEqual(r.status, 403, "%s accepted an upload with token %r" % (path, token))
        # The study's texts are unchanged by all of it.
        self.assertNotIn("pwned", self.anon().get("/").text)

    def test_05_uploads_refuse_a_lower_role_with_a_good_token(self):
        viewer = self.members["viewer"]
        for path in self.UPLOADS:
            body, ctype = test_console.multipart({"_csrf": viewer.csrf()},
                                                 {"file": ("x.csv", b"email\na@example.org\n")})
            r = viewer.request("POST", path, data=body, headers={"Content-Type": ctype})
            self.assertEqual(r.status, 403, "%s took a viewer's upload" % path)

    def test_07_textareas_give_back_what_was_saved(self):
        """A console text box shows a bidirectional mark as a character reference, so the text comes back
        unchanged when posted again ([U+200F] shown as text would be saved into the template)."""
        analyst = self.members["analyst"]
        path = "/admin/mail/templates/invitation/en"
        body = "Hello \u200fAmal\u200f, <b>answer</b>: {link}"
        r = analyst.act(path, {"subject": "Survey", "body": body, "action": "save"}, path)
        self.assertIn(r.status, (200, 303), r)
        page = analyst.get(path).text
        box = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
        self.assertNotIn("[U+200F]", box)
        self.assertEqual(html.unescape(box), body)

    # --- links in e-mails ------------------------------------------------------------------------

    def test_06_forged_links_get_nothing(self):
        anon = self.anon()
        for path in ["/optout/abc.en.0123456789abcdef0123456789abcdef", "/optout/x"]:
            self.assertEqual(anon.get(path).status, 404, path)
            self.assertEqual(anon.post(path, {"List-Unsubscribe": "One-Click"}).status, 404, path)
        for inv in ["abc.0123456789abcdef", "x", "../../etc/passwd", "%0d%0aLocation:%20http://evil.example"]:
            r = anon.get("/s/employers?inv=" + inv)
            self.assertEqual(r.status, 404, inv)
            self.assertNotIn("evil.example", r.headers.get("Location", ""))
        self.assertEqual(anon.get("/s/employers/r/" + "0" * 40 + "/answers.pdf").status, 404)


if __name__ == "__main__":
    sys.exit(harness.main())
