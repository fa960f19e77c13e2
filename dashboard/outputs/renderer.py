"""One long-lived headless Chromium per process for image exports (kaleido).

Starting Chromium costs seconds; rendering a map once it runs costs a fraction of one. So
each process keeps one :class:`kaleido.Kaleido` open in a thread of its own with its own
event loop, started on the first export, and every export of that process (a PNG from the
UI, the images of a deck, a Celery worker's tasks) hands its figures to it: a batch is
rendered concurrently in :data:`TABS` tabs. Within a batch of raster or SVG images a tab is
not reloaded between figures (kaleido's own ``calc_fig`` reloads the page, plotly.js and the
base map after every figure: a third of a deck's time); it is reloaded once, when its share
of the batch is done. A process forked from one that had a browser
(gunicorn ``--preload``, a background job) starts its own, since a browser cannot be shared
across a fork. A browser that fails is closed and replaced once before the error is raised.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

Progress = Callable[[int, int], None]

TABS = 2
START_TIMEOUT_S = 60.0
# Per image in a batch, on top of kaleido's own 90 s per figure.
BATCH_TIMEOUT_S = 90.0
IMAGE_TIMEOUT_S = 90.0
# Formats rendered without a page reload between figures: Plotly.toImage draws each in a
# temporary element of its own and leaves the page as it found it. PDF and EPS are printed
# from the page itself, so each of those keeps kaleido's fresh page.
NO_RELOAD_FORMATS = frozenset({"png", "jpeg", "jpg", "webp", "svg"})


class Browser:
    """A kaleido browser and the event-loop thread that drives it.

    Args:
        tabs: How many figures it renders at once.
    """

    def __init__(self, tabs: int = TABS) -> None:
        """Start Chromium (raises what kaleido raises when it cannot)."""
        import kaleido

        self.pid = os.getpid()
        self.tabs = tabs
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()

        async def start() -> Any:
            # mathjax=False: no script from a CDN in the page kaleido renders in.
            browser = kaleido.Kaleido(n=tabs, mathjax=False)
            await browser.open()
            return browser

        try:
            self._kaleido = self._run(start(), START_TIMEOUT_S)
        except BaseException:
            self._stop_loop()
            raise

    def render(
        self, jobs: Sequence[tuple[object, dict[str, object]]], topojson: str, progress: Progress
    ) -> list[bytes]:
        """The images of ``(figure, options)`` jobs, in order, all submitted at once."""
        if jobs and _tab_api() and all(opts.get("format") in NO_RELOAD_FORMATS for _, opts in jobs):
            return self._render_in_tabs(jobs, topojson, progress)
        futures = [
            asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig, opts, topojson=topojson), self._loop)
            for fig, opts in jobs
        ]
        deadline = time.monotonic() + BATCH_TIMEOUT_S * max(len(jobs), 1)
        try:
            for done, _ in enumerate(
                concurrent.futures.as_completed(futures, timeout=deadline - time.monotonic()), 1
            ):
                progress(done, len(futures))
            return [future.result() for future in futures]
        finally:
            for future in futures:
                future.cancel()

    def _render_in_tabs(
        self, jobs: Sequence[tuple[object, dict[str, object]]], topojson: str, progress: Progress
    ) -> list[bytes]:
        """The batch shared among the tabs, each rendering figure after figure without a reload;
        progress is reported in the caller's thread as each image is ready."""
        finished: queue.SimpleQueue[int] = queue.SimpleQueue()
        future = asyncio.run_coroutine_threadsafe(self._batch(jobs, topojson, finished.put), self._loop)
        deadline = time.monotonic() + BATCH_TIMEOUT_S * len(jobs)
        done = 0
        try:
            while not future.done():
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"{len(jobs)} images not rendered within {BATCH_TIMEOUT_S * len(jobs):.0f} s"
                    )
                with contextlib.suppress(queue.Empty):
                    finished.get(timeout=0.1)
                    done += 1
                    progress(done, len(jobs))
            images: list[bytes] = future.result()
        finally:
            future.cancel()
        while not finished.empty():  # the last images, ready as the batch ended
            finished.get()
            done += 1
            progress(done, len(jobs))
        return images

    async def _batch(
        self, jobs: Sequence[tuple[object, dict[str, object]]], topojson: str, finished: Callable[[int], None]
    ) -> list[bytes]:
        from kaleido import _profiler
        from kaleido._utils import fig_tools

        pending = list(enumerate(jobs))
        images: list[bytes] = [b""] * len(jobs)

        async def one_tab() -> None:
            tab = await self._kaleido._get_kaleido_tab()
            try:
                while pending:
                    index, (fig, opts) = pending.pop(0)
                    spec = fig_tools.coerce_for_js(fig, None, opts)
                    profile = _profiler.RenderTaskProfile(spec, None, tab.tab.target_id)
                    render = tab._calc_fig(spec, topojson=topojson, render_prof=profile, stepper=False)
                    images[index] = await asyncio.wait_for(render, IMAGE_TIMEOUT_S)
                    finished(index)
            except BaseException:
                pending.clear()  # the other tabs stop too: the batch has failed
                raise
            finally:
                await self._kaleido._return_kaleido_tab(tab)

        await asyncio.gather(*(one_tab() for _ in range(min(self.tabs, len(jobs)))))
        return images

    def close(self) -> None:
        """Close Chromium and stop the thread (only in the process that started them)."""
        if os.getpid() == self.pid and self._thread.is_alive():
            with contextlib.suppress(Exception):
                self._run(self._kaleido.close(), 20)
            self._stop_loop()

    def _run(self, coroutine: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def _tab_api() -> bool:
    """Whether this kaleido has the tab-level calls the no-reload batch uses (kaleido 1.5.0,
    pinned; another version falls back to one ``calc_fig`` per figure)."""
    try:
        from kaleido import _profiler
        from kaleido._kaleido_tab._tab import _KaleidoTab
        from kaleido._utils import fig_tools
        from kaleido.kaleido import Kaleido
    except ImportError:
        return False
    return all(
        (
            hasattr(Kaleido, "_get_kaleido_tab"),
            hasattr(Kaleido, "_return_kaleido_tab"),
            hasattr(_KaleidoTab, "_calc_fig"),
            hasattr(fig_tools, "coerce_for_js"),
            hasattr(_profiler, "RenderTaskProfile"),
        )
    )


class _Holder:
    """This process's browser: started on first use, again after a fork or a failure."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._browser: Browser | None = None

    def get(self) -> Browser:
        with self._lock:
            if self._browser is None or self._browser.pid != os.getpid():
                self._browser = Browser()
                atexit.register(self._browser.close)
            return self._browser

    def drop(self, browser: Browser) -> None:
        with self._lock:
            if self._browser is browser:
                self._browser = None
        browser.close()


_HOLDER = _Holder()


def quiet(done: int, total: int) -> None:
    """No progress report."""


def render(
    jobs: Sequence[tuple[object, dict[str, object]]], topojson: str, *, progress: Progress = quiet
) -> list[bytes]:
    """Render a batch in this process's browser; a failed browser is replaced and tried once more.

    Args:
        jobs: ``(figure, kaleido options)`` pairs.
        topojson: URI of the folder holding the base maps.
        progress: Called with (images done, images) as each image is ready.

    Returns:
        The images' bytes, in order.
    """
    browser = _HOLDER.get()
    try:
        return browser.render(jobs, topojson, progress)
    except Exception:
        _HOLDER.drop(browser)
        return _HOLDER.get().render(jobs, topojson, progress)


def close() -> None:
    """Close this process's browser if it has one (the next export starts another)."""
    browser = _HOLDER._browser
    if browser is not None:
        _HOLDER.drop(browser)
