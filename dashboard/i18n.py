"""UI text: one catalog per language in ``dashboard/locales/<lang>.json``, formatted with Babel.

``t(key, lang, **values)`` looks a key up, falls back to English and then to the key
itself (logging the miss), and fills ``{placeholders}``. A catalog value is a string, or,
for a text that depends on a number, an object of CLDR plural forms chosen by the value
of ``count`` under the language's rules (English ``one``/``other``, Italian
``one``/``many``/``other``)::

    "map.unplaced": {"one": "1 partner shown has no coordinates…",
                     "other": "{count} partners shown have no coordinates…"}

Numbers in placeholders are written the language's way (Babel, CLDR): ``{count}`` gives
"1,234" in English and "1.234" in Italian, ``{share:.1f}`` one decimal ("12,5"), and
``{year:d}`` digits only (years and other numbers that are names, not quantities).
:func:`format_number` and :func:`format_date` do the same outside sentences, and
:func:`term` names a value of a data vocabulary (a region, a relation type, a kind).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import numbers
import re
import string
import unicodedata
from collections.abc import Callable

from babel.core import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from dashboard.config import LOCALES_DIR

DEFAULT_LANG = "en"
LOG = logging.getLogger(__name__)
# The plural object's number: every text with plural forms takes it as ``count``.
PLURAL_BY = "count"
Text = str | dict[str, str]


@functools.cache
def catalog(lang: str) -> dict[str, Text]:
    """The key -> text mapping of one language (empty for an unknown language).

    A language's text may be split by feature: ``en.json`` plus ``en.<feature>.json``
    files are merged; a key defined twice is an error.
    """
    merged: dict[str, Text] = {}
    for path in sorted(LOCALES_DIR.glob(f"{lang}.json")) + sorted(LOCALES_DIR.glob(f"{lang}.*.json")):
        data: dict[str, Text] = json.loads(path.read_text(encoding="utf-8"))
        if clash := set(data) & set(merged):
            raise ValueError(f"{path.name} repeats UI text keys {sorted(clash)}")
        merged.update(data)
    return merged


def languages() -> list[str]:
    """Languages with a catalog, English first."""
    found = sorted({p.name.split(".")[0] for p in LOCALES_DIR.glob("*.json")})
    return sorted(found, key=lambda code: code != DEFAULT_LANG)


@functools.cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, TypeError, LookupError):
        return Locale.parse(DEFAULT_LANG)


def plural_forms(lang: str) -> frozenset[str]:
    """The CLDR plural categories a language's texts need (always with ``other``).

    Examples:
        >>> sorted(plural_forms("en")), sorted(plural_forms("it"))
        (['one', 'other'], ['many', 'one', 'other'])
    """
    return frozenset(_locale(lang).plural_form.tags | {"other"})


def plural_category(number: object, lang: str) -> str:
    """The CLDR plural category of a number in a language.

    Examples:
        >>> plural_category(1, "it"), plural_category(3, "it"), plural_category(1_000_000, "it")
        ('one', 'other', 'many')
    """
    try:
        value = float(str(number).replace(",", ""))
    except ValueError:
        return "other"
    return str(_locale(lang).plural_form(int(value) if value.is_integer() else value))


def format_number(value: object, lang: str = DEFAULT_LANG, *, decimals: int | None = None) -> str:
    """A number written the language's way: grouped thousands, its decimal mark.

    Args:
        value: An int or float (numpy numbers too); anything else is returned as text.
        lang: Language code.
        decimals: Exactly this many decimals; by default as many as needed, at most three.

    Returns:
        The number as text.

    Examples:
        >>> format_number(1234, "it"), format_number(1234, "en"), format_number(12.5, "it", decimals=1)
        ('1.234', '1,234', '12,5')
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return str(value)
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=_locale(lang)))  # type: ignore[arg-type]


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def format_date(value: object, lang: str = DEFAULT_LANG) -> str:
    """A date in words: "2 December 2026" / "2 dicembre 2026"; a month or a year alone as such.

    Args:
        value: A ``date``/``datetime`` or an ISO text (``2026-12-02``, ``2026-12``, ``2026``,
            a timestamp); anything else is returned unchanged.
        lang: Language code.

    Returns:
        The date as text.

    Examples:
        >>> format_date("2026-12-02", "it"), format_date("2026-12-02", "en")
        ('2 dicembre 2026', 'December 2, 2026')
        >>> format_date("2026-11", "it"), format_date("2026", "it"), format_date("n/a", "it")
        ('novembre 2026', '2026', 'n/a')
    """
    locale = _locale(lang)
    if isinstance(value, dt.date):
        return str(_babel_date(value, "long", locale=locale))
    match = _ISO_DATE.match(str(value).strip())
    if not match:
        return str(value)
    year, month, day = match.groups()
    try:
        if day:
            return str(_babel_date(dt.date(int(year), int(month), int(day)), "long", locale=locale))
        if month:
            return str(_babel_date(dt.date(int(year), int(month), 1), "LLLL y", locale=locale))
    except ValueError:
        return str(value)
    return year


def term_key(kind: str, value: str) -> str:
    """The catalog key of a value of a data vocabulary (see :func:`term`).

    Examples:
        >>> term_key("region", "Latin America & Caribbean")
        'region.latin_america_caribbean'
    """
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return f"{kind}.{re.sub(r'[^a-z0-9]+', '_', ascii_text.lower()).strip('_')}"


def term_with(kind: str, value: object, tr: Callable[..., str]) -> str:
    """:func:`term` through a translation function (``tr(key)``, a language already chosen).

    Examples:
        >>> term_with("region", "East Asia", lambda key: t(key, "it")), term_with("region", "Atlantis", t)
        ('Asia orientale', 'Atlantis')
    """
    key = term_key(kind, str(value))
    return tr(key) if key in catalog(DEFAULT_LANG) else str(value)


def term(kind: str, value: object, lang: str = DEFAULT_LANG) -> str:
    """The name of a value of a data vocabulary in a language, else the value itself.

    ``kind`` is the vocabulary: ``region`` (the data's region names), ``type`` (relation
    types), ``kind`` (institution kinds), ``consortium_kind``, ``role`` or ``status``.

    Examples:
        >>> term("region", "Latin America & Caribbean", "it"), term("region", "Atlantis", "it")
        ('America Latina e Caraibi', 'Atlantis')
        >>> term("kind", "research_institute", "it")
        'istituto di ricerca'
    """
    text = str(value)
    if not text:
        return text
    key = term_key(kind, text)
    found = catalog(lang).get(key) or catalog(DEFAULT_LANG).get(key)
    return found if isinstance(found, str) else text.replace("_", " ")


def country_name(code: object, lang: str = DEFAULT_LANG, default: object = "") -> str:
    """A country's name in a language: CLDR's (Babel) for a language other than English, else
    ``default`` (the data's own name), else the code.

    Examples:
        >>> country_name("DE", "it", "Germany"), country_name("DE", "en", "Germany"), country_name("XK", "it")
        ('Germania', 'Germany', 'Kosovo')
    """
    text = str(code or "").upper()
    if lang != DEFAULT_LANG and (found := _locale(lang).territories.get(text)):
        return str(found)
    return str(default or text)


class _Value:
    """A placeholder's value, formatted the language's way (numbers through Babel)."""

    def __init__(self, value: object, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            return format(str(value), spec) if spec and spec[-1] not in "dfn," else str(value)
        if spec == "d":
            return str(int(value))  # type: ignore[call-overload]
        if spec.endswith("f"):
            return format_number(value, self.lang, decimals=int(spec.rstrip("f").lstrip(".") or 0))
        return format_number(value, self.lang)


class _OldPlural:
    """``{n!p:one|other}``, the catalogs' former plural syntax: still read (CLDR ``one`` or not),
    so a text written that way shows words rather than failing; the catalog test asks for plural
    objects instead."""

    def __init__(self, value: object, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        one, _, other = spec.partition("|")
        return one if plural_category(self.value, self.lang) == "one" else other


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion == "p":
            return _OldPlural(value, self.lang)
        return super().convert_field(value, conversion)

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, _OldPlural):
            return format(value, format_spec)
        return format(_Value(value, self.lang), format_spec.lstrip(","))


def text_of(entry: Text, lang: str, count: object = None) -> str:
    """The string of a catalog entry: itself, or its plural form for ``count``."""
    if isinstance(entry, str):
        return entry
    return entry.get(plural_category(count, lang)) or entry["other"]


# Italian joins a preposition or article to the word after it: "al 25 novembre" but "all'11
# luglio", "ad aprile 2005", "l'8%". Catalog texts write the plain form before a placeholder
# ("aggiornato al {date}"); :func:`_italian_joins` fits it to the value put there.
_JOINED = re.compile(r"\b(al|il|dal|del|nel) \{(\w+)\}")
_BEFORE_VOWEL = {"al": "all'", "il": "l'", "dal": "dall'", "del": "dell'", "nel": "nell'"}
_BEFORE_MONTH = {"al": "a ", "dal": "da ", "del": "di "}
_MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
              "settembre", "ottobre", "novembre", "dicembre")  # fmt: skip


def _read_with_vowel(text: str) -> bool:
    """Whether an Italian number is read starting with a vowel (otto…, undici, l'1%)."""
    found = re.match(r"(\d[\d.]*)(,\d+)?(\s?%)?", text)
    if not found:
        return False
    whole = found.group(1).replace(".", "")
    return (
        whole.startswith("8")
        or (whole.startswith("11") and len(whole) in (2, 5))
        or (whole == "1" and bool(found.group(3)))
    )


def _italian_joins(text: str, values: dict[str, object]) -> str:
    """An Italian catalog text with each "al {x}", "il {x}", "dal {x}"… fitted to the value of x.

    Examples:
        >>> v = {"a": "11 luglio 2011", "b": "aprile 2005", "c": "25 novembre 2026", "d": "8%", "e": "maggio 2020"}
        >>> _italian_joins("al {a}; al {b}; al {c}; il {d}; dal {e}", v)
        "all'{a}; ad {b}; al {c}; l'{d}; da {e}"
    """

    def fit(match: re.Match[str]) -> str:
        word, name = match.group(1), match.group(2)
        value = str(values.get(name, "")).strip()
        first = value.split(" ", 1)[0].casefold()
        if _read_with_vowel(value):
            return f"{_BEFORE_VOWEL[word]}{{{name}}}"
        if first in _MONTHS_IT and word in _BEFORE_MONTH:
            join = "ad " if word == "al" and first[0] in "aeiou" else _BEFORE_MONTH[word]
            return f"{join}{{{name}}}"
        return match.group(0)

    return _JOINED.sub(fit, text)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Translate a key.

    Args:
        key: Catalog key such as ``"header.partners"``.
        lang: Language code.
        **values: Values for ``{placeholders}`` in the text; ``count`` also picks the plural
            form of a text that has them.

    Returns:
        The text in ``lang``, else English, else the key itself.

    Examples:
        >>> t("details.distance", km=1806, home="PoliMi"), t("details.distance", "it", km=1806, home="PoliMi")
        ('1,806 km from PoliMi', '1.806 km da PoliMi')
        >>> t("map.unplaced", count=1), t("map.unplaced", "it", count=2)[:31]
        ('1 partner shown has no coordinates and is not on the map (see the table).', '2 partner mostrati non hanno co')
    """
    entry = catalog(lang).get(key) or catalog(DEFAULT_LANG).get(key)
    if entry is None:
        LOG.warning("missing UI text key %r", key)
        return key
    found = lang if key in catalog(lang) else DEFAULT_LANG
    text = text_of(entry, found, values.get(PLURAL_BY))
    if found == "it" and values:
        text = _italian_joins(text, values)
    return _Formatter(found).format(text, **values) if values else text
