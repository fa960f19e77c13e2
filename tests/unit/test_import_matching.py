"""Identifying imported partners in the Erasmus Charter list: by code, then by name in the country."""

from __future__ import annotations

import pytest

from dashboard.data.cells import erasmus_key, normalise_erasmus_code
from dashboard.data.matching import Holder, build_reference, country_code, identify, load_reference, name_key

SMALL = build_reference(
    [
        Holder("E SALAMAN01", "UNIVERSIDAD PONTIFICIA DE SALAMANCA", "SALAMANCA", "ES"),
        Holder("E SALAMAN02", "UNIVERSIDAD DE SALAMANCA", "SALAMANCA", "ES"),
        Holder("I MILANO02", "POLITECNICO DI MILANO", "MILANO", "IT"),
        Holder("D MUNCHEN02", "TECHNISCHE UNIVERSITAET MUENCHEN", "MUNCHEN", "DE"),
    ]
)


@pytest.mark.parametrize(
    "written", ["I\u00a0 MILANO02", "I  MILANO02", "I MILANO02", "imilano02", " I MILANO02 "]
)
def test_codes_match_whatever_their_spaces(written):
    found = identify("", written, "", SMALL)
    assert found.how == "code" and found.holder is not None and found.holder.name == "POLITECNICO DI MILANO"


def test_codes_are_stored_with_one_space():
    assert normalise_erasmus_code("I\u00a0 MILANO02") == "I MILANO02"
    assert erasmus_key("I MILANO02") == erasmus_key("I\u00a0 MILANO02")


def test_the_code_wins_over_the_name():
    found = identify("Universidad Pontificia de Salamanca", "E SALAMAN02", "ES", SMALL)
    assert found.holder is not None and found.holder.erasmus_code == "E SALAMAN02"


def test_names_match_within_the_country_ignoring_case_accents_and_small_words():
    found = identify("Universidad de Salamanca", "", "ES", SMALL)
    assert found.how == "name" and found.holder is not None and found.holder.erasmus_code == "E SALAMAN02"
    assert identify("Universidad de Salamanca", "", "IT", SMALL).how == ""


def test_a_close_spelling_matches_but_a_longer_namesake_does_not_steal_it():
    found = identify("Technische Universität München", "", "DE", SMALL)
    assert found.how == "name" and found.holder is not None and found.holder.erasmus_code == "D MUNCHEN02"
    pontificia = identify("Universidad Pontificia de Salamanca", "", "ES", SMALL)
    assert pontificia.holder is not None and pontificia.holder.erasmus_code == "E SALAMAN01"


def test_a_translated_name_is_not_matched_but_suggested():
    found = identify("University of Salamanca", "", "ES", SMALL)
    assert found.how == "" and "UNIVERSIDAD DE SALAMANCA" in found.suggestions


def test_an_unknown_code_says_so_and_falls_back_to_the_name():
    found = identify("Politecnico di Milano", "I MILANO99", "IT", SMALL)
    assert found.how == "name" and "'I MILANO99' is not in the Erasmus Charter list" in found.note


def test_the_bundled_list_knows_every_charter_holder_by_code():
    reference = load_reference()
    assert reference.size == 5912
    assert identify("", "I\u00a0 MILANO02", "", reference).holder.name == "POLITECNICO DI MILANO"  # type: ignore[union-attr]


def test_country_cells_are_read_as_codes_eu_codes_alpha3_or_names_in_five_languages():
    known = {"ES": "ESP", "GR": "GRC", "DE": "DEU", "GB": "GBR", "US": "USA"}
    cells = [
        "ES",
        "el",
        "ESP",
        "Spain",
        "Spagna",
        "Espagne",
        "Spanien",
        "España",
        "Regno Unito",
        "UK",
        "Stati Uniti",
    ]
    assert [country_code(c, known) for c in cells] == [
        "ES",
        "GR",
        "ES",
        "ES",
        "ES",
        "ES",
        "ES",
        "ES",
        "GB",
        "GB",
        "US",
    ]
    assert country_code("Narnia", known) == "" and country_code("FR", known) == ""


def test_name_keys_drop_small_words_in_several_languages():
    assert name_key("Università degli Studi di Milano") == name_key("UNIVERSITA DEGLI STUDI DI MILANO")
    assert name_key("University of the Arts") == "university arts"
