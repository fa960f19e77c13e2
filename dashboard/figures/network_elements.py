"""The network chart as Cytoscape elements and stylesheets (plain dicts, no Dash).

Home, partners and consortia are nodes (consortia as hubs); agreements and memberships
are typed edges. Positions come precomputed from :mod:`dashboard.network.positions`, so no layout
is ever computed in a request. Labels are passed as data and rendered by Cytoscape as
text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from dashboard.figures.style import HOME_COLOUR, MUTED, OKABE_ITO, TYPE_STYLE, region_colours, theme_colours
from dashboard.network.graph import cons_node, inst_node

Element = dict[str, object]


def network_elements(
    G: nx.MultiGraph,
    partners: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    *,
    home: str,
    communities: dict[str, int] | None = None,
) -> list[Element]:
    """Nodes and edges for the shown partners, with preset positions.

    Args:
        G: The full network graph.
        partners: Rows of the model's partner table to show.
        positions: Node -> (x, y) for the chosen layout.
        home: Home institution id.
        communities: Node -> community number: colour partners by community instead of
            by region (the largest communities get the palette, the rest grey).

    Returns:
        Cytoscape elements: home, the partners, the consortia linking them to home, and
        the agreement and membership edges among those nodes.
    """
    home_node = inst_node(home)
    shown = {inst_node(i) for i in partners.index} | {home_node}
    consortia = sorted({c for p in partners["consortia"] for c in p})
    consortium_nodes = {cons_node(c) for c in consortia}
    colours = region_colours(set(partners["region"]))
    elements: list[Element] = []
    for node in [home_node, *sorted(shown - {home_node}), *sorted(consortium_nodes)]:
        data = G.nodes[node]
        x, y = positions.get(node, (0.0, 0.0))
        kind = "home" if node == home_node else ("consortium" if data["kind"] == "consortium" else "partner")
        item: dict[str, object] = {
            "id": node,
            "label": data.get("short_name") or data["name"],
            "name": data["name"],
            "kind": kind,
        }
        classes = kind
        if kind == "partner":
            rec = partners.loc[data["id"]]
            item.update(
                region=rec["region"],
                type=rec["primary_type"],
                strength=int(rec["strength"]),
                colour=(
                    community_colour(communities.get(node))
                    if communities is not None
                    else colours.get(rec["region"], "#777777")
                ),
                size=round(14 + 6 * float(rec["strength"]) ** 0.5, 1),
            )
            classes += f" type-{rec['primary_type']}"
        elements.append({"data": item, "position": {"x": round(x, 1), "y": round(y, 1)}, "classes": classes})
    keep = shown | consortium_nodes
    for u, v, key, data in G.edges(keys=True, data=True):
        if u not in keep or v not in keep:
            continue
        if data["relation"] == "membership" and home_node in (u, v):
            kind = "home-membership"
        else:
            kind = data["type"] if data["relation"] == "agreement" else "membership"
        source, target = (u, v) if u == home_node or v.startswith("c:") else (v, u)
        elements.append(
            {
                "data": {"id": f"{source}|{target}|{key}", "source": source, "target": target, "type": kind},
                "classes": f"edge-{kind}",
            }
        )
    return elements


def community_colour(number: int | None) -> str:
    """Colour of a community: Okabe-Ito for the seven largest, grey for the rest.

    Examples:
        >>> community_colour(0), community_colour(12), community_colour(None)
        ('#0072B2', '#8C8C8C', '#8C8C8C')
    """
    if number is None or number >= len(OKABE_ITO) - 1:
        return MUTED
    return OKABE_ITO[number]


def base_stylesheet(theme: str = "light") -> list[dict[str, object]]:
    """Node and edge styles; relation types differ by colour and by line style."""
    c = theme_colours(theme)
    style: list[dict[str, object]] = [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "font-size": 10,
                "text-valign": "bottom",
                "text-margin-y": 3,
                "color": c["label"],
                "text-outline-width": 2,
                "text-outline-color": c["node_outline"] if theme != "light" else "#FFFFFF",
                "min-zoomed-font-size": 7,
            },
        },
        {
            "selector": ".partner",
            "style": {
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "border-width": 1,
                "border-color": "#FFFFFF",
            },
        },
        {
            "selector": ".home",
            "style": {
                "background-color": HOME_COLOUR,
                "shape": "star",
                "width": 42,
                "height": 42,
                "font-size": 14,
                "font-weight": "bold",
                "z-index": 10,
            },
        },
        {
            "selector": ".consortium",
            "style": {
                "shape": "round-rectangle",
                "background-color": "#FFFFFF",
                "border-width": 2,
                "border-color": "#333333",
                "width": 26,
                "height": 26,
                "font-size": 11,
                "font-weight": "bold",
            },
        },
        {
            "selector": "edge",
            "style": {"width": 1, "curve-style": "bezier", "opacity": 0.55, "line-color": "#9A9A9A"},
        },
        {
            "selector": ".edge-membership",
            "style": {"line-color": "#B0B0B0", "line-style": "dotted", "width": 0.8},
        },
        {
            "selector": ".edge-home-membership",
            "style": {"line-color": "#444444", "width": 2.5, "opacity": 0.8},
        },
    ]
    for kind, spec in TYPE_STYLE.items():
        dash = {"solid": "solid", "dot": "dotted"}.get(spec["dash"], "dashed")
        style.append(
            {
                "selector": f".edge-{kind}",
                "style": {"line-color": spec["colour"], "line-style": dash, "width": 2, "opacity": 0.8},
            }
        )
    return style


def focus_stylesheet(
    G: nx.MultiGraph, focus_node: str | None, shown: Iterable[str], *, theme: str = "light"
) -> list[dict[str, object]]:
    """The base style plus, when a node is focused, its neighbourhood highlighted and the rest faded."""
    style = base_stylesheet(theme)
    if not focus_node or focus_node not in G:
        return style
    visible = set(shown)
    near = {focus_node, *(n for n in G.neighbors(focus_node) if n in visible)}
    style.append({"selector": "node, edge", "style": {"opacity": 0.12}})
    for node in sorted(near):
        style.append({"selector": f'node[id = "{_css(node)}"]', "style": {"opacity": 1}})
        style.append(
            {
                "selector": f'edge[source = "{_css(node)}"][target = "{_css(focus_node)}"], '
                f'edge[source = "{_css(focus_node)}"][target = "{_css(node)}"]',
                "style": {"opacity": 1, "width": 3},
            }
        )
    style.append(
        {
            "selector": f'node[id = "{_css(focus_node)}"]',
            "style": {
                "border-width": 4,
                "border-color": "#111111",
                "font-size": 14,
                "font-weight": "bold",
                "z-index": 20,
            },
        }
    )
    return style


def _css(value: str) -> str:
    """Escape a value for a Cytoscape attribute selector."""
    return value.replace("\\", "\\\\").replace('"', '\\"')
