#!/usr/bin/env python3
"""Correcting and deleting one contact of the address book (issue 22), end to end on a real
`mcsurvey serve` (SQLite): the owner's console page (CSRF, role, the import's checks, HTML escaping,
a conflicting address refused, audit lines) and `mcsurvey contacts edit|delete`.

Run: python3 tests/http/test_contacts_edit.py /path/to/build/mcsurvey
"""
import html
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import test_e2e  # noqa: E402
from test_console import Console  # noqa: E402
from test_e2e import Server  # noqa: E402

BINARY = None

CONTACTS = """email,name,organisation,group,country,language
ann@example.org,Ann,Org A,employers,BE,fr
bob@example.org,Bob,Org B,authorities,FR,
cli@example.org,Cli,Org C,employers,DE,de
"""


def page_contacts(text):
    """{e-mail: (name, organisation, group, country, language)} from the contacts table."""
    table = re.search(r'<table class="table" id="contacts">(.*?)</table>', text, re.S).group(1)
    out = {}
    for row in re.findall(r"<tr><td>(.*?)</td></tr>", table, re.S):
        cells = row.split("</td><td>")
        out[cells[0]] = tuple(cells[1:6])
    return out


def field(text, name):
    m = re.search(r'name="%s" autocomplete="off" value="([^"]*)"' % name, text)
    return html.unescape(m.group(1)) if m else None


class ContactsEditTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcs-contacts-edit-")
        cls.server = Server(BINARY, cls.tmp.name, extra_args=["--post-rate", "0"])
        cls.server.start()
        path = os.path.join(cls.tmp.name, "contacts.csv")
        with open(path, "w") as f:
            f.write(CONTACTS)
        r = cls.server.cli("contacts", "import", path)
        assert r.returncode == 0, r
        cls.owner = Console(cls.server.base)
        cls.owner.sign_in("admin", test_e2e.ADMIN_PASSWORD)
        r = cls.owner.act("/admin/users", {"name": "ana", "role": "analyst", "password": "password-of-ana"},
                          "/admin/users")
        assert r.status == 200, r
        cls.analyst = Console(cls.server.base)
        cls.analyst.sign_in("ana", "password-of-ana")

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.tmp.cleanup()
        assert rc == 0, "server exit code %r" % rc

    def cli(self, *args):
        return subprocess.run([BINARY] + list(args) + ["--db", self.server.db], capture_output=True, text=True,
                              timeout=60)

    def contacts(self):
        return page_contacts(self.owner.get("/admin/contacts").text)

    def edit(self, original, **fields):
        data = {"original": original, "email": original, "name": "", "organisation": "", "group": "", "country": "",
                "language": ""}
        data.update(fields)
        return self.owner.act("/admin/contacts/edit", data, "/admin/contacts/edit?email=" + original)

    def test_1_only_the_owner_with_the_forms_token(self):
        self.assertEqual(self.analyst.get("/admin/contacts/edit?email=ann@example.org").status, 403)
        r = self.analyst.act("/admin/contacts/edit", {"original": "ann@example.org", "email": "ann@example.org",
                                                       "name": "By analyst"}, "/admin/contacts")
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.analyst.act("/admin/contacts/delete", {"email": "ann@example.org"}, "/admin/contacts").status,
                         403)
        self.assertNotIn("edit-email", self.analyst.get("/admin/contacts").text)  # no correction form for analysts
        # The owner without the form's token, or with another session's.
        r = self.owner.post("/admin/contacts/edit", {"original": "ann@example.org", "email": "ann@example.org",
                                                     "name": "Forged"})
        self.assertEqual(r.status, 403, r)
        r = self.owner.post("/admin/contacts/delete", {"email": "ann@example.org", "_csrf": self.analyst.csrf()})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.contacts()["ann@example.org"], ("Ann", "Org A", "employers", "BE", "fr"))
        self.assertEqual(self.owner.get("/admin/contacts/edit?email=nobody@example.org").status, 404)

    def test_2_the_imports_checks_and_nothing_saved_on_a_problem(self):
        page = self.owner.get("/admin/contacts/edit?email=ann@Example.ORG")  # the domain compared as the import stores it
        self.assertEqual(page.status, 200, page)
        self.assertEqual(field(page.text, "name"), "Ann")
        self.assertEqual(field(page.text, "country"), "BE")
        r = self.edit("ann@example.org", email="ann@example", name="Ann", group="nobody", country="Narnia",
                      language="xx")
        self.assertEqual(r.status, 422, r)
        self.assertIn("&#39;ann@example&#39; is not an e-mail address", r.text)
        self.assertIn("the group &#39;nobody&#39; is none of", r.text)
        self.assertIn("&#39;Narnia&#39; is not a country", r.text)
        self.assertIn("the language &#39;xx&#39; is not one the study offers", r.text)
        self.assertEqual(field(r.text, "country"), "Narnia")  # what was typed comes back to be corrected
        r = self.edit("ann@example.org", name="Ann\x07")
        self.assertEqual(r.status, 422, r)
        r = self.edit("ann@example.org", email="bob@example.org", name="Ann")
        self.assertEqual(r.status, 409, r)
        self.assertIn("another contact at bob@example.org", r.text)
        self.assertEqual(self.contacts()["ann@example.org"], ("Ann", "Org A", "employers", "BE", "fr"))

    def test_3_corrected_whole_escaped_and_audited(self):
        r = self.edit("ann@example.org", email="Ann.Smith@EXAMPLE.org", name="Ann <script>alert(1)</script> Smith",
                      organisation="", group="vet_providers", country="Grèce", language="de")
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("<script>alert(1)", r.text)
        got = self.contacts()
        self.assertNotIn("ann@example.org", got)
        self.assertEqual(got["Ann.Smith@example.org"],
                         ("Ann &lt;script&gt;alert(1)&lt;/script&gt; Smith", "", "vet_providers", "GR", "de"))
        audit = self.owner.get("/admin/audit").text
        self.assertIn("contact-edit", audit)
        self.assertIn("changed: e-mail (was ann@example.org), name, organisation, group, country, language", audit)

    def test_4_deleted_and_audited(self):
        r = self.owner.act("/admin/contacts/delete", {"email": "bob@example.org"}, "/admin/contacts/edit?email=bob@example.org")
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("bob@example.org", self.contacts())
        self.assertIn("contact-delete", self.owner.get("/admin/audit").text)
        r = self.owner.act("/admin/contacts/delete", {"email": "bob@example.org"}, "/admin/contacts")
        self.assertEqual(r.status, 404, r)

    def test_5_command_line(self):
        r = self.cli("contacts", "edit", "cli@example.org", "--country", "Narnia", "--group", "nobody")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("'Narnia' is not a country", r.stderr)
        self.assertIn("the group 'nobody' is none of", r.stderr)
        r = self.cli("contacts", "edit", "cli@example.org", "--name", "Cli Corrected", "--country", "Polska",
                     "--organisation", "")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("cli@example.org: changed: name, organisation, country", r.stdout)
        self.assertEqual(self.contacts()["cli@example.org"], ("Cli Corrected", "", "employers", "PL", "de"))
        r = self.cli("contacts", "edit", "nobody@example.org", "--name", "X")
        self.assertEqual(r.returncode, 1, r)
        r = self.cli("contacts", "delete", "cli@example.org")
        self.assertEqual(r.returncode, 0, r)
        self.assertNotIn("cli@example.org", self.contacts())
        r = self.cli("contacts", "delete", "cli@example.org")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("no contact cli@example.org", r.stderr)
        audit = self.owner.get("/admin/audit").text
        self.assertIn("command line", audit)


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
