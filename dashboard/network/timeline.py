"""How the network grew: partners by the year their first dated relation started.

A partner's *first year* is the earliest start year among its relations with home (an
agreement's start, or the year the partner joined a consortium shared with home), as in
``Model.partners["first_year"]``. Partners none of whose relations has a start year are
*undated*: they are always counted and shown, as their own group, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.regions import ordered_regions
from dashboard.network.model import Model


def first_years(model: Model, partner_ids: Iterable[str]) -> dict[str, int | None]:
    """Partner id -> first year (``None`` when undated), for the given partners."""
    years = model.partners["first_year"]
    chosen = years.loc[years.index.intersection(pd.Index(list(partner_ids)), sort=False)]
    return {str(p): (None if pd.isna(y) else int(y)) for p, y in chosen.items()}


@dataclass(frozen=True)
class AsOf:
    """Partners as of a year.

    Attributes:
        year: The year.
        dated: Partners whose first relation started in or before ``year``, sorted.
        undated: Partners with no dated relation (shown, flagged), sorted.
    """

    year: int
    dated: list[str]
    undated: list[str]


def partners_as_of(model: Model, year: int, partner_ids: Iterable[str] | None = None) -> AsOf:
    """Partners in the network by the end of ``year``, plus the undated ones, flagged.

    Args:
        model: The model.
        year: Last year included.
        partner_ids: Restrict to these partners (the filters); all partners when ``None``.
    """
    ids = model.partners.index if partner_ids is None else partner_ids
    first = first_years(model, ids)
    dated = sorted(p for p, y in first.items() if y is not None and y <= year)
    undated = sorted(p for p, y in first.items() if y is None)
    return AsOf(year=int(year), dated=dated, undated=undated)


def growth_by_region(model: Model, partner_ids: Iterable[str]) -> dict[str, object]:
    """Cumulative partners per region, year by year, and the undated count per region.

    Returns:
        ``{"years": [first … last], "series": {region: [cumulative counts]},
        "undated": {region: count}, "undated_total": int}``; regions in the usual order
        (seed regions first). ``years`` is empty when nothing is dated.
    """
    first = first_years(model, partner_ids)
    region = {p: str(r) for p, r in model.partners["region"].loc[list(first)].items()}
    dated = {p: y for p, y in first.items() if y is not None}
    regions = ordered_regions(set(region.values()))
    years = list(range(min(dated.values()), max(dated.values()) + 1)) if dated else []
    series: dict[str, list[int]] = {}
    for name in regions:
        starts = np.sort(np.array([y for p, y in dated.items() if region[p] == name], dtype=int))
        series[name] = np.searchsorted(starts, years, side="right").astype(int).tolist()
    undated = {name: sum(1 for p, y in first.items() if y is None and region[p] == name) for name in regions}
    return {
        "years": years,
        "series": series,
        "undated": undated,
        "undated_total": sum(undated.values()),
    }


def by_decade(model: Model, partner_ids: Iterable[str]) -> dict[str, int]:
    """New partners per decade of their first year, oldest first, then ``undated``.

    Examples are in the tests; the keys look like ``"1980s"``, ``"2020s"``, ``"undated"``.
    """
    first = first_years(model, partner_ids)
    counts: dict[str, int] = {}
    for year in sorted(y for y in first.values() if y is not None):
        key = f"{year // 10 * 10}s"
        counts[key] = counts.get(key, 0) + 1
    counts["undated"] = sum(1 for y in first.values() if y is None)
    return counts
