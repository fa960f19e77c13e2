"""Headless-Chromium setup for the e2e journeys (dash's ``dash_duo`` fixture, selenium).

Run with no extra flags: ``python -m pytest tests/e2e``. Dash's pytest plugin picks the
browser from ``--webdriver`` (default ``Chrome``) and adds a bare ``--headless`` only when
``--headless`` is passed; the options below already say ``--headless=new``, so the tests
are headless whatever the command line says.

The browser may only reach 127.0.0.1: every other host name resolves to nothing
(``--host-resolver-rules``), so a CDN or a web font left in the app fails loudly
instead of silently loading from the internet.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash.testing.application_runners import BaseDashRunner
from selenium.webdriver.chrome.options import Options as ChromeOptions

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
LOCAL_HOST = "127.0.0.1"

CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--window-size=1600,1000",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOCAL_HOST}",
)


def _free_port() -> int:
    """A TCP port the system says is free now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOCAL_HOST, 0))
        return int(probe.getsockname()[1])


class _Options(ChromeOptions):
    """Chrome options whose browser log level cannot be lowered afterwards.

    ``dash.testing.browser.Browser._get_chrome`` calls
    ``set_capability("goog:loggingPrefs", {"browser": "SEVERE"})`` after this hook, which
    would throw away every console warning; keeping ``ALL`` lets a failing test print the
    whole console. The tests themselves only fail on ``SEVERE`` entries.
    """

    def set_capability(self, name: str, value: object) -> None:
        if name == "goog:loggingPrefs" and name in self.capabilities:
            return
        super().set_capability(name, value)


def pytest_setup_options() -> ChromeOptions:
    """dash.testing hook: the webdriver options of every ``dash_duo`` browser."""
    options = _Options()
    options.binary_location = CHROMIUM
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


@pytest.fixture(scope="session")
def bundled_app():  # type: ignore[no-untyped-def]
    """The app on the bundled data, built once (building takes several seconds).

    Each test still gets its own server thread and browser from ``dash_duo``.
    """
    from dashboard import create_app
    from dashboard.config import Settings

    return create_app(Settings())


@pytest.fixture
def duo(dash_duo, request: pytest.FixtureRequest) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """``dash_duo`` reached as 127.0.0.1, without implicit waits, leaving a screenshot.

    The screenshot of the final page goes to ``tests/screenshots/<test name>.png``, also
    when the test fails (it is taken before the browser closes).
    """
    # dash_duo counts ports up from a fixed 58050: two test runs on one machine would collide.
    BaseDashRunner._next_port = _free_port()
    dash_duo.server.host = LOCAL_HOST  # the URL the browser opens; "localhost" would be blocked
    # dash sets a 2 s implicit wait: every "is it there yet?" probe would stall for 2 s.
    # The tests wait explicitly (wait_for_*, WebDriverWait) instead.
    dash_duo.driver.implicitly_wait(0)
    yield dash_duo
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        dash_duo.driver.save_screenshot(str(SCREENSHOTS / f"{request.node.name}.png"))
    except Exception as error:  # a dead browser must not hide the test's own result
        print(f"screenshot of {request.node.name} failed: {error}")
