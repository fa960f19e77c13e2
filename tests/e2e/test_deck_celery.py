"""Serving past one machine: two app servers, one Celery worker and one Redis, in the browser.

The shape of a large deployment (README, "Serving past one machine"), on this machine: a real
``redis-server``, a Celery worker (``celery -A app:celery_app worker``) and two app servers
(gunicorn) on two ports, sharing the read-only data folder and one cache folder. A small
balancer in front sends the browser's page and the deck's first request to server A and
every later request (the progress polls and the download) to server B: the deck started
on A is made by the worker and arrives through B.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from dashboard.config import DEFAULT_DATA_DIR, PROJECT_ROOT
from tests.e2e.conftest import _free_port
from tests.e2e.test_deck_background import allow_downloads, deck_through_the_ui
from tests.e2e.test_explorer import assert_clean_browser, map_points, wait_until

LOCAL = "127.0.0.1"
START_TIMEOUT = 900  # three processes starting at once on a shared 2-core machine


def _wait_http(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args} exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered:\n{log.read_text()[-3000:]}")


class _Processes:
    """Processes started by one test, stopped (by their own ids) at the end."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env, self.procs = folder, env, []  # type: ignore[var-annotated]

    def start(self, name: str, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.folder / f"{name}.log"
        proc = subprocess.Popen(
            args, cwd=PROJECT_ROOT, env=self.env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        self.procs.append(proc)
        return proc, log

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _balancer(first: str, second: str) -> tuple[http.server.ThreadingHTTPServer, list[str]]:
    """A proxy: callback polls (they carry ``cacheKey``) go to ``second``, everything else to ``first``."""
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

    server = http.server.ThreadingHTTPServer((LOCAL, _free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, routed


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Redis, one Celery worker and two gunicorn app servers sharing a cache folder."""
    redis = shutil.which("redis-server")
    if redis is None:
        pytest.fail(
            "redis-server is missing: bash scripts/test.sh installs it (apt-get install redis-server)"
        )
    redis_port, ports = _free_port(), (_free_port(), _free_port())
    env = {
        **os.environ,
        "DASHBOARD_REDIS_URL": f"redis://{LOCAL}:{redis_port}/0",
        # The servers and the worker share one cache folder: the bundled data's, which the other
        # e2e tests have usually filled (else the first process to start computes it).
        "DASHBOARD_CACHE": str(DEFAULT_DATA_DIR / ".cache"),
        "DASHBOARD_DATA": str(DEFAULT_DATA_DIR),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    procs = _Processes(tmp_path, env)
    try:
        procs.start(
            "redis", redis, "--port", str(redis_port), "--bind", LOCAL, "--save", "", "--appendonly", "no"
        )
        worker, worker_log = procs.start(
            "worker",
            sys.executable,
            "-m",
            "celery",
            "-A",
            "app:celery_app",
            "worker",
            "--pool",
            "solo",
            "-l",
            "info",
        )
        servers = []
        for name, port in zip("ab", ports, strict=True):
            # The flags gunicorn.conf.py is meant to carry, kept here until it exists.
            args = ("--workers", "1", "--timeout", "600", "--bind", f"{LOCAL}:{port}")
            proc, log = procs.start(f"server-{name}", sys.executable, "-m", "gunicorn", "app:server", *args)
            servers.append((f"http://{LOCAL}:{port}", proc, log))
        for url, proc, log in servers:
            _wait_http(url + "/", proc, log)
        wait_until_ready(worker_log, worker)
        balancer, routed = _balancer(servers[0][0], servers[1][0])
        yield {"url": f"http://{LOCAL}:{balancer.server_port}", "routed": routed, "servers": servers}
        balancer.shutdown()
    finally:
        procs.stop()


def wait_until_ready(log: Path, worker: subprocess.Popen[bytes]) -> None:
    """Wait for the Celery worker's "ready" line."""
    deadline = time.monotonic() + START_TIMEOUT
    while "ready." not in log.read_text(errors="replace"):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the Celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


@pytest.mark.e2e
def test_deck_started_on_one_server_is_made_by_celery_and_downloads_from_the_other(duo, cluster, tmp_path):
    allow_downloads(duo, tmp_path)
    duo.driver.get(cluster["url"] + "/?region=southeast-asia")
    wait_until(duo, lambda: map_points(duo) > 0, "map markers never appeared", timeout=120)
    deck = deck_through_the_ui(duo, tmp_path)
    assert deck.name.startswith("polimi-deck-southeast-asia-")
    assert len(Presentation(str(deck)).slides) >= 2
    a, b = (url for url, _, _ in cluster["servers"])
    assert cluster["routed"][0] == a and b in cluster["routed"][1:]  # started on A, polled and fetched on B
    assert "succeeded" in (tmp_path / "worker.log").read_text(errors="replace")  # the worker made it
    assert_clean_browser(duo)
