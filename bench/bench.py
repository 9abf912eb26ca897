#!/usr/bin/env python3
"""mcsurvey's benchmark suite (make bench): starts mcsurvey on temporary databases, drives it from
separate processes (wrk for simple requests, bench/loadgen for respondents walking whole
questionnaires), and prints one table: figure, target, measured value (median of --runs runs) and the
ratio to the target (>= 1 means the target is met). The table, with the machine and the commit, is also
appended to bench/results.md so figures can be compared over time.

Usage: bench/bench.py [--seconds 8] [--runs 3] [--only NAME,...] [--no-record]
"""
import argparse
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("MCS_BUILD", os.path.join(ROOT, "build"))
MCSURVEY = os.path.join(BUILD, "mcsurvey")
LOADGEN = os.path.join(BUILD, "loadgen")
FORMS = ["employers", "authorities", "vet_providers", "employee_orgs"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, tmp, threads=2, db=None):
        self.port = free_port()
        self.db = db or os.path.join(tmp, f"bench-{self.port}.db")
        self.log = open(os.path.join(tmp, f"server-{self.port}.log"), "w")
        env = dict(os.environ, MCSURVEY_ADMIN_PASSWORD="bench-password-123")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [MCSURVEY, "serve", "--db", "sqlite:" + self.db, "--listen", f"127.0.0.1:{self.port}",
             "--threads", str(threads), "--post-rate", "0"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.startup_ms = self._wait_ready()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _wait_ready(self):
        deadline = time.perf_counter() + 20
        while time.perf_counter() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        return (time.perf_counter() - self.t0) * 1000
            except OSError:
                time.sleep(0.002)
        raise RuntimeError("mcsurvey did not start; see " + self.log.name)

    def cpu_seconds(self):
        """User + system CPU the server has used so far (clock ticks of /proc/PID/stat)."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self, field="VmRSS"):
        return rss_kb(self.proc.pid, field) / 1024

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def wrk(url, seconds, script=None, connections=64, gzip=False):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if gzip:
        args += ["-H", "Accept-Encoding: gzip, deflate, br"]  # what every browser sends
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", out, re.M)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, p99_ms, int(non2xx.group(1)) if non2xx else 0, total


def loadgen(url, seconds, connections=64, server=None, js=True):
    """Respondents walking whole questionnaires. Besides the rates, the CPU milliseconds the server
    and the load generator each spent per complete response: on a 2-core machine they share the
    cores, so these say what the server would do with the machine to itself. `js`: as browsers with
    JavaScript post (one exchange per page); False: plain form posts (Post/Redirect/Get)."""
    args = [LOADGEN, "--url", url, "--connections", str(connections), "--seconds", str(seconds)]
    if not js:
        args.append("--no-js")
    for f in FORMS:
        args += ["--form", f]
    srv0 = server.cpu_seconds() if server else 0
    kids0 = os.times()
    r = subprocess.run(args, capture_output=True, text=True)
    kids1 = os.times()
    srv1 = server.cpu_seconds() if server else 0
    m = re.search(r"responses (\d+) in .*?= ([\d.]+) complete responses/s.*?= ([\d.]+) req/s; latency p50 ([\d.]+) ms "
                  r"p99 ([\d.]+) ms; failures (\d+)", r.stdout)
    if not m:
        raise RuntimeError("loadgen: " + r.stdout + r.stderr[:2000])
    n = max(1, int(m.group(1)))
    gen_cpu = (kids1.children_user - kids0.children_user) + (kids1.children_system - kids0.children_system)
    return (float(m.group(2)), float(m.group(3)), float(m.group(5)), int(m.group(6)), r.stderr[:500],
            (srv1 - srv0) * 1000 / n, gen_cpu * 1000 / n)


def make_form_250(path):
    """A 250-question form (select_one, select_multiple, integer, text) and a full answer set."""
    rows = ["| survey | type | name | label |"]
    answers = {}
    for i in range(250):
        kind = i % 5
        if kind in (0, 1):
            rows.append(f"| | select_one scale | q{i} | Question {i}: how much do you agree? |")
            answers[f"q{i}"] = str(1 + i % 5)
        elif kind == 2:
            rows.append(f"| | select_multiple topics | q{i} | Question {i}: which topics apply? |")
            answers[f"q{i}"] = ["a", "c"]
        elif kind == 3:
            rows.append(f"| | integer | q{i} | Question {i}: how many? |")
            answers[f"q{i}"] = i
        else:
            rows.append(f"| | text | q{i} | Question {i}: comments |")
            answers[f"q{i}"] = f"An answer of some length to question {i}, as respondents write them."
    rows += ["", "| choices | list_name | name | label |"]
    for v in range(1, 6):
        rows.append(f"| | scale | {v} | Level {v} |")
    for v in "abcde":
        rows.append(f"| | topics | {v} | Topic {v} |")
    rows += ["", "| settings | form_id | version | form_title |",
             "| | bench250 | 1 | A 250-question benchmark form |"]
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")
    return {"answers": answers}


def api_250(tmp, seconds):
    db = os.path.join(tmp, f"api250-{free_port()}.db")
    form = os.path.join(tmp, "bench250.md")
    payload = make_form_250(form)
    subprocess.run([MCSURVEY, "import", form, "--publish", "--db", "sqlite:" + db], check=True, capture_output=True)
    srv = Server(tmp, db=db)
    try:
        body = json.dumps(payload)
        script = os.path.join(tmp, "api250.lua")
        with open(script, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    f"wrk.body = [==[{body}]==]\n")
        # Check one by hand first: a benchmark of refusals measures nothing.
        req = urllib.request.Request(srv.url + "/api/v1/forms/bench250/responses", data=body.encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            assert r.status == 201, r.status
        cpu0 = srv.cpu_seconds()
        rps, p99, bad, total = wrk(srv.url + "/api/v1/forms/bench250/responses", seconds, script)
        return rps, p99, bad, (srv.cpu_seconds() - cpu0) * 1000 / max(1, total)
    finally:
        srv.stop()


def median_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return [statistics.median(col) for col in zip(*results)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-record", action="store_true")
    ap.add_argument("--export-responses", type=int, default=1_000_000)
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    want = lambda name: not only or name in only
    for tool in (MCSURVEY, LOADGEN):
        if not os.path.exists(tool):
            sys.exit(f"bench: {tool} is missing: run make build first")
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is missing (apt-get install wrk)")

    rows = []  # (figure, target, value, unit, ratio)

    def row(figure, target_text, value, unit, ratio):
        rows.append((figure, target_text, value, unit, ratio))
        print(f"| {figure:<62} | {target_text:>12} | {value:>10.1f} {unit:<9} | {ratio:5.2f} |", flush=True)

    print(f"| {'figure':<62} | {'target':>12} | {'measured':>20} | ratio |")
    print(f"|{'-' * 64}|{'-' * 14}|{'-' * 22}|-------|")
    tmp = tempfile.mkdtemp(prefix="mcs-bench-")
    try:
        if want("start"):
            times = []
            for _ in range(max(a.runs, 5)):
                s = Server(tmp, db=os.path.join(tmp, f"empty-{len(times)}.db"))
                times.append(s.startup_ms)
                s.stop()
            v = statistics.median(times)
            row("start-up to serving, empty database", "<= 200 ms", v, "ms", 200 / v)
        if want("pages"):
            srv = Server(tmp)
            try:
                # Idle: a second after start-up, when the first start's owner account (an argon2id hash
                # of 64 MiB, made after serving begins) is done.
                time.sleep(1.0)
                idle = srv.rss_mb()
                row("resident memory, idle", "<= 30 MB", idle, "MB", 30 / idle)
                # As browsers ask (Accept-Encoding: gzip), then without compression for comparison.
                for name, path in (("landing page", "/"), ("questionnaire page", "/s/employers")):
                    rps, p99, bad, _ = median_of(a.runs, lambda: wrk(srv.url + path, a.seconds, gzip=True))
                    row(f"GET {path} ({name}), gzip, 64 connections", ">= 20000/s", rps, "req/s", rps / 20000)
                    row(f"  p99 latency of the {name}", "<= 10 ms", p99, "ms", 10 / p99)
                    rps, p99, bad2, _ = median_of(a.runs, lambda: wrk(srv.url + path, a.seconds))
                    row(f"  the same without gzip", "", rps, "req/s", 0)
                    row(f"  p99 latency without gzip", "", p99, "ms", 0)
                    if bad or bad2:
                        print(f"  warning: {bad + bad2} non-2xx responses", flush=True)
            finally:
                srv.stop()
        if want("respondents"):
            srv = Server(tmp)
            try:
                # With JavaScript (the page's script posts and gets the next page back: one exchange
                # per page), then without (Post/Redirect/Get: two), on the same server.
                for js, label in ((True, "with JavaScript, one exchange per page"),
                                  (False, "without JavaScript (Post/Redirect/Get)")):
                    out = [loadgen(srv.url, a.seconds, server=srv, js=js) for _ in range(a.runs)]
                    resp = statistics.median(o[0] for o in out)
                    if js:
                        row("complete responses/s through the HTML pages, gzip (64 respondents)", ">= 1000/s", resp,
                            "resp/s", resp / 1000)
                        row(f"  {label}", "", resp, "resp/s", 0)
                    else:
                        row(f"  {label}", "", resp, "resp/s", 0)
                    row("    requests/s of those respondents", "", statistics.median(o[1] for o in out), "req/s", 0)
                    p99 = statistics.median(o[2] for o in out)
                    if js:
                        row("    p99 latency of those requests", "<= 20 ms", p99, "ms", 20 / max(p99, 0.001))
                    else:
                        row("    p99 latency of those requests", "", p99, "ms", 0)
                    srv_ms = statistics.median(o[5] for o in out)
                    gen_ms = statistics.median(o[6] for o in out)
                    row("    server CPU per complete response", "", srv_ms, "ms", 0)
                    row("    load generator CPU per complete response", "", gen_ms, "ms", 0)
                    row("    responses/s the server's CPU allows on 2 cores of its own", "", 2000 / srv_ms, "resp/s", 0)
                    fails = sum(o[3] for o in out)
                    if fails:
                        print(f"  warning: {fails} failed walks: {out[0][4]}", flush=True)
                peak = srv.rss_mb("VmHWM")
                row("resident memory, peak under respondent load", "<= 200 MB", peak, "MB", 200 / peak)
            finally:
                srv.stop()
        if want("api250"):
            vals = [api_250(tmp, a.seconds) for _ in range(a.runs)]
            rps = statistics.median(v[0] for v in vals)
            row("POST /api/v1/.../responses, 250-question form, durable", ">= 2000/s", rps, "resp/s", rps / 2000)
            row("  p99 latency of those posts", "", statistics.median(v[1] for v in vals), "ms", 0)
            row("  server CPU per post", "", statistics.median(v[3] for v in vals) * 1000, "us", 0)
        if want("export"):
            # 1,000,000 responses x 100 questions, built once and kept under /tmp/mcsurvey-bench.
            r = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "export_bench.py"), "--runs",
                                str(a.runs), "--responses", str(a.export_responses)], capture_output=True, text=True)
            m = re.search(r": ([\d.]+) s \(median.*peak memory ([\d.]+) MB", r.stdout)
            if not m:
                raise RuntimeError("export_bench: " + r.stdout + r.stderr[-2000:])
            secs, mem = float(m.group(1)), float(m.group(2))
            n = a.export_responses
            row(f"CSV export of {n:,} responses x 100 variables", "<= 10 s", secs, "s", 10 / secs * n / 1_000_000)
            row("  peak memory of that export", "<= 200 MB", mem, "MB", 200 / mem)
        if want("report"):
            # The report (HTML: load, every table and chart) of 100,000 responses to the employers' form.
            r = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "report_bench.py"), "--runs",
                                str(a.runs)], capture_output=True, text=True)
            m = re.search(r"report of (\d+) responses: ([\d.]+) s .*peak memory ([\d.]+) MB", r.stdout)
            if not m:
                raise RuntimeError("report_bench: " + r.stdout + r.stderr[-2000:])
            secs = float(m.group(2))
            row(f"report of {int(m.group(1)):,} responses (HTML, by country)", "<= 10 s", secs, "s", 10 / secs)
            row("  peak memory of that report", "", float(m.group(3)), "MB", 0)
            # Where the wall time went (report_bench.py says how each is measured): on a loaded
            # machine the gap between wall and CPU is time spent runnable, waiting for a core.
            split = re.search(r"cpu ([\d.]+) s, waiting for a CPU ([\d.na]+) s, blocked ([\d.]+) s", r.stdout)
            if split:
                cpu = float(split.group(1))
                row("  CPU time of that report (user + system)", "<= 10 s", cpu, "s", 10 / max(cpu, 1e-3))
                row("  of its wall time: runnable, waiting for a CPU", "", float(split.group(2)), "s", 0)
                row("  of its wall time: blocked (I/O, a child, a lock)", "", float(split.group(3)), "s", 0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if not a.no_record and rows:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip() or "?"
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        load = os.getloadavg()[0]
        with open(os.path.join(ROOT, "bench", "results.md"), "a") as f:
            f.write(f"\n## {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, commit {commit}{' (modified)' if dirty else ''}\n")
            f.write(f"{os.cpu_count()} cores, {cpu}; load average at the end {load:.1f}; "
                    f"median of {a.runs} runs of {a.seconds} s\n\n")
            f.write("| figure | target | measured | ratio |\n|---|---|---|---|\n")
            for figure, target, value, unit, ratio in rows:
                f.write(f"| {figure.strip()} | {target} | {value:.1f} {unit} | {ratio:.2f} |\n" if target else
                        f"| {figure.strip()} | | {value:.1f} {unit} | |\n")
        print(f"\nrecorded in bench/results.md (commit {commit})")


if __name__ == "__main__":
    main()
