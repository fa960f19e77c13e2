"""The network chart as a plotly figure, for static exports (PNG, SVG, PDF, HTML).

The interactive chart is Cytoscape, which cannot be rendered on the server; this figure
draws the same elements (:func:`dashboard.figures.network_elements.network_elements`, so the same
nodes and edges as the explorer) with plotly. Edges are one ``go.Scatter`` per relation
type with ``None`` separators; consortia are square hubs, partners circles coloured by
region and sized by tie strength, home a star. Only home, the consortia and the strongest
partners are labelled, so the labels stay readable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from dashboard.data.schema import TYPE_ORDER
from dashboard.escape import plotly_text
from dashboard.figures.network_elements import network_elements
from dashboard.figures.style import HOME_COLOUR, TYPE_STYLE, region_colours

Translate = Callable[..., str]
Item = dict[str, Any]  # a Cytoscape element, read with known keys
EDGE_ORDER = ("home-membership", "membership", *TYPE_ORDER)
_EDGE_STYLE = {
    "membership": {"color": "#B0B0B0", "dash": "dot", "width": 0.8},
    "home-membership": {"color": "#444444", "dash": "solid", "width": 2.2},
}


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
) -> go.Figure:
    """Build a static network chart of home, the shown partners and their consortia.

    Args:
        G: The full network graph.
        partners: Rows of the model's partner table to show.
        positions: Node -> (x, y) of a precomputed layout (Cytoscape pixels, y down).
        home: Home institution id.
        tr: Translation function (``key, **values -> text``).
        top_labels: How many of the strongest partners get a label.

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
    traces += _partner_traces(by_kind["partner"], xy, partners)
    traces += _consortium_trace(by_kind["consortium"], xy, tr)
    top = _top(by_kind["partner"], top_labels)
    labelled = [e for e in by_kind["partner"] if e["data"]["id"] in top]
    if labelled:
        traces.append(
            go.Scatter(
                x=[xy[str(e["data"]["id"])][0] for e in labelled],
                y=[xy[str(e["data"]["id"])][1] for e in labelled],
                mode="text",
                text=[plotly_text(e["data"]["label"]) for e in labelled],
                textposition="bottom center",
                textfont={"size": 10, "color": "#222222", "shadow": "auto"},
                hoverinfo="skip",
                showlegend=False,
                name="labels",
            )
        )
    traces.append(
        go.Scatter(
            x=[xy[str(home_el["data"]["id"])][0]],
            y=[xy[str(home_el["data"]["id"])][1]],
            mode="markers+text",
            text=[plotly_text(home_name)],
            textposition="bottom center",
            textfont={"size": 14, "color": HOME_COLOUR, "shadow": "auto"},
            marker={
                "size": 24,
                "color": HOME_COLOUR,
                "symbol": "star",
                "line": {"width": 1, "color": "#FFF"},
            },
            name=plotly_text(home_name),
            hovertext=[plotly_text(home_el["data"]["name"])],
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig = go.Figure(traces)
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(
        xaxis=axis,
        yaxis={**axis, "scaleanchor": "x", "scaleratio": 1},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "v", "x": 1.0, "xanchor": "left", "y": 1.0, "font": {"size": 11}},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
        hoverlabel={"bgcolor": "#FFFFFF", "font": {"color": "#111111"}},
    )
    return fig


def _partner_traces(
    nodes: list[Item], xy: dict[str, tuple[float, float]], partners: pd.DataFrame
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
                name=f"{plotly_text(region)} ({len(chosen)})",
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
    nodes: list[Item], xy: dict[str, tuple[float, float]], tr: Translate
) -> list[go.Scatter]:
    if not nodes:
        return []
    return [
        go.Scatter(
            x=[xy[str(e["data"]["id"])][0] for e in nodes],
            y=[xy[str(e["data"]["id"])][1] for e in nodes],
            mode="markers+text",
            text=[plotly_text(e["data"]["label"]) for e in nodes],
            textposition="top center",
            textfont={"size": 11, "color": "#111111", "shadow": "auto"},
            marker={
                "size": 14,
                "symbol": "square",
                "color": "#FFFFFF",
                "line": {"width": 2, "color": "#333333"},
            },
            name=f"{tr('export.network.consortia')} ({len(nodes)})",
            hovertext=[plotly_text(e["data"]["name"]) for e in nodes],
            hoverinfo="text",
        )
    ]
