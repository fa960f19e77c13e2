"""List the kept versions of a data folder, or restore one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.data.history import HISTORY_DIR, list_versions, restore

NAME = "history"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``DIR [--restore VERSION]``."""
    parser.add_argument("data_dir", type=Path, help="the data folder")
    parser.add_argument(
        "--restore", metavar="VERSION", help="bring back this version (the current files are kept too)"
    )


def run(args: argparse.Namespace) -> int:
    """Print the versions, newest first; with --restore, restore one. Exit 1 when there is no such version."""
    if args.restore:
        try:
            found, kept = restore(args.data_dir, args.restore)
        except LookupError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except OSError as exc:
            print(
                f"cannot restore into {args.data_dir}: {exc.strerror or exc}; nothing changed",
                file=sys.stderr,
            )
            return 1
        print(f"Restored version {found.id} ({found.reason}); the files it replaced are version {kept.id}")
        return 0
    versions = list_versions(args.data_dir)
    if not versions:
        print(f"No kept versions in {args.data_dir / HISTORY_DIR}")
        return 0
    print(
        f"{len(versions)} kept version(s) of {args.data_dir}, newest first (each holds the files as they were before):"
    )
    for version in versions:
        print(f"  {version.id}  {version.created}  before: {version.reason}  ({', '.join(version.files)})")
    print(f"Restore one with: python -m dashboard history {args.data_dir} --restore VERSION")
    return 0
