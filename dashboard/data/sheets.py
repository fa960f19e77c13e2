"""Read the cells of a spreadsheet (.xlsx, .ods or .csv) as text, never evaluating a formula.

An office's agreements list arrives as an Excel or LibreOffice workbook or a CSV export. This
module turns any of them into :class:`Sheet` objects: the text of every cell, row by row, with
the row number a spreadsheet shows. Nothing is interpreted yet (header detection is
:mod:`dashboard.data.mapping`'s job).

Formulas: a cell's saved value is read (what the author saw on screen); a formula is never
computed. An .xlsx formula without a saved value (a file written by a script) is kept as its
text with a warning. A cell whose *text* looks like a formula (``=HYPERLINK(…)``, ``+cmd``)
is just text and stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.problems import Report, unreadable
from dashboard.data.reading import MAX_FIELD, decode, delimiter_read, not_csv

SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".txt", ".tsv")
MAX_ROWS = 200_000
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells as text.

    Attributes:
        name: Sheet name (the file name for a CSV).
        rows: ``(row number, cells)`` for every row that has a non-blank cell; row 1 is the
            first row of the sheet.
        blank_rows: Row numbers of blank rows between the first and the last non-blank one.
    """

    name: str
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    blank_rows: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (see :meth:`from_dict`)."""
        return {
            "name": self.name,
            "rows": [[n, list(c)] for n, c in self.rows],
            "blank": list(self.blank_rows),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Sheet:
        """Inverse of :meth:`to_dict`."""
        rows = tuple((int(n), tuple(str(c) for c in cells)) for n, cells in data["rows"])  # type: ignore[attr-defined]
        return cls(str(data["name"]), rows, tuple(int(n) for n in data.get("blank", ())))  # type: ignore[attr-defined]


def cell_text(value: object) -> str:
    """The text of one cell value as a spreadsheet library returns it.

    Examples:
        >>> cell_text(2021.0), cell_text(0.5), cell_text(None), cell_text(True)
        ('2021', '0.5', '', 'TRUE')
        >>> cell_text(dt.datetime(2021, 9, 1)), cell_text(dt.date(2022, 8, 31))
        ('2021-09-01', '2022-08-31')
        >>> cell_text("  PARIS  ")
        'PARIS'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value:  # NaN: pandas' blank
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return cell_text(value.to_pydatetime())
    return str(value).strip()


def _sheet(name: str, records: Iterable[tuple[int, list[str]]], report: Report, file: str) -> Sheet:
    rows: list[tuple[int, tuple[str, ...]]] = []
    blank: list[int] = []
    for number, cells in records:
        if number > MAX_ROWS:
            report.say("error", file, "problem.sheet.rows", sheet=repr(name), limit=MAX_ROWS)
            break
        for index, text in enumerate(cells):
            if len(text) > MAX_FIELD:
                report.say(
                    "warning",
                    file,
                    "problem.sheet.cell_cut",
                    row=number,
                    column=_column_letter(index),
                    length=len(text),
                    limit=MAX_FIELD,
                )
                cells[index] = text[:MAX_FIELD]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            if rows:
                blank.extend(range(rows[-1][0] + 1, number))
            rows.append((number, tuple(cells)))
    return Sheet(name, tuple(rows), tuple(blank))


def _column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index.

    Examples:
        >>> _column_letter(0), _column_letter(25), _column_letter(27)
        ('A', 'Z', 'AB')
    """
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


column_letter = _column_letter


def read_workbook(path: Path, report: Report) -> list[Sheet] | None:
    """Every sheet of a spreadsheet file, as text.

    Args:
        path: An ``.xlsx``/``.xlsm``, ``.ods`` or ``.csv``/``.tsv``/``.txt`` file.
        report: Collects what went wrong (named after the file).

    Returns:
        The sheets in workbook order, or ``None`` when the file cannot be read.
    """
    file = path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        report.say("error", file, "problem.sheet.xls" if suffix == ".xls" else "problem.sheet.suffix")
        return None
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, report)
        if suffix == ".ods":
            return _read_ods(path, report)
        return _read_csv(path, report)
    except OSError as exc:
        report.say("error", file, unreadable(path, exc))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        kind = "Excel (.xlsx)" if suffix in (".xlsx", ".xlsm") else "OpenDocument (.ods)"
        report.say("error", file, "problem.sheet.damaged", kind=kind, error=type(exc).__name__)
    return None


def _read_xlsx(path: Path, report: Report) -> list[Sheet]:
    import openpyxl

    def load(data_only: bool) -> openpyxl.Workbook:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)

    formulas = load(False)
    cached = None
    sheets = []
    for ws in formulas.worksheets:
        records: list[tuple[int, list[str]]] = []
        formula_cells: list[tuple[int, int]] = []
        for number, row in enumerate(ws.iter_rows(), start=1):
            cells = []
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", "") == "f":
                    formula_cells.append((len(records), index))
                cells.append(cell_text(getattr(cell, "value", None)))
            records.append((number, cells))
        if formula_cells:
            cached = cached or load(True)
            _saved_values(records, formula_cells, cached[ws.title], report, path.name)
        sheets.append(_sheet(ws.title, records, report, path.name))
    formulas.close()
    if cached is not None:
        cached.close()
    return sheets


def _saved_values(records, formula_cells, ws, report: Report, file: str) -> None:  # type: ignore[no-untyped-def]
    """Replace formula text by the value saved with the file; keep the text where none was saved."""
    values = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    unsaved = []
    for i, index in formula_cells:
        number, cells = records[i]
        saved = (
            values[number - 1][index] if number - 1 < len(values) and index < len(values[number - 1]) else ""
        )
        if saved:
            cells[index] = saved
        else:
            unsaved.append(f"{_column_letter(index)}{number}")
    if unsaved:
        shown, sheet = ", ".join(unsaved[:10]), repr(ws.title)
        if len(unsaved) > 10:
            report.say(
                "warning",
                file,
                "problem.sheet.formulas_more",
                sheet=sheet,
                count=len(unsaved),
                cells=shown,
                more=len(unsaved) - 10,
            )
        else:
            report.say(
                "warning", file, "problem.sheet.formulas", sheet=sheet, count=len(unsaved), cells=shown
            )


def _read_ods(path: Path, report: Report) -> list[Sheet]:
    import pandas as pd

    frames = pd.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object)
    return [
        _sheet(
            str(name),
            (
                (i + 1, [cell_text(v) for v in values])
                for i, values in enumerate(frame.itertuples(index=False))
            ),
            report,
            path.name,
        )
        for name, frame in frames.items()
    ]


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number of cells.

    Title lines above a header have no delimiter, so the first line alone does not tell.

    Examples:
        >>> sniff_delimiter(["Accordi 2024", "Nome;Città;Paese", "A;B;C", "D;E;F"])
        ';'
        >>> sniff_delimiter(["name,city", "Paris, France,FR"])
        ','
    """
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        counts = [n for line in lines if line.strip() and (n := _cells_in(line, delimiter))]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = (wide.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _cells_in(line: str, delimiter: str) -> int:
    """How many cells ``delimiter`` splits a line into; 0 for a line the csv module refuses (a
    cell beyond its field limit): reading the file says what is wrong with it.

    Examples:
        >>> _cells_in("a;b", ";"), _cells_in("x" * 200_000, ",")
        (2, 0)
    """
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except csv.Error:
        return 0


def _read_csv(path: Path, report: Report) -> list[Sheet] | None:
    text = decode(path.read_bytes(), path.name, report)
    if text is None:
        return None
    if not text.strip():
        report.say("error", path.name, "problem.sheet.empty")
        return None
    delimiter = sniff_delimiter(text.splitlines()[:50])
    if delimiter != ",":
        report.say("info", path.name, delimiter_read(delimiter))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        # A quoted cell may span lines: number rows by record, as a spreadsheet would show them.
        records = [(number, [c.strip() for c in record]) for number, record in enumerate(reader, start=1)]
    except csv.Error as exc:
        report.say("error", path.name, not_csv(exc), row=reader.line_num)
        return None
    return [_sheet(path.name, records, report, path.name)]
