"""Row checks for the relation tables: consortia, memberships and agreements.

Each function takes the table as read, adds one problem per bad cell to the report (a catalog
text, ``problem.relation.*`` or a cell parser's ``problem.cell.*``) and returns a clean
DataFrame of the rows that passed.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.data import schema
from dashboard.data.cells import check_id, is_web_url, parse_date, parse_source, year_of
from dashboard.data.problems import Message, Report
from dashboard.data.reading import Row, Table

_Bad = Callable[..., None]


def _checker(row: Row, file: str, report: Report) -> tuple[_Bad, Callable[[], bool]]:
    """A ``bad(column, what, severity, **values)`` reporter and an ``ok()`` for one row.

    ``what`` is a catalog key filled with ``values``, or a cell parser's exception.
    """
    state = {"ok": True}

    def bad(column: str, what: str | Message | ValueError, severity: str = "error", **values: object) -> None:
        report.say(severity, file, what, row=row.number, column=column, value=row.get(column), **values)  # type: ignore[arg-type]
        if severity == "error":
            state["ok"] = False

    return bad, lambda: state["ok"]


def _date(row: Row, column: str, bad: _Bad, *, required: bool = False) -> str:
    text = row.get(column)
    if not text:
        if required:
            bad(column, "problem.relation.date_required")
        return ""
    try:
        return parse_date(text)
    except ValueError as exc:
        bad(column, exc)
        return ""


def _source(row: Row, bad: _Bad) -> str:
    try:
        return parse_source(row.get("source"))
    except ValueError as exc:
        bad("source", exc)
        return ""


def _enum(row: Row, column: str, allowed: tuple[str, ...], default: str, bad: _Bad, *, strict: bool) -> str:
    value = row.get(column).lower() or default
    if value in allowed:
        return value
    if strict:
        bad(column, "problem.relation.unknown", allowed=", ".join(allowed))
    else:
        bad(
            column, "problem.relation.unknown_default", "warning", default=default, allowed=", ".join(allowed)
        )
    return default


def check_consortia(
    table: Table | None, report: Report, institutions: set[str] | None = None
) -> pd.DataFrame:
    """Validate consortia rows; index the result by id.

    ``institution_id`` (optional) says the consortium *is* that institution (a consortium
    company such as CEFRIEL): it must name a row of ``institutions.csv``, at most once.
    """
    file = schema.CONSORTIA.file
    embodied: dict[str, str] = {}
    records: dict[str, dict[str, object]] = {}
    for row in table.rows if table else []:
        bad, ok = _checker(row, file, report)
        try:
            ident = check_id(row.get("id"))
        except ValueError as exc:
            bad("id", exc if row.get("id") else "problem.relation.id_missing")
            continue
        if ident in records:
            bad("id", "problem.relation.id_twice", first=str(records[ident]["row"]))
        if not row.get("name"):
            bad("name", "problem.relation.name_missing")
        kind = _enum(row, "kind", schema.CONSORTIUM_KINDS, "other", bad, strict=False)
        founded = _date(row, "founded", bad)
        website = row.get("website")
        if website and not is_web_url(website):
            bad("website", "problem.relation.not_web", "warning")
            website = ""
        source = row.get("source")
        if source and not is_web_url(source):
            bad("source", "problem.relation.not_web", "warning")
            source = ""
        institution = _embodied_institution(row, institutions, embodied, bad)
        if ok():
            if institution:
                embodied[institution] = ident
            records[ident] = {
                "id": ident,
                "name": row.get("name"),
                "short_name": row.get("short_name") or row.get("name"),
                "kind": kind,
                "founded": founded,
                "website": website,
                "description": row.get("description"),
                "source": source,
                "institution_id": institution,
                "row": row.number,
            }
    columns = [
        "id",
        "name",
        "short_name",
        "kind",
        "founded",
        "website",
        "description",
        "source",
        "institution_id",
        "row",
    ]
    return pd.DataFrame(list(records.values()), columns=columns).set_index("id", drop=False)


def _embodied_institution(row: Row, institutions: set[str] | None, taken: dict[str, str], bad: _Bad) -> str:
    """The consortium row's ``institution_id``, checked; ``""`` when blank or refused."""
    iid = row.get("institution_id")
    if not iid:
        return ""
    if institutions is not None and iid not in institutions:
        bad("institution_id", "problem.relation.no_institution")
        return ""
    if iid in taken:
        bad("institution_id", "problem.relation.embodied_twice", consortium=taken[iid])
        return ""
    return iid


def check_memberships(
    table: Table | None, consortia: set[str], institutions: set[str], report: Report
) -> pd.DataFrame:
    """Validate membership rows against the known consortium and institution ids."""
    file = schema.MEMBERSHIPS.file
    records: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows if table else []:
        bad, ok = _checker(row, file, report)
        cid, iid = row.get("consortium_id"), row.get("institution_id")
        if cid not in consortia:
            bad("consortium_id", "problem.relation.no_consortium")
        if iid not in institutions:
            bad("institution_id", "problem.relation.no_institution")
        role = _enum(row, "role", schema.ROLES, "member", bad, strict=False)
        since, as_of = _date(row, "since", bad), _date(row, "as_of", bad, required=True)
        source = _source(row, bad)
        if (cid, iid) in seen:
            bad("institution_id", "problem.relation.membership_twice", "warning", first=str(seen[(cid, iid)]))
            continue
        if ok():
            seen[(cid, iid)] = row.number
            records.append(
                {
                    "consortium_id": cid,
                    "institution_id": iid,
                    "role": role,
                    "since": since,
                    "since_year": year_of(since),
                    "source": source,
                    "as_of": as_of,
                    "note": row.get("note"),
                    "row": row.number,
                }
            )
    columns = [
        "consortium_id",
        "institution_id",
        "role",
        "since",
        "since_year",
        "source",
        "as_of",
        "note",
        "row",
    ]
    frame = pd.DataFrame(records, columns=columns)
    frame["since_year"] = frame["since_year"].astype("Int64")
    return frame


def check_agreements(
    table: Table | None, institutions: set[str], home: str, report: Report, *, as_of: str = ""
) -> pd.DataFrame:
    """Validate agreement rows: each is a relation between home and one partner.

    ``status`` is kept when given (one of :data:`~dashboard.data.schema.STATUSES`) and
    derived from ``since``/``until`` against ``as_of`` (the dataset's date, else the row's own
    ``as_of``) when blank; ``status_given`` says which.
    """
    file = schema.AGREEMENTS.file
    records: list[dict[str, object]] = []
    seen: dict[tuple[str, ...], int] = {}
    for row in table.rows if table else []:
        bad, ok = _checker(row, file, report)
        iid = row.get("institution_id")
        if iid == home:
            bad("institution_id", "problem.relation.partner_home")
        elif iid not in institutions:
            bad("institution_id", "problem.relation.no_institution")
        kind = _enum(row, "type", schema.AGREEMENT_TYPES, "", bad, strict=True)
        since, until = _date(row, "since", bad), _date(row, "until", bad)
        if since and until and until < since:
            bad("until", "problem.relation.ends_first", since=since)
        row_as_of, source = _date(row, "as_of", bad, required=True), _source(row, bad)
        status = _status(row, since, until, as_of or row_as_of, bad)
        key = (iid, kind, row.get("field").lower(), since)
        if key in seen:
            bad("type", "problem.relation.agreement_twice", "warning", first=str(seen[key]))
            continue
        if ok():
            seen[key] = row.number
            records.append(
                {
                    "institution_id": iid,
                    "type": kind,
                    "field": row.get("field"),
                    "since": since,
                    "until": until,
                    "since_year": year_of(since),
                    "until_year": year_of(until),
                    "status": status,
                    "status_given": bool(row.get("status")),
                    "source": source,
                    "as_of": row_as_of,
                    "note": row.get("note"),
                    "row": row.number,
                }
            )
    columns = [
        "institution_id",
        "type",
        "field",
        "since",
        "until",
        "since_year",
        "until_year",
        "status",
        "status_given",
        "source",
        "as_of",
        "note",
        "row",
    ]
    frame = pd.DataFrame(records, columns=columns)
    frame["status_given"] = frame["status_given"].astype(bool)
    for column in ("since_year", "until_year"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _status(row: Row, since: str, until: str, as_of: str, bad: _Bad) -> str:
    """The row's status: as given (checked against its dates) or derived when blank."""
    derived = schema.derive_status(since, until, as_of)
    given = row.get("status").lower()
    if not given:
        return derived
    if given not in schema.STATUSES:
        bad("status", "problem.relation.status_unknown", allowed=", ".join(schema.STATUSES))
        return derived
    if given == schema.ACTIVE and derived == "ended":
        bad("status", "problem.relation.active_ended", "warning", until=until, as_of=as_of)
    elif given == "ended" and derived == "planned":
        bad("status", "problem.relation.ended_planned", "warning", since=since, as_of=as_of)
    return given
