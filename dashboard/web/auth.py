"""Who may import: viewing is open; ``/import`` and its callbacks need an admin.

Two ways to be an admin, either or both enabled by :class:`~dashboard.config.Settings`:

- **HTTP Basic**, user ``admin`` and the password in ``DASHBOARD_ADMIN_PASSWORD``, compared in
  constant time. After a few wrong tries, a client address must wait before its next try is
  even checked (doubling, capped): guessing is slowed to a crawl. The table of addresses is
  bounded; each worker process keeps its own.
- **A trusted reverse-proxy header** (``DASHBOARD_TRUSTED_USER_HEADER``) naming the user signed
  in through single sign-on, who must be in ``DASHBOARD_ADMINS``. The app cannot tell a header
  set by the proxy from one typed by a visitor: this is only safe when every request passes
  through a proxy that sets or removes that header.

With neither, ``/import`` answers 404 and its callbacks are not registered at all. The
decisions (:func:`identify`, :class:`Throttle`) are plain functions of headers and time;
:func:`install` applies them to the Flask requests of one app.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

from dash import Dash
from flask import Response, g, has_request_context, request
from werkzeug.datastructures import Authorization, Headers

from dashboard.config import Settings
from dashboard.web.guard import request_json
from dashboard.web.security import IMPORT_REQUEST_BYTES, MAX_REQUEST_BYTES

ADMIN_USER = "admin"
REALM = "Import (university network dashboard)"
UPDATE_PATH = "_dash-update-component"

Verdict = Literal["admin", "anonymous", "wrong", "not-admin"]
HeaderMap = Mapping[str, str] | Headers


@dataclass(frozen=True)
class AuthConfig:
    """How admins are recognised.

    Attributes:
        password: The ``admin`` user's password (HTTP Basic); empty: Basic is off.
        user_header: Header a single sign-on proxy sets to the signed-in user; empty: off.
        admins: Users of that header who are admins (compared case-insensitively).
    """

    password: str = field(default="", repr=False)
    user_header: str = ""
    admins: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthConfig:
        """The part of the settings about admins."""
        return cls(
            settings.admin_password,
            settings.trusted_user_header,
            frozenset(name.casefold() for name in settings.admins),
        )

    @property
    def basic(self) -> bool:
        """HTTP Basic sign-in is on."""
        return bool(self.password)

    @property
    def sso(self) -> bool:
        """Sign-in through the trusted proxy header is on (a header and at least one admin)."""
        return bool(self.user_header and self.admins)

    @property
    def enabled(self) -> bool:
        """Someone can be an admin: the import page exists."""
        return self.basic or self.sso


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def identify(config: AuthConfig, headers: HeaderMap) -> Verdict:
    """Who sent a request with these headers.

    Args:
        config: How admins are recognised.
        headers: The request headers (case-insensitive, as Flask's are).

    Returns:
        ``admin``; ``anonymous`` (no credentials); ``wrong`` (Basic credentials that do not
        match); ``not-admin`` (a proxy-signed-in user not in the allow-list).

    Examples:
        >>> config = AuthConfig(password="s3cret")
        >>> identify(config, {"Authorization": "Basic YWRtaW46czNjcmV0"})  # admin:s3cret
        'admin'
        >>> identify(config, {"Authorization": "Basic YWRtaW46Z3Vlc3M="})  # admin:guess
        'wrong'
        >>> identify(config, {})
        'anonymous'
        >>> sso = AuthConfig(user_header="X-Remote-User", admins=frozenset({"ana@uni.it"}))
        >>> identify(sso, {"X-Remote-User": "Ana@Uni.it"}), identify(sso, {"X-Remote-User": "bo"})
        ('admin', 'not-admin')
    """
    verdict: Verdict = "anonymous"
    if config.sso:
        user = (headers.get(config.user_header) or "").strip()
        if user:
            if user.casefold() in config.admins:
                return "admin"
            verdict = "not-admin"
    if config.basic:
        credentials = Authorization.from_header(headers.get("Authorization"))
        if credentials is not None and credentials.type == "basic":
            # Both compared every time (``&``, not ``and``): the time taken says nothing.
            user_ok = _same(credentials.username or "", ADMIN_USER)
            password_ok = _same(credentials.password or "", config.password)
            return "admin" if user_ok & password_ok else "wrong"
    return verdict


@dataclass
class _Failures:
    count: int
    last: float


class Throttle:
    """Wrong passwords from one client address: after ``free`` of them, each next try waits.

    The wait doubles with every further failure, from ``base`` seconds up to ``cap``; a
    client quiet for ``forget`` seconds starts afresh. At most ``max_clients`` addresses are
    remembered (the oldest failure forgotten first), so a flood of addresses cannot grow
    memory. Time is passed in: the rule is a plain function of it.

    Examples:
        >>> throttle = Throttle(free=2, base=1.0, cap=8.0)
        >>> for now in (0.0, 0.0, 0.0):
        ...     throttle.failed("10.0.0.1", now)
        >>> throttle.wait("10.0.0.1", 0.5), throttle.wait("10.0.0.2", 0.5)
        (1.5, 0.0)
    """

    def __init__(
        self,
        *,
        free: int = 5,
        base: float = 1.0,
        cap: float = 300.0,
        forget: float = 3600.0,
        max_clients: int = 10_000,
    ) -> None:
        """Set the rule; no client has failed yet."""
        self.free, self.base, self.cap, self.forget, self.max_clients = free, base, cap, forget, max_clients
        self._clients: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()  # the development server answers requests in threads

    def _delay(self, count: int) -> float:
        if count < self.free:
            return 0.0
        return float(min(self.cap, self.base * 2 ** (count - self.free)))

    def wait(self, client: str, now: float) -> float:
        """Seconds ``client`` must still wait before its credentials are checked again."""
        with self._lock:
            entry = self._clients.get(client)
            if entry is None or now - entry.last >= self.forget:
                return 0.0
            return max(0.0, entry.last + self._delay(entry.count) - now)

    def failed(self, client: str, now: float) -> None:
        """Count a wrong password from ``client``."""
        with self._lock:
            entry = self._clients.pop(client, None)
            if entry is None or now - entry.last >= self.forget:
                entry = _Failures(0, now)
            self._clients[client] = _Failures(entry.count + 1, now)
            while len(self._clients) > self.max_clients:
                self._clients.popitem(last=False)

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s failures."""
        with self._lock:
            self._clients.pop(client, None)

    def __len__(self) -> int:
        """Number of addresses remembered."""
        return len(self._clients)


def _plain(message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(message, status=status, mimetype="text/plain", headers=headers or {})


def refusal(
    config: AuthConfig, verdict: Verdict | Literal["throttled"], *, challenge: bool = True
) -> Response:
    """The answer to a non-admin: 401 with a Basic challenge, 403, or 429 after too many wrong tries.

    Args:
        config: How admins are recognised.
        verdict: Who sent the request (:func:`identify`), or ``throttled``.
        challenge: Ask for a password (a page); ``False`` for a callback, which a browser
            sends in the background (a password dialog there would come from nowhere).
    """
    if verdict == "throttled":
        message = "Too Many Requests: too many wrong passwords from this address; try again later."
        return _plain(message, 429)
    if challenge and config.basic and verdict in ("anonymous", "wrong"):
        headers = {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'}
        return _plain("Unauthorized: sign in as admin to import.", 401, headers)
    return _plain("Forbidden: importing needs an administrator.", 403)


class Gate:
    """The admin check of one app's requests, throttling wrong passwords (see :func:`install`).

    Every place that looks at credentials goes through :meth:`verdict`, so none of them (the
    page, a callback, the layout that shows the import link) can be used to guess faster.
    """

    def __init__(
        self,
        config: AuthConfig,
        *,
        throttle: Throttle | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """Use ``config``; ``clock`` (seconds) defaults to :func:`time.monotonic`."""
        self.config = config
        self.throttle = throttle if throttle is not None else Throttle()  # an empty one has len 0
        self.clock = clock if clock is not None else time.monotonic

    def verdict(self, headers: HeaderMap, client: str) -> Verdict | Literal["throttled"]:
        """Who sent a request (:func:`identify`), or ``throttled`` while its address must wait."""
        if not self.config.enabled:
            return "anonymous"
        basic = self.config.basic and bool(headers.get("Authorization"))
        if basic and self.throttle.wait(client, self.clock()) > 0:
            return "throttled"
        verdict = identify(self.config, headers)
        if verdict == "wrong":
            self.throttle.failed(client, self.clock())
        elif verdict == "admin" and basic:
            self.throttle.succeeded(client)
        return verdict

    def current(self) -> Verdict | Literal["throttled"]:
        """The verdict of the current Flask request, judged once per request."""
        if "admin_verdict" not in g:
            g.admin_verdict = self.verdict(request.headers, request.remote_addr or "")
        return g.admin_verdict  # type: ignore[no-any-return]

    def is_admin(self) -> bool:
        """Whether the current Flask request comes from an admin (``False`` outside a request)."""
        return has_request_context() and self.current() == "admin"


def install(app: Dash, gate: Gate, *, page: str, callbacks: Collection[str]) -> None:
    """Guard ``page`` (e.g. ``/import``) and the ``callbacks`` (keys of ``app.callback_map``).

    ``page`` answers 404 when no admin can exist, 401/403/429 to a non-admin. A callback
    request is read (up to :data:`~dashboard.web.security.IMPORT_REQUEST_BYTES` for an admin,
    :data:`~dashboard.web.security.MAX_REQUEST_BYTES` for anyone else) and refused with 403
    (429 while throttled) if it names one of ``callbacks`` and does not come from an admin;
    the larger limit serves only those callbacks (413 for any other). Install before
    :func:`dashboard.web.security.harden`: its checks read the body too.
    """
    prefix = app.config.routes_pathname_prefix or "/"
    page_path = prefix.rstrip("/") + page
    update_path = prefix + UPDATE_PATH
    protected = frozenset(callbacks)

    @app.server.before_request
    def _admin_only() -> Response | None:
        if (request.path.rstrip("/") or "/") == page_path:
            if not gate.config.enabled:
                return _plain("Not Found.", 404)
            verdict = gate.current()
            return None if verdict == "admin" else refusal(gate.config, verdict)
        if request.path != update_path or request.method != "POST":
            return None
        admin = gate.is_admin()
        if admin:
            request.max_content_length = IMPORT_REQUEST_BYTES
        body = request_json()
        named = body.get("output") if isinstance(body, dict) else None
        if isinstance(named, str) and named in protected:
            return None if admin else refusal(gate.config, gate.current(), challenge=False)
        if len(request.get_data(cache=True)) > MAX_REQUEST_BYTES:
            return _plain(f"Request refused: larger than {MAX_REQUEST_BYTES // (1024 * 1024)} MB.", 413)
        return None
