"""Start a data folder from nothing: the home institution and dataset.toml."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.data import schema
from dashboard.data.import_apply import read_regions
from dashboard.data.matching import load_reference
from dashboard.data.new_folder import Home, init_folder

NAME = "init"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``DIR --home NAME --country CC [--city CITY] [--erasmus-code CODE]``."""
    parser.add_argument("data_dir", type=Path, help="the new data folder (must not exist, or be empty)")
    parser.add_argument("--home", required=True, help="the home institution's name")
    parser.add_argument("--country", required=True, help="its country: ISO code (IT) or name")
    parser.add_argument("--city", default="", help="its city (placed with the offline gazetteer)")
    parser.add_argument("--erasmus-code", default="", help="its Erasmus code (I MILANO02)")


def run(args: argparse.Namespace) -> int:
    """Create the folder; exit 1 (creating nothing) when it cannot pass check."""
    home = Home(args.home.strip(), args.country.strip(), args.city.strip(), args.erasmus_code.strip())
    report = init_folder(args.data_dir, home, read_regions(args.data_dir), load_reference())
    print(report.render(verbose=True))
    if not report.ok:
        print(f"Nothing was created at {args.data_dir}.")
        return 1
    print(f"Created {args.data_dir} ({schema.SETTINGS_FILE}, {schema.INSTITUTIONS.file}).")
    print(f"Next: python -m dashboard import AGREEMENTS.xlsx --into {args.data_dir}")
    return 0
