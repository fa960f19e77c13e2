"""Accessibility helpers: the partner picker's options, announcements, text alternatives."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from dashboard.outputs.alt_text import image_alt, svg_with_text
from dashboard.web.a11y_layout import PICK_ALL_UP_TO, PICK_MATCHES, partner_options, shown_text


def _partners(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"University {i:05d}" for i in range(count)],
            "short_name": ["" for _ in range(count)],
            "country_name": ["Italy" if i % 2 else None for i in range(count)],
            "country": ["IT" if i % 2 else "FR" for i in range(count)],
            "strength": list(range(count)),
        },
        index=[f"u{i}" for i in range(count)],
    )


def test_a_small_network_lists_every_shown_partner_by_name_with_its_country():
    options = partner_options(_partners(3), None)
    assert [o["label"] for o in options] == [
        "University 00000",
        "University 00001 (Italy)",
        "University 00002",
    ]


def test_a_large_network_lists_only_the_typed_matches_and_keeps_the_chosen_one():
    rows = _partners(PICK_ALL_UP_TO + 500)
    assert partner_options(rows, None) == []
    options = partner_options(rows, "university 0", keep="u1400")
    values = [o["value"] for o in options]
    assert len(values) == PICK_MATCHES + 1 and "u1400" in values
    assert [o["value"] for o in partner_options(rows, "UNIVERSITY 01234")] == ["u1234"]


def test_announcements_count_partners_in_the_singular_and_plural():
    assert shown_text(0, lang="en") == "0 partners shown"
    assert shown_text(1, lang="en") == "1 partner shown"


def test_alt_text_counts_partners_and_countries_and_names_the_strongest_ties():
    alt = image_alt("Europe", _partners(8), lang="en")
    assert alt.startswith("Map of Europe. Partners: 8, countries: 2.")
    assert alt.endswith(
        "Strongest ties: University 00007, University 00006, University 00005, "
        "University 00004, University 00003."
    )


def test_svg_alternative_is_the_first_child_and_escaped():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>'
    out = svg_with_text(svg, title="Map · <Europe>", desc="A & B")
    root = ET.fromstring(out)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("width") == "10"
    assert [child.tag for child in root][:2] == [f"{ns}title", f"{ns}desc"]
    assert root.find(f"{ns}title").text == "Map · <Europe>" and root.find(f"{ns}desc").text == "A & B"
