#!/usr/bin/env python3
"""The study's data path walked end to end, as respondents and the study team walk it.

Run: python3 tests/qa/test_qawalk.py build/mcsurvey      (ctest: qa.walk, label qa)

1. Respondent -> store: a fixed set of synthetic respondents answer the study's questionnaires on a
   fresh `mcsurvey serve` through the HTML pages, without JavaScript (form posts, Post/Redirect/Get)
   and as the page script posts (X-MCS-Enhanced), in English, French and German: decimal commas,
   "1.000" on a German page asked again, "please specify" texts, multi-select (all boxes unticked
   too), a repeat counted by an answer lowered from "Check your answers", a section made irrelevant
   by a "Change" (its answers and repeat instances must not reach the export: ODK's non-relevant =
   blank), save and resume in another browser, a partial response, Polish, Greek and Bulgarian text
   and answers longer than 255 bytes.
2. Store -> analyst: `mcsurvey export` as csv, xlsx, sav, dta and json; the csv checked against what
   the respondents meant, and every cell of every table (main and repeat) of the other formats
   against the csv, read back by the real readers: GNU PSPP and R haven (.sav), haven (.dta),
   openpyxl (.xlsx, with /usr/bin/python3), json. sav/dta variable names: a question keeps its own.
3. `mcsurvey report`: frequencies and a weighted percentage recomputed from the export.

Exit 0 when everything holds, 1 on any difference, 77 (skipped) when it held but a reader is missing.
"""
import csv
import datetime
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import test_e2e as e2e  # noqa: E402
from test_e2e import Browser, Page, fill  # noqa: E402

READERS = os.path.join(HERE, "..", "readers")
SYSTEM_PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
FORM = "employers"

failures = []
skipped = []
T0 = None


def stage(what):
    print("%6.1f s  %s" % (time.monotonic() - T0, what))


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL  " + what)
    return ok


# ---------------------------------------------------------------------------------------------
# 1. Respondents, through the pages
# ---------------------------------------------------------------------------------------------

class Respondent:
    """One browser: without JavaScript (303 then GET) or as the page script posts (one exchange)."""

    def __init__(self, base, enhanced=False, lang=None):
        self.br = Browser(base)
        self.enhanced = enhanced
        self.lang = lang
        self.known = {}

    def get(self, path):
        r = self.br.get(path)
        assert r.status == 200, r
        return Page(r)

    def open(self, form):
        return self.get("/s/%s%s" % (form, "?lang=" + self.lang if self.lang else ""))

    def post(self, page, values, action, expect_error=False):
        hdr = {"X-MCS-Enhanced": "1"} if self.enhanced else None
        r = self.br.post(page.action, page.form_data(values, action), headers=hdr)
        if expect_error:
            assert r.status == 422, "expected the page again with an error: %r" % r
            return Page(r)
        if r.status == 422:
            raise AssertionError("%s %s refused: %s" % (page.describe(), action, Page(r).p.error_links))
        if r.status == 303:
            r = self.br.get(r.header("Location"))
        assert r.status == 200, r
        if self.enhanced and action != "save":
            assert r.header("X-MCS-Url"), "an enhanced post answered without X-MCS-Url: %r" % r
        return Page(r)

    def answer(self, page, ov):
        instance = int(page.marker.split(".")[1])
        values = fill(page, self.known, ov, instance)
        self.known.update(values)
        return self.post(page, values, "submit" if "submit" in page.actions else "next")

    def until(self, page, ov, stop):
        for _ in range(60):
            if page.marker == "review" or stop(page):
                return page
            page = self.answer(page, ov)
        raise AssertionError("the questionnaire does not end")

    def to_review(self, page, ov):
        return self.until(page, ov, lambda p: False)

    def change(self, review, marker, question):
        """Follows the review page's "Change" link of a question."""
        for href in re.findall(r'href="([^"]*\?change=[^"]*)"', review.resp.text):
            url = html.unescape(href)
            if re.search(r"\?change=%s#q-%s(-\d+)?$" % (re.escape(marker), re.escape(question)), url):
                return self.get(url.split("#")[0])
        raise AssertionError("no Change link for %s on %s" % (question, marker))

    def send(self, review, ov):
        """Send from "Check your answers"; a page a change left unanswered comes back and is answered."""
        for _ in range(8):
            hdr = {"X-MCS-Enhanced": "1"} if self.enhanced else None
            r = self.br.post(review.action, review.form_data({}, "submit"), headers=hdr)
            if r.status == 422:
                review = self.to_review(Page(r), ov)
                continue
            if r.status == 303:
                r = self.br.get(r.header("Location"))
            page = Page(r)
            assert r.status == 200 and not page.action, "no thank-you page: %r" % r
            return page.p.panel_ref.strip()
        raise AssertionError("send keeps coming back")


BASE = dict(country="PL", org_type="company", org_size="small", sector=["C", "J"], role="head",
            terms_used=["microcredential"], familiarity="very", mc_experience="yes", mc_trend="same",
            followup_consent="no")
LONG_PL = " ".join(["Zażółć gęślą jaźń – kurs „Analiza danych”"] * 8)   # 335 characters, 455 bytes
LONG_BG = "Коментар на български:" + " микроквалификации" * 20          # 382 characters, 741 bytes


def respondents(base):
    """Answers the questionnaires; returns {name: (response id, what the export must say)}."""
    out = {}

    # A: French page, no JavaScript: decimal commas, other-specify texts, long texts, multi-select.
    a = Respondent(base, lang="fr")
    ov = dict(BASE, country="BG", org_size="micro", sector=["C", "J", "Q"], role="other",
              role_other="Kierownik działu szkoleń – Łódź", terms_used=["microcredential", "other"],
              terms_used_other="Ψηφιακό σήμα μικροπιστοποίησης", mc_count="2",
              mc_title=lambda i: LONG_PL if i == 0 else "Πιστοποιητικό",
              mc_hours=lambda i: "40" if i == 0 else "1000", mc_ects=lambda i: "2,5" if i == 0 else "0,125",
              mc_assess=lambda i: ["written", "other"], mc_assess_other=lambda i: "Ustny egzamin %d" % (i + 1),
              emp_staff="yes", emp_staff_areas=["digital", "other"], emp_staff_areas_other="Зелени умения",
              emp_trust=["provider", "other"], emp_trust_other="ÆØÅ ß € ✓", comments=LONG_BG)
    ref = a.send(a.to_review(a.open(FORM), ov), ov)
    out["A"] = (ref, {
        "main": {"lang": "fr", "country": "BG", "org_size": "micro", "sector": "C J Q", "sector/Q": "1",
                 "sector/A": "0", "role": "other", "role_other": ov["role_other"],
                 "terms_used": "microcredential other", "terms_used/other": "1",
                 "terms_used_other": ov["terms_used_other"], "mc_count": "2",
                 "emp_staff_areas_other": "Зелени умения", "emp_trust_other": "ÆØÅ ß € ✓", "comments": LONG_BG},
        "mc": [{"mc_title": LONG_PL, "mc_hours": "40", "mc_ects": "2.5", "mc_assess": "written other",
                "mc_assess/other": "1", "mc_assess_other": "Ustny egzamin 1"},
               {"mc_title": "Πιστοποιητικό", "mc_hours": "1000", "mc_ects": "0.125",
                "mc_assess_other": "Ustny egzamin 2"}]})

    # B: the page script's path: three microcredentials described, then "not at all familiar"
    # chosen from "Check your answers": the section and its repeat no longer apply.
    b = Respondent(base, enhanced=True)
    ov = dict(BASE, country="DE", org_size="large", mc_count="3", mc_title=lambda i: "Badge %d" % i)
    review = b.to_review(b.open(FORM), ov)
    p = b.change(review, "1.-1", "familiarity")
    check(p.fields["familiarity"].value == "very", "B: the Change page does not show the answer given")
    review = b.post(p, dict(p.current_values(), familiarity="not_at_all"), "next")
    check(review.marker == "review", "B: a Change did not return to the review")
    check("Badge 0" not in review.resp.text, "B: the review still lists a section that no longer applies")
    ref = b.send(review, ov)
    out["B"] = (ref, {"main": {"familiarity": "not_at_all", "mc_experience": "", "mc_trend": "", "mc_count": ""},
                      "mc": []})

    # C: no JavaScript: three microcredentials lowered to one from the review; "other" role with
    # its text, then another role; every term unticked. "Don't know" for the trend (missing in
    # sav/dta), and a comment that ends in spaces (kept in csv, xlsx, json and dta).
    c = Respondent(base)
    ov = dict(BASE, country="FR", org_size="medium", role="other", role_other="Chef de projet", mc_count="3",
              mc_title=lambda i: "Module %d" % (i + 1), terms_used=["microcredential", "digital_badge"],
              mc_trend="dont_know", comments="Fin.  ")
    review = c.to_review(c.open(FORM), ov)
    p = c.change(review, "2.-1", "mc_count")
    review = c.post(p, dict(p.current_values(), mc_count="1"), "next")
    p = c.change(review, "0.-1", "role")
    check(p.fields["role_other"].value == "Chef de projet", "C: the 'please specify' text is not shown back")
    review = c.post(p, dict(p.current_values(), role="manager"), "next")
    p = c.change(review, "1.-1", "terms_used")
    review = c.post(p, dict(p.current_values(), terms_used=[]), "next")
    ref = c.send(review, ov)
    out["C"] = (ref, {"main": {"role": "manager", "role_other": "", "mc_count": "1", "terms_used": "",
                               "mc_trend": "dont_know", "comments": "Fin.  ",
                               "terms_used/microcredential": "", "terms_used/digital_badge": ""},
                      "mc": [{"mc_title": "Module 1"}]})

    # D: German page: "1.000" ECTS is a thousand to a German and 1 to the parser: asked again.
    # "2,125" is taken; the page shows it back as stored ("2.125") and a Continue keeps it.
    # Saved half-way and finished in another browser from the resume link.
    d = Respondent(base, lang="de")
    ov = dict(BASE, country="AT", org_size="small", mc_count="1", mc_title=lambda i: "Zertifikat Datenanalyse",
              mc_ects=lambda i: "2,125")
    p = d.until(d.open(FORM), ov, lambda p: p.marker == "3.0")
    values = fill(p, d.known, dict(ov, mc_ects=lambda i: "1.000"), 0)
    err = d.post(p, values, "next", expect_error=True)
    check("#q-mc_ects" in err.p.error_links, "D: '1.000' on a German page was not asked again")
    after = d.post(err, dict(values, mc_ects="2,125"), "next")
    again = d.post(after, after.current_values(), "back")
    check(again.fields["mc_ects"].value == "2.125", "D: 2,125 shown back as %r" % again.fields["mc_ects"].value)
    after = d.post(again, again.current_values(), "next")
    saved = d.post(after, {}, "save")
    resume = saved.p.resume_link
    check(bool(resume), "D: Save shows no resume link")
    d2 = Respondent(base, lang="de")
    d2.known = dict(d.known)
    p = d2.get(resume)
    check(p.marker == after.marker, "D: the resume link opened %s, not %s" % (p.marker, after.marker))
    ref = d2.send(d2.to_review(p, ov), ov)
    out["D"] = (ref, {"main": {"lang": "de", "country": "AT"}, "mc": [{"mc_ects": "2.125"}]})

    # E: the JSON API, a German response: its numbers are JSON numbers, "2.125" no thousand.
    form = json.loads(Browser(base).get("/api/v1/forms/" + FORM).text)
    answers = e2e.api_payload(form, dict(BASE, country="IT", mc_count=1, mc_ects=2.125, mc_hours=1000,
                                         mc_title="API", comments="via API"))
    r = Browser(base).request("POST", "/api/v1/forms/%s/responses" % FORM,
                              data=json.dumps({"answers": answers, "lang": "de"}).encode(),
                              headers={"Content-Type": "application/json"})
    check(r.status == 201, "E: the API refused a German response with 2.125: %r" % r)
    if r.status == 201:
        out["E"] = (r.json()["id"], {"main": {"country": "IT"}, "mc": [{"mc_ects": "2.125", "mc_hours": "1000"}]})

    # F: a partial response: a repeat described, then "not at all familiar", then left.
    f = Respondent(base, enhanced=True)
    ov = dict(BASE, country="GR", org_size="micro", mc_count="2")
    p = f.until(f.open(FORM), ov, lambda p: p.marker == "4.-1")
    p = f.get(p.action + "?at=1.-1")
    p = f.post(p, dict(p.current_values(), familiarity="not_at_all"), "save")
    out["F"] = (None, {"main": {"country": "GR", "status": "partial", "mc_count": "", "mc_trend": ""}, "mc": []})

    # The other three questionnaires, once each, to their thank-you pages.
    for form_id, enhanced, lang in (("vet_providers", False, None), ("authorities", True, "fr"),
                                    ("employee_orgs", False, "de")):
        w = Respondent(base, enhanced=enhanced, lang=lang)
        ov = {"familiarity": "fairly", "mc_count": "1", "followup_consent": "no"}
        try:
            w.send(w.to_review(w.open(form_id), ov), ov)
        except AssertionError as ex:
            check(False, "%s: %s" % (form_id, ex))
    return out


# ---------------------------------------------------------------------------------------------
# 2. The exports, read back
# ---------------------------------------------------------------------------------------------

def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def plain(v):
    """A csv cell without the formula defence's apostrophe."""
    return v[1:] if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r'" else v


ZONE = "Europe/Brussels"   # the study's time zone: the server's default


def epoch(iso):
    """A csv/json time (ISO 8601 with the offset of the study's zone then) as seconds since 1970 on
    the zone's wall clock, as xlsx, sav and dta hold it; the offset is checked by Python's zoneinfo."""
    t = datetime.datetime.fromisoformat(iso)
    check(t.utcoffset() == t.astimezone(zoneinfo.ZoneInfo(ZONE)).utcoffset(),
          "time %s: not the offset of %s then" % (iso, ZONE))
    return t.replace(tzinfo=datetime.timezone.utc).timestamp()


# The codebook's note on a select_one's non-substantive answers: "4=dont_know (sav user-missing 4, dta .d)".
MISSING_NOTE = re.compile(r"(\d+)=(\S+) \((?:sav user-missing (\d+)|sav: not missing, SPSS takes three), dta \.([a-z])\)")


class Table:
    def __init__(self, name, rows, codebook, choices):
        self.name, self.rows = name, rows
        self.vars = [r for r in codebook if r["table"] == name]
        self.choices = choices     # column -> [choice names] for select_one
        # "Don't know" and the like: .d in dta, user-missing in sav (the codebook says which).
        self.tags = {v["column"]: {n: t for _, n, _, t in MISSING_NOTE.findall(v["note"])} for v in self.vars}
        self.sav_missing = {v["column"]: [float(c) for _, _, c, _ in MISSING_NOTE.findall(v["note"]) if c]
                            for v in self.vars}
        # Text columns that are a strL in dta (an answer over 2045 bytes): haven keeps their trailing spaces.
        self.strl = {v["column"] for v in self.vars
                     if any(len(plain(r[v["column"]]).encode("utf-8")) > 2045 for r in rows)}

    def want(self, var, row, fmt):
        """What reader `fmt` should give for a codebook variable in a csv row."""
        v = row[var["column"]]
        t = var["type"]
        if t == "select_one":
            tag = self.tags[var["column"]].get(v)
            if fmt == "dta-haven" and tag:
                return "." + tag   # Stata's extended missing value
            return float(self.choices[var["column"]].index(v) + 1) if v else None
        if t in ("integer", "decimal", "select_multiple choice (0/1)"):
            return float(v) if v else None
        if t == "datetime":
            return epoch(v) if v else None
        if fmt in ("sav-pspp", "sav-haven") or (fmt == "dta-haven" and var["column"] not in self.strl):
            # SPSS pads strings with blanks; the dta keeps them, but haven's ReadStat drops them from a str#.
            return plain(v).rstrip(" ")
        return plain(v)


def same(want, got, kind):
    if want is None:
        return got is None
    if isinstance(want, float):
        tolerance = 0.0005 if kind == "datetime" else 1e-9 * max(1.0, abs(want))
        return got is not None and abs(float(got) - want) <= tolerance
    return want == ("" if got is None else got)


def compare_stat(table, dump, fmt):
    got = {v["name"]: v for v in dump["variables"]}
    names = [v["name"] for v in dump["variables"]]
    check(names == [v["variable"] for v in table.vars], "%s %s: variables %s" % (fmt, table.name, names))
    n = tagged = 0
    for var in table.vars:
        g = got.get(var["variable"])
        if g is None:
            continue
        want_missing = table.sav_missing[var["column"]] if fmt.startswith("sav") else []
        check([float(c) for c in g.get("missing", [])] == want_missing and "missing_range" not in g,
              "%s %s %s: missing values %s, the codebook says %s" % (fmt, table.name, var["variable"],
                                                                   g.get("missing"), want_missing))
        for i, row in enumerate(table.rows):
            w = table.want(var, row, fmt)
            if not same(w, g["values"][i], var["type"]):
                check(False, "%s %s row %d %s: %r, the csv says %r" % (fmt, table.name, i + 1, var["variable"],
                                                                      g["values"][i], w))
            n += 1
            tagged += isinstance(w, str) and w.startswith(".")
    print("      %s %s: %d cells%s" % (fmt, table.name, n, ", %d extended missing" % tagged if tagged else ""))
    if fmt == "dta-haven" and table.name == "main":
        check(tagged > 0, "dta: no \"Don't know\" was compared (respondent C's mc_trend)")


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, **kw)


def read_back(tmp, tables, paths):
    """Every cell of every table of the sav, dta, xlsx and json against the csv."""
    for tname, table in tables.items():
        if shutil.which("pspp"):
            out = os.path.join(tmp, "%s.pspp.json" % tname)
            p = run([SYSTEM_PY, os.path.join(READERS, "read_pspp.py"), paths["sav"][tname], out])
            if check(p.returncode == 0, "PSPP %s: %s" % (tname, p.stderr.decode()[-600:])):
                compare_stat(table, json.load(open(out)), "sav-pspp")
        else:
            skipped.append("GNU PSPP")
    # R haven: every file in one Rscript (R's start is the slow part).
    jobs = [(tname, fmt, paths[fmt][tname], os.path.join(tmp, "%s.%s.haven.json" % (tname, fmt)))
            for tname in tables for fmt in ("sav", "dta")]
    if shutil.which("Rscript"):
        script = os.path.join(tmp, "haven.R")
        with open(script, "w", encoding="utf-8") as fh:
            fh.write('source("%s")\n' % os.path.join(READERS, "haven_dump.R").replace("\\", "/"))
            for _, fmt, src, out in jobs:
                reader = "read_sav(\"%s\", user_na = TRUE)" % src if fmt == "sav" else "read_dta(\"%s\")" % src
                fh.write('dump_file(%s, "%s")\n' % (reader, out))
        p = run(["Rscript", script])
        if p.returncode != 0 and b"there is no package called" in p.stderr:
            skipped.append("R haven")
        elif check(p.returncode == 0, "haven: %s" % p.stderr.decode()[-600:]):
            for tname, fmt, _, out in jobs:
                compare_stat(tables[tname], json.load(open(out, encoding="utf-8")), fmt + "-haven")
    else:
        skipped.append("R haven")

    # xlsx: a sheet per table, the csv's columns and cells (names of choices, numbers, the zone's times).
    code = r"""
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {}
for ws in wb.worksheets:
    rows = [[(c.replace(tzinfo=datetime.timezone.utc).timestamp() if isinstance(c, datetime.datetime) else c)
             for c in r] for r in ws.iter_rows(values_only=True)]
    out[ws.title] = rows
print(json.dumps(out))
"""
    p = run([SYSTEM_PY, "-c", code, paths["xlsx"]])
    if p.returncode != 0 and b"No module named 'openpyxl'" in p.stderr:
        skipped.append("openpyxl")
    elif check(p.returncode == 0, "openpyxl: %s" % p.stderr.decode()[-600:]):
        sheets = json.loads(p.stdout)
        for tname, table in tables.items():
            rows = sheets.get("data" if tname == "main" else tname)
            if not check(rows is not None, "xlsx: no sheet for %s: %s" % (tname, list(sheets))):
                continue
            check(rows[0] == [v["column"] for v in table.vars], "xlsx %s: header %s" % (tname, rows[0]))
            n = 0
            for i, row in enumerate(table.rows):
                for k, var in enumerate(table.vars):
                    w, g = row[var["column"]], rows[i + 1][k]
                    if var["type"] == "datetime":
                        ok = (w == "" and g is None) or (w != "" and g is not None and abs(g - epoch(w)) < 0.0005)
                    elif var["type"] in ("integer", "decimal", "select_multiple choice (0/1)"):
                        ok = (w == "" and g is None) or (w != "" and g is not None and float(w) == float(g))
                    else:
                        ok = plain(w) == ("" if g is None else str(g))
                    check(ok, "xlsx %s row %d %s: %r, the csv says %r" % (tname, i + 1, var["column"], g, w))
                    n += 1
            print("      xlsx %s: %d cells" % (tname, n))

    # json lines: answers by name, repeats nested, select_multiple as lists, numbers as numbers.
    lines = [json.loads(l) for l in open(paths["json"], encoding="utf-8")]
    main = tables["main"]
    check([l["id"] for l in lines] == [r["id"] for r in main.rows], "json: other responses than the csv")
    n = 0
    for line, row in zip(lines, main.rows):
        for var in main.vars:
            col = var["column"]
            if "/" in col or col in ("id", "form_version", "lang", "status", "started_at", "submitted_at"):
                got = line.get(col) if "/" not in col else None
                if got is not None:
                    check(got == row[col], "json %s %s: %r, the csv says %r" % (row["id"], col, got, row[col]))
                continue
            got = line["answers"].get(col)
            got = "" if got is None else " ".join(got) if isinstance(got, list) else (
                e2e.csv_cell({"type": "decimal"}, got, None) if isinstance(got, (int, float)) else got)
            check(got == plain(row[col]), "json %s %s: %r, the csv says %r" % (row["id"], col, got, row[col]))
            n += 1
        for tname, table in tables.items():
            if tname == "main":
                continue
            inst = line["answers"].get(tname) or []
            mine = [r for r in table.rows if r["response_id"] == row["id"]]
            check(len(inst) == len(mine), "json %s: %d %s instances, the csv has %d" % (row["id"], len(inst),
                                                                                       tname, len(mine)))
    print("      json: %d answers" % n)


# ---------------------------------------------------------------------------------------------
# 3. The report's numbers
# ---------------------------------------------------------------------------------------------

def report_rows(text, question):
    m = re.search(r'<span class="note">\(%s\)</span></h3>' % re.escape(question), text)
    if not m:
        return None
    body = text[text.find("<tbody>", m.end()):text.find("</tbody>", m.end())]
    return {html.unescape(lab): [re.sub("<[^>]+>", "", c) for c in cells]
            for lab, cells in ((r[0], re.findall(r"<td[^>]*>(.*?)</td>", r[1]))
                               for r in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', body))}


def check_report(binary, db, tmp, rows, form):
    choice_label = {}
    for lst, choices in form["choices"].items():
        for c in choices:
            lab = c["label"]
            choice_label[(lst, c["name"])] = lab.get("en") if isinstance(lab, dict) else lab
    lists = {n["name"]: n["choices"] for n, _ in e2e.form_questions(form) if n.get("choices")}
    out = os.path.join(tmp, "report.html")
    p = run([binary, "report", "--form", FORM, "--min-cell", "1", "--out", out, "--db", db])
    if not check(p.returncode == 0, "report: %s" % p.stderr.decode()):
        return
    text = open(out, encoding="utf-8").read()
    done = [r for r in rows if r["status"] == "complete"]
    for q in ("org_size", "familiarity", "role", "sector", "terms_used"):
        got = report_rows(text, q)
        if not check(got is not None, "report: no table for %s" % q):
            continue
        base = [r for r in done if r[q] != ""]
        for name in sorted({c for r in base for c in r[q].split()}):
            n = sum(1 for r in base if name in r[q].split())
            cells = got.get(choice_label[(lists[q], name)])
            ok = cells is not None and cells[0] == str(n) and abs(float(cells[1]) - 100.0 * n / len(base)) < 0.051
            check(ok, "report %s %s: %s, the export gives n=%d of %d" % (q, name, cells, n, len(base)))
    # Weighted: post-stratified to organisation sizes; the share of 'very familiar' by hand.
    pop = {"micro": 20000, "small": 5000, "medium": 1500, "large": 400}
    margins = os.path.join(tmp, "margins.csv")
    with open(margins, "w") as fh:
        fh.write("variable,category,population\n" + "".join("org_size,%s,%d\n" % kv for kv in pop.items()))
    out = os.path.join(tmp, "weighted.html")
    p = run([binary, "report", "--form", FORM, "--min-cell", "1", "--weights", margins, "--out", out, "--db", db])
    if not check(p.returncode == 0, "weighted report: %s" % p.stderr.decode()):
        return
    n = {k: sum(1 for r in done if r["org_size"] == k) for k in pop}
    weight = {k: pop[k] / n[k] for k in pop if n[k]}
    total = sum(weight[r["org_size"]] for r in done)
    for fam in sorted({r["familiarity"] for r in done}):
        share = 100.0 * sum(weight[r["org_size"]] for r in done if r["familiarity"] == fam) / total
        cells = report_rows(open(out, encoding="utf-8").read(), "familiarity").get(
            choice_label[(lists["familiarity"], fam)])
        check(cells is not None and abs(float(cells[1]) - share) < 0.051,
              "weighted report familiarity %s: %s, by hand %.2f%%" % (fam, cells, share))
    print("      report: frequencies and a weighted share checked")


# ---------------------------------------------------------------------------------------------

def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    global T0
    T0 = time.monotonic()
    binary = os.path.abspath(sys.argv[1])
    e2e.BINARY = binary
    with tempfile.TemporaryDirectory(prefix="mcsurvey-qa-") as tmp:
        srv = e2e.Server(binary, tmp, extra_args=["--post-rate", "0"])
        srv.start()
        try:
            expected = respondents(srv.base)
            form = json.loads(Browser(srv.base).get("/api/v1/forms/" + FORM).text)
        finally:
            srv.stop()
        db = srv.db
        stage("respondents answered")
        paths = {}
        for fmt, ext in (("csv", "csv"), ("xlsx", "xlsx"), ("sav", "sav"), ("dta", "dta"), ("json", "jsonl")):
            p = run([binary, "export", "--form", FORM, "--format", fmt, "--all", "--out",
                     os.path.join(tmp, "out.%s" % ext), "--db", db], cwd=tmp)
            check(p.returncode == 0, "export %s: %s" % (fmt, p.stderr.decode()))
            paths[fmt] = os.path.join(tmp, "out.%s" % ext)
        repeats = sorted({rep for _, rep in e2e.form_questions(form) if rep})
        for fmt in ("sav", "dta"):
            paths[fmt] = dict({"main": paths[fmt]}, **{r: os.path.join(tmp, "out-%s.%s" % (r, fmt)) for r in repeats})
        codebook = read_csv(os.path.join(tmp, "out-codebook.csv"))
        main_rows = read_csv(paths["csv"])
        choices = {n["name"]: [c["name"] for c in form["choices"][n["choices"]]]
                   for n, _ in e2e.form_questions(form) if n["type"] == "select_one"}
        tables = {"main": Table("main", main_rows, codebook, choices)}
        for r in repeats:
            tables[r] = Table(r, read_csv(os.path.join(tmp, "out-%s.csv" % r)), codebook, choices)

        # What the respondents meant, in the csv.
        by_id = {r["id"]: r for r in main_rows}
        for who, (rid, want) in sorted(expected.items()):
            if rid is None:   # the partial response: the one with its country
                rid = next((r["id"] for r in main_rows if r["status"] == "partial" and
                            r["country"] == want["main"]["country"]), None)
            row = by_id.get(rid)
            if not check(row is not None, "%s: response %s not in the export" % (who, rid)):
                continue
            for col, v in want["main"].items():
                check(plain(row[col]) == v, "%s: %s is %r, expected %r" % (who, col, row[col], v))
            inst = [r for r in tables["mc"].rows if r["response_id"] == rid]
            check(len(inst) == len(want["mc"]), "%s: %d repeat rows, expected %d" % (who, len(inst), len(want["mc"])))
            for k, (got, w) in enumerate(zip(inst, want["mc"])):
                check(got["instance"] == str(k + 1), "%s: instance %s" % (who, got["instance"]))
                for col, v in w.items():
                    check(plain(got[col]).rstrip(" ") == v, "%s mc#%d: %s is %r, expected %r" % (who, k + 1, col, got[col], v))
        print("      csv: %d responses, %d repeat rows as the respondents meant them"
              % (len(main_rows), len(tables["mc"].rows)))

        # sav/dta names: every question keeps its own name (the 0/1 columns of choices yield).
        for var in codebook:
            if "/" not in var["column"] and var["type"] != "select_multiple choice (0/1)" and len(var["column"]) <= 32:
                check(var["variable"] == var["column"], "codebook: question %s is %s in sav/dta"
                      % (var["column"], var["variable"]))

        stage("exported, csv checked")
        read_back(tmp, tables, paths)
        stage("read back")
        check_report(binary, db, tmp, main_rows, form)
        stage("report checked")

    if failures:
        print("%d checks failed" % len(failures))
        return 1
    if skipped:
        print("SKIPPED readers not installed: %s" % ", ".join(sorted(set(skipped))))
        return 77
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
