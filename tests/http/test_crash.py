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
"""
import hashlib
import json
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_e2e as e2e  # noqa: E402  (the server harness and the page-filling client)

BINARY = None
ROUNDS = 4
API_CLIENTS = 6
PAGE_CLIENTS = 4
SEED = int(os.environ.get("MCS_CRASH_SEED", str(int(time.time()))))


class Log:
    """What the clients were told, shared by every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.api_acked = {}       # marker -> (id, answers sent)
        self.api_attempted = set()  # every marker sent, acknowledged or not
        self.pages_acked = {}     # resume token -> (page marker, {field: value} of the latest saved page)
        self.thanked = set()      # references shown on thank-you pages
        self.page_saves = 0       # every page save acknowledged (pages_acked keeps the latest per response)

    def counts(self):
        with self.lock:
            return len(self.api_acked), self.page_saves, len(self.thanked)


class ServerGone(Exception):
    pass


def api_client(base, form, log, stop, name):
    n = 0
    br = e2e.Browser(base)
    while not stop.is_set():
        n += 1
        marker = "crash-%s-%d-%s" % (name, n, random.getrandbits(32))
        answers = e2e.api_payload(form, dict(e2e.AUTHORITIES_OVERRIDES, comments=marker))
        with log.lock:
            log.api_attempted.add(marker)
        try:
            r = br.request("POST", "/api/v1/forms/authorities/responses",
                           data=json.dumps({"answers": answers, "lang": "en"}).encode(),
                           headers={"Content-Type": "application/json"})
        except (OSError, urllib.error.URLError, ConnectionError):
            return  # the server is gone: this attempt is unknown, which the check allows
        if r.status == 201:
            with log.lock:
                log.api_acked[marker] = (r.json()["id"], answers)
        elif r.status != 503:
            raise AssertionError("API submission answered %r" % r)


def page_client(base, log, stop, name, rnd):
    """Walks whole questionnaires page by page; every 303 after a page post is an acknowledgement."""
    forms = ["vet_providers", "employers", "employee_orgs", "authorities"]
    while not stop.is_set():
        br = e2e.Browser(base)
        form_id = rnd.choice(forms)
        try:
            r = br.get("/s/" + form_id)
            if r.status != 200:
                raise AssertionError("GET /s/%s: %r" % (form_id, r))
            page = e2e.Page(r)
            known = {}
            token = None
            for _ in range(e2e.MAX_PAGES):
                if stop.is_set():
                    return
                if page.marker == "review":
                    values, action = {}, "submit"
                else:
                    instance = int(page.marker.split(".")[1]) if page.marker else -1
                    values = e2e.fill(page, known, {"comments": "page-%s-%s" % (name, rnd.getrandbits(32))}, instance)
                    action = "submit" if "submit" in page.actions else "next"
                r = br.post(page.action, page.form_data(values, action))
                if r.status != 303:
                    raise AssertionError("page post on %s %s answered %r" % (form_id, page.marker, r))
                known.update(values)
                loc = e2e.path_of(r.header("Location"))
                token = loc.rsplit("/r/", 1)[1] if "/r/" in loc else token
                if token and action == "next":
                    with log.lock:
                        log.pages_acked[token] = (form_id, page.marker, dict(values))
                        log.page_saves += 1
                r2 = br.get(loc)
                if r2.status != 200:
                    raise AssertionError("GET %s after a page post: %r" % (loc, r2))
                if "panel__ref" in r2.text:
                    ref = r2.text.split('class="panel__ref">', 1)[1].split("<", 1)[0]
                    with log.lock:
                        log.thanked.add(ref)
                        log.pages_acked.pop(token, None)
                    break
                page = e2e.Page(r2)
                if not page.action:
                    raise AssertionError("no question page after %s: %r" % (action, r2))
        except (OSError, urllib.error.URLError, ConnectionError):
            return


def lookup(stored, name, instance):
    """An answer in the stored JSON: top level, or inside the repeat instance the page showed."""
    if name in stored and not isinstance(stored[name], list):
        return stored[name]
    if instance >= 0:
        for v in stored.values():
            if isinstance(v, list) and instance < len(v) and isinstance(v[instance], dict) and name in v[instance]:
                return v[instance][name]
    return None


class CrashTest(unittest.TestCase):
    def test_sigkill_under_load_loses_nothing_acknowledged(self):
        print("crash test seed %d (MCS_CRASH_SEED to repeat)" % SEED)
        rnd = random.Random(SEED)
        with tempfile.TemporaryDirectory(prefix="mcsurvey-crash-") as tmp:
            db_path = os.path.join(tmp, "crash.db")
            server = e2e.Server(BINARY, tmp, extra_args=["--post-rate", "0"], db_path=db_path)
            log = Log()
            form = None
            try:
                for rnd_no in range(ROUNDS):
                    server.start()
                    if rnd_no > 0:
                        # After each restart, while the server runs: everything acknowledged is there.
                        self.check_database(db_path, log, "after restart %d" % rnd_no)
                    if form is None:
                        form = json.loads(e2e.Browser(server.base).get("/api/v1/forms/authorities").text)
                    stop = threading.Event()
                    errors = []

                    def run(fn, *args):
                        try:
                            fn(*args)
                        except Exception as e:  # noqa: BLE001 (reported below)
                            errors.append(e)

                    threads = [threading.Thread(target=run, args=(api_client, server.base, form, log, stop, "a%d.%d" % (rnd_no, i)))
                               for i in range(API_CLIENTS)]
                    threads += [threading.Thread(target=run, args=(page_client, server.base, log, stop, "p%d.%d" % (rnd_no, i),
                                                                   random.Random(rnd.getrandbits(32))))
                                for i in range(PAGE_CLIENTS)]
                    for t in threads:
                        t.start()
                    time.sleep(rnd.uniform(1.5, 4.0))
                    before = log.counts()
                    server.proc.kill()  # SIGKILL: no chance to flush or finish anything
                    server.proc.wait()
                    stop.set()
                    for t in threads:
                        t.join(timeout=30)
                    server.kill()
                    self.assertFalse(errors, "clients saw wrong answers: %s" % errors[:3])
                    print("round %d: killed after %s acknowledged (api, pages, thank-you so far: %s)"
                          % (rnd_no, before, log.counts()))
                server.start()
                self.check_database(db_path, log, "after the last restart")
                self.check_resume_links(server, log)
                api, pages, thanks = log.counts()
                self.assertGreater(api, 20, "too few API submissions were acknowledged to prove anything")
                self.assertGreater(pages, 20, "too few page saves were acknowledged to prove anything")
                self.assertGreater(thanks, 2, "too few questionnaires were finished to prove anything")
            finally:
                server.kill()

    def check_database(self, db_path, log, when):
        with log.lock:
            api_acked = dict(log.api_acked)
            attempted = set(log.api_attempted)
            pages = dict(log.pages_acked)
            thanked = set(log.thanked)
        con = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True, timeout=30)
        try:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)], when)
            rows = con.execute("SELECT id, form_id, status, answers, resume_hash, channel, personal FROM responses").fetchall()
        finally:
            con.close()
        by_id = {r[0]: r for r in rows}
        by_hash = {r[4]: r for r in rows if r[4]}
        # Exactly once: every marker sent appears in at most one row; acknowledged ones in exactly one.
        by_marker = {}
        for rid, form_id, status, answers, _, channel, _ in rows:
            if channel != "api":
                continue
            a = json.loads(answers)
            m = a.get("comments") if isinstance(a, dict) else None
            if isinstance(m, dict):
                m = m.get("value")
            by_marker.setdefault(m, []).append((rid, a))
        for m, hits in by_marker.items():
            self.assertEqual(len(hits), 1, "%s: marker %r stored %d times" % (when, m, len(hits)))
            self.assertIn(m, attempted, "%s: a response nobody sent: %r" % (when, m))
        for marker, (rid, sent) in api_acked.items():
            self.assertIn(marker, by_marker, "%s: acknowledged API response %s (%s) is lost" % (when, rid, marker))
            (got_id, stored), = by_marker[marker]
            self.assertEqual(got_id, rid, when)
            row = by_id[rid]
            self.assertEqual(row[2], "complete", when)
            for k in ("country", "org_type", "comments", "mc_count"):
                self.assertEqual(str(stored.get(k)), str(sent.get(k)),
                                 "%s: %s answer %s changed: %r vs %r" % (when, rid, k, stored.get(k), sent.get(k)))
        for ref in thanked:
            self.assertIn(ref, by_id, "%s: thanked response %s is lost" % (when, ref))
            self.assertEqual(by_id[ref][2], "complete", "%s: thanked response %s is not complete" % (when, ref))
        for token, (form_id, marker, values) in pages.items():
            h = hashlib.sha256(token.encode()).hexdigest()
            self.assertIn(h, by_hash, "%s: a saved page (%s %s) is lost" % (when, form_id, marker))
            row = by_hash[h]
            stored = json.loads(row[3])
            if row[6]:
                stored.update(json.loads(row[6]))  # contact details are kept apart
            instance = int(marker.split(".")[1]) if marker and "." in marker else -1
            for k, v in values.items():
                if v in ("", []):
                    continue
                got = lookup(stored, k, instance)
                want = " ".join(v) if isinstance(v, list) else str(v)
                self.assertEqual(sorted(str(got).split()), sorted(want.split()),
                                 "%s: saved answer %s of %s (page %s) lost: %r" % (when, k, form_id, marker, got))
        print("%s: %d rows, %d API acks, %d unfinished responses' last pages, %d thank-yous checked, integrity ok"
              % (when, len(rows), len(api_acked), len(pages), len(thanked)))

    def check_resume_links(self, server, log):
        """The server, too, serves every saved response after the restarts."""
        with log.lock:
            tokens = list(log.pages_acked.items())[:20]
        for token, (form_id, marker, _) in tokens:
            r = e2e.Browser(server.base).get("/s/%s/r/%s" % (form_id, token))
            self.assertEqual(r.status, 200, "resume link of a saved page after the restarts: %r" % r)


def main():
    global BINARY
    if len(sys.argv) < 2:
        print("usage: %s /path/to/mcsurvey" % sys.argv[0], file=sys.stderr)
        return 2
    BINARY = e2e.BINARY = os.path.abspath(sys.argv[1])
    prog = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
