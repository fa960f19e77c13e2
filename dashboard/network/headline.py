"""Headline figures of a (filtered) network: plain numbers for cards, slides, decks and reports.

Every count that leaves the program comes from :class:`Counts`, computed by one function
(:meth:`HeadlineIndex.counts`, or :func:`partner_counts` for a one-off): partners *with an
agreement* first, partners linked only through a shared consortium as their own figure,
academic and non-academic partners, and agreements by status. No figure merges the two kinds
of partner without its parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import pandas as pd

from dashboard.data.dataset import Dataset
from dashboard.data.regions import ordered_regions
from dashboard.data.schema import ACADEMIC_KINDS, ACTIVE, CONSORTIUM_TYPE, STATUSES


@dataclass(frozen=True)
class Counts:
    """What a set of partners holds, each figure saying what it counts.

    Attributes:
        agreement_partners: Partners with at least one agreement row (of any status).
        consortium_only_partners: Partners linked to home only through shared consortia.
        academic_partners: Universities and schools among both (``ACADEMIC_KINDS``).
        non_academic_partners: Every other kind among both (companies, public bodies …).
        active_agreements: Agreement rows whose status is ``active``.
        planned_agreements: Agreement rows not yet in force.
        ended_agreements: Agreement rows that have ended.
        suspended_agreements: Agreement rows on hold.
        active_agreement_partners: Partners with at least one ``active`` agreement.
    """

    agreement_partners: int = 0
    consortium_only_partners: int = 0
    academic_partners: int = 0
    non_academic_partners: int = 0
    active_agreements: int = 0
    planned_agreements: int = 0
    ended_agreements: int = 0
    suspended_agreements: int = 0
    active_agreement_partners: int = 0

    @property
    def partners(self) -> int:
        """Both kinds of partner together: only ever shown beside its two parts."""
        return self.agreement_partners + self.consortium_only_partners

    @property
    def agreements(self) -> int:
        """Agreement rows of every status."""
        return (
            self.active_agreements
            + self.planned_agreements
            + self.ended_agreements
            + self.suspended_agreements
        )

    def as_dict(self) -> dict[str, int]:
        """The figures by name, as plain ints (the report's ``counts``)."""
        return asdict(self)


@dataclass(frozen=True)
class Headline:
    """Figures shown in the header; they follow the filters.

    Attributes:
        counts: Partners and agreements, each kind apart (:class:`Counts`).
        countries: Distinct partner countries.
        consortia: Consortia that home shares with at least one shown partner.
        double_degrees: Partners with at least one double-degree agreement in force.
        by_region: :class:`Counts` per region, seed regions first, every region of the table listed.
    """

    counts: Counts
    countries: int
    consortia: int
    double_degrees: int
    by_region: dict[str, Counts]


def headline(ds: Dataset, relations: pd.DataFrame, partner_ids: list[str]) -> Headline:
    """Compute the headline figures for a set of partners.

    Args:
        ds: The dataset.
        relations: Its relations table (:func:`~dashboard.network.graph.relations_table`).
        partner_ids: The partners shown (e.g. after filtering).

    Returns:
        The figures, as plain ints.
    """
    ids = pd.Index(partner_ids)
    return HeadlineIndex.build(ds, relations, ids).headline(ds.institutions.loc[ids])


def partner_counts(relations: pd.DataFrame, partners: pd.DataFrame) -> Counts:
    """:class:`Counts` of these partners (rows indexed by id, with ``kind``)."""
    return _counts(_indicators(relations, partners).sum())


def double_degree_partners(relations: pd.DataFrame) -> set[str]:
    """Partners with a double degree in force (a planned or ended one is not a double degree today).

    Examples:
        >>> rel = pd.DataFrame({"institution_id": ["a", "b", "c"], "type": ["double_degree"] * 2 + ["exchange"],
        ...                     "status": ["active", "planned", "active"]})
        >>> double_degree_partners(rel)
        {'a'}
    """
    chosen = (relations["type"] == "double_degree") & (relations["status"] == ACTIVE)
    return set(relations.loc[chosen, "institution_id"])


_STATUS_COLUMNS = tuple(f"{status}_agreements" for status in STATUSES)
_FIELDS = tuple(Counts.__dataclass_fields__)


def _indicators(relations: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """One row per partner, one int column per :class:`Counts` field: a count is a column sum."""
    agreements = relations.loc[relations["type"] != CONSORTIUM_TYPE]
    by_status = pd.crosstab(agreements["institution_id"], agreements["status"])
    by_status = by_status.reindex(index=partners.index, columns=list(STATUSES), fill_value=0)
    per = pd.DataFrame(by_status.to_numpy(dtype=int), index=partners.index, columns=list(_STATUS_COLUMNS))
    via = partners.index.isin(
        list(set(relations.loc[relations["type"] == CONSORTIUM_TYPE, "institution_id"]))
    )
    with_agreement = per.sum(axis=1).to_numpy() > 0
    academic = partners["kind"].isin(ACADEMIC_KINDS).to_numpy()
    partner = with_agreement | via
    per["agreement_partners"] = with_agreement
    per["consortium_only_partners"] = via & ~with_agreement
    per["academic_partners"] = partner & academic
    per["non_academic_partners"] = partner & ~academic
    per["active_agreement_partners"] = per["active_agreements"] > 0
    return per[list(_FIELDS)].astype(int)


def _counts(sums: pd.Series) -> Counts:
    return Counts(**{name: int(sums.get(name, 0)) for name in _FIELDS})


@dataclass(frozen=True)
class HeadlineIndex:
    """Per-partner figures computed once, so that a headline is a few vectorised sums.

    :func:`headline` builds one for the partners it is given; the explorer builds one for all
    partners at start-up and then only sums on every filter change.
    """

    indicators: pd.DataFrame  # _indicators: one int column per Counts field, one row per partner
    double_degree: pd.Series  # partner has a double degree
    consortia: pd.Series  # (partner id -> consortium id), one row per shared consortium
    regions: tuple[str, ...]

    @classmethod
    def build(cls, ds: Dataset, relations: pd.DataFrame, partners: pd.Index) -> HeadlineIndex:
        """Index the relations of these partners."""
        is_agreement = relations["consortium_id"] == ""
        double = double_degree_partners(relations)
        member = relations.loc[~is_agreement, ["institution_id", "consortium_id"]].drop_duplicates()
        rows = ds.institutions.loc[ds.institutions.index.intersection(partners), ["kind"]]
        return cls(
            indicators=_indicators(relations, rows.reindex(partners).fillna({"kind": ""})),
            double_degree=pd.Series(partners.isin(list(double)), index=partners),
            consortia=member.set_index("institution_id")["consortium_id"],
            regions=tuple(ordered_regions(set(ds.regions["region"]) - {"Antarctica"})),
        )

    def counts(self, partner_ids: pd.Index) -> Counts:
        """:class:`Counts` of these partners."""
        return _counts(self.indicators.reindex(partner_ids, fill_value=0).sum())

    def headline(self, partners: pd.DataFrame) -> Headline:
        """The headline of these partners (rows of the model's partner table)."""
        ids = partners.index
        shared = self.consortia.loc[self.consortia.index.isin(ids)]
        rows = self.indicators.reindex(ids, fill_value=0)
        per_region = rows.groupby(partners["region"].to_numpy()).sum()
        return Headline(
            counts=_counts(rows.sum()),
            countries=int(partners["country"].nunique()),
            consortia=int(shared.nunique()),
            double_degrees=int(self.double_degree.reindex(ids, fill_value=False).sum()),
            by_region={
                r: _counts(per_region.loc[r]) if r in per_region.index else Counts() for r in self.regions
            },
        )


def tie_parts(partners: pd.DataFrame, partner_id: str) -> dict[str, int]:
    """The two parts of a partner's tie strength: ``agreements`` (rows) and shared ``consortia``.

    Examples:
        >>> p = pd.DataFrame({"strength": [5], "consortia": [("a", "b", "c")]}, index=["x"])
        >>> tie_parts(p, "x")
        {'agreements': 2, 'consortia': 3}
    """
    row = partners.loc[partner_id]
    shared = len(row["consortia"])
    return {"agreements": int(row["strength"]) - shared, "consortia": shared}


def describe_ties(parts: dict[str, int], tr: Callable[..., str]) -> str:
    """A tie strength in words, its zero part left out: "2 agreements + 1 shared consortium",
    "5 shared consortia" (never a bare number a room would read as bilateral ties).

    Examples:
        >>> tr = lambda key, count=0: {"counts.ties_agreements": f"{count} agr", "counts.ties_consortia": f"{count} cons"}.get(key, " + ")
        >>> describe_ties({"agreements": 2, "consortia": 1}, tr), describe_ties({"agreements": 0, "consortia": 5}, tr)
        ('2 agr + 1 cons', '5 cons')
    """
    words = [tr("counts.ties_agreements", count=parts["agreements"])] if parts["agreements"] else []
    if parts["consortia"] or not words:
        words.append(tr("counts.ties_consortia", count=parts["consortia"]))
    return tr("counts.ties_join").join(words)


def describe(counts: Counts, tr: Callable[..., str], *, key: str = "counts.summary", **extra: object) -> str:
    """A catalog sentence filled with these counts (every output words a count the same way).

    Args:
        counts: The figures.
        tr: ``tr(key, **values)``, the caller's translator in its language.
        key: Catalog key whose placeholders name :class:`Counts` fields.
        **extra: More placeholders (``region=…``).
    """
    return tr(key, **counts.as_dict(), **extra)
