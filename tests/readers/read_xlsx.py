#!/usr/bin/python3
"""Usage: read_xlsx.py FILE.xlsx OUT.json -- what openpyxl reads from a workbook, as JSON:
{"sheets": {name: [[cell, ...], ...]}}; a date or time cell becomes "datetime:ISO-8601"."""
import datetime
import json
import sys

import openpyxl


def cell(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return "datetime:" + v.isoformat()
    return v


def main():
    wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
    sheets = {ws.title: [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"sheets": sheets}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
