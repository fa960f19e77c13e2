"""The explorer page: header, filters, three synchronized views and the details panel."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import partial
from typing import Any

import dash_ag_grid as dag
import dash_cytoscape as cyto
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.data.problems import Report
from dashboard.data.regions import SEED_REGIONS, slugify
from dashboard.data.schema import STATUSES, TYPE_ORDER
from dashboard.figures.network_elements import base_stylesheet
from dashboard.i18n import country_name, format_date, t, term
from dashboard.network.counted import coverage_sentence
from dashboard.network.details import TABLE_COLUMNS
from dashboard.network.graph import consortium_only
from dashboard.network.headline import Counts, describe, headline
from dashboard.network.model import Model
from dashboard.network.positions import LAYOUTS
from dashboard.network.table_query import BLOCK_ROWS
from dashboard.network.view_state import THEMES, VIEWS
from dashboard.outputs.formats import FORMATS, format_options
from dashboard.web import ids
from dashboard.web.a11y_layout import (
    attrs,
    chart_caption,
    hidden_label,
    live_region,
    partner_picker,
    skip_links,
)
from dashboard.web.components import MAP_CONFIG, deck_button, details_panel, job_panel, report_list
from dashboard.web.insights_layout import insights_view
from dashboard.web.language import graph_config, grid_locale, language_switch
from dashboard.web.present_layout import presentation_content, presentation_frame
from dashboard.web.versions import version_mark

# The name search filters as one types, once typing pauses this long (Enter commits at once).
SEARCH_DEBOUNCE_S = 0.3


def build_layout(
    model: Model,
    *,
    lang: str,
    problem: Report | None = None,
    since: str = "",
    first: Mapping[str, Any] | None = None,
    mounted: Collection[str] = (),
    admin_tools: Sequence[Component] = (),
    pages: Sequence[Component] = (),
) -> html.Div:
    """The root: the explorer and the presentation, one shown at a time by the URL's path.

    Args:
        model: The model to show.
        lang: UI language.
        problem: Errors of a newer version of the data folder that was refused.
        since: When that version was seen.
        first: The unfiltered page as first drawn (``filters``, ``figure``, ``note``,
            ``headline``, ``empty``): the map then needs no callback to appear.
        mounted: Parts of :data:`LAZY_PARTS` to include already (all of them to check the
            callbacks against the whole page; none for the page as served).
        admin_tools: Extra header controls for an administrator (the import link).
        pages: Other pages of the app, each hidden until its path is shown (the import page).
    """
    first = first or {}
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            _data_notice(problem, since=since, lang=lang),
            html.Div(
                id=ids.ERROR_NOTICE, className="alert alert-danger error-notice", role="alert", hidden=True
            ),
            html.Div(
                id=ids.VERSION_NOTICE, className="alert alert-info error-notice", role="status", hidden=True
            ),
            version_mark(model.ds.version),
            dcc.Store(id=ids.FILTER_STORE, data=first.get("filters")),
            dcc.Store(id=ids.FOCUS_STORE, data=""),
            dcc.Store(id=ids.VIEW_STORE, data="map"),
            dcc.Store(id=ids.MOUNTED, data=list(mounted)),
            dcc.Store(id=ids.LANG, data=lang),
            html.Div(
                [
                    skip_links(lang=lang),
                    live_region(),
                    _header(model, lang=lang, first=first, admin_tools=admin_tools),
                    _body(model, lang=lang, first=first, mounted=mounted),
                    _footer(model, lang=lang),
                ],
                id=ids.EXPLORER,
            ),
            presentation_frame(_mounted("present", model, lang, mounted)),
            job_panel(lang=lang),
            dcc.Store(id=ids.DECK_REQUEST),
            *pages,
        ],
        id=ids.ROOT,
        className="app",
    )


def _header(
    model: Model, *, lang: str, first: Mapping[str, Any], admin_tools: Sequence[Component] = ()
) -> html.Header:
    home = model.ds.home_row
    tools = html.Div(
        [
            *admin_tools,
            dcc.Link(
                t("present.open", lang),
                id=ids.PRESENT_LINK,
                href="/present",
                className="btn btn-primary btn-present",
                title=t("present.open_title", lang),
            ),
            html.Label(t("theme.label", lang), htmlFor=ids.THEME, className="visually-hidden"),
            dcc.Dropdown(
                id=ids.THEME,
                value="light",
                clearable=False,
                searchable=False,
                className="theme-switch",
                options=[{"label": t(f"theme.{k}", lang), "value": k} for k in THEMES],
            ),
            language_switch(lang),
        ],
        className="header-tools",
    )
    return html.Header(
        [
            html.Div(
                [html.H1(str(home["name"])), html.P(_subtitle(model, lang=lang), className="subtitle")],
                className="title-block",
            ),
            html.Div(first.get("headline"), id=ids.HEADLINE, className="stat-row"),
            tools,
        ],
        id=ids.HEADER,
        className="app-header",
    )


def _body(model: Model, *, lang: str, first: Mapping[str, Any], mounted: Collection[str]) -> html.Div:
    details = html.Aside(
        [
            html.Div(
                [
                    html.H2(t("details.heading", lang), id=ids.DETAILS_HEADING),
                    html.Button(
                        "×",
                        id=ids.DETAILS_CLOSE,
                        className="btn-close-details",
                        title=t("details.close", lang),
                        **attrs({"aria-label": t("details.close", lang)}),
                        n_clicks=0,
                    ),
                ],
                className="details-head",
            ),
            html.Div(details_panel(None, home_name="", lang=lang), id=ids.DETAILS_BODY),  # type: ignore[arg-type]
        ],
        id=ids.DETAILS,
        className="details-panel",
        role="region",
        tabIndex="-1",
        **attrs({"aria-labelledby": ids.DETAILS_HEADING}),
    )
    return html.Div(
        [_filters(model, lang=lang), _views(model, lang=lang, first=first, mounted=mounted), details],
        className="app-body",
    )


def _footer(model: Model, *, lang: str) -> html.Footer:
    return html.Footer(
        [
            html.P(
                t("data.footer", lang, coverage=coverage_sentence(model.ds, lang)), className="coverage-note"
            ),
            html.Div(report_list(model.ds.report, lang=lang), id=ids.DATA_NOTES),
        ],
        className="app-footer",
    )


def _data_notice(problem: Report | None, *, since: str, lang: str) -> html.Div:
    """The notice of a refused edit; ``since``: when it was seen, ``YYYY-MM-DD HH:MM``."""
    if problem is None:
        return html.Div(id=ids.DATA_NOTICE, hidden=True)
    return html.Div(
        [
            html.Strong(t("data.stale.title", lang, date=format_date(since[:10], lang), time=since[11:])),
            html.P(t("data.stale.body", lang)),
            html.Pre(problem.render(lang=lang), className="error-report"),
        ],
        id=ids.DATA_NOTICE,
        className="alert alert-warning data-notice",
        role="alert",
    )


def _subtitle(model: Model, *, lang: str) -> str:
    """``dataset.toml``'s title under the name (without the name it may repeat), and the data's date."""
    title = dataset_title(model.ds.text("title", lang), str(model.ds.home_row["name"]))
    if not model.ds.as_of:
        return title
    compiled = t("app.subtitle_as_of", lang, date=format_date(model.ds.as_of, lang))
    return t("app.subtitle_title_as_of", lang, title=title, compiled=compiled) if title else compiled


def dataset_title(title: str, home_name: str) -> str:
    """The dataset's title as a subtitle under the home's name: the name is not said twice.

    Examples:
        >>> dataset_title("Politecnico di Milano — international network", "Politecnico di Milano")
        'International network'
        >>> dataset_title("Partners of the Alps", "Politecnico di Milano")
        'Partners of the Alps'
        >>> dataset_title("Politecnico di Milano", "Politecnico di Milano")
        ''
    """
    text = title.strip()
    if text.casefold().startswith(home_name.casefold()):
        text = text[len(home_name) :].lstrip(" \t—–-:,·|")
        text = text[:1].upper() + text[1:]
    return text


def _filters(model: Model, *, lang: str) -> html.Aside:
    by_region = headline(model.ds, model.relations, list(model.partners.index)).by_region
    regions = list(SEED_REGIONS) + [r for r in model.regions if r not in SEED_REGIONS]
    region_options = [
        {
            "label": describe(
                by_region.get(r, Counts()),
                partial(t, lang=lang),
                key="counts.region_option",
                region=term("region", r, lang),
            ),
            "value": slugify(r),
        }
        for r in regions
    ]
    names = model.partners.groupby("country")["country_name"].first()
    countries = sorted(
        ((code, country_name(code, lang, name)) for code, name in names.items()),
        key=lambda pair: pair[1].casefold(),
    )
    consortia = model.ds.consortia.sort_values("short_name")
    present_types = {t_ for types in model.partners["types"] for t_ in types}
    first, last = model.years
    marks = {y: str(y) for y in range(first - first % 10 + 10, last + 1, 10)}
    return html.Aside(
        [
            html.H2(t("filters.heading", lang)),
            html.Label(t("filters.search", lang), htmlFor=ids.SEARCH, className="filter-label"),
            dcc.Input(
                id=ids.SEARCH,
                type="search",
                debounce=SEARCH_DEBOUNCE_S,
                placeholder=t("filters.search_placeholder", lang),
                className="form-control",
                value="",
            ),
            *_comember_toggle(model, lang=lang),
            html.Label(t("filters.region", lang), htmlFor=ids.REGION, className="filter-label"),
            dcc.Checklist(id=ids.REGION, options=region_options, value=[], className="check-list"),
            html.Label(t("filters.type", lang), htmlFor=ids.TYPE, className="filter-label"),
            dcc.Checklist(
                id=ids.TYPE,
                value=[],
                className="check-list",
                options=[
                    {"label": t(f"type.{k}", lang), "value": k} for k in TYPE_ORDER if k in present_types
                ],
            ),
            *_status_filter(model, lang=lang),
            html.Label(t("filters.country", lang), htmlFor=ids.COUNTRY, className="filter-label"),
            dcc.Dropdown(
                id=ids.COUNTRY,
                multi=True,
                value=[],
                placeholder=t("filters.country_placeholder", lang),
                options=[{"label": name, "value": code} for code, name in countries],
            ),
            html.Label(t("filters.consortium", lang), htmlFor=ids.CONSORTIUM, className="filter-label"),
            dcc.Dropdown(
                id=ids.CONSORTIUM,
                multi=True,
                value=[],
                placeholder=t("filters.consortium_placeholder", lang),
                options=[
                    {"label": c.short_name, "value": c.id, "title": c.name} for c in consortia.itertuples()
                ],
            ),
            html.Label(
                t("filters.years", lang),
                htmlFor=ids.YEARS,
                className="filter-label",
                **attrs({"data-a11y-range": t("a11y.range", lang)}),
            ),
            dcc.RangeSlider(
                id=ids.YEARS,
                min=first,
                max=last,
                step=1,
                value=[first, last],
                marks=marks,
                tooltip={"placement": "bottom", "always_visible": False},
                allowCross=False,
            ),
            html.P(t("filters.years_note", lang), className="small text-muted"),
            html.Button(
                t("filters.reset", lang), id=ids.RESET, n_clicks=0, className="btn btn-outline-secondary"
            ),
        ],
        className="filters-panel",
    )


def _comember_toggle(model: Model, *, lang: str) -> list[Component]:
    """Show or hide the partners linked only through a shared consortium (hidden by default:
    a rector sees the partners with agreements first). The label follows the filters."""
    hidden = len(consortium_only(model.relations).intersection(model.partners.index))
    home = model.ds.home_row["short_name"] or model.ds.home_row["name"]
    return [
        html.Div(  # the toggle's label says what it does; the tooltip says who they are
            dcc.Checklist(
                id=ids.COMEMBERS,
                value=[],
                className="check-list comember-toggle",
                options=[{"label": t("comembers.toggle", lang, count=hidden), "value": "show"}],
            ),
            title=t("comembers.note", lang, home=home),
        )
    ]


def _status_filter(model: Model, *, lang: str) -> list[Component]:
    """The agreement-status checklist (the statuses the data holds, with their agreement rows)."""
    counts = model.ds.agreements["status"].value_counts()
    options = [
        {
            "label": t("status.option_count", lang, label=t(f"status.option.{s}", lang), n=int(counts[s])),
            "value": s,
        }
        for s in STATUSES
        if s in counts.index
    ]
    return [
        html.Label(t("filters.status", lang), htmlFor=ids.STATUS, className="filter-label"),
        html.Div(  # how each status is drawn: the map legend and the network key say it too
            dcc.Checklist(id=ids.STATUS, value=[], className="check-list", options=options),
            title=t("filters.status_note", lang),
        ),
    ]


def _views(model: Model, *, lang: str, first: Mapping[str, Any], mounted: Collection[str]) -> html.Main:
    zoom = [
        html.Button(
            t("map.zoom.world", lang),
            id=ids.zoom_button("world"),
            n_clicks=0,
            className="btn btn-sm btn-outline-primary",
        )
    ]
    zoom += [
        html.Button(
            term("region", r, lang),
            id=ids.zoom_button(slugify(r)),
            n_clicks=0,
            className="btn btn-sm btn-outline-primary",
        )
        for r in model.regions
    ]
    return html.Main(
        [
            html.Div(
                [
                    hidden_label(t("a11y.views", lang), ids.VIEW),
                    dcc.RadioItems(
                        id=ids.VIEW,
                        value="map",
                        className="view-switch",
                        inputClassName="view-input",
                        labelClassName="view-tab",
                        options=[{"label": t(f"view.{v}", lang), "value": v} for v in VIEWS],
                    ),
                    _export_menu(lang=lang),
                ],
                className="views-top",
            ),
            partner_picker(lang=lang),
            html.Div(
                id=ids.EMPTY,
                className="empty-state",
                style=first.get("empty", {"display": "none"}),
                children=[
                    html.P(t("empty.title", lang), className="empty-title"),
                    html.P(t("empty.hint", lang)),
                    html.Button(
                        t("filters.reset", lang), id=ids.EMPTY_RESET, n_clicks=0, className="btn btn-primary"
                    ),
                ],
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(
                                t("map.color_by", lang) + ":",
                                htmlFor=ids.MAP_COLOR,
                                className="control-label",
                            ),
                            dcc.RadioItems(
                                id=ids.MAP_COLOR,
                                value="type",
                                inline=True,
                                className="inline-radio",
                                options=[
                                    {"label": t("map.color.type", lang), "value": "type"},
                                    {"label": t("map.color.region", lang), "value": "region"},
                                ],
                            ),
                            hidden_label(t("a11y.choropleth", lang), ids.MAP_CHOROPLETH),
                            dcc.Checklist(
                                id=ids.MAP_CHOROPLETH,
                                value=[],
                                inline=True,
                                className="inline-radio",
                                options=[{"label": t("map.choropleth", lang), "value": "on"}],
                            ),
                        ],
                        className="map-controls",
                    ),
                    html.Div(
                        [html.Span(t("map.zoom", lang) + ":", className="control-label"), *zoom],
                        className="zoom-bar",
                    ),
                    dcc.Graph(
                        id=ids.MAP,
                        figure=first.get("figure"),
                        config=graph_config(MAP_CONFIG, lang),
                        className="map-graph",
                        style={"height": "62vh"},
                    ),
                    html.P(first.get("note"), id=ids.MAP_NOTE, className="small text-muted"),
                    chart_caption(
                        first.get("summary"), caption_id=ids.MAP_SUMMARY, lang=lang, link_id=ids.TABLE_LINK
                    ),
                ],
                id=ids.MAP_PANE,
                className="view-pane",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(
                                t("network.layout", lang) + ":",
                                htmlFor=ids.NETWORK_LAYOUT,
                                className="control-label",
                            ),
                            dcc.RadioItems(
                                id=ids.NETWORK_LAYOUT,
                                value="force",
                                inline=True,
                                className="inline-radio",
                                options=[
                                    {"label": t(f"network.layout.{k}", lang), "value": k} for k in LAYOUTS
                                ],
                            ),
                            html.Label(
                                t("network.color_by", lang) + ":",
                                htmlFor=ids.NETWORK_COLOR,
                                className="control-label",
                            ),
                            dcc.RadioItems(
                                id=ids.NETWORK_COLOR,
                                value="region",
                                inline=True,
                                className="inline-radio",
                                options=[
                                    {"label": t("network.color.region", lang), "value": "region"},
                                    {"label": t("network.color.community", lang), "value": "community"},
                                ],
                            ),
                        ],
                        className="map-controls",
                    ),
                    html.Div(
                        _mounted("network", model, lang, mounted), id=ids.NETWORK_SLOT, className="lazy-slot"
                    ),
                    html.P(t("network.legend", lang), className="small text-muted"),
                    chart_caption(t("a11y.network_summary", lang), caption_id=ids.NETWORK_SUMMARY, lang=lang),
                ],
                id=ids.NETWORK_PANE,
                className="view-pane",
                style={"display": "none"},
            ),
            html.Div(
                [
                    html.P(t("a11y.table_keys", lang), className="small text-muted"),
                    html.Div(
                        _mounted("table", model, lang, mounted), id=ids.TABLE_SLOT, className="lazy-slot"
                    ),
                ],
                id=ids.TABLE_PANE,
                className="view-pane",
                style={"display": "none"},
                **attrs({"data-a11y-leave": f"#{ids.DETAILS}"}),
            ),
            html.Div(
                _mounted("insights", model, lang, mounted),
                id=ids.INSIGHTS_PANE,
                className="view-pane",
                style={"display": "none"},
            ),
        ],
        id=ids.VIEWS_MAIN,
        className="views",
        tabIndex="-1",
    )


def lazy_part(part: str, model: Model, *, lang: str) -> Component | list[Component]:
    """What a part of the page holds once mounted (one of :data:`LAZY_PARTS`).

    The network, the table, the Insights view and presentation mode are not in the page as
    first sent: each mounts when first shown (:meth:`ExplorerOutputs.mount`). Hidden, they cost
    the page load ~1 s of the browser's time here (a grid, a graph library, eight empty
    plotly charts, a drop-down indexing every partner) and nobody sees them.
    """
    if part == "network":
        return [
            html.Div(id=ids.NETWORK_KEY, className="network-key", role="status"),
            dcc.Store(id=ids.NETWORK_FIT),
            _network_graph(),
        ]
    if part == "table":
        return _partner_table(lang)
    if part == "insights":
        return insights_view(model, lang)
    if part == "present":
        return presentation_content(model, lang=lang)
    raise KeyError(part)


def _mounted(
    part: str, model: Model, lang: str, mounted: Collection[str]
) -> Component | list[Component] | None:
    return lazy_part(part, model, lang=lang) if part in mounted else None


def _network_graph() -> cyto.Cytoscape:
    return cyto.Cytoscape(
        id=ids.NETWORK,
        elements=[],
        layout={"name": "preset", "fit": True, "padding": 30},
        stylesheet=base_stylesheet(),
        style={"width": "100%", "height": "62vh"},
        minZoom=0.1,
        maxZoom=4,
        responsive=True,
    )


def _partner_table(lang: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=ids.TABLE,
        # Rows come a block at a time from the server, sorted and filtered there
        # (network/table_query.py): a 30,000-partner table sends ~100 rows, not all of them.
        rowModelType="infinite",
        columnDefs=_columns(lang),
        getRowId="params.data.id",
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "floatingFilter": True,
        },
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "animateRows": False,
            "suppressCellFocus": False,
            "cacheBlockSize": BLOCK_ROWS,
            "maxBlocksInCache": 20,
            "infiniteInitialRowCount": 1,
            "rowHeight": ROW_HEIGHT,
            "tooltipShowDelay": 300,
            "localeText": grid_locale(lang),
        },
        style={"height": "62vh"},
        className="ag-theme-quartz",
    )


def _export_menu(*, lang: str) -> html.Div:
    return html.Div(
        [
            hidden_label(t("a11y.export_format", lang), ids.EXPORT_FORMAT),
            dcc.Dropdown(
                id=ids.EXPORT_FORMAT,
                options=format_options("map", lang),  # the view store starts at the map
                value=FORMATS["map"][0],
                clearable=False,
                searchable=False,
                className="export-format",
                placeholder=t("export.menu.placeholder", lang),
            ),
            html.Button(
                t("export.menu.button", lang),
                id=ids.EXPORT_BUTTON,
                n_clicks=0,
                className="btn btn-outline-primary btn-sm",
                title=t("background.export_hint", lang),
            ),
            deck_button(ids.EXPORT_DECK, lang=lang, small=True),
            # No spinner: the job panel shows a running export's progress.
            html.Span(id=ids.EXPORT_STATUS, className="export-status small", role="status"),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ],
        className="export-menu",
        title=t("export.menu.label", lang),
    )


# Column sizes: the name is pinned at the left (it stays while the rest scrolls) and long texts
# wrap onto two lines (the infinite row model needs one row height), the full text on hover.
_WRAPPED = {"name": 230, "relations": 170, "consortia": 170, "region": 150, "country": 130}
_WIDTHS = {"short_name": 110, "strength": 105, "since": 95, "distance_km": 130, "city": 120}
ROW_HEIGHT = 56  # px: two lines of wrapped text


def _columns(lang: str) -> list[dict[str, object]]:
    numeric = {c for c, kind in TABLE_COLUMNS.items() if kind == "number"}
    keys = {"distance_km": "table.distance"}
    out: list[dict[str, object]] = []
    for c in TABLE_COLUMNS:
        column: dict[str, object] = {
            "field": c,
            "headerName": t(keys.get(c, f"table.{c}"), lang),
            "filter": "agNumberColumnFilter" if c in numeric else "agTextColumnFilter",
            "wrapHeaderText": True,
        }
        if c in _WRAPPED:
            column.update(minWidth=_WRAPPED[c], flex=2 if c == "name" else 1, wrapText=True, tooltipField=c)
            column["cellClass"] = "cell-two-lines"
        else:
            column.update(minWidth=_WIDTHS.get(c, 110), flex=1)
        if c == "name":
            column["pinned"] = "left"
        out.append(column)
    return out
