#!/usr/bin/env python3
"""Export benchmark: CSV export of N responses x 100 questions, time and peak memory.

Builds (once, cached under --cache) a SQLite study with a 100-question form and N complete responses
inserted straight into the responses table in the stored-answers shape, then times
`mcsurvey export --format csv` (median of --runs) and reads its peak resident memory (VmHWM via
/usr/bin/time -v). Usage: bench/export_bench.py [--responses 1000000] [--runs 3] [--format csv]
"""
import argparse, json, os, random, re, sqlite3, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MCSURVEY = os.environ.get("MCSURVEY", os.path.join(ROOT, "build", "mcsurvey"))


def make_form(path, repeat=False):
    rows = ["| survey | type | name | label |",
            "| | select_one group | group | Stakeholder group |",
            "| | select_one country | country | Country |"]
    for i in range(98):
        kind = i % 6
        if kind in (0, 1, 2):
            rows.append(f"| | select_one scale | q{i} | Question {i}: how much do you agree? |")
        elif kind == 3:
            rows.append(f"| | select_multiple topics | q{i} | Question {i}: which topics apply? |")
        elif kind == 4:
            rows.append(f"| | integer | q{i} | Question {i}: how many? |")
        else:
            rows.append(f"| | text | q{i} | Question {i}: comments |")
    if repeat:
        # A repeat of five questions (the study's microcredentials), 0 to 3 instances a response.
        rows += ["| | begin_repeat | mc | Microcredential |",
                 "| | text | mc_title | Title |",
                 "| | select_one scale | mc_level | Level |",
                 "| | select_multiple topics | mc_format | Format |",
                 "| | integer | mc_hours | Workload |",
                 "| | select_one scale | mc_use | Use |",
                 "| | end_repeat | | |"]
    rows += ["", "| choices | list_name | name | label |"]
    for g in ("vet", "authority", "employer", "employee"):
        rows.append(f"| | group | {g} | {g.title()} |")
    for c in COUNTRIES:
        rows.append(f"| | country | {c} | {c.upper()} |")
    for v in range(1, 6):
        rows.append(f"| | scale | {v} | Level {v} |")
    for v in "abcde":
        rows.append(f"| | topics | {v} | Topic {v} |")
    rows += ["", "| settings | form_id | version | form_title |",
             "| | bench100 | 1 | A 100-question benchmark form |"]
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")


COUNTRIES = ["at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "hu", "ie", "it", "lv",
             "lt", "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se"]
WORDS = "the training was useful and short courses help workers get recognised skills for new jobs".split()


def answers(rng, repeat=False):
    a = {"group": rng.choice(("vet", "authority", "employer", "employee")), "country": rng.choice(COUNTRIES)}
    for i in range(98):
        kind = i % 6
        if kind in (0, 1, 2):
            a[f"q{i}"] = str(rng.randint(1, 5))
        elif kind == 3:
            a[f"q{i}"] = " ".join(sorted(rng.sample("abcde", rng.randint(1, 3))))
        elif kind == 4:
            a[f"q{i}"] = str(rng.randint(0, 500))
        else:
            a[f"q{i}"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
    if repeat:
        n = rng.randint(0, 3)
        if n:
            a["mc"] = [{"mc_title": " ".join(rng.choice(WORDS) for _ in range(4)), "mc_level": str(rng.randint(1, 5)),
                        "mc_format": " ".join(sorted(rng.sample("abcde", rng.randint(1, 2)))),
                        "mc_hours": str(rng.randint(1, 200)), "mc_use": str(rng.randint(1, 5))} for _ in range(n)]
    return json.dumps(a, separators=(",", ":"))


def build(db, n, repeat=False):
    tmp_form = db + ".md"
    make_form(tmp_form, repeat)
    subprocess.run([MCSURVEY, "import", tmp_form, "--publish", "--db", "sqlite:" + db], check=True, capture_output=True)
    con = sqlite3.connect(db)
    rng = random.Random(7)
    # A pool of distinct answer sets (generating 1M JSON texts in Python is the slow part).
    pool = [answers(rng, repeat) for _ in range(5000)]
    t0 = 1_780_000_000_000
    con.execute("BEGIN")
    batch = []
    for i in range(n):
        ts = t0 + i * 997
        batch.append((f"r{i:08d}", "bench100", "1", "en", "complete", pool[i % len(pool)], "web", ts - 600_000, ts, ts))
        if len(batch) == 20000:
            con.executemany("INSERT INTO responses(id, form_id, form_version, lang, status, answers, channel, "
                            "started_at, updated_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    if batch:
        con.executemany("INSERT INTO responses(id, form_id, form_version, lang, status, answers, channel, "
                        "started_at, updated_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
    con.commit()
    con.close()


def run_export(db, fmt, out):
    cmd = ["/usr/bin/time", "-v", MCSURVEY, "export", "--form", "bench100", "--format", fmt, "--out", out,
           "--db", "sqlite:" + db]
    t = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.monotonic() - t
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    return secs, rss_kb / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--responses", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--format", default="csv")
    ap.add_argument("--cache", default="/tmp/mcsurvey-bench")
    ap.add_argument("--repeat", action="store_true", help="the form has a repeat of 5 questions, 0-3 instances")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    db = os.path.join(args.cache, f"export-{args.responses}{'-repeat' if args.repeat else ''}.db")
    if not os.path.exists(db):
        t = time.monotonic()
        build(db + ".part", args.responses, args.repeat)
        os.rename(db + ".part", db)
        for ext in ("-wal", "-shm"):
            if os.path.exists(db + ".part" + ext):
                os.remove(db + ".part" + ext)
        print(f"built {db} in {time.monotonic() - t:.0f} s", file=sys.stderr)
    out = os.path.join(args.cache, "export." + args.format)
    results = [run_export(db, args.format, out) for _ in range(args.runs)]
    secs = statistics.median(r[0] for r in results)
    mem = max(r[1] for r in results)
    rows = sum(1 for _ in open(out, "rb")) - 1 if args.format == "csv" else -1
    rep = out[:-len(args.format) - 1] + "-mc." + args.format
    reps = sum(1 for _ in open(rep, "rb")) - 1 if args.repeat and args.format == "csv" and os.path.exists(rep) else 0
    print(f"export {args.format} of {args.responses} responses x 100 questions{' + a repeat' if args.repeat else ''}: "
          f"{secs:.2f} s (median of {args.runs}), peak memory {mem:.1f} MB, rows {rows}"
          + (f", repeat rows {reps}" if args.repeat else ""))


if __name__ == "__main__":
    main()
