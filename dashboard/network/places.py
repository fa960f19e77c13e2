"""Partners grouped by place (city or country), for the world map of a large network.

Thousands of markers and arcs at world zoom are unreadable and heavy to send: above a few
hundred partners the map shows one marker per place, sized by its number of partners, and
one arc per place and relation type, with the counts on hover. Zooming into a region or
filtering down brings back one marker per institution.

Pure functions over the model's partner table (``lat``, ``lon``, ``city``, ``country``,
``country_name``, ``region``, ``primary_type``, ``strength``); nothing here imports plotly.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.data.schema import TYPE_ORDER

# Above this many placed partners, the world view is aggregated.
AGGREGATE_ABOVE = 300
# Above this many cities, group by country instead: markers would overlap anyway.
MAX_CITY_PLACES = 500

PLACE_COLUMNS = ["key", "label", "country", "region", "lat", "lon", "partners", "strength", "main_type"]


def should_aggregate(placed: int, *, world: bool, limit: int | None = None) -> bool:
    """Whether the map groups partners by place.

    Args:
        placed: Partners with coordinates in the view.
        world: The map shows the whole world (no region, country or other narrowing filter).
        limit: Largest number of partners drawn one by one at world zoom
            (default :data:`AGGREGATE_ABOVE`).

    Returns:
        True to aggregate.

    Examples:
        >>> should_aggregate(5000, world=True), should_aggregate(5000, world=False)
        (True, False)
        >>> should_aggregate(12, world=True)
        False
    """
    return world and placed > (AGGREGATE_ABOVE if limit is None else limit)


def choose_level(partners: pd.DataFrame, *, max_cities: int = MAX_CITY_PLACES) -> str:
    """``city`` when the partners sit in few enough cities, else ``country``.

    Examples:
        >>> p = pd.DataFrame({"city": ["Delft", "Delft", "Turin"], "country": ["NL", "NL", "IT"]})
        >>> choose_level(p), choose_level(p, max_cities=1)
        ('city', 'country')
    """
    cities = partners.groupby(["country", "city"], sort=False).ngroups
    return "city" if cities <= max_cities else "country"


def place_keys(partners: pd.DataFrame, level: str) -> pd.Series:
    """The place each partner belongs to: ``country`` or ``country/city``.

    Examples:
        >>> p = pd.DataFrame({"city": ["Delft", ""], "country": ["NL", "IT"]})
        >>> place_keys(p, "city").tolist(), place_keys(p, "country").tolist()
        (['NL/Delft', 'IT/'], ['NL', 'IT'])
    """
    if level == "country":
        return partners["country"].astype(str)
    return partners["country"].astype(str) + "/" + partners["city"].astype(str)


def aggregate_places(partners: pd.DataFrame, level: str) -> pd.DataFrame:
    """One row per place that has placed partners.

    A city's point is the mean of its partners' coordinates; a country's point is its
    busiest city (a real place on land, where a centroid of scattered points may fall in
    the sea or, across the antimeridian, on the wrong side of the world).

    Args:
        partners: Partner rows; unplaced rows are ignored.
        level: ``city`` or ``country``.

    Returns:
        Columns ``key``, ``label`` (``city, country name`` or ``country name``), ``country``,
        ``region``, ``lat``, ``lon``, ``partners`` (count), ``strength`` (sum), ``main_type``
        (the most common strongest relation type, ties to the stronger type), then one
        count column per relation type in :data:`TYPE_ORDER`; sorted by ``key``.

    Examples:
        >>> p = pd.DataFrame({
        ...     "city": ["Delft", "Delft", "Turin"], "country": ["NL", "NL", "IT"],
        ...     "country_name": ["Netherlands", "Netherlands", "Italy"], "region": ["Europe"] * 3,
        ...     "lat": [52.0, 52.2, 45.0], "lon": [4.3, 4.5, 7.6], "strength": [2, 1, 1],
        ...     "primary_type": ["exchange", "double_degree", "mou"]})
        >>> places = aggregate_places(p, "city")
        >>> places[["key", "label", "partners", "main_type"]].values.tolist()
        [['IT/Turin', 'Turin, Italy', 1, 'mou'], ['NL/Delft', 'Delft, Netherlands', 2, 'double_degree']]
        >>> round(float(places.loc[1, "lat"]), 1), int(places.loc[1, "exchange"])
        (52.1, 1)
        >>> aggregate_places(p, "country")["label"].tolist()
        ['Italy', 'Netherlands']
    """
    placed = partners[partners["lat"].notna() & partners["lon"].notna()]
    if placed.empty:
        return pd.DataFrame(columns=[*PLACE_COLUMNS, *TYPE_ORDER])
    # numpy group-bys (factorize + bincount): a pandas groupby costs ~10x more at this size.
    codes, keys = pd.factorize(place_keys(placed, level), sort=True)
    n = len(keys)
    lat, lon = placed["lat"].to_numpy(dtype=float), placed["lon"].to_numpy(dtype=float)
    size = np.bincount(codes, minlength=n)
    kinds = pd.Categorical(placed["primary_type"].to_numpy(), categories=TYPE_ORDER).codes
    counts = np.bincount(codes * len(TYPE_ORDER) + kinds, minlength=n * len(TYPE_ORDER)).reshape(n, -1)
    first = np.unique(codes, return_index=True)[1]
    country_name = placed["country_name"].astype(str).to_numpy()[first]
    out = pd.DataFrame(
        {
            "key": np.asarray(keys, dtype=object),
            "label": country_name,
            "country": placed["country"].to_numpy()[first],
            "region": placed["region"].to_numpy()[first],
            "lat": np.bincount(codes, weights=lat, minlength=n) / size,
            "lon": np.bincount(codes, weights=lon, minlength=n) / size,
            "partners": size,
            "strength": np.bincount(
                codes, weights=placed["strength"].to_numpy(dtype=float), minlength=n
            ).astype(int),
            # argmax picks the first maximum, and TYPE_ORDER lists the strongest type first.
            "main_type": np.asarray(TYPE_ORDER, dtype=object)[counts.argmax(axis=1)],
        }
    )
    for i, kind in enumerate(TYPE_ORDER):
        out[kind] = counts[:, i]
    if level == "country":
        busiest = _busiest_city(codes, placed["city"].astype(str).to_numpy(), lat, lon)
        out["lat"], out["lon"] = busiest[:, 0], busiest[:, 1]
    else:
        city = placed["city"].astype(str).to_numpy()[first]
        out["label"] = [f"{c}, {name}" if c else name for c, name in zip(city, country_name, strict=True)]
    return out


def _busiest_city(codes: np.ndarray, city: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Per place code: mean coordinates of its city with most partners (ties: first by name)."""
    frame = pd.DataFrame({"code": codes, "city": city, "lat": lat, "lon": lon})
    cities = frame.groupby(["code", "city"], sort=True).agg(
        lat=("lat", "mean"), lon=("lon", "mean"), n=("lat", "size")
    )
    cities = cities.reset_index().sort_values(["code", "n", "city"], ascending=[True, False, True])
    best = cities.drop_duplicates("code").sort_values("code")
    return best[["lat", "lon"]].to_numpy()


def arc_endpoints(places: pd.DataFrame, kind: str) -> np.ndarray:
    """Mask of the places that have a partner whose strongest relation is ``kind``.

    Examples:
        >>> places = pd.DataFrame({"key": ["a", "b"], "exchange": [2, 0]})
        >>> arc_endpoints(places, "exchange").tolist()
        [True, False]
    """
    return places[kind].to_numpy() > 0


def bounds(
    partners: pd.DataFrame, home: dict[str, object] | None = None, *, pad: float = 4.0, aspect: float = 0.0
) -> tuple[list[float], list[float]] | None:
    """Longitude and latitude ranges that fit the partners (and home), padded.

    Args:
        partners: Rows with ``lat`` and ``lon``.
        home: Also fit this point (``lat``, ``lon``).
        pad: Degrees added on every side, plus 8% of the span.
        aspect: If set, widen the longitude range to at least ``aspect`` times the
            latitude range, so that a wide screen is filled.

    Returns:
        ``([lon_min, lon_max], [lat_min, lat_max])`` or ``None`` when nothing is placed.

    Examples:
        >>> p = pd.DataFrame({"lat": [50.0, 40.0], "lon": [10.0, 20.0]})
        >>> bounds(p, pad=0)
        ([9.2, 20.8], [39.2, 50.8])
    """
    lat = pd.to_numeric(partners["lat"], errors="coerce").dropna().tolist()
    lon = pd.to_numeric(partners["lon"], errors="coerce").dropna().tolist()
    if home:
        lat.append(float(home["lat"]))  # type: ignore[arg-type]
        lon.append(float(home["lon"]))  # type: ignore[arg-type]
    if not lat:
        return None
    span = max(max(lon) - min(lon), max(lat) - min(lat), 6.0)
    extra = pad + span * 0.08
    lon_range = [min(lon) - extra, max(lon) + extra]
    lat_range = [max(min(lat) - extra, -85.0), min(max(lat) + extra, 85.0)]
    # A degree of longitude is shorter away from the equator: widen by 1/cos(latitude).
    shrink = max(math.cos(math.radians((lat_range[0] + lat_range[1]) / 2)), 0.3)
    wanted = aspect * (lat_range[1] - lat_range[0]) / shrink
    if wanted > lon_range[1] - lon_range[0]:
        middle = (lon_range[0] + lon_range[1]) / 2
        lon_range = [middle - wanted / 2, middle + wanted / 2]
    lon_range = [max(lon_range[0], -180.0), min(lon_range[1], 180.0)]
    return [round(v, 2) for v in lon_range], [round(v, 2) for v in lat_range]
