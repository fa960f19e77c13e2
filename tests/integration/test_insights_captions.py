"""The Insights callbacks send each chart's text alternative with the chart, in the page's language."""

from __future__ import annotations

import json

import pytest

from dashboard import create_app
from dashboard.config import Settings
from dashboard.web import ids
from tests.helpers import TINY, write_dataset

CHARTS = (
    ids.INSIGHTS_CENTRALITY,
    ids.INSIGHTS_OVERLAP,
    ids.INSIGHTS_SANKEY,
    ids.INSIGHTS_COVERAGE,
    ids.INSIGHTS_GROWTH,
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = write_dataset(tmp_path_factory.mktemp("tiny"), dict(TINY))
    return create_app(Settings(data_dir=folder)).server.test_client()


def _call(client, output_of: str, inputs: list[dict], lang: str) -> dict:
    """Post one callback request as the page does: its inputs, then ``ids.LANG`` as the last State."""
    deps = client.get("/_dash-dependencies").json
    dep = next(d for d in deps if f"{output_of}." in d["output"])
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1]} for o in dep["output"].strip(".").split("...")
    ]
    payload = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": [{"id": ids.LANG, "property": "data", "value": lang}],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data(as_text=True))["response"]


def _answers(client, lang: str) -> dict:
    inputs = [
        {"id": ids.FILTER_STORE, "property": "data", "value": {}},
        {"id": ids.INSIGHTS_PATH_TARGET, "property": "value", "value": None},
        {"id": ids.VIEW_STORE, "property": "data", "value": "insights"},
    ]
    return _call(client, ids.INSIGHTS_ANSWERS, inputs, lang)


def test_every_insights_chart_arrives_with_its_text_alternative(client):
    response = _answers(client, "en")
    captions = {chart: response[ids.chart_summary(chart)]["children"] for chart in CHARTS}
    assert all(text and "{" not in text and "charts." not in text for text in captions.values()), captions
    assert captions[ids.INSIGHTS_CENTRALITY].startswith("The 3 partners most connected")
    assert (
        "members in common" in captions[ids.INSIGHTS_OVERLAP]
        or "member in common" in captions[ids.INSIGHTS_OVERLAP]
    )
    assert response[ids.chart_table_link(ids.INSIGHTS_SANKEY)]["href"] == "/?view=table"
    assert response[ids.INSIGHTS_COVERAGE]["figure"]["layout"]["separators"] == ".,"


def test_insights_captions_and_numbers_are_italian_on_an_italian_page(client):
    response = _answers(client, "it")
    assert response[ids.chart_summary(ids.INSIGHTS_CENTRALITY)]["children"].startswith(
        "I 3 partner più collegati"
    )
    assert "paes" in response[ids.chart_summary(ids.INSIGHTS_SANKEY)]["children"]
    assert all(response[chart]["figure"]["layout"]["separators"] == ",." for chart in CHARTS)


def test_the_year_map_and_network_say_how_many_partners_in_how_many_countries(client):
    inputs = [
        {"id": ids.INSIGHTS_YEAR, "property": "value", "value": 2010},
        {"id": ids.FILTER_STORE, "property": "data", "value": {}},
        {"id": ids.VIEW_STORE, "property": "data", "value": "insights"},
    ]
    response = _call(client, ids.INSIGHTS_GROWTH_MAP, inputs, "it")
    summary = response[ids.chart_summary(ids.INSIGHTS_GROWTH_MAP)]["children"]
    assert (
        summary.startswith("Nel 2010: 2 partner in ")
        and summary == (response[ids.chart_summary(ids.INSIGHTS_GROWTH_NETWORK)]["children"])
    )
    assert response[ids.chart_table_link(ids.INSIGHTS_GROWTH_MAP)]["href"] == "/?view=table"
