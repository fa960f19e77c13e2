"""Load and validate a data folder at one boundary.

``load_dataset`` reads ``dataset.toml`` and the CSV tables, checks every cell, reference
and coordinate, geocodes rows without coordinates, and returns a :class:`Dataset` that the
rest of the program trusts. Every problem is reported with file, row, column, value and
what was expected; errors raise :class:`~dashboard.data.problems.DataError` carrying the report.
"""

from __future__ import annotations

import hashlib
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import geo, schema
from dashboard.data.cache import OFF, DiskCache
from dashboard.data.cells import check_id, is_web_url, parse_coordinate, parse_erasmus_code, parse_ror
from dashboard.data.files import read_data_file
from dashboard.data.geocode_cache import CachedLookups
from dashboard.data.problems import DataError, Message, Report, said, unreadable
from dashboard.data.published import PublishedTotal, read_coverage, read_published, read_texts
from dashboard.data.reading import Row, Table, read_csv, require_columns
from dashboard.data.regions import COUNTRY_ALIASES, canonical_country, slugify
from dashboard.data.relation_rows import check_agreements, check_consortia, check_memberships
from dashboard.data.source_checks import check_sources


@dataclass(frozen=True)
class Dataset:
    """A validated data folder, read-only after loading.

    Attributes:
        home: Id of the home institution.
        title: Title shown in the header.
        as_of: Date the dataset was compiled.
        institutions: GeoDataFrame indexed by id (EPSG:4326), with ``region`` and
            ``region_slug``, ``geocoded`` (bool) and empty geometry where unplaced.
        consortia: Indexed by id.
        memberships: One row per (consortium, institution) membership.
        agreements: One row per agreement between home and a partner.
        regions: Indexed by ISO alpha-2 country code.
        report: Warnings and notes found while loading.
        version: Hash of the files read; keys caches of derived data.
        data_dir: Where the files came from.
        coverage: ``dataset.toml``'s one sentence on how much of the network the data holds.
        published: The home's own published totals, to compare the data's counts with.
        texts: ``title`` and ``coverage`` in other languages, as ``(lang, name, text)``
            (``dataset.toml``'s ``[text.<lang>]`` tables); see :meth:`text`.
    """

    home: str
    title: str
    as_of: str
    institutions: gpd.GeoDataFrame
    consortia: pd.DataFrame
    memberships: pd.DataFrame
    agreements: pd.DataFrame
    regions: pd.DataFrame
    report: Report
    version: str
    data_dir: Path
    coverage: str = ""
    published: tuple[PublishedTotal, ...] = ()
    texts: tuple[tuple[str, str, str], ...] = ()

    def text(self, name: str, lang: str) -> str:
        """The dataset's ``title``, ``coverage`` or ``published.<total>`` label in a language, else
        as written in ``dataset.toml``."""
        found = next((text for code, key, text in self.texts if code == lang and key == name), "")
        if found or not name.startswith("published."):
            return found or str(getattr(self, name))
        return next((total.label for total in self.published if f"published.{total.key}" == name), "")

    @property
    def home_row(self) -> pd.Series:
        """The home institution's row."""
        return self.institutions.loc[self.home]


def load_dataset(data_dir: Path | str, *, cache: DiskCache = OFF) -> Dataset:
    """Read, validate and geocode a data folder.

    Args:
        data_dir: Folder with ``dataset.toml``, ``institutions.csv`` and the other tables.
        cache: Where geocoding answers and country polygons are kept between runs.

    Returns:
        The dataset (warnings are in ``dataset.report``).

    Raises:
        DataError: If any error was found; its ``report`` lists every problem.
    """
    report = Report()
    dataset = _load_reporting_os_errors(Path(data_dir), report, cache)
    if dataset is None or not report.ok:
        raise DataError(report)
    return dataset


def check_folder(data_dir: Path | str, *, cache: DiskCache = OFF) -> Report:
    """Validate a data folder and return the full report without raising."""
    report = Report()
    _load_reporting_os_errors(Path(data_dir), report, cache)
    return report


def _load_reporting_os_errors(data_dir: Path, report: Report, cache: DiskCache) -> Dataset | None:
    try:
        geocoder = CachedLookups(cache)
        found = _load(data_dir, report, _Places(geocoder, cache))
        geocoder.save()
        return found
    except OSError as exc:  # e.g. a folder that cannot be entered, a file changed between two reads
        path = Path(exc.filename) if exc.filename else data_dir
        report.say("error", path.name or str(path), unreadable(path, exc))
        return None


def _folder_problem(data_dir: Path) -> Message | None:
    """Why ``data_dir`` cannot be used as a data folder, or ``None`` when it is a folder."""
    try:
        mode = data_dir.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return Message.of("problem.folder.missing")
    except OSError as exc:
        return unreadable(data_dir, exc)
    if not stat.S_ISDIR(mode):
        return Message.of("problem.folder.not_folder")
    return None


@dataclass(frozen=True)
class _Places:
    """How rows get placed and checked: the (cached) gazetteer and the (cached) country polygons."""

    lookup: CachedLookups
    cache: DiskCache


def _load(data_dir: Path, report: Report, places: _Places) -> Dataset | None:
    if problem := _folder_problem(data_dir):
        report.say("error", str(data_dir.absolute()), problem)
        return None
    settings = _read_settings(data_dir, report)
    regions = _read_regions(data_dir, report)
    tables = {spec.file: _read_table(data_dir, spec, report) for spec in _TABLE_SPECS}
    institution_table = tables[schema.INSTITUTIONS.file]
    if regions is None or settings is None or institution_table is None:
        return None
    institutions = _institutions(institution_table, regions, report, places)
    home = str(settings.get("home", ""))
    if home not in institutions.index:
        if not any(row.get("id") == home for row in institution_table.rows):
            report.say("error", schema.SETTINGS_FILE, "problem.data.home_unknown", column="home", value=home)
        return None  # else the home row has errors of its own, already reported
    as_of = str(settings.get("as_of", ""))
    consortia = check_consortia(tables[schema.CONSORTIA.file], report, set(institutions.index))
    memberships = check_memberships(
        tables[schema.MEMBERSHIPS.file], set(consortia.index), set(institutions.index), report
    )
    agreements = check_agreements(
        tables[schema.AGREEMENTS.file], set(institutions.index), home, report, as_of=as_of
    )
    check_sources(memberships, agreements, data_dir, report)
    return Dataset(
        home=home,
        title=str(settings.get("title") or institutions.loc[home, "name"]),
        as_of=as_of,
        institutions=institutions,
        consortia=consortia,
        memberships=memberships,
        agreements=agreements,
        regions=regions,
        report=report,
        version=_version(data_dir) if report.ok else "",  # a refused folder is never used
        data_dir=data_dir,
        coverage=read_coverage(settings, report),
        published=read_published(settings, set(regions["region_slug"]), report),
        texts=read_texts(settings, report),
    )


_TABLE_SPECS = (schema.INSTITUTIONS, schema.CONSORTIA, schema.MEMBERSHIPS, schema.AGREEMENTS)


def _read_table(data_dir: Path, spec: schema.TableSpec, report: Report) -> Table | None:
    path = data_dir / spec.file
    if not path.exists():
        if spec.mandatory_file:
            report.say("error", spec.file, "problem.data.table_missing", folder=str(data_dir))
            return None
        report.say("info", spec.file, "problem.data.table_absent")
        return Table(spec.columns, [])
    table = read_csv(path, report, name=spec.file)
    if table is None or not require_columns(table, spec.required, spec.columns, spec.file, report):
        return None if spec.mandatory_file else Table(spec.columns, [])
    return table


def _read_settings(data_dir: Path, report: Report) -> dict[str, object] | None:
    path = data_dir / schema.SETTINGS_FILE
    try:
        settings = tomllib.loads(read_data_file(path, data_dir).decode("utf-8-sig"))
    except FileNotFoundError:
        report.say("error", schema.SETTINGS_FILE, "problem.data.settings_missing", folder=str(data_dir))
        return None
    except OSError as exc:
        report.say("error", schema.SETTINGS_FILE, unreadable(path, exc))
        return None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        report.say("error", schema.SETTINGS_FILE, "problem.data.settings_toml", reason=str(exc))
        return None
    if not isinstance(settings.get("home"), str) or not settings["home"]:
        report.say("error", schema.SETTINGS_FILE, "problem.data.settings_home", column="home")
        return None
    return settings


def _read_regions(data_dir: Path, report: Report) -> pd.DataFrame | None:
    path = data_dir / schema.REGIONS.file
    if not path.exists():
        report.say("info", schema.REGIONS.file, "problem.data.regions_default", folder=str(DEFAULT_DATA_DIR))
        path = DEFAULT_DATA_DIR / schema.REGIONS.file
    table = read_csv(path, report, name=schema.REGIONS.file)
    spec = schema.REGIONS
    if table is None or not require_columns(table, spec.required, spec.columns, spec.file, report):
        return None
    records: dict[str, dict[str, str]] = {}
    for row in table.rows:
        code = row.get("country").upper()
        if len(code) != 2 or not code.isalpha():
            report.say(
                "error", spec.file, "problem.data.country_code", row=row.number, column="country", value=code
            )
        elif code in records:
            report.say(
                "error", spec.file, "problem.data.country_twice", row=row.number, column="country", value=code
            )
        elif not row.get("region"):
            report.say("error", spec.file, "problem.data.country_region", row=row.number, column="region")
        else:
            records[code] = {
                "region": row.get("region"),
                "iso3": row.get("iso3").upper(),
                "country_name": row.get("country_name") or code,
            }
    frame = pd.DataFrame.from_dict(records, orient="index")
    frame.index.name = "country"
    frame["region_slug"] = frame["region"].map(slugify)
    return frame


def _institutions(table: Table, regions: pd.DataFrame, report: Report, places: _Places) -> gpd.GeoDataFrame:
    name = schema.INSTITUTIONS.file
    records: dict[str, dict[str, object]] = {}
    first_row: dict[str, int] = {}
    for row in table.rows:
        record = _institution(row, regions, report, places.lookup)
        if record is None:
            continue
        ident = str(record["id"])
        if ident in records:
            report.say(
                "error",
                name,
                "problem.data.duplicate_id",
                row=row.number,
                column="id",
                value=ident,
                first=first_row[ident],
            )
            continue
        records[ident] = record
        first_row[ident] = row.number
    columns = [
        "id",
        "name",
        "short_name",
        "kind",
        "city",
        "country",
        "lat",
        "lon",
        "website",
        "ror",
        "erasmus_code",
        "placed_by",
        "geocoded",
        "row",
    ]
    frame = pd.DataFrame(list(records.values()), columns=columns).set_index("id", drop=False)
    frame["region"] = frame["country"].map(regions["region"]).fillna("")
    frame["region_slug"] = frame["country"].map(regions["region_slug"]).fillna("")
    frame["country_name"] = frame["country"].map(regions["country_name"]).fillna(frame["country"])
    _check_inside_country(frame, regions, report, places.cache)
    return geo.to_geodataframe(frame)


def _institution(
    row: Row, regions: pd.DataFrame, report: Report, lookup: CachedLookups
) -> dict[str, object] | None:
    name = schema.INSTITUTIONS.file
    ok = True

    def bad(column: str, what: str | Message | ValueError, severity: str = "error", **values: object) -> None:
        """``what``: a catalog key filled with ``values``, a message, or a parse error."""
        nonlocal ok
        report.say(severity, name, what, row=row.number, column=column, value=row.get(column), **values)  # type: ignore[arg-type]
        ok = ok and severity != "error"

    try:
        ident = check_id(row.get("id"))
    except ValueError as exc:
        bad("id", exc if row.get("id") else "problem.data.id_missing")
        ident = ""
    if not row.get("name"):
        bad("name", "problem.data.name_missing")
    raw_country = row.get("country")
    country = canonical_country(raw_country)
    if raw_country.upper() in COUNTRY_ALIASES:
        bad("country", "problem.data.country_alias", "info", country=country)
    if country not in regions.index:
        bad("country", "problem.data.country_unknown")
    kind = row.get("kind").lower() or "university"
    if kind not in schema.INSTITUTION_KINDS:
        bad("kind", "problem.data.kind_unknown", "warning", kinds=", ".join(schema.INSTITUTION_KINDS))
        kind = "other"
    website = row.get("website")
    if website and not is_web_url(website):
        bad("website", "problem.data.website", "warning")
        website = ""
    ror = ""
    if row.get("ror"):
        try:
            ror = parse_ror(row.get("ror"))
        except ValueError as exc:
            bad("ror", exc, "warning")
    code = ""
    if row.get("erasmus_code"):
        try:
            code = parse_erasmus_code(row.get("erasmus_code"))
        except ValueError as exc:
            bad("erasmus_code", "problem.data.ignored", "warning", reason=said(exc))
    placed_by = row.get("placed_by").lower()
    if placed_by and placed_by not in schema.PLACED_BY:
        bad("placed_by", "problem.data.placed_by_unknown", "warning", values=", ".join(schema.PLACED_BY))
        placed_by = ""
    elif placed_by:
        bad("placed_by", f"problem.data.placed_by.{placed_by}", "info")
    lat, lon, geocoded = _coordinates(row, country, lookup, bad)
    if not ok:
        return None
    return {
        "id": ident,
        "name": row.get("name"),
        "short_name": row.get("short_name"),
        "kind": kind,
        "city": row.get("city"),
        "country": country,
        "lat": lat,
        "lon": lon,
        "website": website,
        "ror": ror,
        "erasmus_code": code,
        "placed_by": placed_by,
        "geocoded": geocoded,
        "row": row.number,
    }


def _coordinates(row: Row, country: str, lookup: CachedLookups, bad) -> tuple[float, float, bool]:  # type: ignore[no-untyped-def]
    lat_text, lon_text = row.get("lat"), row.get("lon")
    if lat_text or lon_text:
        if not (lat_text and lon_text):
            bad("lat" if not lat_text else "lon", "problem.data.lat_lon_pair")
            return float("nan"), float("nan"), False
        try:
            return parse_coordinate(lat_text, limit=90), parse_coordinate(lon_text, limit=180), False
        except ValueError as exc:
            column = "lat"
            try:
                parse_coordinate(lat_text, limit=90)
                column = "lon"
            except ValueError:
                pass
            bad(column, exc)
            return float("nan"), float("nan"), False
    found = lookup(row.get("city"), country)
    place = found.place
    if place is None:
        bad("city", "problem.data.city_not_found", "warning", country=country)
        return float("nan"), float("nan"), False
    bad("city", "problem.data.geocoded", "info", name=place.name, lat=place.lat, lon=place.lon)
    if found.ambiguous:
        bad("city", "problem.data.namesakes", "warning", namesakes=found.said())
    for district, parent in zip(found.districts, found.parents, strict=True):
        bad("city", "problem.data.district", "info", district=district.said(), parent=parent.name)
    return place.lat, place.lon, True


def _check_inside_country(
    frame: pd.DataFrame, regions: pd.DataFrame, report: Report, cache: DiskCache
) -> None:
    given = frame[~frame["geocoded"] & frame["lat"].notna()]
    if given.empty:
        return
    table = geo.countries(cache=cache)
    # Most points lie inside their country: one vectorised test clears them, and only the
    # rest (near a border, or wrong) get the slower distance check, row by row.
    suspects = given[~_covered_by_country(given, regions, table)]
    for rec in suspects.to_dict("records"):
        iso3 = str(regions["iso3"].get(rec["country"], ""))
        lat, lon = float(rec["lat"]), float(rec["lon"])
        km = geo.distance_to_country_km(lat, lon, iso3, table=table) if iso3 else None
        if km is not None and km > geo.NEAR_BORDER_KM:
            inside = geo.country_at(lat, lon, table=table)
            where = (
                Message.of("problem.data.inside", country=inside)
                if inside
                else Message.of("problem.data.nowhere")
            )
            report.say(
                "error",
                schema.INSTITUTIONS.file,
                "problem.data.outside_country",
                row=int(rec["row"]),
                column="lat, lon",
                value=f"{rec['lat']}, {rec['lon']}",
                km=round(km),
                country=rec["country"],
                where=where,
            )


def _covered_by_country(given: pd.DataFrame, regions: pd.DataFrame, table: gpd.GeoDataFrame) -> np.ndarray:
    """Per row: the point lies inside (or on the border of) its own country's polygon."""
    polygons = table.geometry
    iso3 = given["country"].map(regions["iso3"]).fillna("").astype(str)
    known = iso3.isin(polygons.index).to_numpy()
    shapes = polygons.reindex(iso3.where(known, polygons.index[0])).to_numpy()
    points = shapely.points(given["lon"].to_numpy(dtype=float), given["lat"].to_numpy(dtype=float))
    return known & shapely.covers(shapes, points)


def _version(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*")):
        if path.is_file() and path.suffix in {".csv", ".toml"}:
            digest.update(path.name.encode())
            digest.update(read_data_file(path, data_dir))
    return digest.hexdigest()[:16]
