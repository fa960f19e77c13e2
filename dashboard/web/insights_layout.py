"""Layout factory of the Insights view: questions answered in sentences and charts.

``insights_view(model, lang)`` builds the empty frame (filled by
:mod:`dashboard.web.callbacks.insights`); ``answer_blocks(result)`` turns an
:class:`~dashboard.network.insights.Insights` object into components, each institution named as
a button whose pattern id (:func:`dashboard.web.ids.insight_focus`) opens its details.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.i18n import t
from dashboard.network.insights import Insights
from dashboard.network.model import Model
from dashboard.web import ids
from dashboard.web.a11y_layout import attrs, chart_caption
from dashboard.web.language import graph_config

GEO_CONFIG: Any = {"topojsonURL": "/assets/topojson/", "displaylogo": False}
PLAIN_CONFIG: Any = {"displaylogo": False}
PLAY_MS = 900
ANSWERS_LOADING: Any = {ids.INSIGHTS_ANSWERS: "children"}  # the spinner waits for the answers callback


def _item(item: dict[str, Any], seen: set[str]) -> html.Li:
    parts: list[Any] = [item["lead"]] if item["lead"] else []
    for n, inst in enumerate(item["institutions"]):
        if n:
            parts.append(", ")
        # Dash ids must be unique on the page: only an institution's first mention is a button.
        if inst["id"] in seen:
            parts.append(html.Strong(inst["name"]))
        else:
            seen.add(inst["id"])
            parts.append(
                html.Button(
                    inst["name"],
                    id=ids.insight_focus(inst["id"]),
                    className="btn btn-link p-0 align-baseline",
                )
            )
    if item["detail"]:
        parts.append(item["detail"])
    return html.Li(parts)


def answer_blocks(result: Insights, *, lang: str = "en") -> list[Any]:
    """One section per answer: question, plain sentences, the items with clickable names, then
    "how this is computed" folded away; the data sources last."""
    seen: set[str] = set()
    blocks: list[Any] = [html.P(note, className="text-muted small") for note in result.notes]
    for answer in result.answers:
        body: list[Any] = [html.H3(answer.question, className="h5 mt-3")]
        body += [html.P(sentence) for sentence in answer.sentences]
        if answer.items:
            body.append(html.Ul([_item(item, seen) for item in answer.items]))
        if answer.how:
            summary = html.Summary(t("insights.how", lang))
            body.append(html.Details([summary, *[html.P(s) for s in answer.how]], className="insight-how"))
        blocks.append(html.Section(body, id=ids.insight_answer(answer.key)))
    if result.sources:
        sources = [
            html.H3(t("insights.sources", lang), className="h6"),
            html.Ul([html.Li(s) for s in result.sources]),
        ]
        blocks.append(html.Section(sources, id="insight-sources", className="insight-sources"))
    return blocks


def _graph(
    component_id: str,
    title: str = "",
    config: Any = PLAIN_CONFIG,
    *,
    lang: str = "en",
    answer: str = "",
    table: bool = False,
) -> html.Section:
    """A chart under its heading, its text alternative under it (filled by the callback that
    draws the chart), with a link to the same data as text: the answer ``answer`` of this page,
    or the ``table``. The title is page text, so it wraps, is never under the chart's tool bar,
    and lists among the page's headings for a screen reader."""
    heading, summary = ids.chart_title(component_id), ids.chart_summary(component_id)
    caption = chart_caption(
        "",
        caption_id=summary,
        lang=lang,
        link_id=ids.chart_table_link(component_id) if table else None,
        answer_id=ids.insight_answer(answer) if answer else None,
    )
    return html.Section(
        [
            html.H3(title, id=heading, className="h6 chart-title"),
            dcc.Graph(id=component_id, config=graph_config(config, lang)),
            caption,
        ],
        className="insight-chart",
        **attrs({"aria-labelledby": heading, "aria-describedby": summary}),
    )


def _year_marks(first: int, last: int) -> dict[int, str]:
    """Slider marks every decade plus both ends.

    Examples:
        >>> _year_marks(1988, 2025)
        {1988: '1988', 2000: '2000', 2010: '2010', 2020: '2020', 2025: '2025'}
    """
    # a decade mark closer than 4 years to an end would print over it
    decades = [y for y in range((first + 9) // 10 * 10, last + 1, 10) if min(y - first, last - y) >= 4]
    return {y: str(y) for y in sorted({first, last, *decades})}


def insights_view(model: Model, lang: str) -> html.Div:
    """The Insights view: path picker, answers, charts and the growth timeline.

    Args:
        model: The model (for the institution list and the year range).
        lang: Language of the labels.

    Returns:
        A Div with id :data:`dashboard.web.ids.ROOT`.
    """
    institutions = model.ds.institutions
    options = [
        {"label": f"{rec.name} ({rec.country})", "value": ident}
        for ident, rec in institutions.sort_values("name").iterrows()
        if ident != model.ds.home
    ]
    first, last = model.years
    timeline = html.Div(
        [
            html.Label(t("insights.view.year", lang), htmlFor=ids.INSIGHTS_YEAR),
            html.Div(
                [
                    html.Button(
                        t("insights.view.play", lang),
                        id=ids.INSIGHTS_PLAY,
                        className="btn btn-outline-primary btn-sm",
                    ),
                    html.Div(
                        dcc.Slider(
                            first, last, 1, value=last, id=ids.INSIGHTS_YEAR, marks=_year_marks(first, last)
                        ),
                        style={"flex": "1"},
                    ),
                ],
                style={"display": "flex", "gap": "1rem", "alignItems": "center"},
            ),
            dcc.Interval(id=ids.INSIGHTS_TICK, interval=PLAY_MS, disabled=True),
            html.Div(
                [
                    _graph(ids.INSIGHTS_GROWTH_MAP, config=GEO_CONFIG, lang=lang, table=True),
                    _graph(ids.INSIGHTS_GROWTH_NETWORK, lang=lang, answer="growth"),
                ],
                className="growth-pair",
            ),
        ]
    )
    return html.Div(
        [
            html.H2(t("insights.view.heading", lang), className="h4"),
            html.P(t("insights.view.intro", lang), className="text-muted"),
            html.Label(t("insights.view.path_label", lang), htmlFor=ids.INSIGHTS_PATH_TARGET),
            dcc.Dropdown(
                id=ids.INSIGHTS_PATH_TARGET,
                options=options,
                placeholder=t("insights.view.path_placeholder", lang),
            ),
            # Answers and charts arrive together, a few seconds after opening on a very large
            # network: a spinner meanwhile, not empty axes.
            dcc.Loading(
                [
                    html.Div(id=ids.INSIGHTS_ANSWERS),
                    _graph(
                        ids.INSIGHTS_CENTRALITY,
                        t("insights.fig.centrality", lang),
                        lang=lang,
                        answer="matter",
                    ),
                    _graph(
                        ids.INSIGHTS_OVERLAP, t("insights.fig.overlap", lang), lang=lang, answer="overlap"
                    ),
                    _graph(ids.INSIGHTS_SANKEY, t("insights.fig.sankey", lang), lang=lang, table=True),
                    _graph(ids.INSIGHTS_COVERAGE, t("insights.fig.coverage", lang), lang=lang, answer="thin"),
                    _graph(ids.INSIGHTS_GROWTH, t("insights.fig.growth", lang), lang=lang, answer="growth"),
                ],
                type="circle",
                delay_show=300,
                target_components=ANSWERS_LOADING,
            ),
            timeline,
        ],
        id=ids.INSIGHTS_ROOT,
        className="insights-view",
    )
