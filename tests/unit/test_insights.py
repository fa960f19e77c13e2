from __future__ import annotations

import csv
import json

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.dataset import load_dataset
from dashboard.network import consortia
from dashboard.network.graph import Filters, filter_partners
from dashboard.network.insights import insights, to_json, to_markdown
from dashboard.network.model import build_model
from dashboard.web.insights_layout import answer_blocks, insights_view
from dashboard.web.render import InsightsViews


@pytest.fixture
def tiny(tiny_dir):
    return build_model(load_dataset(tiny_dir))


def _answers(model, **kw):
    ids = filter_partners(model.ds, model.relations, kw.pop("filters", Filters()))
    return {a.key: a for a in insights(model, ids, **kw).answers}


def _named(answer):
    return [i["id"] for item in answer.items for i in item["institutions"]]


def test_answers_come_in_a_fixed_order(tiny):
    keys = list(_answers(tiny, target="warsaw"))
    assert keys == ["scope", "matter", "ties", "overlap", "brokers", "thin", "growth", "communities", "path"]


def test_home_and_domestic_companies_are_not_ranked_as_international_partners(tiny):
    answers = _answers(tiny)
    assert answers["scope"].data["intl"] == 5 and answers["scope"].data["nonacademic_home"] == 1
    for key in ("matter", "ties", "brokers"):
        assert "home" not in _named(answers[key]) and "acme" not in _named(answers[key])
    assert "Acme" not in " ".join(answers["matter"].sentences[:3])


def test_overlap_answer_names_the_members_in_common(tiny):
    overlap = _answers(tiny)["overlap"]
    assert overlap.data["pairs"] == [{"a": "alpha", "b": "beta", "members": ["delft"]}]
    assert _named(overlap) == ["delft"]


def test_strongest_tie_and_growth(tiny):
    answers = _answers(tiny)
    assert _named(answers["ties"]) == ["delft"]
    assert answers["growth"].data["by_decade"] == {"2000s": 2, "2010s": 1, "2020s": 1}
    assert answers["growth"].data["undated"] == 2


def test_answers_follow_the_filters(tiny):
    answers = _answers(tiny, filters=Filters(regions=("north-america",)))
    assert answers["scope"].data["partners"] == 2 and answers["overlap"].data["pairs"] == []


def test_no_reference_file_says_so(tiny):
    assert "reference/eche_counts.csv" in _answers(tiny)["thin"].sentences[0]


def test_path_answer_and_unknown_target(tiny):
    assert _answers(tiny, target="warsaw")["path"].items[0]["lead"].startswith("HIT –[founder]→ ALPHA")
    assert "not connected" in _answers(tiny, target="nowhere")["path"].sentences[0]


def test_markdown_and_json_are_deterministic(tiny_dir):
    outputs = []
    for _ in range(2):
        model = build_model(load_dataset(tiny_dir))
        result = insights(model, list(model.partners.index), target="warsaw")
        outputs.append((to_markdown(result), to_json(result)))
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0][1])["answers"][0]["key"] == "scope"
    assert "## Where do our consortia overlap?" in outputs[0][0]


def test_view_renders_each_institution_once_as_a_button(tiny):
    result = insights(tiny, list(tiny.partners.index), target="delft")
    blocks = str(answer_blocks(result))
    assert blocks.count("'index': 'delft'") == 1
    assert insights_view(tiny, "en").id == "insights-view"


def test_callback_views_render_every_output(tiny):
    views = InsightsViews(tiny, "en")
    outputs = views.render(None, "warsaw")
    assert len(outputs) == 12 and outputs[2].data[0].z == ([2, 1], [1, 2])
    assert all(isinstance(text, str) and text.endswith(".") for text in outputs[6:11])  # the five captions
    assert "ALPHA and BETA: 1 member in common" in outputs[7] and outputs[11] == "/?view=table"
    europe = views.render({"regions": ["europe"]}, None)  # warsaw (Eastern Europe) is filtered out
    assert list(europe[2].data[0].y) == ["BETA", "ALPHA"] and europe[2].data[0].z == ([2, 1], [1, 1])
    assert europe[11] == "/?region=europe&view=table"
    fig, title, network, network_title, summary, same, href = views.growth(2010, None)
    assert title.startswith("2010: 2 dated") and "2010" in network_title
    assert summary == same and summary.startswith("In 2010: 2 partners in ") and href == "/?view=table"
    assert not fig.layout.title.text and not network.layout.title.text  # headings are page text
    assert views.tick(2021) == (2005, False) and views.tick(2020) == (2021, True)


def test_bundled_idea_league_and_enhance_overlap_equals_their_member_lists():
    model = build_model(load_dataset(DEFAULT_DATA_DIR))
    with (DEFAULT_DATA_DIR / "memberships.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lists = {
        c: {r["institution_id"] for r in rows if r["consortium_id"] == c} for c in ("idea-league", "enhance")
    }
    expected = sorted(
        (lists["idea-league"] & lists["enhance"]) - {model.ds.home}
    )  # home is in both, not counted
    _, common = consortia.overlap_matrix(model, list(model.partners.index))
    pair = common.get(("enhance", "idea-league")) or common[("idea-league", "enhance")]
    assert pair == expected and len(expected) == 4


def test_italian_answers_are_written_in_italian_with_their_plurals(tiny):
    answers = _answers(tiny, lang="it", target="delft")
    text = " ".join(s for a in answers.values() for s in [a.question, *a.sentences, *a.how])
    assert "Quali partner contano di più?" in text
    assert "{" not in text and "insights." not in text  # every placeholder filled, every key found
    assert [
        w for w in ("partners are", "countries", "consortia have", "shortest", " of them") if w in text
    ] == []
    scope = " ".join(answers["scope"].sentences)
    assert "paes" in scope and "accademic" in scope
