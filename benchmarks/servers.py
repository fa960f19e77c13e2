"""The deck through the browser's protocol: one server on DiskCache, two servers on Celery + Redis.

    python -m benchmarks.servers [DATA_DIR] [--reps 3]

Browser-free: the page's requests to ``/_dash-update-component`` are sent as Dash 4.4.1's
renderer sends them (``handleServerside`` in ``dash-renderer``): the deck callback's first
request (its body built from ``/_dash-dependencies``) answers signed ``cacheKey``/``job``
handles; then the same body, its values nulled, is posted with ``cacheKey``, ``job`` and the
page's ``endId`` every ``interval`` (1 s) until the answer carries ``response``: the file.

1. *One server*: ``gunicorn -c gunicorn.conf.py app:server``, background jobs on the embedded
   DiskCache (a job process beside the server).
2. *Two servers*: the same command twice on two ports with ``DASHBOARD_REDIS_URL``, a real
   ``redis-server`` and ``celery -A app:celery_app worker``; the deck is started on server A and
   polled and downloaded from server B. CPU seconds of each process tree during the deck and
   the worker's log show who made it.
3. *Baseline*: the same unfiltered deck by ``deck_bytes`` in a fresh process, model loaded
   (:func:`benchmarks.exports.fresh_deck`). Seconds are reported with ratios to it.

All processes share a temporary cache folder, filled once before anything is timed, so the
start-ups (to the first HTTP 200, shown apart) are warm ones. Every process is stopped by its id.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psutil

from benchmarks import cluster
from benchmarks import exports as export_bench
from benchmarks.server import ROOT
from dashboard.config import DEFAULT_DATA_DIR

DECK_OUTPUT = "export-download.data"
DECK_TIMEOUT_S = 900.0
# What the page holds when the deck button is pressed on the unfiltered map (None: not set).
PAGE_VALUES = {
    ("url", "search"): "",
    ("view-store", "data"): "map",
    ("export-format", "value"): "png",
    ("network-layout", "value"): "force",
    ("map-color-by", "value"): "type",
}
_CONFIG = re.compile(r'<script id="_dash-config" type="application/json">(.*?)</script>', re.S)


def end_id(page: str) -> str:
    """The signed ``end_id`` of a page load, which the renderer echoes as ``endId``.

    Raises:
        ValueError: The page has no Dash config.

    Examples:
        >>> end_id('<script id="_dash-config" type="application/json">{"end_id": "a~b"}</script>')
        'a~b'
    """
    found = _CONFIG.search(page)
    if not found:
        raise ValueError("the page has no _dash-config script: not a Dash page")
    return str(json.loads(found.group(1))["end_id"])


def deck_request(dependencies: list[dict[str, Any]], stamp: int) -> tuple[dict[str, Any], float]:
    """The deck callback's first request body (as the deck button sends it) and its poll interval (s).

    Raises:
        ValueError: No background callback outputs the download.

    Examples:
        >>> spec = {"output": "..export-download.data...s.children..", "background": {"interval": 500},
        ...         "inputs": [{"id": "deck-request", "property": "data"}], "state": []}
        >>> body, interval = deck_request([spec], 7)
        >>> body["inputs"], body["changedPropIds"], interval
        ([{'id': 'deck-request', 'property': 'data', 'value': 7}], ['deck-request.data'], 0.5)
    """
    spec = next((d for d in dependencies if DECK_OUTPUT in d["output"] and d.get("background")), None)
    if spec is None:
        raise ValueError(f"no background callback outputs {DECK_OUTPUT}")
    ids = [part.rsplit(".", 1) for part in spec["output"].strip(".").split("...")]
    values = {**PAGE_VALUES, ("deck-request", "data"): stamp}

    def fill(dep: Mapping[str, str]) -> dict[str, Any]:
        return {**dep, "value": values.get((dep["id"], dep["property"]))}

    body = {
        "output": spec["output"],
        "outputs": [{"id": cid, "property": prop} for cid, prop in ids],
        "inputs": [fill(d) for d in spec["inputs"]],
        "changedPropIds": ["deck-request.data"],
        "state": [fill(d) for d in spec["state"]],
    }
    return body, spec["background"].get("interval", 1000) / 1000


def poll_body(body: dict[str, Any]) -> dict[str, Any]:
    """A poll's body: the renderer nulls every input and state value once it holds the handles.

    Examples:
        >>> poll_body({"inputs": [{"id": "a", "value": 1}], "state": [{"id": "b", "value": 2}]})
        {'inputs': [{'id': 'a', 'value': None}], 'state': [{'id': 'b', 'value': None}]}
    """
    return {**body, **{k: [{**d, "value": None} for d in body[k]] for k in ("inputs", "state")}}


def _post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        raw = answer.read()
        return answer.status, (json.loads(raw) if raw else {})


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return bytes(answer.read())


class _CpuWatch:
    """CPU seconds of process trees over a span, sampled at every poll.

    A DiskCache job is a process that lives only while the deck is made, so the trees are read
    at each poll: every process seen (by pid and start time) counts with its last reading, minus
    what it had used at the start.
    """

    def __init__(self, pids: Mapping[str, int]) -> None:
        self.pids = dict(pids)
        self.start = {role: _tree(pid) for role, pid in self.pids.items()}
        self.last = {role: dict(seen) for role, seen in self.start.items()}

    def sample(self) -> None:
        """Read every tree now."""
        for role, pid in self.pids.items():
            self.last[role].update(_tree(pid))

    def seconds(self) -> dict[str, float]:
        """CPU seconds used by each tree since the start."""
        self.sample()
        return {
            role: round(sum(t - self.start[role].get(key, 0.0) for key, t in seen.items()), 2)
            for role, seen in self.last.items()
        }


def _tree(pid: int) -> dict[tuple[int, float], float]:
    """User + system CPU seconds of a process and each of its descendants, by (pid, start time)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {}
    seen: dict[tuple[int, float], float] = {}
    for proc in procs:
        try:
            times = proc.cpu_times()
            seen[(proc.pid, proc.create_time())] = times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return seen


def make_deck(start: str, poll: str, pids: Mapping[str, int], stamp: int) -> dict[str, Any]:
    """Start the deck on ``start``, poll ``poll`` for it; seconds, progress, the file and CPU by role.

    Raises:
        TimeoutError: No deck within ``DECK_TIMEOUT_S``.
        RuntimeError: The job ended without a file (the server answered 204).
    """
    page_end = end_id(_get(start + "/").decode())
    body, interval = deck_request(json.loads(_get(start + "/_dash-dependencies")), stamp)
    cpu = _CpuWatch(pids)
    t0 = time.perf_counter()
    _, handles = _post(f"{start}/_dash-update-component?endId={page_end}", body)
    query = f"endId={page_end}&cacheKey={handles['cacheKey']}&job={handles['job']}"
    polls, progress = 0, []
    while time.perf_counter() - t0 < DECK_TIMEOUT_S:
        time.sleep(interval)
        status, answer = _post(f"{poll}/_dash-update-component?{query}", poll_body(body))
        polls += 1
        cpu.sample()
        if status == 204:
            raise RuntimeError("the deck job ended without a file (204 from the poll)")
        if "progress" in answer:
            progress.append(answer["progress"])
        if "response" in answer:
            seconds = time.perf_counter() - t0
            sent = answer["response"]["export-download"]["data"]
            content = base64.b64decode(sent["content"])
            return {"seconds": seconds, "polls": polls, "progress": progress_counts(progress),
                    "filename": sent["filename"], "bytes": len(content), "slides": slide_count(content),
                    "cpu_s": cpu.seconds()}  # fmt: skip
    raise TimeoutError(f"no deck from {poll} within {DECK_TIMEOUT_S:.0f} s ({polls} polls)")


def progress_counts(reports: list[dict[str, Any]]) -> dict[str, int]:
    """Polls that carried progress, and the distinct steps (value of max) among them.

    Examples:
        >>> p = lambda v: {"job-progress.value": v, "job-progress.max": "3", "job-label.children": ""}
        >>> progress_counts([p("0"), p("1"), p("1"), p("3")])
        {'reports': 4, 'steps': 3}
    """
    steps = {(r.get("job-progress.value"), r.get("job-progress.max")) for r in reports}
    return {"reports": len(reports), "steps": len(steps)}


def slide_count(content: bytes) -> int:
    """Slides of a ``.pptx`` (python-pptx opens it: a file that is not a deck raises)."""
    from pptx import Presentation

    return len(Presentation(io.BytesIO(content)).slides)


def _fill_cache(data_dir: Path, cache: Path) -> float:
    """Seconds to build the app once with ``cache``: every later start reads what it computed."""
    env = {**os.environ, "DASHBOARD_DATA": str(data_dir), "DASHBOARD_CACHE": str(cache)}
    env.pop("DASHBOARD_REDIS_URL", None)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env, check=True, timeout=900)
    return time.perf_counter() - t0


def _one_server(folder: Path, data_dir: Path, cache: Path, reps: int, *, workers: int) -> dict[str, Any]:
    env = {**os.environ, "DASHBOARD_DATA": str(data_dir), "DASHBOARD_CACHE": str(cache)}
    env.pop("DASHBOARD_REDIS_URL", None)
    with cluster.Processes(folder, env) as procs:
        server = cluster.start_server(procs, "server", workers=workers, threads=4)
        startup = cluster.wait_ready([(server, lambda one: cluster.http_ok(one.url + "/"))], DECK_TIMEOUT_S)
        pids = {"server": server.proc.pid}
        decks = [make_deck(server.url, server.url, pids, stamp=i + 1) for i in range(reps)]
    return {"startup_s": startup, "decks": decks}


def _two_servers(folder: Path, data_dir: Path, cache: Path, reps: int, *, workers: int) -> dict[str, Any]:
    with cluster.cluster(folder, data_dir=data_dir, cache=cache, workers=workers) as running:
        a, b = running.servers
        pids = {"worker": running.worker.proc.pid, "server A": a.proc.pid, "server B": b.proc.pid}
        decks = [make_deck(a.url, b.url, pids, stamp=i + 1) for i in range(reps)]
        made = running.worker.log.read_text(errors="replace").count("succeeded in")
    return {"startup_s": running.startup_s, "decks": decks, "worker_succeeded": made}


def measure(data_dir: Path = DEFAULT_DATA_DIR, *, reps: int = 3, workers: int = 2) -> dict[str, Any]:
    """The baseline, then ``reps`` decks on one server (DiskCache) and on two (Celery + Redis)."""
    with tempfile.TemporaryDirectory(prefix="bench-servers-") as tmp:
        folder, cache = Path(tmp), Path(tmp) / "cache"
        fill = _fill_cache(data_dir, cache)
        baseline = export_bench.fresh_deck(data_dir)
        one = _one_server(folder, data_dir, cache, reps, workers=workers)
        two = _two_servers(folder, data_dir, cache, reps, workers=workers)
    return {"cache_fill_s": fill, "baseline": baseline, "one": one, "two": two, "workers": workers}


def _decks(decks: list[dict[str, Any]], base: float) -> str:
    first = decks[0]["seconds"]
    later = [d["seconds"] for d in decks[1:]]
    text = f"{first:.1f} s ({first / base:.2f}×)"
    if later:
        mid = statistics.median(later)
        text += f" | {mid:.1f} s ({mid / base:.2f}×)"
    return text + (" | –" if not later else "")


def _startup(startup: Mapping[str, float]) -> str:
    return ", ".join(f"{name} {s:.1f} s" for name, s in startup.items() if name != "redis")


def table(found: dict[str, Any]) -> list[str]:
    """Markdown lines of :func:`measure`: seconds, ratios to the in-process deck, progress, CPU.

    Examples:
        >>> deck = {"seconds": 12.0, "polls": 12, "progress": {"reports": 11, "steps": 9},
        ...         "slides": 15, "bytes": 5e6, "cpu_s": {"worker": 20.0, "server A": 0.5}}
        >>> found = {"baseline": {"times_s": [10.0], "slides": 15}, "cache_fill_s": 30.0, "workers": 2,
        ...          "one": {"startup_s": {"server": 4.0}, "decks": [deck]},
        ...          "two": {"startup_s": {"server-a": 6.0}, "decks": [deck], "worker_succeeded": 1}}
        >>> print(table(found)[2])
        | in-process `deck_bytes` (baseline) | – | 10.0 s (1.00×) | – | – | 15 ✅ | – |
    """
    base, slides = found["baseline"]["times_s"][0], found["baseline"]["slides"]
    lines = [
        "| set-up | start-up (to first HTTP 200 / worker ready) | first deck | later decks (median) "
        "| progress reports / polls (distinct steps) | slides | CPU during the first deck |",
        "|---|---|---|---|---|---|---|",
        f"| in-process `deck_bytes` (baseline) | – | {base:.1f} s (1.00×) | – | – | {slides} ✅ | – |",
    ]
    runs = [
        ("one server, embedded DiskCache", found["one"]),
        ("two servers + Celery + Redis, A → B", found["two"]),
    ]
    for name, run in runs:
        decks, first = run["decks"], run["decks"][0]
        ok = "✅" if all(d["slides"] == slides for d in decks) else "❌"
        cpu = ", ".join(f"{role} {s:.1f} s" for role, s in first["cpu_s"].items())
        lines.append(
            f"| {name} | {_startup(run['startup_s'])} | {_decks(decks, base)} | "
            f"{first['progress']['reports']} / {first['polls']} ({first['progress']['steps']}) | "
            f"{first['slides']} {ok} | {cpu} |"
        )
    made = found["two"]["worker_succeeded"]
    lines += [
        "",
        f"Ratios are to the baseline of the same run. Each server: gunicorn -c gunicorn.conf.py, "
        f"{found['workers']} workers; the Celery worker's log reports {made} task(s) *succeeded* for "
        f"{len(found['two']['decks'])} deck(s). Polls are 1 s apart, as the renderer's; the deck's time "
        f"is to the poll that carried the file. The shared cache folder was filled once first "
        f"({found['cache_fill_s']:.0f} s, not counted).",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: print the measurements as JSON and the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, nargs="?", default=DEFAULT_DATA_DIR)
    parser.add_argument("--reps", type=int, default=3, help="decks per set-up (the first one is apart)")
    args = parser.parse_args(argv)
    found = measure(args.data_dir, reps=args.reps)
    print(json.dumps(found, indent=1))
    print("\n".join(table(found)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
