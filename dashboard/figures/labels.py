"""Names on maps without collisions: the pure geometry of label placement.

A map's labels are placed in pixels, as plotly.js will draw them: :class:`Frame` projects
longitude/latitude the way plotly.js fits a ``natural earth`` geo subplot to its lon/lat
ranges (d3's ``geoNaturalEarth1``, rotated to the middle longitude, the range box fitted into
the plot area and centred), :func:`text_size` estimates a label's box from its font size and
characters, and :func:`place_labels` puts the labels, most important first, at the first
candidate position that overlaps no placed label, no marker and stays inside the map. A label
that cannot sit beside its marker is moved further out with a leader line; one that cannot be
placed at all is dropped and reported, never drawn over another.

No plotly here: numbers in, numbers out (see :mod:`dashboard.figures.map_labels` for the traces).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in px, y down
CLIP_PAD = 0.001  # plotly.js shrinks the range box by this many degrees before fitting


def _forward(lam: np.ndarray, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """d3's natural earth 1 (Šavrič et al. 2011), radians in, unit-sphere plane out (y up)."""
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


def _inverse(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of :func:`_forward` (Newton's method on the latitude, as d3 does)."""
    phi = np.array(y, dtype=float)
    for _ in range(25):
        phi2 = phi * phi
        phi4 = phi2 * phi2
        value = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
        slope = 1.007226 + phi2 * (
            0.015085 * 3 + phi4 * (-0.044475 * 7 + 0.028874 * 9 * phi2 - 0.005916 * 11 * phi4)
        )
        delta = (value - y) / slope
        phi = phi - delta
        if float(np.max(np.abs(delta), initial=0.0)) < 1e-9:
            break
    phi2 = phi * phi
    lam = x / (
        0.8707 + phi2 * (-0.131979 + phi2 * (-0.013791 + phi2 * phi2 * phi2 * (0.003971 - 0.001529 * phi2)))
    )
    return lam, phi


def _mid_lon(lon_range: list[float]) -> float:
    lon0, lon1 = lon_range
    if lon0 > 0 > lon1:  # crossing the antimeridian, as plotly.js reads it
        lon1 += 360
    return (lon0 + lon1) / 2


def _raw_bounds(lon_range: list[float], lat_range: list[float], lon0: float) -> Box:
    """Bounds (unit plane, y up) of the range box: its edge meridians bulge, parallels are straight."""
    a, b = lon_range[0] + CLIP_PAD, lon_range[1] - CLIP_PAD
    if a > 0 > b:
        b += 360
    lat = np.linspace(lat_range[0] + CLIP_PAD, lat_range[1] - CLIP_PAD, 181)
    lon = np.concatenate([np.full(181, a), np.full(181, b), np.linspace(a, b, 91), np.linspace(a, b, 91)])
    lat = np.concatenate([lat, lat, np.full(91, lat[0]), np.full(91, lat[-1])])
    x, y = _forward(np.radians(lon - lon0), np.radians(lat))
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


@dataclass(frozen=True)
class Frame:
    """Where plotly.js draws a lon/lat on a fitted ``natural earth`` geo subplot, in px.

    Attributes:
        k: Pixels per unit of the projection plane.
        tx, ty: Pixel position of the plane's origin (the rotated centre meridian, equator).
        lon0: The centre meridian (plotly.js rotates to the middle of the longitude range).
        box: The map's drawn area in px (plotly.js clips to it; the rest of the plot area is empty).
    """

    k: float
    tx: float
    ty: float
    lon0: float
    box: Box

    @classmethod
    def fit(cls, lon_range: list[float], lat_range: list[float], area: Box) -> Frame:
        """The frame of a geo subplot with these ranges, drawn in the plot ``area`` (px box).

        Examples:
            >>> f = Frame.fit([-180, 180], [-58, 85], (0, 0, 1000, 500))
            >>> [round(v) for v in f.box]  # the world is wider than 2:1: strips above and below
            [0, 30, 1000, 470]
            >>> [round(float(v)) for v in f.project(0.0, 0.0)]
            [500, 293]
        """
        lon0 = _mid_lon(lon_range)
        x0, y0, x1, y1 = _raw_bounds(lon_range, lat_range, lon0)
        width, height = area[2] - area[0], area[3] - area[1]
        k = min(width / max(x1 - x0, 1e-9), height / max(y1 - y0, 1e-9))
        cx, cy = (area[0] + area[2]) / 2, (area[1] + area[3]) / 2
        # plotly.js centres the fitted box in the area, then puts the middle latitude (not
        # the middle of the box) at its centre: the map sits a little off its clip box.
        mid = float(_forward(np.zeros(1), np.radians(np.array([(lat_range[0] + lat_range[1]) / 2])))[1][0])
        box = (cx - k * (x1 - x0) / 2, cy - k * (y1 - y0) / 2, cx + k * (x1 - x0) / 2, cy + k * (y1 - y0) / 2)
        return cls(k, cx, cy + k * mid, lon0, box)

    def project(self, lon: object, lat: object) -> tuple[np.ndarray, np.ndarray]:
        """Pixel x, y (y down) of longitudes and latitudes in degrees."""
        lam = np.radians((np.asarray(lon, dtype=float) - self.lon0 + 180.0) % 360.0 - 180.0)
        x, y = _forward(lam, np.radians(np.asarray(lat, dtype=float)))
        return self.tx + self.k * x, self.ty - self.k * y

    def invert(self, x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude in degrees of pixel positions (the inverse of :meth:`project`)."""
        px = (np.asarray(x, dtype=float) - self.tx) / self.k
        py = (self.ty - np.asarray(y, dtype=float)) / self.k
        lam, phi = _inverse(px, py)
        return (np.degrees(lam) + self.lon0 + 180.0) % 360.0 - 180.0, np.degrees(phi)


def fill_view(view: tuple[list[float], list[float]], area: Box) -> tuple[list[float], list[float]]:
    """Widen a lon/lat view so that its projected box has the aspect of ``area``: the map fills
    its box, with no empty strips beside or above it (plotly.js keeps the map's aspect).

    Examples:
        >>> lon, lat = fill_view(([0.0, 10.0], [40.0, 50.0]), (0, 0, 1600, 900))
        >>> f = Frame.fit(lon, lat, (0, 0, 1600, 900))
        >>> [round(v) for v in f.box]
        [0, 0, 1600, 900]
    """
    lon, lat = list(view[0]), list(view[1])
    want = (area[2] - area[0]) / max(area[3] - area[1], 1e-9)
    for _ in range(6):
        x0, y0, x1, y1 = _raw_bounds(lon, lat, _mid_lon(lon))
        have = (x1 - x0) / max(y1 - y0, 1e-9)
        if abs(have / want - 1) < 0.002:
            break
        if have < want:  # too tall: widen the longitudes
            mid, half = (lon[0] + lon[1]) / 2, (lon[1] - lon[0]) / 2 * want / have
            if half >= 180:
                lon = [-180.0, 180.0]
                continue
            lon = [mid - half, mid + half]
        else:  # too wide: add latitude on both sides, within the map's poles
            mid, half = (lat[0] + lat[1]) / 2, (lat[1] - lat[0]) / 2 * have / want
            lat = [max(mid - half, -85.0), min(mid + half, 85.0)]
    return [round(v, 3) for v in lon], [round(v, 3) for v in lat]


# Average advance of a character of a UI sans-serif, as a share of the font size: wide
# enough for capitals and digits ("RWTH", "EPFL"), so an estimate errs on the large side.
CHAR_WIDTH = 0.62
LINE_HEIGHT = 1.25


def text_size(text: str, font_px: float) -> tuple[float, float]:
    """Estimated width and height in px of one line of label text.

    Examples:
        >>> text_size("TU Delft", 10)
        (49.6, 12.5)
    """
    return round(len(text) * CHAR_WIDTH * font_px, 2), round(LINE_HEIGHT * font_px, 2)


@dataclass(frozen=True)
class Item:
    """A label to place: its key, text size and the marker it names (px centre and radius)."""

    key: str
    width: float
    height: float
    x: float
    y: float
    radius: float


@dataclass(frozen=True)
class Placement:
    """A placed label: its centre and size in px, and whether it needs a leader line."""

    key: str
    x: float
    y: float
    width: float
    height: float
    leader: bool

    @property
    def box(self) -> Box:
        """The label's box (x0, y0, x1, y1)."""
        return (
            self.x - self.width / 2,
            self.y - self.height / 2,
            self.x + self.width / 2,
            self.y + self.height / 2,
        )


# Beside the marker first (right, left, above, below, then the corners), then further out.
_BESIDE = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
_RINGS = (1.6, 2.6, 3.8, 5.2, 7.0)  # leader lengths, in label heights beyond the marker
_DIRECTIONS = tuple((math.cos(a), math.sin(a)) for a in np.radians(np.arange(0, 360, 30)))


def _candidates(item: Item, gap: float) -> list[tuple[float, float, bool]]:
    """Label centres to try, in order of preference, with ``True`` where a leader is needed."""
    half_w, half_h = item.width / 2, item.height / 2
    out = []
    for dx, dy in _BESIDE:
        reach = item.radius + gap
        ox = dx * (reach + half_w) if dx else 0.0
        oy = dy * (reach + half_h) if dy else 0.0
        if dx and dy:  # a corner: the box's inner corner just clear of the marker
            ox, oy = dx * (reach * 0.71 + half_w), dy * (reach * 0.71 + half_h)
        out.append((item.x + ox, item.y + oy, False))
    for ring in _RINGS:
        reach = item.radius + gap + ring * item.height
        for cx, cy in _DIRECTIONS:
            out.append(
                (item.x + cx * (reach + half_w * abs(cx)), item.y + cy * (reach + half_h * abs(cy)), True)
            )
    return out


def _overlaps(box: Box, boxes: np.ndarray) -> bool:
    if not len(boxes):
        return False
    hit = (box[0] < boxes[:, 2]) & (boxes[:, 0] < box[2]) & (box[1] < boxes[:, 3]) & (boxes[:, 1] < box[3])
    return bool(hit.any())


def _covers_marker(box: Box, markers: np.ndarray, pad: float) -> bool:
    """True if the box comes within ``pad`` of a marker disc (x, y, radius rows)."""
    if not len(markers):
        return False
    nx = np.clip(markers[:, 0], box[0], box[2])
    ny = np.clip(markers[:, 1], box[1], box[3])
    reach = markers[:, 2] + pad
    return bool((((markers[:, 0] - nx) ** 2 + (markers[:, 1] - ny) ** 2) < reach * reach).any())


def _segment_hits(x0: float, y0: float, x1: float, y1: float, boxes: np.ndarray) -> bool:
    """True if the segment crosses any box (sampled finely enough for label-sized boxes)."""
    if not len(boxes):
        return False
    t = np.linspace(0.0, 1.0, 24)[:, None]
    xs, ys = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    inside = (xs > boxes[:, 0]) & (xs < boxes[:, 2]) & (ys > boxes[:, 1]) & (ys < boxes[:, 3])
    return bool(inside.any())


def place_labels(
    items: list[Item], markers: np.ndarray, bounds: Box, *, gap: float = 2.0, pad: float = 1.5
) -> tuple[list[Placement], list[str]]:
    """Place labels greedily, in the order given (most important first).

    Args:
        items: The labels to place, most important first.
        markers: Every marker drawn on the map as rows ``(x, y, radius)`` in px, which no
            label may cover (the labelled markers included).
        bounds: The map's drawn area; a label stays wholly inside it.
        gap: Space in px between a marker and its label.
        pad: Space in px kept between two labels, and between a label and a marker.

    Returns:
        The placements (in the order placed) and the keys of the labels that did not fit.

    Examples:
        >>> a = Item("a", 40, 12, 100, 100, 5)
        >>> b = Item("b", 40, 12, 104, 100, 5)
        >>> placed, dropped = place_labels([a, b], np.array([[100, 100, 5], [104, 100, 5]]), (0, 0, 400, 300))
        >>> [p.key for p in placed], dropped
        (['a', 'b'], [])
    """
    marks = np.asarray(markers, dtype=float).reshape(-1, 3)
    placed: list[Placement] = []
    boxes = np.empty((0, 4))
    dropped = []
    for item in items:
        spot = _first_fit(item, marks, boxes, bounds, gap=gap, pad=pad)
        if spot is None:
            dropped.append(item.key)
            continue
        placed.append(spot)
        x0, y0, x1, y1 = spot.box
        boxes = np.vstack([boxes, [x0 - pad, y0 - pad, x1 + pad, y1 + pad]])
    return placed, dropped


def _first_fit(
    item: Item, marks: np.ndarray, boxes: np.ndarray, bounds: Box, *, gap: float, pad: float
) -> Placement | None:
    for cx, cy, leader in _candidates(item, gap):
        spot = Placement(item.key, cx, cy, item.width, item.height, leader)
        box = spot.box
        if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2] or box[3] > bounds[3]:
            continue
        if _overlaps(box, boxes) or _covers_marker(box, marks, pad):
            continue
        if leader and _segment_hits(item.x, item.y, *leader_end(spot, item), boxes):
            continue
        return spot
    return None


def leader_end(spot: Placement, item: Item) -> tuple[float, float]:
    """Where a leader line from the marker meets the label's box (the nearest point of it)."""
    x0, y0, x1, y1 = spot.box
    return float(min(max(item.x, x0), x1)), float(min(max(item.y, y0), y1))


def overlapping_pairs(boxes: list[Box]) -> list[tuple[int, int]]:
    """Index pairs of boxes that overlap (a check for tests and callers).

    Examples:
        >>> overlapping_pairs([(0, 0, 10, 10), (5, 5, 15, 15), (20, 20, 30, 30)])
        [(0, 1)]
    """
    pairs = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                pairs.append((i, j))
    return pairs
