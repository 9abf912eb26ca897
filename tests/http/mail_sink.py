"""The real SMTP server the e-mail tests send to (tests/http/test_mail.py, test_bounces.py,
test_mail_crash.py): tests/http/smtp_sink.py under Debian's Python (python3-aiosmtpd), on loopback.

  - SmtpSink(DIR): the server, writing each message it accepts to DIR (messages(), count(), wait_for());
  - start_sink(DIR): the same, or the calling test skipped (unittest.SkipTest, which ctest reports as
    skipped) when the server cannot start because aiosmtpd is missing.
"""
import email
import email.policy
import glob
import os
import subprocess
import time
import unittest

DEBIAN_PYTHON = "/usr/bin/python3"  # Debian's modules (openpyxl, aiosmtpd) live under it
SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtp_sink.py")


class SmtpSink:
    """tests/http/smtp_sink.py under Debian's Python (aiosmtpd): a real SMTP server on loopback."""

    def __init__(self, directory):
        self.dir = directory
        self.proc = subprocess.Popen([DEBIAN_PYTHON, SINK, directory], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("ready "):
            raise RuntimeError("smtp_sink did not start: %r %r" % (line, self.proc.stderr.read()))
        self.port = int(line.split()[1])
    def messages(self):
        """[(envelope recipients, email.message.EmailMessage, raw bytes)] in arrival order."""
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                raw = f.read()
            with open(path[:-4] + ".env") as f:
                env = f.read().split("\n")
            out.append((env[1:], email.message_from_bytes(raw, policy=email.policy.default), raw))
        return out

    def count(self):
        """How many messages have arrived, without reading them."""
        return len(glob.glob(os.path.join(self.dir, "*.eml")))

    def wait_for(self, n, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.messages()
            if len(got) >= n:
                return got
            time.sleep(0.1)
        raise AssertionError("%d messages arrived, %d expected" % (len(self.messages()), n))

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def start_sink(directory):
    """An SmtpSink writing to `directory`; skips the calling test when it cannot start (no aiosmtpd)."""
    try:
        return SmtpSink(directory)
    except (OSError, RuntimeError) as e:
        raise unittest.SkipTest("no SMTP server (python3-aiosmtpd under %s): %s" % (DEBIAN_PYTHON, e))
