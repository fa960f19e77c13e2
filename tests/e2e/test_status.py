"""Honest numbers in the browser: what a status link draws, counted on the map and the network
and checked against the bundled CSV files read here with the csv module."""

from __future__ import annotations

import csv
import tomllib
from typing import Any

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.schema import derive_status
from tests.e2e.test_explorer import (
    assert_clean_browser,
    checked,
    headline,
    option_label,
    query,
    start,
    switch_view,
    wait_until,
)

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
        partners: cy.nodes('.partner').map(n => n.id()), consortia: cy.nodes('.consortium').length,
        hubs: cy.nodes('.consortium').map(n => n.id())};
"""


def _rows(name: str) -> list[dict[str, str]]:
    with (DEFAULT_DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _partners_by_kind() -> tuple[set[str], set[str]]:
    """(partners with an agreement row, partners only sharing a consortium with home), by hand."""
    home = tomllib.loads((DEFAULT_DATA_DIR / "dataset.toml").read_text(encoding="utf-8"))["home"]
    agreed = {r["institution_id"] for r in _rows("agreements.csv")}
    members = _rows("memberships.csv")
    mine = {r["consortium_id"] for r in members if r["institution_id"] == home}
    via = {r["institution_id"] for r in members if r["consortium_id"] in mine} - {home}
    return agreed, via - agreed


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


@pytest.mark.e2e
def test_consortium_co_members_are_hidden_by_default_and_shown_by_the_toggle(
    duo: Any, bundled_app: Any
) -> None:
    agreed, comembers = _partners_by_kind()
    assert comembers, "the bundled data has no consortium co-member: this test would prove nothing"
    start(duo, bundled_app)
    drawn = set(wait_until(duo, lambda: duo.driver.execute_script(MAP_IDS), "the map never drew markers"))
    assert drawn == agreed, "by default the map draws exactly the partners with an agreement row"
    cards = headline(duo)
    assert (int(cards["with agreements"]), int(cards["via consortia only"])) == (len(agreed), len(comembers))
    toggle = option_label(duo, "filter-comembers", "show")
    assert toggle.text == f"Show {len(comembers)} consortium co-members"
    toggle.click()
    wait_until(duo, lambda: query(duo).get("comembers") == ["show"], "the URL never said comembers=show")
    wait_until(
        duo,
        lambda: set(duo.driver.execute_script(MAP_IDS) or ()) == agreed | comembers,
        "the toggle never drew the co-members",
    )
    assert headline(duo) == cards, "the header counts changed with a drawing toggle"
    # the link restores the view: co-members on the network too
    duo.driver.get(duo.server.url + "/?comembers=show&view=network")
    # an organisation that is a consortium (consortia.csv institution_id) is drawn once, as its hub
    hubs = {r["institution_id"]: f"c:{r['id']}" for r in _rows("consortia.csv") if r["institution_id"]}
    expected = sorted(f"i:{i}" for i in agreed | comembers if i not in hubs)
    net = wait_until(
        duo,
        lambda: (n := duo.driver.execute_script(NETWORK)) and len(n["partners"]) == len(expected) and n,
        "the network never drew every partner from the link",
    )
    assert sorted(net["partners"]) == expected
    assert set(hubs.values()) <= set(net["hubs"]) and not {f"i:{i}" for i in hubs} & set(net["partners"])
    assert checked(duo, "filter-comembers") == ["show"]
    assert_clean_browser(duo)
