"""The current model of a data folder, reloaded when the folder changes on disk.

When files change while the app runs, the new version is loaded in the background and
swapped in only if it is valid: an invalid edit never takes the dashboard down. The last
good model keeps being served and the problem is shown on the page until it is fixed.
One store per app (no module-level state); each gunicorn worker has its own.

A page never mixes two versions: it was built from one model (``Dataset.version``, a hash of
the data files, the same on every server), and its later requests can be answered from that
model while the store still holds it (the current one or the one it replaced), by pinning
it for the request (:meth:`ModelStore.pinned`); see :mod:`dashboard.web.versions`.

A reload has a time limit (``RELOAD_LIMIT``): one that has not finished by then (a file on a
network share that stopped answering) is abandoned, reported on the page, and the next change
of the folder starts a fresh one; an abandoned reload that finishes later is ignored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Generic, TypeVar

from dashboard.data.cache import OFF, DiskCache
from dashboard.data.problems import DataError, Report
from dashboard.network.model import Model, load_model

T = TypeVar("T")
RELOAD_LIMIT = 60.0  # seconds; the largest benchmark folder loads in a fraction of it


def folder_signature(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the data files: cheap to read every few seconds."""
    entries = []
    try:
        paths = sorted(data_dir.glob("*"))
    except OSError:
        return ()
    for path in paths:
        if path.suffix in {".csv", ".toml"}:
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class ModelStore:
    """Holds the last good model of a folder and reloads it when the folder changes.

    Args:
        data_dir: The data folder.
        model: The model loaded at start-up (known good).
        interval: Seconds between two looks at the folder.
        background: Reload in a thread (the app); ``False`` reloads inline (tests).
        limit: Seconds after which an unfinished reload is abandoned.
        cache: Where derived data of each version is kept (shared with other workers and servers).
    """

    def __init__(
        self,
        data_dir: Path,
        model: Model,
        *,
        interval: float = 2.0,
        background: bool = True,
        limit: float = RELOAD_LIMIT,
        cache: DiskCache = OFF,
    ) -> None:
        """Start from a known good model."""
        self._cache = cache
        self.data_dir = Path(data_dir)
        self._model = model
        self._interval = interval
        self._background = background
        self._signature = folder_signature(self.data_dir)
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        self._loading = False
        self._limit = limit
        self._started = 0.0
        self._generation = 0  # the reload whose result counts
        self._previous: Model | None = None  # the model the last reload replaced
        self._pinned: ContextVar[Model | None] = ContextVar(f"pinned-model-{id(self)}", default=None)
        self.problem: Report | None = None
        self.problem_since: str = ""

    @property
    def model(self) -> Model:
        """The model of this request: the one pinned for it, else the current one (the last good
        one); the folder is checked at most every ``interval`` s."""
        now = time.monotonic()
        if now - self._checked >= self._interval:
            self._checked = now
            self._abandon_if_late(now)
            signature = folder_signature(self.data_dir)
            if signature != self._signature:
                self._start_reload(signature)
        return self._pinned.get() or self._model

    @property
    def version(self) -> str:
        """The current model's data version (ignoring any pin)."""
        _ = self.model  # a due look at the folder
        return self._model.ds.version

    def held(self, version: str) -> Model | None:
        """The model of ``version`` if this store still has it (the current one or the one the
        last reload replaced), else ``None``."""
        for model in (self._model, self._previous):
            if model is not None and model.ds.version == version:
                return model
        return None

    def pin(self, model: Model | None) -> None:
        """Answer ``model`` for the rest of this request's context (``None``: the current one)."""
        self._pinned.set(model)

    @contextmanager
    def pinned(self, model: Model) -> Iterator[Model]:
        """Within the block, :attr:`model` is ``model`` (one page built from one version)."""
        token = self._pinned.set(model)
        try:
            yield model
        finally:
            self._pinned.reset(token)

    def look_now(self) -> None:
        """Look at the folder on the next access, not after the interval (a page knew of a
        version this server has not seen yet)."""
        self._checked = float("-inf")

    def _abandon_if_late(self, now: float) -> None:
        with self._lock:
            if not self._loading or now - self._started < self._limit:
                return
            self._generation += 1  # the late reload's result will be ignored
            self._loading = False
            self._signature = ()  # look again: the next check starts a fresh reload
        report = Report()
        report.say("error", str(self.data_dir), "problem.store.reload_late", seconds=self._limit)
        self.problem, self.problem_since = report, time.strftime("%Y-%m-%d %H:%M")

    def _start_reload(self, signature: tuple[tuple[str, int, int], ...]) -> None:
        with self._lock:
            if self._loading:
                return
            self._loading, self._started = True, time.monotonic()
            self._signature = signature
            generation = self._generation
        if self._background:
            threading.Thread(target=self._reload, args=(generation,), name="data-reload", daemon=True).start()
        else:
            self._reload(generation)

    def _reload(self, generation: int) -> None:
        model: Model | None = None
        problem: Report | None = None
        try:
            model = load_model(self.data_dir, cache=self._cache)
        except DataError as exc:
            problem = exc.report
        except Exception as exc:  # any failure must leave the last good data in place
            problem = Report()
            problem.say(
                "error",
                str(self.data_dir),
                "problem.store.reload_failed",
                error=type(exc).__name__,
                reason=str(exc),
            )
        with self._lock:
            if generation != self._generation:
                return  # abandoned: a newer reload (or none) decides
            self._loading = False
            if model is not None:
                if model.ds.version != self._model.ds.version:
                    self._previous = self._model
                self._model, self.problem, self.problem_since = model, None, ""
            else:
                self.problem, self.problem_since = problem, time.strftime("%Y-%m-%d %H:%M")


class Derived(Generic[T]):
    """Something built from the current model (views, precomputed answers), rebuilt when it changes."""

    KEEP = 2  # the current model's value and a pinned older one: pages of both are answered

    def __init__(self, store: ModelStore, build: Callable[[Model], T]) -> None:
        """Remember how to build it."""
        self._store = store
        self._build = build
        self._built: list[tuple[Model, T]] = []  # most recently used first
        self._lock = threading.Lock()

    def get(self) -> T:
        """The value for the store's model of this request."""
        model = self._store.model
        with self._lock:
            for built_for, value in self._built:
                if built_for is model:
                    return value
        value = self._build(model)  # outside the lock: a slow build does not hold other requests
        with self._lock:
            self._built = [(model, value), *(b for b in self._built if b[0] is not model)][: self.KEEP]
        return value

    def __getattr__(self, name: str) -> object:
        """Act as the current value: ``views.render(...)`` works on a ``Derived`` of views."""
        return getattr(self.get(), name)
