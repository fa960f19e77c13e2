"""Build the Erasmus Charter (ECHE 2021–2027) reference data: the holders list and counts per country.

Reads the shared copy of the European Commission / EACEA list of ECHE holders and writes

- ``data/reference/eche_institutions.csv``: one row per holder with its Erasmus code, name,
  city and country only (the importer matches agreement rows to it by Erasmus code, then
  by name within the country);
- ``data/reference/eche_counts.csv``: holders per country (the coverage indicator);
- ``data/reference/README.md``: both files' columns and the attribution.

Erasmus codes are written with irregular spaces upstream (``I\\u00a0 MILANO02``, with a
no-break space): they are normalised to the country prefix, one space, the rest, upper
case (``I MILANO02``). EU country codes are resolved to ISO 3166-1 alpha-2 (``EL`` ->
``GR``, ``UK`` -> ``GB``). Names and cities are kept as published (only outer spaces
trimmed): the list is a source, not something to correct.

Usage::

    python scripts/build_eche_reference.py [SOURCE_CSV] [OUT_DIR]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

# Run as a file (python scripts/build_eche_reference.py): the repository root on the path, so
# the sibling script is imported as part of the project's ``scripts`` package, not as a library.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.build_eche_counts import COMMIT, README, SOURCE, count_holders

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "reference"
ISO = {"EL": "GR", "UK": "GB"}
COLUMNS = ("erasmus_code", "name", "city", "country")

SECTION = """
## `eche_institutions.csv`: the Erasmus Charter holders, for matching imported agreements

| column | meaning |
| --- | --- |
| `erasmus_code` | Erasmus institutional code, normalised: country prefix, one space, the rest, upper case (the source writes `I\\u00a0 MILANO02` with a no-break space; here `I MILANO02`) |
| `name` | legal name as published (often in capitals) |
| `city` | city as published (postal suffixes such as `CEDEX` and districts such as `PRAHA 1` kept) |
| `country` | ISO 3166-1 alpha-2 (`EL` is written `GR`; `RE`, Réunion, is kept) |

{rows:,} institutions. `python -m dashboard import` matches an agreement row to this list by
Erasmus code first, then by name within the country, and places it by geocoding the city.

- **Source and licence**: as above: "List of ECHE holders 2021–2027, European Commission /
  EACEA, via amoraschi/ErasmusDB (commit `{commit}`)". Commission Decision 2011/833/EU authorises
  reuse of Commission documents with acknowledgement of the source, and decision C(2019) 1655
  adopts CC BY 4.0 for the Commission's content; this attribution must stay with the file.
- **Built by** `scripts/build_eche_reference.py`: keeps four of the list's twelve columns (no
  street, postcode, PIC, OID, website or charter dates), normalises the codes' spaces, trims
  outer spaces; no de-duplication, no spelling changes, no coordinates (the source has none).
"""


def normalise_code(text: str) -> str:
    """Erasmus code with one space between country prefix and the rest, upper case.

    Examples:
        >>> normalise_code("I\\u00a0 MILANO02")
        'I MILANO02'
        >>> normalise_code("  e  madrid03 ")
        'E MADRID03'
    """
    return " ".join(text.replace("\u00a0", " ").upper().split())


def institutions(source: Path) -> list[dict[str, str]]:
    """The holders' rows reduced to :data:`COLUMNS`, sorted by code."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [
            {
                "erasmus_code": normalise_code(row["erasmus_code"]),
                "name": " ".join(row["name"].split()),
                "city": " ".join(row["city"].split()),
                "country": ISO.get(row["country"].strip().upper(), row["country"].strip().upper()),
            }
            for row in csv.DictReader(handle)
        ]
    return sorted(rows, key=lambda r: r["erasmus_code"])


def main(argv: list[str]) -> int:
    """Write both reference files and their README; return the exit status."""
    source = Path(argv[0]) if argv else SOURCE
    out_dir = Path(argv[1]) if len(argv) > 1 else OUT_DIR
    if not source.is_file():
        print(f"ECHE list not found: {source}", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = institutions(source)
    with (out_dir / "eche_institutions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = count_holders(source)
    with (out_dir / "eche_counts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer_ = csv.writer(handle, lineterminator="\n")
        writer_.writerow(["country", "eche_holders"])
        for code in sorted(counts):
            writer_.writerow([code, counts[code]])
    text = README.format(total=sum(counts.values()), countries=len(counts), commit=COMMIT)
    text += SECTION.format(rows=len(rows), commit=COMMIT)
    (out_dir / "README.md").write_text(text, encoding="utf-8")
    print(f"wrote {out_dir / 'eche_institutions.csv'} ({len(rows)} institutions) and eche_counts.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
