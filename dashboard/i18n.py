"""UI text: one catalog per language in ``dashboard/locales/<lang>.json``.

``t(key, lang, **values)`` looks a key up, falls back to English and then to the key
itself (logging the miss), and fills ``{placeholders}``.
"""

from __future__ import annotations

import functools
import json
import logging

from dashboard.config import LOCALES_DIR

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
    """
    text = catalog(lang).get(key) or catalog(DEFAULT_LANG).get(key)
    if text is None:
        LOG.warning("missing UI text key %r", key)
        return key
    return text.format(**values) if values else text
