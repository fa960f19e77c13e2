"""The gazetteer's city files read one country at a time give what parsing them whole gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.data.geocoding import _CityFile


def _city(geonameid: int, country: str, name: str = "Town") -> dict[str, object]:
    return {
        "geonameid": geonameid,
        "name": name,
        "latitude": 1.0,
        "longitude": 2.0,
        "countrycode": country,
        "population": 1000 + geonameid,
        "admin1code": "01",
        "alternatenames": [name, f"{name} {{old}}", 'Ville, "la"'],
    }


def _write(tmp_path: Path, cities: list[dict[str, object]], **dump: object) -> Path:
    path = tmp_path / "cities.json"
    path.write_text(json.dumps({str(c["geonameid"]): c for c in cities}, **dump), encoding="utf-8")  # type: ignore[arg-type]
    return path


def _by_country(cities: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for city in cities:
        out.setdefault(str(city["countrycode"]), []).append(city)
    return out


@pytest.mark.parametrize(
    "dump", [{}, {"indent": 1}, {"ensure_ascii": False}], ids=["compact", "indented", "utf8"]
)
def test_each_country_of_a_file_in_runs_is_read_alone(tmp_path: Path, dump: dict[str, object]) -> None:
    cities = [_city(1, "AD"), _city(2, "AD", "Vila"), _city(3, "IT", "Milano"), _city(4, "ZW", "Harare")]
    cities[2]["alternatenames"] = ["Milan", "Mailand", "Милан"]
    file = _CityFile(_write(tmp_path, cities, **dump))
    for country, expected in _by_country(cities).items():
        assert file.cities(country) == expected
    assert file.cities("FR") == []
    assert file._whole is None  # no run needed the whole file


def test_countries_not_in_runs_are_read_from_the_whole_file(tmp_path: Path) -> None:
    cities = [_city(1, "AD"), _city(2, "IT"), _city(3, "AD")]  # Andorra in two runs
    file = _CityFile(_write(tmp_path, cities))
    assert file.cities("AD") == [cities[0], cities[2]]
    assert file.cities("IT") == [cities[1]]
    assert file._whole is not None


def test_a_brace_in_a_name_before_the_country_is_read_from_the_whole_file(tmp_path: Path) -> None:
    cities = [_city(1, "AD", "Vila {A}"), _city(2, "IT", "Roma}")]
    file = _CityFile(_write(tmp_path, cities))
    assert file.cities("AD") == [cities[0]]
    assert file.cities("IT") == [cities[1]]
