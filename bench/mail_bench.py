#!/usr/bin/python3
"""make bench, e-mail (issue 22): 10,000 invitations queued and delivered to a local SMTP server with
the throttle off; prints messages per second (from the campaign's queueing to the last message on the
relay) and the server's CPU per message (/proc/PID/stat utime + stime over the same span).

The relay is bench/smtp_count_sink.py by default: real SMTP on asyncio's raw protocol that counts
messages and recipients mailed twice (about 0.1 ms of CPU a message, so it is not the limit).
`--sink aiosmtpd` uses the tests' sink (tests/http/smtp_sink.py, python3-aiosmtpd, a file per
message), whose own ceiling is 400-800 messages/s. Either runs in its own process (its CPU is not
counted); "the sink alone" is what it takes from four smtplib clients in four processes.

Run: bench/mail_bench.py [--messages 10000] [--sink count|aiosmtpd] [--db sqlite|postgresql://...]
                         [--binary build/mcsurvey]
"""
import argparse
import glob
import multiprocessing
import os
import smtplib
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
import test_e2e  # noqa: E402
import mail_sink  # noqa: E402

COUNT_SINK = os.path.join(ROOT, "bench", "smtp_count_sink.py")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CountSink:
    """bench/smtp_count_sink.py: counts what it received; nothing written."""

    def __init__(self):
        self.proc = subprocess.Popen(["/usr/bin/python3", COUNT_SINK], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("ready "):
            raise RuntimeError("smtp_count_sink did not start: %r" % line)
        self.port = int(line.split()[1])

    def counts(self):
        """(messages, distinct recipients, recipients mailed again, bytes)"""
        self.proc.stdin.write(b"?\n")
        self.proc.stdin.flush()
        return tuple(int(x) for x in self.proc.stdout.readline().split())

    def received(self):
        return self.counts()[0]

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


class FileSink(mail_sink.SmtpSink):
    def received(self):
        return len(glob.glob(os.path.join(self.dir, "*.eml")))


def send_some(args):
    port, k, n, connections = args
    msg = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\n" + (b"x" * 76 + b"\r\n") * 40
    s = smtplib.SMTP("127.0.0.1", port)
    for i in range(k, n, connections):
        s.sendmail("a@example.org", ["c%d@example.org" % i], msg)
    s.quit()


def sink_alone(make_sink, n=3000, connections=4):
    """What the sink takes with nobody but Python's smtplib sending (4 sessions in 4 processes,
    messages of mcsurvey's size), and the sink's CPU per message."""
    sink = make_sink()
    try:
        cpu0, t0 = cpu_seconds(sink.proc.pid), time.monotonic()
        with multiprocessing.Pool(connections) as pool:
            pool.map(send_some, [(sink.port, k, n, connections) for k in range(connections)])
        rate = n / (time.monotonic() - t0)
        cpu = cpu_seconds(sink.proc.pid) - cpu0
    finally:
        sink.stop()
    return rate, 1000 * cpu / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10000)
    ap.add_argument("--sink", choices=["count", "aiosmtpd"], default="count")
    ap.add_argument("--db", default="sqlite", help="sqlite (a temporary file) or a postgresql:// URL of an empty database")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "mcsurvey"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mcs-mail-bench-") as tmp:
        def make_sink():
            return CountSink() if a.sink == "count" else FileSink(os.path.join(tmp, "mail-%d" % time.monotonic_ns()))
        sink = make_sink()
        srv = test_e2e.Server(os.path.abspath(a.binary), tmp, extra_args=["--post-rate", "0"])
        if a.db != "sqlite":
            srv.db = a.db
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
            while sink.received() < a.messages:
                if time.monotonic() - t0 > 900:
                    raise SystemExit("mail bench: not all messages arrived within 15 minutes")
                time.sleep(0.05)
            t1, cpu1 = time.monotonic(), cpu_seconds(srv.proc.pid)
            twice = sink.counts()[2] if a.sink == "count" else 0
        finally:
            srv.stop()
            sink.stop()
        alone, sink_ms = sink_alone(make_sink)
    rate = a.messages / (t1 - t0)
    print("mail: %d invitations delivered in %.1f s: %.0f messages/s (target 500); server CPU %.2f ms/message; "
          "%s sink alone takes %.0f messages/s at %.2f ms CPU/message%s"
          % (a.messages, t1 - t0, rate, 1000 * (cpu1 - cpu0) / a.messages, a.sink, alone, sink_ms,
             "; %d ADDRESSES MAILED TWICE" % twice if twice else ""))
    if twice:
        sys.exit(1)


if __name__ == "__main__":
    main()
