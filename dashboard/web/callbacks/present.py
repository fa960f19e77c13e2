"""Presentation mode at ``/present``: slides from :mod:`dashboard.network.slides`, stepped by
keyboard or clicker (``assets/present.js`` clicks the hidden buttons), slide number in the URL.
"""

from __future__ import annotations

from dataclasses import replace

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, html, no_update

from dashboard.figures.maps import MapOptions
from dashboard.i18n import format_date, term
from dashboard.network.counted import coverage_sentence
from dashboard.network.headline import describe_ties, tie_parts
from dashboard.network.slides import Slide, build_slides, clamp_slide
from dashboard.network.view_state import ViewState, parse_query, to_query
from dashboard.web import ids
from dashboard.web.components import stat_card
from dashboard.web.language import ByLanguage
from dashboard.web.present_layout import MAP_PX
from dashboard.web.render import ExplorerOutputs

PRESENT_PATH = "/present"


def is_present(pathname: str | None) -> bool:
    """True on the presentation page (also behind a URL prefix)."""
    return bool(pathname) and str(pathname).rstrip("/").endswith(PRESENT_PATH)


SLIDE_SETS = 32  # slide lists kept per view-model (one per filter combination presented)


def slides_for(views: ExplorerOutputs, state: ViewState) -> list[Slide]:
    """The slides of a state: the region filter picks region slides, it does not empty the world.

    Built once per filter combination and kept with the view-model (a new one comes with new
    data): a slide step used to rebuild all of them, every slide's figures, about 1.5 s.
    """
    key = replace(state, slide=0, view="map", focus="", theme="")
    kept: dict[ViewState, list[Slide]] = views.__dict__.setdefault("_slide_sets", {})
    if key not in kept:
        if len(kept) >= SLIDE_SETS:
            kept.pop(next(iter(kept)))
        everywhere = views.shown(replace(state, regions=()))
        kept[key] = build_slides(
            views.model, list(everywhere.index), regions=state.regions, consortia=state.consortia
        )
    return kept[key]


def slide_outputs(views: ExplorerOutputs, state: ViewState) -> tuple[object, ...]:
    """Title, counter, map, figures, top partners, note and exit link of the state's slide."""
    slides = slides_for(views, state)
    number = clamp_slide(state.slide or 1, len(slides))
    slide = slides[number - 1]
    partners = views.model.partners.loc[list(slide.partner_ids)]
    # A large network's world slide shows places, as the explorer's map does: thousands of
    # single markers are unreadable on a projector and slow to draw.
    fig = go.Figure(
        views.map_dict(
            partners,
            MapOptions(
                view=slide.view,
                theme=state.theme or "light",
                font_size=20,
                marker_scale=1.8,
                size=MAP_PX,
                label_count=8,
            ),
        )
    )
    figures = [stat_card(views.tr(key, count=value), value, lang=views.lang) for key, value in slide.figures]
    ties = {
        ident: describe_ties(tie_parts(views.model.partners, ident), views.tr) for ident, _, _ in slide.top
    }
    top = [
        html.Li([html.Span(name), html.Span(ties[ident], className="present-strength")])
        for ident, name, _ in slide.top
    ]
    exit_href = "/" + to_query(replace(state, slide=0))
    return (
        _title(views, slide),
        views.tr("present.counter", n=number, total=len(slides)),
        fig,
        figures,
        top,
        _note(views, slide),
        exit_href,
    )


def _title(views: ExplorerOutputs, slide: Slide) -> list[object]:
    kind = {"world": "present.world", "region": "present.region", "consortium": "present.consortium"}[
        slide.kind
    ]
    label = views.tr(kind)
    if slide.kind == "consortium":
        full = str(views.model.ds.consortia.loc[slide.key, "name"])
        label = f"{label} · {full}" if full != slide.title else label
    return [html.Span(label, className="present-kind"), html.Br(), _slide_name(views, slide)]


def _slide_name(views: ExplorerOutputs, slide: Slide) -> str:
    """A region slide is named in the page's language; a consortium by its own name."""
    return term("region", slide.title, views.lang) if slide.kind == "region" else slide.title


def _note(views: ExplorerOutputs, slide: Slide) -> str:
    ds = views.model.ds
    source = views.tr(
        "present.source",
        title=ds.text("title", views.lang),
        date=format_date(ds.as_of, views.lang) or "?",
        coverage=coverage_sentence(ds, views.lang),
    )
    if not slide.partner_ids:
        return f"{views.tr('present.empty', region=_slide_name(views, slide))} {source}"
    return source


def step(views: ExplorerOutputs, search: str | None, delta: int) -> str:
    """The query string one slide further (or back), clamped to the deck."""
    state = parse_query(search, views.vocab)
    count = len(slides_for(views, state))
    return to_query(replace(state, slide=clamp_slide((state.slide or 1) + delta, count)))


def register(app: Dash, by_lang: ByLanguage[ExplorerOutputs]) -> None:
    """Register the presentation callbacks on ``app``."""

    @app.callback(
        Output(ids.PRESENT_TITLE, "children"),
        Output(ids.PRESENT_COUNTER, "children"),
        Output(ids.PRESENT_MAP, "figure"),
        Output(ids.PRESENT_FIGURES, "children"),
        Output(ids.PRESENT_TOP, "children"),
        Output(ids.PRESENT_NOTE, "children"),
        Output(ids.PRESENT_EXIT, "href"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State(ids.LANG, "data"),
    )
    def show_slide(pathname: str | None, search: str | None, lang: str | None) -> tuple[object, ...]:
        """The slide the URL names (``slide=``), on ``/present`` only."""
        if not is_present(pathname):
            return (no_update,) * 7
        views = by_lang[lang]
        return slide_outputs(views, parse_query(search, views.vocab))

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        Input(ids.PRESENT_PREV, "n_clicks"),
        State(ids.URL, "search"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def move(_next: int | None, _prev: int | None, search: str | None, lang: str | None) -> object:
        """The URL of the next or previous slide, after a click of the on-screen buttons."""
        if not ctx.triggered or not ctx.triggered[0]["value"]:  # the buttons mounting: not a click
            return no_update
        return step(by_lang[lang], search, 1 if ctx.triggered_id == ids.PRESENT_NEXT else -1)

    app.clientside_callback(
        """function (pathname, search, filters) {
            const path = (pathname || "").replace(/\\/+$/, "");
            const present = path.endsWith("/present"), other = path.endsWith("/import");
            const theme = (filters && filters.theme) || "light";
            const shown = {display: "block"}, hidden = {display: "none"};
            return ["app theme-" + theme + (present ? " mode-present" : ""),
                    present || other ? hidden : shown, present ? shown : hidden, "/present" + (search || "")];
        }""",
        Output(ids.ROOT, "className"),
        Output(ids.EXPLORER, "style"),
        Output(ids.PRESENT, "style"),
        Output(ids.PRESENT_LINK, "href"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        Input(ids.FILTER_STORE, "data"),
    )

    app.clientside_callback(
        """function (n) {
            if (n && document.fullscreenElement == null && document.documentElement.requestFullscreen) {
                document.documentElement.requestFullscreen().catch(() => null);
            } else if (n && document.exitFullscreen) { document.exitFullscreen().catch(() => null); }
            return window.dash_clientside.no_update;
        }""",
        Output(ids.PRESENT_FULLSCREEN, "title"),
        Input(ids.PRESENT_FULLSCREEN, "n_clicks"),
        prevent_initial_call=True,
    )
