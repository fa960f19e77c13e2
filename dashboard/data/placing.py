"""Place a plain list of institutions (name, city, country) with the offline gazetteer.

For importing lists exported from mobility systems, such as the Erasmus charter holders:
every row is accounted for, placed or not, with the reason it was not.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.files import write_atomic
from dashboard.data.geocoding import geocode
from dashboard.data.problems import Report
from dashboard.data.reading import read_csv
from dashboard.data.regions import COUNTRY_ALIASES, canonical_country
from dashboard.i18n import DEFAULT_LANG, t

# Why a row was not placed: reason key -> its text (``problem.place.<key>`` in the catalogs),
# in English for the written list and the command line.
REASON_KEYS = ("no_city", "bad_country", "lost_characters", "not_found")
REASONS = {key: t(f"problem.place.{key}") for key in REASON_KEYS}


@dataclass
class Placement:
    """The outcome for a whole list.

    Attributes:
        rows: Data rows read.
        placed: Rows given coordinates.
        aliases: Rows whose country was an EU alias (``EL``, ``UK``).
        unplaced: Reason key -> count.
        records: One dict per row: the row's cells plus ``lat``, ``lon``, ``placed_as``, ``reason``.
    """

    rows: int = 0
    placed: int = 0
    aliases: int = 0
    unplaced: Counter[str] = field(default_factory=Counter)
    records: list[dict[str, object]] = field(default_factory=list)

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        """Plain-text summary in ``lang``: how many placed, and why the rest are not.

        Examples:
            >>> print(Placement(rows=1234, placed=1000, unplaced=Counter(not_found=234)).summary("it"))
            1.234 righe: collocate 1.000 (81,0%), non collocate 234
            0 righe usavano i codici paese UE EL/UK (letti come GR/GB)
                234 la città non è nel gazetteer per quel paese
        """
        share = round(100.0 * self.placed / self.rows, 1) if self.rows else 0.0
        lines = [
            t(
                "problem.place.summary",
                lang,
                count=self.rows,
                placed=self.placed,
                share=share,
                rest=self.rows - self.placed,
            ),
            t("problem.place.aliases", lang, count=self.aliases),
        ]
        lines += [
            f"  {count:5d} {t(f'problem.place.{key}', lang)}" for key, count in self.unplaced.most_common()
        ]
        return "\n".join(lines)


def _reason(city: str, country: str, known: set[str]) -> str:
    if not city.strip():
        return "no_city"
    if country not in known:
        return "bad_country"
    return "lost_characters" if "?" in city else "not_found"


def place_list(path: Path, known_countries: set[str], report: Report) -> Placement | None:
    """Geocode every row of a CSV with ``name``, ``city`` and ``country`` columns.

    Returns:
        The placement, or ``None`` when the file cannot be read (see ``report``).
    """
    table = read_csv(path, report)
    if table is None:
        return None
    missing = [c for c in ("name", "city", "country") if c not in table.header]
    if missing:
        report.say("error", path.name, "problem.place.columns", row=1, missing=str(missing))
        return None
    result = Placement()
    for row in table.rows:
        result.rows += 1
        raw = row.get("country")
        country = canonical_country(raw)
        result.aliases += raw.upper() in COUNTRY_ALIASES
        place = geocode(row.get("city"), country) if country in known_countries else None
        record: dict[str, object] = {
            **row.cells,
            "row": row.number,
            "lat": "",
            "lon": "",
            "placed_as": "",
            "reason": "",
        }
        if place:
            result.placed += 1
            record.update(lat=place.lat, lon=place.lon, placed_as=f"{place.name}, {place.country}")
        else:
            key = _reason(row.get("city"), country, known_countries)
            result.unplaced[key] += 1
            record["reason"] = REASONS[key]
        result.records.append(record)
    return result


def write_placement(result: Placement, out: Path) -> Path:
    """Write every row with its coordinates or its reason, atomically."""
    columns = list(dict.fromkeys(k for record in result.records for k in record))

    def write(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(result.records)

    return write_atomic(out, write)
