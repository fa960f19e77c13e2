from __future__ import annotations

import subprocess
import sys

import pandas as pd

from benchmarks.synthetic import Shape, generate
from dashboard.config import PROJECT_ROOT

SMALL = Shape(1_000, 3_300)


def test_the_generator_writes_a_folder_that_check_accepts(tmp_path):
    counts = generate(tmp_path / "syn", SMALL, seed=3)
    assert counts["institutions.csv"] == 1_000
    assert 2_500 <= counts["agreements.csv"] + counts["memberships.csv"] <= 4_000
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "check", str(tmp_path / "syn")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "0 errors, 0 warnings" in done.stdout


def test_the_same_seed_writes_the_same_files_and_names_say_synthetic(tmp_path):
    generate(tmp_path / "a", SMALL, seed=5)
    generate(tmp_path / "b", SMALL, seed=5)
    for name in ("institutions.csv", "memberships.csv", "agreements.csv", "dataset.toml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    institutions = pd.read_csv(tmp_path / "a" / "institutions.csv", keep_default_na=False)
    assert institutions["name"].str.contains("Synthetic").all()
    assert "SYNTHETIC" in (tmp_path / "a" / "dataset.toml").read_text(encoding="utf-8")
    blank = (institutions["lat"] == "").mean()
    assert 0.01 < blank < 0.1  # some rows exercise the geocoder


def test_partner_counts_are_heavy_tailed(tmp_path):
    generate(tmp_path / "s", SMALL, seed=7)
    per_partner = pd.read_csv(tmp_path / "s" / "agreements.csv").groupby("institution_id").size()
    assert per_partner.median() == 1 and per_partner.max() >= 5
    sizes = pd.read_csv(tmp_path / "s" / "memberships.csv").groupby("consortium_id").size()
    assert sizes.median() < 20 and sizes.max() > 60
