"""Plan the import of an agreements spreadsheet into a data folder: every row accounted for.

:func:`plan_import` is pure: a sheet, its mapping and the folder's current state in; an
:class:`ImportPlan` out, saying for every spreadsheet row what happens to it (imported,
merged as a duplicate, already in the folder, refused and why, or skipped as a title, blank
or totals row), which partners are new, how each was identified (Erasmus code, name, or
already in the folder) and placed (``placed_by``: code, name, city, coordinates, or not
placed and why). A plan is plain data: :meth:`ImportPlan.to_json` / :meth:`ImportPlan.from_json`
store it between the steps of a browser page, in any worker. :mod:`dashboard.data.import_apply`
checks and writes it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from dashboard.data import schema
from dashboard.data.agreement_values import agreement_type, day_month, infer_date_order, read_when
from dashboard.data.cells import erasmus_key, normalise_erasmus_code, parse_coordinate
from dashboard.data.geocoding import Place, district_of, lookup
from dashboard.data.mapping import Mapping, SheetNote, is_totals_row
from dashboard.data.matching import Holder, Identified, Reference, country_code, identify, name_key
from dashboard.data.problems import Message, said
from dashboard.data.regions import slugify
from dashboard.data.sheets import Sheet
from dashboard.i18n import DEFAULT_LANG, t

OUTCOMES = ("imported", "duplicate", "existing", "refused", "skipped")
# Why a new partner has no coordinates (Partner.unplaced) -> what to do about it (in English;
# the catalog key is ``import.unplaced.<why>``).
UNPLACED = {why: t(f"import.unplaced.{why}") for why in ("no_city", "lost_characters", "not_found")}


def english(said: tuple[Message, ...]) -> str:
    """Messages as one English text, joined by ``"; "`` (what a message value of a tuple gives)."""
    return "; ".join(m.text(DEFAULT_LANG) for m in said)


def _messages(value: object) -> tuple[Message, ...]:
    """Messages read back from JSON (or already messages)."""
    if isinstance(value, Message):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(v if isinstance(v, Message) else Message.from_json(v) for v in value)
    return ()


def _message(value: object) -> Message | None:
    if isinstance(value, dict):
        return Message.from_json(value)
    return value if isinstance(value, Message) else None


@dataclass(frozen=True)
class FolderState:
    """What the importer needs to know about the data folder it merges into.

    Attributes:
        home: Id of the home institution.
        institutions: Existing rows: ``id``, ``name``, ``country``, ``erasmus_code``.
        agreements: Existing agreement key (id, type, field, since) -> row in agreements.csv.
        countries: ISO alpha-2 -> alpha-3 of every country the folder knows (regions.csv).
        fingerprint: Hash of the folder's data files when read (a stale plan is refused).
    """

    home: str
    institutions: tuple[dict[str, str], ...]
    agreements: dict[tuple[str, str, str, str], int]
    countries: dict[str, str]
    fingerprint: str = ""


@dataclass
class Partner:
    """A partner named by imported rows: already in the folder, or new."""

    id: str
    name: str
    country: str
    city: str = ""
    erasmus_code: str = ""
    lat: float | None = None
    lon: float | None = None
    placed_by: str = ""
    identified_by: str = ""
    new: bool = True
    rows: list[int] = field(default_factory=list)
    warning: str = ""
    note: str = ""
    reason: str = ""
    unplaced: str = ""
    candidates: list[dict[str, object]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    reason_said: Message | None = None
    warning_said: tuple[Message, ...] = ()
    note_said: tuple[Message, ...] = ()

    def __post_init__(self) -> None:
        """Read the messages back from their JSON form."""
        self.reason_said = _message(self.reason_said)
        self.warning_said = _messages(self.warning_said)
        self.note_said = _messages(self.note_said)

    def unplaced_because(self, why: str, reason: Message) -> None:
        """Not placed: ``why`` (a key of :data:`UNPLACED`) and the ``reason`` in words."""
        self.unplaced, self.reason_said, self.reason = why, reason, reason.text(DEFAULT_LANG)

    def warn(self, *said: Message, again: bool = True) -> None:
        """Add caveats to ``warning`` (``again=False``: in its place)."""
        self.warning_said = (*(self.warning_said if again else ()), *said)
        self.warning = english(self.warning_said)

    def noted(self, *said: Message) -> None:
        """Add notes to ``note``."""
        self.note_said = (*self.note_said, *said)
        self.note = english(self.note_said)


@dataclass
class RowResult:
    """What happened to one spreadsheet row."""

    row: int
    outcome: str
    reason: str = ""
    partner: str = ""
    said: Message | None = None

    def __post_init__(self) -> None:
        """``said`` is the reason as a message (read back from JSON); ``reason`` its English text."""
        self.said = _message(self.said)
        if self.said is not None and not self.reason:
            self.reason = self.said.text(DEFAULT_LANG)

    @classmethod
    def of(cls, row: int, outcome: str, why: Message | None = None, partner: str = "") -> RowResult:
        """Row ``row``'s outcome, and why (a message)."""
        return cls(row, outcome, "", partner, why)

    def reason_text(self, lang: str = DEFAULT_LANG) -> str:
        """The reason in ``lang``."""
        return self.said.text(lang) if self.said is not None else self.reason


@dataclass
class ImportPlan:
    """Everything an import will do, before it does it (JSON-serialisable)."""

    file: str
    sheet: str
    sheet_note: str
    mapping: dict[str, object]
    source: str
    as_of: str
    date_order: str
    fingerprint: str
    partners: list[Partner] = field(default_factory=list)
    agreements: list[dict[str, str]] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    problems: list[dict[str, object]] = field(default_factory=list)
    sheet_said: Message | None = None

    def __post_init__(self) -> None:
        """``sheet_said``: ``sheet_note`` as a message (read back from JSON), when known."""
        self.sheet_said = _message(self.sheet_said)

    def sheet_text(self, lang: str = DEFAULT_LANG) -> str:
        """Why this sheet was read, in ``lang``."""
        return self.sheet_said.text(lang) if self.sheet_said is not None else self.sheet_note

    def to_json(self) -> str:
        """The plan as JSON text."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ImportPlan:
        """Inverse of :meth:`to_json`."""
        data = json.loads(text)
        data["partners"] = [Partner(**p) for p in data["partners"]]
        data["rows"] = [RowResult(**r) for r in data["rows"]]
        return cls(**data)

    def partner(self, ident: str) -> Partner | None:
        """The partner with this id, or ``None``."""
        return next((p for p in self.partners if p.id == ident), None)


def _candidate(place: Place) -> dict[str, object]:
    return {
        "name": place.name,
        "admin1": place.admin1,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "population": place.population,
        "label": place.label(),
        "said": place.said().to_json(),
    }


def _place(partner: Partner, lat_text: str, lon_text: str) -> None:
    """Give a new partner its coordinates and ``placed_by``, or the reason it has none."""
    if lat_text or lon_text:
        try:
            partner.lat, partner.lon = (
                parse_coordinate(lat_text, limit=90),
                parse_coordinate(lon_text, limit=180),
            )
            partner.placed_by = "coordinates"
            return
        except ValueError as exc:
            ignored = Message.of(
                "import.warning.coordinates_ignored", lat=lat_text, lon=lon_text, why=said(exc)
            )
            partner.warn(ignored, again=False)
    if not partner.city:
        key = "import.reason.no_city_charter" if partner.identified_by else "import.reason.no_city"
        partner.unplaced_because("no_city", Message.of(key))
        return
    if "?" in partner.city:
        partner.unplaced_because(
            "lost_characters", Message.of("import.reason.lost_characters", city=partner.city)
        )
        return
    found = lookup(partner.city, partner.country)
    if found.place is None:
        why = Message.of("import.reason.not_found", city=partner.city, country=partner.country)
        partner.unplaced_because("not_found", why)
        return
    partner.lat, partner.lon = found.place.lat, found.place.lon
    partner.placed_by = partner.identified_by if partner.identified_by in ("code", "name") else "city"
    partner.candidates = [_candidate(p) for p in found.candidates] if len(found.candidates) > 1 else []
    if found.ambiguous:
        partner.warn(Message.of("import.warning.namesakes", namesakes=found.said()))
    partner.noted(
        *(
            Message.of("import.note.district", place=d.said(), parent=district_of(d).name)  # type: ignore[union-attr]
            for d in found.districts
        )
    )


class _Index:
    """The folder's institutions and the partners planned so far, for recognising a partner."""

    def __init__(self, state: FolderState) -> None:
        self.by_code = {
            erasmus_key(r["erasmus_code"]): r["id"] for r in state.institutions if r.get("erasmus_code")
        }
        self.by_name = {(r["country"], name_key(r["name"])): r["id"] for r in state.institutions}
        self.ids = {r["id"] for r in state.institutions}
        self.names = {r["id"]: r for r in state.institutions}
        self.planned: dict[str, Partner] = {}

    def existing(self, code: str, names: list[str], country: str) -> str:
        if code and erasmus_key(code) in self.by_code:
            return self.by_code[erasmus_key(code)]
        for name in names:
            if name and (country, name_key(name)) in self.by_name:
                return self.by_name[(country, name_key(name))]
        return ""

    def new_id(self, name: str, code: str) -> str:
        base = slugify(name)[:40].rstrip("-") or slugify(code) or "partner"
        if len(slugify(name)) > 40 and "-" in base:
            base = base.rsplit("-", 1)[0]
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            ident = f"{base}-{n}"
        self.ids.add(ident)
        return ident


def _cells(cells: tuple[str, ...], mapping: Mapping) -> dict[str, str]:
    return {f: (cells[i].strip() if i < len(cells) else "") for f, i in mapping.columns.items()}


@dataclass
class _Context:
    mapping: Mapping
    state: FolderState
    reference: Reference
    index: _Index
    order: str
    default_type: str
    plan: ImportPlan
    seen: dict[tuple[str, str, str, str], tuple[int, dict[str, str]]] = field(default_factory=dict)
    ambiguous_dates: list[int] = field(default_factory=list)

    def problem(self, severity: str, message: Message, row: int | None = None, value: str = "") -> None:
        self.plan.problems.append(
            {
                "severity": severity,
                "file": self.plan.file,
                "message": message.text(DEFAULT_LANG),
                "row": row,
                "value": value or None,
                "said": message.to_json(),
            }
        )


def _identity(ctx: _Context, row: int, cells: dict[str, str]) -> tuple[Partner | None, Message | None]:
    """The row's partner (existing, planned or new), or ``None`` and why it is refused."""
    name, code = cells.get("name", ""), cells.get("erasmus_code", "")
    if not name and not code:
        return None, Message.of("import.reason.no_identity")
    country = country_code(cells.get("country", ""), ctx.state.countries)
    found: Identified = identify(name, code, country, ctx.reference)
    holder: Holder | None = found.holder
    warning: tuple[Message, ...] = ()
    if holder is not None:
        if country and country != holder.country:
            given = str(cells.get("country"))
            warning = (Message.of("import.warning.country_mismatch", given=given, country=holder.country),)
        country = holder.country
    if not country:
        given = cells.get("country", "")
        if given:
            return None, Message.of("import.reason.unknown_country", given=given)
        return None, Message.of("import.reason.no_country")
    code_text = holder.erasmus_code if holder else (normalise_erasmus_code(code) if code else "")
    ident = ctx.index.existing(code_text, [name, holder.name if holder else ""], country)
    if ident == ctx.state.home:
        return None, Message.of("import.reason.home")
    key = ident or (f"code:{erasmus_key(code_text)}" if holder else f"name:{country}:{name_key(name)}")
    if key in ctx.index.planned:
        return ctx.index.planned[key], None
    if ident:
        known = ctx.index.names[ident]
        partner = Partner(ident, known["name"], known["country"], identified_by="folder", new=False)
    else:
        partner = Partner(
            ctx.index.new_id(name or (holder.name if holder else ""), code_text),
            name or (holder.name if holder else ""),
            country,
            city=cells.get("city", "") or (holder.city if holder else ""),
            erasmus_code=code_text if holder or found.how else (normalise_erasmus_code(code) if code else ""),
            identified_by=found.how,
            suggestions=list(found.suggestions),
        )
        partner.warn(*warning, *found.said)
        _place(partner, cells.get("lat", ""), cells.get("lon", ""))
    ctx.index.planned[key] = partner
    ctx.plan.partners.append(partner)
    return partner, None


def _agreement(
    ctx: _Context, row: int, cells: dict[str, str]
) -> tuple[dict[str, str] | None, Message | None]:
    """The agreements.csv row for a spreadsheet row (without its partner), or why it is refused."""
    raw_type = cells.get("type", "")
    kind = agreement_type(raw_type, ctx.mapping.types) if raw_type else ctx.default_type
    if not kind:
        if raw_type:
            return None, Message.of("import.reason.unknown_type", value=raw_type)
        return None, Message.of("import.reason.blank_type")
    when = read_when(
        start=cells.get("since", ""),
        end=cells.get("until", ""),
        period=cells.get("period", ""),
        order=ctx.order,
    )
    if when.since and when.until and when.until < when.since:
        return None, Message.of("import.reason.ends_first", until=str(when.until), since=str(when.since))
    if when.ambiguous:
        ctx.ambiguous_dates.append(row)
    notes = []
    if cells.get("level"):
        notes.append(f"level: {cells['level']}")
    if cells.get("note"):
        notes.append(cells["note"])
    if when.unreadable:
        shown = ", ".join(repr(u) for u in when.unreadable)
        notes.append(f"dates as written: {shown}")
        ctx.problem("warning", Message.of("import.problem.not_a_date", dates=shown), row)
    return {
        "type": kind,
        "field": cells.get("field", ""),
        "since": when.since,
        "until": when.until,
        "source": ctx.plan.source,
        "as_of": ctx.plan.as_of,
        "note": "; ".join(notes),
    }, None


def _data_row(ctx: _Context, row: int, cells: dict[str, str]) -> RowResult:
    agreement, why = _agreement(ctx, row, cells)
    if agreement is None:
        return RowResult.of(row, "refused", why)
    partner, why = _identity(ctx, row, cells)
    if partner is None:
        return RowResult.of(row, "refused", why)
    partner.rows.append(row)
    agreement["institution_id"] = partner.id
    key = (partner.id, agreement["type"], agreement["field"].lower(), agreement["since"])
    if key in ctx.state.agreements:
        there = Message.of("import.reason.existing", row=str(ctx.state.agreements[key]))
        return RowResult.of(row, "existing", there, partner.id)
    if key in ctx.seen:
        first, earlier = ctx.seen[key]
        if earlier == agreement:
            return RowResult.of(
                row, "duplicate", Message.of("import.reason.duplicate", row=str(first)), partner.id
            )
        return RowResult.of(row, "refused", Message.of("import.reason.conflict", row=str(first)), partner.id)
    ctx.seen[key] = (row, agreement)
    ctx.plan.agreements.append({**agreement, "row": str(row)})
    return RowResult.of(row, "imported", None, partner.id)


def plan_import(
    sheet: Sheet,
    mapping: Mapping,
    state: FolderState,
    reference: Reference,
    *,
    source: str,
    as_of: str,
    file: str,
    default_type: str = "",
    sheet_note: str | Message = "",
) -> ImportPlan:
    """Decide what happens to every row of ``sheet`` (pure: nothing is read or written).

    Args:
        sheet: The sheet as read by :func:`dashboard.data.sheets.read_workbook`.
        mapping: Its columns (:func:`dashboard.data.mapping.detect` or a mapping file).
        state: The data folder as it is (:func:`dashboard.data.import_apply.read_folder`).
        reference: The Erasmus Charter holders (:func:`dashboard.data.matching.load_reference`).
        source: Provenance written on every imported agreement (a URL or a label).
        as_of: Date written as ``as_of`` (``YYYY-MM-DD``).
        file: The file's name, for messages.
        default_type: Agreement type for rows with a blank type cell (``""``: refuse them).
        sheet_note: Why this sheet was read (shown in the report): English text, a message, or
            :func:`~dashboard.data.mapping.choose_sheet`'s note (which carries its message).

    Returns:
        The plan; nothing is written until :func:`dashboard.data.import_apply.apply_import`.
    """
    date_cells = [cells[i] for _, cells in sheet.rows for f, i in mapping.columns.items()
                  if f in ("since", "until", "period") and i < len(cells)]  # fmt: skip
    order = mapping.date_order or infer_date_order(date_cells)
    note_said = sheet_note.said if isinstance(sheet_note, SheetNote) else sheet_note
    plan = ImportPlan(
        file,
        sheet.name,
        note_said.text(DEFAULT_LANG) if isinstance(note_said, Message) else str(sheet_note),
        mapping.to_dict(),
        source,
        as_of,
        order,
        state.fingerprint,
        sheet_said=note_said if isinstance(note_said, Message) else None,
    )
    ctx = _Context(mapping, state, reference, _Index(state), order, default_type, plan)
    for number in sheet.blank_rows:
        plan.rows.append(RowResult.of(number, "skipped", Message.of("import.reason.blank_row")))
    for number, cells in sheet.rows:
        if number < mapping.header_row:
            plan.rows.append(RowResult.of(number, "skipped", Message.of("import.reason.title")))
        elif number == mapping.header_row:
            plan.rows.append(RowResult.of(number, "skipped", Message.of("import.reason.header")))
        elif is_totals_row(cells):
            plan.rows.append(RowResult.of(number, "skipped", Message.of("import.reason.totals")))
        else:
            plan.rows.append(_data_row(ctx, number, _cells(cells, mapping)))
    plan.rows.sort(key=lambda r: r.row)
    _date_order_problem(ctx, date_cells)
    return plan


def _date_order_problem(ctx: _Context, date_cells: list[str]) -> None:
    rows = ctx.ambiguous_dates
    if not rows:
        return
    listed = ", ".join(map(str, rows[:15]))
    shown: str | Message = (
        Message.of("import.problem.rows_more", rows=listed, n=len(rows) - 15) if len(rows) > 15 else listed
    )
    order = "DD/MM/YYYY" if ctx.order == "DMY" else "MM/DD/YYYY"
    if ctx.mapping.date_order:
        ctx.problem("info", Message.of("import.problem.order_as_mapped", order=order, rows=shown))
    elif infer_date_order(date_cells) != "DMY" or any(_only_dmy(c) for c in date_cells):
        ctx.problem("info", Message.of("import.problem.order_forced", order=order, rows=shown))
    else:
        ctx.problem(
            "warning", Message.of("import.problem.order_swappable", count=len(rows), order=order, rows=shown)
        )


def _only_dmy(cell: str) -> bool:
    parsed = day_month(cell.split(" ")[0])
    return bool(parsed and parsed[0] > 12 >= parsed[1])


def set_coordinates(plan: ImportPlan, partner_id: str, lat: float, lon: float) -> ImportPlan:
    """A copy of ``plan`` with a new partner placed by typed coordinates (``placed_by`` coordinates).

    Raises:
        LookupError: When no new partner has this id.
        ValueError: When the coordinates are out of range.
    """
    lat, lon = parse_coordinate(str(lat), limit=90), parse_coordinate(str(lon), limit=180)
    return _edit(plan, partner_id, lat=lat, lon=lon, placed_by="coordinates", **_PLACED)


def choose_candidate(plan: ImportPlan, partner_id: str, index: int) -> ImportPlan:
    """A copy of ``plan`` with a new partner moved to another gazetteer namesake (``placed_by`` city).

    Raises:
        LookupError: When no new partner has this id or it has no such candidate.
    """
    partner = plan.partner(partner_id)
    if partner is None or not 0 <= index < len(partner.candidates):
        raise LookupError(f"no candidate {index} for {partner_id!r}")
    chosen = partner.candidates[index]
    return _edit(
        plan,
        partner_id,
        lat=chosen["lat"],
        lon=chosen["lon"],
        placed_by="city",
        **_PLACED,
    )


# A partner placed by hand: no reason it is not placed, no caveat about how it was.
_PLACED: dict[str, object] = {
    "reason": "",
    "reason_said": None,
    "unplaced": "",
    "warning": "",
    "warning_said": (),
}


def _edit(plan: ImportPlan, partner_id: str, **changes: object) -> ImportPlan:
    partner = plan.partner(partner_id)
    if partner is None or not partner.new:
        raise LookupError(f"no new partner {partner_id!r} in this import")
    partners = [replace(p, **changes) if p.id == partner_id else p for p in plan.partners]  # type: ignore[arg-type]
    return replace(plan, partners=partners)


PLACED_BY = schema.PLACED_BY
