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


def read_md_form(path):
    """The sheets of an XLSForm .md file, as tests/unit reads them: {sheet: [header, row, ...]}."""
    sheets, current = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells, cur, i = [], "", 1
        while i < len(line):
            c = line[i]
            if c == "\\" and i + 1 < len(line) and line[i + 1] in "|\\nr":
                cur += {"n": "\n", "r": "\r"}.get(line[i + 1], line[i + 1])
                i += 2
                continue
            if c == "|":
                cells.append(cur.strip())
                cur = ""
            else:
                cur += c
            i += 1
        if cells and cells[0]:
            current = cells[0]
            sheets[current] = [cells[1:]] if any(cells[1:]) else []
        elif current is not None and any(cells[1:]):
            sheets[current].append(cells[1:])
    return sheets


def as_excel_value(text):
    """What Excel stores when the text is typed into a cell: whole numbers become numbers."""
    if text.isdigit() and len(text) < 15 and (text == "0" or not text.startswith("0")):
        return int(text)
    return text


def study_form(md_path, path):
    """A study questionnaire (forms/study/*.md) as a team would keep it in Excel."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in read_md_form(md_path).items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([as_excel_value(c) if c else None for c in r])
    wb.save(path)


def features(path):
    """One form with every XLSForm feature mcsurvey reads, typed as Excel users type it: booleans,
    numbers as choice names and version, line breaks (Alt+Enter) and pipes in labels."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)",
               "hint::Français (fr)", "required", "required_message::English (en)", "relevant", "constraint",
               "constraint_message::English (en)", "constraint_message::Français (fr)", "calculation",
               "choice_filter", "appearance", "parameters", "repeat_count", "default", "personal"])
    def q(type_, name, en=None, fr=None, **kw):
        cols = ["hint_en", "hint_fr", "required", "required_message_en", "relevant", "constraint",
                "constraint_message_en", "constraint_message_fr", "calculation", "choice_filter", "appearance",
                "parameters", "repeat_count", "default", "personal"]
        ws.append([type_, name, en, fr] + [kw.get(c) for c in cols])
    q("start", "started")
    q("end", "ended")
    q("today", "day")
    q("begin_group", "intro", "Introduction", "Introduction", appearance="field-list")
    q("note", "welcome", "Welcome!\nThis survey has two parts | both short.", "Bienvenue !\nDeux parties.")
    q("acknowledge", "consent", "I agree to take part", "J'accepte de participer", required=True)
    q("end_group", "intro")
    q("begin group", "about", "About you", "À propos de vous", appearance="field-list")
    q("select_one country or_other", "country", "Country?", "Pays ?", required="yes",
      required_message_en="Please choose", appearance="minimal")
    q("select_one region", "region", "Region?", "Région ?", choice_filter="country = ${country}",
      relevant="${country} != 'other'")
    q("integer", "age", "Age", "Âge", hint_en="In years", constraint=". >= 16 and . <= 99",
      constraint_message_en="From 16 to 99", constraint_message_fr="De 16 à 99")
    q("text", "postcode", "Postcode", "Code postal", constraint="regex(., '^\\d{4,5}$')")
    q("decimal", "income", "Monthly income", "Revenu mensuel", required="${age} >= 18")
    q("date", "born", "Date of birth", "Date de naissance", default="2000-01-01")
    q("time", "wake", "When do you get up?", "Heure du lever")
    q("dateTime", "seen", "Last seen", "Vu pour la dernière fois")
    q("range", "satisfaction", "Satisfaction", "Satisfaction", parameters="start=0 end=10 step=1",
      appearance="horizontal")
    q("range", "share", "Share", "Part", parameters="start=0;end=1;step=0.25")
    q("calculate", "seed_q", calculation="once(random())")
    q("rank prio", "priorities", "Put these in order", "Classez", parameters="randomize=true")
    q("select_multiple langs or_other", "langs", "Languages you speak", "Langues parlées",
      parameters="randomize=true seed=${seed_q}")
    q("hidden", "source", default="web")
    q("calculate", "age_next", calculation="${age} + 1")
    q("text", "email", "Your e-mail", "Votre courriel", appearance="multiline", personal="yes")
    q("end group", "about")
    q("begin_group", "scales", "How far do you agree?", "Êtes-vous d'accord ?", appearance="table-list")
    for i, (en, fr) in enumerate([("Work is fun", "Le travail est amusant"), ("Pay is fair", "Le salaire est juste")]):
        q("select_one agree", f"s{i + 1}", en, fr, appearance="likert")
    q("end_group", "scales")
    q("integer", "njobs", "How many jobs?", "Combien d'emplois ?")
    q("begin_repeat", "jobs", "Job", "Emploi", repeat_count="${njobs}")
    q("text", "job_title", "Title", "Intitulé")
    q("end_repeat", "jobs")
    q("begin_repeat", "kids", "Child", "Enfant")
    q("text", "kid_name", "Name", "Nom")
    q("begin_group", "school", "School", "École")
    q("select_one yn", "kid_goes", "Goes to school?", "Va à l'école ?")
    q("end_group", "school")
    q("end_repeat", "kids")
    q("note", "bye", "Thank you: ${njobs} jobs, count(${kid_name}) children.", "Merci !")
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Français (fr)", "country"])
    for row in [("country", "be", "Belgium", "Belgique", None), ("country", "fr", "France", "France", None),
                ("region", "bru", "Brussels", "Bruxelles", "be"), ("region", "wal", "Wallonia", "Wallonie", "be"),
                ("region", "idf", "Île-de-France", "Île-de-France", "fr"),
                ("langs", "en", "English", "Anglais", None), ("langs", "de", "German", None, None),
                ("prio", "pay", "Pay", "Salaire", None), ("prio", "hours", "Hours", "Horaires", None),
                ("prio", "place", "Place", "Lieu", None), ("yn", 1, "Yes", "Oui", None), ("yn", 0, "No", "Non", None)]:
        ch.append(list(row))
    for i, (en, fr) in enumerate([("Disagree", "Pas d'accord"), ("Neutral", "Neutre"), ("Agree", "D'accord")]):
        ch.append(["agree", i + 1, en, fr])
    st = wb.create_sheet("settings")
    st.append(["form_id", "form_title", "version", "default_language"])
    st.append(["features", "Every feature | in one form", 3, "English (en)"])
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
    features(os.path.join(OUT, "features.xlsx"))
    study = os.path.join(os.path.dirname(os.path.dirname(OUT)), "..", "forms", "study")
    for name in sorted(os.listdir(study)):
        study_form(os.path.join(study, name), os.path.join(OUT, "study_" + name.replace(".md", ".xlsx")))


if __name__ == "__main__":
    main()
