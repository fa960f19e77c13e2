"""Figures of the Insights view: pure functions, plain data in, ``go.Figure`` out.

Overlap heatmap, Sankey home → region → country, partners over time by region, ECHE
coverage bars, centrality bars and the "as of year" growth map. Colours come from
:mod:`dashboard.figures.style` (Okabe–Ito); the sequential scale is cividis, which reads
the same for the common colour-vision deficiencies and in greyscale. Numbers follow the
language (``lang``): plotly's own through ``layout.separators``, ours through Babel.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.escape import plotly_text
from dashboard.figures.style import HOME_COLOUR, MUTED, region_colours, separators
from dashboard.i18n import format_number
from dashboard.network.chart_text import sankey_countries

SEQUENTIAL = "cividis"
_MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}


def _base(fig: go.Figure, title: str, *, lang: str, height: int = 380) -> go.Figure:
    """Size, margins, theme and the language's separators; a title only where asked (the
    Insights view heads its charts in the page, above the chart's tool bar)."""
    margin = _MARGIN if title else {**_MARGIN, "t": 30}  # the tool bar's row
    fig.update_layout(
        margin=margin, height=height, template="plotly_white", font={"size": 13}, separators=separators(lang)
    )
    if title:
        fig.update_layout(title={"text": plotly_text(title), "x": 0})
    return fig


def overlap_heatmap(
    matrix: pd.DataFrame, names: dict[str, str], *, title: str = "", lang: str = "en"
) -> go.Figure:
    """Members in common between consortia, each cell annotated with its count.

    Args:
        matrix: Square counts (:func:`dashboard.network.metrics.overlap_matrix`).
        names: Consortium id -> short name for the axes.
        title: Figure title.
        lang: Language of the numbers.
    """
    labels = [plotly_text(names.get(c, c)) for c in matrix.index]
    z = [[int(v) for v in row] for row in matrix.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            text=[[format_number(v, lang) for v in row] for row in z],
            texttemplate="%{text}",
            colorscale=SEQUENTIAL,
            hovertemplate="%{y} ∩ %{x}: %{text}<extra></extra>",
            showscale=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _base(fig, title, lang=lang, height=max(320, 28 * len(labels) + 120))


def region_sankey(
    partners: pd.DataFrame,
    home_name: str,
    *,
    title: str = "",
    countries: int = 16,
    other: Callable[[int], str] = lambda n: f"+{n}",
    region_name: Callable[[str], str] = str,
    lang: str = "en",
) -> go.Figure:
    """Flows home → region → country, weighted by number of partners.

    Only the ``countries`` countries with most partners get a node of their own (names stay
    apart); the others of each region join one node named by ``other(count)``.

    Args:
        partners: Rows with ``region`` and ``country_name`` (one per partner).
        home_name: Label of the source node.
        title: Figure title.
        countries: How many countries are drawn by name.
        other: The label of a region's remaining countries, given how many they are.
        region_name: A region's name as shown (its language); regions keep their colours.
        lang: Language of the numbers (the flows' values on hover).
    """
    named, grouped = sankey_countries(partners, countries)  # the same as its text alternative
    grouped["country_name"] = [
        f"{other(int(k))} ({region_name(region)})"
        for region, k in zip(grouped["region"], grouped["k"], strict=True)
    ]
    counts = pd.concat([named, grouped[["region", "country_name", "n"]]])
    regions = sorted(set(counts["region"]), key=lambda r: -int(counts.loc[counts["region"] == r, "n"].sum()))
    order = {r: i for i, r in enumerate(regions)}
    counts = counts.assign(order=counts["region"].map(order)).sort_values(
        ["order", "n"], ascending=[True, False]
    )
    labels = [home_name, *map(region_name, regions), *counts["country_name"]]
    colours = region_colours(regions)
    source, target, value, link_colour = [], [], [], []
    for region in regions:
        source.append(0)
        target.append(1 + order[region])
        value.append(int(counts.loc[counts["region"] == region, "n"].sum()))
        link_colour.append(colours[region])
    for i, rec in enumerate(counts.itertuples(index=False)):
        source.append(1 + order[rec.region])
        target.append(1 + len(regions) + i)
        value.append(int(rec.n))
        link_colour.append(colours[rec.region])
    node_colours = [HOME_COLOUR, *(colours[r] for r in regions), *([MUTED] * len(counts))]
    sankey = go.Sankey(
        node={"label": [plotly_text(x) for x in labels], "color": node_colours, "pad": 14},
        link={"source": source, "target": target, "value": value, "color": link_colour},
        arrangement="fixed",
        textfont={"size": 13},
    )
    return _base(go.Figure(sankey), title, lang=lang, height=max(380, 30 * len(counts) + 40))


def growth_area(
    growth: dict[str, object],
    *,
    title: str = "",
    undated_label: str = "",
    region_name: Callable[[str], str] = str,
    lang: str = "en",
) -> go.Figure:
    """Cumulative partners per region over time (stacked), the undated count annotated.

    Args:
        growth: :func:`dashboard.network.timeline.growth_by_region`.
        title: Figure title.
        undated_label: Annotation text (e.g. "+ 89 undated partners, not placed in time").
        region_name: A region's name as shown (its language); regions keep their colours.
        lang: Language of the numbers (counts grouped "1.234" in Italian; years never grouped).
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
                    name=plotly_text(region_name(region)),
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
    fig.update_yaxes(separatethousands=True)  # as Babel writes counts: "1.234", not "1234"
    return _base(fig, title, lang=lang)


def coverage_bars(
    rows: list[dict[str, object]], *, title: str = "", limit: int = 30, lang: str = "en"
) -> go.Figure:
    """Share of each Erasmus country's ECHE holders that are our partners (%), thinnest at top.

    Args:
        rows: :func:`dashboard.network.coverage.country_coverage` rows (already sorted).
        title: Figure title.
        limit: Show at most this many countries.
        lang: Language of the numbers ("12,5%", "3 / 1.204" in Italian).
    """
    shown = rows[:limit]
    colours = region_colours({str(r["region"]) for r in shown if r["region"]})
    fig = go.Figure(
        go.Bar(
            x=[r["share_pct"] for r in shown],
            y=[plotly_text(r["country_name"]) for r in shown],
            orientation="h",
            text=[
                f"{format_number(r['partners'], lang)} / {format_number(r['eche_holders'], lang)}"
                for r in shown
            ],
            textposition="outside",
            cliponaxis=False,  # the longest bar's "n / N" is not cut at the right edge
            marker={"color": [colours.get(str(r["region"]), MUTED) for r in shown]},
            hovertemplate="%{y}: %{x}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix="%")
    fig = _base(fig, title, lang=lang, height=max(320, 22 * len(shown) + 100))
    fig.update_layout(margin={"r": 80})  # room for the "n / N" beside the longest bar
    return fig


def centrality_bars(names: list[str], values: list[float], *, title: str = "", lang: str = "en") -> go.Figure:
    """One horizontal bar per partner, highest first (in the order given); ``lang``: of the numbers."""
    fig = go.Figure(
        go.Bar(
            x=values,
            y=[plotly_text(n) for n in names],
            orientation="h",
            marker={"color": "#0072B2"},
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",  # d3's "." is the layout's decimal mark
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _base(fig, title, lang=lang, height=max(260, 26 * len(names) + 100))


def growth_map(
    dated: pd.DataFrame,
    undated: pd.DataFrame,
    home: dict[str, object],
    *,
    title: str = "",
    undated_name: str = "",
    region_name: Callable[[str], str] = str,
    lang: str = "en",
) -> go.Figure:
    """Partners in the network as of a year (by region colour), undated ones as grey rings.

    Args:
        dated: Partner rows (``lat``, ``lon``, ``short_name``, ``region``) started by the year.
        undated: Partner rows with no start year.
        home: ``short_name``, ``lat``, ``lon`` of home.
        title: Figure title (e.g. the year).
        undated_name: Legend name of the undated trace.
        region_name: A region's name as shown (its language).
        lang: Language of the numbers.
    """
    fig = go.Figure()
    colours = region_colours(set(dated["region"]))
    for region, rows in dated[dated["lat"].notna()].groupby("region", sort=True):
        fig.add_trace(
            go.Scattergeo(
                lat=rows["lat"].tolist(),
                lon=rows["lon"].tolist(),
                text=[plotly_text(n) for n in rows["short_name"]],
                name=plotly_text(region_name(str(region))),
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
    fig.update_layout(
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top"}
    )  # below: the map keeps the width
    return _base(fig, title, lang=lang, height=460)
