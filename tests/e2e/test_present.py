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
    assert size >= 28
    assert_clean_browser(duo)
