"""The pure parts of ``benchmarks/servers.py``: the deck's requests as the renderer sends them, the table."""

from __future__ import annotations

import pytest

from benchmarks import servers

DECK_SPEC = {
    "output": "..export-download.data...export-status.children..",
    "inputs": [
        {"id": "export-button", "property": "n_clicks"},
        {"id": "deck-request", "property": "data"},
    ],
    "state": [
        {"id": "url", "property": "search"},
        {"id": "view-store", "property": "data"},
        {"id": "lang-store", "property": "data"},
    ],
    "background": {"interval": 1000},
}
OTHER_SPEC = {"output": "map.figure", "inputs": [], "state": [], "background": None}


def _deck(seconds: float, slides: int = 15) -> dict:
    return {
        "seconds": seconds,
        "polls": 12,
        "progress": {"reports": 11, "steps": 9},
        "slides": slides,
        "cpu_s": {"worker": 20.0, "server A": 0.4, "server B": 0.3},
    }


def _found(one: list[dict], two: list[dict]) -> dict:
    return {
        "baseline": {"times_s": [10.0], "slides": 15},
        "cache_fill_s": 30.0,
        "workers": 2,
        "one": {"startup_s": {"server": 4.0}, "decks": one},
        "two": {
            "startup_s": {"redis": 0.1, "server-a": 6.0, "server-b": 6.5, "worker": 7.0},
            "decks": two,
            "worker_succeeded": len(two),
        },
    }


def test_deck_request_is_the_deck_button_on_the_unfiltered_map_in_the_default_language():
    body, interval = servers.deck_request([OTHER_SPEC, DECK_SPEC], stamp=123)
    assert body["output"] == DECK_SPEC["output"]
    assert body["outputs"] == [
        {"id": "export-download", "property": "data"},
        {"id": "export-status", "property": "children"},
    ]
    assert [i["value"] for i in body["inputs"]] == [None, 123]
    assert [s["value"] for s in body["state"]] == ["", "map", None]  # lang last: None is the default
    assert body["changedPropIds"] == ["deck-request.data"]
    assert interval == 1.0


def test_deck_request_names_the_missing_callback():
    with pytest.raises(ValueError, match=r"export-download\.data"):
        servers.deck_request([OTHER_SPEC], stamp=1)


def test_poll_body_nulls_values_and_keeps_the_first_request():
    body, _ = servers.deck_request([DECK_SPEC], stamp=5)
    polled = servers.poll_body(body)
    assert all(d["value"] is None for d in polled["inputs"] + polled["state"])
    assert body["inputs"][1]["value"] == 5 and polled["output"] == body["output"]


def test_end_id_of_a_page_without_dash_config_says_so():
    with pytest.raises(ValueError, match="_dash-config"):
        servers.end_id("<html></html>")


def test_table_gives_ratios_to_the_baseline_and_start_up_apart():
    lines = servers.table(_found([_deck(20.0), _deck(14.0), _deck(16.0)], [_deck(25.0)]))
    one, two = lines[3], lines[4]
    assert one.startswith(
        "| one server, embedded DiskCache | server 4.0 s | 20.0 s (2.00×) | 15.0 s (1.50×) |"
    )
    assert "redis" not in two and "server-a 6.0 s, server-b 6.5 s, worker 7.0 s" in two
    assert "| 25.0 s (2.50×) | – |" in two and "worker 20.0 s, server A 0.4 s" in two
    assert "11 / 12 (9)" in one and "15 ✅" in one


def test_table_marks_a_deck_with_the_wrong_slide_count():
    lines = servers.table(_found([_deck(20.0, slides=3)], [_deck(25.0)]))
    assert "3 ❌" in lines[3] and "15 ✅" in lines[4]
