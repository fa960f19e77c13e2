"""Layout factory of the Insights view: questions answered in sentences and charts.

``insights_view(model, lang)`` builds the empty frame (filled by
:mod:`dashboard.callbacks.insights`); ``answer_blocks(result)`` turns an
:class:`~dashboard.insights.Insights` object into components, each institution named as
a button whose pattern id (:func:`dashboard.insights_ids.focus_button`) opens its details.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard import insights_ids as iid
from dashboard.i18n import t
from dashboard.insights import Insights
from dashboard.model import Model

GEO_CONFIG: Any = {"topojsonURL": "/assets/topojson/", "displaylogo": False}
PLAIN_CONFIG: Any = {"displaylogo": False}
PLAY_MS = 900
ANSWERS_LOADING: Any = {iid.ANSWERS: "children"}  # the spinner waits for the answers callback


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
                    inst["name"], id=iid.focus_button(inst["id"]), className="btn btn-link p-0 align-baseline"
                )
            )
    if item["detail"]:
        parts.append(item["detail"])
    return html.Li(parts)


def answer_blocks(result: Insights) -> list[Any]:
    """One section per answer: question, sentences, then the items with clickable names."""
    seen: set[str] = set()
    blocks: list[Any] = [html.P(note, className="text-muted small") for note in result.notes]
    for answer in result.answers:
        body: list[Any] = [html.H3(answer.question, className="h5 mt-3")]
        body += [html.P(sentence) for sentence in answer.sentences]
        if answer.items:
            body.append(html.Ul([_item(item, seen) for item in answer.items]))
        blocks.append(html.Section(body, id=f"insight-{answer.key}"))
    return blocks


def _graph(component_id: str, config: Any = PLAIN_CONFIG) -> dcc.Graph:
    return dcc.Graph(id=component_id, config=config)


def _year_marks(first: int, last: int) -> dict[int, str]:
    """Slider marks every decade plus both ends.

    Examples:
        >>> _year_marks(1988, 2025)
        {1988: '1988', 1990: '1990', 2000: '2000', 2010: '2010', 2020: '2020', 2025: '2025'}
    """
    years = {first, last, *range((first + 9) // 10 * 10, last + 1, 10)}
    return {y: str(y) for y in sorted(years)}


def insights_view(model: Model, lang: str) -> html.Div:
    """The Insights view: path picker, answers, charts and the growth timeline.

    Args:
        model: The model (for the institution list and the year range).
        lang: Language of the labels.

    Returns:
        A Div with id :data:`dashboard.insights_ids.ROOT`.
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
            html.Label(t("insights.view.year", lang), htmlFor=iid.YEAR),
            html.Div(
                [
                    html.Button(
                        t("insights.view.play", lang), id=iid.PLAY, className="btn btn-outline-primary btn-sm"
                    ),
                    html.Div(
                        dcc.Slider(first, last, 1, value=last, id=iid.YEAR, marks=_year_marks(first, last)),
                        style={"flex": "1"},
                    ),
                ],
                style={"display": "flex", "gap": "1rem", "alignItems": "center"},
            ),
            dcc.Interval(id=iid.TICK, interval=PLAY_MS, disabled=True),
            html.Div(
                [_graph(iid.GROWTH_MAP, GEO_CONFIG), _graph(iid.GROWTH_NETWORK)],
                className="growth-pair",
            ),
        ]
    )
    return html.Div(
        [
            html.H2(t("insights.view.heading", lang), className="h4"),
            html.P(t("insights.view.intro", lang), className="text-muted"),
            html.Label(t("insights.view.path_label", lang), htmlFor=iid.PATH_TARGET),
            dcc.Dropdown(
                id=iid.PATH_TARGET, options=options, placeholder=t("insights.view.path_placeholder", lang)
            ),
            # Answers and charts arrive together, a few seconds after opening on a very large
            # network: a spinner meanwhile, not empty axes.
            dcc.Loading(
                [
                    html.Div(id=iid.ANSWERS),
                    _graph(iid.CENTRALITY),
                    _graph(iid.OVERLAP),
                    _graph(iid.SANKEY),
                    _graph(iid.COVERAGE),
                    _graph(iid.GROWTH),
                ],
                type="circle",
                delay_show=300,
                target_components=ANSWERS_LOADING,
            ),
            timeline,
        ],
        id=iid.ROOT,
        className="insights-view",
    )
