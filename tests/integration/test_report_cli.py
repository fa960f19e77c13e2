from __future__ import annotations

import json

import pytest

from dashboard.cli import main


def test_report_markdown(tiny_dir, capsys):
    assert main(["report", "--format", "md", "--data", str(tiny_dir), "--focus", "warsaw"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Insights: HIT's network")
    assert (
        "## How are we connected to WTP?" in out and r"HIT –\[founder\]→ ALPHA –\[member\]→ WTP" in out
    )  # [ ] escaped: text


def test_report_json_follows_filters(tiny_dir, capsys):
    assert main(["report", "--format", "json", "--data", str(tiny_dir), "--region", "north-america"]) == 0
    data = json.loads(capsys.readouterr().out)
    scope = data["answers"][0]
    assert scope["key"] == "scope" and scope["data"]["partners"] == 2
    assert "Filters: region=north-america" in data["notes"]


def test_report_on_bad_data_exits_1_without_traceback(make_dataset, capsys):
    folder = make_dataset(agreements__csv=["delft,exchange,,,,,2024,"])
    assert main(["report", "--data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Cannot report" in err and "Traceback" not in err


def test_report_unknown_focus_exits_1(tiny_dir, capsys):
    assert main(["report", "--data", str(tiny_dir), "--focus", "atlantis"]) == 1
    assert "atlantis" in capsys.readouterr().err


def test_report_in_italian(tiny_dir, capsys):
    assert main(["report", "--lang", "it", "--data", str(tiny_dir), "--focus", "warsaw"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Analisi: la rete di HIT") and "_Filtri: focus=warsaw_" in out
    assert (
        "## Come siamo collegati a WTP?" in out
        and r"HIT –\[membro fondatore\]→ ALPHA –\[membro\]→ WTP" in out
    )
    assert "<summary>Come viene calcolato</summary>" in out and "## Fonti" in out


def test_report_refuses_an_unknown_language(tiny_dir, capsys):
    with pytest.raises(SystemExit):
        main(["report", "--lang", "xx", "--data", str(tiny_dir)])
    assert "--lang" in capsys.readouterr().err
