"""The gazetteer: a city beats a district of another city; namesakes are reported, not hidden."""

from __future__ import annotations

from dashboard.data.dataset import load_dataset
from dashboard.data.geocoding import district_of, geocode, lookup


def test_salamanca_spain_is_the_city_not_the_district_of_madrid():
    found = lookup("Salamanca", "ES")
    assert found.place is not None
    assert 40.9 < found.place.lat < 41.0 and -5.7 < found.place.lon < -5.6  # Castile and León
    assert [district_of(d).name for d in found.districts] == ["Madrid"]  # type: ignore[union-attr]
    assert not found.ambiguous


def test_salamanca_district_alone_is_not_taken_for_the_city_in_any_spelling():
    for spelling in ("SALAMANCA", "salamanca ", "Salamanca"):
        assert geocode(spelling, "ES") == lookup("Salamanca", "ES").place


def test_cambridge_is_resolved_by_country():
    us, gb = geocode("Cambridge", "US"), geocode("Cambridge", "GB")
    assert us is not None and gb is not None
    assert (us.country, us.admin1) == ("US", "MA")
    assert (gb.country, round(gb.lat), round(gb.lon)) == ("GB", 52, 0)


def test_a_city_next_to_a_bigger_one_is_not_a_district_of_it():
    cambridge = geocode("Cambridge", "US")
    assert cambridge is not None and district_of(cambridge) is None  # 4 km from Boston, a sixth of it


def test_namesakes_without_a_clear_winner_are_reported_with_every_candidate():
    found = lookup("Springfield", "US")
    assert found.ambiguous and found.place is not None
    assert len(found.candidates) >= 2
    states = {p.admin1 for p in found.candidates}
    assert {"MO", "MA", "IL"} <= states
    assert found.place.label() in found.warning() and "places bear this name" in found.warning()


def test_a_single_city_is_not_ambiguous_and_warns_nothing():
    found = lookup("Delft", "NL")
    assert found.place is not None and not found.ambiguous and found.warning() == ""


def test_loader_places_salamanca_in_castile_and_notes_the_district_it_skipped(make_dataset):
    rows = [
        "home,Home,H,university,Milan,IT,45.47,9.22,,",
        "usal,Universidad de Salamanca,,,Salamanca,ES,,,,",
    ]
    ds = load_dataset(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[]))
    assert round(float(ds.institutions.loc["usal", "lon"]), 1) == -5.7
    notes = [str(p) for p in ds.report.of("info")]
    assert any("a district of Madrid" in n for n in notes)
    assert ds.report.of("warning") == []


def test_loader_warns_when_namesakes_leave_the_place_in_doubt(make_dataset):
    rows = ["home,Home,H,university,Milan,IT,45.47,9.22,,", "spr,Springfield College,,,Springfield,US,,,,"]
    ds = load_dataset(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[]))
    (warning,) = ds.report.of("warning")
    assert "institutions.csv:3 city 'Springfield'" in str(warning) and "give lat/lon" in str(warning)
