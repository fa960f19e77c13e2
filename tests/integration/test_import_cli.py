"""python -m dashboard init / import / history on realistic spreadsheets (see tests/import_fixtures.py)."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.config import PROJECT_ROOT
from dashboard.data.dataset import load_dataset
from tests.import_fixtures import french_csv, italian_xlsx, new_folder, spanish_ods


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return new_folder(tmp_path / "network")


def test_init_starts_a_folder_that_passes_check_with_home_placed_by_its_code(folder, capsys):
    (home,) = _rows(folder / "institutions.csv")
    assert (home["name"], home["erasmus_code"], home["placed_by"], home["country"]) == (
        "Politecnico di Milano", "I MILANO02", "code", "IT",
    )  # fmt: skip
    assert main(["check", str(folder)]) == 0


def test_init_refuses_a_folder_that_holds_files(folder, capsys):
    before = _hashes(folder)
    assert main(["init", str(folder), "--home", "X", "--country", "IT"]) == 1
    assert "already exists" in capsys.readouterr().out and _hashes(folder) == before


def test_init_with_an_unknown_country_creates_nothing(tmp_path, capsys):
    assert main(["init", str(tmp_path / "n"), "--home", "X", "--country", "Narnia"]) == 1
    assert not (tmp_path / "n").exists()


def test_italian_export_becomes_a_valid_folder_with_every_row_reported(folder, tmp_path, capsys):
    capsys.readouterr()
    code = main(["import", str(italian_xlsx(tmp_path / "accordi.xlsx")), "--into", str(folder),
                 "--source", "MoveON export 2026-11-30"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "name          <- A 'Istituzione partner'" in out and "not used: K 'Referente'" in out
    for line in ("6 imported as agreements (rows 4-5, 7-9, 13)", "1 exact duplicates, merged (row 6)",
                 "2 above the header (title) (rows 1-2)", "1 totals row (row 14)", "1 blank row (row 11)",
                 "unknown agreement type 'Summer school'", "2 matched by Erasmus code"):  # fmt: skip
        assert line in out
    ds = load_dataset(folder)
    salamanca = ds.institutions[ds.institutions["erasmus_code"] == "E SALAMAN02"].iloc[0]
    assert round(salamanca["lon"], 1) == -5.7 and salamanca["placed_by"] == "code"
    assert set(ds.agreements["source"]) == {"MoveON export 2026-11-30"}
    assert '=HYPERLINK("http://example.org";"Click")' in set(ds.institutions["name"])
    capsys.readouterr()
    main(["check", str(folder), "-v"])
    assert (
        "placed_by 'code': identified by Erasmus code in the Erasmus Charter list" in capsys.readouterr().out
    )


def test_the_default_source_is_the_file_name_and_date(folder, tmp_path):
    assert (
        main(
            [
                "import",
                str(french_csv(tmp_path / "accords.csv")),
                "--into",
                str(folder),
                "--as-of",
                "2026-11-30",
            ]
        )
        == 0
    )
    assert {r["source"] for r in _rows(folder / "agreements.csv")} == {"accords.csv, imported 2026-11-30"}


def test_french_cp1252_semicolon_csv_is_read(folder, tmp_path, capsys):
    assert main(["import", str(french_csv(tmp_path / "accords.csv")), "--into", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "name          <- A 'Établissement partenaire'" in out and "read as Windows-1252" in out
    names = {r["name"] for r in _rows(folder / "institutions.csv")}
    assert {"UNIVERSITE DE STRASBOURG", "+cmd|' /C calc'!A0", "Université de Montréal"} <= names


def test_ods_file_is_read_and_a_known_partner_is_recognised_on_a_second_import(folder, tmp_path, capsys):
    italian = italian_xlsx(tmp_path / "accordi.xlsx")
    assert main(["import", str(italian), "--into", str(folder)]) == 0
    assert main(["import", str(spanish_ods(tmp_path / "convenios.ods")), "--into", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "1 partners already in the folder (row 5)" in out and "day and month could be swapped" in out
    ids = [r["id"] for r in _rows(folder / "institutions.csv")]
    assert len(ids) == len(set(ids))


def test_importing_the_same_file_twice_adds_nothing_the_second_time(folder, tmp_path, capsys):
    italian = italian_xlsx(tmp_path / "accordi.xlsx")
    assert main(["import", str(italian), "--into", str(folder)]) == 0
    rows = _rows(folder / "agreements.csv")
    capsys.readouterr()
    assert main(["import", str(italian), "--into", str(folder)]) == 0
    assert _rows(folder / "agreements.csv") == rows
    assert "already in agreements.csv, left as they are" in capsys.readouterr().out


def test_two_sheets_the_first_with_a_header_is_read_and_sheet_chooses_another(folder, tmp_path, capsys):
    book = italian_xlsx(tmp_path / "two.xlsx", second_sheet=True)
    assert main(["import", str(book), "--into", str(folder), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "sheet 'Accordi', the first with a recognisable header" in out and "'Legenda'" in out
    assert main(["import", str(book), "--into", str(folder), "--sheet", "Accordi 2019", "--dry-run"]) == 0
    assert "1 imported as agreements (row 2)" in capsys.readouterr().out
    assert main(["import", str(book), "--into", str(folder), "--sheet", "Nope"]) == 1


def test_dry_run_writes_nothing(folder, tmp_path, capsys):
    before = _hashes(folder)
    assert main(["import", str(italian_xlsx(tmp_path / "a.xlsx")), "--into", str(folder), "--dry-run"]) == 0
    assert "Dry run: nothing was written." in capsys.readouterr().out
    assert _hashes(folder) == before


def test_a_failed_import_leaves_the_folder_byte_for_byte_as_it_was(folder, tmp_path, capsys):
    assert main(["import", str(italian_xlsx(tmp_path / "a.xlsx")), "--into", str(folder)]) == 0
    before = _hashes(folder)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country,type,lat,lon\nSwapped U,IT,exchange,48.85,2.35\n", encoding="utf-8")
    assert main(["import", str(bad), "--into", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "outside IT" in out and "(from bad.csv row 2)" in out and "Nothing was written" in out
    assert _hashes(folder) == before


def test_a_mapping_file_overrides_the_detected_columns_and_types(folder, tmp_path, capsys):
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\nnote = "Referente"\n[types]\n"Summer school" = "exchange"\n', encoding="utf-8"
    )
    assert (
        main(
            [
                "import",
                str(italian_xlsx(tmp_path / "a.xlsx")),
                "--into",
                str(folder),
                "--mapping",
                str(mapping),
            ]
        )
        == 0
    )
    assert "(mapping file)" in capsys.readouterr().out
    notes = {r["note"] for r in _rows(folder / "agreements.csv")}
    assert "level: Master; Rossi" in notes
    assert any(
        r["institution_id"].startswith("universita-di-atlantide") for r in _rows(folder / "agreements.csv")
    )


def test_history_lists_versions_and_restores_the_folder_as_it_was(folder, tmp_path, capsys):
    original = _hashes(folder)
    assert main(["import", str(italian_xlsx(tmp_path / "a.xlsx")), "--into", str(folder)]) == 0
    capsys.readouterr()
    assert main(["history", str(folder)]) == 0
    listing = capsys.readouterr().out
    version = listing.split("\n")[1].split()[0]
    assert "import a.xlsx" in listing
    assert main(["history", str(folder), "--restore", version]) == 0
    restored = {k: v for k, v in _hashes(folder).items() if not k.startswith(".history")}
    assert restored == {k: v for k, v in original.items() if not k.startswith(".history")}
    assert not (folder / "agreements.csv").exists()  # it did not exist before the import
    assert main(["history", str(folder), "--restore", "20000101T000000Z"]) == 1


def test_an_unreadable_or_foreign_file_is_a_message_not_a_traceback(folder, tmp_path, capsys):
    junk = tmp_path / "broken.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a workbook")
    assert main(["import", str(junk), "--into", str(folder)]) == 1
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["import", str(old), "--into", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "cannot be read as an Excel (.xlsx) workbook" in err and "save an old .xls as .xlsx" in err
    assert main(["import", str(old), "--into", str(tmp_path / "nowhere")]) == 1
    assert "not a data folder" in capsys.readouterr().err


def test_the_command_runs_as_a_module(folder, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "import", str(french_csv(tmp_path / "a.csv")), "--into", str(folder)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Wrote institutions.csv, agreements.csv" in done.stdout


def test_report_lists_every_row_in_a_formula_safe_csv(folder, tmp_path, capsys):
    out = tmp_path / "rows.csv"
    assert (
        main(["import", str(italian_xlsx(tmp_path / "a.xlsx")), "--into", str(folder), "--report", str(out)])
        == 0
    )
    with out.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [int(r["row"]) for r in records] == list(range(1, 15))
    assert records[12]["partner_name"] == '\'=HYPERLINK("http://example.org";"Click")'
