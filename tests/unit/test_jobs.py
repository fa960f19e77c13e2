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


def _job_of(data: str):  # type: ignore[no-untyped-def]
    def job() -> str:  # the same source for every app: Dash keys its registry by source
        return data

    return job


def test_each_app_keeps_its_own_jobs_when_two_apps_share_a_process(tmp_path: Path) -> None:
    from dash.background_callback.managers import BaseBackgroundCallbackManager

    first = background_manager(Settings(cache=tmp_path / "a"))
    with first.claiming():
        key = BaseBackgroundCallbackManager.register_func(_job_of("first data"), None, "deck.data")
    runs_first = first.func_registry[key]
    second = background_manager(Settings(cache=tmp_path / "b"))  # Dash offers it every earlier job
    assert key not in second.func_registry
    with second.claiming():
        assert BaseBackgroundCallbackManager.register_func(_job_of("second data"), None, "deck.data") == key
    assert first.func_registry[key] is runs_first  # before the fix: replaced by the second app's job
    assert first.owned[key]() == "first data"
    assert second.owned[key]() == "second data"
    assert key in first.func_registry and key in second.func_registry
