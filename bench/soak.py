#!/usr/bin/env python3
"""A bounded soak: minutes of mixed load on one mcsurvey, sampling the server's resident memory.

The load: respondents walking the four study questionnaires through the HTML pages (bench/loadgen),
landing-page traffic and complete API submissions (wrk). Prints the samples and a verdict: memory is
"flat" when the median of the last third of the run is less than 10% above the median after warm-up
(the samples between the first sixth and the first third of the run). Exits 1 when memory grows, when
a respondent or an API submission failed, or when the run was too short to judge.

Usage: bench/soak.py [--minutes 3 | --seconds S] [--connections 32] [--interval 5]
make test runs it for 75 s (ctest `soak`); `bench/soak.py --minutes 10` for a longer look.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "http"))
import bench  # noqa: E402  (the same Server and helpers as make bench)
import test_e2e as e2e  # noqa: E402  (a complete, valid API submission of the authorities form)


def api_script(srv, tmp):
    """A wrk script posting one complete authorities response; checked by hand first."""
    with urllib.request.urlopen(srv.url + "/api/v1/forms/authorities") as r:
        form = json.load(r)
    body = json.dumps({"answers": e2e.api_payload(form, dict(e2e.AUTHORITIES_OVERRIDES, comments="soak")), "lang": "en"})
    req = urllib.request.Request(srv.url + "/api/v1/forms/authorities/responses", data=body.encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        assert r.status == 201, r.status
    path = os.path.join(tmp, "soak-api.lua")
    with open(path, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = [==[{body}]==]\n")
    return path


def wrk_summary(out):
    reqs = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return int(reqs.group(1)) if reqs else 0, int(non2xx.group(1)) if non2xx else 0, errors.group(1) if errors else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=3)
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--interval", type=float, default=5)
    a = ap.parse_args()
    seconds = int(a.seconds if a.seconds else a.minutes * 60)
    tmp = tempfile.mkdtemp(prefix="mcs-soak-")
    srv = bench.Server(tmp)
    print(f"soak: {seconds} s on {srv.url}, start-up RSS {srv.rss_mb():.1f} MB", flush=True)
    procs = []
    failed = []
    try:
        script = api_script(srv, tmp)
        args = [bench.LOADGEN, "--url", srv.url, "--connections", str(a.connections), "--seconds", str(seconds)]
        for f in bench.FORMS:
            args += ["--form", f]
        procs.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        procs.append(subprocess.Popen(["wrk", "-t1", "-c8", f"-d{seconds}s", srv.url + "/"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
        procs.append(subprocess.Popen(["wrk", "-t1", "-c2", f"-d{seconds}s", "-s", script,
                                       srv.url + "/api/v1/forms/authorities/responses"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
        samples = []
        t0 = bench.time.time()
        while procs[0].poll() is None:
            try:
                procs[0].wait(timeout=a.interval)
                break
            except subprocess.TimeoutExpired:
                pass
            samples.append((bench.time.time() - t0, srv.rss_mb()))
            print(f"  {samples[-1][0]:6.0f} s  RSS {samples[-1][1]:6.1f} MB", flush=True)
        out, err = procs[0].communicate()
        print("respondents: " + out.strip(), flush=True)
        if err.strip():
            print("  " + err.strip()[:500])
        m = re.search(r"failures (\d+)", out)
        if not m or int(m.group(1)) > 0:
            failed.append("respondents saw failures")
        for name, p in (("landing page", procs[1]), ("API submissions", procs[2])):
            n, non2xx, errors = wrk_summary(p.communicate(timeout=30)[0])
            print(f"{name}: {n} requests, {non2xx} not 2xx/3xx" + (f", socket errors {errors}" if errors else ""))
            if n == 0 or non2xx:
                failed.append(f"{name}: {non2xx} of {n} failed")
        n = len(samples)
        if n < 6:
            print("too short a run to judge")
            return 1
        first = statistics.median(s[1] for s in samples[n // 6: n // 3 + 1])
        last = statistics.median(s[1] for s in samples[-(n // 3):])
        peak = max(s[1] for s in samples)
        growth = (last - first) / first * 100
        verdict = "flat" if growth < 10 else "GROWING"
        print(f"RSS after warm-up {first:.1f} MB, end {last:.1f} MB ({growth:+.1f}%), peak {peak:.1f} MB, "
              f"peak since start {srv.rss_mb('VmHWM'):.1f} MB: {verdict}")
        if growth >= 10:
            failed.append("resident memory grew %.1f%%" % growth)
        for f in failed:
            print("soak FAILED: " + f)
        return 1 if failed else 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        srv.stop()


if __name__ == "__main__":
    sys.exit(main())
