"""Where each partner's relations stand: the status a partner is drawn with, for the maps and the network.

An agreement has a status (``active``, ``planned``, ``ended``, ``suspended``:
:data:`~dashboard.data.schema.STATUS_REGISTRY`); a shared consortium counts as ``active``. A
partner is drawn with the first status, in the registry's order, among its relations: a
partner with one active agreement and one that ended is drawn as current, one whose only
agreement ended is drawn faded. Its colour (its strongest type) is read from the relations
of that status only, so an ended double degree never colours a partner as a current one.
With a status filter, only the relations of the chosen statuses count.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.data.schema import ACTIVE, CONSORTIUM_TYPE, STATUS, STATUSES, TYPE_ORDER, primary_type


def drawn_status(statuses: Iterable[str]) -> str:
    """The status a partner with relations in these statuses is drawn with.

    Examples:
        >>> drawn_status({"ended", "active"}), drawn_status(["ended", "planned"]), drawn_status([])
        ('active', 'planned', 'active')
    """
    present = set(statuses)
    return next((s for s in STATUSES if s in present), ACTIVE)


def partner_status(relations: pd.DataFrame, partners: pd.Index) -> pd.DataFrame:
    """Per partner: ``statuses`` (tuple, registry order), ``status`` (drawn) and ``primary_type``
    (the strongest type among the relations of the drawn status).

    Args:
        relations: Relations (:func:`~dashboard.network.graph.relations_table`), already
            restricted to the statuses wanted.
        partners: The partner ids to describe; a partner without relations is ``active``.

    Returns:
        A frame indexed like ``partners``.

    Examples:
        >>> rel = pd.DataFrame({"institution_id": ["a", "a", "b"],
        ...                     "type": ["double_degree", "exchange", "research"],
        ...                     "status": ["ended", "active", "ended"]})
        >>> partner_status(rel, pd.Index(["a", "b"])).to_dict("list")["primary_type"]
        ['exchange', 'research']
    """
    rel = relations.loc[relations["institution_id"].isin(partners), ["institution_id", "type", "status"]]
    by_partner = rel.groupby("institution_id")["status"].agg(set)
    statuses = [tuple(s for s in STATUSES if s in by_partner.get(i, ())) for i in partners]
    status = [drawn_status(s) for s in statuses]
    pairs = rel.groupby(["institution_id", "status"])["type"].agg(set)
    types = [pairs.get((i, s), set()) for i, s in zip(partners, status, strict=True)]
    return pd.DataFrame(
        {
            "statuses": statuses,
            "status": status,
            "primary_type": [primary_type(t) for t in types],
            "types": [tuple(k for k in TYPE_ORDER if k in t) for t in types],
        },
        index=partners,
    )


def with_statuses(partners: pd.DataFrame, relations: pd.DataFrame, statuses: tuple[str, ...]) -> pd.DataFrame:
    """The partner rows as drawn under a status filter: status, colour and types from the
    relations in ``statuses`` only (a copy; the rows unchanged when ``statuses`` is empty).

    Examples:
        >>> rel = pd.DataFrame({"institution_id": ["a", "a"], "type": ["double_degree", "exchange"],
        ...                     "status": ["ended", "active"]})
        >>> p = pd.DataFrame({"status": ["active"], "primary_type": ["exchange"],
        ...                   "types": [("double_degree", "exchange")]}, index=["a"])
        >>> with_statuses(p, rel, ("ended",)).loc["a", ["status", "primary_type"]].tolist()
        ['ended', 'double_degree']
    """
    if not statuses:
        return partners
    chosen = partner_status(relations.loc[relations["status"].isin(statuses)], partners.index)
    return partners.assign(
        status=chosen["status"], primary_type=chosen["primary_type"], types=chosen["types"]
    )


def agreements_by_look(
    relations: pd.DataFrame, partners: Iterable[str], statuses: tuple[str, ...] = ()
) -> dict[str, int]:
    """How many agreements of these partners are drawn faded and how many outlined (the
    network's key says so beside its colours); with ``statuses``, among those statuses only.

    Examples:
        >>> rel = pd.DataFrame({"institution_id": ["a", "a", "b"], "type": ["exchange", "mou", "consortium"],
        ...                     "status": ["ended", "planned", "active"]})
        >>> agreements_by_look(rel, ["a", "b"]), agreements_by_look(rel, ["a"], ("ended",))
        ({'faded': 1, 'outlined': 1}, {'faded': 1, 'outlined': 0})
    """
    rel = relations.loc[
        relations["institution_id"].isin(list(partners)) & (relations["type"] != CONSORTIUM_TYPE)
    ]
    if statuses:
        rel = rel.loc[rel["status"].isin(statuses)]
    looks = rel["status"].map(lambda s: STATUS[s].style)
    return {look: int((looks == look).sum()) for look in ("faded", "outlined")}
