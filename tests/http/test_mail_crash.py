#!/usr/bin/env python3
"""The mail queue across crashes (issue 22): a 2,000-message campaign to a real SMTP server on loopback
(python3-aiosmtpd), the server SIGKILLed four times while it sends and started again each time.
Afterwards no contact got two invitations, and every contact got one except the few messages a
killed server held claimed at that moment: those are counted `uncertain` (at most one claim of
CLAIM_BATCH messages per sending thread per kill), never sent again by themselves (see src/web/mail_sender.h).

Run: python3 tests/http/test_mail_crash.py /path/to/build/mcsurvey
"""
import collections
import csv
import io
import os
import random
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_mail  # noqa: E402
from mail_sink import start_sink  # noqa: E402
from test_e2e import Server  # noqa: E402

BINARY = None
N = 2000
KILLS = 4
SENDER_THREADS = 4  # web::MailSender::kSenderThreads
CLAIM_BATCH = 4  # web::MailSender::kClaimBatch: the messages one claim holds until they are recorded


def status(srv):
    r = srv.cli("campaign", "status")
    assert r.returncode == 0, r
    return list(csv.DictReader(io.StringIO(r.stdout.decode())))


class MailCrashTest(unittest.TestCase):
    def test_kill_during_a_campaign(self):
        tmp = tempfile.TemporaryDirectory(prefix="mcs-mail-crash-")
        self.addCleanup(tmp.cleanup)
        sink = start_sink(os.path.join(tmp.name, "mail"))
        self.addCleanup(sink.stop)
        os.environ["MCSURVEY_MAIL_LEASE_SECONDS"] = "1"  # a killed node's claims turn uncertain after 1 s
        srv = Server(BINARY, tmp.name, extra_args=["--post-rate", "0"])
        srv.start()
        self.addCleanup(srv.kill)
        path = os.path.join(tmp.name, "contacts.csv")
        with open(path, "w") as f:
            f.write("email,name,group,country,language\n")
            for i in range(N):
                f.write("c%04d@example.org,Contact %d,employers,%s,%s\n" % (i, i, ["BE", "FR", "DE", "PL"][i % 4],
                                                                              ["en", "fr", "de"][i % 3]))
        t0 = time.monotonic()
        r = srv.cli("contacts", "import", path)
        self.assertEqual(r.returncode, 0, r)
        r = srv.cli("smtp", "set", "--host", "127.0.0.1", "--port", str(sink.port), "--security", "none",
                    "--from", "survey@study.example.eu", "--per-minute", "0", "--public-url", "https://survey.example.eu")
        self.assertEqual(r.returncode, 0, r)
        t1 = time.monotonic()
        r = srv.cli("campaign", "send", "--form", "employers")
        t2 = time.monotonic()
        self.assertEqual(r.returncode, 0, r)
        self.assertIn(b"%d invitations queued" % N, r.stdout)
        rnd = random.Random(22)
        kills = 0
        # Killed at points of the campaign's progress (a random share more of it each time), not after
        # fixed times: the sender is fast enough to finish 2,000 messages between two timed kills.
        marks = sorted(rnd.uniform(0.05, 0.8) * N for _ in range(KILLS))
        for mark in marks:
            deadline = time.monotonic() + 60
            while sink.count() < mark and time.monotonic() < deadline:
                time.sleep(0.01)
            arrived = sink.count()
            if arrived >= N - 50:
                break  # too close to the end for a kill to land mid-campaign
            srv.kill()  # SIGKILL
            kills += 1
            srv.start()
        self.assertGreaterEqual(kills, 2, "the campaign ended before the server could be killed twice")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            row = status(srv)[0]
            if int(row["waiting"]) == 0:
                break
            time.sleep(0.3)
        row = status(srv)[0]
        self.assertEqual(int(row["waiting"]), 0, row)
        time.sleep(0.5)
        got = collections.Counter(m[0][0] for m in sink.messages())
        twice = [a for a, n in got.items() if n > 1]
        self.assertEqual(twice, [], "contacts invited twice")
        sent, uncertain, failed = int(row["sent"]), int(row["uncertain"]), int(row["failed"])
        self.assertEqual(failed, 0, row)
        self.assertEqual(sent + uncertain, N, row)
        self.assertLessEqual(uncertain, kills * SENDER_THREADS * CLAIM_BATCH, row)
        # Every message recorded sent arrived; the uncertain ones arrived or not.
        self.assertGreaterEqual(len(got), sent)
        self.assertLessEqual(len(got), N)
        print("%d kills: %d sent, %d uncertain, %d arrived; import %.1f s, queueing %.1f s, sending with the kills %.1f s"
              % (kills, sent, uncertain, len(got), t1 - t0, t2 - t1, time.monotonic() - t2))


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__], test_mail))
