#!/usr/bin/env python3
"""Deflate blocks per complete response: how the pages' gzip is laid out for the browser.

usage: deflate_blocks.py URL [--form F ...] [--responses N] [--no-js]

Walks N questionnaires per form as page_bytes.py (and bench/loadgen) do, keeps each HTML page's gzip
body as sent, and reads its deflate blocks (RFC 1951 3.2.3): stored, fixed Huffman codes, or codes
of the block's own. An inflater (zlib, libdeflate, a browser) builds its decoding tables anew for each
block with codes of its own, and for a fixed block after one of those; stored blocks are copies.
Prints per complete response: blocks of each kind, their bytes on the wire and the bytes they inflate to."""
import argparse
import http.client
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import page_bytes  # noqa: E402


class Bits:
    def __init__(self, data, pos):
        self.d, self.p = data, pos * 8

    def get(self, n):
        v = 0
        for i in range(n):
            v |= ((self.d[self.p >> 3] >> (self.p & 7)) & 1) << i
            self.p += 1
        return v


def canonical(lengths):
    """(length, code) -> symbol for a canonical Huffman code given by its code lengths."""
    count = [0] * 16
    for n in lengths:
        if n:
            count[n] += 1
    code, next_code = 0, [0] * 16
    for bits in range(1, 16):
        code = (code + count[bits - 1]) << 1
        next_code[bits] = code
    table = {}
    for sym, n in enumerate(lengths):
        if n:
            table[(n, next_code[n])] = sym
            next_code[n] += 1
    return table


def decode(b, table):
    code = 0
    for n in range(1, 16):
        code = (code << 1) | b.get(1)
        if (n, code) in table:
            return table[(n, code)]
    raise ValueError("not a code")


LEN_EXTRA = [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0]
LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
DIST_EXTRA = [0, 0, 0, 0] + [i // 2 for i in range(2, 28)]
FIXED_LIT = canonical([8] * 144 + [9] * 112 + [7] * 24 + [8] * 8)
FIXED_DIST = canonical([5] * 30)
ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]


def blocks(gz):
    """[(kind, wire bytes, inflated bytes)] of a gzip member without optional header fields."""
    if gz[:3] != b"\x1f\x8b\x08" or gz[3] != 0:
        raise ValueError("not a plain gzip member")
    b = Bits(gz, 10)
    out = []
    while True:
        start = b.p
        final, kind = b.get(1), b.get(2)
        n = 0
        if kind == 0:
            b.p = (b.p + 7) & ~7
            size = b.get(16)
            b.get(16)
            b.p += 8 * size
            n = size
        else:
            if kind == 1:
                lit, dist = FIXED_LIT, FIXED_DIST
            else:
                hlit, hdist, hclen = b.get(5) + 257, b.get(5) + 1, b.get(4) + 4
                cl = [0] * 19
                for i in range(hclen):
                    cl[ORDER[i]] = b.get(3)
                ct = canonical(cl)
                lens = []
                while len(lens) < hlit + hdist:
                    s = decode(b, ct)
                    if s < 16:
                        lens.append(s)
                    elif s == 16:
                        lens += [lens[-1]] * (3 + b.get(2))
                    elif s == 17:
                        lens += [0] * (3 + b.get(3))
                    else:
                        lens += [0] * (11 + b.get(7))
                lit, dist = canonical(lens[:hlit]), canonical(lens[hlit:])
            while True:
                s = decode(b, lit)
                if s < 256:
                    n += 1
                elif s == 256:
                    break
                else:
                    n += LEN_BASE[s - 257] + b.get(LEN_EXTRA[s - 257])
                    b.get(DIST_EXTRA[decode(b, dist)])
        out.append(("stored fixed own".split()[kind], (b.p - start + 7) // 8, n))
        if final:
            return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--form", action="append")
    ap.add_argument("--responses", type=int, default=1)
    ap.add_argument("--no-js", action="store_true")
    args = ap.parse_args()
    forms = args.form or ["employers", "authorities", "vet_providers", "employee_orgs"]
    bodies = []
    read = http.client.HTTPResponse.read

    def keep(self, *a):
        data = read(self, *a)
        if data and self.getheader("Content-Encoding") == "gzip" and \
                self.getheader("Content-Type", "").startswith("text/html"):
            bodies.append(data)
        return data

    http.client.HTTPResponse.read = keep
    walks = 0
    for _ in range(args.responses):
        for f in forms:
            page_bytes.Walker(args.url, not args.no_js, None).walk(f)
            walks += 1
    total = {k: [0, 0, 0] for k in ("own", "fixed", "stored")}
    for z in bodies:
        for kind, wire, n in blocks(z):
            total[kind][0] += 1
            total[kind][1] += wire
            total[kind][2] += n
    print("per complete response (%d walks, %.1f gzip pages each):" % (walks, len(bodies) / walks))
    for kind, (count, wire, n) in total.items():
        print("  %-30s %6.1f blocks %8.0f B on the wire %8.0f B inflated" %
              ("codes of their own" if kind == "own" else kind + (" codes" if kind == "fixed" else ""),
               count / walks, wire / walks, n / walks))


if __name__ == "__main__":
    main()
