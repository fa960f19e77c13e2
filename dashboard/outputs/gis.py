"""Export the network for GIS users: layers ``institutions``, ``relations`` and ``consortia``.

- ``institutions``: placed institutions (points) with region, relation types, tie strength
  and distance from home.
- ``relations``: straight lines (in lon/lat) between placed ends: each agreement (home to
  partner, ``relation = agreement``); each consortium a partner shares with home (partner to
  home, ``relation = consortium``: the map's "shared consortium" ties); and each membership
  of a consortium whose seat is known (member to seat, ``relation = membership``).
- ``consortia``: one row per consortium, at its seat where the data gives one: its
  coordinating member (role ``coordinator``), when exactly one member has that role and is
  placed. A consortium without a known seat has no geometry: it is listed in the layer's
  table (with its members) but not drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from dashboard.data.dataset import Dataset
from dashboard.data.files import write_atomic
from dashboard.data.geo import CRS, distances_from
from dashboard.network.graph import relations_table, tie_strength

LAYERS = ("institutions", "relations", "consortia")
COORDINATOR = "coordinator"
_LINE_COLUMNS = [
    "institution_id",
    "to_id",
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


def consortium_seats(ds: Dataset) -> dict[str, str]:
    """Consortium id -> the institution id of its seat, where the data gives one.

    The seat is the consortium's coordinating member: the only member with role
    ``coordinator``, if it has coordinates. Consortia with no coordinator, or several, have
    no known seat.
    """
    members = ds.memberships[ds.memberships["role"] == COORDINATOR]
    placed = ds.institutions["lat"].notna() & ds.institutions["lon"].notna()
    seats = {}
    for consortium_id, group in members.groupby("consortium_id"):
        ids = sorted(set(group["institution_id"]))
        if len(ids) == 1 and bool(placed.get(ids[0], False)):
            seats[str(consortium_id)] = ids[0]
    return seats


def consortia_layer(ds: Dataset) -> gpd.GeoDataFrame:
    """Every consortium, as a point at its seat (:func:`consortium_seats`) or without geometry.

    Columns: ``id``, ``name``, ``short_name``, ``kind``, ``founded``, ``website``,
    ``source``, ``seat_id`` and ``seat_name`` (empty when unknown), ``members`` (count),
    ``member_ids`` (``|``-separated), ``home_member``.
    """
    inst = ds.institutions
    seats = consortium_seats(ds)
    by_consortium = ds.memberships.groupby("consortium_id")["institution_id"].agg(lambda s: sorted(set(s)))
    rows, points = [], []
    for rec in ds.consortia.itertuples(index=False):
        members = by_consortium.get(rec.id, [])
        seat = seats.get(rec.id, "")
        rows.append(
            {
                "id": rec.id,
                "name": rec.name,
                "short_name": rec.short_name or rec.name,
                "kind": rec.kind,
                "founded": rec.founded,
                "website": rec.website,
                "source": rec.source,
                "seat_id": seat,
                "seat_name": str(inst.loc[seat, "name"]) if seat else "",
                "members": len(members),
                "member_ids": "|".join(members),
                "home_member": ds.home in members,
            }
        )
        points.append(Point(float(inst.loc[seat, "lon"]), float(inst.loc[seat, "lat"])) if seat else None)
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)


def relations_layer(ds: Dataset) -> gpd.GeoDataFrame:
    """One straight line (in lon/lat) per agreement, shared-consortium tie and seated membership.

    See the module docstring for what each ``relation`` value draws; ``to_id`` is the
    line's other end (home, or the consortium's seat). Lines with an unplaced end are left out.
    """
    inst = ds.institutions
    members = ds.memberships
    agreements = ds.agreements.assign(relation="agreement", to_id=ds.home, consortium_id="", role="")
    home_consortia = set(members.loc[members["institution_id"] == ds.home, "consortium_id"])
    shared = members[members["consortium_id"].isin(home_consortia) & (members["institution_id"] != ds.home)]
    ties = shared.assign(relation="consortium", to_id=ds.home, type="consortium", field="", until="")
    seats = consortium_seats(ds)
    seated = members.assign(to_id=members["consortium_id"].map(seats))
    seated = seated[seated["to_id"].notna() & (seated["to_id"] != seated["institution_id"])]
    memberships = seated.assign(relation="membership", type="consortium", field="", until="")
    rel = pd.concat(
        [agreements[_LINE_COLUMNS], ties[_LINE_COLUMNS], memberships[_LINE_COLUMNS]], ignore_index=True
    )
    ends = [rel[column].map(inst[axis]) for column in ("institution_id", "to_id") for axis in ("lon", "lat")]
    ok = pd.concat(ends, axis=1).notna().all(axis=1)
    lines = [
        LineString([(x1, y1), (x0, y0)])
        for x0, y0, x1, y1 in zip(*(e[ok].astype(float) for e in ends), strict=True)
    ]
    return gpd.GeoDataFrame(rel[ok].reset_index(drop=True), geometry=lines, crs=CRS)


def _geojson_writer(frame: gpd.GeoDataFrame, layer: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        # The layer name becomes the GeoJSON "name": without it GDAL takes the temporary file's.
        frame.to_file(tmp, driver="GeoJSON", layer=layer)

    return write


def export_network(ds: Dataset, out: Path) -> list[Path]:
    """Write ``network.gpkg`` (layers :data:`LAYERS`) and one GeoJSON file per layer into ``out``.

    Returns:
        The paths written.
    """
    frames = {
        "institutions": institutions_layer(ds),
        "relations": relations_layer(ds),
        "consortia": consortia_layer(ds),
    }
    gpkg = out / "network.gpkg"

    def write_gpkg(tmp: Path) -> None:
        for index, (layer, frame) in enumerate(frames.items()):
            frame.to_file(tmp, layer=layer, driver="GPKG", mode="a" if index else "w")

    written = [write_atomic(gpkg, write_gpkg)]
    for layer, frame in frames.items():
        written.append(write_atomic(out / f"{layer}.geojson", _geojson_writer(frame, layer)))
    return written
