"""UI text: one catalog per language in ``dashboard/locales/<lang>.json``.

``t(key, lang, **values)`` looks a key up, falls back to English and then to the key
itself (logging the miss), and fills ``{placeholders}``. A placeholder may choose a word by
number: ``{count!p:country|countries}`` gives the first word when ``count`` is 1 and the
second otherwise, so a text reads "1 country" and "3 countries" from one key.
"""

from __future__ import annotations

import functools
import json
import logging
import string
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANG = "en"
LOG = logging.getLogger(__name__)


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """The key -> text mapping of one language (empty for an unknown language).

    A language's text may be split by feature: ``en.json`` plus ``en.<feature>.json``
    files are merged; a key defined twice is an error.
    """
    merged: dict[str, str] = {}
    for path in sorted(LOCALES_DIR.glob(f"{lang}.json")) + sorted(LOCALES_DIR.glob(f"{lang}.*.json")):
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        if clash := set(data) & set(merged):
            raise ValueError(f"{path.name} repeats UI text keys {sorted(clash)}")
        merged.update(data)
    return merged


class _Plural:
    """A number whose format spec ``one|other`` picks the word for it."""

    def __init__(self, number: object) -> None:
        self.number = number

    def __format__(self, spec: str) -> str:
        one, _, other = spec.partition("|")
        try:
            single = float(str(self.number).replace(",", "")) == 1
        except ValueError:
            single = False
        return one if single else other


class _Formatter(string.Formatter):
    """``str.format`` plus the ``!p`` conversion (:class:`_Plural`)."""

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion == "p":
            return _Plural(value)
        return super().convert_field(value, conversion)


_FORMATTER = _Formatter()


def languages() -> list[str]:
    """Languages with a catalog, English first."""
    found = sorted({p.name.split(".")[0] for p in LOCALES_DIR.glob("*.json")})
    return sorted(found, key=lambda code: code != DEFAULT_LANG)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Translate a key.

    Args:
        key: Catalog key such as ``"header.partners"``.
        lang: Language code.
        **values: Values for ``{placeholders}`` in the text.

    Returns:
        The text in ``lang``, else English, else the key itself.

    Examples:
        >>> t("details.distance", km=806, home="PoliMi")
        '806 km from PoliMi'
        >>> _FORMATTER.format("in {n} {n!p:country|countries}", n=1), _FORMATTER.format("{n!p:is|are}", n=3)
        ('in 1 country', 'are')
    """
    text = catalog(lang).get(key) or catalog(DEFAULT_LANG).get(key)
    if text is None:
        LOG.warning("missing UI text key %r", key)
        return key
    return _FORMATTER.format(text, **values) if values else text
