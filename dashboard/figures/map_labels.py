"""The map's names as plotly traces: who is named, where (via :mod:`.labels`), leader lines.

Named, most important first: home, the focused partner, the partners the caller chose
(``MapOptions.labelled``), then the strongest partners by tie strength up to
``MapOptions.label_count``. Each is placed in the pixels of the figure's nominal size
(``MapOptions.size``) so that no two names overlap and none covers a marker; on a larger
screen the same lon/lat positions only move further apart. Names that cannot be placed are
dropped, and the legend says how many partners on the map are not named ("+N more").

Traces (always these two, first in the figure, so a focus change can patch them alone):
``labels`` (the text, one point per name at its placed position) and ``label-marks`` (rings
round the focused and chosen partners, and the leader lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.escape import plotly_text
from dashboard.figures.labels import Box, Frame, Item, Placement, leader_end, place_labels, text_size

Trace = dict[str, Any]
HOME_KEY = "__home__"
LEGEND_ROW = 1.6  # legend row height, in font sizes
LEGEND_GROUP_GAP = 10  # px between rows of legend groups (plotly.js's tracegroupgap)


@dataclass(frozen=True)
class Canvas:
    """A figure's nominal size and where its map is drawn in it, in px.

    Attributes:
        size: Figure width and height.
        margin: Left, right, top and bottom margins; the legend strip sits in the bottom one.
    """

    size: tuple[int, int]
    margin: tuple[int, int, int, int]

    @property
    def area(self) -> Box:
        """The plot area (x0, y0, x1, y1)."""
        left, right, top, bottom = self.margin
        return (left, top, self.size[0] - right, self.size[1] - bottom)


def legend_strip(names: list[str], *, width: float, font: float, grouped: bool = False) -> int:
    """Height in px of a horizontal legend of these entries across ``width``.

    plotly.js puts the entries on one row when they fit. Otherwise, when the figure has legend
    groups (its traces name a ``legendgroup``, as the maps' do; plotly.js then orders the legend
    by group), each entry is a group of its own and the groups flow along the rows, each as
    wide as its own entry, with :data:`LEGEND_GROUP_GAP` between rows; without groups it lays
    the entries out in columns as wide as the widest one. The rows are counted the same way.

    Examples:
        >>> legend_strip(["Exchange (3)", "Research (2)"], width=800, font=12)
        26
        >>> legend_strip(["Exchange (3)", "Strategic partnership (2)", "MoU (1)"], width=300, font=12)
        64
        >>> names = ["Exchange (3)", "Strategic partnership (2)", "MoU (1)"]
        >>> legend_strip(names, width=400, font=12), legend_strip(names, width=400, font=12, grouped=True)
        (64, 55)
    """
    entries = [46 + text_size(name, font)[0] for name in names]
    if sum(entries) <= width:
        return int(LEGEND_ROW * font + 7)
    if not grouped:
        columns = max(1, int(width // max(entries)))
        return int(-(-len(entries) // columns) * LEGEND_ROW * font + 7)
    rows, used = 1, 0.0
    for entry in entries:
        if used > 0 and used + entry > width:
            rows, used = rows + 1, 0.0
        used += entry
    return int(rows * LEGEND_ROW * font + (rows - 1) * LEGEND_GROUP_GAP + 7)


@dataclass(frozen=True)
class Named:
    """One name to draw: its key (partner id or :data:`HOME_KEY`), text, font size and colour."""

    key: str
    text: str
    lat: float
    lon: float
    font: float
    colour: str


def ranked_names(partners: pd.DataFrame, *, focus: str, chosen: tuple[str, ...], count: int) -> list[str]:
    """Partner ids to name, most important first: the focus, the chosen ones, then the
    strongest ties (strength, then name), ``count`` of those at most.

    Examples:
        >>> p = pd.DataFrame({"strength": [1, 5, 3], "name": ["A", "B", "C"]}, index=["a", "b", "c"])
        >>> ranked_names(p, focus="a", chosen=(), count=2)
        ['a', 'b', 'c']
    """
    order = [focus] if focus in partners.index else []
    order += [i for i in chosen if i in partners.index]
    strongest = partners.sort_values(["strength", "name"], ascending=[False, True], kind="stable")
    order += [str(i) for i in strongest.index[:count]]
    return list(dict.fromkeys(order))


def place_names(
    names: list[Named], obstacles: np.ndarray, frame: Frame, *, radius_of: dict[str, float]
) -> tuple[list[tuple[Named, Placement, Item]], list[str]]:
    """Place the names (in order) on the frame; returns the placed ones and the dropped keys."""
    x, y = frame.project([n.lon for n in names], [n.lat for n in names])
    items = []
    for name, px, py in zip(names, x.tolist(), y.tolist(), strict=True):
        w, h = text_size(name.text, name.font)
        items.append(Item(name.key, w, h, px, py, radius_of.get(name.key, 4.0)))
    spots, dropped = place_labels(items, obstacles, frame.box)
    by_key = {n.key: (n, i) for n, i in zip(names, items, strict=True)}
    return [(by_key[s.key][0], s, by_key[s.key][1]) for s in spots], dropped


def label_traces(
    placed: list[tuple[Named, Placement, Item]],
    frame: Frame,
    *,
    rings: dict[str, tuple[float, float]],
    colour: str,
    halo: str,
    leader: float = 1.0,
) -> list[Trace]:
    """The ``labels`` and ``label-marks`` traces of placed names.

    Args:
        placed: From :func:`place_names`.
        frame: The frame they were placed on (to turn px back into lon/lat).
        rings: Partner id -> (ring diameter, ring width) for the focused and chosen partners.
        colour: Ring and leader colour.
        halo: Colour of the glow behind the text (the land colour), so names read over lines.
        leader: Width of the leader lines in px (heavier than the borders they cross).
    """
    cx = [s.x for _, s, _ in placed]
    cy = [s.y for _, s, _ in placed]
    lon, lat = frame.invert(cx, cy) if placed else (np.array([]), np.array([]))
    text = {
        "type": "scattergeo",
        "name": "labels",
        "lat": [round(float(v), 5) for v in lat],
        "lon": [round(float(v), 5) for v in lon],
        "mode": "text",
        "text": [plotly_text(n.text) for n, _, _ in placed],
        "ids": [n.key for n, _, _ in placed],
        "textposition": "middle center",
        "textfont": {
            "size": [n.font for n, _, _ in placed],
            "color": [n.colour for n, _, _ in placed],
            "shadow": f"0 0 3px {halo}, 0 0 2px {halo}",
        },
        "hoverinfo": "skip",
        "showlegend": False,
    }
    return [text, _marks(placed, frame, rings=rings, colour=colour, leader=leader)]


def _marks(
    placed: list[tuple[Named, Placement, Item]],
    frame: Frame,
    *,
    rings: dict[str, tuple[float, float]],
    colour: str,
    leader: float = 1.0,
) -> Trace:
    """Rings and leader lines in one trace: a lone point between gaps draws no line."""
    lat: list[float | None] = []
    lon: list[float | None] = []
    size: list[float] = []
    width: list[float] = []
    by_key = {n.key: n for n, _, _ in placed}
    for key, (diameter, line) in rings.items():
        if key in by_key:
            lat += [by_key[key].lat, None]
            lon += [by_key[key].lon, None]
            size += [diameter, 0]
            width += [line, 0]
    for name, spot, item in placed:
        if spot.leader:
            end_lon, end_lat = frame.invert(*leader_end(spot, item))
            lat += [name.lat, round(float(end_lat), 5), None]
            lon += [name.lon, round(float(end_lon), 5), None]
            size += [0, 0, 0]
            width += [0, 0, 0]
    return {
        "type": "scattergeo",
        "name": "label-marks",
        "lat": lat,
        "lon": lon,
        "mode": "lines+markers",
        "line": {"width": leader, "color": colour},
        "marker": {"size": size, "color": "rgba(0,0,0,0)", "line": {"width": width, "color": colour}},
        "hoverinfo": "skip",
        "showlegend": False,
        "connectgaps": False,
    }


@dataclass(frozen=True)
class NameSpec:
    """Who to name and how: the focus, the chosen partners, how many strongest, the look."""

    focus: str = ""
    chosen: tuple[str, ...] = ()
    count: int = 10
    font: float = 12
    colour: str = "#111111"
    home_colour: str = "#B2182B"
    halo: str = "#FFFFFF"
    leader: float = 1.0  # leader line width, px


FOCUS_RING, CHOSEN_RING = (22.0, 3.0), (14.0, 2.0)


def name_layer(
    points: pd.DataFrame,
    home: dict[str, object],
    *,
    frame: Frame,
    obstacles: np.ndarray,
    spec: NameSpec,
) -> tuple[list[Trace], int]:
    """The two label traces of a map, and how many of ``points`` are not named.

    Args:
        points: What the map marks and may name: ``lat``, ``lon``, ``strength``, ``name``
            and ``short_name`` (the text drawn), indexed by key (partner id or place).
        home: ``short_name``, ``lat``, ``lon`` of home (always named, first).
        frame: The map's frame at its nominal size.
        obstacles: Every marker as rows ``(x, y, radius)`` in px of that frame.
        spec: Who to name and how.
    """
    ranked = ranked_names(points, focus=spec.focus, chosen=spec.chosen, count=spec.count)
    rows = points.loc[ranked]
    names = [
        Named(
            HOME_KEY,
            str(home["short_name"]),
            float(home["lat"]),  # type: ignore[arg-type]
            float(home["lon"]),  # type: ignore[arg-type]
            spec.font + 2,
            spec.home_colour,
        )
    ]
    names += [
        Named(str(key), str(short), float(lat), float(lon), spec.font, spec.colour)
        for key, short, lat, lon in zip(ranked, rows["short_name"], rows["lat"], rows["lon"], strict=True)
    ]
    rings = {k: CHOSEN_RING for k in spec.chosen if k in points.index}
    if spec.focus in points.index:
        rings[spec.focus] = FOCUS_RING
    radii = _radii(points, obstacles, frame, ranked, rings)
    radii[HOME_KEY] = 9.0
    placed, _dropped = place_names(names, obstacles, frame, radius_of=radii)
    traces = label_traces(placed, frame, rings=rings, colour=spec.colour, halo=spec.halo, leader=spec.leader)
    named = sum(1 for n, _, _ in placed if n.key != HOME_KEY)
    return traces, len(points) - named


def _radii(
    points: pd.DataFrame,
    obstacles: np.ndarray,
    frame: Frame,
    keys: list[str],
    rings: dict[str, tuple[float, float]],
) -> dict[str, float]:
    """Each named point's clearance in px: its marker's radius (from the nearest obstacle), or its ring's."""
    if not keys:
        return {}
    x, y = frame.project(points.loc[keys, "lon"], points.loc[keys, "lat"])
    out = {}
    for key, px, py in zip(keys, x.tolist(), y.tolist(), strict=True):
        radius = 4.0
        if len(obstacles):
            d = (obstacles[:, 0] - px) ** 2 + (obstacles[:, 1] - py) ** 2
            radius = float(obstacles[int(np.argmin(d)), 2])
        out[key] = max(radius, rings.get(key, (0.0, 0.0))[0] / 2 + 1)
    return out
