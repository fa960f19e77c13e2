"""One long-lived headless Chromium per process for image exports (kaleido).

Starting Chromium costs seconds; rendering a map once it runs costs a fraction of one. So
each process keeps one :class:`kaleido.Kaleido` open in a thread of its own with its own
event loop, started on the first export, and every export of that process (a PNG from the
UI, the images of a deck, a Celery worker's tasks) hands its figures to it: a batch is
rendered concurrently in :data:`TABS` tabs (the first opens with the browser, the others
after it and join the batches as they come). Within a batch of raster or SVG images a tab is
not reloaded between figures (kaleido's own ``calc_fig`` reloads the page, plotly.js and the
base map after every figure: a third of a deck's time), nor after the batch until it has
drawn :data:`RELOAD_AFTER` images or a batch failed in it. Regional maps are drawn from base
maps cut to their view (:mod:`base_maps`), cut in a thread while the browser starts; a tab
forgets its cut copies when its share of a batch is done. A process forked from one that had
a browser (gunicorn ``--preload``, a background job) starts its own, since a browser cannot be
shared across a fork. A browser that fails is closed and replaced once before the error is raised.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import logging
import os
import queue
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dashboard.escape import log_value
from dashboard.outputs import base_maps

LOG = logging.getLogger("dashboard")

Progress = Callable[[int, int], None]
Cut = concurrent.futures.Future[dict[str, str]]  # a figure's cut base maps (name: JSON text)

TABS = 2
START_TIMEOUT_S = 60.0
# Per image in a batch, on top of kaleido's own 90 s per figure.
BATCH_TIMEOUT_S = 90.0
IMAGE_TIMEOUT_S = 90.0
WAKE_S = 0.5  # the longest the base-map thread sleeps between looks at its work
CUT_TIMEOUT_S = 30.0  # a figure's base maps not cut by then are drawn from the whole files
# Formats rendered without a page reload between figures: Plotly.toImage draws each in a
# temporary element of its own and leaves the page as it found it. PDF and EPS are printed
# from the page itself, so each of those keeps kaleido's fresh page.
NO_RELOAD_FORMATS = frozenset({"png", "jpeg", "jpg", "webp", "svg"})
# A tab is reloaded after this many such images (a fresh page, whatever plotly.js has kept),
# and after a batch that failed in it.
RELOAD_AFTER = 200


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
        self._returning: set[asyncio.Future[None]] = set()  # tabs being reloaded after a batch
        self._drawn: dict[int, int] = {}  # images each tab has drawn since it was last reloaded
        self.broken = False  # a tab failed to reload: this browser is replaced before the next batch

        async def start() -> Any:
            # mathjax=False: no script from a CDN in the page kaleido renders in. One tab is
            # opened before the browser is ready, the others after (each page loads plotly.js,
            # about 2 s): the first export does not wait for them, and a batch takes them on
            # as they come.
            browser = kaleido.Kaleido(n=1, mathjax=False)
            await browser.open()
            for _ in range(tabs - 1):
                opening = asyncio.ensure_future(browser._create_kaleido_tab())
                self._returning.add(opening)
                opening.add_done_callback(_opened)
                opening.add_done_callback(self._returning.discard)
            return browser

        try:
            self._kaleido = self._run(start(), START_TIMEOUT_S)
        except BaseException:
            self._stop_loop()
            raise

    def render(
        self,
        jobs: Sequence[tuple[object, dict[str, object]]],
        topojson: str,
        progress: Progress,
        cuts: Sequence[Cut] | None = None,
    ) -> list[bytes]:
        """The images of ``(figure, options)`` jobs, in order, all submitted at once; ``cuts``
        are their base maps' cut copies, when the caller has set them going already."""
        if self.broken:
            raise RuntimeError("a tab of this browser failed to reload after its last batch")
        if _in_tabs(jobs):
            return self._render_in_tabs(jobs, topojson, progress, cuts or _CUTTER.cut(jobs, topojson))
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
        self,
        jobs: Sequence[tuple[object, dict[str, object]]],
        topojson: str,
        progress: Progress,
        cuts: Sequence[Cut],
    ) -> list[bytes]:
        """The batch shared among the tabs, each rendering figure after figure without a reload;
        progress is reported in the caller's thread as each image is ready."""
        finished: queue.SimpleQueue[int] = queue.SimpleQueue()
        future = asyncio.run_coroutine_threadsafe(self._batch(jobs, cuts, topojson, finished.put), self._loop)
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
        self,
        jobs: Sequence[tuple[object, dict[str, object]]],
        cuts: Sequence[Cut],
        topojson: str,
        finished: Callable[[int], None],
    ) -> list[bytes]:
        from kaleido import _profiler
        from kaleido._utils import fig_tools

        pending = list(enumerate(jobs))
        images: list[bytes] = [b""] * len(jobs)

        waiting: set[asyncio.Future[None]] = set()  # tabs asked for, not yet had

        async def one_tab() -> None:
            asking = asyncio.current_task()
            if asking is not None:
                waiting.add(asking)
            try:
                tab = await self._kaleido._get_kaleido_tab()
            finally:
                waiting.discard(asking)  # type: ignore[arg-type]
            drawn = 0
            held: set[str] = set()  # base maps plotly.js holds in this tab as cut copies
            try:
                while pending:
                    index, (fig, opts) = pending.pop(0)
                    maps = await _cut_maps(cuts[index])
                    await _give_base_maps(tab, maps, forget=sorted(held - set(maps)))
                    held = set(maps)
                    spec = fig_tools.coerce_for_js(fig, None, opts)
                    profile = _profiler.RenderTaskProfile(spec, None, tab.tab.target_id)
                    render = tab._calc_fig(spec, topojson=topojson, render_prof=profile, stepper=False)
                    images[index] = await asyncio.wait_for(render, IMAGE_TIMEOUT_S)
                    drawn += 1
                    finished(index)
                # Whatever renders in this tab next (a PDF through kaleido's own path too)
                # reads the whole files.
                await _give_base_maps(tab, {}, forget=sorted(held))
            except BaseException:
                pending.clear()  # the other tabs stop too: the batch has failed
                self._give_back(tab, drawn, failed=True)
                raise
            self._give_back(tab, drawn, failed=False)

        tasks = [asyncio.ensure_future(one_tab()) for _ in range(min(self.tabs, len(jobs)))]
        try:
            running: set[asyncio.Future[None]] = set(tasks)
            while running:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # the batch fails with the first tab that failed
                if not pending and running <= waiting:
                    break  # all drawn: no need of a tab still opening or busy elsewhere
        finally:
            for task in tasks:
                if task in waiting or not task.done():
                    task.cancel()
        return images

    def _give_back(self, tab: Any, drawn: int, *, failed: bool) -> None:
        """Put a tab back for the next batch: as it is, or reloaded (in the background, while
        this batch's images go back) once it has drawn :data:`RELOAD_AFTER` images or failed."""
        self._drawn[id(tab)] = self._drawn.get(id(tab), 0) + drawn
        if not failed and self._drawn[id(tab)] < RELOAD_AFTER:
            self._kaleido.tabs_ready.put_nowait(tab)
            return
        self._drawn[id(tab)] = 0
        returning = asyncio.ensure_future(self._kaleido._return_kaleido_tab(tab))
        self._returning.add(returning)
        returning.add_done_callback(self._returned)
        returning.add_done_callback(self._returning.discard)

    def _returned(self, task: asyncio.Future[None]) -> None:
        """A tab reloaded after its batch. One that failed was not put back: the browser is
        broken, and the next batch replaces it rather than wait for the tab."""
        if not task.cancelled() and task.exception() is not None:
            self.broken = True

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


async def _cut_maps(cut: Cut) -> dict[str, str]:
    """A figure's cut base maps; none (it is drawn from the whole files) if they could not be
    cut, or not within :data:`CUT_TIMEOUT_S`."""
    try:
        return await asyncio.wait_for(asyncio.wrap_future(cut), CUT_TIMEOUT_S)
    except (Exception, TimeoutError) as exc:
        LOG.warning("base map not cut, drawn whole: %s", log_value(exc))
        return {}


def _opened(task: asyncio.Future[None]) -> None:
    """A tab opened after the browser: one that could not be is logged, and the browser
    renders with the tabs it has."""
    if not task.cancelled() and (error := task.exception()) is not None:
        LOG.warning("a kaleido tab could not be opened: %s", log_value(error))


def _in_tabs(jobs: Sequence[tuple[object, dict[str, object]]]) -> bool:
    """Whether a batch is rendered figure after figure in tabs that are not reloaded."""
    return bool(jobs) and _tab_api() and all(opts.get("format") in NO_RELOAD_FORMATS for _, opts in jobs)


class _Cutter:
    """The thread that cuts the base maps of a batch's figures (:mod:`base_maps`), in order,
    while the browser starts and the tabs render: one per process, started again after a fork
    or when something ended it (as ``dash.testing`` ends a test server's threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._work: queue.SimpleQueue[tuple[Cut, object, Path | None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def cut(self, jobs: Sequence[tuple[object, dict[str, object]]], topojson: str) -> list[Cut]:
        source = _folder(topojson)
        cuts: list[Cut] = []
        with self._lock:
            if self._thread is None or not self._thread.is_alive():  # dead too after a fork
                self._work = queue.SimpleQueue()
                self._thread = threading.Thread(
                    target=self._run, args=(self._work,), name="base-maps", daemon=True
                )
                self._thread.start()
            for fig, _ in jobs:
                cuts.append(concurrent.futures.Future())
                self._work.put((cuts[-1], fig, source))
        return cuts

    @staticmethod
    def _run(work: queue.SimpleQueue[tuple[Cut, object, Path | None]]) -> None:
        current: Cut | None = None
        try:
            while True:
                item = _next(work)
                if item is not None:
                    current = item[0]
                    _cut_one(*item)
                    current = None
        except SystemExit:  # ended from outside: the next batch starts another thread, and
            # these figures are drawn from the whole files
            ended = RuntimeError("the thread cutting base maps was ended")
            left = [current] if current is not None else []
            while not work.empty():
                cut = work.get()[0]
                if cut.set_running_or_notify_cancel():
                    left.append(cut)
            for cut in left:
                with contextlib.suppress(concurrent.futures.InvalidStateError):
                    cut.set_exception(ended)


_CUTTER = _Cutter()


def _cut_one(cut: Cut, fig: object, source: Path | None) -> None:
    if cut.set_running_or_notify_cancel():  # else its batch ended before its turn
        try:
            cut.set_result(_view_maps(fig, source))
        except Exception as exc:  # its figure is drawn from the whole files
            cut.set_exception(exc)


def _next(work: queue.SimpleQueue[Any]) -> Any:
    """The next piece of work, or ``None`` after :data:`WAKE_S`: the thread wakes now and then,
    so that an exception raised in it from outside ends it. (In a function of its own, and the
    loop without ``continue``: raised there, CPython 3.11 let it past the loop's handler.)"""
    try:
        return work.get(timeout=WAKE_S)
    except queue.Empty:
        return None


def _folder(topojson: str) -> Path | None:
    """The folder a ``file://`` URI names (base maps are cut only from a local folder)."""
    if not topojson.startswith("file://"):
        return None
    return Path(urllib.request.url2pathname(urllib.parse.urlparse(topojson).path))


def _view_maps(fig: object, source: Path | None) -> dict[str, str]:
    return {} if source is None else base_maps.view_maps(fig, source)


# Puts cut copies where plotly.js keeps the base maps it has read (by name: ``world_50m``),
# so it draws from them without reading the file, and forgets the cut copies of other names.
_GIVE_MAPS = """function(maps, forget) {
  const assets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}});
  assets.topojson = assets.topojson || {};
  for (const name of forget) { delete assets.topojson[name]; }
  for (const [name, text] of Object.entries(maps)) {
    try { assets.topojson[name] = JSON.parse(text); }
    catch (e) { delete assets.topojson[name]; }  // a damaged copy: the whole file is read
  }
}"""


async def _give_base_maps(tab: Any, maps: dict[str, str], *, forget: Sequence[str]) -> None:
    """Hand a tab's plotly.js the cut base maps of its next figure (see :mod:`base_maps`)."""
    if not maps and not forget:
        return
    from kaleido._kaleido_tab import _devtools_utils

    result = await _devtools_utils.exec_js_fn(tab.tab, tab._current_js_id, _GIVE_MAPS, maps, list(forget))
    if "error" in result or "exceptionDetails" in result.get("result", {}):
        raise RuntimeError(f"the base maps could not be handed to the page: {result}")


def _tab_api() -> bool:
    """Whether this kaleido has the tab-level calls the no-reload batch uses (kaleido 1.5.0,
    pinned; another version falls back to one ``calc_fig`` per figure)."""
    try:
        from kaleido import _profiler
        from kaleido._kaleido_tab import _devtools_utils
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
            hasattr(_devtools_utils, "exec_js_fn"),
        )
    )


class _Holder:
    """This process's browser: started on first use, again after a fork or a failure."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._browser: Browser | None = None
        self._starting: threading.Thread | None = None

    def get(self) -> Browser:
        with self._lock:
            if self._browser is None or self._browser.pid != os.getpid():
                self._browser = Browser()
                atexit.register(self._browser.close)
            return self._browser

    def prepare(self) -> None:
        """Start the browser in a thread of its own unless it runs or is starting; a later
        :meth:`get` waits for it (a start that fails there is tried again by ``get``)."""
        with self._lock:
            if self._browser is not None and self._browser.pid == os.getpid():
                return
        if self._starting is not None and self._starting.is_alive():
            return

        def start() -> None:
            with contextlib.suppress(Exception):
                self.get()

        self._starting = threading.Thread(target=start, name="kaleido-start", daemon=True)
        self._starting.start()

    def drop(self, browser: Browser) -> None:
        with self._lock:
            if self._browser is browser:
                self._browser = None
        browser.close()


_HOLDER = _Holder()


def quiet(done: int, total: int) -> None:
    """No progress report."""


def prepare() -> None:
    """Start this process's browser in the background, if it has none, so that a batch about
    to come (a deck's maps, while its figures are being built) does not wait for Chromium."""
    _HOLDER.prepare()


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
    # The base maps are cut while the browser starts, if it must.
    cuts = _CUTTER.cut(jobs, topojson) if _in_tabs(jobs) else None
    try:
        browser = _HOLDER.get()
        try:
            return browser.render(jobs, topojson, progress, cuts)
        except Exception:
            _HOLDER.drop(browser)
            return _HOLDER.get().render(jobs, topojson, progress, cuts)
    finally:
        for cut in cuts or ():
            cut.cancel()


def close() -> None:
    """Close this process's browser if it has one (the next export starts another)."""
    browser = _HOLDER._browser
    if browser is not None:
        _HOLDER.drop(browser)
