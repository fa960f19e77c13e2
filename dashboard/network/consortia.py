"""Home's consortia: their members, the partners they share, their overlaps and brokers.

Questions about the model (which consortia home belongs to, who else is in them); the
graph-only measures are in :mod:`dashboard.network.metrics`. Everything returned is plain
Python or a small DataFrame, sorted so that the same data always gives the same output.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.network.model import Model


def home_consortia(model: Model) -> list[str]:
    """Ids of the consortia home belongs to, sorted."""
    members = model.ds.memberships
    return sorted(set(members.loc[members["institution_id"] == model.ds.home, "consortium_id"]))


def consortium_members(model: Model, partner_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Members of each of home's consortia other than home, optionally only the given partners.

    Returns:
        Consortium id -> sorted institution ids (consortia left without members are dropped).
    """
    keep = None if partner_ids is None else set(partner_ids)
    members = model.ds.memberships
    mine = members[members["consortium_id"].isin(home_consortia(model))]
    grouped = mine.groupby("consortium_id", sort=True)["institution_id"].agg(set).to_dict()
    out: dict[str, list[str]] = {}
    for cid, found in grouped.items():
        ids = found - {model.ds.home}
        if keep is not None:
            ids &= keep
        if ids:
            out[str(cid)] = sorted(ids)
    return out


def shared_partners(model: Model, partner_ids: Iterable[str], *, minimum: int = 2) -> list[dict[str, object]]:
    """Partners in at least ``minimum`` of home's consortia, most consortia first, then by name.

    Returns:
        Dicts ``{"id", "name", "consortia": [ids], "count"}``. With ``minimum=1`` this is
        the broker ranking: partners that connect home to the most of its consortia.
    """
    by_partner: dict[str, list[str]] = {}
    for cid, ids in consortium_members(model, partner_ids).items():
        for iid in ids:
            by_partner.setdefault(iid, []).append(cid)
    names = model.ds.institutions["name"]
    rows = [
        {"id": iid, "name": str(names[iid]), "consortia": sorted(cids), "count": len(cids)}
        for iid, cids in by_partner.items()
        if len(cids) >= minimum
    ]
    return sorted(rows, key=lambda r: (-int(r["count"]), str(r["name"]), str(r["id"])))  # type: ignore[call-overload]


def brokers(model: Model, partner_ids: Iterable[str], *, limit: int = 10) -> list[dict[str, object]]:
    """Partners ranked by how many of home's consortia they belong to (ties by name)."""
    return shared_partners(model, partner_ids, minimum=1)[:limit]


def overlap_matrix(
    model: Model, partner_ids: Iterable[str]
) -> tuple[pd.DataFrame, dict[tuple[str, str], list[str]]]:
    """Members in common between every two of home's consortia (home itself not counted).

    Consortia are ordered by number of (shown) members, largest first, then by id. The
    diagonal holds each consortium's own member count.

    Returns:
        The count matrix (index and columns = consortium ids, plain ints) and, for every
        pair ``(a, b)`` with ``a`` before ``b`` in that order and at least one member in
        common, the sorted ids of those members.
    """
    members = consortium_members(model, partner_ids)
    order = sorted(members, key=lambda c: (-len(members[c]), c))
    counts = np.zeros((len(order), len(order)), dtype=int)
    sets = [set(members[c]) for c in order]
    common: dict[tuple[str, str], list[str]] = {}
    np.fill_diagonal(counts, [len(found) for found in sets])
    for (i, a), (j, b) in itertools.combinations(enumerate(order), 2):
        both = sorted(sets[i] & sets[j])
        counts[i, j] = counts[j, i] = len(both)
        if both:
            common[(a, b)] = both
    return pd.DataFrame(counts, index=order, columns=order), common
