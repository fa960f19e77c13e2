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
from dashboard.data.mapping import Mapping, is_totals_row
from dashboard.data.matching import Holder, Identified, Reference, country_code, identify, name_key
from dashboard.data.regions import slugify
from dashboard.data.sheets import Sheet

OUTCOMES = ("imported", "duplicate", "existing", "refused", "skipped")
# Why a new partner has no coordinates (Partner.unplaced) -> what to do about it.
UNPLACED = {
    "no_city": "no city in the row or the Erasmus Charter list: add the city, or lat/lon",
    "lost_characters": "the city has '?' where characters were lost upstream: correct the spelling",
    "not_found": "the city is not in the offline gazetteer for its country: add lat/lon or a GeoNames spelling",
}


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


@dataclass
class RowResult:
    """What happened to one spreadsheet row."""

    row: int
    outcome: str
    reason: str = ""
    partner: str = ""


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
            partner.warning = f"coordinates {lat_text!r}, {lon_text!r} ignored ({exc})"
    if not partner.city:
        partner.unplaced = "no_city"
        partner.reason = "no city in the row" + (
            " or the Erasmus Charter list" if partner.identified_by else ""
        )
        return
    if "?" in partner.city:
        partner.unplaced = "lost_characters"
        partner.reason = f"the city {partner.city!r} has '?' where characters were lost upstream"
        return
    found = lookup(partner.city, partner.country)
    if found.place is None:
        partner.unplaced = "not_found"
        partner.reason = f"the city {partner.city!r} is not in the offline gazetteer for {partner.country}"
        return
    partner.lat, partner.lon = found.place.lat, found.place.lon
    partner.placed_by = partner.identified_by if partner.identified_by in ("code", "name") else "city"
    partner.candidates = [_candidate(p) for p in found.candidates] if len(found.candidates) > 1 else []
    if found.ambiguous:
        doubt = f"placed in the most populous of namesakes: {found.warning()}; give lat/lon if wrong"
        partner.warning = "; ".join(p for p in (partner.warning, doubt) if p)
    skipped = [f"not {d.label()}, a district of {district_of(d).name}" for d in found.districts]  # type: ignore[union-attr]
    partner.note = "; ".join(p for p in (partner.note, *skipped) if p)


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

    def problem(self, severity: str, message: str, row: int | None = None, value: str = "") -> None:
        self.plan.problems.append(
            {
                "severity": severity,
                "file": self.plan.file,
                "message": message,
                "row": row,
                "value": value or None,
            }
        )


def _identity(ctx: _Context, row: int, cells: dict[str, str]) -> tuple[Partner | None, str]:
    """The row's partner (existing, planned or new), or ``None`` and why it is refused."""
    name, code = cells.get("name", ""), cells.get("erasmus_code", "")
    if not name and not code:
        return None, "neither a partner name nor an Erasmus code"
    country = country_code(cells.get("country", ""), ctx.state.countries)
    found: Identified = identify(name, code, country, ctx.reference)
    holder: Holder | None = found.holder
    warning = ""
    if holder is not None:
        if country and country != holder.country:
            warning = (
                f"the row says country {cells.get('country')!r}; its Erasmus code is from {holder.country}"
            )
        country = holder.country
    if not country:
        given = cells.get("country", "")
        why = f"country {given!r} is not a known country code or name" if given else "no country"
        return None, f"{why}: give an ISO code (ES) or a name (Spagna, Spain), or an Erasmus code"
    code_text = holder.erasmus_code if holder else (normalise_erasmus_code(code) if code else "")
    ident = ctx.index.existing(code_text, [name, holder.name if holder else ""], country)
    if ident == ctx.state.home:
        return None, "is the home institution itself"
    key = ident or (f"code:{erasmus_key(code_text)}" if holder else f"name:{country}:{name_key(name)}")
    if key in ctx.index.planned:
        return ctx.index.planned[key], ""
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
            warning="; ".join(p for p in (warning, found.note) if p),
            suggestions=list(found.suggestions),
        )
        _place(partner, cells.get("lat", ""), cells.get("lon", ""))
    ctx.index.planned[key] = partner
    ctx.plan.partners.append(partner)
    return partner, ""


def _agreement(ctx: _Context, row: int, cells: dict[str, str]) -> tuple[dict[str, str] | None, str]:
    """The agreements.csv row for a spreadsheet row (without its partner), or why it is refused."""
    raw_type = cells.get("type", "")
    kind = agreement_type(raw_type, ctx.mapping.types) if raw_type else ctx.default_type
    if not kind:
        if raw_type:
            return None, f"unknown agreement type {raw_type!r}: map it in a mapping file ([types])"
        return None, "the agreement type is blank"
    when = read_when(
        start=cells.get("since", ""),
        end=cells.get("until", ""),
        period=cells.get("period", ""),
        order=ctx.order,
    )
    if when.since and when.until and when.until < when.since:
        return None, f"ends ({when.until}) before it starts ({when.since})"
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
        ctx.problem("warning", f"not a date ({shown}): left blank, kept in the note", row)
    return {
        "type": kind,
        "field": cells.get("field", ""),
        "since": when.since,
        "until": when.until,
        "source": ctx.plan.source,
        "as_of": ctx.plan.as_of,
        "note": "; ".join(notes),
    }, ""


def _data_row(ctx: _Context, row: int, cells: dict[str, str]) -> RowResult:
    agreement, why = _agreement(ctx, row, cells)
    if agreement is None:
        return RowResult(row, "refused", why)
    partner, why = _identity(ctx, row, cells)
    if partner is None:
        return RowResult(row, "refused", why)
    partner.rows.append(row)
    agreement["institution_id"] = partner.id
    key = (partner.id, agreement["type"], agreement["field"].lower(), agreement["since"])
    if key in ctx.state.agreements:
        return RowResult(
            row, "existing", f"already in agreements.csv (row {ctx.state.agreements[key]})", partner.id
        )
    if key in ctx.seen:
        first, earlier = ctx.seen[key]
        if earlier == agreement:
            return RowResult(row, "duplicate", f"same as row {first}: merged", partner.id)
        return RowResult(
            row,
            "refused",
            f"same partner, type, field and start as row {first} but other dates or notes",
            partner.id,
        )
    ctx.seen[key] = (row, agreement)
    ctx.plan.agreements.append({**agreement, "row": str(row)})
    return RowResult(row, "imported", "", partner.id)


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
    sheet_note: str = "",
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
        sheet_note: Why this sheet was read (shown in the report).

    Returns:
        The plan; nothing is written until :func:`dashboard.data.import_apply.apply_import`.
    """
    date_cells = [cells[i] for _, cells in sheet.rows for f, i in mapping.columns.items()
                  if f in ("since", "until", "period") and i < len(cells)]  # fmt: skip
    order = mapping.date_order or infer_date_order(date_cells)
    plan = ImportPlan(
        file, sheet.name, sheet_note, mapping.to_dict(), source, as_of, order, state.fingerprint
    )
    ctx = _Context(mapping, state, reference, _Index(state), order, default_type, plan)
    for number in sheet.blank_rows:
        plan.rows.append(RowResult(number, "skipped", "blank row"))
    for number, cells in sheet.rows:
        if number < mapping.header_row:
            plan.rows.append(RowResult(number, "skipped", "above the header (title)"))
        elif number == mapping.header_row:
            plan.rows.append(RowResult(number, "skipped", "the header"))
        elif is_totals_row(cells):
            plan.rows.append(RowResult(number, "skipped", "totals row"))
        else:
            plan.rows.append(_data_row(ctx, number, _cells(cells, mapping)))
    plan.rows.sort(key=lambda r: r.row)
    _date_order_problem(ctx, date_cells)
    return plan


def _date_order_problem(ctx: _Context, date_cells: list[str]) -> None:
    rows = ctx.ambiguous_dates
    if not rows:
        return
    shown = ", ".join(map(str, rows[:15])) + (f" and {len(rows) - 15} more" if len(rows) > 15 else "")
    order = "DD/MM/YYYY" if ctx.order == "DMY" else "MM/DD/YYYY"
    if ctx.mapping.date_order:
        ctx.problem(
            "info", f"dates such as 03/04/2022 read as {order}, as the mapping file says (rows {shown})"
        )
    elif infer_date_order(date_cells) != "DMY" or any(_only_dmy(c) for c in date_cells):
        ctx.problem(
            "info",
            f"dates such as 03/04/2022 read as {order}: other dates in this file can only be read so (rows {shown})",
        )
    else:
        ctx.problem(
            "warning",
            f"day and month could be swapped in {len(rows)} row(s) ({shown}): read as {order}; "
            'if they are month/day, set date_order = "MDY" in a mapping file',
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
    return _edit(
        plan, partner_id, lat=lat, lon=lon, placed_by="coordinates", reason="", unplaced="", warning=""
    )


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
        reason="",
        unplaced="",
        warning="",
    )


def _edit(plan: ImportPlan, partner_id: str, **changes: object) -> ImportPlan:
    partner = plan.partner(partner_id)
    if partner is None or not partner.new:
        raise LookupError(f"no new partner {partner_id!r} in this import")
    partners = [replace(p, **changes) if p.id == partner_id else p for p in plan.partners]  # type: ignore[arg-type]
    return replace(plan, partners=partners)


PLACED_BY = schema.PLACED_BY
