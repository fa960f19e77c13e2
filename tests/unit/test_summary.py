"""The explorer's indexed headline gives exactly the figures of the plain one."""

from __future__ import annotations

import pytest

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.data.dataset import load_dataset
from dashboard.network.graph import Filters, filter_partners
from dashboard.network.headline import HeadlineIndex, headline
from dashboard.network.model import build_model


@pytest.fixture(scope="module")
def bundled():
    return build_model(load_dataset(DEFAULT_DATA_DIR))


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(regions=("europe",)),
        Filters(types=("double_degree",)),
        Filters(countries=("US", "CN")),
        Filters(consortia=("idea-league",), years=(2015, 2020)),
        Filters(text="zzz-nothing"),
    ],
    ids=["all", "europe", "double-degree", "us-cn", "idea-league-years", "none"],
)
def test_indexed_headline_equals_the_plain_one(bundled, filters):
    index = HeadlineIndex.build(bundled.ds, bundled.relations, bundled.partners.index)
    partners = bundled.partners.loc[filter_partners(bundled.ds, bundled.relations, filters)]
    assert index.headline(partners) == headline(bundled.ds, bundled.relations, list(partners.index))


def test_tiny_dataset_headline(tiny_dir):
    model = build_model(load_dataset(tiny_dir))
    index = HeadlineIndex.build(model.ds, model.relations, model.partners.index)
    assert index.headline(model.partners) == headline(model.ds, model.relations, list(model.partners.index))
