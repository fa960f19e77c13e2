"""The browser import's steps on disk: staging by token, upload decoding, remapping, placing, saving."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from dashboard.data.problems import Report
from dashboard.data.reading import read_csv
from dashboard.web import import_session as session
from dashboard.web.import_session import Staged, Staging, UploadError
from dashboard.web.security import IMPORT_FILE_BYTES

SHEET = (
    "Elenco accordi 2026\n"
    "Istituzione partner;Codice Erasmus;Paese;Città;Tipo accordo;Anno accademico\n"
    "Universidad de Salamanca;E  SALAMAN02;ES;;Erasmus+ KA131;2022/2023\n"
    "Institut Imaginaire;;FR;Nowhereville;doppio titolo;2021\n"
    "Totale;;;;;\n"
)


def upload_value(text: str, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(text.encode("utf-8")).decode()


def started(folder: Path, text: str = SHEET) -> Staged:
    name, data = session.decode_upload(upload_value(text), "accordi.csv")
    staged, report = session.start(name, data, folder, source="Test export", today="2026-12-02")
    assert staged is not None, report.render()
    return staged


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- staging


def test_staged_import_comes_back_from_disk_under_its_token(tmp_path, tiny_dir):
    staging = Staging(tmp_path / "staging")
    staged = started(tiny_dir)
    token = staging.put(staged)
    again = staging.get(token)
    assert again == staged
    assert again is not None and again.the_plan() == staged.the_plan()


def test_tokens_are_random_and_url_safe(tmp_path, tiny_dir):
    staging = Staging(tmp_path)
    staged = started(tiny_dir)
    tokens = {staging.put(staged) for _ in range(5)}
    assert len(tokens) == 5
    assert all(
        len(t) >= 32 and set(t) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for t in tokens
    )


@pytest.mark.parametrize("token", ["", None, "../../etc/passwd", "short", "a" * 100, "x/../" + "a" * 30])
def test_a_malformed_token_finds_nothing_and_names_no_path(tmp_path, token):
    staging = Staging(tmp_path / "staging")
    (tmp_path / "passwd.json").write_text("{}")
    assert staging.get(token) is None


def test_a_stale_import_expires(tmp_path, tiny_dir):
    clock = Clock(1_000_000_000.0)
    staging = Staging(tmp_path, ttl=60.0, clock=clock)
    token = staging.put(started(tiny_dir))
    path = tmp_path / f"{token}.json"

    os.utime(path, (clock.now, clock.now))
    clock.now += 61.0
    assert staging.get(token) is None
    assert not path.exists()


def test_only_the_newest_imports_are_kept(tmp_path, tiny_dir):

    staging = Staging(tmp_path, max_staged=2, clock=Clock(1010.0))
    staged = started(tiny_dir)
    tokens = []
    for n in range(4):
        tokens.append(staging.put(staged))
        os.utime(tmp_path / f"{tokens[-1]}.json", (1000.0 + n, 1000.0 + n))
    staging.expire()
    assert [staging.get(t) is not None for t in tokens] == [False, False, True, True]


def test_a_corrupt_staged_file_is_treated_as_gone(tmp_path, tiny_dir):
    staging = Staging(tmp_path)
    token = staging.put(started(tiny_dir))
    (tmp_path / f"{token}.json").write_text('{"file": 1')
    assert staging.get(token) is None


# --------------------------------------------------------------------------- upload


@pytest.mark.parametrize(
    ("contents", "name", "key"),
    [
        (None, "a.csv", "import.error.no_file"),
        (upload_value("a"), "", "import.error.no_file"),
        (upload_value("a"), "list.xls", "import.error.suffix"),
        (upload_value("a"), "list.exe", "import.error.suffix"),
        ("data:text/csv,plain", "a.csv", "import.error.encoding"),
        ("data:text/csv;base64,@@@@", "a.csv", "import.error.encoding"),
        ("data:text/csv;base64,", "a.csv", "import.error.empty"),
    ],
)
def test_uploads_that_are_not_a_spreadsheet_are_named(contents, name, key):
    with pytest.raises(UploadError) as caught:
        session.decode_upload(contents, name)
    assert caught.value.key == key


def test_an_upload_over_the_limit_is_refused_before_decoding():
    too_big = "data:text/csv;base64," + "A" * (IMPORT_FILE_BYTES * 4 // 3 + 8)
    with pytest.raises(UploadError) as caught:
        session.decode_upload(too_big, "big.csv")
    assert caught.value.key == "import.error.too_large"
    assert caught.value.params == {"limit": 20}


def test_the_uploaded_name_is_only_a_name():
    name, _ = session.decode_upload(upload_value("a,b\n"), "C:\\Users\\x\\..\\evil\x00.csv")
    assert name == "evil_.csv"


# --------------------------------------------------------------------------- steps


def test_start_plans_with_the_detected_columns(tiny_dir):
    staged = started(tiny_dir)
    plan = staged.the_plan()
    assert plan is not None
    assert staged.header_row == 2
    assert {"name", "erasmus_code", "country", "type", "period"} <= set(staged.columns)
    outcomes = {r.row: r.outcome for r in plan.rows}
    assert outcomes == {1: "skipped", 2: "skipped", 3: "imported", 4: "imported", 5: "skipped"}
    salamanca = next(p for p in plan.partners if p.erasmus_code)
    assert salamanca.placed_by == "code"
    assert salamanca.lat == pytest.approx(40.97, abs=0.05)  # the city, not the Madrid district


def test_start_on_a_folder_that_is_not_a_data_folder_says_why(tmp_path):
    name, data = session.decode_upload(upload_value(SHEET), "accordi.csv")
    staged, report = session.start(name, data, tmp_path, source="x", today="2026-12-02")
    assert staged is None
    assert "dataset.toml" in report.render()


def test_a_sheet_without_a_recognisable_header_is_staged_for_choosing_columns(tiny_dir):
    staged = started(tiny_dir, "Ateneo;Sigla\nFoo University;X\n")
    assert staged.the_plan() is None
    assert staged.error
    assert staged.header_row == 1 and staged.columns == {}
    chosen, _ = session.remap(
        staged, tiny_dir, sheet=staged.sheet, header_row=1, columns={"name": 0, "country": -1}
    )
    plan = chosen.the_plan() if chosen else None
    assert plan is not None and not chosen.error  # type: ignore[union-attr]
    assert {r.reason for r in plan.rows if r.row == 2} == {"the agreement type is blank"}


def test_remap_without_a_type_column_refuses_rows_until_a_default_type_is_given(tiny_dir):
    staged = started(tiny_dir)
    columns: dict[str, int | None] = {**staged.columns, "type": -1}
    untyped, _ = session.remap(
        staged, tiny_dir, sheet=staged.sheet, header_row=staged.header_row, columns=columns
    )
    assert untyped is not None
    plan = untyped.the_plan()
    assert plan is not None
    assert [r.reason for r in plan.rows if r.outcome == "refused"] == ["the agreement type is blank"] * 2
    typed, _ = session.remap(
        untyped,
        tiny_dir,
        sheet=staged.sheet,
        header_row=staged.header_row,
        columns=columns,
        default_type="exchange",
    )
    assert typed is not None and typed.the_plan() is not None
    assert {a["type"] for a in typed.the_plan().agreements} == {"exchange"}  # type: ignore[union-attr]


def test_typed_coordinates_place_an_unplaced_partner(tiny_dir):
    staged = started(tiny_dir)
    plan = staged.the_plan()
    assert plan is not None
    unplaced = next(p for p in plan.partners if p.new and not p.placed_by)
    placed, problems = session.place(staged, candidates={}, coordinates={unplaced.id: ("45,5", " 9.2 ")})
    assert problems == {}
    partner = placed.the_plan().partner(unplaced.id)  # type: ignore[union-attr]
    assert (partner.lat, partner.lon, partner.placed_by) == (45.5, 9.2, "coordinates")  # type: ignore[union-attr]


def test_coordinates_out_of_range_or_not_numbers_are_reported_per_partner(tiny_dir):
    staged = started(tiny_dir)
    plan = staged.the_plan()
    assert plan is not None
    ident = next(p.id for p in plan.partners if p.new and not p.placed_by)
    _, problems = session.place(staged, candidates={}, coordinates={ident: ("95", "9")})
    assert set(problems) == {ident}
    _, problems = session.place(staged, candidates={}, coordinates={ident: ("north", "9")})
    assert "not a number" in problems[ident]


def test_save_writes_the_new_partner_and_keeps_the_old_files(tiny_dir):
    staged = started(tiny_dir)
    applied = session.save(staged, tiny_dir)
    assert applied.ok, applied.report.render()
    assert set(applied.written) == {"institutions.csv", "agreements.csv"}
    assert applied.version is not None
    table = read_csv(tiny_dir / "institutions.csv", Report())
    assert table is not None
    assert "Universidad de Salamanca" in {r.get("name") for r in table.rows}


def test_save_refuses_when_the_folder_changed_since_the_plan(tiny_dir):
    staged = started(tiny_dir)
    before = (tiny_dir / "agreements.csv").read_bytes()
    with (tiny_dir / "agreements.csv").open("a", encoding="utf-8") as f:
        f.write("sing,exchange,,2024,,https://example.org/x,2024,\n")
    changed = (tiny_dir / "agreements.csv").read_bytes()
    applied = session.save(staged, tiny_dir)
    assert not applied.ok
    assert "changed since" in applied.report.render()
    assert (tiny_dir / "agreements.csv").read_bytes() == changed != before


def test_a_staged_import_is_plain_json(tmp_path, tiny_dir):
    staging = Staging(tmp_path)
    token = staging.put(started(tiny_dir))
    data = json.loads((tmp_path / f"{token}.json").read_text(encoding="utf-8"))
    assert data["file"] == "accordi.csv" and data["plan"]["source"] == "Test export"


def test_choosing_another_sheet_finds_its_header_and_says_so_in_the_page_language(tiny_dir, tmp_path):
    import io

    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Accordi"
    first.append(["Elenco accordi 2026"])  # a title row: the header is row 2 here
    first.append(["Istituzione partner", "Paese", "Tipo accordo", "Anno"])
    first.append(["Universidad de Salamanca", "ES", "Erasmus+", "2022"])
    other = book.create_sheet("Altri")
    other.append(["Istituzione partner", "Paese", "Tipo accordo", "Anno"])  # header in row 1
    other.append(["Institut Imaginaire", "FR", "doppio titolo", "2021"])
    data = io.BytesIO()
    book.save(data)
    staged, report = session.start(
        "accordi.xlsx", data.getvalue(), tiny_dir, source="Test", today="2026-12-02"
    )
    assert staged is not None and staged.sheet == "Accordi" and staged.header_row == 2, report.render()
    moved, _ = session.remap(staged, tiny_dir, sheet="Altri", header_row=staged.header_row, columns={})
    assert moved is not None and moved.header_row == 1  # not the first sheet's row 2
    staging = Staging(tmp_path / "staging")
    back = staging.get(staging.put(moved))
    assert back is not None and back.the_sheet_note().said.text("it") == "foglio 'Altri', come scelto"
