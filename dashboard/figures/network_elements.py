"""The network chart as Cytoscape elements and stylesheets (plain dicts, no Dash).

Home, partners and consortia are nodes (consortia as hubs); agreements and memberships
are typed edges. Positions come precomputed from :mod:`dashboard.network.positions`, so no layout
is ever computed in a request. Labels are passed as data and rendered by Cytoscape as
text, never as HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from dashboard.data.schema import ACTIVE, STATUS_REGISTRY
from dashboard.figures.style import HOME_COLOUR, MUTED, OKABE_ITO, TYPE_STYLE, region_colours, theme_colours
from dashboard.network.graph import cons_node, inst_node, partner_node

Element = dict[str, object]
# Partners named on the chart without hovering: enough to orient a room, few enough to stay apart.
LABELLED = 10
# Text sizes are what the screen shows: assets/network.js enlarges them when the graph is
# fitted below zoom 1, so no label is drawn smaller than this.
LABEL_PX = 12


def network_elements(
    G: nx.MultiGraph,
    partners: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    *,
    home: str,
    communities: dict[str, int] | None = None,
    labelled: int = LABELLED,
) -> list[Element]:
    """Nodes and edges for the shown partners, with preset positions.

    Args:
        G: The full network graph.
        partners: Rows of the model's partner table to show.
        positions: Node -> (x, y) for the chosen layout.
        home: Home institution id.
        communities: Node -> community number: colour partners by community instead of
            by region (the largest communities get the palette, the rest grey).
        labelled: How many of the strongest partners always show their name (home and
            the consortia always do; the others on hover or when their neighbour is focused).

    Returns:
        Cytoscape elements: home, the partners, the consortia linking them to home, and
        the agreement and membership edges among those nodes. A partner that is itself a
        consortium (``consortia.csv`` ``institution_id``) is drawn once, as that consortium's
        hub, with its own ties and its members'.
    """
    home_node = inst_node(home)
    nodes = {partner_node(G, i) for i in partners.index}  # an organisation that is a consortium: its hub
    shown = {n for n in nodes if n.startswith("i:")} | {home_node}
    consortia = sorted({c for p in partners["consortia"] for c in p})
    consortium_nodes = {cons_node(c) for c in consortia} | (nodes - shown)
    colours = region_colours(set(partners["region"]))
    named = set(strongest(partners, labelled))
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
            status = str(rec.get("status", ACTIVE))
            item["status"] = status
            classes = status_class(f"{classes} type-{rec['primary_type']}", status)
            classes += " labelled" if data["id"] in named else ""
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
        status = str(data.get("status", ACTIVE))
        elements.append(
            {
                "data": {
                    "id": f"{source}|{target}|{key}",
                    "source": source,
                    "target": target,
                    "type": kind,
                    "status": status,
                },
                "classes": status_class(f"edge-{kind}", status),
            }
        )
    return elements


def status_class(classes: str, status: str) -> str:
    """An element's classes with its status class (none for a current one): what the
    stylesheet fades or outlines (:func:`status_styles`).

    Examples:
        >>> status_class("partner type-exchange status-ended", "planned")
        'partner type-exchange status-planned'
        >>> status_class("edge-exchange", "active")
        'edge-exchange'
    """
    kept = [c for c in classes.split() if not c.startswith("status-")]
    return " ".join([*kept, f"status-{status}"] if status != ACTIVE else kept)


def status_styles() -> list[dict[str, object]]:
    """Ended and suspended partners and ties faded, planned ones with a dashed rim and line
    (:data:`~dashboard.data.schema.STATUS_REGISTRY` says which look each status takes)."""
    rules: list[dict[str, object]] = []
    for status in STATUS_REGISTRY:
        if status.style == "faded":  # the fill and rim only: the name stays readable
            fill = {"background-opacity": status.opacity, "border-opacity": status.opacity}
            rules.append({"selector": f".partner.status-{status.name}", "style": fill})
            rules.append({"selector": f"edge.status-{status.name}", "style": {"opacity": status.opacity}})
        elif status.style == "outlined":
            rules.append(
                {
                    "selector": f".partner.status-{status.name}",
                    "style": {
                        "background-opacity": 0.15,
                        "border-width": 3,
                        "border-style": "dashed",
                        "border-color": "data(colour)",
                    },
                }
            )
            rules.append({"selector": f"edge.status-{status.name}", "style": {"line-style": "dashed"}})
    return rules


def strongest(partners: pd.DataFrame, count: int) -> list[str]:
    """Ids of the ``count`` partners with the most ties (ties broken by name).

    Examples:
        >>> p = pd.DataFrame({"strength": [1, 3, 3], "name": ["A", "C", "B"]}, index=["a", "c", "b"])
        >>> strongest(p, 2)
        ['b', 'c']
    """
    if count <= 0 or partners.empty:
        return []
    order = partners.sort_values(["strength", "name"], ascending=[False, True], kind="stable")
    return [str(i) for i in order.index[:count]]


def network_key(
    partners: pd.DataFrame,
    *,
    communities: dict[str, int] | None = None,
    names: list[str] | None = None,
    other: str = "Other",
) -> list[tuple[str, str, int]]:
    """The chart's colour key: (label, colour, partners) per colour used, largest first.

    Args:
        partners: The shown partners (``region`` column).
        communities: Node -> community number, when colouring by community.
        names: Community number -> its name (:func:`dashboard.network.groups.group_names`).
        other: Label of the grey entry that gathers the smaller communities.

    Examples:
        >>> p = pd.DataFrame({"region": ["Europe", "Europe", "North America"]}, index=["a", "b", "c"])
        >>> network_key(p)
        [('Europe', '#0072B2', 2), ('North America', '#009E73', 1)]
        >>> network_key(p, communities={"i:a": 0, "i:b": 9, "i:c": 0}, names=["ENHANCE group"])
        [('ENHANCE group', '#0072B2', 2), ('Other', '#8C8C8C', 1)]
    """
    if communities is None:
        counts = partners["region"].value_counts()
        colours = region_colours(set(counts.index))
        key = [(str(r), colours[str(r)], int(n)) for r, n in counts.items()]
        return sorted(key, key=lambda e: (-e[2], e[0]))
    numbers = Counter(communities.get(inst_node(i)) for i in partners.index)
    named: list[tuple[str, str, int]] = []
    rest = 0
    for number, count in numbers.items():
        if number is None or community_colour(number) == MUTED:
            rest += count
        else:
            label = names[number] if names and number < len(names) else str(number + 1)
            named.append((label, community_colour(number), count))
    named.sort(key=lambda e: (-e[2], e[0]))
    return named + ([(other, MUTED, rest)] if rest else [])


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
    """Node and edge styles; relation types differ by colour and by line style.

    Only home, the consortia and the ``labelled`` partners carry a name; any other node shows
    its name under the pointer (class ``hover``, set by ``assets/network.js``). Consortia are
    filled squares in the ink colour, unlike the partners' coloured circles.
    """
    c = theme_colours(theme)
    ink = str(c["label"])
    outline = str(c["node_outline"])
    text = {
        "label": "",
        "font-size": LABEL_PX,
        "text-wrap": "wrap",
        "text-max-width": 11 * LABEL_PX,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "color": ink,
        "text-outline-width": 2.5,
        "text-outline-color": outline,
        "text-outline-opacity": 0.9,
    }
    style: list[dict[str, object]] = [
        {"selector": "node", "style": text},
        {"selector": ".home, .consortium, .labelled, .hover, .more", "style": {"label": "data(label)"}},
        {"selector": ".hover", "style": {"z-index": 30, "font-weight": "bold"}},
        {
            "selector": ".partner",
            "style": {
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "border-width": 1,
                "border-color": outline,
            },
        },
        {
            "selector": ".home",
            "style": {
                "background-color": HOME_COLOUR,
                "shape": "star",
                "width": 42,
                "height": 42,
                "font-size": LABEL_PX + 3,
                "font-weight": "bold",
                "z-index": 10,
            },
        },
        {
            "selector": ".consortium",
            "style": {
                "shape": "round-rectangle",
                "background-color": ink,
                "border-width": 2,
                "border-color": outline,
                "width": 24,
                "height": 24,
                "font-size": LABEL_PX,
                "font-weight": "bold",
                "text-valign": "top",
                "text-margin-y": -3,
                "z-index": 5,
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
            "style": {"line-color": MUTED if theme == "dark" else "#444444", "width": 2.5, "opacity": 0.8},
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
    return style + status_styles()


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
        style.append(
            {"selector": f'node[id = "{_css(node)}"]', "style": {"opacity": 1, "label": "data(label)"}}
        )
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
                "border-color": HOME_COLOUR if focus_node.startswith("c:") else "#111111",
                "font-size": LABEL_PX + 2,
                "font-weight": "bold",
                "z-index": 20,
            },
        }
    )
    return style


def _css(value: str) -> str:
    """Escape a value for a Cytoscape attribute selector."""
    return value.replace("\\", "\\\\").replace('"', '\\"')
