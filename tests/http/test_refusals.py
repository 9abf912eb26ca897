#!/usr/bin/env python3
"""The refusals a respondent may get before any page handles the request speak their language
(session 12, i18n4; src/web/refusal.h): a body too large (413), a request the server cannot read
(400), headers too large (431), too many connections (503), too many posts (429), an unknown address
(404), a method an address does not take (405). Each was the HTTP server's English sentence.

Run: python3 tests/http/test_refusals.py /path/to/build/mcsurvey

One server on a fresh database: one connection per address (so a second one is over the cap) and a
post rate of one every ten seconds. Raw sockets, since several refusals come before HTTP is whole.
A French and a Greek browser (Accept-Language, Accept: text/html) each get a page in their language
(lang attribute, the interface's words for the refusal, Retry-After where it applies); a program
(no text/html in Accept) gets the same words as text; an API client keeps its JSON.
"""
import json
import os
import re
import socket
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e as e2e  # noqa: E402

BROWSER = "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
# The interface's words (src/common/i18n_refusal_tables.cpp and i18n.cpp), as the pages escape them.
WORDS = {
    "fr": {
        "problem": "Il y a un problème",
        "too_large": "Ce qui a été envoyé est trop volumineux pour ce site.",
        "bad_request": "Ce site n&#39;a pas pu lire ce que votre navigateur a envoyé.",
        "headers": "Votre navigateur a envoyé trop de données avec sa demande",
        "busy": "Trop de personnes sont connectées en ce moment.",
        "retry_1": "Réessayez dans 1 seconde.",
        "method": "Cette page ne peut pas être utilisée de cette façon.",
        "not_found": "Page introuvable",
    },
    "el": {
        "problem": "Υπάρχει πρόβλημα",
        "too_large": "Αυτό που στάλθηκε είναι πολύ μεγάλο για αυτόν τον ιστότοπο.",
        "bad_request": "Ο ιστότοπος δεν μπόρεσε να διαβάσει ό,τι έστειλε το πρόγραμμα περιήγησής σας.",
        "headers": "Το πρόγραμμα περιήγησής σας έστειλε πάρα πολλά δεδομένα με το αίτημα",
        "busy": "Πάρα πολλά άτομα είναι συνδεδεμένα αυτή τη στιγμή.",
        "retry_1": "Δοκιμάστε ξανά σε 1 δευτερόλεπτο.",
        "method": "Αυτή η σελίδα δεν μπορεί να χρησιμοποιηθεί με αυτόν τον τρόπο.",
        "not_found": "Η σελίδα δεν βρέθηκε",
    },
}


def read_all(s):
    """Reads the socket until the server closes it (or resets it, or its timeout passes), then closes it."""
    got = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    return got


def exchange(port, raw, source="127.0.0.1", half_close=False):
    """Sends `raw` bytes and reads the whole answer: (status, headers, body text). The server allows
    one connection per address: from the default address, a 503 over that cap while the server is
    still letting the previous exchange's connection go is waited out (the cap's own test uses
    another address and holds its first connection open on purpose)."""
    for _ in range(40):
        got = _exchange(port, raw, source, half_close)
        if source != "127.0.0.1" or got[0] != 503 or "retry-after" not in got[1]:
            return got
        time.sleep(0.05)
    return got


def _exchange(port, raw, source, half_close):
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    try:
        s.sendall(raw)
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before the rest was sent: the answer is still there
    if half_close:
        s.shutdown(socket.SHUT_WR)
    got = read_all(s)
    head, _, body = got.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    status = int(m.group(1)) if m else None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body.decode("utf-8", "replace")


class Refusals(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-refusals-")
        cls.server = e2e.Server(e2e.BINARY, cls.tmp.name, extra_args=[
            "--post-rate", "0.1", "--max-connections-per-address", "1"])
        cls.server.start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def page_in(self, got, status, lang, *keys):
        code, headers, body = got
        self.assertEqual(code, status, body[:300])
        self.assertIn('<html lang="%s">' % lang, body)
        self.assertTrue(headers.get("content-type", "").startswith("text/html"), headers)
        self.assertEqual(headers.get("content-language"), lang)
        for k in keys:
            self.assertIn(WORDS[lang][k], body, "%s %s" % (lang, k))
        self.assertIn('href="/?lang=%s"' % lang, body)  # back to the study's home page, same language
        return headers

    def test_body_too_large(self):
        for lang in ("fr", "el"):
            raw = ("POST /s/employers HTTP/1.1\r\nHost: x\r\nAccept-Language: %s\r\n%s"
                   "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
                   % (lang, BROWSER, 2 * 1024 * 1024)).encode()
            self.page_in(exchange(self.port, raw), 413, lang, "problem", "too_large")
        # An API client keeps its JSON error.
        code, headers, body = exchange(self.port, (
            "POST /api/v1/forms/employers/responses HTTP/1.1\r\nHost: x\r\nAccept-Language: fr\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (2 * 1024 * 1024)).encode())
        self.assertEqual((code, headers.get("content-type")), (413, "application/json"))
        self.assertEqual(json.loads(body), {"error": "request body too large"})

    def test_bad_request(self):
        for lang in ("fr", "el"):
            # A header line without a colon, after the language was read.
            raw = ("GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: %s\r\n%sNo colon here\r\n\r\n" % (lang, BROWSER))
            self.page_in(exchange(self.port, raw.encode()), 400, lang, "problem", "bad_request")

    def test_headers_too_large(self):
        for lang in ("fr", "el"):
            raw = ("GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: %s\r\n%sCookie: %s\r\n\r\n"
                   % (lang, BROWSER, "a=" + "b" * 20000))
            self.page_in(exchange(self.port, raw.encode()), 431, lang, "problem", "headers")

    def test_unknown_address_and_method(self):
        for lang in ("fr", "el"):
            raw = "GET /s/employers/no/such/page HTTP/1.1\r\nHost: x\r\nAccept-Language: %s\r\n%s\r\n" % (lang, BROWSER)
            self.page_in(exchange(self.port, raw.encode(), half_close=True), 404, lang, "not_found")
            raw = "DELETE /s/employers?lang=%s HTTP/1.1\r\nHost: x\r\n%s\r\n" % (lang, BROWSER)
            self.page_in(exchange(self.port, raw.encode(), half_close=True), 405, lang, "problem", "method")
        # A program (curl's Accept: */*) gets the same words as text; the path is not written back.
        raw = b"PUT /<script>x</script> HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nAccept-Language: el\r\n\r\n"
        code, headers, body = exchange(self.port, raw, half_close=True)
        self.assertEqual(code, 404)
        self.assertTrue(headers["content-type"].startswith("text/plain"), headers)
        self.assertEqual(headers.get("content-language"), "el")
        self.assertTrue(body.startswith(WORDS["el"]["not_found"] + "\n"), body)
        self.assertNotIn("script", body)
        # The API's own unknown address stays JSON.
        code, headers, body = exchange(self.port, b"GET /api/v1/nope HTTP/1.1\r\nHost: x\r\nAccept-Language: fr\r\n\r\n",
                                       half_close=True)
        self.assertEqual((code, json.loads(body)), (404, {"error": "not found"}))

    def test_too_many_posts(self):
        source = "127.0.0.5"
        for lang in ("fr", "el"):
            got = None
            for _ in range(5):
                raw = ("POST /s/employers HTTP/1.1\r\nHost: x\r\nAccept-Language: %s\r\n%s"
                       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b" % (lang, BROWSER))
                got = exchange(self.port, raw.encode(), source=source, half_close=True)
                if got[0] == 429:
                    break
            headers = self.page_in(got, 429, lang, "problem")
            self.assertEqual(headers.get("retry-after"), "10")

    def test_too_many_connections(self):
        source = "127.0.0.6"
        held = socket.socket()
        held.bind((source, 0))
        held.connect(("127.0.0.1", self.port))
        held.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # one connection: the address's all
        try:
            time.sleep(0.2)
            for lang in ("fr", "el"):
                raw = "GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: %s\r\n%s\r\n" % (lang, BROWSER)
                headers = self.page_in(exchange(self.port, raw.encode(), source=source), 503, lang,
                                       "problem", "busy", "retry_1")
                self.assertEqual(headers.get("retry-after"), "1")
            # A client that sends nothing gets the page in the study's language (English here), at once.
            s = socket.socket()
            s.bind((source, 0))
            s.settimeout(5)
            s.connect(("127.0.0.1", self.port))
            start = time.monotonic()
            got = read_all(s)
            self.assertLess(time.monotonic() - start, 2.0)
            self.assertTrue(got.startswith(b"HTTP/1.1 503"), got[:200])
            self.assertIn(b'<html lang="en">', got)
            self.assertIn(b"Retry-After: 1\r\n", got)
        finally:
            held.close()


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
