"""The HTML snapshot opens from a file with every outside host blocked and draws the map.

Not a ``dash_duo`` journey: the snapshot is a plain file (as on a USB stick), opened through
``file://`` in headless Chromium whose host resolver knows no host but 127.0.0.1.
"""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.outputs.exports import export_view
from dashboard.web.render import ExplorerOutputs

CHROMIUM = "/usr/bin/chromium"
ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--window-size=1400,900",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)


@pytest.fixture
def browser():
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ARGS:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options)
    yield driver
    driver.quit()


@pytest.mark.e2e
def test_snapshot_draws_the_base_map_offline(browser, tiny_dir, tmp_path):
    views = ExplorerOutputs(build_model(load_dataset(tiny_dir)), "en")
    page = export_view(views, ViewState(), tmp_path / "usb" / "map.html", view="map", fmt="html")
    browser.get(page.as_uri())
    countries = WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".geo .countries path") or False
    )
    assert len(countries[0].get_attribute("d")) > 10_000  # the outlines really are drawn
    markers = browser.find_elements(By.CSS_SELECTOR, ".scattergeo .point")
    assert len(markers) >= 5  # the partners and home
    assert "HIT: partners on the map" in browser.find_element(By.CSS_SELECTOR, ".gtitle").text
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
