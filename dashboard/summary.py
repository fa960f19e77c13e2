"""Headline figures of a (filtered) network: plain numbers for cards, decks and reports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.datasets import Dataset
from dashboard.regions import ordered_regions


@dataclass(frozen=True)
class Headline:
    """Figures shown in the header; they follow the filters.

    Attributes:
        partners: Partner institutions (home excluded).
        countries: Distinct partner countries.
        consortia: Consortia that home shares with at least one shown partner.
        double_degrees: Partners with at least one double-degree agreement.
        agreements: Agreement rows with the shown partners.
        by_region: Partners per region, seed regions first, every region of the table listed.
    """

    partners: int
    countries: int
    consortia: int
    double_degrees: int
    agreements: int
    by_region: dict[str, int]


def headline(ds: Dataset, relations: pd.DataFrame, partner_ids: list[str]) -> Headline:
    """Compute the headline figures for a set of partners.

    Args:
        ds: The dataset.
        relations: Its relations table.
        partner_ids: The partners shown (e.g. after filtering).

    Returns:
        The figures, as plain ints.
    """
    inst = ds.institutions.loc[partner_ids]
    rel = relations[relations["institution_id"].isin(partner_ids)]
    counts = inst["region"].value_counts()
    regions = ordered_regions(set(ds.regions["region"]) - {"Antarctica"})
    return Headline(
        partners=len(inst),
        countries=int(inst["country"].nunique()),
        consortia=int(rel.loc[rel["consortium_id"] != "", "consortium_id"].nunique()),
        double_degrees=int(rel.loc[rel["type"] == "double_degree", "institution_id"].nunique()),
        agreements=int((rel["consortium_id"] == "").sum()),
        by_region={r: int(counts.get(r, 0)) for r in regions},
    )
