#!/usr/bin/env python3
"""`mcsurvey report` end to end: a form imported with the CLI, responses submitted through the
JSON API of a real server, then the report written as HTML (escaped labels, n, suppression,
weights) and as PDF through headless Chromium, and the command's errors.

Usage: test_report.py /path/to/mcsurvey
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e  # noqa: E402  (the Server and Browser helpers)

BINARY = None

FORM = """| survey  | type               | name    | label                       |
|         | select_one grp     | grp     | Stakeholder group           |
|         | select_one agree5  | agree   | Badges <b>help</b> & "work" |
|         | select_multiple fm | fm      | Format                      |
|         | integer            | staff   | Staff                       |
|         | text               | comment | Comment                     |
| choices | list_name | name  | label         |
|         | grp       | emp   | Employers     |
|         | grp       | prov  | Providers     |
|         | agree5    | no    | Disagree      |
|         | agree5    | yes   | Agree         |
|         | agree5    | dk    | Don't know    |
|         | fm        | pdf   | PDF           |
|         | fm        | badge | Badge         |
| settings | form_id | form_title      |
|          | rep     | Report <test>   |
"""


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-report-")
        cls.server = test_e2e.Server(BINARY, cls.tmp.name)
        path = os.path.join(cls.tmp.name, "rep.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(FORM)
        p = cls.server.cli("import", path, "--publish")
        assert p.returncode == 0, p.stderr.decode()
        cls.server.start()
        try:
            b = test_e2e.Browser(cls.server.base)
            # 12 employers (9 agree, 3 disagree), 8 providers (6 agree, 1 disagree, 1 don't know).
            for i in range(20):
                emp = i < 12
                agree = ("yes" if i < 9 else "no") if emp else ("yes" if i < 18 else "no" if i == 18 else "dk")
                answers = {"grp": "emp" if emp else "prov", "agree": agree,
                           "fm": ["pdf", "badge"] if i % 2 else ["pdf"], "staff": i}
                if i < 6:
                    answers["comment"] = "digital badges matter"
                r = b.request("POST", "/api/v1/forms/rep/responses",
                              data=json.dumps({"answers": answers}).encode(),
                              headers={"Content-Type": "application/json"})
                assert r.status == 201, r
        finally:
            cls.server.stop()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def report(self, *args):
        return self.server.cli("report", "--form", "rep", *args)

    def read(self, name):
        with open(os.path.join(self.tmp.name, name), encoding="utf-8") as f:
            return f.read()

    def test_html(self):
        p = self.report("--by", "grp", "--out", "r.html")
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn("report of 20 responses", p.stderr.decode())
        h = self.read("r.html")
        self.assertIn("<title>Report &lt;test&gt; — report</title>", h)
        self.assertIn("Badges &lt;b&gt;help&lt;/b&gt; &amp; &quot;work&quot;", h)
        self.assertNotIn("<b>help", h)
        self.assertIn("n = 20 complete responses", h)
        self.assertIn("<th scope=\"row\">Agree</th><td>15</td><td>75.0</td><td>53.1–88.8</td>", h)
        self.assertIn("<td class=\"sup\"><abbr title=\"not shown: fewer than 5 respondents, or hidden so that the totals do not reveal such a cell\">hidden</abbr></td>", h)
        self.assertIn("open-link survey", h)
        self.assertIn("<svg class=\"chart\"", h)
        self.assertNotIn("<script", h)
        self.assertNotIn(" style=", h)

    def test_min_cell_and_weights(self):
        p = self.report("--min-cell", "1", "--out", "all.html")
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertNotIn("class=\"sup\"", self.read("all.html"))
        with open(os.path.join(self.tmp.name, "m.csv"), "w") as f:
            f.write("variable,category,population\ngrp,emp,100\ngrp,prov,300\n")
        p = self.report("--weights", "m.csv", "--out", "w.html")
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        h = self.read("w.html")
        self.assertIn("Weighted to population margins from m.csv by post-stratification", h)
        self.assertIn("<th scope=\"row\">Agree</th><td>15</td><td>75.0</td>", h)

    def test_pdf(self):
        if not os.path.exists("/usr/bin/chromium"):
            self.fail("Chromium is a test dependency (scripts/install-deps.sh)")
        p = self.report("--by", "grp", "--out", "r.pdf")
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        with open(os.path.join(self.tmp.name, "r.pdf"), "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF-"), data[:20])
        self.assertGreater(len(data), 5000)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "r.pdf.html")))

    def test_zz_one_smallest_cell_with_the_public_page(self):
        """The public page and the reports publish one plan (session 14): a report takes the page's
        smallest cell, one at another is refused while the page is published, and the page is not
        published at another than the last report's. Also the number summary's extremes: staff is
        0..19, each value one respondent's, so its minimum and maximum are hidden."""
        sup = ('<td class="sup"><abbr title="not shown: fewer than 5 respondents, or hidden so that the totals '
               'do not reveal such a cell">hidden</abbr></td>')
        p = self.report("--out", "five.html")
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn("<td>20</td><td>9.50</td><td>5.92</td>" + sup + "<td>4.75</td><td>9.5</td><td>14.25</td>" + sup,
                      self.read("five.html"))
        p = self.server.cli("results", "--form", "rep", "--questions", "agree", "--min-cell", "6", "--publish")
        self.assertEqual(p.returncode, 2, p.stdout.decode())
        self.assertIn("the last report of rep hides cells under 5", p.stderr.decode())
        p = self.report("--min-cell", "6", "--out", "six.html")  # the page is not published: any
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        p = self.server.cli("results", "--form", "rep", "--questions", "agree", "--min-cell", "6", "--publish")
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        try:
            p = self.report("--min-cell", "5", "--out", "x.html")
            self.assertEqual(p.returncode, 2)
            self.assertIn("the public results page of rep is published with the smallest cell 6", p.stderr.decode())
            p = self.report("--out", "default.html")
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn("Cells with fewer than 6 respondents are not shown", self.read("default.html"))
            self.assertEqual(self.report("--min-cell", "1", "--out", "team.html").returncode, 0, "nothing suppressed")
            self.assertEqual(self.report("--min-cell", "0", "--out", "x.html").returncode, 2)
        finally:
            self.server.cli("results", "--form", "rep", "--unpublish")

    def test_errors(self):
        p = self.report("--by", "staff", "--out", "x.html")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--by staff", p.stderr.decode())
        p = self.report("--out", "x.txt")
        self.assertEqual(p.returncode, 2)
        with open(os.path.join(self.tmp.name, "bad.csv"), "w") as f:
            f.write("variable,category,population\ngrp,emp,100\n")
        p = self.report("--weights", "bad.csv", "--out", "x.html")
        self.assertEqual(p.returncode, 1)
        self.assertIn("no population for grp = prov", p.stderr.decode())
        p = self.server.cli("report", "--form", "nope", "--out", "x.html")
        self.assertEqual(p.returncode, 1)
        self.assertIn("no form 'nope'", p.stderr.decode())


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
