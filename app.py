"""Entry point.

Run the dashboard: ``python app.py [--host H] [--port P] [--data DIR] [--debug]``.
Serve in production: ``gunicorn app:server`` (settings from ``DASHBOARD_*`` variables).
"""

from __future__ import annotations

from dashboard.cli import serve_main, wsgi_app

if __name__ == "__main__":
    raise SystemExit(serve_main())

app = wsgi_app()
server = app.server
