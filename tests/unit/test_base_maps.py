"""Base maps cut to a view (dashboard.outputs.base_maps): what the view shows keeps every point."""

from __future__ import annotations

import itertools
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from dashboard.config import TOPOJSON_DIR
from dashboard.outputs import base_maps


def _topology(arcs, objects, scale=(1.0, 1.0)):
    """A quantized topology from absolute integer arcs (delta-encoded as TopoJSON stores them)."""
    encoded = [[arc[0]] + [[b[0] - a[0], b[1] - a[1]] for a, b in itertools.pairwise(arc)] for arc in arcs]
    return {
        "type": "Topology",
        "transform": {"scale": list(scale), "translate": [0.0, 0.0]},
        "arcs": encoded,
        "objects": objects,
    }


def _absolute(arc):
    out, x, y = [], 0, 0
    for dx, dy in arc:
        x, y = x + dx, y + dy
        out.append([x, y])
    return out


# A long line through the box (x 40..60), a ring far away, and a ring around the box.
LINE = [[x, 50] for x in range(0, 101)]
FAR_RING = [[200, 200], [210, 200], [210, 210], [200, 210], [200, 200]]
AROUND = [[-50, -50], [150, -50], [150, 150], [-50, 150], [-50, -50]]
TOPOLOGY = _topology(
    [LINE, FAR_RING, AROUND],
    {
        "coast": {"type": "GeometryCollection", "geometries": [{"type": "LineString", "arcs": [0]}]},
        "land": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[1]]},
                {"type": "MultiPolygon", "arcs": [[[1]], [[~2]]]},
            ],
        },
    },
)
BOX = (40.0, 40.0, 60.0, 60.0)


@pytest.fixture
def cut():
    return base_maps.crop_topology(base_maps.decode(TOPOLOGY), BOX)


def test_every_point_inside_the_box_and_its_neighbours_are_kept(cut):
    kept = _absolute(cut["arcs"][0])
    assert [p for p in LINE if 39 <= p[0] <= 61] == [p for p in kept if 39 <= p[0] <= 61]
    assert kept[0] == LINE[0] and kept[-1] == LINE[-1]  # an arc's ends never move


def test_outside_the_box_a_line_keeps_about_one_point_per_cell(cut):
    kept = _absolute(cut["arcs"][0])
    assert len(kept) < len(LINE)
    outside = [p for p in kept if not 39 <= p[0] <= 61]
    assert outside and len(outside) < 60 - 22


def test_a_ring_wholly_outside_the_box_is_left_out_and_its_arc_emptied(cut):
    land = cut["objects"]["land"]["geometries"]
    assert land == [{"type": "MultiPolygon", "arcs": [[[~2]]]}]  # the polygon of the far ring went
    assert cut["arcs"][1] == []  # numbering kept: arc 2 is still arc 2
    assert _absolute(cut["arcs"][2]) == AROUND  # a ring around the box is kept, and small: whole


def test_the_transform_and_other_keys_are_kept(cut):
    assert cut["transform"] == TOPOLOGY["transform"] and cut["type"] == "Topology"
    assert len(cut["arcs"]) == len(TOPOLOGY["arcs"])


def test_a_box_of_the_whole_extent_keeps_the_topology_as_it_is():
    whole = base_maps.crop_topology(base_maps.decode(TOPOLOGY), (-1000.0, -1000.0, 1000.0, 1000.0))
    assert whole["arcs"] == TOPOLOGY["arcs"] and whole["objects"] == TOPOLOGY["objects"]


def test_a_view_gets_a_margin_and_world_or_antimeridian_views_are_not_cut():
    assert base_maps.view_box([10, 20], [40, 45]) == (2.0, 32.0, 28.0, 53.0)  # at least 8 degrees
    assert base_maps.view_box([-170, 170], [-60, 80]) is None  # most of the world
    assert base_maps.view_box([170, -170], [0, 10]) is None  # across the antimeridian


def test_figure_boxes_join_a_files_views_and_a_whole_view_wins():
    fig = go.Figure()
    fig.update_layout(
        geo={"resolution": 50, "lonaxis_range": [0, 10], "lataxis_range": [40, 50]},
        geo2={"resolution": 50, "lonaxis_range": [20, 30], "lataxis_range": [30, 40]},
    )
    assert base_maps.figure_boxes(fig) == {"world_50m": (-8.0, 22.0, 38.0, 58.0)}
    fig.update_layout(geo3={"resolution": 50})  # no range: the whole world
    assert base_maps.figure_boxes(fig) == {"world_50m": None}
    rotated = go.Figure(layout={"geo": {"lonaxis_range": [0, 10], "lataxis_range": [40, 50]}})
    rotated.update_geos(projection_rotation_lon=30)
    assert base_maps.figure_boxes(rotated) == {"world_110m": None}


def test_view_maps_of_the_bundled_base_map_keep_its_objects_and_shrink_it():
    fig = go.Figure(layout={"geo": {"resolution": 50, "lonaxis_range": [-12, 32], "lataxis_range": [34, 62]}})
    maps = base_maps.view_maps(fig, TOPOJSON_DIR)
    cut = json.loads(maps["world_50m"])
    whole = json.loads((TOPOJSON_DIR / "world_50m.json").read_text(encoding="utf-8"))
    assert set(cut["objects"]) == set(whole["objects"]) and len(cut["arcs"]) == len(whole["arcs"])
    assert len(maps["world_50m"]) < 0.5 * len(json.dumps(whole, separators=(",", ":")))
    assert base_maps.view_maps(go.Figure(layout={"geo": {}}), TOPOJSON_DIR) == {}  # whole world: the file


def test_decode_of_the_bundled_file_matches_a_plain_reading():
    whole = json.loads((TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8"))
    decoded = base_maps.decode(whole)
    for index in (0, len(whole["arcs"]) // 2, len(whole["arcs"]) - 1):
        arc = decoded.points[decoded.starts[index] : decoded.ends[index]]
        assert np.array_equal(arc, np.array(_absolute(whole["arcs"][index])))
