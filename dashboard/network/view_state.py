"""The view state and its URL form: a pasted link restores the exact view.

Query names: ``region`` (slugs), ``country`` (ISO alpha-2), ``type``, ``consortium``,
``status`` (agreement statuses: ``active``, ``planned``, ``ended``, ``suspended``), ``years`` (``2010-2024``), ``q``, ``view`` (``map``|``network``|``table``|``insights``), ``focus``
(institution id), ``theme`` (``light``|``dark``|``contrast``), ``slide`` (presentation
slide number, from 1); ``lang`` is reserved and passed through. Lists are
comma-separated. Unknown or malformed values are dropped, never an error.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from urllib.parse import parse_qs, urlencode

from dashboard.data.schema import STATUSES
from dashboard.network.graph import Filters

VIEWS = ("map", "network", "table", "insights")
_LISTS = ("regions", "countries", "types", "consortia", "statuses")
THEMES = ("light", "dark", "contrast")
_YEARS = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class ViewState:
    """Everything a URL can say about the view."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    consortia: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
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


def _split(values: list[str] | None, allowed: frozenset[str], *, upper: bool = False) -> tuple[str, ...]:
    items: list[str] = []
    for value in values or []:
        for part in value.split(","):
            part = part.strip().upper() if upper else part.strip()
            if part in allowed and part not in items:
                items.append(part)
    return tuple(items)


def parse_query(search: str | None, vocab: Vocabulary) -> ViewState:
    """Read a URL query string (with or without ``?``).

    Examples:
        >>> v = Vocabulary(frozenset({"europe", "southeast-asia"}), frozenset({"IT"}),
        ...                frozenset({"exchange"}), frozenset(), frozenset({"tu-delft"}))
        >>> s = parse_query("?region=southeast-asia,mars&years=2010-2024&view=table&focus=tu-delft", v)
        >>> s.regions, s.years, s.view, s.focus
        (('southeast-asia',), (2010, 2024), 'table', 'tu-delft')
    """
    query = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    first = {key: values[-1] for key, values in query.items() if values}
    years = None
    if match := _YEARS.match(first.get("years", "")):
        start, end = sorted((int(match.group(1)), int(match.group(2))))
        years = (start, end)
    focus = first.get("focus", "")
    return ViewState(
        regions=_split(query.get("region"), vocab.regions),
        countries=_split(query.get("country"), vocab.countries, upper=True),
        types=_split(query.get("type"), vocab.types),
        consortia=_split(query.get("consortium"), vocab.consortia),
        statuses=_split(query.get("status"), vocab.statuses),
        years=years,
        q=first.get("q", "")[:200],
        view=first.get("view", "map") if first.get("view") in VIEWS else "map",
        focus=focus if focus in vocab.institutions else "",
        theme=first.get("theme", "") if first.get("theme") in THEMES else "",
        lang=first.get("lang", "")[:10],
        slide=int(first["slide"])
        if first.get("slide", "").isdigit() and 0 < int(first["slide"]) < 10_000
        else 0,
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
            ``consortia``, ``statuses``, ``years``, ``q``, ``view``.
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
