"""User journeys through the explorer in headless Chromium (dash ``dash_duo`` + selenium).

Each test starts the app on its own server thread, drives the page like a user (clicks,
typing, Back/Forward, pasted links) and waits for real DOM state. Every test ends with
``assert_clean_browser``: no SEVERE console entry and no resource fetched from a host
other than 127.0.0.1 (the browser cannot resolve any other host anyway, see conftest).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 20  # seconds; generous for 2 busy cores, waits return as soon as the condition holds

SEA = "southeast-asia"
LOCAL = "127.0.0.1"


# --------------------------------------------------------------------------- helpers


def wait_until(duo: Any, condition: Callable[[], Any], message: str, timeout: float = TIMEOUT) -> Any:
    """Poll ``condition`` until it returns something truthy; fail with ``message`` (and the URL)."""

    def probe(_driver: object) -> Any:
        try:
            return condition()
        except (NoSuchElementException, StaleElementReferenceException):
            return False  # not rendered yet, or React re-rendered the node under us: poll again

    return WebDriverWait(duo.driver, timeout, poll_frequency=0.1).until(
        probe, f"{message} (url: {duo.driver.current_url})"
    )


def start(duo: Any, app: Any, path: str = "/") -> None:
    """Serve ``app`` on 127.0.0.1, open ``path`` and wait until the first render is on screen."""
    duo.start_server(app, navigate=path == "/", host=LOCAL)
    if path != "/":  # open the shared link directly, without loading "/" first
        duo.wait_for_page(url=duo.server.url + path)
    # keep every resource entry for assert_clean_browser (the default buffer holds 250)
    duo.driver.execute_script("performance.setResourceTimingBufferSize(100000);")
    wait_until(duo, lambda: partners(duo) is not None, "headline figures never appeared")
    wait_until(duo, lambda: map_points(duo) > 0, "map markers never appeared")


def query(duo: Any) -> dict[str, list[str]]:
    """The current URL's query, parsed (``{"region": ["europe,east-asia"], ...}``)."""
    return parse_qs(urlsplit(duo.driver.current_url).query)


def headline(duo: Any) -> dict[str, str]:
    """Headline cards as ``{label: value}``."""
    return duo.driver.execute_script(
        """const out = {};
        document.querySelectorAll('#headline .stat-card').forEach(c => {
            out[c.querySelector('.stat-label').textContent.trim()] =
                c.querySelector('.stat-value').textContent.trim();
        });
        return out;"""
    )


def region_total(label: str) -> int:
    """Partners a region option counts: "Europe (16 with agreements · 93 via consortia)" -> 109."""
    numbers = re.search(r"\((\d+) with agreements · (\d+) via consortia\)", label)
    assert numbers, f"region option without its counts: {label!r}"
    return int(numbers.group(1)) + int(numbers.group(2))


def partners(duo: Any) -> int | None:
    """Partners in the headline: those with agreements plus those via consortia only (``None``
    before the headline is rendered)."""
    cards = headline(duo)
    direct, via = cards.get("with agreements"), cards.get("via consortia only")
    return int(direct) + int(via) if direct is not None and via is not None else None


def map_points(duo: Any) -> int:
    """Marker points plotly drew on the world map (partners, home and labels)."""
    return duo.driver.execute_script(
        "return document.querySelectorAll('#partner-map .scattergeo .point').length;"
    )


def checked(duo: Any, component_id: str) -> list[str]:
    """Values of the checked inputs of a Dash checklist or radio items."""
    return duo.driver.execute_script(
        "return [...document.querySelectorAll('#' + arguments[0] + ' input')]"
        ".filter(i => i.checked).map(i => i.value);",
        component_id,
    )


def option_label(duo: Any, component_id: str, value: str) -> Any:
    """The clickable label of one option of a Dash 4 checklist or radio items."""
    return duo.find_element(f'#{component_id} input[value="{value}"]').find_element(
        By.XPATH, "ancestor::label[1]"
    )


def details_name(duo: Any) -> str:
    """The institution name shown in the details panel ("" for the placeholder)."""
    names = duo.driver.find_elements(By.CSS_SELECTOR, "#details-body .details-name")
    return names[0].text.strip() if names else ""


def wait_for_details(duo: Any, name: str) -> None:
    wait_until(duo, lambda: details_name(duo) == name, f"details panel never showed {name!r}")


def switch_view(duo: Any, view: str) -> None:
    """Click a view tab and wait until its pane is the one on screen."""
    option_label(duo, "view-switch", view).click()
    wait_until(duo, lambda: duo.find_element(f"#{view}-pane").is_displayed(), f"{view} pane not shown")
    expected = None if view == "map" else [view]  # the default view is left out of the URL
    wait_until(duo, lambda: query(duo).get("view") == expected, f"URL never said view={view}")


def assert_clean_browser(duo: Any) -> None:
    """No SEVERE console entry, and every resource came from 127.0.0.1.

    The browser log is kept at ALL levels (see conftest), so entries are filtered here:
    warnings (e.g. Cytoscape's "custom wheel sensitivity" notice) do not fail a test.
    A request to another host shows up twice: as a resource entry, and as a SEVERE
    ``net::ERR_NAME_NOT_RESOLVED`` entry (the browser cannot resolve any other host).
    """
    urls = duo.driver.execute_script(
        "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)];"
    )
    foreign = [
        u for u in urls if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != LOCAL
    ]
    severe = [entry for entry in duo.get_logs() or [] if entry.get("level") == "SEVERE"]
    problems = [f"resource from another host: {u}" for u in foreign]
    problems += [f"SEVERE console entry: {entry}" for entry in severe]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- journeys


@pytest.mark.e2e
def test_offline_base_map_draws_countries_and_markers(duo, bundled_app):
    start(duo, bundled_app, "/?comembers=show")  # every partner, consortium co-members included
    countries = duo.wait_for_element("#partner-map .geo .countries path")
    # plotly draws all country borders as ONE path (a topojson mesh), not one path per
    # country: count its sub-paths instead, and check it spans most of the map.
    outline = countries.get_attribute("d") or ""
    assert outline.count("M") > 100, f"country borders have only {outline.count('M')} sub-paths"
    assert duo.driver.find_elements(By.CSS_SELECTOR, "#partner-map .geo .land path")
    box = duo.driver.execute_script(
        "const b = arguments[0].getBBox(), g = arguments[1].getBoundingClientRect();"
        "return {w: b.width, gw: g.width};",
        countries,
        duo.find_element("#partner-map"),
    )
    assert box["w"] > 0.5 * box["gw"], f"country borders cover only {box}"
    # the whole world is drawn and every placed partner has a marker
    assert map_points(duo) > 100
    loaded = duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('/assets/topojson/'));"
    )
    assert loaded and all(urlsplit(u).hostname == LOCAL for u in loaded), loaded
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_region_filter_updates_markers_headline_and_url(duo, bundled_app):
    start(duo, bundled_app)
    total, points_before = partners(duo), map_points(duo)
    label = option_label(duo, "filter-region", SEA)
    match = re.fullmatch(
        r"Southeast Asia \((\d+) with agreements · (\d+) via consortia\)", label.text.strip()
    )
    assert match, f"unexpected region label {label.text!r}"
    direct, expected = int(match.group(1)), int(match.group(1)) + int(match.group(2))
    assert 0 < expected < total

    label.click()

    wait_until(duo, lambda: partners(duo) == expected, f"Partners card never became {expected}")
    wait_until(duo, lambda: f"region={SEA}" in duo.driver.current_url, "URL never got the region")
    wait_until(duo, lambda: 0 < map_points(duo) < points_before, "map markers did not thin out")
    assert checked(duo, "filter-region") == [SEA]
    assert headline(duo)["Southeast Asia"] == str(direct)  # the tile's number: agreements only
    # the partners' markers plus home (and no more than one label trace point)
    assert map_points(duo) <= expected + 2, map_points(duo)
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_shared_url_restores_filters_view_and_focus(duo, bundled_app):
    start(duo, bundled_app, "/?region=north-america&view=table&focus=mit")
    name = "Massachusetts Institute of Technology"

    wait_until(duo, lambda: checked(duo, "filter-region") == ["north-america"], "region not restored")
    assert checked(duo, "view-switch") == ["table"]
    wait_until(duo, lambda: duo.find_element("#table-pane").is_displayed(), "table pane not shown")
    assert not duo.find_element("#map-pane").is_displayed()
    row = duo.wait_for_element('#partner-table .ag-row[row-id="mit"] .ag-cell[col-id="name"]')
    wait_until(duo, lambda: row.text.strip() == name, "MIT's row has the wrong name")
    label = option_label(duo, "filter-region", "north-america").text
    shown = region_total(label)
    wait_until(duo, lambda: partners(duo) == shown, "headline not filtered to North America")

    wait_for_details(duo, name)
    sources = duo.driver.find_elements(By.CSS_SELECTOR, "#details-body .source-line a")
    assert sources, "no source link in the details panel"
    assert all((a.get_attribute("href") or "").startswith("http") for a in sources)
    assert "has-focus" in duo.find_element("#details").get_attribute("class")
    # opening the link must not rewrite it
    assert query(duo) == {"region": ["north-america"], "view": ["table"], "focus": ["mit"]}
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_back_and_forward_restore_filters(duo, bundled_app):
    start(duo, bundled_app)
    europe = region_total(option_label(duo, "filter-region", "europe").text)

    option_label(duo, "filter-region", "europe").click()
    wait_until(duo, lambda: query(duo).get("region") == ["europe"], "URL never got region=europe")
    wait_until(duo, lambda: partners(duo) == europe, "headline not filtered to Europe")

    option_label(duo, "filter-type", "double_degree").click()
    wait_until(duo, lambda: query(duo).get("type") == ["double_degree"], "URL never got the type")
    wait_until(duo, lambda: partners(duo) < europe, "type filter did not narrow the partners")
    both = partners(duo)

    duo.driver.back()
    wait_until(duo, lambda: "type" not in query(duo), "Back did not drop the type from the URL")
    assert query(duo).get("region") == ["europe"]
    wait_until(duo, lambda: checked(duo, "filter-type") == [], "Back did not untick the type")
    assert checked(duo, "filter-region") == ["europe"]
    wait_until(duo, lambda: partners(duo) == europe, "Back did not restore the Europe headline")

    duo.driver.forward()
    wait_until(duo, lambda: query(duo).get("type") == ["double_degree"], "Forward lost the type")
    wait_until(duo, lambda: checked(duo, "filter-type") == ["double_degree"], "Forward: type not ticked")
    assert checked(duo, "filter-region") == ["europe"]
    wait_until(duo, lambda: partners(duo) == both, "Forward did not restore the headline")
    assert_clean_browser(duo)


NODE_SCRIPT = """
const cy = document.getElementById('network')._cyreg.cy;
const n = cy.getElementById(arguments[0]);
if (!n.length || cy.width() === 0) return null;
const r = document.getElementById('network').getBoundingClientRect();
const p = n.renderedPosition();
const under = cy.nodes().filter(m => {
    const b = m.renderedBoundingBox();
    return b.x1 <= p.x && p.x <= b.x2 && b.y1 <= p.y && p.y <= b.y2;
}).map(m => m.id());
return {x: r.left + p.x, y: r.top + p.y, px: p.x, py: p.y, w: cy.width(), h: cy.height(),
        visible: n.visible(), under: under};
"""


@pytest.mark.e2e
def test_clicking_a_network_node_shows_its_details(duo, bundled_app):
    start(duo, bundled_app, "/?comembers=show")  # TU Delft shares consortia with home, no agreement
    switch_view(duo, "network")
    node = "i:tu-delft"
    seen: dict[str, Any] = {}

    # dash-cytoscape keeps the cytoscape instance on its container: #network._cyreg.cy
    def settled_position() -> dict[str, Any] | None:
        info = duo.driver.execute_script(NODE_SCRIPT, node)
        if not info or not info["visible"] or None in (info["px"], info["py"]):
            return None  # hidden, or not positioned yet (NaN comes back as None)
        if not (0 < info["px"] < info["w"] and 0 < info["py"] < info["h"]):
            return None
        now = time.monotonic()
        if seen.get("info") != info:  # moved (resize, fit): start the clock again
            seen.update(info=info, since=now)
            return None
        return info if now - seen["since"] >= 0.5 else None  # still for half a second

    pos = wait_until(duo, settled_position, f"network node {node} never settled on screen")
    # a real pointer click at the node's rendered position (viewport coordinates)
    actions = ActionChains(duo.driver)
    actions.w3c_actions.pointer_action.move_to_location(int(pos["x"]), int(pos["y"]))
    actions.w3c_actions.pointer_action.click()
    actions.perform()

    try:
        wait_for_details(duo, "Delft University of Technology")
    except TimeoutException:
        now = duo.driver.execute_script(NODE_SCRIPT, node)
        raise AssertionError(f"tap at {pos} did not focus {node}; node now {now}") from None
    wait_until(duo, lambda: query(duo).get("focus") == ["tu-delft"], "URL never got focus=tu-delft")
    assert query(duo).get("view") == ["network"]
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_table_row_click_focuses_the_institution(duo, bundled_app):
    start(duo, bundled_app)
    switch_view(duo, "table")

    def row_cell(index: int) -> tuple[Any, str, str] | None:
        cells = duo.driver.find_elements(
            By.CSS_SELECTOR, f'#partner-table .ag-row[row-index="{index}"] .ag-cell[col-id="name"]'
        )
        if not cells or not cells[0].text.strip():
            return None
        row = cells[0].find_element(By.XPATH, "ancestor::div[contains(@class,'ag-row')][1]")
        return cells[0], cells[0].text.strip(), row.get_attribute("row-id")

    for index in (0, 2):  # a first click, then a second row moves the focus
        cell, name, row_id = wait_until(duo, lambda i=index: row_cell(i), f"table row {index} missing")
        cell.click()
        wait_for_details(duo, name)
        wait_until(duo, lambda r=row_id: query(duo).get("focus") == [r], f"URL never got focus={row_id}")
        assert query(duo).get("view") == ["table"]
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_reclicking_a_table_row_after_closing_details_focuses_it_again(duo, bundled_app):
    start(duo, bundled_app)
    switch_view(duo, "table")
    selector = '#partner-table .ag-row[row-index="0"] .ag-cell[col-id="name"]'
    duo.wait_for_element(selector)
    # The grid redraws its rows as blocks arrive: find the cell again if it was replaced.
    name = wait_until(duo, lambda: duo.find_element(selector).text.strip(), "the first row has no name")
    wait_until(duo, lambda: duo.find_element(selector).click() or True, "the first row could not be clicked")
    wait_for_details(duo, name)

    duo.find_element("#details-close").click()
    wait_until(duo, lambda: details_name(duo) == "", "details panel did not close")
    wait_until(duo, lambda: "focus" not in query(duo), "closing did not drop focus from the URL")

    wait_until(duo, lambda: duo.find_element(selector).click() or True, "the row could not be clicked again")
    wait_until(duo, lambda: details_name(duo) == name, f"re-click did not show {name!r}", timeout=8)
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_search_without_match_shows_empty_state_and_reset(duo, bundled_app):
    start(duo, bundled_app)
    total = partners(duo)
    empty = duo.find_element("#empty-state")
    assert not empty.is_displayed()

    search = duo.find_element("#filter-search")
    search.send_keys("zzqx no such university")
    search.send_keys(Keys.ENTER)  # the input debounces: Enter commits the value

    wait_until(duo, empty.is_displayed, "empty state never shown")
    reset = duo.find_element("#empty-reset")
    assert reset.is_displayed()
    wait_until(duo, lambda: partners(duo) == 0, "headline did not drop to 0 partners")
    wait_until(duo, lambda: query(duo).get("q") == ["zzqx no such university"], "URL never got q")

    reset.click()
    wait_until(duo, lambda: partners(duo) == total, f"reset did not restore {total} partners")
    wait_until(duo, lambda: not empty.is_displayed(), "empty state still shown after reset")
    wait_until(duo, lambda: search.get_attribute("value") == "", "search box not cleared")
    assert "q" not in query(duo)
    assert_clean_browser(duo)


HOSTILE_NAME = "<img src=x onerror=window.__pwned=1>Delft"
HOSTILE_ROW = f"delft,{HOSTILE_NAME},<b>DTU</b>,university,Delft,NL,,,javascript:window.__pwned=2,"


@pytest.mark.e2e
def test_hostile_names_are_shown_as_text(duo, make_dataset: Callable[..., Path]):
    """Markup in the data is shown literally, never run: details, table and map label."""
    from dashboard import create_app
    from dashboard.config import Settings

    folder = make_dataset()  # the tiny dataset of tests/conftest.py, with one hostile row
    table = folder / "institutions.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines = [HOSTILE_ROW if line.startswith("delft,") else line for line in lines]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")

    start(duo, create_app(Settings(data_dir=folder)), "/?view=table&focus=delft")
    wait_for_details(duo, HOSTILE_NAME)
    cell = duo.wait_for_element('#partner-table .ag-row[row-id="delft"] .ag-cell[col-id="name"]')
    wait_until(duo, lambda: cell.text.strip() == HOSTILE_NAME, "table does not show the name as text")

    switch_view(duo, "map")  # the focused partner is labelled on the map with its short name
    wait_until(
        duo,
        lambda: "<b>DTU</b>" in duo.find_element("#partner-map .geo").text,
        "map label does not show the short name as text",
    )
    injected = duo.driver.execute_script(
        """return {pwned: window.__pwned === undefined ? null : window.__pwned,
                   imgs: document.querySelectorAll('img[src="x"]').length,
                   bold: [...document.querySelectorAll('#partner-map b, #details-body b')].length,
                   jsLinks: document.querySelectorAll('a[href^="javascript"]').length};"""
    )
    assert injected == {"pwned": None, "imgs": 0, "bold": 0, "jsLinks": 0}
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_the_trimmed_plotly_bundle_draws_every_chart_and_the_full_one_is_never_loaded(duo, bundled_app):
    # assets/vendor/plotly holds plotly.js with only the traces the app draws (1.6 MB, not 4.8):
    # the map, and the Insights bars, heatmap and Sankey, must all draw with it.
    start(duo, bundled_app, "/?view=insights")
    charts = "return ['.scattergeo', '.barlayer .point', '.heatmaplayer', '.sankey'].map(s => document.querySelectorAll(s).length)"
    wait_until(duo, lambda: all(duo.driver.execute_script(charts)), "an Insights chart was not drawn")
    scripts = duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('plotly'))"
    )
    assert any("plotly-dashboard.min.js" in s for s in scripts)
    assert not any("package_data/plotly.min.js" in s for s in scripts)  # Dash's full bundle stays unloaded
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_views_mount_when_first_opened_once_and_keep_the_focus(duo, bundled_app):
    # The network, the table and Insights are not on the page until first opened (the page
    # loads faster); opening them must show the focused partner, and coming back must find
    # the same grid and graph (not rebuilt: sorting, zoom and selection stay).
    start(duo, bundled_app, "/?focus=tu-delft&comembers=show")  # a co-member: drawn when shown
    wait_for_details(duo, "Delft University of Technology")
    mounted = "return ['network', 'partner-table', 'insights-view'].map(i => !!document.getElementById(i))"
    assert duo.driver.execute_script(mounted) == [False, False, False]

    switch_view(duo, "network")
    border = (
        "const cy = document.getElementById('network')._cyreg.cy;"
        "const n = cy.getElementById('i:tu-delft'); return n.length ? n.style('border-width') : null"
    )
    wait_until(
        duo, lambda: duo.driver.execute_script(border) == "4px", "focus not highlighted in the network"
    )
    duo.driver.execute_script("document.getElementById('network').dataset.probe = 'kept'")

    switch_view(duo, "table")
    row = (
        "try { const n = dash_ag_grid.getApi('partner-table').getRowNode('tu-delft');"
        " return n ? n.data.name : null } catch (e) { return null }"
    )
    wait_until(duo, lambda: duo.driver.execute_script(row) == "Delft University of Technology", "no row")
    duo.driver.execute_script("document.getElementById('partner-table').dataset.probe = 'kept'")

    switch_view(duo, "insights")
    charts = "return document.querySelectorAll('#insights-pane .js-plotly-plot .main-svg').length"
    wait_until(duo, lambda: duo.driver.execute_script(charts) >= 6, "Insights charts not drawn")
    thumb = duo.find_element("#insights-year [role=slider]")
    # the timeline starts at the last year and did not step when its timer mounted
    assert thumb.get_attribute("aria-valuenow") == thumb.get_attribute("aria-valuemax")

    for view, ident in (("network", "network"), ("table", "partner-table")):
        switch_view(duo, view)
        probe = f"return document.getElementById('{ident}').dataset.probe"
        assert duo.driver.execute_script(probe) == "kept", f"the {view} was mounted again"
    assert details_name(duo) == "Delft University of Technology"
    assert query(duo).get("focus") == ["tu-delft"]
    assert_clean_browser(duo)
