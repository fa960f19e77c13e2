"""Time the network interchange exports on one data folder, against the table's Excel export.

    python -m benchmarks.interchange DATA_DIR [--reps 3]

Every figure is the median of ``--reps`` runs, in seconds and as a ratio to the table's
``.xlsx`` export (the baseline, measured in the same run on the same data and filters), so the
ratios stay comparable across machines. The first network export of a dataset also computes
the full network's centralities (cached per graph afterwards): it is reported on its own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.network import metrics
from dashboard.network.model import load_model
from dashboard.network.view_state import ViewState
from dashboard.outputs import exports
from dashboard.web.views import ExplorerViews


def _median(run: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(data_dir: Path, *, reps: int = 3) -> dict[str, object]:
    """Seconds and ratios to the table export for each interchange format."""
    model = load_model(data_dir)
    views = ExplorerViews(model, "en")
    state = ViewState()
    start = time.perf_counter()
    metrics.centralities(model.G)
    first_scores = time.perf_counter() - start
    baseline = _median(lambda: exports.export_bytes(views, state, view="table", fmt="xlsx"), reps)
    figures: dict[str, object] = {
        "institutions": len(model.ds.institutions),
        "partners": len(model.partners),
        "centralities_once_s": round(first_scores, 2),
        "table_xlsx_s": round(baseline, 3),
    }
    for fmt in exports.GRAPH_FORMATS:
        seconds = _median(lambda fmt=fmt: exports.export_bytes(views, state, view="network", fmt=fmt), reps)
        figures[f"{fmt}_s"] = round(seconds, 3)
        figures[f"{fmt}_vs_table"] = round(seconds / baseline, 2)
    return figures


def main() -> None:
    """Print the figures of one folder as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.data_dir, reps=args.reps), indent=1))


if __name__ == "__main__":
    main()
