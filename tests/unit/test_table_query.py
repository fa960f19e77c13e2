"""The table's server-side rows: AG Grid's infinite-row-model requests, answered and checked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.network.details import TABLE_COLUMNS
from dashboard.network.table_query import BLOCK_ROWS, MAX_BLOCK_ROWS, TableQuery, fold
from dashboard.network.view_state import ViewState

COLUMNS = {"name": "text", "country": "text", "since": "number"}
ROWS = [
    {"id": "tum", "name": "Technische Universität München", "country": "Germany", "since": 1998},
    {"id": "mit", "name": "Massachusetts Institute of Technology", "country": "United States", "since": None},
    {"id": "epfl", "name": "EPFL", "country": "Switzerland", "since": 2005},
    {"id": "kth", "name": "KTH Royal Institute of Technology", "country": "Sweden", "since": 2005},
    {"id": "upc", "name": "Universitat Politècnica de Catalunya", "country": "Spain"},
]


def ids(request: object) -> tuple[list[str], int]:
    page, count = TableQuery.parse(request, columns=COLUMNS).page(ROWS)
    return [str(r["id"]) for r in page], count


def test_a_block_is_the_rows_asked_for_and_the_count_is_of_all_matches():
    assert ids({"startRow": 1, "endRow": 3}) == (["mit", "epfl"], 5)
    assert ids({"startRow": 4, "endRow": 100}) == (["upc"], 5)


def test_sorting_ignores_case_and_accents_keeps_ties_stable_and_puts_empty_cells_last():
    by_year = {"startRow": 0, "endRow": 10, "sortModel": [{"colId": "since", "sort": "asc"}]}
    assert ids(by_year)[0] == ["tum", "epfl", "kth", "mit", "upc"]
    by_year["sortModel"] = [{"colId": "since", "sort": "desc"}, {"colId": "name", "sort": "desc"}]
    assert ids(by_year)[0] == ["kth", "epfl", "tum", "upc", "mit"]  # ties and blanks: by name, desc
    by_name = {"sortModel": [{"colId": "name", "sort": "asc"}]}
    assert ids(by_name)[0] == ["epfl", "kth", "mit", "tum", "upc"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"filterType": "text", "type": "contains", "filter": "munchen"}, ["tum"]),
        ({"filterType": "text", "type": "startsWith", "filter": "UNIV"}, ["upc"]),
        ({"filterType": "text", "type": "endsWith", "filter": "technology"}, ["mit", "kth"]),
        ({"filterType": "text", "type": "notContains", "filter": "tech"}, ["epfl", "upc"]),
        ({"filterType": "text", "type": "equals", "filter": "epfl"}, ["epfl"]),
        (
            {
                "filterType": "text",
                "operator": "OR",
                "conditions": [
                    {"filterType": "text", "type": "equals", "filter": "EPFL"},
                    {"filterType": "text", "type": "contains", "filter": "catalunya"},
                ],
            },
            ["epfl", "upc"],
        ),
    ],
)
def test_text_filters(spec, expected):
    assert ids({"filterModel": {"name": spec}})[0] == expected


def test_number_filters_and_blanks():
    def since(spec: dict[str, object]) -> list[str]:
        return ids({"filterModel": {"since": {"filterType": "number", **spec}}})[0]

    assert since({"type": "equals", "filter": 2005}) == ["epfl", "kth"]
    assert since({"type": "lessThan", "filter": 2000}) == ["tum"]
    assert since({"type": "inRange", "filter": 2010, "filterTo": 1990}) == ["tum", "epfl", "kth"]
    assert since({"type": "blank"}) == ["mit", "upc"]
    assert since({"type": "notBlank"}) == ["tum", "epfl", "kth"]


@pytest.mark.parametrize(
    ("request_", "dropped"),
    [
        ("startRow=0", ("request",)),
        ({"startRow": "0", "endRow": 10}, ("block",)),
        ({"startRow": True, "endRow": 10}, ("block",)),
        ({"startRow": 5, "endRow": 2}, ("block",)),
        ({"sortModel": [{"colId": "password", "sort": "asc"}]}, ("sort:password",)),
        ({"sortModel": [{"colId": "name", "sort": "sideways"}]}, ("sort:name",)),
        ({"sortModel": "name"}, ("sortModel",)),
        (
            {"filterModel": {"name": {"filterType": "text", "type": "regex", "filter": ".*"}}},
            ("filter:name",),
        ),
        (
            {"filterModel": {"since": {"filterType": "number", "type": "equals", "filter": "²"}}},
            ("filter:since",),
        ),
        (
            {"filterModel": {"since": {"filterType": "number", "type": "equals", "filter": "nan"}}},
            ("filter:since",),
        ),
        (
            {"filterModel": {"since": {"filterType": "text", "type": "contains", "filter": "1"}}},
            ("filter:since",),
        ),
        ({"filterModel": {"id": {"filterType": "text", "type": "contains", "filter": "x"}}}, ("filter:id",)),
        ({"filterModel": {"name": {"operator": "XOR", "conditions": []}}}, ("filter:name",)),
        ({"filterModel": []}, ("filterModel",)),
    ],
)
def test_a_malformed_part_is_dropped_named_and_the_rest_applies(request_, dropped):
    query = TableQuery.parse(request_, columns=COLUMNS)
    assert query.dropped == dropped
    page, count = query.page(ROWS)
    assert count == 5 and len(page) == 5  # nothing else was filtered away


def test_a_block_is_never_larger_than_the_cap():
    query = TableQuery.parse({"startRow": 0, "endRow": 10**9}, columns=COLUMNS)
    assert (query.start, query.end) == (0, MAX_BLOCK_ROWS)
    assert TableQuery.parse(None, columns=COLUMNS).end == BLOCK_ROWS


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["startRow", "endRow", "sortModel", "filterModel", "context"]),
        json_values,
        max_size=5,
    )
)
def test_any_json_request_gets_a_page_never_an_exception(request_):
    page, count = TableQuery.parse(request_, columns=COLUMNS).page(ROWS)
    assert 0 <= len(page) <= count <= len(ROWS)


def test_fold():
    assert fold("Politècnica ÉCOLE") == "politecnica ecole"


def test_the_explorer_answers_a_grid_request_with_a_block_of_its_rows(tiny_dir):
    from dashboard.data.dataset import load_dataset
    from dashboard.network.model import build_model
    from dashboard.web.views import ExplorerViews

    views = ExplorerViews(build_model(load_dataset(tiny_dir)), "en")
    everyone = views.table_view(ViewState())
    answer = views.table_page(
        ViewState(), {"startRow": 0, "endRow": 2, "sortModel": [{"colId": "name", "sort": "desc"}]}
    )
    names = sorted((str(r["name"]) for r in everyone), key=fold, reverse=True)
    assert answer["rowCount"] == len(everyone) and [r["name"] for r in answer["rowData"]] == names[:2]
    assert set(TABLE_COLUMNS) <= {k for row in everyone for k in row}
