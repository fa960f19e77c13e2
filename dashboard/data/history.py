"""Versions of a data folder: every write keeps the previous files, and any version can come back.

Before a command changes a data folder (an import, a restore) the folder's current data files
(its top-level ``*.csv`` and ``*.toml``) are copied into ``DIR/.history/<version>/`` with a
``manifest.json`` saying when, why, and which files did not exist yet. The newest
:data:`KEEP` versions are kept. Files are then replaced one by one with
:func:`~dashboard.data.files.write_atomic`; if any write fails, the files already replaced
are put back from the copy, so the folder is as it was.

The dashboard's loader reads only the top-level files, so the history folder never affects
the data shown.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.files import read_data_file, write_atomic

HISTORY_DIR = ".history"
KEEP = 20
_VERSION = re.compile(r"^\d{8}T\d{6}Z(?:-\d+)?$")


@dataclass(frozen=True)
class Version:
    """One kept version of a data folder.

    Attributes:
        id: Folder name under ``.history`` (UTC time of the change, sortable).
        created: ISO time the version was kept.
        reason: What was about to change it (``import agreements.xlsx``).
        files: Data files kept.
        absent: Data files that did not exist then (a restore removes them).
    """

    id: str
    created: str
    reason: str
    files: tuple[str, ...]
    absent: tuple[str, ...] = ()


def data_files(folder: Path) -> list[str]:
    """Names of the folder's data files (top-level ``*.csv`` and ``*.toml``), sorted."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix in (".csv", ".toml"))


def _new_id(root: Path, now: dt.datetime) -> str:
    base = now.strftime("%Y%m%dT%H%M%SZ")
    candidate, n = base, 1
    while (root / candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def keep_version(folder: Path, reason: str, *, changing: tuple[str, ...] = (), keep: int = KEEP) -> Version:
    """Copy the folder's data files into a new version.

    Args:
        folder: The data folder.
        reason: What is about to change it.
        changing: Files about to be written; those that do not exist yet are recorded as absent.
        keep: How many versions to keep (older ones are removed).

    Returns:
        The version kept.
    """
    root = folder / HISTORY_DIR
    root.mkdir(exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    version = _new_id(root, now)
    staging = root / f".{version}.partial"
    staging.mkdir()
    files = data_files(folder)
    for name in files:
        shutil.copy2(folder / name, staging / name)
    absent = tuple(sorted(set(changing) - set(files)))
    manifest = {
        "created": now.isoformat(timespec="seconds"),
        "reason": reason,
        "files": files,
        "absent": absent,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    staging.rename(root / version)  # a version appears whole or not at all
    _prune(root, keep)
    return Version(version, manifest["created"], reason, tuple(files), absent)  # type: ignore[arg-type]


def _prune(root: Path, keep: int) -> None:
    versions = sorted(p for p in root.iterdir() if p.is_dir() and _VERSION.match(p.name))
    for old in versions[: max(len(versions) - keep, 0)]:
        shutil.rmtree(old, ignore_errors=True)


def list_versions(folder: Path) -> list[Version]:
    """Kept versions, newest first; unreadable ones are skipped."""
    root = folder / HISTORY_DIR
    if not root.is_dir():
        return []
    out = []
    for path in sorted(root.iterdir(), reverse=True):
        if not (path.is_dir() and _VERSION.match(path.name)):
            continue
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append(
            Version(
                path.name,
                str(manifest.get("created", "")),
                str(manifest.get("reason", "")),
                tuple(manifest.get("files", ())),
                tuple(manifest.get("absent", ())),
            )
        )
    return out


def write_files(folder: Path, contents: Mapping[str, bytes], *, reason: str, keep: int = KEEP) -> Version:
    """Keep a version, then write every file atomically; on any failure put the old files back.

    Args:
        folder: The data folder.
        contents: File name -> new bytes.
        reason: Recorded with the version.
        keep: Versions to keep.

    Returns:
        The version holding the files as they were before.

    Raises:
        OSError: When a write failed (after the folder has been put back as it was).
    """
    version = keep_version(folder, reason, changing=tuple(contents), keep=keep)
    written: list[str] = []
    try:
        for name, data in contents.items():
            write_atomic(folder / name, lambda tmp, data=data: tmp.write_bytes(data))  # type: ignore[misc]
            written.append(name)
    except OSError:
        _put_back(folder, version, written)
        raise
    return version


def _put_back(folder: Path, version: Version, names: list[str]) -> None:
    source = folder / HISTORY_DIR / version.id
    for name in names:
        if name in version.absent:
            (folder / name).unlink(missing_ok=True)
        else:
            shutil.copy2(source / name, folder / name)


def restore(folder: Path, version_id: str, *, keep: int = KEEP) -> tuple[Version, Version]:
    """Bring back a kept version (the current files are kept as a version first).

    Args:
        folder: The data folder.
        version_id: A :attr:`Version.id` from :func:`list_versions`.
        keep: Versions to keep.

    Returns:
        ``(restored, kept)``: the version brought back and the one holding the files replaced.

    Raises:
        LookupError: When no such version exists.
    """
    found = next((v for v in list_versions(folder) if v.id == version_id), None)
    if found is None:
        raise LookupError(f"no version {version_id!r} in {folder / HISTORY_DIR}")
    source = folder / HISTORY_DIR / found.id
    contents = {name: read_data_file(source / name, source) for name in found.files}
    current = set(data_files(folder))
    kept = write_files(folder, contents, reason=f"restore {found.id}", keep=keep)
    for name in found.absent:
        if name in current:
            (folder / name).unlink(missing_ok=True)
    return found, kept
