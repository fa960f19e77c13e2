"""The report's ``counts`` agree with counts made from the CSV files by hand (csv module only).

Nothing here imports the app's loaders or models: the partners, their kinds, regions and the
agreements' statuses are re-derived from the files as data/README.md describes them.
"""

from __future__ import annotations

import csv
import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.config import DEFAULT_DATA_DIR

ACADEMIC = {"university", "school", "research_institute"}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {k.strip().lower(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        ]


def _status(row: dict[str, str], as_of: str) -> str:
    if row.get("status"):
        return row["status"].lower()
    until, since = row.get("until", ""), row.get("since", "")
    if until and until < as_of[: len(until)]:
        return "ended"
    if since and since > as_of[: len(since)]:
        return "planned"
    return "active"


def _by_hand(folder: Path) -> dict[str, object]:
    settings = tomllib.loads((folder / "dataset.toml").read_text(encoding="utf-8"))
    home, as_of = settings["home"], str(settings.get("as_of", ""))
    region_of = {r["country"].upper(): r["region"] for r in _rows(folder, "regions.csv")}
    institutions = {r["id"]: r for r in _rows(folder, "institutions.csv")}
    agreements = _rows(folder, "agreements.csv")
    members = _rows(folder, "memberships.csv")
    home_consortia = {m["consortium_id"] for m in members if m["institution_id"] == home}
    via = {m["institution_id"] for m in members if m["consortium_id"] in home_consortia} - {home}
    direct = {a["institution_id"] for a in agreements}

    def counts(keep) -> dict[str, int]:
        partners = {p for p in direct | via if keep(p)}
        statuses = Counter(_status(a, as_of) for a in agreements if keep(a["institution_id"]))
        academic = {p for p in partners if (institutions[p].get("kind") or "university") in ACADEMIC}
        return {
            "agreement_partners": len(direct & partners),
            "consortium_only_partners": len(partners - direct),
            "academic_partners": len(academic),
            "non_academic_partners": len(partners - academic),
            "active_agreements": statuses["active"],
            "ended_agreements": statuses["ended"],
            "planned_agreements": statuses["planned"],
        }

    def region(p: str) -> str:
        return region_of.get(institutions[p]["country"].upper(), "")

    regions = {region(p) for p in direct | via}
    return {
        "total": counts(lambda p: True),
        "by_region": {r: counts(lambda p, r=r: region(p) == r) for r in regions},
    }


def _report(folder: Path, capsys) -> dict[str, object]:
    assert main(["report", "--format", "json", "--data", str(folder)]) == 0
    return json.loads(capsys.readouterr().out)["counts"]


@pytest.mark.parametrize("which", ["bundled", "tiny"])
def test_report_counts_agree_with_the_csv_files(which, tiny_dir, capsys):
    folder = DEFAULT_DATA_DIR if which == "bundled" else tiny_dir
    report, expected = _report(folder, capsys), _by_hand(folder)
    for key, value in expected["total"].items():
        assert report[key] == value, key
    assert set(report["by_region"]) == set(expected["by_region"])
    for region, figures in expected["by_region"].items():
        for key, value in figures.items():
            assert report["by_region"][region][key] == value, (region, key)


def test_ended_and_planned_agreements_are_never_counted_as_active(make_dataset, capsys):
    rows = [
        "institution_id,type,field,since,until,status,source,as_of,note",
        "delft,exchange,,2005,2012,,https://example.org/a,2024,",
        "warsaw,double_degree,,2020,,planned,https://example.org/b,2024,",
        "boston,mou,,2030,,,https://example.org/c,2024,",
        "sing,research,,2019,,,https://example.org/d,2024,",
    ]
    report = _report(make_dataset(agreements__csv="\n".join(rows) + "\n"), capsys)
    assert (report["active_agreements"], report["ended_agreements"], report["planned_agreements"]) == (
        1,
        1,
        2,
    )
    assert report["agreement_partners"] == 4 and report["active_agreement_partners"] == 1
