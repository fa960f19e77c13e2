"""Layout of presentation mode (``/present``): one slide at a time, big type, no filter panel."""

from __future__ import annotations

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.i18n import t
from dashboard.network.model import Model
from dashboard.web import ids
from dashboard.web.a11y_layout import attrs
from dashboard.web.components import MAP_CONFIG, deck_button
from dashboard.web.language import graph_config

# The slide's map box, in viewport units (assets/app.css lays the rest of the slide around it).
# Every projector screen is 16:9, so the box keeps its aspect; names on the map are placed for
# the smallest screen presentation mode supports (1280 x 720): on a larger one they spread out.
MAP_BOX_VW, MAP_BOX_VH = 62.0, 71.0
SMALLEST_SCREEN = (1280, 720)
MAP_PX = (round(SMALLEST_SCREEN[0] * MAP_BOX_VW / 100), round(SMALLEST_SCREEN[1] * MAP_BOX_VH / 100))


def presentation_frame(children: Component | list[Component] | None = None) -> html.Div:
    """Where presentation mode goes: hidden until the page is at ``/present``, and empty until
    then unless ``children`` (:func:`presentation_content`) are given."""
    return html.Div(children, id=ids.PRESENT, className="present", style={"display": "none"})


def presentation_content(model: Model, *, lang: str) -> list[Component]:
    """Presentation mode's content: one slide at a time, big type, no filter panel."""
    buttons = [
        html.Button(
            t("present.prev", lang), id=ids.PRESENT_PREV, n_clicks=0, className="btn btn-outline-secondary"
        ),
        html.Button(
            t("present.next", lang), id=ids.PRESENT_NEXT, n_clicks=0, className="btn btn-outline-secondary"
        ),
        html.Button(
            t("present.fullscreen", lang),
            id=ids.PRESENT_FULLSCREEN,
            n_clicks=0,
            className="btn btn-outline-secondary",
        ),
        deck_button(ids.PRESENT_DECK, lang=lang),
        dcc.Link(
            t("present.exit", lang), id=ids.PRESENT_EXIT, href="/", className="btn btn-outline-secondary"
        ),
    ]
    return [
        html.Div(
            [
                html.H1(id=ids.PRESENT_TITLE),
                html.Div(id=ids.PRESENT_COUNTER, className="present-counter"),
            ],
            className="present-top",
            # A slide change is announced: its title and "n / total", once, as a whole.
            **attrs({"aria-live": "polite", "aria-atomic": "true"}),
        ),
        html.Div(
            [
                dcc.Graph(
                    id=ids.PRESENT_MAP,
                    config=graph_config({**MAP_CONFIG, "displayModeBar": False}, lang),
                    className="present-map",
                    style={"width": f"{MAP_BOX_VW}vw", "height": f"{MAP_BOX_VH}vh"},
                ),
                html.Div(
                    [
                        html.Div(id=ids.PRESENT_FIGURES, className="present-figures"),
                        html.H2(t("present.top", lang)),
                        html.Ol(id=ids.PRESENT_TOP, className="present-list"),
                        html.P(id=ids.PRESENT_NOTE, className="present-note"),
                    ],
                    className="present-side",
                ),
            ],
            className="present-main",
        ),
        html.Div(
            [html.Span(t("present.keys", lang), className="present-keys"), *buttons],
            className="present-bottom",
        ),
    ]
