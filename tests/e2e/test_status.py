"""Honest numbers in the browser: what a status link draws, counted on the map and the network
and checked against the bundled CSV files read here with the csv module."""

from __future__ import annotations

import csv
import tomllib
from typing import Any

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.schema import derive_status
from tests.e2e.test_explorer import assert_clean_browser, checked, start, switch_view, wait_until

# Partner ids of the map's marker traces, and the status the page drew each with.
MAP_IDS = """
const gd = document.querySelector('#partner-map .js-plotly-plot');
if (!gd || !gd.data) { return null; }
return gd.data.filter(t => t.mode === 'markers' && t.ids).flatMap(t => Array.from(t.ids));
"""
NETWORK = """
const box = document.getElementById('network');
const cy = box && box._cyreg && box._cyreg.cy;
if (!cy || cy.nodes().length === 0) { return null; }
return {edges: cy.edges().map(e => [e.data('target'), e.data('status')]),
        partners: cy.nodes('.partner').map(n => n.id()), consortia: cy.nodes('.consortium').length};
"""


def _ended_rows() -> list[str]:
    """Partner ids of the bundled agreement rows that have ended, one per row."""
    as_of = tomllib.loads((DEFAULT_DATA_DIR / "dataset.toml").read_text(encoding="utf-8")).get("as_of", "")
    with (DEFAULT_DATA_DIR / "agreements.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        r["institution_id"]
        for r in rows
        if (r["status"].strip() or derive_status(r["since"].strip(), r["until"].strip(), as_of)) == "ended"
    ]


@pytest.mark.e2e
def test_a_status_link_draws_only_relations_in_that_status(duo: Any, bundled_app: Any) -> None:
    ended = _ended_rows()
    assert ended, "the bundled data has no ended agreement: this test would prove nothing"
    start(duo, bundled_app, "/?status=ended")
    assert checked(duo, "filter-status") == ["ended"]
    drawn = wait_until(duo, lambda: duo.driver.execute_script(MAP_IDS), "the map never drew markers")
    assert sorted(drawn) == sorted(set(ended)), "the map draws partners without an ended agreement"
    switch_view(duo, "network")
    net = wait_until(duo, lambda: duo.driver.execute_script(NETWORK), "the network never drew")
    assert sorted(net["edges"]) == sorted([f"i:{i}", "ended"] for i in ended)
    assert sorted(net["partners"]) == sorted(f"i:{i}" for i in set(ended))
    assert net["consortia"] == 0
    assert "Faded: agreement ended or suspended" in duo.find_element("#network-key").text
    assert_clean_browser(duo)
