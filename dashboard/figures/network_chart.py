"""The network chart as a plotly figure, for static exports (PNG, SVG, PDF, HTML).

The interactive chart is Cytoscape, which cannot be rendered on the server; this figure
draws the same elements (:func:`dashboard.figures.network_elements.network_elements`, so the same
nodes and edges as the explorer) with plotly. Edges are one ``go.Scatter`` per relation
type with ``None`` separators; consortia are square hubs, partners circles coloured by
region and sized by tie strength, home a star. Home, the consortia and the strongest partners
are named where a name fits without covering another or a node
(:mod:`dashboard.figures.network_labels`); the legend runs in a strip below the chart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from dashboard.data.schema import TYPE_ORDER
from dashboard.escape import plotly_text
from dashboard.figures.map_labels import Canvas, legend_strip
from dashboard.figures.network_elements import network_elements
from dashboard.figures.network_labels import HOME_FONT, Node, Plane, name_traces, place_node_names
from dashboard.figures.style import HOME_COLOUR, TYPE_STYLE, region_colours, separators
from dashboard.i18n import format_number

Translate = Callable[..., str]
Item = dict[str, Any]  # a Cytoscape element, read with known keys
EDGE_ORDER = ("home-membership", "membership", *TYPE_ORDER)
_EDGE_STYLE = {
    "membership": {"color": "#B0B0B0", "dash": "dot", "width": 0.8},
    "home-membership": {"color": "#444444", "dash": "solid", "width": 2.2},
}
# The smallest size the chart is drawn at on screen; names placed for it stay apart when larger.
SCREEN_CANVAS = Canvas((640, 560), (10, 10, 10, 10))
HOME_SIZE, HUB_SIZE = 24, 14


def _edge_traces(
    nodes: dict[str, tuple[float, float]], edges: list[Item], *, tr: Translate, home_name: str
) -> list[go.Scatter]:
    traces = []
    for kind in EDGE_ORDER:
        chosen = [e["data"] for e in edges if e["data"]["type"] == kind]
        if not chosen:
            continue
        x: list[float | None] = []
        y: list[float | None] = []
        for data in chosen:
            (x0, y0), (x1, y1) = nodes[data["source"]], nodes[data["target"]]
            x += [x0, x1, None]
            y += [y0, y1, None]
        if kind in _EDGE_STYLE:
            line = dict(_EDGE_STYLE[kind])
            name = tr(f"export.network.{kind.replace('-', '_')}", home=home_name)
        else:
            line = {"color": TYPE_STYLE[kind]["colour"], "dash": TYPE_STYLE[kind]["dash"], "width": 1.8}
            name = tr(f"type.{kind}")
        traces.append(
            go.Scatter(
                x=x, y=y, mode="lines", line=line, name=plotly_text(name), hoverinfo="skip", opacity=0.8
            )
        )
    return traces


def _top(partner_nodes: list[Item], count: int) -> set[str]:
    """Ids of the ``count`` strongest partners (ties broken by label)."""
    ranked = sorted(partner_nodes, key=lambda e: (-int(e["data"]["strength"]), e["data"]["label"]))
    return {str(e["data"]["id"]) for e in ranked[:count]}


def make_network_figure(
    G: nx.MultiGraph,
    partners: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    *,
    home: str,
    tr: Translate,
    top_labels: int = 12,
    canvas: Canvas = SCREEN_CANVAS,
    region_name: Callable[[str], str] = str,
    lang: str = "en",
) -> go.Figure:
    """Build a static network chart of home, the shown partners and their consortia.

    Args:
        G: The full network graph.
        partners: Rows of the model's partner table to show.
        positions: Node -> (x, y) of a precomputed layout (Cytoscape pixels, y down).
        home: Home institution id.
        tr: Translation function (``key, **values -> text``).
        top_labels: How many of the strongest partners may get a name.
        canvas: Size and margins the figure is drawn at (its height is set; the width is the
            smallest it is drawn at, exports pass their size); the legend strip is added below.
        region_name: A region's name as shown (its language); regions keep their colours.
        lang: Language of the numbers (the legend's counts, "Europa (1.234)").

    Returns:
        The figure: edge traces (one per relation kind), partner traces (one per region),
        consortia, labels of the top partners, then home.
    """
    elements = [cast(Item, e) for e in network_elements(G, partners, positions, home=home)]
    node_els = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    # Cytoscape's y axis points down, plotly's up.
    xy = {str(e["data"]["id"]): (float(e["position"]["x"]), -float(e["position"]["y"])) for e in node_els}
    by_kind: dict[str, list[Item]] = {"home": [], "partner": [], "consortium": []}
    for e in node_els:
        by_kind[str(e["data"]["kind"])].append(e)
    home_el = by_kind["home"][0]
    home_name = str(home_el["data"]["label"])
    traces: list[go.Scatter] = _edge_traces(xy, edges, tr=tr, home_name=home_name)
    traces += _partner_traces(by_kind["partner"], xy, partners, region_name, lang=lang)
    traces += _consortium_trace(by_kind["consortium"], xy, tr, lang=lang)
    traces.append(_home_trace(home_el, xy[str(home_el["data"]["id"])]))
    names = [str(t.name) for t in traces if t.showlegend is not False]
    strip = legend_strip(names, width=canvas.size[0] - canvas.margin[0] - canvas.margin[1], font=11)
    left, right, top, bottom = canvas.margin
    margin = {"l": left, "r": right, "t": top, "b": bottom + strip + 8}
    area = (left, top, canvas.size[0] - right, canvas.size[1] - margin["b"])
    plane = Plane.fit(xy.values(), area)
    placed, _ = place_node_names(*_nodes(by_kind, xy, top_labels, edges), plane)
    fig = go.Figure([*traces, *name_traces(placed, plane, colour="#111111", halo="#FFFFFF")])
    axis = {"visible": False, "showgrid": False, "zeroline": False, "constrain": "domain"}
    fig.update_layout(
        xaxis={**axis, "range": list(plane.x_range)},
        yaxis={**axis, "range": list(plane.y_range), "scaleanchor": "x", "scaleratio": 1},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        height=canvas.size[1],
        margin=margin,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yanchor": "top",
            "font": {"size": 11},
        },
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
        hoverlabel={"bgcolor": "#FFFFFF", "font": {"color": "#111111"}},
        separators=separators(lang),
    )
    return fig


def _nodes(
    by_kind: dict[str, list[Item]], xy: dict[str, tuple[float, float]], top_labels: int, edges: list[Item]
) -> tuple[list[Node], list[str]]:
    """Every drawn node, and the keys to name in order: home, consortia by members shown, strongest partners."""
    members: dict[str, int] = {}
    for e in edges:
        for end in (e["data"]["source"], e["data"]["target"]):
            members[str(end)] = members.get(str(end), 0) + 1
    home_el = by_kind["home"][0]
    nodes = [
        Node(
            str(home_el["data"]["id"]),
            str(home_el["data"]["label"]),
            *xy[str(home_el["data"]["id"])],
            HOME_SIZE,
            HOME_FONT,
        )
    ]
    hubs = sorted(
        by_kind["consortium"], key=lambda e: (-members.get(str(e["data"]["id"]), 0), str(e["data"]["label"]))
    )
    nodes += [
        Node(str(e["data"]["id"]), str(e["data"]["label"]), *xy[str(e["data"]["id"])], HUB_SIZE) for e in hubs
    ]
    top = _top(by_kind["partner"], top_labels)
    nodes += [
        Node(
            str(e["data"]["id"]),
            str(e["data"]["label"]),
            *xy[str(e["data"]["id"])],
            0.6 * float(e["data"]["size"]),
        )
        for e in by_kind["partner"]
    ]
    ranked_partners = sorted(
        (e for e in by_kind["partner"] if e["data"]["id"] in top),
        key=lambda e: (-int(e["data"]["strength"]), str(e["data"]["label"])),
    )
    ranked = [
        nodes[0].key,
        *(str(e["data"]["id"]) for e in hubs),
        *(str(e["data"]["id"]) for e in ranked_partners),
    ]
    return nodes, ranked


def _home_trace(home_el: Item, at: tuple[float, float]) -> go.Scatter:
    return go.Scatter(
        x=[at[0]],
        y=[at[1]],
        mode="markers",
        marker={
            "size": HOME_SIZE,
            "color": HOME_COLOUR,
            "symbol": "star",
            "line": {"width": 1, "color": "#FFF"},
        },
        name=plotly_text(str(home_el["data"]["label"])),
        hovertext=[plotly_text(home_el["data"]["name"])],
        hoverinfo="text",
        showlegend=False,
    )


def _partner_traces(
    nodes: list[Item],
    xy: dict[str, tuple[float, float]],
    partners: pd.DataFrame,
    region_name: Callable[[str], str] = str,
    *,
    lang: str,
) -> list[go.Scatter]:
    colours = region_colours(set(partners["region"]))
    traces = []
    for region, colour in colours.items():
        chosen = [e["data"] for e in nodes if e["data"]["region"] == region]
        if not chosen:
            continue
        traces.append(
            go.Scatter(
                x=[xy[str(d["id"])][0] for d in chosen],
                y=[xy[str(d["id"])][1] for d in chosen],
                mode="markers",
                name=f"{plotly_text(region_name(region))} ({format_number(len(chosen), lang)})",
                marker={
                    "size": [round(0.6 * float(d["size"]), 1) for d in chosen],
                    "color": colour,
                    "symbol": "circle",
                    "line": {"width": 0.8, "color": "#FFFFFF"},
                },
                hovertext=[plotly_text(d["name"]) for d in chosen],
                hoverinfo="text",
            )
        )
    return traces


def _consortium_trace(
    nodes: list[Item], xy: dict[str, tuple[float, float]], tr: Translate, *, lang: str
) -> list[go.Scatter]:
    if not nodes:
        return []
    return [
        go.Scatter(
            x=[xy[str(e["data"]["id"])][0] for e in nodes],
            y=[xy[str(e["data"]["id"])][1] for e in nodes],
            mode="markers",
            marker={
                "size": HUB_SIZE,
                "symbol": "square",
                "color": "#FFFFFF",
                "line": {"width": 2, "color": "#333333"},
            },
            name=f"{tr('export.network.consortia')} ({format_number(len(nodes), lang)})",
            hovertext=[plotly_text(e["data"]["name"]) for e in nodes],
            hoverinfo="text",
        )
    ]
