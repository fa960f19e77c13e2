"""The import page in headless Chromium: upload -> columns -> save -> the explorer shows the partner.

The admin's browser sends HTTP Basic credentials on every request (a header set through the
DevTools protocol, as a browser does once the password is typed); the visitor's sends none.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

from dashboard import create_app
from dashboard.config import Settings
from tests.e2e.test_explorer import LOCAL, assert_clean_browser, partners, wait_until

PASSWORD = "e2e pass phrase"
CITY_COLUMN = "Sede"  # not a header the importer recognises: the person picks it


def write_sheet(path: Path) -> Path:
    """An office's export: a title row, Italian headers, an Erasmus code, a totals row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Accordi"
    sheet.append(["Accordi internazionali 2026"])
    sheet.append([])
    sheet.append(
        ["Istituzione partner", "Codice Erasmus", "Paese", CITY_COLUMN, "Tipo accordo", "Anno accademico"]
    )
    sheet.append(["UNIVERSIDAD DE SALAMANCA", "E  SALAMAN02", "Spagna", "", "Erasmus+ KA131", "2022/2023"])
    sheet.append(["Institut Lumière d'Essai", "", "Francia", "Lyon", "accordo quadro", "2021"])
    sheet.append(["Totale", "", "", "", "", ""])
    book.save(path)
    return path


@pytest.fixture
def import_app(tiny_dir: Path, tmp_path: Path) -> Any:
    return create_app(
        Settings(data_dir=tiny_dir, admin_password=PASSWORD, import_staging=tmp_path / "staging")
    )


def sign_in(duo: Any) -> None:
    """Send the admin's credentials with every request of this browser."""
    token = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    duo.driver.execute_cdp_cmd("Network.enable", {})
    duo.driver.execute_cdp_cmd(
        "Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Basic {token}"}}
    )


def status_of_page(duo: Any) -> int:
    return int(
        duo.driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus")
    )


def text_of(duo: Any, css: str) -> str:
    return str(duo.driver.find_element(By.CSS_SELECTOR, css).text)


def choose(duo: Any, dropdown: WebElement, label: str) -> None:
    """Open a drop-down and click the option with this label."""
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", dropdown)
    dropdown.click()

    def option() -> WebElement | None:
        found = duo.driver.find_elements(By.CSS_SELECTOR, "[role=listbox] [role=option]")
        return next((o for o in found if o.is_displayed() and o.text == label), None)

    wait_until(duo, option, f"no option {label!r}").click()
    wait_until(duo, lambda: dropdown.get_attribute("aria-expanded") == "false", "the drop-down stayed open")


def click(duo: Any, css: str) -> None:
    button = duo.driver.find_element(By.CSS_SELECTOR, css)

    def in_view() -> bool:  # a drop-down that just closed may still hold the page's scrolling
        return bool(
            duo.driver.execute_script(
                "arguments[0].scrollIntoView({block: 'center'});"
                "const r = arguments[0].getBoundingClientRect();"
                "return r.top >= 0 && r.bottom <= window.innerHeight;",
                button,
            )
        )

    wait_until(duo, lambda: in_view() and button.is_enabled(), f"{css} cannot be clicked")
    button.click()


def count(duo: Any, label: str) -> str:
    """The number on the report's card with this label."""
    for card in duo.driver.find_elements(By.CSS_SELECTOR, ".import-count"):
        if card.find_element(By.CSS_SELECTOR, ".stat-label").text == label:
            return str(card.find_element(By.CSS_SELECTOR, ".stat-value").text)
    return ""


@pytest.mark.e2e
def test_admin_imports_a_sheet_and_the_explorer_shows_the_new_partner(duo, import_app, tmp_path):
    sheet = write_sheet(tmp_path / "accordi.xlsx")
    duo.start_server(import_app, navigate=False, host=LOCAL)
    sign_in(duo)
    duo.driver.get(duo.server.url + "/")
    wait_until(duo, lambda: partners(duo) is not None, "the explorer never appeared")
    before = partners(duo)
    click(duo, "#import-link")  # the header link, shown to an admin
    wait_until(duo, lambda: duo.driver.find_element(By.ID, "import-page").is_displayed(), "no import page")

    duo.driver.find_element(By.CSS_SELECTOR, "#import-upload input[type=file]").send_keys(str(sheet))
    wait_until(duo, lambda: "Read accordi.xlsx" in text_of(duo, "#import-status"), "the file was not read")
    wait_until(
        duo, lambda: count(duo, "New partners not placed") == "1", "the Lyon row should wait for its city"
    )
    assert "totals row" in duo.driver.find_element(By.ID, "import-report").get_attribute("textContent")

    city = duo.driver.find_element(By.CSS_SELECTOR, '[id*="import-column"][id*="city"]')
    choose(duo, city, f"D · {CITY_COLUMN}")
    click(duo, "#import-remap")
    wait_until(
        duo, lambda: count(duo, "New partners not placed") == "0", "choosing the city column placed nobody"
    )
    assert count(duo, "Agreements to import") == "2"

    click(duo, "#import-save")
    wait_until(duo, lambda: "Saved:" in text_of(duo, "#import-result"), "saving did not finish", timeout=60)
    assert_clean_browser(duo)

    # The explorer picks the new data up through its live reload (a look every 2 s).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        duo.driver.get(duo.server.url + "/?focus=universidad-de-salamanca")
        wait_until(duo, lambda: partners(duo) is not None, "the explorer never appeared")
        if partners(duo) == before + 2:
            break
        time.sleep(1)
    assert partners(duo) == before + 2
    wait_until(
        duo,
        lambda: "UNIVERSIDAD DE SALAMANCA" in text_of(duo, "#details-body"),
        "the new partner's details are not shown",
    )


@pytest.mark.e2e
def test_without_credentials_there_is_no_import_link_nor_page(duo, import_app, tiny_dir):
    before = {p.name: p.read_bytes() for p in tiny_dir.iterdir() if p.is_file()}
    duo.start_server(import_app, navigate=False, host=LOCAL)
    duo.driver.get(duo.server.url + "/")
    wait_until(duo, lambda: partners(duo) is not None, "the explorer never appeared")
    assert not duo.driver.find_elements(By.ID, "import-link")
    assert not duo.driver.find_elements(By.ID, "import-upload")
    duo.driver.get(duo.server.url + "/import")
    wait_until(duo, lambda: status_of_page(duo) == 401, "the import page did not ask for a password")
    assert not duo.driver.find_elements(By.ID, "import-upload")
    assert {p.name: p.read_bytes() for p in tiny_dir.iterdir() if p.is_file()} == before
