"""An organisation that is both an institution and a consortium (``consortia.csv`` ``institution_id``,
as CEFRIEL, POLI.design and Fondazione Politecnico are) is one node, drawn once and counted once."""

from __future__ import annotations

from collections import Counter

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network import graph
from dashboard.network.insights import insights
from dashboard.network.metrics import connection_paths
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.outputs.interchange import network_graph
from dashboard.web.render import ExplorerOutputs
from tests.helpers import TINY

# Acme (a company in Turin) shares BETA with home, and is itself the consortium company GAMMA,
# which home founded and Boston belongs to.
CONSORTIA = "id,name,short_name,kind,founded,website,description,source,institution_id"
GAMMA = "gamma,Gamma Consortium,GAMMA,consortium,2000,,A test consortium company,,acme"
GAMMA_MEMBERS = [
    "gamma,home,founder,2000,https://example.org/gamma,2024-01-01,",
    "gamma,boston,member,2001,https://example.org/gamma,2024-01-01,",
]


@pytest.fixture
def model(make_dataset):
    consortia = [CONSORTIA, *(f"{row}," for row in TINY["consortia.csv"]), GAMMA]
    folder = make_dataset(
        consortia__csv="\n".join(consortia) + "\n",
        memberships__csv=[*TINY["memberships.csv"], *GAMMA_MEMBERS],
    )
    return build_model(load_dataset(folder))


def _organisation(node: str, data: dict) -> str:
    """Which organisation a node stands for: an institution's id, or the institution a consortium is."""
    return str(data.get("institution_id") or data["id"]) if data["kind"] == "consortium" else str(data["id"])


def test_the_graph_has_no_node_pair_for_one_organisation(model):
    G = model.G
    organisations = Counter(_organisation(n, d) for n, d in G.nodes(data=True))
    assert [org for org, count in organisations.items() if count > 1] == []
    assert "i:acme" not in G and G.nodes["c:gamma"]["institution_id"] == "acme"
    assert graph.partner_node(G, "acme") == "c:gamma"
    # its own ties and its members' meet on the one node
    assert set(G.neighbors("c:gamma")) == {"i:home", "i:boston", "c:beta"}


def test_the_network_draws_it_once_with_its_members_links(model):
    views = ExplorerOutputs(model, "en")
    elements = views.network_view(ViewState(comembers=True), layout="force", network_color="region")
    nodes = [e["data"]["id"] for e in elements if "source" not in e["data"]]
    assert len(nodes) == len(set(nodes)) and "i:acme" not in nodes and "c:gamma" in nodes
    ties = {frozenset((e["data"]["source"], e["data"]["target"])) for e in elements if "source" in e["data"]}
    assert {frozenset(("c:gamma", "c:beta")), frozenset(("i:boston", "c:gamma"))} <= ties
    assert frozenset(("i:home", "c:gamma")) in ties
    focused = views.network_stylesheet("acme", ViewState(comembers=True))
    assert any('node[id = "c:gamma"]' in rule["selector"] for rule in focused)  # focus finds its node
    exported = network_graph(model, views.drawn(ViewState(comembers=True)))
    assert "i:acme" not in exported and "c:gamma" in exported


def test_it_is_counted_once_and_drawn_once_on_the_map(model):
    views = ExplorerOutputs(model, "en")
    state = ViewState(comembers=True)
    figure = views.map_figure(
        state, views.drawn(state), color_by="type", choropleth=False, labelled=[], focus=""
    )
    drawn = [i for t in figure["data"] if t.get("mode") == "markers" and "ids" in t for i in t["ids"]]
    assert drawn.count("acme") == 1
    assert list(model.partners.index).count("acme") == 1
    assert connection_paths(model.G, "acme")[0]["nodes"] == ["i:home", "c:gamma"]
    result = insights(model, list(model.partners.index), lang="en")
    assert {a.key for a in result.answers} >= {"matter", "communities"}  # no lookup of a missing node
