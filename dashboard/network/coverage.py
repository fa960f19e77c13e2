"""Coverage: how much of each Erasmus country's higher education the network reaches.

The denominator is the number of holders of the Erasmus Charter for Higher Education
(ECHE 2021–2027) per country, read from ``<data_dir>/reference/eche_counts.csv`` (built by
``scripts/build_eche_counts.py``; see ``data/reference/README.md`` for its source). A data
folder without that file simply has no coverage indicator.

The numerator is the shown partners that are higher-education institutions (kind
``university`` or ``school``: the kinds that can hold an ECHE) in that country. Home's own
country is left out: Erasmus is mobility *between* countries, so domestic universities
are never Erasmus partners.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from dashboard.network.model import Model

REFERENCE_FILE = Path("reference") / "eche_counts.csv"
HEI_KINDS = ("university", "school")
MIN_HOLDERS = 20  # below this, one partner more or less swings the share too much to name a country


def load_eche_counts(data_dir: Path | str) -> dict[str, int] | None:
    """ECHE holders per ISO country code, or ``None`` when the folder has no reference file.

    Rows with a malformed count are skipped: the indicator is optional, never an error.
    """
    path = Path(data_dir) / REFERENCE_FILE
    if not path.is_file():
        return None
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("country") or "").strip().upper()
            value = (row.get("eche_holders") or "").strip()
            if code and value.isdigit() and int(value) > 0:
                counts[code] = int(value)
    return counts or None


def share_pct(partners: int, holders: int) -> float:
    """Partners as a percentage of holders, one decimal.

    Examples:
        >>> share_pct(3, 79), share_pct(0, 12), share_pct(1, 0)
        (3.8, 0.0, 0.0)
    """
    return round(100.0 * partners / holders, 1) if holders else 0.0


def country_coverage(
    model: Model,
    partner_ids: Iterable[str],
    counts: dict[str, int],
    *,
    countries: Iterable[str] | None = None,
) -> list[dict[str, object]]:
    """Higher-education partners per Erasmus country against its ECHE holders.

    Args:
        model: The model.
        partner_ids: The shown partners.
        counts: ECHE holders per country (:func:`load_eche_counts`).
        countries: Limit the denominators to these countries (e.g. the region or country
            filter); ``None`` for every Erasmus country.

    Returns:
        One dict per Erasmus country but home's: ``country``, ``country_name``, ``region``,
        ``partners``, ``eche_holders``, ``share_pct``; thinnest first (lowest share, then
        most holders, then code).
    """
    home_country = str(model.ds.home_row["country"])
    regions = model.ds.regions
    shown = model.partners.loc[[p for p in partner_ids if p in model.partners.index]]
    hei = shown[shown["kind"].isin(HEI_KINDS)]
    per_country = hei["country"].value_counts().to_dict()
    scope = None if countries is None else set(countries)
    rows = []
    for code, holders in counts.items():
        if code == home_country or (scope is not None and code not in scope):
            continue
        known = code in regions.index
        partners = int(per_country.get(code, 0))
        rows.append(
            {
                "country": code,
                "country_name": str(regions.loc[code, "country_name"]) if known else code,
                "region": str(regions.loc[code, "region"]) if known else "",
                "partners": partners,
                "eche_holders": int(holders),
                "share_pct": share_pct(partners, holders),
            }
        )
    return sorted(rows, key=lambda r: (r["share_pct"], -int(r["eche_holders"]), r["country"]))  # type: ignore[arg-type,call-overload]


def region_coverage(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Sum :func:`country_coverage` rows per region; thinnest first.

    Examples:
        >>> rows = [{"region": "Europe", "partners": 2, "eche_holders": 100},
        ...         {"region": "Europe", "partners": 0, "eche_holders": 50},
        ...         {"region": "Eastern Europe", "partners": 3, "eche_holders": 60}]
        >>> [(r["region"], r["partners"], r["eche_holders"], r["share_pct"]) for r in region_coverage(rows)]
        [('Europe', 2, 150, 1.3), ('Eastern Europe', 3, 60, 5.0)]
    """
    totals: dict[str, list[int]] = {}
    for row in rows:
        total = totals.setdefault(str(row["region"]), [0, 0])
        total[0] += int(row["partners"])  # type: ignore[call-overload]
        total[1] += int(row["eche_holders"])  # type: ignore[call-overload]
    out = [
        {"region": region, "partners": p, "eche_holders": h, "share_pct": share_pct(p, h)}
        for region, (p, h) in totals.items()
    ]
    return sorted(out, key=lambda r: (r["share_pct"], -int(r["eche_holders"]), r["region"]))  # type: ignore[arg-type,call-overload]


def thinnest(
    rows: list[dict[str, object]], *, limit: int = 5, min_holders: int = 20
) -> list[dict[str, object]]:
    """The thinnest places worth naming: lowest share among those with ``min_holders`` or more.

    Small systems (Liechtenstein's 2 holders) are skipped: one partner there would be 50%.

    Examples:
        >>> rows = [{"country": "LI", "share_pct": 0.0, "eche_holders": 2},
        ...         {"country": "ES", "share_pct": 0.3, "eche_holders": 1806}]
        >>> [r["country"] for r in thinnest(rows)]
        ['ES']
    """
    return [r for r in rows if int(r["eche_holders"]) >= min_holders][:limit]  # type: ignore[call-overload]
