"""The app under gunicorn with 4 workers: the same user flow gives the same answers on any worker."""

from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

import psutil
import pytest

from benchmarks import dashclient as dc
from benchmarks.server import gunicorn

pytest.importorskip("gunicorn")


def _post(base: str, body: dict) -> dict:
    # A new connection per request: the kernel hands it to whichever worker accepts first.
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("POST", dc.UPDATE_URL, json.dumps(body), {"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = response.read()
        assert response.status == 200, payload[:300]
        return json.loads(payload)["response"]
    finally:
        conn.close()


def _get(base: str, path: str) -> int:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _flow(base: str) -> tuple[object, ...]:
    """Open a link to North America, then narrow it to exchanges, as the browser does."""
    assert [_get(base, p) for p in ("/", "/_dash-layout", "/_dash-dependencies")] == [200, 200, 200]
    opened = _post(base, dc.sync_payload("?region=north-america"))
    filters = opened["filter-store"]["data"]
    shown = _post(base, dc.table_payload(filters))
    assert "partner-map" in _post(base, dc.render_payload(filters))
    controls = {dc.ids.TYPE: ["exchange"], dc.ids.REGION: ["north-america"]}  # the first one changed
    narrowed = _post(base, dc.sync_payload("?region=north-america", controls))
    exchange = _post(base, dc.table_payload(narrowed["filter-store"]["data"]))
    return (
        filters,
        sorted(row["id"] for row in shown["partner-table"]["getRowsResponse"]["rowData"]),
        narrowed["url"]["search"],
        sorted(row["id"] for row in exchange["partner-table"]["getRowsResponse"]["rowData"]),
    )


def test_four_workers_serve_the_same_flow_identically(tiny_dir):
    with gunicorn(tiny_dir, workers=4, timeout=60) as served:
        base, master = served.url, psutil.Process(served.pid)
        deadline = time.monotonic() + 20
        while len(master.children()) < 4 and time.monotonic() < deadline:  # spawned one by one
            time.sleep(0.1)
        workers = master.children()
        assert len(workers) == 4
        before = {w.pid: sum(w.cpu_times()[:2]) for w in workers}
        results = [_flow(base) for _ in range(12)]
        after = {w.pid: sum(w.cpu_times()[:2]) for w in workers}
    filters, shown, url, exchange = results[0]
    assert filters["regions"] == ["north-america"]
    assert shown == ["boston", "vancouver"]
    assert url == "?region=north-america&type=exchange"
    assert exchange == ["vancouver"]
    assert all(r == results[0] for r in results)  # no worker remembers anything between requests
    assert sum(after[p] > before[p] for p in before) >= 2  # the flow really crossed workers
    assert not any(psutil.pid_exists(w.pid) and w.status() != psutil.STATUS_ZOMBIE for w in workers)
