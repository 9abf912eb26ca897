#!/usr/bin/env python3
"""Crash test on PostgreSQL (issue 10): nothing acknowledged is lost, whichever server dies.

Run: tests/pg/with_postgres.sh python3 tests/pg/test_crash.py /path/to/build/mcsurvey

1. The crash test of tests/http/test_crash.py with the server on PostgreSQL: API clients and page
   clients under load, mcsurvey SIGKILLed at random moments four times; after each restart every
   acknowledged response (201, saved page, thank-you) is in the database exactly once with the
   answers sent, and amcheck finds the tables and indexes sound.
2. Then PostgreSQL itself dies under the same load (`pg_ctl stop -m immediate`: no checkpoint, crash
   recovery on the next start) while mcsurvey keeps running. Meanwhile submissions and page posts get
   503 "could not be saved" (never a 201 or a thank-you), a respondent who sends the last page is told
   so, and the server keeps serving; when PostgreSQL is back mcsurvey takes answers again without a
   restart, and the database holds every acknowledgement made before, during and after.
PostgreSQL runs with synchronous_commit = off, as a careless configuration might: mcsurvey turns it
back on for its own sessions (without that, this test loses acknowledged responses in step 2).
"""
import json
import os
import random
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import pg_cluster  # noqa: E402
import test_e2e as e2e  # noqa: E402

ROUNDS = 4
SEED = int(os.environ.get("MCS_CRASH_SEED", str(int(time.time()))))


def logged_submit(base, form, log, marker):
    """An API submission recorded in the clients' log like theirs."""
    with log.lock:
        log.api_attempted.add(marker)
    r, answers = harness.api_submit(base, form, marker)
    if r.status == 201:
        with log.lock:
            log.api_acked[marker] = (r.json()["id"], answers)
    return r


class PgCrash(unittest.TestCase):
    def setUp(self):
        why = pg_cluster.available()
        if why:
            self.skipTest(why)
        # A careless configuration: PostgreSQL would report commits before their WAL is flushed and
        # lose the last ones when it dies. mcsurvey's acknowledgements must hold all the same.
        pg_cluster.psql("ALTER SYSTEM SET synchronous_commit = off")
        pg_cluster.psql("SELECT pg_reload_conf()")

    def check_database(self, log, when):
        problems = pg_cluster.integrity_problems()
        self.assertEqual(problems, [], "%s: amcheck" % when)
        rows = pg_cluster.json_rows("SELECT id, form_id, status, answers, resume_hash, channel, personal FROM responses")
        harness.check_rows(self, rows, log, when + " (amcheck ok)")

    def test_sigkill_mcsurvey_then_postgresql_loses_nothing_acknowledged(self):
        print("crash test seed %d (MCS_CRASH_SEED to repeat)" % SEED)
        rnd = random.Random(SEED)
        log = harness.Log()
        with tempfile.TemporaryDirectory(prefix="mcsurvey-pgcrash-") as tmp:
            srv = harness.PgServer(tmp, pg_cluster.URL)
            try:
                t0 = time.monotonic()
                form = harness.sigkill_rounds(self, srv, log, rnd, ROUNDS, lambda when: self.check_database(log, when),
                                              start_timeout=60)
                harness.assert_enough(self, log)
                print("mcsurvey killed %d times in %.1f s" % (ROUNDS, time.monotonic() - t0), flush=True)
                self.postgresql_dies(srv, form, log, rnd)
            finally:
                srv.kill()

    def postgresql_dies(self, srv, form, log, rnd):
        base = srv.base
        br, review = harness.walk_to_review(self, base, "employers")
        load = harness.Load(base, form, log, rnd, "pg", allow_503=True).start()
        try:
            time.sleep(rnd.uniform(1.0, 2.5))
            before = log.counts()
            pg_cluster.stop_immediate()
            down_at = time.monotonic()
            refused_before = log.refused

            # While PostgreSQL is down: refused and told so, never acknowledged; still serving.
            r = logged_submit(base, form, log, "while-postgresql-down")
            self.assertEqual(r.status, 503, "API submission with PostgreSQL down: %r" % r)
            self.assertIn(harness.NOT_SAVED, r.json()["error"])
            r = br.post(review.action, review.form_data({}, "submit"))
            self.assertEqual(r.status, 503, "sending the last page with PostgreSQL down: %r" % r)
            self.assertIn("Your answers could not be saved", r.text)
            self.assertNotIn("panel__ref", r.text, "a thank-you with PostgreSQL down")
            for path in ("/healthz", "/static/mcsurvey.css"):
                g = e2e.Browser(base).get(path)
                self.assertEqual(g.status, 200, "GET %s with PostgreSQL down: %r" % (path, g))
            r = e2e.Browser(base).get("/s/employers")
            self.assertIn(r.status, (200, 503), "a questionnaire page with PostgreSQL down: %r" % r)
            # A resume link needs the database: 503 and "try again", not 500.
            with log.lock:
                token, (form_id, _, _) = next(iter(log.pages_acked.items()))
            r = e2e.Browser(base).get("/s/%s/r/%s" % (form_id, token))
            self.assertEqual(r.status, 503, "a resume link with PostgreSQL down: %r" % r)
            self.assertEqual(r.header("Retry-After"), "5", r)
            time.sleep(max(0.0, 2.0 - (time.monotonic() - down_at)))
            refused_down = log.refused - refused_before
            self.assertGreater(refused_down, 0, "the clients saw no 503 while PostgreSQL was down")

            # PostgreSQL comes back (crash recovery): mcsurvey takes answers again, without a restart.
            pg_cluster.start()
            up_at = time.monotonic()
            n = 0
            while True:
                n += 1
                r = logged_submit(base, form, log, "after-postgresql-%d" % n)
                if r.status == 201:
                    break
                self.assertEqual(r.status, 503, r)
                self.assertLess(time.monotonic() - up_at, 30, "no 201 within 30 s of PostgreSQL's restart")
                time.sleep(0.1)
            recovered = time.monotonic() - up_at
            for i in range(20):
                r = logged_submit(base, form, log, "recovered-%d" % i)
                self.assertEqual(r.status, 201, "submission %d after the first 201 since the restart: %r" % (i, r))
            r = br.post(review.action, review.form_data({}, "submit"))
            self.assertEqual(r.status, 303, "sending again after PostgreSQL's restart: %r" % r)
            thanks = br.get(e2e.path_of(r.header("Location")))
            self.assertIn("panel__ref", thanks.text, thanks)
            with log.lock:
                log.thanked.add(thanks.text.split('class="panel__ref">', 1)[1].split("<", 1)[0])
            time.sleep(1.0)
        finally:
            errors = load.stop()
        self.assertFalse(errors, "clients saw wrong answers: %s" % errors[:3])
        self.assertIsNone(srv.proc.poll(), "mcsurvey exited while PostgreSQL was down")
        print("PostgreSQL stopped (immediate) after %s acknowledged; %d refusals (503) while down %.1f s; "
              "first 201 %.2f s after its restart (%d attempts); now %s"
              % (before, refused_down, up_at - down_at, recovered, n, log.counts()), flush=True)
        self.check_database(log, "after PostgreSQL's restart")
        harness.check_resume_links(self, base, log)


if __name__ == "__main__":
    sys.exit(harness.main())
