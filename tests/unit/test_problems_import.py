"""Problems of the import, the new-folder command, published totals and the stores are catalog texts."""

from __future__ import annotations

from pathlib import Path

from dashboard.data.import_apply import check_import
from dashboard.data.importing import ImportPlan
from dashboard.data.problems import Message, Report
from dashboard.data.published import TRANSLATED, read_published, read_texts
from dashboard.i18n import t
from dashboard.web.import_session import Staged, Staging


def test_a_bad_published_total_is_said_in_english_as_before_and_in_italian():
    report = Report()
    read_published({"published": {"partners": {"value": 0}}}, set(), report)
    (problem,) = report.problems
    assert problem.key == "problem.published.value"
    assert problem.message == "value must be a whole number above 0: this total is ignored"
    assert problem.text("it") != problem.message and "questo totale" in problem.text("it")


def test_the_text_of_an_unread_translation_names_every_translated_field():
    report = Report()
    read_texts({"text": {"it": {"colour": "blu"}}}, report)
    (problem,) = report.problems
    assert problem.key == "problem.published.text_fields"
    assert problem.message == (
        "[text.it] colour: only title, coverage (as text) and a [text.it.published] table of labels are read: ignored"
    )
    assert all(name in problem.text(lang) for name in (*TRANSLATED, "published") for lang in ("en", "it"))


def test_a_stale_import_is_refused_in_the_readers_language(tmp_path: Path):
    plan = ImportPlan("a.xlsx", "Sheet1", "", {}, "", "2026-12-03", "DMY", fingerprint="stale")
    (problem,) = check_import(plan, tmp_path).report.problems
    assert problem.key == "problem.import.changed"
    assert problem.message == "changed since this import was prepared: prepare it again"
    assert problem.text("it") == t("problem.import.changed", "it") != problem.message


def test_why_an_upload_has_no_plan_survives_staging_and_is_shown_in_italian(tmp_path: Path):
    staging = Staging(tmp_path)
    blank = Message.of("problem.import.header_blank", row="1234", sheet="Foglio1")
    token = staging.put(Staged("a.xlsx", "", "2026-12-03", []).with_plan(None, blank))
    staged = staging.get(token)
    assert staged is not None and staged.error == "row 1234 of sheet 'Foglio1' is blank"
    assert staged.error_text("it") == "la riga 1234 del foglio 'Foglio1' è vuota"
