"""Presentation mode in a real browser: keys step through slides, Esc returns, type is large."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.e2e.test_explorer import LOCAL, assert_clean_browser, query, wait_until


def _open(duo: Any, app: Any, path: str) -> None:
    duo.start_server(app, navigate=False, host=LOCAL)
    duo.driver.set_window_size(1920, 1080)
    duo.wait_for_page(url=duo.server.url + path)
    wait_until(duo, lambda: " / " in counter(duo), "no slide shown")


def counter(duo: Any) -> str:
    return duo.driver.execute_script(
        "const c = document.getElementById('present-counter'); return c ? c.textContent.trim() : '';"
    )


def title(duo: Any) -> str:
    return duo.find_element("#present-title").text.split("\n")[-1].strip()


def press(duo: Any, key: str) -> None:
    ActionChains(duo.driver).send_keys(key).perform()


@pytest.mark.e2e
def test_clicker_keys_step_through_slides_and_esc_returns(duo, bundled_app):
    _open(duo, bundled_app, "/present?region=europe,southeast-asia")
    assert counter(duo).startswith("1 / ")
    total = int(counter(duo).split("/")[1])
    assert total >= 3 and title(duo) == "Politecnico di Milano"
    wait_until(
        duo,
        lambda: (
            duo.driver.execute_script(
                "return document.querySelectorAll('#present-map .geo .countries path').length"
            )
            > 0
        ),
        "no base map",
    )
    steps = [
        (Keys.ARROW_RIGHT, 2, "Europe"),
        (Keys.PAGE_DOWN, 3, "Southeast Asia"),
        (Keys.PAGE_UP, 2, "Europe"),
        (" ", 3, "Southeast Asia"),
        (Keys.ARROW_LEFT, 2, "Europe"),
    ]
    for key, number, name in steps:
        press(duo, key)
        wait_until(duo, lambda n=number: counter(duo) == f"{n} / {total}", f"never reached slide {number}")
        wait_until(
            duo, lambda n=number: query(duo).get("slide") == [str(n)], f"URL never said slide={number}"
        )
        wait_until(duo, lambda s=name: title(duo) == s, f"slide {number} is not {name}")
    press(duo, Keys.ESCAPE)
    wait_until(duo, lambda: duo.driver.current_url.split("?")[0].endswith("/"), "Esc did not leave /present")
    wait_until(duo, lambda: duo.find_element("#explorer").is_displayed(), "explorer not shown after Esc")
    assert query(duo) == {"region": ["europe,southeast-asia"]}
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_a_link_opens_its_slide_in_a_theme_with_large_type(duo, bundled_app):
    _open(duo, bundled_app, "/present?slide=2&theme=contrast")
    wait_until(duo, lambda: counter(duo).startswith("2 / "), "slide=2 not opened")
    assert "theme-contrast" in duo.find_element("#app-root").get_attribute("class")
    size = duo.driver.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('#present-top li, .present-list li')).fontSize);"
    )
    # Slide type scales with the viewport (vw/vh units): at the tests' 1600-px-wide window a list
    # line must be at least 24 px, about 29 px on a 1920-px projector.
    assert size >= 24
    assert_clean_browser(duo)


# Every HTML element of the slide inside the window (SVG internals are clipped by plotly
# itself), the page not scrollable, and the names on the map: (text, x0, y0, x1, y1).
_MEASURE = """
const out = {outside: [], labels: []};
const slide = document.getElementById('present');
for (const el of slide.querySelectorAll('*')) {
  if (el instanceof SVGElement && el.tagName.toLowerCase() !== 'svg') continue;
  const r = el.getBoundingClientRect();
  if (!r.width && !r.height) continue;
  if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) {
    out.outside.push((el.id || el.className || el.tagName) + ' ' + [r.left, r.top, r.right, r.bottom].map(Math.round));
  }
}
out.scroll = [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight];
document.querySelectorAll('#present-map .scattergeo text').forEach(t => {
  const r = t.getBoundingClientRect();
  if (r.width && t.textContent.trim()) out.labels.push([t.textContent, r.left, r.top, r.right, r.bottom]);
});
out.keys = !!document.querySelector('.present-keys') && document.querySelector('.present-keys').getBoundingClientRect().bottom <= innerHeight;
out.note = document.getElementById('present-note').textContent;
const first = document.querySelector('#present-figures .stat-value');
out.partners = first ? parseInt(first.textContent.replace(/[^0-9]/g, ''), 10) : 0;
return out;
"""


def _overlapping(labels: list[list[Any]]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5
    ]


def _settled(duo: Any, before: list[Any]) -> dict[str, Any]:
    """The slide's measures once its map is drawn: names changed from the slide ``before``
    (unless both have none) and equal in two reads."""
    last: list[Any] = [None]

    def same() -> dict[str, Any] | None:
        now = duo.driver.execute_script(_MEASURE)
        drawn = now["labels"] != before or not now["labels"]
        stable = now if drawn and now["labels"] == last[0] else None
        last[0] = now["labels"]
        return stable

    return wait_until(duo, same, "the slide's map never settled")  # type: ignore[no-any-return]


@pytest.mark.e2e
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
def test_every_slide_fits_the_window_and_its_names_never_overlap(duo, bundled_app, size):
    duo.start_server(bundled_app, navigate=False, host=LOCAL)
    duo.driver.set_window_size(*size)
    inner = duo.driver.execute_script("return [innerWidth, innerHeight]")
    duo.driver.set_window_size(2 * size[0] - inner[0], 2 * size[1] - inner[1])  # the viewport, not the window
    duo.wait_for_page(url=duo.server.url + "/present")
    wait_until(duo, lambda: " / " in counter(duo), "no slide shown")
    total = int(counter(duo).split("/")[1])
    before: list[Any] = []
    for number in range(1, total + 1):
        if number > 1:
            press(duo, Keys.ARROW_RIGHT)
        wait_until(duo, lambda n=number: counter(duo) == f"{n} / {total}", f"never reached slide {number}")
        seen = _settled(duo, before)
        before = seen["labels"]
        where = f"slide {number} at {size}"
        assert seen["outside"] == [], f"{where}: outside the window: {seen['outside'][:5]}"
        assert seen["scroll"] == [0, 0], f"{where}: the page scrolls by {seen['scroll']}"
        assert seen["keys"] and seen["note"], f"{where}: key hints or source note not visible"
        assert _overlapping(seen["labels"]) == [], f"{where}: names overlap"
        named = min(seen["partners"], 2)
        assert len(seen["labels"]) >= named, f"{where}: the map names fewer than {named} places"
    assert_clean_browser(duo)
