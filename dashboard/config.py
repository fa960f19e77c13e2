"""Runtime settings: one frozen dataclass, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
ASSETS_DIR = PROJECT_ROOT / "assets"
TOPOJSON_DIR = ASSETS_DIR / "topojson"

_TRUE = {"1", "true", "yes", "on"}


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
    """

    data_dir: Path = field(default=DEFAULT_DATA_DIR)
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    default_lang: str = "en"
    frame_ancestors: str = "'self'"

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
        return cls(
            data_dir=Path(env.get("DASHBOARD_DATA", str(DEFAULT_DATA_DIR))),
            host=env.get("DASHBOARD_HOST", "127.0.0.1"),
            port=port,
            debug=env.get("DASHBOARD_DEBUG", "").strip().lower() in _TRUE,
            default_lang=env.get("DASHBOARD_LANG", "en"),
            frame_ancestors=env.get("DASHBOARD_FRAME_ANCESTORS", "'self'"),
        )
