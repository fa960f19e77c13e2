"""Command line: ``python -m dashboard check|export-geo`` and the ``app.py`` runner."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

from dash import Dash

from dashboard.config import DEFAULT_DATA_DIR, Settings, load_settings
from dashboard.data.cache import cache_for
from dashboard.data.dataset import check_folder, load_dataset
from dashboard.data.problems import DataError
from dashboard.i18n import languages, t


def _settings_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="app.py", description="Run the international-network dashboard.")
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1; DASHBOARD_HOST)")
    parser.add_argument("--port", type=int, help="port (default 8050; DASHBOARD_PORT)")
    parser.add_argument("--data", type=Path, help="data folder (default data/; DASHBOARD_DATA)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode: never on a shared server")
    return parser


def settings_from_args(argv: list[str] | None = None) -> Settings:
    """Environment settings overridden by command-line flags."""
    args = _settings_parser().parse_args(argv)
    settings = load_settings()
    changes = {k: v for k, v in {"host": args.host, "port": args.port, "data_dir": args.data}.items() if v}
    if args.debug:
        changes["debug"] = True
    return dataclasses.replace(settings, **changes)


def serve_main(argv: list[str] | None = None) -> int:
    """Start the development server; print the data report and return 1 on bad data."""
    from dashboard import create_app

    settings = settings_from_args(argv)
    try:
        app = create_app(settings)
    except DataError as exc:
        print(
            f"Cannot start the dashboard (data folder {settings.data_dir}):\n{exc.report.render()}",
            file=sys.stderr,
        )
        return 1
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0


def wsgi_app() -> Dash:
    """The app for ``gunicorn app:server``; exits with the data report on bad data."""
    from dashboard import create_app

    settings = load_settings()
    try:
        return create_app(settings)
    except DataError as exc:
        print(
            f"Cannot start the dashboard (data folder {settings.data_dir}):\n{exc.report.render()}",
            file=sys.stderr,
        )
        raise SystemExit(1) from None


def _feature_commands() -> list[ModuleType]:
    """Modules of :mod:`dashboard.commands`, in name order."""
    import dashboard.commands as package

    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"dashboard.commands.{name}") for name in names]


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The URL's filters as flags (``--region southeast-asia`` …) plus ``--data`` and ``--lang``."""
    parser.add_argument(
        "--data", type=Path, default=None, help="data folder (default: DASHBOARD_DATA or data/)"
    )
    parser.add_argument(
        "--lang",
        choices=languages(),
        default=None,
        help="language of the text (default: DASHBOARD_LANG or en)",
    )
    for name, what in (
        ("region", "region slugs"),
        ("country", "ISO alpha-2 codes"),
        ("type", "relation types"),
        ("consortium", "consortium ids"),
        ("status", "agreement statuses (active, planned, ended, suspended)"),
        ("years", "e.g. 2010-2024"),
        ("q", "name search"),
        ("focus", "institution id"),
    ):
        parser.add_argument(f"--{name}", default="", help=f"{what}, comma-separated, as in the URL")
    parser.add_argument(
        "--comembers",
        action="store_true",
        help="also draw the partners linked only through a shared consortium (hidden by default)",
    )


def filter_query(args: argparse.Namespace) -> str:
    """The URL query string that the filter flags stand for."""
    from urllib.parse import urlencode

    names = ("region", "country", "type", "consortium", "status", "years", "q", "focus")
    pairs = {n: getattr(args, n) for n in names if getattr(args, n, "")}
    if getattr(args, "comembers", False):
        pairs["comembers"] = "show"
    return "?" + urlencode(pairs, safe=",")


def main(argv: list[str] | None = None) -> int:
    """``python -m dashboard``: data checks, exports and reports."""
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a data folder; exit 1 on errors")
    check.add_argument("data_dir", nargs="?", type=Path, default=None)
    check.add_argument("-v", "--verbose", action="store_true", help="also list notes (e.g. geocoded rows)")
    check.add_argument(
        "--lang",
        choices=languages(),
        default=None,
        help="language of the report (default: DASHBOARD_LANG or en)",
    )
    geo = sub.add_parser("export-geo", help="write the network as GeoJSON and GeoPackage into a folder")
    geo.add_argument("out", type=Path)
    geo.add_argument("--data", type=Path, default=None)
    runners = {}
    for module in _feature_commands():
        module.add_arguments(sub.add_parser(module.NAME, help=(module.__doc__ or "").strip().splitlines()[0]))
        runners[module.NAME] = module.run
    args = parser.parse_args(argv)
    if args.command == "check":
        settings = load_settings()
        return _check(
            args.data_dir or settings.data_dir, verbose=args.verbose, lang=args.lang or settings.default_lang
        )
    if args.command == "export-geo":
        return _export_geo(args.data or load_settings().data_dir, args.out)
    return int(runners[args.command](args))


def _check(data_dir: Path, *, verbose: bool, lang: str) -> int:
    from dashboard.web.assets_check import check_assets

    report = check_assets()
    if report.ok:
        report = check_folder(data_dir, cache=cache_for(data_dir=data_dir))
    print(t("problem.checked", lang, folder=str(data_dir)))
    print(report.render(verbose=verbose, lang=lang))
    return 0 if report.ok else 1


def _export_geo(data_dir: Path, out: Path) -> int:
    from dashboard.outputs.gis import export_network

    try:
        ds = load_dataset(data_dir, cache=cache_for(data_dir=data_dir))
    except DataError as exc:
        print(exc.report.render(), file=sys.stderr)
        return 1
    for path in export_network(ds, out):
        print(f"wrote {path}")
    return 0


__all__ = ["DEFAULT_DATA_DIR", "main", "serve_main", "wsgi_app"]
