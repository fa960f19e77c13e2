"""The real, messy Erasmus charter list: every row is accounted for and at least 95% placed."""

from __future__ import annotations

import csv

import pytest

from dashboard.cli import main
from dashboard.config import PROJECT_ROOT
from dashboard.data.placing import place_list
from dashboard.data.problems import Report

ECHE = PROJECT_ROOT.parent / "shared" / "data" / "eche-2021-2027" / "eche_holders_2021_2027.csv"
KNOWN = {
    row["country"] for row in csv.DictReader((PROJECT_ROOT / "data" / "regions.csv").open(encoding="utf-8"))
}


@pytest.mark.skipif(not ECHE.is_file(), reason="the shared ECHE list is not beside this checkout")
def test_eche_list_is_placed_and_no_row_is_dropped():
    result = place_list(ECHE, KNOWN, Report())
    assert result.rows == 5912 == len(result.records)
    assert result.placed + sum(result.unplaced.values()) == result.rows
    assert result.placed / result.rows >= 0.95
    assert result.aliases > 0  # Greece is EL in the list
    greek = [r for r in result.records if r["country"] == "EL"]
    assert sum(1 for r in greek if r["lat"] != "") / len(greek) > 0.9


def test_reasons_for_unplaced_rows(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text(
        "name,city,country\nA,Milano,IT\nB,,IT\nC,Gda?sk,PL\nD,Atlantis,IT\nE,Paris,XX\nF,Athens,EL\n",
        encoding="utf-8",
    )
    out = tmp_path / "placed.csv"
    assert main(["place", str(path), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "6 rows: 2 placed (33.3%), 4 not placed" in text
    assert "1 row used the EU country codes EL/UK" in text  # singular: one row
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["reason"] for r in rows] == [
        "",
        "the city cell is blank",
        "the city has '?' where characters were lost upstream",
        "the city is not in the gazetteer for that country",
        "the country is not an ISO 3166-1 alpha-2 code",
        "",
    ]


def test_unreadable_list_exits_1(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text("title,town\nA,B\n", encoding="utf-8")
    assert main(["place", str(path)]) == 1
    assert "needs the columns name, city and country" in capsys.readouterr().err


def test_the_summary_in_italian(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text("name,city,country\nA,Milano,IT\nB,,IT\n", encoding="utf-8")
    assert main(["place", "--lang", "it", str(path)]) == 0
    text = capsys.readouterr().out
    assert "2 righe: collocate 1 (50,0%), non collocate 1" in text and "la cella della città è vuota" in text
