#!/usr/bin/python3
"""Usage: read_pspp.py FILE.sav OUT.json -- what GNU PSPP reads from an SPSS system file, as JSON.

Two PSPP runs: DISPLAY DICTIONARY (names, labels, print formats, value labels, user-missing values
as "missing" (numbers) and "missing_range" ([low, high]); SET TVARS=NAMES so the value-label table
names variables; a user-missing value's label is footnoted there, "4[a]", and read as 4), then SAVE TRANSLATE to CSV with dates shown as plain
numbers (seconds since 1582-10-14) so that no precision is lost in formatting. Any warning PSPP
gives about the file is an error here: the file must read cleanly.
"""
import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
import tempfile

SPSS_TO_1970 = 12219379200.0


def quote(path):
    return "'" + path.replace("'", "''") + "'"


def run_pspp(syntax, work):
    sps = os.path.join(work, "run.sps")
    out = os.path.join(work, "out.csv")
    with open(sps, "w", encoding="utf-8") as f:
        f.write(syntax)
    p = subprocess.run(["pspp", "-O", "format=csv", "-o", out, sps], capture_output=True, text=True, timeout=60)
    messages = [l for l in (p.stdout + p.stderr).splitlines() if "warning" in l or "error" in l]
    if p.returncode != 0 or messages:
        raise SystemExit("pspp complained:\n" + "\n".join(messages or [p.stdout, p.stderr]))
    with open(out, encoding="utf-8") as f:
        return f.read()


def tables(text):
    """PSPP's CSV output: 'Table: NAME' then CSV rows, tables separated by blank lines."""
    result, name, buf = {}, None, []
    for line in text.splitlines(keepends=True):
        if line.startswith("Table: "):
            name, buf = line[7:].strip(), []
            result[name] = buf
        elif name is not None:
            buf.append(line)
    return {k: list(csv.reader(io.StringIO("".join(v).strip("\n")))) for k, v in result.items()}


def main():
    sav, out_json = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as work:
        t = tables(run_pspp("SET TVARS=NAMES.\nGET FILE=%s.\nDISPLAY DICTIONARY.\n" % quote(sav), work))
        header, *rows = t["Variables"]
        col = {h: i for i, h in enumerate(header)}
        variables = []
        for r in rows:
            if not r or not r[0]:
                continue
            fmt = r[col["Print Format"]]
            kind = ("datetime" if fmt.startswith("DATETIME") else "date" if fmt.startswith("DATE")
                    else "string" if fmt.startswith("A") else "number")
            var = {"name": r[col["Name"]], "label": r[col["Label"]] if "Label" in col else None,
                   "kind": kind, "labels": {}, "values": []}
            missing = r[col["Missing Values"]].strip() if "Missing Values" in col else ""
            if missing:
                var["missing"] = []
                for part in missing.split(";"):
                    part = part.strip()
                    if " THRU " in part:
                        lo, hi = part.split(" THRU ")
                        var["missing_range"] = [float(lo), float(hi)]
                    else:
                        var["missing"].append(float(part) if kind != "string" else part.strip('"'))
            variables.append(var)
        by_name = {v["name"]: v for v in variables}
        current = None
        for r in t.get("Value Labels", [])[1:]:
            if r and r[0].startswith("Footnote: "):
                continue
            if r and r[0]:
                current = by_name[r[0]]
            if current is not None and len(r) >= 3:
                current["labels"][re.sub(r"\[[a-z]+\]$", "", r[1])] = r[2]

        timed = [v["name"] for v in variables if v["kind"] in ("date", "datetime")]
        data_csv = os.path.join(work, "data.csv")
        syntax = "GET FILE=%s.\n" % quote(sav)
        if timed:
            syntax += "FORMATS %s (F20.3).\n" % " ".join(timed)
        syntax += ("SAVE TRANSLATE /OUTFILE=%s /TYPE=CSV /REPLACE /FIELDNAMES /CELLS=VALUES "
                   "/TEXTOPTIONS FORMAT=PLAIN.\n" % quote(data_csv))
        run_pspp(syntax, work)
        with open(data_csv, encoding="utf-8", newline="") as f:
            head, *data = list(csv.reader(f))
        if head != [v["name"] for v in variables]:
            raise SystemExit("pspp: data columns %s differ from the dictionary" % head)
        for row in data:
            for v, cell in zip(variables, row):
                if v["kind"] == "string":
                    v["values"].append(cell)
                elif not cell.strip():
                    v["values"].append(None)
                elif v["kind"] == "date":
                    day = datetime.date(1970, 1, 1) + datetime.timedelta(days=round((float(cell) - SPSS_TO_1970) / 86400))
                    v["values"].append(day.isoformat())
                elif v["kind"] == "datetime":
                    v["values"].append(float(cell) - SPSS_TO_1970)
                else:
                    v["values"].append(float(cell))
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump({"variables": variables}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
