"""Read a data folder for an import, check the result, write it atomically with history.

The steps a command line or a browser page takes::

    state, report = read_folder(folder)
    plan, report = plan_file(path, folder, mapping_text=..., sheet=..., source=..., today=...)
    # a browser page keeps the upload and the plan between requests: dashboard.data.staging
    plan = set_coordinates(plan, partner_id, lat, lon)   # dashboard.data.importing
    result = apply_import(plan, folder)         # or check_import(plan, folder) for a dry run

:func:`apply_import` writes only when the resulting folder passes
:func:`~dashboard.data.dataset.check_folder` and the folder has not changed since the plan was
made; otherwise nothing is written and the report says why.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import schema
from dashboard.data.cells import parse_date
from dashboard.data.dataset import check_folder
from dashboard.data.files import read_data_file
from dashboard.data.history import KEEP, Version, data_files, write_files
from dashboard.data.importing import FolderState, ImportPlan, plan_import
from dashboard.data.mapping import (
    MappingError,
    apply_overrides,
    check_overrides,
    choose_sheet,
    parse_mapping_toml,
)
from dashboard.data.matching import load_reference
from dashboard.data.problems import Problem, Report
from dashboard.data.reading import decode, read_csv
from dashboard.data.sheets import read_workbook

# Columns in the order data/README.md documents them, for files the importer creates.
COLUMN_ORDER = {
    schema.INSTITUTIONS.file: (
        "id", "name", "short_name", "kind", "city", "country", "lat", "lon", "website", "ror", "erasmus_code", "placed_by",
    ),
    schema.AGREEMENTS.file: ("institution_id", "type", "field", "since", "until", "source", "as_of", "note"),
}  # fmt: skip


def fingerprint(folder: Path) -> str:
    """Hash of the folder's data files: names and bytes."""
    digest = hashlib.sha256()
    for name in data_files(folder):
        digest.update(name.encode())
        digest.update(read_data_file(folder / name, folder))
    return digest.hexdigest()[:20]


def read_regions(folder: Path) -> dict[str, str]:
    """ISO alpha-2 -> alpha-3 of the countries a folder knows (its regions.csv, else the bundled one)."""
    path = folder / schema.REGIONS.file
    path = path if path.is_file() else DEFAULT_DATA_DIR / schema.REGIONS.file
    table = read_csv(path, Report())
    return {r.get("country").upper(): r.get("iso3").upper() for r in table.rows} if table else {}


def read_folder(folder: Path) -> tuple[FolderState | None, Report]:
    """The folder's home, institutions and agreement keys, or ``None`` and the report saying why."""
    report = Report()
    if not (folder / schema.SETTINGS_FILE).is_file():
        report.say("error", str(folder), "problem.import.not_data_folder")
        return None, report
    try:
        settings = tomllib.loads((folder / schema.SETTINGS_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        report.say("error", schema.SETTINGS_FILE, "problem.import.settings_unreadable", reason=str(exc))
        return None, report
    institutions = read_csv(folder / schema.INSTITUTIONS.file, report)
    if institutions is None:
        return None, report
    agreements = (
        read_csv(folder / schema.AGREEMENTS.file, Report())
        if (folder / schema.AGREEMENTS.file).exists()
        else None
    )
    keys = {
        (
            r.get("institution_id"),
            r.get("type").lower(),
            r.get("field").lower(),
            _normal_date(r.get("since")),
        ): r.number
        for r in (agreements.rows if agreements else [])
    }
    rows = tuple(
        {k: r.get(k) for k in ("id", "name", "country", "erasmus_code")}
        for r in institutions.rows
        if r.get("id")
    )
    return FolderState(
        str(settings.get("home", "")), rows, keys, read_regions(folder), fingerprint(folder)
    ), report


def _normal_date(text: str) -> str:
    """A date as the loader normalises it (``2020-7`` -> ``2020-07``); unreadable text as written."""
    try:
        return parse_date(text) if text else ""
    except ValueError:
        return text


def default_source(file: str, today: str) -> str:
    """``agreements.xlsx, imported 2026-12-02``: the label used when ``--source`` is not given."""
    return f"{file}, imported {today}"


def plan_file(
    path: Path,
    folder: Path,
    *,
    mapping_text: str | None = None,
    overrides: dict[str, object] | None = None,
    sheet: str | None = None,
    source: str | None = None,
    today: str | None = None,
    default_type: str = "",
    name: str | None = None,
) -> tuple[ImportPlan | None, Report]:
    """Read a spreadsheet and the folder and plan the import.

    Args:
        path: The spreadsheet.
        folder: The data folder to merge into.
        mapping_text: A mapping file's TOML text (``--mapping``).
        overrides: The same as a dict (a browser page's drop-downs); checked like a file.
        sheet: Sheet name or 1-based number; wins over the mapping's ``sheet``.
        source: Provenance label or URL (default: :func:`default_source`).
        today: ``as_of`` date (default: today).
        default_type: Type for rows whose type cell is blank.
        name: The file's name as the person knows it (a staged upload is stored under another).

    Returns:
        ``(plan, report)``: the plan is ``None`` when the file, the folder or the mapping
        cannot be used (the report says why).
    """
    state, report = read_folder(folder)
    sheets = read_workbook(path, report)
    if state is None or sheets is None:
        return None, report
    try:
        if mapping_text:
            overrides = parse_mapping_toml(mapping_text)
        else:
            overrides = check_overrides(overrides or {})
        chosen, note = choose_sheet(
            sheets, sheet or (str(overrides["sheet"]) if "sheet" in overrides else None)
        )
        if chosen is None:
            report.say("error", path.name, note.said)
            return None, report
        mapping = apply_overrides(chosen, overrides)
    except MappingError as exc:
        report.say("error", path.name, exc)
        return None, report
    if "type" not in mapping.columns and not default_type:
        report.say("error", path.name, "problem.import.no_type_column")
        return None, report
    today = today or dt.date.today().isoformat()
    plan = plan_import(
        chosen,
        mapping,
        state,
        load_reference(),
        source=source or default_source(name or path.name, today),
        as_of=today,
        file=name or path.name,
        default_type=default_type,
        sheet_note=note,
    )
    return plan, report


def _read_text(path: Path) -> str:
    return decode(read_data_file(path), path.name, Report()) or "" if path.exists() else ""


def _table(existing: str, spec: schema.TableSpec, new_rows: list[dict[str, str]]) -> str:
    """The file's new text: the old rows as they were, then the new ones.

    When the old file is comma-separated UTF-8 whose header already has every column the new
    rows need, the new rows are appended to its text unchanged; otherwise the table is
    rewritten as UTF-8 with ``,`` (values kept, columns added).
    """
    needed = [c for c in COLUMN_ORDER[spec.file] if any(r.get(c) for r in new_rows) or c in spec.required]
    if not existing.strip():
        header = needed
        old_rows: list[list[str]] = []
    else:
        first = existing.splitlines()[0]
        delimiter = max((",", ";", "\t"), key=first.count)
        records = list(csv.reader(io.StringIO(existing, newline=""), delimiter=delimiter))
        header, old_rows = [c.strip() for c in records[0]], records[1:]
        lower = [c.lower() for c in header]
        missing = [c for c in needed if c not in lower]
        if delimiter == "," and not missing and existing.endswith("\n"):
            return existing + _rows_text(lower, new_rows)
        header = header + missing
    lower = [c.lower() for c in header]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(r + [""] * (len(header) - len(r)) for r in old_rows if any(c.strip() for c in r))
    return out.getvalue() + _rows_text(lower, new_rows)


def _rows_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r.get(c, "") for c in columns] for r in rows])
    return out.getvalue()


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.5f}"


def new_files(plan: ImportPlan, folder: Path) -> dict[str, bytes]:
    """``institutions.csv`` and ``agreements.csv`` as the plan would leave them."""
    institutions = [
        {
            "id": p.id,
            "name": p.name,
            "kind": "university",
            "city": p.city,
            "country": p.country,
            "lat": _coordinate(p.lat),
            "lon": _coordinate(p.lon),
            "erasmus_code": p.erasmus_code,
            "placed_by": p.placed_by,
        }
        for p in plan.partners
        if p.new and any(a["institution_id"] == p.id for a in plan.agreements)
    ]
    agreements = [{k: v for k, v in a.items() if k != "row"} for a in plan.agreements]
    texts = {
        schema.INSTITUTIONS.file: _table(
            _read_text(folder / schema.INSTITUTIONS.file), schema.INSTITUTIONS, institutions
        ),
        schema.AGREEMENTS.file: _table(
            _read_text(folder / schema.AGREEMENTS.file), schema.AGREEMENTS, agreements
        ),
    }
    return {name: text.encode("utf-8") for name, text in texts.items()}


@dataclass(frozen=True)
class Applied:
    """The outcome of checking or writing a plan.

    Attributes:
        report: The check of the resulting folder (and why nothing was written, if so).
        written: Files written (empty for a dry run or a refusal).
        version: The kept version holding the files as they were, or ``None``.
    """

    report: Report
    written: tuple[str, ...] = ()
    version: Version | None = None

    @property
    def ok(self) -> bool:
        """True when the resulting folder passes the check."""
        return self.report.ok


def check_import(plan: ImportPlan, folder: Path) -> Applied:
    """Check the folder the plan would leave, in a temporary copy; write nothing."""
    report = Report()
    if fingerprint(folder) != plan.fingerprint:
        report.say("error", str(folder), "problem.import.changed")
        return Applied(report)
    contents = new_files(plan, folder)
    with tempfile.TemporaryDirectory(prefix="import-check-") as tmp:
        copy = Path(tmp) / folder.name
        copy.mkdir()
        for name in data_files(folder):
            shutil.copy2(folder / name, copy / name)
        if (folder / "reference").is_dir():
            shutil.copytree(folder / "reference", copy / "reference")
        for name, data in contents.items():
            (copy / name).write_bytes(data)
        report.extend(_traced(check_folder(copy).problems, plan, contents))
    return Applied(report)


def _traced(problems: list[Problem], plan: ImportPlan, contents: dict[str, bytes]) -> list[Problem]:
    """Problems in rows the import adds name the spreadsheet row they come from."""
    origin: dict[tuple[str, int], int] = {}
    partners = {p.id: p.rows[0] for p in plan.partners if p.new and p.rows}
    agreements = list(plan.agreements)
    for name, data in contents.items():
        records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        start = len(records) - (len(agreements) if name == schema.AGREEMENTS.file else 0)
        for number, record in enumerate(records[1:], start=2):
            if name == schema.INSTITUTIONS.file and record and record[0] in partners:
                origin[(name, number)] = partners[record[0]]
            elif name == schema.AGREEMENTS.file and number > start:
                origin[(name, number)] = int(agreements[number - start - 1]["row"])
    return [
        p.traced(plan.file, origin[(p.file, p.row)]) if p.row is not None and (p.file, p.row) in origin else p
        for p in problems
    ]


def apply_import(plan: ImportPlan, folder: Path, *, keep: int = KEEP) -> Applied:
    """Write the plan when the resulting folder passes the check; keep the old files as a version."""
    checked = check_import(plan, folder)
    if not checked.ok:
        return checked
    contents = new_files(plan, folder)
    version = write_files(folder, contents, reason=f"import {plan.file} ({plan.source})", keep=keep)
    return Applied(checked.report, tuple(contents), version)
