from __future__ import annotations

import pytest

from dashboard.network.view_state import ViewState, next_state, parse_query, to_query, vocabulary

VOCAB = vocabulary(
    {"europe", "southeast-asia", "north-america"},
    {"IT", "SG", "US"},
    {"exchange", "double_degree", "consortium"},
    {"enhance", "idea-league"},
    {"mit", "tu-delft"},
)
CONTROLS = {
    "regions": [],
    "countries": [],
    "types": [],
    "consortia": [],
    "years": [2000, 2025],
    "q": "",
    "view": "map",
}


def test_round_trip_of_every_parameter():
    state = ViewState(
        regions=("southeast-asia", "europe"),
        countries=("SG",),
        types=("exchange",),
        consortia=("enhance",),
        years=(2010, 2024),
        q="delft",
        view="network",
        focus="tu-delft",
        theme="dark",
        lang="it",
    )
    query = to_query(state)
    assert query == (
        "?region=southeast-asia,europe&country=SG&type=exchange&consortium=enhance"
        "&years=2010-2024&q=delft&view=network&focus=tu-delft&theme=dark&lang=it"
    )
    assert parse_query(query, VOCAB) == state


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?region=mars,europe,europe", ViewState(regions=("europe",))),
        ("?country=sg,XX", ViewState(countries=("SG",))),
        ("?years=2024-2010", ViewState(years=(2010, 2024))),
        ("?years=yesterday", ViewState()),
        ("?view=globe&focus=nobody", ViewState()),
        ("?region=europe&region=north-america", ViewState(regions=("europe", "north-america"))),
        ("", ViewState()),
        (None, ViewState()),
    ],
)
def test_malformed_urls_are_cleaned_not_errors(query, expected):
    assert parse_query(query, VOCAB) == expected


def test_text_is_url_encoded():
    assert to_query(ViewState(q="École & <b>")) == "?q=%C3%89cole+%26+%3Cb%3E"
    assert parse_query("?q=%C3%89cole+%26+%3Cb%3E", VOCAB).q == "École & <b>"


def test_store_round_trip():
    state = ViewState(regions=("europe",), years=(2001, 2002), focus="mit")
    assert ViewState.from_dict(state.to_dict()) == state
    assert ViewState.from_dict(None) == ViewState()


def _next(trigger, **kw):
    args = {
        "search": "",
        "controls": CONTROLS,
        "focus": "",
        "clicked": None,
        "vocab": VOCAB,
        "year_bounds": (2000, 2025),
    }
    args.update(kw)
    return next_state(trigger, **args)


def test_url_event_reads_the_url():
    assert _next("url", search="?region=europe&focus=mit") == ViewState(regions=("europe",), focus="mit")
    assert _next(None, search="?view=table").view == "table"


def test_full_year_range_means_no_year_filter():
    assert _next("controls").years is None
    assert _next("controls", controls={**CONTROLS, "years": [2005, 2025]}).years == (2005, 2025)


def test_controls_keep_focus_and_reserved_parameters():
    state = _next("controls", search="?theme=dark", controls={**CONTROLS, "regions": ["europe"]}, focus="mit")
    assert (state.regions, state.focus, state.theme) == (("europe",), "mit", "dark")


def test_reset_clears_filters_but_keeps_the_view():
    state = _next(
        "reset", controls={**CONTROLS, "regions": ["europe"], "view": "table", "q": "x"}, focus="mit"
    )
    assert state == ViewState(view="table")


def test_clicks_focus_institutions_and_select_consortia():
    assert _next("click", clicked="i:mit").focus == "mit"
    assert _next("click", clicked="i:unknown").focus == ""
    selected = _next("click", clicked="c:enhance", focus="mit")
    assert (selected.consortia, selected.focus) == (("enhance",), "")


def test_close_clears_focus():
    assert _next("close", focus="mit").focus == ""
