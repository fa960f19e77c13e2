"""The production configuration (``gunicorn -c gunicorn.conf.py app:server``) keeps answering while
slow clients hold connections, and every response it sends carries the security headers.

Each slow client sends a callback request's headers, then dribbles its body a byte at a time.
With gunicorn's default ``sync`` workers each such client holds a whole worker, so as many slow
clients as workers stall the server; ``gthread`` workers give each one a thread.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

from benchmarks import dashclient as dc
from benchmarks.server import gunicorn_production
from tests.helpers import TINY, write_dataset

pytest.importorskip("gunicorn")

WORKERS, THREADS, SLOW = 2, 6, 5  # more slow clients than workers, fewer than threads in all


def _dribble(host: str, port: int, stop: threading.Event) -> None:
    """A slow client: a callback request whose JSON body arrives one byte every half second."""
    body = b'{"output": "' + b"x" * 200 + b'"}'
    with socket.create_connection((host, port), timeout=60) as sock:
        head = (
            f"POST {dc.UPDATE_URL} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        sock.sendall(head.encode())
        for byte in body:
            if stop.wait(0.5):
                return
            sock.sendall(bytes([byte]))


def _get(base: str, path: str) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)  # a stall fails here
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = write_dataset(tmp_path_factory.mktemp("slow") / "data", dict(TINY))
    with gunicorn_production(folder, workers=WORKERS, threads=THREADS) as running:
        yield running


def test_slow_clients_do_not_stall_normal_requests(served):
    parts = urlsplit(served.url)
    stop = threading.Event()
    slow = [
        threading.Thread(target=_dribble, args=(parts.hostname, parts.port, stop), daemon=True)
        for _ in range(SLOW)
    ]
    for thread in slow:
        thread.start()
    try:
        time.sleep(2)  # every slow client connected and holding its request open
        for _ in range(2 * WORKERS):  # new connections: reach every worker
            assert _get(served.url, "/").status == 200
            assert _get(served.url, "/_dash-layout").status == 200
    finally:
        stop.set()
        for thread in slow:
            thread.join(timeout=5)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/assets/app.css", 200),
        ("/assets/nope.css", 404),
        ("/_dash-component-suites/nope/x.js", 404),
    ],
)
def test_security_headers_on_every_response_of_the_production_server(served, path, status):
    response = _get(served.url, path)
    assert response.status == status
    assert "frame-ancestors" in (response.getheader("Content-Security-Policy") or "")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
