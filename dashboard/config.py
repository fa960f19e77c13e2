"""Runtime settings: one frozen dataclass, read from the environment in one place."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
ASSETS_DIR = PROJECT_ROOT / "assets"
TOPOJSON_DIR = ASSETS_DIR / "topojson"
LOCALES_DIR = PROJECT_ROOT / "dashboard" / "locales"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
_ASCII_DIGITS = re.compile(
    r"[0-9]{1,9}"
)  # str.isdigit() also accepts '²' and '١', which int() refuses or reads
_HEADER_NAME = (re.compile(r"[A-Za-z0-9-]{1,100}"), "a header name (letters, digits and '-')")
# CSP sources: no ';' or ',' (they would start another directive or policy), no control characters.
_FRAME_ANCESTORS = (
    re.compile(r"[!#-+\--:<-~]+( [!#-+\--:<-~]+)*"),
    "CSP sources separated by spaces, e.g. 'self' https://intranet.example.edu",
)
_HOST = re.compile(r"[A-Za-z0-9.:\[\]-]{1,255}")
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
        workers: gunicorn worker processes (``gunicorn.conf.py``); default 2 × cores.
        threads: Threads per gunicorn worker: a client sending its request slowly holds
            one thread, not a whole worker.
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
    workers: int = 4
    threads: int = 8
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
            SettingsError: If a variable is set to something it cannot mean; the message
                names the variable and the form expected.

        Examples:
            >>> Settings.from_env({"DASHBOARD_PORT": "9000"}).port
            9000
            >>> Settings.from_env({}).debug
            False
            >>> Settings.from_env({"DASHBOARD_PORT": "²"})
            Traceback (most recent call last):
            ...
            dashboard.config.SettingsError: DASHBOARD_PORT='²': expected a whole number from 1 to 65535 (ASCII digits)
        """
        env = dict(os.environ) if env is None else env
        cache_off = env.get("DASHBOARD_CACHE", "").strip().lower() == "off"
        return cls(
            data_dir=Path(_text(env, "DASHBOARD_DATA", str(DEFAULT_DATA_DIR))),
            host=_host(env),
            port=_whole(env, "DASHBOARD_PORT", 8050, 1, 65535),
            debug=_flag(env, "DASHBOARD_DEBUG"),
            default_lang=_lang(env),
            frame_ancestors=_text(env, "DASHBOARD_FRAME_ANCESTORS", "'self'", _FRAME_ANCESTORS),
            admin_password=env.get("DASHBOARD_ADMIN_PASSWORD", ""),
            trusted_user_header=_text(env, "DASHBOARD_TRUSTED_USER_HEADER", "", _HEADER_NAME),
            admins=_names(env.get("DASHBOARD_ADMINS", "")),
            import_staging=_staging(env),
            workers=_whole(env, "DASHBOARD_WORKERS", 2 * (os.cpu_count() or 1), 1, 256),
            threads=_whole(env, "DASHBOARD_THREADS", 8, 1, 256),
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


class SettingsError(ValueError):
    """A ``DASHBOARD_*`` variable that cannot mean anything: the message names it and the form expected."""


def _bad(name: str, value: str, expected: str) -> SettingsError:
    return SettingsError(f"{name}={value[:80]!r}: expected {expected}")


def _text(
    env: dict[str, str], name: str, default: str, form: tuple[re.Pattern[str], str] | None = None
) -> str:
    value = env.get(name, default).strip() or default
    if "\x00" in value or (form is not None and value != default and not form[0].fullmatch(value)):
        raise _bad(name, value, form[1] if form else "a path")
    return value


def _whole(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    """A whole number in ``low..high`` written in ASCII digits.

    Examples:
        >>> _whole({"N": "12"}, "N", 1, 1, 99), _whole({}, "N", 7, 1, 99)
        (12, 7)
        >>> _whole({"N": "١٢"}, "N", 1, 1, 99)
        Traceback (most recent call last):
        ...
        dashboard.config.SettingsError: N='١٢': expected a whole number from 1 to 99 (ASCII digits)
    """
    text = env.get(name, "").strip()
    if not text:
        return default
    if not _ASCII_DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise _bad(name, text, f"a whole number from {low} to {high} (ASCII digits)")
    return int(text)


def _flag(env: dict[str, str], name: str) -> bool:
    text = env.get(name, "").strip().lower()
    if text not in _TRUE | _FALSE:
        raise _bad(name, text, "1/true/yes/on or 0/false/no/off")
    return text in _TRUE


def _host(env: dict[str, str]) -> str:
    host = env.get("DASHBOARD_HOST", "").strip() or "127.0.0.1"
    if not _HOST.fullmatch(host):
        raise _bad("DASHBOARD_HOST", host, "an address or host name, e.g. 127.0.0.1 or 0.0.0.0")
    return host


def _lang(env: dict[str, str]) -> str:
    lang = env.get("DASHBOARD_LANG", "").strip() or "en"
    known = sorted({p.name.split(".")[0] for p in LOCALES_DIR.glob("*.json")})
    if lang not in known:
        raise _bad("DASHBOARD_LANG", lang, f"one of {', '.join(known)}")
    return lang


def load_settings() -> Settings:
    """Settings from the environment for a command or server; a bad variable: one line, exit 2."""
    try:
        return Settings.from_env()
    except SettingsError as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


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
