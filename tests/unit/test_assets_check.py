from __future__ import annotations

from dashboard.web.assets_check import check_assets


def test_shipped_assets_are_complete():
    assert check_assets().ok


def test_missing_base_map_is_named_with_the_fix(assets):
    (assets / "topojson" / "world_50m.json").unlink()
    [problem] = check_assets(assets, assets / "topojson").errors
    assert str(problem).startswith(
        "assets/topojson/world_50m.json: is missing: the map cannot be drawn offline"
    )


def test_corrupt_or_wrong_base_map(assets):
    (assets / "topojson" / "world_50m.json").write_text("{not json", encoding="utf-8")
    (assets / "topojson" / "world_110m.json").write_text(
        '{"type": "Topology", "objects": {}}', encoding="utf-8"
    )
    messages = [str(p) for p in check_assets(assets, assets / "topojson").errors]
    assert "is corrupt (JSONDecodeError)" in messages[0]
    assert "not a TopoJSON file with a 'countries' layer" in messages[1]


def test_missing_stylesheet(assets):
    (assets / "00-bootstrap.min.css").unlink()
    assert "page would be unstyled" in str(check_assets(assets, assets / "topojson").errors[0])
