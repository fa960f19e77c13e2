"""The network interchange builders on the tiny dataset: the graph, Kumu's sheets, kepler's tables.

The files read back by networkx, igraph, openpyxl, pandas and GDAL are tested in
``tests/integration/test_interchange_cli.py``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile

import networkx as nx
import pytest

from dashboard.data.dataset import load_dataset
from dashboard.figures.network_elements import community_colour
from dashboard.i18n import t
from dashboard.network import metrics
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.outputs import exports, formats, interchange
from dashboard.web.views import ExplorerViews
from tests.helpers import TINY, write_tiny

HOSTILE_NAME = '=HYPERLINK("http://x")<b>&amp;</b>'


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return build_model(load_dataset(write_tiny(tmp_path_factory.mktemp("tiny"))))


@pytest.fixture(scope="module")
def graph(model):
    return interchange.network_graph(model, model.partners)


def _tr(key, **values):
    return t(key, "en", **values)


def _hostile_model(make_dataset):
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        ["boston", HOSTILE_NAME, "", "university", "Boston", "US", "42.3601", "-71.0942", "", ""]
    )
    rows = [out.getvalue() if r.startswith("boston,") else r for r in TINY["institutions.csv"]]
    return build_model(load_dataset(make_dataset(institutions__csv=rows)))


def _values(G):
    for _n, data in G.nodes(data=True):
        yield from data.values()
    for _u, _v, data in G.edges(data=True):
        yield from data.values()


# --- the graph -----------------------------------------------------------------------


def test_graph_holds_home_the_partners_and_their_consortia(model, graph):
    expected = {"i:home", *(f"i:{p}" for p in model.partners.index), "c:alpha", "c:beta"}
    assert set(graph) == expected
    assert next(iter(graph)) == "i:home"
    assert graph.number_of_edges() == model.G.subgraph(expected).number_of_edges()


def test_filters_keep_only_the_shown_partners(model):
    views = ExplorerViews(model, "en")
    shown = views.shown(ViewState(regions=("north-america",)))
    G = interchange.network_graph(model, shown)
    assert {n for n, d in G.nodes(data=True) if d["role"] == "partner"} == {"i:boston", "i:vancouver"}
    assert not any(d["node_type"] == "consortium" for _n, d in G.nodes(data=True))


def test_no_attribute_is_none_or_not_finite(graph):
    for value in _values(graph):
        assert isinstance(value, str | int | float | bool)
        assert not (isinstance(value, float) and not math.isfinite(value))


def test_nodes_carry_place_community_and_the_full_network_centralities(model, graph):
    scores = metrics.centralities(model.G)
    for node, data in graph.nodes(data=True):
        assert {k: data[k] for k in ("degree", "betweenness", "eigenvector")} == scores[node]
        assert data["community"] == model.communities[node]
    boston = graph.nodes["i:boston"]
    assert (boston["country"], boston["region"], boston["lat"], boston["lon"]) == (
        "US",
        "North America",
        42.3601,
        -71.0942,
    )
    assert (boston["kind"], boston["node_type"], boston["tie_strength"]) == ("university", "institution", 1)
    alpha = graph.nodes["c:alpha"]
    assert (alpha["node_type"], alpha["kind"]) == ("consortium", "alliance")
    assert "lat" not in alpha and "tie_strength" not in alpha  # unknown: left out, never None


def test_parallel_agreements_stay_apart_with_type_field_years_and_source(graph):
    delft = sorted(
        (d["relation_type"], d["field"], d.get("since"), d["years"], d["source_url"])
        for _k, d in graph.get_edge_data("i:home", "i:delft").items()
    )
    assert delft == [
        ("double_degree", "Architecture", 2012, "2012–", "https://example.org/a1"),
        ("exchange", "", 2005, "2005–", "https://example.org/a2"),
    ]
    (boston,) = graph.get_edge_data("i:home", "i:boston").values()
    assert (boston["since"], boston["until"], boston["years"]) == (2005, 2015, "2005–2015")
    (vancouver,) = graph.get_edge_data("i:home", "i:vancouver").values()
    assert "since" not in vancouver and vancouver["years"] == ""


def test_memberships_run_from_the_institution_to_the_consortium(graph):
    memberships = [(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == "membership"]
    assert memberships and all(u.startswith("i:") and v.startswith("c:") for u, v in memberships)
    roles = {d["role"] for u, v, d in graph.edges(data=True) if d["relation"] == "membership"}
    assert roles == {"founder", "member", "partner"}


def test_same_data_gives_the_same_bytes(model, graph):
    again = interchange.network_graph(model, model.partners)
    for write in (interchange.graphml_bytes, interchange.gexf_bytes, interchange.json_bytes):
        assert write(graph) == write(again)


# --- GraphML, GEXF, JSON text --------------------------------------------------------


def test_xml_writers_escape_a_hostile_name(make_dataset):
    model = _hostile_model(make_dataset)
    G = interchange.network_graph(model, model.partners)
    for write, read in ((interchange.graphml_bytes, nx.read_graphml), (interchange.gexf_bytes, nx.read_gexf)):
        content = write(G)
        assert b"<b>" not in content
        assert read(io.BytesIO(content)).nodes["i:boston"]["name"] == HOSTILE_NAME


def test_json_is_node_link_data_with_edges(graph):
    data = json.loads(interchange.json_bytes(graph))
    assert [n["id"] for n in data["nodes"]] == list(graph)
    assert len(data["edges"]) == graph.number_of_edges()
    first = data["edges"][0]
    assert {"source", "target", "key", "relation_type", "years", "source_url"} <= set(first)
    # The source URL is an attribute of its own: node-link JSON's "source" is the first end.
    assert (first["source"], first["target"], first["source_url"]) == (
        "i:home",
        "i:boston",
        "https://example.org/a3",
    )


def test_gexf_draws_nodes_at_the_layout_positions_y_up_in_community_colours(model, graph):
    G = nx.read_gexf(io.BytesIO(interchange.gexf_bytes(graph)))
    x, y = model.positions["force"]["i:delft"]
    viz = G.nodes["i:delft"]["viz"]
    assert (viz["position"]["x"], viz["position"]["y"]) == pytest.approx((x, -y), abs=0.01)
    colour = community_colour(model.communities["i:delft"])
    assert "#{r:02X}{g:02X}{b:02X}".format(**viz["color"]) == colour
    assert viz["size"] > G.nodes["i:sing"]["viz"]["size"]  # four ties against one


# --- Kumu ----------------------------------------------------------------------------


def test_kumu_sheets_start_with_the_columns_kumu_requires(graph):
    elements, connections = interchange.kumu_frames(graph, tr=_tr)
    assert list(elements.columns[:3]) == ["ID", "Label", "Type"]
    assert list(connections.columns[:3]) == ["From", "To", "Type"]
    assert list(elements["ID"]) == list(graph)
    assert set(connections["From"]) | set(connections["To"]) <= set(elements["ID"])
    assert len(connections) == graph.number_of_edges()


def test_kumu_tags_are_the_relation_types_in_words_pipe_separated(graph):
    elements, _ = interchange.kumu_frames(graph, tr=_tr)
    delft = elements.set_index("ID").loc["i:delft"]
    assert delft["Tags"] == "Double degree|Exchange|Shared consortium"
    assert delft["Type"] == "University"


def test_kumu_workbook_neutralises_a_hostile_name(make_dataset):
    from openpyxl import load_workbook

    model = _hostile_model(make_dataset)
    G = interchange.network_graph(model, model.partners)
    wb = load_workbook(io.BytesIO(interchange.kumu_bytes(G, tr=_tr)))
    names = [row[4] for row in wb["Elements"].iter_rows(min_row=2, values_only=True)]
    assert "'" + HOSTILE_NAME in names and HOSTILE_NAME not in names


# --- kepler.gl -----------------------------------------------------------------------


def test_kepler_arcs_start_with_the_two_point_pairs_kepler_joins(graph):
    arcs, points = interchange.kepler_frames(graph, tr=_tr)
    assert list(arcs.columns[:4]) == ["origin_lat", "origin_lng", "destination_lat", "destination_lng"]
    assert {"lat", "lng"} <= set(points.columns)


def test_kepler_has_one_arc_per_relation_with_home(model, graph):
    arcs, _ = interchange.kepler_frames(graph, tr=_tr)
    expected = model.relations.groupby("institution_id").size().to_dict()
    assert arcs.groupby("destination_id").size().to_dict() == {f"i:{k}": v for k, v in expected.items()}
    shared = arcs[arcs["relation_type"] == "consortium"]
    assert sorted(zip(shared["destination_id"], shared["consortium"], strict=True)) == [
        ("i:acme", "BETA"),
        ("i:delft", "ALPHA"),
        ("i:delft", "BETA"),
        ("i:warsaw", "ALPHA"),
    ]


def test_kepler_zip_holds_both_tables_and_a_readme(graph):
    with zipfile.ZipFile(io.BytesIO(interchange.kepler_bytes(graph, tr=_tr))) as zf:
        assert sorted(zf.namelist()) == ["README.txt", "arcs.csv", "points.csv"]
        assert zf.read("arcs.csv").startswith(b"origin_lat,")  # no byte-order mark before the header


# --- formats, menu, file names -------------------------------------------------------


def test_network_menu_offers_every_interchange_format_with_a_label():
    options = formats.format_options("network", "en")
    assert [o["value"] for o in options][-5:] == list(formats.GRAPH_FORMATS)
    assert all(not o["label"].startswith("export.menu") for o in options)


@pytest.mark.parametrize(("fmt", "extension"), [("graphml", "graphml"), ("kumu", "xlsx"), ("kepler", "zip")])
def test_download_name_is_a_slug_with_the_file_extension(model, fmt, extension):
    state = ViewState(regions=("north-america",), types=("exchange",))
    name = exports.export_filename(model, state, view="network", fmt=fmt, date="2026-12-02")
    assert name == f"home-network-north-america-exchange-2026-12-02.{extension}"


def test_export_bytes_routes_the_network_formats_to_interchange(model):
    views = ExplorerViews(model, "en")
    content = exports.export_bytes(views, ViewState(), view="network", fmt="json", date="2026-12-02")
    data = json.loads(content)
    assert data["graph"]["exported"] == "2026-12-02" and data["graph"]["filters"] == "World"
    with pytest.raises(exports.ExportError, match="the table view exports as csv or xlsx, not kumu"):
        exports.check_format("table", "kumu")
