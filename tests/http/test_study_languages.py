"""Issue 24, done means (b): the four study questionnaires, their e-mails and the landing page have
no English left in French and German.

A real `mcsurvey serve` on a fresh SQLite file (the built-in study, published as installed). Each of
the four questionnaires is answered to its end through the HTML pages in English, then in French and
in German, with the same answers (test_e2e's filler: the same choices, so the same pages); every piece
of visible text (text nodes, <title>, aria-label/title/alt/placeholder) of a French or German page that
is also on the English pages of that questionnaire fails, unless it is the same in every language (no
letters, a code, an address, the languages' own names, what the respondent typed) or one of the texts
listed in SAME_IN_ENGLISH below (a word the language writes as English does). The landing page the
same way. The e-mails: the study's invitation and reminder as the campaign renders them (mcsurvey's
built-in templates) are checked in tests/unit/mail_test.cpp
(Templates.EveryOfficialLanguageHasBothMessagesWithEveryPlaceholder and
Templates.StudyMailsHaveNoEnglishInFrenchAndGerman).

Run: python3 tests/http/test_study_languages.py build/mcsurvey
"""
import html.parser
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e as e2e  # noqa: E402

FORMS = ("vet_providers", "authorities", "employers", "employee_orgs")

# Texts French or German write as English does: country names, loanwords the EU texts use in that
# language (German "Microcredential", as the Council Recommendation's German text), words spelled alike.
SAME_IN_ENGLISH = {
    "fr": {"France", "Liechtenstein", "Luxembourg", "Portugal", "Türkiye", "Ukraine", "National", "Local",
           "F - Construction", "Nanodegree", "Important"},
    "de": {"Liechtenstein", "Malta", "Montenegro", "Portugal", "Türkiye", "Ukraine", "National", "Microcredential",
           "Nanodegree", "Online"},
}
# Proper names: the agency, the languages' own names in the language switch.
NAMES = {"Cedefop", "English", "Français", "Deutsch"}


class Texts(html.parser.HTMLParser):
    """The visible text pieces of a page, as page_languages_test.cpp's VisibleTexts reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for k, v in attrs:
            if k in ("aria-label", "title", "alt", "placeholder") and v and v.strip():
                self.pieces.append(" ".join(v.split()))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.pieces.append(" ".join(data.split()))


def pieces(body):
    p = Texts()
    p.feed(body)
    p.close()
    return p.pieces


def same_everywhere(text, typed):
    if not re.search(r"[^\W\d_]", text):  # no letters
        return True
    if re.fullmatch(r"[A-Z0-9][A-Z0-9 .:/_-]*", text) or text.startswith(("http://", "https://", "/")):
        return True
    return text in NAMES or text in typed


class StudyLanguages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="mcs-studylang-")
        cls.srv = harness.server(cls.tmp, "s")
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def walk(self, form, lang):
        """Answers `form` to its end in `lang`; (the pages' bodies, the texts typed)."""
        br = e2e.Browser(self.srv.base)
        resp = br.get("/s/%s?lang=%s" % (form, lang))
        self.assertEqual(resp.status, 200, resp)
        page, known, bodies, typed = e2e.Page(resp), {}, [], set()
        for _ in range(e2e.MAX_PAGES):
            bodies.append(page.resp.text)
            action = "submit" if "submit" in page.actions else "next"
            values = {}
            if page.marker != "review":
                values = e2e.fill(page, known, {}, int(page.marker.split(".")[1]) if page.marker else -1)
                for name, v in values.items():
                    if isinstance(v, str) and v and page.fields[name].kind not in ("radio", "select", "checkbox"):
                        typed.add(v)
            r = br.post(page.action, page.form_data(values, action))
            self.assertEqual(r.status, 303, r)
            known.update(values)
            resp = br.get(e2e.path_of(r.header("Location")))
            self.assertEqual(resp.status, 200, resp)
            if action == "submit":
                bodies.append(resp.text)
                return bodies, typed
            page = e2e.Page(resp)
        self.fail("%s in %s did not end" % (form, lang))

    def check(self, what, lang, bodies, english, typed=frozenset()):
        left = []
        for body in bodies:
            self.assertIn('<html lang="%s"' % lang, body, what)
            for t in pieces(body):
                if t in english and not same_everywhere(t, typed) and t not in SAME_IN_ENGLISH[lang]:
                    left.append(t)
        self.assertEqual(sorted(set(left)), [], "%s in %s: English left" % (what, lang))

    def test_questionnaires(self):
        for form in FORMS:
            en_bodies, typed = self.walk(form, "en")
            english = {t for b in en_bodies for t in pieces(b)}
            # The English walk itself shows the questionnaire and the interface (so that the
            # comparison compares pages): a question of section A, the review and the thank-you page.
            self.assertIn("Continue", english)
            self.assertIn("Check your answers before sending them", english)
            self.assertIn("Thank you: your answers have been sent", english)
            self.assertGreater(len(en_bodies), 6, form)
            for lang in ("fr", "de"):
                with self.subTest(form=form, lang=lang):
                    bodies, typed_here = self.walk(form, lang)
                    self.assertEqual(len(bodies), len(en_bodies), "%s in %s: another number of pages" % (form, lang))
                    self.check(form, lang, bodies, english, typed | typed_here)

    def test_landing_page(self):
        br = e2e.Browser(self.srv.base)
        en = br.get("/?lang=en")
        self.assertEqual(en.status, 200, en)
        english = set(pieces(en.text))
        for form in FORMS:
            self.assertIn('href="/s/%s' % form, en.text)
        for lang in ("fr", "de"):
            with self.subTest(lang=lang):
                page = br.get("/?lang=%s" % lang)
                self.assertEqual(page.status, 200, page)
                self.check("landing page", lang, [page.text], english)


if __name__ == "__main__":
    sys.exit(harness.main())
