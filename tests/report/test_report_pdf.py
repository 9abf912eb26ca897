#!/usr/bin/env python3
"""The report as a publication, checked from the PDF itself (issue 23): ~300 generated responses to
the employers' questionnaire (tests/report/study_responses.py), `mcsurvey report --by country --out
r.pdf` through headless Chromium, then poppler's pdfinfo and pdftotext read the PDF:

- every page is A4;
- every page carries "Page i of N" (the running footer) and the running header (the title);
- the contents list every section with a page number, and each section's heading is on that page;
- no label is cut: every question's and every answer's label the report shows is in the text whole,
  and no word lies outside the page;
- the batteries are one chart each (the agreement statements, the EU approach's elements);
- fewer pages than before issue 23: the same report was 155 pages (US Letter) by country.

Usage: test_report_pdf.py /path/to/mcsurvey     (exit 77 when Chromium or poppler-utils is missing)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import study_responses  # noqa: E402

# `mcsurvey report --form employers --by country` of the same 300 responses before this change
# (commit ac14984): 155 US Letter pages; without --by: 68.
PAGES_BEFORE_BY_COUNTRY = 155

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    mcsurvey = os.path.abspath(sys.argv[1])
    for tool in ("/usr/bin/chromium", "/usr/bin/pdftotext", "/usr/bin/pdfinfo"):
        if not os.path.exists(tool):
            print(f"SKIP: {tool} missing (scripts/install-deps.sh test installs it)")
            return 77
    with tempfile.TemporaryDirectory(prefix="mcsurvey-report-pdf-") as tmp:
        db = os.path.join(tmp, "study.db")
        study_responses.build(mcsurvey, db, 300, ["employers"])
        pdf = os.path.join(tmp, "r.pdf")
        p = subprocess.run([mcsurvey, "report", "--form", "employers", "--by", "country", "--out", pdf,
                            "--db", "sqlite:" + db], capture_output=True, text=True)
        check(p.returncode == 0, "mcsurvey report: " + p.stderr)
        if p.returncode != 0:
            return 1
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
        check(len(sizes) == pages, f"pdfinfo lists {len(sizes)} page sizes for {pages} pages")
        for i, (w, h) in enumerate(sizes):
            # A4 is 595.28 x 841.89 pt; Chromium rounds to whole 1/100 in.
            check(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5, f"page {i + 1} is {w} x {h} pt, not A4")
        print(f"{pages} pages (before: {PAGES_BEFORE_BY_COUNTRY})")
        check(pages < PAGES_BEFORE_BY_COUNTRY, f"{pages} pages, not fewer than {PAGES_BEFORE_BY_COUNTRY}")

        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
        page_text = text.split("\f")[:pages]
        check(len(page_text) == pages, "pdftotext pages")
        title = "Microcredentials: survey of employers and their organisations"
        form = json.loads(subprocess.run([mcsurvey, "form", os.path.join(study_responses.ROOT, "forms", "study",
                                                                          "employers.md")],
                                         capture_output=True, check=True).stdout)
        title = form["title"]
        for i, t in enumerate(page_text):
            check(f"Page {i + 1} of {pages}" in t, f"page {i + 1}: no 'Page {i + 1} of {pages}'")
            check(norm(title) in norm(t), f"page {i + 1}: no running header")

        # The contents: "N Title ... page" lines on the contents page, each heading on its page.
        layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", "2", "-l", "3", pdf, "-"],
                                capture_output=True, text=True).stdout
        toc = re.findall(r"^\s*(\d+) (\S.*?)\s{2,}(\d+)\s*$", layout.split("\f")[0], re.M)
        check(len(toc) >= 8, f"contents: {len(toc)} entries with page numbers")
        for num, head, page in toc:
            key = norm(f"{num} {head}")[:36]
            pg = int(page)
            lines = [norm(l) for l in page_text[pg - 1].split("\n")] if 0 < pg <= pages else []
            check(any(l.startswith(key) for l in lines), f"contents: '{key}' is not on page {pg}")
        heads = [norm(h) for _, h, _ in toc]
        for want in ("Method and sample", "Purposes and benefits", "Trust and barriers"):
            check(any(h.startswith(want) for h in heads), f"contents: no '{want}'")

        # Labels whole: every label of the employers' questions and answers the report shows.
        whole = norm(text)
        raw = norm(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                                  text=True).stdout)

        def labels(nodes):
            for q in nodes:
                if q["type"] in ("group", "repeat"):
                    yield from labels(q.get("children", []))
                elif q["type"] in ("select_one", "select_multiple") and not q["name"].endswith("_other"):
                    yield q["label"]["en"]
                    # Countries with fewer than 5 respondents are published together by region
                    # (stats::GroupThinCountries): their names are in no table.
                    if q["name"] == "country":
                        continue
                    for c in form["choices"][q["choices"]]:
                        yield c["label"]["en"]
        missing = [l for l in set(labels(form["survey"])) if norm(l) not in whole and norm(l) not in raw]
        check(not missing, f"labels not found whole in the PDF: {missing[:5]}")
        # The generated answers put most respondents in a few countries and some in many others.
        for want in ("Germany", "France", "Other countries"):
            check(norm(want) in whole or norm(want) in raw, f"country label '{want}' not in the PDF")
        check("Luxembourg" not in whole, "a country of fewer than 5 respondents is named in a table")
        bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
        outside = 0
        for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
            pw, ph = float(m.group(1)), float(m.group(2))
            for w in re.finditer(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"', m.group(3)):
                x0, y0, x1, y1 = map(float, w.groups())
                if x0 < 0 or y0 < 0 or x1 > pw + 0.5 or y1 > ph + 0.5:
                    outside += 1
        check(outside == 0, f"{outside} words outside their page")
        # Batteries: the eight purposes are one chart with one table ("8 items, one scale").
        check("8 items, one scale" in whole, "the purposes battery is not one chart")
        check("don't know" in whole.lower(), "don't know not shown")
        if os.environ.get("MCS_REPORT_KEEP"):
            subprocess.run(["cp", pdf, os.environ["MCS_REPORT_KEEP"]], check=True)
        report_languages(mcsurvey, db, tmp)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


# The report in another language (session 13, i18n5): its own words, page footer and contents heading.
REPORT_WORDS = {
    "fr": {"page": "Page {0} sur {1}", "contents": "Sommaire", "method": "Méthode et échantillon",
           "more": ["Rapport de résultats", "Petits effectifs.", "Répondants par pays"]},
    "de": {"page": "Seite {0} von {1}", "contents": "Inhalt", "method": "Methode und Stichprobe",
           "more": ["Ergebnisbericht", "Kleine Zellen.", "Befragte nach Land"]},
    "pl": {"page": "Strona {0} z {1}", "contents": "Spis treści", "method": "Metoda i próba",
           "more": ["Raport z wyników", "Małe komórki.", "Respondenci według kraju"]},
}
ENGLISH_WORDS = ["Results report", "Method and sample", "Small cells.", "Respondents by country", "Contents",
                 "Other countries", "95% interval", "All respondents"]


def report_languages(mcsurvey, db, tmp):
    """`mcsurvey report --lang L --by country` for French, German and Polish: it prints (a French heading
    holds no-break spaces, "avantages : dans quelle…", which the contents' page finder once failed on;
    the contents page is found by its heading in L), every page says "Page i of N" in L, the contents
    and the prose are in L with no English words of the report's left, and the tagged PDF says what the
    HTML says: the document in L (Chromium writes the HTML's lang= into the structure tree as /Lang);
    Polish, which the questionnaire lacks, has its English labels marked English."""
    for lang, words in REPORT_WORDS.items():
        pdf = os.path.join(tmp, lang + ".pdf")
        p = subprocess.run([mcsurvey, "report", "--form", "employers", "--lang", lang, "--by", "country", "--out", pdf,
                            "--db", "sqlite:" + db], capture_output=True, text=True)
        check(p.returncode == 0, f"mcsurvey report --lang {lang}: " + p.stderr)
        if p.returncode != 0:
            continue
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
        page_text = text.split("\f")[:pages]
        for i, t in enumerate(page_text):
            want = words["page"].format(i + 1, pages)
            check(want in t, f"{lang} page {i + 1}: no '{want}'")
        whole = norm(text)
        for w in [words["contents"], words["method"]] + words["more"]:  # the cover's kicker is in capitals
            check(norm(w).casefold() in whole.casefold(), f"{lang}: '{w}' not in the PDF")
        for w in ENGLISH_WORDS:
            check(norm(w) not in whole, f"{lang}: English '{w}' in the PDF")
        layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", "2", "-l", "3", pdf, "-"],
                                capture_output=True, text=True).stdout
        toc = re.findall(r"^\s*(\d+) (\S.*?)\s{2,}(\d+)\s*$", layout.split("\f")[0], re.M)
        check(len(toc) >= 8, f"{lang} contents: {len(toc)} entries with page numbers")
        for num, head, page in toc:
            key = norm(f"{num} {head}")[:36]
            pg = int(page)
            lines = [norm(l) for l in page_text[pg - 1].split("\n")] if 0 < pg <= pages else []
            check(any(l.startswith(key) for l in lines), f"{lang} contents: '{key}' is not on page {pg}")
        check(any(norm(h).startswith(words["method"]) for _, h, _ in toc), f"{lang} contents: no method")
        raw = open(pdf, "rb").read().decode("latin-1")
        langs = re.findall(r"/Lang\s*\(([^)]*)\)", raw)
        check("StructTreeRoot" in raw, f"the {lang} report's PDF is not tagged")
        catalog = re.search(r"/Type\s*/Catalog[^>]*", raw)
        doc_lang = re.search(r"/Lang\s*\(([^)]*)\)", catalog.group(0)) if catalog else None
        if doc_lang:  # Chromium names the document's language in the catalog when it writes one
            check(doc_lang.group(1) == lang, f"the PDF's document language is {doc_lang.group(1)}, not {lang}")
        if lang == "pl":
            check(langs.count("en") >= 50, f"English labels marked /Lang (en) in the Polish PDF: {langs.count('en')}")


if __name__ == "__main__":
    sys.exit(main())
