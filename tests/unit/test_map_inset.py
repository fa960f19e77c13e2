"""The enlarged inset of a crowded region on world maps (dashboard/figures/map_inset.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures.labels import Frame
from dashboard.figures.map_inset import choose_inset
from dashboard.figures.maps import WORLD_VIEW

WORLD = Frame.fit(*WORLD_VIEW, (0, 0, 1000, 500))


def _points(europe: int, elsewhere: list[tuple[float, float]]) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows = [("Europe", 45 + rng.uniform(-8, 8), 5 + rng.uniform(-10, 15)) for _ in range(europe)]
    rows += [("North America", lat, lon) for lat, lon in elsewhere]
    return pd.DataFrame(rows, columns=["region", "lat", "lon"], index=[f"p{i}" for i in range(len(rows))])


def test_a_crowded_region_gets_an_inset_in_a_free_corner_holding_its_partners() -> None:
    points = _points(20, [(40.7, -74.0), (42.4, -71.1)])
    inset = choose_inset(points, WORLD, home_region="Europe")
    assert inset is not None and inset.region == "Europe"
    assert set(inset.keys) == set(points.index[points["region"] == "Europe"])
    x0, y0, x1, y1 = inset.box
    assert x0 >= WORLD.box[0] and x1 <= WORLD.box[2] and y1 <= WORLD.box[3]
    x, y = inset.frame.project(points.loc[list(inset.keys), "lon"], points.loc[list(inset.keys), "lat"])
    assert (x >= x0).all() and (x <= x1).all() and (y >= y0).all() and (y <= y1).all()  # all drawn inside
    domain = inset.domain((1000, 500), (0, 0, 0, 0))
    assert 0 <= domain["x"][0] < domain["x"][1] <= 1 and 0 <= domain["y"][0] < domain["y"][1] <= 1


def test_no_inset_when_no_region_is_crowded_or_no_corner_is_free() -> None:
    assert choose_inset(_points(5, [(40.7, -74.0)] * 10), WORLD) is None  # 5 in Europe: not crowded
    blocked = [
        (-40.0, -170.0),
        (-40.0, 170.0),
        (-50.0, -150.0),
        (-50.0, 150.0),
        (-30.0, -120.0),
        (-30.0, 120.0),
    ]
    assert choose_inset(_points(20, blocked), WORLD) is None  # a partner drawn in every corner
