"""The read-only model behind every view: built once per dataset, shared by all requests.

Everything that is costly (the graph, tie strengths, per-partner summaries, network layout
positions, communities, centralities) is computed here, at start-up, keyed by the dataset's
version; callbacks only select rows from it. The slowest parts (layouts, communities,
centralities) are kept in a :class:`~dashboard.data.cache.DiskCache` named after the data's
version and the code's, so a second start, another worker or a command line call reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.data.cache import OFF, DiskCache, cache_for, code_version, key
from dashboard.data.dataset import Dataset, load_dataset
from dashboard.data.geo import distances_from
from dashboard.data.regions import ordered_regions
from dashboard.data.schema import TYPE_ORDER
from dashboard.network import graph, metrics
from dashboard.network.positions import LAYOUTS, Positions, compute_layouts
from dashboard.network.status import partner_status


@dataclass(frozen=True)
class Model:
    """Dataset plus everything derived from it.

    Attributes:
        ds: The dataset.
        G: The network graph.
        relations: :func:`dashboard.network.graph.relations_table`.
        partners: One row per partner of home, indexed by id: names, place, region,
            ``types`` (tuple), ``statuses`` (tuple) and ``status`` (drawn, see
            :mod:`dashboard.network.status`), ``primary_type`` (the strongest type of the
            relations in that status), ``strength``, ``consortia`` (tuple of ids),
            ``first_year`` (earliest dated relation, or NA), ``distance_km``.
        positions: Layout name -> node -> (x, y), for the full graph.
        years: (first, last) year of any dated relation.
        communities: Node -> Louvain community number (seeded, numbered by size).
        groups: The Louvain communities (:func:`metrics.communities`).
        centrality: Node -> degree, betweenness, eigenvector (:func:`metrics.centralities`).
    """

    ds: Dataset
    G: nx.MultiGraph
    relations: pd.DataFrame
    partners: pd.DataFrame
    positions: dict[str, dict[str, tuple[float, float]]] = field(repr=False)
    years: tuple[int, int]
    communities: dict[str, int] = field(default_factory=dict, repr=False)
    groups: list[list[str]] = field(default_factory=list, repr=False)
    centrality: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    @property
    def regions(self) -> list[str]:
        """Regions that have partners, seed regions first."""
        return ordered_regions(set(self.partners["region"]) - {""})


def build_model(ds: Dataset, *, cache: DiskCache = OFF) -> Model:
    """Derive the model from a dataset (once, at start-up; layouts and metrics from ``cache``)."""
    relations = graph.relations_table(ds)
    G = graph.build_graph(ds)
    partners = _partners(ds, relations)
    name = "model-" + key(ds.version, code_version())
    positions = _cached_positions(
        cache, name, lambda: compute_layouts(G, partners, home=graph.inst_node(ds.home))
    )
    dated = pd.concat([relations["since_year"], relations["until_year"]]).dropna()
    years = (int(dated.min()), int(dated.max())) if len(dated) else (2000, 2030)
    groups = cache.json_or(name + "-communities", lambda: metrics.communities(G))
    centrality = cache.json_or(name + "-centrality", lambda: metrics.centralities(G))
    return Model(
        ds=ds,
        G=G,
        relations=relations,
        partners=partners,
        positions=positions,
        years=years,
        communities=metrics.community_of(groups),
        groups=groups,
        centrality=centrality,
    )


def _cached_positions(
    cache: DiskCache, name: str, compute: Callable[[], dict[str, Positions]]
) -> dict[str, Positions]:
    """Layouts from ``cache`` (one node list and one x/y array per layout), else computed and kept."""
    stored = cache.read_arrays(name + "-layouts")
    if stored is not None:
        return {
            layout: dict(
                zip(
                    stored[layout + ".nodes"].tolist(),
                    map(tuple, stored[layout + ".xy"].tolist()),
                    strict=True,
                )
            )
            for layout in LAYOUTS
        }
    positions = compute()
    arrays: dict[str, np.ndarray] = {}
    for layout, where in positions.items():
        arrays[layout + ".nodes"] = np.array(list(where), dtype=str)
        arrays[layout + ".xy"] = np.array(list(where.values()), dtype=float).reshape(-1, 2)
    cache.write_arrays(name + "-layouts", arrays)
    return positions


def load_model(data_dir: Path, *, cache: DiskCache | None = None) -> Model:
    """Load, validate and derive a data folder, with the derived-data cache the settings name.

    Raises:
        DataError: If the data folder has errors.
    """
    cache = cache_for(data_dir=data_dir) if cache is None else cache
    return build_model(load_dataset(data_dir, cache=cache), cache=cache)


def _partners(ds: Dataset, relations: pd.DataFrame) -> pd.DataFrame:
    ties = graph.tie_strength(ds, relations)
    inst = ds.institutions.loc[ds.institutions.index.isin(ties.index)]
    home = ds.home_row
    out = pd.DataFrame(
        inst[
            [
                "id",
                "name",
                "short_name",
                "kind",
                "city",
                "country",
                "country_name",
                "region",
                "region_slug",
                "lat",
                "lon",
                "website",
            ]
        ]
    )
    by_partner = relations.groupby("institution_id")
    type_sets = by_partner["type"].agg(set).to_dict()
    out["types"] = [tuple(t for t in TYPE_ORDER if t in type_sets.get(i, ())) for i in out.index]
    drawn = partner_status(relations, out.index)
    out["statuses"], out["status"] = drawn["statuses"], drawn["status"]
    out["primary_type"] = drawn["primary_type"]  # of its current relations when it has any
    out["strength"] = out.index.map(ties["strength"]).astype(int)
    via = relations[relations["consortium_id"] != ""].groupby("institution_id")["consortium_id"].agg(set)
    via_sets = via.to_dict()
    out["consortia"] = [tuple(sorted(via_sets.get(i, ()))) for i in out.index]
    out["first_year"] = out.index.map(by_partner["since_year"].min()).astype("Int64")
    out["distance_km"] = distances_from(inst, float(home["lat"]), float(home["lon"])).round(0)
    out["short_name"] = out["short_name"].where(out["short_name"] != "", out["name"])
    return out.sort_values("name")


__all__ = ["LAYOUTS", "Model", "build_model", "load_model"]
