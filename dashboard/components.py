"""Small layout factories: cards, tables and messages. No callbacks, no data loading."""

from __future__ import annotations

from dash import html

from dashboard.i18n import t
from dashboard.report import Report
from dashboard.values import is_web_url


def stat_card(label: str, value: int | str, *, card_id: str | None = None) -> html.Div:
    """A headline figure: big number, small label."""
    props = {"id": card_id} if card_id else {}
    return html.Div(
        [html.Div(str(value), className="stat-value"), html.Div(label, className="stat-label")],
        className="stat-card",
        **props,
    )


def safe_link(text: str, url: str) -> html.A | html.Span:
    """A link only for http(s) URLs; anything else is shown as plain text."""
    if url and is_web_url(url):
        return html.A(text, href=url, target="_blank", rel="noopener noreferrer")
    return html.Span(text)


def simple_table(header: list[str], rows: list[list[object]], *, table_id: str | None = None) -> html.Table:
    """A plain HTML table; cells are rendered as text (components are kept as they are)."""
    props = {"id": table_id} if table_id else {}
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in header])),
            html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows]),
        ],
        className="table table-sm",
        **props,
    )


def report_list(report: Report, *, lang: str) -> html.Div:
    """The data problems as a list, errors first; empty when there are none."""
    problems = report.errors + report.of("warning")
    if not problems:
        return html.Div()
    return html.Div(
        [
            html.H2(t("summary.data_notes", lang)),
            html.Ul([html.Li(f"{p.severity}: {p}", className=f"problem-{p.severity}") for p in problems]),
        ],
        className="data-notes",
    )
