"""Feature commands for ``python -m dashboard``.

Each module here defines ``NAME`` (the sub-command), ``add_arguments(parser)`` and
``run(args) -> int``; :mod:`dashboard.cli` discovers them, so a feature adds a command
without touching the CLI's own code.
"""
