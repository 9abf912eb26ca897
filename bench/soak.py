#!/usr/bin/env python3
"""A bounded soak: several minutes of mixed load on one mcsurvey (respondents walking the four study
questionnaires through the HTML pages, plus landing-page and API traffic from wrk), sampling the
server's resident memory every few seconds. Prints the samples and a verdict: memory is "flat" when
the last third of the run grows less than 10% over the first third after warm-up.

Usage: bench/soak.py [--minutes 3] [--connections 32]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the same Server and helpers as make bench)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=3)
    ap.add_argument("--connections", type=int, default=32)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="mcs-soak-")
    srv = bench.Server(tmp)
    seconds = int(a.minutes * 60)
    print(f"soak: {a.minutes} min on {srv.url}, start-up RSS {srv.rss_mb():.1f} MB", flush=True)
    procs = []
    try:
        args = [bench.LOADGEN, "--url", srv.url, "--connections", str(a.connections), "--seconds", str(seconds)]
        for f in bench.FORMS:
            args += ["--form", f]
        procs.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        procs.append(subprocess.Popen(["wrk", "-t1", "-c8", f"-d{seconds}s", srv.url + "/"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
        samples = []
        t0 = time.time()
        while procs[0].poll() is None:
            time.sleep(5)
            if procs[0].poll() is not None:
                break
            samples.append((time.time() - t0, srv.rss_mb()))
            print(f"  {samples[-1][0]:6.0f} s  RSS {samples[-1][1]:6.1f} MB", flush=True)
        out, err = procs[0].communicate()
        print("respondents: " + out.strip(), flush=True)
        if err.strip():
            print("  " + err.strip()[:500])
        n = len(samples)
        if n >= 6:
            first = statistics.median(s[1] for s in samples[n // 6: n // 3 + 1])
            last = statistics.median(s[1] for s in samples[-(n // 3):])
            peak = max(s[1] for s in samples)
            growth = (last - first) / first * 100
            verdict = "flat" if growth < 10 else "GROWING"
            print(f"RSS after warm-up {first:.1f} MB, end {last:.1f} MB ({growth:+.1f}%), peak {peak:.1f} MB, "
                  f"peak since start {srv.rss_mb('VmHWM'):.1f} MB: {verdict}")
            return 0 if growth < 10 else 1
        print("too short a run to judge")
        return 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        srv.stop()


if __name__ == "__main__":
    sys.exit(main())
