"""Files are what they claim (issue 16, part 3): the loader reads only regular files inside the data
folder, never waits on one, reloads within a time limit, and reports mixed encodings by line.

Without :func:`dashboard.data.files.read_data_file` a FIFO named ``agreements.csv`` makes ``check``,
start-up and live reload wait forever, and a link to a file outside the folder is read.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.server import ROOT
from dashboard import create_app
from dashboard.config import Settings
from dashboard.data.dataset import check_folder, load_dataset
from dashboard.data.problems import DataError, Report
from dashboard.data.reading import decode
from dashboard.network.model import build_model
from dashboard.web import store as store_module
from dashboard.web.store import ModelStore

TABLE = "agreements.csv"


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "named pipe"


def _socket(path: Path) -> str:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))  # the file stays after the socket closes
    sock.close()
    return "socket"


def _link_outside(path: Path) -> str:
    outside = path.parent.parent / "secret.csv"
    outside.write_text("institution_id,type\nx,y\n")
    path.symlink_to(outside)
    return "outside the data folder"


def _link_device(path: Path) -> str:
    # /dev/zero would be the endless one, but a regression would then fill the memory in seconds
    # instead of failing: /dev/null shows the same refusal (a link out of the folder) and ends.
    path.symlink_to("/dev/null")
    return "outside the data folder"


def _device(path: Path) -> str:
    try:  # a device node inside the folder: /dev/null's numbers, so reading it ends at once
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("this account may not make device nodes")
    return "is a device"


KINDS: dict[str, Callable[[Path], str]] = {
    "fifo": _fifo, "socket": _socket, "link-outside": _link_outside, "link-device": _link_device,
    "device": _device,
}  # fmt: skip
WAIT = 60  # seconds; a refusal takes about one; longer means the loader waits on the file


def _bounded(work: Callable[[], object], path: Path) -> object:
    """``work()``, failing the test (not hanging it) if it waits on ``path`` for :data:`WAIT` s.

    A loader that opens a FIFO for reading waits for a writer forever: after the wait, the test
    opens it for writing once, so that the stuck thread ends, and fails.
    """
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WAIT)
    if thread.is_alive():
        if stat.S_ISFIFO(os.lstat(path).st_mode):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # the reader gets end-of-file
        pytest.fail(f"waited more than {WAIT} s on {path.name}: the loader must refuse it, not read it")
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result.get("value")


def _replace(folder: Path, make: Callable[[Path], str]) -> str:
    (folder / TABLE).unlink()
    return make(folder / TABLE)


@pytest.mark.parametrize("kind", KINDS)
def test_check_refuses_what_is_not_a_regular_file(tiny_dir: Path, kind: str) -> None:
    expected = _replace(tiny_dir, KINDS[kind])
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "check", str(tiny_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=WAIT,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout
    line = next(line for line in done.stdout.splitlines() if TABLE in line)
    assert (expected in line and "regular file" in line) or "outside" in line


@pytest.mark.parametrize("kind", KINDS)
def test_start_up_refuses_it_with_a_clear_line(tiny_dir: Path, kind: str) -> None:
    expected = _replace(tiny_dir, KINDS[kind])
    with pytest.raises(DataError) as caught:
        _bounded(lambda: create_app(Settings(data_dir=tiny_dir)), tiny_dir / TABLE)
    assert expected in caught.value.report.render()


def test_a_link_inside_the_folder_is_read(tiny_dir: Path) -> None:
    (tiny_dir / "kept").mkdir()
    (tiny_dir / TABLE).rename(tiny_dir / "kept" / TABLE)
    (tiny_dir / TABLE).symlink_to(tiny_dir / "kept" / TABLE)
    assert check_folder(tiny_dir).ok


@pytest.mark.parametrize("kind", KINDS)
def test_live_reload_refuses_it_and_keeps_the_last_good_data(tiny_dir: Path, kind: str) -> None:
    model = build_model(load_dataset(tiny_dir))
    store = ModelStore(tiny_dir, model, interval=0.0, background=False)
    expected = _replace(tiny_dir, KINDS[kind])
    _bounded(lambda: store.model, tiny_dir / TABLE)  # reading .model reloads the changed folder
    assert store.model is model
    assert store.problem is not None and expected in store.problem.render()


def test_a_reload_that_hangs_is_abandoned_and_the_next_one_recovers(tiny_dir, monkeypatch) -> None:
    model = build_model(load_dataset(tiny_dir))
    store = ModelStore(tiny_dir, model, interval=0.0, limit=5.0)
    release = threading.Event()
    real = store_module.load_model
    calls = {"n": 0}

    def load(folder: Path, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            release.wait(120)  # the first reload hangs (a share that stopped answering)
        return real(folder, **kwargs)

    monkeypatch.setattr(store_module, "load_model", load)
    path = tiny_dir / "dataset.toml"
    path.write_text(path.read_text().replace("Home Tech test network", "Renamed network"))
    deadline = time.monotonic() + 90
    while store.model.ds.title != "Renamed network" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert store.model.ds.title == "Renamed network"  # a fresh reload finished while the first hung
    release.set()
    assert calls["n"] >= 2


def test_mixed_encodings_are_read_per_line_and_reported() -> None:
    raw = "id,name\na,Politecnico di Milano\nb,Università\n".encode() + "c,Université de Genève\n".encode(
        "cp1252"
    )
    report = Report()
    text = decode(raw, "institutions.csv", report)
    assert text is not None and "Università" in text and "Genève" in text  # no mojibake
    (problem,) = report.problems
    assert problem.row == 4 and "mixes two encodings" in problem.message and "line 4" in problem.message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_32_with_a_bom_are_read_and_said(codec: str) -> None:
    text = "id,name\na,Università\n"
    raw = text.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + text.encode(codec)
    report = Report()
    assert decode(raw, "institutions.csv", report) == text
    assert "byte-order mark" in report.problems[0].message


def test_broken_utf16_and_utf16_without_bom_are_refused_accurately() -> None:
    report = Report()
    assert decode(b"\xff\xfe" + "id,name\n".encode("utf-16-le") + b"\x00\xd8", "a.csv", report) is None
    assert "UTF-16" in report.problems[0].message and "broken at byte" in report.problems[0].message
    report = Report()
    assert decode("id,name\na,b\n".encode("utf-16-le"), "a.csv", report) is None
    assert "UTF-16 without a byte-order mark" in report.problems[0].message


def test_a_utf16_folder_loads(tiny_dir: Path) -> None:
    path = tiny_dir / TABLE
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    report = check_folder(tiny_dir)
    assert report.ok, report.render()
