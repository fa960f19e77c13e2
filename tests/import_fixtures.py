"""Agreements spreadsheets as offices export them, written in code for the import tests.

The partner names and Erasmus codes are those of real Erasmus Charter holders (so matching can
be tested against the bundled list); the agreements, dates and notes are invented test rows,
never a real office's data. Each builder returns the file's path; ``ITALIAN_ROWS`` and the
others say, row by row, what the importer must do with them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd

from dashboard.cli import main

ITALIAN_HEADER = [
    "Istituzione partner", "Codice Erasmus", "Paese", "Città", "Tipo accordo", "Area ISCED",
    "Data inizio", "Data fine", "Livello", "Note", "Referente",
]  # fmt: skip
# Spreadsheet rows 4.. (rows 1-2 are titles, row 3 the header).
ITALIAN_ROWS: list[list[object]] = [
    # 4: code with irregular spaces, blank city: the Erasmus list gives Salamanca (the city, not Madrid's district)
    ["UNIVERSIDAD DE SALAMANCA", "E\u00a0 SALAMAN02", "Spagna", "", "Erasmus+ KA131", "0613",
     "01/09/2021", "31/08/2027", "Master", "", "Rossi"],
    # 5: the same partner by name only, another agreement, academic years
    ["Universidad de Salamanca", "", "Spagna", "Salamanca", "Doppio titolo", "0732", "2022/2023", "2026/2027",
     "", "", ""],
    # 6: an exact duplicate of row 4: merged
    ["UNIVERSIDAD DE SALAMANCA", "E\u00a0 SALAMAN02", "Spagna", "", "Erasmus+ KA131", "0613",
     "01/09/2021", "31/08/2027", "Master", "", "Rossi"],
    # 7: code only, German partner, framework agreement, a year
    ["", "D  MUNCHEN02", "Germania", "", "Accordo quadro", "", 2020, "", "", "", ""],
    # 8-9: Cambridge (US) and Cambridge (GB), told apart by country; a real Excel date
    ["Harvard University", "", "Stati Uniti", "Cambridge", "MoU", "", dt.datetime(2019, 5, 1), "", "", "", ""],
    ["University of Cambridge", "", "Regno Unito", "Cambridge", "Scambio", "", "2023-09-01", "", "", "", ""],
    # 10: a type nobody mapped: refused, never turned into another type
    ["Università di Atlantide", "", "Italia", "Milano", "Summer school", "", "", "", "", "", ""],
    # 11: blank row
    ["", "", "", "", "", "", "", "", "", "", ""],
    # 12: unknown country, no code: refused
    ["Narnia College", "", "Narnia", "Cair Paravel", "Scambio", "", "", "", "", "", ""],
    # 13: a formula-looking name stays text; a city the gazetteer does not know: kept, not placed
    ["=HYPERLINK(\"http://example.org\";\"Click\")", "", "FR", "Atlantisville", "Accordo bilaterale", "",
     "", "", "", "", ""],
    # 14: totals row
    ["TOTALE", "", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip


def italian_xlsx(path: Path, *, second_sheet: bool = False) -> Path:
    """An Italian export: two title rows, the header, data rows, a blank row and a totals row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accordi"
    ws.append(["Politecnico — Accordi internazionali (test)"])
    ws.append(["Estrazione di prova"])
    ws.append(ITALIAN_HEADER)
    for row in ITALIAN_ROWS:
        ws.append(row)
    for cell in ws["A"]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # typed as text in the cell, as a user would, not a formula
    if second_sheet:
        legend = wb.create_sheet("Legenda", 0)  # first in the workbook, no header: skipped
        legend.append(["Legenda dei codici ISCED"])
        legend.append(["0613", "Software"])
        other = wb.create_sheet("Accordi 2019")
        other.append(["Istituzione partner", "Paese", "Tipo accordo"])
        other.append(["Politecnico di Torino", "Italia", "Scambio"])
    wb.save(path)
    return path


FRENCH_CSV = (
    "Liste des accords (test)\r\n"
    "Établissement partenaire;Code Erasmus;Pays;Ville;Type d'accord;Domaine d'études;Date de début;Date de fin;Remarques\r\n"
    "UNIVERSITE DE STRASBOURG;F  STRASBO48;France;;Erasmus+ KA131;0714;2021/2022;2026/2027;\r\n"
    "+cmd|' /C calc'!A0;;FR;Lyon;Double diplôme;;15/09/2022;31/08/2026;à vérifier\r\n"
    "Université de Montréal;;Canada;Montréal;Accord cadre;;2020;;\r\n"
    "Total;;;;;;;;\r\n"
)


def french_csv(path: Path) -> Path:
    """A French export: Windows-1252, ``;``-separated, a title row and a totals row."""
    path.write_bytes(FRENCH_CSV.encode("cp1252"))
    return path


def spanish_ods(path: Path) -> Path:
    """A LibreOffice sheet in Spanish with a title row, real dates and an ambiguous one."""
    rows = [
        ["Convenios internacionales (prueba)", None, None, None, None, None],
        [None, None, None, None, None, None],
        ["Institución socia", "Código Erasmus", "País", "Ciudad", "Tipo de convenio", "Fecha de inicio"],
        ["POLITECNICO DI TORINO", "I  TORINO02", "Italia", "TORINO", "Doble titulación", dt.date(2021, 9, 1)],
        ["Universidad de Salamanca", None, "España", "Salamanca", "Movilidad", "03/04/2022"],
    ]
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame(rows).to_excel(writer, sheet_name="Convenios", header=False, index=False)
    return path


def new_folder(path: Path) -> Path:
    """A data folder started with ``init``: Politecnico di Milano as home."""
    assert main(["init", str(path), "--home", "Politecnico di Milano", "--country", "IT",
                 "--city", "Milano", "--erasmus-code", "I  MILANO02"]) == 0  # fmt: skip
    return path
