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

import plotly.graph_objects as go
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


def test_a_batch_without_page_reloads_draws_what_kaleido_draws_one_figure_at_a_time(map_figure):
    """The batch renders figure after figure in one page (no reload between them): each image
    must be the one kaleido's own ``calc_fig`` (a fresh page per figure) makes, whatever came before."""
    import asyncio

    from dashboard.outputs import renderer

    europe = go.Figure(map_figure)
    europe.update_geos(lonaxis_range=[-10, 30], lataxis_range=[35, 60], resolution=50)
    png = {"format": "png", "width": 700, "height": 430, "scale": 1}  # an SVG's clip ids are random
    jobs = [(map_figure, png), (europe, png), (map_figure, png), (europe, png), (map_figure, png)]
    topojson = exports.TOPOJSON_DIR.as_uri()
    seen: list[tuple[int, int]] = []
    batch = renderer.render(jobs, topojson, progress=lambda done, total: seen.append((done, total)))
    browser = renderer._HOLDER.get()
    one_by_one = [
        asyncio.run_coroutine_threadsafe(
            browser._kaleido.calc_fig(fig, opts, topojson=topojson), browser._loop
        ).result(120)
        for fig, opts in jobs[:2]
    ]
    assert renderer._tab_api()  # kaleido as pinned: the batch path is the one tested here
    assert batch[0] == batch[2] == batch[4] == one_by_one[0]
    assert batch[1] == batch[3] == one_by_one[1]
    assert batch[0] != batch[1]
    assert seen == [(n, 5) for n in range(1, 6)]


def test_views_drawn_from_cut_base_maps_match_the_whole_files_pixel_for_pixel(map_figure):
    """Each regional view is drawn from a copy of the base map cut to it (base_maps); the image
    must be the one drawn from the whole file. A tab keeps its page between batches: a later
    world map must not be drawn from the cut copy an earlier batch left there."""
    import asyncio

    from dashboard.outputs import renderer

    views = {
        "Europe": ([-12, 32], [34, 62]),
        "Southeast Asia": ([92, 142], [-11, 24]),
        "North America": ([-128, -60], [14, 60]),
        "Latin America": ([-95, -30], [-56, 25]),
        "Milan": ([8.5, 10.0], [45.0, 46.0]),
    }
    png = {"format": "png", "width": 640, "height": 420, "scale": 1}
    jobs = []
    for lon, lat in views.values():
        fig = go.Figure(map_figure)
        fig.update_geos(lonaxis_range=lon, lataxis_range=lat, resolution=50)
        jobs.append((fig, png))
    topojson = exports.TOPOJSON_DIR.as_uri()
    cut = renderer.render(jobs, topojson)
    world = renderer.render([(map_figure, png)], topojson)  # the next batch, in the same tabs
    browser = renderer._HOLDER.get()

    def whole(fig):  # kaleido's own path: a fresh page, the base map read from its file
        coroutine = browser._kaleido.calc_fig(fig, png, topojson=topojson)
        return asyncio.run_coroutine_threadsafe(coroutine, browser._loop).result(120)

    differing = [name for name, (fig, _), image in zip(views, jobs, cut, strict=True) if image != whole(fig)]
    assert differing == []
    assert world[0] == whole(map_figure)


def _render_in_a_forked_job(map_figure, answers) -> None:
    import os

    from dashboard.outputs import renderer

    seen: list[tuple[int, int]] = []
    images = exports.render_images(
        [map_figure, map_figure], "png", scale=1, progress=lambda d, t: seen.append((d, t))
    )
    own = renderer._HOLDER._browser is not None and renderer._HOLDER._browser.pid == os.getpid()
    answers.put((images, seen, own))


def test_a_forked_job_renders_with_its_workers_browser_not_its_own(map_figure):
    """A DiskCache job is a process forked per job: it sends its figures to the web worker's
    long-lived browser (render_service) instead of starting Chromium for itself."""
    import multiprocessing

    from dashboard.outputs import render_service

    render_service.offer()
    here = exports.render_images([map_figure], "png", scale=1)[0]  # this process's browser, started
    fork = multiprocessing.get_context("fork")
    answers = fork.Queue()
    job = fork.Process(target=_render_in_a_forked_job, args=(map_figure, answers))
    job.start()
    images, seen, own_browser = answers.get(timeout=120)
    job.join(30)
    assert not own_browser
    assert images == [here, here]
    assert seen == [(1, 2), (2, 2)]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the SystemExit
def test_a_listener_ended_from_outside_is_offered_again_and_its_socket_removed():
    """dash.testing ends every thread a test's server started (SystemExit raised in it), which
    ended the render service's listener: its socket stayed, so a forked job waited for an answer
    that never came, then started its own browser. A stopped listener removes its socket, and
    the next :func:`offer` (before every callback request) listens again."""
    import ctypes
    import socket
    import time

    from dashboard.outputs import render_service

    service = render_service.SERVICE
    render_service.offer()
    assert service.listening()
    old_path, old_thread = service.path, service._thread
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(old_thread.ident), ctypes.py_object(SystemExit))
    old_thread.join(10)  # raised within render_service.WAKE_S: no connection needed to wake it
    assert not old_thread.is_alive()
    assert not service.listening()

    render_service.offer()
    assert service.listening()
    assert not old_path.exists()  # removed by the ended thread, or else by offer()
    assert service.path != old_path
    with socket.socket(socket.AF_UNIX) as conn:
        conn.settimeout(5)
        conn.connect(str(service.path))
        assert render_service._receive(conn) == render_service.READY
    time.sleep(0.1)  # the answering thread sees the hang-up and ends


def test_the_base_map_thread_ended_from_outside_is_started_again(map_figure):
    """dash.testing ends every thread a test's server started: the thread that cuts base maps
    ends, and the next batch starts another (a batch never waits for a thread that is gone)."""
    import ctypes

    from dashboard.outputs import renderer

    europe = go.Figure(map_figure)
    europe.update_geos(lonaxis_range=[-10, 30], lataxis_range=[35, 60], resolution=50)
    png = {"format": "png", "width": 500, "height": 330, "scale": 1}
    topojson = exports.TOPOJSON_DIR.as_uri()
    first = renderer.render([(europe, png)], topojson)
    old = renderer._CUTTER._thread
    assert old is not None and old.is_alive()
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(old.ident), ctypes.py_object(SystemExit))
    old.join(10)  # raised within renderer.WAKE_S
    assert not old.is_alive()
    assert renderer.render([(europe, png)], topojson) == first
    assert renderer._CUTTER._thread is not old and renderer._CUTTER._thread.is_alive()


def test_a_base_map_that_cannot_be_cut_is_drawn_from_the_whole_file(map_figure, monkeypatch, caplog):
    from dashboard.outputs import base_maps, renderer

    europe = go.Figure(map_figure)
    europe.update_geos(lonaxis_range=[-10, 30], lataxis_range=[35, 60], resolution=50)
    png = {"format": "png", "width": 500, "height": 330, "scale": 1}
    topojson = exports.TOPOJSON_DIR.as_uri()
    cut = renderer.render([(europe, png)], topojson)

    def broken(fig, source):
        raise ValueError("not a topology")

    monkeypatch.setattr(base_maps, "view_maps", broken)
    assert renderer.render([(europe, png)], topojson) == cut  # the same pixels, from the file
    assert "base map not cut, drawn whole: not a topology" in caplog.text


def test_a_damaged_cut_copy_is_drawn_from_the_whole_file(map_figure, monkeypatch):
    """A cut copy read back from a shared cache folder that is not JSON any more: the page
    drops it and reads the whole file, and the export is the one drawn from the whole file."""
    from dashboard.outputs import base_maps, renderer

    europe = go.Figure(map_figure)
    europe.update_geos(lonaxis_range=[-10, 30], lataxis_range=[35, 60], resolution=50)
    png = {"format": "png", "width": 500, "height": 330, "scale": 1}
    topojson = exports.TOPOJSON_DIR.as_uri()
    good = renderer.render([(europe, png)], topojson)
    monkeypatch.setattr(base_maps, "view_maps", lambda fig, source: {"world_50m": '{"type": "Topol'})
    assert renderer.render([(europe, png)], topojson) == good
