"""Problems found while reading files and checking rows are catalog texts: English as before, and Italian."""

from __future__ import annotations

import pytest

from dashboard.data.cells import parse_date, parse_source
from dashboard.data.problems import Invalid, Report
from dashboard.data.reading import Row, Table, read_csv
from dashboard.data.relation_rows import check_memberships


def test_a_cell_parse_error_is_a_catalog_text_in_both_languages():
    with pytest.raises(Invalid) as raised:
        parse_date("07/2020")
    assert (
        str(raised.value) == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"
    )  # callers using str() keep English
    report = Report()
    report.say("error", "memberships.csv", raised.value, row=4, column="since", value="07/2020")
    problem = report.problems[0]
    assert problem.key == "problem.cell.date"
    assert problem.text("it") == "serve una data nella forma YYYY, YYYY-MM o YYYY-MM-DD"
    assert problem.render("en") == (
        "memberships.csv:4 since '07/2020': expected a date as YYYY, YYYY-MM or YYYY-MM-DD"
    )


def test_a_cell_error_with_a_number_keeps_it_in_both_languages():
    with pytest.raises(Invalid) as raised:
        parse_source("x" * 300)
    assert raised.value.said.text("en") == "a source label is one line of at most 200 printable characters"
    assert "200" in raised.value.said.text("it") and raised.value.said.text("it") != str(raised.value)


def test_a_broken_csv_gives_keyed_problems_with_italian_text(tmp_path):
    path = tmp_path / "institutions.csv"
    path.write_bytes(b"id;name;name\n" + "a;Città;x;y\n".encode("cp1252"))
    report = Report()
    assert read_csv(path, report) is None
    keys = [p.key for p in report.problems]
    assert keys == ["problem.read.cp1252", "problem.read.delimiter", "problem.read.header_twice"]
    assert all(p.text("it") != p.text("en") for p in report.problems)
    assert report.problems[0].message == (
        "not valid UTF-8 (byte 19); read as Windows-1252 — save as UTF-8 to be sure"
    )
    assert report.problems[1].text("it") == "letto con ';' come separatore"


def test_mixed_encodings_say_line_or_lines_in_each_language(tmp_path):
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    one.write_bytes("name\nCittà\n".encode() + "Genève\n".encode("cp1252"))
    many.write_bytes("name\nCittà\n".encode() + ("Genève\n" * 12).encode("cp1252"))
    report = Report()
    read_csv(one, report)
    read_csv(many, report)
    first, second = report.problems
    assert first.text("it").startswith("mescola due codifiche: la riga 3 è in Windows-1252")
    assert second.message.startswith(
        "mixes two encodings: lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 2 more are"
    )
    assert second.text("it").startswith(
        "mescola due codifiche: le righe 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 e altre 2 sono"
    )


def test_a_relation_row_reports_its_cell_parser_and_its_own_checks_by_key():
    header = ("consortium_id", "institution_id", "role", "since", "source", "as_of")
    table = Table(
        header, [Row(2, dict(zip(header, ["c1", "ghost", "", "07/2020", "ftp://x", ""], strict=True)))]
    )
    report = Report()
    check_memberships(table, {"c1"}, {"uni"}, report)
    keys = [p.key for p in report.problems]
    assert keys == [
        "problem.relation.no_institution",
        "problem.cell.date",
        "problem.relation.date_required",
        "problem.cell.source_address",
    ]
    assert all(p.key and p.text("it") != p.message for p in report.problems)


def test_a_csv_cell_beyond_the_csv_modules_limit_is_a_problem_not_a_crash(tmp_path):
    from dashboard.data.sheets import read_workbook

    path = tmp_path / "long.csv"
    path.write_text("name,city,country\nA," + "x" * 200_000 + ",IT\n", encoding="utf-8")
    report = Report()
    assert read_workbook(path, report) is None
    (problem,) = report.errors
    assert problem.row == 2 and "131072" in problem.text("en") and problem.text("it") != problem.text("en")
