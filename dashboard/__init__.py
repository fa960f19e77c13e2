"""Dash dashboard of a university's international network.

The package is in rooms, each a subpackage whose docstring says what it owns and what it may
import; imports go one way (``tests/unit/test_architecture.py`` checks it):

``config``, ``i18n`` → ``data`` → ``network`` → ``figures`` → ``outputs``, ``web`` → ``cli``, ``commands``

``create_app(settings)`` (built in :mod:`dashboard.web.app`) returns the Dash app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.config import Settings

if TYPE_CHECKING:
    from dash import Dash

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None) -> Dash:
    """The dashboard's Dash app for ``settings`` (default: from the environment).

    Imported on first call, so that ``import dashboard`` (every command line call) stays light.

    Raises:
        DataError: If the data folder has errors; its report says what to fix.
    """
    from dashboard.web.app import create_app as build  # the web room is the top of the house

    return build(settings)
