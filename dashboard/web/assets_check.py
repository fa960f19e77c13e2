"""Check the files the browser needs offline before serving: the base maps and the CSS.

A missing or corrupt base map would otherwise give a blank map with no explanation (or an
obscure geopandas error at start-up); this turns it into a report line that says what to do.
"""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.config import ASSETS_DIR, TOPOJSON_DIR
from dashboard.data.problems import Report

BASE_MAPS = ("world_50m.json", "world_110m.json")
STYLESHEETS = ("00-bootstrap.min.css", "app.css")


def check_assets(assets: Path | None = None, topojson: Path | None = None) -> Report:
    """Errors for missing or unreadable offline assets.

    Returns:
        A report; ``report.ok`` when every base map parses as TopoJSON with a
        ``countries`` layer and every stylesheet exists.
    """
    assets = assets or ASSETS_DIR
    topojson = topojson or TOPOJSON_DIR
    report = Report()
    for name in BASE_MAPS:
        path = topojson / name
        where = f"assets/topojson/{name}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            report.say("error", where, "problem.assets.map_missing")
            continue
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            report.say("error", where, "problem.assets.map_corrupt", error=type(exc).__name__)
            continue
        if not isinstance(data, dict) or "countries" not in data.get("objects", {}):
            report.say("error", where, "problem.assets.map_not_topojson")
    for name in STYLESHEETS:
        if not (assets / name).is_file():
            report.say("error", f"assets/{name}", "problem.assets.css_missing")
    return report
