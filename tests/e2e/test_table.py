"""The partner table in headless Chromium: rows come a block at a time, sorted and filtered on the server."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.network.table_query import fold
from tests.e2e.test_explorer import assert_clean_browser, start, switch_view, wait_until

# The name column is pinned at the left: its cells sit in the grid's left container.
NAME_CELLS = "#partner-table .ag-pinned-left-cols-container .ag-row .ag-cell[col-id='name']"


def shown_names(duo: Any) -> list[str]:
    """The names in the rendered rows, top to bottom (rows being loaded have no text yet)."""
    return duo.driver.execute_script(
        """return [...document.querySelectorAll(arguments[0])]
            .map(c => [Number(c.closest('.ag-row').getAttribute('row-index')), c.textContent.trim()])
            .sort((a, b) => a[0] - b[0]).map(p => p[1]);""",
        NAME_CELLS,
    )


def grid_rows(duo: Any) -> int:
    """How many rows the grid says match (its row count, from the server's answer)."""
    return duo.driver.execute_script(
        "const api = dash_ag_grid.getApi('partner-table'); return api.getDisplayedRowCount();"
    )


@pytest.mark.e2e
def test_sort_filter_and_the_explorer_filters_all_reach_the_server(duo, bundled_app):
    start(duo, bundled_app, "/?comembers=show")  # every partner: co-members are hidden by default
    switch_view(duo, "table")
    wait_until(duo, lambda: len(shown_names(duo)) > 5 and all(shown_names(duo)[:5]), "rows never arrived")
    total = grid_rows(duo)
    assert total > 100  # more than one block: the rest comes when scrolled to

    # Sorting by name: the server's order (accents and case ignored).
    duo.find_element("#partner-table .ag-header-cell[col-id='name'] .ag-header-cell-label").click()
    wait_until(
        duo,
        lambda: (names := shown_names(duo)[:8]) and all(names) and names == sorted(names, key=fold),
        "rows never came back sorted by name",
    )

    # A column filter the grid could not do by itself: "zurich" finds "ETH Zürich" (accent folding).
    box = duo.find_element("#partner-table .ag-floating-filter[aria-colindex='1'] input")
    box.send_keys("zurich")
    wait_until(
        duo,
        lambda: (names := shown_names(duo)) and all("zürich" in n.casefold() for n in names),
        "the name filter never narrowed the rows",
    )
    assert 0 < grid_rows(duo) < total
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    wait_until(duo, lambda: grid_rows(duo) == total, "clearing the name filter did not bring all rows back")

    # The explorer's own search narrows the table too: the grid asks the server again.
    search = duo.find_element("#filter-search")
    search.send_keys("Delft")
    search.send_keys(Keys.ENTER)
    wait_until(
        duo, lambda: shown_names(duo) == ["Delft University of Technology"], "search never reached the table"
    )
    assert grid_rows(duo) == 1
    assert_clean_browser(duo)
