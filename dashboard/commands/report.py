"""Print the Insights answers (Markdown or JSON) for documents and decks.

``python -m dashboard report --format md|json [--data DIR] [--region …] [--focus ID]``:
the filter flags are the URL's; ``--focus`` adds "how are we connected to …".
"""

from __future__ import annotations

import argparse
import sys

from dashboard.cli import add_filter_arguments, filter_query
from dashboard.config import load_settings
from dashboard.data.cache import cache_for
from dashboard.data.dataset import load_dataset
from dashboard.data.problems import DataError
from dashboard.data.regions import slugify
from dashboard.data.schema import RELATION_TYPES
from dashboard.i18n import t
from dashboard.network.graph import filter_partners
from dashboard.network.insights import insights, to_json, to_markdown
from dashboard.network.model import build_model
from dashboard.network.view_state import parse_query, vocabulary

NAME = "report"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--format`` plus the filter flags."""
    parser.add_argument("--format", choices=("md", "json"), default="md", help="md (default) or json")
    add_filter_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Build the model, apply the filters and print the answers; 1 on bad data."""
    data_dir = args.data or load_settings().data_dir
    try:
        ds = load_dataset(data_dir, cache=cache_for(data_dir=data_dir))
    except DataError as exc:
        print(f"Cannot report: the data in {data_dir} has errors.\n{exc.report.render()}", file=sys.stderr)
        return 1
    model = build_model(ds, cache=cache_for(data_dir=data_dir))
    vocab = vocabulary(
        {slugify(r) for r in ds.regions["region"]},
        set(ds.regions.index),
        set(RELATION_TYPES),
        set(ds.consortia.index),
        set(ds.institutions.index),
    )
    state = parse_query(filter_query(args), vocab)
    if args.focus and not state.focus:
        print(f"Unknown institution id for --focus: {args.focus!r}", file=sys.stderr)
        return 1
    partner_ids = filter_partners(ds, model.relations, state.filters())
    lang = args.lang or load_settings().default_lang
    result = insights(model, partner_ids, lang=lang, filters=state.filters(), target=state.focus)
    query = filter_query(args)
    shown = query[1:] if len(query) > 1 else t("insights.filters.none", lang)
    result.notes.append(t("insights.filters", lang, filters=shown))
    print(to_json(result) if args.format == "json" else to_markdown(result), end="")
    return 0
