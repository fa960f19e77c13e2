"""HTTP hardening: security headers on every response, a request size cap.

The Content-Security-Policy allows scripts only from the app itself plus the hashes of
Dash's own inline scripts (``app.csp_hashes()``, computed after every clientside callback
is registered), so an injected ``<script>`` cannot run. Styles allow ``'unsafe-inline'``
because plotly.js and Cytoscape set element styles at run time.
"""

from __future__ import annotations

from dash import Dash
from flask import Response, request

MAX_REQUEST_BYTES = 2 * 1024 * 1024  # callbacks send small JSON; anything larger is refused
# The import page's callbacks alone (an admin's, see dashboard.web.auth) take a spreadsheet of up
# to IMPORT_FILE_BYTES, sent base64-encoded (4 bytes per 3) inside the callback's JSON.
IMPORT_FILE_BYTES = 20 * 1024 * 1024
IMPORT_REQUEST_BYTES = IMPORT_FILE_BYTES * 4 // 3 + 256 * 1024


def content_security_policy(script_hashes: list[str], *, frame_ancestors: str = "'self'") -> str:
    """The CSP header value.

    Examples:
        >>> "script-src 'self' 'sha256-abc'" in content_security_policy(["'sha256-abc'"])
        True
    """
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def harden(app: Dash, *, frame_ancestors: str = "'self'") -> None:
    """Add security headers to every response and cap request bodies.

    Call last in the app factory: the CSP hashes cover the inline scripts registered so far.
    """
    policy = content_security_policy(list(app.csp_hashes()), frame_ancestors=frame_ancestors)
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @app.server.errorhandler(413)
    def _too_large(_error: Exception) -> tuple[str, int, dict[str, str]]:
        big = request.max_content_length == IMPORT_REQUEST_BYTES  # an admin's import request
        limit = (IMPORT_FILE_BYTES if big else MAX_REQUEST_BYTES) // (1024 * 1024)
        return f"Request refused: larger than {limit} MB.", 413, {"Content-Type": "text/plain; charset=utf-8"}

    @app.server.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response
