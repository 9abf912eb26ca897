#!/usr/bin/env python3
"""A respondent walking a questionnaire while the server is attacked (issue 21): page latencies.

Phases, each on the same server: `quiet` (no attack), `sign-in` (anonymous sign-ins with unknown
names from 50 addresses, FLOOD threads in 4 processes at once, without pause), `half-open` (1,100 connections that
send half a request header and wait: 1,100 from one address, then 55 from each of 20 addresses).
In each phase one respondent walks the employers questionnaire to its review page, twice; every
request (GET a page, POST it, follow the redirect) is timed. Prints p50, p95 and max per phase and
the server's peak resident memory.

Usage: bench/security_flood.py [path/to/mcsurvey]   (default: build/mcsurvey)
"""
import multiprocessing
import os
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
import harness  # noqa: E402
import test_e2e as e2e  # noqa: E402
import test_hostile_21 as h21  # noqa: E402

FLOOD = 200


def walk(base, times):
    """One respondent: every page of the employers questionnaire up to "Check your answers"."""
    br = e2e.Browser(base)

    def timed(fn, *a):
        t = time.monotonic()
        r = fn(*a)
        times.append(time.monotonic() - t)
        return r

    page = e2e.Page(timed(br.get, "/s/employers"))
    known = {}
    for _ in range(e2e.MAX_PAGES):
        if page.marker == "review":
            return
        instance = int(page.marker.split(".")[1]) if page.marker else -1
        values = e2e.fill(page, known, {}, instance)
        r = timed(br.post, page.action, page.form_data(values, "next"))
        assert r.status == 303, r
        known.update(values)
        page = e2e.Page(timed(br.get, e2e.path_of(r.header("Location"))))


def flood_process(port, p, threads, stop, results):
    """Sign-ins with unknown names from 50 addresses, `threads` at once, until `stop`."""
    counts = {}
    lock = threading.Lock()

    def flood(i):
        c = h21.Client(port, "127.0.4.%d" % ((p * threads + i) % 50 + 1))
        n = 0
        while not stop.is_set():
            try:
                st = c.sign_in("nobody%d" % n, "guess")[0]
            except OSError:
                st = "error"
            n += 1
            with lock:
                counts[st] = counts.get(st, 0) + 1

    ts = [threading.Thread(target=flood, args=(i,)) for i in range(threads)]
    for th in ts:
        th.start()
    for th in ts:
        th.join()
    results.put(counts)


def report(name, times, extra=""):
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print("%-22s %4d requests  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms %s"
          % (name, len(times), 1000 * statistics.median(times), 1000 * p95, 1000 * times[-1], extra), flush=True)
    return times[-1]


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "mcsurvey"))
    e2e.BINARY = binary
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory(prefix="mcsurvey-flood-") as tmp:
        srv = harness.server(tmp, "flood")
        srv.start()
        print("\n".join(line for line in srv.stdout_lines if "limits" in line))
        pid = srv.proc.pid
        try:
            walk(srv.base, [])  # warm
            t = []
            for _ in range(2):
                walk(srv.base, t)
            report("quiet", t, "rss %.0f MB" % h21.rss_mb(pid, "VmRSS"))

            # The flood runs in processes of its own, so the respondent's timings do not wait for
            # the flood threads' interpreter lock.
            ctx = multiprocessing.get_context("fork")
            stop = ctx.Event()
            results = ctx.Queue()
            procs = [ctx.Process(target=flood_process, args=(srv.port, p, FLOOD // 4, stop, results))
                     for p in range(4)]
            for p in procs:
                p.start()
            time.sleep(1.0)
            t = []
            for _ in range(2):
                walk(srv.base, t)
            stop.set()
            counts = {}
            for _ in procs:
                for k, v in results.get().items():
                    counts[k] = counts.get(k, 0) + v
            for p in procs:
                p.join()
            report("sign-in flood", t, "sign-ins answered %s; peak rss %.0f MB"
                   % (dict(sorted(counts.items(), key=str)), h21.rss_mb(pid, "VmHWM")))

            for label, spread in [("half-open 1 address", [("127.0.0.2", 1100)]),
                                  ("half-open 20 addresses", [("127.0.5.%d" % (i + 1), 55) for i in range(20)])]:
                socks, refused = [], 0
                for source, n in spread:
                    for _ in range(n):
                        try:
                            socks.append(h21.half_request(srv.port, source))
                        except OSError:
                            refused += 1
                time.sleep(0.5)
                t = []
                for _ in range(2):
                    walk(srv.base, t)
                report(label, t, "(%d connections opened)" % len(socks))
                for s in socks:
                    s.close()
                time.sleep(0.5)
            print("peak rss %.0f MB" % h21.rss_mb(pid, "VmHWM"))
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
