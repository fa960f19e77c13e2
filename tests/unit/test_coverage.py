from __future__ import annotations

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network import coverage
from dashboard.network.model import build_model


@pytest.fixture
def tiny(tiny_dir):
    ref = tiny_dir / "reference"
    ref.mkdir()
    (ref / "eche_counts.csv").write_text(
        "country,eche_holders\nNL,10\nPL,4\nIT,100\nDE,50\nXX,bad\n", encoding="utf-8"
    )
    return build_model(load_dataset(tiny_dir))


def test_loader_reads_counts_and_skips_bad_rows(tiny):
    assert coverage.load_eche_counts(tiny.ds.data_dir) == {"NL": 10, "PL": 4, "IT": 100, "DE": 50}


def test_missing_reference_means_no_indicator(tmp_path):
    assert coverage.load_eche_counts(tmp_path) is None


def test_country_coverage_excludes_home_country_and_companies(tiny):
    counts = coverage.load_eche_counts(tiny.ds.data_dir)
    rows = coverage.country_coverage(tiny, list(tiny.partners.index), counts)
    assert [(r["country"], r["partners"], r["eche_holders"], r["share_pct"]) for r in rows] == [
        ("DE", 0, 50, 0.0),
        ("NL", 1, 10, 10.0),
        ("PL", 1, 4, 25.0),
    ]
    assert rows[0]["region"] == "Europe" and rows[0]["country_name"] == "Germany"


def test_region_coverage_and_scope(tiny):
    counts = coverage.load_eche_counts(tiny.ds.data_dir)
    rows = coverage.country_coverage(tiny, list(tiny.partners.index), counts)
    regions = coverage.region_coverage(rows)
    assert [(r["region"], r["partners"], r["eche_holders"], r["share_pct"]) for r in regions] == [
        ("Europe", 1, 60, 1.7),
        ("Eastern Europe", 1, 4, 25.0),
    ]
    scoped = coverage.country_coverage(tiny, ["warsaw"], counts, countries={"PL"})
    assert [r["country"] for r in scoped] == ["PL"]


def test_thinnest_skips_small_systems():
    rows = [{"share_pct": 0.0, "eche_holders": 4}, {"share_pct": 2.0, "eche_holders": 50}]
    assert coverage.thinnest(rows) == [rows[1]]
