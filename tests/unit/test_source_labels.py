"""A source is a URL (a link) or an internal label (text, never a link)."""

from __future__ import annotations

import pytest
from dash import html

from dashboard.data.cells import parse_source
from dashboard.data.dataset import load_dataset
from dashboard.web.components import source_line


def _links(component: object) -> list[html.A]:
    found = [component] if isinstance(component, html.A) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found += _links(child)
    return found


def test_a_label_source_is_accepted_by_the_loader(make_dataset):
    ds = load_dataset(
        make_dataset(agreements__csv=["delft,exchange,,2012,,MoveON export 2026-11-30,2026-11-30,"])
    )
    assert ds.agreements["source"].tolist() == ["MoveON export 2026-11-30"]


@pytest.mark.parametrize(
    "text", ["ftp://e.org/a", "javascript:alert(1)", "file:///etc/passwd", "x" * 201, "a\nb"]
)
def test_addresses_of_other_kinds_and_long_or_multiline_labels_are_refused(text):
    with pytest.raises(ValueError):
        parse_source(text)


def test_the_details_panel_shows_a_label_as_text_and_a_url_as_a_link():
    label = source_line('=HYPERLINK("http://evil.example")', "2026-11-30", lang="en")
    assert _links(label) == []
    assert "=HYPERLINK" in str(label.children[0].children)
    url = source_line("https://www.polimi.it/x", "2026-11-30", lang="en")
    assert [a.href for a in _links(url)] == ["https://www.polimi.it/x"]
