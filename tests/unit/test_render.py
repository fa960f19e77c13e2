from __future__ import annotations

import json

import pytest
from dash import Patch, no_update

from dashboard.data.dataset import load_dataset
from dashboard.i18n import t
from dashboard.network.details import institution_details, table_rows
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.web.render import ExplorerOutputs


@pytest.fixture
def views(tiny_dir):
    return ExplorerOutputs(build_model(load_dataset(tiny_dir)), "en")


def _card_values(cards):
    return {c.children[1].children: c.children[0].children for c in cards}


def test_render_follows_filters(views):
    state = ViewState(regions=("north-america",))
    _fig, note, cards, empty = views.render(state, color_by="type", choropleth=False, focus="")
    elements = views.network_view(state, layout="force", network_color="region")
    rows = views.table_view(state)
    assert sorted(r["id"] for r in rows) == ["boston", "vancouver"]
    values = _card_values(cards)
    assert values["with agreements"] == "2" and values["via consortia only"] == "0"
    assert values["North America"] == "2"
    assert values["Southeast Asia"] == "0"  # filtered out, but sourced: no "none" label
    assert empty == {"display": "none"}
    assert note == ""
    assert {e["data"]["id"] for e in elements if "source" not in e["data"]} == {
        "i:home",
        "i:boston",
        "i:vancouver",
    }


def test_headline_says_what_each_count_counts(views):
    _fig, _note, cards, _empty = views.render(ViewState(), color_by="type", choropleth=False, focus="")
    values = _card_values(cards)
    assert values["with agreements"] == "4" and values["via consortia only"] == "2"  # warsaw, acme
    assert "Partners" not in values  # never one merged number
    europe = next(c for c in cards if c.children[1].children == "Europe")
    assert europe.children[0].children == "1" and europe.children[2].children == "+1 via consortia"
    assert europe.title == "Europe: 1 with agreements · 1 via consortia"
    first = cards[0].title
    assert first.startswith("4 partners with an agreement (4 active agreements, 1 ended, 0 planned")
    assert "2 more linked only through a shared consortium · 5 academic, 1 non-academic" in first


def test_region_without_any_partner_is_called_thin(make_dataset):
    folder = make_dataset(
        institutions__csv=["home,Home,H,university,Milan,IT,45.47,9.22,,", "d,D,D,university,Delft,NL,,,,"],
        memberships__csv=[],
        agreements__csv=["d,exchange,,,,https://e.org/a,2024,"],
    )
    views = ExplorerOutputs(build_model(load_dataset(folder)), "en")
    values = _card_values(views.headline(views.shown(ViewState())))
    assert values["Southeast Asia"].startswith("0 · ")


def test_no_match_shows_the_empty_state(views):
    *_, empty = views.render(ViewState(q="zzz"), color_by="type", choropleth=False, focus="")
    rows = views.table_view(ViewState(q="zzz"))
    assert rows == [] and empty == {"display": "block"}


def test_sync_writes_url_only_for_user_changes(views):
    state = ViewState(regions=("europe",))
    out = views.sync_outputs(state, "controls", search="", filters=None, focus="", view="map")
    assert out[0] == "?region=europe"
    assert all(v is no_update for v in out[1:9])  # controls are not echoed back
    out = views.sync_outputs(state, "url", search="?region=europe", filters=None, focus="", view="map")
    assert out[0] is no_update and out[1] == ["europe"]


def test_focus_outputs_details_and_patch(views):
    _body, panel = views.focus_outputs("delft")
    assert "has-focus" in panel and views.focus_outputs("")[1] == "details-panel"
    stylesheet = views.network_stylesheet("delft", ViewState())
    assert any('node[id = "i:delft"]' in rule["selector"] for rule in stylesheet)
    patch = views.map_focus_patch("delft", ViewState(), Patch())
    ops = patch.to_plotly_json()["operations"]
    labels = next(op["params"]["value"] for op in ops if op["location"] == ["data", 0])
    assert labels["name"] == "labels" and "delft" in labels["ids"]


def test_each_part_mounts_once_on_its_first_showing(views):
    parts = ("network", "table", "insights", "present")
    out = views.mount("table", [])
    assert out[-1] == ["table"]
    assert [o is no_update for o in out[:-1]] == [p != "table" for p in parts]
    assert out[1].id == "partner-table" and out[1].rowModelType == "infinite"  # rows: render_table
    assert all(o is no_update for o in views.mount("table", ["table"]))  # not twice: keeps sorting
    assert all(o is no_update for o in views.mount("map", ["table"]))
    out = views.mount("present", ["table"])
    assert out[-1] == ["table", "present"] and "present-map" in repr(out[3])


def test_the_unfiltered_rows_are_kept_ready_and_are_what_the_filter_gives(views):
    from dashboard.network.graph import Filters, filter_partners

    everyone = filter_partners(views.model.ds, views.model.relations, Filters())
    assert views.shown(ViewState()).index.tolist() == everyone
    assert views.shown(ViewState(theme="dark", view="table")) is views.shown(ViewState())  # not filters
    assert views.shown(ViewState(q="delft")).index.tolist() == ["delft"]


def test_zoom_patch_fits_region(views):
    patch = views.zoom_patch("southeast-asia", ViewState(), Patch())
    ops = patch.to_plotly_json()["operations"]
    ranges = {tuple(op["location"]): op["params"]["value"] for op in ops}
    lon = ranges[("layout", "geo", "lonaxis", "range")]
    assert lon[0] < 103.77 < lon[1]


def test_details_list_every_relation_with_its_source(views):
    details = institution_details(views.model, "delft")
    assert [a["type"] for a in details["agreements"]] == ["exchange", "double_degree"]
    assert all(a["source"].startswith("https://") and a["as_of"] for a in details["agreements"])
    assert {m["consortium_id"] for m in details["memberships"]} == {"alpha", "beta"}
    assert details["distance_km"] == 808 or 800 < details["distance_km"] < 815
    assert institution_details(views.model, "nobody") is None
    assert institution_details(views.model, "home")["is_home"] is True


def test_table_rows_are_plain_values(views):
    rows = table_rows(views.model.partners, views.consortium_names, tr=t)
    delft = next(r for r in rows if r["id"] == "delft")
    assert delft["relations"] == "Double degree, Exchange, Shared consortium"
    assert delft["since"] == 2005 and delft["strength"] == 4


def test_first_paint_is_the_unfiltered_render_and_needs_no_callback(views):
    first = views.first_paint
    fig, note, _cards, empty = views.render(ViewState(), color_by="type", choropleth=False, focus="")
    assert first["figure"] == fig and first["note"] == note and first["empty"] == empty
    values = _card_values(first["headline"])
    assert int(values["with agreements"]) + int(values["via consortia only"]) == len(views.model.partners)
    # a page without a query leaves the filter store as the layout filled it: no render request
    # (the browser sends the store back as JSON: lists where Python had tuples)
    sent_back = json.loads(json.dumps(first["filters"]))
    out = views.sync_outputs(ViewState(), None, search="", filters=sent_back, focus="", view="map")
    assert out[-3] is no_update
    shown = [[], [], [], [], [], [], list(views.model.years), "", "map", "light"]  # the controls as laid out
    out = views.sync_outputs(
        ViewState(), None, search="", filters=sent_back, focus="", view="map", shown=shown
    )
    assert all(o is no_update for o in out)  # nothing to send: the page as served is the state
    out = views.sync_outputs(
        ViewState(regions=("europe",)),
        None,
        search="?region=europe",
        filters=first["filters"],
        focus="",
        view="map",
    )
    assert list(out[-3]["regions"]) == ["europe"]  # a link with filters does re-render


def test_the_details_panel_names_the_country_in_the_readers_language(views):
    """In Italian the panel said "Boston, United States": the details carried no country code."""
    from dashboard.web.components import details_panel

    details = institution_details(views.model, "boston")
    assert details is not None and details["country"] == "US"
    place = details_panel(details, home_name="HIT", lang="it")[1].children[0]
    assert place.endswith("Stati Uniti") and "United States" not in place
