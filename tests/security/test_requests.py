"""Every request gets a proper answer: malformed bodies, paths and methods on any route are a 4xx
in plain text with the security headers, never a 500 or a framework page (issue 16, part 1).

Without :mod:`dashboard.web.guard` these bodies reach Dash's dispatch and Flask answers its HTML
``500 Internal Server Error`` page.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import dashclient as dc
from dashboard import create_app
from dashboard.config import Settings
from tests.helpers import TINY, write_dataset
from tests.security.payloads import HOSTILE_PATHS, MALFORMED_BODIES

ROUTES = ("/", "/_dash-layout", "/_dash-dependencies", dc.UPDATE_URL, "/present", "/import", "/assets/style.css",
          "/_dash-component-suites/dash/dcc/dash_core_components.js")  # fmt: skip
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "BREW")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = write_dataset(tmp_path_factory.mktemp("security") / "data", dict(TINY))
    app = create_app(Settings(data_dir=folder, admin_password="s3cret-for-tests"))
    return app.server.test_client()


def _proper(response, *, allow_ok: bool = True) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, response.data[:300]
    assert "Content-Security-Policy" in response.headers
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    if response.status_code >= 400:
        assert response.mimetype == "text/plain", response.data[:300]
        assert len(response.data) < 300 and b"<" not in response.data
    else:
        assert allow_ok, response.status_code


@pytest.mark.parametrize("body", MALFORMED_BODIES, ids=range(len(MALFORMED_BODIES)))
def test_malformed_callback_bodies_are_refused_in_plain_text(client, body: bytes) -> None:
    response = client.post(dc.UPDATE_URL, data=body, headers={"Content-Type": "application/json"})
    _proper(response, allow_ok=False)
    assert response.status_code in (400, 413)


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_paths_answer_properly(client, path: str) -> None:
    _proper(client.get(path))


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("method", METHODS)
def test_every_method_on_every_route(client, route: str, method: str) -> None:
    _proper(client.open(route, method=method, data=b"x=1"))


def test_a_real_callback_still_answers(client) -> None:
    opened = client.post(dc.UPDATE_URL, json=dc.sync_payload("?region=north-america"))
    assert opened.status_code == 200
    filters = opened.get_json()["response"]["filter-store"]["data"]
    response = client.post(dc.UPDATE_URL, json=dc.table_payload(filters))
    assert response.status_code == 200
    assert response.get_json()["response"]["partner-table"]["getRowsResponse"]["rowData"]


def test_the_callback_shape_is_checked_not_only_json(client) -> None:
    body = dc.network_payload(None)
    body["inputs"] = body["inputs"][:2]  # a callback of four inputs sent two
    response = client.post(dc.UPDATE_URL, json=body)
    assert response.status_code == 400 and b"inputs" in response.data


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
KEYS = st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds"])


def _valid_bodies() -> list[dict]:
    return [dc.network_payload(None), dc.table_payload(None), dc.render_payload(None), dc.sync_payload("?")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(_valid_bodies()), key=KEYS, value=JSON, drop=st.booleans())
def test_fuzz_one_part_of_a_real_body(client, base: dict, key: str, value: object, drop: bool) -> None:
    body = json.loads(json.dumps(base))
    if drop:
        body.pop(key, None)
    else:
        body[key] = value
    _proper(client.post(dc.UPDATE_URL, json=body))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(_valid_bodies()), part=st.sampled_from(["inputs", "state", "outputs"]),
       index=st.integers(0, 20), field=st.sampled_from(["id", "property", "value"]), value=JSON)  # fmt: skip
def test_fuzz_one_entry_of_a_real_body(
    client, base: dict, part: str, index: int, field: str, value: object
) -> None:
    body = json.loads(json.dumps(base))
    entries = body.get(part)
    entries = entries if isinstance(entries, list) else [entries]
    if entries and isinstance(entries[index % len(entries)], dict):
        entries[index % len(entries)][field] = value
    _proper(client.post(dc.UPDATE_URL, json=body))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200) | JSON.map(lambda v: json.dumps(v).encode()))
def test_fuzz_any_body(client, body: bytes) -> None:
    _proper(
        client.post(dc.UPDATE_URL, data=body, headers={"Content-Type": "application/json"}), allow_ok=False
    )


SEGMENT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(["/", "/assets/", "/_dash-component-suites/", "/_dash-component-suites/dash/",
                               "/present/", "/import/", "/_dash-layout/"]),
       parts=st.lists(SEGMENT, max_size=4), method=st.sampled_from(METHODS))  # fmt: skip
def test_fuzz_paths(client, prefix: str, parts: list[str], method: str) -> None:
    from urllib.parse import quote

    path = prefix + "/".join(quote(p, safe="") for p in parts)
    # Flask's test client reads "//host…" as a host name (and may fail to encode it): one slash.
    _proper(client.open("/" + path.lstrip("/"), method=method))


def _as_the_renderer_sends(key: str, spec: dict) -> dict:
    """A well-formed body for one callback of ``app.callback_map``, shaped as dash-renderer
    shapes it: outputs named as in the key (an allow_duplicate output keeps its "@<hash>")."""

    def entry(text: str) -> dict:
        ident, _, prop = text.rpartition(".")
        return {"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop}

    def given(items: list) -> list:
        return [[] if str(i["id"]).startswith("{") else {**i, "value": None} for i in items]

    multi = key.startswith("..")
    outputs = [entry(o) for o in key.strip(".").split("...")] if multi else entry(key)
    return {"output": key, "outputs": outputs, "inputs": given(spec.get("inputs", [])),
            "state": given(spec.get("state", [])), "changedPropIds": []}  # fmt: skip


def test_every_callback_of_the_app_passes_the_guard_as_the_browser_sends_it(tmp_path) -> None:
    """The guard must never refuse the page's own requests (an allow_duplicate output once was)."""
    from dashboard.web.guard import callback_problem

    folder = write_dataset(tmp_path / "data", dict(TINY))
    app = create_app(Settings(data_dir=folder))
    duplicates = [k for k in app.callback_map if "@" in k]
    assert duplicates  # the explorer has outputs with allow_duplicate=True
    for key, spec in app.callback_map.items():
        assert callback_problem(_as_the_renderer_sends(key, spec), app.callback_map) is None, key
