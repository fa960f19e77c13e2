"""Requests to Dash's real callback endpoint, shaped as the dash renderer sends them.

``POST /_dash-update-component`` takes ``output`` (the callback's output spec string, as in
``app.callback_map``), ``outputs`` (``{id, property}`` per output), ``inputs`` and ``state``
(``{id, property, value}``; a wildcard ``ALL`` input is a list of those) and
``changedPropIds`` (``"<id>.<property>"`` of what triggered it). See ``dash/dash.py``
(``_initialize_context``, ``_prepare_callback``).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from dashboard.web import ids

UPDATE_URL = "/_dash-update-component"

RENDER_OUTPUTS = (
    (ids.MAP, "figure"),
    (ids.MAP_NOTE, "children"),
    (ids.HEADLINE, "children"),
    (ids.EMPTY, "style"),
)
NETWORK_OUTPUTS = ((ids.NETWORK, "elements"), (ids.NETWORK_KEY, "children"))
TABLE_OUTPUT = (ids.TABLE, "getRowsResponse")
SYNC_CONTROLS = (
    ids.REGION,
    ids.COUNTRY,
    ids.TYPE,
    ids.CONSORTIUM,
    ids.STATUS,
    ids.COMEMBERS,
    ids.YEARS,
    ids.SEARCH,
    ids.VIEW,
    ids.THEME,
)  # in the order of dashboard.web.callbacks.explorer.CONTROLS
SYNC_OUTPUTS = (
    (ids.URL, "search"),
    *((c, "value") for c in SYNC_CONTROLS),
    (ids.FILTER_STORE, "data"),
    (ids.FOCUS_STORE, "data"),
    (ids.VIEW_STORE, "data"),
    (ids.PARTNER_PICK, "value"),
)


# Every callback of the page reads its language last (dashboard.web.callbacks: State(ids.LANG));
# None is what a page without a stored language sends, and answers in the default language.
LANG_STATE = {"id": ids.LANG, "property": "data", "value": None}


def output_spec(outputs: tuple[tuple[str, str], ...]) -> str:
    """The ``output`` string of a multi-output callback (key of ``app.callback_map``).

    Examples:
        >>> output_spec((("a", "figure"), ("b", "children")))
        '..a.figure...b.children..'
    """
    return ".." + "...".join(f"{cid}.{prop}" for cid, prop in outputs) + ".."


def _store(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"id": ids.FILTER_STORE, "property": "data", "value": dict(filters) if filters else None}


def render_payload(
    filters: Mapping[str, Any] | None,
    *,
    color_by: str = "type",
    choropleth: bool = False,
    focus: str = "",
    **_network_options: Any,
) -> dict[str, Any]:
    """Body of the map callback request (map, note, headline), triggered by the filter store."""
    inputs = [
        _store(filters),
        {"id": ids.MAP_COLOR, "property": "value", "value": color_by},
        {"id": ids.MAP_CHOROPLETH, "property": "value", "value": ["on"] if choropleth else []},
        {"id": ids.FOCUS_STORE, "property": "data", "value": focus},
    ]
    return {
        "output": output_spec(RENDER_OUTPUTS),
        "outputs": [{"id": cid, "property": prop} for cid, prop in RENDER_OUTPUTS],
        "inputs": inputs,
        "changedPropIds": [f"{ids.FILTER_STORE}.data"],
        "state": [LANG_STATE],
    }


def network_payload(
    filters: Mapping[str, Any] | None, *, layout: str = "force", network_color: str = "region", **_: Any
) -> dict[str, Any]:
    """Body of the network callback request (elements and colour key), while the network is on screen."""
    return {
        "output": output_spec(NETWORK_OUTPUTS),
        "outputs": [{"id": cid, "property": prop} for cid, prop in NETWORK_OUTPUTS],
        "inputs": [
            _store(filters),
            {"id": ids.NETWORK_LAYOUT, "property": "value", "value": layout},
            {"id": ids.NETWORK_COLOR, "property": "value", "value": network_color},
            {"id": ids.VIEW_STORE, "property": "data", "value": "network"},
        ],
        "changedPropIds": [f"{ids.FILTER_STORE}.data"],
        "state": [LANG_STATE],
    }


def table_payload(
    filters: Mapping[str, Any] | None, *, start: int = 0, end: int = 100, **request: Any
) -> dict[str, Any]:
    """Body of the table callback request: the grid asking for rows ``start``..``end``.

    ``request`` adds AG Grid's ``sortModel``/``filterModel``; the filter store is the state.
    """
    cid, prop = TABLE_OUTPUT
    asked = {"startRow": start, "endRow": end, "sortModel": [], "filterModel": {}, **request}
    return {
        "output": f"{cid}.{prop}",
        "outputs": {"id": cid, "property": prop},
        "inputs": [{"id": ids.TABLE, "property": "getRowsRequest", "value": asked}],
        "changedPropIds": [f"{ids.TABLE}.getRowsRequest"],
        "state": [_store(filters), LANG_STATE],
    }


def sync_payload(search: str, controls: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Body of the state (sync) callback request.

    Args:
        search: The URL query (``?region=europe``).
        controls: Control values by component id; when given, the first of them is the
            trigger (a user changed a filter), else the URL is (a page load or a link).
    """
    values = dict.fromkeys(SYNC_CONTROLS)
    values.update(controls or {})
    inputs: list[Any] = [{"id": ids.URL, "property": "search", "value": search}]
    inputs += [{"id": cid, "property": "value", "value": values[cid]} for cid in SYNC_CONTROLS]
    inputs += [
        {"id": ids.RESET, "property": "n_clicks", "value": None},
        {"id": ids.EMPTY_RESET, "property": "n_clicks", "value": None},
        {"id": ids.DETAILS_CLOSE, "property": "n_clicks", "value": None},
        [],  # insight focus buttons (ALL): none rendered
        {"id": ids.PARTNER_PICK, "property": "value", "value": None},
        {"id": ids.MAP, "property": "clickData", "value": None},
        {"id": ids.NETWORK, "property": "tapNodeData", "value": None},
        {"id": ids.TABLE, "property": "selectedRows", "value": None},
    ]  # in the callback's order: Dash matches them by position
    changed = next(iter(controls), None) if controls else None
    return {
        "output": output_spec(SYNC_OUTPUTS),
        "outputs": [{"id": cid, "property": prop} for cid, prop in SYNC_OUTPUTS],
        "inputs": inputs,
        "changedPropIds": [f"{changed}.value" if changed else f"{ids.URL}.search"],
        "state": [
            {"id": ids.FILTER_STORE, "property": "data", "value": None},
            {"id": ids.FOCUS_STORE, "property": "data", "value": ""},
            {"id": ids.VIEW_STORE, "property": "data", "value": "map"},
            LANG_STATE,
        ],
    }


def filter_states(
    *, top_country: str, consortium: str, years: tuple[int, int]
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """A realistic mix of filter-store values: (name, filters, render options)."""

    def f(**kw: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "regions": [],
            "countries": [],
            "types": [],
            "consortia": [],
            "years": None,
            "q": "",
            "theme": "",
            "lang": "",
        }
        base.update(kw)
        return base

    return [
        ("world", f(), {}),
        ("world, colour by region", f(), {"color_by": "region"}),
        ("world, choropleth", f(), {"choropleth": True}),
        ("region europe", f(regions=["europe"]), {}),
        ("region north-america", f(regions=["north-america"]), {}),
        ("region southeast-asia", f(regions=["southeast-asia"]), {}),
        (f"country {top_country}", f(countries=[top_country]), {}),
        ("type double_degree", f(types=["double_degree"]), {}),
        (f"years {years[0]}-{years[1]}", f(years=list(years)), {}),
        ("consortium (home's largest)", f(consortia=[consortium]), {}),
        ("search 'polytechnic'", f(q="polytechnic"), {}),
    ]


def random_render(rng: random.Random, states: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> dict:
    """A render request for a random state of the mix (load test)."""
    _name, filters, options = rng.choice(states)
    return render_payload(filters, **options)
