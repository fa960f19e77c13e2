"""The unit tier runs pure code only: a test here that starts a thread or a process fails.

Browsers (kaleido, Chromium), servers and the live-reload watcher all start one of the two,
so this keeps ``python -m pytest tests/unit`` fast and honest; such tests belong in
``tests/integration`` or ``tests/e2e``.
"""

from __future__ import annotations

import subprocess
import threading

import pytest


def _refuse(what: str):
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"a unit test started a {what}: move it to tests/integration or tests/e2e")

    return refuse


@pytest.fixture(autouse=True)
def _pure_code_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading.Thread, "start", _refuse("thread"))
    monkeypatch.setattr(subprocess.Popen, "__init__", _refuse("process"))
