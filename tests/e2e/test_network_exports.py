"""The Export menu of the Network tab, in the browser: choose a graph format, download, open the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from tests.e2e.test_explorer import assert_clean_browser, start, switch_view, wait_until

OPTIONS = "[data-radix-popper-content-wrapper] [role=option]"


def _download(duo, folder: Path, label: str) -> Path:
    """Pick the Export menu's option whose label starts with ``label``, press Download, wait for the file."""
    before = set(folder.iterdir())
    duo.find_element("#export-format").click()
    option = wait_until(
        duo,
        lambda: next(
            (o for o in duo.driver.find_elements(By.CSS_SELECTOR, OPTIONS) if o.text.startswith(label)), None
        ),
        f"the Export menu never listed {label!r}",
    )
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", option)
    option.click()
    wait_until(duo, lambda: label in duo.find_element("#export-format").text, f"{label!r} never chosen")
    duo.find_element("#export-button").click()

    def arrived() -> Path | None:
        new = [p for p in set(folder.iterdir()) - before if not p.name.endswith(".crdownload")]
        return new[0] if new else None

    return wait_until(duo, arrived, f"no {label} file was downloaded")


@pytest.mark.e2e
def test_network_tab_downloads_graphml_kumu_and_kepler_for_the_filters(duo, bundled_app, tmp_path):
    duo.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    start(duo, bundled_app, "/?region=southeast-asia")
    switch_view(duo, "network")

    graphml = _download(duo, tmp_path, "GraphML")
    assert graphml.name.startswith("polimi-network-southeast-asia-") and graphml.suffix == ".graphml"
    G = nx.read_graphml(graphml, force_multigraph=True)
    partners = {n for n, d in G.nodes(data=True) if d["role"] == "partner"}
    assert partners and all(G.nodes[n]["region"] == "Southeast Asia" for n in partners)

    kumu = _download(duo, tmp_path, "Kumu")
    assert kumu.suffix == ".xlsx"
    assert load_workbook(kumu).sheetnames[:2] == ["Elements", "Connections"]

    kepler = _download(duo, tmp_path, "kepler.gl")
    assert kepler.suffix == ".zip"
    with zipfile.ZipFile(kepler) as zf:
        assert {"arcs.csv", "points.csv"} <= set(zf.namelist())
    assert duo.find_element("#export-status").text == ""
    assert_clean_browser(duo)
