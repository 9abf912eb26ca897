#!/usr/bin/env python3
"""Fieldwork by e-mail (issue 22), end to end on a real `mcsurvey serve` (SQLite): the address book
imported through the console (CSV and Excel) and `mcsurvey contacts import`, refused whole when a line
is bad, countries written as names in EU languages stored as ISO codes, roles and CSRF.

Run: python3 tests/http/test_mail.py /path/to/build/mcsurvey
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e  # noqa: E402
from test_console import Console, answer_pages, multipart  # noqa: E402
from mail_sink import DEBIAN_PYTHON, start_sink  # noqa: E402
from test_e2e import Browser, Server, path_of  # noqa: E402

BINARY = None

GROUPS = ["vet_providers", "authorities", "employers", "employee_orgs"]
# The same countries as contact lists write them: codes, and names in several EU languages.
COUNTRIES = [("BE", "BE"), ("Grèce", "GR"), ("Deutschland", "DE"), ("fr", "FR"), ("Polska", "PL"),
             ("Ελλάδα", "GR"), ("Italia", "IT"), ("EL", "GR")]
LANGS = ["en", "fr", "de"]
SUBJECTS = {"en": "Your view on microcredentials: Cedefop survey",
            "fr": "Votre avis sur les microcertifications : enquête du Cedefop",
            "de": "Ihre Sicht auf Microcredentials: Umfrage des Cedefop"}

MAIL_FORM = """\
| survey | type | name | label::English (en) | label::Français (fr) | label::Deutsch (de) | required |
| | text | q1 | Your view? | Votre avis ? | Ihre Meinung? | yes |
| settings | form_id | form_title | form_title::Français (fr) | form_title::Deutsch (de) | version | default_language |
| | mail_test | Mail test | Test courriel | Mailtest | 1 | English (en) |
"""


def contacts_csv(n, start=0):
    lines = ["E-mail;Name;Organisation;Group;Country;Language"]
    for i in range(start, start + n):
        c = COUNTRIES[i % len(COUNTRIES)][0]
        lines.append("person%03d@Example.ORG;Person %d;\"Org; %d\";%s;%s;%s"
                     % (i, i, i, GROUPS[i % 4], c, LANGS[i % 3]))
    return "\r\n".join(lines) + "\r\n"


def page_contacts(text):
    """{e-mail: (name, organisation, group, country, language)} from the contacts table."""
    table = re.search(r'<table class="table" id="contacts">(.*?)</table>', text, re.S).group(1)
    out = {}
    for row in re.findall(r"<tr><td>(.*?)</td></tr>", table, re.S):
        cells = row.split("</td><td>")
        out[cells[0]] = tuple(cells[1:6])  # name .. language (the Mail column after them: test_bounces)
    return out


class MailTest(unittest.TestCase):
    state = {}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcs-mail-")
        cls.server = Server(BINARY, cls.tmp.name, extra_args=["--post-rate", "0"])
        cls.server.start()
        cls.base = cls.server.base

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        if cls.state.get("sink"):
            cls.state["sink"].stop()
        cls.tmp.cleanup()
        assert rc == 0, "server exit code %r" % rc

    def owner(self):
        if "owner" not in self.state:
            c = Console(self.base)
            c.sign_in("admin", test_e2e.ADMIN_PASSWORD)
            self.state["owner"] = c
        return self.state["owner"]

    def member(self, role):
        key = "member_" + role
        if key not in self.state:
            name, pw = "mail-" + role, "password-of-" + role
            r = self.owner().act("/admin/users", {"name": name, "role": role, "password": pw}, "/admin/users")
            self.assertIn(r.status, (200, 409), r)
            c = Console(self.base)
            c.sign_in(name, pw)
            self.state[key] = c
        return self.state[key]

    def upload(self, who, filename, data):
        body, ctype = multipart({"_csrf": who.csrf("/admin/contacts")}, {"file": (filename, data)})
        return who.request("POST", "/admin/contacts/import", data=body, headers={"Content-Type": ctype})

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def cli(self, *args):
        return subprocess.run([BINARY] + list(args) + ["--db", self.server.db], capture_output=True, text=True,
                              timeout=60)

    # -- the address book ----------------------------------------------------------------------

    def test_01_a_bad_line_refuses_the_whole_file(self):
        analyst = self.member("analyst")
        text = contacts_csv(5) + ("not-an-address;X;;employers;BE;en\r\n"
                                  "g@example.org;G;;employers;Greece2;en\r\n"
                                  "p@example.org;P;;pilot;BE;en\r\n"
                                  "<b>@example.org;<script>alert(1)</script>;;employers;BE;en\r\n")
        r = self.upload(analyst, "list.csv", text.encode())
        self.assertEqual(r.status, 422, r)
        self.assertIn("Nothing was imported: 4 lines need correcting", r.text)
        self.assertIn("Line 7: &#39;not-an-address&#39; is not an e-mail address", r.text)
        self.assertIn("Line 8: &#39;Greece2&#39; is not a country", r.text)
        self.assertIn("Line 9: the group &#39;pilot&#39; is none of", r.text)
        self.assertIn("Line 10: &#39;&lt;b&gt;@example.org&#39; is not an e-mail address", r.text)
        self.assertNotIn("<script>alert", r.text)
        self.assertEqual(page_contacts(analyst.get("/admin/contacts").text), {})

    def test_02_import_200_contacts_countries_normalised(self):
        analyst = self.member("analyst")
        r = self.upload(analyst, "list.csv", contacts_csv(200).encode())
        self.assertEqual(r.status, 200, r)
        self.assertIn("200 contacts imported: 200 new, 0 updated", r.text)
        got = page_contacts(analyst.get("/admin/contacts").text)
        self.assertEqual(len(got), 200)
        self.assertEqual(got["person001@example.org"],
                         ("Person 1", "Org; 1", "authorities", "GR", "fr"))  # Grèce -> GR, domain lower-cased
        self.assertEqual({v[3] for v in got.values()}, {"BE", "GR", "DE", "FR", "PL", "IT"})
        # Pasted text works too, and an address seen again is updated, not doubled.
        r = analyst.act("/admin/contacts/import", {"csv": "email,name,country\nperson002@EXAMPLE.org,Pers Two,Österreich\n"
                                                          "person002@example.org,,\n"}, "/admin/contacts")
        self.assertEqual(r.status, 200, r)
        self.assertIn("1 contacts imported: 0 new, 1 updated, 1 repeated addresses merged", r.text)
        got = page_contacts(analyst.get("/admin/contacts").text)
        self.assertEqual(len(got), 200)
        self.assertEqual(got["person002@example.org"], ("Pers Two", "Org; 2", "employers", "AT", "de"))

    def test_03_excel_file(self):
        path = os.path.join(self.tmp.name, "contacts.xlsx")
        script = ("import openpyxl, sys\n"
                  "wb = openpyxl.Workbook(); ws = wb.active\n"
                  "ws.append(['Name', 'Email', 'Group', 'Country', 'Language'])\n"
                  "ws.append(['Zoé Xlsx', 'zoe@example.fr', 'employee_orgs', 'Frankreich', 'fr'])\n"
                  "ws.append(['Yann', 'yann@example.fr', 'employee_orgs', 'France', 'fr'])\n"
                  "wb.save(sys.argv[1])\n")
        try:
            subprocess.run([DEBIAN_PYTHON, "-c", script, path], check=True, capture_output=True, timeout=60)
        except (OSError, subprocess.CalledProcessError) as e:
            self.skipTest("openpyxl under %s cannot write the workbook: %s" % (DEBIAN_PYTHON, e))
        with open(path, "rb") as f:
            data = f.read()
        r = self.upload(self.member("analyst"), "contacts.xlsx", data)
        self.assertEqual(r.status, 200, r)
        self.assertIn("2 contacts imported: 2 new", r.text)
        got = page_contacts(r.text)
        self.assertEqual(got["zoe@example.fr"], ("Zoé Xlsx", "", "employee_orgs", "FR", "fr"))

    def test_04_roles_and_csrf(self):
        viewer = self.member("viewer")
        self.assertEqual(viewer.get("/admin/contacts").status, 403)
        r = self.upload(viewer, "x.csv", b"email\nv@example.org\n")
        self.assertEqual(r.status, 403, r)
        analyst = self.member("analyst")
        self.assertEqual(analyst.post("/admin/contacts/import", {"csv": "email\nnocsrf@example.org\n"}).status, 403)
        body, ctype = multipart({"_csrf": "0" * 64}, {"file": ("x.csv", b"email\nforged@example.org\n")})
        r = analyst.request("POST", "/admin/contacts/import", data=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 403, r)
        got = page_contacts(analyst.get("/admin/contacts").text)
        self.assertNotIn("v@example.org", got)
        self.assertNotIn("nocsrf@example.org", got)
        self.assertNotIn("forged@example.org", got)
        self.assertIn('href="/admin/contacts"', analyst.get("/admin").text)
        self.assertNotIn('href="/admin/contacts"', viewer.get("/admin").text)

    def test_05_command_line_import(self):
        bad = os.path.join(self.tmp.name, "bad.csv")
        with open(bad, "w") as f:
            f.write("email,name,country\ncli1@example.org,A,Greece\ncli2@example,B,BE\ncli3@example.org,C,Narnia\n")
        r = self.cli("contacts", "import", bad)
        self.assertEqual(r.returncode, 1, r)
        self.assertIn(bad + ":3: 'cli2@example' is not an e-mail address", r.stderr)
        self.assertIn(bad + ":4: 'Narnia' is not a country", r.stderr)
        self.assertIn("nothing imported: 2 bad lines", r.stderr)
        good = os.path.join(self.tmp.name, "good.csv")
        with open(good, "w") as f:
            f.write("email,name,country,group\ncli1@example.org,A,Grecia,authorities\n")
        r = self.cli("contacts", "import", good)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("1 contacts imported: 1 new, 0 updated", r.stdout)
        got = page_contacts(self.member("analyst").get("/admin/contacts").text)
        self.assertEqual(got["cli1@example.org"], ("A", "", "authorities", "GR", ""))
        audit = self.owner().get("/admin/audit").text
        self.assertIn("contacts-import", audit)
        self.assertIn("contacts-import-refused", audit)
        self.assertNotIn("cli1@example.org", audit)  # counts only: no addresses in the audit log

    # -- e-mail: the relay, a test message, a campaign, opting out, reminders ------------------------

    def sink(self):
        if "sink" not in self.state:
            self.state["sink"] = start_sink(os.path.join(self.tmp.name, "mail"))
        return self.state["sink"]

    def smtp_form(self, **over):
        data = {"host": "127.0.0.1", "port": str(self.sink().port), "security": "none", "user": "", "password": "",
                "from": "survey@study.example.eu", "from_name": "Études Cedefop", "reply_to": "team@study.example.eu",
                "per_minute": "0", "public_url": self.base}
        data.update(over)
        return data

    def test_10_smtp_settings_keep_the_password_to_themselves(self):
        owner = self.owner()
        r = owner.act("/admin/mail/smtp", self.smtp_form(user="relay-user", password="s3cret-Pw!"), "/admin/mail")
        self.assertEqual(r.status, 200, r)
        page = owner.get("/admin/mail").text
        self.assertIn("A password is stored.", page)
        self.assertNotIn("s3cret-Pw!", page)
        r = owner.act("/admin/mail/smtp", self.smtp_form(host="smtp.example.eu"), "/admin/mail")
        self.assertEqual(r.status, 422, r)
        self.assertIn("without TLS (none) the relay must be on this machine", r.text)
        r = self.cli("smtp", "show")
        self.assertIn("password set", r.stdout)
        self.assertNotIn("s3cret-Pw!", r.stdout)
        # The loopback sink offers no AUTH: no user, password removed.
        r = owner.act("/admin/mail/smtp", self.smtp_form(clear_password="1"), "/admin/mail")
        self.assertEqual(r.status, 200, r)
        self.assertIn("No password is stored.", owner.get("/admin/mail").text)
        audit = owner.get("/admin/audit").text
        self.assertIn("smtp-settings", audit)
        self.assertIn("password changed", audit)
        self.assertNotIn("s3cret-Pw!", audit)
        self.assertNotIn("s3cret-Pw!", self.server.stderr_tail())
        self.assertEqual(self.member("analyst").get("/admin/mail").status, 403)

    def test_11_test_message_to_yourself(self):
        sink = self.sink()
        r = self.owner().act("/admin/mail/test", {"to": "me@example.org", "lang": "fr"}, "/admin/mail")
        self.assertEqual(r.status, 200, r)
        self.assertIn("A test message went to me@example.org", r.text)
        rcpt, msg, raw = sink.wait_for(1)[0]
        self.assertEqual(rcpt, ["me@example.org"])
        self.assertEqual(str(msg["Subject"]), SUBJECTS["fr"])
        self.assertEqual(msg["From"].addresses[0].display_name, "Études Cedefop")
        self.assertIn(b"From: =?UTF-8?B?", raw)
        self.assertEqual(msg.get_content_type(), "multipart/alternative")

    def test_12_campaign_invites_in_each_contacts_language(self):
        owner, analyst = self.owner(), self.member("analyst")
        body, ctype = multipart({"_csrf": owner.csrf("/admin/forms")}, {"file": ("mail_test.md", MAIL_FORM.encode())})
        r = owner.request("POST", "/admin/forms/upload", data=body, headers={"Content-Type": ctype})
        self.assertIn(r.status, (200, 303), r)
        r = owner.act("/admin/forms/mail_test/publish", {"version": "1"}, "/admin/forms/mail_test")
        self.assertIn(r.status, (200, 303), r)
        closes = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 30 * 3600))
        r = owner.act("/admin/forms/mail_test/window", {"action": "save", "opens": "", "closes": closes, "message": ""},
                      "/admin/forms/mail_test")
        self.assertIn(r.status, (200, 303), r)
        lines = ["email,name,group,country,language"]
        for i in range(30):
            name = "Zoë <script>alert(%d)</script>" % i if i == 0 else "Contact %d" % i
            lines.append("m%02d@example.org,\"%s\",mail_test,%s,%s" % (i, name, ["BE", "Grèce", "DE"][i % 3], LANGS[i % 3]))
        r = analyst.act("/admin/contacts/import", {"csv": "\n".join(lines) + "\n"}, "/admin/contacts")
        self.assertEqual(r.status, 200, r)
        before = len(self.sink().messages())
        r = analyst.act("/admin/campaigns/send", {"form": "mail_test", "group": "", "country": "", "emails": ""},
                        "/admin/campaigns")
        self.assertEqual(r.status, 200, r)
        self.assertIn("30 invitations queued", r.text)
        got = self.sink().wait_for(before + 30)[before:]
        by_rcpt = {}
        for rcpt, msg, raw in got:
            self.assertEqual(len(rcpt), 1)
            self.assertNotIn(rcpt[0], by_rcpt, "two invitations to %s" % rcpt[0])
            by_rcpt[rcpt[0]] = (msg, raw)
        self.assertEqual(sorted(by_rcpt), ["m%02d@example.org" % i for i in range(30)])
        ids = set()
        links = {}
        for i in range(30):
            msg, raw = by_rcpt["m%02d@example.org" % i]
            lang = LANGS[i % 3]
            self.assertEqual(str(msg["Subject"]), SUBJECTS[lang])
            self.assertEqual(msg["To"].addresses[0].addr_spec, "m%02d@example.org" % i)
            self.assertEqual(msg["Reply-To"].addresses[0].addr_spec, "team@study.example.eu")
            self.assertRegex(msg["Message-ID"], r"^<[0-9a-f]{32}@study\.example\.eu>$")
            ids.add(msg["Message-ID"])
            self.assertTrue(msg["Date"])
            self.assertRegex(msg["List-Unsubscribe"], r"^<%s/optout/[a-z0-9]+\.%s\.[0-9a-f]{32}>$" % (re.escape(self.base), lang))
            self.assertEqual(msg["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
            text = msg.get_body(("plain",)).get_content()
            html = msg.get_body(("html",)).get_content()
            link = re.search(r"(http://\S+/s/mail_test\?inv=\S+)", text).group(1)
            self.assertIn('href="%s"' % link.replace("&", "&amp;"), html)
            links[i] = link
            if i == 0:
                self.assertIn("Dear Zoë <script>alert(0)</script>,", text)
                self.assertIn("Zoë &lt;script&gt;alert(0)&lt;/script&gt;", html)
                self.assertNotIn("<script>", html)
                self.assertEqual(msg["To"].addresses[0].display_name, "Zoë <script>alert(0)</script>")
        self.assertEqual(len(ids), 30)
        # The personal link opens the questionnaire in the contact's language.
        fr = Browser(self.base).get(path_of(links[1]))
        self.assertEqual(fr.status, 200, fr)
        self.assertIn('lang="fr"', fr.text)
        self.assertIn("Votre avis ?", fr.text)
        de = Browser(self.base).get(path_of(links[2]))
        self.assertIn("Ihre Meinung?", de.text)
        self.state["links"] = links
        self.state["optout"] = {i: by_rcpt["m%02d@example.org" % i][0]["List-Unsubscribe"][1:-1] for i in (1, 2)}
        # Nobody is invited twice to one questionnaire.
        r = analyst.act("/admin/campaigns/send", {"form": "mail_test", "group": "", "country": "", "emails": ""},
                        "/admin/campaigns")
        self.assertEqual(r.status, 422, r)
        self.assertIn("no contact to invite", r.text)

    def test_13_opt_out_finish_some_and_remind_the_rest(self):
        analyst = self.member("analyst")
        # m01 opts out through the page (French: their language); m02's mail client posts RFC 8058's one-click.
        page = Browser(self.base).get(path_of(self.state["optout"][1]))
        self.assertEqual(page.status, 200, page)
        self.assertIn('lang="fr"', page.text)
        self.assertIn("Ne plus recevoir de messages", page.text)
        r = Browser(self.base).post(path_of(self.state["optout"][1]), {"List-Unsubscribe": "One-Click"})
        self.assertEqual(r.status, 200, r)
        self.assertIn("Vous ne recevrez plus de messages", r.text)
        r = Browser(self.base).request("POST", path_of(self.state["optout"][2]), data=b"List-Unsubscribe=One-Click",
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 200, r)
        forged = self.state["optout"][2][:-1] + ("0" if self.state["optout"][2][-1] != "0" else "1")
        self.assertEqual(Browser(self.base).post(path_of(forged), {}).status, 404)
        # m03..m12 answer to the end through their personal links.
        for i in range(3, 13):
            done = answer_pages(Browser(self.base), path_of(self.state["links"][i]), {"q1": "answer %d" % i})
            self.assertEqual(done.status, 200, done)
        page = analyst.get("/admin/campaigns").text
        row = re.search(r"<td>mail_test</td><td>invitation</td>.*?</tr>", page, re.S).group(0)
        # invited, sent, waiting, failed, uncertain, bounced, opted out, started, finished; rate = 10 / (30 - 2)
        self.assertEqual(re.findall(r'<td class="num">(\d+)</td>', row), ["30", "30", "0", "0", "0", "0", "2", "10", "10"])
        self.assertIn('<td class="num">36%</td>', row)
        # m13 begins (the answer is saved on the way to the review) and stops there, without sending.
        b13 = Browser(self.base)
        p = b13.get(path_of(self.state["links"][13]))
        action = re.search(r'id="mcs-page" action="([^"]+)"', p.text).group(1).replace("&amp;", "&")
        data = {"_mcs_csrf": re.search(r'name="_mcs_csrf" value="([^"]+)"', p.text).group(1),
                "_mcs_page": re.search(r'name="_mcs_page" value="([^"]+)"', p.text).group(1),
                "_mcs_action": "next", "q1": "half of thirteen"}
        self.assertEqual(b13.post(action, data).status, 303)
        before = len(self.sink().messages())
        r = analyst.act("/admin/campaigns/remind", {"form": "mail_test"}, "/admin/campaigns")
        self.assertEqual(r.status, 200, r)
        self.assertIn("18 reminders queued", r.text)
        unfinished = {"m%02d@example.org" % i for i in [0] + list(range(13, 30))}
        got = self.sink().wait_for(before + 18)[before:]
        self.assertEqual(sorted(x[0][0] for x in got), sorted(unfinished))
        for rcpt, msg, raw in got:
            self.assertIn("closes on", str(msg["Subject"])) if rcpt[0] == "m00@example.org" else None
        # The reminder's personal link brings m13, in any browser, back to the answers begun with it.
        msg13 = next(msg for rcpt, msg, raw in got if rcpt[0] == "m13@example.org")
        link = re.search(r"(http://\S+/s/mail_test\?inv=\S+)", msg13.get_body(("plain",)).get_content()).group(1)
        r = Browser(self.base).get(path_of(link))
        self.assertEqual(r.status, 303, r)
        self.assertRegex(r.header("Location"), r"/s/mail_test/r/[a-z0-9]+$")
        back = Browser(self.base).get(path_of(r.header("Location")))
        self.assertEqual(back.status, 200, back)
        self.assertIn("half of thirteen", back.text)
        # Scheduled: 2 days before closing (it closes in 30 hours, so that time has come): the server's
        # scheduler makes the reminder once, to the same people.
        r = analyst.act("/admin/campaigns/schedule", {"form": "mail_test", "days": "2, 1"}, "/admin/campaigns")
        self.assertEqual(r.status, 200, r)
        got = self.sink().wait_for(before + 36)[before + 18:]
        self.assertEqual(sorted(x[0][0] for x in got), sorted(unfinished))
        time.sleep(1.5)  # the scheduler looks every second: nothing more comes
        self.assertEqual(len(self.sink().messages()), before + 36)
        # The command line invites a list: m00 was invited to mail_test already, so only the new contact goes.
        self.assertEqual(self.cli("contacts", "import", self.write("late.csv", "email,group\nlate@example.org,mail_test\n")).returncode, 0)
        r = self.cli("campaign", "send", "--form", "mail_test", "--only", "m00@example.org,late@example.org")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("1 invitations queued, 1 invited before", r.stdout)
        got = self.sink().wait_for(before + 37)[before + 36:]
        self.assertEqual(got[0][0], ["late@example.org"])
        status = self.cli("campaign", "status")
        self.assertEqual(status.returncode, 0, status)
        self.assertRegex(status.stdout, r"reminder-mail_test-\d+-d2,mail_test,reminder,18,18,")
        audit = self.owner().get("/admin/audit").text
        for action in ["mail-sent", "mail-opt-out", "campaign-send", "campaign-remind", "campaign-schedule"]:
            self.assertIn(action, audit)
        self.assertEqual(self.member("viewer").get("/admin/campaigns").status, 403)
        self.assertEqual(analyst.post("/admin/campaigns/remind", {"form": "mail_test"}).status, 403)  # no CSRF token


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
