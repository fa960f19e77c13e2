"""Plain data for the details panel and the table: what a view shows, before it is drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pandas as pd

from dashboard.i18n import country_name, term
from dashboard.network.model import Model

Translate = Callable[..., str]


def _period(since: str, until: str) -> str:
    """Human period of a relation.

    Examples:
        >>> _period("2012", ""), _period("2005", "2015"), _period("", "")
        ('2012–', '2005–2015', '')
    """
    if not since and not until:
        return ""
    return f"{since or '?'}–{until}"


def institution_details(model: Model, institution_id: str) -> dict[str, object] | None:
    """Everything known about one institution's ties with home, each fact with its source.

    Returns:
        ``None`` for an unknown id; else a dict with ``id``, ``name``, ``short_name``,
        ``kind``, ``city``, ``country_name``, ``region``, ``website``, ``distance_km``
        (or ``None``), ``is_home``, ``agreements`` and ``memberships`` (lists of dicts
        with ``source`` and ``as_of``).
    """
    ds = model.ds
    if institution_id not in ds.institutions.index:
        return None
    rec = ds.institutions.loc[institution_id]
    agreements = ds.agreements[ds.agreements["institution_id"] == institution_id]
    members = ds.memberships[ds.memberships["institution_id"] == institution_id]
    home_consortia = set(ds.memberships.loc[ds.memberships["institution_id"] == ds.home, "consortium_id"])
    distance = (
        model.partners["distance_km"].get(institution_id) if institution_id in model.partners.index else None
    )
    return {
        "id": institution_id,
        "name": rec["name"],
        "short_name": rec["short_name"] or rec["name"],
        "kind": rec["kind"],
        "city": rec["city"],
        "country": rec["country"],
        "country_name": rec["country_name"],
        "region": rec["region"],
        "website": rec["website"],
        "is_home": institution_id == ds.home,
        "distance_km": None if distance is None or pd.isna(distance) else int(distance),
        "agreements": [
            {
                "type": a.type,
                "field": a.field,
                "period": _period(a.since, a.until),
                "source": a.source,
                "as_of": a.as_of,
                "note": a.note,
            }
            for a in agreements.sort_values(["since", "type"]).itertuples()
        ],
        "memberships": [
            {
                "consortium_id": m.consortium_id,
                "consortium": ds.consortia.loc[m.consortium_id, "name"],
                "role": m.role,
                "since": m.since,
                "shared_with_home": m.consortium_id in home_consortia,
                "source": m.source,
                "as_of": m.as_of,
                "note": m.note,
            }
            for m in members.sort_values("consortium_id").itertuples()
        ],
    }


# The table's columns in their order, with the kind of filter each one takes.
TABLE_COLUMNS: dict[str, Literal["text", "number"]] = {
    "name": "text",
    "short_name": "text",
    "country": "text",
    "region": "text",
    "relations": "text",
    "strength": "number",
    "consortia": "text",
    "since": "number",
    "distance_km": "number",
    "city": "text",
}


def table_rows(
    partners: pd.DataFrame, consortium_names: dict[str, str], *, tr: Translate, lang: str = "en"
) -> list[dict[str, object]]:
    """One row per shown partner, for the table (text only: the grid never renders HTML)."""
    rows = []
    for rec in partners.itertuples():
        rows.append(
            {
                "id": rec.Index,
                "name": rec.name,
                "short_name": rec.short_name,
                "city": rec.city,
                "country": country_name(rec.country, lang, rec.country_name),
                "region": term("region", rec.region, lang),
                "relations": ", ".join(tr(f"type.{t}") for t in rec.types),
                "strength": int(rec.strength),
                "consortia": ", ".join(consortium_names.get(c, c) for c in rec.consortia),
                "since": None if pd.isna(rec.first_year) else int(rec.first_year),
                "distance_km": None if pd.isna(rec.distance_km) else int(rec.distance_km),
            }
        )
    return rows
