#!/usr/bin/env python3
"""Two `mcsurvey serve` nodes on one PostgreSQL database, as behind a round-robin load balancer.

Run: tests/pg/with_postgres.sh python3 tests/pg/test_two_nodes.py /path/to/build/mcsurvey

Reuses the HTML-form client of tests/http/test_e2e.py. A respondent whose every request goes to
the other node answers, saves, resumes and submits; the CSRF cookie set by one node is accepted by
the other; an API token made on the command line works on both; one node is killed mid-questionnaire
and the respondent finishes on the other.
"""
import os
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import test_e2e as e2e  # noqa: E402

PG_URL = os.environ.get("MCS_TEST_PG_URL", "")


class PgServer(e2e.Server):
    def __init__(self, binary, tmpdir, name):
        super().__init__(binary, tmpdir)
        self.db = PG_URL
        self.stderr_path = os.path.join(tmpdir, name + "-stderr.txt")


class RoundRobin(e2e.Browser):
    """A browser behind a round-robin balancer: each request goes to the next live node."""

    def __init__(self, nodes):
        super().__init__(nodes[0].base)
        self.nodes = nodes
        self.i = 0
        self.served_by = []

    def url(self, path):
        if path.startswith("http"):
            path = e2e.path_of(path)
        live = [n for n in self.nodes if n.proc]
        node = live[self.i % len(live)]
        self.i += 1
        self.served_by.append(node.port)
        return node.base + path


class TwoNodes(unittest.TestCase):
    # The page-walking helpers of the single-node suite, without its tests.
    state = {}
    open_page = e2e.E2E.open_page
    post_page = e2e.E2E.post_page
    follow = e2e.E2E.follow
    answer_pages = e2e.E2E.answer_pages

    @classmethod
    def setUpClass(cls):
        if not PG_URL:
            raise unittest.SkipTest("MCS_TEST_PG_URL is not set (run under tests/pg/with_postgres.sh)")
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-pg-")
        cls.nodes = [PgServer(e2e.BINARY, cls.tmp.name, "a"), PgServer(e2e.BINARY, cls.tmp.name, "b")]
        # Both start at the same moment on an empty database: one migrates and installs the study,
        # the other waits on the advisory lock and finds it done.
        errors = []

        def start(n):
            try:
                n.start(timeout=60)
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        ts = [threading.Thread(target=start, args=(n,)) for n in cls.nodes]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        if errors:
            for n in cls.nodes:
                n.kill()
            raise errors[0]
        cls.server = cls.nodes[0]

    @classmethod
    def tearDownClass(cls):
        for n in cls.nodes:
            if n.proc:
                n.stop()
        cls.tmp.cleanup()

    def browser(self):
        return RoundRobin(self.nodes)

    def test_01_schema_migrated_once(self):
        out = subprocess.run(["psql", PG_URL, "-Atc", "SELECT version FROM schema_migrations ORDER BY version"],
                             stdout=subprocess.PIPE, check=True).stdout.decode().split()
        # Every migration exactly once, in order, though two nodes started together (one per entry of
        # src/storage/postgres/migrations.cpp's array).
        self.assertEqual(out, [str(v) for v in range(1, len(out) + 1)])
        self.assertGreaterEqual(len(out), 4, "the draft/published migration is missing")
        forms = subprocess.run(["psql", PG_URL, "-Atc", "SELECT COUNT(DISTINCT form_id) FROM forms"],
                               stdout=subprocess.PIPE, check=True).stdout.decode().strip()
        self.assertEqual(forms, "4")
        for n in self.nodes:
            r = e2e.Browser(n.base).get("/api/v1/forms")
            self.assertEqual(r.status, 200)
            self.assertEqual(sorted(f["id"] for f in r.json()), sorted(e2e.STUDY_FORMS))

    def test_02_csrf_from_one_node_accepted_by_the_other(self):
        a, b = (e2e.Browser(n.base) for n in self.nodes)
        page = self.open_page(a, "/s/employers")
        values = e2e.fill(page, {}, e2e.EMPLOYERS_OVERRIDES)
        # Node B, with A's cookie and token: accepted.
        b.jar = a.jar
        b.opener = a.opener
        r = b.request("POST", self.nodes[1].base + page.action, data=page.form_data(values, "next"))
        self.assertEqual(r.status, 303, r)
        # A wrong token is still refused on B.
        bad = [(k, ("0" * 64 if k == "_mcs_csrf" else v)) for k, v in page.form_data(values, "next")]
        r = b.request("POST", self.nodes[1].base + page.action, data=bad)
        self.assertEqual(r.status, 403, r)

    def test_03_alternating_respondent_saves_resumes_and_submits_with_a_node_killed(self):
        br = self.browser()
        page = self.open_page(br, "/s/employers")
        known = {}
        values = e2e.fill(page, known, e2e.EMPLOYERS_OVERRIDES)
        r = self.post_page(br, page, values, "next")
        known.update(values)
        resume = e2e.path_of(r.header("Location"))
        page = e2e.Page(self.follow(br, r, resume))
        # Two more pages, alternating nodes.
        log = []
        _, page = self.answer_pages(br, page, known, e2e.EMPLOYERS_OVERRIDES, log=log, stop=lambda p: len(log) >= 2)
        for _, _, v in log:
            known.update(v)
        self.assertGreaterEqual(len(set(br.served_by)), 2, "the requests did not alternate between the nodes")
        # Save and continue later; resume in a new browser (on the other node).
        r = br.post(page.action, page.form_data({}, "save"))
        self.assertEqual(r.status, 200, r)
        link = e2e.Page(r).p.resume_link
        self.assertTrue(link)
        # Kill node A mid-questionnaire: the balancer sends everything to B from now on.
        self.nodes[0].kill()
        br2 = self.browser()
        resumed = self.open_page(br2, link)
        self.assertEqual(resumed.marker, page.marker, "the resume link opened another page")
        end, last = self.answer_pages(br2, resumed, known, e2e.EMPLOYERS_OVERRIDES)
        self.assertIsNone(last)
        self.assertEqual(end.status, 200, end)
        self.assertIn("Thank you", end.text)
        ref = e2e.Page(end).p.panel_ref.strip()
        self.assertRegex(ref, r"^[A-Z0-9]{6,}$")
        # The complete response is in the shared database, visible through node B's API.
        tok = self.nodes[1].cli("token", "add", "admin", "--label", "two-nodes")
        self.assertEqual(tok.returncode, 0, tok.stderr)
        token = tok.stdout.decode().strip().split()[-1]
        r = e2e.Browser(self.nodes[1].base).get("/api/v1/forms/employers/responses",
                                                headers={"Authorization": "Bearer " + token})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json()), 1, "exactly one complete response expected: %r" % r.json())
        seen_by_b = r.json()
        # Node A comes back (a restart while B serves) and sees the same response.
        self.nodes[0].start(timeout=60)
        r = e2e.Browser(self.nodes[0].base).get("/api/v1/forms/employers/responses",
                                                headers={"Authorization": "Bearer " + token})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), seen_by_b)

    def test_025_publish_and_archive_on_one_node_show_on_the_other(self):
        # issue 22: the owner uploads, publishes and archives on node A; node B, never restarted, serves
        # the form within about a second (it polls the forms' stamp in the database) and drops it again.
        import time
        import test_console  # noqa: E402  (its console client)
        a, b = self.nodes
        owner = test_console.Console(a.base)
        owner.sign_in("admin", e2e.ADMIN_PASSWORD)
        form = ("| survey | type | name | label |\n|        | text | t    | T     |\n"
                "| settings | form_id | version | form_title |\n|          | pg_pilot | 1 | PG pilot |\n")
        self.assertEqual(owner.upload("pg_pilot.md", form).status, 200)
        public_b = e2e.Browser(b.base)

        def until(check, seconds=5.0):
            end = time.monotonic() + seconds
            while time.monotonic() < end and not check():
                time.sleep(0.05)
            return check()

        # A draft: B serves nothing of it to the public.
        self.assertEqual(public_b.get("/s/pg_pilot").status, 404)
        self.assertNotIn("/s/pg_pilot", public_b.get("/").text)
        r = owner.act("/admin/forms/pg_pilot/publish", {"version": "1"}, "/admin/forms/pg_pilot")
        self.assertEqual(r.status, 200, r)
        started = time.monotonic()
        self.assertTrue(until(lambda: public_b.get("/s/pg_pilot").status == 200), "node B never served the publication")
        self.assertLess(time.monotonic() - started, 3.0)
        self.assertIn('href="/s/pg_pilot"', public_b.get("/").text)
        r = owner.act("/admin/forms/pg_pilot/archive", {"action": "archive", "confirm": "yes"}, "/admin/forms/pg_pilot")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(until(lambda: public_b.get("/s/pg_pilot").status == 403), "node B still answers the archived form")
        self.assertNotIn("/s/pg_pilot", public_b.get("/").text)
        self.assertEqual(public_b.post("/api/v1/forms/pg_pilot/responses", b'{"answers":{"t":"x"}}',
                                       headers={"Content-Type": "application/json"}).status, 403)

    def test_04_sign_in_lock_out_counts_failures_on_every_node(self):
        # Password guessing spread over the nodes: the account's failures are counted in the shared
        # database in one statement, so five in all hold the name back on every node (SECURITY.md,
        # rate limits) for browsers it has not signed in with.
        import test_console  # noqa: E402  (its console client)
        for i in range(5):
            node = self.nodes[i % 2]
            r = test_console.Console(node.base).sign_in("admin", "wrong password %d" % i, expect=None)
            self.assertEqual(r.status, 401, "failure %d on node %s: %r" % (i + 1, "ab"[i % 2], r))
        for node in self.nodes:
            r = test_console.Console(node.base).sign_in("admin", e2e.ADMIN_PASSWORD, expect=None)
            self.assertEqual(r.status, 401, "the right password after five failures across the nodes: %r" % r)
            self.assertIn("held back", r.text)


def main():
    if len(sys.argv) < 2:
        print("usage: test_two_nodes.py /path/to/mcsurvey", file=sys.stderr)
        return 2
    e2e.BINARY = os.path.abspath(sys.argv[1])
    prog = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2)
    return e2e.exit_code(prog.result)  # 77 (ctest: skipped) when a test was skipped


if __name__ == "__main__":
    sys.exit(main())
