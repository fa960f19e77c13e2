"""Staged imports on disk, keyed by a random token: what a browser page keeps between requests.

An upload and the plan made from it live in ``STAGING_DIR/<token>/`` (``upload.<suffix>``
and ``plan.json``), not in a worker's memory, so any worker behind ``gunicorn -w 4`` can
continue the import. Tokens are 32 URL-safe random characters (``secrets``); anything else
is refused before it reaches the file system. Old stages are removed by :func:`prune`.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from dashboard.data.files import write_atomic
from dashboard.data.importing import ImportPlan
from dashboard.data.sheets import SUFFIXES

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_UPLOAD = 20 * 1024 * 1024
MAX_AGE_S = 24 * 3600


class StagingError(ValueError):
    """An upload that cannot be staged; the message says why."""


def _folder(staging_dir: Path, token: str) -> Path | None:
    return staging_dir / token if _TOKEN.match(token) else None


def save_upload(staging_dir: Path, filename: str, data: bytes) -> str:
    """Keep an uploaded spreadsheet; return its new token.

    Raises:
        StagingError: For a file that is too large, empty or not .xlsx/.ods/.csv.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise StagingError(
            f"{Path(filename).name!r} is not a spreadsheet this importer reads: .xlsx, .ods or .csv"
        )
    if not data:
        raise StagingError("the uploaded file is empty")
    if len(data) > MAX_UPLOAD:
        raise StagingError(f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB")
    token = secrets.token_urlsafe(24)
    folder = staging_dir / token
    folder.mkdir(parents=True)
    write_atomic(folder / f"upload{suffix}", lambda tmp: tmp.write_bytes(data))
    (folder / "name.txt").write_text(Path(filename).name[:200], encoding="utf-8")
    return token


def upload_path(staging_dir: Path, token: str) -> Path | None:
    """The staged upload of ``token``, or ``None``."""
    folder = _folder(staging_dir, token)
    found = sorted(folder.glob("upload.*")) if folder and folder.is_dir() else []
    return found[0] if found else None


def upload_name(staging_dir: Path, token: str) -> str:
    """The name the file was uploaded under (for reports and the default source)."""
    folder = _folder(staging_dir, token)
    try:
        return (folder / "name.txt").read_text(encoding="utf-8") if folder else ""
    except OSError:
        return ""


def save_plan(staging_dir: Path, token: str, plan: ImportPlan) -> None:
    """Keep the plan made (or edited) for ``token``.

    Raises:
        LookupError: For an unknown token.
    """
    folder = _folder(staging_dir, token)
    if folder is None or not folder.is_dir():
        raise LookupError("this import is no longer staged: upload the file again")
    write_atomic(folder / "plan.json", lambda tmp: tmp.write_text(plan.to_json(), encoding="utf-8"))


def load_plan(staging_dir: Path, token: str) -> ImportPlan | None:
    """The plan kept for ``token``, or ``None`` (unknown token, none yet, or unreadable)."""
    folder = _folder(staging_dir, token)
    if folder is None:
        return None
    try:
        return ImportPlan.from_json((folder / "plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def discard(staging_dir: Path, token: str) -> None:
    """Remove a stage (after saving, or when the person cancels)."""
    folder = _folder(staging_dir, token)
    if folder is not None and folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


def prune(staging_dir: Path, *, max_age_s: float = MAX_AGE_S, now: float | None = None) -> int:
    """Remove stages older than ``max_age_s``; return how many."""
    if not staging_dir.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - max_age_s
    removed = 0
    for folder in staging_dir.iterdir():
        if folder.is_dir() and _TOKEN.match(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
