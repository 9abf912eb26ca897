#!/usr/bin/env python3
"""End-to-end tests of the study team's console (/admin): a real `mcsurvey serve` on a temporary
SQLite database, driven over HTTP like a browser without JavaScript.

Run: python3 tests/http/test_console.py /path/to/build/mcsurvey

Python 3 standard library only; the server and HTTP client come from test_e2e.py. The tests share
one server and run in order (test_01 ... ): accounts made early are used later.
"""
import csv
import datetime
import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import uuid
import zipfile
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e  # noqa: E402
from test_e2e import Browser, Server, path_of  # noqa: E402

BINARY = None
OWNER_PW = test_e2e.ADMIN_PASSWORD

GOOD_FORM = """\
| survey | type | name | label | required | appearance |
| | select_one country | country | Country? | yes | |
| | begin_group | grid | Rate these | | table-list |
| | select_one agree | a1 | A1 | | |
| | select_one agree | a2 | A2 | | |
| | select_one agree | a3 | A3 | | |
| | end_group | | | | |
| | begin_group | more | More | | field-list |
| | text | comment | Comment? | | |
| | text | honeypot | Leave this empty | | |
| | end_group | | | | |
| choices | list_name | name | label |
| | country | BE | Belgium |
| | country | FR | France |
| | agree | 1 | Disagree |
| | agree | 2 | Agree |
| settings | form_id | form_title | version |
| | console_test | Console test | 1 |
"""
BAD_FORM = GOOD_FORM.replace("select_one agree | a2", "select_one nolist | a2")


def csrf_of(text):
    m = re.search(r'name="_csrf" value="([0-9a-f]+)"', text)
    return m.group(1) if m else None


def multipart(fields, files):
    """(body, content type) for fields {name: value} and files {name: (filename, bytes)}."""
    b = "----mcs" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode()
    for k, (fn, data) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n" % (b, k, fn)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


def answer_pages(b, start, answers, max_pages=10, delay=0.0):
    """Answers a questionnaire through its HTML pages (no JavaScript): each page gets the answers
    for the controls it shows, then "check your answers" is sent. Returns the last response."""
    r = b.get(start)
    for _ in range(max_pages):
        if r.status == 303:
            r = b.get(r.header("Location"))
            continue
        if r.status != 200:
            return r
        m = re.search(r'<form method="post" id="mcs-page" action="([^"]+)"', r.text)
        if not m:
            return r
        action = m.group(1).replace("&amp;", "&")
        data = {"_mcs_csrf": re.search(r'name="_mcs_csrf" value="([^"]+)"', r.text).group(1),
                "_mcs_page": re.search(r'name="_mcs_page" value="([^"]+)"', r.text).group(1)}
        if data["_mcs_page"] == "review":
            data["_mcs_action"] = "submit"
        else:
            data["_mcs_action"] = "next"
            for name, value in answers.items():
                if re.search(r'name="%s"' % re.escape(name), r.text):
                    data[name] = value
        time.sleep(delay)
        r = b.post(action, data)
    return r


class Console(Browser):
    """A signed-in (or not) team member."""

    def sign_in(self, name, password, expect=303):
        page = self.get("/admin/login")
        r = self.post("/admin/login", {"_csrf": csrf_of(page.text), "name": name, "password": password,
                                       "next": "/admin"})
        if expect is not None:
            assert r.status == expect, r
        return r

    def csrf(self, path="/admin/account"):
        return csrf_of(self.get(path).text)

    def act(self, path, data=None, from_page="/admin/account"):
        data = dict(data or {})
        data.setdefault("_csrf", self.csrf(from_page))
        return self.post(path, data)

    def upload(self, filename, text, from_page="/admin/forms"):
        body, ctype = multipart({"_csrf": self.csrf(from_page)}, {"file": (filename, text.encode("utf-8"))})
        return self.request("POST", "/admin/forms/upload", data=body, headers={"Content-Type": ctype})


class ConsoleTest(unittest.TestCase):
    state = {}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcs-console-")
        cls.server = Server(BINARY, cls.tmp.name)
        cls.server.start()
        cls.base = cls.server.base

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.tmp.cleanup()
        assert rc == 0, "server exit code %r" % rc

    def owner(self):
        if "owner" not in self.state:
            c = Console(self.base)
            c.sign_in("admin", OWNER_PW)
            self.state["owner"] = c
        return self.state["owner"]

    def member(self, role):
        """A signed-in account with `role` (created by the owner on first use)."""
        key = "member_" + role
        if key not in self.state:
            name, pw = "team-" + role, "password-of-" + role
            r = self.owner().act("/admin/users", {"name": name, "role": role, "password": pw}, "/admin/users")
            self.assertIn(r.status, (200, 409), r)  # 409: made by an earlier test
            c = Console(self.base)
            c.sign_in(name, pw)
            self.state[key] = c
        return self.state[key]

    # -- access ------------------------------------------------------------------------------

    def test_01_no_session_redirects_to_sign_in(self):
        b = Console(self.base)
        for path in ["/admin", "/admin/forms", "/admin/users", "/admin/exports/vet_providers.csv"]:
            r = b.get(path)
            self.assertEqual(r.status, 303, r)
            self.assertTrue(r.header("Location").startswith("/admin/login?next="), r.header("Location"))
        r = b.post("/admin/users", {"name": "x", "role": "owner", "password": "x" * 20})
        self.assertEqual(r.status, 403, r)

    def test_02_sign_in_sets_a_strict_cookie(self):
        b = Console(self.base)
        page = b.get("/admin/login")
        self.assertEqual(page.status, 200)
        self.assertIn('autocomplete="current-password"', page.text)
        r = b.post("/admin/login", {"_csrf": csrf_of(page.text), "name": "admin", "password": OWNER_PW,
                                    "next": "/admin/forms"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/admin/forms")
        cookies = r.headers.get_all("Set-Cookie")
        session = [c for c in cookies if c.startswith("mcs_admin=")][0]
        self.assertIn("HttpOnly", session)
        self.assertIn("SameSite=Strict", session)
        self.assertNotIn("Secure", session)  # plain HTTP without a trusted proxy
        self.assertRegex(session, r"^mcs_admin=[0-9a-f]{64};")
        home = b.get("/admin")
        self.assertEqual(home.status, 200, home)
        self.assertIn("Signed in as admin (owner)", home.text)
        self.assertIn("script-src 'self'", home.header("Content-Security-Policy"))
        self.assertNotIn("<script", home.text)
        self.assertNotIn("style=", home.text)
        # An open redirect is refused: next= outside the console goes to the dashboard.
        b2 = Console(self.base)
        page = b2.get("/admin/login?next=//evil.example/")
        r = b2.post("/admin/login", {"_csrf": csrf_of(page.text), "name": "admin", "password": OWNER_PW,
                                     "next": "//evil.example/"})
        self.assertEqual(r.header("Location"), "/admin")

    def test_03_sign_in_without_its_token_is_refused(self):
        b = Console(self.base)
        b.get("/admin/login")
        r = b.post("/admin/login", {"name": "admin", "password": OWNER_PW})
        self.assertEqual(r.status, 403, r)
        self.assertIsNone(b.cookie("mcs_admin"))

    def test_04_lock_out_after_repeated_failures(self):
        self.member("viewer")  # creates team-viewer
        b = Console(self.base)
        for i in range(5):
            r = b.sign_in("team-viewer", "wrong password %d" % i, expect=401)
            self.assertIn("not right", r.text)
        refused = r.text
        # The right password is held back (from a browser that never signed in as team-viewer),
        # with the very answer a wrong password gets.
        r = b.sign_in("team-viewer", "password-of-viewer", expect=401)
        self.assertEqual(r.text, refused)
        self.assertIsNone(b.cookie("mcs_admin"))
        users = self.owner().get("/admin/users")
        self.assertIn("held back until", users.text)
        # The owner unlocks it; then the password works again.
        r = self.owner().act("/admin/users/team-viewer/unlock", {}, "/admin/users")
        self.assertEqual(r.status, 200, r)
        b.sign_in("team-viewer", "password-of-viewer")
        self.assertEqual(b.get("/admin").status, 200)
        # An unknown name is refused with the same message.
        r = Console(self.base).sign_in("nobody-at-all", "whatever", expect=401)
        self.assertIn("not right", r.text)

    def test_05_csrf_missing_or_from_another_session(self):
        owner = self.owner()
        r = owner.post("/admin/users", {"name": "evil", "role": "owner", "password": "x" * 20})
        self.assertEqual(r.status, 403, r)
        # A token from another session of the same account is still refused.
        other = Console(self.base)
        other.sign_in("admin", OWNER_PW)
        stolen = other.csrf()
        r = owner.post("/admin/users", {"_csrf": stolen, "name": "evil", "role": "owner", "password": "x" * 20})
        self.assertEqual(r.status, 403, r)
        self.assertNotIn("evil", owner.get("/admin/users").text)
        # And a token from a viewer's session too.
        r = owner.post("/admin/users", {"_csrf": self.member("viewer").csrf(), "name": "evil", "role": "owner",
                                        "password": "x" * 20})
        self.assertEqual(r.status, 403, r)

    def test_06_roles(self):
        viewer, analyst, owner = self.member("viewer"), self.member("analyst"), self.owner()
        gets = {  # path: least role
            "/admin": "viewer", "/admin/forms": "viewer", "/admin/invitations": "analyst",
            "/admin/quality": "analyst", "/admin/exports": "analyst", "/admin/tokens": "analyst",
            "/admin/exports/vet_providers.csv": "analyst", "/admin/users": "owner", "/admin/audit": "owner",
        }
        rank = {"viewer": 0, "analyst": 1, "owner": 2}
        for who, c in [("viewer", viewer), ("analyst", analyst), ("owner", owner)]:
            for path, least in gets.items():
                r = c.get(path)
                want = 200 if rank[who] >= rank[least] else 403
                self.assertEqual(r.status, want, "%s GET %s: %r" % (who, path, r))
        # Posts: a viewer cannot change anything, an analyst cannot manage users or forms.
        posts = [
            ("/admin/users", {"name": "x1", "role": "owner", "password": "p" * 14}, "owner"),
            ("/admin/tokens", {"label": "t"}, "analyst"),
            ("/admin/forms/vet_providers/window", {"action": "pause"}, "owner"),
            ("/admin/invitations/vet_providers/import", {"csv": "name,email,group,country\n"}, "analyst"),
        ]
        for who, c in [("viewer", viewer), ("analyst", analyst)]:
            for path, data, least in posts:
                if rank[who] >= rank[least]:
                    continue
                r = c.act(path, data)
                self.assertEqual(r.status, 403, "%s POST %s: %r" % (who, path, r))
        self.assertNotIn("x1", owner.get("/admin/users").text)
        self.assertNotIn("paused", owner.get("/admin/forms").text.lower())
        # The navigation shows only what the role may use.
        nav = viewer.get("/admin").text
        self.assertNotIn('href="/admin/users"', nav)
        self.assertNotIn('href="/admin/exports"', nav)
        self.assertIn('href="/admin/forms"', nav)

    def test_07_sign_out_and_sign_out_everywhere(self):
        self.member("analyst")
        a = Console(self.base)
        a.sign_in("team-analyst", "password-of-analyst")
        b = Console(self.base)
        b.sign_in("team-analyst", "password-of-analyst")
        r = a.act("/admin/logout")
        self.assertEqual(r.status, 303)
        self.assertEqual(a.get("/admin").status, 303)
        self.assertEqual(b.get("/admin").status, 200)
        c = Console(self.base)
        c.sign_in("team-analyst", "password-of-analyst")
        r = c.act("/admin/logout-everywhere")
        self.assertEqual(r.status, 303)
        self.assertEqual(b.get("/admin").status, 303)
        self.assertEqual(c.get("/admin").status, 303)
        self.state.pop("member_analyst", None)

    def test_08_api_tokens_create_use_revoke(self):
        analyst = self.member("analyst")
        r = analyst.act("/admin/tokens", {"label": "nightly sync"}, "/admin/tokens")
        self.assertEqual(r.status, 200, r)
        token = re.search(r'id="new-token">([^<]+)<', r.text).group(1)
        api = Browser(self.base)
        url = "/api/v1/forms/vet_providers/responses"
        self.assertEqual(api.get(url).status, 401)
        ok = api.get(url, headers={"Authorization": "Bearer " + token})
        self.assertEqual(ok.status, 200, ok)
        self.assertIsInstance(ok.json(), (list, dict))
        # The token is not in the page any more, and not in the database as written.
        page = analyst.get("/admin/tokens")
        self.assertNotIn(token, page.text)
        self.assertIn("nightly sync", page.text)
        with open(os.path.join(self.tmp.name, "test.db"), "rb") as f:
            self.assertNotIn(token.encode(), f.read())
        # Someone else's token cannot be revoked by an analyst.
        m = re.search(r'action="/admin/tokens/([0-9a-f]{64})/revoke"', page.text)
        other = Console(self.base)
        other.sign_in("admin", OWNER_PW)
        r = other.act("/admin/tokens", {"label": "owner token"}, "/admin/tokens")
        owner_hash = [h for h in re.findall(r'/admin/tokens/([0-9a-f]{64})/revoke', other.get("/admin/tokens").text)
                      if h != m.group(1)][0]
        r = analyst.act("/admin/tokens/%s/revoke" % owner_hash, {}, "/admin/tokens")
        self.assertEqual(r.status, 404, r)
        r = analyst.act("/admin/tokens/%s/revoke" % m.group(1), {}, "/admin/tokens")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(api.get(url, headers={"Authorization": "Bearer " + token}).status, 401)
        self.assertIn("revoked", analyst.get("/admin/tokens").text)

    # -- forms ---------------------------------------------------------------------------------

    def test_10_upload_bad_form_lists_sheet_row_column(self):
        r = self.owner().upload("console_test.md", BAD_FORM)
        self.assertEqual(r.status, 422, r)
        self.assertIn("Sheet <strong>survey</strong>, row <strong>5</strong>, column <strong>type</strong>", r.text)
        self.assertIn("the choice list &#39;nolist&#39; is not in the choices sheet", r.text)
        self.assertNotIn("console_test</code>", r.text)
        self.assertEqual(Browser(self.base).get("/s/console_test").status, 404)

    def test_11_upload_good_form_then_a_new_version(self):
        owner = self.owner()
        r = owner.upload("console_test.md", GOOD_FORM)
        self.assertEqual(r.status, 200, r)
        self.assertIn("Uploaded a new form console_test, version 1", r.text)
        # An upload lands as a draft: the team previews it; the public neither sees nor answers it.
        self.assertIn("It is a draft", r.text)
        self.assertEqual(Browser(self.base).get("/s/console_test").status, 404)
        self.assertNotIn("/s/console_test", Browser(self.base).get("/").text)
        self.assertEqual(Browser(self.base).post("/api/v1/forms/console_test/responses",
                                                 json.dumps({"answers": {"country": "BE"}}).encode(),
                                                 headers={"Content-Type": "application/json"}).status, 404)
        preview = owner.get("/admin/forms/console_test/preview")
        self.assertEqual(Browser(self.base).get(preview.headers["Location"]).status, 200)
        # The owner publishes it: now it is answered and listed.
        r = owner.act("/admin/forms/console_test/publish", {"version": "1"}, "/admin/forms/console_test")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Published version 1.", r.text)
        self.assertEqual(Browser(self.base).get("/s/console_test").status, 200)
        self.assertIn("/s/console_test", Browser(self.base).get("/").text)
        # The same form_id again with the same version but other content is refused.
        r = owner.upload("console_test.md", GOOD_FORM.replace("Comment?", "Any comment?"))
        self.assertNotEqual(r.status, 200, r)
        v2 = GOOD_FORM.replace("| console_test | Console test | 1 |", "| console_test | Console test | 2 |")
        r = owner.upload("console_test.md", v2)
        self.assertEqual(r.status, 200, r)
        self.assertIn("Uploaded a new version of console_test: version 2 (2 versions)", r.text)
        # A new version is a draft too: respondents keep getting version 1 until it is published.
        self.assertIn("respondents get the published version until then", r.text)
        self.assertEqual(str(Browser(self.base).get("/api/v1/forms/console_test").json()["version"]), "1")
        r = owner.act("/admin/forms/console_test/publish", {"version": "2"}, "/admin/forms/console_test")
        self.assertEqual(r.status, 200, r)
        api = Browser(self.base).get("/api/v1/forms/console_test").json()
        self.assertEqual(str(api["version"]), "2")
        # A draft without responses is deleted by the owner, after ticking the confirmation.
        r = owner.upload("draft_test.md", GOOD_FORM.replace("| console_test | Console test | 1 |",
                                                            "| draft_test | Draft test | 1 |"))
        self.assertEqual(r.status, 200, r)
        r = owner.act("/admin/forms/draft_test/delete", {"version": "1"}, "/admin/forms/draft_test")
        self.assertEqual(r.status, 422, r)
        self.assertEqual(self.member("analyst").act("/admin/forms/draft_test/delete",
                                                    {"version": "1", "confirm": "yes"}).status, 403)
        r = owner.act("/admin/forms/draft_test/delete", {"version": "1", "confirm": "yes"}, "/admin/forms/draft_test")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Deleted the draft draft_test.", r.text)
        self.assertEqual(owner.get("/admin/forms/draft_test").status, 404)
        # A published version is not deleted.
        r = owner.act("/admin/forms/console_test/delete", {"version": "2", "confirm": "yes"}, "/admin/forms/console_test")
        self.assertEqual(r.status, 409, r)
        self.assertEqual(Browser(self.base).get("/s/console_test").status, 200)
        # Analysts and viewers cannot upload, even with their own valid token.
        for role in ["viewer", "analyst"]:
            r = self.member(role).upload("x.md", v2.replace("console_test", "sneaky"))
            self.assertEqual(r.status, 403, r)
        self.assertEqual(Browser(self.base).get("/s/sneaky").status, 404)
        # A multipart upload without the token is refused too.
        body, ctype = multipart({}, {"file": ("x.md", v2.encode())})
        r = owner.request("POST", "/admin/forms/upload", data=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 403, r)
        self.state.setdefault("more_audit", []).extend(["form-upload", "form-upload-rejected", "form-publish",
                                                        "form-delete-draft"])

    def test_12_window_pause_reopen_and_times(self):
        owner = self.owner()
        page = owner.get("/admin/forms/console_test")
        self.assertEqual(page.status, 200, page)
        self.assertIn("Opens (Europe/Brussels, Central European Time)", page.text)  # the study's zone
        r = owner.act("/admin/forms/console_test/window", {"action": "pause"}, "/admin/forms/console_test")
        self.assertEqual(r.status, 200, r)
        self.assertIn("paused", r.text)
        resp = Browser(self.base).get("/s/console_test")
        self.assertEqual(resp.status, 403, resp)
        r = owner.act("/admin/forms/console_test/window", {"action": "reopen"}, "/admin/forms/console_test")
        self.assertEqual(Browser(self.base).get("/s/console_test").status, 200)
        # Closed in the past, with a message of the team's.
        r = owner.act("/admin/forms/console_test/window",
                      {"action": "save", "opens": "", "closes": "2020-01-31T18:00", "message": "Closed for the winter."},
                      "/admin/forms/console_test")
        self.assertEqual(r.status, 200, r)
        self.assertIn('value="2020-01-31T18:00"', r.text)
        self.assertIn("31 January 2020 at 18:00 Central European Standard Time", r.text)
        closed = Browser(self.base).get("/s/console_test")
        self.assertEqual(closed.status, 403)
        self.assertIn("Closed for the winter.", closed.text)
        self.assertEqual(Browser(self.base).post("/api/v1/forms/console_test/responses",
                                                 json.dumps({"answers": {"country": "BE"}}).encode(),
                                                 headers={"Content-Type": "application/json"}).status, 403)
        r = owner.act("/admin/forms/console_test/window", {"action": "save", "opens": "2031-02-30T10:00", "closes": ""},
                      "/admin/forms/console_test")
        self.assertEqual(r.status, 422, r)
        r = owner.act("/admin/forms/console_test/window", {"action": "save", "opens": "", "closes": "", "message": ""},
                      "/admin/forms/console_test")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(Browser(self.base).get("/s/console_test").status, 200)
        self.state.setdefault("more_audit", []).append("form-window")

    def test_14_publish_at_the_opening_time_then_archive(self):
        """issue 22: a draft published at its opening time appears then; an archived form leaves the
        landing page and takes no answers, not even from a respondent part-way through; data kept."""
        owner, public = self.owner(), Browser(self.base)
        form = GOOD_FORM.replace("| console_test | Console test | 1 |", "| sched_test | Scheduled test | 1 |")
        self.assertEqual(owner.upload("sched_test.md", form).status, 200)
        base = "/admin/forms/sched_test"
        r = owner.act(base + "/window", {"action": "save", "opens": "2099-01-01T09:00", "closes": "", "message": ""}, base)
        self.assertEqual(r.status, 200, r)
        self.assertIn("Publish at its opening time (1 January 2099 at 09:00 Central European Standard Time", r.text)
        self.assertEqual(self.member("analyst").act(base + "/schedule", {"version": "1", "at": "opening"}).status, 403)
        r = owner.act(base + "/schedule", {"version": "1", "at": "opening"}, base)
        self.assertEqual(r.status, 200, r)
        self.assertIn("Publication scheduled", r.text)
        self.assertIn("publication scheduled", owner.get("/admin/forms").text)
        self.assertEqual(public.get("/s/sched_test").status, 404)
        self.assertNotIn("sched_test", public.get("/").text)
        # The opening time moves into the past: the publication follows it, the form is live at once.
        r = owner.act(base + "/window", {"action": "save", "opens": "2020-01-01T09:00", "closes": "", "message": ""}, base)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(public.get("/s/sched_test").status, 200)
        self.assertIn('href="/s/sched_test"', public.get("/").text)
        # A respondent part-way through...
        b = Browser(self.base)
        p = b.get("/s/sched_test")
        data = {"_mcs_csrf": re.search(r'name="_mcs_csrf" value="([^"]+)"', p.text).group(1),
                "_mcs_page": re.search(r'name="_mcs_page" value="([^"]+)"', p.text).group(1),
                "_mcs_action": "next", "country": "BE"}
        action = re.search(r'id="mcs-page" action="([^"]+)"', p.text).group(1).replace("&amp;", "&")
        r = b.post(action, data)
        self.assertEqual(r.status, 303, r)
        resume = r.header("Location")
        self.assertEqual(b.get(resume).status, 200)
        # ...then the owner archives the form (after ticking the confirmation).
        self.assertEqual(owner.act(base + "/archive", {"action": "archive"}, base).status, 422)
        self.assertEqual(self.member("analyst").act(base + "/archive", {"action": "archive", "confirm": "yes"}).status, 403)
        r = owner.act(base + "/archive", {"action": "archive", "confirm": "yes"}, base)
        self.assertEqual(r.status, 200, r)
        self.assertIn("Archived sched_test.", r.text)
        self.assertNotIn("sched_test", public.get("/").text)
        self.assertEqual(public.get("/s/sched_test").status, 403)
        self.assertEqual(b.get(resume).status, 403)
        self.assertEqual(public.post("/api/v1/forms/sched_test/responses", json.dumps({"answers": {"country": "BE"}}).encode(),
                                     headers={"Content-Type": "application/json"}).status, 403)
        self.assertNotIn("sched_test", public.get("/api/v1/forms").text)
        self.assertIn("archived", owner.get("/admin/forms").text)
        # Its data stays: the export still has the response.
        export = self.member("analyst").get("/admin/exports/sched_test.csv?partial=1")
        self.assertEqual(export.status, 200, export)
        # Out of the archive, it takes answers again; archived once more, it stays so for the tests after.
        r = owner.act(base + "/archive", {"action": "restore"}, base)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(b.get(resume).status, 200)
        self.assertEqual(owner.act(base + "/archive", {"action": "archive", "confirm": "yes"}, base).status, 200)
        self.state.setdefault("more_audit", []).extend(["form-publish-scheduled", "form-publish", "form-archive",
                                                        "form-unarchive"])

    def test_13_preview_is_test_mode_and_not_counted(self):
        analyst = self.member("analyst")
        before = Browser(self.base).get("/metrics").text
        r = analyst.get("/admin/forms/console_test/preview")
        self.assertEqual(r.status, 303, r)
        link = r.header("Location")
        self.assertRegex(link, r"^/s/console_test\?preview=\d+\.[0-9a-f]{32}$")
        b = Browser(self.base)
        first = b.get(link)
        self.assertIn("Preview in test mode", first.text)
        done = answer_pages(b, link, {"country": "FR", "a1": "1", "a2": "1", "a3": "1"})
        self.assertEqual(done.status, 200, done)
        self.assertIn("Thank you", done.text)
        # A forged or edited preview link is refused.
        self.assertEqual(Browser(self.base).get(link[:-1] + ("0" if link[-1] != "0" else "1")).status, 404)
        forms = self.owner().get("/admin/forms").text
        row = re.search(r"<code>console_test</code>.*?</tr>", forms, re.S).group(0)
        self.assertEqual(re.findall(r'<td class="num">(\d+)</td>', row), ["0", "0"])
        self.state["preview_done"] = True

    # -- invitations ---------------------------------------------------------------------------

    def test_20_invitations_import_with_bad_lines(self):
        analyst = self.member("analyst")
        # The group must be the questionnaire's (issue 22: a contact of another group polluted group x
        # country); a country's name in an EU language becomes its ISO code, anything else is refused.
        text = ("name,e-mail,group,country\n"
                "Ana,ana@example.org,console_test,Belgique\n"
                "Bad,not-an-address,console_test,BE\n"
                "\"Dupont, Jean\",jean@example.org,console_test,fr\n"
                "NoGroup,ng@example.org,,FR\n"
                "Ana again,ANA@example.org,console_test,BE\n"
                "Short,short@example.org\n"
                "Other,other@example.org,employers,BE\n"
                "Greek,greek@example.org,console_test,Greece2\n")
        r = analyst.act("/admin/invitations/console_test/import", {"csv": text}, "/admin/invitations/console_test")
        self.assertEqual(r.status, 422, r)
        self.assertIn("Imported 2 contacts", r.text)
        self.assertIn("Line 3: &#39;not-an-address&#39; is not an e-mail address", r.text)
        self.assertIn("Line 5: the group is missing", r.text)
        self.assertIn("Line 6: ANA@example.org is already on an earlier line", r.text)
        self.assertIn("Line 7: has 2 fields, the header 4", r.text)
        self.assertIn("Line 8: the group &#39;employers&#39; is none of console_test", r.text)
        self.assertIn("Line 9: &#39;Greece2&#39; is not a country", r.text)
        # The file upload path, and an invitation that exists already.
        body, ctype = multipart({"_csrf": analyst.csrf("/admin/invitations/console_test")},
                                {"file": ("c.csv", "name;email;group;country\nBo;bo@example.org;console_test;France\n"
                                                   "Ana;ana@example.org;console_test;BE\n".encode())})
        r = analyst.request("POST", "/admin/invitations/console_test/import", data=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 422, r)
        self.assertIn("Imported 1 contacts", r.text)
        self.assertIn("Line 3: ana@example.org has an invitation to this questionnaire already", r.text)
        links = analyst.get("/admin/invitations/console_test/links.csv")
        self.assertEqual(links.status, 200, links)
        self.assertIn("attachment", links.header("Content-Disposition"))
        rows = list(csv.DictReader(io.StringIO(links.text)))
        self.assertEqual([x["email"] for x in rows], ["ana@example.org", "jean@example.org", "bo@example.org"])
        self.assertEqual(rows[1]["name"], "Dupont, Jean")
        self.assertEqual([x["country"] for x in rows], ["BE", "FR", "FR"])
        self.assertTrue(all(x["status"] == "not begun" for x in rows))
        self.assertTrue(all(re.search(r"/s/console_test\?inv=[a-z0-9]+\.[0-9a-f]{32}$", x["link"]) for x in rows))
        self.state["invitations"] = rows
        self.assertEqual(self.member("viewer").get("/admin/invitations/console_test/links.csv").status, 403)
        self.state.setdefault("more_audit", []).extend(["invitations-import", "invitations-export"])

    def test_21_invitation_link_allows_one_response(self):
        rows = self.state["invitations"]
        link = path_of(rows[0]["link"])
        b = Browser(self.base)
        done = answer_pages(b, link, {"country": "BE", "a1": "2", "a2": "1", "a3": "2", "comment": "via invitation"})
        self.assertEqual(done.status, 200, done)
        self.assertIn("Thank you", done.text)
        # The same link again, in another browser: refused, nothing new stored.
        again = Browser(self.base).get(link)
        self.assertEqual(again.status, 409, again)
        # A forged link (another id with this MAC) is refused.
        forged = link.replace("inv=", "inv=x")
        self.assertEqual(Browser(self.base).get(forged).status, 404)
        # Jean starts but does not finish.
        b2 = Browser(self.base)
        jean = path_of(rows[1]["link"])
        p = b2.get(jean)
        data = {"_mcs_csrf": re.search(r'name="_mcs_csrf" value="([^"]+)"', p.text).group(1),
                "_mcs_page": re.search(r'name="_mcs_page" value="([^"]+)"', p.text).group(1),
                "_mcs_action": "next", "country": "FR"}
        action = re.search(r'id="mcs-page" action="([^"]+)"', p.text).group(1).replace("&amp;", "&")
        self.assertEqual(b2.post(action, data).status, 303)
        statuses = {x["email"]: x["status"] for x in csv.DictReader(io.StringIO(
            self.member("analyst").get("/admin/invitations/console_test/links.csv").text))}
        self.assertEqual(statuses, {"ana@example.org": "finished", "jean@example.org": "started",
                                    "bo@example.org": "not begun"})

    # -- dashboard, data quality, exports --------------------------------------------------------

    def api_submit(self, answers):
        r = Browser(self.base).post("/api/v1/forms/console_test/responses",
                                    json.dumps({"answers": answers}).encode(),
                                    headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]

    def dashboard_cells(self, c, query="?form=console_test"):
        page = c.get("/admin" + query)
        self.assertEqual(page.status, 200, page)
        table = re.search(r'<table class="table" id="cells">(.*?)</table>', page.text, re.S).group(1)
        countries = re.findall(r'<th scope="col" class="num">([^<]+)</th>', table)[:-1]
        cells = {}
        for group, row in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S):
            for country, (comp, part) in zip(countries, re.findall(r'data-complete="(\d+)" data-partial="(\d+)"', row)):
                if comp != "0" or part != "0":
                    cells[(group, country)] = (int(comp), int(part))
        return page, cells

    @staticmethod
    def fieldwork_rows(page):
        """The dashboard's fieldwork table: {(group, country): [started, finished, target, %, flags]}."""
        table = re.search(r'<table class="table" id="fieldwork">(.*?)</table>', page, re.S).group(1)
        rows = {}
        for g, c, cells in re.findall(r'<tr(?: class="gap")? data-group="([^"]+)" data-country="([^"]+)">(.*?)</tr>',
                                      table, re.S):
            tds = re.findall(r'<td[^>]*>(.*?)</td>', cells, re.S)
            rows[(g, c)] = [re.sub(r"<[^>]+>", "", t).strip() for t in tds[2:]]
        return rows

    def test_35_fieldwork_table_escapes_and_its_csv_is_formula_safe(self):
        """issue 22: group and country names come from an uploaded form: HTML-escaped on the dashboard,
        and the CSV download neutralises cells a spreadsheet would run (= + - @), as the exports do."""
        owner, analyst = self.owner(), self.member("analyst")
        form = ("| survey | type | name | label |\n"
                "| | select_one g | group | Group? |\n"
                "| | select_one c | country | Country? |\n"
                "| choices | list_name | name | label |\n"
                "| | g | evil | =HYPERLINK(\"http://x.example\",\"y\") |\n"
                "| | g | plus | +1+2 |\n"
                "| | c | BE | <script>alert(1)</script> |\n"
                "| | c | FR | @SUM(1) |\n"
                "| | c | DE | -3 |\n"
                "| settings | form_id | version | form_title |\n"
                "| | inject_test | 1 | Inject test |\n")
        self.assertEqual(owner.upload("inject_test.md", form).status, 200)
        try:
            page = analyst.get("/admin?form=inject_test").text
            self.assertNotIn("<script>alert(1)", page)
            self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)
            targets = analyst.get("/admin/targets/inject_test").text
            self.assertNotIn("<script>alert(1)", targets)
            rows = list(csv.reader(io.StringIO(analyst.get("/admin/fieldwork.csv?form=inject_test").text)))
            names = {(r[2], r[4]) for r in rows[1:]}
            self.assertIn(("'=HYPERLINK(\"http://x.example\",\"y\")", "'@SUM(1)"), names)
            self.assertIn(("'+1+2", "'-3"), names)
            self.assertIn(("'+1+2", "<script>alert(1)</script>"), names)
            self.assertEqual(len(rows), 1 + 2 * 3)  # every group x country, none answered yet
            self.assertTrue(all(r[9] == "yes" for r in rows[1:]))
        finally:
            r = owner.act("/admin/forms/inject_test/delete", {"version": "1", "confirm": "yes"}, "/admin/forms/inject_test")
            self.assertEqual(r.status, 200, r)

    def test_31_report_in_the_console(self):
        analyst = self.member("analyst")
        page = analyst.get("/admin/report")
        self.assertEqual(page.status, 200, page)
        self.assertIn('action="/admin/report/console_test"', page.text)
        r = analyst.get("/admin/report/console_test?by=country&min_cell=1")
        self.assertEqual(r.status, 200, r)
        self.assertIn("<svg", r.text)
        self.assertNotIn("<script", r.text)
        csp = r.header("Content-Security-Policy")
        # Its own policy only: the one fixed style sheet by hash, no script at all.
        self.assertRegex(csp, r"style-src 'sha256-[A-Za-z0-9+/=]+'")
        self.assertIn("default-src 'none'", csp)
        self.assertEqual(len([k for k in r.headers if k.lower() == "content-security-policy"]), 1)
        self.assertEqual(analyst.get("/admin/report/console_test?min_cell=0").status, 400)
        self.assertEqual(analyst.get("/admin/report/console_test?by=no_such_question").status, 400)
        self.assertEqual(analyst.get("/admin/report/no_such_form").status, 404)
        # Quotes: none by default; an analyst ticks an open answer and the report quotes it.
        self.assertNotIn('class="quotes"', analyst.get("/admin/report/console_test?min_cell=1").text)
        page = analyst.get("/admin/report/console_test/quotes")
        self.assertEqual(page.status, 200, page)
        values = re.findall(r'name="quote" value="comment\t([^"]*)"', page.text)
        self.assertTrue(values, page.text)
        self.assertNotIn(" checked", page.text)
        r = analyst.act("/admin/report/console_test/quotes", {"quote": "comment\t" + html.unescape(values[0])},
                        from_page="/admin/report/console_test/quotes")
        self.assertEqual(r.status, 303, r)
        self.assertIn(" checked", analyst.get("/admin/report/console_test/quotes").text)
        self.assertIn("<li>“%s”</li>" % values[0], analyst.get("/admin/report/console_test?min_cell=1").text)
        # Weighting from the console: margins checked against the responses, the weights' summary, the
        # weighted report beside the unweighted figures; none set: the weighted report is refused.
        self.assertEqual(analyst.get("/admin/report/console_test?weighted=1").status, 400)
        wpage = "/admin/report/console_test/weights"
        r = analyst.act(wpage, {"margins": "variable,category,population\ncountry,BE,100\n"}, from_page=wpage)
        self.assertEqual(r.status, 422, r)
        self.assertIn("no population for country = FR", r.text)
        r = analyst.act(wpage, {"margins": "variable,category,population\ncountry,BE,100\ncountry,FR,300\n"},
                        from_page=wpage)
        self.assertEqual(r.status, 303, r)
        self.assertIn("design effect (Kish)", analyst.get(wpage).text)
        rep = analyst.get("/admin/report/console_test?weighted=1&min_cell=1")
        self.assertEqual(rep.status, 200, rep)
        self.assertIn("Weighted to population margins from the margins set in the console", rep.text)
        self.assertIn("% unweighted", rep.text)
        self.assertNotIn("% unweighted", analyst.get("/admin/report/console_test?min_cell=1").text)
        self.assertEqual(analyst.act(wpage, {"margins": ""}, from_page=wpage).status, 303)
        self.assertEqual(analyst.get("/admin/report/console_test?weighted=1").status, 400)
        # Only an answer that exists can be quoted (no text of the team's own in the respondents' words).
        r = analyst.act("/admin/report/console_test/quotes", {"quote": "comment\tnot anyone's answer"},
                        from_page="/admin/report/console_test/quotes")
        self.assertEqual(r.status, 422, r)

    def test_30_dashboard_numbers(self):
        self.state["api"] = [
            self.api_submit({"country": "BE", "a1": "1", "a2": "2", "a3": "1", "comment": "first"}),
            self.api_submit({"country": "FR", "a1": "2", "a2": "1", "a3": "1", "comment": "second"}),
            self.api_submit({"country": "FR", "comment": "third"}),
        ]
        viewer = self.member("viewer")
        page, cells = self.dashboard_cells(viewer)
        self.assertEqual(cells, {("console_test", "BE"): (2, 0), ("console_test", "FR"): (2, 1)})
        self.assertIn('id="n-complete">4<', page.text)
        self.assertIn('id="n-partial">1<', page.text)
        self.assertIn('id="completion">80%<', page.text)
        self.assertRegex(page.text, r'id="median">0 min \d+ s<')
        funnel = re.search(r'<table class="table" id="funnel">(.*?)</table>', page.text, re.S).group(1)
        self.assertEqual(re.findall(r'</td><td class="num">(\d+)</td><td class="num">\d+%', funnel), ["5", "5", "4"])
        self.assertIn("<svg", page.text)
        today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%d")  # the study's day
        arrivals = re.search(r'<table class="table" id="arrivals">(.*?)</table>', page.text, re.S).group(1)
        self.assertIn('<tr><td>%s</td><td class="num">4</td></tr>' % today, arrivals)
        # Targets (issue 22): a table of the form's own groups x countries, saved in one post. A viewer
        # cannot open or post it; an analyst can, and each cell shows started / finished / target / %.
        self.assertEqual(viewer.get("/admin/targets/console_test").status, 403)
        self.assertEqual(viewer.act("/admin/targets/console_test", {"version": "2", "t_0_1": "5"}).status, 403)
        analyst = self.member("analyst")
        form = analyst.get("/admin/targets/console_test")
        self.assertEqual(form.status, 200, form)
        fields = dict((label, name) for name, label in re.findall(
            r'<label class="visually-hidden" for="(t_\d+_\d+)">([^<]+)</label>', form.text))
        self.assertEqual(sorted(fields), ["Console test, Belgium", "Console test, France"])
        r = analyst.act("/admin/targets/console_test", {"version": "2", fields["Console test, France"]: "5"},
                        "/admin/targets/console_test")
        self.assertEqual((r.status, r.header("Location")), (303, "/admin?form=console_test#chase"), r)
        emp = analyst.get("/admin/targets/employers").text
        emp_fields = dict((label.split(", ")[-1], name) for name, label in re.findall(
            r'<label class="visually-hidden" for="(t_0_\d+)">([^<]+)</label>', emp))
        r = analyst.act("/admin/targets/employers", {"version": re.search(r'name="version" value="([^"]+)"', emp).group(1),
                                                     emp_fields["Belgium"]: "1", emp_fields["Germany"]: "2"},
                        "/admin/targets/employers")
        self.assertEqual(r.status, 303, r)
        page = analyst.get("/admin?form=console_test").text
        rows = self.fieldwork_rows(page)
        self.assertEqual(rows[("console_test", "FR")], ["3", "2", "5", "40%", "short by 3"])  # Jean started
        self.assertEqual(rows[("console_test", "BE")], ["2", "2", "—", "—", ""])  # Ana finished
        # All questionnaires: every country of the lists, those without answers flagged.
        rows = self.fieldwork_rows(analyst.get("/admin").text)
        self.assertEqual(rows[("employers", "DE")], ["0", "0", "2", "0%", "no answers yet short by 2"])
        self.assertEqual(rows[("employers", "BE")], ["0", "0", "1", "0%", "no answers yet short by 1"])
        self.assertEqual(rows[("authorities", "FR")], ["0", "0", "—", "—", "no answers yet"])
        self.assertEqual(rows[("vet_providers", "MT")], ["0", "0", "—", "—", "no answers yet"])
        self.assertIn("<td>Malta <span", analyst.get("/admin").text)  # names, not only codes
        # A bad number: nothing saved, the cell named; a stale table (another version): refused.
        r = analyst.act("/admin/targets/console_test", {"version": "2", fields["Console test, France"]: "many",
                                                        fields["Console test, Belgium"]: "9"},
                        "/admin/targets/console_test")
        self.assertEqual(r.status, 422, r)
        self.assertIn("Console test, France</a>: a target is a whole number", r.text)
        self.assertIn('value="many" aria-invalid="true"', r.text)
        self.assertEqual(analyst.act("/admin/targets/console_test", {"version": "1", "t_0_0": "9"},
                                     "/admin/targets/console_test").status, 409)
        # A field outside the table (a phantom cell) is ignored: nothing but the form's cells is stored.
        r = analyst.act("/admin/targets/console_test", {"version": "2", fields["Console test, France"]: "5",
                                                        "t_7_0": "40", "t_0_99": "40"}, "/admin/targets/console_test")
        self.assertEqual(r.status, 303, r)
        self.assertNotIn('value="40"', analyst.get("/admin/targets/console_test").text)
        # The same table as CSV.
        csv_r = viewer.get("/admin/fieldwork.csv?form=console_test")
        self.assertEqual(csv_r.status, 200, csv_r)
        self.assertIn("text/csv", csv_r.header("Content-Type"))
        lines = csv_r.text.splitlines()
        self.assertEqual(lines[0], "form,group,group_name,country,country_name,started,finished,target,"
                                   "percent_of_target,no_answers_yet")
        self.assertIn("console_test,console_test,Console test,FR,France,3,2,5,40.0,no", lines)
        self.state.setdefault("more_audit", []).append("targets-set")
        # The all-questionnaires view counts the study's forms too (no responses there).
        _, all_cells = self.dashboard_cells(viewer, "")
        self.assertEqual(sum(c for c, p in all_cells.values()), 4)

    def test_31_quality_flags(self):
        analyst = self.member("analyst")
        # Two respondents take their time, one rushes (Ana, from the invitation, rushed too).
        slow = []
        for i in range(2):
            b = Browser(self.base)
            done = answer_pages(b, "/s/console_test", {"country": "BE", "a1": "1", "a2": "2", "a3": "%d" % (i + 1),
                                                       "comment": "slow %d" % i}, delay=0.6)
            self.assertEqual(done.status, 200, done)
            slow.append(re.search(r'class="panel__ref">([A-Z0-9]+)<', done.text).group(1))
        b = Browser(self.base)
        done = answer_pages(b, "/s/console_test", {"country": "FR", "a1": "2", "a2": "1", "a3": "2", "comment": "fast"})
        # People never see the honeypot (the stylesheet hides it); the page still carries it for bots.
        hp = Browser(self.base)
        r = hp.get("/s/console_test")
        for _ in range(2):
            self.assertNotIn('class="q h"', r.text)
            action = re.search(r'id="mcs-page" action="([^"]+)"', r.text).group(1)
            r = hp.post(action, {"_mcs_csrf": re.search(r'name="_mcs_csrf" value="([^"]+)"', r.text).group(1),
                                 "_mcs_page": re.search(r'name="_mcs_page" value="([^"]+)"', r.text).group(1),
                                 "_mcs_action": "next", "country": "BE"})
            self.assertEqual(r.status, 303, r)
            r = hp.get(r.header("Location"))
        self.assertIn('class="q h" id="q-honeypot-block"', r.text)
        self.assertIn(".q.h { display: none; }", hp.get("/static/mcsurvey.css").text)
        fast = re.search(r'class="panel__ref">([A-Z0-9]+)<', done.text).group(1)
        bot = self.api_submit({"country": "BE", "comment": "buy now", "honeypot": "http://spam.example/"})
        straight = self.api_submit({"country": "FR", "a1": "2", "a2": "2", "a3": "2", "comment": "same"})
        dup1 = self.api_submit({"country": "BE", "a1": "1", "a2": "2", "a3": "2", "comment": "twice"})
        dup2 = self.api_submit({"country": "BE", "a1": "1", "a2": "2", "a3": "2", "comment": "twice"})
        page = analyst.get("/admin/quality/console_test")
        self.assertEqual(page.status, 200, page)
        rows = dict(re.findall(r'/r/([A-Z0-9]+)">[A-Z0-9]+</a></th>.*?<td>((?:<span class="tag tag--flag">[a-z]+</span>)+)',
                               page.text))
        flags = {k: re.findall(r'>([a-z]+)<', v) for k, v in rows.items()}
        self.assertEqual(flags.get(fast), ["speeder"])
        self.assertEqual(flags.get(bot), ["honeypot"])
        self.assertEqual(flags.get(straight), ["straightliner"])
        self.assertEqual(flags.get(dup1), ["duplicate"])
        self.assertEqual(flags.get(dup2), ["duplicate"])
        for rid in slow + self.state["api"]:
            self.assertNotIn(rid, flags)
        self.state["bot"] = bot
        self.state["dup2"] = dup2
        # A single response by the reference its respondent quotes (any case).
        r = analyst.get("/admin/responses?ref=" + slow[0].lower())
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/admin/quality/console_test/r/" + slow[0])
        page = analyst.get(r.header("Location"))
        self.assertIn("slow 0", page.text)
        self.assertEqual(analyst.get("/admin/responses?ref=NOSUCHREF").status, 404)

    def export_ids(self, c):
        r = c.get("/admin/exports/console_test.csv")
        self.assertEqual(r.status, 200, r)
        with zipfile.ZipFile(io.BytesIO(r.raw)) as z:
            text = z.read("console_test.csv").decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        key = [k for k in rows[0].keys() if k.endswith("id")][0] if rows else "id"
        return {x[key] for x in rows}

    def test_32_exclude_and_include(self):
        analyst = self.member("analyst")
        bot = self.state["bot"]
        url = "/admin/quality/console_test/r/" + bot
        page = analyst.get(url)
        self.assertEqual(page.status, 200, page)
        self.assertIn("http://spam.example/", page.text)
        self.assertIn(bot, self.export_ids(analyst))
        _, before = self.dashboard_cells(analyst)
        r = analyst.act(url, {"action": "exclude", "note": ""}, url)
        self.assertEqual(r.status, 422, r)
        r = analyst.act(url, {"action": "exclude", "note": "a bot filled the hidden field"}, url)
        self.assertEqual(r.status, 200, r)
        self.assertIn("Excluded", r.text)
        self.assertNotIn(bot, self.export_ids(analyst))
        _, after = self.dashboard_cells(analyst)
        self.assertEqual(after[("console_test", "BE")][0], before[("console_test", "BE")][0] - 1)
        self.assertIn("excluded", analyst.get("/admin/quality/console_test").text)
        r = analyst.act(url, {"action": "include", "note": "checked again"}, url)
        self.assertEqual(r.status, 200, r)
        self.assertIn(bot, self.export_ids(analyst))
        r = analyst.act(url, {"action": "exclude", "note": "a bot after all"}, url)
        self.assertNotIn(bot, self.export_ids(analyst))
        # A viewer can neither see nor change it.
        self.assertEqual(self.member("viewer").get(url).status, 403)
        self.assertEqual(self.member("viewer").act(url, {"action": "include", "note": "x"}).status, 403)
        self.state.setdefault("more_audit", []).extend(["response-exclude", "response-include", "response-view", "export"])

    def test_33_exports_in_every_format(self):
        analyst = self.member("analyst")
        # csv, sav and dta: a zip of every table, the codebook and a README; xlsx one workbook.
        magic = {"csv": None, "xlsx": None, "sav": b"$FL2", "dta": b"<stata_dta>"}
        page = analyst.get("/admin/exports")
        for field in ('name="format"', 'name="version"', 'name="labels"', 'name="partial"', 'name="excluded"'):
            self.assertIn(field, page.text)
        for ext, start in magic.items():
            r = analyst.get("/admin/exports/console_test?format=" + ext)
            self.assertEqual(r.status, 200, "%s: %r" % (ext, r))
            self.assertIn("attachment", r.header("Content-Disposition"))
            self.assertTrue(r.raw.startswith(b"PK"), ext)
            if ext == "xlsx":
                self.assertIn('filename="console_test.xlsx"', r.header("Content-Disposition"))
                continue
            self.assertIn('filename="console_test-%s.zip"' % ext, r.header("Content-Disposition"))
            self.assertEqual(r.header("Content-Type"), "application/zip")
            with zipfile.ZipFile(io.BytesIO(r.raw)) as z:
                names = z.namelist()
                self.assertEqual(names, ["console_test." + ext, "console_test-codebook.csv", "console_test-README.txt"])
                if start:
                    self.assertTrue(z.read("console_test." + ext).startswith(start), ext)
        # The console's download is what `mcsurvey export` writes, byte for byte, times in the study's
        # zone (Brussels: +01:00 in winter, +02:00 in summer), not UTC.
        out = os.path.join(self.tmp.name, "cli-export.csv")
        p = subprocess.run([BINARY, "export", "--form", "console_test", "--format", "csv", "--out", out,
                            "--db", "sqlite:" + os.path.join(self.tmp.name, "test.db")], capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        with zipfile.ZipFile(io.BytesIO(analyst.get("/admin/exports/console_test?format=csv").raw)) as z:
            with open(out, "rb") as f:
                self.assertEqual(f.read(), z.read("console_test.csv"))
            with open(os.path.join(self.tmp.name, "cli-export-codebook.csv"), "rb") as f:
                self.assertEqual(f.read(), z.read("console_test-codebook.csv"))
            rows = list(csv.DictReader(io.StringIO(z.read("console_test.csv").decode("utf-8"))))
        self.assertTrue(rows)
        for row in rows:
            at = datetime.datetime.fromisoformat(row["started_at"])
            self.assertEqual(at.utcoffset(), at.astimezone(zoneinfo.ZoneInfo("Europe/Brussels")).utcoffset(), row)
        # The options reach the writer: partial responses and labels.
        r = analyst.get("/admin/exports/console_test?format=csv&partial=1&labels=1")
        with zipfile.ZipFile(io.BytesIO(r.raw)) as z:
            text = z.read("console_test.csv").decode("utf-8")
        self.assertIn("Belgium", text)
        self.assertEqual(analyst.get("/admin/exports/console_test?format=csv&partial=maybe").status, 400)
        ids = self.export_ids(analyst)
        self.assertNotIn(self.state["bot"], ids)
        self.assertEqual(len(ids), 10)  # 4 + 2 slow + fast + straight + 2 duplicates, the bot left out
        self.assertEqual(self.member("viewer").get("/admin/exports/console_test.csv").status, 403)
        self.assertEqual(analyst.get("/admin/exports/console_test.pdf").status, 404)
        self.assertEqual(analyst.get("/admin/exports/console_test?format=pdf").status, 400)
        # Follow-up contacts: the owner's page only.
        self.assertEqual(analyst.get("/admin/followups").status, 403)
        self.assertEqual(analyst.get("/admin/followups/console_test").status, 403)
        self.assertEqual(self.owner().get("/admin/followups").status, 200)
        r = self.owner().get("/admin/followups/console_test?answers=1")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.text.startswith("response_id,submitted_at"), r.text[:200])
        self.assertIn("followups", self.owner().get("/admin/audit").text)

    def test_34_delete_a_response(self):
        dup2 = self.state["dup2"]
        analyst = self.member("analyst")
        self.assertEqual(analyst.act("/admin/responses/%s/delete" % dup2).status, 403)
        r = self.owner().act("/admin/responses/%s/delete" % dup2)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(analyst.get("/admin/quality/console_test/r/" + dup2).status, 404)
        self.assertNotIn(dup2, self.export_ids(analyst))
        self.state.setdefault("more_audit", []).append("response-delete")

    def test_40_permission_matrix(self):
        """Every console action against every role below the one it needs, and without a session."""
        rid = self.state["api"][0]
        rank = {"viewer": 0, "analyst": 1, "owner": 2}
        gets = [("/admin/forms/console_test", "owner"), ("/admin/forms/console_test/preview", "analyst"),
                ("/admin/invitations/console_test", "analyst"), ("/admin/invitations/console_test/links.csv", "analyst"),
                ("/admin/quality/console_test", "analyst"), ("/admin/quality/console_test/r/" + rid, "analyst"),
                ("/admin/exports/console_test.sav", "analyst"), ("/admin/report", "analyst"), ("/admin/audit", "owner"),
                ("/admin/report/console_test/quotes", "analyst"), ("/admin/report/console_test/weights", "analyst"),
                ("/admin/followups", "owner"), ("/admin/followups/console_test", "owner"),
                ("/admin/targets/console_test", "analyst")]
        posts = [("/admin/users", {"name": "mallory", "role": "owner", "password": "p" * 14}, "owner"),
                 ("/admin/users/team-viewer/role", {"role": "owner"}, "owner"),
                 ("/admin/users/team-viewer/password", {"password": "p" * 14}, "owner"),
                 ("/admin/users/team-viewer/delete", {}, "owner"),
                 ("/admin/users/team-viewer/signout", {}, "owner"),
                 ("/admin/forms/console_test/window", {"action": "pause"}, "owner"),
                 ("/admin/responses/%s/delete" % rid, {}, "owner"),
                 ("/admin/targets/console_test", {"version": "2", "t_0_0": "3"}, "analyst"),
                 ("/admin/forms/console_test/archive", {"action": "archive", "confirm": "yes"}, "owner"),
                 ("/admin/forms/console_test/schedule", {"version": "2", "at": "opening"}, "owner"),
                 ("/admin/quality/console_test/r/" + rid, {"action": "exclude", "note": "x"}, "analyst"),
                 ("/admin/invitations/console_test/import", {"csv": "name,email,group,country\nM,m@example.org,g,c\n"},
                  "analyst"),
                 ("/admin/tokens", {"label": "sneaky"}, "analyst"),
                 ("/admin/report/console_test/quotes", {"quote": "comment\tsneaky"}, "analyst"),
                 ("/admin/report/console_test/weights", {"margins": "variable,category,population\n"}, "analyst")]
        anon = Console(self.base)
        for path, data, _ in posts:
            self.assertEqual(anon.post(path, data).status, 403, path)
        for who in ["viewer", "analyst"]:
            c = self.member(who)
            for path, least in gets:
                if rank[who] < rank[least]:
                    self.assertEqual(c.get(path).status, 403, "%s GET %s" % (who, path))
            for path, data, least in posts:
                if rank[who] < rank[least]:
                    self.assertEqual(c.act(path, data).status, 403, "%s POST %s" % (who, path))
        owner = self.owner()
        self.assertNotIn("mallory", owner.get("/admin/users").text)
        self.assertIn("<td>viewer</td>", owner.get("/admin/users").text)
        self.assertEqual(Console(self.base).sign_in("team-viewer", "password-of-viewer").status, 303)
        self.assertIn("open", owner.get("/admin/forms/console_test").text)
        self.assertEqual(owner.get("/admin/quality/console_test/r/" + rid).status, 200)
        self.assertNotIn("m@example.org", owner.get("/admin/invitations/console_test").text)
        self.assertNotIn("sneaky", owner.get("/admin/tokens").text)
        self.assertNotIn(">g<", owner.get("/admin").text)
        self.assertIn(rid, self.export_ids(owner))

    def test_99_audit_log(self):
        owner = self.owner()
        text = owner.get("/admin/audit").text
        for action in ["sign-in", "sign-in-failed", "sign-in-held-back", "user-add", "user-unlock", "sign-out",
                       "sign-out-everywhere", "token-create", "token-revoke"]:
            self.assertIn("<td>%s</td>" % action, text, action)
        for action in self.state.get("more_audit", []):
            self.assertIn("<td>%s</td>" % action, text, action)


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
