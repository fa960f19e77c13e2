"""Every request gets a proper answer: checks in front of Dash's dispatch, plain-text errors.

Dash trusts what its own renderer sends. A request that did not come from the renderer (a
body that is not an object, ``inputs`` that is a number, an output no callback has, a
component-suite path that is not in the registry) reaches Dash's code and ends in a bare
HTTP 500 with the framework's error page. :func:`callback_problem` checks the shape of a
callback request against the callback it names, before Dash sees it; :func:`install_guard`
refuses bad requests with a 4xx and answers every HTTP error with one short plain-text line.
The security headers are added by :func:`dashboard.web.security.harden` to all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import HTTPException

from dashboard.escape import log_traceback, log_value

LOG = logging.getLogger("dashboard")
UPDATE_PATH = "_dash-update-component"
MAX_ID_CHARS = 2_000  # the longest output id or property the app registers is far shorter
NOT_JSON = object()  # a body that is not JSON at all


def request_json() -> object:
    """The current request's JSON body, parsed once; :data:`NOT_JSON` when it is not JSON.

    Flask's ``get_json(silent=True)`` returns ``None`` on a syntax error but lets a
    ``RecursionError`` (``[[[[…`` nested deeper than Python's stack) through.
    """
    try:
        body = request.get_json(silent=True, cache=True)
    except RecursionError:
        return NOT_JSON
    return NOT_JSON if body is None else body


def _is_id(value: object) -> bool:
    if isinstance(value, str):
        return 0 < len(value) <= MAX_ID_CHARS
    return isinstance(value, dict) and all(isinstance(k, str) for k in value)


def _prop(item: object) -> bool:
    """One ``{"id": …, "property": …}`` entry as the renderer sends it."""
    if not isinstance(item, dict):
        return False
    prop = item.get("property")
    return _is_id(item.get("id")) and isinstance(prop, str) and 0 < len(prop) <= MAX_ID_CHARS


def _entry(item: object, spec: Mapping[str, Any]) -> bool:
    """An input, state or output entry for ``spec``: a list of entries for a pattern (``{…}``) id."""
    if str(spec.get("id", "")).startswith("{"):
        return _prop(item) or (isinstance(item, list) and all(_prop(i) for i in item))
    if not _prop(item) or item["id"] != spec["id"]:  # type: ignore[index]
        return False
    # An output with allow_duplicate=True is sent as "figure@<hash>": the property is before the "@".
    return str(item["property"]).partition("@")[0] == str(spec["property"]).partition("@")[0]  # type: ignore[index]


def _entries(body: Mapping[str, Any], key: str, specs: list[Mapping[str, Any]]) -> str | None:
    given = body.get(key, [])
    if not isinstance(given, list):
        return f"'{key}' must be a list"
    if len(given) != len(specs):
        return f"'{key}' has {len(given)} entries; the callback takes {len(specs)}"
    if not all(_entry(item, spec) for item, spec in zip(given, specs, strict=True)):
        return f"'{key}' does not match the callback's {key}"
    return None


def _output_specs(callback: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    output = callback.get("output")
    outputs: list[Any] = list(output) if isinstance(output, list | tuple) else [output]
    return [{"id": str(o.component_id_str()), "property": o.component_property} for o in outputs]


def _outputs(body: Mapping[str, Any], callback: Mapping[str, Any]) -> str | None:
    if callback.get("no_output"):
        return None
    specs = _output_specs(callback)
    given = body.get("outputs")
    if isinstance(callback.get("output"), list | tuple):
        return _entries(body, "outputs", specs)
    if given is None:  # Dash's support for renderers that sent 'output' alone fails (dash 4.4.1)
        return "'outputs' is missing"
    return None if _entry(given, specs[0]) else "'outputs' does not match the callback's output"


def callback_problem(body: object, callback_map: Mapping[str, Mapping[str, Any]]) -> str | None:
    """What is wrong with a ``/_dash-update-component`` body, or ``None`` if Dash can take it.

    Args:
        body: The parsed JSON body.
        callback_map: ``app.callback_map``: each callback's inputs, state and outputs.

    Examples:
        >>> spec = {"inputs": [{"id": "a", "property": "value"}], "state": [], "output": None, "no_output": True}
        >>> callback_problem({"output": "b.children", "inputs": 5}, {"b.children": spec})
        "'inputs' must be a list"
        >>> callback_problem({"output": "c.children", "inputs": []}, {"b.children": spec})
        'no callback has this output'
        >>> callback_problem({"output": "b.children", "inputs": [{"id": "a", "property": "value", "value": 1}]},
        ...                  {"b.children": spec}) is None
        True
    """
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or not 0 < len(output) <= 50 * MAX_ID_CHARS:
        return "'output' must be the text of a callback's output"
    callback = callback_map.get(output)
    if callback is None:
        return "no callback has this output"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of texts"
    return (
        _entries(body, "inputs", callback.get("inputs", []))
        or _entries(body, "state", callback.get("state", []))
        or _outputs(body, callback)
    )


def plain(message: str, status: int, headers: Mapping[str, str] | None = None) -> Response:
    """A short plain-text answer."""
    return Response(message, status=status, mimetype="text/plain", headers=dict(headers or {}))


def install_guard(app: Dash) -> None:
    """Check callback requests before Dash's dispatch; answer every error in plain text.

    Install after :func:`dashboard.web.auth.install` (which raises the body limit for an
    admin's import requests before anything reads the body) and before
    :func:`dashboard.web.security.harden`.
    """
    update_path = (app.config.routes_pathname_prefix or "/") + UPDATE_PATH
    server = app.server

    @server.before_request
    def _check_callback() -> Response | None:
        if request.path != update_path:
            return None
        if request.method != "POST":
            return plain("Method Not Allowed: callbacks are sent with POST.", 405, {"Allow": "POST"})
        body = request_json()
        if body is NOT_JSON:
            return plain("Bad Request: the body is not JSON (Content-Type: application/json).", 400)
        problem = callback_problem(body, app.callback_map)
        return None if problem is None else plain(f"Bad Request: {problem}.", 400)

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        headers = dict(error.get_response().headers)
        headers.pop("Content-Type", None)
        headers.pop("Content-Length", None)
        return plain(f"{error.code} {error.name}.", error.code or 400, headers)

    @server.errorhandler(DependencyException)
    def _no_such_file(_error: DependencyException) -> Response:
        return plain("404 Not Found: no such component file.", 404)

    @server.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        LOG.error(
            "request %s %s failed: %s",
            log_value(request.method),
            log_value(request.path),
            log_traceback(error),
        )
        return plain("500 Internal Server Error: the server could not answer; the error is logged.", 500)
