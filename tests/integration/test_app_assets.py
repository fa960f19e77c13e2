"""The app refuses to start without the files the browser needs offline."""

from __future__ import annotations

import pytest

from dashboard import create_app
from dashboard.config import Settings
from dashboard.data.problems import DataError
from dashboard.web import assets_check


def test_app_refuses_to_start_without_its_base_map(assets, monkeypatch, tiny_dir):
    (assets / "topojson" / "world_110m.json").unlink()
    monkeypatch.setattr(assets_check, "TOPOJSON_DIR", assets / "topojson")
    with pytest.raises(DataError) as info:
        create_app(Settings(data_dir=tiny_dir))
    assert "world_110m.json: is missing" in str(info.value)
