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
import os
import random
import shutil
import sqlite3
import sys
import tempfile
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


class PowerCutTest(unittest.TestCase):
    def test_power_cut_under_load_loses_nothing_acknowledged(self):
        print("power-cut test seed %d (MCS_POWERCUT_SEED to repeat), %d rounds" % (SEED, ROUNDS), flush=True)
        rnd = random.Random(SEED)
        with tempfile.TemporaryDirectory(prefix="mcsurvey-powercut-") as tmp:
            db_path = os.path.join(tmp, "powercut.db")
            sync_log = os.path.join(tmp, "syncs.txt")
            # The images on a tmpfs where there is one: copying them must not load the disk being flushed.
            images = tempfile.mkdtemp(prefix="mcsurvey-powercut-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK)
                                      else tmp)
            srv = harness.server(tmp, "powercut", db_path=db_path)
            log = harness.Log()
            form = None
            os.environ.update(LD_PRELOAD=SHIM, SYNCSHIM_MATCH=db_path, SYNCSHIM_LOG=sync_log, SYNCSHIM_DIR=images)
            try:
                for rnd_no in range(ROUNDS):
                    delay_ms = rnd.choice([0, 2, 5, 20])
                    os.environ["SYNCSHIM_DELAY_MS"] = str(delay_ms)
                    srv.start(timeout=30)
                    with open("/proc/%d/maps" % srv.proc.pid) as maps:
                        self.assertIn(os.path.basename(SHIM), maps.read(), "the shim is not loaded: no simulation")
                    if form is None:
                        form = e2e.Browser(srv.base).get("/api/v1/forms/authorities").json()
                    load = harness.Load(srv.base, form, log, rnd, "%d" % rnd_no).start()
                    time.sleep(rnd.uniform(0.3, 1.5))  # the moment of the power cut, from the seed
                    srv.proc.kill()
                    srv.proc.wait()
                    errors = load.stop()
                    srv.kill()
                    self.assertFalse(errors, "clients saw wrong answers: %s" % errors[:3])
                    kept = power_cut(db_path, images)
                    when = "power cut %d (seed %d, %d ms in each flush)" % (rnd_no + 1, SEED, delay_ms)
                    integrity, rows = rows_after(db_path, tmp)
                    self.assertEqual(integrity, [("ok",)], when)
                    print("%s: acknowledged so far (api, pages, thank-yous) %s; durable files kept %s"
                          % (when, log.counts(), kept), flush=True)
                    harness.check_rows(self, rows, log, when)
                srv.start(timeout=30)
                harness.check_resume_links(self, srv.base, log)
                harness.assert_enough(self, log)
                with open(sync_log) as f:
                    flushes = sum(1 for line in f if line.startswith("sync "))
                print("%d power cuts, %d API saves, %d page saves and %d thank-yous acknowledged, all kept; "
                      "%d flushes simulated" % ((ROUNDS,) + log.counts() + (flushes,)), flush=True)
            finally:
                srv.kill()
                shutil.rmtree(images, ignore_errors=True)
                for k in ("LD_PRELOAD", "SYNCSHIM_MATCH", "SYNCSHIM_LOG", "SYNCSHIM_DELAY_MS", "SYNCSHIM_DIR"):
                    os.environ.pop(k, None)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print("usage: %s /path/to/mcsurvey /path/to/libsyncshim.so" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    SHIM = os.path.abspath(sys.argv.pop(2))
    sys.exit(harness.main())
