#!/usr/bin/env python3
"""Report generation over many responses (issue 23: 100,000 in under 10 s): the study's four
questionnaires with generated answers (tests/report/study_responses.py; built once and kept under
/tmp/mcsurvey-bench), then `mcsurvey report --form employers --by country --out r.html` timed: the
responses loaded through the one reader of stored answers, every table and chart of the report
worked out and written. The PDF adds Chromium's printing (two passes), measured once apart.

Usage: bench/report_bench.py [--responses 100000] [--runs 3] [--pdf]
Prints: report of N responses: S s (median of R), peak memory M MB
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MCSURVEY = os.path.join(ROOT, "build", "mcsurvey")
sys.path.insert(0, os.path.join(ROOT, "tests", "report"))
import study_responses  # noqa: E402


def run(db, out, form):
    cmd = ["/usr/bin/time", "-v", MCSURVEY, "report", "--form", form, "--by", "country", "--out", out,
           "--db", "sqlite:" + db]
    t = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.monotonic() - t
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    n = int(re.search(r"report of (\d+) responses", r.stderr).group(1))
    return secs, rss_kb / 1024, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--responses", type=int, default=100_000, help="responses to the employers' questionnaire")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pdf", action="store_true", help="also time the PDF once")
    ap.add_argument("--cache", default="/tmp/mcsurvey-bench")
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)
    db = os.path.join(a.cache, f"report-{a.responses}.db")
    if not os.path.exists(db):
        t = time.monotonic()
        study_responses.build(MCSURVEY, db + ".part", a.responses, ["employers"])
        os.rename(db + ".part", db)
        print(f"built {db} in {time.monotonic() - t:.0f} s", file=sys.stderr)
    out = os.path.join(a.cache, "report.html")
    results = [run(db, out, "employers") for _ in range(a.runs)]
    secs = statistics.median(r[0] for r in results)
    mem = max(r[1] for r in results)
    print(f"report of {results[0][2]} responses: {secs:.2f} s (median of {a.runs}), peak memory {mem:.0f} MB, "
          f"{os.path.getsize(out) // 1024} KB of HTML")
    if a.pdf:
        pdf = os.path.join(a.cache, "report.pdf")
        s, m, n = run(db, pdf, "employers")
        pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = re.search(r"Pages:\s+(\d+)", pages)
        print(f"pdf report of {n} responses: {s:.2f} s, peak memory {m:.0f} MB, {pages.group(1) if pages else '?'} pages")


if __name__ == "__main__":
    main()
