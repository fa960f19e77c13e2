"""Entry point.

Run the dashboard: ``python app.py [--host H] [--port P] [--data DIR] [--debug]``.
Serve in production: ``gunicorn app:server`` (settings from ``DASHBOARD_*`` variables).
Background jobs on Celery (with ``DASHBOARD_REDIS_URL``): ``celery -A app:celery_app worker``.
"""

from __future__ import annotations

from dashboard.cli import serve_main, wsgi_app
from dashboard.web.jobs import celery_of

if __name__ == "__main__":
    raise SystemExit(serve_main())

app = wsgi_app()
server = app.server
# The Celery app of the background jobs (None without DASHBOARD_REDIS_URL: DiskCache jobs).
celery_app = celery_of(server.extensions["dashboard_jobs"])
