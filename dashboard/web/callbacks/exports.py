"""The Export menu and the deck: files of what is on screen, made in the background with progress.

Downloads and decks are Dash background callbacks (:mod:`dashboard.web.jobs`): the web
worker only queues the job and answers the browser's polls; the work runs in a job process
(DiskCache) or on a Celery worker. The job panel shows what is being done and how far it
is, with a Cancel button; the Export menu's and the presentation's buttons are disabled
while a job runs.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, ctx, dcc, no_update

from dashboard.network.view_state import parse_query
from dashboard.outputs.deck import deck_bytes
from dashboard.outputs.exports import date_today, export_bytes, export_filename
from dashboard.outputs.formats import FORMATS, ExportError, format_options
from dashboard.web import ids
from dashboard.web.language import ByLanguage
from dashboard.web.render import ExplorerOutputs

SetProgress = Callable[[tuple[str, str, str]], None]


def _silent(_: tuple[str, str, str]) -> None:
    """No progress shown (a call outside a background job)."""


def make_download(
    views: ExplorerOutputs,
    search: str | None,
    view: str | None,
    fmt: str | None,
    *,
    layout: str | None = None,
    color_by: str | None = None,
    set_progress: SetProgress = _silent,
) -> tuple[object, str]:
    """``dcc.Download`` data and a status line; the error's one line instead of a file on failure."""
    view = view or "map"
    if view not in FORMATS or fmt not in FORMATS[view]:
        return no_update, views.tr("export.menu.none")
    state = parse_query(search, views.vocab)
    set_progress(("0", "1", views.tr("background.rendering")))
    try:
        content = export_bytes(
            views, state, view=view, fmt=fmt, layout=layout or "force", color_by=color_by or "type"
        )
    except ExportError as exc:
        return no_update, str(exc)
    name = export_filename(views, state, view=view, fmt=fmt, date=date_today())
    return dcc.send_bytes(content, name), ""


def make_deck(
    views: ExplorerOutputs, search: str | None, *, set_progress: SetProgress = _silent
) -> tuple[object, str]:
    """The deck of the URL's filters as ``dcc.Download`` data, reporting each slide map drawn."""
    state = parse_query(search, views.vocab)

    def report(done: int, total: int) -> None:
        key = "background.saving" if done >= total - 1 else "background.slides"
        set_progress((str(done), str(total), views.tr(key, done=done, total=total - 1)))

    set_progress(("0", "1", views.tr("background.starting")))
    try:
        content = deck_bytes(views, state, progress=report)
    except ExportError as exc:
        return no_update, str(exc)
    name = export_filename(views, state, view="deck", fmt="pptx", date=date_today())
    return dcc.send_bytes(content, name), ""


def register(app: Dash, by_lang: ByLanguage[ExplorerOutputs]) -> None:
    """Register the Export menu's and the deck's callbacks on ``app``."""

    @app.callback(
        Output(ids.EXPORT_FORMAT, "options"),
        Output(ids.EXPORT_FORMAT, "value"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,  # the layout lists the map's formats
    )
    def options(view: str | None, lang: str | None) -> tuple[list[dict[str, str]], str | None]:
        """The formats the shown view exports in, the first chosen."""
        choices = format_options(view, by_lang[lang].lang)
        return choices, (choices[0]["value"] if choices else None)

    # Either deck button asks for a deck; the presentation's mounts later, hence a request store.
    for button in (ids.EXPORT_DECK, ids.PRESENT_DECK):
        app.clientside_callback(
            "function (n) { return n ? Date.now() : window.dash_clientside.no_update; }",
            Output(ids.DECK_REQUEST, "data", allow_duplicate=True),
            Input(button, "n_clicks"),
            prevent_initial_call=True,
        )
    busy = [ids.EXPORT_BUTTON, ids.EXPORT_DECK, ids.PRESENT_DECK]
    app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        Input(ids.DECK_REQUEST, "data"),
        State(ids.URL, "search"),
        State(ids.VIEW_STORE, "data"),
        State(ids.EXPORT_FORMAT, "value"),
        State(ids.NETWORK_LAYOUT, "value"),
        State(ids.MAP_COLOR, "value"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
        background=True,
        progress=[
            Output(ids.JOB_PROGRESS, "value"),
            Output(ids.JOB_PROGRESS, "max"),
            Output(ids.JOB_LABEL, "children"),
            # Cancel works once the page knows the job, i.e. from its first progress report:
            # pressed earlier, Dash had nothing to cancel and the panel stayed until the end.
            Output(ids.JOB_CANCEL, "disabled"),
        ],
        cancel=[Input(ids.JOB_CANCEL, "n_clicks")],
        running=[
            (Output(ids.JOB_PANEL, "hidden"), False, True),
            (Output(ids.JOB_CANCEL, "disabled"), True, True),
            *((Output(button, "disabled"), True, False) for button in busy),
        ],
    )(
        lambda set_progress, *args: run_job(
            by_lang[args[-1]], lambda shown: set_progress((*shown, False)), *args[:-1]
        )
    )


def run_job(
    views: ExplorerOutputs,
    set_progress: SetProgress,
    _clicks: int | None,
    _deck: int | None,
    search: str | None,
    view: str | None,
    fmt: str | None,
    layout: str | None,
    color_by: str | None,
) -> tuple[object, str]:
    """The deck when a deck button was pressed, else the shown view in the chosen format (the
    views of the page's language)."""
    if ctx.triggered_id == ids.DECK_REQUEST:
        return make_deck(views, search, set_progress=set_progress)
    return make_download(
        views, search, view, fmt, layout=layout, color_by=color_by, set_progress=set_progress
    )
