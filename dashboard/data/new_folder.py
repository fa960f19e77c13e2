"""Start a data folder from nothing: ``dataset.toml`` and the home institution's row.

The home is recognised in the Erasmus Charter list when its code is given (its name, city
and country then come from the list unless given), and placed by geocoding its city.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dashboard.data import schema
from dashboard.data.cells import parse_erasmus_code
from dashboard.data.dataset import check_folder
from dashboard.data.geocoding import lookup
from dashboard.data.import_apply import COLUMN_ORDER
from dashboard.data.matching import Reference, country_code, identify
from dashboard.data.problems import Report
from dashboard.data.regions import slugify


@dataclass(frozen=True)
class Home:
    """The home institution as given on the command line (blank = unknown)."""

    name: str
    country: str
    city: str = ""
    erasmus_code: str = ""


def home_files(
    home: Home, countries: dict[str, str], reference: Reference, today: str
) -> tuple[dict[str, str], Report]:
    """``dataset.toml`` and ``institutions.csv`` for a new folder, or the problems that prevent them."""
    report = Report()
    code = ""
    if home.erasmus_code:
        try:
            code = parse_erasmus_code(home.erasmus_code)
        except ValueError as exc:
            report.say("error", "--erasmus-code", exc, value=home.erasmus_code)
    country = country_code(home.country, countries) if home.country else ""
    found = identify(home.name, code, country, reference)
    holder = found.holder if found.how == "code" else None
    country = country or (holder.country if holder else "")
    if not country:
        report.say("error", "--country", "problem.new.country", value=home.country)
    name = home.name or (holder.name if holder else "")
    if not name:
        report.say("error", "--home", "problem.new.home_name")
    if not report.ok:
        return {}, report
    city = home.city or (holder.city if holder else "")
    place = lookup(city, country).place if city else None
    ident = slugify(name)[:40].rstrip("-") or "home"
    row = {
        "id": ident, "name": name, "kind": "university", "city": city, "country": country,
        "lat": f"{place.lat:.5f}" if place else "", "lon": f"{place.lon:.5f}" if place else "",
        "erasmus_code": code, "placed_by": ("code" if holder else "city") if place else "",
    }  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=COLUMN_ORDER[schema.INSTITUTIONS.file], lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerow(row)
    toml = f'home = "{ident}"\ntitle = {_toml_string(name + " — international network")}\nas_of = "{today}"\n'
    return {schema.SETTINGS_FILE: toml, schema.INSTITUTIONS.file: out.getvalue()}, report


def _toml_string(text: str) -> str:
    r"""A TOML basic string.

    Examples:
        >>> _toml_string('Say "hi"\\')
        '"Say \\"hi\\"\\\\"'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def init_folder(folder: Path, home: Home, countries: dict[str, str], reference: Reference) -> Report:
    """Create ``folder`` with its home row; refuse a folder that already holds files.

    The files are written into a temporary folder beside it, checked, and moved into place
    in one rename, so a failure leaves nothing behind.
    """
    report = Report()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        report.say("error", str(folder), "problem.new.not_empty")
        return report
    files, report = home_files(home, countries, reference, dt.date.today().isoformat())
    if not report.ok:
        return report
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        report = check_folder(tmp)
        if report.ok:
            if folder.exists():
                folder.rmdir()
            os.replace(tmp, folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return report
