"""Staged imports on disk (for a browser page behind several workers) and mapping choices as a dict."""

from __future__ import annotations

import pytest

from dashboard.data.import_apply import plan_file
from dashboard.data.mapping import MappingError, check_overrides
from dashboard.data.staging import (
    StagingError,
    discard,
    load_plan,
    prune,
    save_plan,
    save_upload,
    upload_name,
    upload_path,
)
from tests.import_fixtures import FRENCH_CSV


def test_an_upload_and_its_plan_come_back_by_token_and_unknown_tokens_do_not(tmp_path, make_dataset):
    staging = tmp_path / "staging"
    token = save_upload(staging, "accords.csv", FRENCH_CSV.encode("cp1252"))
    path = upload_path(staging, token)
    assert path is not None and path.read_bytes() == FRENCH_CSV.encode("cp1252")
    plan, report = plan_file(path, make_dataset(), name=upload_name(staging, token), default_type="exchange")
    assert plan is not None, report.render()
    assert plan.file == "accords.csv" and plan.source.startswith("accords.csv, imported ")
    save_plan(staging, token, plan)
    assert load_plan(staging, token) == plan
    for bad in ("../../etc/passwd", "x" * 32, "", token[:-1]):
        assert load_plan(staging, bad) is None and upload_path(staging, bad) is None
    discard(staging, token)
    assert load_plan(staging, token) is None
    with pytest.raises(LookupError):
        save_plan(staging, token, plan)


@pytest.mark.parametrize(("name", "data"), [("a.exe", b"MZ"), ("a.csv", b""), ("a.xls", b"\xd0\xcf")])
def test_uploads_that_are_not_spreadsheets_are_refused(tmp_path, name, data):
    with pytest.raises(StagingError):
        save_upload(tmp_path, name, data)


def test_old_stages_are_pruned(tmp_path):
    token = save_upload(tmp_path, "a.csv", b"name,country\nX,IT\n")
    assert prune(tmp_path, max_age_s=3600) == 0
    assert prune(tmp_path, max_age_s=3600, now=10**12) == 1 and upload_path(tmp_path, token) is None


def test_a_page_s_mapping_choices_are_checked_like_a_file():
    assert check_overrides({"columns": {"name": "B"}, "types": {"x": "mou"}}) == {
        "columns": {"name": "B"},
        "types": {"x": "mou"},
    }
    for bad in ({"columns": {"name": 3}}, {"columns": "B"}, {"types": {"x": "party"}}, {"colour": 1}):
        with pytest.raises(MappingError):
            check_overrides(bad)
