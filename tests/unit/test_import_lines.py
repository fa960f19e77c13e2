"""The import's own text (row reasons, partner caveats, sheet note, summary lines) in the reader's
language: English exactly as before, Italian from the catalogs, through a stored plan too."""

from __future__ import annotations

import pytest

from dashboard.data.import_report import Line, render, report_of, row_report, summary
from dashboard.data.importing import ImportPlan, plan_import
from dashboard.data.mapping import choose_sheet, detect
from dashboard.data.matching import load_reference
from dashboard.data.problems import Message
from tests.unit.test_import_plan import _plan, _sheet, _state


@pytest.fixture(scope="module")
def plan() -> ImportPlan:
    return _plan()


def _reason(plan: ImportPlan, outcome: str, lang: str) -> set[str]:
    return {r.reason_text(lang) for r in plan.rows if r.outcome == outcome}


def test_summary_lines_read_in_italian_and_stay_as_they_were_in_english(plan):
    lines = summary(plan)
    english = [line.text("en") for line in lines]
    italian = [line.text("it") for line in lines]
    assert english == [str(line) for line in lines]
    assert english[0].endswith("rows in sheet 'Accordi' (header in row 3)")
    assert italian[0].endswith("righe nel foglio 'Accordi' (intestazione nella riga 3)")
    assert any(line.strip().endswith("imported as agreements (rows 4-5, 7-9, 13)") for line in english)
    assert any(line.strip().endswith("importate come accordi (righe 4-5, 7-9, 13)") for line in italian)
    assert "      5 skipped:" in english and "      5 saltate:" in italian
    assert "      2 refused:" in english and "      2 scartate:" in italian
    assert all(e != i for e, i in zip(english, italian, strict=True) if "new partners" not in e)


def test_a_refused_row_says_why_in_the_page_language(plan):
    english, italian = _reason(plan, "refused", "en"), _reason(plan, "refused", "it")
    assert english == {r.reason for r in plan.rows if r.outcome == "refused"}
    assert english.isdisjoint(italian)
    assert _reason(plan, "skipped", "it") >= {
        "riga vuota",
        "riga dei totali",
        "sopra l'intestazione (titolo)",
    }
    warnings = [p.render("it") for p in report_of(plan).of("warning")]
    assert (
        "accordi.xlsx:12: riga scartata: il paese 'Narnia' non è un codice o un nome di paese noto"
        in "\n".join(warnings)
    )


def test_partner_caveats_and_notes_follow_the_language(plan):
    salamanca = plan.partner(next(r.partner for r in plan.rows if r.row == 4))
    assert salamanca is not None and "a district of Madrid" in salamanca.note
    notes = [p.text("it") for p in report_of(plan).of("info") if salamanca.name in p.text("en")]
    assert any("un quartiere di Madrid" in n for n in notes), notes


def test_a_stored_plan_keeps_its_messages(plan):
    again = ImportPlan.from_json(plan.to_json())
    assert [line.text("it") for line in summary(again)] == [line.text("it") for line in summary(plan)]
    assert [r.reason_text("it") for r in again.rows] == [r.reason_text("it") for r in plan.rows]
    assert row_report(again, "it") == row_report(plan, "it") != row_report(plan)


def test_row_numbers_have_no_thousands_separator_in_any_language():
    line = Line.of(6, Message.of("import.line.imported"), [1000, 1001, 1002, 2500, *range(3000, 4200, 2)])
    assert "(righe 1000-1002, 2500, 3000, " in line.text("it")
    assert line.text("it").endswith("e altre 590 righe)")
    assert "(rows 1000-1002, 2500, 3000, " in line.text("en") and line.text("en").endswith(
        "and 590 more rows)"
    )


def test_the_sheet_note_is_said_in_the_reader_language():
    sheet = _sheet([])
    chosen, note = choose_sheet([sheet])
    assert chosen is sheet and note == "sheet 'Accordi', the first with a recognisable header"
    mapping = detect(sheet)
    assert mapping is not None
    planned = plan_import(
        sheet, mapping, _state(), load_reference(), source="s", as_of="2026-12-01", file="a.xlsx",
        sheet_note=note,
    )  # fmt: skip
    assert planned.sheet_note == note
    assert ImportPlan.from_json(planned.to_json()).sheet_text("it") == (
        "foglio 'Accordi', il primo con un'intestazione riconoscibile"
    )
    assert render(planned, lang="it").startswith("Letto a.xlsx: foglio 'Accordi', il primo")
    assert render(planned).startswith("Read a.xlsx: sheet 'Accordi', the first with a recognisable header")
