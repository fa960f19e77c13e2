"""Colours, dashes and symbols: colour-blind-safe and distinguishable in greyscale.

The palette is Okabe & Ito's (2008) eight colours, safe for the common forms of colour
blindness. Each relation type also has its own line dash and marker symbol, so the map
still reads when printed in black and white.
"""

from __future__ import annotations

from babel.core import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from dashboard.data.regions import SEED_REGIONS, ordered_regions
from dashboard.data.schema import RELATION_REGISTRY

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
HOME_COLOUR = "#B2182B"
MUTED = "#8C8C8C"

# Line and marker style of each relation type, from the one registry (dashboard.data.schema).
TYPE_STYLE: dict[str, dict[str, str]] = {
    r.name: {"colour": r.colour, "dash": r.dash, "symbol": r.symbol} for r in RELATION_REGISTRY
}


def region_colours(regions: list[str] | set[str]) -> dict[str, str]:
    """A stable colour per region: seed regions get the first four palette colours.

    Examples:
        >>> region_colours({"Europe", "Southeast Asia"})["Southeast Asia"]
        '#CC79A7'
    """
    ordered = ordered_regions(set(regions) | set(SEED_REGIONS))
    colours = {}
    for index, region in enumerate(ordered):
        colours[region] = OKABE_ITO[index % (len(OKABE_ITO) - 1)] if index < 7 else MUTED
    return colours


# Figure colours per theme. "contrast" is for projectors in bright rooms: pure black on
# white, heavier lines and larger text; all three keep the Okabe-Ito data colours.
THEMES: dict[str, dict[str, object]] = {
    "light": {
        "text": "#1B1F24",
        "land": "#F2F0EB",
        "ocean": "#DDE8F0",
        "borders": "#B8B8B8",
        "coast": "#A0A0A0",
        "legend_bg": "rgba(255,255,255,0.85)",
        "hover_bg": "#FFFFFF",
        "label": "#111111",
        "line_scale": 1.0,
        "font_scale": 1.0,
        "leader_width": 1.0,
        "node_outline": "#FFFFFF",
    },
    "dark": {
        "text": "#E8EAED",
        "land": "#2E3238",
        "ocean": "#1A1D21",
        "borders": "#5F6670",
        "coast": "#6F7680",
        "legend_bg": "rgba(26,29,33,0.85)",
        "hover_bg": "#2E3238",
        "label": "#FFFFFF",
        "line_scale": 1.1,
        "font_scale": 1.0,
        "leader_width": 1.2,
        "node_outline": "#1A1D21",
    },
    "contrast": {
        "text": "#000000",
        "land": "#FFFFFF",
        "ocean": "#E6F0FF",
        "borders": "#000000",
        "coast": "#000000",
        "legend_bg": "#FFFFFF",
        "hover_bg": "#FFFFFF",
        "label": "#000000",
        "line_scale": 1.8,
        "font_scale": 1.3,
        # Leader lines from a name to its marker: black like the borders here, so much heavier
        # than them (0.72 px) or a name moved away from a crowded cluster seems to float free.
        "leader_width": 2.5,
        "node_outline": "#000000",
    },
}


def theme_colours(theme: str | None) -> dict[str, object]:
    """Colours of a theme, light for an unknown or empty name.

    Examples:
        >>> theme_colours("dark")["ocean"], theme_colours("")["ocean"]
        ('#1A1D21', '#DDE8F0')
    """
    return THEMES.get(theme or "light", THEMES["light"])


def separators(lang: str) -> str:
    """plotly's ``layout.separators`` for a language: its decimal mark, then its thousands mark.

    On screen plotly.js takes them from its locale when one is registered (``assets/vendor/plotly``);
    a static export (kaleido) has none, so every figure carries them itself.

    Examples:
        >>> separators("it"), separators("en"), separators("xx")
        (',.', '.,', '.,')
    """
    try:
        locale = Locale.parse(lang)
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        locale = Locale.parse("en")
    return str(get_decimal_symbol(locale)) + str(get_group_symbol(locale))
