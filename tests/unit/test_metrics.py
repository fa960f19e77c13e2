from __future__ import annotations

import networkx as nx
import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network import consortia, metrics
from dashboard.network.model import build_model

STAR = {
    "institutions__csv": [
        "home,Home Institute of Technology,HIT,university,Milan,IT,45.4781,9.2273,,",
        "a,Alpha Test University,ATU,university,Delft,NL,,,,",
        "b,Beta Test University,BTU,university,Warsaw,PL,,,,",
        "c,Gamma Test University,GTU,university,Boston,US,42.3601,-71.0942,,",
    ],
    "consortia__csv": [],
    "memberships__csv": [],
    "agreements__csv": [
        "a,exchange,,2001,,https://example.org/1,2024,",
        "b,exchange,,,,https://example.org/2,2024,",
        "c,research,,2010,,https://example.org/3,2024,",
    ],
}


@pytest.fixture
def tiny(tiny_dir):
    return build_model(load_dataset(tiny_dir))


def test_star_has_exact_centralities(make_dataset):
    model = build_model(load_dataset(make_dataset(**STAR)))
    c = metrics.centralities(model.G)
    assert c["i:home"] == {"degree": 1.0, "betweenness": 1.0, "eigenvector": 0.707107}
    for leaf in ("i:a", "i:b", "i:c"):
        assert c[leaf] == {"degree": 0.333333, "betweenness": 0.0, "eigenvector": 0.408248}


def test_centralities_are_plain_floats_and_handle_disconnected_graphs():
    G = nx.MultiGraph([("a", "b"), ("c", "d"), ("d", "e")])
    G.add_node("z")
    c = metrics.centralities(G)
    assert c["z"] == {"degree": 0.0, "betweenness": 0.0, "eigenvector": 0.0}
    assert c["a"]["eigenvector"] == c["b"]["eigenvector"] == 0.707107  # its own component, normalised
    assert c["d"]["eigenvector"] == 0.707107 and c["c"]["eigenvector"] == 0.5
    assert all(type(v) is float for node in c.values() for v in node.values())


def test_eigenvector_matches_networkx_per_component_small_and_large():
    # a large component (sparse solver), a small one (dense), a bipartite star, a pair, isolates
    big = nx.relabel_nodes(
        nx.connected_watts_strogatz_graph(metrics.DENSE_EIGEN_LIMIT + 50, 4, 0.3, seed=3), str
    )
    small = nx.relabel_nodes(nx.gnm_random_graph(30, 60, seed=5), lambda n: f"s{n}")
    star = nx.relabel_nodes(nx.star_graph(6), lambda n: f"t{n}")
    G = nx.union_all([big, small.subgraph(max(nx.connected_components(small), key=len)), star])
    G.add_edge("p", "q")
    G.add_nodes_from(["lonely1", "lonely2"])
    ours = metrics._eigenvector(G)
    for component in nx.connected_components(G):
        if len(component) < 2:
            assert all(ours[n] == 0.0 for n in component)
            continue
        theirs = nx.eigenvector_centrality(G.subgraph(component), max_iter=10_000, tol=1e-12)
        assert all(abs(ours[n] - theirs[n]) < 1e-6 for n in component), sorted(component)[:3]


def test_betweenness_is_exact_for_real_sized_networks_and_sampled_within_budget_above():
    assert metrics.betweenness_sources(800, 2_400) is None  # a real network of hundreds of partners
    sampled = metrics.betweenness_sources(34_386, 91_040)
    assert metrics.MIN_SOURCES <= sampled < 100
    assert sampled * (34_386 + 91_040) <= metrics.BETWEENNESS_BUDGET


def test_parallel_relations_count_once_in_centrality_but_weigh_in_projection():
    G = nx.MultiGraph([("h", "p"), ("h", "p"), ("h", "q")])
    assert metrics.centralities(G)["p"]["degree"] == 0.5
    assert metrics.simple_projection(G)["h"]["p"]["weight"] == 2


def test_overlap_matrix_and_members_in_common(tiny):
    ids = list(tiny.partners.index)
    matrix, common = consortia.overlap_matrix(tiny, ids)
    assert list(matrix.index) == ["alpha", "beta"]
    assert matrix.to_numpy().tolist() == [[2, 1], [1, 2]]
    assert common == {("alpha", "beta"): ["delft"]}


def test_overlap_follows_the_partner_list(tiny):
    matrix, common = consortia.overlap_matrix(tiny, ["warsaw", "acme"])
    assert matrix.to_numpy().tolist() == [[1, 0], [0, 1]] and common == {}


def test_shared_partners_and_brokers(tiny):
    ids = list(tiny.partners.index)
    assert consortia.shared_partners(tiny, ids) == [
        {"id": "delft", "name": "Delft Test University", "consortia": ["alpha", "beta"], "count": 2}
    ]
    assert [b["id"] for b in consortia.brokers(tiny, ids)] == ["delft", "acme", "warsaw"]  # ties by name


def test_connection_path_through_a_consortium(tiny):
    paths = metrics.connection_paths(tiny.G, "warsaw")
    assert paths == [
        {
            "nodes": ["i:home", "c:alpha", "i:warsaw"],
            "names": ["HIT", "ALPHA", "WTP"],
            "steps": [["founder"], ["member"]],
        }
    ]


def test_connection_path_direct_agreements_and_edge_cases(tiny):
    assert metrics.connection_paths(tiny.G, "delft")[0]["steps"] == [["double_degree", "exchange"]]
    assert metrics.connection_paths(tiny.G, "home") == []
    assert metrics.connection_paths(tiny.G, "nowhere") == []


def test_all_shortest_paths_are_listed_in_order_and_limited():
    G = nx.MultiGraph(home="i:h")
    for k in range(7):
        G.add_edge("i:h", f"c:{k}", relation="membership", role="member")
        G.add_edge("i:x", f"c:{k}", relation="membership", role="member")
    paths = metrics.connection_paths(G, "x")
    assert [p["nodes"][1] for p in paths] == ["c:0", "c:1", "c:2", "c:3", "c:4"]


def test_communities_are_seeded_and_numbered_by_size_then_smallest_id():
    G = nx.MultiGraph([("x", "y"), ("y", "z"), ("x", "z"), ("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    G.add_edge("a", "d")
    groups = metrics.communities(G)
    assert groups == [["a", "b", "c", "d"], ["x", "y", "z"]]
    assert metrics.communities(G) == groups
    assert metrics.community_of(groups)["z"] == 1


def test_metrics_are_deterministic(tiny_dir):
    one, two = (build_model(load_dataset(tiny_dir)) for _ in range(2))
    assert metrics.centralities(one.G) == metrics.centralities(two.G)
    assert metrics.communities(one.G) == metrics.communities(two.G)
