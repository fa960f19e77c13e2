"""Insights callbacks: thin wiring over :class:`InsightsViews`, whose methods are plain and testable.

The view follows the explorer's filter store (:data:`dashboard.web.ids.FILTER_STORE`, the
``ViewState.to_dict()`` minus view and focus). Filter-independent metrics are computed
once, when the callbacks are registered.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, no_update

from dashboard.web import ids
from dashboard.web.language import ByLanguage
from dashboard.web.render import InsightsViews
from dashboard.web.views import Store

CHARTS = (
    ids.INSIGHTS_CENTRALITY,
    ids.INSIGHTS_OVERLAP,
    ids.INSIGHTS_SANKEY,
    ids.INSIGHTS_COVERAGE,
    ids.INSIGHTS_GROWTH,
)
YEAR_CHARTS = (ids.INSIGHTS_GROWTH_MAP, ids.INSIGHTS_GROWTH_NETWORK)


def register(app: Dash, by_lang: ByLanguage[InsightsViews]) -> None:
    """Register the Insights callbacks on ``app`` (the layout must contain :func:`insights_view`).

    ``views`` may be a :class:`dashboard.web.store.Derived` of them, rebuilt when the data changes.
    """

    @app.callback(
        Output(ids.INSIGHTS_ANSWERS, "children"),
        *[Output(chart, "figure") for chart in CHARTS],
        *[Output(ids.chart_summary(chart), "children") for chart in CHARTS],
        Output(ids.chart_table_link(ids.INSIGHTS_SANKEY), "href"),
        Input(ids.FILTER_STORE, "data"),
        Input(ids.INSIGHTS_PATH_TARGET, "value"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.LANG, "data"),
        # The view mounts when first opened: its charts are drawn then, and on each change after.
    )
    def answers(filters: Store, target: str | None, view: str | None, lang: str | None) -> tuple[Any, ...]:
        """The answers, the five charts of the Insights view and their text alternatives, while it is on screen."""
        return by_lang[lang].render(filters, target) if view == "insights" else (no_update,) * 12

    @app.callback(
        Output(ids.INSIGHTS_GROWTH_MAP, "figure"),
        Output(ids.chart_title(ids.INSIGHTS_GROWTH_MAP), "children"),
        Output(ids.INSIGHTS_GROWTH_NETWORK, "figure"),
        Output(ids.chart_title(ids.INSIGHTS_GROWTH_NETWORK), "children"),
        *[Output(ids.chart_summary(chart), "children") for chart in YEAR_CHARTS],
        Output(ids.chart_table_link(ids.INSIGHTS_GROWTH_MAP), "href"),
        Input(ids.INSIGHTS_YEAR, "value"),
        Input(ids.FILTER_STORE, "data"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.LANG, "data"),
    )
    def growth(year: int | None, filters: Store, view: str | None, lang: str | None) -> tuple[Any, ...]:
        """The network as of the slider's year, on the map and as a graph, with their headings and
        their text alternative."""
        return by_lang[lang].growth(year, filters) if view == "insights" else (no_update,) * 7

    app.callback(
        Output(ids.INSIGHTS_TICK, "disabled"),
        Output(ids.INSIGHTS_YEAR, "value", allow_duplicate=True),
        Input(ids.INSIGHTS_PLAY, "n_clicks"),
        State(ids.INSIGHTS_TICK, "disabled"),
        State(ids.INSIGHTS_YEAR, "value"),
        prevent_initial_call=True,
    )(by_lang[None].toggle)  # the same in every language: the default's views

    @app.callback(
        Output(ids.INSIGHTS_YEAR, "value"),
        Output(ids.INSIGHTS_TICK, "disabled", allow_duplicate=True),
        Input(ids.INSIGHTS_TICK, "n_intervals"),
        State(ids.INSIGHTS_YEAR, "value"),
        prevent_initial_call=True,
    )
    def tick(n_intervals: int | None, year: int | None) -> tuple[object, object]:
        """One step of the play button's timer (0 intervals: the timer mounting, not a step)."""
        return by_lang[None].tick(year) if n_intervals else (no_update, no_update)
