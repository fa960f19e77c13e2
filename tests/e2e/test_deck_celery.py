"""Serving past one machine: two app servers, one Celery worker and one Redis, in the browser.

The shape of a large deployment (README, "Serving past one machine"), on this machine: a real
``redis-server``, a Celery worker (``celery -A app:celery_app worker``) and two app servers
(gunicorn) on two ports, sharing the read-only data folder and one cache folder. A small
balancer in front sends the browser's page and the deck's first request to server A and
every later request (the progress polls and the download) to server B: the deck started
on A is made by the worker and arrives through B.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from benchmarks import cluster as servers
from dashboard.config import DEFAULT_DATA_DIR
from tests.e2e.test_deck_background import allow_downloads, deck_through_the_ui
from tests.e2e.test_explorer import assert_clean_browser, map_points, wait_until

START_TIMEOUT = 900  # three processes starting at once on a shared 2-core machine


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Redis, one Celery worker and two gunicorn app servers sharing a cache folder, behind a balancer."""
    try:
        # The servers and the worker share one cache folder: the bundled data's, which the other
        # e2e tests have usually filled (else the first process to start computes it).
        with (
            servers.cluster(
                tmp_path, data_dir=DEFAULT_DATA_DIR, cache=DEFAULT_DATA_DIR / ".cache", timeout=START_TIMEOUT
            ) as running,
            servers.balancer(*(s.url for s in running.servers)) as (url, routed),
        ):
            yield {"url": url, "routed": routed, "servers": [s.url for s in running.servers]}
    except servers.StartError as exc:
        pytest.fail(str(exc))


@pytest.mark.e2e
def test_deck_started_on_one_server_is_made_by_celery_and_downloads_from_the_other(duo, cluster, tmp_path):
    allow_downloads(duo, tmp_path)
    duo.driver.get(cluster["url"] + "/?region=southeast-asia")
    wait_until(duo, lambda: map_points(duo) > 0, "map markers never appeared", timeout=120)
    deck = deck_through_the_ui(duo, tmp_path)
    assert deck.name.startswith("polimi-deck-southeast-asia-")
    assert len(Presentation(str(deck)).slides) >= 2
    a, b = cluster["servers"]
    assert cluster["routed"][0] == a and b in cluster["routed"][1:]  # started on A, polled and fetched on B
    assert "succeeded" in (tmp_path / "worker.log").read_text(errors="replace")  # the worker made it
    assert_clean_browser(duo)
