"""Dash dashboard of a university's international network.

``create_app(settings)`` loads and validates the data folder once, builds the read-only
model (graph, relations, layouts) and returns a Dash app whose callbacks are registered
on that app alone, so several apps can live in one process (tests do this).
"""

from __future__ import annotations

from dash import Dash

from dashboard.config import ASSETS_DIR, Settings
from dashboard.datasets import load_dataset
from dashboard.graph import Filters, filter_partners, relations_table
from dashboard.i18n import t
from dashboard.layout import build_layout

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app for one data folder.

    Args:
        settings: Runtime settings; ``Settings.from_env()`` when omitted.

    Returns:
        The app (``app.server`` is the Flask server for gunicorn).

    Raises:
        DataError: If the data folder has errors; its report says what to fix.
    """
    settings = settings or Settings.from_env()
    ds = load_dataset(settings.data_dir)
    relations = relations_table(ds)
    partners = filter_partners(ds, relations, Filters())
    app = Dash(
        __name__,
        title=f"{ds.home_row['short_name'] or ds.home_row['name']} — {t('app.title', settings.default_lang)}",
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        update_title=None,
    )
    app.layout = build_layout(ds, relations, partners, lang=settings.default_lang)
    return app
