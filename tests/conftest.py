"""Shared fixtures: the tiny dataset (:mod:`tests.helpers`) written to a temporary folder, never ``data/``."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.config import ASSETS_DIR
from dashboard.web import assets_check
from tests.helpers import TINY, write_dataset


@pytest.fixture
def make_dataset(tmp_path: Path) -> Callable[..., Path]:
    """Factory: ``make_dataset(**replace)`` writes TINY with some files replaced."""
    counter = {"n": 0}

    def make(**replace: object) -> Path:
        counter["n"] += 1
        files = dict(TINY)
        files.update({k.replace("__", "."): v for k, v in replace.items()})
        return write_dataset(tmp_path / f"data{counter['n']}", files)

    return make


@pytest.fixture
def tiny_dir(make_dataset: Callable[..., Path]) -> Path:
    """The tiny dataset as a folder."""
    return make_dataset()


@pytest.fixture
def refuse_reading(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, type[OSError]], None]:
    """Make reading one file fail as the operating system would: ``refuse_reading(path, PermissionError)``.

    Permission bits cannot do it: the tests may run as root, which reads everything.
    """
    real = Path.read_bytes
    refused: dict[Path, OSError] = {}

    def read_bytes(self: Path) -> bytes:
        if self in refused:
            raise refused[self]
        return real(self)

    real_open = os.open

    def open_fd(path: object, flags: int, *args: object, **kwargs: object) -> int:
        # dashboard.data.files.read_data_file opens data files with os.open (O_NONBLOCK)
        wanted = Path(str(path)).resolve()
        for refused_path, error in refused.items():
            if refused_path.resolve() == wanted:
                raise error
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def refuse(path: Path, kind: type[OSError]) -> None:
        refused[path] = kind(_ERRNO[kind], os.strerror(_ERRNO[kind]), str(path))

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "open", open_fd)
    return refuse


_ERRNO = {PermissionError: errno.EACCES, IsADirectoryError: errno.EISDIR, OSError: errno.EIO}


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """A copy of the stylesheets and base maps the app checks, to break in a test."""
    copy = tmp_path / "assets"
    copy.mkdir()
    for name in assets_check.STYLESHEETS:
        shutil.copy(ASSETS_DIR / name, copy / name)
    (copy / "topojson").mkdir()
    for name in assets_check.BASE_MAPS:
        shutil.copy(ASSETS_DIR / "topojson" / name, copy / "topojson" / name)
    return copy
