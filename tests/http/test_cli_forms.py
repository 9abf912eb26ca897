#!/usr/bin/env python3
"""The XLSForm commands as a study team uses them (issue 4): `mcsurvey check` and `mcsurvey form`.

Run: python3 tests/http/test_cli_forms.py /path/to/build/mcsurvey

`mcsurvey form FILE --to md` writes the form back as XLSForm markdown that `mcsurvey form` reads to the
identical normalised form; `mcsurvey check` warns about a missing translation (and still succeeds),
and refuses a legacy .xls, a zip bomb and unsupported features by name, with a failing exit code.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_e2e  # noqa: E402  (exit_code: a skipped test exits 77, which ctest reports as skipped)

BINARY = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
XLSX = os.path.join(ROOT, "tests", "data", "xlsx")


def run(*args):
    p = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


class FormCommand(unittest.TestCase):
    def round_trip(self, path):
        rc, original, err = run("form", path)
        self.assertEqual(rc, 0, err)
        rc, md, err = run("form", path, "--to", "md")
        self.assertEqual(rc, 0, err)
        self.assertTrue(md.startswith("| survey |"), md[:200])
        with tempfile.TemporaryDirectory() as tmp:
            written = os.path.join(tmp, "written.md")
            with open(written, "w", encoding="utf-8") as f:
                f.write(md)
            rc, back, err = run("form", written)
            self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(back), json.loads(original))
        self.assertEqual(back, original)  # byte for byte, member order included

    def test_xlsx_to_md_and_back(self):
        self.round_trip(os.path.join(XLSX, "features.xlsx"))

    def test_study_form_to_md_and_back(self):
        self.round_trip(os.path.join(ROOT, "forms", "study", "employers.md"))

    def test_json_stays_the_default(self):
        rc, out, err = run("form", os.path.join(XLSX, "features.xlsx"))
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["id"], "features")

    def test_unknown_target_is_refused(self):
        rc, out, err = run("form", os.path.join(XLSX, "features.xlsx"), "--to", "xls")
        self.assertNotEqual(rc, 0)
        self.assertEqual(out, "")


class CheckCommand(unittest.TestCase):
    def write(self, tmp, name, text):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_missing_translation_is_a_warning(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "t.md",
                              "| survey | type | name | label::English (en) | label::German (de) |\n"
                              "| | text | a | Name | Name |\n"
                              "| | text | b | Town | |\n"
                              "| settings | default_language |\n"
                              "| | English (en) |\n")
            rc, out, err = run("check", path)
        self.assertEqual(rc, 0, err)
        self.assertEqual(err.strip(), path + ":survey:3:label::German (de): warning: 'b' has no label in German: "
                                             "the en text is shown instead")

    def test_legacy_xls_is_told_to_save_as_xlsx(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "old.xls")
            with open(path, "wb") as f:
                f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an OLE2 header, as Excel 97 writes
            rc, out, err = run("check", path)
        self.assertEqual(rc, 1)
        self.assertIn("save the form as .xlsx", err)

    def test_zip_bomb_is_refused(self):
        rc, out, err = run("check", os.path.join(XLSX, "zip_bomb.xlsx"))
        self.assertEqual(rc, 1)
        self.assertIn("zip bomb", err)

    def test_unsupported_features_are_refused_by_name(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "u.md",
                              "| survey | type | name | label |\n"
                              "| | geopoint | where | Where? |\n"
                              "| | image | photo | Photo |\n"
                              "| | select_one_from_file towns.csv | town | Town |\n"
                              "| entities | list_name | label |\n"
                              "| | trees | x |\n")
            rc, out, err = run("check", path)
        self.assertEqual(rc, 1)
        for expected in ["survey:2:type: the type 'geopoint' is not supported",
                         "survey:3:type: the type 'image' is not supported",
                         "survey:4:type: the type 'select_one_from_file towns.csv' is not supported",
                         "entities: ODK entities (the 'entities' sheet) are not supported"]:
            self.assertIn(path + ":" + expected, err)


def main():
    global BINARY
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    BINARY = os.path.abspath(sys.argv[1])
    prog = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2)
    return test_e2e.exit_code(prog.result)



class EvalCommand(unittest.TestCase):
    """`mcsurvey eval --answers` with repeats as arrays of instances (issue 19)."""

    FORM = os.path.join(ROOT, "forms", "study", "employers.md")

    def eval(self, answers, expr, form=True):
        args = ["eval", "--answers", json.dumps(answers), expr]
        if form:
            args[1:1] = ["--form", self.FORM]
        return run(*args)

    def test_repeat_instances_are_a_node_set(self):
        answers = {"mc": [{"mc_title": "A", "mc_hours": 10}, {"mc_title": "B", "mc_hours": 30}]}
        for expr, want in [
            ("count(${mc})", "2"),
            ("sum(${mc_hours})", "40"),
            ("indexed-repeat(${mc_title}, ${mc}, count(${mc}))", "B"),
            ("join('/', ${mc_title})", "A/B"),
            ("count(${mc}) mod 2 = 0", "true"),
        ]:
            rc, out, err = self.eval(answers, expr)
            self.assertEqual((rc, out.strip()), (0, want), expr + ": " + err)

    def test_a_repeat_not_given_has_no_instances(self):
        rc, out, err = self.eval({}, "concat(count(${mc}), ' ', boolean(${mc}), ' ', if(${mc}, 'some', 'none'))")
        self.assertEqual((rc, out.strip()), (0, "0 false none"), err)

    def test_without_a_form_arrays_of_objects_are_repeats(self):
        rc, out, err = self.eval({"rep": [{"x": 1}, {"x": 2}, {"x": "a"}]}, "concat(count(${rep}), '|', sum(${x}))",
                                 form=False)
        self.assertEqual((rc, out.strip()), (0, "3|3"), err)

    def test_a_repeat_question_given_outside_its_repeat_is_refused(self):
        rc, _, err = self.eval({"mc_title": "A"}, "count(${mc})")
        self.assertEqual(rc, 1)
        self.assertIn("'mc_title' is inside the repeat 'mc'", err)

class ImportAndPublish(unittest.TestCase):
    """`mcsurvey import` stores a draft and says so; `mcsurvey publish` makes it answerable (issue 22)."""

    FORM = ("| survey | type | name | label |\n|        | text | t    | T     |\n"
            "| settings | form_id | version | form_title |\n|          | cli_pilot | 1 | CLI pilot |\n")

    def test_import_lands_as_a_draft_until_published(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = test_e2e.Server(BINARY, tmp)
            path = os.path.join(tmp, "cli_pilot.md")
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.FORM)
            p = server.cli("import", path)
            out = p.stdout.decode()
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn("imported cli_pilot version 1 as a draft", out)
            self.assertIn("mcsurvey publish cli_pilot --db " + server.db, out)
            server.start()
            try:
                self.assertEqual(test_e2e.Browser(server.base).get("/s/cli_pilot").status, 404)
            finally:
                server.stop()
            p = server.cli("publish", "nope")
            self.assertEqual(p.returncode, 1)
            self.assertIn("no form 'nope'", p.stderr.decode())
            p = server.cli("publish", "cli_pilot")
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn("published cli_pilot version 1", p.stdout.decode())
            self.assertIn("is published already", server.cli("publish", "cli_pilot").stdout.decode())
            server.start()
            try:
                self.assertEqual(test_e2e.Browser(server.base).get("/s/cli_pilot").status, 200)
            finally:
                server.stop()


class FieldworkCommands(unittest.TestCase):
    """`mcsurvey archive`, `mcsurvey publish` and `mcsurvey targets` while a server runs on the same
    database: the server shows a publication or an archive within a second, without a restart (issue 22)."""

    FORM = ("| survey | type | name | label |\n|        | text | t    | T     |\n"
            "| settings | form_id | version | form_title |\n|          | cli_live | 1 | CLI live |\n")

    @staticmethod
    def until(check, seconds=5.0):
        """Polls `check` (the server rereads the database at most once a second); True once it holds."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if check():
                return True
            time.sleep(0.05)
        return check()

    def test_archive_publish_and_targets_from_the_command_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = test_e2e.Server(BINARY, tmp)
            server.start()
            try:
                web = test_e2e.Browser(server.base)
                path = os.path.join(tmp, "cli_live.md")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(self.FORM)
                self.assertEqual(server.cli("import", path).returncode, 0)
                p = server.cli("publish", "cli_live")
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertIn("a running server shows it within a second", p.stdout.decode())
                self.assertTrue(self.until(lambda: web.get("/s/cli_live").status == 200))
                self.assertIn('href="/s/cli_live"', web.get("/").text)
                # Published at its opening time: unseen until then; moving the opening time to now publishes it.
                sched = os.path.join(tmp, "cli_sched.md")
                with open(sched, "w", encoding="utf-8") as f:
                    f.write(self.FORM.replace("cli_live | 1 | CLI live", "cli_sched | 1 | CLI scheduled"))
                self.assertEqual(server.cli("import", sched).returncode, 0)
                p = server.cli("publish", "cli_sched", "--at-opening")
                self.assertEqual(p.returncode, 1)
                self.assertIn("has no opening time in the future", p.stderr.decode())
                self.assertEqual(server.cli("window", "cli_sched", "--opens", "2099-01-01T09:00").returncode, 0)
                p = server.cli("publish", "cli_sched", "--at-opening")
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertIn("will be published at its opening time, 1 January 2099 at 09:00 Central European Standard Time", p.stdout.decode())
                self.assertEqual(web.get("/s/cli_sched").status, 404)
                p = server.cli("window", "cli_sched", "--opens", "none")
                self.assertIn("cli_sched version 1 is now published now", p.stdout.decode())
                self.assertTrue(self.until(lambda: web.get("/s/cli_sched").status == 200))
                # Archive: off the landing page, no answers; --restore brings it back.
                p = server.cli("archive", "authorities")
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertTrue(self.until(lambda: "/s/authorities" not in web.get("/").text))
                self.assertEqual(web.get("/s/authorities").status, 403)
                self.assertIn("archived already", server.cli("archive", "authorities").stdout.decode())
                self.assertEqual(server.cli("archive", "nope").returncode, 1)
                self.assertEqual(server.cli("archive", "authorities", "--restore").returncode, 0)
                self.assertTrue(self.until(lambda: web.get("/s/authorities").status == 200))
                # Targets from a CSV: checked against the form's own lists, all or nothing.
                good = os.path.join(tmp, "targets.csv")
                with open(good, "w", encoding="utf-8") as f:
                    f.write("group,country,target\nemployers,BE,10\nemployers,GR,4\nemployers,FR,\n")
                p = server.cli("targets", "set", "--form", "employers", good)
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertIn("employers: 2 targets set, 14 complete responses wanted", p.stdout.decode())
                shown = server.cli("targets", "show", "--form", "employers").stdout.decode().splitlines()
                self.assertEqual(shown[0], "group,country,target,group_name,country_name")
                self.assertIn("employers,BE,10,", "\n".join(shown))
                self.assertTrue(any(line.startswith("employers,AT,,") for line in shown))
                bad = os.path.join(tmp, "bad.csv")
                with open(bad, "w", encoding="utf-8") as f:
                    f.write("group;country;target\nemployers;BE;12\nemployer;DE;3\nemployers;Greece;2\nemployers;IT;lots\n")
                p = server.cli("targets", "set", "--form", "employers", bad)
                self.assertEqual(p.returncode, 1)
                err = p.stderr.decode()
                self.assertIn(bad + ":3: 'employer' is not a group of employers", err)
                self.assertIn(bad + ":4: 'Greece' is not a country code of employers", err)
                self.assertIn(bad + ":5: the target 'lots' is not a whole number", err)
                self.assertIn("nothing was changed", err)
                self.assertIn("employers,BE,10,", server.cli("targets", "show", "--form", "employers").stdout.decode())
            finally:
                server.stop()


if __name__ == "__main__":
    sys.exit(main())
