"""Header detection, mapping files and the choice of sheet for imported spreadsheets."""

from __future__ import annotations

import pytest

from dashboard.data.mapping import (
    Mapping,
    MappingError,
    apply_overrides,
    choose_sheet,
    detect,
    header_field,
    is_totals_row,
    parse_mapping_toml,
)
from dashboard.data.sheets import Sheet, sniff_delimiter


def _sheet(*rows: tuple[str, ...], name: str = "S") -> Sheet:
    return Sheet(name, tuple((i, r) for i, r in enumerate(rows, start=1) if any(r)))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (("Istituzione partner", "Codice Erasmus", "Paese", "Città", "Tipo accordo", "Area ISCED", "Inizio", "Fine"),
         ["name", "erasmus_code", "country", "city", "type", "field", "since", "until"]),
        (("Établissement partenaire", "Code Erasmus", "Pays", "Ville", "Type d'accord", "Date de début", "Date de fin"),
         ["name", "erasmus_code", "country", "city", "type", "since", "until"]),
        (("Partnerhochschule", "Erasmus-Code", "Land", "Stadt", "Vertragsart", "Gültig ab", "Gültig bis"),
         ["name", "erasmus_code", "country", "city", "type", "since", "until"]),
        (("Institución socia", "Código Erasmus", "País", "Ciudad", "Tipo de convenio", "Fecha de inicio"),
         ["name", "erasmus_code", "country", "city", "type", "since"]),
        (("Partner institution", "Erasmus code", "Country", "City", "Agreement type", "Academic year", "Level"),
         ["name", "erasmus_code", "country", "city", "type", "period", "level"]),
    ],
)  # fmt: skip
def test_headers_are_recognised_in_five_languages(header, expected):
    assert [header_field(h) for h in header] == expected


def test_header_is_found_below_title_rows_and_unknown_columns_are_left_out():
    sheet = _sheet(
        ("Accordi 2024",),
        ("Estratto il 30/11",),
        ("Ateneo", "Paese", "Referente", "Tipo"),
        ("X", "IT", "", ""),
    )
    mapping = detect(sheet)
    assert mapping is not None and mapping.header_row == 3
    assert mapping.columns == {"name": 0, "country": 1, "type": 3}
    assert any("not used: C 'Referente'" in line for line in mapping.describe())


def test_a_sheet_without_a_partner_column_has_no_header():
    assert detect(_sheet(("Paese", "Città"), ("IT", "Milano"))) is None


def test_totals_rows_are_recognised_in_several_languages():
    assert all(
        is_totals_row((word, "", "12"))
        for word in ("Totale", "TOTAL", "Totaux", "Gesamt", "Summe", "Total general")
    )
    assert not is_totals_row(("Totalmente Università", "I X01"))


def test_mapping_file_overrides_columns_by_header_or_letter_and_drops_a_field():
    sheet = _sheet(("Ateneo", "Codice", "Paese", "Note"), ("X", "I MILANO02", "IT", "n"))
    overrides = parse_mapping_toml(
        '[columns]\nerasmus_code = "Codice"\nnote = "D"\ncountry = ""\n[types]\n"Summer school" = "exchange"'
    )
    mapping = apply_overrides(sheet, overrides)
    assert mapping.columns == {"name": 0, "erasmus_code": 1, "note": 3}
    assert mapping.types == {"summer school": "exchange"} and mapping.chosen_by == "mapping file"


def test_mapping_file_header_row_moves_the_header():
    sheet = _sheet(("Name", "Country"), ("Ateneo", "Paese"), ("X", "IT"))
    assert apply_overrides(sheet, parse_mapping_toml("header_row = 2")).header_row == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[columns", "not valid TOML"),
        ('colour = "red"', "unknown keys"),
        ('[columns]\npartner = "A"', "'partner' is not a field"),
        ('[types]\n"x" = "party"', "expected one of exchange"),
        ('date_order = "YMD"', "DMY or MDY"),
    ],
)
def test_bad_mapping_files_say_what_to_change(text, message):
    with pytest.raises(MappingError, match=message):
        parse_mapping_toml(text)


def test_override_naming_a_missing_column_is_refused():
    sheet = _sheet(("Ateneo", "Paese"), ("X", "IT"))
    with pytest.raises(MappingError, match="no column 'Codice'"):
        apply_overrides(sheet, parse_mapping_toml('[columns]\nerasmus_code = "Codice"'))


def test_first_sheet_with_a_header_is_chosen_and_the_others_are_named():
    legend = _sheet(("Legenda",), ("0613", "Software"), name="Legenda")
    data = _sheet(("Ateneo", "Paese"), ("X", "IT"), name="Accordi")
    chosen, note = choose_sheet([legend, data])
    assert chosen is data and "other sheets not read: 'Legenda'" in note and "--sheet" in note


def test_sheet_is_chosen_by_name_or_number_and_a_wrong_name_lists_the_sheets():
    a, b = _sheet(("Ateneo", "Paese"), name="A"), _sheet(("Ateneo", "Paese"), name="B")
    assert choose_sheet([a, b], "b")[0] is b and choose_sheet([a, b], "2")[0] is b
    chosen, note = choose_sheet([a, b], "C")
    assert chosen is None and "'A', 'B'" in note


def test_mapping_round_trips_through_plain_data():
    mapping = Mapping("S", 3, ("Ateneo", "Paese"), {"name": 0, "country": 1}, {"x": "mou"}, "MDY")
    assert Mapping.from_dict(mapping.to_dict()) == mapping


def test_delimiter_is_sniffed_past_a_title_line():
    assert sniff_delimiter(["Liste des accords", "Nom;Pays;Ville", "A;FR;Lyon", "B;FR;Paris"]) == ";"
    assert sniff_delimiter(["name\tcountry", "A\tFR"]) == "\t"
