#!/usr/bin/env python3
"""A full disk under PostgreSQL (issue 10): nothing is acknowledged that was not saved.

Run (as root, for the tmpfs):
  MCS_PG_TMPFS_MB=48 tests/pg/with_postgres.sh python3 tests/pg/test_full_disk.py /path/to/build/mcsurvey

PostgreSQL's data folder lives on a small tmpfs of its own (with_postgres.sh mounts it; the
write-ahead log stays on the ordinary disk, see there). A filler file takes every free byte of it,
and the scenario of tests/http/test_storage_failure.py runs against mcsurvey on PostgreSQL: API
submissions get 503 "could not be saved" (never a 201 that is not in the database), a respondent
who sends the last page is told the same, never thanked, the server keeps serving and counts the
failures; when the filler is removed everything is saved again without a restart, and the database
holds every acknowledged response once and passes amcheck.
"""
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import pg_cluster  # noqa: E402


class PgFullDisk(unittest.TestCase):
    def setUp(self):
        why = pg_cluster.available()
        if why:
            self.skipTest(why)
        if not pg_cluster.TMPFS:
            self.skipTest("PostgreSQL's data folder is not on a tmpfs of its own "
                          "(MCS_PG_TMPFS_MB unset, or mount(2) refused: it needs root)")

    def test_full_data_folder(self):
        filler = os.path.join(pg_cluster.DATA, "filler")
        with tempfile.TemporaryDirectory(prefix="mcsurvey-pgfull-") as tmp:
            srv = harness.PgServer(tmp, pg_cluster.URL)
            srv.start(timeout=60)
            try:
                st = os.statvfs(pg_cluster.DATA)
                print("data folder: %.1f MB free of %.1f MB" % (st.f_bavail * st.f_frsize / 1e6,
                                                                 st.f_blocks * st.f_frsize / 1e6), flush=True)
                run = harness.full_disk(self, srv.base, lambda: harness.fill_disk(filler), lambda: os.unlink(filler),
                                        room_in_pages=True)
                self.assertIsNone(srv.proc.poll(), "mcsurvey exited")
            finally:
                srv.kill()
                if os.path.exists(filler):
                    os.unlink(filler)
        self.assertEqual(pg_cluster.integrity_problems(), [])
        rows = dict(pg_cluster.json_rows("SELECT id, answers FROM responses WHERE channel = 'api'"))
        status = pg_cluster.json_rows("SELECT status FROM responses WHERE id = '%s'" % run.thanked.replace("'", ""))
        hashes = {h for (h,) in pg_cluster.json_rows("SELECT resume_hash FROM responses WHERE resume_hash IS NOT NULL")}
        harness.check_full_disk_rows(self, run, rows, status[0][0] if status else None, hashes)
        print("%d acknowledged submissions stored once, %d refused ones absent, %d first pages saved while full "
              "stored, amcheck ok" % (len(run.acked), len(run.refused), len(run.saved_tokens)))

if __name__ == "__main__":
    sys.exit(harness.main())
