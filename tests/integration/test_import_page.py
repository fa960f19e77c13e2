"""The import page through Flask's test client: who may reach it, its size limit, shared staging.

Callback requests are built as Dash's renderer sends them (``output``, ``outputs``, ``inputs``,
``state``), from the app's own ``callback_map``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from dash import Dash

from dashboard import create_app
from dashboard.config import Settings
from dashboard.data.problems import Report
from dashboard.data.reading import read_csv
from dashboard.web import ids
from dashboard.web.security import IMPORT_FILE_BYTES, MAX_REQUEST_BYTES

PASSWORD = "correct horse battery"
SHEET = (
    "Istituzione partner;Codice Erasmus;Paese;Città;Tipo accordo;Anno accademico\n"
    "Universidad de Salamanca;E  SALAMAN02;ES;;Erasmus+ KA131;2022/2023\n"
    '"=HYPERLINK(""http://evil.example"",""x"")";;FR;Lyon;accordo quadro;2021\n'
)


def auth(password: str = PASSWORD, user: str = "admin") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def upload_value(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode("utf-8")).decode()


def make_app(folder: Path, staging: Path, **settings: Any) -> Dash:
    return create_app(Settings(data_dir=folder, import_staging=staging, **settings))


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    return tmp_path / "staging"


@pytest.fixture
def app(tiny_dir: Path, staging: Path) -> Dash:
    return make_app(tiny_dir, staging, admin_password=PASSWORD)


def callback_key(app: Dash, first_output: str, prop: str) -> str:
    """The callback_map key of the callback whose first output is ``first_output.prop``."""
    for key in app.callback_map:
        first = key.strip(".").split("...")[0].split("@")[0]
        if first == f"{first_output}.{prop}":
            return key
    raise KeyError(first_output)


def _outputs(key: str) -> list[dict[str, str]]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = []
    for part in parts:
        ident, prop = part.split("@")[0].rsplit(".", 1)
        outputs.append({"id": ident, "property": prop})
    return outputs


def body(app: Dash, key: str, inputs: list[Any], state: list[Any]) -> dict[str, Any]:
    """A callback request for ``key`` with these input and state values (in declared order)."""
    spec = app.callback_map[key]

    def items(declared: list[dict[str, str]], values: list[Any]) -> list[Any]:
        out = []
        for dep, value in zip(declared, values, strict=True):
            if dep["id"].startswith("{"):  # pattern-matching ALL: value is a list of (id, value)
                out.append([{"id": i, "property": dep["property"], "value": v} for i, v in value])
            else:
                out.append({"id": dep["id"], "property": dep["property"], "value": value})
        return out

    if spec["state"] and spec["state"][-1]["id"] == ids.LANG and len(state) == len(spec["state"]) - 1:
        state = [*state, None]  # the page's language, last on every callback: none stored, the default
    outputs = _outputs(key)
    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": items(spec["inputs"], inputs),
        "state": items(spec["state"], state),
        "changedPropIds": [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }


def post(client: Any, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return client.post("/_dash-update-component", json=payload, headers=headers or {})


def upload(app: Dash, client: Any, text: str = SHEET, headers: dict[str, str] | None = None) -> Any:
    key = callback_key(app, ids.IMPORT_TOKEN, "data")
    payload = body(app, key, [upload_value(text)], ["accordi.csv", "Office export 2026-12-01"])
    return post(client, payload, auth() if headers is None else headers)


def token_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][ids.IMPORT_TOKEN]["data"]


def save(app: Dash, client: Any, token: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    key = callback_key(app, ids.IMPORT_RESULT, "children")
    return post(client, body(app, key, [1], [token]), auth() if headers is None else headers)


# --------------------------------------------------------------------------- not configured


def test_import_page_does_not_exist_when_no_admin_is_configured(tiny_dir, staging):
    app = make_app(tiny_dir, staging)
    client = app.server.test_client()
    assert client.get("/import").status_code == 404
    assert client.get("/import/", headers=auth()).status_code == 404
    deps = json.dumps(client.get("/_dash-dependencies").get_json())
    assert ids.IMPORT_UPLOAD not in deps
    assert ids.IMPORT_LINK not in client.get("/_dash-layout").get_data(as_text=True)
    assert client.get("/").status_code == 200  # viewing stays open


def test_a_proxy_header_alone_does_not_enable_import_without_an_allow_list(tiny_dir, staging):
    app = make_app(tiny_dir, staging, trusted_user_header="X-Remote-User")
    assert app.server.test_client().get("/import", headers={"X-Remote-User": "ana"}).status_code == 404


# --------------------------------------------------------------------------- HTTP Basic


def test_import_page_asks_for_the_admin_password(app):
    client = app.server.test_client()
    refused = client.get("/import")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Basic realm=")
    assert client.get("/import", headers=auth("wrong")).status_code == 401
    assert client.get("/import", headers=auth(PASSWORD, user="root")).status_code == 401
    page = client.get("/import", headers=auth())
    assert page.status_code == 200
    assert "text/html" in page.headers["Content-Type"]


def test_viewing_needs_no_password_and_shows_no_import_link(app):
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    anonymous = client.get("/_dash-layout").get_data(as_text=True)
    assert ids.IMPORT_LINK not in anonymous and ids.IMPORT_UPLOAD not in anonymous
    admin = client.get("/_dash-layout", headers=auth()).get_data(as_text=True)
    assert ids.IMPORT_LINK in admin and ids.IMPORT_UPLOAD in admin


def test_repeated_wrong_passwords_are_slowed_down(app):
    client = app.server.test_client()
    codes = [client.get("/import", headers=auth(f"guess {n}")).status_code for n in range(5)]
    assert codes == [401] * 5
    throttled = client.get("/import", headers=auth())
    assert throttled.status_code == 429  # even the right password waits
    other = app.server.test_client()
    assert other.get("/import", headers=auth(), environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200


def test_a_callback_of_the_import_page_is_refused_to_a_non_admin(app, tiny_dir):
    client = app.server.test_client()
    before = {p.name: p.read_bytes() for p in tiny_dir.iterdir() if p.is_file()}
    assert upload(app, client, headers={}).status_code == 403
    assert upload(app, client, headers=auth("wrong")).status_code == 403
    token = token_of(upload(app, client))
    assert save(app, client, token, headers={}).status_code == 403
    assert {p.name: p.read_bytes() for p in tiny_dir.iterdir() if p.is_file()} == before


def test_every_import_callback_is_guarded(app):
    client = app.server.test_client()
    guarded = [k for k in app.callback_map if "import-" in k and app.callback_map[k].get("callback")]
    assert len(guarded) == 5
    for key in guarded:
        spec = app.callback_map[key]
        payload = body(
            app,
            key,
            [[] if d["id"].startswith("{") else None for d in spec["inputs"]],
            [[] if d["id"].startswith("{") else None for d in spec["state"]],
        )
        assert post(client, payload).status_code == 403, key


def test_an_admin_uploads_and_saves_and_the_new_partner_is_in_the_data(app, tiny_dir):
    client = app.server.test_client()
    token = token_of(upload(app, client))
    shown = post(client, body(app, callback_key(app, ids.IMPORT_MAPPING, "children"), [token], []), auth())
    assert shown.status_code == 200
    rendered = json.dumps(shown.get_json())
    assert "Universidad de Salamanca" in rendered
    assert "=HYPERLINK" in rendered  # shown as the text it is
    result = save(app, client, token)
    assert result.status_code == 200
    assert "institutions.csv" in json.dumps(result.get_json())
    assert result.get_json()["response"][ids.IMPORT_TOKEN]["data"] is None
    table = read_csv(tiny_dir / "institutions.csv", Report())
    assert table is not None
    names = {r.get("name") for r in table.rows}
    assert "Universidad de Salamanca" in names
    agreements = (tiny_dir / "agreements.csv").read_text(encoding="utf-8")
    assert "Office export 2026-12-01" in agreements
    assert (
        save(app, client, token).status_code == 200
    )  # a second save: the import is gone, nothing written twice
    assert (tiny_dir / "agreements.csv").read_text(encoding="utf-8") == agreements


def test_an_unreadable_upload_is_a_message_not_an_error(app):
    client = app.server.test_client()
    key = callback_key(app, ids.IMPORT_TOKEN, "data")
    response = post(client, body(app, key, ["data:x;base64,@@@"], ["list.csv", ""]), auth())
    assert response.status_code == 200
    assert "did not arrive intact" in json.dumps(response.get_json())


# --------------------------------------------------------------------------- size limit


def test_the_20_mb_limit_serves_only_the_import_upload(app):
    client = app.server.test_client()
    big_sheet = SHEET + ("Riga;;IT;Milano;accordo quadro;2020;" + "x" * 200 + "\n") * 20_000  # ~4.5 MB
    assert len(big_sheet) > 2 * MAX_REQUEST_BYTES
    assert upload(app, client, big_sheet).status_code == 200
    assert upload(app, client, big_sheet, headers={}).status_code == 413  # a non-admin keeps 2 MB
    explorer = next(k for k in app.callback_map if k.startswith("..url.search"))
    padded = {"output": explorer, "inputs": [], "state": [], "padding": "x" * (3 * 1024 * 1024)}
    assert post(client, padded, auth()).status_code == 413  # an admin's other callbacks keep 2 MB


def test_a_file_over_20_mb_is_refused_with_a_message(app):
    client = app.server.test_client()
    key = callback_key(app, ids.IMPORT_TOKEN, "data")
    contents = "data:text/csv;base64," + "QUFB" * (IMPORT_FILE_BYTES // 3 + 1024)  # 20 MB + 3 KB
    response = post(client, body(app, key, [contents], ["big.csv", ""]), auth())
    assert response.status_code == 200
    assert "larger than 20 MB" in json.dumps(response.get_json())


def test_a_request_far_over_the_upload_limit_is_refused_unread(app):
    client = app.server.test_client()
    key = callback_key(app, ids.IMPORT_TOKEN, "data")
    contents = "data:text/csv;base64," + "QUFB" * (IMPORT_FILE_BYTES // 2)  # 40 MB
    response = post(client, body(app, key, [contents], ["big.csv", ""]), auth())
    assert response.status_code == 413
    assert "20 MB" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- shared staging


def test_two_app_instances_sharing_the_staging_folder_see_the_same_import(app, tiny_dir, staging):
    other = make_app(tiny_dir, staging, admin_password=PASSWORD)  # another gunicorn worker
    token = token_of(upload(app, app.server.test_client()))
    assert list(staging.glob("*.json"))
    result = save(other, other.server.test_client(), token)
    assert result.status_code == 200
    assert "Saved" in json.dumps(result.get_json())


# --------------------------------------------------------------------------- single sign-on


def test_a_listed_proxy_user_may_import_and_others_may_not(tiny_dir, staging):
    app = make_app(tiny_dir, staging, trusted_user_header="X-Remote-User", admins=("ana@uni.example",))
    client = app.server.test_client()
    assert client.get("/import").status_code == 403  # no password to ask for: the proxy signs in
    assert client.get("/import", headers={"X-Remote-User": "bo@uni.example"}).status_code == 403
    assert client.get("/import", headers={"X-Remote-User": "ana@uni.example"}).status_code == 200
    assert client.get("/import", headers=auth()).status_code == 403  # no password configured
    assert upload(app, client, headers={"X-Remote-User": "bo@uni.example"}).status_code == 403
    assert token_of(upload(app, client, headers={"X-Remote-User": "Ana@Uni.Example"}))
