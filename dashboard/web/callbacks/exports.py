"""The Export menu: the current view, with the URL's filters, as a downloaded file."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, no_update

from dashboard.network.view_state import parse_query
from dashboard.outputs.exports import date_today, export_bytes, export_filename
from dashboard.outputs.formats import FORMATS, ExportError, format_options
from dashboard.web import ids
from dashboard.web.render import ExplorerOutputs


def make_download(
    views: ExplorerOutputs,
    search: str | None,
    view: str | None,
    fmt: str | None,
    *,
    layout: str | None = None,
    color_by: str | None = None,
) -> tuple[object, str]:
    """``dcc.Download`` data and a status line; the error's one line instead of a file on failure."""
    view = view or "map"
    if view not in FORMATS or fmt not in FORMATS[view]:
        return no_update, views.tr("export.menu.none")
    state = parse_query(search, views.vocab)
    try:
        content = export_bytes(
            views, state, view=view, fmt=fmt, layout=layout or "force", color_by=color_by or "type"
        )
    except ExportError as exc:
        return no_update, str(exc)
    name = export_filename(views, state, view=view, fmt=fmt, date=date_today())
    return dcc.send_bytes(content, name), ""


def register(app: Dash, views: ExplorerOutputs) -> None:
    """Register the Export menu's callbacks on ``app``."""

    @app.callback(
        Output(ids.EXPORT_FORMAT, "options"),
        Output(ids.EXPORT_FORMAT, "value"),
        Input(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,  # the layout lists the map's formats
    )
    def options(view: str | None) -> tuple[list[dict[str, str]], str | None]:
        """The formats the shown view exports in, the first chosen."""
        choices = format_options(view, views.lang)
        return choices, (choices[0]["value"] if choices else None)

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        State(ids.URL, "search"),
        State(ids.VIEW_STORE, "data"),
        State(ids.EXPORT_FORMAT, "value"),
        State(ids.NETWORK_LAYOUT, "value"),
        State(ids.MAP_COLOR, "value"),
        prevent_initial_call=True,
        running=[(Output(ids.EXPORT_BUTTON, "disabled"), True, False)],
    )
    def download(
        _clicks: int | None,
        search: str | None,
        view: str | None,
        fmt: str | None,
        layout: str | None,
        color_by: str | None,
    ) -> tuple[object, str]:
        """The file of the shown view in the chosen format, or a line saying why not."""
        return make_download(views, search, view, fmt, layout=layout, color_by=color_by)
