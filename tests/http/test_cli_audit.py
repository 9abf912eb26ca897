#!/usr/bin/env python3
"""The command line's changes are audited as the console's are, by the user "command line": publishing
(now and at the opening time), writing the follow-up contacts, setting and clearing merged categories,
the study's texts and groups, archiving. Each command runs on a real SQLite file; the audit log is read
back from it (action, target, detail; the time is the command's own).

Run: python3 tests/http/test_cli_audit.py /path/to/build/mcsurvey
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BINARY = None

FORM = """\
| survey | type | name | label |
| | select_one yn | q1 | Q1 |
| choices | list_name | name | label |
| | yn | yes | Yes |
| | yn | maybe | Maybe |
| | yn | no | No |
| settings | form_id | version |
| | cliaudit | %s |
"""


class CliAuditTest(unittest.TestCase):
    def test_every_change_is_audited_as_the_command_line(self):
        tmp = tempfile.TemporaryDirectory(prefix="mcs-cli-audit-")
        self.addCleanup(tmp.cleanup)
        db = "sqlite:" + os.path.join(tmp.name, "a.db")

        def path(name, text=None):
            p = os.path.join(tmp.name, name)
            if text is not None:
                with open(p, "w") as f:
                    f.write(text)
            return p

        def cli(*args):
            r = subprocess.run([BINARY] + list(args) + ["--db", db], capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 0, r)
            return r

        cli("import", path("v1.md", FORM % "1"))
        cli("publish", "cliaudit")
        cli("import", path("v2.md", FORM % "2"))
        cli("window", "cliaudit", "--opens", "2099-01-01T00:00")
        cli("publish", "cliaudit", "--at-opening")
        cli("followups", "--form", "cliaudit", "--out", path("fu.csv"))
        cli("followups", "--form", "cliaudit", "--out", path("fu2.csv"), "--with-answers")
        cli("merges", "--form", "cliaudit", "--set", path("m.csv", "q1,Yes or maybe,yes,maybe\n"))
        cli("merges", "--form", "cliaudit", "--clear")
        cli("study", "set", "study_title", "<Cli> title", "--lang", "en")
        cli("study", "groups", "cliaudit")
        cli("archive", "cliaudit")
        with sqlite3.connect(os.path.join(tmp.name, "a.db")) as c:
            rows = c.execute("SELECT at, user_name, action, target, detail FROM audit_log ORDER BY seq").fetchall()
        self.assertEqual([r[1:] for r in rows], [
            ("command line", "form-publish", "cliaudit", "version 1"),
            ("command line", "form-publish-scheduled", "cliaudit", "version 2, at 2098-12-31T23:00:00.000Z"),
            ("command line", "followups", "cliaudit", "0 contacts"),
            ("command line", "followups", "cliaudit", "0 contacts, with their answers"),
            ("command line", "report-merges", "cliaudit", "set"),
            ("command line", "report-merges", "cliaudit", "removed"),
            ("command line", "study-texts-change", "study", "en: study_title"),
            ("command line", "study-groups-change", "study", "cliaudit"),
            ("command line", "form-archive", "cliaudit", ""),
        ])
        times = [r[0] for r in rows]
        self.assertEqual(times, sorted(times))  # each at the time of its own command
        self.assertGreater(times[0], 1700000000000)


if __name__ == "__main__":
    sys.exit(harness.main(sys.modules[__name__]))
