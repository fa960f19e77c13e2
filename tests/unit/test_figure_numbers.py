"""Numbers inside charts follow the page's language: plotly's own (``layout.separators``: hover
labels, ticks) and the ones written in Python (legend counts, bar labels, hover data)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.data.dataset import load_dataset
from dashboard.figures import insight_charts as figs
from dashboard.figures.maps import make_aggregated_map
from dashboard.i18n import t
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.outputs import exports
from dashboard.web.callbacks.present import slide_outputs
from dashboard.web.render import ExplorerOutputs, InsightsViews
from tests.helpers import write_tiny


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return build_model(load_dataset(write_tiny(tmp_path_factory.mktemp("tiny"))))


COVERAGE = [
    {
        "country": "ES",
        "country_name": "Spagna",
        "region": "Europe",
        "partners": 3,
        "eche_holders": 1204,
        "share_pct": 0.25,
    }
]


@pytest.mark.parametrize(
    ("lang", "marks", "holders", "cell"),
    [("it", ",.", "3 / 1.204", "1.234"), ("en", ".,", "3 / 1,204", "1,234")],
)
def test_insights_charts_write_numbers_the_language_way(lang, marks, holders, cell):
    matrix = pd.DataFrame([[1300, 1234], [1234, 1250]], index=["a", "b"], columns=["a", "b"])
    growth = {"years": [2000, 2001], "series": {"Europe": [1, 2000]}, "undated_total": 0}
    built = [
        figs.centrality_bars(["Delft"], [0.5], lang=lang),
        figs.overlap_heatmap(matrix, {}, lang=lang),
        figs.region_sankey(
            pd.DataFrame({"region": ["Europe"], "country_name": ["Spagna"]}), "Home", lang=lang
        ),
        figs.coverage_bars(COVERAGE, lang=lang),
        figs.growth_area(growth, lang=lang),
        figs.growth_map(
            pd.DataFrame(columns=["lat", "lon", "short_name", "region"]),
            pd.DataFrame(columns=["lat", "lon", "short_name"]),
            {"short_name": "H", "lat": 45.0, "lon": 9.0},
            lang=lang,
        ),
    ]
    assert [fig.layout.separators for fig in built] == [marks] * len(built)
    assert built[1].data[0].text[0][1] == cell and "%{text}" in built[1].data[0].hovertemplate
    assert list(built[3].data[0].text) == [holders]
    assert (
        built[4].layout.yaxis.separatethousands and not built[4].layout.xaxis.separatethousands
    )  # years: 2001


def test_an_aggregated_map_counts_places_the_language_way(model):
    row = model.ds.home_row
    home = {"name": row["name"], "short_name": row["short_name"], "lat": row["lat"], "lon": row["lon"]}
    many = pd.concat([model.partners.iloc[[0]]] * 1234)
    many.index = pd.Index([f"p{i}" for i in range(len(many))])
    italian = make_aggregated_map(many, home, tr=lambda k, **v: t(k, "it", **v), lang="it")
    place = next(trace for trace in italian.data if trace.customdata is not None)
    assert italian.layout.separators == ",." and place.name.endswith("(1.234)")
    assert place.customdata[0][1] == "1.234" and place.customdata[0][2].endswith(" 1.234")
    english = make_aggregated_map(many, home, tr=t)
    assert next(tr for tr in english.data if tr.customdata is not None).name.endswith("(1,234)")


def test_italian_explorer_slides_exports_and_year_charts_carry_italian_separators(model):
    views = ExplorerOutputs(model, "it")
    state = ViewState()
    screens = {
        "map": go.Figure(views.map_view(state, color_by="type", choropleth=True, focus="")),
        "slide": slide_outputs(views, state)[2],
        "print map": exports.print_figure(views, state, "map", date="2026-12-02"),
        "print network": exports.print_figure(views, state, "network", date="2026-12-02"),
    }
    year_map, _, year_network, *_ = InsightsViews(model, "it").growth(2010, None)
    screens |= {"year map": year_map, "year network": year_network}
    assert {name: fig.layout.separators for name, fig in screens.items()} == dict.fromkeys(screens, ",.")
    english = ExplorerOutputs(model, "en").map_view(state, color_by="type", choropleth=False, focus="")
    assert english["layout"]["separators"] == ".,"
