"""Production settings for ``gunicorn -c gunicorn.conf.py app:server`` (see README, 'Production serving').

Settings come from the ``DASHBOARD_*`` variables (:mod:`dashboard.config`, checked strictly: a bad
one prints one line and gunicorn exits with status 2). Command-line flags still override these.

- ``gthread`` workers with several threads each: a client that sends its request slowly (or
  keeps a connection open) holds one thread, not a whole worker, so a handful of slow clients
  cannot stall every worker as they do with the default ``sync`` workers. Behind a buffering
  proxy (nginx) this is belt and braces.
- ``preload_app``: the model is built once in the master and forked into the workers.
- Request line and header limits: the URL carries the view state, never more than a few KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard.config import load_settings  # after the path above

_settings = load_settings()

bind = [f"{_settings.host}:{_settings.port}"]
worker_class = "gthread"
workers = _settings.workers
threads = _settings.threads
preload_app = True
timeout = 120  # seconds a worker may go silent (a large reload or export) before it is replaced
graceful_timeout = 30
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
loglevel = "info"
# Client addresses as the proxy saw them only from a proxy on this machine.
forwarded_allow_ips = "127.0.0.1"
