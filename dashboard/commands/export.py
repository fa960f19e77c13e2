"""Export a view (map, network or table) as PNG, SVG, PDF, HTML, CSV or XLSX, or the network for other tools.

``python -m dashboard export --view map --format pdf -o map.pdf --region southeast-asia``:
the same filters as the URL, the file written atomically. The network view also exports as
GraphML, GEXF or node-link JSON (Gephi, Cytoscape, igraph), a Kumu workbook (``kumu``,
``.xlsx``) and kepler.gl arcs and points (``kepler``, a ``.zip`` of two CSV files). Errors are one line on stderr:
exit 2 for a wrong request (format, filter value), 1 for bad data or a failed export.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.cli import add_filter_arguments, filter_query
from dashboard.config import load_settings
from dashboard.data.problems import DataError
from dashboard.network.model import load_model
from dashboard.network.positions import LAYOUTS
from dashboard.network.view_state import ViewState, Vocabulary, parse_query
from dashboard.outputs.exports import export_view, prepare_images
from dashboard.outputs.formats import (
    EXTENSIONS,
    FORMATS,
    IMAGE_FORMATS,
    ExportError,
    check_format,
    format_for_suffix,
)
from dashboard.web.views import ExplorerViews

NAME = "export"
ALL_FORMATS = sorted({f for formats in FORMATS.values() for f in formats})


class UsageError(Exception):
    """The command line asks for something impossible (exit status 2)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``export``: view, format, output file, display options and the URL filters."""
    parser.add_argument("--view", choices=tuple(FORMATS), default="map", help="what to export (default map)")
    parser.add_argument(
        "--format",
        choices=ALL_FORMATS,
        default=None,
        help=(
            "file format (default: from the output file's extension); table: csv|xlsx; "
            "network also graphml|gexf|json|kumu (.xlsx)|kepler (.zip)"
        ),
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    parser.add_argument("--layout", choices=LAYOUTS, default="force", help="network layout (default force)")
    parser.add_argument("--color-by", choices=("type", "region"), default="type", help="map colours")
    parser.add_argument("--choropleth", action="store_true", help="shade map countries by partners")
    add_filter_arguments(parser)


def check_filters(query_args: argparse.Namespace, vocab: Vocabulary) -> None:
    """Fail on a filter value the data does not know (a URL would silently drop it).

    Raises:
        UsageError: Naming the value and, when short, what is allowed.
    """
    allowed = {
        "region": vocab.regions,
        "country": vocab.countries,
        "type": vocab.types,
        "consortium": vocab.consortia,
        "status": vocab.statuses,
        "focus": vocab.institutions,
    }
    for flag, known in allowed.items():
        for value in filter(None, (v.strip() for v in str(getattr(query_args, flag, "") or "").split(","))):
            if (value.upper() if flag == "country" else value) not in known:
                hint = f"; known: {', '.join(sorted(known))}" if len(known) <= 30 else ""
                raise UsageError(f"unknown --{flag} {value!r}{hint}")
    years = str(getattr(query_args, "years", "") or "")
    if years and parse_query(f"?years={years}", vocab).years is None:
        raise UsageError(f"--years {years!r}: expected START-END, e.g. 2010-2024")


def load_views(args: argparse.Namespace) -> tuple[ExplorerViews, ViewState]:
    """The explorer's views on ``--data`` and the view state the filter flags describe.

    Raises:
        DataError: If the data folder has errors.
        UsageError: For an unknown filter value.
    """
    data_dir = args.data or load_settings().data_dir
    views = ExplorerViews(load_model(data_dir), getattr(args, "lang", None) or load_settings().default_lang)
    check_filters(args, views.vocab)
    return views, parse_query(filter_query(args), views.vocab)


def fail(message: str, status: int) -> int:
    """Print a one-line error on stderr and return the exit status."""
    print(f"error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    """Write the export; 0 on success, 2 for a wrong request, 1 for bad data or a failed export."""
    fmt = args.format or format_for_suffix(args.view, args.output.suffix)
    try:
        if not fmt:
            raise UsageError("say --format, or give the output file an extension")
        check_format(args.view, fmt)
        if fmt in IMAGE_FORMATS:
            prepare_images()  # Chromium starts while the model is read (seconds either way)
        views, state = load_views(args)
    except (UsageError, ExportError) as exc:
        return fail(str(exc), 2)
    except DataError as exc:
        return fail(f"the data folder has errors:\n{exc.report.render()}", 1)
    try:
        path = export_view(
            views,
            state,
            args.output,
            view=args.view,
            fmt=fmt,
            layout=args.layout,
            color_by=args.color_by,
            choropleth=args.choropleth,
        )
    except ExportError as exc:
        return fail(str(exc), 1)
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}", 1)
    print(f"wrote {path}")
    extension = EXTENSIONS.get(fmt, fmt)
    if path.suffix.lower() != f".{extension}":
        # Kumu refuses anything but .xlsx; other tools pick the reader by the extension too.
        print(
            f"note: {fmt} files open as *.{extension}; rename {path.name} if the tool refuses it",
            file=sys.stderr,
        )
    return 0
