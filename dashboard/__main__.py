"""``python -m dashboard …``: see :mod:`dashboard.cli`."""

from __future__ import annotations

from dashboard.cli import main

raise SystemExit(main())
