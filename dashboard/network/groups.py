"""Names for the network's communities, so a reader sees "ENHANCE group", not "Group 1".

A community (:func:`dashboard.network.metrics.communities`) is named after the consortium
most of its institutions belong to; a community without one is named after the region most
of its institutions are in. Two communities that would get the same name are numbered.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from dashboard.i18n import t, term


def typical(G: nx.MultiGraph, group: list[str]) -> tuple[str, str]:
    """What best describes a community: ``("consortium", short name)`` or ``("region", name)``.

    The consortium is the one with the most members inside the community (ties broken by
    name); without consortia, the most common region of its institutions; ``("", "")``
    when neither is known.

    Examples:
        >>> G = nx.MultiGraph()
        >>> G.add_node("c:x", kind="consortium", short_name="X")
        >>> G.add_node("i:a", kind="institution", region="Europe")
        >>> G.add_node("i:b", kind="institution", region="Europe")
        >>> G.add_edge("i:a", "c:x")
        0
        >>> typical(G, ["c:x", "i:a", "i:b"]), typical(G, ["i:a", "i:b"])
        (('consortium', 'X'), ('region', 'Europe'))
    """
    inside = set(group)
    hubs = [n for n in group if G.nodes[n].get("kind") == "consortium"]
    if hubs:
        label = {n: str(G.nodes[n].get("short_name") or n) for n in hubs}
        best = min(hubs, key=lambda n: (-sum(1 for m in G.neighbors(n) if m in inside), label[n]))
        return "consortium", label[best]
    regions = Counter(
        str(G.nodes[n]["region"])
        for n in group
        if G.nodes[n].get("kind") == "institution" and G.nodes[n].get("region")
    )
    if not regions:
        return "", ""
    return "region", min(regions, key=lambda r: (-regions[r], r))


def group_names(G: nx.MultiGraph, groups: list[list[str]], *, lang: str = "en") -> list[str]:
    """A plain name for each community, in the same order.

    Examples:
        >>> G = nx.MultiGraph()
        >>> G.add_node("i:a", kind="institution", region="Europe")
        >>> G.add_node("i:b", kind="institution", region="Europe")
        >>> group_names(G, [["i:a"], ["i:b"]])
        ['Europe group', 'Europe group (2)']
    """
    names: list[str] = []
    seen: Counter[str] = Counter()
    for number, group in enumerate(groups, start=1):
        kind, value = typical(G, group)
        shown = term("region", value, lang) if kind == "region" else value
        name = t(f"groups.{kind}", lang, name=shown) if kind else t("groups.unnamed", lang, number=number)
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names
