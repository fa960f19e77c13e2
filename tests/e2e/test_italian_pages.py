"""An Italian user sees no English: every view opened with ``?lang=it`` and its text scanned.

The words looked for are the catalog's English-only words: those of the English texts that
no Italian text uses and that the data itself does not hold (institution and consortium
names, the dataset's own title and notes, source URLs are the data's, not the app's).
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import pytest
from selenium.common.exceptions import TimeoutException

from dashboard.config import ASSETS_DIR, DEFAULT_DATA_DIR
from dashboard.data.dataset import load_dataset
from dashboard.i18n import catalog, languages, t
from tests.e2e.test_explorer import LOCAL, assert_clean_browser, wait_until

WORD = re.compile(r"[^\W\d_]{4,}")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


def _texts(lang: str) -> str:
    text = " ".join(json.dumps(v, ensure_ascii=False) for v in catalog(lang).values())
    return re.sub(r"\{[^{}]*\}", " ", text)  # placeholders are names, not words shown


def _names() -> str:
    """The data's proper names (institutions, their cities, consortia), shown as they are."""
    ds = load_dataset(DEFAULT_DATA_DIR)
    frames = (ds.institutions[["name", "short_name", "city"]], ds.consortia[["name", "short_name"]])
    return " ".join(str(v) for frame in frames for v in frame.to_numpy().ravel())


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def _data_sentences() -> list[str]:
    """dataset.toml's own text (title, coverage, published labels): the data's, left as written."""
    settings = tomllib.loads((DEFAULT_DATA_DIR / "dataset.toml").read_text(encoding="utf-8"))
    found = [part for s in _strings(settings) for part in s.split(" — ")]
    return sorted((s.casefold() for s in found if len(s) > 3), key=len, reverse=True)


def _vendored_italian() -> str:
    """AG Grid's and plotly.js's own Italian ("Zoom" is Italian too), as vendored."""
    vendor = ASSETS_DIR / "vendor"
    grid = json.loads((vendor / "ag-grid" / "locale.it.json").read_text(encoding="utf-8"))
    plotly = (vendor / "plotly" / "plotly-locale-it.js").read_text(encoding="utf-8")
    return " ".join([*grid.values(), *re.findall(r':"([^"]*)"', plotly)])  # the texts, not the code


def english_only_words() -> set[str]:
    """Words of the English catalog that neither the Italian texts nor the data's names use."""
    own_names = " ".join(t("lang.name", code) for code in languages())  # the switch: each in itself
    italian = _texts("it") + _vendored_italian()
    return _words(_texts("en")) - _words(italian) - _words(_names()) - _words(own_names)


def _shown_text(duo: Any) -> str:
    """What the page shows or says: visible text, chart text, names and hints of controls."""
    return duo.driver.execute_script(
        """const parts = [document.title, document.body.innerText];
        document.querySelectorAll('svg text').forEach(t => parts.push(t.textContent));
        document.querySelectorAll('[aria-label],[title],[placeholder]').forEach(e => {
            for (const a of ['aria-label', 'title', 'placeholder']) {
                if (e.getAttribute(a)) { parts.push(e.getAttribute(a)); }
            }
        });
        return parts.join(' \\n ');"""
    )


def _english_in(duo: Any, english: set[str]) -> list[str]:
    text = _shown_text(duo).casefold()
    for sentence in _data_sentences():
        text = text.replace(sentence, " ")
    return sorted(_words(text) & english)


@pytest.mark.e2e
@pytest.mark.parametrize(
    "path",
    [
        "/?lang=it",
        "/?lang=it&view=network",
        "/?lang=it&view=table",
        "/?lang=it&view=insights",
        "/present?lang=it&slide=2",
    ],
)
def test_an_italian_page_has_no_english_words(duo, bundled_app, path):
    english = english_only_words()
    assert {"partners", "relations", "filters", "shown"} <= english  # the list can catch something
    duo.start_server(bundled_app, navigate=False, host=LOCAL)
    duo.wait_for_page(url=duo.server.url + path)
    wait_until(
        duo, lambda: duo.driver.execute_script("return document.documentElement.lang") == "it", "not Italian"
    )
    ready = {
        "network": "#network canvas, #network-key .key-item",
        "table": "#partner-table .ag-row",
        "insights": "#insight-scope",
        "present": "#present-title",
    }
    view = next((v for v in ready if v in path), "map")
    selector = ready.get(view, "#partner-map .scattergeo .point")
    wait_until(duo, lambda: duo.driver.find_elements("css selector", selector), f"{view} never drew")
    try:  # the answers and charts fill in after the first paint
        wait_until(duo, lambda: not _english_in(duo, english), "English on the Italian page", timeout=8)
    except TimeoutException:
        pass
    assert _english_in(duo, english) == []
    assert_clean_browser(duo)
