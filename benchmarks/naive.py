"""The baseline: plotly's "lines on maps" example applied as is, for comparison only.

One ``go.Scattergeo`` trace per arc (home to each partner), one marker trace with every
partner, no aggregation, a validated ``go.Figure`` (https://plotly.com/python/lines-on-maps/).
Never used by the app.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.maps import geo_layout
from dashboard.figures.style import TYPE_STYLE


def naive_partner_map(partners: pd.DataFrame, home: dict[str, object]) -> go.Figure:
    """Home → partner arcs as one trace each, plus one trace of partner markers."""
    placed = partners[partners["lat"].notna() & partners["lon"].notna()]
    fig = go.Figure()
    for rec in placed.itertuples():
        fig.add_trace(
            go.Scattergeo(
                lat=[home["lat"], rec.lat],
                lon=[home["lon"], rec.lon],
                mode="lines",
                line={"width": 1, "color": TYPE_STYLE[rec.primary_type]["colour"]},
                opacity=0.6,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scattergeo(
            lat=placed["lat"],
            lon=placed["lon"],
            mode="markers",
            text=placed["name"],
            ids=placed.index,
            hoverinfo="text",
            marker={"size": 6, "color": "#0072B2"},
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scattergeo(lat=[home["lat"]], lon=[home["lon"]], mode="markers", marker={"symbol": "star"})
    )
    fig.update_layout(geo=geo_layout(None), margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig
