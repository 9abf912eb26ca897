#!/usr/bin/python3
"""make bench, e-mail (issue 22): 10,000 invitations queued and delivered to a local SMTP server
(tests/http/smtp_sink.py, python3-aiosmtpd) with the throttle off; prints messages per second (from
the campaign's queueing to the last message on the relay) and the server's CPU per message
(/proc/PID/stat utime + stime over the same span). The sink runs in its own process (its CPU is not
counted) and is usually the slower side: aiosmtpd is pure Python.

Run: bench/mail_bench.py [--messages 10000] [--binary build/mcsurvey]
"""
import argparse
import glob
import os
import smtplib
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
import test_e2e  # noqa: E402
import test_mail  # noqa: E402


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sink_alone(n=2000, connections=4):
    """What the sink takes with nobody but Python's smtplib sending (4 sessions, messages of mcsurvey's size):
    the ceiling any sender can reach against it."""
    with tempfile.TemporaryDirectory(prefix="mcs-mail-sink-") as tmp:
        sink = test_mail.SmtpSink(os.path.join(tmp, "mail"))
        msg = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\n" + (b"x" * 76 + b"\r\n") * 40

        def worker(k):
            s = smtplib.SMTP("127.0.0.1", sink.port)
            for i in range(k, n, connections):
                s.sendmail("a@example.org", ["c%d@example.org" % i], msg)
            s.quit()

        t0 = time.monotonic()
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rate = n / (time.monotonic() - t0)
        sink.stop()
    return rate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10000)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "mcsurvey"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mcs-mail-bench-") as tmp:
        sink = test_mail.SmtpSink(os.path.join(tmp, "mail"))
        srv = test_e2e.Server(os.path.abspath(a.binary), tmp, extra_args=["--post-rate", "0"])
        srv.start()
        try:
            path = os.path.join(tmp, "contacts.csv")
            with open(path, "w") as f:
                f.write("email,name,group,country,language\n")
                for i in range(a.messages):
                    f.write("c%05d@example.org,Contact %d,employers,%s,%s\n"
                            % (i, i, ["BE", "FR", "DE", "PL"][i % 4], ["en", "fr", "de"][i % 3]))
            assert srv.cli("contacts", "import", path).returncode == 0
            assert srv.cli("smtp", "set", "--host", "127.0.0.1", "--port", str(sink.port), "--security", "none",
                           "--from", "survey@study.example.eu", "--per-minute", "0",
                           "--public-url", "https://survey.example.eu").returncode == 0
            cpu0, t0 = cpu_seconds(srv.proc.pid), time.monotonic()
            assert srv.cli("campaign", "send", "--form", "employers").returncode == 0
            while len(glob.glob(os.path.join(tmp, "mail", "*.eml"))) < a.messages:
                if time.monotonic() - t0 > 900:
                    raise SystemExit("mail bench: not all messages arrived within 15 minutes")
                time.sleep(0.05)
            t1, cpu1 = time.monotonic(), cpu_seconds(srv.proc.pid)
        finally:
            srv.stop()
            sink.stop()
    rate = a.messages / (t1 - t0)
    print("mail: %d invitations delivered in %.1f s: %.0f messages/s (target 500); server CPU %.2f ms/message; "
          "the sink alone takes %.0f messages/s (its ceiling)"
          % (a.messages, t1 - t0, rate, 1000 * (cpu1 - cpu0) / a.messages, sink_alone()))


if __name__ == "__main__":
    main()
