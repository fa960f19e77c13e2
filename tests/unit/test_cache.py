"""The derived-data cache: atomic files, never a stale or half entry, the same answers as computing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dashboard.config import Settings, cache_dir
from dashboard.data import geo
from dashboard.data.cache import DiskCache, cache_for
from dashboard.data.dataset import load_dataset
from dashboard.data.geocode_cache import CachedLookups, from_json, to_json
from dashboard.data.geocoding import lookup
from dashboard.network.model import build_model, load_model
from tests.helpers import TINY, write_dataset


def test_json_and_arrays_round_trip_and_leave_no_temporary_file(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c")
    cache.write_json("a", {"x": [1, 2.5, "é"]})
    cache.write_arrays("b", {"n": np.array(["a", "bc"]), "xy": np.arange(4.0)})
    assert cache.read_json("a") == {"x": [1, 2.5, "é"]}
    arrays = cache.read_arrays("b")
    assert arrays is not None and arrays["n"].tolist() == ["a", "bc"]
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["a.json", "b.npz"]


def test_a_broken_entry_reads_as_missing_and_an_object_array_is_never_written(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    (tmp_path / "half.json").write_text('{"x": [1, 2')
    (tmp_path / "half.npz").write_bytes(b"PK\x03\x04 not a zip")
    assert cache.read_json("half") is None
    assert cache.read_arrays("half") is None
    cache.write_arrays("obj", {"o": np.array([{"a": 1}], dtype=object)})
    assert not (tmp_path / "obj.npz").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_off_cache_writes_nothing_and_computes_every_time() -> None:
    calls = []
    off = DiskCache(None)
    assert off.json_or("x", lambda: calls.append(1) or 1) == 1
    assert off.json_or("x", lambda: calls.append(1) or 1) == 1
    assert len(calls) == 2


def test_cache_folder_default_beside_the_data_then_user_cache_and_off(tmp_path: Path) -> None:
    assert cache_dir(Settings(data_dir=tmp_path)) == tmp_path / ".cache"
    assert cache_dir(Settings.from_env({"DASHBOARD_CACHE": "/srv/c"})) == Path("/srv/c")
    assert cache_dir(Settings.from_env({"DASHBOARD_CACHE": "off"})) is None
    assert cache_for(Settings(), data_dir=tmp_path).folder == tmp_path / ".cache"


@pytest.mark.parametrize(
    ("city", "country"), [("Salamanca", "ES"), ("Springfield", "US"), ("Atlantis", "IT")]
)
def test_geocoding_answers_survive_the_disk(tmp_path: Path, city: str, country: str) -> None:
    found = lookup(city, country)
    assert from_json(json.loads(json.dumps(to_json(found)))) == found
    first = CachedLookups(DiskCache(tmp_path))
    assert first(city, country) == found
    first.save()
    assert CachedLookups(DiskCache(tmp_path))(city, country) == found


def test_country_polygons_from_the_cache_equal_the_computed_ones(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    made = geo.countries(cache=cache)
    again = geo.countries.__wrapped__(cache=cache)  # a fresh process would read the file
    assert list(again.index) == list(made.index)
    assert again.geometry.geom_equals_exact(made.geometry, tolerance=0).all()


def test_model_from_the_cache_equals_the_computed_one(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", TINY)
    cold = load_model(folder)
    entries = sorted(p.name.split("-", 2)[0] for p in (folder / ".cache").iterdir())
    assert entries.count("model") == 3
    warm = load_model(folder)
    plain = build_model(load_dataset(folder))
    for model in (cold, warm):
        assert model.positions == plain.positions
        assert model.groups == plain.groups
        assert model.centrality == plain.centrality
        assert model.ds.report.problems == plain.ds.report.problems


def test_a_changed_data_file_gets_new_entries(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", TINY)
    load_model(folder)
    before = {p.name for p in (folder / ".cache").iterdir()}
    rows = [*TINY["agreements.csv"], "warsaw,exchange,,2019,,https://example.org/a6,2024,"]  # type: ignore[misc]
    write_dataset(folder, {"agreements.csv": rows})
    model = load_model(folder)
    after = {p.name for p in (folder / ".cache").iterdir()}
    assert len(after - before) == 3  # layouts, communities, centrality of the new version
    assert "i:warsaw" in model.centrality
