#!/usr/bin/env python3
"""The questionnaire on paper and the copy of one's answers (issue 23), end to end, read back from
the PDFs themselves with poppler-utils (pdfinfo, pdftotext):

- `mcsurvey print` for the four study forms in English, French and German: A4, page numbers, and
  every question's label and every choice's label present in the PDF's text;
- a respondent answers the employers' questionnaire in the browser pages; the thank-you page links
  to a copy of the answers; that PDF ticks exactly the choices they chose, holds their typed answers,
  and nothing of a question they never saw or of another respondent;
- the copy is keyed by the respondent's own token: a made-up one, a partial response's, or one of
  another questionnaire gets 404; it is never cached; it is rate-limited;
- on a server without Chromium the copy is the same layout as a web page that says so.

Usage: test_print.py /path/to/mcsurvey
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_console  # noqa: E402  (the signed-in console client)
import harness  # noqa: E402
import test_e2e  # noqa: E402  (Server, Browser, Page, fill and the page-answering helpers)


BINARY = None
LANGS = ["en", "fr", "de"]
# The language each study form is printed to PDF in (the others as HTML): all three among them.
PDF_LANG = {"vet_providers": "en", "authorities": "fr", "employers": "de", "employee_orgs": "en"}
A4 = (595.28, 841.89)  # points, as pdfinfo prints them (210 x 297 mm)
MARKS = "☐☒○●"


def pdf_text(path):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode("utf-8")


def pdf_info(path):
    p = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    info = {}
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


def flat(text):
    """Whitespace collapsed, a mark always followed by one space: labels wrapped over lines compare."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"([%s]) ?" % MARKS, r"\1 ", text)


def squeezed(text):
    """Without white space or hyphens: a label wrapped over lines, or hyphenated at a line's end
    (pdftotext joins such words), compares equal to itself whole."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def page_size(info):
    m = re.match(r"([\d.]+) x ([\d.]+) pts", info.get("Page size", ""))
    return (float(m.group(1)), float(m.group(2))) if m else None


def text_of(translated, lang, default="en"):
    return translated.get(lang) or translated.get(default) or translated.get("") or ""


class PrintTest(unittest.TestCase):
    # The browser-page client of the end-to-end test.
    answer_pages = test_e2e.E2E.answer_pages
    post_page = test_e2e.E2E.post_page
    follow = test_e2e.E2E.follow
    open_page = test_e2e.E2E.open_page

    @classmethod
    def setUpClass(cls):
        for tool in ("pdftotext", "pdfinfo"):
            if not shutil.which(tool):
                raise unittest.SkipTest("%s missing (poppler-utils; scripts/install-deps.sh test)" % tool)
        if not os.path.exists("/usr/bin/chromium"):
            raise unittest.SkipTest("Chromium missing (scripts/install-deps.sh test)")
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcsurvey-print-")
        cls.server = test_e2e.Server(BINARY, cls.tmp.name, extra_args=["--post-rate", "0"])
        cls.server.start()
        cls.forms = {}
        for fid in test_e2e.STUDY_FORMS:
            r = test_e2e.Browser(cls.server.base).get("/api/v1/forms/" + fid)
            assert r.status == 200, r
            cls.forms[fid] = r.json()

    @classmethod
    def tearDownClass(cls):
        if cls.server.proc:
            cls.server.stop()
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    # --- the questionnaire on paper ---------------------------------------------------------------

    def expected_texts(self, form, lang):
        """Every printed label of the form in `lang`: questions, notes, groups, choices."""
        out = []
        lists = form["choices"]

        def walk(nodes):
            for n in nodes:
                if n["type"] in ("calculate", "hidden", "start", "end", "today"):
                    continue
                label = text_of(n.get("label", {}), lang, form.get("default_language", "en"))
                if label and "${" not in label:
                    out.append(("label of " + n["name"], label))
                if n.get("choices"):
                    for c in lists[n["choices"]]:
                        out.append(("choice %s of %s" % (c["name"], n["name"]), text_of(c["label"], lang)))
                walk(n.get("children", []))

        walk(form["survey"])
        return out

    def test_print_study_forms(self):
        """All four study forms in en, fr and de: every label and choice, the skip instructions, the
        repeat once. Each form is printed to PDF in one of the languages (all three among them: A4,
        numbered pages, read back with pdftotext) and written as HTML in the others (the same
        document Chromium prints; a PDF takes a second or more of Chromium each)."""
        for fid in test_e2e.STUDY_FORMS:
            for lang in LANGS:
                with self.subTest(form=fid, lang=lang):
                    pdf = PDF_LANG[fid] == lang
                    out = self.path("%s-%s.%s" % (fid, lang, "pdf" if pdf else "html"))
                    p = self.server.cli("print", "--form", fid, "--lang", lang, "--out", out)
                    self.assertEqual(p.returncode, 0, p.stderr.decode())
                    if pdf:
                        info = pdf_info(out)
                        size = page_size(info)
                        self.assertTrue(size and abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1,
                                        "not A4: %r" % info.get("Page size"))
                        pages = int(info["Pages"])
                        self.assertGreater(pages, 1)
                        text = flat(pdf_text(out))
                        # Page numbers "n / N" at each page's foot, every page.
                        for n in range(1, pages + 1):
                            self.assertIn("%d / %d" % (n, pages), text, "no page number %d of %d" % (n, pages))
                    else:
                        with open(out, encoding="utf-8") as f:
                            doc = f.read()
                        self.assertIn('<html lang="%s">' % lang, doc)
                        text = flat(html.unescape(re.sub(r"<[^>]+>", " ", doc)))
                    whole = squeezed(text)
                    missing = [(what, t) for what, t in self.expected_texts(self.forms[fid], lang)
                               if squeezed(t) not in whole]
                    self.assertEqual(missing, [], "labels missing from the %s questionnaire in %s" % (fid, lang))
                    # Skip instructions in words, and the repeat once with how to repeat it.
                    word = {"en": "Answer if", "fr": "Répondez si", "de": "Beantworten, wenn"}[lang]
                    self.assertIn(word, text)
                    self.assertNotIn("(see question", text, "a condition the paper could not say in words")
                    repeat = {"en": "Repeat this section for each one", "fr": "Répétez cette section",
                              "de": "Wiederholen Sie diesen Abschnitt"}[lang]
                    self.assertEqual(text.count(repeat), 1, "the repeat is not shown once with its instruction")

    def test_print_words_and_errors(self):
        # The employers' questionnaire says when its repeat's questions apply, with question numbers.
        out = self.path("employers.html")
        p = self.server.cli("print", "--form", "employers", "--out", out)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        with open(out, encoding="utf-8") as f:
            doc = f.read()
        self.assertTrue(re.search(r"Answer if you chose “Other \(please specify\)” at question \d+\.", doc))
        self.assertTrue(re.search(r"as many times as your answer to question \d+\.", doc))
        self.assertTrue(re.search(r"Answer this section if you did not choose “Employers&#39; organisation or business "
                                  r"association” or “Chamber of commerce, industry or crafts” or “Sectoral body or "
                                  r"sector skills council” at question 3\.", doc))
        self.assertNotIn("<script", doc)
        # A form file prints without a database too.
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "forms", "study", "authorities.md")
        p = subprocess.run([BINARY, "print", "--form", src, "--lang", "fr", "--html", "--out", self.path("a.out")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        # Errors: an unknown form, a language the form lacks, an output that is neither.
        p = self.server.cli("print", "--form", "nope", "--out", self.path("x.pdf"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("no form 'nope'", p.stderr.decode())
        p = self.server.cli("print", "--form", "employers", "--lang", "xx", "--out", self.path("x.pdf"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("no language 'xx'", p.stderr.decode())
        p = self.server.cli("print", "--form", "employers", "--out", self.path("x.txt"))
        self.assertEqual(p.returncode, 2)

    # --- the copy of one's answers ----------------------------------------------------------------

    def complete(self, overrides):
        """Answers the employers' questionnaire in the browser pages; returns (token, answered values
        {name: [values, one per time shown]}, thank-you page)."""
        br = test_e2e.Browser(self.server.base)
        page = self.open_page(br, "/s/employers")
        log = []
        r, _ = self.answer_pages(br, page, {}, overrides, log=log)
        self.assertEqual(r.status, 200, r)
        m = re.search(r"/s/employers/r/([a-z0-9]+)", r.url)
        self.assertTrue(m, r.url)
        answered = {}
        for _marker, _heading, values in log:
            for name, v in values.items():
                if v not in ("", [], None):
                    answered.setdefault(name, []).append(v)
        return m.group(1), answered, r

    def test_copy_of_answers(self):
        form = self.forms["employers"]
        lists = form["choices"]
        nodes = {n["name"]: n for n, _rep in test_e2e.form_questions(form)}
        a_token, a_answers, thanks = self.complete(dict(test_e2e.EMPLOYERS_OVERRIDES,
                                                        comments="Only respondent A wrote this"))
        b_token, _b, _ = self.complete(dict(test_e2e.EMPLOYERS_OVERRIDES, comments="Respondent B's own comment",
                                            mc_count="1"))
        link = "/s/employers/r/%s/answers.pdf" % a_token
        self.assertIn('href="%s"' % link, thanks.text, "the thank-you page has no link to the copy")

        br = test_e2e.Browser(self.server.base)
        r = br.get(link)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertIn("attachment", r.header("Content-Disposition") or "")
        self.assertEqual(r.header("Referrer-Policy"), "no-referrer")
        out = self.path("copy-a.pdf")
        with open(out, "wb") as f:
            f.write(r.raw)
        size = page_size(pdf_info(out))
        self.assertTrue(size and abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1, size)
        text = flat(pdf_text(out))

        # Exactly the choices chosen are ticked: the ticked labels, as a multiset, are the labels of
        # the chosen choices.
        expected_ticks = []
        typed = []
        for name, shown in a_answers.items():
            n = nodes[name]
            for v in shown:
                if n.get("choices"):
                    for c in (v if isinstance(v, list) else [v]):
                        label = [text_of(x["label"], "en") for x in lists[n["choices"]] if x["name"] == c][0]
                        expected_ticks.append(flat(label).strip())
                else:
                    typed.append(flat(str(v)).strip())
        ticked = re.findall(r"[☒●] ([^☐☒○●]+)", text)
        self.assertEqual(len(ticked), len(expected_ticks), "ticked: %s\nexpected: %s" % (ticked, expected_ticks))
        for label in expected_ticks:
            self.assertTrue(any(t.startswith(label) for t in ticked), "%r is not ticked" % label)
        whole = squeezed(text)
        for value in typed:
            self.assertIn(squeezed(value), whole, "typed answer %r missing from the copy" % value)
        # Nothing of anyone else, nothing of a question never shown.
        self.assertNotIn("Respondent B", text)
        shown = set(a_answers)
        for name, n in nodes.items():
            label = text_of(n.get("label", {}), "en")
            unique = label and sum(1 for m in nodes.values() if text_of(m.get("label", {}), "en") == label) == 1
            if name not in shown and unique and n.get("relevant") and "${" not in label:
                # Left out of A's path (a skip): not on the copy.
                if squeezed(label) in whole:
                    self.fail("question %s, never shown to the respondent, is on the copy" % name)

        # The copy is the token's own: made-up, partial, another form's: 404, never cached.
        for path in ["/s/employers/r/%s/answers.pdf" % ("0" * 32),
                     "/s/employers/r/%s/answers.pdf" % (a_token[:-1] + ("0" if a_token[-1] != "0" else "1")),
                     "/s/authorities/r/%s/answers.pdf" % a_token]:
            r = br.get(path)
            self.assertEqual(r.status, 404, "%s: %r" % (path, r))
            self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertEqual(br.get("/s/employers/answers.pdf").status, 404)
        # A response still in progress has no copy.
        br2 = test_e2e.Browser(self.server.base)
        first = self.open_page(br2, "/s/employers")
        values = test_e2e.fill(first, {}, test_e2e.EMPLOYERS_OVERRIDES)
        r = self.post_page(br2, first, values, "next")
        partial = re.search(r"/r/([a-z0-9]+)", r.header("Location")).group(1)
        self.assertEqual(br2.get("/s/employers/r/%s/answers.pdf" % partial).status, 404)
        # B's copy is B's.
        r = br.get("/s/employers/r/%s/answers.pdf" % b_token)
        self.assertEqual(r.status, 200, r)
        out_b = self.path("copy-b.pdf")
        with open(out_b, "wb") as f:
            f.write(r.raw)
        text_b = flat(pdf_text(out_b))
        self.assertIn("Respondent B's own comment", text_b)
        self.assertNotIn("Only respondent A", text_b)
        # Rate-limited per client address: a burst, then 429 with Retry-After.
        statuses = [br.get("/s/employers/r/%s/answers.pdf" % ("1" * 32)).status for _ in range(8)]
        self.assertIn(429, statuses, statuses)
        type(self).a_token = a_token

    # --- the console: Print and Public results -----------------------------------------------------

    def console(self, role):
        """A signed-in team member with `role` (the owner creates the account)."""
        owner = test_console.Console(self.server.base)
        owner.sign_in("admin", test_e2e.ADMIN_PASSWORD)
        if role == "owner":
            return owner
        name, pw = "print-" + role, "password-of-" + role
        r = owner.act("/admin/users", {"name": name, "role": role, "password": pw}, "/admin/users")
        self.assertIn(r.status, (200, 409), r)
        c = test_console.Console(self.server.base)
        c.sign_in(name, pw)
        return c

    def test_console_print_and_public_results(self):
        anon = test_e2e.Browser(self.server.base)
        for path in ["/admin/forms/employers/print", "/admin/forms/employers/print.pdf",
                     "/admin/forms/employers/results"]:
            r = anon.get(path)
            self.assertIn(r.status, (302, 303), "%s without a session: %r" % (path, r))
        # Print: any team member; each language as PDF or web page.
        viewer = self.console("viewer")
        forms = viewer.get("/admin/forms")
        self.assertIn('href="/admin/forms/employers/print"', forms.text)
        self.assertNotIn('href="/admin/forms/employers/results"', forms.text, "a viewer is offered the results page")
        page = viewer.get("/admin/forms/employers/print")
        self.assertEqual(page.status, 200, page)
        for lang in LANGS:
            self.assertIn('href="/admin/forms/employers/print.pdf?lang=%s"' % lang, page.text)
        r = viewer.get("/admin/forms/employers/print.html?lang=fr")
        self.assertEqual(r.status, 200, r)
        self.assertIn('<html lang="fr">', r.text)
        self.assertIn("style-src 'sha256-", r.header("Content-Security-Policy"))
        self.assertEqual(viewer.get("/admin/forms/employers/print.html?lang=xx").status, 400)
        r = viewer.get("/admin/forms/employers/print.pdf?lang=de")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        out = self.path("console-de.pdf")
        with open(out, "wb") as f:
            f.write(r.raw)
        self.assertIn("Beantworten, wenn", pdf_text(out))
        # The page numbers at the foot are in the paper's language too (they were "Page 1 of N" in all).
        self.assertIn("Seite 1 von ", pdf_text(out))
        self.assertNotIn(" of ", pdf_text(out))
        self.assertEqual(viewer.get("/admin/forms/employers/results").status, 403)

        # Public results: analysts see the settings, only an owner changes them, with the session's token.
        self.assertEqual(anon.get("/results/employers").status, 404)
        analyst = self.console("analyst")
        self.assertEqual(analyst.get("/admin/forms/employers/results").status, 200)
        publish = {"questions": "org_size", "min_cell": "5", "action": "publish"}
        self.assertEqual(analyst.act("/admin/forms/employers/results", publish).status, 403)
        owner = self.console("owner")
        self.assertEqual(owner.post("/admin/forms/employers/results", publish).status, 403, "a post without CSRF")
        self.assertEqual(anon.get("/results/employers").status, 404)
        r = owner.act("/admin/forms/employers/results", dict(publish, min_cell="3"), "/admin/forms/employers/results")
        self.assertEqual(r.status, 422, r)
        r = owner.act("/admin/forms/employers/results", {"questions": "comments", "min_cell": "5", "action": "publish"},
                      "/admin/forms/employers/results")
        self.assertEqual(r.status, 422, "an open question was accepted for publication")
        r = owner.act("/admin/forms/employers/results", publish, "/admin/forms/employers/results")
        self.assertEqual(r.status, 200, r)
        pub = anon.get("/results/employers")
        self.assertEqual(pub.status, 200, pub)
        self.assertEqual(anon.get("/results").status, 200)
        # No response has been sent yet (fewer than 5): no table, as the page says (a table's hidden base
        # would be the number of responses shown above it); the question is named, its counts are not.
        self.assertNotIn("<table", pub.text)
        self.assertIn("No table is shown until the number of completed responses reaches 5.", pub.text)
        self.assertNotIn("&lt;5", pub.text)
        self.assertNotIn("Only respondent A", pub.text)
        # The same content as a printed A4 document, linked from the page, suppressed as the page is.
        self.assertIn('href="/results/employers/results.pdf"', pub.text)
        r = anon.get("/results/employers/results.pdf")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        out = self.path("public-results.pdf")
        with open(out, "wb") as f:
            f.write(r.raw)
        size = page_size(pdf_info(out))
        self.assertTrue(size and abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1, size)
        text = flat(pdf_text(out))
        self.assertIn("No table is shown until the number of completed responses reaches 5.", text)
        self.assertNotIn("<5", text)
        self.assertNotIn("Only respondent A", text)
        self.assertNotIn("Download these results", text)  # the link is for the screen only
        self.assertIn("Page 1 of 1", text)
        # In French: the page's words and the page numbers at the foot (once "Page 1 of 1" in every language).
        r = anon.get("/results/employers/results.pdf?lang=fr")
        self.assertEqual(r.status, 200, r)
        out = self.path("public-results-fr.pdf")
        with open(out, "wb") as f:
            f.write(r.raw)
        text = flat(pdf_text(out))
        self.assertIn("Aucun tableau n'est affiché", text)
        self.assertIn("Page 1 sur 1", text)
        self.assertNotIn(" of ", text)
        r = owner.act("/admin/forms/employers/results", {"questions": "org_size", "min_cell": "5", "action": "save"},
                      "/admin/forms/employers/results")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(anon.get("/results/employers").status, 404)
        self.assertEqual(anon.get("/results/employers/results.pdf").status, 404)

    # --- categories merged before suppressing ------------------------------------------------------

    def post_employers(self, sizes):
        """Employers through the JSON API, one per organisation size given (no repeat, no open text)."""
        for size in sizes:
            answers = {"country": "DE", "org_type": "company", "org_size": size, "sector": ["C"], "role": "hr_training",
                       "familiarity": "not_at_all", "mc_experience": "no"}
            r = test_e2e.Browser(self.server.base).request(
                "POST", "/api/v1/forms/employers/responses", data=json.dumps({"answers": answers}).encode(),
                headers={"Content-Type": "application/json"})
            self.assertEqual(r.status, 201, r.text[:500])

    def test_merged_categories(self):
        """The team merges micro and small organisations ("under 50") in the console: the report, its
        method section and the public results page show one category of 5 or more where both parts
        would be suppressed; the command line sets, reads and refuses the same lines."""
        self.post_employers(["micro"] * 2 + ["small"] * 3 + ["medium"] * 6)
        anon = test_e2e.Browser(self.server.base)
        self.assertIn(anon.get("/admin/report/employers/merges").status, (302, 303))
        viewer = self.console("viewer")
        self.assertEqual(viewer.get("/admin/report/employers/merges").status, 403)
        analyst = self.console("analyst")
        page = analyst.get("/admin/report/employers/merges")
        self.assertEqual(page.status, 200, page)
        self.assertIn('id="merges-none"', page.text)
        merge = [("question", "org_size"), ("choice", "micro"), ("choice", "small"), ("label", "Under 50 <people>")]
        self.assertEqual(analyst.post("/admin/report/employers/merges", merge).status, 403, "a post without CSRF")
        csrf = analyst.csrf("/admin/report/employers/merges")
        r = analyst.post("/admin/report/employers/merges", merge[:2] + [("label", "x"), ("_csrf", csrf)])
        self.assertEqual(r.status, 422, "one choice merged")
        self.assertIn("Tick two or more", r.text)
        r = analyst.post("/admin/report/employers/merges",
                         [("question", "org_size"), ("choice", "micro"), ("choice", "nope"), ("label", "x"),
                          ("_csrf", csrf)])
        self.assertEqual(r.status, 422, "a choice the question lacks")
        self.assertIn("&#39;nope&#39; is not a choice of org_size", r.text.replace("&apos;", "&#39;"))
        r = analyst.post("/admin/report/employers/merges", merge + [("_csrf", csrf)])
        self.assertEqual(r.status, 303, r)
        page = analyst.get("/admin/report/employers/merges")
        self.assertIn("are shown together as \u201cUnder 50 &lt;people&gt;\u201d", page.text)
        self.assertNotIn("<people>", page.text)

        # The report: one row "Under 50" with every micro and small respondent, said in the method.
        rep = analyst.get("/admin/report/employers")
        self.assertEqual(rep.status, 200, rep)
        self.assertIn("Merged categories.", rep.text)
        self.assertIn("Under 50 &lt;people&gt;", rep.text)
        self.assertNotIn("Fewer than 10 people (micro)</th>", rep.text)
        rep_by = analyst.get("/admin/report/employers?by=org_size")  # a cross-tab by the merged question
        self.assertEqual(rep_by.status, 200, rep_by)
        self.assertIn('<th scope="col">Under 50 &lt;people&gt;</th>', rep_by.text)

        # The public page: the merged count is shown (5 or more), its parts never were.
        owner = self.console("owner")
        r = owner.act("/admin/forms/employers/results", {"questions": "org_size", "min_cell": "5", "action": "publish"},
                      "/admin/forms/employers/results")
        self.assertEqual(r.status, 200, r)
        pub = anon.get("/results/employers")
        self.assertEqual(pub.status, 200, pub)
        m = re.search(r'<tr><th scope="row">Under 50 &lt;people&gt;</th><td class="num">(\d+)</td>', pub.text)
        self.assertTrue(m, pub.text[:3000])
        self.assertGreaterEqual(int(m.group(1)), 5)
        self.assertIn("combined into one category", pub.text)
        # The page in the form's languages (?lang=): its own words and the form's labels in French; in
        # Polish (not one of the form's) its own words in Polish, the labels in the form's English.
        fr = anon.get("/results/employers?lang=fr")
        self.assertEqual(fr.status, 200, fr)
        self.assertIn('<html lang="fr"', fr.text)
        self.assertIn("Réponses complètes", fr.text)
        self.assertIn("Combien de personnes travaillent dans votre organisation", fr.text)
        self.assertIn("\u201cMoins de 10 personnes (très petite structure)\u201d + \u201cDe 10 à 49 personnes", fr.text)
        self.assertNotIn("Respondents by answer", fr.text)
        pl = anon.get("/results/employers?lang=pl")
        self.assertIn("Ukończone odpowiedzi", pl.text)
        self.assertIn("How many people work in your organisation?", pl.text)
        # The study-wide page lists the published questionnaires and their questions; the landing page
        # links to the results once published, and not after.
        idx = anon.get("/results?lang=de")
        self.assertEqual(idx.status, 200, idx)
        self.assertIn("Veröffentlichte Ergebnisse", idx.text)
        self.assertIn('href="/results/employers?lang=de#q-org_size"', idx.text)
        self.assertIn("Wie viele Personen arbeiten in Ihrer Organisation?", idx.text)
        self.assertIn('href="/results/employers"', anon.get("/").text)
        r = owner.act("/admin/forms/employers/results", {"questions": "org_size", "min_cell": "5", "action": "save"},
                      "/admin/forms/employers/results")
        self.assertEqual(r.status, 200, r)
        self.assertNotIn('href="/results/employers"', anon.get("/").text)

        # The command line reads the stored lines, refuses bad ones by line and column, and --merge
        # gives a report its own.
        p = self.server.cli("merges", "--form", "employers")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b"org_size,Under 50 <people>,micro,small", p.stdout)
        bad = self.path("bad-merges.csv")
        with open(bad, "w") as f:
            f.write("question,label,choices\norg_size,Big,medium,lorge\n")
        p = self.server.cli("merges", "--form", "employers", "--set", bad)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"line 2, column 4: 'lorge' is not a choice of org_size", p.stderr)
        good = self.path("merges.csv")
        with open(good, "w") as f:
            f.write('org_size,"50 or more, any size",medium,large\n')
        out = self.path("merged.html")
        p = self.server.cli("report", "--form", "employers", "--merge", good, "--out", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("50 or more, any size", text)
        self.assertNotIn("Under 50", text, "--merge replaces the stored merges for that report")
        # Undone in the console: the report shows every size again.
        r = analyst.post("/admin/report/employers/merges", {"remove": "0", "_csrf": csrf})
        self.assertEqual(r.status, 303, r)
        self.assertNotIn("Under 50", analyst.get("/admin/report/employers").text)

    def upload_margins(self, member, path, filename, text):
        body, ctype = test_console.multipart({"_csrf": member.csrf(path)}, {"file": (filename, text.encode("utf-8"))})
        return member.request("POST", path, data=body, headers={"Content-Type": ctype})

    def test_study_report_weighted(self):
        """The study report in the console, weighted to margins uploaded as a CSV file: a bad file is
        refused with its line and column, margins that do not fit the responses with the line of the
        category; then the weighted study report shows weighted and unweighted side by side. The
        command line's --study --weights does the same."""
        self.post_employers(["medium", "medium"])
        analyst = self.console("analyst")
        page = "/admin/study-report/weights"
        self.assertEqual(self.console("viewer").get(page).status, 403)
        self.assertIn('href="/admin/study-report/weights"', analyst.get("/admin/report").text)
        self.assertEqual(analyst.get("/admin/study-report?weighted=1").status, 400, "weighted with no margins")
        body, ctype = test_console.multipart({}, {"file": ("m.csv", b"variable,category,population\ngroup,employers,9\n")})
        r = analyst.request("POST", page, data=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 403, "an upload without the session's token")
        r = self.upload_margins(analyst, page, "bad.csv", "variable,category,population\ngroup,employers,lots\n")
        self.assertEqual(r.status, 422, r)
        self.assertIn("bad.csv: margins: line 2, column 3: bad population count &#39;lots&#39;", r.text.replace("&apos;", "&#39;"))
        r = self.upload_margins(analyst, page, "more.csv",
                                "variable,category,population\ngroup,employers,9000\ngroup,vet_providers,100\n")
        self.assertEqual(r.status, 422, r)
        # No VET provider has answered: the group is not in the responses, said with the file's line and column.
        self.assertIn("more.csv: margins: line 3, column 2: &#39;group&#39; has no category &#39;vet_providers&#39;",
                      r.text.replace("&apos;", "&#39;"))
        r = self.upload_margins(analyst, page, "groups.csv", "\ufeffvariable,category,population\r\ngroup,employers,9000\r\n")
        self.assertEqual(r.status, 303, r)
        summary = analyst.get(page)
        self.assertIn("design effect (Kish)", summary.text)
        rep = analyst.get("/admin/study-report?weighted=1&min_cell=1")
        self.assertEqual(rep.status, 200, rep)
        self.assertIn("Weighted to population margins from the study&#39;s margins set in the console",
                      rep.text.replace("&apos;", "&#39;"))
        self.assertIn("% unweighted", rep.text)
        self.assertIn("Module: ", rep.text)
        self.assertNotIn("% unweighted", analyst.get("/admin/study-report?min_cell=1").text)
        # The command line: the same margins from a file.
        m = self.path("study-margins.csv")
        with open(m, "w") as f:
            f.write("variable,category,population\ngroup,employers,9000\n")
        out = self.path("study.html")
        p = self.server.cli("report", "--study", "--weights", m, "--min-cell", "1", "--out", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out, encoding="utf-8") as f:
            self.assertIn("Weighted to population margins from study-margins.csv", f.read())
        self.assertEqual(analyst.act(page, {"margins": ""}, from_page=page).status, 303)

    def test_zz_copy_without_chromium(self):
        """A server without Chromium serves the copy as a web page that says why (run last: it
        restarts the server)."""
        token = getattr(type(self), "a_token", None)
        if not token:
            self.skipTest("needs the response of test_copy_of_answers")
        self.server.stop()
        old = os.environ.get("MCSURVEY_CHROMIUM")
        os.environ["MCSURVEY_CHROMIUM"] = "/nonexistent/chromium"
        try:
            self.server.start()
        finally:
            if old is None:
                del os.environ["MCSURVEY_CHROMIUM"]
            else:
                os.environ["MCSURVEY_CHROMIUM"] = old
        r = test_e2e.Browser(self.server.base).get("/s/employers/r/%s/answers.pdf" % token)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("text/html"), r.header("Content-Type"))
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertIn("cannot make PDF files", r.text)
        self.assertIn("Only respondent A wrote this", r.text)
        self.assertIn("style-src 'sha256-", r.header("Content-Security-Policy"))
        self.assertNotIn("<script", r.text)


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
