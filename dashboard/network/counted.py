"""What is counted: the data's counts beside the home's published totals.

``published_shares`` compares every ``[published.<key>]`` total of ``dataset.toml`` with the
count of the data its ``measure`` names (active agreements only: a published total is of
agreements in force), over the whole data, whatever the filters: a published total is of the
whole network. Insights' "What is counted" and the report give these shares.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.dataset import Dataset
from dashboard.data.published import PublishedTotal
from dashboard.data.schema import ACADEMIC_KINDS, ACTIVE, CONSORTIUM_TYPE
from dashboard.i18n import t
from dashboard.network.model import Model


def coverage_sentence(ds: Dataset, lang: str = "en") -> str:
    """``dataset.toml``'s coverage sentence, or a plain warning that the data is a subset.

    Shown beside the figures on every output, so that no one reads a sourced subset as the
    whole network.
    """
    return ds.coverage or t("coverage.unknown", lang)


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


def published_shares(model: Model) -> list[dict[str, object]]:
    """One dict per published total: ``key``, ``label``, ``value``, ``qualifier``, ``measure``,
    ``counted`` (the data's count), ``share_pct`` (of the published value, one decimal), ``source``
    and ``as_of``."""
    rows = []
    for total in model.ds.published:
        counted = measure(model, total)
        rows.append(
            {
                "key": total.key,
                "label": total.label,
                "value": total.value,
                "qualifier": total.qualifier,
                "measure": total.measure,
                "counted": counted,
                "share_pct": round(100.0 * counted / total.value, 1),
                "source": total.source,
                "as_of": total.as_of,
            }
        )
    return rows
