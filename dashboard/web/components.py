"""Small layout factories: cards, links, the details panel. No callbacks, no data loading."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.data.cells import is_web_url
from dashboard.data.problems import Report
from dashboard.i18n import country_name, format_date, format_number, t, term
from dashboard.web import ids

# Every geo graph reads the base map from the app's own assets: the map works offline.
MAP_CONFIG: Any = {
    "topojsonURL": "/assets/topojson/",
    "displaylogo": False,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def stat_card(
    label: str, value: int | str, *, muted: bool = False, sub: str = "", title: str = "", lang: str = "en"
) -> html.Div:
    """A headline figure: big number, small label, an optional subline and a tooltip sentence.

    The tooltip (``title``) says in words what the number counts; it is also the card's
    accessible name, so a screen reader hears the sentence rather than a bare number.
    """
    parts = [
        html.Div(format_number(value, lang), className="stat-value"),
        html.Div(label, className="stat-label"),
    ]
    if sub:
        parts.append(html.Div(sub, className="stat-sub"))
    extra: dict[str, Any] = {"role": "group", "aria-label": title} if title else {}
    return html.Div(
        parts, className="stat-card" + (" stat-muted" if muted else ""), title=title or None, **extra
    )


def colour_key(entries: list[tuple[str, str, int]], *, lang: str) -> list[html.Span]:
    """The network's colour key: a swatch and a label per colour (text, never HTML)."""
    return [
        html.Span(
            [
                html.Span(className="key-swatch", style={"backgroundColor": colour}),
                t("network.key.count", lang, label=label, count=count),
            ],
            className="key-item",
        )
        for label, colour, count in entries
    ]


def status_key(looks: dict[str, int], *, lang: str) -> list[html.Span]:
    """Key entries saying how ended or suspended (faded) and planned (dashed) ties are drawn,
    with how many there are; none for a look nothing on screen has."""
    return [
        html.Span(
            [html.Span(className=f"key-swatch key-{look}"), t(f"status.key.{look}", lang, n=count)],
            className="key-item",
        )
        for look, count in looks.items()
        if count
    ]


def safe_link(text: str, url: str) -> html.A | html.Span:
    """A link only for http(s) URLs; anything else is shown as plain text."""
    if url and is_web_url(url):
        return html.A(text, href=url, target="_blank", rel="noopener noreferrer")
    return html.Span(text)


def source_line(source: str, as_of: str, *, lang: str) -> html.Span:
    """``source · as of DATE``: a URL as a safe link, a label (an internal export) as plain text."""
    shown: html.A | html.Span = (
        safe_link(t("details.source", lang), source)
        if is_web_url(source)
        else html.Span(t("details.source_label", lang, label=source), className="source-label")
    )
    return html.Span(
        [shown, f" · {t('details.as_of', lang, date=format_date(as_of, lang))}"], className="source-line"
    )


def details_panel(details: dict[str, object] | None, *, home_name: str, lang: str) -> list[object]:
    """The details of one institution: relations with home and consortia, each with its source."""
    if details is None:
        return [html.P(t("details.placeholder", lang), className="text-muted")]
    country = country_name(details.get("country"), lang, details["country_name"])
    place = ", ".join(str(p) for p in (details["city"], country) if p)
    head: list[object] = [
        html.H3(str(details["name"]), className="details-name"),
        html.P([place, html.Br(), term("region", details["region"], lang)], className="details-place"),
    ]
    if details["website"]:
        head.append(html.P(safe_link(t("details.website", lang), str(details["website"]))))
    if details["is_home"]:
        head.append(html.P(t("details.home", lang), className="badge-home"))
    elif details["distance_km"] is not None:
        head.append(html.P(t("details.distance", lang, km=details["distance_km"], home=home_name)))
    return (
        head
        + _agreements(details, home_name=home_name, lang=lang)
        + _memberships(details, home_name=home_name, lang=lang)
    )


def _agreements(details: dict[str, object], *, home_name: str, lang: str) -> list[object]:
    if details["is_home"]:
        return []
    items = []
    for a in details["agreements"]:  # type: ignore[attr-defined]
        words = [t(f"type.{a['type']}", lang), a["field"], a["period"]]
        items.append(
            html.Li(
                [
                    html.Strong(" · ".join(w for w in words if w)),
                    html.Br(),
                    source_line(a["source"], a["as_of"], lang=lang),
                    html.Div(a["note"], className="note") if a["note"] else None,
                ]
            )
        )
    body = html.Ul(items, className="relation-list") if items else html.P(t("details.no_agreements", lang))
    return [html.H4(t("details.agreements", lang, home=home_name)), body]


def _memberships(details: dict[str, object], *, home_name: str, lang: str) -> list[object]:
    items = []
    for m in details["memberships"]:  # type: ignore[attr-defined]
        extra = [t("details.role", lang, role=term("role", m["role"], lang))]
        if m["since"]:
            extra.append(t("details.since", lang, year=m["since"]))
        if m["shared_with_home"] and not details["is_home"]:
            extra.append(t("details.shared", lang, home=home_name))
        items.append(
            html.Li(
                [
                    html.Strong(m["consortium"]),
                    f" ({', '.join(extra)})",
                    html.Br(),
                    source_line(m["source"], m["as_of"], lang=lang),
                ]
            )
        )
    body = html.Ul(items, className="relation-list") if items else html.P(t("details.no_memberships", lang))
    return [html.H4(t("details.memberships", lang)), body]


def report_list(report: Report, *, lang: str) -> html.Details | html.Div:
    """The data warnings, folded away; empty when there are none."""
    problems = report.errors + report.of("warning")
    if not problems:
        return html.Div()
    return html.Details(
        [
            html.Summary(f"{t('data.notes', lang)} ({len(problems)})"),
            html.Ul([html.Li(p.render(lang)) for p in problems]),
        ],
        className="data-notes",
    )


def deck_button(ident: str, *, lang: str, small: bool = False) -> html.Button:
    """A button that makes the PowerPoint deck of the filtered network (a background job)."""
    size = " btn-sm" if small else ""
    return html.Button(
        t("background.deck", lang),
        id=ident,
        n_clicks=0,
        className=f"btn btn-outline-secondary{size}",
        title=t("background.deck_title", lang),
    )


def job_panel(*, lang: str) -> html.Div:
    """Progress of a running export or deck, with a cancel button; hidden while nothing runs."""
    return html.Div(
        [
            html.Span(t("background.panel", lang), className="job-title"),
            html.Span(t("background.starting", lang), id=ids.JOB_LABEL, className="job-label"),
            html.Progress(
                id=ids.JOB_PROGRESS,
                value="0",
                max="1",
                className="job-progress",
                title=t("background.progress", lang),
            ),
            html.Button(
                t("background.cancel", lang),
                id=ids.JOB_CANCEL,
                n_clicks=0,
                disabled=True,  # until the job reports (dashboard.web.callbacks.exports)
                className="btn btn-outline-danger btn-sm",
            ),
        ],
        id=ids.JOB_PANEL,
        className="job-panel",
        role="status",
        hidden=True,
        **{"aria-live": "polite", "aria-label": t("background.panel", lang)},  # type: ignore[arg-type]
    )
