"""A failed update is told on the page in plain words, never a silently stale page.

Debug is off, as when served: Dash's renderer then only logs a failed callback to the console.
A callback that raises on the server answers with the notice (``on_error``); a request that
gets no answer at all (connection dropped, worker killed) is caught in the browser by
``assets/faults.js``. These console errors are expected here, so this journey does not use
``assert_clean_browser``; it checks instead that the script itself raised nothing.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from dashboard import create_app
from dashboard.config import Settings
from dashboard.i18n import t
from dashboard.web import ids
from dashboard.web.store import Derived
from tests.e2e.test_explorer import LOCAL, wait_until
from tests.helpers import add_partner

OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
ONLINE = {**OFFLINE, "offline": False}


def _notice(duo: Any) -> str:
    """The notice's text while it is shown, else ``""``."""
    element = duo.driver.find_element(By.ID, ids.ERROR_NOTICE)
    return element.text.strip() if element.is_displayed() else ""


def _toggle_first_type(duo: Any) -> None:
    duo.driver.find_element(By.CSS_SELECTOR, f"#{ids.TYPE} input").click()


def _broken(_self: object) -> None:
    raise RuntimeError("simulated failure")


@pytest.mark.e2e
def test_failed_updates_show_a_plain_notice(duo, tiny_dir, monkeypatch):
    duo.start_server(create_app(Settings(data_dir=tiny_dir)), host=LOCAL)
    wait_until(duo, lambda: duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TYPE} input"), "no filters")
    wait_until(duo, lambda: duo.driver.find_elements(By.ID, ids.ERROR_NOTICE), "no notice area")
    assert _notice(duo) == ""

    monkeypatch.setattr(Derived, "get", _broken)  # the server thread runs in this process
    _toggle_first_type(duo)
    expected = t("error.callback", "en", kind="RuntimeError")
    wait_until(duo, lambda: _notice(duo) == expected, "no notice for a callback that raised")
    monkeypatch.undo()

    duo.driver.execute_cdp_cmd("Network.enable", {})
    duo.driver.execute_cdp_cmd("Network.emulateNetworkConditions", OFFLINE)
    try:
        _toggle_first_type(duo)
        expected = t("error.connection", "en")
        wait_until(duo, lambda: _notice(duo) == expected, "no notice for a request without an answer")
    finally:
        duo.driver.execute_cdp_cmd("Network.emulateNetworkConditions", ONLINE)
    assert not [e for e in duo.get_logs() or [] if "faults.js" in e.get("message", "")]


def _version_of(duo: Any) -> str:
    found = duo.driver.find_elements(By.ID, ids.DATA_VERSION)
    return (found[0].get_attribute("data-dashboard-version") or "") if found else ""


def _shown(duo: Any, element_id: str) -> str:
    element = duo.driver.find_element(By.ID, element_id)
    return element.text.strip() if element.is_displayed() else ""


@pytest.mark.e2e
def test_a_page_opened_before_an_edit_keeps_its_data_and_says_newer_data_exists(duo, tiny_dir):
    duo.start_server(create_app(Settings(data_dir=tiny_dir, cache=tiny_dir.parent / "cache")), host=LOCAL)
    wait_until(duo, lambda: duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TYPE} input"), "no filters")
    mark = _version_of(duo)
    assert mark and _shown(duo, ids.VERSION_NOTICE) == ""
    add_partner(tiny_dir, "oslo")
    duo.driver.execute_script("window.open('about:blank', '_blank');")  # another visitor's page
    first, second = duo.driver.window_handles
    duo.driver.switch_to.window(second)
    duo.driver.get(duo.server.url)
    deadline = time.monotonic() + 40  # the server looks at the folder every 2 s, reloads in the background
    while _version_of(duo) in ("", mark):
        assert time.monotonic() < deadline, "the edit was never picked up"
        time.sleep(1)
        duo.driver.refresh()  # returns at the load event; Dash renders the layout after it
        wait_until(duo, lambda: _version_of(duo), "the page did not render after a reload")
    duo.driver.close()
    duo.driver.switch_to.window(first)
    _toggle_first_type(duo)  # the old page asks for an update
    expected = t("data.version_newer", "en")
    wait_until(duo, lambda: _shown(duo, ids.VERSION_NOTICE) == expected, "no notice of newer data")
    assert _notice(duo) == ""  # not an error: the page was answered from its own version
