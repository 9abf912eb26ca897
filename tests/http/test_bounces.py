#!/usr/bin/env python3
"""Bounces (issue 22), end to end with real parts: a real `mcsurvey serve` (SQLite) sends a campaign
through a real SMTP server (aiosmtpd, tests/http/smtp_sink.py), each message with its own VERP
envelope sender; delivery status notifications as Postfix and Exim write them (tests/data/bounces,
addressed to those VERP addresses) are put in the Maildir of a real IMAP server (dovecot-imapd,
tests/http/imap_server.py); the server's reader finds them, marks the contacts bounced, and
reminders skip them. A second pass changes nothing.

Skips (exit 77) only when dovecot or aiosmtpd is missing.
Run: python3 tests/http/test_bounces.py /path/to/build/mcsurvey
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
from imap_server import ImapServer  # noqa: E402
from test_console import Console  # noqa: E402
from test_e2e import Server  # noqa: E402
from mail_sink import start_sink  # noqa: E402

BINARY = None
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "bounces")
BOUNCE_ADDRESS = "bounces@study.example.eu"
VERP = re.compile(r"^bounces\+([a-z0-9]+-[0-9a-f]{16})@study\.example\.eu$")

FORM = """\
| survey | type | name | label | required |
| | text | q1 | Your view? | yes |
| settings | form_id | form_title | version |
| | bounce_test | Bounce test | 1 |
"""


def fixture(name, verp, rcpt):
    """A DSN of tests/data/bounces addressed to `verp`, about `rcpt`."""
    with open(os.path.join(FIXTURES, name), "rb") as f:
        raw = f.read()
    return raw.replace(b"bounces+TOKEN@example.org", verp.encode()).replace(b"rcpt@example.net", rcpt.encode())


class BounceTest(unittest.TestCase):
    state = {}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mcs-bounce-")
        os.chmod(cls.tmp.name, 0o755)
        try:
            cls.imap = ImapServer(os.path.join(cls.tmp.name, "imap"))
        except FileNotFoundError as e:
            cls.tmp.cleanup()
            raise unittest.SkipTest(str(e))
        try:
            cls.sink = start_sink(os.path.join(cls.tmp.name, "mail"))
        except unittest.SkipTest:
            cls.imap.stop()
            cls.tmp.cleanup()
            raise
        cls.server = Server(BINARY, cls.tmp.name, extra_args=["--post-rate", "0"])
        cls.server.start()
        cls.base = cls.server.base
        cls.owner = Console(cls.base)
        cls.owner.sign_in("admin", test_e2e.ADMIN_PASSWORD)

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.sink.stop()
        cls.imap.stop()
        cls.tmp.cleanup()
        assert rc == 0, "server exit code %r" % rc

    def cli(self, *args, stdin=None):
        return subprocess.run([BINARY] + list(args) + ["--db", self.server.db], input=stdin, capture_output=True,
                              text=True, timeout=60)

    def envelopes(self):
        """[(MAIL FROM, RCPT TO)] of every message the SMTP server accepted, in arrival order."""
        out = []
        for path in sorted(p for p in os.listdir(self.sink.dir) if p.endswith(".env")):
            with open(os.path.join(self.sink.dir, path)) as f:
                mail_from, rcpt = f.read().split("\n")
            out.append((mail_from, rcpt))
        return out

    def campaign_rows(self):
        """[(kind, [invited, sent, waiting, failed, uncertain, bounced, opted out, started, finished])]."""
        page = self.owner.get("/admin/campaigns").text
        out = []
        for kind, row in re.findall(r"<td>bounce_test</td><td>(invitation|reminder)</td>(.*?)</tr>", page, re.S):
            out.append((kind, [int(x) for x in re.findall(r'<td class="num">(\d+)</td>', row)]))
        return out

    def mail_column(self):
        """{e-mail: the contacts table's Mail cell}."""
        page = self.owner.get("/admin/contacts").text
        table = re.search(r'<table class="table" id="contacts">(.*?)</table>', page, re.S).group(1)
        return {cells[0]: cells[-1] for cells in
                (row.split("</td><td>") for row in re.findall(r"<tr><td>(.*?)</td></tr>", table, re.S))}

    def test_01_each_message_leaves_with_its_own_envelope_sender(self):
        owner = self.owner
        r = owner.upload("bounce_test.md", FORM)
        self.assertIn(r.status, (200, 303), r)
        r = owner.act("/admin/forms/bounce_test/publish", {"version": "1"}, "/admin/forms/bounce_test")
        self.assertIn(r.status, (200, 303), r)
        closes = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 30 * 3600))
        r = owner.act("/admin/forms/bounce_test/window", {"action": "save", "opens": "", "closes": closes, "message": ""},
                      "/admin/forms/bounce_test")
        self.assertIn(r.status, (200, 303), r)
        r = owner.act("/admin/mail/smtp", {"host": "127.0.0.1", "port": str(self.sink.port), "security": "none",
                                           "user": "", "password": "", "from": "survey@study.example.eu",
                                           "from_name": "Study", "reply_to": "", "per_minute": "0",
                                           "public_url": self.base}, "/admin/mail")
        self.assertEqual(r.status, 200, r)
        csv = "email,name,group\n" + "".join("person%02d@example.org,B %d,bounce_test\n" % (i, i) for i in range(6))
        r = owner.act("/admin/contacts/import", {"csv": csv}, "/admin/contacts")
        self.assertEqual(r.status, 200, r)
        # Without a bounce address: the sender address, as before.
        r = self.cli("campaign", "send", "--form", "bounce_test", "--only", "person05@example.org")
        self.assertEqual(r.returncode, 0, r)
        self.sink.wait_for(1)
        self.assertEqual(self.envelopes(), [("survey@study.example.eu", "person05@example.org")])
        # A bounce address: refused with a '+' of its own or not an address; saved, audited.
        r = owner.act("/admin/bounces/address", {"bounce_address": "bounces+x@study.example.eu"}, "/admin/bounces")
        self.assertEqual(r.status, 422, r)
        self.assertIn("must not hold a &#39;+&#39;", r.text)
        r = self.cli("smtp", "set", "--bounce-address", "<b>@x")
        self.assertEqual(r.returncode, 1, r)
        r = self.cli("smtp", "set", "--bounce-address", BOUNCE_ADDRESS)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("bounce address " + BOUNCE_ADDRESS, self.cli("smtp", "show").stdout)
        r = owner.act("/admin/bounces/address", {"bounce_address": BOUNCE_ADDRESS}, "/admin/bounces")
        self.assertEqual(r.status, 200, r)
        r = owner.act("/admin/campaigns/send", {"form": "bounce_test", "group": "", "country": "", "emails": ""},
                      "/admin/campaigns")
        self.assertEqual(r.status, 200, r)
        self.assertIn("5 invitations queued", r.text)
        self.sink.wait_for(6)
        verp = {}
        for mail_from, rcpt in self.envelopes()[1:]:
            m = VERP.match(mail_from)
            self.assertTrue(m, mail_from)
            # No personal data in the token (the local parts are not hex digits, so a random token cannot
            # hold one by chance: with b00..b05 one run in a few dozen failed here).
            self.assertNotIn(rcpt.split("@")[0], m.group(1))
            self.assertNotIn("example", m.group(1))
            verp[rcpt] = mail_from
        self.assertEqual(sorted(verp), ["person%02d@example.org" % i for i in range(5)])
        self.assertEqual(len(set(verp.values())), 5)
        self.state["verp"] = verp

    def test_02_the_reader_marks_bounced_contacts(self):
        verp = self.state["verp"]
        imap = self.imap
        imap.deliver("1.hard", fixture("postfix_hard_5.1.1.eml", verp["person00@example.org"], "person00@example.org"))
        imap.deliver("2.soft", fixture("exim_soft_4.2.2.eml", verp["person01@example.org"], "person01@example.org"))
        imap.deliver("3.autoreply", fixture("autoreply.eml", verp["person02@example.org"], "person02@example.org"))
        imap.deliver("4.hostile", fixture("hostile_injection.eml", verp["person03@example.org"], "person03@example.org"))
        imap.deliver("5.delivered", fixture("delivered_2.0.0.eml", verp["person04@example.org"], "person04@example.org"))
        # A forged token about an address the study never mailed: matches nobody.
        imap.deliver("6.forged", fixture("postfix_hard_5.1.1.eml", "bounces+aaaa-0123456789abcdef@study.example.eu",
                                         "stranger@example.org"))
        owner = self.owner
        r = owner.act("/admin/bounces/mailbox", {"host": "imap.example.eu", "port": "143", "security": "none",
                                                 "user": ImapServer.USER, "password": "x", "mailbox": "INBOX",
                                                 "interval": "60"}, "/admin/bounces")
        self.assertEqual(r.status, 422, r)
        self.assertIn("without TLS (none) the IMAP server must be on this machine", r.text)
        r = owner.act("/admin/bounces/mailbox", {"host": "127.0.0.1", "port": str(imap.port), "security": "none",
                                                 "user": ImapServer.USER, "password": ImapServer.PASSWORD,
                                                 "mailbox": "INBOX", "interval": "86400"}, "/admin/bounces")
        self.assertEqual(r.status, 200, r)
        # (A day between readings: the passes after this one are the command line's, so that what each
        # finds is known.)
        # The server's own reader (every node runs one) reads the mailbox once it is set.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            page = owner.get("/admin/bounces").text
            if "Last reading" in page:
                break
            time.sleep(0.2)
        self.assertIn("6 read: 2 hard bounces, 1 soft bounces, 2 addresses blocked, 2 not delivery reports "
                      "(left in the mailbox), 1 about nobody mailed (left), 0 recorded before", page)
        self.assertNotIn(ImapServer.PASSWORD, page)
        self.assertIn("A password is stored", page)
        self.assertNotIn("<script>alert(1)", page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)
        # The mailbox: DSNs acted on are gone; the rest stays for people, marked so no pass reads it again.
        left = imap.messages()
        self.assertEqual(sorted(left), ["3.autoreply", "5.delivered", "6.forged"])
        self.assertEqual(imap.keywords(), {"a": "McsurveyIgnored"})
        self.assertTrue(all("a" in flags for flags in left.values()), left)
        mail = self.mail_column()
        self.assertRegex(mail["person00@example.org"], r"^<strong>bounced</strong> 5\.1\.1, .*2\d\d\d.*: smtp; 550 5\.1\.1 "
                         r"&lt;person00@example\.org&gt;: Recipient address rejected: User unknown")
        self.assertIn("<strong>bounced</strong> 5.7.1", mail["person03@example.org"])
        self.assertIn("&lt;script&gt;", mail["person03@example.org"])
        self.assertRegex(mail["person01@example.org"], r"^temporary bounce 4\.2\.2, ")
        self.assertEqual(mail["person02@example.org"], "")
        self.assertEqual(mail["person04@example.org"], "")
        # The campaign page's bounced count; they leave the response-rate base.
        rows = dict((tuple(v[:1]), v) for k, v in self.campaign_rows() if k == "invitation")
        self.assertEqual(rows[(5,)][:6], [5, 5, 0, 0, 0, 2])
        audit = owner.get("/admin/audit").text
        self.assertEqual(audit.count("mail-bounce<"), 3, audit)
        self.assertIn("hard bounce 5.1.1 of campaign", audit)
        self.assertIn("the address is not mailed again", audit)
        self.assertIn("bounces-read", audit)
        self.assertIn("bounce-settings", audit)
        self.assertNotIn(ImapServer.PASSWORD, audit)
        self.assertNotIn(ImapServer.PASSWORD, self.server.stderr_tail(20000))

    def test_03_reminders_skip_bounced_contacts(self):
        before = len(self.sink.messages())
        r = self.owner.act("/admin/campaigns/remind", {"form": "bounce_test"}, "/admin/campaigns")
        self.assertEqual(r.status, 200, r)
        self.assertIn("4 reminders queued", r.text)
        got = self.sink.wait_for(before + 4)[before:]
        self.assertEqual(sorted(x[0][0] for x in got),
                         ["person01@example.org", "person02@example.org", "person04@example.org", "person05@example.org"])
        time.sleep(0.5)
        self.assertEqual(len(self.sink.messages()), before + 4)

    def test_04_a_second_pass_changes_nothing(self):
        audit_before = self.owner.get("/admin/audit").text.count("mail-bounce<")
        rows_before = self.campaign_rows()
        r = self.cli("bounces", "fetch")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("0 read: 0 hard bounces", r.stdout)
        # The same report again (a second copy, or another node reading it first): recorded before,
        # deleted, nothing else changes.
        self.imap.deliver("7.again", fixture("postfix_hard_5.1.1.eml", self.state["verp"]["person00@example.org"],
                                             "person00@example.org"))
        r = self.cli("bounces", "fetch")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("1 read: 0 hard bounces, 0 soft bounces, 0 addresses blocked, 0 not delivery reports "
                      "(left in the mailbox), 0 about nobody mailed (left), 1 recorded before", r.stdout)
        self.assertNotIn("7.again", self.imap.messages())
        self.assertEqual(self.campaign_rows(), rows_before)
        self.assertEqual(self.owner.get("/admin/audit").text.count("mail-bounce<"), audit_before)

    def test_05_soft_bounces_for_three_messages_block_the_address(self):
        # b01 bounced softly for its invitation; its reminder bounces softly too: still mailed.
        b01 = [mf for mf, rcpt in self.envelopes() if rcpt == "person01@example.org"]
        self.assertEqual(len(b01), 2)
        self.imap.deliver("8.soft", fixture("postfix_delayed_4.4.1.eml", b01[1], "person01@example.org"))
        r = self.cli("bounces", "fetch")
        self.assertIn("1 read: 0 hard bounces, 1 soft bounces, 0 addresses blocked", r.stdout)
        self.assertRegex(self.mail_column()["person01@example.org"], r"^temporary bounce 4\.4\.1")
        before = len(self.sink.messages())
        r = self.owner.act("/admin/campaigns/remind", {"form": "bounce_test"}, "/admin/campaigns")
        self.assertIn("4 reminders queued", r.text)
        self.sink.wait_for(before + 4)
        b01 = [mf for mf, rcpt in self.envelopes() if rcpt == "person01@example.org"]
        self.assertEqual(len(set(b01)), 3)
        self.imap.deliver("9.soft", fixture("exim_soft_4.2.2.eml", b01[2], "person01@example.org"))
        r = self.cli("bounces", "fetch")
        self.assertIn("1 read: 0 hard bounces, 1 soft bounces, 1 addresses blocked", r.stdout)
        self.assertIn("<strong>bounced</strong> 4.2.2", self.mail_column()["person01@example.org"])
        r = self.owner.act("/admin/campaigns/remind", {"form": "bounce_test"}, "/admin/campaigns")
        self.assertIn("3 reminders queued", r.text)

    def test_06_settings_from_the_command_line_roles_and_csrf(self):
        r = self.cli("bounces", "set", "--host", "imap.example.eu", "--security", "none")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("must be on this machine", r.stderr)
        r = self.cli("bounces", "set", "--interval", "120", "--password-stdin", stdin=ImapServer.PASSWORD + "\n")
        self.assertEqual(r.returncode, 0, r)
        self.assertNotIn(ImapServer.PASSWORD, r.stdout)
        r = self.cli("bounces", "show")
        self.assertIn("every 120 s; password set", r.stdout)
        self.assertIn("last pass ", r.stdout)
        self.assertNotIn(ImapServer.PASSWORD, r.stdout)
        r = self.owner.act("/admin/users", {"name": "bounce-analyst", "role": "analyst", "password": "password-of-a"},
                           "/admin/users")
        self.assertIn(r.status, (200, 303), r)
        analyst = Console(self.base)
        analyst.sign_in("bounce-analyst", "password-of-a")
        self.assertEqual(analyst.get("/admin/bounces").status, 403)
        self.assertNotIn('href="/admin/bounces"', analyst.get("/admin").text)
        self.assertEqual(self.owner.post("/admin/bounces/fetch", {}).status, 403)  # no CSRF token
        self.assertEqual(self.owner.post("/admin/bounces/address", {"bounce_address": ""}).status, 403)
        self.assertIn(BOUNCE_ADDRESS, self.owner.get("/admin/bounces").text)

    def test_07_a_report_without_our_token_blocks_nobody(self):
        """The bounce address is public (every invitee sees it as the envelope sender): a report that
        reaches it without a token we signed, forged or plain, names an invited address in vain. With
        VERP in use every real report carries its message's token; one without is left for people."""
        self.assertEqual(self.mail_column()["person05@example.org"], "")
        self.imap.deliver("10.forged-invitee", fixture("postfix_hard_5.1.1.eml",
                                                       "bounces+aaaa-0123456789abcdef@study.example.eu",
                                                       "person05@example.org"))
        self.imap.deliver("11.plain-invitee", fixture("postfix_hard_5.1.1.eml", BOUNCE_ADDRESS, "person05@example.org"))
        r = self.cli("bounces", "fetch")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("2 read: 0 hard bounces, 0 soft bounces, 0 addresses blocked, 0 not delivery reports "
                      "(left in the mailbox), 2 about nobody mailed (left)", r.stdout)
        self.assertEqual(self.mail_column()["person05@example.org"], "")
        self.assertIn("10.forged-invitee", self.imap.messages())


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
