"""Presentation slide steps on a warmed server: how long each slide takes to come back.

    python -m benchmarks.slides [DATA_DIR] [--rounds 3]

A slide step is the ``/present`` callback the browser sends when the URL's ``slide=`` changes
(title, counter, map, figures, strongest ties, note). The request is built from the app's own
``/_dash-dependencies`` (whatever inputs the callback has, the page's language included), sent
to gunicorn on the bundled data over HTTP, once per slide to warm the server, then ``rounds``
times per slide. Target: every step ≤ 500 ms (issue 15), stated with the p50, p95 and worst.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.server import gunicorn
from dashboard.config import DEFAULT_DATA_DIR
from dashboard.web import ids

TARGET_MS = 500.0


def _post(base: str, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    request = urllib.request.Request(
        base + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        payload = json.loads(answer.read())
    return (time.perf_counter() - start) * 1000, payload


def slide_request(dependencies: list[dict[str, Any]], slide: int) -> dict[str, Any]:
    """The body the browser sends for ``/present?slide=N`` (from the app's dependency list).

    Examples:
        >>> deps = [{"output": "..present-map.figure...x.children..", "inputs": [
        ...     {"id": "url", "property": "pathname"}, {"id": "url", "property": "search"}], "state": []}]
        >>> slide_request(deps, 3)["inputs"][1]["value"]
        '?slide=3'
    """
    spec = next(d for d in dependencies if f"{ids.PRESENT_MAP}.figure" in d["output"])
    values = {(ids.URL, "pathname"): "/present", (ids.URL, "search"): f"?slide={slide}"}

    def filled(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "value": values.get((item["id"], item["property"]))} for item in items]

    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
        for part in spec["output"].strip(".").split("...")
    ]
    return {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": filled(spec["inputs"]),
        "state": filled(spec.get("state", [])),
        "changedPropIds": [f"{ids.URL}.search"],
    }


def _slide_count(payload: dict[str, Any]) -> int:
    counter = str(payload["response"][ids.PRESENT_COUNTER]["children"])
    return int(counter.split("/")[-1].strip().replace(".", "").replace(",", ""))


def measure(data_dir: Path = DEFAULT_DATA_DIR, *, rounds: int = 3) -> dict[str, Any]:
    """Milliseconds per slide step (every slide, ``rounds`` times after one warming pass)."""
    with gunicorn(data_dir, workers=2) as served:
        with urllib.request.urlopen(served.url + "/_dash-dependencies", timeout=60) as answer:
            dependencies = json.loads(answer.read())
        _, first = _post(served.url, slide_request(dependencies, 1))
        count = _slide_count(first)
        for slide in range(1, count + 1):  # warm: every slide's figures built once
            _post(served.url, slide_request(dependencies, slide))
        times = [
            _post(served.url, slide_request(dependencies, s))[0]
            for _ in range(rounds)
            for s in range(1, count + 1)
        ]
    ordered = sorted(times)
    return {
        "slides": count,
        "steps": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "max_ms": ordered[-1],
    }


def table(found: dict[str, Any]) -> list[str]:
    """Markdown rows of :func:`measure`."""
    mark = "✅" if found["max_ms"] <= TARGET_MS else f"❌ (> {TARGET_MS:.0f} ms)"
    return [
        "| slides | steps timed | p50 | p95 | worst |",
        "|---|---|---|---|---|",
        f"| {found['slides']} | {found['steps']} | {found['p50_ms']:.0f} ms | {found['p95_ms']:.0f} ms "
        f"| {found['max_ms']:.0f} ms {mark} |",
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: print the measurements as JSON and the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, nargs="?", default=DEFAULT_DATA_DIR)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    found = measure(args.data_dir, rounds=args.rounds)
    print(json.dumps(found, indent=1))
    print("\n".join(table(found)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
