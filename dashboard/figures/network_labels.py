"""Names on the static network chart without collisions (exports, the Insights "as of" chart).

The chart's x and y axes keep one scale and shrink their domain to fit (``constrain="domain"``),
so a layout position maps to a pixel by one scale about the plot area's centre: :class:`Plane`.
Names are then placed by :func:`dashboard.figures.labels.place_labels` (home first, then the
consortia by members, then the strongest partners): none overlaps another or a node, a name
that cannot sit beside its node gets a leader line, one that cannot be placed is left to the
hover text. Placed at the smallest size the chart is drawn at, the names stay apart when the
chart is drawn larger (distances grow, text does not).

No plotly objects here: plain trace dicts, as :mod:`dashboard.figures.map_labels` makes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from dashboard.escape import plotly_text
from dashboard.figures.labels import Box, Item, Placement, leader_end, place_labels, text_size

LABEL_FONT = 12  # px: readable from the back of a room
HOME_FONT = 15
PAD = 0.05  # share of the layout's extent kept free around it (room for names at the edge)


@dataclass(frozen=True)
class Plane:
    """Layout coordinates (y up) to px of a plot area (y down), one scale for both axes.

    Examples:
        >>> plane = Plane.fit([(0, 0), (10, 5)], (0, 0, 220, 220), pad=0.0)
        >>> plane.to_px(0, 0), plane.to_px(10, 5)
        ((0.0, 165.0), (220.0, 55.0))
    """

    area: Box
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    @classmethod
    def fit(cls, points: Iterable[tuple[float, float]], area: Box, *, pad: float = PAD) -> Plane:
        """The plane whose ranges hold ``points`` with ``pad`` of their extent on each side."""
        xy = np.asarray(list(points), dtype=float).reshape(-1, 2)
        if not len(xy):
            xy = np.zeros((1, 2))
        low, high = xy.min(axis=0), xy.max(axis=0)
        span = np.maximum(high - low, 1.0)
        low, high = low - pad * span, high + pad * span
        return cls(area, (float(low[0]), float(high[0])), (float(low[1]), float(high[1])))

    @property
    def scale(self) -> float:
        """Px per layout unit (the axis with less room sets it)."""
        x0, y0, x1, y1 = self.area
        return min(
            (x1 - x0) / (self.x_range[1] - self.x_range[0]), (y1 - y0) / (self.y_range[1] - self.y_range[0])
        )

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        """The px of a layout point."""
        x0, y0, x1, y1 = self.area
        mx, my = sum(self.x_range) / 2, sum(self.y_range) / 2
        return (x0 + x1) / 2 + (x - mx) * self.scale, (y0 + y1) / 2 - (y - my) * self.scale

    def to_layout(self, px: float, py: float) -> tuple[float, float]:
        """The layout point of a px (the inverse of :meth:`to_px`)."""
        x0, y0, x1, y1 = self.area
        mx, my = sum(self.x_range) / 2, sum(self.y_range) / 2
        return mx + (px - (x0 + x1) / 2) / self.scale, my - (py - (y0 + y1) / 2) / self.scale

    def box(self) -> Box:
        """Where the chart is drawn: the plot area shrunk to the ranges' shape, centred."""
        x0, y0, x1, y1 = self.area
        half_w = (self.x_range[1] - self.x_range[0]) * self.scale / 2
        half_h = (self.y_range[1] - self.y_range[0]) * self.scale / 2
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)


@dataclass(frozen=True)
class Node:
    """A drawn node: key, name to show (empty: never labelled), position, marker diameter in px."""

    key: str
    name: str
    x: float
    y: float
    diameter: float
    font: int = LABEL_FONT


def place_node_names(
    nodes: list[Node], ranked: list[str], plane: Plane
) -> tuple[list[tuple[Node, Placement, Item]], list[str]]:
    """Place the names of ``ranked`` nodes (most important first) clear of every node and name.

    Returns:
        ``(node, placement, item)`` of each placed name, and the keys of names left out.

    Examples:
        >>> plane = Plane.fit([(0, 0), (100, 0)], (0, 0, 400, 200))
        >>> nodes = [Node("a", "Alpha", 0, 0, 10), Node("b", "Beta", 100, 0, 10)]
        >>> placed, left = place_node_names(nodes, ["a", "b"], plane)
        >>> [n.key for n, _, _ in placed], left
        (['a', 'b'], [])
    """
    by_key = {n.key: n for n in nodes}
    px = {n.key: plane.to_px(n.x, n.y) for n in nodes}
    markers = np.array([[*px[n.key], n.diameter / 2] for n in nodes]).reshape(-1, 3)
    items = []
    for key in ranked:
        node = by_key[key]
        width, height = text_size(node.name, node.font)
        items.append(Item(key, width, height, *px[key], node.diameter / 2))
    spots, left = place_labels(items, markers, plane.area)  # names may leave the shrunk domain
    item_of = {i.key: i for i in items}
    return [(by_key[s.key], s, item_of[s.key]) for s in spots], left


def name_traces(
    placed: list[tuple[Node, Placement, Item]], plane: Plane, *, colour: str, halo: str
) -> list[dict]:
    """The text trace of the placed names and the trace of their leader lines."""
    xy = [plane.to_layout(s.x, s.y) for _, s, _ in placed]
    text = {
        "type": "scatter",
        "name": "labels",
        "x": [round(x, 2) for x, _ in xy],
        "y": [round(y, 2) for _, y in xy],
        "mode": "text",
        "text": [plotly_text(n.name) for n, _, _ in placed],
        "ids": [n.key for n, _, _ in placed],
        "textposition": "middle center",
        "textfont": {
            "size": [n.font for n, _, _ in placed],
            "color": colour,
            "shadow": f"0 0 3px {halo}, 0 0 2px {halo}",
        },
        "cliponaxis": False,
        "hoverinfo": "skip",
        "showlegend": False,
    }
    lx: list[float | None] = []
    ly: list[float | None] = []
    for node, spot, item in placed:
        if spot.leader:
            end = plane.to_layout(*leader_end(spot, item))
            lx += [node.x, end[0], None]
            ly += [node.y, end[1], None]
    leaders = {
        "type": "scatter",
        "name": "label-leaders",
        "x": lx,
        "y": ly,
        "mode": "lines",
        "line": {"color": "#666666", "width": 0.8},
        "cliponaxis": False,
        "hoverinfo": "skip",
        "showlegend": False,
    }
    return [text, leaders]
