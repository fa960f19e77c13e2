"""Every callback names components that exist, and no callback half-fires on a partly mounted page.

The network, the table, the Insights view and presentation mode mount when first shown
(:data:`dashboard.web.ids.LAZY_PARTS`), so the app runs with ``suppress_callback_exceptions``
and the browser no longer checks callbacks against the page. These tests do it instead,
against the layout with every part mounted, and check the rule that keeps a partly mounted
page safe: Dash drops a callback whose outputs are all missing, but a callback with some
outputs missing, or an input missing that is not ``allow_optional``, would fail.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from dash import Dash
from dash._validate import validate_layout
from dash.development.base_component import Component

from dashboard import create_app
from dashboard.config import DEFAULT_DATA_DIR, Settings
from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.web.ids import LAZY_PARTS, LAZY_SLOTS
from dashboard.web.layout import build_layout

PAGE = "page"  # always in the layout, as opposed to a lazy part's name


@pytest.fixture(scope="module")
def app() -> Dash:
    return create_app(Settings(data_dir=DEFAULT_DATA_DIR))


def _where(component: object, part: str = PAGE) -> Iterator[tuple[str, Component, str]]:
    """(id, component, part it belongs to) for every component with a string id."""
    if isinstance(component, list | tuple):
        for child in component:
            yield from _where(child, part)
        return
    if not isinstance(component, Component):
        return
    ident = getattr(component, "id", None)
    if isinstance(ident, str):
        yield ident, component, part
    inner = next((name for name, slot in LAZY_SLOTS.items() if slot == ident), part)
    for prop in component._prop_names:
        value = getattr(component, prop, None)
        if isinstance(value, Component | list | tuple):
            yield from _where(value, inner)


def _deps(app: Dash) -> Iterator[tuple[str, list[dict], list[dict], list[dict]]]:
    """(name, outputs, inputs, states) of every callback, outputs as ``{"id", "property"}``."""
    for cb in app._callback_list:
        spec = cb["output"]
        parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
        outputs = []
        for item in parts:
            ident, prop = item.split("@")[0].rsplit(".", 1)
            outputs.append({"id": ident, "property": prop})
        yield spec.split("@")[0][:60], outputs, cb["inputs"], cb["state"]


@pytest.fixture(scope="module")
def found() -> dict[str, tuple[Component, str]]:
    """Every component of the fully mounted page by id, with the part it is in."""
    model = build_model(load_dataset(DEFAULT_DATA_DIR))
    layout = build_layout(model, lang="en", mounted=LAZY_PARTS)
    validate_layout(layout, layout)  # no duplicate ids, with every part mounted
    found = {ident: (component, part) for ident, component, part in _where(layout)}
    served = {ident for ident, _, _ in _where(build_layout(model, lang="en"))}
    assert {ident for ident, (_, part) in found.items() if part == PAGE} == served
    return found


def test_every_callback_names_existing_components_and_props(app, found):
    for name, outputs, inputs, states in _deps(app):
        for dep in [*outputs, *inputs, *states]:
            if dep["id"].startswith("{"):  # a pattern: its components are made by callbacks
                assert json.loads(dep["id"])
                continue
            assert dep["id"] in found, f"{name}: no component {dep['id']!r} in the mounted page"
            component, _ = found[dep["id"]]
            assert dep["property"] in component.available_properties, (
                f"{name}: {type(component).__name__} {dep['id']!r} has no prop {dep['property']!r}"
            )


def test_no_callback_spans_a_part_that_may_be_missing(app, found):
    for name, outputs, inputs, states in _deps(app):
        places = {found[o["id"]][1] for o in outputs}
        assert len(places) == 1, f"{name}: outputs in {places}: Dash would run it with some missing"
        (home,) = places
        for dep in [*inputs, *states]:
            if dep["id"].startswith("{") or dep.get("allow_optional"):
                continue
            place = found[dep["id"]][1]
            assert place in (PAGE, home) or all(found[i["id"]][1] == place for i in inputs), (
                f"{name}: {dep['id']!r} is in {place!r}, may be missing when it runs (make it allow_optional)"
            )


def test_the_page_as_served_has_no_lazy_part_and_is_light(app):
    layout = app.server.test_client().get("/_dash-layout").get_json()
    text = json.dumps(layout)
    for ident in ("partner-table", "network", "insights-view", "present-map"):
        assert f'"id": "{ident}"' not in text
    page = app.server.test_client().get("/").data
    assert b"validation_layout" not in page and len(page) < 20_000  # no copy of the layout
