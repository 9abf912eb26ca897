"""What the tests that attack a running server share (issue 10).

Used by tests/http/test_crash.py, test_shutdown.py, test_hostile.py, test_storage_failure.py and
tests/pg/test_crash.py, test_full_disk.py:
  - main(*modules): the command line (`python3 TEST.py /path/to/mcsurvey`), the unittest run and its
    exit code (test_e2e.exit_code: 0 passed, 1 failed, 77 skipped, which ctest reports as skipped); also
    used by the tests that keep the binary in their own BINARY (test_console, test_mail, test_bounces,
    test_mail_crash, test_contacts_edit, test_print, test_report, test_cli_audit);
  - server(): a `mcsurvey serve` on a fresh SQLite database in a temporary folder;
  - the crash test's clients (API submissions and questionnaire pages, each acknowledgement logged),
    its SIGKILL rounds and its check of a database's rows against the log;
  - the full-disk scenario, whatever holds the database.
The database-specific parts (reading rows, the integrity check, filling the disk) stay in the tests.
"""
import hashlib
import json
import os
import random
import sys
import threading
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_e2e as e2e  # noqa: E402  (the server harness and the page-filling client)

NOT_SAVED = "could not be saved"


def main(*modules):
    """`python3 TEST.py /path/to/mcsurvey [unittest's own arguments]`: BINARY set in test_e2e and in each of
    `modules` (the calling script's own, sys.modules[__name__], and any whose helpers read BINARY), the
    calling script's tests run; the exit code (test_e2e.exit_code: 77, which ctest reports as skipped,
    when a test was skipped)."""
    if len(sys.argv) < 2:
        print("usage: %s /path/to/mcsurvey" % sys.argv[0], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv.pop(1))
    for m in (e2e,) + modules:
        m.BINARY = binary
    prog = unittest.main(module="__main__", exit=False, verbosity=2)
    return e2e.exit_code(prog.result)


def server(tmpdir, name, extra_args=(), db_path=None):
    """A server on `tmpdir/name.db` (or `db_path`) without the post rate limit (the tests are one
    client address)."""
    return e2e.Server(e2e.BINARY, tmpdir, extra_args=["--post-rate", "0"] + list(extra_args),
                      db_path=db_path or os.path.join(tmpdir, name + ".db"))


class PgServer(e2e.Server):
    """A server on a PostgreSQL URL (tests/pg/with_postgres.sh gives one)."""

    def __init__(self, tmpdir, url, name="server", extra_args=("--post-rate", "0")):
        super().__init__(e2e.BINARY, tmpdir, extra_args=extra_args)
        self.db = url
        self.stderr_path = os.path.join(tmpdir, name + "-stderr.txt")


def api_submit(base, form, marker):
    """One complete authorities response through the API, `marker` as its comment."""
    answers = e2e.api_payload(form, dict(e2e.AUTHORITIES_OVERRIDES, comments=marker))
    r = e2e.Browser(base).request("POST", "/api/v1/forms/authorities/responses",
                                  data=json.dumps({"answers": answers, "lang": "en"}).encode(),
                                  headers={"Content-Type": "application/json"})
    return r, answers


# ---------------------------------------------------------------------------------------------
# The crash test: clients that log every acknowledgement, and the check of a database against it
# ---------------------------------------------------------------------------------------------

class Log:
    """What the clients were told, shared by every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.api_acked = {}       # marker -> (id, answers sent)
        self.api_attempted = set()  # every marker sent, acknowledged or not
        self.pages_acked = {}     # resume token -> (page marker, {field: value} of the latest saved page)
        self.thanked = set()      # references shown on thank-you pages
        self.page_saves = 0       # every page save acknowledged (pages_acked keeps the latest per response)
        self.refused = 0          # 503s (storage unavailable): allowed only where the test says so

    def counts(self):
        with self.lock:
            return len(self.api_acked), self.page_saves, len(self.thanked)


def api_client(base, form, log, stop, name):
    n = 0
    while not stop.is_set():
        n += 1
        marker = "crash-%s-%d-%s" % (name, n, random.getrandbits(32))
        with log.lock:
            log.api_attempted.add(marker)
        try:
            r, answers = api_submit(base, form, marker)
        except (OSError, urllib.error.URLError, ConnectionError):
            return  # the server is gone: this attempt is unknown, which the check allows
        if r.status == 201:
            with log.lock:
                log.api_acked[marker] = (r.json()["id"], answers)
        elif r.status == 503:
            if NOT_SAVED not in r.text:
                raise AssertionError("API 503 without 'could not be saved': %r" % r)
            with log.lock:
                log.refused += 1
            time.sleep(0.05)
        else:
            raise AssertionError("API submission answered %r" % r)


class Refused(Exception):
    """A 503 where the test allows one (the database is down): the walk starts again."""


def page_client(base, log, stop, name, rnd, allow_503=False):
    """Walks whole questionnaires page by page; every 303 after a page post is an acknowledgement."""
    forms = ["vet_providers", "employers", "employee_orgs", "authorities"]

    def expect(r, status, what):
        if r.status == 503 and allow_503:
            raise Refused()
        if r.status != status:
            raise AssertionError("%s answered %r" % (what, r))

    while not stop.is_set():
        br = e2e.Browser(base)
        form_id = rnd.choice(forms)
        try:
            r = br.get("/s/" + form_id)
            expect(r, 200, "GET /s/" + form_id)
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
                expect(r, 303, "page post on %s %s" % (form_id, page.marker))
                known.update(values)
                loc = e2e.path_of(r.header("Location"))
                token = loc.rsplit("/r/", 1)[1] if "/r/" in loc else token
                if token and action == "next":
                    with log.lock:
                        log.pages_acked[token] = (form_id, page.marker, dict(values))
                        log.page_saves += 1
                r2 = br.get(loc)
                expect(r2, 200, "GET %s after a page post" % loc)
                if "panel__ref" in r2.text:
                    ref = r2.text.split('class="panel__ref">', 1)[1].split("<", 1)[0]
                    with log.lock:
                        log.thanked.add(ref)
                        log.pages_acked.pop(token, None)
                    break
                page = e2e.Page(r2)
                if not page.action:
                    raise AssertionError("no question page after %s: %r" % (action, r2))
        except Refused:
            with log.lock:
                log.refused += 1
            time.sleep(0.05)
        except (OSError, urllib.error.URLError, ConnectionError):
            return


class Load:
    """API clients and page clients against one server, from start() until stop()."""

    def __init__(self, base, form, log, rnd, tag, api_clients=6, page_clients=4, allow_503=False):
        self.stop_event = threading.Event()
        self.errors = []
        self.threads = [threading.Thread(target=self._run, args=(api_client, base, form, log, self.stop_event,
                                                                 "a%s.%d" % (tag, i)))
                        for i in range(api_clients)]
        self.threads += [threading.Thread(target=self._run, args=(page_client, base, log, self.stop_event,
                                                                  "p%s.%d" % (tag, i),
                                                                  random.Random(rnd.getrandbits(32)), allow_503))
                         for i in range(page_clients)]

    def _run(self, fn, *args):
        try:
            fn(*args)
        except Exception as e:  # noqa: BLE001 (reported by stop())
            self.errors.append(e)

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        """Stops the clients; the errors they met (wrong answers from the server)."""
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=30)
        return self.errors


def lookup(stored, name, instance):
    """An answer in the stored JSON: top level, or inside the repeat instance the page showed."""
    if name in stored and not isinstance(stored[name], list):
        return stored[name]
    if instance >= 0:
        for v in stored.values():
            if isinstance(v, list) and instance < len(v) and isinstance(v[instance], dict) and name in v[instance]:
                return v[instance][name]
    return None


def check_rows(tc, rows, log, when):
    """Every acknowledgement in `log` is in `rows` exactly once with the answers sent; nothing sent is
    there twice. `rows`: (id, form_id, status, answers JSON, resume_hash, channel, personal JSON)."""
    with log.lock:
        api_acked = dict(log.api_acked)
        attempted = set(log.api_attempted)
        pages = dict(log.pages_acked)
        thanked = set(log.thanked)
    by_id = {r[0]: r for r in rows}
    by_hash = {r[4]: r for r in rows if r[4]}
    # Exactly once: every marker sent appears in at most one row; acknowledged ones in exactly one.
    by_marker = {}
    for rid, _, _, answers, _, channel, _ in rows:
        if channel != "api":
            continue
        a = json.loads(answers)
        m = a.get("comments") if isinstance(a, dict) else None
        if isinstance(m, dict):
            m = m.get("value")
        by_marker.setdefault(m, []).append((rid, a))
    for m, hits in by_marker.items():
        tc.assertEqual(len(hits), 1, "%s: marker %r stored %d times" % (when, m, len(hits)))
        tc.assertTrue(m in attempted, "%s: a response nobody sent: %r" % (when, m))
    for marker, (rid, sent) in api_acked.items():
        tc.assertTrue(marker in by_marker, "%s: acknowledged API response %s (%s) is lost" % (when, rid, marker))
        (got_id, stored), = by_marker[marker]
        tc.assertEqual(got_id, rid, when)
        tc.assertEqual(by_id[rid][2], "complete", when)
        for k in ("country", "org_type", "comments", "mc_count"):
            tc.assertEqual(str(stored.get(k)), str(sent.get(k)),
                           "%s: %s answer %s changed: %r vs %r" % (when, rid, k, stored.get(k), sent.get(k)))
    for ref in thanked:
        tc.assertTrue(ref in by_id, "%s: thanked response %s is lost" % (when, ref))
        tc.assertEqual(by_id[ref][2], "complete", "%s: thanked response %s is not complete" % (when, ref))
    for token, (form_id, marker, values) in pages.items():
        h = hashlib.sha256(token.encode()).hexdigest()
        tc.assertTrue(h in by_hash, "%s: a saved page (%s %s) is lost" % (when, form_id, marker))
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
            tc.assertEqual(sorted(str(got).split()), sorted(want.split()),
                           "%s: saved answer %s of %s (page %s) lost: %r" % (when, k, form_id, marker, got))
    print("%s: %d rows, %d API acks, %d unfinished responses' last pages, %d thank-yous checked"
          % (when, len(rows), len(api_acked), len(pages), len(thanked)), flush=True)


def check_resume_links(tc, base, log):
    """The server, too, serves every saved response after the restarts."""
    with log.lock:
        tokens = list(log.pages_acked.items())[:20]
    for token, (form_id, _, _) in tokens:
        r = e2e.Browser(base).get("/s/%s/r/%s" % (form_id, token))
        tc.assertEqual(r.status, 200, "resume link of a saved page after the restarts: %r" % r)


def sigkill_rounds(tc, srv, log, rnd, rounds, check_database, start_timeout=20.0):
    """Runs the load and SIGKILLs the server at a random moment, `rounds` times; after each restart
    (and the last) `check_database(when)` holds the database to the log. Leaves the server running;
    returns the authorities form (the API clients' JSON)."""
    form = None
    for rnd_no in range(rounds):
        srv.start(timeout=start_timeout)
        if rnd_no > 0:
            # After each restart, while the server runs: everything acknowledged is there.
            check_database("after restart %d" % rnd_no)
        if form is None:
            form = json.loads(e2e.Browser(srv.base).get("/api/v1/forms/authorities").text)
        load = Load(srv.base, form, log, rnd, "%d" % rnd_no).start()
        time.sleep(rnd.uniform(1.5, 4.0))
        before = log.counts()
        srv.proc.kill()  # SIGKILL: no chance to flush or finish anything
        srv.proc.wait()
        errors = load.stop()
        srv.kill()
        tc.assertFalse(errors, "clients saw wrong answers: %s" % errors[:3])
        print("round %d: killed after %s acknowledged (api, pages, thank-you so far: %s)"
              % (rnd_no, before, log.counts()), flush=True)
    srv.start(timeout=start_timeout)
    check_database("after the last restart")
    check_resume_links(tc, srv.base, log)
    return form


def assert_enough(tc, log):
    """The run proved something: enough acknowledgements of each kind."""
    api, pages, thanks = log.counts()
    tc.assertGreater(api, 20, "too few API submissions were acknowledged to prove anything")
    tc.assertGreater(pages, 20, "too few page saves were acknowledged to prove anything")
    tc.assertGreater(thanks, 2, "too few questionnaires were finished to prove anything")


# ---------------------------------------------------------------------------------------------
# A full disk under a running server
# ---------------------------------------------------------------------------------------------

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


def walk_to_review(tc, base, form_id):
    """A respondent answers every page up to "Check your answers"; returns (browser, review page)."""
    br = e2e.Browser(base)
    page = e2e.Page(br.get("/s/" + form_id))
    known = {}
    for _ in range(e2e.MAX_PAGES):
        if page.marker == "review":
            return br, page
        instance = int(page.marker.split(".")[1]) if page.marker else -1
        values = e2e.fill(page, known, {}, instance)
        r = br.post(page.action, page.form_data(values, "next"))
        tc.assertEqual(r.status, 303, r)
        known.update(values)
        page = e2e.Page(br.get(e2e.path_of(r.header("Location"))))
        tc.assertTrue(page.action, page.resp)
    tc.fail("no review page in %s" % form_id)


class FullDiskRun:
    """What the respondents and API clients were told in full_disk()."""

    def __init__(self):
        self.acked = {}            # API marker -> response id (201)
        self.refused = []          # API markers answered 503
        self.saved_tokens = []     # resume tokens of first pages saved (303) while the disk was full
        self.thanked = None        # the reference on the thank-you page at the end
        self.thanked_while_full = False


def full_disk(tc, base, fill, free, room_in_pages=False, max_writes=300):
    """The full-disk scenario on a running server: `fill()` takes every free byte of the disk that
    holds the database, `free()` gives it back. Returns a FullDiskRun for the test's own check of
    the database (check_full_disk_rows).

    room_in_pages: the database may keep finding room inside pages it already owns after its first
    refusal (PostgreSQL: free space left in a table's pages, space pruned from old row versions), so
    a first-page save or the questionnaire's last page may still be saved, truly. Then new
    respondents post first pages until one is refused (each saved one must be in the database), and
    the last page may get its thank-you, which must then be true. Without it (SQLite: every commit
    needs room for its WAL frames) the first refusal is followed by refusals only."""
    run = FullDiskRun()
    form = json.loads(e2e.Browser(base).get("/api/v1/forms/authorities").text)
    r, _ = api_submit(base, form, "before-full")
    tc.assertEqual(r.status, 201, r)
    run.acked["before-full"] = r.json()["id"]
    br, review = walk_to_review(tc, base, "employers")

    fill()
    # The database may still find room in pages it already owns, so a few writes can succeed; each
    # acknowledgement must then be on disk. The first refusal must come soon.
    refused = None
    for i in range(max_writes):
        marker = "while-full-%d" % i
        r, _ = api_submit(base, form, marker)
        if r.status == 201:
            run.acked[marker] = r.json()["id"]
            continue
        refused = r
        run.refused.append(marker)
        break
    tc.assertIsNotNone(refused, "%d submissions on a full disk were all accepted" % max_writes)
    tc.assertEqual(refused.status, 503, refused)
    tc.assertIn(NOT_SAVED, refused.json().get("error", refused.text), refused)
    print("disk full after %d more acknowledged submissions" % (len(run.acked) - 1), flush=True)

    # New respondents' first pages: refused the same way (after some true saves, with room_in_pages).
    for i in range(max_writes if room_in_pages else 1):
        br2 = e2e.Browser(base)
        p1 = e2e.Page(br2.get("/s/vet_providers"))
        r = br2.post(p1.action, p1.form_data(e2e.fill(p1, {}, {}), "next"))
        if r.status == 303 and room_in_pages:
            run.saved_tokens.append(e2e.path_of(r.header("Location")).rsplit("/r/", 1)[1])
            continue
        tc.assertEqual(r.status, 503, "first page on a full disk: %r" % r)
        tc.assertIn("Your answers could not be saved", r.text)
        break
    else:
        tc.fail("%d first pages on a full disk were all saved" % max_writes)
    # The respondent sends the questionnaire: not saved, and told so; never a thank-you that is not true.
    sent = r = br.post(review.action, review.form_data({}, "submit"))
    if r.status == 303 and room_in_pages:
        run.thanked_while_full = True
    else:
        tc.assertEqual(r.status, 503, "sending on a full disk: %r" % r)
        tc.assertIn("Your answers could not be saved", r.text)
        tc.assertNotIn("panel__ref", r.text, "a thank-you on a full disk")
    print("full: %d first pages saved before the first refused; the last page %s" %
          (len(run.saved_tokens), "saved (room in its page)" if run.thanked_while_full else "refused"), flush=True)
    # More while the disk stays full: each is refused, or acknowledged and then on disk.
    for i in range(5):
        marker = "still-full-%d" % i
        r, _ = api_submit(base, form, marker)
        if r.status == 201:
            run.acked[marker] = r.json()["id"]
            continue
        tc.assertEqual(r.status, 503, "submission %d on a full disk after the first refusal: %r" % (i, r))
        run.refused.append(marker)
    # Still serving while full.
    for path in ("/", "/healthz", "/s/employers", "/api/v1/forms/authorities", "/static/mcsurvey.css"):
        g = e2e.Browser(base).get(path)
        tc.assertEqual(g.status, 200, "GET %s on a full disk: %r" % (path, g))
    m = e2e.Browser(base).get("/metrics").text
    failures = [ln for ln in m.splitlines() if ln.startswith("mcsurvey_storage_failures_total ")]
    tc.assertTrue(failures and int(failures[0].split()[1]) >= (2 if run.thanked_while_full else 3),
                  "storage failures not counted: %s" % failures)

    # Space returns: everything works again, without a restart.
    free()
    r, _ = api_submit(base, form, "after-space")
    tc.assertEqual(r.status, 201, "after space returned: %r" % r)
    run.acked["after-space"] = r.json()["id"]
    if not run.thanked_while_full:
        sent = br.post(review.action, review.form_data({}, "submit"))
        tc.assertEqual(sent.status, 303, "sending again after space returned: %r" % sent)
    thanks = br.get(e2e.path_of(sent.header("Location")))
    tc.assertIn("panel__ref", thanks.text, "no thank-you: %r" % thanks)
    run.thanked = thanks.text.split('class="panel__ref">', 1)[1].split("<", 1)[0]
    br3 = e2e.Browser(base)
    p1 = e2e.Page(br3.get("/s/vet_providers"))
    r = br3.post(p1.action, p1.form_data(e2e.fill(p1, {}, {}), "next"))
    tc.assertEqual(r.status, 303, "first page after space returned: %r" % r)
    return run


def check_full_disk_rows(tc, run, api_rows, ref_status, resume_hashes):
    """`api_rows`: {id: answers JSON} of the API responses; `ref_status`: the status of the response
    thanked; `resume_hashes`: the resume_hash of every response stored."""
    tc.assertEqual(ref_status, "complete", "the response thanked")
    stored_markers = [json.loads(a).get("comments") for a in api_rows.values()]
    for marker, rid in run.acked.items():
        tc.assertTrue(rid in api_rows, "acknowledged %s (%s) is lost" % (rid, marker))
        tc.assertEqual(stored_markers.count(marker), 1, marker)
    stored_refused = [m for m in run.refused if m in stored_markers]
    tc.assertEqual(stored_refused, [], "refused submissions were stored after all")
    for token in run.saved_tokens:
        tc.assertTrue(hashlib.sha256(token.encode()).hexdigest() in resume_hashes,
                      "a first page saved on the full disk is lost")
