#!/usr/bin/env python3
"""Crash test: nothing acknowledged is ever lost (issue 10).

Run: python3 tests/http/test_crash.py /path/to/build/mcsurvey

Many concurrent clients submit responses through the API and answer questionnaire pages in the
browser's way (no JavaScript) while the server is killed with SIGKILL at random moments, several
times over the same SQLite database. Each client keeps a log of what the server acknowledged:
  - a 201 from POST /api/v1/forms/authorities/responses (its id and a marker unique to the attempt),
  - a 303 after a page post (the page was saved: its resume link and the answers on that page),
  - a thank-you page (its reference).
After each kill the server is restarted on the same database, and the database must hold every
acknowledged response exactly once, intact (the answers sent), and pass PRAGMA integrity_check.
Attempts cut off by the kill (no acknowledgement) may be present or absent, but never twice.
The clients and the check are in harness.py (tests/pg/test_crash.py runs them on PostgreSQL).
"""
import os
import random
import sqlite3
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ROUNDS = 4
SEED = int(os.environ.get("MCS_CRASH_SEED", str(int(time.time()))))


class CrashTest(unittest.TestCase):
    def test_sigkill_under_load_loses_nothing_acknowledged(self):
        print("crash test seed %d (MCS_CRASH_SEED to repeat)" % SEED)
        rnd = random.Random(SEED)
        with tempfile.TemporaryDirectory(prefix="mcsurvey-crash-") as tmp:
            server = harness.server(tmp, "crash")
            db_path = os.path.join(tmp, "crash.db")
            log = harness.Log()

            def check_database(when):
                con = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True, timeout=30)
                try:
                    self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)], when)
                    rows = con.execute(
                        "SELECT id, form_id, status, answers, resume_hash, channel, personal FROM responses").fetchall()
                finally:
                    con.close()
                harness.check_rows(self, rows, log, when + " (integrity ok)")

            try:
                harness.sigkill_rounds(self, server, log, rnd, ROUNDS, check_database)
                harness.assert_enough(self, log)
            finally:
                server.kill()


if __name__ == "__main__":
    sys.exit(harness.main())
