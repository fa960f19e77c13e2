"""Invalid ``DASHBOARD_*`` settings: one line naming the variable and the expected form, exit 2,
no traceback, from every entry point (issue 16, part 4)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.server import ROOT
from dashboard.config import Settings, SettingsError

BAD = {
    "DASHBOARD_PORT": ["²", "١٢٣", "80a", "0", "70000", "-1", "8" * 30],
    "DASHBOARD_WORKERS": ["0", "x", "³"],
    "DASHBOARD_THREADS": ["1000"],
    "DASHBOARD_DEBUG": ["maybe"],
    "DASHBOARD_LANG": ["xx", "../en"],
    "DASHBOARD_FRAME_ANCESTORS": ["'self'; script-src *", "'self'\r\nX-Evil: 1", "a,b"],
    "DASHBOARD_TRUSTED_USER_HEADER": ["X User", "X:User"],
    "DASHBOARD_HOST": ["a b", "host;rm"],
}
CASES = [(name, value) for name, values in BAD.items() for value in values]


@pytest.mark.parametrize(("name", "value"), CASES)
def test_each_bad_value_is_refused_with_its_name(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: value})
    assert str(caught.value).startswith(f"{name}=") and "expected" in str(caught.value)


def test_good_values_are_read() -> None:
    settings = Settings.from_env({"DASHBOARD_PORT": " 9000 ", "DASHBOARD_WORKERS": "3", "DASHBOARD_DEBUG": "off",
                                  "DASHBOARD_FRAME_ANCESTORS": "'self' https://intranet.example.edu"})  # fmt: skip
    assert (settings.port, settings.workers, settings.debug) == (9000, 3, False)


ENTRIES = {
    "app.py": [sys.executable, "app.py"],
    "check": [sys.executable, "-m", "dashboard", "check"],
    "gunicorn": [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
}


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_entry_point_says_one_line_and_exits_2(entry: str) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "DASHBOARD_PORT": "²"}
    done = subprocess.run(ENTRIES[entry], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-500:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [
        "Cannot start: DASHBOARD_PORT='²': expected a whole number from 1 to 65535 (ASCII digits)"
    ]
    assert "Traceback" not in done.stdout + done.stderr
