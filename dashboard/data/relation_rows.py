"""Row checks for the relation tables: consortia, memberships and agreements.

Each function takes the table as read, adds one problem per bad cell to the report and
returns a clean DataFrame of the rows that passed.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.data import schema
from dashboard.data.cells import check_id, is_web_url, parse_date, parse_source, year_of
from dashboard.data.problems import Report
from dashboard.data.reading import Row, Table

_Bad = Callable[..., None]


def _checker(row: Row, file: str, report: Report) -> tuple[_Bad, Callable[[], bool]]:
    """A ``bad(column, message, severity)`` reporter and an ``ok()`` for one row."""
    state = {"ok": True}

    def bad(column: str, message: str, severity: str = "error") -> None:
        report.add(severity, file, message, row=row.number, column=column, value=row.get(column))  # type: ignore[arg-type]
        if severity == "error":
            state["ok"] = False

    return bad, lambda: state["ok"]


def _date(row: Row, column: str, bad: _Bad, *, required: bool = False) -> str:
    text = row.get(column)
    if not text:
        if required:
            bad(column, "required: the date the source states the fact (YYYY, YYYY-MM or YYYY-MM-DD)")
        return ""
    try:
        return parse_date(text)
    except ValueError as exc:
        bad(column, str(exc))
        return ""


def _source(row: Row, bad: _Bad) -> str:
    try:
        return parse_source(row.get("source"))
    except ValueError as exc:
        bad("source", str(exc))
        return ""


def _enum(row: Row, column: str, allowed: tuple[str, ...], default: str, bad: _Bad, *, strict: bool) -> str:
    value = row.get(column).lower() or default
    if value in allowed:
        return value
    if strict:
        bad(column, f"unknown value (expected one of {', '.join(allowed)})")
    else:
        bad(column, f"unknown value, shown as '{default}' (expected one of {', '.join(allowed)})", "warning")
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
            bad("id", str(exc) if row.get("id") else "every consortium needs an id")
            continue
        if ident in records:
            bad("id", f"duplicate id (first used in row {records[ident]['row']})")
        if not row.get("name"):
            bad("name", "every consortium needs a name")
        kind = _enum(row, "kind", schema.CONSORTIUM_KINDS, "other", bad, strict=False)
        founded = _date(row, "founded", bad)
        website = row.get("website")
        if website and not is_web_url(website):
            bad("website", "not an http(s) address: ignored", "warning")
            website = ""
        source = row.get("source")
        if source and not is_web_url(source):
            bad("source", "not an http(s) address: ignored", "warning")
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
        bad("institution_id", "no institution with this id in institutions.csv (or its row has errors)")
        return ""
    if iid in taken:
        bad(
            "institution_id",
            f"this institution already is consortium {taken[iid]!r}: one organisation, one consortium",
        )
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
            bad("consortium_id", "no consortium with this id in consortia.csv")
        if iid not in institutions:
            bad("institution_id", "no institution with this id in institutions.csv (or its row has errors)")
        role = _enum(row, "role", schema.ROLES, "member", bad, strict=False)
        since, as_of = _date(row, "since", bad), _date(row, "as_of", bad, required=True)
        source = _source(row, bad)
        if (cid, iid) in seen:
            bad("institution_id", f"same membership already in row {seen[(cid, iid)]}", "warning")
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
            bad("institution_id", "an agreement links home with a partner: the partner cannot be home itself")
        elif iid not in institutions:
            bad("institution_id", "no institution with this id in institutions.csv (or its row has errors)")
        kind = _enum(row, "type", schema.AGREEMENT_TYPES, "", bad, strict=True)
        since, until = _date(row, "since", bad), _date(row, "until", bad)
        if since and until and until < since:
            bad("until", f"ends before it starts (since {since})")
        row_as_of, source = _date(row, "as_of", bad, required=True), _source(row, bad)
        status = _status(row, since, until, as_of or row_as_of, bad)
        key = (iid, kind, row.get("field").lower(), since)
        if key in seen:
            bad("type", f"same agreement (partner, type, field, since) already in row {seen[key]}", "warning")
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
        bad(
            "status",
            f"unknown status (expected one of {', '.join(schema.STATUSES)}, or blank to derive it from until)",
        )
        return derived
    if given == schema.ACTIVE and derived == "ended":
        bad(
            "status",
            f"says active but until ({until}) is before {as_of}: set until or status = ended",
            "warning",
        )
    elif given == "ended" and derived == "planned":
        bad("status", f"says ended but since ({since}) is after {as_of}", "warning")
    return given
