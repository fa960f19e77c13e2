"""Start and stop ``gunicorn app:server`` on 127.0.0.1 for benchmarks and tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Served:
    """A running server: ``url`` (``http://127.0.0.1:PORT``) and the gunicorn master's ``pid``."""

    url: str
    pid: int


def free_port() -> int:
    """A TCP port that is free right now on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def gunicorn(data_dir: Path, *, workers: int = 4, timeout: float = 120.0) -> Iterator[Served]:
    """Serve the app with gunicorn (``--preload``: the model is built once, then forked).

    Yields:
        The base URL and the master's pid. On exit the server (only the process started
        here) is stopped.
    """
    port = free_port()
    env = {**os.environ, "DASHBOARD_DATA": str(data_dir)}
    command = [
        sys.executable, "-m", "gunicorn", "app:server",
        "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--preload",
        "--timeout", "120", "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, proc, timeout)
        yield Served(base, proc.pid)
    finally:
        stop(proc)


def _wait_ready(base: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"gunicorn did not answer on {base} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop gunicorn gracefully (SIGTERM to its master), then for good."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group started here: master and its workers
            proc.wait(timeout=10)
    _reap_group(proc.pid)


def _reap_group(group: int, grace: float = 15.0) -> None:
    """Wait until no process of the group is left (a busy machine lets workers outlive the
    master by a moment), then kill any that still is."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
