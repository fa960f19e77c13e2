"""The browser import's steps, kept on disk between requests: upload, map, place, save.

The import core (:mod:`dashboard.data.importing`, :mod:`dashboard.data.import_apply`) plans an
import from a sheet and writes it. A page needs more between its requests: the uploaded
sheets (to map them again when a person changes a column), the chosen sheet and columns, and
the plan with the places picked so far. :class:`Staging` keeps that in one JSON file per
import, named by a random token (``secrets.token_urlsafe``), in a folder every worker of the
server shares, so the next request may reach any ``gunicorn`` worker. Stale imports expire.

Dash-free: the callbacks of :mod:`dashboard.web.callbacks.importing` pass their inputs here.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from collections.abc import Mapping as Lookup
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from dashboard.data.files import write_atomic
from dashboard.data.import_apply import Applied, apply_import, read_folder
from dashboard.data.importing import ImportPlan, choose_candidate, plan_import, set_coordinates
from dashboard.data.mapping import FIELDS, Mapping, MappingError, SheetNote, apply_overrides, choose_sheet
from dashboard.data.matching import load_reference
from dashboard.data.problems import Invalid, Message, Report, said
from dashboard.data.sheets import SUFFIXES, Sheet, read_workbook
from dashboard.i18n import DEFAULT_LANG
from dashboard.web.security import IMPORT_FILE_BYTES

TTL_SECONDS = 4 * 3600  # an import left half-done over lunch still works; a day-old one is gone
MAX_STAGED = 100  # at most this many imports wait at once (the oldest go first)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")


class UploadError(ValueError):
    """An upload that cannot be a spreadsheet to import: ``key`` names the message in the catalog."""

    def __init__(self, key: str, **params: object) -> None:
        """Remember the catalog key and its parameters."""
        super().__init__(key)
        self.key, self.params = key, params


@dataclass
class Staged:
    """One import being prepared.

    Attributes:
        file: The uploaded file's name (as text: shown, never used as a path).
        source: Provenance written on every imported agreement.
        today: The ``as_of`` date of the import.
        sheets: Every sheet of the file (:meth:`Sheet.to_dict` form).
        sheet: Name of the sheet being imported.
        sheet_note: Why that sheet.
        header_row: Spreadsheet row of the header.
        columns: Field -> 0-based column, as detected or chosen.
        default_type: Agreement type for rows whose type cell is blank (``""``: refuse them).
        plan: The plan (:meth:`ImportPlan.to_json` form), or ``None`` when the mapping cannot
            be used (``error`` says why).
        error: Why there is no plan, in English (:meth:`error_text` gives it in a language).
        created: When the file was uploaded (seconds since the epoch).
        error_said: ``error`` as a catalog text, when it is one.
        sheet_note_said: ``sheet_note`` as a catalog text.
    """

    file: str
    source: str
    today: str
    sheets: list[dict[str, object]]
    sheet: str = ""
    sheet_note: str = ""
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    default_type: str = ""
    plan: dict[str, object] | None = None
    error: str = ""
    created: float = 0.0
    error_said: Message | None = None
    sheet_note_said: Message | None = None

    def __post_init__(self) -> None:
        """Read the messages back from their JSON form (``{"key": ..., "values": [[name, value]]}``)."""
        if isinstance(self.error_said, dict):
            self.error_said = Message.from_json(self.error_said)
        if isinstance(self.sheet_note_said, dict):
            self.sheet_note_said = Message.from_json(self.sheet_note_said)

    def the_sheet_note(self) -> str:
        """Why this sheet, as :func:`choose_sheet` says it (English, with its message when kept)."""
        return self.sheet_note if self.sheet_note_said is None else SheetNote(self.sheet_note_said)

    def error_text(self, lang: str = DEFAULT_LANG) -> str:
        """Why there is no plan, in ``lang`` (``""``: there is one).

        Examples:
            >>> staged = Staged("a.csv", "", "", []).with_plan(None, Message.of("problem.import.nothing"))
            >>> staged.error, staged.error_text("it")
            ('nothing to import', "non c'è nulla da importare")
        """
        return self.error_said.text(lang) if self.error_said is not None else self.error

    def the_sheet(self) -> Sheet:
        """The sheet being imported."""
        found = next((s for s in self.sheets if s["name"] == self.sheet), self.sheets[0])
        return Sheet.from_dict(found)

    def sheet_names(self) -> list[str]:
        """Names of every sheet of the file, in workbook order."""
        return [str(s["name"]) for s in self.sheets]

    def the_plan(self) -> ImportPlan | None:
        """The plan, if the mapping could be used."""
        return None if self.plan is None else ImportPlan.from_json(json.dumps(self.plan))

    def with_plan(self, plan: ImportPlan | None, error: str | Message = "") -> Staged:
        """A copy holding ``plan`` (or no plan and ``error``: a catalog text, or English)."""
        message = error if isinstance(error, Message) else None
        return replace(
            self,
            plan=None if plan is None else json.loads(plan.to_json()),
            error=error.text(DEFAULT_LANG) if isinstance(error, Message) else error,
            error_said=message,
        )


class Staging:
    """Imports being prepared, one JSON file each under ``root``, named by a random token.

    Args:
        root: The folder (created when needed); share it between the workers of a server.
        ttl: Seconds after which an untouched import is gone.
        max_staged: Most imports kept at once; the least recently touched go first.
        clock: Seconds since the epoch (:func:`time.time`); tests pass their own.
    """

    def __init__(
        self,
        root: Path,
        *,
        ttl: float = TTL_SECONDS,
        max_staged: int = MAX_STAGED,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Use ``root``; nothing is read or written yet."""
        self.root, self.ttl, self.max_staged, self.clock = Path(root), ttl, max_staged, clock

    def _path(self, token: str) -> Path | None:
        return self.root / f"{token}.json" if _TOKEN.match(token or "") else None

    def put(self, staged: Staged, token: str | None = None) -> str:
        """Store ``staged`` under ``token`` (a new random one when ``None``); returns the token."""
        token = token or secrets.token_urlsafe(24)
        path = self._path(token)
        if path is None:
            raise ValueError("not a staging token")
        self.root.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(staged), ensure_ascii=False)
        write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        self.expire()
        return token

    def get(self, token: str | None) -> Staged | None:
        """The import stored under ``token``; ``None`` when unknown, malformed or expired."""
        path = self._path(token or "")
        if path is None:
            return None
        try:
            if self.clock() - path.stat().st_mtime > self.ttl:
                path.unlink(missing_ok=True)
                return None
            return Staged(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def drop(self, token: str) -> None:
        """Forget the import stored under ``token`` (after it was saved)."""
        path = self._path(token)
        if path is not None:
            path.unlink(missing_ok=True)

    def expire(self) -> None:
        """Remove imports older than ``ttl``, then the oldest beyond ``max_staged``."""
        entries = []
        for path in self.root.glob("*.json"):
            try:
                entries.append((path.stat().st_mtime, path))
            except OSError:
                continue
        entries.sort(reverse=True)
        now = self.clock()
        for rank, (mtime, path) in enumerate(entries):
            if now - mtime > self.ttl or rank >= self.max_staged:
                path.unlink(missing_ok=True)


def decode_upload(contents: str | None, filename: str | None) -> tuple[str, bytes]:
    """The file name (as safe text) and bytes of a ``dcc.Upload`` value.

    Raises:
        UploadError: No file, not a spreadsheet, not base64, empty or too large.

    Examples:
        >>> decode_upload("data:text/csv;base64,YSxiCg==", "../list.csv")
        ('list.csv', b'a,b\\n')
    """
    name = _UNSAFE_NAME.sub("_", Path(str(filename or "").replace("\\", "/")).name).strip()
    if not contents or not name:
        raise UploadError("import.error.no_file")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError("import.error.suffix", suffix=suffix or "?")
    head, _, payload = contents.partition(",")
    if not head.endswith(";base64"):
        raise UploadError("import.error.encoding")
    if len(payload) > IMPORT_FILE_BYTES * 4 // 3 + 4:
        raise UploadError("import.error.too_large", limit=IMPORT_FILE_BYTES // (1024 * 1024))
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("import.error.encoding") from None
    if not data:
        raise UploadError("import.error.empty")
    return name, data


def read_upload(name: str, data: bytes, report: Report) -> list[Sheet] | None:
    """Every sheet of an uploaded file (read from a private temporary copy)."""
    with tempfile.TemporaryDirectory(prefix="dashboard-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return read_workbook(path, report)


def start(name: str, data: bytes, folder: Path, *, source: str, today: str) -> tuple[Staged | None, Report]:
    """Read an uploaded file and plan its import into ``folder`` with the detected mapping.

    Returns:
        The import being prepared, or ``None`` and the report saying why the file or the
        folder cannot be used.
    """
    report = Report()
    sheets = read_upload(name, data, report)
    if not sheets:
        if sheets is not None:
            report.say("error", name, "problem.import.no_filled_sheet")
        return None, report
    chosen, note = choose_sheet(sheets)
    chosen = chosen or sheets[0]
    staged = Staged(
        name,
        source,
        today,
        [s.to_dict() for s in sheets],
        chosen.name,
        note,
        created=time.time(),
        sheet_note_said=note.said,
    )
    header_row, columns, error = _detected(chosen, None)
    staged = replace(staged, header_row=header_row, columns=columns)
    if error:
        return staged.with_plan(None, error), report
    return replan(staged, folder, report)


def _detected(sheet: Sheet, header_row: int | None) -> tuple[int, dict[str, int], Message | str]:
    """The header row and columns found in ``sheet`` (at ``header_row`` if given), or why none.

    When nothing is recognised, the header row is the one asked for (else the first filled
    row) with no column chosen, so that a person can choose them.
    """
    try:
        mapping = apply_overrides(sheet, {"header_row": header_row} if header_row else {})
    except MappingError as exc:
        first = sheet.rows[0][0] if sheet.rows else 0
        return header_row or first, {}, said(exc)
    return mapping.header_row, dict(mapping.columns), ""


def remap(
    staged: Staged,
    folder: Path,
    *,
    sheet: str,
    header_row: int | None,
    columns: dict[str, int | None],
    default_type: str = "",
) -> tuple[Staged | None, Report]:
    """Plan again with a person's choices: the sheet, the header row, a column per field.

    A change of sheet or header row starts from what is detected there; a change of column
    keeps the others. Places picked before are planned afresh.
    """
    if sheet != staged.sheet or header_row != staged.header_row:
        if sheet not in staged.sheet_names():
            report = Report()
            report.say("error", staged.file, "problem.import.no_sheet", sheet=sheet)
            return None, report
        new_sheet = sheet != staged.sheet
        if new_sheet:  # its header is found afresh, not at the other sheet's row
            note = SheetNote(Message.of("import.line.sheet_chosen", sheet=sheet))
            staged = replace(staged, sheet=sheet, sheet_note=note, sheet_note_said=note.said)
        row, found, error = _detected(staged.the_sheet(), None if new_sheet else header_row)
        staged = replace(staged, header_row=row, columns=found)
        if error:
            return staged.with_plan(None, error), Report()
    else:
        chosen = {f: int(c) for f, c in columns.items() if f in FIELDS and c is not None and int(c) >= 0}
        staged = replace(staged, columns=chosen)
    return replan(replace(staged, default_type=default_type), folder, Report())


def replan(staged: Staged, folder: Path, report: Report) -> tuple[Staged | None, Report]:
    """Plan ``staged`` against ``folder`` as it is now (its sheet, header row and columns)."""
    state, folder_report = read_folder(folder)
    report.extend(folder_report.problems)
    if state is None:
        return None, report
    sheet = staged.the_sheet()
    headers = dict(sheet.rows).get(staged.header_row)
    if headers is None:
        blank = Message.of("problem.import.header_blank", row=str(staged.header_row), sheet=sheet.name)
        return staged.with_plan(None, blank), report
    if not {"name", "erasmus_code"} & set(staged.columns):
        return staged.with_plan(None, Message.of("problem.import.choose_partner_column")), report
    mapping = Mapping(
        sheet.name, staged.header_row, headers, dict(staged.columns), chosen_by="chosen on the page"
    )
    plan = plan_import(
        sheet,
        mapping,
        state,
        load_reference(),
        source=staged.source,
        as_of=staged.today,
        file=staged.file,
        default_type=staged.default_type,
        sheet_note=staged.the_sheet_note(),
    )
    return staged.with_plan(plan), report


def place(
    staged: Staged,
    *,
    candidates: Lookup[str, int | None],
    coordinates: Lookup[str, tuple[str, str]],
    lang: str = DEFAULT_LANG,
) -> tuple[Staged, dict[str, str]]:
    """Place new partners by a picked namesake or typed coordinates (typed ones win).

    Returns:
        The updated import and, per partner id, why a choice could not be used (in ``lang``).
    """
    plan = staged.the_plan()
    if plan is None:
        return staged, {}
    problems: dict[str, str] = {}
    for ident, index in candidates.items():
        partner = plan.partner(ident)
        if index is None or partner is None or coordinates.get(ident, ("", ""))[0]:
            continue
        try:
            plan = choose_candidate(plan, ident, int(index))
        except LookupError as exc:
            problems[ident] = _why(exc, lang)
    for ident, (lat, lon) in coordinates.items():
        if not (lat or "").strip() and not (lon or "").strip():
            continue
        try:
            plan = set_coordinates(plan, ident, _number(lat), _number(lon))
        except (LookupError, ValueError) as exc:
            problems[ident] = _why(exc, lang)
    return staged.with_plan(plan), problems


def _why(exc: Exception, lang: str) -> str:
    """An exception's reason in ``lang`` (English when it is not a catalog text)."""
    reason = said(exc)
    return reason.text(lang) if isinstance(reason, Message) else reason


def _number(text: str) -> float:
    """A typed coordinate, with a decimal comma accepted (``45,46``).

    Examples:
        >>> _number("45,46")
        45.46
        >>> _number("north")
        Traceback (most recent call last):
        dashboard.data.problems.Invalid: 'north' is not a number
    """
    try:
        return float((text or "").strip().replace(",", "."))
    except ValueError:
        raise Invalid("problem.import.not_a_number", text=text) from None


def save(staged: Staged, folder: Path) -> Applied:
    """Write the planned import into ``folder`` if the result passes the check (else nothing)."""
    plan = staged.the_plan()
    if plan is None:
        report = Report()
        if staged.error_said is not None:
            report.say("error", staged.file, staged.error_said)
        elif staged.error:
            report.add("error", staged.file, staged.error)  # an unforeseen fault's English text
        else:
            report.say("error", staged.file, "problem.import.nothing")
        return Applied(report)
    return apply_import(plan, folder)
