"""One page, one data version: a page opened before an edit keeps being answered from its
version, hears that newer data exists, and is told to reload when the server no longer has it
(dashboard.web.versions, dashboard.web.store)."""

from __future__ import annotations

import json
import re
import time

from benchmarks import dashclient as dc
from dashboard import create_app
from dashboard.config import Settings
from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.web import ids
from dashboard.web.store import Derived, ModelStore
from dashboard.web.versions import NEWER_HEADER, VERSION_HEADER
from tests.helpers import add_partner

MAP = "/_dash-update-component"


def test_the_store_keeps_the_replaced_version_for_the_pages_that_show_it(tiny_dir):
    first = build_model(load_dataset(tiny_dir))
    store = ModelStore(tiny_dir, first, interval=0, background=False)
    partners = Derived(store, lambda model: len(model.partners))
    add_partner(tiny_dir, "oslo")
    second = store.model
    assert second is not first and store.held(first.ds.version) is first
    assert store.held(second.ds.version) is second and store.held("0" * 16) is None
    with store.pinned(first):
        assert store.model is first and partners.get() == 6
    assert store.model is second and partners.get() == 7
    add_partner(tiny_dir, "bergen")
    assert store.model is not second
    assert store.held(first.ds.version) is None  # two edits later the first version is gone
    assert store.held(second.ds.version) is second


def _version(client) -> str:
    found = re.search(
        r'"data-dashboard-version":\s*"([0-9a-f]+)"', client.get("/_dash-layout").get_data(as_text=True)
    )
    assert found, "the layout carries no data version"
    return found.group(1)


def _headline(answer) -> str:
    return json.dumps(answer.get_json()["response"][ids.HEADLINE], sort_keys=True)


def test_a_page_keeps_its_version_after_an_edit_and_is_told_when_it_is_gone(tiny_dir):
    app = create_app(Settings(data_dir=tiny_dir, cache=tiny_dir.parent / "cache"))
    client = app.server.test_client()
    old = _version(client)
    world = dc.filter_states(top_country="NL", consortium="alpha", years=(2000, 2026))[0][1]
    body = dc.render_payload(world)
    before = client.post(MAP, json=body, headers={VERSION_HEADER: old})
    assert before.status_code == 200 and NEWER_HEADER not in before.headers

    add_partner(tiny_dir, "oslo")
    deadline = time.monotonic() + 30
    while (new := _version(client)) == old:  # the app reloads in the background within seconds
        assert time.monotonic() < deadline, "the edit was never picked up"
        time.sleep(0.3)

    kept = client.post(MAP, json=body, headers={VERSION_HEADER: old})
    assert kept.status_code == 200 and kept.headers[NEWER_HEADER] == "newer"
    assert _headline(kept) == _headline(before)  # the old page is not shown the new partner
    current = client.post(MAP, json=body, headers={VERSION_HEADER: new})
    assert current.status_code == 200 and NEWER_HEADER not in current.headers
    assert _headline(current) != _headline(before)
    assert _headline(client.post(MAP, json=body)) == _headline(current)  # no header: the current data

    gone = client.post(MAP, json=body, headers={VERSION_HEADER: "0" * 16, "Accept-Language": "it"})
    assert gone.status_code == 409
    assert "Ricarica la pagina" in gone.get_json()["message"]
    assert gone.headers.get("Content-Security-Policy")  # the security headers on this answer too
    junk = client.post(MAP, json=body, headers={VERSION_HEADER: "<script>"})
    assert junk.status_code == 200  # not a version: treated as none
