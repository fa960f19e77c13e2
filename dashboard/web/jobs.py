"""Where long work (image exports, decks) runs: Dash background callbacks and their manager.

Without ``DASHBOARD_REDIS_URL`` a :class:`~dash.DiskcacheManager` runs each job in a process
of its own on the web server's machine, with progress and results in a DiskCache folder
(``<cache>/jobs``) that every worker of that server shares: nothing to install. With it, a
:class:`~dash.CeleryManager` queues jobs in Redis for Celery workers, on this machine or
others (``celery -A app:celery_app worker``), and keeps progress and results in Redis, so any
app server sharing that Redis answers the browser's polls: a deck started through one server
downloads from another.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dash import CeleryManager, DiskcacheManager

from dashboard.config import Settings, cache_dir

# A finished job's result waits this long for the browser to fetch it.
RESULT_EXPIRE_S = 3600


def jobs_folder(settings: Settings) -> Path:
    """The DiskCache folder of background jobs: ``<cache>/jobs`` (a temporary folder when the cache is off).

    Examples:
        >>> jobs_folder(Settings(cache=Path("/srv/cache")))
        PosixPath('/srv/cache/jobs')
    """
    folder = cache_dir(settings)
    return folder / "jobs" if folder is not None else Path(tempfile.gettempdir()) / "dashboard-jobs"


def celery_app(redis_url: str) -> Any:
    """A Celery app whose broker and result backend are ``redis_url``."""
    from celery import Celery

    app = Celery("dashboard", broker=redis_url, backend=redis_url)
    app.conf.update(
        result_expires=RESULT_EXPIRE_S,
        task_acks_late=True,  # a job whose worker dies is handed to another
        worker_prefetch_multiplier=1,  # a long deck does not hold shorter jobs behind it
        broker_connection_retry_on_startup=True,
    )
    return app


class _OwnJobs:
    """A manager that runs only the jobs of the app it was made for.

    Dash keeps one registry of background functions per process and hands every new function to
    every manager, keyed by the function's source and output id. Two apps in one process (tests,
    a second data folder) register the same source, so the later app's function replaced the
    earlier's in both managers, and a deck asked of one app was made from the other's data. A
    manager of this kind takes a function only inside :meth:`claiming`, i.e. while its own app
    registers its callbacks.
    """

    _claiming = False
    owned: dict[str, Callable[..., Any]]

    def register(self, key: str, fn: Callable[..., Any], progress: Any) -> None:
        if self._claiming:
            self.owned = {**getattr(self, "owned", {}), key: fn}
            super().register(key, fn, progress)  # type: ignore[misc]

    @contextmanager
    def claiming(self) -> Iterator[None]:
        """Within this block, background functions registered are this manager's (and only its)."""
        self._claiming = True
        try:
            yield
        finally:
            self._claiming = False


class OwnDiskcacheManager(_OwnJobs, DiskcacheManager):
    """DiskCache jobs of one app."""


class OwnCeleryManager(_OwnJobs, CeleryManager):
    """Celery jobs of one app."""


def background_manager(settings: Settings) -> OwnDiskcacheManager | OwnCeleryManager:
    """The background-callback manager the settings ask for (Celery with Redis, else DiskCache)."""
    if settings.redis_url:
        return OwnCeleryManager(celery_app(settings.redis_url), expire=RESULT_EXPIRE_S)
    import diskcache

    return OwnDiskcacheManager(diskcache.Cache(str(jobs_folder(settings))), expire=RESULT_EXPIRE_S)


def celery_of(manager: object) -> Any:
    """The Celery app behind a background manager, or ``None`` for DiskCache jobs."""
    return manager.handle if isinstance(manager, CeleryManager) else None
