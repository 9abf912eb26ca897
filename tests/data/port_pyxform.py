#!/usr/bin/env python3
"""Ports pyxform's markdown test forms to mcsurvey's declarative form tests (tests/forms/pyxform_*.test).

pyxform (https://github.com/XLSForm/pyxform, BSD-2-Clause, see tests/data/pyxform/LICENSE) tests its
converter with XLSForms written as markdown tables inside Python: `self.assertPyxformXform(md=...,
errored=True, error__contains=[...])`. This script reads those test files with Python's ast module
and writes one case per call whose form is a plain string (forms built by .format() or in subTest
loops are left out and counted). Each case keeps its origin (file, class, test) and pyxform's
verdict in its title. The expected output is what mcsurvey does (`mcsurvey check`), and the script
sorts every case into:

  accepted      pyxform accepts, mcsurvey accepts
  refused       pyxform refuses, mcsurvey refuses (with a located message)
  by design     pyxform accepts; mcsurvey refuses a feature it does not support, by name ("... not supported")
  DIFFERENT     pyxform and mcsurvey disagree: a bug to fix; listed (and left out of the files)

Usage: port_pyxform.py PYXFORM_CHECKOUT MCSURVEY_BINARY OUT_DIR [test_file.py ...]
"""
import ast
import os
import subprocess
import sys
import tempfile
import textwrap

LICENCE = """pyxform's test forms, ported by tests/data/port_pyxform.py from {src}
(https://github.com/XLSForm/pyxform, commit {commit}). pyxform is BSD-2-Clause licensed:
Copyright (c) 2015, XLSForm; see tests/data/pyxform/LICENSE. Each case's title names
the pyxform test it comes from and pyxform's verdict; "refused by design" marks forms using a
feature mcsurvey does not support, refused by name. Regenerate with the script, do not hand-edit.
"""


def string_value(node, assigns):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in assigns:
        return assigns[node.id]
    return None


def calls_in(func):
    """(md, errored) for each assertPyxformXform call in a test function, None when md is built by code."""
    assigns = {}
    out = []
    in_loop = False
    for node in ast.walk(func):
        if isinstance(node, (ast.For, ast.With)) and any(
            isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "subTest" for n in ast.walk(node)
        ):
            in_loop = True
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                assigns[node.targets[0].id] = node.value.value
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "assertPyxformXform":
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            if "md" not in kw:
                out.append((None, False, "no md (ss_structure or a file)"))
                continue
            md = string_value(kw["md"], assigns)
            errored = isinstance(kw.get("errored"), ast.Constant) and kw["errored"].value is True
            if md is None:
                out.append((None, errored, "md built by code (.format, f-string)"))
            elif in_loop and "{" in md:
                out.append((None, errored, "md filled in a subTest loop"))
            else:
                out.append((md, errored, ""))
    return out


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
    src, binary, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    files = sys.argv[4:]
    commit = os.environ.get("PYXFORM_COMMIT") or subprocess.run(
        ["git", "-C", src, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    totals = {"accepted": 0, "refused": 0, "by design": 0, "DIFFERENT": 0}
    left_out = {}
    different = []
    for rel in files:
        tree = ast.parse(open(os.path.join(src, rel), encoding="utf-8").read())
        cases = []
        for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
            for func in [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test")]:
                for k, (md, errored, why) in enumerate(calls_in(func)):
                    origin = f"{rel}::{cls.name}::{func.name}" + (f"#{k + 1}" if k else "")
                    if md is None:
                        left_out[why] = left_out.get(why, 0) + 1
                        continue
                    md = textwrap.dedent(md).strip("\n")
                    md = "\n".join(line.strip() for line in md.splitlines())
                    if any(line.startswith("# ") or line == "----" for line in md.splitlines()):
                        left_out["form text clashes with the .test syntax"] = left_out.get("form text clashes with the .test syntax", 0) + 1
                        continue
                    ok, errors = check(binary, md + "\n")
                    if ok and not errored:
                        kind = "accepted"
                    elif not ok and errored:
                        kind = "refused"
                    elif not ok and any("not supported" in e for e in errors[:1]):
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
                    cases.append("\n".join(body))
        if not cases:
            continue
        name = "pyxform_" + os.path.splitext(os.path.basename(rel))[0].removeprefix("test_") + ".test"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(LICENCE.format(src=rel, commit=commit) + "\n" + "\n\n".join(cases) + "\n")
    for origin, verdict, errors in different:
        print(f"DIFFERENT {origin}: {verdict}; mcsurvey: {errors[0] if errors else 'accepts'}")
    print("cases:", totals, "left out:", left_out)
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
