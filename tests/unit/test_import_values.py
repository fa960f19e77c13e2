"""Agreement types and dates as offices write them."""

from __future__ import annotations

import pytest

from dashboard.data.agreement_values import agreement_type, infer_date_order, read_when


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erasmus+ KA131", "exchange"),
        ("KA171 International Credit Mobility", "exchange"),
        ("Scambio", "exchange"),
        ("Mobilité", "exchange"),
        ("Movilidad", "exchange"),
        ("Double degree", "double_degree"),
        ("Doppio titolo", "double_degree"),
        ("Double diplôme", "double_degree"),
        ("Doppelabschluss", "double_degree"),
        ("Doble titulación", "double_degree"),
        ("Erasmus double degree", "double_degree"),
        ("Framework agreement", "mou"),
        ("Accordo quadro", "mou"),
        ("MoU", "mou"),
        ("Convention cadre", "mou"),
        ("Rahmenvereinbarung", "mou"),
        ("Convenio marco", "mou"),
        ("Joint degree", "joint_programme"),
        ("Erasmus Mundus", "joint_programme"),
        ("Strategic partnership", "strategic_partnership"),
        ("Accordo di ricerca", "research"),
        ("double_degree", "double_degree"),
    ],
)
def test_agreement_types_follow_the_documented_table(text, expected):
    assert agreement_type(text) == expected


@pytest.mark.parametrize("text", ["Summer school", "Visiting", "KA2", "Other", ""])
def test_unknown_types_are_not_turned_into_another_type(text):
    assert agreement_type(text) is None


def test_a_mapping_file_can_name_more_types():
    assert agreement_type("Summer school", {"summer school": "exchange"}) == "exchange"


@pytest.mark.parametrize(
    ("cells", "since", "until"),
    [
        ({"start": "15/09/2021", "end": "31/08/2027"}, "2021-09-15", "2027-08-31"),
        ({"start": "15.09.2021"}, "2021-09-15", ""),
        ({"start": "15/09/21"}, "2021-09-15", ""),
        ({"start": "2021-09-01", "end": "2027-08"}, "2021-09-01", "2027-08"),
        ({"start": "2021-09-01 00:00:00"}, "2021-09-01", ""),
        ({"start": "2020"}, "2020", ""),
        ({"start": "2022/2023", "end": "2026/2027"}, "2022-09", "2027-08"),
        ({"start": "2022/23"}, "2022-09", ""),
        ({"period": "2022/2023"}, "2022-09", "2023-08"),
        ({"period": "a.a. 2023/2024"}, "2023-09", "2024-08"),
        ({"period": "2021-2027"}, "2021", "2027"),
        ({"period": "2021/22 - 2027/28"}, "2021-09", "2028-08"),
        ({"period": "15/09/2021 - 31/08/2027"}, "2021-09-15", "2027-08-31"),
        ({"period": "2021-2027", "end": "2025"}, "2021", "2025"),
    ],
)
def test_dates_in_every_form(cells, since, until):
    when = read_when(**cells)
    assert (when.since, when.until, when.unreadable) == (since, until, ())


def test_day_month_order_is_ambiguous_only_when_both_fit():
    assert read_when(start="03/04/2022").ambiguous == ("03/04/2022",)
    assert read_when(start="03/04/2022").since == "2022-04-03"
    assert read_when(start="03/04/2022", order="MDY").since == "2022-03-04"
    assert read_when(start="13/04/2022").ambiguous == () and read_when(start="04/04/2022").ambiguous == ()


def test_a_date_that_can_only_be_month_day_is_read_so_even_in_a_day_month_file():
    assert read_when(start="12/31/2024").since == "2024-12-31"


def test_the_file_order_is_inferred_from_dates_that_only_fit_one_way():
    assert infer_date_order(["03/04/2022", "12/31/2024"]) == "MDY"
    assert infer_date_order(["03/04/2022", "31/12/2024"]) == "DMY"
    assert infer_date_order(["03/04/2022", "31/12/2024", "12/31/2024"]) == "DMY"  # mixed: the European order


def test_text_that_is_no_date_is_reported_not_guessed():
    when = read_when(start="da definire", end="31/02/2024")
    assert when.since == "" and when.until == "" and when.unreadable == ("da definire", "31/02/2024")


def test_an_academic_year_that_is_not_consecutive_is_not_read_as_one():
    assert read_when(start="2022/2025").since == "2022"
