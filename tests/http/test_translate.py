"""Issue 24, done means: the `employers` questionnaire goes out for Italian as XLIFF, through a
translators' tool (Debian's translate-toolkit: xliff2po, the PO edited as a translator would,
po2xliff), back in as a draft, 100% complete, published, and an Italian respondent answers it to the
end with no English text on any page. Also: translate-toolkit reads what we write (pocount, its
XLIFF reader, for a new language and for one the form has), and a half translation cannot be
published.

Run: python3 tests/http/test_translate.py build/mcsurvey   (skipped when translate-toolkit is missing)
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
import harness  # noqa: E402
import test_e2e as e2e  # noqa: E402
import test_study_languages as study_languages  # noqa: E402  (the pages' visible text pieces)
from test_console import Console, multipart  # noqa: E402  (a signed-in team member over HTTP)

TOOLS = ("pocount", "xliff2po", "po2xliff")
# translate-toolkit is a Debian Python module: /usr/bin/python3, not the first python3 on PATH.
DEBIAN_PYTHON = "/usr/bin/python3"

# What translate-toolkit's own reader makes of a file: units, translated units, ids.
READ_XLIFF = r"""
import json, sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
units = [u for u in store.units if not u.isheader()]
print(json.dumps({"units": len(units), "translated": sum(1 for u in units if u.istranslated()),
                  "ids": [u.getid().split("\x04")[-1] for u in units], "sources": [u.source for u in units]}))
"""

# The translator: every entry gets an Italian text (keeping ${name} references), fuzzy flags go, and
# the header says the language, as Poedit or Lokalize would write it.
TRANSLATE_PO = r"""
import re, sys
from translate.storage import po
store = po.pofile.parsefile(sys.argv[1])
n = 0
for u in store.units:
    if u.isheader():
        continue
    n += 1
    refs = " ".join(re.findall(r"\$\{[^}]+\}", u.source))
    u.target = ("Testo italiano numero %d %s" % (n, refs)).strip()
    u.markfuzzy(False)
store.updateheader(add=True, Language="it")
open(sys.argv[2], "wb").write(bytes(store))
"""

# The interface's English that must not be on an Italian page (words matched whole).
INTERFACE_ENGLISH = ["Continue", "Back", "Save and continue later", "Submit your answers", "There is a problem",
                     "Skip to main content", "Check your answers", "Not answered", "min left", "Thank you",
                     "Your reference", "What happens next", "Your answers", "Page", "required", "Language",
                     "Change", "Continue later", "Error"]


def visible_text(body):
    """The page's text as a reader gets it: <title>, text nodes; scripts, styles and tags gone."""
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body)
    text = re.sub(r"(?s)<[^>]+>", " ", body)
    return " ".join(html.unescape(text).split())


class Translate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        missing = [t for t in TOOLS if not shutil.which(t)]
        if missing or not os.path.exists(DEBIAN_PYTHON):
            raise unittest.SkipTest("translate-toolkit is not installed (%s): apt-get install translate-toolkit"
                                    % ", ".join(missing))
        cls.tmp = tempfile.mkdtemp(prefix="mcs-translate-")
        cls.srv = harness.server(cls.tmp, "t")
        cls.srv.start()  # an empty database: the study is installed, published
        cls.srv.stop()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def cli(self, *args):
        r = self.srv.cli(*args)
        return r.returncode, r.stdout.decode(), r.stderr.decode()

    def toolkit_read(self, path):
        r = subprocess.run([DEBIAN_PYTHON, "-c", READ_XLIFF, path], capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return json.loads(r.stdout)

    def tool(self, *args):
        r = subprocess.run(list(args), capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, "%s: %s %s" % (args, r.stdout.decode(), r.stderr.decode()))
        return r.stdout.decode()

    def answer_employers(self, lang):
        """Answers employers to the end in `lang` (the e2e filler; typed texts "Risposta"); the pages."""
        br = e2e.Browser(self.srv.base)
        pages = []
        resp = br.get("/s/employers?lang=%s" % lang)
        self.assertEqual(resp.status, 200, resp)
        page = e2e.Page(resp)
        known = {}
        for _ in range(e2e.MAX_PAGES):
            pages.append(page.resp.text)
            action = "submit" if "submit" in page.actions else "next"
            values = {}
            if page.marker != "review":
                values = e2e.fill(page, known, {}, int(page.marker.split(".")[1]) if page.marker else -1)
                # The respondent types Italian too (the filler's own texts are English).
                values = {k: ("Risposta" if isinstance(v, str) and v.startswith(("Answer to", "Some comments"))
                              else v) for k, v in values.items()}
            r = br.post(page.action, page.form_data(values, action))
            self.assertEqual(r.status, 303, r)
            known.update(values)
            resp = br.get(e2e.path_of(r.header("Location")))
            if action == "submit":
                pages.append(resp.text)
                return pages
            page = e2e.Page(resp)
        self.fail("the questionnaire did not end")

    def test_1_toolkit_reads_what_we_write(self):
        for lang in ("fr", "it"):
            out = self.path("employers.%s.xlf" % lang)
            rc, so, se = self.cli("translate", "export", "--form", "employers", "--to", lang, "--out", out)
            self.assertEqual(rc, 0, se)
            m = re.search(r": (\d+) texts of employers version \S+, (\d+) already in", so)
            self.assertTrue(m, so)
            total, done = int(m.group(1)), int(m.group(2))
            read = self.toolkit_read(out)
            self.assertEqual(read["units"], total)
            self.assertEqual(len(set(read["ids"])), total)
            self.assertIn("survey/country/label", read["ids"])
            # French is complete in the study's questionnaires; Italian is new.
            self.assertEqual(read["translated"], done)
            self.assertEqual(done, total if lang == "fr" else 0)
            self.assertIn("Total:", self.tool("pocount", out))
            self.tool("xliff2po", "--progress=none", out, self.path("employers.%s.po" % lang))

    def test_2_italian_round_trip_publish_and_answer(self):
        xlf = self.path("it.xlf")
        rc, so, se = self.cli("translate", "export", "--form", "employers", "--to", "it", "--out", xlf)
        self.assertEqual(rc, 0, se)
        sources = [s for s in self.toolkit_read(xlf)["sources"]]
        self.tool("xliff2po", "--progress=none", xlf, self.path("it.po"))
        r = subprocess.run([DEBIAN_PYTHON, "-c", TRANSLATE_PO, self.path("it.po"), self.path("it-done.po")],
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.tool("po2xliff", "--progress=none", self.path("it-done.po"), self.path("it-done.xlf"))

        # A half-translated draft first: it cannot be published.
        half = self.path("it-half.xlf")
        with open(self.path("it-done.xlf"), encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r'<target state="translated">Testo italiano numero [0-9]*[13579](?: [^<]*)?</target>', "", text)
        with open(half, "w", encoding="utf-8") as f:
            f.write(text)
        rc, so, se = self.cli("translate", "import", half, "--form", "employers")
        self.assertEqual(rc, 0, se)
        self.assertIn("(a draft)", so)
        rc, so, se = self.cli("publish", "employers")
        self.assertEqual(rc, 1, so)
        self.assertIn("is not published", se)
        self.assertRegex(se, r"employers\.md:(survey|choices|settings):\d+:[a-z_]+::Italiano \(it\): ")

        # The whole translation: 100%, published.
        rc, so, se = self.cli("translate", "import", self.path("it-done.xlf"), "--form", "employers")
        self.assertEqual(rc, 0, se)
        self.assertIn("it now has", so)
        self.assertIn("(100%)", so)
        rc, so, se = self.cli("publish", "employers")
        self.assertEqual(rc, 0, se)

        # An Italian respondent answers to the end: no English text of the form or the interface.
        english = sorted({s for s in sources if len(s) >= 4}, key=len, reverse=True)
        self.srv.start()
        try:
            pages = self.answer_employers("it")
            self.assertGreater(len(pages), 5)
            self.assertIn("lang=\"it\"", pages[-1])
            for body in pages:
                shown = visible_text(body)
                for s in english:
                    self.assertNotIn(s, shown, "English form text on an Italian page")
                for w in INTERFACE_ENGLISH:
                    self.assertIsNone(re.search(r"\b%s\b" % re.escape(w), shown),
                                      "interface English %r on an Italian page: %s" % (w, shown[:400]))
                self.assertIn("Testo italiano", shown)
            # And no piece of text of the same pages in English (the interface's every text, not only the
            # phrases above): the same answers walk the same pages.
            en_pages = self.answer_employers("en")
            self.assertEqual(len(en_pages), len(pages))
            en_pieces = {t for b in en_pages for t in study_languages.pieces(b)}
            self.assertIn("Check your answers before sending them", en_pieces)
            typed = {"Risposta", "someone@example.org", "Italiano"}  # typed in both; the switch's own name
            left = sorted({t for b in pages for t in study_languages.pieces(b)
                           if t in en_pieces and not study_languages.same_everywhere(t, typed)})
            self.assertEqual(left, [], "English left on the Italian pages")
        finally:
            self.srv.stop()

    def test_3_console_download_upload_publish(self):
        """The console's Translations page: a viewer may not see it, an analyst downloads, the owner
        uploads (with the CSRF token; a billion-laughs file changes nothing) and publishes."""
        self.srv.start()
        try:
            owner = Console(self.srv.base)
            owner.sign_in("admin", e2e.ADMIN_PASSWORD)
            page = owner.get("/admin/forms/vet_providers/translations")
            self.assertEqual(page.status, 200, page)
            self.assertIn("French (fr)", page.text)  # as the form names it
            self.assertRegex(page.text, r"French \(fr\)</th><td class=\"num\">(\d+) of \1</td><td class=\"num\">100%")
            viewer_pw = "password-of-viewer-1"
            r = owner.act("/admin/users", {"name": "viewer1", "role": "viewer", "password": viewer_pw}, "/admin/users")
            self.assertEqual(r.status, 200, r)
            viewer = Console(self.srv.base)
            viewer.sign_in("viewer1", viewer_pw)
            self.assertEqual(viewer.get("/admin/forms/vet_providers/translations").status, 403)
            self.assertEqual(viewer.get("/admin/forms/vet_providers/translations/export?lang=pl").status, 403)

            r = owner.get("/admin/forms/vet_providers/translations/export?lang=pl")
            self.assertEqual(r.status, 200, r)
            self.assertIn('filename="vet_providers.pl.xlf"', r.header("Content-Disposition"))
            with open(self.path("pl.xlf"), "wb") as f:
                f.write(r.raw)
            read = self.toolkit_read(self.path("pl.xlf"))
            self.assertEqual(read["translated"], 0)
            counter = iter(range(1, 100000))
            done = re.sub(r"</source>", lambda m: '</source><target state="translated">Tekst %d</target>'
                          % next(counter), r.text)

            def upload(text, with_csrf=True):
                fields = {"_csrf": owner.csrf("/admin/forms/vet_providers/translations")} if with_csrf else {}
                body, ctype = multipart(fields, {"file": ("pl.xlf", text.encode("utf-8"))})
                return owner.request("POST", "/admin/forms/vet_providers/translations/import", data=body,
                                     headers={"Content-Type": ctype})

            self.assertEqual(upload(done, with_csrf=False).status, 403)
            laughs = done.replace('<?xml version="1.0" encoding="UTF-8"?>',
                                  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>')
            r = upload(laughs)
            self.assertEqual(r.status, 422, r)
            self.assertIn("document type", r.text)
            self.assertIn("Nothing was changed", r.text)
            r = upload(done)
            self.assertEqual(r.status, 200, r)
            self.assertRegex(r.text, r"Imported %d texts in Polski \(pl\) as the draft version \S+\." % read["units"])
            self.assertRegex(r.text, r"Polski \(pl\)</th><td class=\"num\">(\d+) of \1</td><td class=\"num\">100%")
            version = re.search(r"as the draft version (\S+)\.", r.text).group(1)
            self.assertNotIn("Polski", owner.get("/").text)  # a draft: not on the landing page yet
            r = owner.act("/admin/forms/vet_providers/publish", {"version": version}, "/admin/forms/vet_providers")
            self.assertEqual(r.status, 200, r)
            self.assertIn("Published version", r.text)
            landing = owner.get("/").text
            self.assertIn('<a href="/s/vet_providers?lang=pl" lang="pl" hreflang="pl">Polski</a>', landing)
            start = owner.get("/s/vet_providers?lang=pl")
            self.assertIn("Tekst", start.text)
            self.assertNotIn('dir="rtl"', start.text)

            # Arabic, the same way: its pages read right to left.
            r = owner.get("/admin/forms/vet_providers/translations/export?lang=ar")
            self.assertEqual(r.status, 200, r)
            counter = iter(range(1, 100000))
            arabic = re.sub(r"</source>", lambda m: '</source><target state="translated">\u0646\u0635 %d</target>'
                            % next(counter), r.text)
            r = upload(arabic)
            self.assertEqual(r.status, 200, r)
            version = re.search(r"as the draft version (\S+)\.", r.text).group(1)
            # The study's own texts (its title, the group's name...) have no Arabic yet: not published.
            r = owner.act("/admin/forms/vet_providers/publish", {"version": version}, "/admin/forms/vet_providers")
            self.assertEqual(r.status, 422, r)
            self.assertIn("study:texts:study_header::", r.text)
            self.assertNotIn("Published version", r.text)
            # They go out and come back through the same XLIFF workflow (console: Study texts, owner).
            self.assertEqual(viewer.get("/admin/study").status, 403)
            self.assertEqual(viewer.get("/admin/study/export?lang=ar").status, 403)
            r = owner.get("/admin/study/export?lang=ar")
            self.assertEqual(r.status, 200, r)
            self.assertIn('filename="study.ar.xlf"', r.header("Content-Disposition"))
            with open(self.path("study.ar.xlf"), "wb") as f:
                f.write(r.raw)
            read = self.toolkit_read(self.path("study.ar.xlf"))
            self.assertEqual(read["translated"], 0)
            self.assertIn("study/study_title", read["ids"])
            self.assertIn("study/group_vet_providers", read["ids"])
            counter = iter(range(1, 100000))
            study_ar = re.sub(r"</source>", lambda m: '</source><target state="translated">\u062f\u0631\u0627\u0633\u0629 %d {0}</target>'
                              % next(counter), r.text)
            fields = {"_csrf": owner.csrf("/admin/study")}
            body, ctype = multipart(fields, {"file": ("study.ar.xlf", study_ar.encode("utf-8"))})
            r = owner.request("POST", "/admin/study/import", data=body, headers={"Content-Type": ctype})
            self.assertEqual(r.status, 200, r)
            self.assertIn("Imported %d texts of the study in" % read["units"], r.text)
            r = owner.act("/admin/forms/vet_providers/publish", {"version": version}, "/admin/forms/vet_providers")
            self.assertIn("Published version", r.text)
            landing = owner.get("/?lang=ar").text
            self.assertIn("<h1>\u062f\u0631\u0627\u0633\u0629 2 {0}</h1>", landing)  # study_title is the second unit
            start = owner.get("/s/vet_providers?lang=ar")
            self.assertIn('<html lang="ar" dir="rtl">', start.text)
            self.assertIn("\u0646\u0635 ", start.text)

            # Paused: the closed page speaks the respondent's language, with the form's title in it.
            r = owner.act("/admin/forms/vet_providers/window", {"action": "pause"}, "/admin/forms/vet_providers")
            self.assertEqual(r.status, 200, r)
            closed = owner.get("/s/vet_providers?lang=pl")
            self.assertEqual(closed.status, 403, closed)
            self.assertIn('<html lang="pl">', closed.text)
            self.assertIn("Tekst 1 ", visible_text(closed.text) + " ")  # the title's unit is the first
            self.assertNotIn("This questionnaire is closed", closed.text)
        finally:
            self.srv.stop()

    def test_4_import_publish_refuses_a_language_with_missing_texts(self):
        # `import --publish` checks as `publish` and the console do: the form is kept as a draft.
        form = self.path("half_fr.md")
        with open(form, "w", encoding="utf-8") as f:
            f.write("| survey | type | name | label::English (en) | label::Français (fr) |\n"
                    "| | text | q1 | First? | Première ? |\n"
                    "| | text | q2 | Second? | |\n"
                    "| settings | form_id | form_title | form_title::Français (fr) | version |\n"
                    "| | half_fr | Half | Moitié | 1 |\n")
        rc, so, se = self.cli("import", form, "--publish")
        self.assertEqual(rc, 1, so + se)
        self.assertIn("as a draft, not published: 1 texts are missing", se)
        self.assertRegex(se, r"half_fr\.md:survey:3:label::Français \(fr\): ")
        rc, so, se = self.cli("publish", "half_fr")
        self.assertEqual(rc, 1, so)  # still a draft, still refused
        with open(form, "w", encoding="utf-8") as f:
            f.write("| survey | type | name | label::English (en) | label::Français (fr) |\n"
                    "| | text | q1 | First? | Première ? |\n"
                    "| | text | q2 | Second? | Deuxième ? |\n"
                    "| settings | form_id | form_title | form_title::Français (fr) | version |\n"
                    "| | half_fr | Half | Moitié | 2 |\n")
        rc, so, se = self.cli("import", form, "--publish")
        self.assertEqual(rc, 0, se)
        self.assertIn("imported half_fr version 2 (published)", so)


if __name__ == "__main__":
    sys.exit(harness.main())
