"""The app factory: load the data folder once, build the layout, register callbacks on this app.

``create_app(settings)`` loads and validates the data folder once, builds the read-only
model (graph, relations, layouts) and returns a Dash app whose callbacks are registered
on that app alone, so several apps can live in one process (tests do this).
"""

from __future__ import annotations

import logging
from typing import cast

from dash import Dash, ctx, set_props
from flask import request

from dashboard.config import ASSETS_DIR, Settings
from dashboard.data.cache import cache_for
from dashboard.data.problems import DataError
from dashboard.escape import log_traceback
from dashboard.i18n import languages, t
from dashboard.network.model import load_model
from dashboard.outputs import render_service
from dashboard.web import ids, language
from dashboard.web.assets_check import check_assets
from dashboard.web.auth import AuthConfig, Gate, install
from dashboard.web.callbacks import a11y, explorer, exports, importing, insights, present
from dashboard.web.guard import install_guard
from dashboard.web.import_layout import IMPORT_PATH, import_frame, import_link
from dashboard.web.import_session import Staging
from dashboard.web.jobs import background_manager, celery_of
from dashboard.web.language import ByLanguage, LocalizedDash, request_lang
from dashboard.web.layout import build_layout
from dashboard.web.render import ExplorerOutputs, InsightsViews
from dashboard.web.security import harden
from dashboard.web.store import Derived, ModelStore
from dashboard.web.versions import keep_pages_on_their_version, version_metas

LOG = logging.getLogger("dashboard")


def callback_failed(exc: Exception, *, lang: str) -> None:
    """Any exception in a callback: log it, tell the user in plain words, never a bare HTTP 500."""

    LOG.error("callback failed: %s", log_traceback(exc))
    set_props(
        ids.ERROR_NOTICE, {"children": t("error.callback", lang, kind=type(exc).__name__), "hidden": False}
    )


def page_lang(default: str) -> str:
    """The language of the page a callback answers: its language store, else the request's."""
    try:
        stored = ctx.states.get(f"{ids.LANG}.data")
    except Exception:  # outside a callback there is no context: the request decides
        stored = None
    return str(stored) if stored in languages() else request_lang(default)


def no_answer_meta(lang: str) -> dict[str, str]:
    """A ``<meta>`` tag for ``assets/faults.js``: the notice to show when a callback gets no answer.

    With debug off, Dash's renderer only logs a request that fails in the browser (connection
    dropped, worker killed, proxy error); the script then un-hides this notice instead.
    """

    return {
        "name": "dashboard-no-answer",
        "content": t("error.connection", lang),
        "data-notice": ids.ERROR_NOTICE,
    }


def offer_renderer() -> None:
    """Before a request that may fork a background job, offer this worker's browser to it
    (:mod:`dashboard.outputs.render_service`; once per process, and again if its listener
    stopped)."""
    if request.path.endswith("_dash-update-component"):
        render_service.offer()


def serve_as_itself(app: Dash) -> None:
    """Make ``dash.get_app()`` answer ``app`` during ``app``'s own requests.

    Dash sets its app context for the layout and a few routes, not for callbacks, so there
    ``get_app()`` is the app built last in the process. Background jobs' handles are signed
    with that app's secret and checked against the serving app's: with a second app in the
    process (two data folders behind one server, or the test suite), Cancel was silently
    ignored and the cancelled deck still arrived.
    """
    from dash._get_app import app_context

    @app.server.before_request
    def _this_app() -> None:
        app_context.set(app)


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
    assets = check_assets()
    if not assets.ok:
        raise DataError(assets)
    default = settings.default_lang
    cache = cache_for(settings)
    model = load_model(settings.data_dir, cache=cache)
    store = ModelStore(settings.data_dir, model, cache=cache)
    home = store.model.ds.home_row
    app = LocalizedDash(
        "dashboard",
        default_lang=default,
        title_for=lambda lang: f"{home['short_name'] or home['name']} — {t('app.title', lang)}",
        metas_for=lambda lang: [no_answer_meta(lang), *version_metas(lang)],
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        update_title=None,  # type: ignore[arg-type]
        # Parts of the page mount when first shown (dashboard.web.ids.LAZY_PARTS), so callbacks
        # name ids the first layout lacks. Dash would otherwise embed a copy of the whole
        # layout in the page to check them in every browser; tests/test_callbacks_layout.py
        # checks every callback against the fully mounted layout instead.
        suppress_callback_exceptions=True,
        on_error=lambda exc: callback_failed(exc, lang=page_lang(default)),
        background_callback_manager=(manager := background_manager(settings)),
    )
    app.server.extensions["dashboard_jobs"] = manager  # Celery workers load app:celery_app from it
    serve_as_itself(app)
    if celery_of(manager) is None:  # DiskCache jobs are forked per job: lend them this worker's browser
        app.server.before_request(offer_renderer)
    keep_pages_on_their_version(app, store, default_lang=default)
    # A function: every page load gets the current data, and a notice if an edit was refused.
    views = ByLanguage(
        lambda lang: cast(ExplorerOutputs, Derived(store, lambda model: ExplorerOutputs(model, lang))),
        default=default,
    )
    gate = Gate(AuthConfig.from_settings(settings))

    def page() -> object:
        admin = gate.is_admin()  # the import link and page only in an admin's copy of the page
        lang = request_lang(default)  # the page's own lang=, or its browser's (dashboard.web.language)
        with store.pinned(store.model) as model:  # one version for the whole page, even mid-reload
            return build_layout(
                model,
                lang=lang,
                problem=store.problem,
                since=store.problem_since,
                first=views[lang].first_paint,
                admin_tools=[import_link(lang)] if admin else [],
                pages=[import_frame(admin=admin, lang=lang)],
            )

    app.layout = page
    protected: set[str] = set()
    with manager.claiming():  # this app's background jobs run on this app's data (dashboard.web.jobs)
        explorer.register(app, views)
        a11y.register(app, views)
        present.register(app, views)
        insights.register(
            app,
            ByLanguage(
                lambda lang: cast(InsightsViews, Derived(store, lambda model: InsightsViews(model, lang))),
                default=default,
            ),
        )
        exports.register(app, views)
        language.register(app)
        if gate.config.enabled:  # with no way to be an admin, the import page does not exist at all
            staging = Staging(settings.staging_dir())
            steps = ByLanguage(
                lambda lang: importing.ImportSteps(settings.data_dir, staging, lang), default=default
            )
            protected = importing.register(app, steps)
    install(app, gate, page=IMPORT_PATH, callbacks=protected)
    install_guard(app)  # after the admin check, which sets an admin's larger body limit
    harden(app, frame_ancestors=settings.frame_ancestors)
    return app
