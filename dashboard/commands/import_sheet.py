"""Import an agreements spreadsheet (.xlsx, .ods, .csv) into a data folder, every row accounted for."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from dashboard.config import load_settings
from dashboard.data import schema
from dashboard.data.cells import parse_source
from dashboard.data.files import write_atomic
from dashboard.data.history import KEEP
from dashboard.data.import_apply import apply_import, check_import, plan_file
from dashboard.data.import_report import ROW_REPORT_COLUMNS, render, row_report
from dashboard.data.importing import ImportPlan
from dashboard.data.problems import Message, said
from dashboard.escape import spreadsheet_cell
from dashboard.i18n import languages, t

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
    parser.add_argument(
        "--lang",
        choices=languages(),
        default=None,
        help="language of the report (default: DASHBOARD_LANG or en)",
    )


def write_row_report(plan: ImportPlan, out: Path, lang: str = "en") -> Path:
    """One CSV line per spreadsheet row, formula-safe for spreadsheet programs, written atomically
    (reasons and caveats in ``lang``)."""

    def write(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(handle, fieldnames=ROW_REPORT_COLUMNS)
            writer.writeheader()
            writer.writerows({k: spreadsheet_cell(v) for k, v in r.items()} for r in row_report(plan, lang))

    return write_atomic(out, write)


def run(args: argparse.Namespace) -> int:
    """Plan, check and (unless --dry-run) write; exit 0 when the result passes check, else 1."""
    lang = args.lang or load_settings().default_lang
    try:
        source = parse_source(args.source) if args.source is not None else None
        today = dt.date.fromisoformat(args.as_of).isoformat() if args.as_of else None
        mapping_text = args.mapping.read_text(encoding="utf-8-sig") if args.mapping else None
    except ValueError as exc:
        print(t("import.cli.cannot_import", lang, reason=_why(exc, lang)), file=sys.stderr)
        return 1
    except OSError as exc:
        reason = exc.strerror or exc
        print(
            t("import.cli.mapping_unreadable", lang, path=str(args.mapping), reason=reason), file=sys.stderr
        )
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
        print(report.render(lang=lang), file=sys.stderr)
        print(t("import.cli.nothing_written", lang), file=sys.stderr)
        return 1
    if report.problems:
        print(report.render(verbose=args.verbose, lang=lang))
    print(render(plan, verbose=args.verbose, lang=lang))
    if args.report:
        print(t("import.cli.row_report", lang, path=str(write_row_report(plan, args.report, lang))))
    result = check_import(plan, args.into) if args.dry_run else apply_import(plan, args.into, keep=args.keep)
    print(t("import.cli.check", lang, folder=str(args.into)))
    print(result.report.render(verbose=args.verbose, lang=lang))
    if not result.ok:
        print(t("import.cli.would_fail", lang))
        return 1
    if args.dry_run:
        print(t("import.cli.dry_run", lang))
    else:
        kept = t("import.cli.kept", lang, version=result.version.id) if result.version else ""
        files = ", ".join(result.written)
        print(t("import.cli.wrote", lang, files=files, folder=str(args.into), kept=kept))
    return 0


def _why(exc: ValueError, lang: str) -> str:
    """An invalid option's reason in ``lang`` (an unforeseen fault's English text)."""
    reason = said(exc)
    return reason.text(lang) if isinstance(reason, Message) else reason
