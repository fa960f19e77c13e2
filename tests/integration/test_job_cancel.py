"""Cancel of a background job (the deck) through Dash's own requests, with two apps in one process.

Dash answers ``dash.get_app()`` with the app built last in the process, unless the serving
app sets its context (``dashboard.web.app.serve_as_itself``): a job's handle was then signed
with one app's secret and checked against the other's, and Cancel did nothing.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path
from typing import Any

import psutil

from dashboard import create_app
from dashboard.config import Settings
from tests.helpers import write_tiny

STATE = {
    "url": ("search", ""),
    "view-store": ("data", "map"),
    "export-format": ("value", "png"),
    "network-layout": ("value", "force"),
    "map-color-by": ("value", "type"),
    "lang-store": ("data", "en"),
}


def _end_id(client: Any) -> str:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no Dash config in the page"
    return str(json.loads(found.group(1))["end_id"])


def _deck_request(app: Any) -> tuple[str, dict[str, Any]]:
    key = next(k for k in app.callback_map if "export-download.data" in k)
    callback = app.callback_map[key]
    state = [
        {"id": s["id"], "property": s["property"], "value": STATE[s["id"]][1]} for s in callback["state"]
    ]
    assert [(s["id"], s["property"]) for s in state] == [(i, p) for i, (p, _) in STATE.items()]
    body = {
        "output": key,
        "outputs": [
            {"id": "export-download", "property": "data"},
            {"id": "export-status", "property": "children"},
        ],
        "inputs": [
            {"id": "export-button", "property": "n_clicks", "value": None},
            {"id": "deck-request", "property": "data", "value": 1},
        ],
        "changedPropIds": ["deck-request.data"],
        "state": state,
    }
    return key, body


def _cancel_request(app: Any) -> dict[str, Any]:
    key = next(k for k in app.callback_map if "job-cancel.id" in k)
    return {
        "output": key,
        "outputs": {"id": "job-cancel", "property": "id"},
        "inputs": [{"id": "job-cancel", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["job-cancel.n_clicks"],
        "state": [],
    }


def _gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.1)
    return False


def test_cancel_stops_the_deck_job_when_another_app_was_built_later(tmp_path: Path) -> None:
    first = create_app(Settings(data_dir=write_tiny(tmp_path / "a"), cache=tmp_path / "cache-a"))
    create_app(Settings(data_dir=write_tiny(tmp_path / "b"), cache=tmp_path / "cache-b"))  # built last
    client = first.server.test_client()
    end_id = _end_id(client)
    _, body = _deck_request(first)
    started = client.post(f"/_dash-update-component?{urllib.parse.urlencode({'endId': end_id})}", json=body)
    assert started.status_code == 200, started.get_data(as_text=True)
    handles = started.get_json()
    pid = int(handles["job"].split("~", 1)[0])
    try:
        assert psutil.pid_exists(pid)
        query = urllib.parse.urlencode({"cancelJob": handles["job"], "endId": end_id})
        cancelled = client.post(f"/_dash-update-component?{query}", json=_cancel_request(first))
        assert cancelled.status_code == 200
        assert _gone(pid, 20), "the deck's job process still runs after Cancel"
        poll = urllib.parse.urlencode(
            {"cacheKey": handles["cacheKey"], "job": handles["job"], "endId": end_id}
        )
        after = client.post(f"/_dash-update-component?{poll}", json=body)
        assert after.status_code in (200, 204)
        assert b"pptx" not in after.get_data() and b"export-download" not in after.get_data()
    finally:
        if psutil.pid_exists(pid):
            for child in psutil.Process(pid).children(recursive=True):
                child.kill()
            psutil.Process(pid).kill()
