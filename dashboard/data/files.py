"""Files of the data folder: read only what is a regular file inside it; write atomically.

Reading (:func:`read_data_file`): a data "file" may be a named pipe, a socket, a device or a
link to anywhere. Opening a pipe for reading waits for a writer forever and a device may never
end, so the kind of file is checked with ``stat`` and the file is opened with ``O_NONBLOCK``
(checked again on the open descriptor, so a swap in between is caught); a link must point
inside the folder. Each refusal is a :class:`NotAFile` whose message says what the path is.

Writing (:func:`atomic_path`): a reader never sees a half-written file, a crash leaves the old one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

MAX_DATA_FILE_BYTES = 512 * 1024 * 1024  # a data table is a few MB; anything larger is a mistake
# (test, kind, English sentence); the kind names the problem's text in the catalogs
# (``problem.file.<kind>``, see :func:`dashboard.data.problems.unreadable`).
_KINDS = (
    (stat.S_ISDIR, "folder", "is a folder, not a file"),
    (stat.S_ISFIFO, "pipe", "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISSOCK, "socket", "is a socket, not a regular file"),
    (stat.S_ISCHR, "device", "is a device, not a regular file"),
    (stat.S_ISBLK, "device", "is a device, not a regular file"),
)
_OTHER = ("other", "is not a regular file")


class NotAFile(OSError):
    """A path in the data folder that is not a regular file inside it (``str()`` says what it is)."""

    def __init__(self, path: Path, what: str, kind: str = "other", **values: object) -> None:
        """``what``: e.g. ``"is a named pipe (FIFO), not a regular file"``; ``kind``: its name
        (``folder``, ``pipe``, ``socket``, ``device``, ``other``, ``link``, ``large``), ``values``
        the details its translated text needs."""
        super().__init__(errno.EINVAL, what, str(path))
        self.what = what
        self.kind = kind
        self.values = values

    def __str__(self) -> str:
        """The sentence for a problem report."""
        return f"{self.what}: {self.filename}; put the table itself there as a plain file"


def _kind(mode: int) -> tuple[str, str] | None:
    return next(
        ((kind, what) for test, kind, what in _KINDS if test(mode)), None if stat.S_ISREG(mode) else _OTHER
    )


def _inside(path: Path, folder: Path) -> Path:
    """``path`` resolved; :class:`NotAFile` when a link takes it outside ``folder``."""
    target = path.resolve()
    if path.is_symlink() and not target.is_relative_to(folder.resolve()):
        raise NotAFile(path, f"is a link to {target}, outside the data folder", "link", target=str(target))
    return target


def read_data_file(path: Path, folder: Path | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file (inside ``folder`` when a link); never waits.

    Args:
        path: The file.
        folder: The data folder it belongs to (default: its parent).

    Raises:
        NotAFile: If it is a pipe, socket, device, folder, a link outside ``folder`` or too large.
        OSError: If the operating system cannot read it (missing, permission, I/O error).

    Examples:
        >>> import tempfile, pathlib, os
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> os.mkfifo(folder / "pipe.csv")
        >>> read_data_file(folder / "pipe.csv")
        Traceback (most recent call last):
        ...
        dashboard.data.files.NotAFile: is a named pipe (FIFO), not a regular file: ...; put the table itself there as a plain file
    """
    target = _inside(path, folder if folder is not None else path.parent)
    if (kind := _kind(target.stat().st_mode)) is not None:
        raise NotAFile(path, kind[1], kind[0])
    fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if (kind := _kind(info.st_mode)) is not None:  # swapped between the stat and the open
            raise NotAFile(path, kind[1], kind[0])
        if info.st_size > MAX_DATA_FILE_BYTES:
            megabytes = round(info.st_size / 1e6)
            raise NotAFile(
                path, f"is {megabytes:,} MB, more than a data table can be", "large", megabytes=megabytes
            )
        return handle.read(MAX_DATA_FILE_BYTES + 1)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place only on success.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> with atomic_path(folder / "a.txt") as tmp:
        ...     _ = tmp.write_text("done")
        >>> (folder / "a.txt").read_text()
        'done'
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # writers such as GDAL want to create the file themselves
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_atomic(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``target`` atomically."""
    with atomic_path(target) as tmp:
        write(tmp)
    return target
