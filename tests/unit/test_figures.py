from __future__ import annotations

import math

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.figures.maps import make_partner_map
from dashboard.figures.network_elements import focus_stylesheet, network_elements
from dashboard.figures.style import TYPE_STYLE
from dashboard.i18n import t
from dashboard.network.model import build_model
from dashboard.network.places import bounds


@pytest.fixture
def model(tiny_dir):
    return build_model(load_dataset(tiny_dir))


def _home(model):
    row = model.ds.home_row
    return {"name": row["name"], "short_name": row["short_name"], "lat": row["lat"], "lon": row["lon"]}


def _map(model, partners=None, **kw):
    return make_partner_map(model.partners if partners is None else partners, _home(model), tr=t, **kw)


def test_one_marker_per_placed_partner_and_one_arc_trace_per_type(model):
    fig = _map(model)
    markers = [tr for tr in fig.data if tr.mode == "markers" and tr.customdata is not None]
    arcs = [tr for tr in fig.data if tr.mode == "lines"]
    assert sum(len(tr.lat) for tr in markers) == len(model.partners)
    assert len(arcs) == model.partners["primary_type"].nunique()
    for trace in arcs:  # home, partner, gap: never one trace per arc
        assert len(trace.lat) == 3 * len(trace.lat) // 3
        assert trace.lat[2] is None and trace.lat[0] == pytest.approx(45.4781)


def test_types_differ_in_greyscale_too(model):
    dashes = {spec["dash"] for spec in TYPE_STYLE.values()}
    symbols = {spec["symbol"] for spec in TYPE_STYLE.values()}
    assert len(dashes) >= 6 and len(symbols) == len(TYPE_STYLE)


def test_antimeridian_partner_keeps_its_true_longitude(model):
    arcs = [tr for tr in _map(model).data if tr.mode == "lines"]
    lons = [lon for tr in arcs for lon in tr.lon if lon is not None]
    assert -123.246 in lons  # Vancouver: plotly draws the great circle and clips at 180°


def test_labels_are_first_and_only_for_focus(model):
    fig = _map(model, labelled=["sing"], focus="sing", label_count=0)
    assert fig.data[0].name == "labels" and fig.data[1].name == "label-marks"
    assert list(fig.data[0].text) == ["HIT", "STU"]  # home, then the focus
    rings = [size for size in fig.data[1].marker.size if size]
    assert rings == [22]  # one ring, the focus's


def test_hover_text_is_escaped(make_dataset):
    folder = make_dataset(
        institutions__csv=[
            "home,Home,H,university,Milan,IT,45.47,9.22,,",
            "x,<img src=x onerror=alert(1)>,<b>X</b>,university,Turin,IT,,,,",
        ],
        memberships__csv=[],
        agreements__csv=["x,exchange,,,,https://e.org/a,2024,"],
    )
    model = build_model(load_dataset(folder))
    fig = _map(model, labelled=["x"], focus="x")
    dumped = fig.to_json()
    assert "<img" not in dumped and "<b>X" not in dumped
    assert "&lt;img src=x onerror=alert(1)&gt;" in dumped


def test_colour_by_region_gives_one_trace_per_region(model):
    markers = [
        tr for tr in _map(model, color_by="region").data if tr.mode == "markers" and tr.customdata is not None
    ]
    assert len(markers) == model.partners["region"].nunique()


def test_choropleth_counts_partners_per_country(model):
    fig = _map(model, choropleth=True, iso3=model.ds.regions["iso3"].to_dict())
    choro = next(tr for tr in fig.data if tr.type == "choropleth")
    assert dict(zip(choro.locations, choro.z, strict=True))["ITA"] == 1  # acme in Turin


def test_bounds_fit_a_region_and_handle_nothing(model):
    asia = model.partners[model.partners["region_slug"] == "southeast-asia"]
    lon, lat = bounds(asia)
    assert lon[0] < 103.77 < lon[1] and lat[0] < 1.29 < lat[1]
    assert bounds(asia.iloc[0:0]) is None


def test_empty_selection_still_draws_home(model):
    fig = _map(model, model.partners.iloc[0:0])
    assert fig.data[-1].marker.symbol == "star"


def test_network_elements_have_consortium_hubs_and_typed_edges(model):
    elements = network_elements(model.G, model.partners, model.positions["force"], home=model.ds.home)
    nodes = {e["data"]["id"]: e for e in elements if "source" not in e["data"]}
    edges = [e for e in elements if "source" in e["data"]]
    assert nodes["i:home"]["classes"] == "home"
    assert nodes["c:alpha"]["classes"] == "consortium"
    assert {e["data"]["type"] for e in edges} >= {
        "double_degree",
        "exchange",
        "membership",
        "home-membership",
    }
    assert all(math.isfinite(e["position"]["x"]) for e in nodes.values())


def test_focus_fades_everything_but_the_neighbourhood(model):
    shown = {"i:home", "i:delft", "i:warsaw", "c:alpha", "c:beta"}
    style = focus_stylesheet(model.G, "i:warsaw", shown)
    selectors = " ".join(rule["selector"] for rule in style)
    assert 'node[id = "c:alpha"]' in selectors and 'node[id = "i:delft"]' not in selectors


@pytest.mark.parametrize("layout", ["force", "concentric", "region", "geographic"])
def test_every_layout_places_every_node_deterministically(model, layout):
    again = build_model(model.ds)
    assert set(model.positions[layout]) == set(model.G.nodes)
    assert model.positions[layout] == again.positions[layout]


def test_partners_can_be_coloured_by_community(model):
    elements = network_elements(
        model.G, model.partners, model.positions["force"], home=model.ds.home, communities=model.communities
    )
    colours = {
        e["data"]["id"]: e["data"].get("colour") for e in elements if e["data"].get("kind") == "partner"
    }
    same = [n for n in colours if model.communities[n] == model.communities["i:delft"]]
    assert len({colours[n] for n in same}) == 1
    assert set(model.communities) == set(model.G.nodes)
