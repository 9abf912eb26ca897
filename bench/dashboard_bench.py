#!/usr/bin/env python3
"""Console benchmark: time of the dashboard (/admin, /admin?form=bench100) and the data-quality page
over N responses x 100 questions.

Builds (once, cached under --cache) the export benchmark's study (bench/export_bench.py) and adds to
it 10% partial responses (spread over the pages), 2,000 personal invitations with half of them
answered, and an owner account; then starts `mcsurvey serve` on it, signs in, and times each page:
the first view (nothing cached), right after a new response arrives (the page must notice it, or,
when its figures are costly, may show them up to ten times their cost old and says so), and with
nothing new.
Usage: bench/dashboard_bench.py [--responses 100000] [--runs 5]
"""
import argparse, http.cookiejar, os, re, shutil, socket, sqlite3, statistics, subprocess, sys, time
import urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_bench  # noqa: E402

MCSURVEY = export_bench.MCSURVEY
PASSWORD = "bench-owner-password"
GROUPS = ("vet", "authority", "employer", "employee")


def build(db, n):
    ready = os.path.join("/tmp/mcsurvey-bench", f"export-{n}.db")  # the export benchmark's, when built
    if os.path.exists(ready):
        shutil.copyfile(ready, db)
    else:
        export_bench.build(db, n)
    subprocess.run([MCSURVEY, "user", "add", "bench", "--role", "owner", "--db", "sqlite:" + db],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    con = sqlite3.connect(db)
    con.execute("BEGIN")
    invs = [(f"inv{i:05d}", "bench100", f"Contact {i}", f"c{i}@example.org", GROUPS[i % 4],
             export_bench.COUNTRIES[i % len(export_bench.COUNTRIES)].upper(), 1_779_000_000_000) for i in range(2000)]
    con.executemany("INSERT INTO invitations(id, form_id, name, email, grp, country, created_at) "
                    "VALUES (?,?,?,?,?,?,?)", invs)
    # Half the invitations answered: their responses take the invitation.
    con.executemany("UPDATE responses SET invitation_id = ? WHERE id = ?",
                    [(f"inv{i:05d}", f"r{i * 37:08d}") for i in range(1000) if i * 37 < n])
    rows = con.execute("SELECT answers FROM responses LIMIT 100").fetchall()
    t0 = 1_780_000_000_000
    partial = []
    for i in range(n // 10):
        ts = t0 + i * 9_970
        partial.append((f"p{i:08d}", "bench100", "1", "en", "partial", rows[i % len(rows)][0], "web", ts - 60_000,
                        ts, None, (i % 3) * 1000 + 1))
    con.executemany("INSERT INTO responses(id, form_id, form_version, lang, status, answers, channel, started_at, "
                    "updated_at, submitted_at, page) VALUES (?,?,?,?,?,?,?,?,?,?,?)", partial)
    con.commit()
    con.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--responses", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", default="/tmp/mcsurvey-dashboard-bench")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    pristine = os.path.join(args.cache, f"dashboard-{args.responses}.db")
    if not os.path.exists(pristine):
        t = time.monotonic()
        build(pristine + ".part", args.responses)
        os.rename(pristine + ".part", pristine)
        print(f"built {pristine} in {time.monotonic() - t:.0f} s", file=sys.stderr)
    # Serve a copy: the server migrates it and the benchmark adds responses.
    db = os.path.join(args.cache, "serving.db")
    for ext in ("", "-wal", "-shm"):
        if os.path.exists(db + ext):
            os.remove(db + ext)
    shutil.copyfile(pristine, db)
    port = free_port()
    proc = subprocess.Popen([MCSURVEY, "serve", "--db", "sqlite:" + db, "--listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def get(path):
        try:
            r = opener.open(base + path, timeout=600)
            return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    try:
        for _ in range(200):
            try:
                if get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        page = get("/admin/login")[1]
        csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
        body = urllib.parse.urlencode({"_csrf": csrf, "name": "bench", "password": PASSWORD, "next": "/admin"})
        try:
            opener.open(urllib.request.Request(base + "/admin/login", data=body.encode()), timeout=60)
        except urllib.error.HTTPError as e:
            assert e.code == 303, e.code
        con = sqlite3.connect(db, timeout=30)
        serial = [0]

        def new_response():
            serial[0] += 1
            ts = int(time.time() * 1000)
            ans = con.execute("SELECT answers FROM responses LIMIT 1").fetchone()[0]
            con.execute("INSERT INTO responses(id, form_id, form_version, lang, status, answers, channel, "
                        "started_at, updated_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (f"n{serial[0]:08d}", "bench100", "1", "en", "complete", ans, "web", ts - 500_000, ts, ts))
            con.commit()

        def timed(path):
            t = time.monotonic()
            status, text = get(path)
            secs = time.monotonic() - t
            assert status == 200, (path, status, text[:500])
            return secs, text

        print(f"dashboard over {args.responses} complete + {args.responses // 10} partial responses "
              f"(median of {args.runs}):")
        for path in ("/admin?form=bench100", "/admin", "/admin/quality/bench100"):
            first = timed(path)[0]
            cold, warm = [], []
            for _ in range(args.runs):
                new_response()
                cold.append(timed(path)[0])
                warm.append(timed(path)[0])
            _, text = timed(path)
            m = re.search(r'id="n-complete">(\d+)<', text)
            extra = f", complete shown {m.group(1)}" if m else ""
            print(f"  {path:26s} first view {first * 1000:8.1f} ms, after a new response "
                  f"{statistics.median(cold) * 1000:8.1f} ms, nothing new {statistics.median(warm) * 1000:8.1f} ms{extra}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
