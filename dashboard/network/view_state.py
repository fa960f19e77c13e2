"""The view state and its URL form: a pasted link restores the exact view.

Query names: ``region`` (slugs), ``country`` (ISO alpha-2), ``type``, ``consortium``,
``status`` (agreement statuses: ``active``, ``planned``, ``ended``, ``suspended``), ``comembers``
(``show``: draw the partners linked only through a shared consortium; hidden by default), ``years`` (``2010-2024``), ``q``, ``view`` (``map``|``network``|``table``|``insights``), ``focus``
(institution id), ``theme`` (``light``|``dark``|``contrast``), ``slide`` (presentation
slide number, from 1); ``lang`` is reserved and passed through. Lists are
comma-separated. Unknown or malformed values are dropped, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from urllib.parse import parse_qs, urlencode

from dashboard.data.schema import STATUSES
from dashboard.network.graph import Filters

VIEWS = ("map", "network", "table", "insights")
_LISTS = ("regions", "countries", "types", "consortia", "statuses")
THEMES = ("light", "dark", "contrast")


@dataclass(frozen=True)
class ViewState:
    """Everything a URL can say about the view."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    consortia: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    comembers: bool = False
    years: tuple[int, int] | None = None
    q: str = ""
    view: str = "map"
    focus: str = ""
    theme: str = ""
    lang: str = ""
    slide: int = 0

    def filters(self) -> Filters:
        """The partner filters of this state."""
        return Filters(
            regions=self.regions,
            countries=self.countries,
            types=self.types,
            consortia=self.consortia,
            years=self.years,
            text=self.q,
            statuses=self.statuses,
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for a ``dcc.Store``: lists, not tuples, so that it equals what
        the browser sends back (the state callback compares the two to leave the store alone).

        Examples:
            >>> ViewState(regions=("europe",), years=(2000, 2020)).to_dict()["regions"]
            ['europe']
        """
        data = asdict(self)
        for key in _LISTS:
            data[key] = list(data[key])
        data["years"] = list(self.years) if self.years else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> ViewState:
        """Inverse of :meth:`to_dict` (tolerates ``None``)."""
        if not data:
            return cls()
        fields = dict(data)
        for key in _LISTS:
            fields[key] = tuple(fields.get(key) or ())  # type: ignore[arg-type]
        years = fields.get("years")
        fields["years"] = (int(years[0]), int(years[1])) if years else None  # type: ignore[index]
        return cls(**fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Vocabulary:
    """Values the URL may name; anything else is dropped."""

    regions: frozenset[str]
    countries: frozenset[str]
    types: frozenset[str]
    consortia: frozenset[str]
    institutions: frozenset[str]
    statuses: frozenset[str] = frozenset(STATUSES)


# Caps on what a URL may hold (issue 16): a link is read in bounded time and memory, and a value
# over its cap is dropped like any other invalid value, the rest of the view kept.
MAX_QUERY_CHARS = 16_000  # read at most this much of a query, cut at a '&' (a long one: ~60 countries)
MAX_FIELDS = 200  # name=value pairs read
MAX_ITEM_CHARS = 100  # one list item or id (ids are much shorter)
MAX_TEXT_CHARS = 200  # the search text is cut to this
YEAR_RANGE = (1000, 2999)  # four ASCII digits each, start and end in this range
MAX_SLIDE = 9_999
_ASCII_YEARS = re.compile(r"([0-9]{4})-([0-9]{4})")
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})?")


def read_query(search: str | None) -> dict[str, list[str]]:
    """A query string's values by name, in order, within :data:`MAX_QUERY_CHARS` and :data:`MAX_FIELDS`.

    Examples:
        >>> read_query("?region=europe&region=asia&q=a+b&empty=")
        {'region': ['europe', 'asia'], 'q': ['a b']}
    """
    text = (search or "").lstrip("?")
    if len(text) > MAX_QUERY_CHARS:
        text = text[: MAX_QUERY_CHARS + 1].rpartition("&")[0]  # a value cut in half is not read
    pairs = text.split("&", MAX_FIELDS)[:MAX_FIELDS]
    return parse_qs("&".join(pairs), keep_blank_values=False)


def query_items(
    query: dict[str, list[str]], name: str, allowed: frozenset[str], *, upper: bool = False
) -> tuple[str, ...]:
    """A list parameter (comma-separated, possibly repeated): known values, each once, in order.

    Every value must be one of ``allowed``, so the list is no longer than ``allowed``; an item
    longer than :data:`MAX_ITEM_CHARS` is not even compared.

    Examples:
        >>> query_items({"region": ["europe,mars", "europe, asia"]}, "region", frozenset({"europe", "asia"}))
        ('europe', 'asia')
    """
    items: dict[str, None] = {}
    for value in query.get(name, ()):
        for part in value.split(","):
            part = part.strip()
            if len(part) > MAX_ITEM_CHARS:
                continue
            part = part.upper() if upper else part
            if part in allowed:
                items[part] = None
    return tuple(items)


def query_value(query: dict[str, list[str]], name: str, allowed: frozenset[str] | tuple[str, ...]) -> str:
    """A single-valued parameter (the last one given) if it is one of ``allowed``, else ``""``."""
    value = query.get(name, [""])[-1]
    return value if len(value) <= MAX_ITEM_CHARS and value in allowed else ""


def query_number(query: dict[str, list[str]], name: str, low: int, high: int) -> int | None:
    """A single-valued whole number in ``[low, high]`` written in ASCII digits, else ``None``.

    ``str.isdigit()`` would also pass ``'²'`` (which ``int()`` refuses) and ``'٣'`` (which it reads).

    Examples:
        >>> [query_number({"slide": [v]}, "slide", 1, 99) for v in ("3", "²", "٣", "0", "99999999999", "+3")]
        [3, None, None, None, None, None]
    """
    value = query.get(name, [""])[-1]
    if not (0 < len(value) <= len(str(high)) and value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if low <= number <= high else None


def query_text(query: dict[str, list[str]], name: str, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Free text (the last value), without control or surrogate characters, cut to ``limit``."""
    value = query.get(name, [""])[-1][: limit * 2]
    kept = "".join(c for c in value if unicodedata.category(c) not in ("Cc", "Cs"))
    return kept[:limit]


def _years(query: dict[str, list[str]]) -> tuple[int, int] | None:
    match = _ASCII_YEARS.fullmatch(query.get("years", [""])[-1])
    if match is None:
        return None
    start, end = sorted((int(match.group(1)), int(match.group(2))))
    low, high = YEAR_RANGE
    return (start, end) if low <= start and end <= high else None


def parse_query(search: str | None, vocab: Vocabulary) -> ViewState:
    """Read a URL query string (with or without ``?``); what is not valid is dropped, the rest kept.

    Examples:
        >>> v = Vocabulary(frozenset({"europe", "southeast-asia"}), frozenset({"IT"}),
        ...                frozenset({"exchange"}), frozenset(), frozenset({"tu-delft"}))
        >>> s = parse_query("?region=southeast-asia,mars&years=2010-2024&view=table&focus=tu-delft", v)
        >>> s.regions, s.years, s.view, s.focus
        (('southeast-asia',), (2010, 2024), 'table', 'tu-delft')
        >>> s = parse_query("?slide=²&years=١٩٩٠-٢٠٢٠&region=europe", v)
        >>> s.slide, s.years, s.regions
        (0, None, ('europe',))
    """
    query = read_query(search)
    lang = query.get("lang", [""])[-1]
    return ViewState(
        regions=query_items(query, "region", vocab.regions),
        countries=query_items(query, "country", vocab.countries, upper=True),
        types=query_items(query, "type", vocab.types),
        consortia=query_items(query, "consortium", vocab.consortia),
        statuses=query_items(query, "status", vocab.statuses),
        comembers=query_value(query, "comembers", ("show",)) == "show",
        years=_years(query),
        q=query_text(query, "q"),
        view=query_value(query, "view", VIEWS) or "map",
        focus=query_value(query, "focus", vocab.institutions),
        theme=query_value(query, "theme", THEMES),
        lang=lang if _LANG.fullmatch(lang) else "",
        slide=query_number(query, "slide", 1, MAX_SLIDE) or 0,
    )


def to_query(state: ViewState) -> str:
    """The shortest query string for a state (``""`` for the default view).

    Examples:
        >>> to_query(ViewState(regions=("europe", "southeast-asia"), years=(2010, 2024)))
        '?region=europe,southeast-asia&years=2010-2024'
        >>> to_query(ViewState())
        ''
    """
    pairs = [
        ("region", ",".join(state.regions)),
        ("country", ",".join(state.countries)),
        ("type", ",".join(state.types)),
        ("consortium", ",".join(state.consortia)),
        ("status", ",".join(state.statuses)),
        ("comembers", "show" if state.comembers else ""),
        ("years", f"{state.years[0]}-{state.years[1]}" if state.years else ""),
        ("q", state.q),
        ("view", state.view if state.view != "map" else ""),
        ("focus", state.focus),
        ("theme", state.theme if state.theme != "light" else ""),
        ("lang", state.lang),
        ("slide", str(state.slide) if state.slide else ""),
    ]
    kept = [(k, v) for k, v in pairs if v]
    return "?" + urlencode(kept, safe=",") if kept else ""


def with_controls(state: ViewState, **controls: object) -> ViewState:
    """Replace fields from control values (``None`` lists become empty)."""
    clean: dict[str, object] = {}
    for key, value in controls.items():
        if key in _LISTS:
            clean[key] = tuple(value or ())  # type: ignore[arg-type]
        elif key == "comembers":
            clean[key] = bool(value)
        elif key == "years":
            clean[key] = tuple(int(v) for v in value) if value else None  # type: ignore[attr-defined]
        else:
            clean[key] = value or ("map" if key == "view" else "")
    if clean.get("theme") == "light":
        clean["theme"] = ""
    return replace(state, **clean)  # type: ignore[arg-type]


def vocabulary(
    regions: set[str], countries: set[str], types: set[str], consortia: set[str], institutions: set[str]
) -> Vocabulary:
    """Build the set of values a URL may name."""
    return Vocabulary(
        frozenset(regions),
        frozenset(countries),
        frozenset(types),
        frozenset(consortia),
        frozenset(institutions),
    )


# What a user did, as the explorer's single state callback sees it.
RESET_EVENTS = ("reset", "empty-reset")


def next_state(
    trigger: str | None,
    *,
    search: str | None,
    controls: dict[str, object],
    focus: str,
    clicked: str | None,
    vocab: Vocabulary,
    year_bounds: tuple[int, int],
) -> ViewState:
    """The view state after one user event.

    Args:
        trigger: ``url`` (page load, Back/Forward, pasted link), ``controls`` (a filter or
            the view switch changed), ``reset``/``empty-reset``, ``close`` (details closed),
            ``click`` (a map marker, network node or table row), or ``None`` (first load).
        search: The URL's query string.
        controls: Current control values: ``regions``, ``countries``, ``types``,
            ``consortia``, ``statuses``, ``comembers``, ``years``, ``q``, ``view``.
        focus: The focused institution before the event.
        clicked: For ``click``: ``i:<institution id>`` or ``c:<consortium id>``.
        vocab: Values the URL may name.
        year_bounds: The full year range (a slider at full range means "no year filter").

    Returns:
        The new state.

    Examples:
        >>> v = vocabulary({"europe"}, {"IT"}, {"exchange"}, {"enhance"}, {"a", "b"})
        >>> c = {"regions": ["europe"], "view": "map", "years": [2000, 2020]}
        >>> next_state("controls", search="", controls=c, focus="", clicked=None, vocab=v,
        ...            year_bounds=(2000, 2020)).regions
        ('europe',)
        >>> s = next_state("click", search="", controls=c, focus="", clicked="c:enhance", vocab=v,
        ...                year_bounds=(2000, 2020))
        >>> s.consortia, s.focus
        (('enhance',), '')
    """
    if trigger in (None, "url"):
        return parse_query(search, vocab)
    base = parse_query(search, vocab)
    state = with_controls(base, **controls)
    state = replace(state, focus=focus if focus in vocab.institutions else "")
    if state.years and tuple(state.years) == tuple(year_bounds):
        state = replace(state, years=None)
    if trigger in RESET_EVENTS:
        return ViewState(view=state.view, theme=state.theme, lang=state.lang, slide=state.slide)
    if trigger == "close":
        return replace(state, focus="")
    if trigger == "click" and clicked:
        kind, _, ident = clicked.partition(":")
        if kind == "c" and ident in vocab.consortia:
            return replace(state, consortia=(ident,), focus="")
        if kind == "i" and ident in vocab.institutions:
            return replace(state, focus=ident)
    return state
