"""Figures of the Insights view: pure functions, plain data in, ``go.Figure`` out.

Overlap heatmap, Sankey home → region → country, partners over time by region, ECHE
coverage bars, centrality bars and the "as of year" growth map. Colours come from
:mod:`dashboard.figures.style` (Okabe–Ito); the sequential scale is cividis, which reads
the same for the common colour-vision deficiencies and in greyscale.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.escape import plotly_text
from dashboard.figures.style import HOME_COLOUR, MUTED, region_colours

SEQUENTIAL = "cividis"
_MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}


def _base(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": plotly_text(title), "x": 0}, margin=_MARGIN, height=height, template="plotly_white"
    )
    return fig


def overlap_heatmap(matrix: pd.DataFrame, names: dict[str, str], *, title: str = "") -> go.Figure:
    """Members in common between consortia, each cell annotated with its count.

    Args:
        matrix: Square counts (:func:`dashboard.network.metrics.overlap_matrix`).
        names: Consortium id -> short name for the axes.
        title: Figure title.
    """
    labels = [plotly_text(names.get(c, c)) for c in matrix.index]
    z = [[int(v) for v in row] for row in matrix.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            text=z,
            texttemplate="%{text}",
            colorscale=SEQUENTIAL,
            hovertemplate="%{y} ∩ %{x}: %{z}<extra></extra>",
            showscale=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _base(fig, title, height=max(320, 28 * len(labels) + 120))


def region_sankey(partners: pd.DataFrame, home_name: str, *, title: str = "") -> go.Figure:
    """Flows home → region → country, weighted by number of partners.

    Args:
        partners: Rows with ``region`` and ``country_name`` (one per partner).
        home_name: Label of the source node.
        title: Figure title.
    """
    counts = partners.groupby(["region", "country_name"]).size().reset_index(name="n")
    regions = sorted(set(counts["region"]), key=lambda r: -int(counts.loc[counts["region"] == r, "n"].sum()))
    countries = list(
        dict.fromkeys(counts.sort_values(["region", "n"], ascending=[True, False])["country_name"])
    )
    labels = [home_name, *regions, *countries]
    index = {label: i for i, label in enumerate(labels)}
    colours = region_colours(regions)
    source, target, value, link_colour = [], [], [], []
    for region in regions:
        source.append(0)
        target.append(index[region])
        value.append(int(counts.loc[counts["region"] == region, "n"].sum()))
        link_colour.append(colours[region])
    for rec in counts.itertuples(index=False):
        source.append(index[rec.region])
        target.append(len(regions) + 1 + countries.index(rec.country_name))
        value.append(int(rec.n))
        link_colour.append(colours[rec.region])
    node_colours = [HOME_COLOUR, *(colours[r] for r in regions), *([MUTED] * len(countries))]
    sankey = go.Sankey(
        node={"label": [plotly_text(x) for x in labels], "color": node_colours, "pad": 8},
        link={"source": source, "target": target, "value": value, "color": link_colour},
        arrangement="fixed",
    )
    return _base(go.Figure(sankey), title, height=max(380, 14 * len(countries)))


def growth_area(growth: dict[str, object], *, title: str = "", undated_label: str = "") -> go.Figure:
    """Cumulative partners per region over time (stacked), the undated count annotated.

    Args:
        growth: :func:`dashboard.network.timeline.growth_by_region`.
        title: Figure title.
        undated_label: Annotation text (e.g. "+ 89 undated partners, not placed in time").
    """
    years: list[int] = growth["years"]  # type: ignore[assignment]
    series: dict[str, list[int]] = growth["series"]  # type: ignore[assignment]
    colours = region_colours(list(series))
    fig = go.Figure()
    for region, values in series.items():
        if any(values):
            fig.add_trace(
                go.Scatter(
                    x=years,
                    y=values,
                    name=plotly_text(region),
                    stackgroup="one",
                    mode="lines",
                    line={"color": colours[region], "width": 1},
                )
            )
    if undated_label:
        fig.add_annotation(
            text=plotly_text(undated_label),
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            showarrow=False,
            xanchor="left",
        )
    fig.update_layout(legend={"orientation": "h", "y": -0.15})
    return _base(fig, title)


def coverage_bars(rows: list[dict[str, object]], *, title: str = "", limit: int = 30) -> go.Figure:
    """Share of each Erasmus country's ECHE holders that are our partners (%), thinnest at top.

    Args:
        rows: :func:`dashboard.network.coverage.country_coverage` rows (already sorted).
        title: Figure title.
        limit: Show at most this many countries.
    """
    shown = rows[:limit]
    colours = region_colours({str(r["region"]) for r in shown if r["region"]})
    fig = go.Figure(
        go.Bar(
            x=[r["share_pct"] for r in shown],
            y=[plotly_text(r["country_name"]) for r in shown],
            orientation="h",
            text=[f"{r['partners']} / {r['eche_holders']}" for r in shown],
            textposition="outside",
            marker={"color": [colours.get(str(r["region"]), MUTED) for r in shown]},
            hovertemplate="%{y}: %{x}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix="%")
    return _base(fig, title, height=max(320, 22 * len(shown) + 100))


def centrality_bars(names: list[str], values: list[float], *, title: str = "") -> go.Figure:
    """One horizontal bar per partner, highest first (in the order given)."""
    fig = go.Figure(
        go.Bar(x=values, y=[plotly_text(n) for n in names], orientation="h", marker={"color": "#0072B2"})
    )
    fig.update_yaxes(autorange="reversed")
    return _base(fig, title, height=max(260, 26 * len(names) + 100))


def growth_map(
    dated: pd.DataFrame,
    undated: pd.DataFrame,
    home: dict[str, object],
    *,
    title: str = "",
    undated_name: str = "",
) -> go.Figure:
    """Partners in the network as of a year (by region colour), undated ones as grey rings.

    Args:
        dated: Partner rows (``lat``, ``lon``, ``short_name``, ``region``) started by the year.
        undated: Partner rows with no start year.
        home: ``short_name``, ``lat``, ``lon`` of home.
        title: Figure title (e.g. the year).
        undated_name: Legend name of the undated trace.
    """
    fig = go.Figure()
    colours = region_colours(set(dated["region"]))
    for region, rows in dated[dated["lat"].notna()].groupby("region", sort=True):
        fig.add_trace(
            go.Scattergeo(
                lat=rows["lat"].tolist(),
                lon=rows["lon"].tolist(),
                text=[plotly_text(n) for n in rows["short_name"]],
                name=plotly_text(region),
                mode="markers",
                marker={"size": 7, "color": colours[str(region)]},
                hoverinfo="text",
            )
        )
    placed = undated[undated["lat"].notna()]
    fig.add_trace(
        go.Scattergeo(
            lat=placed["lat"].tolist(),
            lon=placed["lon"].tolist(),
            text=[plotly_text(n) for n in placed["short_name"]],
            name=plotly_text(undated_name),
            mode="markers",
            marker={"size": 7, "color": "rgba(0,0,0,0)", "line": {"color": MUTED, "width": 1}},
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scattergeo(
            lat=[home["lat"]],
            lon=[home["lon"]],
            text=[plotly_text(home["short_name"])],
            name=plotly_text(home["short_name"]),
            mode="markers",
            marker={"size": 14, "symbol": "star", "color": HOME_COLOUR},
        )
    )
    fig.update_geos(showcountries=True, projection_type="natural earth", showframe=False)
    return _base(fig, title, height=420)
