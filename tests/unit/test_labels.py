"""Label placement on known layouts: never two labels overlapping, never a label on a marker,
home and the focus always named, and the projection matching plotly.js's fitted frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.data.dataset import load_dataset
from dashboard.figures.labels import (
    Frame,
    Item,
    fill_view,
    overlapping_pairs,
    place_labels,
    text_size,
)
from dashboard.figures.map_labels import HOME_KEY, NameSpec, name_layer
from dashboard.figures.maps import MapOptions, partner_map_dict
from dashboard.i18n import t
from dashboard.network.model import build_model

AREA = (0.0, 0.0, 800.0, 450.0)


@pytest.fixture
def model(tiny_dir):
    return build_model(load_dataset(tiny_dir))


def _items(points: list[tuple[str, float, float]], font: float = 12) -> list[Item]:
    return [Item(key, *text_size(key, font), x, y, 5.0) for key, x, y in points]


def _marker_hits(placed, markers: np.ndarray, pad: float = 1.0) -> list[str]:
    hits = []
    for p in placed:
        x0, y0, x1, y1 = p.box
        for mx, my, r in markers:
            nx, ny = min(max(mx, x0), x1), min(max(my, y0), y1)
            if (mx - nx) ** 2 + (my - ny) ** 2 < (r + pad) ** 2:
                hits.append(p.key)
    return hits


def test_a_tight_cluster_gets_no_overlap_and_leaders_for_the_displaced():
    # Ten markers within 12 px of each other: most names must move out on leader lines.
    rng = np.random.default_rng(7)
    xy = np.array([400.0, 225.0]) + rng.uniform(-6, 6, size=(10, 2))
    items = _items([(f"Partner {i}", x, y) for i, (x, y) in enumerate(xy)])
    markers = np.column_stack([xy, np.full(10, 5.0)])
    placed, dropped = place_labels(items, markers, AREA)
    assert overlapping_pairs([p.box for p in placed]) == []
    assert _marker_hits(placed, markers) == []
    assert len(placed) + len(dropped) == 10 and len(placed) >= 5
    assert any(p.leader for p in placed)
    assert placed[0].key == "Partner 0"  # the most important is placed first


def test_what_cannot_fit_is_dropped_never_drawn_over_another():
    # A box only big enough for two labels beside a wall of markers.
    area = (0.0, 0.0, 120.0, 60.0)
    xy = [(20.0 + 8 * i, 30.0) for i in range(10)]
    items = _items([(f"Long name {i}", x, y) for i, (x, y) in enumerate(xy)])
    placed, dropped = place_labels(items, np.array([(x, y, 4.0) for x, y in xy]), area)
    assert dropped and overlapping_pairs([p.box for p in placed]) == []
    for p in placed:
        x0, y0, x1, y1 = p.box
        assert x0 >= 0 and y0 >= 0 and x1 <= 120 and y1 <= 60


def test_the_first_label_wins_the_best_spot():
    items = _items([("A", 100, 100), ("B", 112, 100)])
    placed, _ = place_labels(items, np.array([[100, 100, 5], [112, 100, 5]]), AREA)
    assert [p.key for p in placed] == ["A", "B"] and not any(p.leader for p in placed)
    assert _marker_hits(placed, np.array([[100, 100, 5], [112, 100, 5]])) == []


def test_frame_round_trips_and_fits_the_range_box():
    frame = Frame.fit([-20.0, 45.0], [30.0, 65.0], AREA)
    x, y = frame.project([-10.0, 9.2, 40.0], [40.0, 45.5, 60.0])
    lon, lat = frame.invert(x, y)
    assert lon.tolist() == pytest.approx([-10.0, 9.2, 40.0], abs=1e-6)
    assert lat.tolist() == pytest.approx([40.0, 45.5, 60.0], abs=1e-6)
    x0, y0, x1, y1 = frame.box
    assert x0 >= -0.01 and y0 >= -0.01 and x1 <= 800.01 and y1 <= 450.01
    assert x1 - x0 == pytest.approx(800, abs=0.5) or y1 - y0 == pytest.approx(450, abs=0.5)


def test_fill_view_makes_the_map_fill_a_wide_box():
    for view in (
        ([95.0, 125.0], [-10.0, 25.0]),
        ([-130.0, -60.0], [20.0, 60.0]),
        ([-5.0, 30.0], [35.0, 60.0]),
    ):
        lon, lat = fill_view(view, AREA)
        box = Frame.fit(lon, lat, AREA).box
        assert box[2] - box[0] == pytest.approx(800, rel=0.01) and box[3] - box[1] == pytest.approx(
            450, rel=0.01
        )
        assert lon[0] <= view[0][0] and lon[1] >= view[0][1] and lat[0] <= view[1][0] and lat[1] >= view[1][1]


def _crowd(n: int) -> pd.DataFrame:
    """n partners around Milan, the strongest last, so ranking matters."""
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "lat": 45.5 + rng.uniform(-1.5, 1.5, n),
            "lon": 9.2 + rng.uniform(-2, 2, n),
            "strength": np.arange(1, n + 1),
            "name": [f"Institution {i}" for i in range(n)],
            "short_name": [f"Inst {i}" for i in range(n)],
        },
        index=[f"p{i}" for i in range(n)],
    )


def test_home_and_focus_are_always_named_even_in_a_crowd():
    points = _crowd(40)
    home = {"short_name": "PoliMi", "lat": 45.48, "lon": 9.23}
    frame = Frame.fit([-20.0, 40.0], [30.0, 65.0], AREA)
    x, y = frame.project(points["lon"], points["lat"])
    obstacles = np.column_stack([x, y, np.full(len(x), 6.0)])
    spec = NameSpec(focus="p0", count=30)
    (text, marks), hidden = name_layer(points, home, frame=frame, obstacles=obstacles, spec=spec)
    assert text["ids"][:2] == [HOME_KEY, "p0"]  # home, then the focus, though p0 is the weakest
    assert hidden == 40 - (len(text["ids"]) - 1) > 0
    assert 22.0 in marks["marker"]["size"]  # the focus ring


def _model_map(model, **options):
    row = model.ds.home_row
    home = {"name": row["name"], "short_name": row["short_name"], "lat": row["lat"], "lon": row["lon"]}
    return partner_map_dict(model.partners, home, tr=t, options=MapOptions(**options))


def test_the_map_names_the_strongest_and_says_how_many_are_not_named(model):
    fig = _model_map(model, label_count=2, size=(800, 450))
    names = fig["data"][0]
    strongest = model.partners.sort_values(["strength", "name"], ascending=[False, True]).index[:2]
    assert set(strongest) <= set(names["ids"]) and names["ids"][0] == HOME_KEY
    more = [tr for tr in fig["data"] if str(tr.get("name", "")).startswith("+")]
    assert len(more) == 1 and more[0]["name"].startswith(f"+{len(model.partners) - 2} ")
    assert fig["layout"]["legend"]["yanchor"] == "top" and fig["layout"]["margin"]["b"] > 20  # a strip below


def test_a_region_view_fills_the_figure(model):
    fig = _model_map(model, view=([0.0, 20.0], [40.0, 55.0]), size=(1000, 500))
    geo = fig["layout"]["geo"]
    margin = fig["layout"]["margin"]
    area = (margin["l"], margin["t"], 1000 - margin["r"], 500 - margin["b"])
    box = Frame.fit(geo["lonaxis"]["range"], geo["lataxis"]["range"], area).box
    assert box[2] - box[0] == pytest.approx(area[2] - area[0], rel=0.01)
    assert box[3] - box[1] == pytest.approx(area[3] - area[1], rel=0.01)


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_leader_lines_are_heavier_than_the_borders_they_cross(model, theme):
    """A name moved out of a crowd keeps a line to its marker that reads as its own: in the
    projector theme the borders are black like the names, so the line must be much heavier."""
    fig = _model_map(model, theme=theme, size=(600, 360), label_count=30)
    marks = fig["data"][1]
    assert marks["name"] == "label-marks" and None in marks["lat"]  # leader lines were drawn
    borders = max(fig["layout"]["geo"]["countrywidth"], fig["layout"]["geo"]["coastlinewidth"])
    assert marks["line"]["width"] >= 1.0 and marks["line"]["width"] >= 2.5 * borders
