"""The network and GIS files, made by the command line and the Export menu, read back by real clients.

networkx (GraphML, GEXF, node-link JSON), igraph (GraphML), openpyxl (the Kumu workbook),
pandas (kepler.gl's CSV files) and GDAL (``ogrinfo``; pyogrio) open what the exports wrote.
"""

from __future__ import annotations

import base64
import io
import json
import math
import shutil
import subprocess
import zipfile
from collections import Counter

import igraph as ig
import networkx as nx
import pandas as pd
import pyogrio
import pytest
from openpyxl import load_workbook

from dashboard.cli import main
from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.outputs import interchange
from dashboard.web.callbacks.exports import make_download
from dashboard.web.views import ExplorerViews
from tests.helpers import write_tiny

GRAPH_ATTRIBUTES = ("viz", "label", "id")  # GEXF's own: positions, label, edge id


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_tiny(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def model(data_dir):
    return build_model(load_dataset(data_dir))


@pytest.fixture(scope="module")
def exported(data_dir, tmp_path_factory):
    """Each graph format written once by ``python -m dashboard export --view network``."""
    out = tmp_path_factory.mktemp("network")
    paths = {}
    for fmt, name in [
        ("graphml", "net.graphml"),
        ("gexf", "net.gexf"),
        ("json", "net.json"),
        ("kumu", "net.xlsx"),
        ("kepler", "net.zip"),
    ]:
        paths[fmt] = out / name
        assert (
            main(
                [
                    "export",
                    "--view",
                    "network",
                    "--format",
                    fmt,
                    "-o",
                    str(paths[fmt]),
                    "--data",
                    str(data_dir),
                    "--comembers",  # the whole network: co-members are hidden by default
                ]
            )
            == 0
        )
    return paths


@pytest.fixture(scope="module")
def expected(model):
    return interchange.network_graph(model, model.partners)


def _edges(G):
    return Counter((u, v, k) if u <= v else (v, u, k) for u, v, k in G.edges(keys=True))


def _without(data, keys=GRAPH_ATTRIBUTES):
    return {k: v for k, v in data.items() if k not in keys}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_networkx_reads_back_the_same_nodes_edges_and_attributes(exported, expected, fmt):
    path = exported[fmt]
    if fmt == "graphml":
        G = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        G = nx.read_gexf(path)
    else:
        G = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert list(G) == list(expected)
    assert _edges(G) == _edges(expected)
    for node, data in expected.nodes(data=True):
        assert _without(G.nodes[node]) == _without(data)
    for u, v, key, data in expected.edges(keys=True, data=True):
        assert _without(G.edges[u, v, key]) == _without(data)


def test_igraph_reads_the_graphml_back(exported, expected):
    g = ig.Graph.Read_GraphML(str(exported["graphml"]))
    assert (g.vcount(), g.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert g.vs["id"] == list(expected)
    assert g.vs["name"] == [d["name"] for _n, d in expected.nodes(data=True)]
    assert Counter(g.es["relation_type"]) == Counter(
        d["relation_type"] for *_e, d in expected.edges(data=True)
    )
    home = g.vs.find(id="i:home")
    assert home.degree() == expected.degree("i:home")


def test_openpyxl_reads_the_kumu_workbook_as_elements_and_connections(exported, expected):
    wb = load_workbook(exported["kumu"])
    assert wb.sheetnames[:2] == ["Elements", "Connections"]
    assert all("(ignore)" in name for name in wb.sheetnames[2:])
    elements, connections = wb["Elements"], wb["Connections"]
    assert (elements["A1"].value, elements["B1"].value) == ("ID", "Label")
    assert (connections["A1"].value, connections["B1"].value) == ("From", "To")
    ids = [row[0] for row in elements.iter_rows(min_row=2, values_only=True)]
    assert ids == list(expected)
    ends = [(row[0], row[1]) for row in connections.iter_rows(min_row=2, values_only=True)]
    assert len(ends) == expected.number_of_edges() and {e for pair in ends for e in pair} <= set(ids)


def test_pandas_reads_the_kepler_csvs_and_every_arc_has_finite_coordinates(exported, model):
    with zipfile.ZipFile(exported["kepler"]) as zf:
        arcs = pd.read_csv(zf.open("arcs.csv"))
        points = pd.read_csv(zf.open("points.csv"))
    coordinates = arcs[["origin_lat", "origin_lng", "destination_lat", "destination_lng"]]
    assert len(arcs) == len(model.relations) and len(arcs) > 0
    assert all(math.isfinite(v) for v in coordinates.to_numpy(dtype=float).ravel())
    assert (
        coordinates["origin_lat"].between(-90, 90).all()
        and coordinates["destination_lng"].between(-180, 180).all()
    )
    assert set(points["id"]) == {"i:home", *(f"i:{p}" for p in model.partners.index)}
    assert set(arcs["destination_id"]) <= set(points["id"])


def test_url_filters_apply_to_the_graph_files(data_dir, tmp_path):
    out = tmp_path / "na.graphml"
    argv = [
        "export",
        "--view",
        "network",
        "-o",
        str(out),
        "--region",
        "north-america",
        "--data",
        str(data_dir),
    ]
    assert main(argv) == 0
    G = nx.read_graphml(out, force_multigraph=True)
    assert sorted(G) == ["i:boston", "i:home", "i:vancouver"]
    assert G.graph["filters"] == "North America"


def test_output_extension_chooses_the_format(data_dir, tmp_path):
    for name, check in [("k.xlsx", zipfile.is_zipfile), ("k.zip", zipfile.is_zipfile), ("k.gexf", None)]:
        out = tmp_path / name
        assert main(["export", "--view", "network", "-o", str(out), "--data", str(data_dir)]) == 0
        assert check(out) if check else out.read_bytes().lstrip().startswith(b"<?xml")
    assert load_workbook(tmp_path / "k.xlsx").sheetnames[0] == "Elements"


def test_a_graph_format_for_another_view_is_refused_in_one_line(data_dir, tmp_path, capsys):
    argv = [
        "export",
        "--view",
        "map",
        "--format",
        "gexf",
        "-o",
        str(tmp_path / "m.gexf"),
        "--data",
        str(data_dir),
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("error: the map view exports as png, svg, pdf or html, not gexf")
        and "Traceback" not in err
    )
    assert not (tmp_path / "m.gexf").exists()


@pytest.mark.parametrize(
    ("fmt", "extension"),
    [("graphml", "graphml"), ("gexf", "gexf"), ("json", "json"), ("kumu", "xlsx"), ("kepler", "zip")],
)
def test_export_menu_downloads_each_network_format_under_a_safe_name(model, fmt, extension):
    views = ExplorerViews(model, "en")
    data, status = make_download(views, "?region=north-america&type=research,exchange", "network", fmt)
    assert status == ""
    name = data["filename"]
    assert name.endswith(f".{extension}") and name.startswith("home-network-north-america-")
    assert "/" not in name and ".." not in name
    content = base64.b64decode(data["content"])
    if extension in ("xlsx", "zip"):
        assert zipfile.is_zipfile(io.BytesIO(content))
    else:
        assert b"i:vancouver" in content and b"i:sing" not in content


def test_gis_layers_are_institutions_relations_and_consortia(data_dir, tmp_path):
    assert main(["export-geo", str(tmp_path), "--data", str(data_dir)]) == 0
    layers = [name for name, _geometry in pyogrio.list_layers(tmp_path / "network.gpkg")]
    assert layers == ["institutions", "relations", "consortia"]
    for layer in layers:
        assert [name for name, _g in pyogrio.list_layers(tmp_path / f"{layer}.geojson")] == [layer]


@pytest.mark.skipif(
    shutil.which("ogrinfo") is None,
    reason="GDAL's ogrinfo is not installed (scripts/test.sh installs gdal-bin)",
)
def test_ogrinfo_lists_the_three_gis_layers_by_name(data_dir, tmp_path):
    assert main(["export-geo", str(tmp_path), "--data", str(data_dir)]) == 0
    listing = subprocess.run(
        ["ogrinfo", "-ro", "-q", str(tmp_path / "network.gpkg")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert [line.split(":", 1)[1].split("(")[0].strip() for line in listing.splitlines() if ":" in line] == [
        "institutions",
        "relations",
        "consortia",
    ]


def test_an_output_name_a_tool_would_refuse_gets_a_note(data_dir, tmp_path, capsys):
    argv = ["export", "--view", "network", "--format", "kumu", "--data", str(data_dir), "-o"]
    assert main([*argv, str(tmp_path / "net.kumu")]) == 0
    assert "note: kumu files open as *.xlsx; rename net.kumu" in capsys.readouterr().err
    assert main([*argv, str(tmp_path / "net.xlsx")]) == 0
    assert capsys.readouterr().err == ""
