"""Agreement status, consortia that are institutions, published totals and cross-source checks."""

from __future__ import annotations

from dashboard.data import schema
from dashboard.data.dataset import check_folder, load_dataset
from dashboard.data.source_checks import REPEATED_SOURCE_PARTNERS

AGREEMENTS = "institution_id,type,field,since,until,status,source,as_of,note"
CONSORTIA = "id,name,short_name,kind,founded,website,description,source,institution_id"


def _messages(folder, severity):
    return [str(p) for p in check_folder(folder).of(severity)]


def test_blank_status_is_derived_from_the_dates_against_the_dataset_as_of(make_dataset):
    rows = [
        AGREEMENTS,
        "delft,exchange,,2005,2019,,https://example.org/a,2024,",
        "warsaw,exchange,,2027-09,,,https://example.org/b,2024,",
        "boston,exchange,,2005,2026,,https://example.org/c,2024,",
        "sing,mou,,2021,,suspended,https://example.org/d,2024,",
    ]
    ds = load_dataset(make_dataset(agreements__csv="\n".join(rows) + "\n"))
    by_partner = dict(zip(ds.agreements["institution_id"], ds.agreements["status"], strict=True))
    assert by_partner == {"delft": "ended", "warsaw": "planned", "boston": "active", "sing": "suspended"}
    assert list(ds.agreements["status_given"]) == [False, False, False, True]


def test_unknown_status_is_an_error_naming_the_allowed_values(make_dataset):
    rows = [AGREEMENTS, "delft,exchange,,,,expired,https://example.org/a,2024,"]
    folder = make_dataset(agreements__csv="\n".join(rows) + "\n")
    assert (
        "agreements.csv:2 status 'expired': unknown status (expected one of active, planned, ended, "
        "suspended, or blank to derive it from until)" in _messages(folder, "error")
    )


def test_written_active_with_a_past_until_is_a_warning(make_dataset):
    rows = [AGREEMENTS, "delft,exchange,,2005,2012,active,https://example.org/a,2024,"]
    warnings = _messages(make_dataset(agreements__csv="\n".join(rows) + "\n"), "warning")
    assert any("status 'active': says active but until (2012) is before 2026-01-01" in w for w in warnings)


def test_every_status_is_documented_with_its_style():
    readme = schema.__file__.rsplit("/dashboard/", 1)[0] + "/data/README.md"
    text = open(readme, encoding="utf-8").read()
    for status in schema.STATUS_REGISTRY:
        assert f"| `{status.name}` |" in text
    assert {s.style for s in schema.STATUS_REGISTRY} == {"solid", "faded", "outlined"}
    assert [s.name for s in schema.STATUS_REGISTRY if s.current] == [schema.ACTIVE]


def test_a_consortium_can_be_an_institution_once(make_dataset):
    rows = [
        CONSORTIA,
        "alpha,Alpha Alliance,ALPHA,consortium,2010,,A test consortium company,,acme",
        "beta,Beta Network,BETA,network,,,A test network,,acme",
    ]
    folder = make_dataset(consortia__csv="\n".join(rows) + "\n")
    assert any(
        "consortia.csv:3 institution_id 'acme': this institution already is consortium 'alpha'" in m
        for m in _messages(folder, "error")
    )
    rows[2] = "beta,Beta Network,BETA,network,,,A test network,,nowhere"
    folder = make_dataset(consortia__csv="\n".join(rows) + "\n")
    assert any(
        "consortia.csv:3 institution_id 'nowhere': no institution" in m for m in _messages(folder, "error")
    )
    rows[2] = "beta,Beta Network,BETA,network,,,A test network,,"
    ds = load_dataset(make_dataset(consortia__csv="\n".join(rows) + "\n"))
    assert ds.consortia.loc["alpha", "institution_id"] == "acme"
    assert ds.consortia.loc["beta", "institution_id"] == ""


def test_coverage_and_published_totals_are_read_and_bad_totals_reported(make_dataset):
    toml = (
        'home = "home"\nas_of = "2026-01-01"\ncoverage = "A  sourced\\nsubset."\n'
        '[published.exchange]\nlabel = "Erasmus partners"\nvalue = 400\nqualifier = "more_than"\n'
        'measure = "exchange_partners"\nregions = ["europe"]\nsource = "https://example.org/p"\nas_of = 2026-01-01\n'
        '[published.bad]\nvalue = 0\nmeasure = "exchange_partners"\nsource = "https://example.org/p"\n'
        '[published.region]\nvalue = 3\nmeasure = "exchange_partners"\nregions = ["atlantis"]\n'
        'source = "https://example.org/p"\nas_of = "2026"\n'
    )
    folder = make_dataset(dataset__toml=toml)
    ds = load_dataset(folder)
    assert ds.coverage == "A sourced subset."
    assert [(p.key, p.value, p.qualifier, p.regions, p.as_of) for p in ds.published] == [
        ("exchange", 400, "more_than", ("europe",), "2026-01-01")
    ]
    warnings = _messages(folder, "warning")
    assert (
        "dataset.toml published.bad: value must be a whole number above 0: this total is ignored" in warnings
    )
    assert any("published.region: regions: unknown region slug(s) atlantis" in w for w in warnings)


def test_a_published_totals_label_can_be_given_per_language(make_dataset):
    toml = (
        'home = "home"\nas_of = "2026-01-01"\n'
        '[published.exchange]\nlabel = "Erasmus partners"\nvalue = 400\nqualifier = "more_than"\n'
        'measure = "exchange_partners"\nsource = "https://example.org/p"\nas_of = 2026-01-01\n'
        '[text.it.published]\nexchange = "partner  Erasmus"\n'
    )
    ds = load_dataset(make_dataset(dataset__toml=toml))
    assert ds.text("published.exchange", "it") == "partner Erasmus"
    assert ds.text("published.exchange", "en") == ds.text("published.exchange", "fr") == "Erasmus partners"
    assert ds.text("coverage", "it") == ""


def test_a_missing_coverage_sentence_is_a_note(tiny_dir):
    assert any("no coverage sentence" in m for m in _messages(tiny_dir, "info"))


def test_one_source_for_a_membership_and_agreements_is_a_warning(make_dataset):
    rows = [AGREEMENTS, "delft,joint_programme,,,,,https://example.org/alpha,2024,"]
    warnings = _messages(make_dataset(agreements__csv="\n".join(rows) + "\n"), "warning")
    assert any(
        "the same source supports memberships of alpha and 1 agreement(s) (rows 2)" in w for w in warnings
    )


def test_one_agreement_source_across_many_partners_is_a_warning(make_dataset):
    partners = ["delft", "warsaw", "boston", "sing", "vancouver", "acme"]
    rows = [AGREEMENTS] + [f"{p},double_degree,,,,,https://example.org/list,2024," for p in partners]
    few = [AGREEMENTS] + [f"{p},double_degree,,,,,https://example.org/list,2024," for p in partners[:4]]
    many = _messages(make_dataset(agreements__csv="\n".join(rows) + "\n"), "warning")
    assert any(f"one source behind agreements with {len(partners)} partners" in w for w in many)
    assert REPEATED_SOURCE_PARTNERS > 4
    assert not any(
        "one source behind" in w
        for w in _messages(make_dataset(agreements__csv="\n".join(few) + "\n"), "warning")
    )


def test_secondary_hosts_come_from_the_folders_editable_list(make_dataset):
    rows = [
        AGREEMENTS,
        "delft,exchange,,,,,https://www.paperzz.com/doc/1,2024,",
        "warsaw,exchange,,,,,https://my.blog.example/post,2024,",
        "boston,exchange,,,,,https://example.org/ok,2024,",
    ]
    folder = make_dataset(agreements__csv="\n".join(rows) + "\n")
    notes = _messages(folder, "warning") + _messages(folder, "info")
    assert any("1 of 9 relations (11.1%) rest on secondary hosts: paperzz.com 1" in n for n in notes)
    (folder / "reference").mkdir()
    (folder / "reference" / "secondary_hosts.txt").write_text("# ours\nblog.example  # personal blog\n")
    notes = _messages(folder, "warning") + _messages(folder, "info")
    assert "reference/secondary_hosts.txt: hosts treated as secondary: blog.example" in notes
    assert any("1 of 9 relations (11.1%) rest on secondary hosts: blog.example 1" in n for n in notes)
