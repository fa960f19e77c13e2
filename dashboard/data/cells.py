"""Parsers for single cells: dates, coordinates, URLs, identifiers.

Each returns the clean value or raises :class:`~dashboard.data.problems.Invalid` (a
``ValueError``) with what was expected as a catalog text (``problem.cell.*``); the loader turns
that into a problem naming file, row and column, shown in the reader's language.
"""

from __future__ import annotations

import math
import re
from datetime import date

from dashboard.data.problems import Invalid

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
_ROR = re.compile(r"^(?:https?://ror\.org/)?(0[a-z0-9]{6}[0-9]{2})$")


def parse_date(text: str) -> str:
    """Normalise ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Examples:
        >>> parse_date("2020-7")
        '2020-07'
        >>> parse_date("1999")
        '1999'
        >>> parse_date("07/2020")
        Traceback (most recent call last):
        ...
        dashboard.data.problems.Invalid: expected a date as YYYY, YYYY-MM or YYYY-MM-DD
    """
    match = _DATE.match(text.strip())
    if not match:
        raise Invalid("problem.cell.date")
    year, month, day = match.groups()
    if not 1000 <= int(year) <= 2100:
        raise Invalid("problem.cell.year")
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise Invalid("problem.cell.calendar") from None
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def year_of(text: str) -> int | None:
    """Year of a normalised date, ``None`` for blank.

    Examples:
        >>> year_of("2021-04-13"), year_of("")
        (2021, None)
    """
    return int(text[:4]) if text else None


def parse_coordinate(text: str, *, limit: float) -> float:
    """A finite decimal degree within ±limit (``,`` accepted as decimal mark).

    Examples:
        >>> parse_coordinate("45,478", limit=90)
        45.478
        >>> parse_coordinate("nan", limit=90)
        Traceback (most recent call last):
        ...
        dashboard.data.problems.Invalid: expected a finite number of decimal degrees
    """
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise Invalid("problem.cell.degrees") from None
    if not math.isfinite(value):
        raise Invalid("problem.cell.degrees_finite")
    if not -limit <= value <= limit:
        raise Invalid("problem.cell.degrees_range", limit=f"{limit:g}")
    return value


def is_web_url(text: str) -> bool:
    """True only for absolute http(s) URLs with a host: the only links the UI renders.

    Examples:
        >>> is_web_url("https://www.polimi.it"), is_web_url("javascript:alert(1)")
        (True, False)
    """
    return bool(re.match(r"^https?://[^\s/?#<>\"']+\.[^\s/?#<>\"']+([/?#][^\s<>\"]*)?$", text))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")
MAX_LABEL = 200


def parse_source(text: str) -> str:
    """A source: an http(s) URL (shown as a link) or a plain label (shown as text).

    A label names an internal source, such as the export a row was imported from. It may
    not look like an address of another kind (``ftp://``, ``javascript:``): those are typos
    or tricks, never a label.

    Examples:
        >>> parse_source("https://www.polimi.it/en/international")
        'https://www.polimi.it/en/international'
        >>> parse_source("MoveON export 2026-11-30")
        'MoveON export 2026-11-30'
        >>> parse_source("ftp://files.example.org/a.csv")
        Traceback (most recent call last):
        ...
        dashboard.data.problems.Invalid: expected a public http(s) URL or a plain label, not another kind of address
    """
    text = text.strip()
    if not text:
        raise Invalid("problem.cell.source_required")
    if is_web_url(text):
        return text
    if _SCHEME.match(text) or "://" in text:
        raise Invalid("problem.cell.source_address")
    if len(text) > MAX_LABEL or any(not c.isprintable() for c in text):
        raise Invalid("problem.cell.source_label", limit=MAX_LABEL)
    return text


_ERASMUS = re.compile(r"^[A-Z]{1,3} [A-Z0-9][A-Z0-9-]*$")


def normalise_erasmus_code(text: str) -> str:
    """An Erasmus institutional code with one space after the country prefix, upper case.

    Codes are published with irregular spaces (``I\u00a0 MILANO02`` has a no-break space
    and a space); this is the form stored and shown.

    Examples:
        >>> normalise_erasmus_code("I\u00a0 MILANO02")
        'I MILANO02'
        >>> normalise_erasmus_code(" e  madrid03")
        'E MADRID03'
    """
    return " ".join(text.replace("\u00a0", " ").upper().split())


def erasmus_key(text: str) -> str:
    """A code with every space removed: ``I MILANO02``, ``I  MILANO02`` and ``IMILANO02`` agree.

    Examples:
        >>> erasmus_key("I\u00a0 MILANO02") == erasmus_key("imilano02")
        True
    """
    return "".join(text.upper().split())


def parse_erasmus_code(text: str) -> str:
    """A normalised Erasmus code, or ``ValueError`` when it does not look like one.

    Examples:
        >>> parse_erasmus_code("UK  LONDON001")
        'UK LONDON001'
    """
    code = normalise_erasmus_code(text)
    if not _ERASMUS.match(code):
        raise Invalid("problem.cell.erasmus")
    return code


def check_id(text: str) -> str:
    """An identifier usable in URLs and comma-separated lists.

    Examples:
        >>> check_id("tu-delft")
        'tu-delft'
    """
    if not _ID.match(text):
        raise Invalid("problem.cell.id")
    return text


def parse_ror(text: str) -> str:
    """A ROR id, accepting the full ``https://ror.org/…`` form.

    Examples:
        >>> parse_ror("https://ror.org/01nffqt88")
        '01nffqt88'
    """
    match = _ROR.match(text.strip())
    if not match:
        raise Invalid("problem.cell.ror")
    return match.group(1)
