"""Base maps cut down to a figure's view, so that an exported map draws only what it shows.

plotly.js draws a geo subplot's base map (land, ocean, borders, coasts) from a whole-world
Natural Earth file and clips it to the view only after projecting it: a map of Europe at
1:50m projects every one of the world's 122,000 points, which is most of the time an image
takes (on the deck's regional maps, measured: 335 of 456 ms per image). Before an export,
:func:`view_maps` makes a copy of each base-map file a figure uses, thinned outside a box
around its view, and the renderer hands that copy to plotly.js in place of the file.

The copy keeps every point within the box, the points next to them, and the ends of every
arc, so what the view shows is drawn from exactly the original points. Outside the box it
keeps one point per :data:`CELL_DEG` cell that a line passes through, so the rest stays
within a cell of where it was (never a new long line, never a ring turned inside out), and
it leaves out the rings and lines wholly outside the box. Small arcs are kept whole. An
integration test compares the deck's maps drawn from the copies and from the originals,
pixel by pixel.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dashboard.config import TOPOJSON_DIR
from dashboard.data import cache

# Margin around a view, in degrees: at least MARGIN_MIN_DEG, or MARGIN_SHARE of its span.
# The projected view's corners reach beyond its longitude and latitude ranges (curved
# meridians): the margin covers them, with room to spare.
MARGIN_MIN_DEG = 8.0
MARGIN_SHARE = 0.3
CELL_DEG = 1.0  # outside the box, one point per cell of this size (degrees) a line crosses
FAR_DEG, FAR_CELL_DEG = 10.0, 4.0  # and farther than FAR_DEG from it, per cell of FAR_CELL_DEG
SMALL_ARC_CELLS = 4  # an arc smaller than this many cells each way is kept whole
WORLD_LON_SPAN = 300.0  # a box this wide is most of the world: the original file is used
KEPT_CUTS = 64  # cut copies kept in memory per process (the least recently used go first)

Box = tuple[float, float, float, float]  # lon min, lat min, lon max, lat max


@dataclass(frozen=True)
class _Decoded:
    """A quantized TopoJSON file's arcs as absolute integer points, with per-arc extents."""

    topology: dict[str, Any]
    points: np.ndarray  # (points, 2) int64, every arc's points one after another
    starts: np.ndarray  # index of each arc's first point; ends[i] = starts[i + 1]
    ends: np.ndarray
    lows: np.ndarray  # (arcs, 2) smallest x, y of each arc
    highs: np.ndarray
    # Extent (x0, y0, x1, y1) of each ring or line met so far, by the id of its list of arcs
    # (the topology is never changed, so the ids stay valid while it lives).
    extents: dict[int, tuple[int, int, int, int]] = field(default_factory=dict, compare=False)


def decode(topology: dict[str, Any]) -> _Decoded:
    """Arcs of a quantized topology (delta-encoded integers) as absolute points.

    Examples:
        >>> d = decode({"transform": {"scale": [1, 1], "translate": [0, 0]},
        ...             "arcs": [[[0, 0], [2, 1], [1, 1]], [[5, 5], [0, 1]]], "objects": {}})
        >>> d.points.tolist(), d.starts.tolist(), d.lows.tolist(), d.highs.tolist()
        ([[0, 0], [2, 1], [3, 2], [5, 5], [5, 6]], [0, 3], [[0, 0], [5, 5]], [[3, 2], [5, 6]])
    """
    arcs = topology["arcs"]
    sizes = np.array([len(a) for a in arcs], dtype=np.int64)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    deltas = np.array([p[:2] for a in arcs for p in a], dtype=np.int64).reshape(-1, 2)
    total = np.cumsum(deltas, axis=0)
    before = np.zeros((len(arcs), 2), dtype=np.int64)
    before[1:] = total[ends[:-1] - 1]
    points = total - np.repeat(before, sizes, axis=0)
    nonempty = sizes > 0
    lows = np.zeros((len(arcs), 2), dtype=np.int64)
    highs = np.zeros((len(arcs), 2), dtype=np.int64)
    if nonempty.any():
        lows[nonempty] = np.minimum.reduceat(points, starts[nonempty], axis=0)
        highs[nonempty] = np.maximum.reduceat(points, starts[nonempty], axis=0)
    return _Decoded(topology, points, starts, ends, lows, highs)


def _to_units(decoded: _Decoded, box: Box) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The box's corners and the cell size in the file's integer units."""
    scale = np.asarray(decoded.topology["transform"]["scale"], dtype=float)
    translate = np.asarray(decoded.topology["transform"]["translate"], dtype=float)
    low = np.floor((np.array(box[:2]) - translate) / scale)
    high = np.ceil((np.array(box[2:]) - translate) / scale)
    return low, high, np.maximum(np.round(CELL_DEG / scale), 1)


def _kept_points(decoded: _Decoded, low: np.ndarray, high: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """Which points the cut copy keeps (see the module's docstring)."""
    points = decoded.points
    inside = np.all((points >= low) & (points <= high), axis=1)
    keep = inside.copy()
    keep[1:] |= inside[:-1]  # the neighbours of a point inside
    keep[:-1] |= inside[1:]
    # The first point of each cell a line crosses: cells of CELL_DEG near the box, of
    # FAR_CELL_DEG beyond FAR_DEG from it (a third column tells the two apart).
    outside = np.maximum(np.maximum(low - points, points - high), 0).max(axis=1)
    far = outside >= FAR_DEG / CELL_DEG * cell.min()
    size = np.where(far[:, None], cell * (FAR_CELL_DEG / CELL_DEG), cell)
    cells = np.column_stack([np.floor_divide(points, size), far])
    keep[1:] |= np.any(cells[1:] != cells[:-1], axis=1)
    nonempty = decoded.ends > decoded.starts
    keep[decoded.starts[nonempty]] = True
    keep[decoded.ends[nonempty] - 1] = True
    small = np.all(decoded.highs - decoded.lows < SMALL_ARC_CELLS * cell, axis=1)
    sizes = decoded.ends - decoded.starts
    keep |= np.repeat(small, sizes)
    return keep


def _arc_ids(ring: Iterable[int]) -> list[int]:
    return [a if a >= 0 else ~a for a in ring]


class _Shapes:
    """Which rings and lines touch the box, from their arcs' extents."""

    def __init__(self, decoded: _Decoded, low: np.ndarray, high: np.ndarray) -> None:
        self._decoded = decoded
        self._x0, self._y0 = (int(v) for v in low)
        self._x1, self._y1 = (int(v) for v in high)

    def meets(self, ring: list[int]) -> bool:
        """Whether the extent of a ring or line meets the box."""
        extent = self._decoded.extents.get(id(ring))
        if extent is None:
            ids = _arc_ids(ring)
            if not ids:
                return False
            lows, highs = self._decoded.lows[ids].min(axis=0), self._decoded.highs[ids].max(axis=0)
            extent = self._decoded.extents[id(ring)] = (*lows.tolist(), *highs.tolist())
        x0, y0, x1, y1 = extent
        return x1 >= self._x0 and x0 <= self._x1 and y1 >= self._y0 and y0 <= self._y1

    def rings(self, rings: list[list[int]]) -> list[list[int]] | None:
        """A polygon's rings that meet the box, or ``None``. Any ring may go, the first too:
        on a sphere no ring is "the outer" one (the ocean's first ring is a coast)."""
        return [ring for ring in rings if self.meets(ring)] or None

    def geometry(self, geometry: dict[str, Any]) -> dict[str, Any] | None:
        """The geometry without its parts wholly outside the box; ``None`` if none is left."""
        kind, arcs = geometry.get("type"), geometry.get("arcs")
        if kind == "GeometryCollection":
            parts = [g for g in (self.geometry(g) for g in geometry.get("geometries", [])) if g]
            return {**geometry, "geometries": parts} if parts else None
        if not arcs:
            return None
        if kind == "LineString":
            kept: Any = arcs if self.meets(arcs) else None
        elif kind == "MultiLineString":
            kept = [line for line in arcs if self.meets(line)] or None
        elif kind == "Polygon":
            kept = self.rings(arcs)
        elif kind == "MultiPolygon":
            kept = [rings for rings in (self.rings(p) for p in arcs) if rings] or None
        else:
            return geometry  # points have no arcs to thin
        return None if kept is None else {**geometry, "arcs": kept}


def _used_arcs(objects: dict[str, Any]) -> set[int]:
    used: set[int] = set()

    def walk(value: Any) -> None:
        if isinstance(value, int):
            used.add(value if value >= 0 else ~value)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for obj in objects.values():
        for geometry in obj.get("geometries", [obj]):
            walk(geometry.get("arcs", []))
    return used


def crop_topology(decoded: _Decoded, box: Box) -> dict[str, Any]:
    """A copy of the topology for a view inside ``box`` (see the module's docstring).

    Args:
        decoded: The file, as :func:`decode` returns it.
        box: (lon min, lat min, lon max, lat max) in degrees, the view with its margin.

    Returns:
        A TopoJSON topology with the same objects, transform and arc numbering.
    """
    low, high, cell = _to_units(decoded, box)
    shapes = _Shapes(decoded, low, high)
    objects = {}
    for name, obj in decoded.topology["objects"].items():
        objects[name] = shapes.geometry(obj) or {"type": "GeometryCollection", "geometries": []}
    used = np.zeros(len(decoded.starts), dtype=bool)
    used[sorted(_used_arcs(objects))] = True
    sizes = decoded.ends - decoded.starts
    keep = _kept_points(decoded, low, high, cell) & np.repeat(used, sizes)
    kept = decoded.points[keep]
    deltas = np.diff(kept, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    arc_of_point = np.repeat(np.arange(len(sizes)), sizes)
    counts = np.bincount(arc_of_point[keep], minlength=len(sizes))
    firsts = np.cumsum(counts) - counts
    present = counts > 0
    deltas[firsts[present]] = kept[firsts[present]]  # each arc starts from an absolute point
    flat = deltas.tolist()
    arcs = [flat[a : a + n] for a, n in zip(firsts.tolist(), counts.tolist(), strict=True)]
    out = {k: v for k, v in decoded.topology.items() if k not in ("arcs", "objects")}
    return {**out, "objects": objects, "arcs": arcs}


def view_box(lon_range: Sequence[float], lat_range: Sequence[float]) -> Box | None:
    """The box a view's base map is cut to, or ``None`` when the whole file is needed.

    Examples:
        >>> view_box([-12.0, 32.0], [34.0, 62.0])
        (-25.2, 25.6, 45.2, 70.4)
        >>> view_box([-180, 180], [-58, 85]) is None
        True
    """
    lon0, lon1 = (float(v) for v in lon_range)
    lat0, lat1 = (float(v) for v in lat_range)
    if not (-180 <= lon0 < lon1 <= 180 and -90 <= lat0 < lat1 <= 90):
        return None  # across the antimeridian or beyond the globe: not cut
    dx = max(MARGIN_MIN_DEG, (lon1 - lon0) * MARGIN_SHARE)
    dy = max(MARGIN_MIN_DEG, (lat1 - lat0) * MARGIN_SHARE)
    box = (max(-180.0, lon0 - dx), max(-90.0, lat0 - dy), min(180.0, lon1 + dx), min(90.0, lat1 + dy))
    if box[2] - box[0] >= WORLD_LON_SPAN:
        return None
    return tuple(round(v, 6) for v in box)  # type: ignore[return-value]


def figure_boxes(fig: Any) -> dict[str, Box | None]:
    """For each base-map file a figure's geo subplots use (plotly.js's name, e.g.
    ``world_50m``), the box covering all their views, or ``None`` when one needs it whole.

    Args:
        fig: A figure or its dict (``layout.geo``, ``layout.geo2``, …).

    Examples:
        >>> figure_boxes({"layout": {"geo": {"resolution": 50, "lonaxis": {"range": [0, 20]},
        ...                                  "lataxis": {"range": [40, 50]}}}})
        {'world_50m': (-8.0, 32.0, 28.0, 58.0)}
        >>> figure_boxes({"layout": {"geo": {}}})
        {'world_110m': None}
    """
    layout = fig["layout"] if isinstance(fig, dict) else fig.to_plotly_json()["layout"]
    boxes: dict[str, list[Box | None]] = collections.defaultdict(list)
    for key, geo in layout.items():
        if not (key.startswith("geo") and isinstance(geo, dict)):
            continue
        scope = geo.get("scope") or "world"
        name = f"{str(scope).replace(' ', '-')}_{int(geo.get('resolution') or 110)}m"
        lon = (geo.get("lonaxis") or {}).get("range")
        lat = (geo.get("lataxis") or {}).get("range")
        rotation = (geo.get("projection") or {}).get("rotation") or {}
        plain = scope == "world" and not any(rotation.values())
        boxes[name].append(view_box(lon, lat) if plain and lon and lat else None)
    joined: dict[str, Box | None] = {}
    for name, found in boxes.items():
        known = [b for b in found if b is not None]
        joined[name] = None if len(known) < len(found) else _union(known)
    return joined


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@functools.cache
def _decoded(path: Path) -> _Decoded | None:
    """A base-map file, decoded once per process; ``None`` if it is not quantized (not cut)."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    return decode(topology) if "transform" in topology else None


@functools.cache
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=KEPT_CUTS)
def _cut_text(path: Path, box: Box) -> str | None:
    """The cut copy's JSON text: kept in memory, and in the derived-data cache on disk (named
    after the file's content, the box and this code), so a new process does not cut it again."""
    disk = cache.cache_for()
    name = f"base-map-{cache.key(cache.code_version('outputs/base_maps.py'), _digest(path), repr(box))}"
    if (text := disk.read_text(name)) is not None:
        return text
    decoded = _decoded(path)
    if decoded is None:
        return None
    text = json.dumps(crop_topology(decoded, box), separators=(",", ":"))
    disk.write_text(name, text)
    return text


def view_maps(fig: Any, source: Path = TOPOJSON_DIR) -> dict[str, str]:
    """The base maps to draw ``fig`` from, cut to its views: plotly.js's name of each file
    (``world_50m``) and the cut copy's JSON text. A file a view needs whole is left out (the
    renderer reads it from ``source``), and so is one not in ``source``.

    Args:
        fig: A figure or its dict.
        source: The folder of whole base maps.
    """
    maps = {}
    for name, box in figure_boxes(fig).items():
        path = source / f"{name}.json"
        if box is not None and path.is_file() and (text := _cut_text(path, box)) is not None:
            maps[name] = text
    return maps
