from __future__ import annotations

import csv
import json

import geopandas as gpd
import pytest

from dashboard.config import DEFAULT_DATA_DIR, TOPOJSON_DIR
from dashboard.data import geo
from dashboard.data.dataset import load_dataset
from dashboard.data.geocoding import geocode
from dashboard.data.regions import SEED_REGIONS
from dashboard.outputs.gis import consortia_layer, consortium_seats, export_network, relations_layer
from tests.helpers import TINY


@pytest.fixture(scope="module")
def regions():
    with (DEFAULT_DATA_DIR / "regions.csv").open(encoding="utf-8") as fh:
        return {row["country"]: row for row in csv.DictReader(fh)}


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("PL", "Eastern Europe"),
        ("RO", "Eastern Europe"),
        ("UA", "Eastern Europe"),
        ("RU", "Eastern Europe"),
        ("EE", "Europe"),
        ("LT", "Europe"),
        ("RS", "Europe"),
        ("HR", "Europe"),
        ("GR", "Europe"),
        ("GB", "Europe"),
        ("CY", "Europe"),
        ("US", "North America"),
        ("CA", "North America"),
        ("MX", "Latin America & Caribbean"),
        ("SG", "Southeast Asia"),
        ("VN", "Southeast Asia"),
        ("CN", "East Asia"),
        ("IN", "South Asia"),
        ("AZ", "Western Asia & North Africa"),
        ("NA", "Sub-Saharan Africa"),
        ("AU", "Oceania"),
    ],
)
def test_region_of_country(regions, country, region):
    assert regions[country]["region"] == region


def test_every_base_map_country_has_a_region(regions):
    iso3 = {row["iso3"] for row in regions.values()}
    missing = set(geo.countries().index) - iso3 - {"ATA", "ATF"}
    assert missing == set()


def test_seed_regions_are_spelled_exactly(regions):
    assert set(SEED_REGIONS) <= {row["region"] for row in regions.values()}


def test_small_states_exist_only_in_the_50m_map():
    small = {"SGP", "MLT", "AND", "HKG", "BHR", "MCO", "SMR", "LIE"}
    coarse = set(gpd.read_file(TOPOJSON_DIR / "world_110m.json", layer="countries")["id"].dropna())
    assert small <= set(geo.countries().index)
    assert not small & coarse


def test_distance_and_inside_country():
    assert geo.distance_to_country_km(45.4781, 9.2273, "ITA") == 0
    assert geo.distance_to_country_km(48.85, 2.35, "ITA") > 300
    assert geo.distance_to_country_km(1, 1, "ZZZ") is None
    assert 800 < geo.distance_km(45.4781, 9.2273, 52.0022, 4.3736) < 815


@pytest.mark.parametrize(
    ("city", "country", "expected"),
    [
        ("Milano", "IT", "Milan"),
        ("MILANO CEDEX 12", "IT", "Milan"),
        ("Zurich", "CH", "Zürich"),
        ("GDANSK", "PL", "Gdańsk"),
        ("Cayenne", "FR", "Cayenne"),
        ("University Park", "US", "University Park"),
    ],
)
def test_geocode_spellings(city, country, expected):
    place = geocode(city, country)
    assert place is not None and place.name == expected


def test_geocode_unknown_and_blank():
    assert geocode("Atlantisville", "IT") is None
    assert geocode("", "IT") is None


def test_export_geo_roundtrip(tiny_dir, tmp_path):
    ds = load_dataset(tiny_dir)
    paths = export_network(ds, tmp_path / "out")
    assert sorted(p.name for p in paths) == [
        "consortia.geojson",
        "institutions.geojson",
        "network.gpkg",
        "relations.geojson",
    ]
    points = gpd.read_file(tmp_path / "out" / "network.gpkg", layer="institutions")
    lines = gpd.read_file(tmp_path / "out" / "relations.geojson")
    assert len(points) == len(ds.institutions)
    assert points.crs.to_epsg() == 4326
    assert points.set_index("id").loc["delft", "tie_strength"] == 4
    # No coordinator in the tiny data: no seat, so no membership line; every partner
    # membership of a consortium home belongs to is a shared-consortium tie with home.
    assert lines["relation"].value_counts().to_dict() == {"agreement": len(ds.agreements), "consortium": 4}
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left behind


def test_geojson_layers_are_named_after_the_layer_not_the_temporary_file(tiny_dir, tmp_path):
    export_network(load_dataset(tiny_dir), tmp_path)
    for layer in ("institutions", "relations", "consortia"):
        assert json.loads((tmp_path / f"{layer}.geojson").read_text(encoding="utf-8"))["name"] == layer


def _with_coordinator(make_dataset, *rows):
    memberships = [*TINY["memberships.csv"], *rows]
    return load_dataset(make_dataset(memberships__csv=memberships))


def test_consortium_sits_at_its_only_coordinator_with_lines_to_its_members(make_dataset):
    ds = _with_coordinator(make_dataset, "beta,boston,coordinator,,https://example.org/beta,2024,")
    consortia = consortia_layer(ds).set_index("id")
    assert consortia.loc["beta", "seat_id"] == "boston"
    assert (consortia.loc["beta", "geometry"].x, consortia.loc["beta", "geometry"].y) == (-71.0942, 42.3601)
    assert consortia.loc["alpha", "seat_id"] == "" and consortia.loc["alpha", "geometry"] is None
    assert consortia.loc["alpha", "member_ids"] == "delft|home|warsaw"
    lines = relations_layer(ds)
    to_seat = lines[lines["relation"] == "membership"]
    assert sorted(to_seat["institution_id"]) == ["acme", "delft", "home"]  # beta's members but the seat
    assert set(to_seat["to_id"]) == {"boston"}
    first = to_seat.iloc[0].geometry.coords[0]
    assert first == (-71.0942, 42.3601)  # lines start at the seat


def test_two_coordinators_leave_the_seat_unknown(make_dataset):
    ds = _with_coordinator(
        make_dataset,
        "beta,boston,coordinator,,https://example.org/beta,2024,",
        "beta,sing,coordinator,,https://example.org/beta,2024,",
    )
    assert consortium_seats(ds) == {}
