"""Start-up time, cold and warm, as ratios to the import floor measured in the same run.

    python -m benchmarks.startup [--sizes bundled,30k] [--reps 3]

The floor is ``python -c "import dash, plotly, networkx, geopandas"``: what any app on this
stack pays before doing anything. *Cold* is ``create_app`` in a fresh process with an empty
cache folder (``DASHBOARD_CACHE``): everything derived, and written. *Warm* is the same
with the folder the cold start left: what every later start, gunicorn worker, reload and
command line call of that data version pays. Each figure is the median of fresh processes.
Synthetic sizes come from :mod:`benchmarks.synthetic` (invented institutions, not real data).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import SIZES, generate
from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT

FLOOR = "import dash, plotly, networkx, geopandas"
START = "from dashboard import create_app; create_app()"


def _seconds(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def floor(reps: int) -> float:
    """Median seconds of the import floor in fresh processes."""
    return statistics.median(_seconds(FLOOR, dict(os.environ)) for _ in range(reps))


def startup(data_dir: Path, *, reps: int) -> dict[str, float]:
    """Median cold and warm start-up seconds of the app on ``data_dir`` (fresh processes)."""
    cold, warm = [], []
    for _ in range(max(1, reps // 2)):
        with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
            env = {**os.environ, "DASHBOARD_DATA": str(data_dir), "DASHBOARD_CACHE": cache}
            cold.append(_seconds(START, env))
            warm.extend(_seconds(START, env) for _ in range(reps))
    return {"cold_s": statistics.median(cold), "warm_s": statistics.median(warm)}


def measure(sizes: list[str], *, reps: int = 3) -> dict[str, Any]:
    """Floor, then cold and warm start-up per size (``bundled`` is the shipped data)."""
    results: dict[str, Any] = {"floor_s": floor(reps), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="bench-data-") as tmp:
        for size in sizes:
            folder = DEFAULT_DATA_DIR if size == "bundled" else Path(tmp) / size
            if size != "bundled":
                generate(folder, SIZES[size])
            print(f"[startup] {size} …", flush=True)
            results["sizes"][size] = startup(folder, reps=reps)
    results["floor_end_s"] = floor(reps)  # the machine's speed may drift during the run
    return results


def _mark(value: float, limit: float | None) -> str:
    return "" if limit is None else (" ✅" if value <= limit else f" ❌ (> {limit}×)")


def table(results: dict[str, Any]) -> list[str]:
    """Markdown rows: seconds and ratios to the floor (the mean of the floors at start and end)."""
    base = (results["floor_s"] + results["floor_end_s"]) / 2
    targets = {"bundled": (4.0, 2.5), "30k": (None, 10.0)}
    lines = [
        f'Import floor (`python -c "{FLOOR}"`): {results["floor_s"]:.2f} s at the start, '
        f"{results['floor_end_s']:.2f} s at the end; ratios use their mean, {base:.2f} s.",
        "",
        "| data | cold start | cold / floor | warm start | warm / floor |",
        "|---|---|---|---|---|",
    ]
    for size, found in results["sizes"].items():
        cold_limit, warm_limit = targets.get(size, (None, None))
        cold, warm = found["cold_s"] / base, found["warm_s"] / base
        lines.append(
            f"| {size} | {found['cold_s']:.1f} s | {cold:.2f}×{_mark(cold, cold_limit)} "
            f"| {found['warm_s']:.1f} s | {warm:.2f}×{_mark(warm, warm_limit)} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: print the measurements as JSON and the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="bundled,1k,30k")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    results = measure(args.sizes.split(","), reps=args.reps)
    print(json.dumps(results, indent=1))
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
