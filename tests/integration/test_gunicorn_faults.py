"""A gunicorn worker killed outright (OOM killer, ``kill -9``): the service keeps answering.

The master notices the dead worker and forks a new one from the preloaded app; meanwhile the
other workers take the requests from the shared socket, so no request is refused. A request
that was running in the killed worker loses its connection: the page then says so (see
``assets/faults.js`` and ``tests/e2e/test_faults.py``).
"""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from benchmarks.server import gunicorn
from tests.integration.test_gunicorn import _flow

pytest.importorskip("gunicorn")

RESPAWN_WITHIN = 15.0  # seconds; measured ~1 s on 2 busy cores


def _live_workers(master: psutil.Process, count: int, *, gone: int | None = None) -> list[psutil.Process]:
    """The master's ``count`` live workers, once there are that many (and ``gone`` is not one)."""
    deadline = time.monotonic() + RESPAWN_WITHIN
    while time.monotonic() < deadline:
        workers = [w for w in master.children() if w.status() != psutil.STATUS_ZOMBIE and w.pid != gone]
        if len(workers) == count:
            return workers
        time.sleep(0.05)
    raise AssertionError(f"gunicorn did not have {count} live workers within {RESPAWN_WITHIN:.0f} s")


def test_a_killed_worker_is_replaced_and_every_request_still_answers(tiny_dir):
    with gunicorn(tiny_dir, workers=4, timeout=60) as served:
        base, master = served.url, psutil.Process(served.pid)
        workers = _live_workers(master, 4)
        expected = _flow(base)
        victim = workers[0]
        killed = time.monotonic()
        os.kill(victim.pid, signal.SIGKILL)
        assert _flow(base) == expected  # the three others answer at once, correctly
        answered = time.monotonic() - killed
        after = _live_workers(master, 4, gone=victim.pid)
        respawned = time.monotonic() - killed  # an upper bound: it includes the flow above
        (fresh,) = [w for w in after if w.pid not in {v.pid for v in workers}]
        others = [w for w in after if w.pid != fresh.pid]
        for worker in others:  # SIGSTOP: only the new worker can accept, so it answers the flow
            worker.suspend()
        try:
            assert _flow(base) == expected
        finally:
            for worker in others:
                worker.resume()
        assert master.is_running() and fresh.is_running()
    print(f"after SIGKILL: whole flow answered in {answered:.2f} s, 4 workers again within {respawned:.2f} s")
    assert respawned < RESPAWN_WITHIN
