from __future__ import annotations

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.network.slides import build_slides
from dashboard.network.view_state import ViewState
from dashboard.web.callbacks.present import is_present, slide_outputs, step
from dashboard.web.render import ExplorerOutputs


@pytest.fixture
def views(tiny_dir):
    return ExplorerOutputs(build_model(load_dataset(tiny_dir)), "en")


def test_slides_world_then_seed_regions_then_others_then_consortia(views):
    slides = build_slides(views.model, list(views.model.partners.index))
    assert [(s.kind, s.key) for s in slides] == [
        ("world", "world"),
        ("region", "europe"),
        ("region", "eastern-europe"),
        ("region", "north-america"),
        ("region", "southeast-asia"),
        ("consortium", "alpha"),
        ("consortium", "beta"),
    ]
    world = dict(slides[0].figures)
    # tiny: delft, boston, sing, vancouver hold agreements; warsaw and acme only share a consortium
    assert world["counts.with_agreement"] == 4 and world["counts.via_consortia"] == 2
    assert world["header.double_degrees"] == 1 and "header.partners" not in world
    assert slides[0].top[0] == ("delft", "Delft Test University", 4)
    assert set(slides[3].partner_ids) == {"boston", "vancouver"}


def test_slides_follow_filters_and_keep_empty_seed_regions(views):
    slides = build_slides(views.model, views.shown(ViewState(regions=("southeast-asia",))).index.tolist())
    europe = next(s for s in slides if s.key == "europe")
    assert europe.partner_ids == () and europe.view is None
    assert [s.key for s in slides if s.kind == "consortium"] == []


def test_region_slide_is_fitted_and_wide(views):
    slide = build_slides(views.model, list(views.model.partners.index))[3]  # North America
    lon, lat = slide.view
    assert lon[0] < -123.2 and lon[1] > -71.1
    assert (lon[1] - lon[0]) >= 1.5 * (lat[1] - lat[0])


def test_step_moves_and_clamps_within_the_deck(views):
    assert step(views, "?region=europe", 1) == "?region=europe&slide=2"
    assert step(views, "?slide=2", -1) == "?slide=1"
    assert step(views, "?slide=1", -1) == "?slide=1"
    assert step(views, "?slide=7", 1) == "?slide=7"


def test_region_filter_picks_region_slides_and_keeps_the_world(views):
    state = ViewState(regions=("north-america",), slide=2, theme="dark")
    title, counter, fig, figures, top, _note, exit_href = slide_outputs(views, state)
    assert counter == "2 / 4"  # world, North America, then the two consortia
    assert title[-1] == "North America"
    assert exit_href == "/?region=north-america&theme=dark"
    assert fig.layout.geo.landcolor == "#2E3238"
    assert len(top) == 2 and len(figures) == 4


def test_empty_region_slide_says_so(views):
    *_, note, _exit = slide_outputs(views, ViewState(types=("double_degree",), slide=5))
    assert note.startswith(
        "No sourced partner in Southeast Asia within this selection. Home Tech test network"
    )
    assert note.endswith(
        "how it compares with the whole is not stated (dataset.toml coverage)."
    )  # on every slide


def test_is_present():
    assert (
        is_present("/present")
        and is_present("/app/present/")
        and not is_present("/")
        and not is_present(None)
    )


def test_world_slide_of_a_large_network_groups_partners_by_place_as_the_explorer_does(views, monkeypatch):
    def traces(fig):
        data = fig["data"] if isinstance(fig, dict) else fig.to_dict()["data"]
        return [(trace.get("name"), trace.get("hovertemplate")) for trace in data]

    one_by_one = traces(slide_outputs(views, ViewState())[2])
    monkeypatch.setattr("dashboard.network.places.AGGREGATE_ABOVE", 2)  # "large" from 3 placed partners
    grouped = traces(slide_outputs(views, ViewState())[2])
    # slides draw every partner, co-members included: the explorer with its toggle on
    explorer = traces(views.map_view(ViewState(comembers=True), color_by="type", choropleth=False, focus=""))
    assert grouped == explorer and grouped != one_by_one
    region = traces(slide_outputs(views, ViewState(slide=2))[2])  # a region slide: one by one
    assert region != grouped


def test_slides_say_what_a_tie_strength_counts_and_a_single_country_reads_singular(views):
    outputs = slide_outputs(views, ViewState())
    top = [li.children[1].children for li in outputs[4]]
    assert top[0] == "2 agreements + 2 shared consortia"  # Delft: double degree, exchange, ALPHA, BETA
    assert "1 shared consortium" in top  # a co-member's tie is its consortium only
    cards = {c.children[1].children: c.children[0].children for c in outputs[3]}
    assert cards["Double degree in force"] == "1" and "Double degrees in force" not in cards
    one = slide_outputs(views, ViewState(countries=("NL",)))
    assert "Country" in {c.children[1].children for c in one[3]}
