#!/usr/bin/python3
"""Usage: compare_exports.py EXPECTED.json

Reads the exported files named in EXPECTED.json back with every reader installed -- GNU PSPP
(.sav), R haven (.sav and .dta), openpyxl (.xlsx) -- and compares every variable name, variable
label, value label and value with what was submitted. Prints one verdict per reader and file;
exits 1 on any difference.

EXPECTED.json: {"zone": IANA name, "tables": {TABLE: {"variables": [{name, column, label, kind,
labels?, codes?, tags?, sav_missing?}], "rows": [{name: value}]}}, "files": {"sav": {TABLE: path},
"dta": {TABLE: path}, "xlsx": path, "codebook": path}, "xlsx_sheets": {TABLE: sheet}}. Kinds:
string, number, date ("YYYY-MM-DD"), datetime (the instant, seconds since 1970 UTC: the files must
hold the local time in "zone", which Python's zoneinfo works out here, apart from the exporter's
ICU). null is missing; a missing string is "". tags: {code: letter} of the codes written as Stata
extended missing values in .dta (".d", with the code's label); sav_missing: the codes the .sav must
declare user-missing (PSPP's DISPLAY DICTIONARY and haven's na_values must say exactly these).
"""
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
# Label limits of the formats, as the exporter documents them in the codebook.
SAV_LABEL_BYTES, SAV_VALUE_LABEL_BYTES, DTA_LABEL_CHARS = 255, 120, 80


def utf8_prefix(s, n):
    b = s.encode("utf-8")[:n]
    return b.decode("utf-8", errors="ignore")


def file_label(fmt, label):
    return utf8_prefix(label, SAV_LABEL_BYTES) if fmt == "sav" else label[:DTA_LABEL_CHARS]


def value_label(fmt, label):
    return utf8_prefix(label, SAV_VALUE_LABEL_BYTES) if fmt == "sav" else label


def num_key(k):
    return k if k.startswith(".") else str(int(float(k)))


def wall(seconds, zone):
    """An instant (seconds since 1970 UTC) as seconds since 1970 on `zone`'s wall clock."""
    t = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc).astimezone(zoneinfo.ZoneInfo(zone))
    return seconds + t.utcoffset().total_seconds()


def same_value(kind, want, got):
    if want is None:
        return got is None
    if got is None:
        return False
    if kind == "string" or isinstance(want, str) or isinstance(got, str):
        return want == got
    if kind == "date":
        return want == got
    tol = 0.0005 if kind == "datetime" else 1e-12 * max(1.0, abs(want))
    return abs(float(got) - float(want)) <= tol


class Report:
    def __init__(self):
        self.failed = False

    def check(self, what, problems, counts):
        if problems:
            self.failed = True
            print("FAIL  %s: %d differences" % (what, len(problems)))
            for p in problems[:20]:
                print("        " + p)
        else:
            print("OK    %s: %s" % (what, counts))


def compare_stat(fmt, table, dump, zone):
    """A reader's dump of a .sav/.dta against the expected table."""
    problems = []
    got = {v["name"]: v for v in dump["variables"]}
    names = [v["name"] for v in dump["variables"]]
    want_names = [v["name"] for v in table["variables"]]
    if names != want_names:
        problems.append("variables %s, expected %s" % (names, want_names))
    n_values = n_labels = n_value_labels = 0
    for v in table["variables"]:
        g = got.get(v["name"])
        if g is None:
            continue
        if g["kind"] != v["kind"]:
            problems.append("%s: read as %s, expected %s" % (v["name"], g["kind"], v["kind"]))
        if g["label"] != file_label(fmt, v["label"]):
            problems.append("%s: label %r, expected %r" % (v["name"], g["label"], file_label(fmt, v["label"])))
        n_labels += 1
        tags = v.get("tags", {}) if fmt == "dta" else {}
        want_vl = {("." + tags[k] if k in tags else num_key(k)): value_label(fmt, l) for k, l in v.get("labels", {}).items()}
        got_vl = {num_key(k): l for k, l in g["labels"].items()}
        if want_vl != got_vl:
            problems.append("%s: value labels %s, expected %s" % (v["name"], got_vl, want_vl))
        n_value_labels += len(want_vl)
        # User-missing values: exactly the expected codes in .sav, none in .dta (it has tagged ones).
        want_missing = [float(c) for c in v.get("sav_missing", [])] if fmt == "sav" else []
        got_missing = [float(c) for c in g.get("missing", [])]
        if got_missing != want_missing or "missing_range" in g:
            problems.append("%s: missing values %s %s, expected %s" % (v["name"], got_missing, g.get("missing_range", ""),
                                                                      want_missing))
        want_values = [row[v["name"]] for row in table["rows"]]
        if v["kind"] == "datetime":
            want_values = [None if w is None else wall(w, zone) for w in want_values]
        want_values = [("." + tags[str(w)] if w is not None and str(w) in tags else w) for w in want_values]
        if len(g["values"]) != len(want_values):
            problems.append("%s: %d values, expected %d" % (v["name"], len(g["values"]), len(want_values)))
            continue
        if v["kind"] == "string":
            # SPSS pads strings with blanks: a .sav cannot keep trailing spaces (the codebook says so).
            # A .dta keeps them, but ReadStat's reader (haven) drops them from a str# (up to 2045
            # bytes); it reads a strL as it is.
            strl = max([len(w.encode("utf-8")) for w in want_values if w] + [0]) > 2045
            if fmt == "sav" or not strl:
                want_values = [w.rstrip(" ") if isinstance(w, str) else w for w in want_values]
        for i, (w, x) in enumerate(zip(want_values, g["values"])):
            n_values += 1
            if not same_value(v["kind"], w, x):
                problems.append("%s row %d: %r, expected %r" % (v["name"], i + 1, short(x), short(w)))
    return problems, "%d variables, %d values, %d variable labels, %d value labels" % (
        len(names), n_values, n_labels, n_value_labels)


def short(x):
    if isinstance(x, str) and len(x) > 60:
        return x[:30] + "...(%d chars)...%s" % (len(x), x[-20:])
    return x


def xlsx_expected(v, w, zone):
    """What a cell of the data sheet should hold for expected value w."""
    if w is None or w == "":
        return None
    if v.get("codes"):
        return v["codes"][num_key(str(w))]
    if v["kind"] == "datetime":
        return wall(w, zone)
    return w


def same_xlsx(v, want, got):
    if want is None:
        return got is None
    if got is None:
        return False
    if v["kind"] == "date":
        return got == "datetime:" + want + "T00:00:00"
    if v["kind"] == "datetime":
        if not isinstance(got, str) or not got.startswith("datetime:"):
            return False
        t = datetime.datetime.fromisoformat(got[9:]).replace(tzinfo=datetime.timezone.utc).timestamp()
        return abs(t - want) <= 0.0005
    if isinstance(want, str):
        return want == got
    return isinstance(got, (int, float)) and abs(got - want) <= 1e-12 * max(1.0, abs(want))


def compare_xlsx(expected, dump):
    problems = []
    sheets = dump["sheets"]
    n = 0
    for tname, table in expected["tables"].items():
        sheet = sheets.get(expected["xlsx_sheets"][tname])
        if sheet is None:
            problems.append("no sheet %s" % expected["xlsx_sheets"][tname])
            continue
        header = [v["column"] for v in table["variables"]]
        if list(sheet[0]) != header:
            problems.append("%s header %s, expected %s" % (tname, sheet[0], header))
        rows = sheet[1:]
        if len(rows) != len(table["rows"]):
            problems.append("%s: %d rows, expected %d" % (tname, len(rows), len(table["rows"])))
        for i, (row, want_row) in enumerate(zip(rows, table["rows"])):
            row = list(row) + [None] * (len(header) - len(row))
            for v, got in zip(table["variables"], row):
                n += 1
                want = xlsx_expected(v, want_row[v["name"]], expected["zone"])
                if not same_xlsx(v, want, got):
                    problems.append("%s %s row %d: %r, expected %r" % (tname, v["column"], i + 1, short(got), short(want)))
    with open(expected["files"]["codebook"], encoding="utf-8", newline="") as f:
        codebook = [[c if c != "" else None for c in r] for r in csv.reader(f)]
    got_cb = [list(r) + [None] * (len(codebook[0]) - len(r)) for r in sheets.get("codebook", [])]
    # The CSV neutralises a leading = + - @ with a quote; the sheet holds text as it is.
    codebook = [[c[1:] if c and c.startswith("'") else c for c in r] for r in codebook]
    if got_cb != codebook:
        problems.append("codebook sheet differs from the codebook CSV")
    return problems, "%d cells, codebook sheet of %d rows" % (n, len(got_cb))


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8"))
    if p.returncode != 0:
        raise RuntimeError((p.stdout + p.stderr).strip())


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        expected = json.load(f)
    report = Report()
    have_pspp = shutil.which("pspp") is not None
    have_r = shutil.which("Rscript") is not None and subprocess.run(
        ["Rscript", "-e", "library(haven)"], capture_output=True).returncode == 0
    try:
        import openpyxl  # noqa: F401
        have_openpyxl = True
    except ImportError:
        have_openpyxl = False
    readers = []
    for t, path in expected["files"]["sav"].items():
        if have_pspp:
            readers.append(("GNU PSPP", "sav", t, path, [sys.executable, os.path.join(HERE, "read_pspp.py")]))
        if have_r:
            readers.append(("R haven read_sav", "sav", t, path, ["Rscript", os.path.join(HERE, "read_sav.R")]))
    for t, path in expected["files"]["dta"].items():
        if have_r:
            readers.append(("R haven read_dta", "dta", t, path, ["Rscript", os.path.join(HERE, "read_dta.R")]))
    if not have_pspp:
        print("SKIP  GNU PSPP: pspp is not installed")
    if not have_r:
        print("SKIP  R haven: Rscript or haven is not installed")
    with tempfile.TemporaryDirectory() as work:
        for k, (reader, fmt, table, path, cmd) in enumerate(readers):
            out = os.path.join(work, "%d.json" % k)
            what = "%s, %s (%s)" % (reader, os.path.basename(path), table)
            try:
                run(cmd + [path, out])
                with open(out, encoding="utf-8") as f:
                    dump = json.load(f)
            except Exception as e:  # noqa: BLE001 -- a reader failing is a verdict, not a crash
                report.check(what, ["could not read: %s" % e], "")
                continue
            report.check(what, *compare_stat(fmt, expected["tables"][table], dump, expected["zone"]))
        if have_openpyxl:
            out = os.path.join(work, "xlsx.json")
            what = "openpyxl, %s" % os.path.basename(expected["files"]["xlsx"])
            try:
                run([sys.executable, os.path.join(HERE, "read_xlsx.py"), expected["files"]["xlsx"], out])
                with open(out, encoding="utf-8") as f:
                    report.check(what, *compare_xlsx(expected, json.load(f)))
            except Exception as e:  # noqa: BLE001
                report.check(what, ["could not read: %s" % e], "")
        else:
            print("SKIP  openpyxl: python3-openpyxl is not installed")
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
