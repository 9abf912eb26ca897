#!/usr/bin/python3
"""A real SMTP server on loopback for the mail tests (Debian's python3-aiosmtpd): every message it
accepts is written as it arrived (bytes of the DATA) to DIR/NNNNNN.eml, with its envelope in
DIR/NNNNNN.env ("MAIL FROM\\nRCPT TO..."). A recipient whose local part starts with "tempfail" is
refused with 451 the first time, one starting with "reject" always with 550.

Run under /usr/bin/python3: smtp_sink.py DIR  -> prints "ready PORT" once it listens.
"""
import itertools
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.dir = directory
        self.n = itertools.count(1)
        self.tempfailed = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 no such user"
        if local.startswith("tempfail") and address not in self.tempfailed:
            self.tempfailed.add(address)
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        i = next(self.n)
        base = os.path.join(self.dir, "%06d" % i)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write("\n".join([envelope.mail_from] + envelope.rcpt_tos))
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK accepted"


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    c = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    c.start()
    print("ready %d" % port, flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin
    finally:
        c.stop()


if __name__ == "__main__":
    main()
