"""Identify an imported partner: by Erasmus code, then by name within its country.

The reference is the list of Erasmus Charter holders (``data/reference/eche_institutions.csv``,
built by ``scripts/build_eche_reference.py``). A code is compared with every space removed
(``I MILANO02`` = ``I\\u00a0 MILANO02`` = ``IMILANO02``). A name is compared within the
country after folding case, accents, punctuation and small words (``of``, ``di``, ``de``…),
exactly first and then with ``rapidfuzz``'s token-sort ratio: a name is accepted only when it
scores at least :data:`NAME_SCORE` and beats the runner-up by :data:`NAME_MARGIN`, so
*Universidad de Salamanca* is never taken for *Universidad Pontificia de Salamanca*.

Countries are read as ISO codes, the EU's ``EL``/``UK``, ISO alpha-3 codes, or names in
English, Italian, French, German or Spanish (Unicode CLDR names via ``babel``).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.cells import erasmus_key, normalise_erasmus_code
from dashboard.data.geocoding import normalize
from dashboard.data.problems import Message
from dashboard.data.regions import COUNTRY_ALIASES
from dashboard.i18n import DEFAULT_LANG

REFERENCE_FILE = DEFAULT_DATA_DIR / "reference" / "eche_institutions.csv"
NAME_SCORE = 90
NAME_MARGIN = 4
SUGGEST_SCORE = 75
_SMALL_WORDS = frozenset(
    "of the and for in at di del della dei degli delle e per de la las los el y en et des du le les "
    "der die das und fur zu von an im am".split()
)
LANGUAGES = ("en", "it", "fr", "de", "es")
_EXTRA_COUNTRY_NAMES = {
    "usa": "US",
    "u s a": "US",
    "united states of america": "US",
    "stati uniti d america": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "gran bretagna": "GB",
    "inghilterra": "GB",
    "holland": "NL",
    "olanda": "NL",
    "czech republic": "CZ",
    "repubblica ceca": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "south korea": "KR",
    "korea": "KR",
    "corea del sud": "KR",
    "russia": "RU",
    "macedonia": "MK",
    "north macedonia": "MK",
    "kosovo": "XK",
    "vatican": "VA",
}


@dataclass(frozen=True)
class Holder:
    """One Erasmus Charter holder: the facts the reference list gives."""

    erasmus_code: str
    name: str
    city: str
    country: str


@dataclass(frozen=True)
class Reference:
    """The reference list indexed for matching."""

    by_code: dict[str, Holder]
    by_country: dict[str, tuple[tuple[str, ...], tuple[Holder, ...]]]

    @property
    def size(self) -> int:
        """Number of holders."""
        return len(self.by_code)


def name_key(text: str) -> str:
    """A name folded for comparison: case, accents, punctuation and small words removed.

    Examples:
        >>> name_key("Universidad de Salamanca"), name_key("UNIVERSITÀ DEGLI STUDI DI MILANO")
        ('universidad salamanca', 'universita studi milano')
    """
    return " ".join(w for w in normalize(text).split() if w not in _SMALL_WORDS)


def build_reference(holders: list[Holder]) -> Reference:
    """Index holders by code key and by country (names folded once)."""
    by_code = {erasmus_key(h.erasmus_code): h for h in holders}
    grouped: dict[str, list[Holder]] = {}
    for holder in holders:
        grouped.setdefault(holder.country, []).append(holder)
    by_country = {
        country: (tuple(name_key(h.name) for h in members), tuple(members))
        for country, members in grouped.items()
    }
    return Reference(by_code, by_country)


@functools.cache
def load_reference(path: Path = REFERENCE_FILE) -> Reference:
    """The bundled Erasmus Charter holders list (read once per process, read-only after)."""
    with path.open(encoding="utf-8", newline="") as handle:
        holders = [
            Holder(normalise_erasmus_code(r["erasmus_code"]), r["name"], r["city"], r["country"])
            for r in csv.DictReader(handle)
        ]
    return build_reference(holders)


@dataclass(frozen=True)
class Identified:
    """How a row's partner was recognised in the reference list.

    Attributes:
        how: ``code``, ``name`` or ``""`` (not recognised).
        holder: The holder recognised, or ``None``.
        note: Why not, or a caveat (an unknown code, a near-miss name).
        suggestions: Names of near misses, best first (for a person to choose from).
    """

    how: str = ""
    holder: Holder | None = None
    note: str = ""
    suggestions: tuple[str, ...] = ()
    said: tuple[Message, ...] = ()

    @classmethod
    def of(
        cls, how: str = "", holder: Holder | None = None, *said: Message, suggestions: tuple[str, ...] = ()
    ) -> Identified:
        """What was recognised, with the caveats ``said`` (``note`` is their English text)."""
        note = "; ".join(m.text(DEFAULT_LANG) for m in said)
        return cls(how, holder, note, suggestions, said)


def identify(name: str, code: str, country: str, reference: Reference) -> Identified:
    """Recognise a partner by Erasmus code, else by name within ``country``.

    Args:
        name: The partner's name as written (may be blank).
        code: Its Erasmus code as written (may be blank).
        country: ISO alpha-2 code, or ``""`` when unknown.
        reference: The list to search.

    Returns:
        What was recognised and how; ``note`` in English, ``said`` as messages of the catalogs.
    """
    notes: list[Message] = []
    if code.strip():
        holder = reference.by_code.get(erasmus_key(code))
        if holder is not None:
            return Identified.of("code", holder)
        notes.append(Message.of("import.warning.code_unknown", code=normalise_erasmus_code(code)))
    if not name.strip() or country not in reference.by_country:
        return Identified.of("", None, *notes)
    keys, holders = reference.by_country[country]
    key = name_key(name)
    exact = [h for k, h in zip(keys, holders, strict=True) if k == key]
    if len(exact) == 1:
        return Identified.of("name", exact[0], *notes)
    if len(exact) > 1:
        codes = ", ".join(h.erasmus_code for h in exact)
        return Identified.of("", None, *notes, Message.of("import.warning.several_holders", codes=codes))
    found = process.extract(key, keys, scorer=fuzz.token_sort_ratio, limit=3)
    if not found:
        return Identified.of("", None, *notes)
    best_score, best_index = found[0][1], found[0][2]
    second = found[1][1] if len(found) > 1 else 0.0
    if best_score >= NAME_SCORE and best_score - second >= NAME_MARGIN:
        score = Message.of("import.warning.name_score", score=f"{best_score:.0f}")
        return Identified.of("name", holders[best_index], *notes, score)
    suggestions = tuple(holders[i].name for _, score, i in found if score >= SUGGEST_SCORE)
    return Identified.of("", None, *notes, suggestions=suggestions)


@functools.cache
def _country_names() -> dict[str, str]:
    """Folded country name (five languages, CLDR) -> ISO alpha-2."""
    from babel import Locale

    names: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(normalize(name), code)
    names.update(_EXTRA_COUNTRY_NAMES)
    return names


def country_code(text: str, known: dict[str, str]) -> str:
    """An ISO alpha-2 code for a country cell, or ``""`` when it names no known country.

    Args:
        text: ``ES``, ``EL``, ``ESP``, ``Spain``, ``Spagna``, ``Espagne``, ``Spanien``, ``España``…
        known: ISO alpha-2 -> ISO alpha-3 of the countries the data folder knows (regions.csv).

    Examples:
        >>> known = {"ES": "ESP", "GR": "GRC", "DE": "DEU", "GB": "GBR"}
        >>> [country_code(t, known) for t in ("es", "EL", "ESP", "Spagna", "Allemagne", "Regno Unito", "Atlantis")]
        ['ES', 'GR', 'ES', 'ES', 'DE', 'GB', '']
    """
    raw = text.strip()
    upper = raw.upper()
    if len(upper) == 2 and upper.isalpha():
        code = COUNTRY_ALIASES.get(upper, upper)
        return code if code in known else ""
    if len(upper) == 3 and upper.isalpha():
        for code, iso3 in known.items():
            if iso3 == upper:
                return code
    code = _country_names().get(normalize(raw), "")
    return code if code in known else ""
