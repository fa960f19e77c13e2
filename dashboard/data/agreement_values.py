"""Read an imported agreement's type and dates as offices write them.

Agreement types (the table documented in ``data/README.md``, *Importing*): a cell is folded
(case, accents, punctuation) and looked up among the names below; failing that, a known
phrase inside it decides (``Erasmus+ KA131 student mobility`` -> ``exchange``). A value
that matches nothing is returned as ``None``: the importer reports it and never turns it
into another type.

Dates: ``DD/MM/YYYY`` (also with ``.`` or ``-``, and two-digit years), ISO ``YYYY-MM-DD``,
``YYYY-MM``, a year, an academic year ``2022/2023`` or ``2022/23`` (a start reads as
September of the first year, ``2022-09``; an end as August of the second, ``2023-08``), a
range ``2021-2027`` or ``01/09/2021 - 31/08/2027``. ``03/04/2022`` could be 3 April or
March 4: it is read in the file's order (:func:`infer_date_order`) and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.data.cells import parse_date
from dashboard.data.geocoding import normalize

# fmt: off
TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "exchange": (
        "exchange", "student exchange", "staff exchange", "mobility", "student mobility", "staff mobility",
        "erasmus", "erasmus plus", "erasmus mobility", "ka131", "ka 131", "ka171", "ka 171", "ka103",
        "ka107", "bilateral", "bilateral agreement", "inter institutional agreement", "iia",
        "exchange agreement", "scambio", "accordo bilaterale", "accordo di scambio", "mobilita",
        "accordo erasmus", "echange", "accord bilateral", "mobilite", "accord d echange",
        "convention d echange", "austausch", "austauschprogramm", "austauschvereinbarung", "mobilitat",
        "bilaterale vereinbarung", "intercambio", "movilidad", "convenio bilateral", "acuerdo bilateral",
        "convenio de intercambio",
    ),
    "double_degree": (
        "double degree", "dual degree", "double diploma", "doppio titolo", "doppia laurea", "titolo doppio",
        "double diplome", "double diplomation", "doppelabschluss", "doppeldiplom", "doppelmaster",
        "doble titulacion", "doble titulo", "doble grado", "doble diploma",
    ),
    "joint_programme": (
        "joint programme", "joint program", "joint degree", "joint master", "erasmus mundus",
        "titolo congiunto", "laurea congiunta", "programma congiunto", "diplome conjoint",
        "programme conjoint", "gemeinsamer studiengang", "gemeinsames studienprogramm",
        "titulacion conjunta", "programa conjunto", "titulo conjunto",
    ),
    "strategic_partnership": (
        "strategic partnership", "strategic partner", "partenariato strategico", "partenariat strategique",
        "strategische partnerschaft", "asociacion estrategica", "alianza estrategica",
    ),
    "mou": (
        "mou", "memorandum of understanding", "memorandum", "framework agreement", "framework",
        "general agreement", "cooperation agreement", "letter of intent", "accordo quadro",
        "accordo generale", "protocollo d intesa", "accordo di cooperazione", "accordo di collaborazione",
        "accord cadre", "convention cadre", "accord de cooperation", "rahmenvereinbarung", "rahmenabkommen",
        "kooperationsvereinbarung", "absichtserklarung", "acuerdo marco", "convenio marco",
        "memorando de entendimiento", "convenio de colaboracion", "convenio de cooperacion",
    ),
    "research": (
        "research", "research agreement", "research cooperation", "research collaboration", "ricerca",
        "accordo di ricerca", "recherche", "accord de recherche", "forschung", "forschungskooperation",
        "forschungsvereinbarung", "investigacion", "convenio de investigacion",
    ),
}
# fmt: on
_EXACT_TYPES = {name: kind for kind, names in TYPE_NAMES.items() for name in names}
_EXACT_TYPES.update({normalize(kind): kind for kind in TYPE_NAMES})
# Phrases inside a longer value, most specific first: "Erasmus double degree" is a double degree.
_PHRASE_ORDER = ("double_degree", "joint_programme", "strategic_partnership", "mou", "research", "exchange")


def agreement_type(text: str, extra: dict[str, str] | None = None) -> str | None:
    """The format's agreement type for a cell, or ``None`` when it is not recognised.

    Args:
        text: The cell as written.
        extra: Folded value -> type, from a mapping file's ``[types]`` (checked first).

    Examples:
        >>> agreement_type("Erasmus+ KA131"), agreement_type("KA171 - mobilità internazionale")
        ('exchange', 'exchange')
        >>> agreement_type("Doppio Titolo"), agreement_type("Double diplôme"), agreement_type("Doppelabschluss")
        ('double_degree', 'double_degree', 'double_degree')
        >>> agreement_type("Accordo quadro"), agreement_type("MoU"), agreement_type("doble titulación")
        ('mou', 'mou', 'double_degree')
        >>> agreement_type("Summer school") is None
        True
    """
    key = normalize(text)
    if not key:
        return None
    if extra and key in extra:
        return extra[key]
    if key in _EXACT_TYPES:
        return _EXACT_TYPES[key]
    padded = f" {key} "
    for kind in _PHRASE_ORDER:
        if any(f" {name} " in padded for name in TYPE_NAMES[kind] if len(name) > 3 or name.startswith("ka")):
            return kind
    return None


@dataclass(frozen=True)
class When:
    """Dates read from one or two cells.

    Attributes:
        since: Normalised start (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or ``""``.
        until: Normalised end, or ``""``.
        ambiguous: Cells whose day and month could be swapped (read in the file's order).
        unreadable: Cells that are not dates (left blank, reported).
    """

    since: str = ""
    until: str = ""
    ambiguous: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()


_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ACADEMIC = re.compile(r"^(?:a\.?\s?a\.?|ay|a\.?y\.?|aa)?\s*(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_RANGE_SPLIT = re.compile(r"\s+[-–]\s+|\s*–\s*|\s+to\s+|\s+al\s+|\s+au\s+|\s+bis\s+|\s+a\s+")


def day_month(text: str) -> tuple[int, int, int] | None:
    """``(first, second, year)`` of a numeric date such as ``03/04/22``, or ``None``.

    Examples:
        >>> day_month("3/4/22"), day_month("31.12.2024"), day_month("2024-01-01")
        ((3, 4, 2022), (31, 12, 2024), None)
    """
    match = _NUMERIC.match(text.strip())
    if not match:
        return None
    first, second, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000 if year < 70 else 1900
    return first, second, year


def infer_date_order(cells: list[str]) -> str:
    """``MDY`` when some date in the file can only be month/day and none only day/month; else ``DMY``.

    Examples:
        >>> infer_date_order(["12/31/2024", "03/04/2022"]), infer_date_order(["31/12/2024", "03/04/2022"])
        ('MDY', 'DMY')
        >>> infer_date_order(["03/04/2022"])
        'DMY'
    """
    dmy = mdy = False
    for cell in cells:
        for part in _RANGE_SPLIT.split(cell.strip()):
            parsed = day_month(part)
            if parsed:
                dmy |= parsed[0] > 12 >= parsed[1]
                mdy |= parsed[1] > 12 >= parsed[0]
    return "MDY" if mdy and not dmy else "DMY"


def _one_date(text: str, order: str, end: bool) -> tuple[str, bool]:
    """One date -> (normalised, ambiguous); raises ``ValueError`` when it is no date."""
    text = text.strip()
    parsed = day_month(text)
    if parsed:
        first, second, year = parsed
        day, month = (first, second) if order == "DMY" else (second, first)
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        ambiguous = first != second and first <= 12 and second <= 12
        return parse_date(f"{year:04d}-{month:02d}-{day:02d}"), ambiguous
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", text):
        text = text[:10]
    try:
        return parse_date(text), False
    except ValueError:
        academic = _ACADEMIC.match(text)
        if not academic:
            raise
    start, stop = _academic_years(academic)
    return (f"{stop}-08" if end else f"{start}-09"), False


def _academic_years(match: re.Match[str]) -> tuple[int, int]:
    start, stop = match.group(1), match.group(2)
    first = int(start)
    second = int(stop) if len(stop) == 4 else int(start[:2] + stop)
    if second != first + 1:
        raise ValueError("not an academic year")
    return first, second


def _span(text: str, order: str) -> tuple[str, str, bool] | None:
    """A range in one cell (``2021-2027``, ``2021/22 - 2027/28``, ``01/09/2021 - 31/08/2027``)."""
    academic = _ACADEMIC.match(text.strip())
    if academic:
        try:
            first, second = _academic_years(academic)
            return f"{first}-09", f"{second}-08", False
        except ValueError:
            start, stop = academic.group(1), academic.group(2)
            if len(stop) == 4 and int(stop) > int(start):
                return start, stop, False
            return None
    parts = [p for p in _RANGE_SPLIT.split(text.strip()) if p]
    if len(parts) == 2:
        since, amb_a = _one_date(parts[0], order, end=False)
        until, amb_b = _one_date(parts[1], order, end=True)
        return since, until, amb_a or amb_b
    return None


def read_when(*, start: str = "", end: str = "", period: str = "", order: str = "DMY") -> When:
    """Read the start, end and period cells of one row.

    A start or end cell wins over the period cell for its side.

    Examples:
        >>> read_when(start="15/09/2021", end="2027")
        When(since='2021-09-15', until='2027', ambiguous=(), unreadable=())
        >>> read_when(period="2022/2023")
        When(since='2022-09', until='2023-08', ambiguous=(), unreadable=())
        >>> read_when(start="2022/23", end="2026/2027")
        When(since='2022-09', until='2027-08', ambiguous=(), unreadable=())
        >>> read_when(start="03/04/2022").ambiguous, read_when(start="03/04/2022").since
        (('03/04/2022',), '2022-04-03')
        >>> read_when(start="soon").unreadable
        ('soon',)
    """
    since = until = ""
    ambiguous: list[str] = []
    unreadable: list[str] = []
    if period.strip():
        try:
            span = _span(period, order)
            if span is None:
                single, amb = _one_date(period, order, end=False)
                span = (single, "", amb)
            since, until = span[0], span[1]
            if span[2]:
                ambiguous.append(period.strip())
        except ValueError:
            unreadable.append(period.strip())
    for text, is_end in ((start, False), (end, True)):
        if not text.strip():
            continue
        try:
            value, amb = _one_date(text, order, end=is_end)
        except ValueError:
            span = _span(text, order) if not is_end else None
            if span is None:
                unreadable.append(text.strip())
                continue
            value, amb = span[0], span[2]
            until = until or span[1]
        if amb:
            ambiguous.append(text.strip())
        if is_end:
            until = value
        else:
            since = value
    return When(since, until, tuple(ambiguous), tuple(unreadable))
