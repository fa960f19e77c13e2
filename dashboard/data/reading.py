"""Tolerant reading of CSV files exported from spreadsheets and mobility systems.

Reads UTF-8 (with or without BOM) and UTF-16/32 with a BOM, falls back to cp1252 (per line
when a file mixes the two, naming the lines), accepts ``,``, ``;`` and tab
delimiters, and turns every structural problem (binary data, ragged rows, duplicate or
blank headers, oversized fields) into a :class:`~dashboard.data.problems.Problem` instead of
an exception.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.files import read_data_file
from dashboard.data.problems import Message, Report, unreadable

MAX_FIELD = 10_000  # characters; a longer cell is a mistake, not a name or a URL
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number (header = 1) and its cells by column."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The stripped cell, or ``""`` when the column is absent or blank."""
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Table:
    """A CSV file as read: its header (lower-cased) and its non-blank data rows."""

    header: tuple[str, ...]
    rows: list[Row]


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes, name: str, report: Report) -> str | None:
    r"""Decode file bytes; ``None`` (with an error) for binary data or broken UTF-16.

    UTF-8 with or without a BOM; UTF-16/32 with a BOM. A file that is not UTF-8 is read line
    by line: when some lines are UTF-8 and others are not, the file mixes two encodings (rows
    pasted from another export), each line is read in its own and the others are named; when
    none is, the file is Windows-1252 and the first bad byte is named.

    Examples:
        >>> report = Report()
        >>> decode("name\nCittà\n".encode() + "Genève\n".encode("cp1252"), "a.csv", report)
        'name\nCittà\nGenève\n'
        >>> print(report.problems[0].message)
        mixes two encodings: line 3 is Windows-1252 while other lines are UTF-8; each line was read in its own, save the file as UTF-8 to be sure
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _decode_bom(raw, codec, name, report)
    if b"\x00" in raw[:65536]:
        half = raw[1:4096:2] if raw[:4096:2].count(0) < raw[1:4096:2].count(0) else raw[:4096:2]
        if half and half.count(0) > len(half) * 0.9:
            report.say("error", name, "problem.read.utf16")
        else:
            report.say("error", name, "problem.read.binary")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _decode_lines(raw, exc.start, name, report)


def _decode_bom(raw: bytes, codec: str, name: str, report: Report) -> str | None:
    label = codec.upper()
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        report.say("error", name, "problem.read.bom_broken", encoding=label, byte=str(exc.start))
        return None
    report.say("info", name, "problem.read.bom", encoding=label)
    return text


def _decode_lines(raw: bytes, first_bad: int, name: str, report: Report) -> str:
    lines = raw.removeprefix(codecs.BOM_UTF8).splitlines(keepends=True)
    utf8, other, out = 0, [], []
    for number, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
            other.append(number)
    if utf8:
        shown = ", ".join(map(str, other[:10]))
        if len(other) > 10:
            report.say(
                "warning", name, "problem.read.mixed_more", row=other[0], lines=shown, more=len(other) - 10
            )
        else:
            report.say("warning", name, "problem.read.mixed", row=other[0], lines=shown, count=len(other))
        return "".join(out)
    report.say("warning", name, "problem.read.cp1252", byte=str(first_bad))
    return raw.decode("cp1252", errors="replace")


def delimiter_read(delimiter: str) -> Message:
    r"""The note that a file was read with a delimiter other than ``,``.

    Examples:
        >>> delimiter_read(";").text(), delimiter_read("\t").text("it")
        ("read with ';' as the delimiter", 'letto con la tabulazione come separatore')
    """
    if delimiter == "\t":
        return Message.of("problem.read.delimiter_tab")
    return Message.of("problem.read.delimiter", delimiter=delimiter)


def not_csv(exc: csv.Error) -> Message:
    """What a CSV parse error means (the one a file can cause, a cell too long, in words).

    Examples:
        >>> not_csv(csv.Error(f"field larger than field limit ({csv.field_size_limit()})")).text()
        'is not well-formed CSV: field larger than field limit (131072)'
    """
    limit = csv.field_size_limit()
    if str(exc) == f"field larger than field limit ({limit})":
        return Message.of("problem.read.csv_field", limit=str(limit))
    return Message.of("problem.read.csv", reason=str(exc))


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(
    path: Path, report: Report, *, name: str | None = None, folder: Path | None = None
) -> Table | None:
    """Read a CSV file into rows keyed by lower-cased header names.

    Args:
        path: File to read.
        report: Collects every problem found.
        name: Name used in messages (defaults to the file name).
        folder: The data folder: a link out of it is refused (default: the file's folder).

    Returns:
        The table, or ``None`` when the file cannot be used at all.
    """
    name = name or path.name
    try:
        raw = read_data_file(path, folder)
    except OSError as exc:
        report.say("error", name, unreadable(path, exc))
        return None
    text = decode(raw, name, report)
    if text is None:
        return None
    if not text.strip():
        report.say("error", name, "problem.read.empty")
        return None
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _delimiter(first_line)
    if delimiter != ",":
        report.say("info", name, delimiter_read(delimiter))
    return _parse(text, delimiter, name, report)


def _parse(text: str, delimiter: str, name: str, report: Report) -> Table | None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    header: list[str] | None = None
    try:
        for number, record in enumerate(reader, start=1):
            if header is None:
                header = _header(record, name, report)
                if header is None:
                    return None
                continue
            if not any(cell.strip() for cell in record):
                continue
            row = _row(number, record, header, name, report)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        report.say("error", name, not_csv(exc), row=reader.line_num)
        return None
    if header is None:
        report.say("error", name, "problem.read.empty")
        return None
    return Table(tuple(header), rows)


def _header(record: list[str], name: str, report: Report) -> list[str] | None:
    header = [cell.strip().lower() for cell in record]
    while header and not header[-1]:
        header.pop()
    seen: set[str] = set()
    ok = True
    for index, column in enumerate(header, start=1):
        if not column:
            report.say("error", name, "problem.read.header_blank", row=1, cell=str(index))
            ok = False
        elif column in seen:
            report.say("error", name, "problem.read.header_twice", row=1, column=column)
            ok = False
        seen.add(column)
    return header if ok else None


def _row(number: int, record: list[str], header: list[str], name: str, report: Report) -> Row | None:
    extra = record[len(header) :]
    if any(cell.strip() for cell in extra):
        report.say("error", name, "problem.read.ragged", row=number, cells=len(record), columns=len(header))
        return None
    cells: dict[str, str] = {}
    for column, value in zip(header, record, strict=False):
        value = value.strip()
        if len(value) > MAX_FIELD:
            report.say(
                "error",
                name,
                "problem.read.cell_long",
                row=number,
                column=column,
                value=value[:40],
                length=len(value),
                limit=MAX_FIELD,
            )
            return None
        cells[column] = value
    return Row(number, cells)


def require_columns(
    table: Table, required: tuple[str, ...], known: tuple[str, ...], name: str, report: Report
) -> bool:
    """Check the header holds every required column; note unknown ones.

    Returns:
        True when no required column is missing.
    """
    rows_header = set(table.header)
    missing = [c for c in required if c not in rows_header]
    for column in missing:
        report.say("error", name, "problem.read.column_missing", column=column, row=1)
    for column in sorted(rows_header - set(known)):
        report.say("warning", name, "problem.read.column_unknown", column=column, row=1)
    return not missing
