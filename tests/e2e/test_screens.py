"""Meeting-grade screens, measured in the browser at the sizes of meeting-room screens.

At 1920×1080 and 1366×768: every network layout fits its panel (every node inside the
canvas), its names are at least 12 px on screen and never drawn over each other; the
header stays on one line with the map starting on the first screen (and ending there with its
key down to 1366×768; at 1280×720 with the key's first row); the name search follows typing
without Enter.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.test_explorer import assert_clean_browser, partners, query, start, switch_view, wait_until

SIZES = [(1920, 1080), (1366, 768)]
LAYOUTS = ("concentric", "region", "geographic", "force")

# Where every node is drawn, and every name Cytoscape draws (rendered pixels of the canvas).
NETWORK_SCRIPT = """
const box = document.getElementById("network");
const cy = box && box._cyreg && box._cyreg.cy;
if (!cy || cy.nodes().length === 0) { return null; }
const w = cy.width(), h = cy.height();
const outside = cy.nodes().filter(n => {
  const b = n.renderedBoundingBox({includeLabels: false});
  return b.x1 < 0 || b.y1 < 0 || b.x2 > w || b.y2 > h;
}).map(n => n.id());
const labels = cy.nodes().filter(n => n.style("label") && parseFloat(n.style("opacity")) >= 0.5).map(n => ({
  id: n.id(), px: parseFloat(n.style("font-size")) * cy.zoom(),
  box: n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true})
}));
return {nodes: cy.nodes().length, outside, labels, zoom: cy.zoom(),
        positions: cy.nodes().map(n => [n.position("x"), n.position("y")])};
"""


def set_viewport(duo: Any, width: int, height: int) -> None:
    """Make the page's viewport exactly ``width`` × ``height`` CSS pixels."""
    driver = duo.driver
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
    wait_until(
        duo,
        lambda: driver.execute_script("return [window.innerWidth, window.innerHeight]") == [width, height],
        f"viewport never became {width}×{height}",
    )


def _overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            p, q = a["box"], b["box"]
            if p["x1"] < q["x2"] and q["x1"] < p["x2"] and p["y1"] < q["y2"] and q["y1"] < p["y2"]:
                pairs.append((a["id"], b["id"]))
    return pairs


def settled_network(duo: Any, previous: list[list[float]] | None) -> dict[str, Any]:
    """The network once it shows new positions and has held still (fitted) for half a second."""
    seen: dict[str, Any] = {}

    def probe() -> dict[str, Any] | None:
        info = duo.driver.execute_script(NETWORK_SCRIPT)
        if not info or info["positions"] == previous:
            return None
        now = time.monotonic()
        state = (info["zoom"], len(info["labels"]), info["outside"])
        if seen.get("state") != state:
            seen.update(state=state, since=now)
            return None
        return info if now - seen["since"] >= 0.5 else None

    return wait_until(duo, probe, "the network never settled on new positions")  # type: ignore[no-any-return]


@pytest.mark.e2e
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_network_layout_fits_with_readable_names(duo, bundled_app, width, height):
    set_viewport(duo, width, height)
    start(duo, bundled_app)
    switch_view(duo, "network")
    info = settled_network(duo, None)
    for layout in LAYOUTS:
        duo.find_element(f"#network-layout input[value='{layout}']").click()
        info = settled_network(duo, info["positions"])
        assert info["outside"] == [], f"{layout}: nodes outside the canvas: {info['outside'][:10]}"
        names = {label["id"] for label in info["labels"]}
        assert "i:polimi" in names, f"{layout}: home is not named"
        assert len(names) >= 5, f"{layout}: only {sorted(names)} named"
        small = [(label["id"], round(label["px"], 1)) for label in info["labels"] if label["px"] < 11.9]
        assert small == [], f"{layout}: names below 12 px: {small[:10]}"
        assert _overlapping(info["labels"]) == [], f"{layout}: names drawn over each other"
    key = duo.find_element("#network-key").text
    assert "Europe" in key, f"no colour key: {key!r}"
    assert_clean_browser(duo)


# Where the map's drawing, its key's first row and its whole key end (px from the top of the
# viewport); null until drawn.
MAP_END_SCRIPT = """
const map = document.querySelector('#partner-map .geo .bg');
const rows = [...document.querySelectorAll('#partner-map .legend .traces')];
if (!map || !rows.length) { return null; }
const bottoms = rows.map(e => e.getBoundingClientRect().bottom);
return [map.getBoundingClientRect().bottom, Math.min(...bottoms), Math.max(...bottoms)];
"""


@pytest.mark.e2e
@pytest.mark.parametrize(("width", "height"), [*SIZES, (1280, 720)])
def test_header_is_one_line_and_the_map_starts_on_the_first_screen(duo, bundled_app, width, height):
    set_viewport(duo, width, height)
    start(duo, bundled_app)
    boxes = duo.driver.execute_script(
        """return [...document.querySelectorAll('#header > *')].map(e => {
            const r = e.getBoundingClientRect(); return [e.className, r.top, r.bottom]; })"""
    )
    tops = [top for _, top, _ in boxes]
    assert max(tops) - min(tops) < 30, f"header wraps: {boxes}"
    map_top = duo.driver.execute_script(
        "return document.getElementById('partner-map').getBoundingClientRect().top"
    )
    assert map_top < 0.6 * height, f"map starts at {map_top}px of {height}"
    # The whole map and its key on the first screen, down to 1366×768 (at 1366 and 1280 px wide
    # the side panels narrow so that the map's controls take fewer lines: assets/app.css); at
    # 1280×720 the whole map and the key's first row (its last rows may need a scroll).
    wait_until(duo, lambda: duo.driver.execute_script(MAP_END_SCRIPT), "the map never drew its key")
    map_end, first_row, key_end = duo.driver.execute_script(MAP_END_SCRIPT)
    assert map_end <= height and first_row <= height, f"map ends at {map_end}px, key row at {first_row}"
    if height > 720:
        assert key_end <= height, f"the map's key ends at {key_end}px of {height}"
    wide = duo.driver.execute_script("return document.documentElement.scrollWidth - innerWidth")
    assert wide <= 0, f"the page scrolls sideways by {wide}px"
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_the_name_search_follows_typing_without_enter(duo, bundled_app):
    start(duo, bundled_app)
    total = partners(duo)
    search = duo.find_element("#filter-search")
    search.send_keys("Delft")  # no Enter: the input commits once typing pauses
    wait_until(duo, lambda: query(duo).get("q") == ["Delft"], "URL never followed the typed name")
    wait_until(duo, lambda: (partners(duo) or total) < total, "the headline never followed the typed name")
    search.send_keys(" University")
    wait_until(duo, lambda: query(duo).get("q") == ["Delft University"], "URL did not follow more typing")
    assert search.get_attribute("value") == "Delft University", "typing was overwritten"
    assert_clean_browser(duo)


# Every name plotly drew on the explorer's map (the text of its scattergeo traces), as boxes.
MAP_NAMES_SCRIPT = """
const out = [];
document.querySelectorAll('#partner-map .scattergeo text').forEach(t => {
  const r = t.getBoundingClientRect();
  if (r.width && t.textContent.trim()) out.push([t.textContent, r.left, r.top, r.right, r.bottom]);
});
return out;
"""


def _names_overlapping(names: list[list[Any]]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5
    ]


def _settled_names(duo: Any) -> Any:
    """A probe returning the map's names once two reads in a row agree."""
    last: list[Any] = [None]

    def settled() -> list[Any] | None:
        now = duo.driver.execute_script(MAP_NAMES_SCRIPT)
        stable = now if now and now == last[0] else None
        last[0] = now
        return stable

    return settled


@pytest.mark.e2e
@pytest.mark.parametrize(("width", "height"), [*SIZES, (1280, 720)])
def test_map_names_never_overlap_at_meeting_room_sizes_in_every_theme(duo, bundled_app, width, height):
    set_viewport(duo, width, height)
    start(duo, bundled_app)
    for theme in ("light", "dark", "contrast"):
        for region in ("", "europe"):
            duo.driver.get(f"{duo.server.url}/?theme={theme}" + (f"&region={region}" if region else ""))
            names = wait_until(duo, _settled_names(duo), f"no names on the {theme} {region or 'world'} map")
            where = f"{theme} {region or 'world'} map at {width}×{height}"
            assert len(names) >= 5, f"{where}: only {len(names)} names"
            assert _names_overlapping(names) == [], f"{where}: names drawn over each other"
    assert_clean_browser(duo)
