"""Regenerate ``data/regions.csv`` from the UN M49 sub-regions in country_converter.

Run once when the mapping rule changes (``python scripts/build_regions.py``); the CSV
is data, meant to be edited by users afterwards. country_converter is a development
dependency only (requirements-dev.txt); the dashboard never imports it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import country_converter
import pandas as pd

# UN M49 sub-region -> dashboard region. The four seed regions come first.
M49_TO_REGION = {
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Eastern Europe": "Eastern Europe",
    "Northern America": "North America",
    "South-eastern Asia": "Southeast Asia",
    "Caribbean": "Latin America & Caribbean",
    "Central America": "Latin America & Caribbean",
    "South America": "Latin America & Caribbean",
    "Eastern Asia": "East Asia",
    "Southern Asia": "South Asia",
    "Central Asia": "Central Asia",
    "Western Asia": "Western Asia & North Africa",
    "Northern Africa": "Western Asia & North Africa",
    "Eastern Africa": "Sub-Saharan Africa",
    "Middle Africa": "Sub-Saharan Africa",
    "Southern Africa": "Sub-Saharan Africa",
    "Western Africa": "Sub-Saharan Africa",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Antarctica": "Antarctica",
}
# Deliberate departures from M49, each documented in data/README.md.
OVERRIDES = {"CY": "Europe"}  # EU member state and Erasmus country; M49 says Western Asia.


def main(out: Path) -> int:
    """Write the regions table to ``out``."""
    tsv = Path(country_converter.__file__).with_name("country_data.tsv")
    df = pd.read_csv(tsv, sep="\t", keep_default_na=False, dtype=str)
    # A few codes are stored as regexes of their aliases (``^GB$|^UK$``): keep the ISO one.
    for column in ("ISO2", "ISO3"):
        df[column] = df[column].str.extract(r"([A-Z]{2,3})", expand=False).fillna("")
    df = df[(df["ISO2"].str.len() == 2) & (df["obsolete"] == "") & (df["UNregion"] != "")]
    rows = []
    for rec in df.sort_values("ISO2").itertuples():
        region = OVERRIDES.get(rec.ISO2, M49_TO_REGION[rec.UNregion])
        rows.append([rec.ISO2, rec.ISO3, rec.name_short, rec.UNregion, region])
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["country", "iso3", "country_name", "un_subregion", "region"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/regions.csv")))
