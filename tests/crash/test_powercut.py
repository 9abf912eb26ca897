#!/usr/bin/env python3
"""Power-cut test: a crash or kill never loses an acknowledged response, even when the machine goes down.

Run: python3 tests/crash/test_powercut.py build/mcsurvey build/tests/libsyncshim.so
     (MCS_POWERCUT_SEED=N repeats a run; MCS_POWERCUT_ROUNDS=N changes the number of power cuts)

tests/http/test_crash.py SIGKILLs the server, but the kernel keeps everything already written in its page
cache, so an acknowledgement sent before the data reached the disk goes unseen there. Here the server runs
with syncshim (tests/crash/syncshim.c) preloaded: each database file (the database, -wal, -shm, -journal)
gets a durable image, its contents as of its last completed fsync/fdatasync; a file never flushed has none.
Each round:
  1. `mcsurvey serve` runs on the database (the first round: a fresh one) with the shim, which sleeps a
     few milliseconds inside each flush in some rounds (SYNCSHIM_DELAY_MS) to widen the window in which a
     save acknowledged before its flush would be caught;
  2. API clients and respondents walking the questionnaires' pages (tests/http/harness.py) log every save
     the server acknowledged (a 201 with its id and answers, a 303 after a page post, a thank-you page);
  3. after a random moment the server is SIGKILLed, and every database file is replaced by its durable
     image, a file without one removed: the disk as a power cut at that moment would leave it;
  4. a copy of those files must pass PRAGMA integrity_check and hold every save acknowledged in any
     round so far, with its answers (harness.check_rows, as test_crash.py checks), exactly once.
The next round's server starts on what the power cut left. After the last round a server starts once more
and serves the saved responses' resume links. The seed is printed; the kill moments and delays follow it.
"""
import glob
import hashlib
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import harness  # noqa: E402
import test_e2e as e2e  # noqa: E402

SHIM = None  # the preload library, from the command line
ROUNDS = int(os.environ.get("MCS_POWERCUT_ROUNDS", "8"))
SEED = int(os.environ.get("MCS_POWERCUT_SEED", str(int(time.time()))))
DB_FILES = ("", "-wal", "-shm", "-journal")  # what SQLite keeps beside the database: all simulated


def power_cut(db_path, images):
    """Leaves each database file as a power cut would: its durable image (kept in `images`), or no file
    without one. The images stay: they are the disk's state until the next flush. Returns {suffix: bytes
    kept}."""
    kept = {}
    for suffix in DB_FILES:
        f = db_path + suffix
        image = os.path.join(images, os.path.basename(f) + ".durable")
        for tmp in glob.glob(glob.escape(image) + ".tmp*"):
            os.unlink(tmp)  # a copy whose flush had not returned when the server died: never durable
        if os.path.exists(image):
            shutil.copyfile(image, f)
            kept[suffix or "db"] = os.path.getsize(f)
        elif os.path.exists(f):
            os.unlink(f)
    return kept


def rows_after(db_path, tmp):
    """(integrity_check result, response rows) of a copy of the database files as they are."""
    check = os.path.join(tmp, "check")
    shutil.rmtree(check, ignore_errors=True)
    os.mkdir(check)
    if not os.path.exists(db_path):
        return [("ok",)], []  # nothing durable at all: an empty database, so every save is lost
    for suffix in DB_FILES:
        if os.path.exists(db_path + suffix):
            shutil.copyfile(db_path + suffix, os.path.join(check, "db" + suffix))
    con = sqlite3.connect(os.path.join(check, "db"), timeout=30)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'responses'").fetchall():
            print("the durable database has no responses table (its schema never reached the disk)", flush=True)
            return integrity, []
        rows = con.execute(
            "SELECT id, form_id, status, answers, resume_hash, channel, personal FROM responses").fetchall()
    finally:
        con.close()
    return integrity, rows


class Simulated:
    """A server on a fresh database with the shim preloaded, its images on a tmpfs where there is one
    (copying them must not load the disk whose flushes are timed)."""

    def __init__(self, tc, tmp):
        self.tc = tc
        self.tmp = tmp
        self.db_path = os.path.join(tmp, "powercut.db")
        self.sync_log = os.path.join(tmp, "syncs.txt")
        self.images = tempfile.mkdtemp(prefix="mcsurvey-powercut-",
                                       dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else tmp)
        self.srv = harness.server(tmp, "powercut", db_path=self.db_path)
        os.environ.update(LD_PRELOAD=SHIM, SYNCSHIM_MATCH=self.db_path, SYNCSHIM_LOG=self.sync_log,
                          SYNCSHIM_DIR=self.images)

    def start(self, delay_ms):
        os.environ["SYNCSHIM_DELAY_MS"] = str(delay_ms)
        self.srv.start(timeout=30)
        with open("/proc/%d/maps" % self.srv.proc.pid) as maps:
            self.tc.assertIn(os.path.basename(SHIM), maps.read(), "the shim is not loaded: no simulation")

    def cut(self, when):
        """The power cut: SIGKILL, the files put back as the disk held them; their rows, checked intact."""
        if self.srv.proc:
            self.srv.proc.kill()
            self.srv.proc.wait()
        self.srv.kill()
        kept = power_cut(self.db_path, self.images)
        integrity, rows = rows_after(self.db_path, self.tmp)
        self.tc.assertEqual(integrity, [("ok",)], when)
        return kept, rows

    def flushes(self):
        with open(self.sync_log) as f:
            return sum(1 for line in f if line.startswith("sync "))

    def close(self):
        self.srv.kill()
        shutil.rmtree(self.images, ignore_errors=True)
        for k in ("LD_PRELOAD", "SYNCSHIM_MATCH", "SYNCSHIM_LOG", "SYNCSHIM_DELAY_MS", "SYNCSHIM_DIR"):
            os.environ.pop(k, None)


class PowerCutTest(unittest.TestCase):
    def test_power_cut_under_load_loses_nothing_acknowledged(self):
        print("power-cut test seed %d (MCS_POWERCUT_SEED to repeat), %d rounds" % (SEED, ROUNDS), flush=True)
        rnd = random.Random(SEED)
        with tempfile.TemporaryDirectory(prefix="mcsurvey-powercut-") as tmp:
            sim = Simulated(self, tmp)
            log = harness.Log()
            form = None
            try:
                for rnd_no in range(ROUNDS):
                    delay_ms = rnd.choice([0, 2, 5, 20])
                    sim.start(delay_ms)
                    if form is None:
                        form = e2e.Browser(sim.srv.base).get("/api/v1/forms/authorities").json()
                    load = harness.Load(sim.srv.base, form, log, rnd, "%d" % rnd_no).start()
                    time.sleep(rnd.uniform(0.3, 1.5))  # the moment of the power cut, from the seed
                    sim.srv.proc.kill()
                    sim.srv.proc.wait()
                    errors = load.stop()
                    self.assertFalse(errors, "clients saw wrong answers: %s" % errors[:3])
                    when = "power cut %d (seed %d, %d ms in each flush)" % (rnd_no + 1, SEED, delay_ms)
                    kept, rows = sim.cut(when)
                    print("%s: acknowledged so far (api, pages, thank-yous) %s; durable files kept %s"
                          % (when, log.counts(), kept), flush=True)
                    harness.check_rows(self, rows, log, when)
                sim.start(0)
                harness.check_resume_links(self, sim.srv.base, log)
                harness.assert_enough(self, log)
                print("%d power cuts, %d API saves, %d page saves and %d thank-yous acknowledged, all kept; "
                      "%d flushes simulated" % ((ROUNDS,) + log.counts() + (sim.flushes(),)), flush=True)
            finally:
                sim.close()

    def test_a_thank_you_page_shown_survives_a_power_cut(self):
        """A respondent submits in one tab and reloads the questionnaire in another: a thank-you page the
        second tab shows, even before the first tab has its answer, is an acknowledgement too, so the
        completion must be on the disk by then. Each flush takes 300 ms here (SYNCSHIM_DELAY_MS), and
        the server was restarted after the pages were saved, so the response is in no cache: the other
        tab reads what the database holds."""
        with tempfile.TemporaryDirectory(prefix="mcsurvey-powercut-") as tmp:
            sim = Simulated(self, tmp)
            try:
                sim.start(0)
                br, review = harness.walk_to_review(self, sim.srv.base, "employers")
                token = review.resp.url.split("/r/", 1)[1].split("/")[0].split("?")[0]
                sim.srv.stop()
                sim.start(300)
                br.base = sim.srv.base
                submitted = {}

                def submit():
                    try:
                        submitted["resp"] = br.post(review.action, review.form_data({}, "submit"))
                    except OSError as e:  # the power cut came first: no answer
                        submitted["resp"] = e

                tab1 = threading.Thread(target=submit)
                tab1.start()
                seen, before_answer = False, False
                deadline = time.monotonic() + 20
                while not seen and time.monotonic() < deadline:
                    answered = not tab1.is_alive()
                    r = e2e.Browser(sim.srv.base).get("/s/employers/r/" + token)
                    seen = "panel__ref" in r.text
                    before_answer = seen and not answered
                self.assertTrue(seen, "the other tab never showed the thank-you page")
                sim.srv.proc.kill()  # the power cut, the moment the thank-you page was shown
                tab1.join()
                _, rows = sim.cut("power cut after a thank-you page")
                stored = [r for r in rows if r[4] == hashlib.sha256(token.encode()).hexdigest()]
                self.assertEqual(len(stored), 1, "the response is lost")
                self.assertEqual(stored[0][2], "complete",
                                 "the other tab showed the thank-you page (%s the submitting tab had its answer, "
                                 "%r), but after the power cut the response is %s"
                                 % ("before" if before_answer else "after", submitted.get("resp"), stored[0][2]))
                print("thank-you page shown %s the submitting tab had its answer; the response was complete "
                      "after the power cut" % ("before" if before_answer else "after"), flush=True)
            finally:
                sim.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print("usage: %s /path/to/mcsurvey /path/to/libsyncshim.so" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    SHIM = os.path.abspath(sys.argv.pop(2))
    sys.exit(harness.main())
