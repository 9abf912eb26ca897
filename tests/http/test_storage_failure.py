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
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  (the scenario is shared with tests/pg/test_full_disk.py)


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
        cls.server = harness.server(cls.tmp.name, "full", db_path=cls.db_path)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.kill()
        subprocess.run(["umount", "-l", cls.mnt])
        cls.tmp.cleanup()

    def test_full_disk(self):
        filler = os.path.join(self.mnt, "filler")
        run = harness.full_disk(self, self.server.base, lambda: harness.fill_disk(filler), lambda: os.unlink(filler))
        con = sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True, timeout=30)
        try:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            rows = dict(con.execute("SELECT id, answers FROM responses WHERE channel = 'api'").fetchall())
            status = con.execute("SELECT status FROM responses WHERE id = ?", (run.thanked,)).fetchone()
            hashes = {h for (h,) in con.execute("SELECT resume_hash FROM responses WHERE resume_hash IS NOT NULL")}
        finally:
            con.close()
        harness.check_full_disk_rows(self, run, rows, status[0] if status else None, hashes)


if __name__ == "__main__":
    code = harness.main()
    # The verdict is in; leave at once. Once, in a clean-clone run, the interpreter's shutdown hung
    # after this test had passed (the lazily unmounted tmpfs), and ctest timed it out.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
