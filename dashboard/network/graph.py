"""The network model: institutions and consortia as a networkx graph, and pure filters.

Nodes are ``i:<institution id>`` and ``c:<consortium id>`` so the two id spaces never
collide. Agreements (home–partner) and memberships (institution–consortium) are typed
edges of a ``MultiGraph``: a partner with several agreements keeps every one of them.

Filtering works on a flat *relations* table (one row per partner relation), which is
vectorised and therefore fast at tens of thousands of institutions; the graph serves
metrics, projections and layouts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.data.dataset import Dataset
from dashboard.data.schema import ACTIVE, CONSORTIUM_TYPE

LAYOUT_SEED = 42


def inst_node(institution_id: str) -> str:
    """Graph node of an institution.

    Examples:
        >>> inst_node("tu-delft")
        'i:tu-delft'
    """
    return f"i:{institution_id}"


def cons_node(consortium_id: str) -> str:
    """Graph node of a consortium.

    Examples:
        >>> cons_node("enhance")
        'c:enhance'
    """
    return f"c:{consortium_id}"


def embodied_nodes(ds: Dataset) -> dict[str, str]:
    """Institutions that a consortium *is* (``consortia.csv`` ``institution_id``) -> that consortium's node.

    Such an organisation (CEFRIEL, POLI.design: a consortium company that is also a member
    elsewhere) is one node of the graph, its consortium's, never two.
    """
    table = ds.consortia
    chosen = table.loc[(table["institution_id"] != "") & (table["institution_id"] != ds.home)]
    return {str(iid): cons_node(str(cid)) for cid, iid in chosen["institution_id"].items()}


def partner_node(G: nx.Graph, institution_id: str) -> str:
    """The graph node that stands for an institution: its own, or the consortium that it is.

    Examples:
        >>> G = nx.MultiGraph(embodied={"cefriel": "c:cefriel"})
        >>> partner_node(G, "cefriel"), partner_node(G, "tu-delft")
        ('c:cefriel', 'i:tu-delft')
    """
    return str(G.graph.get("embodied", {}).get(institution_id) or inst_node(institution_id))


def build_graph(ds: Dataset) -> nx.MultiGraph:
    """Institutions and consortia as nodes, agreements and memberships as typed edges.

    Args:
        ds: A validated dataset.

    Returns:
        A MultiGraph. Institution nodes carry ``kind="institution"``, ``name``,
        ``short_name``, ``country``, ``region``, ``lat``, ``lon`` and ``is_home``;
        consortium nodes carry ``kind="consortium"``. An institution that a consortium is
        (:func:`embodied_nodes`, listed in the graph attribute ``embodied``) has no node of its
        own: its consortium's node carries its ``institution_id``, place and region, and its
        agreements and memberships. Edges carry ``relation``
        (``agreement`` or ``membership``), ``type`` or ``role``, ``since_year``,
        ``until_year``, ``status`` (an agreement's; ``active`` for a membership), ``source``
        and ``as_of``.
    """
    embodied = embodied_nodes(ds)
    G = nx.MultiGraph(home=inst_node(ds.home), version=ds.version, embodied=embodied)
    inst = ds.institutions
    for rec in inst[["id", "name", "short_name", "country", "region", "lat", "lon"]].itertuples(index=False):
        if rec.id in embodied:
            continue
        G.add_node(
            inst_node(rec.id),
            kind="institution",
            id=rec.id,
            name=rec.name,
            short_name=rec.short_name or rec.name,
            country=rec.country,
            region=rec.region,
            lat=_num(rec.lat),
            lon=_num(rec.lon),
            is_home=rec.id == ds.home,
        )
    for rec in ds.consortia.itertuples(index=False):
        G.add_node(
            cons_node(rec.id),
            kind="consortium",
            id=rec.id,
            name=rec.name,
            short_name=rec.short_name,
            consortium_kind=rec.kind,
        )
    for iid, node in embodied.items():
        row = inst.loc[iid]
        place = {
            "country": row["country"],
            "region": row["region"],
            "lat": _num(row["lat"]),
            "lon": _num(row["lon"]),
        }
        G.add_node(node, institution_id=iid, **place)
    home = inst_node(ds.home)
    node_of = embodied.get
    for rec in ds.agreements.itertuples(index=False):
        G.add_edge(
            home,
            node_of(rec.institution_id) or inst_node(rec.institution_id),
            key=f"a{rec.row}",
            relation="agreement",
            type=rec.type,
            field=rec.field,
            since_year=_year(rec.since_year),
            until_year=_year(rec.until_year),
            status=rec.status,
            source=rec.source,
            as_of=rec.as_of,
        )
    for rec in ds.memberships.itertuples(index=False):
        member = node_of(rec.institution_id) or inst_node(rec.institution_id)
        if member == cons_node(rec.consortium_id):
            continue  # the organisation listed among its own members: no tie to itself
        G.add_edge(
            member,
            cons_node(rec.consortium_id),
            key=f"m{rec.row}",
            relation="membership",
            type=CONSORTIUM_TYPE,
            role=rec.role,
            since_year=_year(rec.since_year),
            until_year=None,
            status=ACTIVE,  # a membership holds while it is listed
            source=rec.source,
            as_of=rec.as_of,
        )
    return G


def _num(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return number if np.isfinite(number) else None


def _year(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def relations_table(ds: Dataset) -> pd.DataFrame:
    """One row per relation between home and a partner, direct or through a consortium.

    Agreements give one row each (``type`` = agreement type). Each consortium that a
    partner shares with home gives a row of type ``consortium`` with its id. Members of
    consortia that home does not belong to are not partners of home and get no row.

    Returns:
        Columns ``institution_id``, ``type``, ``consortium_id`` (empty for agreements),
        ``since_year``, ``until_year`` (nullable Int64), ``status`` (an agreement's; ``active``
        for a shared consortium).
    """
    agreements = ds.agreements.assign(consortium_id="")[
        ["institution_id", "type", "consortium_id", "since_year", "until_year", "status"]
    ]
    members = ds.memberships
    home_consortia = set(members.loc[members["institution_id"] == ds.home, "consortium_id"])
    shared = members[members["consortium_id"].isin(home_consortia) & (members["institution_id"] != ds.home)]
    via = pd.DataFrame(
        {
            "institution_id": shared["institution_id"],
            "type": CONSORTIUM_TYPE,
            "consortium_id": shared["consortium_id"],
            "since_year": shared["since_year"],
            "until_year": pd.array([pd.NA] * len(shared), dtype="Int64"),
            "status": ACTIVE,  # a membership has no status: it holds while it is listed
        }
    )
    table = pd.concat([agreements, via], ignore_index=True)
    for column in ("since_year", "until_year"):
        table[column] = table[column].astype("Int64")
    return table


@dataclass(frozen=True)
class Filters:
    """What the user chose; empty means "no restriction".

    Attributes:
        regions: Region slugs (``southeast-asia``, …).
        countries: ISO alpha-2 codes.
        types: Relation types (agreement types and ``consortium``).
        consortia: Consortium ids: keep their members.
        years: Inclusive year range a relation must overlap; undated relations stay.
        text: Part of a name or short name (case and accents ignored).
        statuses: Agreement statuses (``active``, ``planned``, …): keep partners with a
            relation in one of them (a shared consortium counts as ``active``).
    """

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    consortia: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    text: str = ""
    statuses: tuple[str, ...] = ()


def fold(text: str) -> str:
    """Lower-case text without accents, for searching.

    Examples:
        >>> fold("Zürich ÉCOLE")
        'zurich ecole'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _active(rel: pd.DataFrame, years: tuple[int, int]) -> pd.Series:
    start, end = years
    since, until = rel["since_year"], rel["until_year"]
    starts_in_time = since.isna() | (since <= end)
    not_ended = until.isna() | (until >= start)
    return (starts_in_time & not_ended).fillna(True).astype(bool)


def filter_partners(ds: Dataset, relations: pd.DataFrame, filters: Filters) -> list[str]:
    """Ids of the partners (never home) that pass every filter, sorted by name.

    Args:
        ds: The dataset.
        relations: :func:`relations_table` of the same dataset.
        filters: The user's choices.

    Returns:
        Institution ids.
    """
    rel = relations
    if filters.types:
        rel = rel[rel["type"].isin(filters.types)]
    if filters.statuses:
        rel = rel[rel["status"].isin(filters.statuses)]
    if filters.years:
        rel = rel[_active(rel, filters.years)]
    if filters.consortia:
        members = ds.memberships
        chosen = set(members.loc[members["consortium_id"].isin(filters.consortia), "institution_id"])
        rel = rel[rel["institution_id"].isin(chosen)]
    inst = ds.institutions
    # Boolean masks over plain columns: never copy the GeoDataFrame (geometry) per request.
    keep = inst.index.isin(rel["institution_id"].unique()) & (inst.index != ds.home)
    if filters.regions:
        keep &= inst["region_slug"].isin(filters.regions).to_numpy()
    if filters.countries:
        keep &= inst["country"].isin(filters.countries).to_numpy()
    inst = pd.DataFrame(inst.loc[keep, ["name", "short_name"]])
    if filters.text.strip():
        needle = fold(filters.text.strip())
        haystack = (inst["name"] + " " + inst["short_name"]).map(fold)
        inst = inst[haystack.str.contains(needle, regex=False)]
    return inst.sort_values("name").index.tolist()


def consortium_only(relations: pd.DataFrame) -> pd.Index:
    """Partners linked to home only through shared consortia: no agreement row of any status.

    Examples:
        >>> rel = pd.DataFrame({"institution_id": ["a", "a", "b"], "type": ["exchange", "consortium", "consortium"]})
        >>> consortium_only(rel).tolist()
        ['b']
    """
    agreed = set(relations.loc[relations["type"] != CONSORTIUM_TYPE, "institution_id"])
    via = relations.loc[relations["type"] == CONSORTIUM_TYPE, "institution_id"]
    return pd.Index(sorted(set(via) - agreed))


def tie_strength(ds: Dataset, relations: pd.DataFrame) -> pd.DataFrame:
    """How strongly each partner is tied to home.

    Returns:
        Indexed by institution id: ``agreements`` (count), ``consortia`` (shared with
        home), ``types`` (sorted, comma-joined relation types) and ``strength``
        (agreements + shared consortia).
    """
    rel = relations
    is_agreement = rel["type"] != CONSORTIUM_TYPE
    grouped = rel.groupby("institution_id")
    out = pd.DataFrame(
        {
            "agreements": is_agreement.groupby(rel["institution_id"]).sum(),
            "consortia": (~is_agreement).groupby(rel["institution_id"]).sum(),
            "types": grouped["type"].agg(lambda s: ",".join(sorted(set(s)))),
        }
    )
    out["agreements"] = out["agreements"].astype(int)
    out["consortia"] = out["consortia"].astype(int)
    out["strength"] = out["agreements"] + out["consortia"]
    return out


def co_membership(G: nx.MultiGraph, *, exclude: Iterable[str] = ()) -> nx.Graph:
    """Institutions linked by the consortia they share.

    Args:
        G: Graph from :func:`build_graph`.
        exclude: Institution nodes to leave out (e.g. home, which shares everything).

    Returns:
        A simple graph on institution nodes; each edge has ``weight`` (number of shared
        consortia) and ``consortia`` (sorted consortium nodes).
    """
    skip = set(exclude)
    P = nx.Graph()
    for node, data in G.nodes(data=True):
        if data.get("kind") != "consortium":
            continue
        members = sorted({m for m in G.neighbors(node) if m not in skip})
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if P.has_edge(a, b):
                    P[a][b]["weight"] += 1
                    P[a][b]["consortia"].append(node)
                else:
                    P.add_edge(a, b, weight=1, consortia=[node])
    for _, _, data in P.edges(data=True):
        data["consortia"].sort()
    return P


def subgraph_for(G: nx.MultiGraph, partner_ids: Iterable[str]) -> nx.MultiGraph:
    """Home, the given partners and the consortia that link any of them to home."""
    home = G.graph["home"]
    keep = {home, *(partner_node(G, p) for p in partner_ids)}
    partners = keep - {home}
    consortia = {c for n in partners for c in G.neighbors(n) if G.nodes[c].get("kind") == "consortium"}
    consortia = {c for c in consortia if G.has_edge(home, c)}
    return G.subgraph(keep | consortia).copy()


def spring_positions(G: nx.Graph, *, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions in [-1, 1]².

    Costly above a few hundred nodes: call once per dataset version, never per request.
    """
    if G.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(G)
    pos = nx.spring_layout(simple, seed=seed, iterations=100)
    return {str(n): (float(x), float(y)) for n, (x, y) in pos.items()}
