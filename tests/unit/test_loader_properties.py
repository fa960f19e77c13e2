"""Property-based tests: whatever bytes a user drops in, the loader answers with a report.

Never a traceback: every outcome is either a dataset or problems that name the file (and,
for cell problems, the row and column).
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.dataset import check_folder
from dashboard.data.problems import Report
from dashboard.data.reading import read_csv

KNOWN_FILES = {
    "institutions.csv",
    "dataset.toml",
    "regions.csv",
    "consortia.csv",
    "memberships.csv",
    "agreements.csv",
}
HEADER = ["id", "name", "short_name", "kind", "city", "country", "lat", "lon", "website", "ror"]
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e400",
            "",
            " ",
            "=cmd|' /C calc'!A0",
            "<script>x</script>",
            "javascript:alert(1)",
            "EL",
            "UK",
            "IT",
            "45.4,9.2",
            "9.2273",
            "-200",
            "2020-02-30",
        ]
    ),
)


def _folder(institutions: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="prop-"))
    (folder / "dataset.toml").write_text('home = "home"\n', encoding="utf-8")
    (folder / "institutions.csv").write_bytes(institutions)
    shutil.copy(DEFAULT_DATA_DIR / "regions.csv", folder / "regions.csv")
    return folder


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_report_not_an_exception(raw):
    path = Path(tempfile.mkdtemp(prefix="bytes-")) / "t.csv"
    path.write_bytes(raw)
    report = Report()
    table = read_csv(path, report)
    assert table is not None or report.errors
    assert all(p.file == "t.csv" for p in report.problems)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=12), min_size=0, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_any_institutions_table_is_loaded_or_explained(rows, delimiter, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerow(["home", "Home", "H", "university", "Milan", "IT", "45.4781", "9.2273", "", ""])
    writer.writerows(rows)
    raw = buffer.getvalue().encode(encoding, errors="replace")
    folder = _folder(raw)
    report = check_folder(folder)
    for problem in report.problems:
        assert problem.file in KNOWN_FILES
        if problem.column and problem.file == "institutions.csv" and problem.row:
            assert problem.row >= 1
        assert str(problem)  # renders without error


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300))
def test_any_settings_file_is_loaded_or_explained(text):
    folder = _folder(b"id,name,country\nhome,Home,IT\n")
    (folder / "dataset.toml").write_text(text, encoding="utf-8")
    report = check_folder(folder)
    assert report.ok or all(p.file in {"dataset.toml", "institutions.csv"} for p in report.errors)
