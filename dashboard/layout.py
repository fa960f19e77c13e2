"""Page layouts: built from components, filled from pure summaries of the dataset."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.components import report_list, safe_link, simple_table, stat_card
from dashboard.datasets import Dataset
from dashboard.i18n import t
from dashboard.report import Report
from dashboard.summary import headline


def build_layout(ds: Dataset, relations: pd.DataFrame, partners: list[str], *, lang: str) -> html.Div:
    """The summary page of the loaded network.

    Args:
        ds: The dataset.
        relations: Its relations table.
        partners: Partner ids to summarise.
        lang: UI language.

    Returns:
        The root component.
    """
    figures = headline(ds, relations, partners)
    home = ds.home_row
    cards = [
        stat_card(t("summary.partners", lang), figures.partners),
        stat_card(t("summary.countries", lang), figures.countries),
        stat_card(t("summary.consortia", lang), figures.consortia),
        stat_card(t("summary.double_degrees", lang), figures.double_degrees),
        stat_card(t("summary.agreements", lang), figures.agreements),
    ]
    region_rows = [[r, n if n else t("summary.thin", lang)] for r, n in figures.by_region.items()]
    return html.Div(
        [
            dcc.Location(id=ids.URL),
            html.Header(
                [html.H1(str(home["name"])), html.P(ds.title, className="subtitle")],
                id=ids.HEADER,
                className="app-header",
            ),
            html.Main(
                [
                    html.Section(cards, id=ids.HEADLINE, className="stat-row"),
                    html.Section(
                        [
                            html.H2(t("summary.by_region", lang)),
                            simple_table(
                                [t("summary.region", lang), t("summary.count", lang)],
                                region_rows,
                                table_id=ids.REGION_TABLE,
                            ),
                        ],
                    ),
                    html.Section([html.H2(t("summary.consortia_heading", lang)), _consortia(ds, lang=lang)]),
                    html.Section(report_list(ds.report, lang=lang), id=ids.DATA_NOTES),
                    html.P(t("summary.as_of", lang, date=ds.as_of or "?"), className="as-of"),
                ],
                className="container",
            ),
        ]
    )


def _consortia(ds: Dataset, *, lang: str) -> html.Ul:
    sizes = ds.memberships.groupby("consortium_id").size()
    items = []
    for rec in ds.consortia.sort_values("name").itertuples(index=False):
        count = int(sizes.get(rec.id, 0))
        items.append(
            html.Li([safe_link(rec.name, rec.website), f" — {t('summary.members', lang, count=count)}"])
        )
    return html.Ul(items, id=ids.CONSORTIA_LIST)


def error_layout(report: Report, *, lang: str) -> html.Div:
    """Shown instead of the dashboard when the data folder has errors."""
    return html.Div(
        [
            html.H1(t("error.title", lang)),
            html.P(t("error.intro", lang)),
            html.Pre(report.render(), className="error-report"),
        ],
        className="container error-page",
    )
