"""Processes for "Serving past one machine": Redis, Celery workers and gunicorn app servers.

Shared by ``benchmarks/servers.py`` and ``tests/e2e/test_deck_celery.py`` (a test may import
from ``benchmarks``, never the other way). Every process is started in a session of its own
with its output in a log file, and stopped by its own id (with its process group: gunicorn's
workers, the Chromium a worker started): nothing else on the machine is touched. Every wait
has a deadline; a process that exits or never answers raises an error that quotes its log.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.server import ROOT, free_port, stop

LOCAL = "127.0.0.1"


class StartError(RuntimeError):
    """A process exited, or did not become ready before its deadline."""


@dataclass
class Started:
    """One process: its ``Popen``, log file, role ``name`` and ``perf_counter`` start time."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    t0: float
    url: str = ""

    def tail(self, chars: int = 3000) -> str:
        """The end of the log, for an error message."""
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else "(no log)"


class Processes:
    """Processes started here, stopped by their own ids (and process groups) on exit."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env = folder, env
        self.started: list[Started] = []

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> Started:
        """Start ``args`` in ``ROOT``; output goes to ``<folder>/<name>.log``."""
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                args,
                cwd=ROOT,
                env={**self.env, **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(Started(name, proc, log, time.perf_counter()))
        return self.started[-1]

    def stop(self) -> None:
        """Stop every process started here, the last started first."""
        for one in reversed(self.started):
            stop(one.proc)

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def http_ok(url: str) -> bool:
    """Whether ``url`` answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    with contextlib.suppress(OSError), socket.create_connection((LOCAL, port), timeout=1):
        return True
    return False


def log_says(text: str) -> Callable[[Started], bool]:
    """A readiness check: the process's log contains ``text``."""
    return lambda one: text in one.log.read_text(errors="replace")


def wait_ready(checks: list[tuple[Started, Callable[[Started], bool]]], timeout: float) -> dict[str, float]:
    """Wait until every process passes its check; seconds from each one's start to ready.

    The processes are polled in turn, so one that is ready early is timed when it is, not when
    the slowest before it is.

    Raises:
        StartError: A process exited, or ``timeout`` seconds passed (its log is quoted).
    """
    ready: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    while len(ready) < len(checks):
        for one, check in checks:
            if one.name in ready:
                continue
            if one.proc.poll() is not None:
                raise StartError(f"{one.name} exited with status {one.proc.returncode}:\n{one.tail()}")
            if check(one):
                ready[one.name] = time.perf_counter() - one.t0
        if time.monotonic() > deadline:
            late = next(one for one, _ in checks if one.name not in ready)
            raise StartError(f"{late.name} was not ready within {timeout:.0f} s:\n{late.tail()}")
        time.sleep(0.2)
    return ready


def redis_server() -> str:
    """The ``redis-server`` program.

    Raises:
        StartError: It is not installed.
    """
    found = shutil.which("redis-server")
    if found is None:
        raise StartError(
            "redis-server is missing: bash scripts/test.sh installs it (apt-get install redis-server)"
        )
    return found


def start_server(procs: Processes, name: str, *, workers: int, threads: int) -> Started:
    """``gunicorn -c gunicorn.conf.py app:server`` (the README's production command) on a free port."""
    port = free_port()
    env = {"DASHBOARD_HOST": LOCAL, "DASHBOARD_PORT": str(port),
           "DASHBOARD_WORKERS": str(workers), "DASHBOARD_THREADS": str(threads)}  # fmt: skip
    one = procs.start(name, sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server", env=env)
    one.url = f"http://{LOCAL}:{port}"
    return one


@dataclass
class Cluster:
    """Redis, one Celery worker and two app servers; ``startup_s``: seconds to ready, by name."""

    redis_url: str
    worker: Started
    servers: tuple[Started, Started]
    startup_s: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def cluster(
    folder: Path, *, data_dir: Path, cache: Path, workers: int = 1, threads: int = 4, timeout: float = 900
) -> Iterator[Cluster]:
    """Start a real ``redis-server``, ``celery -A app:celery_app worker`` and two app servers.

    They share ``data_dir``, the cache folder ``cache`` and the Redis (README, "Serving past one
    machine"); logs go to ``folder``. Start-up is timed from each process's start: a server to its
    first HTTP 200 on ``/``, the worker to its ``ready.`` line. Everything started here is stopped
    on exit, also when a start fails.

    Raises:
        StartError: redis-server is missing, or a process exited or did not get ready in ``timeout`` s.
    """
    redis, redis_port = redis_server(), free_port()
    redis_url = f"redis://{LOCAL}:{redis_port}/0"
    env = {**os.environ, "DASHBOARD_REDIS_URL": redis_url, "DASHBOARD_CACHE": str(cache),
           "DASHBOARD_DATA": str(data_dir), "PYTHONPATH": str(ROOT)}  # fmt: skip
    with Processes(folder, env) as procs:
        store = procs.start(
            "redis", redis, "--port", str(redis_port), "--bind", LOCAL, "--save", "", "--appendonly", "no"
        )
        startup = wait_ready([(store, lambda _: port_open(redis_port))], timeout=30)
        worker = procs.start(
            "worker", sys.executable, "-m", "celery", "-A", "app:celery_app", "worker",
            "--pool", "solo", "-l", "info",
        )  # fmt: skip
        servers = tuple(
            start_server(procs, f"server-{name}", workers=workers, threads=threads) for name in "ab"
        )
        checks = [(s, lambda one: http_ok(one.url + "/")) for s in servers]
        startup |= wait_ready([*checks, (worker, log_says("ready."))], timeout)
        yield Cluster(redis_url, worker, (servers[0], servers[1]), startup)


@contextlib.contextmanager
def balancer(first: str, second: str) -> Iterator[tuple[str, list[str]]]:
    """A proxy: callback polls (they carry ``cacheKey``) go to ``second``, everything else to ``first``.

    Yields:
        The balancer's URL and the list of servers each ``/_dash-update-component`` went to.
    """
    routed: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _forward(self) -> None:
            target = second if "cacheKey=" in self.path else first
            if self.path.startswith("/_dash-update-component"):
                routed.append(target)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
            request = urllib.request.Request(
                target + self.path, data=body, headers=headers, method=self.command
            )
            try:
                response = urllib.request.urlopen(request, timeout=600)
            except urllib.error.HTTPError as exc:
                response = exc
            payload = response.read()
            self.send_response(response.status)
            for key, value in response.headers.items():
                if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _forward

        def log_message(self, *_: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer((LOCAL, free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{LOCAL}:{server.server_port}", routed
    finally:
        server.shutdown()
        server.server_close()
