"""The views' filtered partners: the memo of recent filter states gives what filtering gives."""

from __future__ import annotations

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.network.graph import filter_partners
from dashboard.network.model import load_model
from dashboard.network.status import with_statuses
from dashboard.network.view_state import ViewState
from dashboard.web.views import KEPT_FILTER_STATES, ExplorerViews


@pytest.fixture(scope="module")
def views() -> ExplorerViews:
    return ExplorerViews(load_model(DEFAULT_DATA_DIR), "en")


STATES = [
    ViewState(regions=("europe",)),
    ViewState(regions=("north-america",), types=("double_degree",)),
    ViewState(q="tech"),
    ViewState(statuses=("active",)),
    ViewState(regions=("europe",), view="network", focus="mit"),  # same filters as the first
    ViewState(),
]


def _filtered_afresh(views: ExplorerViews, state: ViewState):  # type: ignore[no-untyped-def]
    model, filters = views.model, state.filters()
    rows = model.partners.loc[filter_partners(model.ds, model.relations, filters)]
    return with_statuses(rows, model.relations, filters.statuses)


def test_every_state_asked_again_and_again_gives_its_own_rows(views: ExplorerViews) -> None:
    for _ in range(3):  # more states than the memo keeps, in turn: each must still be its own
        for state in STATES + [ViewState(years=(2000 + i, 2030)) for i in range(KEPT_FILTER_STATES)]:
            got, want = views.shown(state), _filtered_afresh(views, state)
            assert list(got.index) == list(want.index), state
            assert got.equals(want), state


def test_the_view_and_the_focus_share_the_rows_of_their_filters(views: ExplorerViews) -> None:
    assert views.shown(STATES[0]) is views.shown(STATES[4])
