from __future__ import annotations

import pandas as pd
import pytest
from dash import Patch

from dashboard.data.dataset import load_dataset
from dashboard.data.schema import TYPE_ORDER
from dashboard.figures.maps import MapOptions, aggregated_map_dict, make_aggregated_map, to_wire
from dashboard.figures.network_elements import network_elements
from dashboard.i18n import t
from dashboard.network import places as aggregate
from dashboard.network.model import build_model
from dashboard.network.places import aggregate_places, choose_level, should_aggregate
from dashboard.network.view_state import ViewState
from dashboard.web import views as explorer_views
from dashboard.web.render import ExplorerOutputs

HOME = {"name": "Home", "short_name": "H", "lat": 45.47, "lon": 9.22}


def _partners() -> pd.DataFrame:
    rows = [
        ("a", "Delft", "NL", "Netherlands", "Europe", 52.0, 4.3, 2, "exchange"),
        ("b", "Delft", "NL", "Netherlands", "Europe", 52.2, 4.5, 1, "double_degree"),
        ("c", "Delft", "NL", "Netherlands", "Europe", 52.1, 4.4, 1, "exchange"),
        ("d", "Eindhoven", "NL", "Netherlands", "Europe", 51.4, 5.5, 3, "mou"),
        ("e", "Boston", "US", "United States", "North America", 42.4, -71.1, 1, "exchange"),
        ("f", "", "US", "United States", "North America", None, None, 1, "exchange"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["id", "city", "country", "country_name", "region", "lat", "lon", "strength", "primary_type"],
    ).set_index("id", drop=False)
    frame["name"] = "Institute " + frame["id"]
    frame["short_name"] = frame["id"].str.upper()
    frame["types"] = [(k,) for k in frame["primary_type"]]
    frame["consortia"] = [()] * len(frame)
    return frame


def test_cities_count_their_partners_by_type_and_skip_unplaced():
    places = aggregate_places(_partners(), "city").set_index("key")
    assert places["partners"].to_dict() == {"NL/Delft": 3, "NL/Eindhoven": 1, "US/Boston": 1}
    delft = places.loc["NL/Delft"]
    assert (delft["exchange"], delft["double_degree"], delft["mou"]) == (2, 1, 0)
    assert delft["main_type"] == "exchange"  # the most common strongest type
    assert delft["label"] == "Delft, Netherlands" and delft["strength"] == 4
    assert delft["lat"] == pytest.approx(52.1)


def test_a_country_sits_at_its_busiest_city():
    places = aggregate_places(_partners(), "country").set_index("key")
    assert places.loc["NL", "partners"] == 4
    assert places.loc["NL", "lat"] == pytest.approx(52.1)  # Delft (3 partners), not the centroid
    assert places.loc["NL", "label"] == "Netherlands"


def test_ties_in_the_main_type_go_to_the_stronger_type():
    partners = _partners().loc[["a", "b"]]
    assert aggregate_places(partners, "city")["main_type"].tolist() == ["double_degree"]


def test_nothing_placed_gives_no_places():
    assert aggregate_places(_partners().loc[["f"]], "city").empty


def test_level_and_threshold():
    assert choose_level(_partners()) == "city"
    assert choose_level(_partners(), max_cities=2) == "country"
    assert should_aggregate(301, world=True) and not should_aggregate(300, world=True)
    assert not should_aggregate(10_000, world=False)


def test_aggregated_map_keeps_the_trace_order_and_shows_counts():
    fig = make_aggregated_map(_partners(), HOME, tr=t, level="city", labelled=["d"], focus="d")
    assert fig.data[0].name == "labels" and list(fig.data[0].text)[:2] == ["H", "D"]  # home, the focus
    assert fig.data[-1].marker.symbol == "star"
    arcs = [tr for tr in fig.data if tr.mode == "lines"]
    markers = [tr for tr in fig.data if tr.mode == "markers" and tr.customdata is not None]
    assert {tr.name for tr in arcs} == {t(f"type.{k}") for k in ("exchange", "double_degree", "mou")}
    assert sum(len(tr.lat) for tr in markers) == 3  # three places, not five partners
    delft = next(row for tr in markers for row in tr.customdata if row[0] == "Delft, Netherlands")
    assert delft[1] == "3" and "Exchange 2" in delft[2] and "Double degree 1" in delft[2]
    assert fig.layout.geo.lonaxis.range == (-180, 180)


def test_aggregated_map_colours_by_region_and_escapes_names():
    partners = _partners()
    partners.loc["e", "city"] = "<b>Boston</b>"
    options = MapOptions(color_by="region", choropleth=True)
    fig = aggregated_map_dict(partners, HOME, tr=t, options=options, iso3={"NL": "NLD"})
    kinds = [tr["type"] for tr in fig["data"]]
    assert kinds.count("choropleth") == 1
    names = {
        tr["name"].split(" (")[0] for tr in fig["data"] if tr.get("mode") == "markers" and "customdata" in tr
    }
    assert names == {"Europe", "North America"}
    assert "<b>Boston" not in str(to_wire(fig))


def test_wire_format_sends_float_arrays_as_binary():
    fig = to_wire(aggregated_map_dict(_partners(), HOME, tr=t))
    markers = [tr for tr in fig["data"] if tr.get("mode") == "markers" and "customdata" in tr]
    assert all(tr["lat"]["dtype"] == "f8" and "bdata" in tr["lat"] for tr in markers)
    assert all(isinstance(tr["customdata"], list) for tr in markers)


@pytest.fixture
def views(tiny_dir):
    return ExplorerOutputs(build_model(load_dataset(tiny_dir)), "en")


def _render(views, state):
    return views.render(state, color_by="type", choropleth=False, focus="")


def test_small_networks_keep_one_marker_per_partner(views):
    fig = _render(views, ViewState(comembers=True))[0]
    markers = [tr for tr in fig["data"] if tr.get("mode") == "markers" and "customdata" in tr]
    assert sum(len(tr["ids"]) for tr in markers) == len(views.model.partners)


def test_above_the_threshold_the_world_view_aggregates_and_a_region_does_not(views, monkeypatch):
    monkeypatch.setattr(aggregate, "AGGREGATE_ABOVE", 2)
    world = _render(views, ViewState())[0]
    assert all("ids" not in tr for tr in world["data"] if tr.get("mode") == "markers" and "customdata" in tr)
    region = _render(views, ViewState(regions=("north-america",)))[0]
    ids = [
        i for tr in region["data"] if tr.get("mode") == "markers" and "customdata" in tr for i in tr["ids"]
    ]
    assert sorted(ids) == ["boston", "vancouver"]


def test_zooming_an_aggregated_map_swaps_in_the_regions_partners(views, monkeypatch):
    monkeypatch.setattr(aggregate, "AGGREGATE_ABOVE", 2)
    ops = views.zoom_patch("north-america", ViewState(), Patch()).to_plotly_json()["operations"]
    data = next(op["params"]["value"] for op in ops if op["location"] == ["data"])
    ids = [i for tr in data if tr.get("mode") == "markers" and "customdata" in tr for i in tr["ids"]]
    assert sorted(ids) == ["boston", "vancouver"]
    small = ViewState(regions=("north-america",))
    ops = views.zoom_patch("north-america", small, Patch()).to_plotly_json()["operations"]
    assert all(op["location"] != ["data"] for op in ops)  # already in detail: ranges only


def test_precomputed_network_matches_network_elements(views):
    model = views.model
    for state in (ViewState(), ViewState(regions=("europe",))):
        partners = views.shown(state)
        for communities in (None, model.communities):
            ours = views.network(partners, model.positions["force"], communities=communities)
            theirs = network_elements(
                model.G, partners, model.positions["force"], home=model.ds.home, communities=communities
            )
            assert sorted(map(repr, ours)) == sorted(map(repr, theirs))


def test_a_large_network_shows_its_strongest_partners_and_says_how_many_are_hidden(views, monkeypatch):
    monkeypatch.setattr(explorer_views, "MAX_NETWORK_ELEMENTS", 8)
    partners = views.model.partners
    elements = views.network(partners, views.model.positions["force"], communities=None)
    shown = {e["data"]["id"] for e in elements if e["data"].get("kind") == "partner"}
    assert "i:delft" in shown  # the strongest (4)
    more = next(e for e in elements if e["data"]["id"] == explorer_views.MORE_NODE)
    assert more["data"]["label"] == f"+{len(partners) - len(shown)} partners"


def test_large_tables_leave_empty_cells_out(views, monkeypatch):
    monkeypatch.setattr(explorer_views, "COMPACT_ROWS_ABOVE", 1)
    rows = views.table(views.model.partners)
    assert all(None not in row.values() and "" not in row.values() for row in rows)
    assert {r["id"] for r in rows} == set(views.model.partners.index)


def test_type_order_covers_every_count_column():
    assert list(aggregate_places(_partners(), "city").columns[-len(TYPE_ORDER) :]) == list(TYPE_ORDER)
