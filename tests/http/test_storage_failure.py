#!/usr/bin/env python3
"""A full disk under a running server (issue 10): nothing is acknowledged that was not saved.

Run (as root, for the tmpfs): python3 tests/http/test_storage_failure.py /path/to/build/mcsurvey

The database lives on a small tmpfs of its own. A filler file takes every free byte; then:
  - API submissions get 503 "your answers could not be saved, please try again", never a 201
    that is not on disk;
  - a respondent who sends the last page sees "Your answers could not be saved" (503), never the
    thank-you page, and a respondent's first page post is refused the same way;
  - the server keeps serving pages, /healthz and reads meanwhile, and counts the failures in /metrics.
When the filler is removed, the same respondent sends again and gets the thank-you page, the API
gets 201 again, and the database holds every acknowledged response and passes integrity_check.

Needs mount(2) (root, or a user namespace): skipped with the reason otherwise. A read-only database
under a running server cannot be produced on Linux (remounting read-only fails with EBUSY while the
server holds the file open for writing), so read-only is not tested beyond what a full disk shows:
both reach the same code path (SQLITE_FULL / SQLITE_READONLY / SQLITE_IOERR → Status → 503).
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_e2e as e2e  # noqa: E402

BINARY = None
NOT_SAVED = "could not be saved"


def fill_disk(path):
    """Writes zeros into `path` until the file system is full."""
    chunk = b"\0" * (64 * 1024)
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError:
            pass
        small = b"\0" * 512
        try:
            while True:
                f.write(small)
        except OSError:
            pass


class StorageFailure(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-full-")
        cls.mnt = os.path.join(cls.tmp.name, "disk")
        os.mkdir(cls.mnt)
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", cls.mnt],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            cls.tmp.cleanup()
            raise unittest.SkipTest("cannot mount a small tmpfs (needs root): %s" % p.stdout.decode().strip())
        cls.db_path = os.path.join(cls.mnt, "full.db")
        cls.server = e2e.Server(BINARY, cls.tmp.name, extra_args=["--post-rate", "0"], db_path=cls.db_path)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.kill()
        subprocess.run(["umount", "-l", cls.mnt])
        cls.tmp.cleanup()

    def api_submit(self, form, marker):
        answers = e2e.api_payload(form, dict(e2e.AUTHORITIES_OVERRIDES, comments=marker))
        return e2e.Browser(self.server.base).request(
            "POST", "/api/v1/forms/authorities/responses",
            data=json.dumps({"answers": answers, "lang": "en"}).encode(), headers={"Content-Type": "application/json"})

    def walk_to_review(self, form_id):
        """A respondent answers every page up to "Check your answers"; returns (browser, review page)."""
        br = e2e.Browser(self.server.base)
        page = e2e.Page(br.get("/s/" + form_id))
        known = {}
        for _ in range(e2e.MAX_PAGES):
            if page.marker == "review":
                return br, page
            instance = int(page.marker.split(".")[1]) if page.marker else -1
            values = e2e.fill(page, known, {}, instance)
            r = br.post(page.action, page.form_data(values, "next"))
            self.assertEqual(r.status, 303, r)
            known.update(values)
            page = e2e.Page(br.get(e2e.path_of(r.header("Location"))))
            self.assertTrue(page.action, page.resp)
        self.fail("no review page in %s" % form_id)

    def test_full_disk(self):
        base = self.server.base
        form = json.loads(e2e.Browser(base).get("/api/v1/forms/authorities").text)
        acked = {}
        r = self.api_submit(form, "before-full")
        self.assertEqual(r.status, 201, r)
        acked["before-full"] = r.json()["id"]
        br, review = self.walk_to_review("employers")

        filler = os.path.join(self.mnt, "filler")
        fill_disk(filler)
        # SQLite may still find room in pages it already owns (the WAL is reused after a checkpoint),
        # so a few writes can succeed; each 201 must then be on disk. The first refusal must come soon.
        refused = None
        for i in range(300):
            r = self.api_submit(form, "while-full-%d" % i)
            if r.status == 201:
                acked["while-full-%d" % i] = r.json()["id"]
                continue
            refused = r
            break
        self.assertIsNotNone(refused, "300 submissions on a full disk were all accepted")
        self.assertEqual(refused.status, 503, refused)
        self.assertIn(NOT_SAVED, refused.json().get("error", refused.text), refused)
        print("disk full after %d more acknowledged submissions" % (len(acked) - 1))

        # The respondent sends the questionnaire: not saved, and told so; never a thank-you.
        r = br.post(review.action, review.form_data({}, "submit"))
        self.assertEqual(r.status, 503, "sending on a full disk: %r" % r)
        self.assertIn("Your answers could not be saved", r.text)
        self.assertNotIn("panel__ref", r.text, "a thank-you on a full disk")
        # A new respondent's first page: refused the same way.
        br2 = e2e.Browser(base)
        p1 = e2e.Page(br2.get("/s/vet_providers"))
        r = br2.post(p1.action, p1.form_data(e2e.fill(p1, {}, {}), "next"))
        self.assertEqual(r.status, 503, "first page on a full disk: %r" % r)
        self.assertIn("Your answers could not be saved", r.text)
        # Still serving while full.
        for path in ("/", "/healthz", "/s/employers", "/api/v1/forms/authorities", "/static/mcsurvey.css"):
            g = e2e.Browser(base).get(path)
            self.assertEqual(g.status, 200, "GET %s on a full disk: %r" % (path, g))
        m = e2e.Browser(base).get("/metrics").text
        failures = [ln for ln in m.splitlines() if ln.startswith("mcsurvey_storage_failures_total ")]
        self.assertTrue(failures and int(failures[0].split()[1]) >= 3, "storage failures not counted: %s" % failures)

        # Space returns: everything works again, without a restart.
        os.unlink(filler)
        r = self.api_submit(form, "after-space")
        self.assertEqual(r.status, 201, "after space returned: %r" % r)
        acked["after-space"] = r.json()["id"]
        r = br.post(review.action, review.form_data({}, "submit"))
        self.assertEqual(r.status, 303, "sending again after space returned: %r" % r)
        thanks = br.get(e2e.path_of(r.header("Location")))
        self.assertIn("panel__ref", thanks.text, "no thank-you after space returned: %r" % thanks)
        ref = thanks.text.split('class="panel__ref">', 1)[1].split("<", 1)[0]
        r = br2.post(p1.action, p1.form_data(e2e.fill(p1, {}, {}), "next"))
        self.assertEqual(r.status, 303, "first page after space returned: %r" % r)

        con = sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True, timeout=30)
        try:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            rows = dict(con.execute("SELECT id, answers FROM responses WHERE channel = 'api'").fetchall())
            status = con.execute("SELECT status FROM responses WHERE id = ?", (ref,)).fetchone()
        finally:
            con.close()
        self.assertEqual(status, ("complete",), "the thanked response %s" % ref)
        for marker, rid in acked.items():
            self.assertIn(rid, rows, "acknowledged %s (%s) is lost" % (rid, marker))
            self.assertIn(marker, rows[rid])
        stored_markers = [json.loads(a).get("comments") for a in rows.values()]
        for marker in acked:
            self.assertEqual(stored_markers.count(marker), 1, marker)
        refused_markers = [m for m in stored_markers if m and m.startswith("while-full-") and m not in acked]
        self.assertEqual(refused_markers, [], "refused submissions were stored after all")


def main():
    global BINARY
    if len(sys.argv) < 2:
        print("usage: %s /path/to/mcsurvey" % sys.argv[0], file=sys.stderr)
        return 2
    BINARY = e2e.BINARY = os.path.abspath(sys.argv[1])
    prog = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    code = main()
    # The verdict is in; leave at once. Once, in a clean-clone run, the interpreter's shutdown hung
    # after this test had passed (the lazily unmounted tmpfs), and ctest timed it out.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
