"""Explorer callbacks: one state reducer tied to the URL, and thin renderers of each view.

The URL is the single source of truth: every control change writes it (so Back and
Forward and pasted links work), and every URL change sets the controls. The logic lives
in pure functions (:mod:`dashboard.network.view_state`, :mod:`dashboard.web.render`); callbacks unpack.
"""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, Patch, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.figures.maps import resolution_after_zoom
from dashboard.network.view_state import ViewState, next_state
from dashboard.web import ids
from dashboard.web.callbacks.present import is_present
from dashboard.web.ids import LAZY_SLOTS, insight_focus
from dashboard.web.language import ByLanguage
from dashboard.web.render import ExplorerOutputs
from dashboard.web.views import Store

CONTROLS = (
    ("regions", ids.REGION),
    ("countries", ids.COUNTRY),
    ("types", ids.TYPE),
    ("consortia", ids.CONSORTIUM),
    ("statuses", ids.STATUS),
    ("comembers", ids.COMEMBERS),
    ("years", ids.YEARS),
    ("q", ids.SEARCH),
    ("view", ids.VIEW),
    ("theme", ids.THEME),
)
_TRIGGERS = {
    ids.URL: "url",
    ids.RESET: "reset",
    ids.EMPTY_RESET: "empty-reset",
    ids.DETAILS_CLOSE: "close",
    ids.MAP: "click",
    ids.NETWORK: "click",
    ids.TABLE: "click",
    ids.PARTNER_PICK: "click",
}


def _trigger_and_click(
    map_click: Store, node: Store, rows: list[dict[str, object]] | None, picked: object = None
) -> tuple[str | None, str | None]:
    """What fired the state callback (``url``, ``reset``, ``click``…, ``controls``) and the node it clicked."""
    if isinstance(ctx.triggered_id, dict):  # a name in the Insights view
        if not ctx.triggered[0]["value"]:  # buttons re-created with the answers: not a click
            raise PreventUpdate
        return "click", f"i:{ctx.triggered_id['index']}"
    if not ctx.triggered_id:
        return None, None
    if ctx.triggered_id == ids.PARTNER_PICK:  # chosen with the keyboard from the list of shown partners
        return ("click", f"i:{picked}") if picked else (None, None)
    return _TRIGGERS.get(ctx.triggered_id, "controls"), _clicked(ctx.triggered_id, map_click, node, rows)


def _clicked(
    trigger: object, map_click: Store, node: Store, rows: list[dict[str, object]] | None
) -> str | None:
    if trigger == ids.MAP and map_click:
        point = (map_click.get("points") or [{}])[0]
        return f"i:{point['id']}" if point.get("id") else None
    if trigger == ids.NETWORK and node:
        return str(node.get("id", "")) or None
    if trigger == ids.TABLE and rows:
        return f"i:{rows[0]['id']}"
    return None


def register(app: Dash, by_lang: ByLanguage[ExplorerOutputs]) -> None:
    """Register the explorer's callbacks on ``app``; each answers in the page's language (``ids.LANG``)."""
    control_outputs = [Output(cid, "value") for _, cid in CONTROLS]

    @app.callback(
        output=[
            Output(ids.URL, "search"),
            *control_outputs,
            Output(ids.FILTER_STORE, "data"),
            Output(ids.FOCUS_STORE, "data"),
            Output(ids.VIEW_STORE, "data"),
            Output(ids.PARTNER_PICK, "value"),
        ],
        inputs={
            "search": Input(ids.URL, "search"),
            "controls": {name: Input(cid, "value") for name, cid in CONTROLS},
            "clicks": {
                "reset": Input(ids.RESET, "n_clicks"),
                "empty_reset": Input(ids.EMPTY_RESET, "n_clicks"),
                "close": Input(ids.DETAILS_CLOSE, "n_clicks"),
                "insight": Input(insight_focus(ALL), "n_clicks"),  # type: ignore[arg-type]
                "picked": Input(ids.PARTNER_PICK, "value"),
            },
            "map_click": Input(ids.MAP, "clickData"),
            # The network and the table mount when first shown: until then these two are None.
            "node": Input(ids.NETWORK, "tapNodeData", allow_optional=True),
            "rows": Input(ids.TABLE, "selectedRows", allow_optional=True),
        },
        state={
            "filters": State(ids.FILTER_STORE, "data"),
            "focus": State(ids.FOCUS_STORE, "data"),
            "view": State(ids.VIEW_STORE, "data"),
            "lang": State(ids.LANG, "data"),
        },
    )
    def sync(
        search: str | None,
        controls: dict[str, object],
        clicks: dict[str, object],
        map_click: Store,
        node: Store,
        rows: list[dict[str, object]] | None,
        filters: Store,
        focus: str | None,
        view: str | None,
        lang: str | None,
    ) -> tuple[object, ...]:
        """The one state reducer: URL, controls and clicks in; URL, controls and stores out."""
        views = by_lang[lang]
        picked = clicks["picked"]  # which other one fired is read from ``ctx``
        trigger, clicked = _trigger_and_click(map_click, node, rows, picked)
        state = next_state(
            trigger,
            search=search,
            controls=controls,
            focus=focus or "",
            clicked=clicked,
            vocab=views.vocab,
            year_bounds=views.model.years,
        )
        outputs = views.sync_outputs(
            state,
            trigger,
            search=search,
            filters=filters,
            focus=focus,
            view=view,
            shown=list(controls.values()),
        )
        return *outputs, no_update if (state.focus or None) == picked else state.focus or None

    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.MAP_NOTE, "children"),
        Output(ids.HEADLINE, "children"),
        Output(ids.EMPTY, "style"),
        Input(ids.FILTER_STORE, "data"),
        Input(ids.MAP_COLOR, "value"),
        Input(ids.MAP_CHOROPLETH, "value"),
        Input(ids.FOCUS_STORE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,  # the layout brings the unfiltered map: a URL with filters re-renders
    )
    def render(
        filters: Store,
        color_by: str | None,
        choropleth: list[str] | bool | None,
        focus: str | None,
        lang: str | None,
    ) -> tuple[object, ...]:
        """The map, its note, the headline and the empty state of the filtered network."""
        views = by_lang[lang]
        if filters is None:  # the page is loading: the state callback fills the store first
            raise PreventUpdate
        state = ViewState.from_dict(filters)
        if ctx.triggered_id == ids.FOCUS_STORE:  # only the focus moved: relabel the map, nothing else
            patch = views.map_focus_patch(
                focus or "", state, Patch(), color_by=color_by or "type", choropleth=bool(choropleth)
            )
            return patch, *[no_update] * 3
        return views.render(
            state, color_by=color_by or "type", choropleth=bool(choropleth), focus=focus or ""
        )

    # The network and the table are sent only while on screen: for a large network they are
    # most of the bytes, and most filter changes happen on the map.
    @app.callback(
        Output(ids.NETWORK, "elements"),
        Output(ids.NETWORK_KEY, "children"),
        Input(ids.FILTER_STORE, "data"),
        Input(ids.NETWORK_LAYOUT, "value"),
        Input(ids.NETWORK_COLOR, "value"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.LANG, "data"),
        # Not at page load (the graph is not mounted yet): when the graph mounts, with its view.
    )
    def render_network(
        filters: Store, layout: str | None, network_color: str | None, view: str | None, lang: str | None
    ) -> tuple[object, object]:
        """The network's elements and colour key, while the network is on screen."""
        views = by_lang[lang]
        if filters is None or view != "network":
            raise PreventUpdate
        state, color = ViewState.from_dict(filters), network_color or "region"
        return views.network_view(state, layout=layout or "force", network_color=color), views.network_key(
            state, network_color=color
        )

    @app.callback(
        Output(ids.COMEMBERS, "options"),
        Input(ids.FILTER_STORE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def comember_label(filters: Store, lang: str | None) -> list[dict[str, object]]:
        """The co-member toggle says how many partners of the current filters it shows or hides."""
        return by_lang[lang].comember_options(ViewState.from_dict(filters))

    @app.callback(
        Output(ids.TABLE, "getRowsResponse"),
        Input(ids.TABLE, "getRowsRequest"),
        State(ids.FILTER_STORE, "data"),
        State(ids.LANG, "data"),
    )
    def render_table(request: Store, filters: Store, lang: str | None) -> dict[str, object]:
        """The block of table rows the grid asks for, sorted and filtered on the server."""
        if request is None or filters is None:
            raise PreventUpdate
        return by_lang[lang].table_page(ViewState.from_dict(filters), request)

    app.clientside_callback(
        """function (filters) {
            // Other filters: the grid drops the blocks it holds and asks for rows again.
            const api = window.dash_ag_grid && dash_ag_grid.getApi ? (() => {
                try { return dash_ag_grid.getApi("TABLE_ID"); } catch (e) { return null; }
            })() : null;
            if (api && !api.isDestroyed()) { api.purgeInfiniteCache(); }
            return window.dash_clientside.no_update;
        }""".replace("TABLE_ID", ids.TABLE),
        Output(ids.TABLE_SLOT, "title"),  # never written: the callback only tells the grid
        Input(ids.FILTER_STORE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.DETAILS_BODY, "children"),
        Output(ids.DETAILS, "className"),
        Input(ids.FOCUS_STORE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,  # the layout has the empty panel; a link's focus fills the store
    )
    def show_focus(focus: str | None, lang: str | None) -> tuple[object, ...]:
        """The details panel of the focused institution."""
        return by_lang[lang].focus_outputs(focus or "")

    @app.callback(
        Output(ids.NETWORK, "stylesheet"),
        Input(ids.FOCUS_STORE, "data"),
        Input(ids.FILTER_STORE, "data"),
        State(ids.LANG, "data"),
    )
    def network_focus(focus: str | None, filters: Store, lang: str | None) -> list[dict[str, object]]:
        """The network's stylesheet: the focused partner and its ties stand out."""
        return by_lang[lang].network_stylesheet(focus or "", ViewState.from_dict(filters))

    # The network, the table, the Insights view and presentation mode mount when first shown.
    @app.callback(
        *[Output(slot, "children") for slot in LAZY_SLOTS.values()],
        Output(ids.MOUNTED, "data"),
        Input(ids.VIEW_STORE, "data"),
        Input(ids.URL, "pathname"),
        State(ids.MOUNTED, "data"),
        State(ids.LANG, "data"),
    )
    def mount(
        view: str | None, pathname: str | None, mounted: list[str] | None, lang: str | None
    ) -> tuple[object, ...]:
        """Mount a part of the page the first time it is shown."""
        return by_lang[lang].mount("present" if is_present(pathname) else view or "map", mounted or [])

    @app.callback(
        Output(ids.TABLE, "selectedRows"), Input(ids.FOCUS_STORE, "data"), prevent_initial_call=True
    )
    def unselect_row(focus: str | None) -> object:
        """With nothing focused, no row stays selected: clicking it again must focus it again."""
        return no_update if focus else []

    @app.callback(
        Output(ids.MAP, "figure", allow_duplicate=True),
        Input(ids.zoom_button(ALL), "n_clicks"),  # type: ignore[arg-type]
        State(ids.FILTER_STORE, "data"),  # type: ignore[arg-type]
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def zoom(_clicks: list[int | None], filters: Store, lang: str | None) -> object:
        """Fit the map to the region whose button was pressed (or to the world)."""
        if not ctx.triggered_id or not any(_clicks):
            return no_update
        return by_lang[lang].zoom_patch(ctx.triggered_id["region"], ViewState.from_dict(filters), Patch())

    @app.callback(
        Output(ids.MAP, "figure", allow_duplicate=True),
        Input(ids.MAP, "relayoutData"),
        prevent_initial_call=True,
    )
    def finer_base_map(relayout: Store) -> Patch:
        """Zoomed in with the mouse on the world map: draw the coasts and borders at 1:50m."""
        resolution = resolution_after_zoom(relayout)
        if resolution is None:
            raise PreventUpdate
        patch = Patch()
        patch["layout"]["geo"]["resolution"] = resolution
        return patch

    app.clientside_callback(
        """function (view) {
            const shown = {display: "block"}, hidden = {display: "none"};
            if (view === "network") {
                // Cytoscape laid the graph out while its pane was hidden (0 x 0): once the
                // pane is on screen, measure it again and fit the graph to it.
                window.requestAnimationFrame(() => {
                    const box = document.getElementById("network");
                    const cy = box && box._cyreg && box._cyreg.cy;
                    if (cy) { cy.resize(); cy.fit(undefined, 30); }
                });
            }
            return ["map", "network", "table", "insights"].map(v => v === view ? shown : hidden);
        }""",
        Output(ids.MAP_PANE, "style"),
        Output(ids.NETWORK_PANE, "style"),
        Output(ids.TABLE_PANE, "style"),
        Output(ids.INSIGHTS_PANE, "style"),
        Input(ids.VIEW_STORE, "data"),
    )
    # Every new set of elements (a layout switch, a filter) is fitted to the panel, and the
    # labels are kept at least their stylesheet size on screen (assets/network.js).
    app.clientside_callback(
        ClientsideFunction("network", "refit"),
        Output(ids.NETWORK_FIT, "data"),
        Input(ids.NETWORK, "elements"),
        Input(ids.NETWORK, "stylesheet"),
        State(ids.NETWORK, "id"),
        prevent_initial_call=True,
    )
