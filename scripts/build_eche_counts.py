"""Count Erasmus Charter (ECHE 2021–2027) holders per country for the coverage indicator.

Reads the shared copy of the European Commission / EACEA list of ECHE holders and writes
only the counts per country (``data/reference/eche_counts.csv``), never the list itself,
plus ``data/reference/README.md`` with the attribution. EU country codes are resolved to
ISO 3166-1 alpha-2 (``EL`` -> ``GR``, ``UK`` -> ``GB``) and Réunion (``RE``) is counted with France.

``scripts/build_eche_reference.py`` writes these counts together with the holders list and one
README for both; run that one (this script's ``main`` does the same).

Usage::

    python scripts/build_eche_counts.py [SOURCE_CSV] [OUT_DIR]
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "eche-2021-2027" / "eche_holders_2021_2027.csv"
OUT_DIR = ROOT / "data" / "reference"
# Réunion's one holder is counted with France: an outermost region of France, Erasmus-wise French.
ALIASES = {"EL": "GR", "UK": "GB", "RE": "FR"}
COMMIT = "ece0d4f"

README = """# Reference data

## `eche_counts.csv`: Erasmus Charter for Higher Education holders per country

| column | meaning |
| --- | --- |
| `country` | ISO 3166-1 alpha-2 (the list's EU code `EL` is written `GR`; its one `RE` row, Réunion, is counted with `FR`) |
| `eche_holders` | higher-education institutions in that country holding an ECHE for 2021–2027 |

Total: {total:,} institutions in {countries} countries.

- **Source**: the European Commission / EACEA list of holders of the Erasmus Charter for Higher
  Education 2021–2027, as republished in the GitHub repository `amoraschi/ErasmusDB`, file
  `data/destinations.csv`, commit `{commit}` (2024-07-31).
- **Licence**: the repository has no licence file. The underlying list is a European Commission
  publication, generally reusable with attribution under Commission Decision 2011/833/EU; confirm
  the Commission's terms before redistributing it. This table keeps only per-country counts;
  the list itself, reduced to four columns, is `eche_institutions.csv` (below).
- **Built by** `scripts/build_eche_reference.py` with `scripts/build_eche_counts.py` (counts rows
  per country code; no de-duplication).
- **Caveats**: the list is a snapshot of 2024. ECHE holders are every kind of higher-education
  institution (universities, universities of applied sciences, art schools and, in Spain and
  France especially, many vocational colleges offering short-cycle degrees), so a country's
  count is a denominator of *eligible Erasmus partners*, not of peer technical universities.
  The dashboard uses it as a coverage indicator ("how much of the country's Erasmus-eligible
  higher education do we reach"), never as a target.
"""


def count_holders(source: Path) -> Counter[str]:
    """ECHE holders per ISO country code.

    Args:
        source: The ECHE holders CSV (column ``country``).

    Returns:
        Country code -> number of rows.
    """
    with source.open(encoding="utf-8", newline="") as handle:
        codes = (row["country"].strip().upper() for row in csv.DictReader(handle))
        return Counter(ALIASES.get(code, code) for code in codes if code)


def main(argv: list[str]) -> int:
    """Build every ECHE reference file (see ``build_eche_reference.py``); return the exit status."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the project's root
    from scripts import build_eche_reference

    return build_eche_reference.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
