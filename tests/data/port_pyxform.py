#!/usr/bin/env python3
"""Ports pyxform's markdown test forms to mcsurvey's declarative form tests (tests/forms/pyxform_*.test).

pyxform (https://github.com/XLSForm/pyxform, BSD-2-Clause, see tests/data/pyxform/LICENSE) tests its
converter with XLSForms written as markdown tables inside Python: `self.assertPyxformXform(md=...,
errored=True, error__contains=[...])`. This script runs those tests with that method replaced by a
recorder (pyxform's dependencies mocked: nothing of pyxform runs but the tests' own code), so it
takes each form as the test builds it, subTest loops and .format() included, and writes one case
per distinct form. Each case keeps its origin (file, class, test, #k for a test's k-th form) and
pyxform's verdict in its title. The expected output is what mcsurvey does (`mcsurvey check`), and the script
sorts every case into:

  accepted      pyxform accepts, mcsurvey accepts
  refused       pyxform refuses, mcsurvey refuses (with a located message)
  by design     pyxform accepts; mcsurvey refuses a feature it does not support, by name ("... not supported")
  DIFFERENT     pyxform and mcsurvey disagree: listed, and left out of the files (say why in the note)

Usage: port_pyxform.py PYXFORM_CHECKOUT MCSURVEY_BINARY OUT_DIR [test_file.py ...]
"""
import importlib.abc
import importlib.machinery
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import types
import unittest
from unittest import mock

LICENCE = """pyxform's test forms, ported by tests/data/port_pyxform.py from {src}
(https://github.com/XLSForm/pyxform, commit {commit}). pyxform is BSD-2-Clause licensed:
Copyright (c) 2015, XLSForm; see tests/data/pyxform/LICENSE. Each case's title names
the pyxform test it comes from and pyxform's verdict; "refused by design" marks forms using a
feature mcsurvey does not support, refused by name. Regenerate with the script, do not hand-edit.
"""

# pyxform's dependencies are not needed to read its tests' forms: they are stood in for by mocks.
STUBS = {"lxml", "lark", "openpyxl", "xlrd", "defusedxml", "formencode", "psutil"}


class _StubLoader(importlib.abc.Loader):
    def create_module(self, spec):
        m = mock.MagicMock(name=spec.name)
        m.__path__, m.__spec__, m.__name__ = [], spec, spec.name
        return m

    def exec_module(self, module):
        pass


class _StubFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in STUBS:
            return importlib.machinery.ModuleSpec(name, _StubLoader(), is_package=True)
        return None


def capture(src, modules, out_path):
    """Runs pyxform's tests with assertPyxformXform replaced by a recorder of the forms it is given
    (so forms built by .format() and in subTest loops are taken as the tests build them)."""
    sys.meta_path.insert(0, _StubFinder())
    sys.path.insert(0, src)
    records = []

    class PyxformTestCase(unittest.TestCase):
        def assertPyxformXform(self, **kw):  # noqa: N802 (pyxform's name)
            md = kw.get("md")
            errored = bool(kw.get("errored")) or "odk_validate_error__contains" in kw
            records.append({"test": self.id(), "md": md if isinstance(md, str) else None, "errored": errored})

    ptc = types.ModuleType("tests.pyxform_test_case")
    ptc.PyxformTestCase = PyxformTestCase
    ptc.PyxformTestError = type("PyxformTestError", (Exception,), {})
    import tests  # pyxform's tests package

    sys.modules["tests.pyxform_test_case"] = ptc
    tests.pyxform_test_case = ptc
    sys.argv = [sys.argv[0]]  # a test that runs pyxform's command line must not see ours
    for mod in modules:
        suite = unittest.defaultTestLoader.loadTestsFromName(mod)
        with open(os.devnull, "w") as null:
            unittest.TextTestRunner(stream=null, verbosity=0).run(suite)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(records, f)


def check(binary, md):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "test.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(md)
        p = subprocess.run([binary, "check", path], capture_output=True, text=True)
        lines = []
        for line in (p.stdout + p.stderr).splitlines():
            if not line.startswith(path + ":") or ": warning: " in line:
                continue
            lines.append(line[len(path) + 1:])
        return p.returncode == 0, lines


def main():
    if sys.argv[1] == "--capture":
        capture(sys.argv[2], sys.argv[4:], sys.argv[3])
        return 0
    src, binary, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    files = sys.argv[4:]
    commit = os.environ.get("PYXFORM_COMMIT") or subprocess.run(
        ["git", "-C", src, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    modules = [f[:-3].replace("/", ".") for f in files]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "records.json")
        subprocess.run([sys.executable, os.path.abspath(__file__), "--capture", src, path] + modules,
                       cwd=src, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, PYTHONHASHSEED="0"))  # tests looping over sets: one order
        records = json.load(open(path, encoding="utf-8"))
    totals = {"accepted": 0, "refused": 0, "by design": 0, "DIFFERENT": 0}
    left_out = {}
    different = []
    by_file = {}
    seen = set()
    counter = {}
    for rec in records:
        module, cls, test = rec["test"].rsplit(".", 2)
        rel = module.replace(".", "/") + ".py"
        k = counter[rec["test"]] = counter.get(rec["test"], 0) + 1
        origin = f"{rel}::{cls}::{test}" + (f"#{k}" if k > 1 else "")
        if rec["md"] is None:
            left_out["no md (ss_structure or a file)"] = left_out.get("no md (ss_structure or a file)", 0) + 1
            continue
        md = textwrap.dedent(rec["md"]).strip("\n")
        md = "\n".join(line.strip() for line in md.splitlines())
        if (md, rec["errored"]) in seen:
            left_out["the same form as an earlier case"] = left_out.get("the same form as an earlier case", 0) + 1
            continue
        seen.add((md, rec["errored"]))
        if any(line.startswith("# ") or line == "----" for line in md.splitlines()):
            left_out["form text clashes with the .test syntax"] = left_out.get("form text clashes with the .test syntax", 0) + 1
            continue
        errored = rec["errored"]
        ok, errors = check(binary, md + "\n")
        if ok and not errored:
            kind = "accepted"
        elif not ok and errored:
            kind = "refused"
        elif not ok and any("not supported" in e or "only supported" in e for e in errors[:1]):
            kind = "by design"
        else:
            kind = "DIFFERENT"
            different.append((origin, "pyxform " + ("refuses" if errored else "accepts"), errors[:1]))
        totals[kind] += 1
        if kind == "DIFFERENT":
            continue  # not written: a case must pass; listed for the note instead
        verdict = "pyxform refuses" if errored else "pyxform accepts"
        title = f"# {origin} ({verdict}" + ("; refused by design" if kind == "by design" else "") + ")"
        body = [title, "form", md, "----"]
        if not ok:
            body += ["form error", "----"] + errors
        by_file.setdefault(rel, []).append("\n".join(body))
    for rel, cases in by_file.items():
        name = "pyxform_" + os.path.splitext(os.path.basename(rel))[0].removeprefix("test_") + ".test"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(LICENCE.format(src=rel, commit=commit) + "\n" + "\n\n".join(cases) + "\n")
    for origin, verdict, errors in different:
        print(f"DIFFERENT {origin}: {verdict}; mcsurvey: {errors[0] if errors else 'accepts'}")
    print("cases:", totals, "left out:", left_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
