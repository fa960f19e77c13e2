"""One broken fixture per kind of error, each asserting the message a user sees."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import dashboard.data.dataset as dataset_module
from dashboard.data.dataset import check_folder, load_dataset
from dashboard.data.problems import DataError

INST = "id,name,short_name,kind,city,country,lat,lon,website,ror"


def _messages(folder, severity="error"):
    return [str(p) for p in check_folder(folder).of(severity)]


def test_tiny_dataset_loads_clean(tiny_dir):
    ds = load_dataset(tiny_dir)
    assert ds.home == "home"
    assert ds.report.ok and not ds.report.of("warning")
    assert ds.institutions.crs.to_epsg() == 4326
    assert set(ds.institutions.loc[["delft", "warsaw", "acme"], "geocoded"]) == {True}
    assert ds.institutions.loc["sing", "region"] == "Southeast Asia"
    assert ds.institutions.loc["warsaw", "region_slug"] == "eastern-europe"


def test_unknown_country_code_names_file_row_column_and_value(make_dataset):
    rows = ["home,Home,H,university,Milan,IT,45.47,9.22,,", "x,Bad Place,,university,Nowhere,XX,,,,"]
    folder = make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[])
    assert (
        "institutions.csv:3 country 'XX': not an ISO 3166-1 alpha-2 code listed in regions.csv"
        in _messages(folder)
    )


def test_eu_country_aliases_are_read_as_iso(make_dataset):
    rows = [
        "home,Home,H,university,Milan,IT,45.47,9.22,,",
        "ath,Athens U,,university,Athens,EL,,,,",
        "lon,London U,,university,London,UK,,,,",
    ]
    ds = load_dataset(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[]))
    assert ds.institutions.loc["ath", "country"] == "GR"
    assert ds.institutions.loc["lon", "country"] == "GB"
    assert any("EU code read as ISO GR" in str(p) for p in ds.report.of("info"))


def test_missing_required_column(make_dataset):
    folder = make_dataset(institutions__csv="id,name\nhome,Home\n")
    assert "institutions.csv:1 country: required column is missing from the header" in _messages(folder)


def test_duplicate_id_points_to_first_use(make_dataset):
    rows = ["home,Home,H,university,Milan,IT,45.47,9.22,,", "home,Again,,university,Milan,IT,,,,"]
    folder = make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[])
    assert "institutions.csv:3 id 'home': duplicate id (first used in row 2)" in _messages(folder)


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("95", "9.2", "institutions.csv:2 lat '95': expected a value between -90 and 90"),
        ("45.4", "inf", "institutions.csv:2 lon 'inf': expected a finite number of decimal degrees"),
        ("NaN", "9.2", "institutions.csv:2 lat 'NaN': expected a finite number of decimal degrees"),
        ("abc", "9.2", "institutions.csv:2 lat 'abc': expected a number of decimal degrees"),
        ("45.4", "", "institutions.csv:2 lon: lat and lon go together: give both or neither"),
    ],
)
def test_bad_coordinates(make_dataset, lat, lon, expected):
    rows = [f"home,Home,H,university,Milan,IT,{lat},{lon},,"]
    folder = make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[])
    assert _messages(folder) == [expected]


def test_swapped_lat_lon_is_caught_by_the_country_polygon(make_dataset):
    rows = ["home,Home,H,university,Milan,IT,9.2273,45.4781,,"]
    messages = _messages(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[]))
    assert len(messages) == 1
    assert messages[0].startswith("institutions.csv:2 lat, lon '9.2273, 45.4781': point is ")
    assert "km outside IT" in messages[0] and "swapped?" in messages[0]


def test_point_just_across_a_border_is_tolerated(make_dataset):
    # Como-Chiasso: a campus a few km inside Switzerland filed as Italy.
    rows = ["home,Home,H,university,Como,IT,45.8352,9.0290,,"]
    assert _messages(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[])) == []


def test_singapore_is_checked_against_the_50m_map(make_dataset):
    rows = ["home,Home,H,university,Singapore,SG,1.2966,103.7764,,"]
    assert _messages(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[])) == []


def test_unplaceable_city_is_a_warning_and_the_institution_is_kept(make_dataset):
    rows = ["home,Home,H,university,Milan,IT,45.47,9.22,,", "lost,Lost U,,university,Atlantisville,IT,,,,"]
    folder = make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[])
    ds = load_dataset(folder)
    assert math.isnan(ds.institutions.loc["lost", "lat"])
    assert ds.institutions.loc["lost"].geometry is None
    assert "institutions.csv:3 city 'Atlantisville'" in str(ds.report.of("warning")[0])


def test_unknown_kind_is_a_warning_shown_as_other(make_dataset):
    rows = ["home,Home,H,university,Milan,IT,45.47,9.22,,", "z,Zed,,spaceport,Turin,IT,,,,"]
    ds = load_dataset(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[]))
    assert ds.institutions.loc["z", "kind"] == "other"


def test_non_http_website_is_dropped(make_dataset):
    rows = ["home,Home,H,university,Milan,IT,45.47,9.22,javascript:alert(1),"]
    ds = load_dataset(make_dataset(institutions__csv=rows, memberships__csv=[], agreements__csv=[]))
    assert ds.institutions.loc["home", "website"] == ""


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("delft,teleport,,2012,,https://e.org/a,2024,", "agreements.csv:2 type 'teleport': unknown value"),
        ("delft,exchange,,2012,,,2024,", "agreements.csv:2 source: required: a public http(s) URL"),
        (
            "delft,exchange,,2012,,ftp://e.org/a,2024,",
            "agreements.csv:2 source 'ftp://e.org/a': expected a public http(s) URL",
        ),
        (
            "delft,exchange,,2012,,https://e.org/a,,",
            "agreements.csv:2 as_of: required: the date the source states",
        ),
        (
            "delft,exchange,,12/2012,,https://e.org/a,2024,",
            "agreements.csv:2 since '12/2012': expected a date as YYYY",
        ),
        (
            "delft,exchange,,2012,2010,https://e.org/a,2024,",
            "agreements.csv:2 until '2010': ends before it starts (since 2012)",
        ),
        (
            "nobody,exchange,,2012,,https://e.org/a,2024,",
            "agreements.csv:2 institution_id 'nobody': no institution with this id",
        ),
        (
            "home,exchange,,2012,,https://e.org/a,2024,",
            "agreements.csv:2 institution_id 'home': an agreement links home with a partner",
        ),
        (
            "delft,exchange,,2012-02-30,,https://e.org/a,2024,",
            "agreements.csv:2 since '2012-02-30': is not a real calendar date",
        ),
    ],
)
def test_bad_agreement_rows(make_dataset, row, expected):
    messages = _messages(make_dataset(agreements__csv=[row]))
    assert any(m.startswith(expected) for m in messages), messages


def test_membership_references_are_checked(make_dataset):
    rows = ["gamma,home,member,,https://e.org/m,2024,", "alpha,ghost,member,,https://e.org/m,2024,"]
    messages = _messages(make_dataset(memberships__csv=rows))
    assert any(m.startswith("memberships.csv:2 consortium_id 'gamma': no consortium") for m in messages)
    assert any(m.startswith("memberships.csv:3 institution_id 'ghost': no institution") for m in messages)


def test_duplicate_membership_is_a_warning(make_dataset):
    rows = ["alpha,home,member,,https://e.org/m,2024,", "alpha,home,member,,https://e.org/m,2024,"]
    warnings = _messages(make_dataset(memberships__csv=rows), "warning")
    assert warnings == ["memberships.csv:3 institution_id 'home': same membership already in row 2"]


def test_home_must_exist(make_dataset):
    folder = make_dataset(dataset__toml='home = "nobody"\n')
    assert "dataset.toml home 'nobody': home must be the id of a row in institutions.csv" in _messages(folder)


def test_missing_settings_file(make_dataset):
    folder = make_dataset()
    (folder / "dataset.toml").unlink()
    assert any("dataset.toml: is missing" in m for m in _messages(folder))


def test_optional_tables_may_be_absent(make_dataset):
    folder = make_dataset()
    for name in ("agreements.csv", "memberships.csv", "consortia.csv", "regions.csv"):
        (folder / name).unlink()
    ds = load_dataset(folder)
    assert ds.agreements.empty and ds.memberships.empty and ds.consortia.empty
    assert ds.institutions.loc["sing", "region"] == "Southeast Asia"


def test_load_raises_data_error_with_the_whole_report(make_dataset):
    folder = make_dataset(
        agreements__csv=["nobody,exchange,,,,https://e.org/a,2024,", "delft,zzz,,,,https://e.org/a,2024,"]
    )
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    assert len(info.value.report.errors) == 2
    assert "2 errors," in str(info.value)


def test_a_missing_folder_is_named_with_what_to_give_instead(tmp_path):
    (problem,) = check_folder(tmp_path / "missing").errors
    assert problem.file == str(tmp_path / "missing")
    assert problem.message.startswith("does not exist: give the folder that holds dataset.toml")


def test_a_file_given_as_the_folder_is_named(tmp_path):
    (tmp_path / "institutions.csv").write_text("id,name\n", encoding="utf-8")
    (problem,) = check_folder(tmp_path / "institutions.csv").errors
    assert str(problem) == (
        f"{tmp_path / 'institutions.csv'}: is a file, not a folder: "
        "give the folder that holds dataset.toml and the CSV tables"
    )


def test_a_folder_that_cannot_be_entered_is_a_report_not_an_exception(tiny_dir, monkeypatch):
    real_stat = Path.stat

    def stat(self, **kwargs):
        if self == tiny_dir:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    (problem,) = check_folder(tiny_dir).errors
    assert problem.message == (
        f"cannot be read (permission denied): {tiny_dir}; let the account that runs the dashboard read it"
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (PermissionError, "cannot be read (permission denied): {path}; let the account that runs"),
        (IsADirectoryError, "is a folder, not a file: {path}; put the file itself there"),
        (OSError, "cannot be read (Input/output error): {path}; check the disk or network share"),
    ],
)
def test_an_unreadable_table_names_its_path_and_what_to_do(tiny_dir, refuse_reading, kind, expected):
    path = tiny_dir / "agreements.csv"
    refuse_reading(path, kind)
    with pytest.raises(DataError) as info:
        load_dataset(tiny_dir)
    (problem,) = info.value.report.errors
    assert problem.file == "agreements.csv"
    assert problem.message.startswith(expected.format(path=path))


def test_an_os_error_anywhere_in_loading_is_reported_not_raised(tiny_dir, monkeypatch):
    # e.g. a network share that drops between two reads: hashing the files (the last step) fails
    real = dataset_module.read_data_file
    calls = {"toml": 0}

    def read_data_file(path, folder=None):
        if path.suffix == ".toml":
            calls["toml"] += 1
            if calls["toml"] > 1:  # the settings are read, then hashing them fails
                raise OSError(5, "Input/output error", str(path))
        return real(path, folder)

    monkeypatch.setattr(dataset_module, "read_data_file", read_data_file)
    (problem,) = check_folder(tiny_dir).errors
    assert problem.file == "dataset.toml"
    assert f"cannot be read (Input/output error): {tiny_dir / 'dataset.toml'}" in problem.message


def test_title_and_coverage_may_be_given_per_language(make_dataset):
    toml = (
        'home = "home"\ntitle = "Home Tech test network"\ncoverage = "Half of it."\n'
        '[text.it]\ntitle = "Rete di prova"\ncoverage = "La metà."\ncolour = "blu"\n'
    )
    ds = load_dataset(make_dataset(dataset__toml=toml))
    assert (ds.text("title", "it"), ds.text("coverage", "it")) == ("Rete di prova", "La metà.")
    assert (ds.text("title", "en"), ds.text("coverage", "fr")) == ("Home Tech test network", "Half of it.")
    assert any("[text.it] colour" in p.message for p in ds.report.problems)
