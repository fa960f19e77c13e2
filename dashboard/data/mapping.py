"""Which column of an agreements spreadsheet holds what: detected from its header, overridable.

Exports from mobility systems (MoveON, Mobility-Online, SoleMove, the EWP dashboard) and
hand-made lists name their columns in the office's language. :func:`detect` finds the header
row (below any title rows) by recognising the usual names in English, Italian, French, German
and Spanish, and maps each column to a *field* of the import (:data:`FIELDS`). A mapping file
(TOML, :func:`parse_mapping_toml`) overrides any part of it::

    sheet = "Accordi"            # which sheet (name or 1-based number)
    header_row = 3               # the spreadsheet row of the header
    date_order = "DMY"           # or "MDY": how to read 03/04/2022
    [columns]                    # field = header text or column letter ("" drops a field)
    name = "Ateneo"
    erasmus_code = "C"
    [types]                      # extra agreement-type values
    "Summer school" = "exchange"

A :class:`Mapping` is plain data (``to_dict``/``from_dict``), so a browser page can show it,
let a person change it, and store it with a staged import.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace

from dashboard.data import schema
from dashboard.data.geocoding import normalize
from dashboard.data.problems import Message
from dashboard.data.sheets import Sheet, column_letter

# Field -> what it means, in the order shown.
FIELDS = {
    "name": "partner institution",
    "erasmus_code": "Erasmus institutional code",
    "country": "country (ISO code or name)",
    "city": "city",
    "type": "agreement type",
    "field": "subject area / ISCED code",
    "since": "start date",
    "until": "end date",
    "period": "academic year or validity (2022/2023, 2021-2027)",
    "level": "study level",
    "note": "notes",
    "lat": "latitude",
    "lon": "longitude",
    "website": "partner website",
}

# Header names as folded by geocoding.normalize (lower-case ASCII words).
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "nome", "nom", "nombre", "partner", "partner institution", "partner institution name",
        "institution", "institution name", "partner name", "partner university", "university",
        "host institution", "receiving institution", "partner hei", "hei", "organisation", "organization",
        "istituzione partner", "istituzione", "ente partner", "universita partner", "universita", "ateneo",
        "ateneo partner", "denominazione", "nome istituzione", "nome ateneo", "sede partner",
        "etablissement partenaire", "etablissement", "institution partenaire", "universite partenaire",
        "nom de l etablissement", "universite", "partenaire", "partnerhochschule", "partnerinstitution",
        "hochschule", "name der hochschule", "partneruniversitat", "einrichtung", "partnereinrichtung",
        "institucion socia", "institucion", "universidad socia", "universidad", "nombre de la institucion",
        "socio", "institucion de destino", "universidad de destino", "centro",
    ),
    "erasmus_code": (
        "erasmus code", "erasmus id", "erasmus institutional code", "institutional code", "erasmus",
        "erasmus code partner", "partner erasmus code", "codice erasmus", "codice erasmus partner",
        "cod erasmus", "code erasmus", "code erasmus partenaire", "erasmus kennung", "erasmus nummer",
        "erasmus code der partnerhochschule", "codigo erasmus", "codigo erasmus socio", "erasmus code hei",
    ),
    "country": (
        "country", "partner country", "nation", "nationality", "paese", "nazione", "stato", "paese partner",
        "pays", "pays partenaire", "land", "staat", "partnerland", "pais", "pais socio", "country code",
        "codice paese", "code pays", "landercode", "codigo pais",
    ),
    "city": (
        "city", "town", "partner city", "citta", "localita", "comune", "ville", "stadt", "ort", "sitz",
        "ciudad", "localidad", "municipio",
    ),
    "type": (
        "agreement type", "type", "type of agreement", "kind", "kind of agreement", "agreement",
        "tipo accordo", "tipo di accordo", "tipo", "tipologia", "tipologia accordo", "accordo",
        "type d accord", "type de convention", "type d accord de cooperation", "convention", "vertragsart",
        "art der vereinbarung", "abkommensart", "vereinbarung", "art", "tipo de acuerdo",
        "tipo de convenio", "acuerdo", "convenio", "programme", "program", "programma", "programa",
        "programm", "action", "key action", "azione", "mobility type", "tipo mobilita",
    ),
    "field": (
        "subject area", "isced", "isced code", "isced f", "isced f code", "subject", "field",
        "field of study", "area", "discipline", "area isced", "codice isced", "area disciplinare",
        "settore", "ambito", "domaine", "domaine d etudes", "code isced", "discipline isced", "fachbereich",
        "fachgebiet", "studienbereich", "isced code fach", "studienfach", "area de estudio",
        "area tematica", "campo de estudio", "area de conocimiento", "subject area isced",
        "isced subject area",
    ),
    "since": (
        "start", "start date", "from", "valid from", "begin", "beginning", "signed", "signature date",
        "inizio", "data inizio", "data di inizio", "valido dal", "dal", "decorrenza", "data stipula",
        "debut", "date de debut", "du", "valable du", "beginn", "gultig ab", "von", "startdatum", "ab",
        "inicio", "fecha de inicio", "desde", "fecha inicio", "valido desde",
    ),
    "until": (
        "end", "end date", "to", "valid until", "valid to", "expiry", "expiry date", "expires", "fine",
        "data fine", "data di fine", "scadenza", "valido fino al", "al", "data scadenza", "fin",
        "date de fin", "au", "valable jusqu au", "expiration", "ende", "enddatum", "gultig bis", "bis",
        "ablauf", "fecha de fin", "hasta", "fecha fin", "vencimiento", "valido hasta",
    ),
    "period": (
        "academic year", "academic years", "period", "validity", "duration", "valid", "years",
        "anno accademico", "anni accademici", "periodo", "validita", "durata", "aa", "annee academique",
        "annees academiques", "periode", "validite", "duree", "akademisches jahr", "studienjahr",
        "zeitraum", "laufzeit", "gultigkeit", "curso academico", "cursos academicos", "vigencia",
        "ano academico", "duracion",
    ),
    "level": (
        "level", "study level", "cycle", "study cycle", "eqf level", "degree level", "livello",
        "livello di studio", "ciclo", "ciclo di studi", "niveau", "niveau d etudes", "studienniveau",
        "studienstufe", "stufe", "nivel", "nivel de estudios",
    ),
    "note": (
        "notes", "note", "remarks", "remark", "comments", "comment", "annotazioni", "osservazioni",
        "commento", "commenti", "remarques", "commentaires", "bemerkungen", "bemerkung", "anmerkungen",
        "kommentar", "notas", "observaciones", "comentarios",
    ),
    "lat": (
        "lat", "latitude", "latitudine", "breite", "breitengrad", "latitud",
    ),
    "lon": (
        "lon", "lng", "long", "longitude", "longitudine", "lange", "langengrad", "longitud",
    ),
    "website": (
        "website", "web", "url", "web site", "homepage", "sito", "sito web", "sito internet", "site web",
        "site internet", "webseite", "internetseite", "sitio web", "pagina web",
    ),
}
# fmt: on
_EXACT = {name: f for f, names in SYNONYMS.items() for name in names}
HEADER_SEARCH_ROWS = 30
DATE_ORDERS = ("DMY", "MDY")
TOTALS = re.compile(
    r"^(totale?|totali|totaux?|total general|gesamt|summe|insgesamt|suma|sum|tot|grand total)\b"
)


class MappingError(ValueError):
    """A mapping file or override that cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Mapping:
    """Where each field is in one sheet.

    Attributes:
        sheet: Name of the sheet read.
        header_row: Spreadsheet row number of the header.
        headers: The header cells as written.
        columns: Field -> 0-based column index.
        types: Extra agreement-type values: folded value -> format type.
        date_order: ``DMY`` or ``MDY`` for dates such as 03/04/2022; ``""`` = infer from the file.
        chosen_by: ``detected`` or ``mapping file``, for the report.
    """

    sheet: str
    header_row: int
    headers: tuple[str, ...]
    columns: dict[str, int]
    types: dict[str, str] = field(default_factory=dict)
    date_order: str = ""
    chosen_by: str = "detected"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "headers": list(self.headers),
            "columns": dict(self.columns),
            "types": dict(self.types),
            "date_order": self.date_order,
            "chosen_by": self.chosen_by,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Mapping:
        """Inverse of :meth:`to_dict`."""
        return cls(
            str(data["sheet"]),
            int(data["header_row"]),  # type: ignore[call-overload]
            tuple(str(h) for h in data["headers"]),  # type: ignore[attr-defined]
            {str(k): int(v) for k, v in dict(data["columns"]).items()},  # type: ignore[call-overload]
            {str(k): str(v) for k, v in dict(data.get("types") or {}).items()},  # type: ignore[call-overload]
            str(data.get("date_order") or ""),
            str(data.get("chosen_by") or "detected"),
        )

    def describe(self) -> list[str]:
        """One line per mapped field, then the columns left unused.

        Examples:
            >>> m = Mapping("Accordi", 3, ("Ateneo", "Codice Erasmus", "Referente"), {"name": 0, "erasmus_code": 1})
            >>> m.describe()[1]
            "  name          <- A 'Ateneo'"
        """
        lines = [f"sheet {self.sheet!r}, header in row {self.header_row} ({self.chosen_by})"]
        for name in FIELDS:
            if name in self.columns:
                index = self.columns[name]
                header = self.headers[index] if index < len(self.headers) else ""
                lines.append(f"  {name:13} <- {column_letter(index)} {header!r}")
        used = set(self.columns.values())
        unused = [f"{column_letter(i)} {h!r}" for i, h in enumerate(self.headers) if h and i not in used]
        if unused:
            lines.append("  not used: " + ", ".join(unused))
        return lines


def header_field(text: str) -> str | None:
    """The field a header cell names, or ``None``.

    Exact names first; then a longer header that starts or ends with a known name
    (``Codice Erasmus del partner``, ``Partner: Erasmus code``).

    Examples:
        >>> header_field("Istituzione partner"), header_field("Città"), header_field("Codice Erasmus")
        ('name', 'city', 'erasmus_code')
        >>> header_field("Date de début"), header_field("Gültig bis"), header_field("Tipo de convenio")
        ('since', 'until', 'type')
        >>> header_field("Referente") is None
        True
    """
    key = normalize(text)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    words = key.split()
    if "erasmus" in words and {"code", "codice", "codigo", "kennung", "nummer", "id"} & set(words):
        return "erasmus_code"
    for n in range(len(words) - 1, 1, -1):
        for part in (" ".join(words[:n]), " ".join(words[-n:])):
            if part in _EXACT:
                return _EXACT[part]
    return None


def _header_columns(cells: tuple[str, ...]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = header_field(cell)
        if name and name not in columns:
            columns[name] = index
    return columns


def detect(sheet: Sheet) -> Mapping | None:
    """Find the header row among the first rows of a sheet and map its columns.

    The header is the row that names the most known fields, at least two of them, one
    being the partner's name or Erasmus code.

    Returns:
        The mapping, or ``None`` when no row looks like a header.
    """
    best: tuple[int, int, tuple[str, ...], dict[str, int]] | None = None
    for number, cells in sheet.rows[:HEADER_SEARCH_ROWS]:
        columns = _header_columns(cells)
        if len(columns) < 2 or not ({"name", "erasmus_code"} & set(columns)):
            continue
        if best is None or len(columns) > len(best[3]):
            best = (len(columns), number, cells, columns)
    if best is None:
        return None
    _, number, cells, columns = best
    return Mapping(sheet.name, number, cells, columns)


class SheetNote(str):
    """Why a sheet was chosen (:func:`choose_sheet`): the English text, and ``said``, the message
    of the catalogs for the reader's language.

    Examples:
        >>> note = SheetNote(Message.of("import.line.sheet_chosen", sheet="Accordi"))
        >>> note, note.said.text("it")
        ("sheet 'Accordi', as chosen", "foglio 'Accordi', come scelto")
    """

    said: Message

    def __new__(cls, said: Message) -> SheetNote:
        """The note ``said`` says, in English."""
        note = super().__new__(cls, said.text("en"))
        note.said = said
        return note

    def __reduce_ex__(self, protocol: object) -> tuple[type[SheetNote], tuple[Message]]:
        """Copied (and pickled) with its message."""
        return SheetNote, (self.said,)


def _first_note(sheet: str, others: list[str]) -> SheetNote:
    if others:
        listed = ", ".join(map(repr, others))
        return SheetNote(Message.of("import.line.sheet_first_others", sheet=sheet, others=listed))
    return SheetNote(Message.of("import.line.sheet_first", sheet=sheet))


def choose_sheet(sheets: list[Sheet], wanted: str | None = None) -> tuple[Sheet | None, SheetNote]:
    """The sheet to import and why.

    Args:
        sheets: Every sheet of the workbook.
        wanted: A sheet name or 1-based number (``--sheet``); ``None`` picks the first sheet
            with a recognisable header.

    Returns:
        ``(sheet, explanation)``; the sheet is ``None`` when none fits (the explanation says why).
        The explanation is English text whose ``said`` is the message in any language.
    """
    names = ", ".join(repr(s.name) for s in sheets)
    if wanted:
        for index, sheet in enumerate(sheets, start=1):
            if sheet.name == wanted or wanted == str(index) or sheet.name.lower() == wanted.lower():
                return sheet, SheetNote(Message.of("import.line.sheet_asked", sheet=sheet.name, names=names))
        return None, SheetNote(Message.of("import.line.sheet_missing", wanted=wanted, names=names))
    for sheet in sheets:
        if detect(sheet) is not None:
            return sheet, _first_note(sheet.name, [s.name for s in sheets if s is not sheet])
    return None, SheetNote(Message.of("import.line.sheet_none", names=names))


def is_totals_row(cells: tuple[str, ...]) -> bool:
    """A row that sums the ones above (``Totale``, ``Total général``, ``Gesamt: 54``).

    Examples:
        >>> is_totals_row(("TOTALE", "", "54")), is_totals_row(("", "Total général", "12"))
        (True, True)
        >>> is_totals_row(("Totalmente Nuova Università", "I MILANO99"))
        False
    """
    first = next((c for c in cells if c.strip()), "")
    return bool(TOTALS.match(normalize(first)))


def _column_index(value: str, headers: tuple[str, ...]) -> int:
    """A header text (folded comparison) or a column letter -> 0-based index."""
    folded = normalize(value)
    for index, header in enumerate(headers):
        if header and normalize(header) == folded:
            return index
    if re.fullmatch(r"[A-Za-z]{1,3}", value.strip()):
        index = 0
        for char in value.strip().upper():
            index = index * 26 + ord(char) - 64
        return index - 1
    raise MappingError(f"no column {value!r} in the header ({', '.join(repr(h) for h in headers if h)})")


def parse_mapping_toml(text: str) -> dict[str, object]:
    """Read a mapping file; :func:`apply_overrides` applies it to a sheet.

    Raises:
        MappingError: When it is not TOML or names unknown fields, types or keys.

    Examples:
        >>> parse_mapping_toml('header_row = 3\\n[columns]\\nname = "Ateneo"')["columns"]
        {'name': 'Ateneo'}
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"the mapping file is not valid TOML: {exc}") from None
    return check_overrides(data)


def check_overrides(data: dict[str, object]) -> dict[str, object]:
    """Check a mapping given as a dict (a parsed file, or a page's choices); return it unchanged.

    Raises:
        MappingError: For unknown keys, fields or types, or values of the wrong kind.

    Examples:
        >>> check_overrides({"columns": {"name": "B"}})
        {'columns': {'name': 'B'}}
    """
    for key in ("columns", "types"):
        if not isinstance(data.get(key, {}), dict):
            raise MappingError(f"{key} is a table of names")
    unknown = set(data) - {"sheet", "header_row", "date_order", "columns", "types"}
    if unknown:
        raise MappingError(f"unknown keys in the mapping file: {', '.join(sorted(unknown))}")
    for name, value in data.get("columns", {}).items():  # type: ignore[attr-defined]
        if not isinstance(value, str):
            raise MappingError(f"[columns] {name!r}: give a header text or a column letter")
        if name not in FIELDS:
            raise MappingError(f"[columns] {name!r} is not a field (fields: {', '.join(FIELDS)})")
    for value, kind in data.get("types", {}).items():  # type: ignore[attr-defined]
        if kind not in schema.AGREEMENT_TYPES:
            raise MappingError(
                f"[types] {value!r} = {kind!r}: expected one of {', '.join(schema.AGREEMENT_TYPES)}"
            )
    if data.get("date_order", "DMY") not in DATE_ORDERS:
        raise MappingError("date_order is DMY or MDY")
    if "header_row" in data and not isinstance(data["header_row"], int):
        raise MappingError("header_row is a row number, such as 3")
    return data


def apply_overrides(sheet: Sheet, overrides: dict[str, object]) -> Mapping:
    """The mapping for ``sheet``: detected, then changed by a parsed mapping file.

    Raises:
        MappingError: When the header row or a named column is not in the sheet, or the
            result maps neither the partner's name nor its Erasmus code.
    """
    detected = detect(sheet)
    header_row = overrides.get("header_row")
    if header_row is not None:
        cells = dict(sheet.rows).get(int(header_row))  # type: ignore[call-overload]
        if cells is None:
            raise MappingError(f"row {header_row} of sheet {sheet.name!r} is blank or beyond its end")
        base = Mapping(sheet.name, int(header_row), cells, _header_columns(cells))  # type: ignore[call-overload]
    elif detected is not None:
        base = detected
    elif sheet.rows:
        number, cells = sheet.rows[0]
        base = Mapping(sheet.name, number, cells, {})
    else:
        raise MappingError(f"sheet {sheet.name!r} is empty")
    columns = dict(base.columns)
    for name, value in dict(overrides.get("columns") or {}).items():  # type: ignore[call-overload]
        if value == "":
            columns.pop(name, None)
        else:
            columns[name] = _column_index(str(value), base.headers)
    types = {normalize(str(k)): str(v) for k, v in dict(overrides.get("types") or {}).items()}  # type: ignore[call-overload]
    mapping = replace(
        base,
        columns=columns,
        types=types,
        date_order=str(overrides.get("date_order") or ""),
        chosen_by="mapping file" if overrides else "detected",
    )
    if not ({"name", "erasmus_code"} & set(columns)):
        raise MappingError(
            "the mapping names neither the partner institution (name) nor its erasmus_code column"
        )
    return mapping
