"""Network layout positions, computed once per dataset and reused by every request.

Four layouts, each deterministic: ``force`` (seeded spring layout), ``concentric`` (home in
the centre, consortia on the first ring, partners on rings by tie strength), ``region``
(one cluster per region around home) and ``geographic`` (longitude and latitude).
Positions are in pixels for Cytoscape's ``preset`` layout.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from dashboard.data.regions import ordered_regions
from dashboard.network.graph import inst_node, spring_positions

LAYOUTS = ("force", "concentric", "region", "geographic")
SCALE = 500.0
# Above this many nodes the spring layout is too slow for start-up; fall back to regions.
MAX_SPRING_NODES = 3000

Positions = dict[str, tuple[float, float]]


def compute_layouts(G: nx.MultiGraph, partners: pd.DataFrame, *, home: str) -> dict[str, Positions]:
    """All layouts for the full graph.

    Args:
        G: The network graph.
        partners: Partner table (index = institution id) with ``region``, ``strength``,
            ``lat`` and ``lon``.
        home: Node id of home.

    Returns:
        Layout name -> node -> (x, y).
    """
    consortia = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "consortium")
    region = region_positions(partners, consortia, home=home)
    force = (
        {n: (x * SCALE, -y * SCALE) for n, (x, y) in spring_positions(G).items()}
        if G.number_of_nodes() <= MAX_SPRING_NODES
        else region
    )
    return {
        "force": force,
        "concentric": concentric_positions(partners, consortia, home=home),
        "region": region,
        "geographic": geographic_positions(G, partners, home=home),
    }


def _ring(nodes: list[str], radius: float, *, start: float = -math.pi / 2) -> Positions:
    count = max(len(nodes), 1)
    return {
        node: (
            radius * math.cos(start + 2 * math.pi * i / count),
            radius * math.sin(start + 2 * math.pi * i / count),
        )
        for i, node in enumerate(nodes)
    }


def concentric_positions(partners: pd.DataFrame, consortia: list[str], *, home: str) -> Positions:
    """Home at the centre, consortia on ring 1, partners on rings of falling strength.

    Examples:
        >>> p = pd.DataFrame({"region": ["Europe", "Europe"], "strength": [3, 1]}, index=["a", "b"])
        >>> pos = concentric_positions(p, ["c:x"], home="i:h")
        >>> pos["i:h"], round(math.hypot(*pos["i:a"])) < round(math.hypot(*pos["i:b"]))
        ((0.0, 0.0), True)
    """
    pos: Positions = {home: (0.0, 0.0)}
    pos.update(_ring(consortia, SCALE * 0.5))
    strengths = sorted(set(partners["strength"]), reverse=True)
    ring_of = {s: min(i, 3) for i, s in enumerate(strengths)}
    for ring in range(4):
        members = partners[partners["strength"].map(ring_of) == ring].sort_values(
            ["region", "name"] if "name" in partners else ["region"]
        )
        pos.update(_ring([inst_node(i) for i in members.index], SCALE * (0.7 + 0.45 * ring)))
    return pos


def region_positions(partners: pd.DataFrame, consortia: list[str], *, home: str) -> Positions:
    """One cluster per region on a circle around home; consortia on an inner ring."""
    pos: Positions = {home: (0.0, 0.0)}
    pos.update(_ring(consortia, SCALE * 0.3))
    regions = ordered_regions(set(partners["region"]))
    centres = _ring(regions, SCALE * 1.4)
    golden = math.pi * (3 - math.sqrt(5))
    for region in regions:
        cx, cy = centres[region]
        members = partners.index[partners["region"] == region]
        spacing = SCALE * 0.06
        for i, ident in enumerate(sorted(members)):
            r, a = spacing * math.sqrt(i + 0.5), i * golden
            pos[inst_node(ident)] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return pos


def geographic_positions(G: nx.MultiGraph, partners: pd.DataFrame, *, home: str) -> Positions:
    """Longitude/latitude as x/y; unplaced partners and consortia at their neighbours' mean."""
    k = SCALE / 60.0
    pos: Positions = {}
    lat_home, lon_home = G.nodes[home].get("lat"), G.nodes[home].get("lon")
    if lat_home is not None and lon_home is not None:
        pos[home] = (lon_home * k, -lat_home * k)
    placed = partners[partners["lat"].notna() & partners["lon"].notna()]
    xs = (placed["lon"].to_numpy(dtype=float) * k).tolist()
    ys = (-placed["lat"].to_numpy(dtype=float) * k).tolist()
    for ident, x, y in zip(placed.index, xs, ys, strict=True):
        pos[inst_node(str(ident))] = (x, y)
    for node in sorted(G.nodes):
        if node in pos:
            continue
        placed = [pos[m] for m in G.neighbors(node) if m in pos]
        if placed:
            x = sum(p[0] for p in placed) / len(placed)
            y = sum(p[1] for p in placed) / len(placed) - SCALE * 0.15
            pos[node] = (x, y)
        else:
            pos[node] = (0.0, SCALE * 1.6)
    return pos
