"""Image exports of the tiny map through kaleido (headless Chromium): PNG, SVG and PDF.

Each image format is rendered once for the module (kaleido starts a headless Chromium,
which takes seconds); the pure parts of exports are tested in ``tests/unit/test_exports.py``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zlib

import pytest
from PIL import Image

from dashboard.data.dataset import load_dataset
from dashboard.network.model import build_model
from dashboard.network.view_state import ViewState
from dashboard.outputs import exports
from dashboard.web.render import ExplorerOutputs
from tests.helpers import write_tiny

LAND = (0xF2, 0xF0, 0xEB)  # geo_layout's landcolor
OCEAN = (0xDD, 0xE8, 0xF0)  # geo_layout's oceancolor


@pytest.fixture(scope="module")
def map_figure(tmp_path_factory):
    views = ExplorerOutputs(build_model(load_dataset(write_tiny(tmp_path_factory.mktemp("tiny")))), "en")
    return exports.print_figure(views, ViewState(), "map", date="2026-11-25")


@pytest.fixture(scope="module")
def images(map_figure):
    """The tiny map as PNG (3x), SVG and PDF: one kaleido run per format."""
    return {fmt: exports.render_images([map_figure], fmt, scale=3)[0] for fmt in ("png", "svg", "pdf")}


def test_png_is_at_least_three_times_the_figure_width(images, map_figure):
    image = Image.open(io.BytesIO(images["png"]))
    assert images["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert image.width >= 3 * map_figure.layout.width


def test_svg_parses_and_draws_the_base_map(images):
    root = ET.fromstring(images["svg"])
    assert root.tag.endswith("svg")
    countries = images["svg"].split(b'class="layer countries"', 1)[1].split(b"</g>", 1)[0]
    assert len(countries) > 10_000  # the country outlines' path data, not an empty layer


def _pdf_path_operators(pdf: bytes) -> int:
    count = 0
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            text = stream
        count += len(re.findall(rb"\s[lc]\s", text))
    return count


def _share(counts: dict[tuple[int, int, int], int], colour: tuple[int, int, int]) -> int:
    """Pixels within a few levels of a colour."""
    return sum(
        n for rgb, n in counts.items() if max(abs(a - b) for a, b in zip(rgb, colour, strict=True)) <= 6
    )


def test_pdf_draws_the_base_map(images, tmp_path):
    pdf = images["pdf"]
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        assert _pdf_path_operators(pdf) > 1000  # vector country outlines
        return
    (tmp_path / "m.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "m.pdf", "p"], cwd=tmp_path, check=True
    )
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    colours = page.getcolors(maxcolors=1 << 20)
    counts = {rgb: n for n, rgb in colours}
    area = page.width * page.height
    assert _share(counts, LAND) > 0.05 * area and _share(counts, OCEAN) > 0.05 * area
