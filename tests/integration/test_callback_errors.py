"""A callback that raises answers over HTTP with the page's plain notice, never a bare 500 page.

``create_app`` wires Dash's ``on_error`` to ``callback_failed``: without it Dash re-raises and
Flask sends its HTML "500 Internal Server Error" page, which the browser ignores (with debug
off the page just stays stale). These tests go through Flask's test client, as the browser's
``POST /_dash-update-component`` does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from dashboard import create_app
from dashboard.config import Settings
from dashboard.i18n import t
from dashboard.web import ids
from dashboard.web.store import Derived


def _component(tree: Any, component_id: str) -> dict | None:
    """The component with ``component_id`` in a ``/_dash-layout`` tree."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        children = tree.get("props", {}).get("children")
        return _component(children, component_id) if children is not None else None
    if isinstance(tree, list):
        return next((c for c in (_component(x, component_id) for x in tree) if c), None)
    return None


def _page_load_request(dep: dict) -> dict:
    """The body the browser sends for a multi-output callback on page load: the URL changed.

    Built from ``/_dash-dependencies`` so it follows the callback's inputs as they change.
    """

    def empty(item: dict) -> dict | list:
        if item["id"].startswith("{"):  # a wildcard input: the list of matching components (none)
            return []
        return {**item, "value": None}

    outputs = [o.rsplit(".", 1) for o in dep["output"].split("@")[0].strip(".").split("...")]
    return {
        "output": dep["output"],
        "outputs": [{"id": cid, "property": prop} for cid, prop in outputs],
        "inputs": [empty(i) for i in dep["inputs"]],
        "changedPropIds": [f"{ids.URL}.search"],
        "state": [empty(s) for s in dep["state"]],
    }


@pytest.fixture
def app(tiny_dir):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tiny_dir))


def test_the_page_has_a_hidden_notice_for_failed_updates(app):
    notice = _component(app.server.test_client().get("/_dash-layout").json, ids.ERROR_NOTICE)
    assert notice is not None
    assert notice["props"]["hidden"] is True and notice["props"]["role"] == "alert"


def test_a_failing_callback_shows_the_plain_message_not_a_500_page(app, monkeypatch):
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").json
    sync = next(d for d in deps if d["output"].startswith(f"..{ids.URL}.search..."))

    def broken(_self: object) -> None:
        raise RuntimeError("simulated failure in /srv/secret/path")

    monkeypatch.setattr(Derived, "get", broken)  # every view of the data fails, as a bug would
    response = client.post("/_dash-update-component", json=_page_load_request(sync))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_data(as_text=True)
    assert json.loads(body)["sideUpdate"] == {
        ids.ERROR_NOTICE: {"children": t("error.callback", "en", kind="RuntimeError"), "hidden": False}
    }
    assert "Internal Server Error" not in body and "Traceback" not in body
    assert "/srv/secret/path" not in body  # the details go to the log, not to the browser
