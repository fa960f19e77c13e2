"""Insights callbacks: thin wiring over :class:`InsightsViews`, whose methods are plain and testable.

The view follows the explorer's filter store (:data:`dashboard.web.ids.FILTER_STORE`, the
``ViewState.to_dict()`` minus view and focus). Filter-independent metrics are computed
once, when the callbacks are registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, no_update

from dashboard.figures import insight_charts as figs
from dashboard.figures.network_chart import make_network_figure
from dashboard.i18n import t
from dashboard.network import consortia, timeline
from dashboard.network.graph import filter_partners
from dashboard.network.insights import Precomputed, insights, precompute
from dashboard.network.model import Model
from dashboard.network.view_state import ViewState
from dashboard.web import ids
from dashboard.web.insights_layout import answer_blocks


@dataclass
class InsightsViews:
    """Renders the Insights outputs for one model and language."""

    model: Model
    lang: str
    pre: Precomputed = field(init=False)

    def __post_init__(self) -> None:
        """Compute the filter-independent metrics once."""
        self.pre = precompute(self.model)

    def shown(self, filter_data: dict | None) -> tuple[ViewState, list[str]]:
        """The view state in the filter store and the partner ids it shows."""
        state = ViewState.from_dict(filter_data)
        return state, filter_partners(self.model.ds, self.model.relations, state.filters())

    def render(self, filter_data: dict | None, target: str | None) -> tuple[Any, ...]:
        """Answers, then the centrality, overlap, Sankey, coverage and growth figures."""
        state, ids_ = self.shown(filter_data)
        result = insights(
            self.model, ids_, lang=self.lang, filters=state.filters(), target=target or "", pre=self.pre
        )
        by_key = {a.key: a for a in result.answers}
        rows = self.model.partners.loc[ids_]
        matter = by_key["matter"].data["top"]["eigenvector"]
        centrality = figs.centrality_bars(
            [str(rows.loc[i, "short_name"]) for i in matter],
            [self.pre.centrality[f"i:{i}"]["eigenvector"] for i in matter],
            title=t("insights.fig.centrality", self.lang),
        )
        matrix, _ = consortia.overlap_matrix(self.model, ids_)
        names = self.model.ds.consortia["short_name"].to_dict()
        home = str(self.model.ds.home_row["short_name"])
        growth = timeline.growth_by_region(self.model, ids_)
        undated = t("insights.fig.undated", self.lang, count=growth["undated_total"])
        return (
            answer_blocks(result),
            centrality,
            figs.overlap_heatmap(matrix, names, title=t("insights.fig.overlap", self.lang)),
            figs.region_sankey(rows, home, title=t("insights.fig.sankey", self.lang)),
            self._coverage(by_key["thin"].data),
            figs.growth_area(growth, title=t("insights.fig.growth", self.lang), undated_label=undated),
        )

    def _coverage(self, data: dict[str, Any]) -> go.Figure:
        rows = data.get("countries", [])
        return figs.coverage_bars(rows, title=t("insights.fig.coverage", self.lang) if rows else "")

    def growth_map(self, year: int | None, filter_data: dict | None) -> go.Figure:
        """The shown partners as of ``year``, undated ones flagged."""
        _, ids_ = self.shown(filter_data)
        as_of = timeline.partners_as_of(self.model, int(year or self.model.years[1]), ids_)
        home = self.model.ds.home_row
        title = t(
            "insights.fig.as_of",
            self.lang,
            year=as_of.year,
            dated=len(as_of.dated),
            undated=len(as_of.undated),
        )
        return figs.growth_map(
            self.model.partners.loc[as_of.dated],
            self.model.partners.loc[as_of.undated],
            {"short_name": home["short_name"], "lat": home["lat"], "lon": home["lon"]},
            title=title,
            undated_name=t("insights.fig.undated_name", self.lang),
        )

    def growth_network(self, year: int | None, filter_data: dict | None) -> go.Figure:
        """The network as of ``year``: partners whose first relation started by then, plus undated ones."""
        _, ids_ = self.shown(filter_data)
        as_of = timeline.partners_as_of(self.model, int(year or self.model.years[1]), ids_)
        partners = self.model.partners.loc[[*as_of.dated, *as_of.undated]]
        fig = make_network_figure(
            self.model.G,
            partners,
            self.model.positions["force"],
            home=self.model.ds.home,
            tr=lambda key, **values: t(key, self.lang, **values),
        )
        fig.update_layout(title={"text": t("insights.fig.network_as_of", self.lang, year=as_of.year)})
        return fig

    def tick(self, year: int | None) -> tuple[int, bool]:
        """Next year of the animation, and whether the timer stops (at the last year)."""
        first, last = self.model.years
        nxt = first if year is None or year >= last else int(year) + 1
        return nxt, nxt >= last

    def toggle(self, n_clicks: int | None, disabled: bool, year: int | None) -> tuple[bool, int | None]:
        """Play/pause; playing from the last year starts again from the first."""
        if not n_clicks:
            return True, year
        first, last = self.model.years
        start = first if disabled and (year is None or year >= last) else year
        return not disabled, start


def register(app: Dash, views: InsightsViews) -> None:
    """Register the Insights callbacks on ``app`` (the layout must contain :func:`insights_view`).

    ``views`` may be a :class:`dashboard.web.store.Derived` of them, rebuilt when the data changes.
    """
    app.callback(
        Output(ids.INSIGHTS_ANSWERS, "children"),
        Output(ids.INSIGHTS_CENTRALITY, "figure"),
        Output(ids.INSIGHTS_OVERLAP, "figure"),
        Output(ids.INSIGHTS_SANKEY, "figure"),
        Output(ids.INSIGHTS_COVERAGE, "figure"),
        Output(ids.INSIGHTS_GROWTH, "figure"),
        Input(ids.FILTER_STORE, "data"),
        Input(ids.INSIGHTS_PATH_TARGET, "value"),
        Input(ids.VIEW_STORE, "data"),
        # The view mounts when first opened: its charts are drawn then, and on each change after.
    )(lambda filters, target, view: views.render(filters, target) if view == "insights" else (no_update,) * 6)
    app.callback(
        Output(ids.INSIGHTS_GROWTH_MAP, "figure"),
        Output(ids.INSIGHTS_GROWTH_NETWORK, "figure"),
        Input(ids.INSIGHTS_YEAR, "value"),
        Input(ids.FILTER_STORE, "data"),
        Input(ids.VIEW_STORE, "data"),
    )(
        lambda year, filters, view: (
            (views.growth_map(year, filters), views.growth_network(year, filters))
            if view == "insights"
            else (no_update, no_update)
        )
    )
    app.callback(
        Output(ids.INSIGHTS_TICK, "disabled"),
        Output(ids.INSIGHTS_YEAR, "value", allow_duplicate=True),
        Input(ids.INSIGHTS_PLAY, "n_clicks"),
        State(ids.INSIGHTS_TICK, "disabled"),
        State(ids.INSIGHTS_YEAR, "value"),
        prevent_initial_call=True,
    )(views.toggle)
    app.callback(
        Output(ids.INSIGHTS_YEAR, "value"),
        Output(ids.INSIGHTS_TICK, "disabled", allow_duplicate=True),
        Input(ids.INSIGHTS_TICK, "n_intervals"),
        State(ids.INSIGHTS_YEAR, "value"),
        prevent_initial_call=True,
    )(lambda n, year: views.tick(year) if n else (no_update, no_update))  # 0: the timer mounting
