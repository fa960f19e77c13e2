"""Planning an import: every spreadsheet row accounted for, partners identified and placed."""

from __future__ import annotations

import pytest

from dashboard.data.import_report import report_of, row_ranges, row_report, summary
from dashboard.data.importing import FolderState, ImportPlan, choose_candidate, plan_import, set_coordinates
from dashboard.data.mapping import detect
from dashboard.data.matching import load_reference
from dashboard.data.sheets import Sheet, cell_text
from tests.import_fixtures import ITALIAN_HEADER, ITALIAN_ROWS

COUNTRIES = {"ES": "ESP", "DE": "DEU", "US": "USA", "GB": "GBR", "IT": "ITA", "FR": "FRA"}
HOME = {"id": "polimi", "name": "Politecnico di Milano", "country": "IT", "erasmus_code": "I MILANO02"}


def _sheet(rows: list[list[object]]) -> Sheet:
    table = [["Accordi (test)"], ["estratto"], ITALIAN_HEADER, *rows]
    records = [(n, tuple(cell_text(c) for c in r)) for n, r in enumerate(table, start=1)]
    kept = tuple((n, c) for n, c in records if any(c))
    blank = tuple(n for n, c in records if not any(c))
    return Sheet("Accordi", kept, blank)


def _state(*institutions: dict[str, str], agreements=None) -> FolderState:
    return FolderState("polimi", (HOME, *institutions), agreements or {}, COUNTRIES, "f")


def _plan(rows=ITALIAN_ROWS, state=None, **options) -> ImportPlan:
    sheet = _sheet(rows)
    mapping = detect(sheet)
    assert mapping is not None
    return plan_import(
        sheet, mapping, state or _state(), load_reference(), source="Test export", as_of="2026-12-01",
        file="accordi.xlsx", **options,
    )  # fmt: skip


@pytest.fixture(scope="module")
def plan() -> ImportPlan:
    return _plan()


def _row(plan: ImportPlan, number: int):
    return next(r for r in plan.rows if r.row == number)


def _partner_of(plan: ImportPlan, number: int):
    return plan.partner(_row(plan, number).partner)


def test_every_spreadsheet_row_is_accounted_for_once(plan):
    assert [r.row for r in plan.rows] == list(range(1, 3 + len(ITALIAN_ROWS) + 1))
    outcomes = {r.row: r.outcome for r in plan.rows}
    assert outcomes == {
        1: "skipped", 2: "skipped", 3: "skipped", 4: "imported", 5: "imported", 6: "duplicate", 7: "imported",
        8: "imported", 9: "imported", 10: "refused", 11: "skipped", 12: "refused", 13: "imported", 14: "skipped",
    }  # fmt: skip
    assert {_row(plan, n).reason for n in (1, 11, 14)} == {
        "above the header (title)",
        "blank row",
        "totals row",
    }


def test_salamanca_with_a_code_and_no_city_is_placed_in_the_city_not_in_madrid(plan):
    partner = _partner_of(plan, 4)
    assert (partner.erasmus_code, partner.placed_by, partner.identified_by) == ("E SALAMAN02", "code", "code")
    assert partner.city == "SALAMANCA" and round(partner.lon, 1) == -5.7 and round(partner.lat, 1) == 41.0
    assert "a district of Madrid" in partner.note


def test_rows_naming_the_same_partner_by_code_and_by_name_share_one_partner(plan):
    assert _row(plan, 5).partner == _row(plan, 4).partner
    assert sorted(_partner_of(plan, 4).rows) == [4, 5, 6]


def test_an_exact_duplicate_row_is_merged_into_the_first(plan):
    assert _row(plan, 6).reason == "same as row 4: merged"
    assert sum(a["institution_id"] == _row(plan, 4).partner for a in plan.agreements) == 2


def test_cambridge_us_and_cambridge_gb_are_told_apart_by_country(plan):
    harvard, cambridge = _partner_of(plan, 8), _partner_of(plan, 9)
    assert harvard.country == "US" and round(harvard.lat) == 42 and round(harvard.lon) == -71
    assert cambridge.country == "GB" and round(cambridge.lat) == 52 and round(cambridge.lon) == 0
    assert harvard.placed_by == cambridge.placed_by == "city"


def test_types_and_dates_are_read_into_the_format(plan):
    by_row = {int(a["row"]): a for a in plan.agreements}
    assert (by_row[4]["type"], by_row[4]["since"], by_row[4]["until"], by_row[4]["note"]) == (
        "exchange", "2021-09-01", "2027-08-31", "level: Master",
    )  # fmt: skip
    assert (by_row[5]["type"], by_row[5]["since"], by_row[5]["until"]) == (
        "double_degree",
        "2022-09",
        "2027-08",
    )
    assert (by_row[7]["type"], by_row[7]["since"]) == ("mou", "2020")
    assert by_row[8]["since"] == "2019-05-01"
    assert {a["source"] for a in plan.agreements} == {"Test export"}


def test_an_unknown_type_is_refused_with_its_value_never_turned_into_another_type(plan):
    assert "unknown agreement type 'Summer school'" in _row(plan, 10).reason
    assert all(a["type"] != "other" for a in plan.agreements)


def test_a_row_without_a_usable_country_is_refused_and_says_why(plan):
    assert "country 'Narnia' is not a known country" in _row(plan, 12).reason


def test_formula_looking_names_stay_text(plan):
    assert _partner_of(plan, 13).name == '=HYPERLINK("http://example.org";"Click")'


def test_a_city_the_gazetteer_lacks_is_kept_not_placed_with_the_reason(plan):
    partner = _partner_of(plan, 13)
    assert partner.placed_by == "" and partner.lat is None
    assert "'Atlantisville' is not in the offline gazetteer for FR" in partner.reason
    lines = [str(line) for line in summary(plan)]
    assert any("not placed" in line for line in lines)
    assert any(
        "the city is not in the offline gazetteer for its country" in line and "(row 13)" in line
        for line in lines
    )


def test_the_row_report_has_one_record_per_spreadsheet_row_with_its_partner(plan):
    records = row_report(plan)
    assert [int(r["row"]) for r in records] == [r.row for r in plan.rows]
    by_row = {int(r["row"]): r for r in records}
    assert (by_row[4]["identified_by"], by_row[4]["placed_by"]) == ("code", "code")
    assert by_row[13]["placed_by"] == "not placed" and "Atlantisville" in by_row[13]["caveat"]
    assert by_row[10]["outcome"] == "refused" and "Summer school" in by_row[10]["reason"]


def test_partners_already_in_the_folder_are_recognised_and_their_agreements_not_repeated():
    salamanca = {
        "id": "usal",
        "name": "Universidad de Salamanca",
        "country": "ES",
        "erasmus_code": "E SALAMAN02",
    }
    state = _state(salamanca, agreements={("usal", "exchange", "0613", "2021-09-01"): 5})
    plan = _plan(state=state)
    assert _row(plan, 4).outcome == "existing" and "agreements.csv (row 5)" in _row(plan, 4).reason
    assert _row(plan, 5).outcome == "imported" and _row(plan, 5).partner == "usal"
    assert not plan.partner("usal").new  # type: ignore[union-attr]


def test_the_home_institution_is_not_its_own_partner():
    plan = _plan(rows=[["", "I MILANO02", "Italia", "", "Scambio", "", "", "", "", "", ""]])
    assert _row(plan, 4).outcome == "refused" and "home institution itself" in _row(plan, 4).reason


def test_same_agreement_with_other_dates_is_refused_not_silently_dropped():
    rows = [
        ["Universidad de Salamanca", "", "ES", "", "Scambio", "", "2021", "2025", "", "", ""],
        ["Universidad de Salamanca", "", "ES", "", "Scambio", "", "2021", "2027", "", "", ""],
    ]
    plan = _plan(rows=rows)
    assert _row(plan, 5).outcome == "refused" and "as row 4 but other dates" in _row(plan, 5).reason


def test_blank_types_take_the_default_only_when_one_is_given():
    rows = [["Universidad de Salamanca", "", "ES", "", "", "", "", "", "", "", ""]]
    assert _row(_plan(rows=rows), 4).reason == "the agreement type is blank"
    assert _row(_plan(rows=rows, default_type="exchange"), 4).outcome == "imported"


def test_ambiguous_day_month_without_evidence_is_a_warning_naming_the_rows():
    rows = [["Universidad de Salamanca", "", "ES", "", "Scambio", "", "03/04/2022", "", "", "", ""]]
    problems = [p for p in _plan(rows=rows).problems if p["severity"] == "warning"]
    assert len(problems) == 1 and "day and month could be swapped in 1 row(s) (4)" in str(
        problems[0]["message"]
    )


def test_namesakes_in_doubt_are_a_warning_with_candidates_to_choose_from():
    rows = [["Springfield Test College", "", "US", "Springfield", "Scambio", "", "", "", "", "", ""]]
    plan = _plan(rows=rows)
    partner = _partner_of(plan, 4)
    assert "most populous of namesakes" in partner.warning and len(partner.candidates) >= 5
    moved = choose_candidate(plan, partner.id, 1)
    assert moved.partner(partner.id).lat == partner.candidates[1]["lat"]  # type: ignore[union-attr]
    assert plan.partner(partner.id).lat == partner.lat  # type: ignore[union-attr]  # the plan itself is unchanged
    assert any("Springfield Test College" in str(p) for p in report_of(plan).of("warning"))


def test_typed_coordinates_place_a_partner_and_record_how(plan):
    unplaced = _partner_of(plan, 13)
    placed = set_coordinates(plan, unplaced.id, 48.85, 2.35).partner(unplaced.id)
    assert (placed.lat, placed.lon, placed.placed_by, placed.reason) == (48.85, 2.35, "coordinates", "")  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        set_coordinates(plan, unplaced.id, 95, 0)
    with pytest.raises(LookupError):
        set_coordinates(plan, "nobody", 1, 1)


def test_a_plan_survives_a_round_trip_through_json(plan):
    assert ImportPlan.from_json(plan.to_json()) == plan


def test_row_ranges_are_compact():
    assert row_ranges([9, 4, 5, 6, 12, 11]) == "4-6, 9, 11-12"
