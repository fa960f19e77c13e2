"""Exports on the tiny dataset: table files, the static network chart, print figures, HTML snapshots.

Images (kaleido) are tested in ``tests/integration/test_image_exports.py``.
"""

from __future__ import annotations

import csv
import io
import re

import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.dataset import load_dataset
from dashboard.escape import spreadsheet_cell
from dashboard.figures.network_chart import make_network_figure
from dashboard.i18n import t
from dashboard.network.details import table_rows
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.outputs import exports, formats
from dashboard.outputs.deck import MAP_FONT, _slide_map, plan_slides
from dashboard.web.render import ExplorerOutputs
from tests.helpers import TINY, write_tiny

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]
LAND = (0xF2, 0xF0, 0xEB)  # geo_layout's landcolor
OCEAN = (0xDD, 0xE8, 0xF0)  # geo_layout's oceancolor


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    folder = write_tiny(tmp_path_factory.mktemp("tiny"))
    return ExplorerOutputs(build_model(load_dataset(folder)), "en")


@pytest.fixture(scope="module")
def map_figure(views):
    return exports.print_figure(views, ViewState(), "map", date="2026-11-25")


def _frame():
    return exports.pd.DataFrame({"name": [*HOSTILE, "Delft"], "strength": [1, 2, 3, 4, 5, 6, 7]})


# --- formula injection ---------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_each_injection_prefix_is_neutralised(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", [3, -3, 2.5, None, "Delft", "a=b", "https://x.org"])
def test_numbers_and_harmless_text_are_kept(value):
    assert spreadsheet_cell(value) == value


def test_csv_neutralises_every_prefix_and_keeps_numbers(tmp_path):
    path = exports.write_csv(_frame(), tmp_path / "t.csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0] == ["name", "strength"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE] + ["Delft"]
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "5", "6", "7"]


def test_xlsx_neutralises_every_prefix_and_keeps_numbers(tmp_path):
    path = exports.write_xlsx(_frame(), tmp_path / "t.xlsx")
    ws = load_workbook(path).active
    names = [ws.cell(row=r, column=1) for r in range(2, 9)]
    assert [c.value for c in names] == ["'" + h for h in HOSTILE] + ["Delft"]
    assert all(c.data_type == "s" for c in names)  # text, never a formula
    assert [ws.cell(row=r, column=2).value for r in range(2, 9)] == [1, 2, 3, 4, 5, 6, 7]


def test_hostile_institution_name_is_neutralised_in_the_table(make_dataset, tmp_path):
    rows = [
        *TINY["institutions.csv"][:-1],
        'acme,"=HYPERLINK(""http://evil"")",=EVIL,company,Turin,IT,,,,',
    ]
    model = build_model(load_dataset(make_dataset(institutions__csv=rows)))
    text = exports.csv_bytes(exports.table_frame(model, ViewState(q="hyperlink", comembers=True))).decode(
        "utf-8-sig"
    )
    row = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert row[:3] == ["acme", '\'=HYPERLINK("http://evil")', "'=EVIL"]


# --- the table ------------------------------------------------------------------------


def test_table_frame_is_the_filtered_table_with_sources(views):
    state = ViewState(regions=("north-america",))
    frame = exports.table_frame(views, state)
    expected = table_rows(views.shown(state), views.consortium_names, tr=views.tr)
    assert list(frame[t("export.column.id")]) == [r["id"] for r in expected] == ["boston", "vancouver"]
    assert list(frame[t("table.strength")]) == [r["strength"] for r in expected]
    assert list(frame[t("export.column.sources")]) == ["https://example.org/a3", "https://example.org/a5"]
    assert list(frame.columns)[-1] == "Sources" and len(frame.columns) == len(exports.COLUMNS)


def test_csv_and_xlsx_match_the_filtered_table(views, tmp_path):
    state = ViewState(consortia=("alpha",), comembers=True)  # Warsaw is a co-member only
    frame = exports.table_frame(views, state)
    rows = list(csv.DictReader(io.StringIO(exports.csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert [r["Id"] for r in rows] == ["delft", "warsaw"]
    assert rows[0]["Since"] == "2005" and rows[1]["Since"] == "2015"
    assert rows[0]["Sources"].split(" ; ") == [
        "https://example.org/a1",
        "https://example.org/a2",
        "https://example.org/alpha",
        "https://example.org/beta",
    ]
    path = exports.export_view(views, state, tmp_path / "t.xlsx", view="table", fmt="xlsx")
    book = load_workbook(path)
    sheet = book["Partners"]
    assert [c.value for c in sheet[1]] == list(frame.columns)
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == ["delft", "warsaw"]
    assert sheet.cell(row=2, column=8).value == 4  # tie strength (2 agreements + 2 consortia), a number
    sources = list(book["Sources"].values)
    assert sources[0][-2:] == ("Source URL", "As of")
    assert ("delft", "https://example.org/a1", "2024-05-01") in {(r[0], r[6], r[7]) for r in sources[1:]}
    assert ("home", "https://example.org/alpha") in {(r[0], r[6]) for r in sources[1:]}


def test_check_format_refuses_table_as_png():
    with pytest.raises(formats.ExportError, match="csv or xlsx"):
        formats.check_format("table", "png")


# --- figures --------------------------------------------------------------------------


def test_static_network_draws_typed_edges_hubs_and_star(views):
    model = views.model
    fig = make_network_figure(
        model.G, views.shown(ViewState()), model.positions["force"], home="home", tr=views.tr, top_labels=2
    )
    names = [trace.name for trace in fig.data]
    assert "Double degree" in names and "Consortium membership" in names
    edges = next(tr for tr in fig.data if tr.name == "Exchange")
    assert list(edges.x).count(None) == 2  # delft and vancouver, one segment each
    hubs = next(tr for tr in fig.data if tr.marker.symbol == "square")
    assert len(hubs.x) == 2
    assert any(tr.marker.symbol == "star" for tr in fig.data)
    labels = next(tr for tr in fig.data if tr.name == "labels")
    # Home, both consortia, then the strongest partners (DTU: 4, then ties by label): all fit here.
    assert sorted(labels.text) == ["ACME", "ALPHA", "BETA", "DTU", "HIT"]
    assert labels.textfont.size[0] == 15 and min(labels.textfont.size) >= 12


def test_static_network_names_never_overlap_on_the_bundled_network() -> None:
    from dashboard.figures.labels import overlapping_pairs, text_size
    from dashboard.figures.network_chart import SCREEN_CANVAS
    from dashboard.figures.network_labels import Plane
    from dashboard.network.model import load_model

    model = load_model(DEFAULT_DATA_DIR)
    partners = model.partners
    fig = make_network_figure(
        model.G, partners, model.positions["force"], home=model.ds.home, tr=lambda k, **v: k
    )
    labels = next(tr for tr in fig.data if tr.name == "labels")
    margin = fig.layout.margin
    width, height = SCREEN_CANVAS.size
    plane = Plane(
        (margin.l, margin.t, width - margin.r, height - margin.b),
        tuple(fig.layout.xaxis.range),
        tuple(fig.layout.yaxis.range),
    )
    boxes = []
    for text, size, x, y in zip(labels.text, labels.textfont.size, labels.x, labels.y, strict=True):
        w, h = text_size(text, size)
        px, py = plane.to_px(x, y)
        boxes.append((px - w / 2, py - h / 2, px + w / 2, py + h / 2))
    assert len(boxes) >= 10  # home, hubs and partners named, not an empty chart
    assert overlapping_pairs(boxes) == []
    assert all(0 <= b[0] and b[2] <= width and 0 <= b[1] and b[3] <= height - margin.b for b in boxes)


def test_print_figure_has_title_legend_date_and_source(map_figure):
    assert "HIT" in map_figure.layout.title.text and map_figure.layout.showlegend
    footer = map_figure.layout.annotations[-1].text
    assert (
        "Home Tech test network" in footer and "January 1, 2026" in footer and "November 25, 2026" in footer
    )
    assert map_figure.layout.width == exports.PRINT_SIZE[0]


def test_html_snapshot_inlines_plotly_and_the_base_map(map_figure):
    page = exports.html_snapshot(map_figure)
    assert not re.search(r"<script[^>]+src=", page, re.I)
    assert not re.search(r'"topojsonURL":\s*"https?:', page)
    assets = page.index('window.PlotlyGeoAssets = {topojson: {"world_50m": {')
    assert assets < page.index("plotly.js v")  # set before plotly.js reads it
    assert '"Topology"' in page[assets : page.index("plotly.js v")]


def test_a_slide_maps_names_are_drawn_at_the_decks_font_size(views):
    """8.6 inches of slide hold the map's 1300 px: names at 12 px would be 5.7 pt, unreadable
    from the back of a room; at MAP_FONT (20 px) they are 9.5 pt, as presentation mode's."""
    fig = _slide_map(views, plan_slides(views, ViewState())[0].state)
    names = fig.data[0]
    assert names.name == "labels" and len(names.text) > 1
    assert min(names.textfont.size) >= MAP_FONT
    assert fig.layout.legend.font.size >= 0.8 * MAP_FONT


def test_a_deck_has_world_regions_then_consortia(views):
    plans = plan_slides(views, ViewState())
    assert [p.title for p in plans] == [
        "World overview",
        "Europe",
        "Eastern Europe",
        "North America",
        "Southeast Asia",
        "Consortium: ALPHA",
        "Consortium: BETA",
    ]
    assert plans[3].state.regions == ("north-america",)


def test_figure_export_writes_atomically_and_refuses_unknown_formats(tmp_path):
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))
    exports.export_figure(fig, tmp_path / "f.html", "html")
    assert "<html>" in (tmp_path / "f.html").read_text()
    with pytest.raises(formats.ExportError):
        exports.export_figure(fig, tmp_path / "f.gif", "gif")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.html"]


def test_world_notes_name_thin_seed_regions(make_dataset):
    tiny = TINY
    institutions = [r for r in tiny["institutions.csv"] if not r.startswith("sing,")]
    agreements = [r for r in tiny["agreements.csv"] if not r.startswith("sing,")]
    folder = make_dataset(institutions__csv=institutions, agreements__csv=agreements)
    views = ExplorerOutputs(build_model(load_dataset(folder)), "en")
    plans = plan_slides(views, ViewState())
    # As in presentation mode, a seed region keeps its slide, honestly empty.
    assert [p.title for p in plans][:5] == [
        "World overview",
        "Europe",
        "Eastern Europe",
        "North America",
        "Southeast Asia",
    ]
    assert plans[0].notes_extra == ("Seed regions with no sourced partner in the data: Southeast Asia.",)


def test_the_sources_sheet_names_relations_in_the_export_language(views):
    """The workbook's sources sheet in Italian said "Research", "Shared consortium" (English)."""
    ids = list(views.model.partners.index)
    english = exports.sources_frame(views.model, ids)
    italian = exports.sources_frame(views.model, ids, lang="it")
    assert len(italian) == len(english) > 0
    assert set(italian["relation"]) == {t(f"type.{k}", "it") for k in _kinds(views)}
    assert set(italian["relation"]).isdisjoint(english["relation"])


def _kinds(views):
    kinds = set(views.model.ds.agreements["type"])
    return kinds | ({"consortium"} if len(views.model.ds.memberships) else set())


def test_a_filtered_deck_has_no_empty_region_slides_and_its_notes_name_them(views):
    """A deck of one consortium kept a slide per seed region, empty ("no partner matches"),
    while the world slide's notes said those regions had no slide."""
    everything = plan_slides(views, ViewState())
    consortium = next(p for p in everything if p.state.consortia).state.consortia
    plans = plan_slides(views, ViewState(consortia=consortium))
    regions = [p for p in plans if p.state.regions]
    assert all(len(views.shown(p.state)) for p in regions)
    dropped = {p.title for p in everything if p.state.regions} - {p.title for p in regions}
    assert dropped, "the filter should empty some region of the tiny data"
    assert all(name in " ".join(plans[0].notes_extra) for name in dropped)
