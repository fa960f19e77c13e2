"""A bounded load test: simulated users against a running server, page loads and filters.

    python -m benchmarks.loadtest http://127.0.0.1:8050 --users 50 --seconds 60

Each user loops: a page load (``/``, ``/_dash-layout``, ``/_dash-dependencies``) one time in
five, else a filter change (the state callback, then the render callback, as the browser
sends them), with 0.5–1.5 s of think time. Threads and ``http.client`` only, no extra
dependency. Reports requests, errors, throughput and latency percentiles.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from benchmarks import dashclient as dc

PAGE = ("/", "/_dash-layout", "/_dash-dependencies")


@dataclass
class Tally:
    """Latencies by kind and errors, shared by the user threads."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        """Record one request."""
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def _request(conn: http.client.HTTPConnection, method: str, path: str, body: Any = None) -> str | None:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    response.read()
    return None if response.status == 200 else f"HTTP {response.status}"


def _user(base: str, stop: float, tally: Tally, seed: int, states: list) -> None:
    rng = random.Random(seed)
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.monotonic() < stop:
        if rng.random() < 0.2:
            steps = [("page", "GET", path, None) for path in PAGE]
        else:
            _name, filters, options = rng.choice(states)
            search = f"?region={filters['regions'][0]}" if filters["regions"] else ""
            steps = [
                ("sync", "POST", dc.UPDATE_URL, dc.sync_payload(search)),
                ("render", "POST", dc.UPDATE_URL, dc.render_payload(filters, **options)),
            ]
            shown = rng.random()
            if shown < 1 / 6:  # on the network view: its elements come too
                steps.append(("network", "POST", dc.UPDATE_URL, dc.network_payload(filters, **options)))
            elif shown < 1 / 3:  # on the table view
                steps.append(("table", "POST", dc.UPDATE_URL, dc.table_payload(filters)))
        for kind, method, path, body in steps:
            start = time.perf_counter()
            try:
                error = _request(conn, method, path, body)
            except (OSError, http.client.HTTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            tally.add(kind, time.perf_counter() - start, error)
        time.sleep(rng.uniform(0.5, 1.5))
    conn.close()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def run(base: str, *, users: int, seconds: float, states: list) -> dict[str, Any]:
    """Run the load and summarise it."""
    tally = Tally()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_user, args=(base, stop, tally, i, states), daemon=True) for i in range(users)
    ]
    start = time.perf_counter()
    for i, thread in enumerate(threads):
        thread.start()
        time.sleep(min(0.05, seconds / max(users, 1) / 10) if i else 0)  # ramp up over ~2.5 s
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    everything = [t for ts in tally.times.values() for t in ts]
    return {
        "users": users,
        "seconds": elapsed,
        "requests": len(everything),
        "errors": len(tally.errors),
        "error_samples": tally.errors[:5],
        "throughput_rps": len(everything) / elapsed,
        "p50_ms": statistics.median(everything) * 1000 if everything else float("nan"),
        "p95_ms": _pct(everything, 0.95) * 1000,
        "by_kind": {
            kind: {"count": len(ts), "p50_ms": statistics.median(ts) * 1000, "p95_ms": _pct(ts, 0.95) * 1000}
            for kind, ts in sorted(tally.times.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: print the summary as JSON; exit 1 on any error."""
    parser = argparse.ArgumentParser()
    parser.add_argument("base", help="e.g. http://127.0.0.1:8050")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args(argv)
    states = dc.filter_states(top_country="US", consortium="", years=(2010, 2020))
    states = [s for s in states if not s[1]["consortia"]]
    result = run(args.base, users=args.users, seconds=args.seconds, states=states)
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
