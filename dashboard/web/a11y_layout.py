"""Accessibility parts of the explorer (WCAG 2.1 AA): skip links, names, live region, keyboard paths.

Pure layout factories and the pure helpers of their callbacks; the browser side is
``assets/a11y.js`` (it names Dash's widgets by the ``<label for=…>`` given here, moves focus
into the details panel and back, and lets Esc leave the table).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.i18n import DEFAULT_LANG, country_name, t
from dashboard.web import ids

# Above this many shown partners the picker lists only what the typed text matches: a drop-down
# of tens of thousands of options would cost every filter change megabytes.
PICK_ALL_UP_TO = 1000
PICK_MATCHES = 100


def attrs(values: dict[str, str]) -> Any:
    """``aria-*``/``data-*`` attributes to pass as ``**attrs({...})``: Dash's html components take
    them, but their type stubs list only the named properties.

    Examples:
        >>> html.Div(**attrs({"aria-live": "polite"}))
        Div(aria-live='polite')
    """
    return values


def hidden_label(text: str, for_id: str, **extra: Any) -> html.Label:
    """A label read by screen readers only, naming the control ``for_id`` (see assets/a11y.js)."""
    return html.Label(text, htmlFor=for_id, className="visually-hidden", **extra)


def skip_links(*, lang: str) -> html.Nav:
    """The first thing Tab reaches: jump to the views or to the filters."""
    links = [
        html.A(text, href=f"#{target}", className="skip-link", **attrs({"data-a11y-skip": f"#{target}"}))
        for text, target in (
            (t("a11y.skip_main", lang), ids.VIEWS_MAIN),
            (t("a11y.skip_filters", lang), ids.SEARCH),
        )
    ]
    return html.Nav(links, className="skip-links", **attrs({"aria-label": t("a11y.skip_nav", lang)}))


def live_region() -> html.Div:
    """Where filter results are announced ("12 partners shown"), politely, once per change."""
    return html.Div(id=ids.LIVE, role="status", className="visually-hidden", **attrs({"aria-live": "polite"}))


def partner_picker(*, lang: str) -> html.Div:
    """The keyboard path to any partner on the map or in the network: a searchable list of
    the partners shown, kept in step with the filters; choosing one opens its details."""
    return html.Div(
        [
            html.Label(t("a11y.pick", lang), htmlFor=ids.PARTNER_PICK, className="control-label"),
            dcc.Dropdown(
                id=ids.PARTNER_PICK,
                options=[],
                value=None,
                searchable=True,
                clearable=False,
                placeholder=t("a11y.pick_placeholder", lang),
                className="partner-pick",
            ),
        ],
        className="partner-pick-row",
        **attrs({"data-a11y-fallback": "true"}),
    )


def shown_text(count: int, *, lang: str) -> str:
    """The live announcement of a filter result.

    Examples:
        >>> shown_text(1, lang="en"), shown_text(12, lang="en")
        ('1 partner shown', '12 partners shown')
    """
    return t("a11y.shown", lang, count=count)


def map_summary(partners: pd.DataFrame, *, lang: str) -> str:
    """The map's text alternative: what it shows, in numbers, and where the same data is as text."""
    return t(
        "a11y.map_summary",
        lang,
        shown=shown_text(len(partners), lang=lang),
        countries=int(partners["country"].nunique()),
    )


def partner_options(
    partners: pd.DataFrame, search: str | None, *, keep: str = "", lang: str = DEFAULT_LANG
) -> list[dict[str, Any]]:
    """The picker's options: every shown partner by name (with its country, in ``lang``), or
    for a large network only those matching the typed text (and the one chosen, ``keep``).

    Examples:
        >>> rows = pd.DataFrame({"name": ["TU Delft", "Aalto"], "country_name": ["Netherlands", "Finland"],
        ...                      "country": ["NL", "FI"]}, index=["tud", "aalto"])
        >>> [o["value"] for o in partner_options(rows, None)]
        ['aalto', 'tud']
        >>> [o["label"] for o in partner_options(rows, None, lang="it")]
        ['Aalto (Finlandia)', 'TU Delft (Paesi Bassi)']
    """
    rows = partners
    if len(rows) > PICK_ALL_UP_TO:
        text = (search or "").strip().casefold()
        names = rows["name"].astype(str).str.casefold()
        match = names.str.contains(text, regex=False) if text else pd.Series(False, index=rows.index)
        chosen = rows.loc[match].head(PICK_MATCHES)
        rows = (
            pd.concat([chosen, rows.loc[[keep]]])
            if keep in rows.index and keep not in chosen.index
            else chosen
        )
    rows = rows.sort_values("name", key=lambda s: s.astype(str).str.casefold())
    codes = rows["country"].fillna("") if "country" in rows else pd.Series("", index=rows.index)
    countries = [
        country_name(code, lang, name) if name else ""
        for code, name in zip(codes, rows["country_name"].fillna(""), strict=True)
    ]
    return [
        {"label": f"{name} ({country})" if country else str(name), "value": str(ident)}
        for ident, name, country in zip(rows.index, rows["name"], countries, strict=True)
    ]


def chart_caption(
    text: Any, *, caption_id: str, lang: str, link_id: str | None = None, answer_id: str | None = None
) -> html.Div:
    """A chart's text alternative, shown under it: its summary, then a link to the same data as
    a table (``link_id``, its ``href`` kept by a callback) or as an answer in words on the same
    page (``answer_id``, the answer's section)."""
    parts: list[Any] = [html.Span(text, id=caption_id)]
    if link_id:
        parts += [" ", dcc.Link(t("a11y.table_link", lang), id=link_id, href="/?view=table")]
    if answer_id:
        parts += [" ", html.A(t("charts.answer_link", lang), href=f"#{answer_id}")]
    return html.Div(parts, className="chart-caption small")
