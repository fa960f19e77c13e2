"""Consortium co-members (partners linked to home only through a shared consortium): hidden on the
map, the network and the table by default, shown on request, counted in the header either way."""

from __future__ import annotations

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState, next_state, parse_query, to_query, vocabulary
from dashboard.web.render import ExplorerOutputs

# In the tiny network Warsaw (ALPHA) and Acme (BETA) share a consortium with home and hold no agreement.
COMEMBERS = {"warsaw", "acme"}
VOCAB = vocabulary({"europe"}, {"IT", "PL"}, {"exchange"}, {"alpha", "beta"}, {"delft", "warsaw"})


@pytest.fixture
def views(tiny_dir):
    return ExplorerOutputs(build_model(load_dataset(tiny_dir)), "en")


def _cards(cards):
    return {c.children[1].children: c.children[0].children for c in cards}


def _partner_nodes(elements):
    return {e["data"]["id"][2:] for e in elements if e["data"].get("kind") == "partner"}


def test_by_default_the_views_draw_partners_with_agreements_and_the_header_counts_both(views):
    state = ViewState()
    assert set(views.drawn(state).index) == set(views.model.partners.index) - COMEMBERS
    network = views.network_view(state, layout="force", network_color="region")
    assert _partner_nodes(network) == set(views.model.partners.index) - COMEMBERS
    assert {row["id"] for row in views.table_view(state)} == set(views.model.partners.index) - COMEMBERS
    figure = views.map_figure(
        state, views.drawn(state), color_by="type", choropleth=False, labelled=[], focus=""
    )
    drawn = {i for t in figure["data"] if t.get("mode") == "markers" and "ids" in t for i in t["ids"]}
    assert drawn == set(views.model.partners.index) - COMEMBERS
    _fig, _note, cards, _empty = views.render(state, color_by="type", choropleth=False, focus="")
    assert _cards(cards)["via consortia only"] == "2" and _cards(cards)["with agreements"] == "4"
    assert views.comember_options(state) == [{"label": "Show 2 consortium co-members", "value": "show"}]


def test_the_toggle_draws_the_co_members_and_its_label_follows_the_filters(views):
    shown = ViewState(comembers=True)
    assert set(views.drawn(shown).index) == set(views.model.partners.index)
    network = views.network_view(shown, layout="force", network_color="region")
    assert COMEMBERS <= _partner_nodes(network)
    assert views.comember_options(ViewState(countries=("PL",)))[0]["label"] == "Show 1 consortium co-member"
    assert views.comember_options(ViewState(regions=("north-america",)))[0]["label"].startswith("Show 0 ")


def test_the_co_member_parameter_round_trips_through_the_url_and_the_controls():
    assert to_query(ViewState()) == ""
    assert to_query(ViewState(comembers=True)) == "?comembers=show"
    assert parse_query("?comembers=show", VOCAB) == ViewState(comembers=True)
    assert parse_query("?comembers=yes", VOCAB) == ViewState()  # only "show" shows them
    state = ViewState(consortia=("alpha",), comembers=True)
    assert parse_query(to_query(state), VOCAB) == state
    assert ViewState.from_dict(state.to_dict()) == state
    controls = {"comembers": ["show"], "consortia": ["alpha"], "view": "map", "years": [2000, 2025]}
    after = next_state(
        "controls",
        search="",
        controls=controls,
        focus="",
        clicked=None,
        vocab=VOCAB,
        year_bounds=(2000, 2025),
    )
    assert after.comembers is True and to_query(after) == "?consortium=alpha&comembers=show"
    reset = next_state(
        "reset", search="", controls=controls, focus="", clicked=None, vocab=VOCAB, year_bounds=(2000, 2025)
    )
    assert reset.comembers is False  # reset returns to the default a rector sees first


def test_the_filter_announcement_says_how_many_co_members_are_hidden(views):
    hidden = views.shown_announcement(ViewState(), len(views.drawn(ViewState())))
    assert hidden == "4 partners shown; 2 consortium co-members hidden"
    shown = ViewState(comembers=True)
    assert views.shown_announcement(shown, len(views.drawn(shown))) == "6 partners shown"
