"""The bundled dataset is clean, sourced and honest about what it does not know."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.cells import is_web_url
from dashboard.data.dataset import check_folder, load_dataset
from dashboard.data.problems import Problem, Report
from dashboard.data.regions import SEED_REGIONS
from dashboard.data.source_checks import check_sources, read_secondary_hosts
from dashboard.network import graph


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DEFAULT_DATA_DIR)


def _cross_source_warnings(ds) -> list[Problem]:
    report = Report()
    check_sources(ds.memberships, ds.agreements, DEFAULT_DATA_DIR, report)
    return report.of("warning")


def test_bundled_data_has_no_errors_or_warnings():
    report = check_folder(DEFAULT_DATA_DIR)
    assert report.errors == [] and report.of("warning") == []


def test_bundled_sources_pass_the_cross_source_checks(ds):
    assert _cross_source_warnings(ds) == []


def test_at_most_five_percent_of_relations_rest_on_secondary_hosts(ds):
    hosts, _ = read_secondary_hosts(DEFAULT_DATA_DIR)
    sources = list(ds.memberships["source"]) + list(ds.agreements["source"])
    weak = [
        url
        for url in sources
        if urlsplit(url).hostname in hosts
        or any((urlsplit(url).hostname or "").endswith("." + host) for host in hosts)
    ]
    assert hosts and len(weak) <= 0.05 * len(sources)


def test_each_multilateral_programme_is_entered_once(ds):
    for programme in ("medes", "centrales-time-dd"):
        members = set(ds.memberships.loc[ds.memberships["consortium_id"] == programme, "institution_id"])
        assert ds.home in members and len(members) >= 7
        sources = set(ds.memberships.loc[ds.memberships["consortium_id"] == programme, "source"])
        assert not ds.agreements["source"].isin(sources).any()
    assert not ds.agreements["field"].str.contains("MEDes", na=False).any()


def test_expired_and_agreed_in_principle_relations_are_not_active(ds):
    status = ds.agreements.set_index(["institution_id", "type"])["status"]
    assert status[("fit", "joint_programme")] == "ended"
    assert status[("tongji", "joint_programme")] == "ended"
    assert status[("tju", "double_degree")] == "planned"
    past = ds.agreements["until"].astype(str).str[:4].replace("", "9999").astype(int) < 2026
    assert (ds.agreements.loc[past, "status"] == "ended").all()


def test_consortium_companies_are_modelled_once(ds):
    embodied = ds.consortia.set_index("id")["institution_id"]
    assert embodied["cefriel"] == "cefriel" and embodied["polidesign"] == "polidesign"
    assert embodied["fondazione-polimi-network"] == "fondazione-polimi"
    for cid, iid in embodied[embodied != ""].items():
        own = ds.memberships[
            (ds.memberships["consortium_id"] == cid) & (ds.memberships["institution_id"] == iid)
        ]
        assert own.empty, f"{cid} lists itself as a member"


def test_every_relation_has_a_source_url_and_an_as_of_date(ds):
    for table in (ds.agreements, ds.memberships):
        assert table["source"].map(is_web_url).all()
        assert (table["as_of"].str.len() >= 4).all()


def test_unverified_claims_are_left_out(ds):
    home_consortia = set(ds.memberships.loc[ds.memberships["institution_id"] == ds.home, "consortium_id"])
    names = set(ds.consortia.loc[list(home_consortia), "name"].str.upper())
    assert not any("CLUSTER" in n or "CESAER" in n for n in names)


def test_every_institution_is_in_the_network(ds):
    rel = graph.relations_table(ds)
    linked = set(rel["institution_id"]) | {ds.home} | set(ds.memberships["institution_id"])
    assert set(ds.institutions.index) == linked


def test_seed_regions_are_present_or_documented_as_thin(ds):
    rel = graph.relations_table(ds)
    partners = graph.filter_partners(ds, rel, graph.Filters())
    present = set(ds.institutions.loc[partners, "region"])
    sources_md = (DEFAULT_DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for region in SEED_REGIONS:
        assert region in present or f"{region}" in sources_md


def test_home_memberships_include_the_named_networks(ds):
    mine = set(ds.memberships.loc[ds.memberships["institution_id"] == ds.home, "consortium_id"])
    assert {"idea-league", "enhance", "time", "athens", "pegasus"} <= mine
