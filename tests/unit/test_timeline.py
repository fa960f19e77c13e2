from __future__ import annotations

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network import timeline
from dashboard.network.model import build_model


@pytest.fixture
def tiny(tiny_dir):
    return build_model(load_dataset(tiny_dir))


def test_first_year_is_the_earliest_dated_relation(tiny):
    ids = list(tiny.partners.index)
    assert timeline.first_years(tiny, ids) == {
        "acme": None,
        "boston": 2005,
        "delft": 2005,
        "sing": 2021,
        "vancouver": None,
        "warsaw": 2015,
    }


def test_partners_as_of_a_year_flags_the_undated(tiny):
    as_of = timeline.partners_as_of(tiny, 2010)
    assert (as_of.dated, as_of.undated) == (["boston", "delft"], ["acme", "vancouver"])
    assert timeline.partners_as_of(tiny, 2004).dated == []
    assert timeline.partners_as_of(tiny, 2030, ["sing", "acme"]).dated == ["sing"]


def test_by_decade_counts_undated_and_never_drops_them(tiny):
    counts = timeline.by_decade(tiny, list(tiny.partners.index))
    assert counts == {"2000s": 2, "2010s": 1, "2020s": 1, "undated": 2}
    assert sum(counts.values()) == len(tiny.partners)


def test_growth_by_region_is_cumulative(tiny):
    growth = timeline.growth_by_region(tiny, list(tiny.partners.index))
    years = growth["years"]
    assert (years[0], years[-1]) == (2005, 2021)
    assert growth["series"]["Europe"][years.index(2005)] == 1
    assert growth["series"]["Eastern Europe"][years.index(2014)] == 0
    assert growth["series"]["Eastern Europe"][years.index(2015)] == 1
    assert growth["series"]["North America"][-1] == 1
    assert growth["undated"] == {"Europe": 1, "Eastern Europe": 0, "North America": 1, "Southeast Asia": 0}
    assert growth["undated_total"] == 2
    assert timeline.growth_by_region(tiny, list(tiny.partners.index)) == growth


def test_growth_with_nothing_dated(tiny):
    growth = timeline.growth_by_region(tiny, ["acme"])
    assert growth["years"] == [] and growth["undated_total"] == 1
