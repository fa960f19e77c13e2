"""WCAG 2.1 A/AA in headless Chromium: axe-core on every view in every theme, and keyboard journeys.

axe-core is the vendored copy in ``tests/e2e/vendor/axe-core/`` (see its README), injected by
selenium: nothing comes from the internet. A test fails on any critical or serious violation
and prints every offending element with axe's reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.network.view_state import THEMES
from tests.e2e.axe import audit, blocking, describe
from tests.e2e.test_explorer import (
    assert_clean_browser,
    details_name,
    headline,
    map_points,
    partners,
    start,
    wait_for_details,
    wait_until,
)
from tests.e2e.test_import import LOCAL, import_app, sign_in  # noqa: F401 — import_app is a fixture

FOCUSED = "mit"  # a partner of the bundled data
FOCUSED_NAME = "Massachusetts Institute of Technology"


def _count(duo: Any, css: str) -> int:
    return int(duo.driver.execute_script("return document.querySelectorAll(arguments[0]).length;", css))


def _settled(duo: Any, css: str) -> bool:
    """Something the view draws is there, and Dash has no request in flight."""
    busy = duo.driver.execute_script("return !!document.querySelector('[data-dash-is-loading=true]');")
    return _count(duo, css) > 0 and not busy


# What each page draws once ready; axe runs after it is on screen.
PAGES = {
    "map": ("/", "#partner-map .scattergeo .point"),
    "network": ("/?view=network", "#network canvas"),
    "table": ("/?view=table", "#partner-table .ag-row"),
    "insights": ("/?view=insights", "#insights-answers h3"),
    "details": (f"/?focus={FOCUSED}", "#details.has-focus .details-name"),
    "present": ("/present", "#present-title"),
}


def _with_theme(path: str, theme: str) -> str:
    if theme == "light":
        return path
    return f"{path}{'&' if '?' in path else '?'}theme={theme}"


def _audit_page(duo: Any, name: str, path: str, ready: str, theme: str) -> str:
    duo.driver.get(duo.server.url + _with_theme(path, theme))
    # Insights computes every answer on first view: on two busy cores that can take a while.
    wait_until(duo, lambda: _settled(duo, ready), f"{name} ({theme}) never drew {ready}", timeout=90)
    wait_until(
        duo,
        lambda: (
            duo.driver.execute_script("return document.getElementById('app-root').className;").find(
                f"theme-{theme}"
            )
            >= 0
        ),
        f"{name} never took the {theme} theme",
    )
    return describe(f"{name} [{theme}]", blocking(audit(duo.driver)))


@pytest.mark.e2e
@pytest.mark.parametrize("theme", THEMES)
def test_no_critical_or_serious_axe_violation_on_any_view(duo, bundled_app, theme):
    start(duo, bundled_app)
    found = [_audit_page(duo, name, path, ready, theme) for name, (path, ready) in PAGES.items()]
    report = "\n".join(f for f in found if f)
    assert not report, "axe-core (WCAG 2.1 A/AA) found critical or serious violations:\n" + report
    assert_clean_browser(duo)


@pytest.mark.e2e
@pytest.mark.parametrize("theme", THEMES)
def test_no_critical_or_serious_axe_violation_on_the_import_page(duo, import_app, theme):  # noqa: F811
    sign_in(duo)
    duo.start_server(import_app, navigate=False, host=LOCAL)
    report = _audit_page(duo, "import", "/import", "#import-upload input[type=file]", theme)
    assert not report, "axe-core (WCAG 2.1 A/AA) found critical or serious violations:\n" + report
    assert_clean_browser(duo)


def _active(duo: Any) -> Any:
    return duo.driver.switch_to.active_element


def _press(duo: Any, *keys: str) -> None:
    _active(duo).send_keys(*keys)


def _tab_until(duo: Any, selector: str, most: int) -> int:
    """Press Tab until the focused element matches ``selector``; how many presses it took."""
    for presses in range(1, most + 1):
        _press(duo, Keys.TAB)
        if duo.driver.execute_script("return document.activeElement.matches(arguments[0]);", selector):
            return presses
    raise AssertionError(f"{most} Tab presses never reached {selector}")


def _choose_partner_with_keys(duo: Any, name: str) -> None:
    """From the partner picker (focused): open it, type the name, take the first match."""
    _press(duo, Keys.ENTER)
    wait_until(duo, lambda: _count(duo, "[role=listbox] [role=option]") > 0, "the picker never opened")
    _press(duo, name)
    wait_until(
        duo,
        lambda: duo.driver.execute_script(
            "const o = [...document.querySelectorAll('[role=listbox] [role=option]')];"
            "return o.length > 0 && o.every(e => e.textContent.includes(arguments[0]));",
            name,
        ),
        "the picker never narrowed to the typed name",
    )
    _press(duo, Keys.ARROW_DOWN)
    _press(duo, Keys.ENTER)


def _focus_in_details(duo: Any) -> bool:
    return bool(duo.driver.execute_script("return document.activeElement.matches('#details .details-name');"))


def _journey(duo: Any, *, before_escape: str = "") -> None:
    """Picker → partner → details (focus inside) → Esc → focus back on the picker; the
    script ``before_escape`` runs in the page just before Esc is pressed."""
    _choose_partner_with_keys(duo, FOCUSED_NAME)
    wait_for_details(duo, FOCUSED_NAME)
    wait_until(duo, lambda: _focus_in_details(duo), "focus did not move into the details panel")
    wait_until(duo, lambda: "focus=mit" in duo.driver.current_url, "the URL never named the partner")
    if before_escape:
        duo.driver.execute_script(before_escape)
    _press(duo, Keys.ESCAPE)
    wait_until(duo, lambda: details_name(duo) == "", "Esc did not close the details")
    wait_until(
        duo,
        lambda: duo.driver.execute_script("return document.activeElement.id;") == "partner-pick",
        "focus was not returned to the partner picker",
    )


@pytest.mark.e2e
def test_keyboard_only_map_to_partner_details_and_back(duo, bundled_app):
    start(duo, bundled_app)
    body = duo.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the first Tab stop is the skip link
    assert _active(duo).get_attribute("class") == "skip-link"
    _press(duo, Keys.ENTER)
    wait_until(duo, lambda: _active(duo).get_attribute("id") == "views-main", "the skip link went nowhere")
    presses = _tab_until(duo, "#partner-pick", most=12)
    assert presses <= 12
    _journey(duo)
    assert map_points(duo) > 0
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_keyboard_only_network_to_partner_details_and_back(duo, bundled_app):
    start(duo, bundled_app, "/?view=network")
    wait_until(duo, lambda: _count(duo, "#network canvas") > 0, "the network never drew")
    duo.driver.execute_script("document.getElementById('views-main').focus();")
    _tab_until(duo, "#partner-pick", most=12)
    _journey(duo)
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_one_key_leaves_the_table_and_filters_are_announced(duo, bundled_app):
    start(duo, bundled_app, "/?view=table")
    wait_until(duo, lambda: _count(duo, "#partner-table .ag-row .ag-cell") > 0, "the table never drew")
    duo.driver.execute_script("document.querySelector('#partner-table .ag-row .ag-cell').focus();")
    wait_until(
        duo,
        lambda: duo.driver.execute_script("return !!document.activeElement.closest('.ag-root-wrapper');"),
        "?",
    )
    _press(duo, Keys.ESCAPE)
    assert duo.driver.execute_script("return document.activeElement.id;") == "details"
    # a filter chosen with the keyboard is announced with the number of partners shown
    box = duo.driver.find_element(By.CSS_SELECTOR, '#filter-region input[value="europe"]')
    box.send_keys(Keys.SPACE)
    wait_until(duo, lambda: "region=europe" in duo.driver.current_url, "the region filter did not apply")
    wait_until(duo, lambda: partners(duo), "no headline")
    cards = headline(duo)  # the table draws the partners with agreements; co-members are hidden
    said = f"{cards['with agreements']} partners shown; {cards['via consortia only']} consortium co-members hidden"
    wait_until(
        duo,
        lambda: duo.find_element("#a11y-live").text == said,
        f"the live region never said {said!r}",
    )
    assert_clean_browser(duo)


# Every callback answer the page waits for after this comes 5 s late, as from a busy worker.
_SLOW_SERVER = """
const fetchNow = window.fetch.bind(window);
window.fetch = (...args) => fetchNow(...args).then(
    (answer) => new Promise((resolve) => setTimeout(() => resolve(answer), 5000)));
"""


@pytest.mark.e2e
def test_focus_comes_back_to_the_picker_however_late_the_server_closes_the_details(duo, bundled_app):
    start(duo, bundled_app)
    duo.driver.execute_script("document.getElementById('views-main').focus();")
    _tab_until(duo, "#partner-pick", most=12)
    _journey(duo, before_escape=_SLOW_SERVER)


@pytest.mark.e2e
def test_a_page_opened_on_a_partner_leaves_the_focus_where_the_browser_put_it(duo, bundled_app):
    start(duo, bundled_app, f"/?focus={FOCUSED}")
    wait_for_details(duo, FOCUSED_NAME)
    wait_until(duo, lambda: _count(duo, "#partner-map .scattergeo .point") > 0, "the map never drew")
    assert not _focus_in_details(duo)
    assert duo.driver.execute_script("return document.activeElement === document.body;")
