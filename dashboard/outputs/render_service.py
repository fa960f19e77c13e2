"""Images of a background job rendered by its web worker's long-lived browser.

A DiskCache background job (an export or a deck from the UI) runs in a process forked from the
web worker for that one job. Started there, Chromium would cost the job 2 s or more every time,
which is most of a PNG export. So the worker offers its own browser
(:data:`dashboard.outputs.renderer`'s, started on first use and kept) on a Unix socket in a
private temporary folder (:meth:`Service.offer`, called before a job is forked), and a job
process sends its figures there and gets the images back, with a progress message per image
(:func:`render`). Chromium does the work in its own processes, so the worker's request threads
are not held up.

Anything else renders in its own process as before: the web worker itself, a command line
call, a Celery worker (a long-lived process: its browser is kept between tasks). A job whose
worker's service cannot be reached (it was restarted, the socket is gone) renders locally.
Only figures and images cross the socket (JSON and bytes, never pickle), between processes of
one account: the folder is private to it (mode 0700).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import socket
import struct
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.io as pio

from dashboard.outputs import renderer

_LENGTH = struct.Struct("!Q")
READY = b"ready"
CONNECT_TIMEOUT_S = 5.0
ANSWER_TIMEOUT_S = renderer.BATCH_TIMEOUT_S  # per image, as for a batch rendered here
WAKE_S = 0.5  # the listener's longest wait in accept(), so that it notices it was told to end


def _send(conn: socket.socket, payload: bytes) -> None:
    conn.sendall(_LENGTH.pack(len(payload)) + payload)


def _receive(conn: socket.socket) -> bytes:
    head = _exactly(conn, _LENGTH.size)
    return _exactly(conn, _LENGTH.unpack(head)[0])


def _exactly(conn: socket.socket, size: int) -> bytes:
    parts, left = [], size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("the render service closed the connection")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _close(listener: socket.socket, folder: Path) -> None:
    """A listener nobody answers any more: closed, and its socket's folder removed."""
    listener.close()
    shutil.rmtree(folder, ignore_errors=True)


class RenderFailed(RuntimeError):
    """The service's browser could not render the batch (its message says why)."""


class Service:
    """The web worker's side (:meth:`offer`) and the job's side (:meth:`render`)."""

    def __init__(self) -> None:
        """No service until :meth:`offer` is called."""
        self.path: Path | None = None
        self.pid: int | None = None
        self._thread: threading.Thread | None = None
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()

    def listening(self) -> bool:
        """Whether this process's listener is up (a stopped one is offered again by :meth:`offer`)."""
        return self.pid == os.getpid() and self._thread is not None and self._thread.is_alive()

    def offer(self) -> None:
        """Listen for this process's jobs: once per process (again in a forked web worker), and
        again whenever the listener has stopped (its thread ended by whatever ended it), so that
        a job is never sent to a socket nobody answers."""
        with self._lock:
            if self.listening():
                return
            if self._listener is not None and self.path is not None:  # one that stopped
                _close(self._listener, self.path.parent)
            folder = Path(tempfile.mkdtemp(prefix="dashboard-render-"))  # mode 0700
            path = folder / "socket"
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(str(path))
            listener.listen(16)
            thread = threading.Thread(
                target=self._accept, args=(listener, folder), name="render-service", daemon=True
            )
            thread.start()
            self.path, self.pid, self._thread, self._listener = path, os.getpid(), thread, listener
            atexit.register(shutil.rmtree, folder, True)

    def _accept(self, listener: socket.socket, folder: Path) -> None:
        listener.settimeout(WAKE_S)  # wakes to let an exception raised in this thread end it
        try:
            while self._accept_one(listener):
                pass
        except SystemExit:  # ended from outside (as dash.testing ends a test server's threads)
            pass
        finally:  # the thread was ended: nobody answers this socket any more, so it goes
            _close(listener, folder)

    def _accept_one(self, listener: socket.socket) -> bool:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            return True
        except OSError:  # one failed accept (e.g. out of descriptors) is not the end
            time.sleep(0.1)
            return True
        threading.Thread(target=self._answer, args=(conn,), name="render-job", daemon=True).start()
        return True

    def _answer(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):  # a cancelled job hangs up: nothing to answer
            _send(conn, READY)
            asked = json.loads(_receive(conn))
            jobs = [(json.loads(fig), opts) for fig, opts in asked["jobs"]]

            def progress(done: int, total: int) -> None:
                _send(conn, json.dumps({"done": done, "total": total}).encode())

            try:
                images = renderer.render(jobs, asked["topojson"], progress=progress)
            except Exception as exc:  # told to the job, which raises it as an export error
                _send(conn, json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode())
                return
            _send(conn, json.dumps({"images": len(images)}).encode())
            for image in images:
                _send(conn, image)

    def serves(self) -> bool:
        """Whether this process is a job forked from a worker that offers a service."""
        return self.path is not None and self.pid != os.getpid() and self.path.exists()

    def render(
        self,
        jobs: Sequence[tuple[Any, dict[str, object]]],
        topojson: str,
        progress: renderer.Progress,
    ) -> list[bytes] | None:
        """In a job forked from a worker that offers a service: the images, rendered there;
        ``None`` when there is no such service (or it cannot be reached): render here."""
        if not self.serves() or self.path is None:
            return None
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.settimeout(CONNECT_TIMEOUT_S)
            conn.connect(str(self.path))
        except OSError:
            conn.close()
            return None
        with conn:
            if _receive(conn) != READY:  # within CONNECT_TIMEOUT_S: a listener that does not answer is none
                return None
            conn.settimeout(ANSWER_TIMEOUT_S)
            asked = {
                "jobs": [[pio.to_json(fig, validate=False), opts] for fig, opts in jobs],
                "topojson": topojson,
            }
            _send(conn, json.dumps(asked).encode())
            while True:
                message = json.loads(_receive(conn))
                if "error" in message:
                    raise RenderFailed(message["error"])
                if "images" in message:
                    return [_receive(conn) for _ in range(int(message["images"]))]
                progress(int(message["done"]), int(message["total"]))


SERVICE = Service()


def render(
    jobs: Sequence[tuple[Any, dict[str, object]]],
    topojson: str,
    *,
    progress: renderer.Progress = renderer.quiet,
) -> list[bytes]:
    """Render a batch: through the web worker's browser in a job it forked, else here
    (:func:`dashboard.outputs.renderer.render`)."""
    try:
        images = SERVICE.render(jobs, topojson, progress)
    except (ConnectionError, TimeoutError, OSError):
        images = None  # the service went away mid-batch: this process renders it
    return images if images is not None else renderer.render(jobs, topojson, progress=progress)


def prepare() -> None:
    """Get ready for a batch about to come: start this process's browser in the background,
    unless the worker's service will render it (:func:`dashboard.outputs.renderer.prepare`)."""
    if not SERVICE.serves():
        renderer.prepare()


def offer() -> None:
    """Offer this process's browser to the background jobs it forks (see :class:`Service`)."""
    SERVICE.offer()
