"""Countries -> dashboard regions, region slugs and the order regions are shown in."""

from __future__ import annotations

import re
import unicodedata

# The seed regions come first, in this order, wherever regions are listed.
SEED_REGIONS = ("Europe", "Eastern Europe", "North America", "Southeast Asia")
# EU/Erasmus codes that are not ISO 3166-1 alpha-2.
COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}


def slugify(text: str) -> str:
    """URL slug of a region or other label.

    Args:
        text: Any label.

    Returns:
        Lower-case ASCII words joined by hyphens.

    Examples:
        >>> slugify("Southeast Asia")
        'southeast-asia'
        >>> slugify("Latin America & Caribbean")
        'latin-america-caribbean'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def ordered_regions(regions: list[str] | set[str]) -> list[str]:
    """Seed regions first (in seed order), then the others alphabetically.

    Examples:
        >>> ordered_regions({"Oceania", "North America", "Europe", "East Asia"})
        ['Europe', 'North America', 'East Asia', 'Oceania']
    """
    present = set(regions)
    seeds = [r for r in SEED_REGIONS if r in present]
    return seeds + sorted(present - set(SEED_REGIONS))


def canonical_country(code: str) -> str:
    """Upper-case a country code and resolve the EU aliases ``EL`` and ``UK``.

    Examples:
        >>> canonical_country(" el ")
        'GR'
        >>> canonical_country("it")
        'IT'
    """
    code = code.strip().upper()
    return COUNTRY_ALIASES.get(code, code)
