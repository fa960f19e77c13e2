"""Agreement status on screen: ended and planned ties stay visible, drawn apart, and can be chosen."""

from __future__ import annotations

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network.graph import Filters, filter_partners
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState, parse_query, to_query, vocabulary
from dashboard.web.render import ExplorerOutputs
from tests.helpers import TINY

# The tiny network, plus an exchange with Singapore that starts after its as_of (2026-01-01).
# Boston's research agreement (2005-2015) has ended.
PLANNED = "sing,exchange,,2027-09,,https://example.org/a6,2025-06-01,"


@pytest.fixture
def views(make_dataset):
    folder = make_dataset(agreements__csv=[*TINY["agreements.csv"], PLANNED])
    return ExplorerOutputs(build_model(load_dataset(folder)), "en")


def _nodes(elements, kind):
    return {e["data"]["id"]: e for e in elements if e["data"].get("kind") == kind}


def _edges(elements):
    return [e for e in elements if "source" in e["data"]]


def test_status_filter_keeps_partners_with_a_tie_in_that_status(views):
    ds, rel = views.model.ds, views.model.relations
    assert filter_partners(ds, rel, Filters(statuses=("ended",))) == ["boston"]
    assert filter_partners(ds, rel, Filters(statuses=("planned",))) == ["sing"]
    current = filter_partners(ds, rel, Filters(statuses=("active",)))
    assert "boston" not in current and "sing" in current  # Singapore's MoU is in force
    assert "acme" in current  # a shared consortium is a current tie


def test_a_partner_is_drawn_with_its_most_current_status(views):
    partners = views.model.partners
    assert partners.loc["boston", "status"] == "ended"
    assert partners.loc["sing", "status"] == "active"  # MoU in force beside a planned exchange
    assert partners.loc["sing", "primary_type"] == "mou"  # coloured by what is in force
    planned = views.shown(ViewState(statuses=("planned",)))
    assert planned.loc["sing", ["status", "primary_type"]].tolist() == ["planned", "exchange"]


def test_network_under_a_status_filter_draws_only_ties_in_that_status(views):
    elements = views.network_view(ViewState(statuses=("ended",)), layout="force", network_color="region")
    edges = _edges(elements)
    assert [(e["data"]["target"], e["data"]["status"]) for e in edges] == [("i:boston", "ended")]
    assert "status-ended" in edges[0]["classes"]
    assert set(_nodes(elements, "partner")) == {"i:boston"}
    assert not _nodes(elements, "consortium")  # memberships are current ties: not drawn
    assert "status-ended" in _nodes(elements, "partner")["i:boston"]["classes"]


def test_network_draws_ended_faded_and_planned_dashed(views):
    elements = views.network_view(ViewState(), layout="force", network_color="region")
    statuses = sorted(e["data"]["status"] for e in _edges(elements) if e["data"]["status"] != "active")
    assert statuses == ["ended", "planned"]
    sheet = {rule["selector"]: rule["style"] for rule in views.network_stylesheet("", ViewState())}
    assert sheet["edge.status-ended"]["opacity"] < 0.5
    assert sheet[".partner.status-ended"]["background-opacity"] < 0.5
    assert sheet["edge.status-planned"]["line-style"] == "dashed"
    assert sheet[".partner.status-planned"]["border-style"] == "dashed"
    key = [item.children[1] for item in views.network_key(ViewState(), network_color="region")]
    assert "Faded: agreement ended or suspended (1)" in key
    assert "Dashed rim and line: agreement planned (1)" in key


def _map(views, state):
    return views.map_figure(
        state, views.shown(state), color_by="type", choropleth=False, labelled=[], focus=""
    )


def test_map_fades_ended_partners_and_outlines_planned_ones_with_a_legend_in_words(views):
    figure = _map(views, ViewState())
    research = next(
        t for t in figure["data"] if t.get("mode") == "markers" and t["name"].startswith("Research")
    )
    assert list(research["ids"]) == ["boston"] and research["marker"]["opacity"][0] < 0.5
    legend = [t["name"] for t in figure["data"] if t.get("showlegend")]
    assert "Faded: ended or suspended agreement (1)" in legend
    assert not any(name.startswith("Hollow") for name in legend)  # Singapore is drawn as current
    planned = _map(views, ViewState(statuses=("planned",)))
    exchange = next(
        t for t in planned["data"] if t.get("mode") == "markers" and t["name"].startswith("Exchange")
    )
    assert list(exchange["ids"]) == ["sing"] and exchange["marker"]["symbol"][0].endswith("-open")
    arcs = [t for t in planned["data"] if t.get("mode") == "lines" and t["name"] == "Exchange"]
    assert [a["line"]["dash"] for a in arcs] == ["dot"]


def test_status_round_trips_through_the_url():
    vocab = vocabulary({"europe"}, {"IT"}, {"exchange"}, set(), {"mit"})
    state = ViewState(regions=("europe",), statuses=("ended", "planned"))
    assert to_query(state) == "?region=europe&status=ended,planned"
    assert parse_query(to_query(state), vocab) == state
    assert parse_query("?status=over,ENDED,ended,ended", vocab) == ViewState(statuses=("ended",))
    assert ViewState.from_dict(state.to_dict()) == state
