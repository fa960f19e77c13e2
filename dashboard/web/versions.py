"""One page, one version of the data, across reloads and across servers.

A page is built from one model; its layout carries that model's data version
(:func:`version_mark`: a hash of the data files, the same on every server reading the same
folder). ``assets/faults.js`` sends it with every callback request as
:data:`VERSION_HEADER`. The server then answers from the model of that version:

* the current one: nothing to do;
* the one its last reload replaced (the page was opened before an edit): that older model is
  pinned for the request, so the page stays coherent, and the answer carries
  ``X-Dashboard-Data: newer`` so that the page says newer data is available;
* a version it does not hold (another server already reloaded, or this one started later):
  ``409`` with a message in the page's language, and the folder is looked at at once. The page
  shows the message ("reload the page") instead of mixing two versions.

A request without the header (an old page, a script) gets the current model, as before.
"""

from __future__ import annotations

import re
from typing import Any

from dash import Dash, html
from flask import g, jsonify, request

from dashboard.i18n import t
from dashboard.web import ids
from dashboard.web.language import request_lang
from dashboard.web.store import ModelStore

VERSION_HEADER = "X-Dashboard-Data-Version"
NEWER_HEADER = "X-Dashboard-Data"
_VERSION = re.compile(r"[0-9a-f]{1,64}")


MARK = "data-dashboard-version"  # the attribute faults.js reads


def version_mark(version: str) -> html.Div:
    """The hidden element of the layout that says which data version the page shows."""
    return html.Div(id=ids.DATA_VERSION, hidden=True, **{MARK: version})  # type: ignore[arg-type]


def version_metas(lang: str) -> list[dict[str, str]]:
    """The page's texts for the two version notices and where ``assets/faults.js`` shows them."""
    return [
        {
            "name": "dashboard-data-newer",
            "content": t("data.version_newer", lang),
            "data-notice": ids.VERSION_NOTICE,
        },
        {
            "name": "dashboard-data-gone",
            "content": t("data.version_gone", lang),
            "data-notice": ids.ERROR_NOTICE,
        },
    ]


def asked_version(headers: Any) -> str:
    """The data version a request's page was built from, or ``""`` (none, or not a version).

    Examples:
        >>> asked_version({VERSION_HEADER: "3dddd5b24a4c4381"}), asked_version({VERSION_HEADER: "<x>"})
        ('3dddd5b24a4c4381', '')
    """
    value = str(headers.get(VERSION_HEADER) or "")
    return value if _VERSION.fullmatch(value) else ""


def keep_pages_on_their_version(app: Dash, store: ModelStore, *, default_lang: str) -> None:
    """Answer each callback request from the model of its page's version (see the module)."""

    @app.server.before_request
    def _pin() -> Any:
        store.pin(None)  # a worker thread serves many requests: nothing left from the last one
        if not request.path.endswith("_dash-update-component"):
            return None
        version = asked_version(request.headers)
        if not version or version == store.version:
            return None
        held = store.held(version)
        if held is not None:
            store.pin(held)
            g.dashboard_newer_data = True
            return None
        store.look_now()
        answer = jsonify({"message": t("data.version_gone", request_lang(default_lang))})
        answer.status_code = 409
        return answer

    @app.server.after_request
    def _say_newer(response: Any) -> Any:
        if g.get("dashboard_newer_data"):
            response.headers[NEWER_HEADER] = "newer"
        return response
