"""Write a PowerPoint deck: world, regions and consortia, with maps, figures and sources.

``python -m dashboard deck -o meeting.pptx [--region …] [--consortium …] [--data DIR]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli import add_filter_arguments
from dashboard.commands.export import UsageError, fail, load_views
from dashboard.data.problems import DataError
from dashboard.outputs.deck import build_deck
from dashboard.outputs.exports import prepare_images
from dashboard.outputs.formats import ExportError

NAME = "deck"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``deck``: the output file and the URL filters."""
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .pptx file to write")
    add_filter_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Write the deck; 0 on success, 2 for a wrong request, 1 for bad data or a failed export."""
    if args.output.suffix.lower() != ".pptx":
        return fail(f"{args.output}: the deck is a .pptx file", 2)
    prepare_images()  # Chromium starts while the model is read (seconds either way)
    try:
        views, state = load_views(args)
    except UsageError as exc:
        return fail(str(exc), 2)
    except DataError as exc:
        return fail(f"the data folder has errors:\n{exc.report.render()}", 1)
    try:
        path = build_deck(views, state, args.output)
    except ExportError as exc:
        return fail(str(exc), 1)
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}", 1)
    print(f"wrote {path}")
    return 0
