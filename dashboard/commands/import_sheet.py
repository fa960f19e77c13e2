"""Import an agreements spreadsheet (.xlsx, .ods, .csv) into a data folder, every row accounted for."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from dashboard.data import schema
from dashboard.data.cells import parse_source
from dashboard.data.files import write_atomic
from dashboard.data.history import KEEP
from dashboard.data.import_apply import apply_import, check_import, plan_file
from dashboard.data.import_report import ROW_REPORT_COLUMNS, render, row_report
from dashboard.data.importing import ImportPlan
from dashboard.escape import spreadsheet_cell

NAME = "import"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``FILE --into DIR [--mapping MAP.toml] [--sheet NAME] [--source TEXT] [--type TYPE] [--dry-run]``."""
    parser.add_argument("file", type=Path, help="the agreements spreadsheet: one row per agreement")
    parser.add_argument("--into", type=Path, required=True, help="data folder to merge into (see: init)")
    parser.add_argument(
        "--mapping", type=Path, help="TOML file overriding the detected columns (data/README.md)"
    )
    parser.add_argument(
        "--sheet", help="sheet name or number (default: the first with a recognisable header)"
    )
    parser.add_argument("--source", help="provenance written on each agreement (default: file name and date)")
    parser.add_argument(
        "--type",
        choices=schema.AGREEMENT_TYPES,
        default="",
        help="agreement type for rows whose type cell is blank",
    )
    parser.add_argument("--as-of", help="date written as as_of (default: today, YYYY-MM-DD)")
    parser.add_argument(
        "--keep", type=int, default=KEEP, help=f"versions kept in DIR/.history (default {KEEP})"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the report, write nothing")
    parser.add_argument(
        "--report",
        type=Path,
        help="also write every row's outcome to this CSV (row, outcome, reason, partner...)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also list notes")


def write_row_report(plan: ImportPlan, out: Path) -> Path:
    """One CSV line per spreadsheet row, formula-safe for spreadsheet programs, written atomically."""

    def write(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(handle, fieldnames=ROW_REPORT_COLUMNS)
            writer.writeheader()
            writer.writerows({k: spreadsheet_cell(v) for k, v in r.items()} for r in row_report(plan))

    return write_atomic(out, write)


def run(args: argparse.Namespace) -> int:
    """Plan, check and (unless --dry-run) write; exit 0 when the result passes check, else 1."""
    try:
        source = parse_source(args.source) if args.source is not None else None
        today = dt.date.fromisoformat(args.as_of).isoformat() if args.as_of else None
        mapping_text = args.mapping.read_text(encoding="utf-8-sig") if args.mapping else None
    except ValueError as exc:
        print(f"cannot import: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cannot read the mapping file {args.mapping}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    plan, report = plan_file(
        args.file,
        args.into,
        mapping_text=mapping_text,
        sheet=args.sheet,
        source=source,
        today=today,
        default_type=args.type,
    )
    if plan is None:
        print(report.render(), file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    if report.problems:
        print(report.render(verbose=args.verbose))
    print(render(plan, verbose=args.verbose))
    if args.report:
        print(f"Every row's outcome: {write_row_report(plan, args.report)}")
    result = check_import(plan, args.into) if args.dry_run else apply_import(plan, args.into, keep=args.keep)
    print(f"Check of the resulting folder {args.into}:")
    print(result.report.render(verbose=args.verbose))
    if not result.ok:
        print("Nothing was written: the resulting folder would not pass check.")
        return 1
    if args.dry_run:
        print("Dry run: nothing was written.")
    else:
        kept = f"; the previous files are version {result.version.id}" if result.version else ""
        print(
            f"Wrote {', '.join(result.written)} in {args.into}{kept} (python -m dashboard history {args.into})"
        )
    return 0
