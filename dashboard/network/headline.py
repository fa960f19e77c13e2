"""Headline figures of a (filtered) network: plain numbers for cards, decks and reports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.dataset import Dataset
from dashboard.data.regions import ordered_regions


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
    ids = pd.Index(partner_ids)
    return HeadlineIndex.build(ds, relations, ids).headline(ds.institutions.loc[ids])


@dataclass(frozen=True)
class HeadlineIndex:
    """Per-partner figures computed once, so that a headline is a few vectorised sums.

    :func:`headline` builds one for the partners it is given; the explorer builds one for all
    partners at start-up and then only sums on every filter change.
    """

    agreements: pd.Series  # agreement rows per partner
    double_degree: pd.Series  # partner has a double degree
    consortia: pd.Series  # (partner id -> consortium id), one row per shared consortium
    regions: tuple[str, ...]

    @classmethod
    def build(cls, ds: Dataset, relations: pd.DataFrame, partners: pd.Index) -> HeadlineIndex:
        """Index the relations of these partners."""
        is_agreement = relations["consortium_id"] == ""
        agreements = relations.loc[is_agreement].groupby("institution_id").size()
        double = set(relations.loc[relations["type"] == "double_degree", "institution_id"])
        member = relations.loc[~is_agreement, ["institution_id", "consortium_id"]].drop_duplicates()
        return cls(
            agreements=agreements.reindex(partners, fill_value=0).astype(int),
            double_degree=pd.Series(partners.isin(list(double)), index=partners),
            consortia=member.set_index("institution_id")["consortium_id"],
            regions=tuple(ordered_regions(set(ds.regions["region"]) - {"Antarctica"})),
        )

    def headline(self, partners: pd.DataFrame) -> Headline:
        """The headline of these partners (rows of the model's partner table)."""
        ids = partners.index
        counts = partners["region"].value_counts()
        shared = self.consortia.loc[self.consortia.index.isin(ids)]
        return Headline(
            partners=len(partners),
            countries=int(partners["country"].nunique()),
            consortia=int(shared.nunique()),
            double_degrees=int(self.double_degree.reindex(ids, fill_value=False).sum()),
            agreements=int(self.agreements.reindex(ids, fill_value=0).sum()),
            by_region={r: int(counts.get(r, 0)) for r in self.regions},
        )
