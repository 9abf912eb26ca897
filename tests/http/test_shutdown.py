#!/usr/bin/env python3
"""A graceful shutdown (SIGTERM) finishes the requests in flight (issue 10).

Run: python3 tests/http/test_shutdown.py /path/to/build/mcsurvey

A client has sent the header and half the body of an API submission when SIGTERM arrives; more
clients are submitting at the same moment. The server stops accepting connections, but the
half-sent submission is finished when the rest of its body arrives: 201, and it is in the database
after the exit. Every other submission acknowledged with a 201 is there too, and the exit code is 0.
"""
import json
import os
import signal
import socket
import sqlite3
import sys
import tempfile
import threading
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e as e2e  # noqa: E402


def read_response(sock):
    data = b""
    sock.settimeout(20)
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
            if length and len(body) >= length[0]:
                break
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head else 0
    return status, body


class Shutdown(unittest.TestCase):
    def test_sigterm_finishes_requests_in_flight(self):
        with tempfile.TemporaryDirectory(prefix="mcsurvey-term-") as tmp:
            db_path = os.path.join(tmp, "term.db")
            server = harness.server(tmp, "term")
            server.start()
            try:
                form = json.loads(e2e.Browser(server.base).get("/api/v1/forms/authorities").text)
                payload = json.dumps({"answers": e2e.api_payload(form, dict(e2e.AUTHORITIES_OVERRIDES, comments="slow-one")),
                                      "lang": "en"}).encode()
                slow = socket.create_connection(("127.0.0.1", server.port))
                slow.sendall(b"POST /api/v1/forms/authorities/responses HTTP/1.1\r\nHost: x\r\n"
                             b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(payload))
                half = len(payload) // 2
                slow.sendall(payload[:half])

                acked, lock, stop = [], threading.Lock(), threading.Event()

                def submitter(i):
                    n = 0
                    while not stop.is_set():
                        n += 1
                        marker = "busy-%d-%d" % (i, n)
                        body = json.dumps({"answers": e2e.api_payload(form, dict(e2e.AUTHORITIES_OVERRIDES, comments=marker)),
                                           "lang": "en"}).encode()
                        try:
                            r = e2e.Browser(server.base).request("POST", "/api/v1/forms/authorities/responses", data=body,
                                                                 headers={"Content-Type": "application/json"})
                        except (OSError, urllib.error.URLError):
                            return
                        if r.status == 201:
                            with lock:
                                acked.append((marker, r.json()["id"]))

                threads = [threading.Thread(target=submitter, args=(i,)) for i in range(6)]
                for t in threads:
                    t.start()
                time.sleep(0.7)
                server.proc.send_signal(signal.SIGTERM)
                time.sleep(0.8)
                # The server is stopping: no new connections...
                with self.assertRaises(OSError, msg="a new connection was accepted after SIGTERM"):
                    socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
                self.assertIsNone(server.proc.poll(), "the server exited with a request in flight")
                # ...but the request in flight is finished.
                slow.sendall(payload[half:])
                status, body = read_response(slow)
                slow.close()
                self.assertEqual(status, 201, "the submission in flight at SIGTERM: %s %r" % (status, body[:300]))
                slow_id = json.loads(body)["id"]
                stop.set()
                for t in threads:
                    t.join(timeout=20)
                rc = server.proc.wait(timeout=20)
                self.assertEqual(rc, 0, "exit code after SIGTERM; stderr: %s" % server.stderr_tail())
                server.proc.stdout.close()
                server.proc = None
            finally:
                server.kill()
            con = sqlite3.connect(db_path)
            try:
                self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
                ids = {r[0] for r in con.execute("SELECT id FROM responses")}
            finally:
                con.close()
            self.assertIn(slow_id, ids, "the submission finished during shutdown is not in the database")
            for marker, rid in acked:
                self.assertIn(rid, ids, "acknowledged %s is lost after SIGTERM" % marker)
            self.assertGreater(len(acked), 5, "too few concurrent submissions to prove anything")
            print("%d concurrent submissions acknowledged around SIGTERM, all stored" % len(acked))


if __name__ == "__main__":
    sys.exit(harness.main())
