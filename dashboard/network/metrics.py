"""Network metrics: centralities, communities and paths (consortium overlaps and brokers: :mod:`.consortia`).

Pure functions over the model's MultiGraph (:func:`dashboard.network.graph.build_graph`). Graph
metrics are computed on the *full* network (every relation, consortia as nodes) so that a
partner's position does not change with the filters; the answers then keep only the
partners the filters show. Everything returned is plain Python (str, int, float, list,
dict), sorted so that the same data always gives the same output.
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse.csgraph
import scipy.sparse.linalg

from dashboard.network.graph import partner_node

SEED = 42
# Betweenness costs one breadth-first search per source node, each visiting every node and
# edge (~3 µs per visit here, in networkx). Exact while nodes x (nodes + edges) stays within
# this budget (~12 s on this machine's 2 cores); above it, sampled from as many sources as the
# budget allows (at least MIN_SOURCES, seeded). 30k institutions: ~34k nodes, ~30 sources.
BETWEENNESS_BUDGET = 4_000_000
MIN_SOURCES = 20
DENSE_EIGEN_LIMIT = 300  # components up to this size: dense eigensolver; above: sparse (ARPACK)
DIGITS = 6


def simple_projection(G: nx.MultiGraph) -> nx.Graph:
    """Collapse parallel edges; ``weight`` = number of relations between the two nodes.

    Examples:
        >>> M = nx.MultiGraph([("a", "b"), ("a", "b"), ("b", "c")])
        >>> sorted(simple_projection(M).edges(data="weight"))
        [('a', 'b', 2), ('b', 'c', 1)]
    """
    S = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if S.has_edge(u, v):
            S[u][v]["weight"] += 1
        else:
            S.add_edge(u, v, weight=1)
    return S


def _eigenvector(S: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality per connected component (each normalised on its own, unit length).

    The Perron vector of each component's adjacency matrix, from a symmetric eigensolver:
    networkx's power iteration needs ~1,000 rounds on large, nearly bipartite networks
    (partners and consortia), which took 5 minutes at 30k institutions; this takes seconds.

    Examples:
        >>> path = nx.path_graph(["a", "b", "c"])
        >>> {n: round(v, 6) for n, v in sorted(_eigenvector(path).items())}
        {'a': 0.5, 'b': 0.707107, 'c': 0.5}
    """
    nodes = list(S)
    values = dict.fromkeys(nodes, 0.0)
    if len(nodes) < 2:
        return values
    A = nx.to_scipy_sparse_array(S, nodelist=nodes, weight=None, dtype=float, format="csr")
    _count, labels = scipy.sparse.csgraph.connected_components(A, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    for idx in np.split(order, bounds):
        if len(idx) < 2:
            continue  # an isolated node: 0
        part = A[idx][:, idx]
        if len(idx) <= DENSE_EIGEN_LIMIT:
            vector = np.linalg.eigh(part.toarray())[1][:, -1]
        else:
            vector = scipy.sparse.linalg.eigsh(part, k=1, which="LA", tol=1e-10)[1][:, 0]
        vector = np.abs(vector) / np.linalg.norm(vector)
        values.update(zip((nodes[i] for i in idx), vector.tolist(), strict=True))
    return values


def betweenness_sources(nodes: int, edges: int) -> int | None:
    """How many source nodes betweenness is sampled from; ``None``: exact (every node).

    Examples:
        >>> betweenness_sources(300, 600) is None  # a real network of a few hundred partners
        True
        >>> betweenness_sources(34_386, 91_040)  # 30k synthetic institutions
        31
    """
    per_source = max(1, nodes + edges)
    if nodes * per_source <= BETWEENNESS_BUDGET:
        return None
    return max(MIN_SOURCES, BETWEENNESS_BUDGET // per_source)


def centralities(G: nx.MultiGraph) -> dict[str, dict[str, float]]:
    """Degree, betweenness and eigenvector centrality of every node (unweighted).

    Computed on the simple projection: two nodes linked by several relations count as
    neighbours once. Betweenness is normalised, exact for networks up to about a thousand
    nodes and sampled from seeded sources above (:func:`betweenness_sources`). A
    disconnected graph gets eigenvector centrality per component; isolated nodes get 0.

    Args:
        G: The network (nodes ``i:<id>`` and ``c:<id>``).

    Returns:
        node -> ``{"degree", "betweenness", "eigenvector"}``, rounded to 6 decimals.

    Examples:
        >>> star = nx.MultiGraph([("h", "a"), ("h", "b"), ("h", "c")])
        >>> centralities(star)["h"]
        {'degree': 1.0, 'betweenness': 1.0, 'eigenvector': 0.707107}
    """
    S = simple_projection(G)
    if S.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(S) if S.number_of_nodes() > 1 else dict.fromkeys(S, 0.0)
    sources = betweenness_sources(S.number_of_nodes(), S.number_of_edges())
    if sources is None:
        between = nx.betweenness_centrality(S, normalized=True)
    else:
        between = nx.betweenness_centrality(S, k=sources, normalized=True, seed=SEED)
    eigen = _eigenvector(S)
    return {
        str(n): {
            "degree": round(float(degree[n]), DIGITS),
            "betweenness": round(float(between[n]), DIGITS),
            "eigenvector": round(float(eigen[n]), DIGITS),
        }
        for n in sorted(S.nodes)
    }


def communities(G: nx.MultiGraph, *, seed: int = SEED) -> list[list[str]]:
    """Louvain communities of the weighted simple projection, in a stable order.

    Numbered (list position) by size, largest first, then by smallest node id, so the
    same data always gets the same numbers and colours.

    Examples:
        >>> M = nx.MultiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")])
        >>> communities(M)
        [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    S = simple_projection(G)
    if S.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(S, weight="weight", seed=seed)
    groups = [sorted(str(n) for n in group) for group in found]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def community_of(groups: list[list[str]]) -> dict[str, int]:
    """Node -> community number, for colouring the network.

    Examples:
        >>> community_of([["a", "b"], ["c"]])
        {'a': 0, 'b': 0, 'c': 1}
    """
    return {node: index for index, group in enumerate(groups) for node in group}


def node_label(G: nx.MultiGraph, node: str) -> str:
    """Short name of a node (its id when it has none)."""
    data = G.nodes[node]
    return str(data.get("short_name") or data.get("name") or data.get("id") or node)


def edge_kinds(G: nx.MultiGraph, u: str, v: str) -> list[str]:
    """Kinds of the relations between two nodes: agreement types and membership roles, sorted.

    Examples:
        >>> M = nx.MultiGraph()
        >>> M.add_edge("i:h", "i:p", relation="agreement", type="exchange")
        0
        >>> M.add_edge("i:p", "c:x", relation="membership", role="founder")
        0
        >>> edge_kinds(M, "i:p", "i:h"), edge_kinds(M, "c:x", "i:p")
        (['exchange'], ['founder'])
    """
    kinds = {
        str(d.get("type") if d.get("relation") == "agreement" else d.get("role") or "member")
        for d in G.get_edge_data(u, v, default={}).values()
    }
    return sorted(kinds)


def connection_paths(G: nx.MultiGraph, institution_id: str, *, limit: int = 5) -> list[dict[str, Any]]:
    """The shortest ways from home to an institution, through consortia and agreements.

    Args:
        G: The network; its ``home`` graph attribute names the home node.
        institution_id: The institution to reach.
        limit: At most this many paths (the first ones in node-id order).

    Returns:
        Dicts ``{"nodes": [node ids], "names": [short names], "steps": [[kinds], …]}``,
        where ``steps[k]`` lists the relations between node ``k`` and ``k + 1``. Empty
        when the institution is unknown, home itself, or not connected to home.

    Examples:
        >>> M = nx.MultiGraph(home="i:h")
        >>> M.add_node("i:h", short_name="Home"); M.add_node("c:x", short_name="X")
        >>> M.add_node("i:p", short_name="P")
        >>> _ = M.add_edge("i:h", "c:x", relation="membership", role="founder")
        >>> _ = M.add_edge("i:p", "c:x", relation="membership", role="member")
        >>> connection_paths(M, "p")[0]["names"]
        ['Home', 'X', 'P']
    """
    home, target = G.graph["home"], partner_node(G, institution_id)
    if target not in G or target == home:
        return []
    S = simple_projection(G)
    try:
        found = sorted(itertools.islice(nx.all_shortest_paths(S, home, target), 1000))
    except nx.NetworkXNoPath:
        return []
    return [
        {
            "nodes": [str(n) for n in path],
            "names": [node_label(G, n) for n in path],
            "steps": [edge_kinds(G, u, v) for u, v in itertools.pairwise(path)],
        }
        for path in found[:limit]
    ]
