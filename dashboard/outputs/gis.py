"""Export the network for GIS users: institutions as points, relations as lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString

from dashboard.data.dataset import Dataset
from dashboard.data.files import write_atomic
from dashboard.data.geo import CRS, distances_from
from dashboard.network.graph import relations_table, tie_strength


def institutions_layer(ds: Dataset) -> gpd.GeoDataFrame:
    """Placed institutions with region, relation types, tie strength and distance from home."""
    inst = ds.institutions
    home = ds.home_row
    ties = tie_strength(ds, relations_table(ds))
    out = inst[
        ["id", "name", "short_name", "kind", "city", "country", "region", "website", "geometry"]
    ].copy()
    out["is_home"] = out["id"] == ds.home
    out["relation_types"] = out["id"].map(ties["types"]).fillna("")
    out["tie_strength"] = out["id"].map(ties["strength"]).fillna(0).astype(int)
    out["distance_km"] = distances_from(inst, float(home["lat"]), float(home["lon"])).round(1)
    placed = out[~out.geometry.is_empty & out.geometry.notna()]
    return gpd.GeoDataFrame(placed.reset_index(drop=True), geometry="geometry", crs=CRS)


def relations_layer(ds: Dataset) -> gpd.GeoDataFrame:
    """One straight line (in lon/lat) per agreement and per membership of a placed pair.

    Memberships are drawn from the member to home, since consortia have no location.
    """
    inst = ds.institutions
    home = ds.home_row
    agreements = ds.agreements.assign(relation="agreement", consortium_id="", role="")
    members = ds.memberships[ds.memberships["institution_id"] != ds.home].assign(
        relation="membership", type="consortium", field="", until=""
    )
    columns = [
        "institution_id",
        "relation",
        "type",
        "consortium_id",
        "role",
        "field",
        "since",
        "until",
        "source",
        "as_of",
    ]
    rel = pd.concat([agreements[columns], members[columns]], ignore_index=True)
    lat = rel["institution_id"].map(inst["lat"])
    lon = rel["institution_id"].map(inst["lon"])
    ok = lat.notna() & lon.notna()
    lines = [
        LineString([(float(home["lon"]), float(home["lat"])), (x, y)])
        for x, y in zip(lon[ok], lat[ok], strict=True)
    ]
    return gpd.GeoDataFrame(rel[ok].reset_index(drop=True), geometry=lines, crs=CRS)


def _geojson_writer(frame: gpd.GeoDataFrame) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        frame.to_file(tmp, driver="GeoJSON")

    return write


def export_network(ds: Dataset, out: Path) -> list[Path]:
    """Write ``network.gpkg`` (two layers) and two GeoJSON files into ``out``.

    Returns:
        The paths written.
    """
    points, lines = institutions_layer(ds), relations_layer(ds)
    gpkg = out / "network.gpkg"

    def write_gpkg(tmp: Path) -> None:
        points.to_file(tmp, layer="institutions", driver="GPKG")
        lines.to_file(tmp, layer="relations", driver="GPKG", mode="a")

    written = [write_atomic(gpkg, write_gpkg)]
    for name, frame in (("institutions.geojson", points), ("relations.geojson", lines)):
        written.append(write_atomic(out / name, _geojson_writer(frame)))
    return written
