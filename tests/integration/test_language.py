"""Each request in its language: ``lang=`` in the URL, else the browser's, else the server's."""

from __future__ import annotations

import os
import re
import time

import pytest

from dashboard import create_app
from dashboard.config import Settings
from dashboard.i18n import format_date
from tests.helpers import TINY, write_dataset


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = write_dataset(tmp_path_factory.mktemp("tiny"), dict(TINY))
    return create_app(Settings(data_dir=folder)).server.test_client()


def _store(layout: object) -> object:
    """The language store's data in a layout (JSON)."""
    if isinstance(layout, list):
        return next((found for item in layout if (found := _store(item)) is not None), None)
    if isinstance(layout, dict):
        props = layout.get("props", {})
        if props.get("id") == "lang-store":
            return props.get("data")
        return _store(list(props.values()))
    return None


def _html_lang(page: str) -> str:
    found = re.search(r'<html lang="([a-z]+)">', page)
    assert found, page[:200]
    return found.group(1)


def test_the_url_chooses_the_page_language(client):
    page = client.get("/?lang=it").get_data(as_text=True)
    assert _html_lang(page) == "it" and "Rete internazionale</title>" in page
    assert "Il server non ha risposto" in page  # the no-answer notice, in the page's language
    page = client.get("/?lang=en", headers={"Accept-Language": "it"}).get_data(as_text=True)
    assert _html_lang(page) == "en" and "International network</title>" in page


def test_the_browser_chooses_when_the_url_does_not(client):
    assert (
        _html_lang(client.get("/", headers={"Accept-Language": "it-IT,it;q=0.9"}).get_data(as_text=True))
        == "it"
    )
    assert _html_lang(client.get("/", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)) == "en"
    assert _html_lang(client.get("/?lang=xx").get_data(as_text=True)) == "en"


def test_the_layout_follows_the_page_it_is_for(client):
    layout = client.get("/_dash-layout", headers={"Referer": "http://x/present?regions=europe&lang=it"}).json
    text = str(layout)
    assert "'Filtri'" in text and "'Filters'" not in text
    assert _store(layout) == "it"
    assert "'Filtri'" in str(client.get("/_dash-layout", headers={"Accept-Language": "it"}).json)
    assert "'Filters'" in str(client.get("/_dash-layout").json)


def test_callbacks_answer_in_the_language_of_their_page(client):
    deps = client.get("/_dash-dependencies").json
    focus = next(d for d in deps if d["output"].startswith("..details-body.children"))
    payload = {
        "output": focus["output"],
        "outputs": [
            {"id": o.split(".")[0], "property": o.split(".")[1]}
            for o in focus["output"].strip(".").split("...")
        ],
        "inputs": [{"id": "focus-store", "property": "data", "value": ""}],
        "changedPropIds": ["focus-store.data"],
        "state": [{"id": "lang-store", "property": "data", "value": "it"}],
    }
    body = client.post("/_dash-update-component", json=payload).get_data(as_text=True)
    assert "Fai clic su un partner" in body


def _data_with(tmp_path, institutions):
    return write_dataset(tmp_path, {**TINY, "institutions.csv": institutions})


def test_data_warnings_are_listed_in_the_page_language(tmp_path):
    rows = list(TINY["institutions.csv"])
    rows[1] = rows[1].replace(
        "Delft,NL,,,,", "Delft,NL,,,ftp://dtu.example.org,"
    )  # a website that is not one
    client = create_app(Settings(data_dir=_data_with(tmp_path, rows))).server.test_client()
    italian = str(client.get("/_dash-layout", headers={"Accept-Language": "it"}).json)
    english = str(client.get("/_dash-layout").json)
    assert "website 'ftp://dtu.example.org': non è un indirizzo http(s): ignorato" in italian
    assert "not an http(s) address" not in italian
    assert "website 'ftp://dtu.example.org': not an http(s) address: ignored" in english


def test_a_refused_edit_is_explained_in_the_page_language(tmp_path):
    folder = _data_with(tmp_path, list(TINY["institutions.csv"]))
    client = create_app(Settings(data_dir=folder)).server.test_client()
    institutions = folder / "institutions.csv"
    institutions.write_text(
        institutions.read_text(encoding="utf-8") + "delft,Delft Again,DA,university,Delft,NL,,,,\n",
        encoding="utf-8",
    )
    later = time.time() + 5
    os.utime(institutions, (later, later))  # visible even within one mtime tick
    deadline = time.time() + 20
    while "id duplicato" not in (
        italian := str(client.get("/_dash-layout?lang=it", headers={"Accept-Language": "it"}).json)
    ):
        assert time.time() < deadline, italian[-2000:]  # the app reloads in the background, every 2 s at most
        time.sleep(0.5)
    assert "ERRORE institutions.csv:9 id 'delft': id duplicato (già usato nella riga 3)" in italian
    assert "1 errore, 0 avvisi" in italian
    assert f"del {format_date(time.strftime('%Y-%m-%d'), 'it')}" in italian  # the day as Italian writes it
    english = str(client.get("/_dash-layout").json)
    assert "institutions.csv:9 id 'delft': duplicate id (first used in row 3)" in english
