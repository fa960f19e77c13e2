"""The page's language, per request: ``lang=`` in the URL, else the browser's, else the server's.

A page request carries ``lang=`` in its own URL. The requests the page then makes
(``/_dash-layout``, callbacks) do not, but they name the page in their ``Referer`` (the app
sends ``Referrer-Policy: same-origin``), and the browser sends the same ``Accept-Language``
with all of them. The layout stores the language it was built in (:data:`ids.LANG`); every
callback reads that store, so a callback answers in the page's language even where a proxy
drops the ``Referer``. :class:`LocalizedDash` writes ``<html lang>`` and the ``<title>`` of
each page in its language, and :class:`ByLanguage` keeps one set of views per language.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from html import escape
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

from dash import Dash, Input, Output, html
from flask import has_request_context, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from dashboard.config import ASSETS_DIR
from dashboard.escape import html_text
from dashboard.i18n import languages, t
from dashboard.web import ids

T = TypeVar("T")
PARAM = "lang"


def choose_lang(asked: str | None, accept: str | None, *, default: str, known: list[str]) -> str:
    """The language of a request: the one asked for, else the browser's best, else the default.

    Args:
        asked: ``lang=`` of the page's URL (ignored when no catalog has it).
        accept: The ``Accept-Language`` header.
        default: The server's language (``DASHBOARD_LANG``).
        known: Languages with a catalog.

    Returns:
        A language of ``known`` (or ``default``).

    Examples:
        >>> choose_lang("it", "en-GB", default="en", known=["en", "it"])
        'it'
        >>> choose_lang(None, "it-IT,it;q=0.9,en;q=0.8", default="en", known=["en", "it"])
        'it'
        >>> choose_lang("xx", "fr-FR,fr;q=0.9", default="en", known=["en", "it"])
        'en'
    """
    code = (asked or "").strip().lower()
    if code in known:
        return code
    best = parse_accept_header(accept or "", LanguageAccept).best_match(known)
    return best or default


def _lang_of_url(url: str | None) -> str | None:
    if not url:
        return None
    values = parse_qs(urlsplit(url).query).get(PARAM)
    return values[0] if values else None


def request_lang(default: str) -> str:
    """The current request's language (``default`` outside a request)."""
    if not has_request_context():
        return default
    asked = request.args.get(PARAM) or _lang_of_url(request.referrer)
    return choose_lang(asked, request.headers.get("Accept-Language"), default=default, known=languages())


class ByLanguage(Generic[T]):
    """One value per language (views, answers), built the first time a page asks for it.

    Args:
        build: Makes the value of one language.
        default: The language an unknown or missing code falls back to.
    """

    def __init__(self, build: Callable[[str], T], *, default: str) -> None:
        """Remember how to build each language's value."""
        self._build, self.default = build, default
        self._values: dict[str, T] = {}
        self._lock = threading.Lock()

    def __getitem__(self, lang: str | None) -> T:
        """The value of a language (the default's for a language with no catalog)."""
        code = lang if lang in languages() else self.default
        with self._lock:
            if code not in self._values:
                self._values[code] = self._build(code)
            return self._values[code]


class LocalizedDash(Dash):
    """A Dash app whose page is in the request's language: ``<html lang>``, ``<title>``, notices.

    Args:
        *args: As for :class:`dash.Dash`.
        default_lang: The server's language.
        title_for: The page title in a language.
        metas_for: Meta tags whose content is in a language (replacing the default's).
        **kwargs: As for :class:`dash.Dash`.
    """

    def __init__(
        self,
        *args: Any,
        default_lang: str,
        title_for: Callable[[str], str],
        metas_for: Callable[[str], list[dict[str, str]]] = lambda _lang: [],
        **kwargs: Any,
    ) -> None:
        """Build the app, with the default language's title and meta tags."""
        self.default_lang, self._title_for, self._metas_for = default_lang, title_for, metas_for
        # Dash pastes the title into its index template as it is: HTML, and template markers.
        kwargs.update(title=html_text(title_for(default_lang)), meta_tags=metas_for(default_lang))
        super().__init__(*args, **kwargs)

    def interpolate_index(  # Dash's hook, with Dash's parameters
        self,
        metas: Any = "",
        title: Any = "",
        css: Any = "",
        config: Any = "",
        scripts: Any = "",
        app_entry: Any = "",
        favicon: Any = "",
        renderer: Any = "",
    ) -> Any:
        """The page in the request's language (Dash's documented hook for a custom page)."""
        lang = request_lang(self.default_lang)
        title = html_text(self._title_for(lang))
        metas = str(metas)
        for mine, theirs in zip(self._metas_for(self.default_lang), self._metas_for(lang), strict=True):
            metas = metas.replace(
                f'content="{escape(mine["content"])}"',
                f'content="{escape(theirs["content"])}"',
            )
        page = str(
            super().interpolate_index(
                metas=metas,
                title=title,
                css=css,
                config=config,
                scripts=scripts,
                app_entry=app_entry,
                favicon=favicon,
                renderer=renderer,
            )
        )
        return page.replace("<html>", f'<html lang="{lang}">', 1)


@functools.cache
def grid_locale(lang: str) -> dict[str, str]:
    """AG Grid's own texts in a language (menus, filters, "Loading…"), vendored by
    ``scripts/locales/build.sh``; empty (AG Grid's English) for English or a missing file."""
    path = ASSETS_DIR / "vendor" / "ag-grid" / f"locale.{lang}.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def graph_config(config: dict[str, Any], lang: str) -> Any:
    """A ``dcc.Graph`` config in a language: plotly's tool bar and dates (its ``it`` locale is
    served from ``assets/vendor/plotly/``, vendored by ``scripts/locales/build.sh``)."""
    # plotly.js 4's "Share chart..." uploads the chart to Plotly Cloud: never, offline by construction.
    removed = [*config.get("modeBarButtonsToRemove", []), "sendChartToCloud"]
    return {**config, "locale": lang, "modeBarButtonsToRemove": removed}


def language_switch(lang: str) -> html.Nav:
    """The header's language links (EN / IT): each opens this page, filters kept, in its language.

    Each link is named in its own language ("English", "Italiano") and marked with it, so a
    screen reader says it right; the current one is ``aria-current``. A link reloads the page:
    every text of the page is then built in the new language.
    """

    def aria(code: str) -> dict[str, Any]:
        # The accessible name starts with the visible text (WCAG 2.5.3): "EN English", "IT Italiano".
        name = f"{code.upper()} {t('lang.name', code)}"
        return {"aria-label": name, "aria-current": "true" if code == lang else "false"}

    links = [
        html.A(
            code.upper(),
            id=ids.lang_link(code),
            href=f"?{PARAM}={code}",
            lang=code,
            hrefLang=code,
            title=t("lang.name", code),
            **aria(code),
            className="lang-link" + (" active" if code == lang else ""),
        )
        for code in languages()
    ]
    label: dict[str, Any] = {"aria-label": t("lang.switch", lang)}
    return html.Nav(links, className="lang-switch", **label)


def register(app: Dash) -> None:
    """Keep each language link on the current page: its path and filters, with its ``lang=``."""
    codes = languages()
    app.clientside_callback(
        """function (pathname, search) {
            const rest = (search || "").replace(/^\\?/, "").split("&")
                .filter(p => p && !p.startsWith("lang="));
            return CODES.map(code => (pathname || "/") + "?" + rest.concat(["lang=" + code]).join("&"));
        }""".replace("CODES", json.dumps(codes)),
        *[Output(ids.lang_link(code), "href") for code in codes],
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
    )
