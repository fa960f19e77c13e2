"""Place a plain institutions list (name, city, country) offline and report what could not be placed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dashboard.config import DEFAULT_DATA_DIR, load_settings
from dashboard.data.placing import place_list, write_placement
from dashboard.data.problems import Report
from dashboard.i18n import languages

NAME = "place"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``FILE [-o OUT.csv]``."""
    parser.add_argument("file", type=Path, help="CSV with name, city and country columns")
    parser.add_argument(
        "-o", "--output", type=Path, help="write every row with lat/lon or the reason it was not placed"
    )
    parser.add_argument(
        "--lang",
        choices=languages(),
        default=None,
        help="language of the summary (default: DASHBOARD_LANG or en)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the summary; exit 1 when the file cannot be read."""
    regions = pd.read_csv(DEFAULT_DATA_DIR / "regions.csv", keep_default_na=False, dtype=str)
    report = Report()
    lang = args.lang or load_settings().default_lang
    result = place_list(args.file, set(regions["country"]), report)
    if result is None:
        print(report.render(lang=lang), file=sys.stderr)
        return 1
    print(result.summary(lang))
    if args.output:
        print(f"wrote {write_placement(result, args.output)}")
    return 0
