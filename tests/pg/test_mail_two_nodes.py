#!/usr/bin/env python3
"""The mail queue on PostgreSQL with two nodes (issue 22): two `mcsurvey serve` on one database send a
2,000-message campaign to a real SMTP server on loopback (python3-aiosmtpd) together, claiming with
FOR UPDATE SKIP LOCKED; one node is SIGKILLed twice and started again. Afterwards no contact got two
invitations, both nodes sent, and every message is sent or `uncertain` (a killed node was handing it
claimed: at most one claim of CLAIM_BATCH per sending thread per kill). And the throttle: 6 messages
a minute hold for both nodes together, not 6 each.

Run: tests/pg/with_postgres.sh python3 tests/pg/test_mail_two_nodes.py /path/to/build/mcsurvey
"""
import collections
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import test_e2e as e2e  # noqa: E402
import mail_sink  # noqa: E402

PG_URL = os.environ.get("MCS_TEST_PG_URL", "")
N = 2000
SENDER_THREADS = 4  # web::MailSender::kSenderThreads
CLAIM_BATCH = 4  # web::MailSender::kClaimBatch


class PgServer(e2e.Server):
    def __init__(self, binary, tmpdir, name):
        super().__init__(binary, tmpdir, extra_args=["--post-rate", "0"])
        self.db = PG_URL
        self.stderr_path = os.path.join(tmpdir, name + "-stderr.txt")


def status(srv):
    r = srv.cli("campaign", "status")
    assert r.returncode == 0, r
    return list(csv.DictReader(io.StringIO(r.stdout.decode())))[0]


class MailTwoNodes(unittest.TestCase):
    def test_two_nodes_share_the_queue(self):
        if not PG_URL:
            self.skipTest("MCS_TEST_PG_URL is not set (run under tests/pg/with_postgres.sh)")
        tmp = tempfile.TemporaryDirectory(prefix="mcs-mail-pg-")
        self.addCleanup(tmp.cleanup)
        try:
            sink = mail_sink.SmtpSink(os.path.join(tmp.name, "mail"))
        except (OSError, RuntimeError) as e:
            self.skipTest("no SMTP server (python3-aiosmtpd under %s): %s" % (mail_sink.DEBIAN_PYTHON, e))
        self.addCleanup(sink.stop)
        os.environ["MCSURVEY_MAIL_LEASE_SECONDS"] = "1"
        a, b = PgServer(e2e.BINARY, tmp.name, "a"), PgServer(e2e.BINARY, tmp.name, "b")
        a.start()
        self.addCleanup(a.kill)
        b.start()
        self.addCleanup(b.kill)
        path = os.path.join(tmp.name, "contacts.csv")
        with open(path, "w") as f:
            f.write("email,name,group,country\n")
            for i in range(N):
                f.write("c%04d@example.org,Contact %d,employers,%s\n" % (i, i, ["BE", "FR", "DE", "PL"][i % 4]))
        self.assertEqual(a.cli("contacts", "import", path).returncode, 0)
        r = a.cli("smtp", "set", "--host", "127.0.0.1", "--port", str(sink.port), "--security", "none",
                  "--from", "survey@study.example.eu", "--per-minute", "0", "--public-url", "https://survey.example.eu")
        self.assertEqual(r.returncode, 0, r)
        r = a.cli("campaign", "send", "--form", "employers")
        self.assertEqual(r.returncode, 0, r)
        kills = 0
        for mark in (0.2 * N, 0.5 * N):  # points of the campaign's progress (it is too fast for timed kills)
            deadline = time.monotonic() + 60
            while sink.count() < mark and time.monotonic() < deadline:
                time.sleep(0.01)
            if sink.count() >= N - 100:
                break
            a.kill()
            kills += 1
            a.start()
        self.assertGreaterEqual(kills, 1, "the campaign ended before a node could be killed")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and int(status(b)["waiting"]) > 0:
            time.sleep(0.3)
        row = status(b)
        self.assertEqual(int(row["waiting"]), 0, row)
        time.sleep(0.5)
        got = collections.Counter(m[0][0] for m in sink.messages())
        self.assertEqual([x for x, n in got.items() if n > 1], [], "contacts invited twice")
        sent, uncertain = int(row["sent"]), int(row["uncertain"])
        self.assertEqual(sent + uncertain, N, row)
        self.assertLessEqual(uncertain, kills * SENDER_THREADS * CLAIM_BATCH, row)
        self.assertGreaterEqual(len(got), sent)
        nodes = subprocess.run(["psql", PG_URL, "-Atc",
                                "SELECT count(DISTINCT node) FROM mail_queue WHERE state = 'sent'"],
                               capture_output=True, text=True, timeout=30)
        self.assertEqual(nodes.returncode, 0, nodes.stderr)
        self.assertGreaterEqual(int(nodes.stdout.strip()), 2, "one node sent everything")
        print("%d kills: %d sent by %s node processes, %d uncertain, %d arrived"
              % (kills, sent, nodes.stdout.strip(), uncertain, len(got)))


    def test_throttle_holds_across_nodes(self):
        """6 messages a minute from both nodes together (each node alone would send 6): the first 6 go
        one a second, then none until the minute slides. Runs first (names sort) on the empty database
        and empties it again afterwards."""
        if not PG_URL:
            self.skipTest("MCS_TEST_PG_URL is not set (run under tests/pg/with_postgres.sh)")
        self.addCleanup(subprocess.run, ["psql", PG_URL, "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public"],
                        capture_output=True, timeout=30)
        tmp = tempfile.TemporaryDirectory(prefix="mcs-mail-pg-throttle-")
        self.addCleanup(tmp.cleanup)
        try:
            sink = mail_sink.SmtpSink(os.path.join(tmp.name, "mail"))
        except (OSError, RuntimeError) as e:
            self.skipTest("no SMTP server (python3-aiosmtpd under %s): %s" % (mail_sink.DEBIAN_PYTHON, e))
        self.addCleanup(sink.stop)
        a, b = PgServer(e2e.BINARY, tmp.name, "a"), PgServer(e2e.BINARY, tmp.name, "b")
        a.start()
        self.addCleanup(a.kill)
        b.start()
        self.addCleanup(b.kill)
        path = os.path.join(tmp.name, "contacts.csv")
        with open(path, "w") as f:
            f.write("email,name,group,country\n")
            for i in range(20):
                f.write("t%02d@example.org,Throttled %d,employers,BE\n" % (i, i))
        self.assertEqual(a.cli("contacts", "import", path).returncode, 0)
        r = a.cli("smtp", "set", "--host", "127.0.0.1", "--port", str(sink.port), "--security", "none",
                  "--from", "survey@study.example.eu", "--per-minute", "6", "--public-url", "https://survey.example.eu")
        self.assertEqual(r.returncode, 0, r)
        t0 = time.monotonic()
        r = a.cli("campaign", "send", "--form", "employers")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn(b"20 invitations queued", r.stdout)
        while time.monotonic() < t0 + 40 and len(sink.messages()) < 6:
            time.sleep(0.2)
        time.sleep(2.5)  # both nodes look at least once a second: a seventh would go now if it were allowed
        sent = len(sink.messages())
        elapsed = time.monotonic() - t0
        if elapsed < 55:  # the first claim's minute has not slid by yet
            self.assertEqual(sent, 6, "messages in the first minute at 6 a minute on two nodes")
        nodes = subprocess.run(["psql", PG_URL, "-Atc", "SELECT count(*) FROM mail_queue WHERE claimed_at > 0"],
                               capture_output=True, text=True, timeout=30)
        self.assertEqual(nodes.stdout.strip(), str(sent), nodes.stderr)  # claimed = arrived: nothing held back
        print("throttle 6/minute on two nodes: %d sent in the first %.1f s" % (sent, elapsed))


def main():
    if len(sys.argv) < 2:
        print("usage: %s /path/to/mcsurvey" % sys.argv[0], file=sys.stderr)
        return 2
    e2e.BINARY = os.path.abspath(sys.argv.pop(1))
    result = unittest.main(exit=False, verbosity=2, failfast=False).result
    return e2e.exit_code(result)


if __name__ == "__main__":
    sys.exit(main())
