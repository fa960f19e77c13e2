from __future__ import annotations

import subprocess
import sys

from dashboard.cli import main, serve_main, settings_from_args
from dashboard.config import PROJECT_ROOT


def test_check_clean_folder_exits_0(tiny_dir, capsys):
    assert main(["check", str(tiny_dir)]) == 0
    assert "0 errors," in capsys.readouterr().out


def test_check_verbose_lists_geocoded_rows(tiny_dir, capsys):
    main(["check", str(tiny_dir), "-v"])
    assert "institutions.csv:3 city 'Delft': geocoded to Delft" in capsys.readouterr().out


def test_check_broken_folder_exits_1_with_the_report(make_dataset, capsys):
    folder = make_dataset(agreements__csv=["delft,exchange,,,,,2024,"])
    assert main(["check", str(folder)]) == 1
    assert "agreements.csv:2 source: required" in capsys.readouterr().out


def test_warnings_alone_do_not_fail(make_dataset, capsys):
    rows = ["alpha,home,member,,https://e.org/m,2024,", "alpha,home,member,,https://e.org/m,2024,"]
    assert main(["check", str(make_dataset(memberships__csv=rows))]) == 0
    assert "0 errors, 1 warning," in capsys.readouterr().out


def test_export_geo_command(tiny_dir, tmp_path, capsys):
    assert main(["export-geo", str(tmp_path / "gis"), "--data", str(tiny_dir)]) == 0
    assert (tmp_path / "gis" / "network.gpkg").is_file()


def test_flags_override_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_PORT", "9000")
    monkeypatch.setenv("DASHBOARD_DATA", "/nowhere")
    settings = settings_from_args(["--port", "8123", "--data", str(tmp_path), "--host", "0.0.0.0"])
    assert (settings.port, settings.data_dir, settings.host, settings.debug) == (
        8123,
        tmp_path,
        "0.0.0.0",
        False,
    )
    assert settings_from_args([]).port == 9000


def test_check_names_a_missing_folder_and_exits_1(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 1
    assert f"{tmp_path / 'nowhere'}: does not exist: give the folder that holds dataset.toml" in (
        capsys.readouterr().out
    )


def test_check_names_an_unreadable_table(tiny_dir, refuse_reading, capsys):
    refuse_reading(tiny_dir / "memberships.csv", PermissionError)
    assert main(["check", str(tiny_dir)]) == 1
    out = capsys.readouterr().out
    assert f"memberships.csv: cannot be read (permission denied): {tiny_dir / 'memberships.csv'}" in out


def test_app_refuses_to_start_on_an_unreadable_table_with_a_message(tiny_dir, refuse_reading, capsys):
    refuse_reading(tiny_dir / "institutions.csv", IsADirectoryError)
    assert serve_main(["--data", str(tiny_dir), "--port", "0"]) == 1  # returns before serving
    err = capsys.readouterr().err
    assert f"Cannot start the dashboard (data folder {tiny_dir})" in err
    assert f"institutions.csv: is a folder, not a file: {tiny_dir / 'institutions.csv'}" in err
    assert "Traceback" not in err


def test_app_py_names_a_missing_data_folder_without_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "app.py", "--data", str(tmp_path / "nowhere"), "--port", "0"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{tmp_path / 'nowhere'}: does not exist: give the folder that holds dataset.toml" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_reports_in_the_language_asked_for(make_dataset, capsys):
    folder = make_dataset(agreements__csv=["delft,exchange,,,,,2024,"])
    assert main(["check", "--lang", "it", str(folder)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"Controllata {folder}") and "errore" in out.splitlines()[-1]
    assert main(["check", str(folder)]) == 1
    assert "error" in capsys.readouterr().out.splitlines()[-1]
