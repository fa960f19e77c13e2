"""The current model of a data folder, reloaded when the folder changes on disk.

When files change while the app runs, the new version is loaded in the background and
swapped in only if it is valid: an invalid edit never takes the dashboard down. The last
good model keeps being served and the problem is shown on the page until it is fixed.
One store per app (no module-level state); each gunicorn worker has its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from dashboard.data.cache import OFF, DiskCache
from dashboard.data.problems import DataError, Report
from dashboard.network.model import Model, load_model

T = TypeVar("T")


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
        cache: Where derived data of each version is kept (shared with other workers and servers).
    """

    def __init__(
        self,
        data_dir: Path,
        model: Model,
        *,
        interval: float = 2.0,
        background: bool = True,
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
        self.problem: Report | None = None
        self.problem_since: str = ""

    @property
    def model(self) -> Model:
        """The current model (the last good one), checking the folder at most every ``interval`` s."""
        now = time.monotonic()
        if now - self._checked >= self._interval:
            self._checked = now
            signature = folder_signature(self.data_dir)
            if signature != self._signature:
                self._start_reload(signature)
        return self._model

    def _start_reload(self, signature: tuple[tuple[str, int, int], ...]) -> None:
        with self._lock:
            if self._loading:
                return
            self._loading = True
            self._signature = signature
        if self._background:
            threading.Thread(target=self._reload, name="data-reload", daemon=True).start()
        else:
            self._reload()

    def _reload(self) -> None:
        try:
            model = load_model(self.data_dir, cache=self._cache)
        except DataError as exc:
            self.problem, self.problem_since = exc.report, time.strftime("%Y-%m-%d %H:%M")
        except Exception as exc:  # any failure must leave the last good data in place
            report = Report()
            report.add("error", str(self.data_dir), f"could not be reloaded: {type(exc).__name__}: {exc}")
            self.problem, self.problem_since = report, time.strftime("%Y-%m-%d %H:%M")
        else:
            self._model, self.problem, self.problem_since = model, None, ""
        finally:
            with self._lock:
                self._loading = False


class Derived(Generic[T]):
    """Something built from the current model (views, precomputed answers), rebuilt when it changes."""

    def __init__(self, store: ModelStore, build: Callable[[Model], T]) -> None:
        """Remember how to build it."""
        self._store = store
        self._build = build
        self._for: Model | None = None
        self._value: T | None = None

    def get(self) -> T:
        """The value for the store's current model."""
        model = self._store.model
        if model is not self._for or self._value is None:
            self._value, self._for = self._build(model), model
        return self._value

    def __getattr__(self, name: str) -> object:
        """Act as the current value: ``views.render(...)`` works on a ``Derived`` of views."""
        return getattr(self.get(), name)
