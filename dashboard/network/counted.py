"""What is counted: the data's counts beside the home's published totals.

``published_shares`` compares every ``[published.<key>]`` total of ``dataset.toml`` with the
count of the data its ``measure`` names (active agreements only: a published total is of
agreements in force), over the whole data, whatever the filters: a published total is of the
whole network. Insights' "What is counted" and the report give these shares.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from dashboard.data.dataset import Dataset
from dashboard.data.published import PublishedTotal
from dashboard.data.schema import ACADEMIC_KINDS, ACTIVE, CONSORTIUM_TYPE
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.network.model import Model


def coverage_sentence(ds: Dataset, lang: str = "en") -> str:
    """``dataset.toml``'s coverage sentence, or a plain warning that the data is a subset.

    Shown beside the figures on every output, so that no one reads a sourced subset as the
    whole network.
    """
    return ds.text("coverage", lang) or t("coverage.unknown", lang)


def measure(model: Model, total: PublishedTotal) -> int:
    """The data's count that ``total`` compares with (see ``data/README.md``, ``measure``)."""
    rel = model.relations
    rel = rel.loc[(rel["type"] != CONSORTIUM_TYPE) & (rel["status"] == ACTIVE)]
    slugs = model.ds.institutions["region_slug"]
    in_scope = slugs.isin(total.regions) if total.regions else pd.Series(True, index=slugs.index)
    in_scope &= ~slugs.isin(total.exclude_regions)
    rel = rel.loc[rel["institution_id"].map(in_scope).fillna(False).astype(bool)]
    kinds = model.ds.institutions["kind"]
    if total.measure == "double_degree_agreements":
        return int((rel["type"] == "double_degree").sum())
    if total.measure == "academic_agreement_partners":
        rel = rel.loc[rel["institution_id"].map(kinds).isin(ACADEMIC_KINDS)]
    elif total.measure == "exchange_partners":
        rel = rel.loc[rel["type"] == "exchange"]
    elif total.measure == "double_degree_partners":
        rel = rel.loc[rel["type"] == "double_degree"]
    return int(rel["institution_id"].nunique())


def share_pct(counted: int, value: int) -> float:
    """``counted`` as a percentage of ``value``, one decimal, halves rounded up (as a reader would).

    Examples:
        >>> share_pct(13, 400), share_pct(25, 160), share_pct(1, 3)
        (3.3, 15.6, 33.3)
    """
    exact = Decimal(100 * counted) / Decimal(value)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def share_at_most_pct(counted: int, value: int) -> float:
    """An upper bound of the share, one decimal, rounded up: against "more than ``value``" the
    data covers less than ``counted / value``, so no rounding may make it look larger.

    Examples:
        >>> share_at_most_pct(13, 400), share_at_most_pct(13, 100)
        (3.3, 13.0)
    """
    return math.ceil(1000 * counted / value) / 10


def published_shares(model: Model, lang: str = DEFAULT_LANG) -> list[dict[str, object]]:
    """One dict per published total: ``key``, ``label``, ``value``, ``qualifier``, ``measure``,
    ``regions`` and ``exclude_regions`` (the measure's scope), ``counted`` (the data's count),
    ``share_pct`` (of the published value, one decimal, :func:`share_pct`), ``share_at_most_pct``
    (:func:`share_at_most_pct`), ``source`` and ``as_of``; the label in ``lang`` when
    ``[text.<lang>.published]`` gives it."""
    rows = []
    for total in model.ds.published:
        counted = measure(model, total)
        rows.append(
            {
                "key": total.key,
                "label": model.ds.text(f"published.{total.key}", lang),
                "value": total.value,
                "qualifier": total.qualifier,
                "measure": total.measure,
                "regions": list(total.regions),
                "exclude_regions": list(total.exclude_regions),
                "counted": counted,
                "share_pct": share_pct(counted, total.value),
                "share_at_most_pct": share_at_most_pct(counted, total.value),
                "source": total.source,
                "as_of": total.as_of,
            }
        )
    return rows
