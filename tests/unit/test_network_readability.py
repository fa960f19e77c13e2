"""The network chart a room can read: which nodes carry names, the colour key, group names."""

from __future__ import annotations

import pytest

from dashboard.data.dataset import load_dataset
from dashboard.figures.network_elements import (
    LABEL_PX,
    base_stylesheet,
    focus_stylesheet,
    network_elements,
    network_key,
)
from dashboard.figures.style import theme_colours
from dashboard.network import metrics
from dashboard.network.graph import inst_node
from dashboard.network.groups import group_names
from dashboard.network.model import build_model


@pytest.fixture
def model(tiny_dir):
    return build_model(load_dataset(tiny_dir))


def _rule(sheet, selector):
    return next(rule["style"] for rule in sheet if rule["selector"] == selector)


def test_only_the_strongest_partners_are_named_and_home_and_hubs_always(model):
    elements = network_elements(model.G, model.partners, {}, home=model.ds.home, labelled=1)
    named = [e for e in elements if "labelled" in str(e.get("classes", ""))]
    assert len(named) == 1
    best = model.partners.sort_values(["strength", "name"], ascending=[False, True]).index[0]
    assert named[0]["data"]["id"] == inst_node(best)
    sheet = base_stylesheet()
    assert _rule(sheet, "node")["label"] == ""  # the rest show their name on hover
    assert _rule(sheet, ".home, .consortium, .labelled, .hover, .more")["label"] == "data(label)"
    assert _rule(sheet, "node")["font-size"] >= LABEL_PX >= 12


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_consortium_hubs_are_filled_unlike_the_partners(theme):
    sheet = base_stylesheet(theme)
    hub, partner = _rule(sheet, ".consortium"), _rule(sheet, ".partner")
    assert hub["shape"] != partner.get("shape", "ellipse")
    assert hub["background-color"] == theme_colours(theme)["label"]  # the ink: dark on light, light on dark
    assert hub["background-color"] != partner["background-color"]


def test_a_focused_neighbourhood_is_named(model):
    focus = inst_node(model.ds.home)
    shown = [inst_node(i) for i in model.partners.index] + [inst_node(model.ds.home)]
    sheet = focus_stylesheet(model.G, focus, shown)
    named = [r for r in sheet if r["selector"].startswith("node[id") and r["style"].get("label")]
    assert len(named) >= 2  # home and its partners


def test_colour_key_counts_every_shown_partner_once(model):
    by_region = network_key(model.partners)
    assert sum(n for _, _, n in by_region) == len(model.partners)
    groups = metrics.communities(model.G)
    names = group_names(model.G, groups)
    key = network_key(model.partners, communities=model.communities, names=names, other="Other")
    assert sum(n for _, _, n in key) == len(model.partners)
    assert {label for label, _, _ in key} <= {*names, "Other"}


def test_groups_are_named_after_a_consortium_or_region_never_a_bare_number(model):
    names = group_names(model.G, metrics.communities(model.G))
    assert names and not any(name.startswith("Group ") for name in names)
    assert len(set(names)) == len(names)
