#!/usr/bin/env python3
"""Generated responses to the study's questionnaires, written straight into a SQLite database, for
the report's tests (tests/report/test_report_pdf.py) and its benchmark (bench/report_bench.sh).

Each response answers every question of the form as `mcsurvey form` describes it (the normalised
form: types, choice lists, repeats), in the stored answers' shape (a JSON object; select_multiple
as space-separated names; a repeat as a list of objects). Answers are drawn with a fixed seed and
uneven odds (earlier choices likelier, a few countries most common), so tables have big and small
cells as real fieldwork does. Skip logic is not followed: the report reads whatever is stored.
Personal questions (contact details) are left out, as the server stores them apart.

Usage: study_responses.py MCSURVEY DB N [FORM_ID...]   (default: the four study forms)
"""
import json
import os
import random
import sqlite3
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STUDY = ["vet_providers", "authorities", "employers", "employee_orgs"]
COMMON = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "PT", "IE", "FI"]
WORDS = ("microcredentials help workers update skills quickly but employers rarely know the quality "
         "of short courses recognition by national frameworks would build trust digital badges are "
         "portable and stackable learning outcomes must be clear").split()


def form_json(mcsurvey, form_id):
    p = subprocess.run([mcsurvey, "form", os.path.join(ROOT, "forms", "study", form_id + ".md")],
                       check=True, capture_output=True)
    return json.loads(p.stdout)


def pick(rng, choices):
    # Earlier choices likelier (weights n, n-1, ..., 1), with some noise per question.
    n = len(choices)
    weights = [(n - i) + rng.random() * 2 for i in range(n)]
    return rng.choices(choices, weights)[0]


def answer(rng, q, lists, a, mcsurvey_form):
    t, name = q["type"], q["name"]
    if q.get("personal") or t in ("note", "calculate", "acknowledge") or name.endswith("_other"):
        return
    if t == "select_one":
        names = [c["name"] for c in lists[q["choices"]]]
        if name == "country" and rng.random() < 0.8:
            a[name] = rng.choice([c for c in COMMON if c in names] or names)
        else:
            a[name] = pick(rng, names)
    elif t == "select_multiple":
        names = [c["name"] for c in lists[q["choices"]]]
        k = min(len(names), 1 + int(rng.random() * 3))
        a[name] = " ".join(rng.sample(names, k))
    elif t == "integer":
        a[name] = str(rng.randint(0, 3) if name.endswith("count") else rng.randint(1, 200))
    elif t == "decimal":
        a[name] = str(rng.randint(1, 30) / 2)
    elif t in ("text", "string"):
        if rng.random() < 0.5:
            a[name] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))


def fill(rng, nodes, lists, a, form):
    for q in nodes:
        if q["type"] == "group":
            fill(rng, q.get("children", []), lists, a, form)
        elif q["type"] == "repeat":
            k = int(a.get("mc_count", "0")) if "mc_count" in a else rng.randint(0, 2)
            inst = []
            for _ in range(k):
                b = {}
                fill(rng, q.get("children", []), lists, b, form)
                inst.append(b)
            if inst:
                a[q["name"]] = inst
        else:
            answer(rng, q, lists, a, form)


def build(mcsurvey, db, n, forms=None, seed=7):
    forms = forms or STUDY
    for fid in forms:
        subprocess.run([mcsurvey, "import", os.path.join(ROOT, "forms", "study", fid + ".md"), "--publish",
                        "--db", "sqlite:" + db], check=True, capture_output=True)
    con = sqlite3.connect(db)
    rng = random.Random(seed)
    t0 = 1_780_900_000_000  # 2026-06-08
    rows = []
    for fi, fid in enumerate(forms):
        f = form_json(mcsurvey, fid)
        # The group sizes differ, as they do in fieldwork: n split 4:3:2:1 over the forms given.
        share = [4, 3, 2, 1][fi % 4] / sum([4, 3, 2, 1][:len(forms)]) if len(forms) > 1 else 1
        count = max(1, round(n * share))
        pool = []
        for _ in range(min(count, 4000)):
            a = {}
            fill(rng, f["survey"], f["choices"], a, f)
            pool.append(json.dumps(a, separators=(",", ":"), ensure_ascii=False))
        for i in range(count):
            ts = t0 + (i * 2_419_200_000) // max(1, count)  # over four weeks
            rows.append((f"g{fi}-{i:07d}", fid, f["version"], "en", "complete", pool[i % len(pool)], "web",
                         ts - 900_000, ts, ts))
            if len(rows) >= 20000:
                con.executemany("INSERT INTO responses(id, form_id, form_version, lang, status, answers, channel, "
                                "started_at, updated_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
                rows.clear()
    if rows:
        con.executemany("INSERT INTO responses(id, form_id, form_version, lang, status, answers, channel, "
                        "started_at, updated_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    build(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:] or None)
