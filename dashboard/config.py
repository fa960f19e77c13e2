"""Runtime settings: one frozen dataclass, read from the environment in one place."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
ASSETS_DIR = PROJECT_ROOT / "assets"
TOPOJSON_DIR = ASSETS_DIR / "topojson"

_TRUE = {"1", "true", "yes", "on"}
# Read once, here: the one module that reads the environment.
_CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "university-dashboard"


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to start.

    Attributes:
        data_dir: Folder holding ``dataset.toml`` and the CSV tables.
        host: Interface to listen on.
        port: TCP port.
        debug: Dash debug mode (off unless asked for).
        default_lang: Language of the UI text.
        frame_ancestors: CSP ``frame-ancestors``: who may embed the app in a frame
            (e.g. ``'self' https://intranet.example.edu``).
        admin_password: Password of the user ``admin`` (HTTP Basic) for ``/import``; empty:
            no password sign-in. Never shown in ``repr``.
        trusted_user_header: Request header in which a single sign-on reverse proxy puts
            the signed-in user (e.g. ``X-Remote-User``); empty: no such sign-in. Only safe
            behind a proxy that sets or strips it on every request.
        admins: Users of ``trusted_user_header`` who may import (compared case-insensitively).
        import_staging: Folder of imports prepared in the browser and not yet saved (shared
            by every worker of one server); ``None``: under the user's cache folder.
        cache: Folder of derived data (geocoding, country polygons, layouts, metrics) shared
            by every worker and server (``DASHBOARD_CACHE``); ``None``: see :meth:`cache_dir`;
            ``DASHBOARD_CACHE=off`` turns the cache off (``cache_off``).
        cache_off: Derive everything at every start.
        redis_url: Redis for background jobs (``DASHBOARD_REDIS_URL``): exports and decks run
            on Celery workers (``celery -A app:celery_app worker``); empty: in a process of
            the web server's machine, queued in ``<cache>/jobs`` (DiskCache).
    """

    data_dir: Path = field(default=DEFAULT_DATA_DIR)
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    default_lang: str = "en"
    frame_ancestors: str = "'self'"
    admin_password: str = field(default="", repr=False)
    trusted_user_header: str = ""
    admins: tuple[str, ...] = ()
    import_staging: Path | None = None
    cache: Path | None = None
    cache_off: bool = False
    redis_url: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from ``DASHBOARD_*`` variables, falling back to defaults.

        Args:
            env: Mapping to read instead of ``os.environ`` (for tests).

        Returns:
            The settings.

        Raises:
            ValueError: If ``DASHBOARD_PORT`` is not an integer.

        Examples:
            >>> Settings.from_env({"DASHBOARD_PORT": "9000"}).port
            9000
            >>> Settings.from_env({}).debug
            False
        """
        env = dict(os.environ) if env is None else env
        port_text = env.get("DASHBOARD_PORT", "8050")
        try:
            port = int(port_text)
        except ValueError:
            raise ValueError(f"DASHBOARD_PORT {port_text!r}: expected a whole number") from None
        cache_off = env.get("DASHBOARD_CACHE", "").strip().lower() == "off"
        return cls(
            data_dir=Path(env.get("DASHBOARD_DATA", str(DEFAULT_DATA_DIR))),
            host=env.get("DASHBOARD_HOST", "127.0.0.1"),
            port=port,
            debug=env.get("DASHBOARD_DEBUG", "").strip().lower() in _TRUE,
            default_lang=env.get("DASHBOARD_LANG", "en"),
            frame_ancestors=env.get("DASHBOARD_FRAME_ANCESTORS", "'self'"),
            admin_password=env.get("DASHBOARD_ADMIN_PASSWORD", ""),
            trusted_user_header=env.get("DASHBOARD_TRUSTED_USER_HEADER", "").strip(),
            admins=_names(env.get("DASHBOARD_ADMINS", "")),
            import_staging=_staging(env),
            cache=None if cache_off else _staging(env, "DASHBOARD_CACHE"),
            cache_off=cache_off,
            redis_url=env.get("DASHBOARD_REDIS_URL", "").strip(),
        )

    def staging_dir(self) -> Path:
        """Where prepared imports wait: ``import_staging``, else a cache folder named after the data folder.

        Examples:
            >>> Settings(import_staging=Path("/srv/staging")).staging_dir()
            PosixPath('/srv/staging')
        """
        if self.import_staging is not None:
            return self.import_staging
        digest = hashlib.sha256(str(self.data_dir.resolve()).encode()).hexdigest()[:12]
        return _CACHE_DIR / "import-staging" / digest


def cache_dir(settings: Settings) -> Path | None:
    """Where derived data is kept: ``settings.cache``, else ``<data>/.cache`` when the data
    folder is writable, else a folder named after the data folder in the user's cache folder;
    ``None`` when the cache is off.

    Examples:
        >>> cache_dir(Settings(cache=Path("/srv/cache")))
        PosixPath('/srv/cache')
        >>> cache_dir(Settings(data_dir=Path("/nonexistent"))).parent.name
        'derived'
        >>> cache_dir(Settings(cache_off=True)) is None
        True
    """
    if settings.cache_off:
        return None
    if settings.cache is not None:
        return settings.cache
    if os.access(settings.data_dir, os.W_OK):
        return settings.data_dir / ".cache"
    digest = hashlib.sha256(str(settings.data_dir.resolve()).encode()).hexdigest()[:12]
    return _CACHE_DIR / "derived" / digest


def _names(text: str) -> tuple[str, ...]:
    """A comma-separated list of user names, blanks dropped.

    Examples:
        >>> _names(" ana@uni.it, ,Bo ")
        ('ana@uni.it', 'Bo')
    """
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _staging(env: dict[str, str], name: str = "DASHBOARD_IMPORT_STAGING") -> Path | None:
    text = env.get(name, "").strip()
    return Path(text) if text else None
