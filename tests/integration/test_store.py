from __future__ import annotations

import json
import os
import time

from dashboard import create_app
from dashboard.config import Settings
from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.web.store import Derived, ModelStore


def _touch(path, text):
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))  # make the change visible even within one mtime tick


def test_a_valid_edit_is_picked_up(tiny_dir):
    store = ModelStore(tiny_dir, build_model(load_dataset(tiny_dir)), interval=0, background=False)
    views = Derived(store, lambda model: len(model.partners))
    assert views.get() == 6
    agreements = tiny_dir / "agreements.csv"
    lines = (tiny_dir / "institutions.csv").read_text(encoding="utf-8").splitlines()
    _touch(
        tiny_dir / "institutions.csv",
        "\n".join([*lines, "new,New Test University,NTU,university,Oslo,NO,,,,"]),
    )
    _touch(
        agreements, agreements.read_text(encoding="utf-8") + "new,exchange,,,,https://example.org/n,2025,\n"
    )
    assert len(store.model.partners) == 7
    assert views.get() == 7
    assert store.problem is None


def test_an_invalid_edit_keeps_the_last_good_data_and_says_why(tiny_dir):
    good = build_model(load_dataset(tiny_dir))
    store = ModelStore(tiny_dir, good, interval=0, background=False)
    _touch(
        tiny_dir / "agreements.csv", "institution_id,type,source,as_of\nghost,exchange,https://e.org,2024\n"
    )
    assert store.model is good
    assert "agreements.csv:2 institution_id 'ghost'" in store.problem.render()
    _touch(
        tiny_dir / "agreements.csv", "institution_id,type,source,as_of\ndelft,exchange,https://e.org,2024\n"
    )
    assert store.model is not good and store.problem is None


def test_the_page_shows_the_refused_edit_and_keeps_serving(tiny_dir):
    app = create_app(Settings(data_dir=tiny_dir))
    client = app.server.test_client()
    assert b"data-notice" in client.get("/_dash-layout").data
    assert b"has errors" not in client.get("/_dash-layout").data
    _touch(tiny_dir / "institutions.csv", "id,name\nbroken\n")
    store_wait = time.time() + 20
    while time.time() < store_wait:  # the app reloads in the background, at most every 2 s
        layout = client.get("/_dash-layout")
        if b"has errors" in layout.data:
            break
        time.sleep(0.5)
    assert layout.status_code == 200
    assert b"has errors" in layout.data and b"Home Institute of Technology" in layout.data


def test_a_table_that_becomes_unreadable_keeps_the_last_good_data_and_names_it(tiny_dir, refuse_reading):
    good = build_model(load_dataset(tiny_dir))
    store = ModelStore(tiny_dir, good, interval=0, background=False)
    path = tiny_dir / "institutions.csv"
    refuse_reading(path, PermissionError)
    _touch(path, path.read_text(encoding="utf-8"))
    assert store.model is good
    assert f"cannot be read (permission denied): {path}" in store.problem.render()


def test_a_data_folder_that_disappears_keeps_the_last_good_data_until_it_is_back(tiny_dir):
    good = build_model(load_dataset(tiny_dir))
    store = ModelStore(tiny_dir, good, interval=0, background=False)
    moved = tiny_dir.rename(tiny_dir.with_name("moved"))
    assert store.model is good
    assert f"{tiny_dir}: does not exist" in store.problem.render()
    moved.rename(tiny_dir)
    assert store.model is not good and store.problem is None


def test_the_page_says_the_data_folder_is_gone_and_keeps_serving(tiny_dir):
    app = create_app(Settings(data_dir=tiny_dir))
    client = app.server.test_client()
    tiny_dir.rename(tiny_dir.with_name("moved"))
    deadline = time.time() + 20
    while time.time() < deadline:  # the app looks at the folder at most every 2 s, reloads in the background
        layout = client.get("/_dash-layout")
        if b"does not exist" in layout.data:
            break
        time.sleep(0.5)
    assert layout.status_code == 200
    text = json.dumps(layout.json)  # the raw body escapes "/" as \u002f
    assert f"{tiny_dir}: does not exist: give the folder that holds dataset.toml" in text
    assert "Home Institute of Technology" in text
