from __future__ import annotations

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network import graph
from dashboard.network.graph import Filters


@pytest.fixture
def ds(tiny_dir):
    return load_dataset(tiny_dir)


@pytest.fixture
def rel(ds):
    return graph.relations_table(ds)


def test_graph_has_institution_and_consortium_nodes_and_typed_edges(ds):
    G = graph.build_graph(ds)
    assert G.nodes["i:home"]["is_home"] is True
    assert G.nodes["c:alpha"]["kind"] == "consortium"
    assert G.number_of_nodes() == 7 + 2
    assert G.number_of_edges() == 5 + 6
    kinds = sorted(d["type"] for _, _, d in G.edges("i:delft", data=True) if d["relation"] == "agreement")
    assert kinds == ["double_degree", "exchange"]  # both agreements with Delft are kept


def test_node_ids_of_institutions_and_consortia_never_collide(make_dataset):
    folder = make_dataset(
        consortia__csv=["delft,Delft Consortium,DC,consortium,,,,"],
        memberships__csv=[
            "delft,home,member,,https://e.org/m,2024,",
            "delft,delft,member,,https://e.org/m,2024,",
        ],
    )
    G = graph.build_graph(load_dataset(folder))
    assert G.nodes["c:delft"]["kind"] == "consortium" and G.nodes["i:delft"]["kind"] == "institution"


def test_no_filter_keeps_every_partner_but_home(ds, rel):
    assert graph.filter_partners(ds, rel, Filters()) == [
        "acme",
        "boston",
        "delft",
        "sing",
        "vancouver",
        "warsaw",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(regions=("southeast-asia",)), ["sing"]),
        (Filters(regions=("north-america",)), ["boston", "vancouver"]),
        (Filters(regions=("eastern-europe", "europe")), ["acme", "delft", "warsaw"]),
        (Filters(countries=("US", "SG")), ["boston", "sing"]),
        (Filters(types=("double_degree",)), ["delft"]),
        (Filters(types=("consortium",)), ["acme", "delft", "warsaw"]),
        (Filters(consortia=("alpha",)), ["delft", "warsaw"]),
        (Filters(text="test univ"), ["delft", "sing"]),
        (Filters(text="STU"), ["sing"]),
        (Filters(regions=("oceania",)), []),
    ],
)
def test_filters(ds, rel, filters, expected):
    assert sorted(graph.filter_partners(ds, rel, filters)) == expected


def test_year_range_keeps_overlapping_and_undated_relations(ds, rel):
    # boston's research ran 2005-2015; sing's MoU began 2021; vancouver's exchange is undated.
    got = graph.filter_partners(ds, rel, Filters(years=(2016, 2020)))
    assert "boston" not in got and "sing" not in got
    assert "vancouver" in got
    assert "boston" in graph.filter_partners(ds, rel, Filters(years=(2000, 2006)))


def test_type_and_year_apply_to_the_same_relation(ds, rel):
    # delft's exchange began 2005 and its double degree 2012: a double degree in 2006 does not exist.
    assert graph.filter_partners(ds, rel, Filters(types=("double_degree",), years=(2005, 2006))) == []


def test_text_search_ignores_accents(make_dataset):
    folder = make_dataset(
        institutions__csv=[
            "home,Home,H,university,Milan,IT,45.47,9.22,,",
            "z,École Zürich,EZ,university,Zürich,CH,,,,",
        ],
        memberships__csv=[],
        agreements__csv=["z,exchange,,,,https://e.org/a,2024,"],
    )
    ds = load_dataset(folder)
    assert graph.filter_partners(ds, graph.relations_table(ds), Filters(text="ecole zurich")) == ["z"]


def test_tie_strength_counts_agreements_and_shared_consortia(ds, rel):
    ties = graph.tie_strength(ds, rel)
    assert ties.loc["delft"].to_dict() == {
        "agreements": 2,
        "consortia": 2,
        "types": "consortium,double_degree,exchange",
        "strength": 4,
    }
    assert int(ties.loc["acme", "strength"]) == 1


def test_co_membership_weights_shared_consortia(ds):
    P = graph.co_membership(graph.build_graph(ds))
    assert P["i:home"]["i:delft"]["weight"] == 2
    assert P["i:home"]["i:delft"]["consortia"] == ["c:alpha", "c:beta"]
    assert P["i:delft"]["i:warsaw"]["weight"] == 1
    assert not P.has_edge("i:warsaw", "i:acme")
    assert "i:home" not in graph.co_membership(graph.build_graph(ds), exclude=["i:home"])


def test_subgraph_keeps_linking_consortia(ds):
    H = graph.subgraph_for(graph.build_graph(ds), ["warsaw"])
    assert set(H.nodes) == {"i:home", "i:warsaw", "c:alpha"}


def test_spring_positions_are_deterministic(ds):
    G = graph.build_graph(ds)
    first, second = graph.spring_positions(G), graph.spring_positions(G)
    assert first == second
    assert set(first) == set(G.nodes)
    assert all(isinstance(x, float) for x, _ in first.values())
