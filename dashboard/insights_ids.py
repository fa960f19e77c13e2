"""Component ids of the Insights view (kept apart from :mod:`dashboard.ids` while it is wired in)."""

from __future__ import annotations

ROOT = "insights-view"
ANSWERS = "insights-answers"
PATH_TARGET = "insights-path-target"
CENTRALITY = "insights-centrality"
OVERLAP = "insights-overlap"
SANKEY = "insights-sankey"
COVERAGE = "insights-coverage"
GROWTH = "insights-growth"
YEAR = "insights-year"
PLAY = "insights-play"
TICK = "insights-tick"
GROWTH_MAP = "insights-growth-map"
GROWTH_NETWORK = "insights-growth-network"
GROWTH_NOTE = "insights-growth-note"

FOCUS_TYPE = "insight-focus"


def focus_button(institution_id: str) -> dict[str, str]:
    """Pattern-matching id of a clickable institution name (wire ``index`` to the focus).

    Examples:
        >>> focus_button("tu-delft")
        {'type': 'insight-focus', 'index': 'tu-delft'}
    """
    return {"type": FOCUS_TYPE, "index": institution_id}
