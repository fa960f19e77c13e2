"""Which manager runs background jobs, and where DiskCache keeps them."""

from __future__ import annotations

from pathlib import Path

from dash import CeleryManager, DiskcacheManager

from dashboard.config import Settings
from dashboard.web.jobs import background_manager, celery_of, jobs_folder


def test_diskcache_by_default_in_the_cache_folder(tmp_path: Path) -> None:
    settings = Settings(cache=tmp_path / "cache")
    manager = background_manager(settings)
    assert isinstance(manager, DiskcacheManager)
    assert jobs_folder(settings) == tmp_path / "cache" / "jobs"
    assert Path(manager.handle.directory) == tmp_path / "cache" / "jobs"
    assert celery_of(manager) is None


def test_celery_with_redis_when_a_url_is_set() -> None:
    settings = Settings.from_env({"DASHBOARD_REDIS_URL": "redis://127.0.0.1:6399/3"})
    manager = background_manager(settings)
    assert isinstance(manager, CeleryManager)
    app = celery_of(manager)
    assert app.conf.broker_url == "redis://127.0.0.1:6399/3"
    assert app.conf.result_backend == "redis://127.0.0.1:6399/3"
    assert app.conf.task_acks_late is True


def test_the_redis_url_is_never_shown_in_the_settings_repr() -> None:
    assert "secret" not in repr(Settings(redis_url="redis://:secret@host:6379/0"))
