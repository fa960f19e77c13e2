"""The app builds (twice in one process), serves its pages and refuses bad data cleanly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard import create_app
from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT, Settings
from dashboard.data.problems import DataError


def _get(app, path):
    return app.server.test_client().get(path)


def test_two_apps_in_one_process_each_serve_their_own_data(tiny_dir):
    bundled = create_app(Settings(data_dir=DEFAULT_DATA_DIR))
    tiny = create_app(Settings(data_dir=tiny_dir))
    for app in (bundled, tiny):
        assert _get(app, "/").status_code == 200
        assert _get(app, "/_dash-layout").status_code == 200
        assert _get(app, "/_dash-dependencies").status_code == 200
    assert b"Home Institute of Technology" in _get(tiny, "/_dash-layout").data
    assert b"Politecnico di Milano" in _get(bundled, "/_dash-layout").data


def test_debug_is_off_by_default():
    assert Settings.from_env({}).debug is False
    assert Settings.from_env({"DASHBOARD_DEBUG": "1"}).debug is True


def test_bad_data_raises_data_error_not_a_traceback(make_dataset):
    folder = make_dataset(agreements__csv=["ghost,exchange,,,,https://e.org/a,2024,"])
    with pytest.raises(DataError):
        create_app(Settings(data_dir=folder))


def test_app_py_refuses_to_start_with_the_report(make_dataset):
    folder = make_dataset(agreements__csv=["ghost,exchange,,,,https://e.org/a,2024,"])
    done = subprocess.run(
        [sys.executable, "app.py", "--data", str(folder), "--port", "0"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "agreements.csv:2 institution_id 'ghost': no institution with this id" in done.stderr
    assert "Traceback" not in done.stderr


def test_security_headers_on_every_response(tiny_dir):
    app = create_app(Settings(data_dir=tiny_dir, frame_ancestors="'self' https://intranet.example.edu"))
    for path in ("/", "/_dash-layout", "/assets/app.css"):
        headers = _get(app, path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self' 'sha256-" in csp and "'unsafe-eval'" not in csp
        assert "frame-ancestors 'self' https://intranet.example.edu" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_oversized_request_is_refused_with_413(tiny_dir):
    app = create_app(Settings(data_dir=tiny_dir))
    response = app.server.test_client().post(
        "/_dash-update-component", data=b"x" * (3 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.data == b"Request refused: larger than 2 MB."


def test_asset_route_cannot_escape_its_folder(tiny_dir):
    app = create_app(Settings(data_dir=tiny_dir))
    client = app.server.test_client()
    for path in ("/assets/../data/institutions.csv", "/assets/..%2f..%2fapp.py", "/assets/%2e%2e/README.md"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"id,name" not in response.data and b"create_app" not in response.data


def test_a_failing_callback_is_a_message_not_a_500(tiny_dir, monkeypatch):
    from dashboard.web.render import ExplorerOutputs

    app = create_app(Settings(data_dir=tiny_dir))
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").json
    render = next(d for d in deps if d["output"].startswith("..partner-map.figure"))

    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(ExplorerOutputs, "render", boom)
    values = {
        "filter-store.data": {},
        "map-color-by.value": "type",
        "map-choropleth.value": [],
        "network-layout.value": "force",
        "network-color-by.value": "region",
        "focus-store.data": "",
    }
    payload = {
        "output": render["output"],
        "outputs": [
            {"id": o.split(".")[0], "property": o.split(".")[1]}
            for o in render["output"].strip(".").split("...")
        ],
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": values[f"{i['id']}.{i['property']}"]}
            for i in render["inputs"]
        ],
        "changedPropIds": ["filter-store.data"],
        "state": [{"id": "lang-store", "property": "data", "value": "en"}],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "error-notice" in body and "could not be updated (RuntimeError)" in body
    assert "simulated failure" not in body and "Traceback" not in body
    payload["state"][0]["value"] = "it"  # an Italian page hears it in Italian
    body = client.post("/_dash-update-component", json=payload).get_data(as_text=True)
    assert "Non è stato possibile aggiornare questa vista (RuntimeError)" in body


def test_the_layout_carries_the_first_map_so_it_draws_without_a_callback(tiny_dir):
    layout = _get(create_app(Settings(data_dir=tiny_dir)), "/_dash-layout").json

    def find(node, wanted):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == wanted:
                return node["props"]
            for value in node.get("props", {}).values():
                if (found := find(value, wanted)) is not None:
                    return found
        if isinstance(node, list):
            for value in node:
                if (found := find(value, wanted)) is not None:
                    return found
        return None

    figure = find(layout, "partner-map")["figure"]
    assert figure["data"] and figure["layout"]["geo"]["resolution"] == 110  # the world, light base map
    assert find(layout, "filter-store")["data"]["regions"] == []
    assert find(layout, "headline")["children"]
