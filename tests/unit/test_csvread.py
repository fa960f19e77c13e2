from __future__ import annotations

from pathlib import Path

from dashboard.data.problems import Report
from dashboard.data.reading import MAX_FIELD, read_csv


def _read(tmp_path: Path, content: bytes) -> tuple[object, Report]:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    report = Report()
    return read_csv(path, report), report


def test_utf8_with_bom_reads_header_cleanly(tmp_path):
    table, report = _read(tmp_path, "\ufeffid,name\na,Zürich\n".encode())
    assert table.header == ("id", "name")
    assert table.rows[0].get("name") == "Zürich"
    assert report.problems == []


def test_cp1252_is_read_with_a_warning(tmp_path):
    table, report = _read(tmp_path, "id,name\na,Universit\xe9\n".encode("cp1252"))
    assert table.rows[0].get("name") == "Université"
    assert "Windows-1252" in str(report.of("warning")[0])


def test_semicolon_and_tab_delimiters_are_detected(tmp_path):
    for sep in (";", "\t"):
        table, report = _read(tmp_path, f"id{sep}name\na{sep}Alpha, Inc\n".encode())
        assert table.rows[0].cells == {"id": "a", "name": "Alpha, Inc"}
        assert report.ok


def test_row_with_too_many_cells_names_the_row(tmp_path):
    _, report = _read(tmp_path, b"id,name\na,Alpha\nb,Beta,extra\n")
    assert [str(p) for p in report.errors] == [
        "t.csv:3: has 3 cells but the header has 2 columns (an unquoted comma inside a value?)"
    ]


def test_short_rows_are_padded_with_blanks(tmp_path):
    table, report = _read(tmp_path, b"id,name,city\na,Alpha\n")
    assert table.rows[0].get("city") == ""
    assert report.ok


def test_duplicate_and_blank_headers_are_errors(tmp_path):
    table, report = _read(tmp_path, b"id,name,id\n")
    assert table is None
    assert "column appears twice" in str(report.errors[0])
    table, report = _read(tmp_path, b"id,,name\n")
    assert "header cell 2 is blank" in str(report.errors[0])


def test_empty_and_binary_files_are_errors(tmp_path):
    assert "is empty" in str(_read(tmp_path, b"")[1].errors[0])
    assert "is empty" in str(_read(tmp_path, b"\n\n  \n")[1].errors[0])
    assert "binary" in str(_read(tmp_path, b"PK\x03\x04\x00\x00garbage")[1].errors[0])


def test_oversized_cell_is_an_error_not_a_crash(tmp_path):
    _, report = _read(tmp_path, b"id,name\na," + b"x" * (MAX_FIELD + 1) + b"\n")
    assert "characters long" in str(report.errors[0])
    _, report = _read(tmp_path, b'id,name\na,"' + b"x" * 200_000 + b'"\n')
    assert not report.ok


def test_blank_lines_are_skipped_and_row_numbers_match_the_spreadsheet(tmp_path):
    table, _ = _read(tmp_path, b"id,name\n\na,Alpha\n")
    assert table.rows[0].number == 3
