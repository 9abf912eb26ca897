#!/usr/bin/python3
"""Writes the hand-made .xlsx files of tests/data/xlsx/ that tests/unit/xlsx_test.cpp reads.

Run with Debian's python3 (python3-openpyxl): /usr/bin/python3 tests/data/make_xlsx.py
The outputs are committed, so the unit tests need no Python. openpyxl writes what a real spreadsheet
program writes (shared strings, styles with number formats, t="b" booleans, sparse <c r="C7">); the
XML-level corner cases (inline strings, rich text, limits) are built inside the C++ test instead.
"""
import datetime
import os
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xlsx")


def dates(path, epoch=None):
    """One column of values, each under the number format a user would pick."""
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "values"
    ws.append(["what", "value"])
    if epoch is None:
        rows = [
            ("first day", datetime.date(1900, 1, 1), "yyyy-mm-dd"),
            ("before the phantom day", datetime.date(1900, 2, 28), "yyyy-mm-dd"),
            ("after the phantom day", datetime.date(1900, 3, 1), "yyyy-mm-dd"),
        ]
    else:  # the 1904 system cannot show earlier dates
        rows = [
            ("first day", datetime.date(1904, 1, 1), "yyyy-mm-dd"),
            ("leap day", datetime.date(1904, 2, 29), "yyyy-mm-dd"),
            ("after the leap day", datetime.date(1904, 3, 1), "yyyy-mm-dd"),
        ]
    rows += [
        ("a date", datetime.date(2024, 3, 1), "d-mmm-yy"),
        ("builtin 14", datetime.date(2024, 12, 31), "mm-dd-yy"),
        ("a date-time", datetime.datetime(2024, 3, 1, 14, 30, 5), "yyyy-mm-dd h:mm:ss"),
        ("a time", datetime.time(14, 30), "h:mm"),
        ("custom with text", datetime.date(2024, 3, 1), '"on "dd/mm/yyyy'),
        ("integer", 3, "General"),
        ("integral float", 3.0, "General"),
        ("fraction", 0.1, "General"),
        ("percent", 0.25, "0%"),
        ("big", 12345678901234.0, "General"),
        ("duration", 1.5, "[h]:mm:ss"),
        ("text", "plain", "General"),
    ]
    for what, value, fmt in rows:
        ws.append([what, value])
        ws.cell(ws.max_row, 2).number_format = fmt
    wb.save(path)


def booleans(path):
    """A form whose required column holds real booleans, as Excel makes of a typed TRUE."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label", "required"])
    ws.append(["text", "q1", "Q one", True])
    ws.append(["integer", "q2", "Q two", False])
    ws.append(["integer", "q3", "Q three", 1])
    wb.save(path)


def sparse(path):
    """Blank rows above the header, gaps between cells and rows, and a broken type on row 9."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Survey"
    for col, text in zip("BCDE", ["TYPE", "Name", "label", "hint"]):
        ws[f"{col}3"] = text  # header on row 3, starting in column B
    ws["B4"], ws["C4"], ws["D4"] = "text", "q1", "Q one"
    ws["B6"], ws["C6"], ws["E6"] = "integer", "q2", "only a hint"  # no label: row 6, column D empty
    ws["G7"].number_format = "0.00"  # formatted but empty: no content
    ws["B9"], ws["C9"], ws["D9"] = "bogus", "q3", "Q three"
    ch = wb.create_sheet("CHOICES")
    ch["A1"], ch["B1"], ch["C1"] = "list_name", "name", "label"
    ch["A2"], ch["B2"], ch["C2"] = "yn", 1, "Yes"
    ch["A4"], ch["B4"], ch["C4"] = "yn", 0, "No"
    wb.save(path)


def zip_bomb(path):
    """A valid-looking .xlsx whose one sheet expands to 101 MiB of zeros (about 100 KB compressed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(101):
                f.write(chunk)


def main():
    os.makedirs(OUT, exist_ok=True)
    dates(os.path.join(OUT, "dates_1900.xlsx"))
    dates(os.path.join(OUT, "dates_1904.xlsx"), CALENDAR_MAC_1904)
    booleans(os.path.join(OUT, "booleans.xlsx"))
    sparse(os.path.join(OUT, "sparse.xlsx"))
    zip_bomb(os.path.join(OUT, "zip_bomb.xlsx"))


if __name__ == "__main__":
    main()
