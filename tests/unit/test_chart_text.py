"""The Insights charts' text alternatives (WCAG 1.1.1), on small known data, in English and Italian."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures.insight_charts import region_sankey
from dashboard.network.chart_text import (
    as_of_text,
    centrality_text,
    coverage_text,
    growth_text,
    overlap_text,
    sankey_countries,
    sankey_text,
)


def test_centrality_names_the_three_highest_with_their_scores_in_the_page_language():
    names, values = ["Delft", "ETH", "Aalto", "KTH"], [0.5, 0.25, 0.125, 0.1]
    english = centrality_text(names, values, lang="en")
    assert english.startswith("The 3 partners most connected") and "KTH" not in english
    assert "Delft (score 0.5), ETH (0.25) and Aalto (0.125)" in english
    italian = centrality_text(names, values, lang="it")
    assert (
        italian.startswith("I 3 partner più collegati")
        and "Delft (punteggio 0,5), ETH (0,25) e Aalto (0,125)" in italian
    )
    assert centrality_text(["Delft"], [0.5], lang="en").startswith(
        "The partner most connected to our other partners is Delft"
    )
    assert centrality_text([], [], lang="it") == "Nessun partner da classificare tra quelli mostrati."


def _square(values: list[list[int]], codes: str) -> pd.DataFrame:
    return pd.DataFrame(values, index=list(codes), columns=list(codes))


def test_overlap_says_the_largest_overlap_with_its_plural():
    names = {"a": "ALPHA", "b": "BETA", "c": "GAMMA"}
    many = _square([[9, 2, 1234], [2, 5, 0], [1234, 0, 1300]], "abc")
    assert overlap_text(many, names, lang="en") == (
        "The grid compares 3 consortia. The largest overlap is between ALPHA and GAMMA: 1,234 members in common."
    )
    assert overlap_text(many, names, lang="it").endswith("tra ALPHA e GAMMA: 1.234 membri in comune.")
    one = _square([[3, 1], [1, 2]], "ab")
    assert overlap_text(one, names, lang="en").endswith("ALPHA and BETA: 1 member in common.")
    assert overlap_text(one, names, lang="it").endswith("ALPHA e BETA: 1 membro in comune.")
    apart = _square([[3, 0], [0, 2]], "ab")
    assert overlap_text(apart, names, lang="en").endswith("No two of them have a member in common.")
    assert overlap_text(_square([[4]], "a"), names, lang="en").startswith("The grid shows 1 consortium.")


def _partners(counts: dict[tuple[str, str], int]) -> pd.DataFrame:
    rows = [(region, country) for (region, country), n in counts.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["region", "country_name"])


def test_sankey_names_its_top_countries_and_how_many_are_grouped_as_the_chart_draws_them():
    partners = _partners(
        {("Europe", "France"): 1200, ("Europe", "Spain"): 30, ("Europe", "Malta"): 1, ("Asia", "Japan"): 5}
    )
    english = sankey_text(partners, lang="en", countries=2)
    assert english.startswith("1,236 partners in 4 countries; most in Europe (1,231).")
    assert "Top countries: France (1,200) and Spain (30)." in english
    assert english.endswith("2 countries with fewer partners are grouped as “others” (6 partners).")
    italian = sankey_text(partners, lang="it", countries=3, region_name={"Europe": "Europa"}.get)
    assert italian.startswith("1.236 partner in 4 paesi; la maggior parte in Europa (1.231).")
    assert italian.endswith("1 paese con meno partner è raggruppato come “altri” (1 partner).")
    assert "altri" not in sankey_text(partners, lang="it", countries=4)
    # the chart groups exactly the countries its text says are grouped
    figure = region_sankey(partners, "Home", countries=2, other=lambda n: f"+{n}")
    assert sorted(label for label in figure.data[0].node.label if label.startswith("+")) == [
        "+1 (Asia)",
        "+1 (Europe)",
    ]
    named, grouped = sankey_countries(partners, 2)
    assert list(named["country_name"]) == ["France", "Spain"] and int(grouped["k"].sum()) == 2


def test_coverage_says_the_highest_and_lowest_share():
    rows = [
        {"country_name": "Spagna", "share_pct": 0.25, "partners": 3, "eche_holders": 1204},
        {"country_name": "Francia", "share_pct": 12.5, "partners": 10, "eche_holders": 80},
        {"country_name": "Malta", "share_pct": 50.0, "partners": 1, "eche_holders": 2},
    ]
    italian = coverage_text(rows, lang="it")
    assert italian == (
        "3 paesi Erasmus. Quota più alta: Malta, 50% (1 partner su 2 titolari ECHE); "
        "più bassa: Spagna, 0,25% (3 partner su 1.204 titolari ECHE)."
    )
    english = coverage_text(rows, lang="en", limit=2)
    assert english.startswith("3 Erasmus countries. The chart shows the 2 with the lowest shares.")
    assert coverage_text(rows[:1], lang="en") == "1 Erasmus country. Spagna, 0.25% (3 of 1,204 ECHE holders)."
    assert coverage_text([], lang="en") == "No ECHE holder counts for the shown countries."


def test_growth_goes_from_the_first_to_the_last_year():
    growth = {
        "years": [1990, 2000, 2020],
        "series": {"Europe": [2, 900, 1500], "Asia": [0, 1, 3]},
        "undated_total": 1,
    }
    english = growth_text(growth, lang="en")
    assert english == (
        "Partners with a dated relation grew from 2 in 1990 to 1,503 in 2020; most are in Europe (1,500). "
        "1 partner has no start year and is not counted."
    )
    italian = growth_text({**growth, "undated_total": 4}, lang="it", region_name={"Europe": "Europa"}.get)
    assert "da 2 nel 1990 a 1.503 nel 2020; la maggior parte in Europa (1.500)" in italian
    assert italian.endswith("4 partner non hanno anno di inizio e non sono contati.")
    empty = {"years": [2000], "series": {"Europe": [0]}, "undated_total": 0}
    assert growth_text(empty, lang="en") == "No shown partner has a dated relation."


@pytest.mark.parametrize(
    ("lang", "countries", "undated", "expected"),
    [
        ("en", ["FR"], 0, "In 2015: 1 partner in 1 country."),
        ("en", ["FR", "FR", "ES"], 1, "In 2015: 3 partners in 2 countries. 1 more partner has no start year"),
        ("it", ["FR"], 0, "Nel 2015: 1 partner in 1 paese."),
        ("it", ["FR", "ES"], 2, "Nel 2015: 2 partner in 2 paesi. Altri 2 partner non hanno anno di inizio"),
    ],
)
def test_as_of_says_how_many_partners_in_how_many_countries(lang, countries, undated, expected):
    text = as_of_text(2015, pd.DataFrame({"country": countries}), undated, lang=lang)
    assert text.startswith(expected) and "2.015" not in text and "2,015" not in text
