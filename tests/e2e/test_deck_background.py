"""The deck from the browser, as a background job with a progress bar and a Cancel button.

On the embedded default (DiskCache: a job process beside the server) with the bundled data.
The same journey on Celery + Redis across two app servers is in ``test_deck_celery.py``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from dashboard import create_app
from dashboard.config import Settings
from tests.e2e.test_explorer import assert_clean_browser, start, wait_until
from tests.helpers import write_tiny

DECK_TIMEOUT = 900  # fourteen slide maps on a shared 2-core machine


def allow_downloads(duo: Any, folder: Path) -> None:
    """Let the test browser save downloads into ``folder``."""
    duo.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )


def arrived(folder: Path, suffix: str) -> Path | None:
    """A finished download with that suffix, if any."""
    done = [p for p in folder.iterdir() if p.suffix == suffix]
    return done[0] if done else None


def panel_progress(duo: Any) -> tuple[bool, str, str]:
    """Whether the job panel shows, its progress bar's value and its label."""
    panel = duo.find_element("#job-panel")
    bar = duo.find_element("#job-progress")
    return panel.is_displayed(), str(bar.get_attribute("value")), duo.find_element("#job-label").text


def deck_through_the_ui(duo: Any, folder: Path, button: str = "#export-deck") -> Path:
    """Press a deck button, see the progress panel move, and wait for the ``.pptx``."""
    duo.find_element(button).click()
    wait_until(duo, lambda: panel_progress(duo)[0], "the job panel never showed")
    assert duo.find_element("#export-button").get_attribute("disabled") is not None
    wait_until(
        duo, lambda: "slide maps" in panel_progress(duo)[2], "no slide progress shown", timeout=DECK_TIMEOUT
    )
    deck = wait_until(duo, lambda: arrived(folder, ".pptx"), "no deck was downloaded", timeout=DECK_TIMEOUT)
    wait_until(duo, lambda: not panel_progress(duo)[0], "the job panel stayed after the deck arrived")
    return deck


@pytest.mark.e2e
def test_deck_from_the_export_menu_shows_progress_and_downloads_every_slide(duo, bundled_app, tmp_path):
    allow_downloads(duo, tmp_path)
    start(duo, bundled_app, "/?region=europe")
    deck = deck_through_the_ui(duo, tmp_path)
    assert deck.name.startswith("polimi-deck-europe-")
    slides = Presentation(str(deck)).slides
    pictures = [s for s in slides if any(sh.shape_type == 13 for sh in s.shapes)]  # 13: picture
    assert len(slides) >= 2 and len(pictures) == len(slides) - 1  # a title slide, then one map per slide
    assert duo.find_element("#export-status").text == ""
    assert_clean_browser(duo)


@pytest.mark.e2e
def test_cancel_stops_the_deck_and_frees_the_buttons(duo, bundled_app, tmp_path):
    # As in the full suite: another app built in this process after the one being served.
    create_app(Settings(data_dir=write_tiny(tmp_path / "other"), cache=tmp_path / "other-cache"))
    allow_downloads(duo, tmp_path)
    start(duo, bundled_app)
    duo.find_element("#export-deck").click()
    wait_until(duo, lambda: panel_progress(duo)[0], "the job panel never showed")
    cancel = duo.find_element("#job-cancel")
    # Enabled once the job has reported: before that there is nothing the page could cancel.
    wait_until(duo, lambda: cancel.get_attribute("disabled") is None, "Cancel never became available")
    cancel.click()
    # One click. In the full suite (other apps built in the same process after this one) it
    # used to be ignored: dashboard.web.app.serve_as_itself.
    wait_until(duo, lambda: not panel_progress(duo)[0], "the job panel stayed after Cancel")
    wait_until(
        duo,
        lambda: duo.find_element("#export-deck").get_attribute("disabled") is None,
        "deck button stayed disabled",
    )
    time.sleep(5)  # a cancelled job must not deliver its file later
    assert arrived(tmp_path, ".pptx") is None
    assert_clean_browser(duo)
