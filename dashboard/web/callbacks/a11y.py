"""Accessibility callbacks: the partner picker's options, the live announcement of filter
results, the map's text alternative and its link to the same partners as a table."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.network.view_state import ViewState, to_query
from dashboard.web import ids
from dashboard.web.a11y_layout import map_summary, partner_options
from dashboard.web.language import ByLanguage
from dashboard.web.render import ExplorerOutputs
from dashboard.web.views import Store


def follow_filters(
    views: ExplorerOutputs, filters: Store, search: str | None, chosen: str | None
) -> tuple[object, ...]:
    """Picker options, live text, map summary and table link for the filtered partners.

    Typing in the picker only refreshes its options; a page load announces nothing.
    """
    if filters is None:  # the page is loading: the state callback fills the store first
        raise PreventUpdate
    state = ViewState.from_dict(filters)
    partners = views.drawn(state)
    options = partner_options(partners, search, keep=chosen or "", lang=views.lang)
    if ctx.triggered_id == ids.PARTNER_PICK:
        return options, no_update, no_update, no_update
    live = (
        views.shown_announcement(state, len(partners)) if ctx.triggered_id == ids.FILTER_STORE else no_update
    )
    table = "/" + to_query(replace(state, view="table"))
    return options, live, map_summary(partners, lang=views.lang), table


def register(app: Dash, by_lang: ByLanguage[ExplorerOutputs]) -> None:
    """Register the accessibility callbacks on ``app``."""

    @app.callback(
        Output(ids.PARTNER_PICK, "options"),
        Output(ids.LIVE, "children"),
        Output(ids.MAP_SUMMARY, "children"),
        Output(ids.TABLE_LINK, "href"),
        Input(ids.FILTER_STORE, "data"),
        Input(ids.PARTNER_PICK, "search_value"),
        State(ids.PARTNER_PICK, "value"),
        State(ids.LANG, "data"),
    )
    def follow(
        filters: Store, search: str | None, chosen: str | None, lang: str | None
    ) -> tuple[object, ...]:
        """Keep the picker, the announcement and the map's text alternative in step with the filters."""
        return follow_filters(by_lang[lang], filters, search, chosen)
