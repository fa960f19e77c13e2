"""``python -m dashboard export`` and ``deck`` on the tiny dataset: files, exit codes, messages.

The deck and the network PNG need kaleido (headless Chromium): each is made once.
"""

from __future__ import annotations

import csv
import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.cli import main
from dashboard.outputs import exports
from tests.helpers import write_tiny


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_tiny(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def deck(data_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "meeting.pptx"
    assert main(["deck", "-o", str(path), "--data", str(data_dir)]) == 0
    return Presentation(str(path))


def _fails(capsys, argv, status):
    assert main(argv) == status
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    return err


def test_table_csv_follows_the_url_filters(data_dir, tmp_path, capsys):
    out = tmp_path / "na.csv"
    assert (
        main(
            [
                "export",
                "--view",
                "table",
                "-o",
                str(out),
                "--region",
                "north-america",
                "--data",
                str(data_dir),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["Id"] for r in rows] == ["boston", "vancouver"]
    assert f"wrote {out}" in capsys.readouterr().out


def test_table_xlsx_by_format_flag(data_dir, tmp_path):
    out = tmp_path / "t.bin"
    assert (
        main(["export", "--view", "table", "--format", "xlsx", "-o", str(out), "--data", str(data_dir)]) == 0
    )
    assert out.read_bytes()[:2] == b"PK"


def test_map_html_snapshot_is_written(data_dir, tmp_path):
    out = tmp_path / "map.html"
    assert main(["export", "--view", "map", "--format", "html", "-o", str(out), "--data", str(data_dir)]) == 0
    assert "PlotlyGeoAssets" in out.read_text(encoding="utf-8")


def test_network_png_is_three_times_the_figure(data_dir, tmp_path):
    out = tmp_path / "net.png"
    argv = ["export", "--view", "network", "--format", "png", "-o", str(out), "--data", str(data_dir)]
    assert main(argv) == 0
    assert Image.open(out).size == (3 * exports.PRINT_SIZE[0], 3 * exports.PRINT_SIZE[1])


def test_table_as_png_is_refused(data_dir, tmp_path, capsys):
    err = _fails(capsys, ["export", "--view", "table", "--format", "png", "-o", str(tmp_path / "t.png")], 2)
    assert "csv or xlsx" in err
    assert not (tmp_path / "t.png").exists()


def test_unknown_region_is_refused(data_dir, tmp_path, capsys):
    argv = ["export", "-o", str(tmp_path / "m.pdf"), "--region", "atlantis", "--data", str(data_dir)]
    assert "unknown --region 'atlantis'" in _fails(capsys, argv, 2)


def test_bad_data_exits_1(make_dataset, tmp_path, capsys):
    folder = make_dataset(agreements__csv=["delft,exchange,,,,,2024,"])
    err = _fails(
        capsys, ["export", "--view", "table", "-o", str(tmp_path / "t.csv"), "--data", str(folder)], 1
    )
    assert "agreements.csv:2 source" in err


def test_unwritable_path_exits_1(data_dir, tmp_path, capsys):
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" / "t.csv"
    err = _fails(capsys, ["export", "--view", "table", "-o", str(out), "--data", str(data_dir)], 1)
    assert "cannot write" in err


def test_missing_chromium_is_one_line(data_dir, tmp_path, capsys, monkeypatch):
    class ChromeNotFoundError(RuntimeError):
        pass

    def no_chrome(*_args, **_kwargs):
        raise ChromeNotFoundError("Chrome not found")

    monkeypatch.setattr(exports.renderer, "render", no_chrome)  # what kaleido raises without a browser
    err = _fails(capsys, ["export", "-o", str(tmp_path / "m.png"), "--data", str(data_dir)], 1)
    assert "needs Chromium" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "m.png").exists()


def test_deck_needs_a_pptx_name(data_dir, tmp_path, capsys):
    _fails(capsys, ["deck", "-o", str(tmp_path / "d.pdf"), "--data", str(data_dir)], 2)


def test_deck_has_title_world_regions_and_consortia(deck):
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [
        "Home Tech test network",
        "World overview",
        "Europe",
        "Eastern Europe",
        "North America",
        "Southeast Asia",
        "Consortium: ALPHA",
        "Consortium: BETA",
    ]
    assert deck.slide_width * 9 == deck.slide_height * 16


def test_every_content_slide_has_a_map_inside_the_slide(deck):
    for slide in list(deck.slides)[1:]:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        pic = pictures[0]
        assert pic.left >= 0 and pic.top >= 0
        assert pic.left + pic.width <= deck.slide_width and pic.top + pic.height <= deck.slide_height


def test_notes_carry_the_sources_of_the_slide(deck):
    slides = list(deck.slides)
    north_america = slides[4].notes_slide.notes_text_frame.text
    assert "https://example.org/a3 (as of 2020)" in north_america
    assert "https://example.org/alpha" not in north_america
    assert "January 1, 2026" in north_america  # the data's date, written out (dashboard.i18n)
    assert "Seed regions" not in slides[1].notes_slide.notes_text_frame.text  # every seed region is sourced


def test_headline_figures_and_top_partners_are_on_the_slide(deck):
    text = " ".join(s.text_frame.text for s in list(deck.slides)[4].shapes if s.has_text_frame)
    assert "2  with agreements" in text and "0  via consortia only" in text
    assert "BTI (United States) · 1" in text


def test_every_map_picture_has_alt_text_naming_what_it_shows(deck):
    for slide in list(deck.slides)[1:]:
        pic = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
        alt = pic._element.nvPicPr.cNvPr.get("descr")
        assert alt.startswith(f"Map of {slide.shapes.title.text}. Partners: "), alt
        assert pic.name != "image.png" and "countries:" in alt


def test_table_csv_in_italian(data_dir, tmp_path):
    out = tmp_path / "na.csv"
    argv = ["export", "--view", "table", "-o", str(out), "--region", "north-america", "--lang", "it"]
    assert main([*argv, "--data", str(data_dir)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows and {"Istituzione", "Paese", "Area geografica", "Rapporti", "Fonti"} <= set(rows[0])
    assert {r["Area geografica"] for r in rows} == {"Nord America"}
    assert {r["Paese"] for r in rows} <= {"Stati Uniti", "Canada"}


def test_png_and_pdf_exports_carry_their_title_alt_text_and_language(data_dir, tmp_path):
    from pypdf import PdfReader

    png, pdf = tmp_path / "m.png", tmp_path / "m.pdf"
    for out in (png, pdf):
        assert main(["export", "--data", str(data_dir), "--region", "europe", "-o", str(out)]) == 0
    info = Image.open(png).info
    assert info["Title"].startswith("Map") and "Europe" in info["Title"]
    assert info["Description"].startswith("Map of Home Tech test network. Partners: ")
    reader = PdfReader(pdf)
    assert reader.metadata.title == info["Title"] and reader.metadata.subject == info["Description"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
