"""The page in Italian or English per user: the URL's ``lang=``, else the browser's language."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By

from dashboard.web import ids
from tests.e2e.test_explorer import LOCAL, assert_clean_browser, headline, query, wait_until


def _open(duo: Any, app: Any, path: str) -> None:
    duo.start_server(app, navigate=False, host=LOCAL)
    duo.wait_for_page(url=duo.server.url + path)


def _page(duo: Any) -> tuple[str, str, str]:
    """The page's ``<html lang>``, its title and the filter panel's heading."""
    return duo.driver.execute_script(
        "const h = document.querySelector('.filters-panel h2, aside h2');"
        "return [document.documentElement.lang, document.title, h ? h.textContent : ''];"
    )


@pytest.mark.e2e
def test_lang_in_the_url_gives_an_italian_page_and_the_switch_keeps_the_filters(duo, bundled_app):
    _open(duo, bundled_app, "/?regions=europe&lang=it")
    wait_until(duo, lambda: "con accordi" in headline(duo), "no Italian headline")
    lang, title, filters = _page(duo)
    assert (lang, filters) == ("it", "Filtri") and title.endswith("Rete internazionale")
    assert "Europa" in headline(duo)
    italian = duo.driver.find_element(By.ID, ids.lang_link("it"))
    assert (
        italian.get_attribute("aria-current") == "true"
        and italian.get_attribute("aria-label") == "IT Italiano"
    )
    english = duo.driver.find_element(By.ID, ids.lang_link("en"))
    wait_until(
        duo, lambda: "regions=europe" in (english.get_attribute("href") or ""), "switch lost the filters"
    )
    english.click()
    wait_until(duo, lambda: "with agreements" in headline(duo), "no English headline after the switch")
    assert query(duo)["lang"] == ["en"] and query(duo)["regions"] == ["europe"]
    assert _page(duo)[0::2] == ["en", "Filters"]
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_an_italian_browser_gets_the_italian_page(duo, bundled_app):
    duo.driver.execute_cdp_cmd("Network.enable", {})
    duo.driver.execute_cdp_cmd(
        "Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": "it-IT,it;q=0.9"}}
    )
    _open(duo, bundled_app, "/")
    wait_until(duo, lambda: "con accordi" in headline(duo), "no Italian headline for an Italian browser")
    assert _page(duo)[0::2] == ["it", "Filtri"]
    assert_clean_browser(duo)
