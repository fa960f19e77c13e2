"""An enlarged inset of the crowded region on a world map (Europe, for a European home).

On a world map a region holding most of the partners is a knot of markers in which few names
fit. :func:`choose_inset` picks that region (the one with the most placed partners, when it
holds at least :data:`MIN_SHARE` of them and :data:`MIN_PARTNERS`), fits its partners into a
box in a lower corner of the map where no other partner is drawn, and returns the frame the
inset is drawn with: the partners of that region are then named in the inset, where they have
room, and the world map names the rest. :func:`inset_layout` is the second geo subplot.

No plotly objects here: plain dicts, as :mod:`dashboard.figures.maps` makes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.figures.labels import Box, Frame, fill_view

MIN_SHARE = 0.3  # of the placed partners in one region
MIN_PARTNERS = 12
# Inset sizes tried, largest first, as shares of the world map's drawn box (width, height).
SIZES = ((0.36, 0.6), (0.3, 0.5), (0.26, 0.44))
PAD_DEG = 1.5  # around the region's partners


@dataclass(frozen=True)
class Inset:
    """Where the inset is drawn and what it shows.

    Attributes:
        region: The enlarged region's name (as in the partner table's ``region``).
        keys: The partners drawn (and named) in the inset.
        view: Its longitude and latitude ranges.
        box: Its box in px of the figure.
        frame: Where a lon/lat is drawn in it, in px.
    """

    region: str
    keys: tuple[str, ...]
    view: tuple[list[float], list[float]]
    box: Box
    frame: Frame

    def domain(self, size: tuple[int, int], margin: tuple[int, int, int, int]) -> dict[str, list[float]]:
        """The inset's ``domain`` in the plot area's fractions (y up, as plotly counts)."""
        left, right, top, bottom = margin
        width, height = size[0] - left - right, size[1] - top - bottom
        x0, y0, x1, y1 = self.box
        return {
            "x": [round((x0 - left) / width, 4), round((x1 - left) / width, 4)],
            "y": [round(1 - (y1 - top) / height, 4), round(1 - (y0 - top) / height, 4)],
        }

    def edge_obstacles(self, step: float = 6.0) -> np.ndarray:
        """Small discs along the inset's edges: names of the world map keep out of it."""
        x0, y0, x1, y1 = self.box
        xs = np.arange(x0, x1 + step, step)
        ys = np.arange(y0, y1 + step, step)
        rows = [(x, y) for x in xs for y in (y0, y1)] + [(x, y) for y in ys for x in (x0, x1)]
        return np.array([[x, y, step] for x, y in rows])


def choose_inset(points: pd.DataFrame, world: Frame, *, home_region: str = "") -> Inset | None:
    """The inset of the crowded region, or ``None`` when no region is crowded or no corner is free.

    Args:
        points: Placed partners (``lat``, ``lon``, ``region``), indexed by id.
        world: The world map's frame.
        home_region: Home's region (preferred when it is crowded).
    """
    if points.empty:
        return None
    counts = points["region"].value_counts()
    region = (
        home_region
        if home_region in counts and counts[home_region] >= counts.iloc[0] * 0.8
        else counts.index[0]
    )
    members = points[points["region"] == region]
    if len(members) < MIN_PARTNERS or len(members) < MIN_SHARE * len(points):
        return None
    lon = [float(members["lon"].min()) - PAD_DEG, float(members["lon"].max()) + PAD_DEG]
    lat = [float(members["lat"].min()) - PAD_DEG, float(members["lat"].max()) + PAD_DEG]
    others = points[points["region"] != region]
    ox, oy = world.project(others["lon"], others["lat"]) if len(others) else (np.array([]), np.array([]))
    for box in _corners(world.box):
        inside = (ox >= box[0] - 8) & (ox <= box[2] + 8) & (oy >= box[1] - 8) & (oy <= box[3] + 8)
        if not inside.any():
            view = fill_view((lon, lat), box)
            return Inset(str(region), tuple(str(k) for k in members.index), view, box, Frame.fit(*view, box))
    return None


def _corners(box: Box) -> list[Box]:
    """Inset boxes in the map's lower-left, then lower-right corner (oceans on a world map),
    largest first."""
    x0, y0, x1, y1 = box
    out: list[Box] = []
    for width, height in SIZES:
        w, h = (x1 - x0) * width, (y1 - y0) * height
        out += [(x0, y1 - h, x0 + w, y1), (x1 - w, y1 - h, x1, y1)]
    return out


def inset_layout(
    base: dict[str, object],
    inset: Inset,
    *,
    size: tuple[int, int],
    margin: tuple[int, int, int, int],
    frame_colour: str,
) -> dict[str, object]:
    """The inset's geo subplot: the world map's look, its own ranges and box, a frame round it."""
    return {
        **base,
        "lonaxis": {"range": inset.view[0]},
        "lataxis": {"range": inset.view[1]},
        "domain": inset.domain(size, margin),
        "showframe": True,
        "framecolor": frame_colour,
        "framewidth": 1.5,
        "bgcolor": base.get("oceancolor", "#FFFFFF"),
    }


def inset_title(
    inset: Inset,
    text: str,
    *,
    size: tuple[int, int],
    margin: tuple[int, int, int, int],
    colour: str,
    background: str,
    font: float,
) -> dict[str, object]:
    """An annotation naming the inset, just above its top-left corner (over the ocean)."""
    domain = inset.domain(size, margin)
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": domain["x"][0],
        "y": domain["y"][1],
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": font, "color": colour},
        "bgcolor": background,
        "borderpad": 2,
    }
